/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The border router's attack filter (BorderRouterFilter), engine only: token buckets per
// source and per destination, authenticated back-ends, the replay cache over DTLS, CoAP and
// OSCORE keys, the amplification budget, and the bounds of every table under a million
// spoofed sources. Every expected number is derived in the comments, not measured.

#include "iotsec-test.h"

#include "ns3/border-router-filter.h"
#include "ns3/coap-message.h"
#include "ns3/dtls-codec.h"
#include "ns3/oscore-context.h"

#include <chrono>
#include <iostream>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

using Verdict = BorderRouterFilterVerdict;
using Table = BorderRouterFilterTable;

/// \param hi the upper 64 bits \param lo the lower 64 bits \return the address
Ipv6Address
Addr(uint64_t hi, uint64_t lo)
{
    uint8_t b[16];
    for (int i = 0; i < 8; ++i)
    {
        b[i] = static_cast<uint8_t>(hi >> (56 - 8 * i));
        b[8 + i] = static_cast<uint8_t>(lo >> (56 - 8 * i));
    }
    return Ipv6Address(b);
}

/// \param n an interface identifier \return 2001:db8::n, a host on the Internet
Ipv6Address
Inet(uint64_t n)
{
    return Addr(0x20010db800000000ULL, n);
}

/// \param n an interface identifier \return fd00::n, a node in the LLN
Ipv6Address
Lln(uint64_t n)
{
    return Addr(0xfd00000000000000ULL, n);
}

/**
 * \param seq the record's sequence number
 * \param tag the byte its 8-byte tag is made of
 * \return a DTLS datagram of one application-data record of epoch 1: explicit nonce (the
 * sequence number), 16 bytes of ciphertext, tag
 */
Bytes
AppData(uint64_t seq, uint8_t tag)
{
    DtlsRecord r;
    r.type = dtls::APPLICATION_DATA;
    r.version = dtls::DTLS_1_2;
    r.epoch = 1;
    r.sequence = seq;
    for (int i = 7; i >= 0; --i)
    {
        r.fragment.push_back(static_cast<uint8_t>(seq >> (8 * i)));
    }
    r.fragment.insert(r.fragment.end(), 16, 0x5c);
    r.fragment.insert(r.fragment.end(), 8, tag);
    return r.Serialize();
}

/// \param n a length \return n zero bytes: neither DTLS (content type 0) nor CoAP (version 0)
Bytes
Opaque(std::size_t n)
{
    return Bytes(n, 0);
}

/**
 * \param mid message ID \param token token
 * \return a CoAP NoSec request, CON GET /temperature
 */
Bytes
CoapGet(uint16_t mid, const Bytes& token)
{
    CoapMessage m(CoapMessage::CON, CoapCode::GET, mid);
    m.SetToken(token);
    m.SetUriPath("/temperature");
    return m.Serialize();
}

/**
 * \param mid message ID \param token token \param piv Partial IV \param tag the byte of the
 * payload's 8-byte AEAD tag
 * \return an OSCORE request (outer code POST, OSCORE option with kid 01 and the Partial IV,
 * 16 bytes of ciphertext and the tag)
 */
Bytes
Oscore(uint16_t mid, const Bytes& token, uint8_t piv, uint8_t tag)
{
    CoapMessage m(CoapMessage::CON, CoapCode::POST, mid);
    m.SetToken(token);
    OscoreOptionValue option;
    option.partialIv = Bytes{piv};
    option.kid = Bytes{0x01};
    m.AddOption(CoapOption::OSCORE, option.Encode());
    Bytes payload(16, 0x3e);
    payload.insert(payload.end(), 8, tag);
    m.SetPayload(payload);
    return m.Serialize();
}

/// A filter with its own clock, sending from and to given addresses
struct Driver
{
    BorderRouterFilter filter; //!< the filter

    /// \param config the configuration
    explicit Driver(const BorderRouterFilterConfig& config)
        : filter(config)
    {
    }

    /**
     * \param t time \param src source \param dst destination \param payload UDP payload
     * \param srcPort source port
     * \return the verdict
     */
    Verdict In(Time t,
               Ipv6Address src,
               Ipv6Address dst,
               const Bytes& payload,
               uint16_t srcPort = 40000)
    {
        return filter.Inbound(t, src, dst, srcPort, 5684, payload.data(), payload.size());
    }

    /**
     * \param t time \param src node \param dst requester \param bytes UDP payload bytes
     * \param fragments fragments
     * \return the verdict
     */
    Verdict Out(Time t, Ipv6Address src, Ipv6Address dst, std::size_t bytes, uint32_t fragments)
    {
        return filter.Outbound(t, src, dst, 5684, 40000, bytes, fragments);
    }
};

/// \return a configuration with every stage off but those the caller turns on
BorderRouterFilterConfig
Bare()
{
    BorderRouterFilterConfig c;
    c.sourceRate = 0;
    c.destinationRate = 0;
    c.replayEntries = 0;
    c.amplificationFactor = 0;
    c.maxAnswerFragments = 0;
    return c;
}

} // namespace

/**
 * \ingroup iotsec-tests
 * \brief The per-source token bucket against its analytic counts.
 *
 * Rate r = 10/s, burst b = 20: T = 100 ms, tau = (b - 1) T = 1.9 s. A packet at t passes iff
 * TAT - t <= tau, then TAT = max(TAT, t) + T.
 * - 50 packets at t = 0: the k-th (k = 0, 1, ...) passes iff k T <= tau, so k = 0..19: b = 20
 *   pass, TAT = 2 s.
 * - Then one packet every 1/(2r) = 50 ms, at t_j = j 50 ms for j = 1..200 (T_run = 10 s):
 *   after k of them passed TAT = 2 + 0.1 k s and the next passes iff t >= TAT - tau =
 *   0.1 (k + 1) s, i.e. at j = 2 (k + 1): every even j passes, the odd ones find half a
 *   token. That is r T_run = 100 passes. Tokens complete at 0.1 s, 0.2 s, ..., 10 s, each
 *   exactly when a packet arrives, and a packet arriving exactly when its token completes
 *   passes (TAT - t == tau), so the token completing at the end of the window is taken too:
 *   floor(r T_run), the + side of the boundary. A source whose packets come 25 ms after each
 *   completion (t = 25 ms + j 50 ms after its burst, j = 0..199, the last at 9.975 s) takes
 *   the tokens completing at 0.1 k s for k = 1..99 only: 99 = floor(r T_run) - 1.
 * - Idle until 12 s (b / r = 2 s refills the bucket): 50 packets at once pass 20, TAT = 14 s.
 *   At 12.5 s the bucket holds b - (TAT - t) / T = 20 - 15 = 5 tokens: 50 packets pass 5.
 * - Another source, at the same instant, has its own full bucket: 20 of 50.
 * - A third source, from t0 = 20 s: its burst (20), then packets 25 ms after each of its
 *   tokens completes, t0 + 25 ms + j 50 ms for j = 0..199: 99 (see above).
 */
class TokenBucketTestCase : public TestCase
{
  public:
    TokenBucketTestCase()
        : TestCase("token bucket: burst b at once, then r T for a packet every half interval")
    {
    }

  private:
    void DoRun() override
    {
        BorderRouterFilterConfig c = Bare();
        c.sourceRate = 10;
        c.sourceBurst = 20;
        Driver d(c);
        const Ipv6Address src = Inet(1);
        const Ipv6Address dst = Lln(1);
        const Bytes p = Opaque(20);
        auto burst = [&](Time t, Ipv6Address s, uint32_t n) {
            uint32_t passed = 0;
            for (uint32_t i = 0; i < n; ++i)
            {
                passed += d.In(t, s, dst, p) == Verdict::PASS;
            }
            return passed;
        };

        uint32_t first = burst(Seconds(0), src, 50);
        NS_TEST_ASSERT_MSG_EQ(first, 20u, "a burst of 50 at once: b = 20 pass");

        uint32_t paced = 0;
        bool evenOnly = true;
        for (uint32_t j = 1; j <= 200; ++j)
        {
            bool pass = d.In(MilliSeconds(50 * j), src, dst, p) == Verdict::PASS;
            paced += pass;
            evenOnly = evenOnly && pass == (j % 2 == 0);
        }
        NS_TEST_ASSERT_MSG_EQ(paced, 100u, "a packet every 50 ms for 10 s: r T = 100 pass");
        NS_TEST_ASSERT_MSG_EQ(evenOnly, true, "exactly the packets at 100 ms, 200 ms, ... pass");

        uint32_t refilled = burst(Seconds(12), src, 50);
        NS_TEST_ASSERT_MSG_EQ(refilled, 20u, "after b / r of silence the bucket is full again");
        uint32_t partial = burst(MilliSeconds(12500), src, 50);
        NS_TEST_ASSERT_MSG_EQ(partial, 5u, "0.5 s later it holds 20 - 15 = 5 tokens");
        uint32_t other = burst(MilliSeconds(12500), Inet(2), 50);
        NS_TEST_ASSERT_MSG_EQ(other, 20u, "another source has its own bucket");

        // a third source, from t0 = 20 s, 25 ms after each of its tokens completes
        const Ipv6Address late = Inet(3);
        uint32_t lateBurst = burst(Seconds(20), late, 50);
        uint32_t shifted = 0;
        for (uint32_t j = 0; j < 200; ++j)
        {
            shifted += d.In(MilliSeconds(20000 + 25 + 50 * j), late, dst, p) == Verdict::PASS;
        }
        NS_TEST_ASSERT_MSG_EQ(lateBurst, 20u, "the third source's burst");
        NS_TEST_ASSERT_MSG_EQ(shifted, 99u, "25 ms after each token: the last one is missed");

        NS_TEST_ASSERT_MSG_EQ(d.filter.GetDrops(Verdict::DROP_SOURCE_RATE),
                              (50u - 20u) + 100u + 30u + 45u + 30u + (50u - 20u) + 101u,
                              "every other packet dropped for its source's rate");
        NS_TEST_ASSERT_MSG_EQ(d.filter.GetInboundPassed(),
                              20u + 100u + 20u + 5u + 20u + 20u + 99u,
                              "passed");
        NS_TEST_ASSERT_MSG_EQ(d.filter.GetSources(), 3u, "three buckets");
        std::cout << "token bucket: burst " << first << "/50, paced " << paced
                  << "/200 (shifted by 25 ms: " << shifted << "/200), refilled " << refilled
                  << ", partial " << partial << ", other source " << other << std::endl;
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Many sources, each well under its own rate, limited together by their destination's
 * bucket.
 *
 * 100 sources send one packet each, all at t = 0, 1, ..., 10 s, to one node; each source's
 * bucket (10/s, burst 20) never runs dry at 1/s. The destination's bucket: 20/s, burst 40,
 * T = 50 ms, tau = 1.95 s. At t = 0: TAT = 0, 50 ms, ..., 1.95 s pass: 40, TAT = 2 s. At
 * t = 1 s: TAT - 1 s <= 1.95 s while TAT <= 2.95 s: 20 pass, TAT = 3 s; likewise at every
 * later second. Passed: 40 + 20 x 10 = 240 of 1100; 860 dropped for the destination's rate,
 * none for a source's. A packet to another node at t = 10 s passes.
 */
class DestinationBucketTestCase : public TestCase
{
  public:
    DestinationBucketTestCase()
        : TestCase("destination bucket: 100 sources under their rates, one node, b + r T pass")
    {
    }

  private:
    void DoRun() override
    {
        BorderRouterFilterConfig c = Bare();
        c.sourceRate = 10;
        c.sourceBurst = 20;
        c.destinationRate = 20;
        c.destinationBurst = 40;
        Driver d(c);
        const Bytes p = Opaque(20);
        std::vector<uint32_t> perSecond;
        for (uint32_t s = 0; s <= 10; ++s)
        {
            uint32_t passed = 0;
            for (uint32_t i = 0; i < 100; ++i)
            {
                passed += d.In(Seconds(s), Inet(100 + i), Lln(1), p) == Verdict::PASS;
            }
            perSecond.push_back(passed);
        }
        NS_TEST_ASSERT_MSG_EQ(perSecond[0], 40u, "t = 0: the destination's burst");
        for (uint32_t s = 1; s <= 10; ++s)
        {
            NS_TEST_ASSERT_MSG_EQ(perSecond[s], 20u, "each later second: its rate, at t = " << s);
        }
        NS_TEST_ASSERT_MSG_EQ(d.filter.GetInboundPassed(), 240u, "40 + 20 x 10");
        NS_TEST_ASSERT_MSG_EQ(d.filter.GetDrops(Verdict::DROP_DESTINATION_RATE),
                              1100u - 240u,
                              "the rest, for the destination's rate");
        NS_TEST_ASSERT_MSG_EQ(d.filter.GetDrops(Verdict::DROP_SOURCE_RATE), 0u, "no source's");
        NS_TEST_ASSERT_MSG_EQ(d.In(Seconds(10), Inet(1), Lln(2), p),
                              Verdict::PASS,
                              "another node has its own bucket");
        NS_TEST_ASSERT_MSG_EQ(d.filter.GetSources(), 101u, "101 sources");
        NS_TEST_ASSERT_MSG_EQ(d.filter.GetDestinations(), 2u, "two destinations");
        std::cout << "destination bucket: " << d.filter.GetInboundPassed() - 1
                  << " of 1100 passed to one node (t = 0: " << perSecond[0]
                  << ", then per second: " << perSecond[1] << ")" << std::endl;
    }
};

/**
 * \ingroup iotsec-tests
 * \brief requireAuthenticated: unknown sources are dropped before any table holds anything
 * for them; authenticated back-ends pass; the table of back-ends is bounded.
 *
 * State after one back-end is added: AUTHENTICATED_ENTRY_BYTES = 24. After 1000 packets from
 * 1000 spoofed sources: still 24. After one packet from the back-end (a DTLS record): a
 * source entry, a destination entry and one replay key, no requester entry (authenticated):
 * 24 + 40 + 40 + 16 = 120.
 */
class AuthenticationTestCase : public TestCase
{
  public:
    AuthenticationTestCase()
        : TestCase("authentication: unknown sources cost no state, back-ends pass")
    {
    }

  private:
    void DoRun() override
    {
        BorderRouterFilterConfig c;
        c.requireAuthenticated = true;
        Driver d(c);
        const Ipv6Address backEnd = Inet(7);
        NS_TEST_ASSERT_MSG_EQ(d.filter.GetStateBytes(), 0u, "empty");
        IOTSEC_TEST_REQUIRE(d.filter.AddAuthenticated(backEnd), "added");
        NS_TEST_ASSERT_MSG_EQ(d.filter.IsAuthenticated(backEnd), true, "authenticated");
        const uint32_t before = d.filter.GetStateBytes();
        NS_TEST_ASSERT_MSG_EQ(before, BorderRouterFilter::AUTHENTICATED_ENTRY_BYTES, "one");

        uint32_t dropped = 0;
        for (uint32_t i = 0; i < 1000; ++i)
        {
            dropped += d.In(MilliSeconds(i), Inet(1000 + i), Lln(1), AppData(i, 0x11)) ==
                       Verdict::DROP_UNAUTHENTICATED;
        }
        NS_TEST_ASSERT_MSG_EQ(dropped, 1000u, "every unknown source dropped");
        NS_TEST_ASSERT_MSG_EQ(d.filter.GetStateBytes(), before, "and no state spent on them");
        NS_TEST_ASSERT_MSG_EQ(d.filter.GetSources(), 0u, "no bucket");
        NS_TEST_ASSERT_MSG_EQ(d.filter.GetReplayEntries(), 0u, "no replay key");
        NS_TEST_ASSERT_MSG_EQ(d.filter.GetRequesters(), 0u, "no requester");
        NS_TEST_ASSERT_MSG_EQ(d.filter.GetDrops(Verdict::DROP_UNAUTHENTICATED), 1000u, "counted");

        NS_TEST_ASSERT_MSG_EQ(d.In(Seconds(2), backEnd, Lln(1), AppData(1, 0x22)),
                              Verdict::PASS,
                              "the back-end passes");
        NS_TEST_ASSERT_MSG_EQ(d.filter.GetStateBytes(),
                              BorderRouterFilter::AUTHENTICATED_ENTRY_BYTES +
                                  BorderRouterFilter::SOURCE_ENTRY_BYTES +
                                  BorderRouterFilter::DESTINATION_ENTRY_BYTES +
                                  BorderRouterFilter::REPLAY_ENTRY_BYTES,
                              "its bucket, its node's bucket and its record's key");
        const uint32_t after = d.filter.GetStateBytes();

        NS_TEST_ASSERT_MSG_EQ(d.filter.RemoveAuthenticated(backEnd), true, "removed");
        NS_TEST_ASSERT_MSG_EQ(d.filter.RemoveAuthenticated(backEnd), false, "only once");
        NS_TEST_ASSERT_MSG_EQ(d.In(Seconds(3), backEnd, Lln(1), AppData(2, 0x22)),
                              Verdict::DROP_UNAUTHENTICATED,
                              "no longer");

        BorderRouterFilterConfig small = c;
        small.maxAuthenticated = 2;
        BorderRouterFilter bounded(small);
        NS_TEST_ASSERT_MSG_EQ(bounded.AddAuthenticated(Inet(1)), true, "first");
        NS_TEST_ASSERT_MSG_EQ(bounded.AddAuthenticated(Inet(2)), true, "second");
        NS_TEST_ASSERT_MSG_EQ(bounded.AddAuthenticated(Inet(3)), false, "full: refused");
        NS_TEST_ASSERT_MSG_EQ(bounded.AddAuthenticated(Inet(2)), true, "already in");
        NS_TEST_ASSERT_MSG_EQ(bounded.GetEntries(Table::AUTHENTICATED), 2u, "two");

        Driver open((BorderRouterFilterConfig()));
        NS_TEST_ASSERT_MSG_EQ(open.In(Seconds(0), Inet(1000), Lln(1), AppData(1, 0x11)),
                              Verdict::PASS,
                              "without requireAuthenticated an unknown source passes");
        std::cout << "authentication: 1000 of 1000 spoofed packets dropped, state " << before
                  << " B before and after them, " << after << " B after the back-end's packet"
                  << std::endl;
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The replay cache on DTLS records, CoAP NoSec messages and OSCORE messages, and its
 * reach.
 */
class ReplayTestCase : public TestCase
{
  public:
    ReplayTestCase()
        : TestCase("replay: DTLS record, CoAP message ID and token, OSCORE kid and Partial IV")
    {
    }

  private:
    void DoRun() override
    {
        BorderRouterFilterConfig c = Bare();
        c.replayEntries = 8192;
        Driver d(c);
        const Ipv6Address a = Inet(1);
        const Ipv6Address n = Lln(1);
        Time t = Seconds(1);

        // DTLS: the record's epoch, sequence number and tag
        const Bytes d1 = AppData(5, 0xaa);
        std::vector<uint64_t> keys;
        BorderRouterFilter::ReplayKeys(a, n, 40000, 5684, d1.data(), d1.size(), keys);
        NS_TEST_ASSERT_MSG_EQ(keys.size(), 1u, "one record, one key");
        NS_TEST_ASSERT_MSG_EQ(d.In(t, a, n, d1), Verdict::PASS, "first");
        NS_TEST_ASSERT_MSG_EQ(d.In(t, a, n, d1), Verdict::DROP_REPLAY, "the same datagram");
        NS_TEST_ASSERT_MSG_EQ(d.filter.GetReplayEntries(), 1u, "a replay is not inserted");
        NS_TEST_ASSERT_MSG_EQ(d.In(t, a, n, AppData(5, 0xab)), Verdict::PASS, "another tag");
        NS_TEST_ASSERT_MSG_EQ(d.In(t, a, n, AppData(6, 0xaa)), Verdict::PASS, "another seq");
        Bytes tail = d1;
        tail.push_back(0x00);
        NS_TEST_ASSERT_MSG_EQ(d.In(t, a, n, tail),
                              Verdict::DROP_REPLAY,
                              "a byte appended after the record does not hide it");
        Bytes two = AppData(7, 0xaa);
        two.insert(two.end(), d1.begin(), d1.end());
        NS_TEST_ASSERT_MSG_EQ(d.In(t, a, n, two),
                              Verdict::DROP_REPLAY,
                              "a fresh record with a replayed one");
        NS_TEST_ASSERT_MSG_EQ(d.In(t, a, n, AppData(7, 0xaa)),
                              Verdict::PASS,
                              "the fresh record was not inserted with the dropped datagram");
        NS_TEST_ASSERT_MSG_EQ(d.In(t, a, Lln(2), d1), Verdict::PASS, "to another node");

        // CoAP NoSec: message ID and token
        const Bytes token{1, 2, 3, 4};
        NS_TEST_ASSERT_MSG_EQ(d.In(t, a, n, CoapGet(0x1234, token)), Verdict::PASS, "first");
        NS_TEST_ASSERT_MSG_EQ(d.In(t, a, n, CoapGet(0x1234, token)),
                              Verdict::DROP_REPLAY,
                              "the same message ID and token");
        NS_TEST_ASSERT_MSG_EQ(d.In(t, a, n, CoapGet(0x1234, Bytes{1, 2, 3, 5})),
                              Verdict::PASS,
                              "another token");
        NS_TEST_ASSERT_MSG_EQ(d.In(t, a, n, CoapGet(0x1235, token)),
                              Verdict::PASS,
                              "another message ID");

        // OSCORE: kid, Partial IV and tag, whatever CoAP header carries them
        NS_TEST_ASSERT_MSG_EQ(d.In(t, a, n, Oscore(1, Bytes{0xa}, 5, 0x77)),
                              Verdict::PASS,
                              "PIV 5");
        NS_TEST_ASSERT_MSG_EQ(d.In(t, a, n, Oscore(1, Bytes{0xa}, 5, 0x77)),
                              Verdict::DROP_REPLAY,
                              "the same message");
        NS_TEST_ASSERT_MSG_EQ(d.In(t, a, n, Oscore(2, Bytes{0xb}, 5, 0x77)),
                              Verdict::DROP_REPLAY,
                              "the same kid and Partial IV under a new message ID and token");
        NS_TEST_ASSERT_MSG_EQ(d.In(t, a, n, Oscore(3, Bytes{0xc}, 6, 0x77)),
                              Verdict::PASS,
                              "the next Partial IV");
        NS_TEST_ASSERT_MSG_EQ(d.In(t, a, n, Oscore(4, Bytes{0xd}, 7, 0x66)),
                              Verdict::PASS,
                              "a forgery with the next Partial IV");
        NS_TEST_ASSERT_MSG_EQ(d.In(t, a, n, Oscore(5, Bytes{0xe}, 7, 0x77)),
                              Verdict::PASS,
                              "does not pre-empt the genuine message (another tag)");
        NS_TEST_ASSERT_MSG_EQ(d.filter.GetDrops(Verdict::DROP_REPLAY), 6u, "six replays");

        // An opaque payload has no key
        keys.clear();
        const Bytes o = Opaque(30);
        BorderRouterFilter::ReplayKeys(a, n, 40000, 5684, o.data(), o.size(), keys);
        NS_TEST_ASSERT_MSG_EQ(keys.size(), 0u, "neither DTLS nor CoAP: no key");
        NS_TEST_ASSERT_MSG_EQ(d.In(t, a, n, o), Verdict::PASS, "first");
        NS_TEST_ASSERT_MSG_EQ(d.In(t, a, n, o), Verdict::PASS, "and again");

        // Reach: with E entries, the first key is forgotten after E newer ones (FIFO)
        const uint32_t e = 16;
        BorderRouterFilterConfig small = Bare();
        small.replayEntries = e;
        Driver r(small);
        const Bytes first = AppData(1000, 0x01);
        NS_TEST_ASSERT_MSG_EQ(r.In(t, a, n, first), Verdict::PASS, "first");
        for (uint32_t i = 1; i < e; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(r.In(t, a, n, AppData(1000 + i, 0x01)), Verdict::PASS, "fresh");
        }
        NS_TEST_ASSERT_MSG_EQ(r.In(t, a, n, first),
                              Verdict::DROP_REPLAY,
                              "still remembered after E - 1 newer keys");
        NS_TEST_ASSERT_MSG_EQ(r.filter.GetEvictions(Table::REPLAY), 0u, "none evicted yet");
        NS_TEST_ASSERT_MSG_EQ(r.In(t, a, n, AppData(1000 + e, 0x01)), Verdict::PASS, "fresh");
        const uint64_t atReach = r.filter.GetEvictions(Table::REPLAY);
        NS_TEST_ASSERT_MSG_EQ(atReach, 1u, "the first evicted");
        NS_TEST_ASSERT_MSG_EQ(r.In(t, a, n, first),
                              Verdict::PASS,
                              "after E newer keys the first passes again");
        NS_TEST_ASSERT_MSG_EQ(r.filter.GetReplayEntries(), e, "the cache is full");
        std::cout << "replay: " << d.filter.GetDrops(Verdict::DROP_REPLAY) << " replays dropped, "
                  << d.filter.GetReplayEntries() << " keys held; with " << e
                  << " entries the first key is caught after " << e - 1
                  << " newer ones and evicted (" << atReach << ") by the " << e << "th"
                  << std::endl;
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The amplification budget (factor 3) and the fragment bound (4).
 *
 * A requester that sent 50 bytes may be answered 3 x 50 = 150 bytes in all: 100 and 50 pass,
 * one byte more does not. 10 more bytes from it raise the budget to 180: 30 pass, one more
 * does not. A fresh requester's single answer of 151 bytes to a 50-byte request is dropped,
 * one of 150 passes. A requester never heard has no budget. An authenticated back-end is not
 * limited. An answer of 5 fragments is dropped whoever it goes to, and spends no budget.
 */
class AmplificationTestCase : public TestCase
{
  public:
    AmplificationTestCase()
        : TestCase("amplification: 3 x the bytes received, fragments at most 4")
    {
    }

  private:
    void DoRun() override
    {
        BorderRouterFilterConfig c = Bare();
        c.amplificationFactor = 3.0;
        c.maxAnswerFragments = 4;
        Driver d(c);
        const Ipv6Address req = Inet(1);
        const Ipv6Address node = Lln(1);
        Time t = Seconds(1);
        NS_TEST_ASSERT_MSG_EQ(d.In(t, req, node, Opaque(50)), Verdict::PASS, "a 50-byte request");
        NS_TEST_ASSERT_MSG_EQ(d.Out(t, node, req, 100, 1), Verdict::PASS, "100 of 150");
        NS_TEST_ASSERT_MSG_EQ(d.Out(t, node, req, 5, 5),
                              Verdict::DROP_FRAGMENTS,
                              "5 fragments: dropped before the budget");
        NS_TEST_ASSERT_MSG_EQ(d.Out(t, node, req, 50, 1), Verdict::PASS, "150 of 150");
        NS_TEST_ASSERT_MSG_EQ(d.Out(t, node, req, 1, 1), Verdict::DROP_AMPLIFICATION, "151");
        NS_TEST_ASSERT_MSG_EQ(d.In(t, req, node, Opaque(10)), Verdict::PASS, "10 bytes more");
        NS_TEST_ASSERT_MSG_EQ(d.Out(t, node, req, 30, 1), Verdict::PASS, "180 of 180");
        NS_TEST_ASSERT_MSG_EQ(d.Out(t, node, req, 1, 1), Verdict::DROP_AMPLIFICATION, "181");

        const Ipv6Address fresh = Inet(2);
        NS_TEST_ASSERT_MSG_EQ(d.In(t, fresh, node, Opaque(50)), Verdict::PASS, "50 bytes");
        NS_TEST_ASSERT_MSG_EQ(d.Out(t, node, fresh, 151, 2),
                              Verdict::DROP_AMPLIFICATION,
                              "one answer of 151 bytes");
        NS_TEST_ASSERT_MSG_EQ(d.Out(t, node, fresh, 150, 2), Verdict::PASS, "one of 150");

        NS_TEST_ASSERT_MSG_EQ(d.Out(t, node, Inet(3), 1, 1),
                              Verdict::DROP_AMPLIFICATION,
                              "a requester never heard has no budget");

        const Ipv6Address backEnd = Inet(4);
        IOTSEC_TEST_REQUIRE(d.filter.AddAuthenticated(backEnd), "added");
        uint32_t passed = 0;
        for (int i = 0; i < 100; ++i)
        {
            passed += d.Out(t, node, backEnd, 1000, 4) == Verdict::PASS;
        }
        NS_TEST_ASSERT_MSG_EQ(passed, 100u, "an authenticated back-end: 100 kB to no request");
        NS_TEST_ASSERT_MSG_EQ(d.Out(t, node, backEnd, 1000, 5),
                              Verdict::DROP_FRAGMENTS,
                              "but not 5 fragments");
        NS_TEST_ASSERT_MSG_EQ(d.filter.GetDrops(Verdict::DROP_AMPLIFICATION), 4u, "four");
        NS_TEST_ASSERT_MSG_EQ(d.filter.GetDrops(Verdict::DROP_FRAGMENTS), 2u, "two");
        NS_TEST_ASSERT_MSG_EQ(d.filter.GetRequesters(), 2u, "two requesters with counters");
        std::cout << "amplification: 50 B in, 150 B out passed, the 151st byte dropped; "
                  << d.filter.GetDrops(Verdict::DROP_AMPLIFICATION) << " amplification and "
                  << d.filter.GetDrops(Verdict::DROP_FRAGMENTS) << " fragment drops" << std::endl;
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The configuration's checks and the state cap.
 *
 * Defaults: 4096 x 40 (sources) + 4096 x 40 (destinations) + 8192 x 16 (replay) + 4096 x 48
 * (requesters) + 64 x 24 (authenticated) = 163,840 + 163,840 + 131,072 + 196,608 + 1,536 =
 * 656,896 bytes. A stage turned off takes its table out of the cap.
 */
class ConfigTestCase : public TestCase
{
  public:
    ConfigTestCase()
        : TestCase("configuration: validation and the state cap")
    {
    }

  private:
    void DoRun() override
    {
        BorderRouterFilterConfig c;
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(c.Validate(&error), true, "the defaults: " << error);
        NS_TEST_ASSERT_MSG_EQ(c.ComputeStateCapBytes(), 656896u, "the defaults' cap");
        NS_TEST_ASSERT_MSG_EQ(BorderRouterFilter(c).GetStateCapBytes(), 656896u, "the filter's");
        c.stateCapBytes = 656896;
        NS_TEST_ASSERT_MSG_EQ(c.Validate(&error), true, "a budget the bounds fit: " << error);
        c.stateCapBytes = 656895;
        NS_TEST_ASSERT_MSG_EQ(c.Validate(&error), false, "one byte short");
        NS_TEST_ASSERT_MSG_NE(error.find("stateCapBytes"), std::string::npos, error);
        c = BorderRouterFilterConfig();
        c.amplificationFactor = 0;
        NS_TEST_ASSERT_MSG_EQ(c.ComputeStateCapBytes(), 656896u - 196608u, "no requester table");
        c = BorderRouterFilterConfig();
        c.sourceRate = -1;
        NS_TEST_ASSERT_MSG_EQ(c.Validate(nullptr), false, "a negative rate");
        c = BorderRouterFilterConfig();
        c.sourceBurst = 0;
        NS_TEST_ASSERT_MSG_EQ(c.Validate(nullptr), false, "an empty bucket");
        c = BorderRouterFilterConfig();
        c.maxDestinations = 0;
        NS_TEST_ASSERT_MSG_EQ(c.Validate(nullptr), false, "an unbounded-by-zero table");
        c.destinationRate = 0;
        NS_TEST_ASSERT_MSG_EQ(c.Validate(nullptr), true, "fine when its stage is off");
        NS_TEST_ASSERT_MSG_EQ(BorderRouterFilterVerdictName(Verdict::DROP_REPLAY),
                              "DROP_REPLAY",
                              "names");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief A million packets from a million spoofed sources (requireAuthenticated off): every
 * table stays within its bound, the state within the cap, and the evictions are exactly
 * those the bounds force.
 *
 * Packet i (i = 0 .. 999,999) at t = i us comes from 2001:db8:ffff::/64 with interface
 * identifier fmix64(i) (a bijection: all distinct), goes to fd00::(i mod 10000 + 1) and
 * carries a DTLS record with sequence number i. Every source is new: its bucket is full, it
 * passes, and from the 4097th on each one evicts one: N - 4096 evictions. The 10,000
 * destinations come round cyclically, more than the 4096 an LRU table keeps, so each is
 * evicted before it comes back: every packet finds a new, full bucket, and N - 4096
 * evictions. Each datagram has one new key: N - 8192 replay evictions. Each passed packet
 * makes its source a requester: N - 4096 evictions. All N pass. In the end every table is
 * full but the back-ends': 655,360 bytes, the cap less 64 x 24.
 */
class SpoofedSourcesTestCase : public TestCase
{
  public:
    SpoofedSourcesTestCase()
        : TestCase("one million spoofed sources: bounded tables, state within the cap")
    {
    }

  private:
    void DoRun() override
    {
        const BorderRouterFilterConfig c; // the defaults
        BorderRouterFilter f(c);
        const uint32_t total = 1000000;
        const uint32_t cap = f.GetStateCapBytes();
        Bytes record = AppData(0, 0x42);
        uint32_t worst = 0;
        bool bounded = true;
        bool withinCap = true;
        auto start = std::chrono::steady_clock::now();
        for (uint32_t i = 0; i < total; ++i)
        {
            uint64_t x = i; // fmix64, a bijection of 64-bit words
            x ^= x >> 33;
            x *= 0xff51afd7ed558ccdULL;
            x ^= x >> 33;
            x *= 0xc4ceb9fe1a85ec53ULL;
            x ^= x >> 33;
            Ipv6Address src = Addr(0x20010db8ffff0000ULL, x);
            Ipv6Address dst = Lln(i % 10000 + 1);
            for (int b = 0; b < 6; ++b) // the record's sequence number: i
            {
                record[5 + b] = static_cast<uint8_t>(uint64_t{i} >> (8 * (5 - b)));
            }
            f.Inbound(MicroSeconds(i), src, dst, 40000, 5684, record.data(), record.size());
            if ((i + 1) % 10000 == 0)
            {
                bounded = bounded && f.GetSources() <= c.maxSources &&
                          f.GetDestinations() <= c.maxDestinations &&
                          f.GetReplayEntries() <= c.replayEntries &&
                          f.GetRequesters() <= c.maxRequesters;
                withinCap = withinCap && f.GetStateBytes() <= cap;
                worst = std::max(worst, f.GetStateBytes());
            }
        }
        double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        NS_TEST_ASSERT_MSG_EQ(bounded, true, "every table within its bound at every check");
        NS_TEST_ASSERT_MSG_EQ(withinCap, true, "the state within the cap at every check");
        NS_TEST_ASSERT_MSG_EQ(f.GetInboundPassed(), total, "all pass: each source is new");
        NS_TEST_ASSERT_MSG_EQ(f.GetEvictions(Table::SOURCES), total - 4096u, "N - 4096");
        NS_TEST_ASSERT_MSG_EQ(f.GetEvictions(Table::DESTINATIONS), total - 4096u, "N - 4096");
        NS_TEST_ASSERT_MSG_EQ(f.GetEvictions(Table::REPLAY), total - 8192u, "N - 8192");
        NS_TEST_ASSERT_MSG_EQ(f.GetEvictions(Table::REQUESTERS), total - 4096u, "N - 4096");
        NS_TEST_ASSERT_MSG_EQ(f.GetEvictions(),
                              3 * (total - 4096u) + (total - 8192u),
                              "all evictions");
        NS_TEST_ASSERT_MSG_EQ(f.GetStateBytes(),
                              cap - 64 * BorderRouterFilter::AUTHENTICATED_ENTRY_BYTES,
                              "full tables");
        NS_TEST_ASSERT_MSG_EQ(f.GetStateBytes(), 655360u, "4096 x (40 + 40 + 48) + 8192 x 16");
        std::cout << "spoofed sources: " << total << " packets in " << seconds << " s ("
                  << seconds / total * 1e9 << " ns each); state at most " << worst << " of " << cap
                  << " B; evictions: sources " << f.GetEvictions(Table::SOURCES)
                  << ", destinations " << f.GetEvictions(Table::DESTINATIONS) << ", replay "
                  << f.GetEvictions(Table::REPLAY) << ", requesters "
                  << f.GetEvictions(Table::REQUESTERS) << std::endl;
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The border router's attack filter, engine only.
 */
class BorderRouterFilterTestSuite : public TestSuite
{
  public:
    BorderRouterFilterTestSuite()
        : TestSuite("iotsec-border-router-filter", TestSuite::Type::UNIT)
    {
        AddTestCase(new TokenBucketTestCase, iotsectest::QUICK);
        AddTestCase(new DestinationBucketTestCase, iotsectest::QUICK);
        AddTestCase(new AuthenticationTestCase, iotsectest::QUICK);
        AddTestCase(new ReplayTestCase, iotsectest::QUICK);
        AddTestCase(new AmplificationTestCase, iotsectest::QUICK);
        AddTestCase(new ConfigTestCase, iotsectest::QUICK);
        AddTestCase(new SpoofedSourcesTestCase, iotsectest::QUICK);
    }
};

/// The suite's single instance
static BorderRouterFilterTestSuite g_borderRouterFilterTestSuite;
