/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// libFuzzer target: CoapMessage::Parse on untrusted bytes. A message that parses must
// re-serialize to exactly the input (the CoAP wire format is canonical: extended option forms
// cannot encode small values) and parse back to an equal message; a rejection must say why.

#include "ns3/coap-header.h"
#include "ns3/coap-message.h"
#include "ns3/log.h"

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

NS_LOG_COMPONENT_DEFINE("FuzzCoapMessage");

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    ns3::CoapMessage m;
    std::string error;
    if (!ns3::CoapMessage::Parse(data, size, m, &error))
    {
        if (error.empty())
        {
            __builtin_trap(); // every rejection has a reason
        }
        return 0;
    }
    std::vector<uint8_t> bytes = m.Serialize();
    if (bytes.size() != m.GetSerializedSize() || bytes != std::vector<uint8_t>(data, data + size))
    {
        __builtin_trap();
    }
    ns3::CoapMessage again;
    if (!ns3::CoapMessage::Parse(bytes.data(), bytes.size(), again, &error) || again != m)
    {
        __builtin_trap();
    }
    // Typed accessors never assert on what the parser accepted
    std::ostringstream os;
    os << m;
    (void)m.GetUriPath();
    (void)m.GetUriQueries();
    (void)m.GetLocationPath();
    (void)m.GetBlock1();
    (void)m.GetBlock2();
    (void)m.GetObserve();
    (void)m.GetContentFormat();
    (void)m.FindUnrecognizedOption(true);
    ns3::CoapHeader header(m);
    if (header.GetSerializedSize() != size)
    {
        __builtin_trap();
    }
    return 0;
}
