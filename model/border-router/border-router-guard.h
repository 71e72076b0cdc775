/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_BORDER_ROUTER_GUARD_H
#define IOTSEC_BORDER_ROUTER_GUARD_H

#include "border-router-filter.h"

#include "ns3/ipv6-header.h"
#include "ns3/net-device.h"
#include "ns3/object.h"
#include "ns3/packet.h"
#include "ns3/queue-disc-container.h"
#include "ns3/queue-disc.h"
#include "ns3/traced-callback.h"

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <unordered_map>
#include <vector>

namespace ns3
{

class Node;
class Ipv6;
class SixLowPanNetDevice;
class DtlsServerApplication;
struct DtlsHandshakeStats;

/**
 * \ingroup iotsec
 * \brief The attack filter of a 6LoWPAN border router bound to its forwarding path: the
 * ns-3 binding of the sans-I/O BorderRouterFilter (Brachmann et al., ICCCN 2012, section IV).
 *
 * **Where it sits.** Install() puts a BorderRouterGuardQueueDisc at the root of the
 * router's traffic control on each of its devices: on the LLN device (the 6LoWPAN device)
 * it sees every packet the router sends into the LLN, which it hands to the filter as
 * *inbound*; on every other device (the backbone, the Internet side) it sees every packet
 * the router sends out of the LLN, which it hands to the filter as *outbound* (answers). A
 * packet the filter drops never reaches the device: it costs the LLN nothing. Queue discs
 * are ns-3's hook on the egress of a forwarding path (IPv6 has no netfilter in ns-3); a
 * wrapper device would have had to re-implement SixLowPanNetDevice's API, and the routing
 * hook cannot drop. Drops are QueueDisc drops (`DropBeforeEnqueue`, with the verdict's name
 * as the reason) as well as this object's `Drop` trace, so ns-3's queue-disc statistics and
 * FlowMonitor see them.
 *
 * **What it inspects.** Packets the router forwards. Packets the router originates (their
 * source is one of its addresses), link-local and multicast packets, and ICMPv6 neighbour
 * discovery and RPL messages pass untouched. A UDP packet is handed to the filter with its
 * ports and payload; any other packet (ICMPv6 echo, TCP) with ports 0 and no payload, so
 * that it spends tokens but has no replay key.
 *
 * **Fragments.** The filter caps the 6LoWPAN fragments of an answer. When the LLN device is
 * a SixLowPanNetDevice, the guard counts the FRAG1 and FRAGN headers of the frames it
 * receives (its `Rx` trace), per datagram size and tag. ns-3 reassembles and forwards a
 * datagram in the event that received its last fragment, so an answer forwarded in that
 * event took the fragments counted for its tag; any other answer took one frame. At most
 * 64 datagrams are tracked at once (a partial datagram beyond that is forgotten).
 *
 * **Configuration.** The attributes are the filter's configuration (BorderRouterFilterConfig)
 * and are read by Install(); a configuration that BorderRouterFilterConfig::Validate refuses
 * stops the simulation there with its reason. With `Enforce` false the guard only counts
 * and traces what it would drop (a baseline run with the same state as a filtered one).
 *
 * \code
 * Ptr<BorderRouterGuard> guard = CreateObject<BorderRouterGuard>();
 * guard->SetAttribute("RequireAuthenticated", BooleanValue(true));
 * guard->Install(llnDevice);        // the 6LBR's 6LoWPAN device
 * guard->AddAuthenticated(backEnd); // its PSK-authenticated back-end
 * \endcode
 */
class BorderRouterGuard : public Object
{
  public:
    /// Which way a packet crosses the router
    enum Direction
    {
        INBOUND, //!< into the LLN (from the Internet)
        OUTBOUND //!< out of the LLN (an answer)
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    BorderRouterGuard();
    ~BorderRouterGuard() override;

    /**
     * TracedCallback signature of the Drop and Pass traces.
     * \param packet the packet, from its IPv6 payload on (the UDP header included)
     * \param header its IPv6 header
     * \param direction which way it crossed
     * \param verdict the filter's verdict (PASS for Pass)
     */
    typedef void (*VerdictTracedCallback)(Ptr<const Packet> packet,
                                          const Ipv6Header& header,
                                          Direction direction,
                                          BorderRouterFilterVerdict verdict);

    /**
     * \brief Build the filter from the attributes and bind it to a router: a
     * BorderRouterGuardQueueDisc on the LLN device (inbound) and on each of the node's other
     * devices that has an IPv6 interface (outbound), replacing their root queue discs. The
     * guard is aggregated to the node. Call it once, before the simulation starts.
     * \param llnDevice the router's LLN device (its 6LoWPAN device)
     * \return the queue discs, the LLN device's first
     */
    QueueDiscContainer Install(Ptr<NetDevice> llnDevice);

    /**
     * \brief Declare an authenticated back-end (BorderRouterFilter::AddAuthenticated): in
     * the paper the 6LBR and the back-end authenticate each other with a PSK session, and the
     * scenario tells the guard who passed. Before Install() it is remembered.
     * \param address the back-end's address
     * \return false if the table is full (MaxAuthenticated)
     */
    bool AddAuthenticated(Ipv6Address address);

    /**
     * \param address a back-end's address
     * \return false if it was not authenticated
     */
    bool RemoveAuthenticated(Ipv6Address address);

    /**
     * \brief Admit the back-ends that complete a PSK handshake with a DTLS server of the
     * router (the paper's network-layer trust: only a host that holds a key the 6LBR knows
     * gets in): each HandshakeCompleted of the application adds the peer's address
     * (AddAuthenticated; a full table is logged and the peer stays out). The server's PSK
     * store says who may authenticate; its keys are not the end-to-end keys. A closed
     * association does not withdraw the address (RemoveAuthenticated does).
     * \param server a DtlsServerApplication on the router
     */
    void AuthenticateThrough(Ptr<DtlsServerApplication> server);

    /// \return back-ends admitted through AuthenticateThrough()
    uint32_t GetHandshakeAdmissions() const;

    /**
     * \brief The decision about one packet (called by the queue discs; a test may call it).
     * \param packet the packet from its IPv6 payload on
     * \param header its IPv6 header
     * \param direction which way it crosses
     * \return PASS, or why the filter drops it (also when Enforce is false)
     */
    BorderRouterFilterVerdict Inspect(Ptr<const Packet> packet,
                                      const Ipv6Header& header,
                                      Direction direction);

    /// \return true if Install() was called
    bool IsInstalled() const;

    /// \return the filter (aborts before Install())
    const BorderRouterFilter& GetFilter() const;

    /// \return true if drops are enforced (the Enforce attribute)
    bool IsEnforcing() const;

    /**
     * \param verdict a drop verdict
     * \return packets the filter dropped (or would have, without Enforce) with it
     */
    uint64_t GetDrops(BorderRouterFilterVerdict verdict) const;

    /// \return packets dropped (or that would have been), every verdict together
    uint64_t GetDrops() const;

    /**
     * \param direction a direction
     * \return packets handed to the filter that way
     */
    uint64_t GetInspected(Direction direction) const;

    /**
     * \param direction a direction
     * \return packets that passed the router without inspection that way (its own, link-local,
     * multicast, neighbour discovery, RPL)
     */
    uint64_t GetExempt(Direction direction) const;

    /// \return answers whose fragments were counted from the LLN device (more than one frame)
    uint64_t GetFragmentedAnswers() const;

    /**
     * \param direction a direction
     * \return its name, "inbound" or "outbound"
     */
    static std::string DirectionName(Direction direction);

  protected:
    void DoDispose() override;

  private:
    /// \return the configuration the attributes describe
    BorderRouterFilterConfig MakeConfig() const;

    /**
     * \param header an IPv6 header
     * \param packet its payload
     * \return true if the packet passes without inspection
     */
    bool IsExempt(const Ipv6Header& header, Ptr<const Packet> packet) const;

    /**
     * \brief The LLN device's Rx trace: count the fragment headers.
     * \param packet a frame's 6LoWPAN packet
     * \param device the device
     * \param ifIndex its interface index
     */
    void LlnFrameReceived(Ptr<const Packet> packet,
                          Ptr<SixLowPanNetDevice> device,
                          uint32_t ifIndex);

    /// \return the frames the answer being forwarded now took
    uint32_t TakeFragments();

    /**
     * \brief A back-end completed its PSK handshake with the router's DTLS server.
     * \param peer its address and port
     * \param stats the handshake's statistics
     */
    void BackEndAuthenticated(const Address& peer, const DtlsHandshakeStats& stats);

    // Attributes (the filter's configuration)
    bool m_enforce;                //!< drop, or only count
    bool m_requireAuthenticated;   //!< BorderRouterFilterConfig::requireAuthenticated
    double m_sourceRate;           //!< BorderRouterFilterConfig::sourceRate
    uint32_t m_sourceBurst;        //!< BorderRouterFilterConfig::sourceBurst
    double m_destinationRate;      //!< BorderRouterFilterConfig::destinationRate
    uint32_t m_destinationBurst;   //!< BorderRouterFilterConfig::destinationBurst
    uint32_t m_maxSources;         //!< BorderRouterFilterConfig::maxSources
    uint32_t m_maxDestinations;    //!< BorderRouterFilterConfig::maxDestinations
    uint32_t m_replayEntries;      //!< BorderRouterFilterConfig::replayEntries
    double m_amplificationFactor;  //!< BorderRouterFilterConfig::amplificationFactor
    uint32_t m_maxAnswerFragments; //!< BorderRouterFilterConfig::maxAnswerFragments
    uint32_t m_maxRequesters;      //!< BorderRouterFilterConfig::maxRequesters
    uint32_t m_maxAuthenticated;   //!< BorderRouterFilterConfig::maxAuthenticated
    uint32_t m_stateCapBytes;      //!< BorderRouterFilterConfig::stateCapBytes

    std::unique_ptr<BorderRouterFilter> m_filter;    //!< built by Install()
    Ptr<Node> m_node;                                //!< the router
    Ptr<Ipv6> m_ipv6;                                //!< its IPv6 stack
    std::vector<Ipv6Address> m_pendingAuthenticated; //!< added before Install()
    std::vector<uint8_t> m_payload;                  //!< scratch: a UDP payload
    std::array<uint64_t, 2> m_inspected{};           //!< per direction
    std::array<uint64_t, 2> m_exempt{};              //!< per direction

    // Fragment counting (LlnFrameReceived)
    std::unordered_map<uint32_t, uint32_t> m_fragments; //!< frames per (size << 16 | tag)
    std::deque<uint32_t> m_fragmentOrder;               //!< the keys, oldest first
    uint64_t m_lastFrameEvent{UINT64_MAX};              //!< event of the last frame received
    uint32_t m_lastFrameKey{0};                         //!< its key, if a fragment
    bool m_lastFrameFragment{false};                    //!< whether it was a fragment
    uint64_t m_fragmentedAnswers{0};                    //!< GetFragmentedAnswers()
    uint32_t m_handshakeAdmissions{0};                  //!< GetHandshakeAdmissions()

    /// Drop trace
    TracedCallback<Ptr<const Packet>, const Ipv6Header&, Direction, BorderRouterFilterVerdict>
        m_dropTrace;
    /// Pass trace
    TracedCallback<Ptr<const Packet>, const Ipv6Header&, Direction, BorderRouterFilterVerdict>
        m_passTrace;
};

/**
 * \ingroup iotsec
 * \brief The FIFO queue disc through which a BorderRouterGuard sees a router's egress: it
 * asks the guard about every packet and drops what the guard refuses (when it enforces),
 * with the verdict's name as the drop reason. IPv6 only; installed by
 * BorderRouterGuard::Install().
 */
class BorderRouterGuardQueueDisc : public QueueDisc
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    BorderRouterGuardQueueDisc();
    ~BorderRouterGuardQueueDisc() override;

    /**
     * \param guard the guard that decides
     * \param direction which way the packets it queues cross the router
     */
    void SetGuard(Ptr<BorderRouterGuard> guard, BorderRouterGuard::Direction direction);

    /// \return the direction of the packets it queues
    BorderRouterGuard::Direction GetDirection() const;

  protected:
    void DoDispose() override;

  private:
    bool DoEnqueue(Ptr<QueueDiscItem> item) override;
    Ptr<QueueDiscItem> DoDequeue() override;
    Ptr<const QueueDiscItem> DoPeek() override;
    bool CheckConfig() override;
    void InitializeParams() override;

    Ptr<BorderRouterGuard> m_guard;           //!< who decides
    BorderRouterGuard::Direction m_direction; //!< the packets' direction
};

} // namespace ns3

#endif /* IOTSEC_BORDER_ROUTER_GUARD_H */
