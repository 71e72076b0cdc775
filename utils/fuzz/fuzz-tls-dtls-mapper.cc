/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Fuzz target: the border router's TLS<->DTLS mapper. The input is a run of chunks, each a
// direction byte (even: from the TLS client's stream, odd: a datagram from the node) and a
// two-byte length; timers fire as they fall due. Nothing may crash; what the mapper holds
// stays within its bounds (one incomplete TLS record, one handshake message being framed,
// the reassembler's window and the kept flight); once failed it sends nothing more.

#include "ns3/tls-dtls-mapper.h"

using namespace ns3;

namespace
{

/// Records what the mapper asks for
class Sink : public TlsDtlsMapperListener
{
  public:
    void MapperToNode(const Bytes&) override
    {
        ++sent;
    }

    void MapperToTls(const Bytes&) override
    {
        ++sent;
    }

    void MapperSetTimer(Time deadline) override
    {
        timer = deadline;
        armed = true;
    }

    void MapperCancelTimer() override
    {
        armed = false;
    }

    void MapperFailed(const std::string&) override
    {
        ++failures;
    }

    Time timer;           //!< deadline
    bool armed{false};    //!< deadline set
    uint32_t sent{0};     //!< outputs
    uint32_t failures{0}; //!< MapperFailed calls
};

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    Sink sink;
    TlsDtlsMapperConfig config;
    config.maxMessageBytes = 2048;
    config.maxFlightBytes = 4096;
    config.maxRetransmissions = 3;
    TlsDtlsMapper mapper(config, sink);
    // bounds: a TLS record (2^14 + 2048 + header), a message being framed, the reassembler's
    // messages ahead (8 of at most 2048 bytes and their bitmaps), the kept flight
    const uint32_t bound = (16384 + 2048 + 5) + (2048 + 4) + 9 * 2 * 2048 + (4096 + 2048 * 2);
    Time now = Seconds(1);
    TlsReader r(data, size);
    uint8_t direction;
    uint16_t length;
    while (r.U8(direction) && r.U16(length))
    {
        Bytes chunk;
        if (!r.Raw(std::min<std::size_t>(length, r.Remaining()), chunk))
        {
            break;
        }
        now += MilliSeconds(100);
        if (sink.armed && sink.timer <= now)
        {
            sink.armed = false;
            mapper.Timeout(now);
        }
        uint32_t sentBefore = sink.sent;
        bool failedBefore = mapper.IsFailed();
        if (direction % 2 == 0)
        {
            mapper.FromTls(now, chunk);
        }
        else
        {
            mapper.FromNode(now, chunk);
        }
        if ((failedBefore && sink.sent != sentBefore) || sink.failures > 1 ||
            mapper.GetBufferedBytes() > bound || mapper.GetHeaderStateBytes() > 64)
        {
            __builtin_trap();
        }
    }
    return 0;
}
