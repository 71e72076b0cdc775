/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_UDP_ATTACK_APPLICATION_H
#define IOTSEC_UDP_ATTACK_APPLICATION_H

#include "raw-ipv6-injector.h"

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/ipv6-address.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief The common part of the attackers that send UDP datagrams at a rate
 * (FloodAttackApplication, AmplificationAttackApplication): pacing, targets, the way out,
 * counters and the Tx trace. Subclasses say what a datagram carries and where it claims to
 * come from.
 *
 * Pacing: the first datagram leaves when the application starts, the next ones 1/Rate apart
 * (Poisson = false) or after exponential gaps of mean 1/Rate (Poisson = true), until the
 * application stops or MaxPackets datagrams were sent. The datagrams go to the targets in
 * round robin (SetTargets()), to DestinationPort.
 *
 * The way out: after SetDevice(), each datagram is built as an IPv6 packet and handed to that
 * device (RawIpv6Injector), below the node's IPv6 stack, with whatever source the subclass
 * chooses (spoofing). Without SetDevice(), datagrams go through an ordinary UDP socket of the
 * node and leave from the node's own address, as its routing table decides; a subclass that
 * needs a spoofed source refuses to start then.
 *
 * An attacker is not a protocol engine and holds no keys: it never reads what comes back.
 */
class UdpAttackApplication : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    UdpAttackApplication();
    ~UdpAttackApplication() override;

    /**
     * \brief The addresses attacked, in round robin. Call before the application starts.
     * \param targets the IPv6 destinations (at least one)
     */
    void SetTargets(const std::vector<Ipv6Address>& targets);

    /// \return the targets
    const std::vector<Ipv6Address>& GetTargets() const;

    /**
     * \brief Send through a device of the node, below its IPv6 stack (RawIpv6Injector).
     * Call before the application starts.
     * \param device a device of the node the application is installed on
     * \param nextHop the link-layer address of the next hop on that device's link
     * (RawIpv6Injector::NextHopOnLink())
     */
    void SetDevice(Ptr<NetDevice> device, const Address& nextHop);

    /// \return the injector (nullptr without SetDevice(): the application uses a socket)
    Ptr<const RawIpv6Injector> GetInjector() const;

    /// \return datagrams sent (accepted by the device or the socket)
    uint64_t GetSentPackets() const;

    /// \return UDP payload bytes sent
    uint64_t GetSentBytes() const;

    /// \return IPv6 bytes sent: IPv6 header (40, no extension header), UDP header (8), payload
    uint64_t GetSentIpv6Bytes() const;

    /// \return datagrams the device or the socket refused (a full queue, no route)
    uint64_t GetRefusedPackets() const;

    /**
     * \brief Fix the random streams (the gaps, and the subclass's random choices).
     * \param stream first stream index
     * \return streams used (2)
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * TracedCallback signature of a datagram sent.
     * \param payload the UDP payload
     * \param source the IPv6 source it carries
     * \param target the IPv6 destination
     */
    typedef void (*TxTracedCallback)(Ptr<const Packet> payload,
                                     Ipv6Address source,
                                     Ipv6Address target);

  protected:
    void DoDispose() override;

    /**
     * \brief Check the configuration when the application starts (NS_ABORT_MSG on a
     * configuration that cannot work). The base checks the targets and the rate.
     */
    virtual void CheckConfiguration();

    /**
     * \brief Called when the application starts, after CheckConfiguration(), before the first
     * datagram: draw per-run state from GetRandom().
     */
    virtual void Prepare();

    /**
     * \param target the destination of the next datagram
     * \return its UDP payload
     */
    virtual Ptr<Packet> MakePayload(Ipv6Address target) = 0;

    /**
     * \brief The source of the next datagram sent through the device (not called when the
     * application uses a socket).
     * \return the IPv6 source
     */
    virtual Ipv6Address ChooseSource() = 0;

    /// \return the UDP source port (0: the ephemeral port drawn when the application starts)
    virtual uint16_t GetSourcePort() const = 0;

    /// \return the random stream shared by the subclass's choices (integers, bytes)
    Ptr<UniformRandomVariable> GetRandom() const;

    /// \return the address the node's own datagrams carry on the device (:: without a device)
    Ipv6Address GetOwnAddress() const;

    /// \return the ephemeral source port drawn at start (49152..65535)
    uint16_t GetEphemeralPort() const;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// Send one datagram and schedule the next
    void SendOne();

    /// \param target a destination \return the source the node's stack would choose (or ::)
    Ipv6Address SocketSource(Ipv6Address target) const;

    double m_rate;                        //!< Rate attribute (datagrams per second)
    bool m_poisson;                       //!< Poisson attribute
    uint32_t m_maxPackets;                //!< MaxPackets attribute (0: no limit)
    uint16_t m_destinationPort;           //!< DestinationPort attribute
    std::vector<Ipv6Address> m_targets;   //!< targets
    std::size_t m_nextTarget;             //!< round-robin index
    Ptr<RawIpv6Injector> m_injector;      //!< the way out below IPv6 (or nullptr)
    Ptr<Socket> m_socket;                 //!< the way out through the stack (or nullptr)
    Ptr<ExponentialRandomVariable> m_gap; //!< Poisson gaps
    Ptr<UniformRandomVariable> m_random;  //!< the subclass's choices
    uint16_t m_ephemeralPort;             //!< drawn at start
    EventId m_event;                      //!< next datagram
    uint64_t m_sent;                      //!< datagrams sent
    uint64_t m_sentBytes;                 //!< UDP payload bytes sent
    uint64_t m_sentIpv6Bytes;             //!< IPv6 bytes sent
    uint64_t m_refused;                   //!< datagrams refused
    TracedCallback<Ptr<const Packet>, Ipv6Address, Ipv6Address> m_txTrace; //!< Tx
};

} // namespace ns3

#endif /* IOTSEC_UDP_ATTACK_APPLICATION_H */
