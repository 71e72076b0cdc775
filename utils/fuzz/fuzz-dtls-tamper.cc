/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Fuzz target: the tampering router's datagram surgery (TamperDtlsDatagram) on any bytes.
// It never changes a datagram's length; a datagram it changes still parses into the same
// records (types, epochs, lengths); corrupting a random flips single bits only and undoes
// itself when applied twice; corrupting the Finished's sequence number touches nothing but
// sequence-number bytes.

#include "ns3/dtls-tamper.h"

#include <cstring>

using namespace ns3;

namespace
{

/// \param d a datagram \param[out] records its records \return true if it parses whole
bool
Parse(const Bytes& d, std::vector<DtlsRecord>& records)
{
    records.clear();
    return DtlsRecord::ParseDatagram(d.data(), d.size(), records, nullptr);
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const Bytes original(data, data + size);
    std::vector<DtlsRecord> before;
    bool dtls = Parse(original, before);
    for (TlsDtlsTamperField field :
         {TAMPER_NONE, TAMPER_CLIENT_RANDOM, TAMPER_SERVER_RANDOM, TAMPER_FINISHED_SEQUENCE})
    {
        Bytes d = original;
        bool changed = TamperDtlsDatagram(field, d);
        if (d.size() != original.size() || changed != (d != original))
        {
            __builtin_trap(); // the length changed, or the result lies
        }
        if (!changed)
        {
            continue;
        }
        std::vector<DtlsRecord> after;
        if (!dtls || field == TAMPER_NONE || !Parse(d, after) || after.size() != before.size())
        {
            __builtin_trap(); // only whole DTLS datagrams are changed, and stay whole
        }
        // the bytes that differ: sequence numbers (bytes 5..10 of a record header) for the
        // Finished, single low bits elsewhere for the randoms
        std::size_t offset = 0;
        for (std::size_t r = 0; r < before.size(); ++r)
        {
            if (after[r].type != before[r].type || after[r].epoch != before[r].epoch ||
                after[r].fragment.size() != before[r].fragment.size())
            {
                __builtin_trap();
            }
            for (std::size_t i = 0; i < 13 + before[r].fragment.size(); ++i)
            {
                uint8_t x = d[offset + i] ^ original[offset + i];
                bool seqByte = i >= 5 && i < 11;
                if (x && (field == TAMPER_FINISHED_SEQUENCE ? !seqByte : x != 0x01 || i < 13))
                {
                    __builtin_trap();
                }
            }
            offset += 13 + before[r].fragment.size();
        }
        if (field != TAMPER_FINISHED_SEQUENCE)
        {
            TamperDtlsDatagram(field, d);
            if (d != original)
            {
                __builtin_trap(); // flipping the same bits again restores the datagram
            }
        }
    }
    return 0;
}
