/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_BORDER_ROUTER_FILTER_H
#define IOTSEC_BORDER_ROUTER_FILTER_H

#include "ns3/ipv6-address.h"
#include "ns3/nstime.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <list>
#include <ostream>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief What a BorderRouterFilter decides about one packet.
 */
enum class BorderRouterFilterVerdict : uint8_t
{
    PASS,                  //!< forward it
    DROP_UNAUTHENTICATED,  //!< inbound, from a source that is not an authenticated back-end
    DROP_SOURCE_RATE,      //!< inbound, its source exceeds its token bucket
    DROP_DESTINATION_RATE, //!< inbound, its destination node exceeds its token bucket
    DROP_REPLAY,           //!< inbound, a record or message the filter has already passed
    DROP_AMPLIFICATION,    //!< outbound, more bytes than the requester's amplification budget
    DROP_FRAGMENTS,        //!< outbound, an answer of more than maxAnswerFragments fragments
};

/// Number of BorderRouterFilterVerdict values
constexpr std::size_t BORDER_ROUTER_FILTER_VERDICTS = 7;

/**
 * \param verdict a verdict
 * \return its name, the enumerator's ("PASS", "DROP_REPLAY", ...)
 */
std::string BorderRouterFilterVerdictName(BorderRouterFilterVerdict verdict);

/**
 * \param os a stream
 * \param verdict a verdict
 * \return the stream, with the verdict's name
 */
std::ostream& operator<<(std::ostream& os, BorderRouterFilterVerdict verdict);

/**
 * \ingroup iotsec
 * \brief The tables of a BorderRouterFilter, each with a bound.
 */
enum class BorderRouterFilterTable : uint8_t
{
    SOURCES,       //!< per-source token buckets (maxSources; LRU)
    DESTINATIONS,  //!< per-destination token buckets (maxDestinations; LRU)
    REPLAY,        //!< hashes of the replay keys passed (replayEntries; FIFO)
    REQUESTERS,    //!< bytes received from and answered to each requester (maxRequesters; LRU)
    AUTHENTICATED, //!< authenticated back-ends (maxAuthenticated; full: refused, never evicted)
};

/// Number of BorderRouterFilterTable values
constexpr std::size_t BORDER_ROUTER_FILTER_TABLES = 5;

/**
 * \param table a table
 * \return its name, the enumerator's ("SOURCES", ...)
 */
std::string BorderRouterFilterTableName(BorderRouterFilterTable table);

/**
 * \ingroup iotsec
 * \brief Configuration of a BorderRouterFilter. A rate, a table bound or a factor of 0
 * turns its stage off (and its table holds nothing).
 */
struct BorderRouterFilterConfig
{
    /// Drop inbound packets whose source is not an authenticated back-end
    /// (BorderRouterFilter::AddAuthenticated), before any table is touched
    bool requireAuthenticated{false};
    /// Refill rate of each source's token bucket, packets/s (0: no per-source limit). 10/s
    /// is a back-end commanding its lights; a flood from one address is cut to it.
    double sourceRate{10};
    /// Capacity of each source's token bucket, packets (a burst at once): 20
    uint32_t sourceBurst{20};
    /// Refill rate of each destination node's token bucket, packets/s (0: no limit). 20/s
    /// keeps one node's share of a 250 kbit/s 802.15.4 channel well below its capacity
    /// (about 100 frames of 127 bytes per second over one hop, less over several).
    double destinationRate{20};
    /// Capacity of each destination node's token bucket, packets: 40
    uint32_t destinationBurst{40};
    /// Most sources with a token bucket (LRU beyond): 4096
    uint32_t maxSources{4096};
    /// Most destinations with a token bucket (LRU beyond): 4096, more than the nodes behind
    /// one 6LBR, so that only packets to addresses where no node lives can evict a node's
    /// bucket
    uint32_t maxDestinations{4096};
    /// Replay keys remembered (FIFO beyond; 0: no replay stage): 8192, one minute of keys at
    /// about 136 inbound records/s
    uint32_t replayEntries{8192};
    /// Bytes answered to an unauthenticated requester may reach this many times the bytes
    /// received from it (0: no amplification stage): 3, RFC 9175's guidance for answers to an
    /// address that is not verified, the factor QUIC uses too (RFC 9000, section 8)
    double amplificationFactor{3.0};
    /// Most fragments an answer may take (0: no limit): 4
    uint32_t maxAnswerFragments{4};
    /// Most requesters with byte counters (LRU beyond): 4096
    uint32_t maxRequesters{4096};
    /// Most authenticated back-ends (full: AddAuthenticated refuses): 64
    uint32_t maxAuthenticated{64};
    /// RAM budget of the tables, bytes (0: none): Validate() fails when the bounds above
    /// allow more (ComputeStateCapBytes)
    uint32_t stateCapBytes{0};

    /**
     * \return the most bytes the tables can hold with these bounds: each enabled table's
     * bound times its entry size (BorderRouterFilter::SOURCE_ENTRY_BYTES and the others)
     */
    uint64_t ComputeStateCapBytes() const;

    /**
     * \param table a table
     * \return its bound (0 when its stage is off)
     */
    uint32_t GetCap(BorderRouterFilterTable table) const;

    /**
     * \brief Check the values.
     * \param[out] error if non-null, what is wrong
     * \return true if valid
     */
    bool Validate(std::string* error) const;
};

/**
 * \ingroup iotsec
 * \brief The attack filter of a 6LoWPAN border router, a sans-I/O engine (Brachmann et al.,
 * ICCCN 2012, sections IV and VI: flooding, replay and amplification from the Internet).
 *
 * The binding hands it every UDP packet that crosses the router, with the current time, and
 * forwards the packet only on PASS. Nothing in it reads a clock, draws a random number or
 * sends anything.
 *
 * Inbound (Internet -> LLN), in this order; a packet dropped by a stage touches no later
 * one, a packet dropped by a later stage has spent the tokens of the stages before it (it
 * was sent, and counts against its sender's rate):
 * 1. authentication: with requireAuthenticated, a source that is not an authenticated
 *    back-end is dropped before any table is touched, so that a spoofed flood costs no state;
 * 2. the source's token bucket, then 3. the destination's: continuous refill at the rate,
 *    capacity the burst, one token per packet. A bucket is kept as its theoretical arrival
 *    time (the generic cell rate algorithm, ITU-T I.371), which is the same bucket: with
 *    interval T = 1/rate (rounded to the nanosecond) and tau = (burst - 1) T, a packet at t
 *    conforms iff TAT - t <= tau, then TAT = max(TAT, t) + T; the bucket holds
 *    burst - (TAT - t) / T tokens. A packet arriving exactly when its token completes passes.
 *    A new source or destination starts with a full bucket;
 * 4. the replay cache (ReplayKeys): a datagram is a replay if any of its keys was passed
 *    before; it is dropped and its keys are not inserted again. Otherwise its keys are
 *    inserted. The cache keeps 64-bit hashes of the keys, so two different keys collide
 *    with probability about n / 2^64 per lookup when it holds n (8192: 4.4e-16), dropping a
 *    fresh datagram. It is a FIFO of replayEntries: a key is forgotten after replayEntries
 *    newer ones, and a replay older than that reach passes (the node's own replay window,
 *    DTLS or OSCORE, still rejects it, but it has crossed the LLN). An attacker who sends
 *    replayEntries fresh keys flushes the cache, and a datagram of several records spends
 *    several entries. A payload that parses as neither DTLS nor CoAP has no key and passes
 *    this stage.
 * A passed packet from an unauthenticated source adds its bytes to its source's requester
 * counters.
 *
 * Outbound (LLN -> Internet answers): an answer of more than maxAnswerFragments fragments is
 * dropped; an answer to an unauthenticated requester passes only while the bytes answered to
 * it, this one included, stay within amplificationFactor times the bytes received from it
 * (cumulative, UDP payload bytes both ways). A requester the table does not know (never
 * heard, or evicted) has a budget of 0. Node-initiated traffic to an Internet host counts
 * as answers too: register such hosts as authenticated.
 *
 * Every table is bounded (BorderRouterFilterTable). The per-address tables are LRU maps: a
 * full table evicts the entry used least recently, and an evicted source or destination
 * starts again with a full bucket, an evicted requester with no budget. That is the cost of
 * boundedness: an attacker who spoofs more sources than maxSources refreshes his buckets
 * (each spoofed address is still held to its own burst), and can push a legitimate
 * requester out before its answer leaves. Evictions are counted (GetEvictions). Every
 * operation is O(1) on average (hash tables), plus the parse of the payload.
 *
 * State (GetStateBytes): what a 6LBR written in C with fixed-size tables would hold, entry by
 * entry: the key, the counters, two 32-bit LRU links, a 32-bit hash-chain link and a 32-bit
 * hash bucket (one bucket per entry), as the *_ENTRY_BYTES constants below say. The
 * simulator's own containers take more.
 */
class BorderRouterFilter
{
  public:
    /// Bytes of a source entry: address 16, TAT 8, LRU links 8, chain 4, bucket 4
    static constexpr uint32_t SOURCE_ENTRY_BYTES = 40;
    /// Bytes of a destination entry: address 16, TAT 8, LRU links 8, chain 4, bucket 4
    static constexpr uint32_t DESTINATION_ENTRY_BYTES = 40;
    /// Bytes of a replay entry: hash 8, chain 4, bucket 4 (the FIFO order is the slot index)
    static constexpr uint32_t REPLAY_ENTRY_BYTES = 16;
    /// Bytes of a requester entry: address 16, bytes received 8, bytes answered 8, LRU links
    /// 8, chain 4, bucket 4
    static constexpr uint32_t REQUESTER_ENTRY_BYTES = 48;
    /// Bytes of an authenticated back-end: address 16, chain 4, bucket 4
    static constexpr uint32_t AUTHENTICATED_ENTRY_BYTES = 24;

    /**
     * \param table a table
     * \return the bytes of one of its entries
     */
    static uint32_t GetEntryBytes(BorderRouterFilterTable table);

    /**
     * \param config the configuration (aborts if it is not valid)
     */
    explicit BorderRouterFilter(const BorderRouterFilterConfig& config);

    /// \return the configuration
    const BorderRouterFilterConfig& GetConfig() const;

    /**
     * \brief Declare a back-end authenticated: exempt from requireAuthenticated and from the
     * amplification budget.
     * \param address the back-end's address
     * \return false if the table is full (maxAuthenticated) and the address not in it
     */
    bool AddAuthenticated(Ipv6Address address);

    /**
     * \param address a back-end's address
     * \return false if it was not authenticated
     */
    bool RemoveAuthenticated(Ipv6Address address);

    /**
     * \param address an address
     * \return true if it is an authenticated back-end
     */
    bool IsAuthenticated(Ipv6Address address) const;

    /**
     * \brief An Internet -> LLN UDP packet.
     * \param now the current time
     * \param src its source (on the Internet)
     * \param dst its destination (a node)
     * \param srcPort its UDP source port
     * \param dstPort its UDP destination port
     * \param udpPayload the UDP payload (may be null when len is 0)
     * \param len its length
     * \return PASS, or why it is dropped
     */
    BorderRouterFilterVerdict Inbound(Time now,
                                      Ipv6Address src,
                                      Ipv6Address dst,
                                      uint16_t srcPort,
                                      uint16_t dstPort,
                                      const uint8_t* udpPayload,
                                      std::size_t len);

    /**
     * \brief An LLN -> Internet UDP packet (an answer).
     * \param now the current time (not used yet: the budget never expires)
     * \param src its source (a node)
     * \param dst its destination (the requester on the Internet)
     * \param srcPort its UDP source port
     * \param dstPort its UDP destination port
     * \param udpBytes its UDP payload bytes
     * \param fragments the fragments it takes (1 when it is not fragmented; the binding
     * counts them, 6LoWPAN fragments in the LLN)
     * \return PASS, DROP_FRAGMENTS or DROP_AMPLIFICATION
     */
    BorderRouterFilterVerdict Outbound(Time now,
                                       Ipv6Address src,
                                       Ipv6Address dst,
                                       uint16_t srcPort,
                                       uint16_t dstPort,
                                       std::size_t udpBytes,
                                       uint32_t fragments);

    /**
     * \brief The replay keys of an inbound datagram, as 64-bit hashes, in the order of the
     * datagram (duplicates included).
     *
     * - DTLS (every record DtlsRecord::ParseDatagram reads, up to the first malformed one,
     *   so that bytes appended to a replayed record do not hide it): per record, source
     *   and destination address and port, epoch, 48-bit sequence number and the last 8
     *   bytes of the record (its CCM-8 tag); for epoch 0, which has no tag, the whole
     *   fragment instead.
     * - OSCORE (a CoAP message whose OSCORE option decodes, RFC 8613 section 6.1, with a
     *   Partial IV): source and destination address, 'kid context', 'kid', Partial IV and
     *   the last 8 bytes of the payload (the AEAD tag), so that a replayed OSCORE payload is
     *   caught under a new message ID and token, and a forged message with a predictable
     *   kid and Partial IV but no valid tag cannot pre-empt the genuine one.
     * - CoAP (any other CoAP message, NoSec): source and destination address and port,
     *   message ID and token. A CoAP retransmission repeats both: it is dropped as a replay.
     * The destination is in every key: a client may use one message ID, sequence number or
     * Partial IV with two nodes.
     * \param src source address
     * \param dst destination address
     * \param srcPort source port
     * \param dstPort destination port
     * \param payload the UDP payload (may be null when len is 0)
     * \param len its length
     * \param[out] keys where the keys are appended (none for any other payload)
     */
    static void ReplayKeys(Ipv6Address src,
                           Ipv6Address dst,
                           uint16_t srcPort,
                           uint16_t dstPort,
                           const uint8_t* payload,
                           std::size_t len,
                           std::vector<uint64_t>& keys);

    /**
     * \param verdict a drop verdict
     * \return packets dropped with it (0 for PASS: see GetPassed)
     */
    uint64_t GetDrops(BorderRouterFilterVerdict verdict) const;
    /// \return packets passed, inbound and outbound
    uint64_t GetPassed() const;
    /// \return inbound packets passed
    uint64_t GetInboundPassed() const;
    /// \return outbound packets passed
    uint64_t GetOutboundPassed() const;

    /**
     * \param table a table
     * \return its entries
     */
    uint32_t GetEntries(BorderRouterFilterTable table) const;
    /// \return sources with a token bucket
    uint32_t GetSources() const;
    /// \return destinations with a token bucket
    uint32_t GetDestinations() const;
    /// \return replay keys remembered
    uint32_t GetReplayEntries() const;
    /// \return requesters with byte counters
    uint32_t GetRequesters() const;

    /**
     * \param table a table
     * \return entries it evicted to make room
     */
    uint64_t GetEvictions(BorderRouterFilterTable table) const;
    /// \return entries evicted, every table together
    uint64_t GetEvictions() const;

    /// \return bytes the tables hold: each table's entries times its entry size
    uint32_t GetStateBytes() const;
    /// \return the most bytes the tables can hold (BorderRouterFilterConfig::ComputeStateCapBytes)
    uint32_t GetStateCapBytes() const;

  private:
    /// An IPv6 address as the key of a table
    using AddressKey = std::array<uint8_t, 16>;

    /// Hash of an AddressKey: its two halves, mixed
    struct AddressKeyHash
    {
        /// \param key a key \return its hash
        std::size_t operator()(const AddressKey& key) const;
    };

    /**
     * \brief A map from addresses to values of at most a fixed number of entries, that
     * evicts the least recently used entry to make room. Find and Insert are O(1) on
     * average; once full, an insertion reuses the evicted entry's nodes (no allocation).
     */
    template <typename Value>
    class LruTable
    {
      public:
        /// \param capacity the bound (at least 1 when used)
        explicit LruTable(uint32_t capacity);
        /// \param key a key \return its value (now the most recent), or null
        Value* Find(const AddressKey& key);
        /**
         * \param key a key that is not in the table
         * \param value its value
         * \param[out] evicted true if an entry was evicted to make room
         * \return the value in the table
         */
        Value& Insert(const AddressKey& key, const Value& value, bool& evicted);
        /// \return the entries
        uint32_t Size() const;

      private:
        using Entry = std::pair<AddressKey, Value>;           //!< key and value
        using Iterator = typename std::list<Entry>::iterator; //!< position in the LRU order
        uint32_t m_capacity;                                  //!< bound
        std::list<Entry> m_order;                             //!< most recent first
        std::unordered_map<AddressKey, Iterator, AddressKeyHash> m_index; //!< key -> entry
    };

    /**
     * \brief A set of 64-bit hashes of at most a fixed number, forgetting the oldest
     * (FIFO: a lookup does not refresh). O(1) on average; no allocation once full.
     */
    class ReplayCache
    {
      public:
        /// \param capacity the bound
        explicit ReplayCache(uint32_t capacity);
        /// \param key a hash \return true if it is in the set
        bool Contains(uint64_t key) const;
        /**
         * \param key a hash
         * \param[out] evicted true if the oldest hash was forgotten to make room
         * \return false if the key was already in the set (nothing changes)
         */
        bool Insert(uint64_t key, bool& evicted);
        /// \return the hashes held
        uint32_t Size() const;

      private:
        uint32_t m_capacity;                //!< bound
        std::vector<uint64_t> m_ring;       //!< hashes in insertion order, circular once full
        std::size_t m_next{0};              //!< the oldest slot once full
        std::unordered_set<uint64_t> m_set; //!< the hashes (already hashed: identity hash)
    };

    /// Byte counters of a requester
    struct Budget
    {
        uint64_t received{0}; //!< UDP payload bytes received from it and passed
        uint64_t answered{0}; //!< UDP payload bytes answered to it and passed
    };

    /// \param address an address \return its key
    static AddressKey Key(const Ipv6Address& address);

    /**
     * \brief The token-bucket test of one packet; creates the entry (full bucket) if needed.
     * Times are in time steps (Time::GetTimeStep), not Time objects: before the simulator
     * runs, ns-3 records every Time object that is made in a set, so that Time values stored
     * or copied by the million would cost a set operation each.
     * \param table the table of buckets (TAT per key)
     * \param key the source or destination
     * \param now the current time
     * \param interval T = 1/rate
     * \param tolerance tau = (burst - 1) T
     * \param which the table, for the eviction count
     * \return true if the packet conforms (its token is taken)
     */
    bool Conform(LruTable<int64_t>& table,
                 const AddressKey& key,
                 int64_t now,
                 int64_t interval,
                 int64_t tolerance,
                 BorderRouterFilterTable which);

    /// \param verdict a drop verdict \return it, counted
    BorderRouterFilterVerdict Drop(BorderRouterFilterVerdict verdict);

    BorderRouterFilterConfig m_config; //!< configuration
    uint32_t m_stateCapBytes;          //!< ComputeStateCapBytes()
    int64_t m_sourceInterval{0};       //!< T of the source buckets, time steps
    int64_t m_sourceTolerance{0};      //!< tau of the source buckets, time steps
    int64_t m_destinationInterval{0};  //!< T of the destination buckets, time steps
    int64_t m_destinationTolerance{0}; //!< tau of the destination buckets, time steps
    LruTable<int64_t> m_sources;       //!< TAT per source, time steps
    LruTable<int64_t> m_destinations;  //!< TAT per destination, time steps
    ReplayCache m_replay;              //!< replay keys passed
    LruTable<Budget> m_requesters;     //!< byte counters per requester
    std::unordered_set<AddressKey, AddressKeyHash> m_authenticated; //!< back-ends
    std::vector<uint64_t> m_keys;                                   //!< scratch: a datagram's keys
    std::array<uint64_t, BORDER_ROUTER_FILTER_VERDICTS> m_verdicts{}; //!< count per verdict
    uint64_t m_inboundPassed{0};                                      //!< inbound packets passed
    uint64_t m_outboundPassed{0};                                     //!< outbound packets passed
    std::array<uint64_t, BORDER_ROUTER_FILTER_TABLES> m_evictions{};  //!< per table
};

} // namespace ns3

#endif /* IOTSEC_BORDER_ROUTER_FILTER_H */
