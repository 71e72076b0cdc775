/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "raw-ipv6-injector.h"

#include "ns3/abort.h"
#include "ns3/channel.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/udp-header.h"
#include "ns3/udp-l4-protocol.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RawIpv6Injector");

namespace
{
const uint32_t UDP_HEADER_BYTES = 8;        //!< UDP header
const uint32_t MAX_UDP_PAYLOAD = 65535 - 8; //!< largest UDP payload (16-bit length)
} // namespace

RawIpv6Injector::RawIpv6Injector(Ptr<NetDevice> device, const Address& nextHop)
    : m_device(device),
      m_nextHop(nextHop)
{
    NS_ABORT_MSG_UNLESS(device, "RawIpv6Injector: no device");
    NS_ABORT_MSG_IF(nextHop.IsInvalid(),
                    "RawIpv6Injector: no next hop for device "
                        << device->GetIfIndex() << " of node "
                        << (device->GetNode() ? device->GetNode()->GetId() : 0)
                        << " (see RawIpv6Injector::NextHopOnLink)");
}

Address
RawIpv6Injector::NextHopOnLink(Ptr<NetDevice> device, Ptr<Node> neighbour)
{
    if (!device || !neighbour || !device->GetChannel())
    {
        return Address();
    }
    Ptr<Channel> channel = device->GetChannel();
    for (uint32_t i = 0; i < neighbour->GetNDevices(); ++i)
    {
        Ptr<NetDevice> d = neighbour->GetDevice(i);
        if (d != device && d->GetChannel() == channel)
        {
            return d->GetAddress();
        }
    }
    return Address();
}

Ipv6Address
RawIpv6Injector::OwnAddress(Ptr<NetDevice> device)
{
    Ptr<Ipv6> ipv6 = device && device->GetNode() ? device->GetNode()->GetObject<Ipv6>() : nullptr;
    if (!ipv6)
    {
        return Ipv6Address::GetAny();
    }
    int32_t interface = ipv6->GetInterfaceForDevice(device);
    if (interface < 0)
    {
        return Ipv6Address::GetAny();
    }
    Ipv6Address fallback = Ipv6Address::GetAny();
    for (uint32_t i = 0; i < ipv6->GetNAddresses(interface); ++i)
    {
        Ipv6InterfaceAddress a = ipv6->GetAddress(interface, i);
        if (a.GetScope() == Ipv6InterfaceAddress::GLOBAL)
        {
            return a.GetAddress();
        }
        if (fallback.IsAny() && !a.GetAddress().IsLinkLocal())
        {
            fallback = a.GetAddress();
        }
    }
    return fallback;
}

Ptr<Packet>
RawIpv6Injector::BuildUdp(Ptr<const Packet> payload,
                          Ipv6Address source,
                          uint16_t sourcePort,
                          Ipv6Address destination,
                          uint16_t destinationPort,
                          uint8_t hopLimit)
{
    if (!payload || payload->GetSize() > MAX_UDP_PAYLOAD)
    {
        return nullptr;
    }
    Ptr<Packet> p = payload->Copy();
    UdpHeader udp;
    udp.SetSourcePort(sourcePort);
    udp.SetDestinationPort(destinationPort);
    if (Node::ChecksumEnabled())
    {
        udp.EnableChecksums();
        udp.InitializeChecksum(source, destination, UdpL4Protocol::PROT_NUMBER);
    }
    p->AddHeader(udp);
    Ipv6Header ip;
    ip.SetSource(source);
    ip.SetDestination(destination);
    ip.SetNextHeader(UdpL4Protocol::PROT_NUMBER);
    ip.SetHopLimit(hopLimit);
    ip.SetPayloadLength(static_cast<uint16_t>(payload->GetSize() + UDP_HEADER_BYTES));
    p->AddHeader(ip);
    return p;
}

uint32_t
RawIpv6Injector::SendUdp(Ptr<const Packet> payload,
                         Ipv6Address source,
                         uint16_t sourcePort,
                         Ipv6Address destination,
                         uint16_t destinationPort,
                         uint8_t hopLimit) const
{
    Ptr<Packet> p = BuildUdp(payload, source, sourcePort, destination, destinationPort, hopLimit);
    if (!p)
    {
        NS_LOG_WARN("payload too large for UDP: not sent");
        return 0;
    }
    uint32_t size = p->GetSize();
    if (!m_device->Send(p, m_nextHop, Ipv6L3Protocol::PROT_NUMBER))
    {
        NS_LOG_INFO("device refused a datagram " << source << " -> " << destination);
        return 0;
    }
    NS_LOG_INFO("sent " << size << " bytes " << source << "." << sourcePort << " -> " << destination
                        << "." << destinationPort);
    return size;
}

Ptr<NetDevice>
RawIpv6Injector::GetDevice() const
{
    return m_device;
}

Address
RawIpv6Injector::GetNextHop() const
{
    return m_nextHop;
}

} // namespace ns3
