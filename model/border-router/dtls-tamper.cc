/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dtls-tamper.h"

#include "ns3/abort.h"
#include "ns3/drop-tail-queue.h"
#include "ns3/enum.h"
#include "ns3/iotsec-compat.h"
#include "ns3/ipv6-queue-disc-item.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"
#include "ns3/packet.h"
#include "ns3/traffic-control-helper.h"
#include "ns3/traffic-control-layer.h"
#include "ns3/udp-header.h"
#include "ns3/udp-l4-protocol.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DtlsTamper");

NS_OBJECT_ENSURE_REGISTERED(DtlsTamperQueueDisc);

namespace
{

const std::size_t RECORD_HEADER = 13;    //!< DTLS record header
const std::size_t HANDSHAKE_HEADER = 12; //!< DTLS handshake header
const std::size_t RANDOM_BYTE = 2 + 7;   //!< body offset of the random's byte 7

} // namespace

bool
TamperDtlsDatagram(TlsDtlsTamperField field, Bytes& datagram)
{
    if (field == TAMPER_NONE)
    {
        return false;
    }
    std::vector<DtlsRecord> records;
    if (!DtlsRecord::ParseDatagram(datagram.data(), datagram.size(), records, nullptr))
    {
        return false; // not DTLS, or malformed: a router forwards it as it is
    }
    bool changed = false;
    std::size_t offset = 0; // of the current record in the datagram
    for (const DtlsRecord& r : records)
    {
        if (r.type == dtls::HANDSHAKE && r.epoch == 1 && field == TAMPER_FINISHED_SEQUENCE)
        {
            uint64_t seq = (r.sequence + 1) & dtls::MAX_SEQUENCE;
            for (int i = 0; i < 6; ++i)
            {
                datagram[offset + 5 + i] = static_cast<uint8_t>(seq >> (8 * (5 - i)));
            }
            changed = true;
        }
        else if (r.type == dtls::HANDSHAKE && r.epoch == 0 &&
                 (field == TAMPER_CLIENT_RANDOM || field == TAMPER_SERVER_RANDOM))
        {
            uint8_t wanted =
                field == TAMPER_CLIENT_RANDOM ? dtls::CLIENT_HELLO : dtls::SERVER_HELLO;
            std::vector<DtlsHandshakeFragment> fragments;
            if (DtlsHandshakeFragment::ParseAll(r.fragment, fragments, nullptr))
            {
                std::size_t at = offset + RECORD_HEADER; // of the current fragment
                for (const DtlsHandshakeFragment& f : fragments)
                {
                    if (f.msgType == wanted && f.fragmentOffset == 0 && f.body.size() > RANDOM_BYTE)
                    {
                        datagram[at + HANDSHAKE_HEADER + RANDOM_BYTE] ^= 0x01;
                        changed = true;
                    }
                    at += HANDSHAKE_HEADER + f.body.size();
                }
            }
        }
        offset += RECORD_HEADER + r.fragment.size();
    }
    return changed;
}

Ptr<const AttributeChecker>
MakeTlsDtlsTamperFieldChecker()
{
    return MakeEnumChecker(TAMPER_NONE,
                           TlsDtlsTamperFieldName(TAMPER_NONE),
                           TAMPER_CLIENT_RANDOM,
                           TlsDtlsTamperFieldName(TAMPER_CLIENT_RANDOM),
                           TAMPER_SERVER_RANDOM,
                           TlsDtlsTamperFieldName(TAMPER_SERVER_RANDOM),
                           TAMPER_FINISHED_SEQUENCE,
                           TlsDtlsTamperFieldName(TAMPER_FINISHED_SEQUENCE));
}

TypeId
DtlsTamperQueueDisc::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::DtlsTamperQueueDisc")
            .SetParent<QueueDisc>()
            .SetGroupName("Iotsec")
            .AddConstructor<DtlsTamperQueueDisc>()
            .AddAttribute("MaxSize",
                          "The queue's size.",
                          QueueSizeValue(QueueSize("1000p")),
                          MakeQueueSizeAccessor(&QueueDisc::SetMaxSize, &QueueDisc::GetMaxSize),
                          MakeQueueSizeChecker())
            .AddAttribute(
                "Field",
                "The field corrupted in every DTLS datagram that carries it.",
                EnumValue(TAMPER_NONE),
                iotsec_compat::MakeEnumAccessor<TlsDtlsTamperField>(&DtlsTamperQueueDisc::m_field),
                MakeTlsDtlsTamperFieldChecker())
            .AddTraceSource("Tampered",
                            "A DTLS datagram was corrupted (the UDP payload after the change).",
                            MakeTraceSourceAccessor(&DtlsTamperQueueDisc::m_tamperTr),
                            "ns3::DtlsTamperQueueDisc::TamperedTracedCallback");
    return tid;
}

DtlsTamperQueueDisc::DtlsTamperQueueDisc()
    : QueueDisc(QueueDiscSizePolicy::SINGLE_INTERNAL_QUEUE)
{
}

DtlsTamperQueueDisc::~DtlsTamperQueueDisc() = default;

QueueDiscContainer
DtlsTamperQueueDisc::Install(NetDeviceContainer devices, TlsDtlsTamperField field)
{
    QueueDiscContainer discs;
    for (uint32_t i = 0; i < devices.GetN(); ++i)
    {
        Ptr<NetDevice> device = devices.Get(i);
        Ptr<TrafficControlLayer> tc = device->GetNode()->GetObject<TrafficControlLayer>();
        NS_ABORT_MSG_UNLESS(tc,
                            "DtlsTamperQueueDisc::Install: node "
                                << device->GetNode()->GetId()
                                << " has no traffic-control layer (install the Internet stack)");
        if (tc->GetRootQueueDiscOnDevice(device))
        {
            tc->DeleteRootQueueDiscOnDevice(device);
        }
        TrafficControlHelper helper;
        helper.SetRootQueueDisc("ns3::DtlsTamperQueueDisc", "Field", EnumValue(field));
        discs.Add(helper.Install(device));
    }
    return discs;
}

uint32_t
DtlsTamperQueueDisc::GetTampered() const
{
    return m_tampered;
}

Ptr<QueueDiscItem>
DtlsTamperQueueDisc::Tamper(Ptr<QueueDiscItem> item)
{
    Ptr<Ipv6QueueDiscItem> ip = DynamicCast<Ipv6QueueDiscItem>(item);
    if (m_field == TAMPER_NONE || !ip ||
        ip->GetHeader().GetNextHeader() != UdpL4Protocol::PROT_NUMBER)
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
    if (!TamperDtlsDatagram(m_field, payload))
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
    NS_LOG_INFO("corrupted " << TlsDtlsTamperFieldName(m_field) << " in a datagram to "
                             << ip->GetHeader().GetDestination());
    return Create<Ipv6QueueDiscItem>(p, item->GetAddress(), item->GetProtocol(), ip->GetHeader());
}

bool
DtlsTamperQueueDisc::DoEnqueue(Ptr<QueueDiscItem> item)
{
    if (GetCurrentSize() + item > GetMaxSize())
    {
        DropBeforeEnqueue(item, "Queue disc limit exceeded");
        return false;
    }
    return GetInternalQueue(0)->Enqueue(Tamper(item));
}

Ptr<QueueDiscItem>
DtlsTamperQueueDisc::DoDequeue()
{
    return GetInternalQueue(0)->Dequeue();
}

Ptr<const QueueDiscItem>
DtlsTamperQueueDisc::DoPeek()
{
    return GetInternalQueue(0)->Peek();
}

bool
DtlsTamperQueueDisc::CheckConfig()
{
    if (GetNQueueDiscClasses() > 0 || GetNPacketFilters() > 0)
    {
        NS_LOG_ERROR("DtlsTamperQueueDisc takes no classes and no packet filters");
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
DtlsTamperQueueDisc::InitializeParams()
{
}

} // namespace ns3
