/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "engine-random.h"

#include "ns3/abort.h"
#include "ns3/random-variable-stream.h"

#include <openssl/rand.h>

namespace ns3
{

uint32_t
EngineRandom::Integer(uint32_t min, uint32_t max)
{
    NS_ABORT_MSG_IF(min > max, "EngineRandom::Integer: min > max");
    double span = static_cast<double>(max) - static_cast<double>(min) + 1.0;
    auto value = static_cast<uint64_t>(Uniform(0.0, span));
    if (value > static_cast<uint64_t>(max - min))
    {
        value = max - min;
    }
    return min + static_cast<uint32_t>(value);
}

StreamEngineRandom::StreamEngineRandom(Ptr<UniformRandomVariable> stream)
    : m_stream(stream)
{
    NS_ABORT_MSG_UNLESS(m_stream, "StreamEngineRandom: null random variable");
}

void
StreamEngineRandom::Fill(uint8_t* out, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i)
    {
        out[i] = static_cast<uint8_t>(m_stream->GetInteger(0, 255));
    }
}

double
StreamEngineRandom::Uniform(double min, double max)
{
    return m_stream->GetValue(min, max);
}

void
HostEngineRandom::Fill(uint8_t* out, std::size_t n)
{
    NS_ABORT_MSG_UNLESS(RAND_bytes(out, static_cast<int>(n)) == 1, "RAND_bytes failed");
}

double
HostEngineRandom::Uniform(double min, double max)
{
    uint64_t r;
    Fill(reinterpret_cast<uint8_t*>(&r), sizeof(r));
    double unit = static_cast<double>(r >> 11) / static_cast<double>(uint64_t{1} << 53);
    return min + unit * (max - min);
}

} // namespace ns3
