/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Fuzz target: what an eavesdropper makes of any UDP payload (EavesdropperApplication::
// Classify, which reads it with the CoAP, OSCORE and DTLS codecs). It must not crash, must
// count no more readable and protected bytes than the payload holds, must give the same
// answer twice, and must count nothing for a payload it cannot read (OTHER) and nothing
// protected in NoSec CoAP.

#include "ns3/eavesdropper-application.h"

#include <cstddef>
#include <cstdint>

using namespace ns3;

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    uint64_t readable = 0;
    uint64_t protectedBytes = 0;
    EavesdropperApplication::Kind kind =
        EavesdropperApplication::Classify(data, size, readable, protectedBytes);
    if (readable + protectedBytes > size)
    {
        __builtin_trap(); // more bytes counted than the payload has
    }
    uint64_t readable2 = 0;
    uint64_t protected2 = 0;
    if (EavesdropperApplication::Classify(data, size, readable2, protected2) != kind ||
        readable2 != readable || protected2 != protectedBytes)
    {
        __builtin_trap(); // not a function of the bytes
    }
    if (kind == EavesdropperApplication::OTHER && (readable != 0 || protectedBytes != 0))
    {
        __builtin_trap();
    }
    if (kind == EavesdropperApplication::NOSEC_COAP && protectedBytes != 0)
    {
        __builtin_trap();
    }
    return 0;
}
