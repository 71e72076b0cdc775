/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "border-router-guard.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/drop-tail-queue.h"
#include "ns3/dtls-server-application.h"
#include "ns3/dtls-socket.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv6-queue-disc-item.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/loopback-net-device.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/sixlowpan-net-device.h"
#include "ns3/traffic-control-helper.h"
#include "ns3/traffic-control-layer.h"
#include "ns3/udp-header.h"
#include "ns3/udp-l4-protocol.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("BorderRouterGuard");

NS_OBJECT_ENSURE_REGISTERED(BorderRouterGuard);
NS_OBJECT_ENSURE_REGISTERED(BorderRouterGuardQueueDisc);

namespace
{

const uint8_t ICMPV6 = 58;                    //!< IPv6 next header of ICMPv6
const std::size_t MAX_TRACKED_DATAGRAMS = 64; //!< fragmented datagrams tracked at once

/**
 * \param verdict a verdict
 * \return its name, with static storage (a QueueDisc drop reason is a C string)
 */
const char*
VerdictReason(BorderRouterFilterVerdict verdict)
{
    static const std::array<std::string, BORDER_ROUTER_FILTER_VERDICTS> names = [] {
        std::array<std::string, BORDER_ROUTER_FILTER_VERDICTS> n;
        for (std::size_t i = 0; i < n.size(); ++i)
        {
            n[i] = BorderRouterFilterVerdictName(static_cast<BorderRouterFilterVerdict>(i));
        }
        return n;
    }();
    return names[static_cast<std::size_t>(verdict)].c_str();
}

} // namespace

// ------------------------------------------------------------------------------------------
// BorderRouterGuard
// ------------------------------------------------------------------------------------------

TypeId
BorderRouterGuard::GetTypeId()
{
    // The defaults are BorderRouterFilterConfig's, documented there
    static const BorderRouterFilterConfig d;
    static TypeId tid =
        TypeId("ns3::BorderRouterGuard")
            .SetParent<Object>()
            .SetGroupName("Iotsec")
            .AddConstructor<BorderRouterGuard>()
            .AddAttribute("Enforce",
                          "Drop what the filter refuses (false: only count and trace it).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&BorderRouterGuard::m_enforce),
                          MakeBooleanChecker())
            .AddAttribute("RequireAuthenticated",
                          "Drop inbound packets whose source is not an authenticated back-end.",
                          BooleanValue(d.requireAuthenticated),
                          MakeBooleanAccessor(&BorderRouterGuard::m_requireAuthenticated),
                          MakeBooleanChecker())
            .AddAttribute("SourceRate",
                          "Refill rate of each source's token bucket, packets/s (0: no limit).",
                          DoubleValue(d.sourceRate),
                          MakeDoubleAccessor(&BorderRouterGuard::m_sourceRate),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("SourceBurst",
                          "Capacity of each source's token bucket, packets.",
                          UintegerValue(d.sourceBurst),
                          MakeUintegerAccessor(&BorderRouterGuard::m_sourceBurst),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("DestinationRate",
                          "Refill rate of each destination node's token bucket, packets/s "
                          "(0: no limit).",
                          DoubleValue(d.destinationRate),
                          MakeDoubleAccessor(&BorderRouterGuard::m_destinationRate),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("DestinationBurst",
                          "Capacity of each destination node's token bucket, packets.",
                          UintegerValue(d.destinationBurst),
                          MakeUintegerAccessor(&BorderRouterGuard::m_destinationBurst),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MaxSources",
                          "Most sources with a token bucket (the least recently used is "
                          "evicted beyond).",
                          UintegerValue(d.maxSources),
                          MakeUintegerAccessor(&BorderRouterGuard::m_maxSources),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MaxDestinations",
                          "Most destinations with a token bucket (LRU beyond).",
                          UintegerValue(d.maxDestinations),
                          MakeUintegerAccessor(&BorderRouterGuard::m_maxDestinations),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("ReplayEntries",
                          "Replay keys remembered, oldest forgotten first (0: no replay stage).",
                          UintegerValue(d.replayEntries),
                          MakeUintegerAccessor(&BorderRouterGuard::m_replayEntries),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("AmplificationFactor",
                          "Bytes answered to an unauthenticated requester may reach this many "
                          "times the bytes received from it (0: no amplification stage).",
                          DoubleValue(d.amplificationFactor),
                          MakeDoubleAccessor(&BorderRouterGuard::m_amplificationFactor),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("MaxAnswerFragments",
                          "Most 6LoWPAN fragments an answer may take (0: no limit).",
                          UintegerValue(d.maxAnswerFragments),
                          MakeUintegerAccessor(&BorderRouterGuard::m_maxAnswerFragments),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MaxRequesters",
                          "Most requesters with byte counters (LRU beyond).",
                          UintegerValue(d.maxRequesters),
                          MakeUintegerAccessor(&BorderRouterGuard::m_maxRequesters),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MaxAuthenticated",
                          "Most authenticated back-ends.",
                          UintegerValue(d.maxAuthenticated),
                          MakeUintegerAccessor(&BorderRouterGuard::m_maxAuthenticated),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("StateCapBytes",
                          "RAM budget of the filter's tables, bytes (0: none); Install() "
                          "refuses bounds that allow more.",
                          UintegerValue(d.stateCapBytes),
                          MakeUintegerAccessor(&BorderRouterGuard::m_stateCapBytes),
                          MakeUintegerChecker<uint32_t>())
            .AddTraceSource("Drop",
                            "A packet the filter refused (dropped unless Enforce is false).",
                            MakeTraceSourceAccessor(&BorderRouterGuard::m_dropTrace),
                            "ns3::BorderRouterGuard::VerdictTracedCallback")
            .AddTraceSource("Pass",
                            "A packet the filter inspected and passed.",
                            MakeTraceSourceAccessor(&BorderRouterGuard::m_passTrace),
                            "ns3::BorderRouterGuard::VerdictTracedCallback");
    return tid;
}

BorderRouterGuard::BorderRouterGuard()
{
    NS_LOG_FUNCTION(this);
}

BorderRouterGuard::~BorderRouterGuard() = default;

void
BorderRouterGuard::DoDispose()
{
    m_node = nullptr;
    m_ipv6 = nullptr;
    Object::DoDispose();
}

std::string
BorderRouterGuard::DirectionName(Direction direction)
{
    return direction == INBOUND ? "inbound" : "outbound";
}

BorderRouterFilterConfig
BorderRouterGuard::MakeConfig() const
{
    BorderRouterFilterConfig c;
    c.requireAuthenticated = m_requireAuthenticated;
    c.sourceRate = m_sourceRate;
    c.sourceBurst = m_sourceBurst;
    c.destinationRate = m_destinationRate;
    c.destinationBurst = m_destinationBurst;
    c.maxSources = m_maxSources;
    c.maxDestinations = m_maxDestinations;
    c.replayEntries = m_replayEntries;
    c.amplificationFactor = m_amplificationFactor;
    c.maxAnswerFragments = m_maxAnswerFragments;
    c.maxRequesters = m_maxRequesters;
    c.maxAuthenticated = m_maxAuthenticated;
    c.stateCapBytes = m_stateCapBytes;
    return c;
}

QueueDiscContainer
BorderRouterGuard::Install(Ptr<NetDevice> llnDevice)
{
    NS_LOG_FUNCTION(this << llnDevice);
    NS_ABORT_MSG_IF(!llnDevice, "BorderRouterGuard::Install: no LLN device");
    NS_ABORT_MSG_IF(m_filter, "BorderRouterGuard::Install: already installed");
    Ptr<Node> node = llnDevice->GetNode();
    NS_ABORT_MSG_IF(!node, "BorderRouterGuard::Install: the LLN device is on no node");
    Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
    Ptr<TrafficControlLayer> tc = node->GetObject<TrafficControlLayer>();
    NS_ABORT_MSG_UNLESS(ipv6 && tc,
                        "BorderRouterGuard::Install: node "
                            << node->GetId() << " has no IPv6 stack (install the Internet stack)");
    NS_ABORT_MSG_IF(ipv6->GetInterfaceForDevice(llnDevice) < 0,
                    "BorderRouterGuard::Install: the LLN device of node "
                        << node->GetId() << " has no IPv6 interface");
    NS_ABORT_MSG_IF(node->GetObject<BorderRouterGuard>(),
                    "BorderRouterGuard::Install: node " << node->GetId() << " has a guard already");
    BorderRouterFilterConfig config = MakeConfig();
    std::string error;
    NS_ABORT_MSG_UNLESS(config.Validate(&error),
                        "BorderRouterGuard on node " << node->GetId() << ": " << error);
    m_filter = std::make_unique<BorderRouterFilter>(config);
    for (const Ipv6Address& a : m_pendingAuthenticated)
    {
        NS_ABORT_MSG_UNLESS(m_filter->AddAuthenticated(a),
                            "BorderRouterGuard: more authenticated back-ends than "
                            "MaxAuthenticated ("
                                << m_maxAuthenticated << ")");
    }
    m_pendingAuthenticated.clear();
    m_node = node;
    m_ipv6 = ipv6;
    node->AggregateObject(this);

    QueueDiscContainer discs;
    auto bind = [&](Ptr<NetDevice> device, Direction direction) {
        if (tc->GetRootQueueDiscOnDevice(device))
        {
            tc->DeleteRootQueueDiscOnDevice(device);
        }
        TrafficControlHelper helper;
        helper.SetRootQueueDisc("ns3::BorderRouterGuardQueueDisc");
        QueueDiscContainer installed = helper.Install(device);
        DynamicCast<BorderRouterGuardQueueDisc>(installed.Get(0))->SetGuard(this, direction);
        discs.Add(installed);
    };
    bind(llnDevice, INBOUND);
    for (uint32_t i = 0; i < node->GetNDevices(); ++i)
    {
        Ptr<NetDevice> d = node->GetDevice(i);
        if (d == llnDevice || DynamicCast<LoopbackNetDevice>(d) ||
            ipv6->GetInterfaceForDevice(d) < 0)
        {
            continue; // the LLN device, the loopback, or a device under a 6LoWPAN device
        }
        bind(d, OUTBOUND);
    }
    Ptr<SixLowPanNetDevice> sixlowpan = DynamicCast<SixLowPanNetDevice>(llnDevice);
    if (sixlowpan)
    {
        sixlowpan->TraceConnectWithoutContext(
            "Rx",
            MakeCallback(&BorderRouterGuard::LlnFrameReceived, this));
    }
    NS_LOG_INFO("guard on node " << node->GetId() << ": " << discs.GetN() << " queue discs, "
                                 << m_filter->GetStateCapBytes() << " bytes of state at most");
    return discs;
}

bool
BorderRouterGuard::IsInstalled() const
{
    return static_cast<bool>(m_filter);
}

bool
BorderRouterGuard::AddAuthenticated(Ipv6Address address)
{
    NS_LOG_FUNCTION(this << address);
    if (!m_filter)
    {
        for (const Ipv6Address& a : m_pendingAuthenticated)
        {
            if (a == address)
            {
                return true;
            }
        }
        if (m_pendingAuthenticated.size() >= m_maxAuthenticated)
        {
            return false;
        }
        m_pendingAuthenticated.push_back(address);
        return true;
    }
    return m_filter->AddAuthenticated(address);
}

bool
BorderRouterGuard::RemoveAuthenticated(Ipv6Address address)
{
    NS_LOG_FUNCTION(this << address);
    if (!m_filter)
    {
        for (auto it = m_pendingAuthenticated.begin(); it != m_pendingAuthenticated.end(); ++it)
        {
            if (*it == address)
            {
                m_pendingAuthenticated.erase(it);
                return true;
            }
        }
        return false;
    }
    return m_filter->RemoveAuthenticated(address);
}

void
BorderRouterGuard::AuthenticateThrough(Ptr<DtlsServerApplication> server)
{
    NS_LOG_FUNCTION(this << server);
    NS_ABORT_MSG_UNLESS(server, "BorderRouterGuard::AuthenticateThrough: no server");
    server->TraceConnectWithoutContext(
        "HandshakeCompleted",
        MakeCallback(&BorderRouterGuard::BackEndAuthenticated, this));
}

void
BorderRouterGuard::BackEndAuthenticated(const Address& peer, const DtlsHandshakeStats&)
{
    if (!Inet6SocketAddress::IsMatchingType(peer))
    {
        return; // IPv4: the filter is IPv6 only
    }
    Ipv6Address address = Inet6SocketAddress::ConvertFrom(peer).GetIpv6();
    if (AddAuthenticated(address))
    {
        ++m_handshakeAdmissions;
        NS_LOG_INFO("back-end " << address << " authenticated by its PSK handshake");
    }
    else
    {
        NS_LOG_WARN("back-end " << address << " authenticated, but the table of back-ends is "
                                << "full (MaxAuthenticated " << m_maxAuthenticated << ")");
    }
}

uint32_t
BorderRouterGuard::GetHandshakeAdmissions() const
{
    return m_handshakeAdmissions;
}

const BorderRouterFilter&
BorderRouterGuard::GetFilter() const
{
    NS_ABORT_MSG_UNLESS(m_filter, "BorderRouterGuard::GetFilter: call Install() first");
    return *m_filter;
}

bool
BorderRouterGuard::IsEnforcing() const
{
    return m_enforce;
}

uint64_t
BorderRouterGuard::GetDrops(BorderRouterFilterVerdict verdict) const
{
    return m_filter ? m_filter->GetDrops(verdict) : 0; // the filter counts every verdict
}

uint64_t
BorderRouterGuard::GetDrops() const
{
    uint64_t total = 0;
    for (std::size_t v = 1; v < BORDER_ROUTER_FILTER_VERDICTS; ++v)
    {
        total += GetDrops(static_cast<BorderRouterFilterVerdict>(v));
    }
    return total;
}

uint64_t
BorderRouterGuard::GetInspected(Direction direction) const
{
    return m_inspected[direction];
}

uint64_t
BorderRouterGuard::GetExempt(Direction direction) const
{
    return m_exempt[direction];
}

uint64_t
BorderRouterGuard::GetFragmentedAnswers() const
{
    return m_fragmentedAnswers;
}

bool
BorderRouterGuard::IsExempt(const Ipv6Header& header, Ptr<const Packet> packet) const
{
    Ipv6Address src = header.GetSource();
    Ipv6Address dst = header.GetDestination();
    if (src.IsLinkLocal() || dst.IsLinkLocal() || dst.IsMulticast() || src.IsAny() ||
        m_ipv6->GetInterfaceForAddress(src) >= 0)
    {
        return true; // not forwarded: the router's own, or one link's
    }
    if (header.GetNextHeader() == ICMPV6 && packet->GetSize() > 0)
    {
        uint8_t type = 0;
        packet->CopyData(&type, 1);
        // Neighbour discovery (RFC 4861: 133-137) and RPL (RFC 6550: 155)
        return (type >= 133 && type <= 137) || type == 155;
    }
    return false;
}

BorderRouterFilterVerdict
BorderRouterGuard::Inspect(Ptr<const Packet> packet, const Ipv6Header& header, Direction direction)
{
    NS_ABORT_MSG_UNLESS(m_filter, "BorderRouterGuard::Inspect: call Install() first");
    if (IsExempt(header, packet))
    {
        ++m_exempt[direction];
        return BorderRouterFilterVerdict::PASS;
    }
    ++m_inspected[direction];
    uint16_t srcPort = 0;
    uint16_t dstPort = 0;
    std::size_t len = 0;
    if (header.GetNextHeader() == UdpL4Protocol::PROT_NUMBER)
    {
        UdpHeader udp;
        if (packet->GetSize() >= udp.GetSerializedSize())
        {
            packet->PeekHeader(udp);
            srcPort = udp.GetSourcePort();
            dstPort = udp.GetDestinationPort();
            len = packet->GetSize() - udp.GetSerializedSize();
        }
    }
    Time now = Simulator::Now();
    BorderRouterFilterVerdict verdict;
    if (direction == INBOUND)
    {
        m_payload.resize(packet->GetSize());
        if (!m_payload.empty())
        {
            packet->CopyData(m_payload.data(), m_payload.size());
        }
        const uint8_t* payload = len > 0 ? m_payload.data() + 8 : nullptr;
        verdict = m_filter->Inbound(now,
                                    header.GetSource(),
                                    header.GetDestination(),
                                    srcPort,
                                    dstPort,
                                    payload,
                                    len);
    }
    else
    {
        uint32_t fragments = TakeFragments();
        if (fragments > 1)
        {
            ++m_fragmentedAnswers;
        }
        verdict = m_filter->Outbound(now,
                                     header.GetSource(),
                                     header.GetDestination(),
                                     srcPort,
                                     dstPort,
                                     len,
                                     fragments);
    }
    if (verdict == BorderRouterFilterVerdict::PASS)
    {
        m_passTrace(packet, header, direction, verdict);
    }
    else
    {
        NS_LOG_INFO(DirectionName(direction)
                    << " " << header.GetSource() << " -> " << header.GetDestination() << ": "
                    << verdict << (m_enforce ? "" : " (not enforced)"));
        m_dropTrace(packet, header, direction, verdict);
    }
    return verdict;
}

void
BorderRouterGuard::LlnFrameReceived(Ptr<const Packet> packet,
                                    Ptr<SixLowPanNetDevice> /* device */,
                                    uint32_t /* ifIndex */)
{
    m_lastFrameEvent = Simulator::GetEventCount();
    m_lastFrameFragment = false;
    uint8_t head[4];
    if (packet->GetSize() < sizeof(head))
    {
        return;
    }
    packet->CopyData(head, sizeof(head));
    // RFC 4944 section 5.3: FRAG1 11000xxx, FRAGN 11100xxx; then the 11-bit datagram size
    // and the 16-bit tag
    uint8_t dispatch = head[0] & 0xF8;
    if (dispatch != 0xC0 && dispatch != 0xE0)
    {
        return;
    }
    uint32_t size = (static_cast<uint32_t>(head[0] & 0x07) << 8) | head[1];
    uint32_t tag = (static_cast<uint32_t>(head[2]) << 8) | head[3];
    uint32_t key = (size << 16) | tag;
    auto it = m_fragments.find(key);
    if (it == m_fragments.end())
    {
        if (m_fragmentOrder.size() >= MAX_TRACKED_DATAGRAMS)
        {
            m_fragments.erase(m_fragmentOrder.front());
            m_fragmentOrder.pop_front();
        }
        it = m_fragments.emplace(key, 0).first;
        m_fragmentOrder.push_back(key);
    }
    ++it->second;
    m_lastFrameFragment = true;
    m_lastFrameKey = key;
}

uint32_t
BorderRouterGuard::TakeFragments()
{
    if (!m_lastFrameFragment || m_lastFrameEvent != Simulator::GetEventCount())
    {
        return 1;
    }
    m_lastFrameFragment = false;
    auto it = m_fragments.find(m_lastFrameKey);
    if (it == m_fragments.end())
    {
        return 1;
    }
    uint32_t n = it->second;
    m_fragments.erase(it);
    for (auto k = m_fragmentOrder.begin(); k != m_fragmentOrder.end(); ++k)
    {
        if (*k == m_lastFrameKey)
        {
            m_fragmentOrder.erase(k);
            break;
        }
    }
    return n;
}

// ------------------------------------------------------------------------------------------
// BorderRouterGuardQueueDisc
// ------------------------------------------------------------------------------------------

TypeId
BorderRouterGuardQueueDisc::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::BorderRouterGuardQueueDisc")
            .SetParent<QueueDisc>()
            .SetGroupName("Iotsec")
            .AddConstructor<BorderRouterGuardQueueDisc>()
            .AddAttribute("MaxSize",
                          "The queue's size.",
                          QueueSizeValue(QueueSize("1000p")),
                          MakeQueueSizeAccessor(&QueueDisc::SetMaxSize, &QueueDisc::GetMaxSize),
                          MakeQueueSizeChecker());
    return tid;
}

BorderRouterGuardQueueDisc::BorderRouterGuardQueueDisc()
    : QueueDisc(QueueDiscSizePolicy::SINGLE_INTERNAL_QUEUE),
      m_direction(BorderRouterGuard::INBOUND)
{
}

BorderRouterGuardQueueDisc::~BorderRouterGuardQueueDisc() = default;

void
BorderRouterGuardQueueDisc::DoDispose()
{
    m_guard = nullptr;
    QueueDisc::DoDispose();
}

void
BorderRouterGuardQueueDisc::SetGuard(Ptr<BorderRouterGuard> guard,
                                     BorderRouterGuard::Direction direction)
{
    m_guard = guard;
    m_direction = direction;
}

BorderRouterGuard::Direction
BorderRouterGuardQueueDisc::GetDirection() const
{
    return m_direction;
}

bool
BorderRouterGuardQueueDisc::DoEnqueue(Ptr<QueueDiscItem> item)
{
    Ptr<Ipv6QueueDiscItem> ip = DynamicCast<Ipv6QueueDiscItem>(item);
    if (m_guard && ip)
    {
        BorderRouterFilterVerdict verdict =
            m_guard->Inspect(ip->GetPacket(), ip->GetHeader(), m_direction);
        if (verdict != BorderRouterFilterVerdict::PASS && m_guard->IsEnforcing())
        {
            DropBeforeEnqueue(item, VerdictReason(verdict));
            return false;
        }
    }
    if (GetCurrentSize() + item > GetMaxSize())
    {
        DropBeforeEnqueue(item, "Queue disc limit exceeded");
        return false;
    }
    return GetInternalQueue(0)->Enqueue(item);
}

Ptr<QueueDiscItem>
BorderRouterGuardQueueDisc::DoDequeue()
{
    return GetInternalQueue(0)->Dequeue();
}

Ptr<const QueueDiscItem>
BorderRouterGuardQueueDisc::DoPeek()
{
    return GetInternalQueue(0)->Peek();
}

bool
BorderRouterGuardQueueDisc::CheckConfig()
{
    if (GetNQueueDiscClasses() > 0 || GetNPacketFilters() > 0)
    {
        NS_LOG_ERROR("BorderRouterGuardQueueDisc takes no classes and no packet filters");
        return false;
    }
    if (!m_guard)
    {
        NS_LOG_ERROR("BorderRouterGuardQueueDisc has no guard (BorderRouterGuard::Install)");
        return false;
    }
    if (GetNInternalQueues() == 0)
    {
        AddInternalQueue(
            CreateObjectWithAttributes<DropTailQueue<QueueDiscItem>>("MaxSize",
                                                                     QueueSizeValue(GetMaxSize())));
    }
    return GetNInternalQueues() == 1;
}

void
BorderRouterGuardQueueDisc::InitializeParams()
{
}

} // namespace ns3
