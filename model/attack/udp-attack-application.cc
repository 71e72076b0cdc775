/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "udp-attack-application.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-route.h"
#include "ns3/ipv6-routing-protocol.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("UdpAttackApplication");

NS_OBJECT_ENSURE_REGISTERED(UdpAttackApplication);

namespace
{
const uint32_t IPV6_UDP_HEADERS = 40 + 8; //!< IPv6 and UDP headers
} // namespace

TypeId
UdpAttackApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::UdpAttackApplication")
            .SetParent<Application>()
            .SetGroupName("Iotsec")
            .AddAttribute("Rate",
                          "Datagrams per second (the mean rate when Poisson is true)",
                          DoubleValue(10.0),
                          MakeDoubleAccessor(&UdpAttackApplication::m_rate),
                          MakeDoubleChecker<double>(1e-6, 1e9))
            .AddAttribute("Poisson",
                          "Exponential gaps of mean 1/Rate between datagrams (false: 1/Rate "
                          "exactly)",
                          BooleanValue(false),
                          MakeBooleanAccessor(&UdpAttackApplication::m_poisson),
                          MakeBooleanChecker())
            .AddAttribute("MaxPackets",
                          "Stop after this many datagrams, sent or refused (0: no limit)",
                          UintegerValue(0),
                          MakeUintegerAccessor(&UdpAttackApplication::m_maxPackets),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("DestinationPort",
                          "UDP destination port of the datagrams (5683: CoAP; set 5684 to hit "
                          "a CoAP-over-DTLS server)",
                          UintegerValue(5683),
                          MakeUintegerAccessor(&UdpAttackApplication::m_destinationPort),
                          MakeUintegerChecker<uint16_t>())
            .AddTraceSource("Tx",
                            "A datagram was sent: its UDP payload, the source it carries and "
                            "its destination",
                            MakeTraceSourceAccessor(&UdpAttackApplication::m_txTrace),
                            "ns3::UdpAttackApplication::TxTracedCallback");
    return tid;
}

UdpAttackApplication::UdpAttackApplication()
    : m_rate(10.0),
      m_poisson(false),
      m_maxPackets(0),
      m_destinationPort(5683),
      m_nextTarget(0),
      m_ephemeralPort(49152),
      m_sent(0),
      m_sentBytes(0),
      m_sentIpv6Bytes(0),
      m_refused(0)
{
    NS_LOG_FUNCTION(this);
    m_gap = CreateObject<ExponentialRandomVariable>();
    m_random = CreateObject<UniformRandomVariable>();
}

UdpAttackApplication::~UdpAttackApplication()
{
    NS_LOG_FUNCTION(this);
}

void
UdpAttackApplication::DoDispose()
{
    Simulator::Cancel(m_event);
    if (m_socket)
    {
        m_socket->Close();
        m_socket = nullptr;
    }
    m_injector = nullptr;
    Application::DoDispose();
}

void
UdpAttackApplication::SetTargets(const std::vector<Ipv6Address>& targets)
{
    m_targets = targets;
    m_nextTarget = 0;
}

const std::vector<Ipv6Address>&
UdpAttackApplication::GetTargets() const
{
    return m_targets;
}

void
UdpAttackApplication::SetDevice(Ptr<NetDevice> device, const Address& nextHop)
{
    NS_ABORT_MSG_UNLESS(device, GetInstanceTypeId().GetName() << "::SetDevice: no device");
    m_injector = Create<RawIpv6Injector>(device, nextHop);
}

Ptr<const RawIpv6Injector>
UdpAttackApplication::GetInjector() const
{
    return m_injector;
}

uint64_t
UdpAttackApplication::GetSentPackets() const
{
    return m_sent;
}

uint64_t
UdpAttackApplication::GetSentBytes() const
{
    return m_sentBytes;
}

uint64_t
UdpAttackApplication::GetSentIpv6Bytes() const
{
    return m_sentIpv6Bytes;
}

uint64_t
UdpAttackApplication::GetRefusedPackets() const
{
    return m_refused;
}

int64_t
UdpAttackApplication::AssignStreams(int64_t stream)
{
    m_gap->SetStream(stream);
    m_random->SetStream(stream + 1);
    return 2;
}

Ptr<UniformRandomVariable>
UdpAttackApplication::GetRandom() const
{
    return m_random;
}

Ipv6Address
UdpAttackApplication::GetOwnAddress() const
{
    return m_injector ? RawIpv6Injector::OwnAddress(m_injector->GetDevice())
                      : Ipv6Address::GetAny();
}

uint16_t
UdpAttackApplication::GetEphemeralPort() const
{
    return m_ephemeralPort;
}

void
UdpAttackApplication::CheckConfiguration()
{
    const std::string name = GetInstanceTypeId().GetName();
    NS_ABORT_MSG_IF(m_targets.empty(), name << ": no target (SetTargets)");
    NS_ABORT_MSG_IF(m_rate <= 0 || Seconds(1.0 / m_rate).IsZero(),
                    name << ": Rate " << m_rate << " is not a positive rate below 1e9 per second");
    NS_ABORT_MSG_IF(m_injector && m_injector->GetDevice()->GetNode() != GetNode(),
                    name << ": the device given to SetDevice belongs to another node");
}

void
UdpAttackApplication::Prepare()
{
}

void
UdpAttackApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    CheckConfiguration();
    m_ephemeralPort = static_cast<uint16_t>(m_random->GetInteger(49152, 65535));
    Prepare();
    if (!m_injector && !m_socket)
    {
        m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        uint16_t port = GetSourcePort();
        int bound = port == 0 ? m_socket->Bind6() : m_socket->Bind(Inet6SocketAddress(port));
        NS_ABORT_MSG_IF(bound != 0,
                        GetInstanceTypeId().GetName() << ": cannot bind a UDP socket to port "
                                                      << port << " on node " << GetNode()->GetId());
    }
    m_event = Simulator::ScheduleNow(&UdpAttackApplication::SendOne, this);
}

void
UdpAttackApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    Simulator::Cancel(m_event);
    if (m_socket)
    {
        m_socket->Close();
        m_socket = nullptr;
    }
}

Ipv6Address
UdpAttackApplication::SocketSource(Ipv6Address target) const
{
    Ptr<Ipv6> ipv6 = GetNode()->GetObject<Ipv6>();
    if (!ipv6 || !ipv6->GetRoutingProtocol())
    {
        return Ipv6Address::GetAny();
    }
    Ipv6Header header;
    header.SetDestination(target);
    Socket::SocketErrno error;
    Ptr<Ipv6Route> route =
        ipv6->GetRoutingProtocol()->RouteOutput(Create<Packet>(), header, nullptr, error);
    return route ? route->GetSource() : Ipv6Address::GetAny();
}

void
UdpAttackApplication::SendOne()
{
    if (m_maxPackets > 0 && m_sent + m_refused >= m_maxPackets)
    {
        NS_LOG_INFO(GetInstanceTypeId().GetName() << " sent its " << m_maxPackets << " datagrams");
        return;
    }
    Ipv6Address target = m_targets[m_nextTarget];
    m_nextTarget = (m_nextTarget + 1) % m_targets.size();
    Ptr<Packet> payload = MakePayload(target);
    uint32_t ipv6Bytes = 0;
    Ipv6Address source;
    if (m_injector)
    {
        source = ChooseSource();
        uint16_t port = GetSourcePort() == 0 ? m_ephemeralPort : GetSourcePort();
        ipv6Bytes = m_injector->SendUdp(payload, source, port, target, m_destinationPort);
    }
    else
    {
        source = SocketSource(target);
        if (m_socket->SendTo(payload->Copy(), 0, Inet6SocketAddress(target, m_destinationPort)) >=
            0)
        {
            ipv6Bytes = payload->GetSize() + IPV6_UDP_HEADERS;
        }
    }
    if (ipv6Bytes > 0)
    {
        ++m_sent;
        m_sentBytes += payload->GetSize();
        m_sentIpv6Bytes += ipv6Bytes;
        m_txTrace(payload, source, target);
    }
    else
    {
        ++m_refused;
    }
    Time gap = m_poisson ? Seconds(m_gap->GetValue(1.0 / m_rate, 0)) : Seconds(1.0 / m_rate);
    m_event = Simulator::Schedule(gap, &UdpAttackApplication::SendOne, this);
}

} // namespace ns3
