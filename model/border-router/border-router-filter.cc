/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "border-router-filter.h"

#include "ns3/abort.h"
#include "ns3/assert.h"
#include "ns3/coap-message.h"
#include "ns3/dtls-codec.h"
#include "ns3/log.h"
#include "ns3/oscore-context.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("BorderRouterFilter");

namespace
{

/// Domain of a replay key, its first byte: keys of different kinds never coincide
enum KeyDomain : uint8_t
{
    KEY_DTLS = 'D',
    KEY_COAP = 'C',
    KEY_OSCORE = 'O',
};

/// Bytes of the tag at the end of a protected DTLS record or OSCORE payload (CCM-8)
constexpr std::size_t TAG_BYTES = 8;

/// Longest burst / rate of a bucket, ns (1e6 s, 11.6 days: its TAT arithmetic stays far from
/// int64 overflow even in picoseconds)
constexpr double MAX_TOLERANCE_NS = 1e15;

/**
 * \param x a 64-bit value
 * \return x mixed (MurmurHash3's 64-bit finalizer, a bijection)
 */
uint64_t
Mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

/**
 * \brief A 64-bit non-cryptographic hash of a byte string (not keyed): each 8-byte word is
 * mixed into the state, the length last.
 * \param data the bytes
 * \param n their number
 * \return the hash
 */
uint64_t
Hash64(const uint8_t* data, std::size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8)
    {
        uint64_t w = 0;
        for (std::size_t b = 0; b < 8; ++b)
        {
            w |= static_cast<uint64_t>(data[i + b]) << (8 * b);
        }
        h = Mix64(h ^ w) + 0x632be59bd9b4e019ULL;
    }
    uint64_t w = 0;
    for (std::size_t b = 0; i + b < n; ++b)
    {
        w |= static_cast<uint64_t>(data[i + b]) << (8 * b);
    }
    h = Mix64(h ^ w) + 0x632be59bd9b4e019ULL;
    return Mix64(h ^ static_cast<uint64_t>(n));
}

/// The bytes of a replay key, built field by field, then hashed
class KeyBuilder
{
  public:
    /**
     * \param domain the kind of key
     * \param src source address
     * \param dst destination address
     */
    KeyBuilder(KeyDomain domain, const Ipv6Address& src, const Ipv6Address& dst)
    {
        m_bytes.reserve(64);
        m_bytes.push_back(domain);
        uint8_t a[16];
        src.GetBytes(a);
        m_bytes.insert(m_bytes.end(), a, a + 16);
        dst.GetBytes(a);
        m_bytes.insert(m_bytes.end(), a, a + 16);
    }

    /// \param v a 16-bit field
    void U16(uint16_t v)
    {
        m_bytes.push_back(static_cast<uint8_t>(v >> 8));
        m_bytes.push_back(static_cast<uint8_t>(v));
    }

    /// \param v a 48-bit field
    void U48(uint64_t v)
    {
        for (int i = 5; i >= 0; --i)
        {
            m_bytes.push_back(static_cast<uint8_t>(v >> (8 * i)));
        }
    }

    /**
     * \brief A variable-length field, after its length (so that fields cannot run into each
     * other).
     * \param data the bytes
     * \param n their number
     */
    void Field(const uint8_t* data, std::size_t n)
    {
        U16(static_cast<uint16_t>(std::min<std::size_t>(n, 0xffff)));
        m_bytes.insert(m_bytes.end(), data, data + n);
    }

    /// \param b a variable-length field
    void Field(const Bytes& b)
    {
        Field(b.data(), b.size());
    }

    /// \param b an optional field: a presence byte, then the field
    void Optional(const std::optional<Bytes>& b)
    {
        m_bytes.push_back(b ? 1 : 0);
        if (b)
        {
            Field(*b);
        }
    }

    /// \param b bytes \return the last TAG_BYTES of them (all of them when shorter)
    static std::pair<const uint8_t*, std::size_t> Tail(const Bytes& b)
    {
        std::size_t n = std::min(b.size(), TAG_BYTES);
        return {b.data() + b.size() - n, n};
    }

    /// \return the key's hash
    uint64_t Hash() const
    {
        return Hash64(m_bytes.data(), m_bytes.size());
    }

  private:
    Bytes m_bytes; //!< the key
};

} // namespace

std::string
BorderRouterFilterVerdictName(BorderRouterFilterVerdict verdict)
{
    switch (verdict)
    {
    case BorderRouterFilterVerdict::PASS:
        return "PASS";
    case BorderRouterFilterVerdict::DROP_UNAUTHENTICATED:
        return "DROP_UNAUTHENTICATED";
    case BorderRouterFilterVerdict::DROP_SOURCE_RATE:
        return "DROP_SOURCE_RATE";
    case BorderRouterFilterVerdict::DROP_DESTINATION_RATE:
        return "DROP_DESTINATION_RATE";
    case BorderRouterFilterVerdict::DROP_REPLAY:
        return "DROP_REPLAY";
    case BorderRouterFilterVerdict::DROP_AMPLIFICATION:
        return "DROP_AMPLIFICATION";
    case BorderRouterFilterVerdict::DROP_FRAGMENTS:
        return "DROP_FRAGMENTS";
    }
    return "unknown";
}

std::ostream&
operator<<(std::ostream& os, BorderRouterFilterVerdict verdict)
{
    return os << BorderRouterFilterVerdictName(verdict);
}

std::string
BorderRouterFilterTableName(BorderRouterFilterTable table)
{
    switch (table)
    {
    case BorderRouterFilterTable::SOURCES:
        return "SOURCES";
    case BorderRouterFilterTable::DESTINATIONS:
        return "DESTINATIONS";
    case BorderRouterFilterTable::REPLAY:
        return "REPLAY";
    case BorderRouterFilterTable::REQUESTERS:
        return "REQUESTERS";
    case BorderRouterFilterTable::AUTHENTICATED:
        return "AUTHENTICATED";
    }
    return "unknown";
}

// ------------------------------------------------------------------------------------------
// Configuration
// ------------------------------------------------------------------------------------------

uint32_t
BorderRouterFilterConfig::GetCap(BorderRouterFilterTable table) const
{
    switch (table)
    {
    case BorderRouterFilterTable::SOURCES:
        return sourceRate > 0 ? maxSources : 0;
    case BorderRouterFilterTable::DESTINATIONS:
        return destinationRate > 0 ? maxDestinations : 0;
    case BorderRouterFilterTable::REPLAY:
        return replayEntries;
    case BorderRouterFilterTable::REQUESTERS:
        return amplificationFactor > 0 ? maxRequesters : 0;
    case BorderRouterFilterTable::AUTHENTICATED:
        return maxAuthenticated;
    }
    return 0;
}

uint64_t
BorderRouterFilterConfig::ComputeStateCapBytes() const
{
    uint64_t bytes = 0;
    for (std::size_t t = 0; t < BORDER_ROUTER_FILTER_TABLES; ++t)
    {
        auto table = static_cast<BorderRouterFilterTable>(t);
        bytes += uint64_t{GetCap(table)} * BorderRouterFilter::GetEntryBytes(table);
    }
    return bytes;
}

namespace
{

/**
 * \param name the bucket's name
 * \param rate its rate
 * \param burst its capacity
 * \param bound its table's bound
 * \return what is wrong, or ""
 */
std::string
CheckBucket(const std::string& name, double rate, uint32_t burst, uint32_t bound)
{
    if (!std::isfinite(rate) || rate < 0 || rate > 1e9)
    {
        return name + "Rate must be in [0, 1e9] packets/s";
    }
    if (rate == 0)
    {
        return "";
    }
    if (burst < 1)
    {
        return name + "Burst must be at least 1";
    }
    if ((burst - 1.0) * 1e9 / rate > MAX_TOLERANCE_NS)
    {
        return name + "Burst / " + name + "Rate must be shorter than 1e6 s";
    }
    if (bound < 1)
    {
        return "the " + name + " table needs a bound of at least 1";
    }
    return "";
}

} // namespace

bool
BorderRouterFilterConfig::Validate(std::string* error) const
{
    std::string why = CheckBucket("source", sourceRate, sourceBurst, maxSources);
    if (why.empty())
    {
        why = CheckBucket("destination", destinationRate, destinationBurst, maxDestinations);
    }
    if (why.empty())
    {
        uint64_t cap = ComputeStateCapBytes();
        if (!std::isfinite(amplificationFactor) || amplificationFactor < 0)
        {
            why = "amplificationFactor must be finite and not negative";
        }
        else if (amplificationFactor > 0 && maxRequesters < 1)
        {
            why = "the requester table needs a bound of at least 1";
        }
        else if (cap > std::numeric_limits<uint32_t>::max())
        {
            why = "the bounds allow " + std::to_string(cap) + " bytes of state, more than 2^32";
        }
        else if (stateCapBytes > 0 && cap > stateCapBytes)
        {
            why = "the bounds allow " + std::to_string(cap) + " bytes of state, more than " +
                  "stateCapBytes (" + std::to_string(stateCapBytes) + ")";
        }
    }
    if (error != nullptr)
    {
        *error = why;
    }
    return why.empty();
}

// ------------------------------------------------------------------------------------------
// Tables
// ------------------------------------------------------------------------------------------

std::size_t
BorderRouterFilter::AddressKeyHash::operator()(const AddressKey& key) const
{
    uint64_t hi = 0;
    uint64_t lo = 0;
    for (std::size_t i = 0; i < 8; ++i)
    {
        hi = (hi << 8) | key[i];
        lo = (lo << 8) | key[8 + i];
    }
    return static_cast<std::size_t>(Mix64(hi ^ Mix64(lo)));
}

template <typename Value>
BorderRouterFilter::LruTable<Value>::LruTable(uint32_t capacity)
    : m_capacity(capacity)
{
}

template <typename Value>
Value*
BorderRouterFilter::LruTable<Value>::Find(const AddressKey& key)
{
    auto it = m_index.find(key);
    if (it == m_index.end())
    {
        return nullptr;
    }
    m_order.splice(m_order.begin(), m_order, it->second);
    return &it->second->second;
}

template <typename Value>
Value&
BorderRouterFilter::LruTable<Value>::Insert(const AddressKey& key,
                                            const Value& value,
                                            bool& evicted)
{
    NS_ASSERT(m_capacity > 0);
    evicted = m_order.size() >= m_capacity;
    if (evicted)
    {
        // reuse the least recent entry's list node and index node
        Iterator last = std::prev(m_order.end());
        auto node = m_index.extract(last->first);
        last->first = key;
        last->second = value;
        m_order.splice(m_order.begin(), m_order, last);
        node.key() = key;
        m_index.insert(std::move(node));
        return last->second;
    }
    m_order.emplace_front(key, value);
    m_index.emplace(key, m_order.begin());
    return m_order.front().second;
}

template <typename Value>
uint32_t
BorderRouterFilter::LruTable<Value>::Size() const
{
    return static_cast<uint32_t>(m_order.size());
}

BorderRouterFilter::ReplayCache::ReplayCache(uint32_t capacity)
    : m_capacity(capacity)
{
}

bool
BorderRouterFilter::ReplayCache::Contains(uint64_t key) const
{
    return m_set.count(key) != 0;
}

bool
BorderRouterFilter::ReplayCache::Insert(uint64_t key, bool& evicted)
{
    NS_ASSERT(m_capacity > 0);
    evicted = false;
    if (m_set.count(key) != 0)
    {
        return false;
    }
    if (m_ring.size() < m_capacity)
    {
        m_ring.push_back(key);
        m_set.insert(key);
        return true;
    }
    // forget the oldest hash, reusing its set node
    auto node = m_set.extract(m_ring[m_next]);
    node.value() = key;
    m_set.insert(std::move(node));
    m_ring[m_next] = key;
    m_next = (m_next + 1) % m_capacity;
    evicted = true;
    return true;
}

uint32_t
BorderRouterFilter::ReplayCache::Size() const
{
    return static_cast<uint32_t>(m_set.size());
}

// ------------------------------------------------------------------------------------------
// The filter
// ------------------------------------------------------------------------------------------

uint32_t
BorderRouterFilter::GetEntryBytes(BorderRouterFilterTable table)
{
    switch (table)
    {
    case BorderRouterFilterTable::SOURCES:
        return SOURCE_ENTRY_BYTES;
    case BorderRouterFilterTable::DESTINATIONS:
        return DESTINATION_ENTRY_BYTES;
    case BorderRouterFilterTable::REPLAY:
        return REPLAY_ENTRY_BYTES;
    case BorderRouterFilterTable::REQUESTERS:
        return REQUESTER_ENTRY_BYTES;
    case BorderRouterFilterTable::AUTHENTICATED:
        return AUTHENTICATED_ENTRY_BYTES;
    }
    return 0;
}

namespace
{

/**
 * \param config a configuration
 * \return it, after aborting if it is not valid
 */
const BorderRouterFilterConfig&
Checked(const BorderRouterFilterConfig& config)
{
    std::string error;
    NS_ABORT_MSG_UNLESS(config.Validate(&error),
                        "BorderRouterFilter: invalid configuration: " << error);
    return config;
}

/**
 * \param rate a bucket's rate (> 0)
 * \return its token interval, rounded to the nanosecond (at least 1 ns)
 */
Time
Interval(double rate)
{
    return NanoSeconds(std::max<int64_t>(1, std::llround(1e9 / rate)));
}

} // namespace

BorderRouterFilter::BorderRouterFilter(const BorderRouterFilterConfig& config)
    : m_config(Checked(config)),
      m_stateCapBytes(static_cast<uint32_t>(config.ComputeStateCapBytes())),
      m_sources(config.GetCap(BorderRouterFilterTable::SOURCES)),
      m_destinations(config.GetCap(BorderRouterFilterTable::DESTINATIONS)),
      m_replay(config.GetCap(BorderRouterFilterTable::REPLAY)),
      m_requesters(config.GetCap(BorderRouterFilterTable::REQUESTERS))
{
    if (config.sourceRate > 0)
    {
        m_sourceInterval = Interval(config.sourceRate).GetTimeStep();
        m_sourceTolerance = m_sourceInterval * int64_t{config.sourceBurst - 1};
    }
    if (config.destinationRate > 0)
    {
        m_destinationInterval = Interval(config.destinationRate).GetTimeStep();
        m_destinationTolerance = m_destinationInterval * int64_t{config.destinationBurst - 1};
    }
}

const BorderRouterFilterConfig&
BorderRouterFilter::GetConfig() const
{
    return m_config;
}

BorderRouterFilter::AddressKey
BorderRouterFilter::Key(const Ipv6Address& address)
{
    AddressKey key;
    address.GetBytes(key.data());
    return key;
}

bool
BorderRouterFilter::AddAuthenticated(Ipv6Address address)
{
    NS_LOG_FUNCTION(this << address);
    AddressKey key = Key(address);
    if (m_authenticated.count(key) != 0)
    {
        return true;
    }
    if (m_authenticated.size() >= m_config.maxAuthenticated)
    {
        NS_LOG_WARN("authenticated back-ends full (" << m_config.maxAuthenticated
                                                     << "): " << address << " refused");
        return false;
    }
    m_authenticated.insert(key);
    return true;
}

bool
BorderRouterFilter::RemoveAuthenticated(Ipv6Address address)
{
    NS_LOG_FUNCTION(this << address);
    return m_authenticated.erase(Key(address)) != 0;
}

bool
BorderRouterFilter::IsAuthenticated(Ipv6Address address) const
{
    return m_authenticated.count(Key(address)) != 0;
}

BorderRouterFilterVerdict
BorderRouterFilter::Drop(BorderRouterFilterVerdict verdict)
{
    ++m_verdicts[static_cast<std::size_t>(verdict)];
    return verdict;
}

bool
BorderRouterFilter::Conform(LruTable<int64_t>& table,
                            const AddressKey& key,
                            int64_t now,
                            int64_t interval,
                            int64_t tolerance,
                            BorderRouterFilterTable which)
{
    int64_t* tat = table.Find(key);
    if (tat == nullptr)
    {
        bool evicted = false;
        tat = &table.Insert(key, now, evicted); // a full bucket
        if (evicted)
        {
            ++m_evictions[static_cast<std::size_t>(which)];
        }
    }
    int64_t start = std::max(*tat, now);
    if (start - now > tolerance)
    {
        return false; // fewer than one token
    }
    *tat = start + interval;
    return true;
}

BorderRouterFilterVerdict
BorderRouterFilter::Inbound(Time now,
                            Ipv6Address src,
                            Ipv6Address dst,
                            uint16_t srcPort,
                            uint16_t dstPort,
                            const uint8_t* udpPayload,
                            std::size_t len)
{
    NS_LOG_FUNCTION(this << now << src << dst << srcPort << dstPort << len);
    if (udpPayload == nullptr)
    {
        len = 0;
    }
    const int64_t t = now.GetTimeStep();
    const AddressKey source = Key(src);
    const bool authenticated = m_authenticated.count(source) != 0;
    if (m_config.requireAuthenticated && !authenticated)
    {
        NS_LOG_LOGIC("drop: " << src << " is not authenticated");
        return Drop(BorderRouterFilterVerdict::DROP_UNAUTHENTICATED);
    }
    if (m_config.sourceRate > 0 && !Conform(m_sources,
                                            source,
                                            t,
                                            m_sourceInterval,
                                            m_sourceTolerance,
                                            BorderRouterFilterTable::SOURCES))
    {
        NS_LOG_LOGIC("drop: " << src << " exceeds its rate");
        return Drop(BorderRouterFilterVerdict::DROP_SOURCE_RATE);
    }
    if (m_config.destinationRate > 0 && !Conform(m_destinations,
                                                 Key(dst),
                                                 t,
                                                 m_destinationInterval,
                                                 m_destinationTolerance,
                                                 BorderRouterFilterTable::DESTINATIONS))
    {
        NS_LOG_LOGIC("drop: " << dst << " exceeds its rate");
        return Drop(BorderRouterFilterVerdict::DROP_DESTINATION_RATE);
    }
    if (m_config.replayEntries > 0)
    {
        m_keys.clear();
        ReplayKeys(src, dst, srcPort, dstPort, udpPayload, len, m_keys);
        for (uint64_t k : m_keys)
        {
            if (m_replay.Contains(k))
            {
                NS_LOG_LOGIC("drop: a replay from " << src << " to " << dst);
                return Drop(BorderRouterFilterVerdict::DROP_REPLAY);
            }
        }
        for (uint64_t k : m_keys)
        {
            bool evicted = false;
            m_replay.Insert(k, evicted); // false for a key repeated within the datagram
            if (evicted)
            {
                ++m_evictions[static_cast<std::size_t>(BorderRouterFilterTable::REPLAY)];
            }
        }
    }
    if (m_config.amplificationFactor > 0 && !authenticated)
    {
        Budget* budget = m_requesters.Find(source);
        if (budget == nullptr)
        {
            bool evicted = false;
            budget = &m_requesters.Insert(source, Budget(), evicted);
            if (evicted)
            {
                ++m_evictions[static_cast<std::size_t>(BorderRouterFilterTable::REQUESTERS)];
            }
        }
        budget->received += len;
    }
    ++m_inboundPassed;
    return BorderRouterFilterVerdict::PASS;
}

BorderRouterFilterVerdict
BorderRouterFilter::Outbound(Time now,
                             Ipv6Address src,
                             Ipv6Address dst,
                             uint16_t srcPort,
                             uint16_t dstPort,
                             std::size_t udpBytes,
                             uint32_t fragments)
{
    NS_LOG_FUNCTION(this << now << src << dst << srcPort << dstPort << udpBytes << fragments);
    if (m_config.maxAnswerFragments > 0 && fragments > m_config.maxAnswerFragments)
    {
        NS_LOG_LOGIC("drop: an answer of " << fragments << " fragments to " << dst);
        return Drop(BorderRouterFilterVerdict::DROP_FRAGMENTS);
    }
    if (m_config.amplificationFactor > 0)
    {
        const AddressKey requester = Key(dst);
        if (m_authenticated.count(requester) == 0)
        {
            Budget* budget = m_requesters.Find(requester);
            // in doubles, so that no sum wraps around (exact below 2^53 bytes)
            if (budget == nullptr ||
                static_cast<double>(budget->answered) + static_cast<double>(udpBytes) >
                    m_config.amplificationFactor * static_cast<double>(budget->received))
            {
                NS_LOG_LOGIC("drop: " << udpBytes << " bytes to " << dst << " exceed "
                                      << m_config.amplificationFactor << " x the bytes received");
                return Drop(BorderRouterFilterVerdict::DROP_AMPLIFICATION);
            }
            budget->answered += udpBytes;
        }
    }
    ++m_outboundPassed;
    return BorderRouterFilterVerdict::PASS;
}

void
BorderRouterFilter::ReplayKeys(Ipv6Address src,
                               Ipv6Address dst,
                               uint16_t srcPort,
                               uint16_t dstPort,
                               const uint8_t* payload,
                               std::size_t len,
                               std::vector<uint64_t>& keys)
{
    if (payload == nullptr || len == 0)
    {
        return;
    }
    std::vector<DtlsRecord> records;
    DtlsRecord::ParseDatagram(payload, len, records, nullptr); // up to a malformed record
    if (!records.empty())
    {
        for (const DtlsRecord& r : records)
        {
            KeyBuilder k(KEY_DTLS, src, dst);
            k.U16(srcPort);
            k.U16(dstPort);
            k.U16(r.epoch);
            k.U48(r.sequence);
            if (r.epoch == 0)
            {
                k.Field(r.fragment); // no tag: the whole record
            }
            else
            {
                auto tag = KeyBuilder::Tail(r.fragment);
                k.Field(tag.first, tag.second);
            }
            keys.push_back(k.Hash());
        }
        return;
    }
    CoapMessage m;
    if (!CoapMessage::Parse(payload, len, m, nullptr))
    {
        return; // neither DTLS nor CoAP: no key
    }
    if (const std::vector<uint8_t>* value = m.GetOption(CoapOption::OSCORE))
    {
        OscoreOptionValue option;
        if (OscoreOptionValue::Decode(*value, option, nullptr) && option.partialIv)
        {
            KeyBuilder k(KEY_OSCORE, src, dst);
            k.Optional(option.kidContext);
            k.Optional(option.kid);
            k.Field(*option.partialIv);
            auto tag = KeyBuilder::Tail(m.GetPayload());
            k.Field(tag.first, tag.second);
            keys.push_back(k.Hash());
            return;
        }
    }
    KeyBuilder k(KEY_COAP, src, dst);
    k.U16(srcPort);
    k.U16(dstPort);
    k.U16(m.GetMessageId());
    k.Field(m.GetToken());
    keys.push_back(k.Hash());
}

uint64_t
BorderRouterFilter::GetDrops(BorderRouterFilterVerdict verdict) const
{
    return m_verdicts[static_cast<std::size_t>(verdict)];
}

uint64_t
BorderRouterFilter::GetPassed() const
{
    return m_inboundPassed + m_outboundPassed;
}

uint64_t
BorderRouterFilter::GetInboundPassed() const
{
    return m_inboundPassed;
}

uint64_t
BorderRouterFilter::GetOutboundPassed() const
{
    return m_outboundPassed;
}

uint32_t
BorderRouterFilter::GetEntries(BorderRouterFilterTable table) const
{
    switch (table)
    {
    case BorderRouterFilterTable::SOURCES:
        return m_sources.Size();
    case BorderRouterFilterTable::DESTINATIONS:
        return m_destinations.Size();
    case BorderRouterFilterTable::REPLAY:
        return m_replay.Size();
    case BorderRouterFilterTable::REQUESTERS:
        return m_requesters.Size();
    case BorderRouterFilterTable::AUTHENTICATED:
        return static_cast<uint32_t>(m_authenticated.size());
    }
    return 0;
}

uint32_t
BorderRouterFilter::GetSources() const
{
    return GetEntries(BorderRouterFilterTable::SOURCES);
}

uint32_t
BorderRouterFilter::GetDestinations() const
{
    return GetEntries(BorderRouterFilterTable::DESTINATIONS);
}

uint32_t
BorderRouterFilter::GetReplayEntries() const
{
    return GetEntries(BorderRouterFilterTable::REPLAY);
}

uint32_t
BorderRouterFilter::GetRequesters() const
{
    return GetEntries(BorderRouterFilterTable::REQUESTERS);
}

uint64_t
BorderRouterFilter::GetEvictions(BorderRouterFilterTable table) const
{
    return m_evictions[static_cast<std::size_t>(table)];
}

uint64_t
BorderRouterFilter::GetEvictions() const
{
    uint64_t total = 0;
    for (uint64_t e : m_evictions)
    {
        total += e;
    }
    return total;
}

uint32_t
BorderRouterFilter::GetStateBytes() const
{
    uint32_t bytes = 0;
    for (std::size_t t = 0; t < BORDER_ROUTER_FILTER_TABLES; ++t)
    {
        auto table = static_cast<BorderRouterFilterTable>(t);
        bytes += GetEntries(table) * GetEntryBytes(table);
    }
    return bytes;
}

uint32_t
BorderRouterFilter::GetStateCapBytes() const
{
    return m_stateCapBytes;
}

} // namespace ns3
