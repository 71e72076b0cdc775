/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Fuzz target: the border router's attack filter (BorderRouterFilter) on any bytes.
// 1. The input as one UDP payload, twice, through a fresh filter: the first copy passes (a
//    full bucket, an empty cache), the second is a replay exactly when the payload has a
//    replay key (DTLS records, a CoAP or OSCORE message).
// 2. The input as a script of operations on a filter with tables of a few entries (inbound
//    packets with payloads cut from the input, answers, back-ends added and removed, time
//    passing), with or without requireAuthenticated: after each operation no table exceeds
//    its bound, the state is the entries times their sizes and never exceeds the cap, and
//    every packet is counted once.

#include "ns3/border-router-filter.h"
#include "ns3/nstime.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

using namespace ns3;

namespace
{

/// Reads the script: bytes in order, 0 past the end
class Script
{
  public:
    /// \param data the bytes \param size their number
    Script(const uint8_t* data, std::size_t size)
        : m_data(data),
          m_size(size)
    {
    }

    /// \return true while bytes are left
    bool More() const
    {
        return m_at < m_size;
    }

    /// \return the next byte (0 past the end)
    uint8_t Next()
    {
        return m_at < m_size ? m_data[m_at++] : 0;
    }

    /// \param n at most this many \param[out] len how many \return the next bytes
    const uint8_t* Take(std::size_t n, std::size_t& len)
    {
        len = std::min(n, m_size - m_at);
        const uint8_t* p = m_data + m_at;
        m_at += len;
        return p;
    }

  private:
    const uint8_t* m_data; //!< the bytes
    std::size_t m_size;    //!< their number
    std::size_t m_at{0};   //!< read position
};

/// \param n a number \return 2001:db8::n (n < 256)
Ipv6Address
HostAddress(uint8_t n)
{
    uint8_t b[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, n};
    return Ipv6Address(b);
}

/// \param f a filter \return false if a table exceeds its bound or the state its cap
bool
WithinBounds(const BorderRouterFilter& f)
{
    uint64_t bytes = 0;
    for (std::size_t t = 0; t < BORDER_ROUTER_FILTER_TABLES; ++t)
    {
        auto table = static_cast<BorderRouterFilterTable>(t);
        if (f.GetEntries(table) > f.GetConfig().GetCap(table))
        {
            return false;
        }
        bytes += uint64_t{f.GetEntries(table)} * BorderRouterFilter::GetEntryBytes(table);
    }
    return bytes == f.GetStateBytes() && f.GetStateBytes() <= f.GetStateCapBytes() &&
           f.GetStateCapBytes() == f.GetConfig().ComputeStateCapBytes();
}

/// \param f a filter \return every verdict counted: drops and passes
uint64_t
Counted(const BorderRouterFilter& f)
{
    uint64_t n = f.GetPassed();
    for (std::size_t v = 1; v < BORDER_ROUTER_FILTER_VERDICTS; ++v)
    {
        n += f.GetDrops(static_cast<BorderRouterFilterVerdict>(v));
    }
    return n;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    // 1. the input as a payload, twice
    {
        BorderRouterFilterConfig c;
        c.replayEntries = 64;
        BorderRouterFilter f(c);
        const Ipv6Address src = HostAddress(1);
        const Ipv6Address dst = HostAddress(200);
        std::vector<uint64_t> keys;
        BorderRouterFilter::ReplayKeys(src, dst, 40000, 5684, data, size, keys);
        if (f.Inbound(Seconds(1), src, dst, 40000, 5684, data, size) !=
            BorderRouterFilterVerdict::PASS)
        {
            __builtin_trap(); // nothing to drop it for
        }
        BorderRouterFilterVerdict again = f.Inbound(Seconds(1), src, dst, 40000, 5684, data, size);
        if (again != (keys.empty() ? BorderRouterFilterVerdict::PASS
                                   : BorderRouterFilterVerdict::DROP_REPLAY))
        {
            __builtin_trap(); // a replay iff the payload has a key
        }
        if (!WithinBounds(f) || Counted(f) != 2)
        {
            __builtin_trap();
        }
    }

    // 2. the input as a script
    Script s(data, size);
    BorderRouterFilterConfig c;
    c.requireAuthenticated = (s.Next() & 1) != 0;
    c.sourceBurst = 3;
    c.destinationBurst = 5;
    c.maxSources = 4;
    c.maxDestinations = 3;
    c.replayEntries = 8;
    c.maxRequesters = 4;
    c.maxAuthenticated = 2;
    c.maxAnswerFragments = 2;
    c.stateCapBytes = static_cast<uint32_t>(c.ComputeStateCapBytes());
    BorderRouterFilter f(c);
    Time now = Seconds(0);
    uint64_t packets = 0;
    while (s.More())
    {
        uint8_t op = s.Next();
        now += MilliSeconds(op >> 3); // 0..31 ms per operation
        switch (op % 5)
        {
        case 0:
        case 1: {
            Ipv6Address src = HostAddress(s.Next() & 15);
            Ipv6Address dst = HostAddress(100 + (s.Next() & 7));
            uint16_t port = 5683 + (s.Next() & 3);
            std::size_t len = 0;
            const uint8_t* payload = s.Take(s.Next(), len);
            f.Inbound(now, src, dst, port, 5684, payload, len);
            ++packets;
            break;
        }
        case 2: {
            Ipv6Address node = HostAddress(100 + (s.Next() & 7));
            Ipv6Address requester = HostAddress(s.Next() & 15);
            std::size_t bytes = (std::size_t{s.Next()} << 8) | s.Next();
            uint32_t fragments = s.Next() & 7;
            BorderRouterFilterVerdict v =
                f.Outbound(now, node, requester, 5684, 5683, bytes, fragments);
            if (fragments > c.maxAnswerFragments && v != BorderRouterFilterVerdict::DROP_FRAGMENTS)
            {
                __builtin_trap();
            }
            if (fragments <= c.maxAnswerFragments && f.IsAuthenticated(requester) &&
                v != BorderRouterFilterVerdict::PASS)
            {
                __builtin_trap(); // back-ends have no budget
            }
            ++packets;
            break;
        }
        case 3: {
            uint8_t b = s.Next();
            if (b & 0x80)
            {
                f.RemoveAuthenticated(HostAddress(b & 15));
            }
            else
            {
                f.AddAuthenticated(HostAddress(b & 15));
            }
            break;
        }
        default:
            now += Seconds(s.Next() & 3);
            break;
        }
        if (!WithinBounds(f) || f.GetStateBytes() > c.stateCapBytes || Counted(f) != packets)
        {
            __builtin_trap();
        }
    }
    return 0;
}
