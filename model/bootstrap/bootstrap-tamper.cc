/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "bootstrap-tamper.h"

#include "bootstrap-message.h"

#include "ns3/coap-message.h"
#include "ns3/enum.h"
#include "ns3/iotsec-compat.h"
#include "ns3/ipv6-header.h"
#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("BootstrapTamper");

NS_OBJECT_ENSURE_REGISTERED(BootstrapTamperQueueDisc);

namespace
{

/// Offset of the first nonce byte in flights 2 and 3 (after version and type)
constexpr std::size_t NONCE_OFFSET = BootstrapWire::HEADER_BYTES;
/// Offset of the sealed part in flights 2 and 3 (after version, type and nonce: the AAD)
constexpr std::size_t SEALED_OFFSET = BootstrapWire::NONCE_AAD_BYTES;

/**
 * \param data a CoAP payload \param size its length
 * \return the flight it is (2 or 3), or 0 if it is neither a VERIFY_REQUEST nor a
 * VERIFY_RESPONSE
 */
uint8_t
FlightOf(const uint8_t* data, std::size_t size)
{
    BootstrapMessageType type;
    if (!BootstrapParseHeader(data, size, type, nullptr))
    {
        return 0;
    }
    if (type == BootstrapMessageType::VERIFY_REQUEST)
    {
        BootstrapVerifyRequest request;
        return BootstrapVerifyRequest::Parse(data, size, request, nullptr) ? 2 : 0;
    }
    if (type == BootstrapMessageType::VERIFY_RESPONSE)
    {
        BootstrapVerifyResponse response;
        return BootstrapVerifyResponse::Parse(data, size, response, nullptr) ? 3 : 0;
    }
    return 0;
}

} // namespace

TypeId
BootstrapTamperQueueDisc::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::BootstrapTamperQueueDisc")
            .SetParent<UdpTamperQueueDisc>()
            .SetGroupName("Iotsec")
            .AddConstructor<BootstrapTamperQueueDisc>()
            .AddAttribute("Mode",
                          "What the router does to the flights 2 and 3 it forwards (inside "
                          "CoAP): NONE, FLIP_FLIGHT2 or FLIP_FLIGHT3 (a bit of the part sealed "
                          "under SK_cs), SWAP_FLIGHT3 (a recorded flight 3 of another "
                          "transaction in its place) or FLIP_CLEAR (a bit of flight 2's nonce, "
                          "in clear and authenticated).",
                          EnumValue(NONE),
                          iotsec_compat::MakeEnumAccessor<Mode>(&BootstrapTamperQueueDisc::m_mode),
                          MakeEnumChecker(NONE,
                                          "NONE",
                                          FLIP_FLIGHT2,
                                          "FLIP_FLIGHT2",
                                          FLIP_FLIGHT3,
                                          "FLIP_FLIGHT3",
                                          SWAP_FLIGHT3,
                                          "SWAP_FLIGHT3",
                                          FLIP_CLEAR,
                                          "FLIP_CLEAR"));
    return tid;
}

BootstrapTamperQueueDisc::BootstrapTamperQueueDisc() = default;

BootstrapTamperQueueDisc::~BootstrapTamperQueueDisc() = default;

const char*
BootstrapTamperQueueDisc::ModeName(Mode mode)
{
    switch (mode)
    {
    case NONE:
        return "NONE";
    case FLIP_FLIGHT2:
        return "FLIP_FLIGHT2";
    case FLIP_FLIGHT3:
        return "FLIP_FLIGHT3";
    case SWAP_FLIGHT3:
        return "SWAP_FLIGHT3";
    case FLIP_CLEAR:
        return "FLIP_CLEAR";
    }
    return "UNKNOWN";
}

QueueDiscContainer
BootstrapTamperQueueDisc::Install(NetDeviceContainer devices, Mode mode)
{
    return InstallRoot(devices, "ns3::BootstrapTamperQueueDisc", "Mode", EnumValue(mode));
}

uint32_t
BootstrapTamperQueueDisc::GetSeen() const
{
    return m_seen;
}

bool
BootstrapTamperQueueDisc::TamperPayload(const Ipv6Header& ip, const UdpHeader& udp, Bytes& payload)
{
    (void)udp;
    CoapMessage coap;
    if (!CoapMessage::Parse(payload.data(), payload.size(), coap, nullptr))
    {
        return false; // not CoAP: forwarded as it is
    }
    // The CoAP payload ends the datagram: the flight is its last bytes
    const std::size_t size = coap.GetPayload().size();
    uint8_t* flight = payload.data() + (payload.size() - size);
    const uint8_t number = FlightOf(flight, size);
    if (number == 0)
    {
        return false;
    }
    ++m_seen;
    bool changed = false;
    if ((number == 2 && m_mode == FLIP_FLIGHT2) || (number == 3 && m_mode == FLIP_FLIGHT3))
    {
        flight[SEALED_OFFSET] ^= 0x01;
        changed = true;
    }
    else if (number == 2 && m_mode == FLIP_CLEAR)
    {
        flight[NONCE_OFFSET] ^= 0x01;
        changed = true;
    }
    else if (number == 3 && m_mode == SWAP_FLIGHT3)
    {
        changed = Swap(flight);
    }
    if (changed)
    {
        NS_LOG_INFO(ModeName(m_mode)
                    << ": altered flight " << int{number} << " to " << ip.GetDestination());
    }
    return changed;
}

bool
BootstrapTamperQueueDisc::Swap(uint8_t* flight)
{
    const Bytes original(flight, flight + BootstrapWire::VERIFY_RESPONSE_BYTES);
    auto sameNonce = [&original](const Bytes& r) {
        return std::equal(r.begin() + NONCE_OFFSET,
                          r.begin() + SEALED_OFFSET,
                          original.begin() + NONCE_OFFSET);
    };
    // the latest recorded flight 3 of another transaction (another nonce)
    auto other = std::find_if_not(m_rec.rbegin(), m_rec.rend(), sameNonce);
    bool swapped = false;
    if (other != m_rec.rend())
    {
        std::copy(other->begin(), other->end(), flight);
        swapped = true;
    }
    if (std::none_of(m_rec.begin(), m_rec.end(), sameNonce))
    {
        if (m_rec.size() == MAX_RECORDED)
        {
            m_rec.erase(m_rec.begin());
        }
        m_rec.push_back(original);
    }
    return swapped;
}

} // namespace ns3
