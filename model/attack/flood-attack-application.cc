/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "flood-attack-application.h"

#include "ns3/abort.h"
#include "ns3/coap-message.h"
#include "ns3/dtls-codec.h"
#include "ns3/enum.h"
#include "ns3/iotsec-compat.h"
#include "ns3/log.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FloodAttackApplication");

NS_OBJECT_ENSURE_REGISTERED(FloodAttackApplication);

namespace
{
const std::size_t BAD_RECORD_BYTES = 8 + 16 + 8; //!< explicit nonce, "ciphertext", CCM-8 tag
const std::size_t TOKEN_BYTES = 4;               //!< CoAP token length
} // namespace

std::string
FloodAttackApplication::PayloadName(Payload payload)
{
    switch (payload)
    {
    case DTLS_CLIENT_HELLO:
        return "DtlsClientHello";
    case DTLS_BAD_RECORD:
        return "DtlsBadRecord";
    case COAP_CON:
        return "CoapCon";
    case COAP_NON:
        return "CoapNon";
    }
    return "unknown";
}

Ptr<const AttributeChecker>
MakeFloodPayloadChecker()
{
    using F = FloodAttackApplication;
    return MakeEnumChecker(F::DTLS_CLIENT_HELLO,
                           F::PayloadName(F::DTLS_CLIENT_HELLO),
                           F::DTLS_BAD_RECORD,
                           F::PayloadName(F::DTLS_BAD_RECORD),
                           F::COAP_CON,
                           F::PayloadName(F::COAP_CON),
                           F::COAP_NON,
                           F::PayloadName(F::COAP_NON));
}

TypeId
FloodAttackApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::FloodAttackApplication")
            .SetParent<UdpAttackApplication>()
            .SetGroupName("Iotsec")
            .AddConstructor<FloodAttackApplication>()
            .AddAttribute("Payload",
                          "What each datagram carries: DtlsClientHello, DtlsBadRecord, CoapCon "
                          "or CoapNon",
                          EnumValue(FloodAttackApplication::COAP_CON),
                          iotsec_compat::MakeEnumAccessor<FloodAttackApplication::Payload>(
                              &FloodAttackApplication::m_payload),
                          MakeFloodPayloadChecker())
            .AddAttribute("UriPath",
                          "Uri-Path of the CoAP GET requests (CoapCon, CoapNon)",
                          StringValue("light"),
                          MakeStringAccessor(&FloodAttackApplication::m_uriPath),
                          MakeStringChecker())
            .AddAttribute("SpoofedSources",
                          "0: send from the attacker's own address; N > 0: draw each source "
                          "uniformly from SpoofPrefix::1 ... SpoofPrefix::N (needs SetDevice)",
                          UintegerValue(0),
                          MakeUintegerAccessor(&FloodAttackApplication::m_spoofed),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("SpoofPrefix",
                          "The /64 the spoofed sources are drawn from",
                          Ipv6AddressValue(Ipv6Address("2001:db8:bad::")),
                          MakeIpv6AddressAccessor(&FloodAttackApplication::m_spoofPrefix),
                          MakeIpv6AddressChecker())
            .AddAttribute("SourcePort",
                          "UDP source port (0: an ephemeral port, 49152..65535, drawn at start)",
                          UintegerValue(0),
                          MakeUintegerAccessor(&FloodAttackApplication::m_sourcePort),
                          MakeUintegerChecker<uint16_t>());
    return tid;
}

FloodAttackApplication::FloodAttackApplication()
    : m_payload(COAP_CON),
      m_uriPath("light"),
      m_spoofed(0),
      m_spoofPrefix("2001:db8:bad::"),
      m_sourcePort(0),
      m_messageId(0),
      m_recordSequence(1)
{
    NS_LOG_FUNCTION(this);
}

FloodAttackApplication::~FloodAttackApplication()
{
    NS_LOG_FUNCTION(this);
}

Ipv6Address
FloodAttackApplication::SpoofedAddress(Ipv6Address prefix, uint64_t index)
{
    uint8_t bytes[16];
    prefix.GetBytes(bytes);
    for (int i = 0; i < 8; ++i)
    {
        bytes[8 + i] = static_cast<uint8_t>(index >> (8 * (7 - i)));
    }
    return Ipv6Address(bytes);
}

void
FloodAttackApplication::CheckConfiguration()
{
    UdpAttackApplication::CheckConfiguration();
    NS_ABORT_MSG_IF(m_spoofed > 0 && !GetInjector(),
                    "FloodAttackApplication: SpoofedSources = "
                        << m_spoofed
                        << " needs SetDevice(): a UDP socket sends from the node's own address");
}

void
FloodAttackApplication::Prepare()
{
    m_own = GetOwnAddress();
    m_messageId = static_cast<uint16_t>(GetRandom()->GetInteger(0, 65535));
}

Ipv6Address
FloodAttackApplication::ChooseSource()
{
    if (m_spoofed == 0)
    {
        return m_own;
    }
    return SpoofedAddress(m_spoofPrefix, GetRandom()->GetInteger(1, m_spoofed));
}

uint16_t
FloodAttackApplication::GetSourcePort() const
{
    return m_sourcePort;
}

Bytes
FloodAttackApplication::RandomBytes(std::size_t n)
{
    Bytes b(n);
    for (uint8_t& x : b)
    {
        x = static_cast<uint8_t>(GetRandom()->GetInteger(0, 255));
    }
    return b;
}

Bytes
FloodAttackApplication::MakeClientHello()
{
    DtlsClientHello hello;
    hello.random = RandomBytes(dtls::RANDOM_BYTES);
    hello.cipherSuites = {dtls::TLS_PSK_WITH_AES_128_CCM_8};
    DtlsHandshakeFragment message;
    message.msgType = dtls::CLIENT_HELLO;
    message.body = hello.Serialize(true);
    message.length = static_cast<uint32_t>(message.body.size());
    DtlsRecord record;
    record.type = dtls::HANDSHAKE;
    record.version = dtls::DTLS_1_2;
    record.fragment = message.Serialize();
    return record.Serialize();
}

Bytes
FloodAttackApplication::MakeBadRecord()
{
    DtlsRecord record;
    record.type = dtls::APPLICATION_DATA;
    record.version = dtls::DTLS_1_2;
    record.epoch = 1;
    record.sequence = m_recordSequence;
    m_recordSequence = (m_recordSequence + 1) & dtls::MAX_SEQUENCE;
    record.fragment = RandomBytes(BAD_RECORD_BYTES);
    return record.Serialize();
}

Bytes
FloodAttackApplication::MakeCoapGet(bool confirmable)
{
    CoapMessage get(confirmable ? CoapMessage::CON : CoapMessage::NON, CoapCode::GET, m_messageId);
    ++m_messageId;
    get.SetToken(RandomBytes(TOKEN_BYTES));
    get.SetUriPath(m_uriPath);
    return get.Serialize();
}

Ptr<Packet>
FloodAttackApplication::MakePayload(Ipv6Address /* target */)
{
    Bytes b;
    switch (m_payload)
    {
    case DTLS_CLIENT_HELLO:
        b = MakeClientHello();
        break;
    case DTLS_BAD_RECORD:
        b = MakeBadRecord();
        break;
    case COAP_CON:
    case COAP_NON:
        b = MakeCoapGet(m_payload == COAP_CON);
        break;
    }
    return Create<Packet>(b.data(), b.size());
}

} // namespace ns3
