/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Fuzz target: the DTLS handshake parsers (handshake headers, ClientHello, ServerHello,
// HelloVerifyRequest, PSK identity and hint). What they accept must serialize back to the
// same bytes.

#include "ns3/dtls-codec.h"

using namespace ns3;

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    Bytes input(data, data + size);
    std::vector<DtlsHandshakeFragment> fragments;
    if (DtlsHandshakeFragment::ParseAll(input, fragments, nullptr))
    {
        Bytes again;
        for (const auto& f : fragments)
        {
            Bytes one = f.Serialize();
            again.insert(again.end(), one.begin(), one.end());
        }
        if (again != input)
        {
            __builtin_trap();
        }
    }
    // Every body parser on the raw input, and on each complete fragment's body
    std::vector<Bytes> bodies = {input};
    for (const auto& f : fragments)
    {
        if (f.fragmentOffset == 0 && f.body.size() == f.length)
        {
            bodies.push_back(f.body);
        }
    }
    for (const Bytes& body : bodies)
    {
        for (bool cookie : {true, false})
        {
            DtlsClientHello ch;
            if (ch.Parse(body, cookie, nullptr) && ch.Serialize(cookie) != body)
            {
                __builtin_trap();
            }
        }
        DtlsServerHello sh;
        if (sh.Parse(body, nullptr) && sh.Serialize() != body)
        {
            __builtin_trap();
        }
        DtlsHelloVerifyRequest hvr;
        if (hvr.Parse(body, nullptr) && hvr.Serialize() != body)
        {
            __builtin_trap();
        }
        Bytes identity;
        if (ParsePskOpaque(body, identity, nullptr) && SerializePskOpaque(identity) != body)
        {
            __builtin_trap();
        }
    }
    return 0;
}
