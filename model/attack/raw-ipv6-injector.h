/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_RAW_IPV6_INJECTOR_H
#define IOTSEC_RAW_IPV6_INJECTOR_H

#include "ns3/address.h"
#include "ns3/ipv6-address.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"
#include "ns3/simple-ref-count.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief Sends UDP datagrams with any IPv6 source address (spoofing) out of one NetDevice,
 * below the node's IPv6 stack: what an attacker's raw socket does.
 *
 * SendUdp() builds the UDP header (with a checksum over the spoofed source when
 * Node::ChecksumEnabled()) and the IPv6 header (hop limit 64 unless told otherwise, next
 * header 17, no extension headers), and hands the packet to NetDevice::Send() with the
 * link-layer address of the next hop and the IPv6 EtherType. The node's IPv6 stack, its
 * routing table, its traffic-control layer and neighbour discovery are bypassed: the next hop
 * is given, not resolved, so the attacker needs no address of its own.
 *
 * The device may be a CsmaNetDevice, a PointToPointNetDevice (the next hop is then ignored)
 * or a SixLowPanNetDevice, whose Send() compresses the IPv6 packet (RFC 6282) as it does for
 * the node's own stack: the iotsec-attack-applications suite checks that a spoofed datagram
 * sent through 6LoWPAN over CSMA arrives, with its spoofed source, at the receiver's socket.
 *
 * The injector holds no state but the device and the next hop; it is not an Object and has no
 * attributes or traces (the applications that use it have them).
 */
class RawIpv6Injector : public SimpleRefCount<RawIpv6Injector>
{
  public:
    /// Hop limit of the datagrams sent (the default of ns-3's and most hosts' stacks)
    static constexpr uint8_t DEFAULT_HOP_LIMIT = 64;

    /**
     * \param device the device the datagrams leave by
     * \param nextHop the link-layer address of the next hop on the device's link (see
     * NextHopOnLink())
     */
    RawIpv6Injector(Ptr<NetDevice> device, const Address& nextHop);

    /**
     * \brief The link-layer address of a neighbour on a device's link: the address of the
     * neighbour's device attached to the same channel.
     * \param device a device (with a channel)
     * \param neighbour a node with a device on the same channel
     * \return that device's address; an invalid Address if the device has no channel or the
     * neighbour has no device on it
     */
    static Address NextHopOnLink(Ptr<NetDevice> device, Ptr<Node> neighbour);

    /**
     * \brief The address a device's node uses on the device's link, as a source.
     * \param device a device of a node with an IPv6 stack
     * \return the first global unicast address of the IPv6 interface on the device (or, if it
     * has none, the first address that is not link-local); the any address (::) if the node
     * has no IPv6 stack or no interface on the device
     */
    static Ipv6Address OwnAddress(Ptr<NetDevice> device);

    /**
     * \brief Build the IPv6 packet of a UDP datagram (IPv6 header, UDP header, payload).
     * \param payload the UDP payload (not modified)
     * \param source the IPv6 source (any address: it is spoofed at will)
     * \param sourcePort the UDP source port
     * \param destination the IPv6 destination
     * \param destinationPort the UDP destination port
     * \param hopLimit the IPv6 hop limit
     * \return the packet; nullptr if the payload does not fit in a UDP datagram
     */
    static Ptr<Packet> BuildUdp(Ptr<const Packet> payload,
                                Ipv6Address source,
                                uint16_t sourcePort,
                                Ipv6Address destination,
                                uint16_t destinationPort,
                                uint8_t hopLimit = DEFAULT_HOP_LIMIT);

    /**
     * \brief Send a UDP datagram out of the device (BuildUdp(), then NetDevice::Send()).
     * \param payload the UDP payload (not modified)
     * \param source the IPv6 source
     * \param sourcePort the UDP source port
     * \param destination the IPv6 destination
     * \param destinationPort the UDP destination port
     * \param hopLimit the IPv6 hop limit
     * \return the IPv6 packet's size in bytes (IPv6 header, UDP header and payload) if the
     * device accepted it; 0 if the device refused it (its queue is full) or the payload is
     * too large for UDP
     */
    uint32_t SendUdp(Ptr<const Packet> payload,
                     Ipv6Address source,
                     uint16_t sourcePort,
                     Ipv6Address destination,
                     uint16_t destinationPort,
                     uint8_t hopLimit = DEFAULT_HOP_LIMIT) const;

    /// \return the device
    Ptr<NetDevice> GetDevice() const;

    /// \return the next hop's link-layer address
    Address GetNextHop() const;

  private:
    Ptr<NetDevice> m_device; //!< the device the datagrams leave by
    Address m_nextHop;       //!< link-layer address of the next hop
};

} // namespace ns3

#endif /* IOTSEC_RAW_IPV6_INJECTOR_H */
