/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Fuzz target: the secure element's APDU transport on any bytes. The input goes to the command
// and response APDU parsers, whatever either accepts must serialize back to the identical
// bytes; then the input is cut at every 0x00 byte into pieces fed to the command reassembler
// (bounded at 1000 bytes), whose message must never exceed its bound; and the response
// splitter's chunks of the input must reassemble to the input.

#include "ns3/apdu.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

using namespace ns3;

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string error;
    CommandApdu command;
    if (CommandApdu::Parse(data, size, command, &error))
    {
        Bytes back = command.Serialize();
        if (back.size() != size || (size > 0 && !std::equal(back.begin(), back.end(), data)) ||
            command.Case() < 1 || command.Case() > 4)
        {
            __builtin_trap();
        }
    }
    ResponseApdu response;
    if (ResponseApdu::Parse(data, size, response, &error))
    {
        Bytes back = response.Serialize();
        if (back.size() != size || !std::equal(back.begin(), back.end(), data))
        {
            __builtin_trap();
        }
    }

    const std::size_t bound = 1000;
    ApduReassembler reassembler(bound);
    std::size_t start = 0;
    for (std::size_t i = 0; i <= size; ++i)
    {
        if (i == size || data[i] == 0x00)
        {
            reassembler.Add(data + start, i - start, &error);
            if (reassembler.Message().size() > bound)
            {
                __builtin_trap();
            }
            start = i + 1;
        }
    }

    std::vector<ResponseApdu> chunks = ApduSplitResponse(data, size);
    ApduResponseReassembler host(size);
    ApduReassembler::Result last = ApduReassembler::Result::ERROR;
    for (const auto& chunk : chunks)
    {
        last = host.Add(chunk, &error);
    }
    if (last != ApduReassembler::Result::COMPLETE || host.Message().size() != size ||
        (size > 0 && !std::equal(host.Message().begin(), host.Message().end(), data)))
    {
        __builtin_trap();
    }
    return 0;
}
