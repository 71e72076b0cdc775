/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "amplification-attack-application.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/coap-message.h"
#include "ns3/log.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("AmplificationAttackApplication");

NS_OBJECT_ENSURE_REGISTERED(AmplificationAttackApplication);

namespace
{
const std::size_t TOKEN_BYTES = 4; //!< CoAP token length
} // namespace

TypeId
AmplificationAttackApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::AmplificationAttackApplication")
            .SetParent<UdpAttackApplication>()
            .SetGroupName("Iotsec")
            .AddConstructor<AmplificationAttackApplication>()
            .AddAttribute("Victim",
                          "The victim's IPv6 address: the source of every request",
                          Ipv6AddressValue(Ipv6Address::GetAny()),
                          MakeIpv6AddressAccessor(&AmplificationAttackApplication::m_victim),
                          MakeIpv6AddressChecker())
            .AddAttribute("VictimPort",
                          "The victim's UDP port: the source port of every request",
                          UintegerValue(5683),
                          MakeUintegerAccessor(&AmplificationAttackApplication::m_victimPort),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("UriPath",
                          "Uri-Path of the GET requests",
                          StringValue(".well-known/core"),
                          MakeStringAccessor(&AmplificationAttackApplication::m_uriPath),
                          MakeStringChecker())
            .AddAttribute("Block2Size",
                          "0: no Block2 option; else ask for block 0 of this size (16, 32, "
                          "64, 128, 256, 512 or 1024 bytes; RFC 7959)",
                          UintegerValue(0),
                          MakeUintegerAccessor(&AmplificationAttackApplication::m_block2Size),
                          MakeUintegerChecker<uint32_t>(0, 1024))
            .AddAttribute("Observe",
                          "Register the victim as an observer (Observe = 0, RFC 7641)",
                          BooleanValue(false),
                          MakeBooleanAccessor(&AmplificationAttackApplication::m_observe),
                          MakeBooleanChecker())
            .AddAttribute("Confirmable",
                          "Send CON requests (false: NON)",
                          BooleanValue(true),
                          MakeBooleanAccessor(&AmplificationAttackApplication::m_confirmable),
                          MakeBooleanChecker());
    return tid;
}

AmplificationAttackApplication::AmplificationAttackApplication()
    : m_victim(Ipv6Address::GetAny()),
      m_victimPort(5683),
      m_uriPath(".well-known/core"),
      m_block2Size(0),
      m_observe(false),
      m_confirmable(true),
      m_messageId(0)
{
    NS_LOG_FUNCTION(this);
}

AmplificationAttackApplication::~AmplificationAttackApplication()
{
    NS_LOG_FUNCTION(this);
}

void
AmplificationAttackApplication::CheckConfiguration()
{
    UdpAttackApplication::CheckConfiguration();
    NS_ABORT_MSG_UNLESS(GetInjector(),
                        "AmplificationAttackApplication: needs SetDevice() to send with the "
                        "victim's address (a UDP socket cannot spoof)");
    NS_ABORT_MSG_IF(m_victim.IsAny(), "AmplificationAttackApplication: no Victim address");
    NS_ABORT_MSG_IF(m_block2Size != 0 && CoapBlock::SzxForSize(m_block2Size) > 6,
                    "AmplificationAttackApplication: Block2Size "
                        << m_block2Size << " is not 16, 32, 64, 128, 256, 512 or 1024");
}

void
AmplificationAttackApplication::Prepare()
{
    m_messageId = static_cast<uint16_t>(GetRandom()->GetInteger(0, 65535));
}

Ipv6Address
AmplificationAttackApplication::ChooseSource()
{
    return m_victim;
}

uint16_t
AmplificationAttackApplication::GetSourcePort() const
{
    return m_victimPort;
}

Ptr<Packet>
AmplificationAttackApplication::MakePayload(Ipv6Address /* target */)
{
    CoapMessage get(m_confirmable ? CoapMessage::CON : CoapMessage::NON,
                    CoapCode::GET,
                    m_messageId);
    ++m_messageId;
    std::vector<uint8_t> token(TOKEN_BYTES);
    for (uint8_t& x : token)
    {
        x = static_cast<uint8_t>(GetRandom()->GetInteger(0, 255));
    }
    get.SetToken(token);
    get.SetUriPath(m_uriPath);
    if (m_observe)
    {
        get.SetObserve(0);
    }
    if (m_block2Size != 0)
    {
        CoapBlock block;
        block.num = 0;
        block.more = false;
        block.szx = CoapBlock::SzxForSize(m_block2Size);
        get.SetBlock(CoapOption::BLOCK2, block);
    }
    std::vector<uint8_t> b = get.Serialize();
    return Create<Packet>(b.data(), b.size());
}

} // namespace ns3
