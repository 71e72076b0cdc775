/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "udp-tamper.h"

#include "ns3/abort.h"
#include "ns3/ipv6-queue-disc-item.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/traffic-control-helper.h"
#include "ns3/traffic-control-layer.h"
#include "ns3/udp-header.h"
#include "ns3/udp-l4-protocol.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("UdpTamper");

NS_OBJECT_ENSURE_REGISTERED(UdpTamperQueueDisc);

TypeId
UdpTamperQueueDisc::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::UdpTamperQueueDisc")
            .SetParent<FifoQueueDisc>()
            .SetGroupName("Iotsec")
            .AddTraceSource("Tampered",
                            "A UDP datagram was changed (its payload after the change).",
                            MakeTraceSourceAccessor(&UdpTamperQueueDisc::m_tamperTr),
                            "ns3::UdpTamperQueueDisc::TamperedTracedCallback");
    return tid;
}

UdpTamperQueueDisc::UdpTamperQueueDisc() = default;

UdpTamperQueueDisc::~UdpTamperQueueDisc() = default;

QueueDiscContainer
UdpTamperQueueDisc::InstallRoot(NetDeviceContainer devices,
                                const std::string& type,
                                const std::string& attribute,
                                const AttributeValue& value)
{
    QueueDiscContainer discs;
    for (uint32_t i = 0; i < devices.GetN(); ++i)
    {
        Ptr<NetDevice> device = devices.Get(i);
        Ptr<TrafficControlLayer> tc = device->GetNode()->GetObject<TrafficControlLayer>();
        NS_ABORT_MSG_UNLESS(tc,
                            type << " Install: node " << device->GetNode()->GetId()
                                 << " has no traffic-control layer (install the Internet stack)");
        if (tc->GetRootQueueDiscOnDevice(device))
        {
            tc->DeleteRootQueueDiscOnDevice(device);
        }
        TrafficControlHelper helper;
        helper.SetRootQueueDisc(type, attribute, value);
        discs.Add(helper.Install(device));
    }
    return discs;
}

uint32_t
UdpTamperQueueDisc::GetTampered() const
{
    return m_tampered;
}

Ptr<QueueDiscItem>
UdpTamperQueueDisc::Tamper(Ptr<QueueDiscItem> item)
{
    Ptr<Ipv6QueueDiscItem> ip = DynamicCast<Ipv6QueueDiscItem>(item);
    if (!ip || ip->GetHeader().GetNextHeader() != UdpL4Protocol::PROT_NUMBER)
    {
        return item;
    }
    Ptr<Packet> p = item->GetPacket()->Copy(); // the queued packet may be shared
    UdpHeader udp;
    if (p->GetSize() < udp.GetSerializedSize() || p->RemoveHeader(udp) == 0)
    {
        return item;
    }
    Bytes payload(p->GetSize());
    p->CopyData(payload.data(), payload.size());
    if (!TamperPayload(ip->GetHeader(), udp, payload))
    {
        return item;
    }
    p->RemoveAtEnd(p->GetSize());
    p->AddAtEnd(Create<Packet>(payload.data(), payload.size()));
    m_tamperTr(p);
    if (Node::ChecksumEnabled())
    {
        udp.EnableChecksums();
        udp.InitializeChecksum(ip->GetHeader().GetSource(),
                               ip->GetHeader().GetDestination(),
                               UdpL4Protocol::PROT_NUMBER);
    }
    p->AddHeader(udp);
    ++m_tampered;
    NS_LOG_DEBUG("changed a datagram to " << ip->GetHeader().GetDestination());
    Ipv6Header header = ip->GetHeader();
    header.SetPayloadLength(p->GetSize());
    return Create<Ipv6QueueDiscItem>(p, item->GetAddress(), item->GetProtocol(), header);
}

bool
UdpTamperQueueDisc::DoEnqueue(Ptr<QueueDiscItem> item)
{
    if (GetCurrentSize() + item > GetMaxSize())
    {
        DropBeforeEnqueue(item, LIMIT_EXCEEDED_DROP);
        return false;
    }
    return GetInternalQueue(0)->Enqueue(Tamper(item));
}

} // namespace ns3
