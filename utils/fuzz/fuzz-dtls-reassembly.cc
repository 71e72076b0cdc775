/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Fuzz target: handshake-fragment reassembly. The input is parsed as a run of handshake
// fragments (each the 12-byte DTLS handshake header and its bytes) and fed to the reassembler
// in that order, out of order and duplicated as the input says. Messages released must be
// complete, in sequence, and consistent with the fragments that built them.

#include "ns3/dtls-reassembler.h"

using namespace ns3;

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    TlsReader r(data, size);
    std::vector<DtlsHandshakeFragment> fragments;
    while (r.Remaining() >= dtls::HANDSHAKE_HEADER_BYTES)
    {
        DtlsHandshakeFragment f;
        uint32_t fragmentLength;
        r.U8(f.msgType);
        r.U24(f.length);
        r.U16(f.messageSeq);
        r.U24(f.fragmentOffset);
        r.U24(fragmentLength);
        fragmentLength = std::min<uint32_t>(fragmentLength, static_cast<uint32_t>(r.Remaining()));
        r.Raw(fragmentLength, f.body);
        fragments.push_back(std::move(f));
    }
    DtlsReassembler reassembler(4096, 8);
    uint16_t expected = 0;
    for (const auto& f : fragments)
    {
        reassembler.Add(f);
        uint8_t type;
        uint16_t seq;
        Bytes body;
        while (reassembler.PopNext(type, seq, body))
        {
            if (seq != expected)
            {
                __builtin_trap(); // released out of sequence
            }
            ++expected;
            bool consistent = false;
            for (const auto& g : fragments)
            {
                if (g.messageSeq == seq && g.msgType == type && g.length == body.size())
                {
                    consistent = true;
                }
            }
            if (!consistent)
            {
                __builtin_trap(); // a message no fragment announced
            }
        }
        if (reassembler.GetBufferedBytes() > 9 * (4096 + 4096 / 8 + 12))
        {
            __builtin_trap(); // memory must stay bounded
        }
    }
    return 0;
}
