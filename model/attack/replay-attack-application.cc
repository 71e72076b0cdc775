/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "replay-attack-application.h"

#include "ns3/abort.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/udp-header.h"
#include "ns3/udp-l4-protocol.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ReplayAttackApplication");

NS_OBJECT_ENSURE_REGISTERED(ReplayAttackApplication);

namespace
{
const uint32_t IPV6_HEADER_BYTES = 40; //!< IPv6 header
const uint32_t UDP_HEADER_BYTES = 8;   //!< UDP header
} // namespace

TypeId
ReplayAttackApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::ReplayAttackApplication")
            .SetParent<Application>()
            .SetGroupName("Iotsec")
            .AddConstructor<ReplayAttackApplication>()
            .AddAttribute("CapturePrefix",
                          "Capture datagrams whose destination is in this prefix",
                          Ipv6AddressValue(Ipv6Address::GetAny()),
                          MakeIpv6AddressAccessor(&ReplayAttackApplication::m_capturePrefix),
                          MakeIpv6AddressChecker())
            .AddAttribute("CapturePrefixLength",
                          "Length of CapturePrefix in bits (0: every destination)",
                          UintegerValue(64),
                          MakeUintegerAccessor(&ReplayAttackApplication::m_capturePrefixLength),
                          MakeUintegerChecker<uint8_t>(0, 128))
            .AddAttribute("CapturePort",
                          "Capture datagrams to this UDP destination port (0: any port)",
                          UintegerValue(0),
                          MakeUintegerAccessor(&ReplayAttackApplication::m_capturePort),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("MaxCaptures",
                          "Capture at most this many datagrams",
                          UintegerValue(100),
                          MakeUintegerAccessor(&ReplayAttackApplication::m_maxCaptures),
                          MakeUintegerChecker<uint32_t>(1, 1000000))
            .AddAttribute("Delay",
                          "Time from a capture to its replay",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&ReplayAttackApplication::m_delay),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("Copies",
                          "How many times each captured datagram is replayed",
                          UintegerValue(1),
                          MakeUintegerAccessor(&ReplayAttackApplication::m_copies),
                          MakeUintegerChecker<uint32_t>(1, 1000))
            .AddAttribute("SpoofedSource",
                          "Source of the replays (:: : the captured datagram's own source)",
                          Ipv6AddressValue(Ipv6Address::GetAny()),
                          MakeIpv6AddressAccessor(&ReplayAttackApplication::m_spoofedSource),
                          MakeIpv6AddressChecker())
            .AddTraceSource("Captured",
                            "A datagram was captured: its UDP payload, source and destination",
                            MakeTraceSourceAccessor(&ReplayAttackApplication::m_capturedTrace),
                            "ns3::ReplayAttackApplication::DatagramTracedCallback")
            .AddTraceSource("Replayed",
                            "A datagram was replayed: its UDP payload, the source it carries "
                            "and its destination",
                            MakeTraceSourceAccessor(&ReplayAttackApplication::m_replayedTrace),
                            "ns3::ReplayAttackApplication::DatagramTracedCallback");
    return tid;
}

ReplayAttackApplication::ReplayAttackApplication()
    : m_capturePrefix(Ipv6Address::GetAny()),
      m_capturePrefixLength(64),
      m_capturePort(0),
      m_maxCaptures(100),
      m_delay(Seconds(1)),
      m_copies(1),
      m_spoofedSource(Ipv6Address::GetAny()),
      m_registered(false),
      m_captured(0),
      m_replayed(0)
{
    NS_LOG_FUNCTION(this);
}

ReplayAttackApplication::~ReplayAttackApplication()
{
    NS_LOG_FUNCTION(this);
}

void
ReplayAttackApplication::DoDispose()
{
    for (EventId& e : m_pending)
    {
        Simulator::Cancel(e);
    }
    m_pending.clear();
    m_device = nullptr;
    Application::DoDispose();
}

void
ReplayAttackApplication::SetDevice(Ptr<NetDevice> device, const Address& nextHop)
{
    NS_ABORT_MSG_UNLESS(device, "ReplayAttackApplication::SetDevice: no device");
    m_device = device;
    m_nextHop = nextHop;
}

uint32_t
ReplayAttackApplication::GetCapturedPackets() const
{
    return m_captured;
}

uint32_t
ReplayAttackApplication::GetReplayedPackets() const
{
    return m_replayed;
}

void
ReplayAttackApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_UNLESS(m_device, "ReplayAttackApplication: no tap device (SetDevice)");
    NS_ABORT_MSG_UNLESS(m_device->GetNode() == GetNode(),
                        "ReplayAttackApplication: the tap device belongs to another node");
    if (!m_registered)
    {
        GetNode()->RegisterProtocolHandler(MakeCallback(&ReplayAttackApplication::Tap, this),
                                           Ipv6L3Protocol::PROT_NUMBER,
                                           m_device,
                                           true);
        m_registered = true;
    }
}

void
ReplayAttackApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    if (m_registered)
    {
        GetNode()->UnregisterProtocolHandler(MakeCallback(&ReplayAttackApplication::Tap, this));
        m_registered = false;
    }
    for (EventId& e : m_pending)
    {
        Simulator::Cancel(e);
    }
    m_pending.clear();
}

void
ReplayAttackApplication::Tap(Ptr<NetDevice> device,
                             Ptr<const Packet> packet,
                             uint16_t protocol,
                             const Address& from,
                             const Address& to,
                             NetDevice::PacketType /* type */)
{
    if (protocol != Ipv6L3Protocol::PROT_NUMBER || from == device->GetAddress() ||
        m_captured >= m_maxCaptures || packet->GetSize() < IPV6_HEADER_BYTES + UDP_HEADER_BYTES)
    {
        return; // not IPv6, sent by this device (a replay among them), or enough captured
    }
    Ptr<Packet> p = packet->Copy();
    Ipv6Header ip;
    p->RemoveHeader(ip);
    if (ip.GetNextHeader() != UdpL4Protocol::PROT_NUMBER ||
        ip.GetPayloadLength() < UDP_HEADER_BYTES || ip.GetPayloadLength() > p->GetSize() ||
        !Ipv6Prefix(m_capturePrefixLength).IsMatch(ip.GetDestination(), m_capturePrefix))
    {
        return;
    }
    p->RemoveAtEnd(p->GetSize() - ip.GetPayloadLength()); // link-layer padding, if any
    UdpHeader udp;
    p->RemoveHeader(udp);
    if (m_capturePort != 0 && udp.GetDestinationPort() != m_capturePort)
    {
        return;
    }
    Capture c;
    c.payload = p;
    c.source = ip.GetSource();
    c.destination = ip.GetDestination();
    c.sourcePort = udp.GetSourcePort();
    c.destinationPort = udp.GetDestinationPort();
    c.hopLimit = ip.GetHopLimit();
    c.linkDestination = to;
    ++m_captured;
    NS_LOG_INFO("captured " << p->GetSize() << " bytes " << c.source << "." << c.sourcePort
                            << " -> " << c.destination << "." << c.destinationPort);
    m_capturedTrace(p, c.source, c.destination);
    m_pending.push_back(Simulator::Schedule(m_delay, &ReplayAttackApplication::Replay, this, c));
}

void
ReplayAttackApplication::Replay(const Capture& capture)
{
    Address nextHop = m_nextHop.IsInvalid() ? capture.linkDestination : m_nextHop;
    RawIpv6Injector injector(m_device, nextHop);
    Ipv6Address source = m_spoofedSource.IsAny() ? capture.source : m_spoofedSource;
    for (uint32_t i = 0; i < m_copies; ++i)
    {
        if (injector.SendUdp(capture.payload,
                             source,
                             capture.sourcePort,
                             capture.destination,
                             capture.destinationPort,
                             capture.hopLimit) > 0)
        {
            ++m_replayed;
            m_replayedTrace(capture.payload, source, capture.destination);
        }
    }
}

} // namespace ns3
