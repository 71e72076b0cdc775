/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_REPLAY_ATTACK_APPLICATION_H
#define IOTSEC_REPLAY_ATTACK_APPLICATION_H

#include "raw-ipv6-injector.h"

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/ipv6-address.h"
#include "ns3/net-device.h"
#include "ns3/nstime.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief A replaying attacker on the Internet side of a border router (Brachmann et al.,
 * ICCCN 2012, section IV): a tap on a shared link that records datagrams on their way into
 * the 6LoWPAN network and sends them again later, byte for byte.
 *
 * SetDevice() names the tap: a device of the attacker's node on the link the victim's traffic
 * crosses (a CsmaNetDevice on the LAN in front of the border router). When the application
 * starts, it registers a promiscuous IPv6 protocol handler on that device
 * (Node::RegisterProtocolHandler) and captures every IPv6 packet carrying UDP directly (no
 * extension header) whose destination is in CapturePrefix/CapturePrefixLength and whose
 * destination port is CapturePort (0: any port), up to MaxCaptures datagrams. Frames the tap's
 * own device sent (its replays among them) are never captured.
 *
 * Each captured datagram is sent again Delay after its capture, Copies times (back to back,
 * in the device's queue), out of the same device (RawIpv6Injector): the same UDP payload,
 * ports and hop limit, from the original source address (or from SpoofedSource when it is
 * set), to the original destination; the UDP checksum is recomputed as the original sender's
 * stack computed it (Node::ChecksumEnabled()), so that a replay with the original source is
 * byte-identical to the original. The replays go to the link-layer next hop given to
 * SetDevice() or, without one, to the captured frame's link-layer destination.
 *
 * Limitations: a sniffer inside the building (an 802.15.4 device in promiscuous mode, which
 * would see the datagrams after the border router's filter, 6LoWPAN-compressed and
 * fragmented) is not built yet; the tap only reads devices that deliver promiscuous frames
 * (CSMA does; point-to-point links need the tap on one of their ends).
 */
class ReplayAttackApplication : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    ReplayAttackApplication();
    ~ReplayAttackApplication() override;

    /**
     * \brief The tap, and the way the replays go out. Call before the application starts.
     * \param device a device of the node the application is installed on
     * \param nextHop the link-layer address the replays are sent to (an invalid Address: the
     * link-layer destination of each captured frame)
     */
    void SetDevice(Ptr<NetDevice> device, const Address& nextHop = Address());

    /// \return datagrams captured
    uint32_t GetCapturedPackets() const;

    /// \return datagrams replayed (each copy counts), accepted by the device
    uint32_t GetReplayedPackets() const;

    /**
     * TracedCallback signature of a datagram captured or replayed.
     * \param payload the UDP payload
     * \param source the IPv6 source (of the capture; the one used by the replay)
     * \param destination the IPv6 destination
     */
    typedef void (*DatagramTracedCallback)(Ptr<const Packet> payload,
                                           Ipv6Address source,
                                           Ipv6Address destination);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// A captured datagram
    struct Capture
    {
        Ptr<const Packet> payload; //!< UDP payload
        Ipv6Address source;        //!< IPv6 source
        Ipv6Address destination;   //!< IPv6 destination
        uint16_t sourcePort;       //!< UDP source port
        uint16_t destinationPort;  //!< UDP destination port
        uint8_t hopLimit;          //!< IPv6 hop limit
        Address linkDestination;   //!< link-layer destination of the frame
    };

    /**
     * \brief The promiscuous protocol handler.
     * \param device the device
     * \param packet the IPv6 packet
     * \param protocol the EtherType
     * \param from the link-layer source
     * \param to the link-layer destination
     * \param type the packet type (every type is tapped)
     */
    void Tap(Ptr<NetDevice> device,
             Ptr<const Packet> packet,
             uint16_t protocol,
             const Address& from,
             const Address& to,
             NetDevice::PacketType type);

    /// \param capture a captured datagram: send it Copies times
    void Replay(const Capture& capture);

    Ptr<NetDevice> m_device;        //!< the tap
    Address m_nextHop;              //!< where replays go (invalid: the captured frame's)
    Ipv6Address m_capturePrefix;    //!< CapturePrefix attribute
    uint8_t m_capturePrefixLength;  //!< CapturePrefixLength attribute
    uint16_t m_capturePort;         //!< CapturePort attribute
    uint32_t m_maxCaptures;         //!< MaxCaptures attribute
    Time m_delay;                   //!< Delay attribute
    uint32_t m_copies;              //!< Copies attribute
    Ipv6Address m_spoofedSource;    //!< SpoofedSource attribute (:: : the original)
    bool m_registered;              //!< the handler is registered
    uint32_t m_captured;            //!< datagrams captured
    uint32_t m_replayed;            //!< datagrams replayed
    std::vector<EventId> m_pending; //!< scheduled replays (at most MaxCaptures)
    TracedCallback<Ptr<const Packet>, Ipv6Address, Ipv6Address> m_capturedTrace; //!< Captured
    TracedCallback<Ptr<const Packet>, Ipv6Address, Ipv6Address> m_replayedTrace; //!< Replayed
};

} // namespace ns3

#endif /* IOTSEC_REPLAY_ATTACK_APPLICATION_H */
