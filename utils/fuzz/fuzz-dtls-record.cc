/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Fuzz target: the DTLS record-layer parser. Whatever it accepts must serialize back to the
// same bytes.

#include "ns3/dtls-codec.h"

#include <cstring>

using namespace ns3;

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::vector<DtlsRecord> records;
    std::string error;
    bool whole = DtlsRecord::ParseDatagram(data, size, records, &error);
    if (whole != error.empty())
    {
        __builtin_trap();
    }
    std::size_t offset = 0;
    for (const auto& r : records)
    {
        Bytes again = r.Serialize();
        if (offset + again.size() > size || std::memcmp(data + offset, again.data(), again.size()))
        {
            __builtin_trap(); // a parsed record does not serialize back to its bytes
        }
        offset += again.size();
    }
    if (whole && offset != size)
    {
        __builtin_trap();
    }
    return 0;
}
