/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// libFuzzer target: OSCORE verification of untrusted CoAP messages with fixed contexts, those
// of RFC 8613 Appendix C.1: as the server (OscoreContext::UnprotectRequest) and as the client
// awaiting the response to the C.4 request (OscoreContext::UnprotectResponse). Nothing may
// crash or assert; every rejection names an error; and nothing may verify that the genuine
// sender did not send: an accepted message is protected again, from what it decrypted to, by
// the sender's context at the same Partial IV, and must give the same Partial IV and
// ciphertext, byte for byte (Outer options are unprotected by design and left out).

#include "ns3/coap-message.h"
#include "ns3/log.h"
#include "ns3/oscore-context.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

NS_LOG_COMPONENT_DEFINE("FuzzOscore");

namespace
{

using ns3::Bytes;
using ns3::CoapMessage;
using ns3::CoapRequestBinding;
using ns3::OscoreContext;
using ns3::OscoreOptionValue;
using ns3::OscoreParameters;

/**
 * \param sender Sender ID
 * \param recipient Recipient ID
 * \param partialIvInResponses OscoreParameters::responsePartialIv
 * \return RFC 8613 C.1's parameters
 */
OscoreParameters
C1(const Bytes& sender, const Bytes& recipient, bool partialIvInResponses = false)
{
    OscoreParameters p;
    p.masterSecret = {0x01,
                      0x02,
                      0x03,
                      0x04,
                      0x05,
                      0x06,
                      0x07,
                      0x08,
                      0x09,
                      0x0a,
                      0x0b,
                      0x0c,
                      0x0d,
                      0x0e,
                      0x0f,
                      0x10};
    p.masterSalt = {0x9e, 0x7c, 0xa9, 0x22, 0x23, 0x78, 0x63, 0x40};
    p.senderId = sender;
    p.recipientId = recipient;
    p.responsePartialIv = partialIvInResponses;
    return p;
}

/// \param piv a Partial IV of at most 5 bytes \return its value
uint64_t
Value(const Bytes& piv)
{
    uint64_t v = 0;
    for (uint8_t b : piv)
    {
        v = (v << 8) | b;
    }
    return v;
}

/**
 * \param m a verified message
 * \return it without its Outer-only options (Uri-Host, Proxy-Uri, ...): they are not
 *         protected (Class U), take no part in the ciphertext, and an attacker may add them
 */
CoapMessage
WithoutOuterOptions(const CoapMessage& m)
{
    CoapMessage out = m;
    for (const auto& o : m.GetOptions())
    {
        if (OscoreContext::IsOuterOnly(o.number))
        {
            out.RemoveOption(o.number);
        }
    }
    return out;
}

/**
 * \param m an OSCORE message
 * \return its Partial IV, or an empty string when it has none
 */
Bytes
PartialIv(const CoapMessage& m)
{
    OscoreOptionValue v;
    const Bytes* value = m.GetOption(ns3::CoapOption::OSCORE);
    if (!value || !OscoreOptionValue::Decode(*value, v, nullptr) || !v.partialIv)
    {
        return Bytes();
    }
    return *v.partialIv;
}

/**
 * \brief What OSCORE protects of a message: its ciphertext, under a nonce made from its
 * Partial IV (the 'kid' of a request selects the context, and the AAD binds it; the rest of
 * the option value is not protected, RFC 8613 section 4.1.3.7).
 * \param accepted the message as received
 * \param again the same content protected again by the genuine sender
 * \return true if the Partial IV and the ciphertext are the same
 */
bool
SameProtection(const CoapMessage& accepted, const CoapMessage& again)
{
    return PartialIv(accepted) == PartialIv(again) && accepted.GetPayload() == again.GetPayload();
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const OscoreContext server(C1({0x01}, {}));
    static const OscoreContext client(C1({}, {0x01}));
    // The binding of the C.4 request (kid empty, Partial IV 0x14)
    CoapRequestBinding c4;
    c4.active = true;
    c4.partialIv = {0x14};

    CoapMessage received;
    std::string error;
    if (!CoapMessage::Parse(data, size, received, &error))
    {
        return 0;
    }

    // As the server
    {
        OscoreContext ctx = server;
        CoapMessage m = received;
        CoapRequestBinding b;
        ns3::CoapSecurityVerdict v = ctx.UnprotectRequest(m, b);
        if (!v.ok)
        {
            if (v.errorCode == 0 || v.reason.empty())
            {
                __builtin_trap(); // a request is always answered with a reason
            }
        }
        else
        {
            if (!m.IsRequest() || m.HasOption(ns3::CoapOption::OSCORE) || !b.active)
            {
                __builtin_trap();
            }
            OscoreContext sender(C1({}, {0x01}));
            sender.SetSenderSequenceNumber(Value(b.partialIv));
            CoapMessage again = WithoutOuterOptions(m);
            CoapRequestBinding ab;
            if (!sender.ProtectRequest(again, ab, nullptr) || !SameProtection(received, again))
            {
                __builtin_trap(); // verified something the client did not send
            }
        }
    }

    // As the client, for the response to C.4
    {
        OscoreContext ctx = client;
        CoapMessage m = received;
        CoapRequestBinding b = c4;
        ns3::CoapSecurityVerdict v = ctx.UnprotectResponse(m, b);
        if (!v.ok)
        {
            if (v.reason.empty())
            {
                __builtin_trap();
            }
        }
        else
        {
            if (!m.IsResponse() || m.HasOption(ns3::CoapOption::OSCORE))
            {
                __builtin_trap();
            }
            Bytes piv = PartialIv(received);
            OscoreContext sender(C1({0x01}, {}, !piv.empty()));
            sender.SetSenderSequenceNumber(Value(piv));
            CoapMessage again = WithoutOuterOptions(m);
            if (again.HasOption(ns3::CoapOption::OBSERVE))
            {
                again.SetObserve(0); // the client showed the Partial IV as the Observe value
            }
            if (!sender.ProtectResponse(again, c4, nullptr) || !SameProtection(received, again))
            {
                __builtin_trap(); // verified something the server did not send
            }
        }
    }
    return 0;
}
