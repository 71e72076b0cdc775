/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dtls-tamper.h"

#include "ns3/enum.h"
#include "ns3/iotsec-compat.h"
#include "ns3/ipv6-header.h"
#include "ns3/log.h"

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
            .SetParent<UdpTamperQueueDisc>()
            .SetGroupName("Iotsec")
            .AddConstructor<DtlsTamperQueueDisc>()
            .AddAttribute(
                "Field",
                "The field corrupted in every DTLS datagram that carries it.",
                EnumValue(TAMPER_NONE),
                iotsec_compat::MakeEnumAccessor<TlsDtlsTamperField>(&DtlsTamperQueueDisc::m_field),
                MakeTlsDtlsTamperFieldChecker());
    return tid;
}

DtlsTamperQueueDisc::DtlsTamperQueueDisc() = default;

DtlsTamperQueueDisc::~DtlsTamperQueueDisc() = default;

QueueDiscContainer
DtlsTamperQueueDisc::Install(NetDeviceContainer devices, TlsDtlsTamperField field)
{
    return InstallRoot(devices, "ns3::DtlsTamperQueueDisc", "Field", EnumValue(field));
}

bool
DtlsTamperQueueDisc::TamperPayload(const Ipv6Header& ip, const UdpHeader& udp, Bytes& payload)
{
    (void)udp;
    if (!TamperDtlsDatagram(m_field, payload))
    {
        return false;
    }
    NS_LOG_INFO("corrupted " << TlsDtlsTamperFieldName(m_field) << " in a datagram to "
                             << ip.GetDestination());
    return true;
}

} // namespace ns3
