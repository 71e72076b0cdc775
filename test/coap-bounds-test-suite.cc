/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The bounds of the CoAP engine (DESIGN.md principle 4: an attacker must not be able to grow
// the simulator's memory): a flood of distinct requests from spoofed peers, the RFC 7252
// lifetimes computed from the configuration, each table's cap with its eviction or refusal,
// OSCORE's per-request state, and the binding's attributes and enum-typed traces.

#include "coap-test-wire.h"
#include "iotsec-test.h"

#include "ns3/coap-endpoint.h"
#include "ns3/coap-socket-binding.h"
#include "ns3/hex-encoding.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/oscore-context.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

using iotsectest::FixedRandom;
using iotsectest::Side;

/// Every table, for loops
const CoapTable ALL_TABLES[] = {CoapTable::DEDUP,
                                CoapTable::EXCHANGES,
                                CoapTable::TRANSMISSIONS,
                                CoapTable::OBSERVERS,
                                CoapTable::BLOCK1,
                                CoapTable::DEFERRED};

/// A binding that keeps no history (a flood would make Side's logs the biggest table): it
/// counts events by kind and table, and keeps the last datagram sent
class Counter : public CoapEndpointListener
{
  public:
    void SendDatagram(const std::string& peer, const std::vector<uint8_t>& d) override
    {
        ++sent;
        lastPeer = peer;
        last = d;
        largest = std::max(largest, d.size());
    }

    void SetTimer(Time d) override
    {
        deadline = d;
    }

    void OnEvent(const CoapEvent& e) override
    {
        ++kinds[e.kind];
        if (e.kind == CoapEvent::TABLE_EVICTED || e.kind == CoapEvent::TABLE_REFUSED)
        {
            ++tables[{e.kind, e.table}];
            lastTablePeer = e.peer;
        }
    }

    /// \param kind a kind \return how many events of it were seen
    uint64_t Count(CoapEvent::Kind kind) const
    {
        auto it = kinds.find(kind);
        return it == kinds.end() ? 0 : it->second;
    }

    /// \param kind TABLE_EVICTED or TABLE_REFUSED \param table a table \return how many
    uint64_t Count(CoapEvent::Kind kind, CoapTable table) const
    {
        auto it = tables.find({kind, table});
        return it == tables.end() ? 0 : it->second;
    }

    uint64_t sent{0};                                                 //!< datagrams sent
    std::string lastPeer;                                             //!< to whom the last went
    std::vector<uint8_t> last;                                        //!< the last datagram
    std::size_t largest{0};                                           //!< largest datagram
    Time deadline{Time::Max()};                                       //!< timer
    std::map<CoapEvent::Kind, uint64_t> kinds;                        //!< events by kind
    std::map<std::pair<CoapEvent::Kind, CoapTable>, uint64_t> tables; //!< table events
    std::string lastTablePeer; //!< peer of the last table event
};

/// \param path a path \param payload its representation \param counter incremented per GET
/// \return a GET-only resource
CoapResource
TextResource(const std::string& path, const std::string& payload, uint64_t* counter)
{
    CoapResource r;
    r.path = path;
    r.handlers[CoapCode::GET] = [payload, counter](const CoapServerRequest&,
                                                   CoapServerResponse& resp) {
        ++*counter;
        resp.message.SetCode(CoapCode::CONTENT);
        resp.message.SetPayload(payload);
    };
    return r;
}

/**
 * \param type CON or NON
 * \param mid the message ID
 * \param token the token
 * \param path the path
 * \return the bytes of a GET
 */
std::vector<uint8_t>
GetBytes(CoapMessage::Type type, uint16_t mid, uint32_t token, const std::string& path)
{
    CoapMessage m(type, CoapCode::GET, mid);
    m.SetToken({static_cast<uint8_t>(token >> 24),
                static_cast<uint8_t>(token >> 16),
                static_cast<uint8_t>(token >> 8),
                static_cast<uint8_t>(token)});
    m.SetUriPath(path);
    return m.Serialize();
}

/// \param bytes a datagram \return it parsed (an empty message if it does not parse)
CoapMessage
Parse(const std::vector<uint8_t>& bytes)
{
    CoapMessage m;
    std::string error;
    CoapMessage::Parse(bytes.data(), bytes.size(), m, &error);
    return m;
}

/**
 * \param e an engine
 * \param config its configuration
 * \return the first table above its cap, or "" if none
 */
std::string
OverCap(const CoapEndpoint& e, const CoapEngineConfig& config)
{
    for (CoapTable t : ALL_TABLES)
    {
        if (e.GetTableSize(t) > config.GetCap(t))
        {
            return CoapTableName(t);
        }
    }
    return "";
}

} // namespace

/**
 * \ingroup iotsec-tests
 * \brief 100,000 distinct CON requests from spoofed peers against one server engine.
 */
class CoapFloodTestCase : public TestCase
{
  public:
    CoapFloodTestCase()
        : TestCase("100,000 CON requests from spoofed peers: state within the caps, evictions "
                   "traced, legitimate requests answered")
    {
    }

  private:
    void DoRun() override
    {
        const uint32_t flood = 100000;
        CoapEngineConfig config;
        config.maxDedupEntries = 1000; // well below the flood, so that it binds early
        const uint64_t cap = config.maxDedupEntries;
        Counter s;
        FixedRandom rs;
        CoapEndpoint server(s, rs, config);
        uint64_t handled = 0;
        server.AddResource(TextResource("/r", "ok", &handled));

        // A legitimate client, on the same clock
        Side c;
        FixedRandom rc;
        CoapEndpoint client(c, rc, CoapEngineConfig());
        uint32_t answered = 0;
        uint32_t asked = 0;
        uint64_t legitDuplicates = 0;

        Time now = Seconds(1);
        const Time step = MilliSeconds(1); // 100 s in all: nothing expires (NON_LIFETIME 145 s)
        std::string overCap;
        std::string inconsistent;
        uint64_t worstTable = 0;
        for (uint32_t i = 0; i < flood; ++i)
        {
            now += step;
            // Each request from a peer of its own (a spoofed source), with MIDs that wrap
            std::vector<uint8_t> request =
                GetBytes(CoapMessage::CON, static_cast<uint16_t>(i), i, "/r");
            server.Receive(now, "spoofed-" + std::to_string(i), request.data(), request.size());
            worstTable = std::max(worstTable, server.GetTableSize(CoapTable::DEDUP));
            if (overCap.empty())
            {
                overCap = OverCap(server, config);
            }
            if (i % 1000 == 999)
            {
                std::string error;
                if (inconsistent.empty() && !server.CheckConsistency(&error))
                {
                    inconsistent = error;
                }
                // A legitimate request in the middle of the flood is answered, and its
                // retransmission gets the cached reply (recent entries survive)
                ++asked;
                client.SendRequest(
                    now,
                    "server",
                    [] {
                        CoapMessage m;
                        m.SetCode(CoapCode::GET);
                        m.SetUriPath("/r");
                        return m;
                    }(),
                    [&answered](const CoapResult& r) {
                        if (r.ok && r.response.GetPayloadString() == "ok")
                        {
                            ++answered;
                        }
                    });
                std::vector<uint8_t> legit = c.outbox.back().second;
                c.outbox.clear();
                server.Receive(now, "legit", legit.data(), legit.size());
                std::vector<uint8_t> reply = s.last;
                uint64_t before = s.Count(CoapEvent::DUPLICATE);
                server.Receive(now, "legit", legit.data(), legit.size());
                legitDuplicates += s.Count(CoapEvent::DUPLICATE) - before;
                NS_TEST_EXPECT_MSG_EQ(HexEncode(s.last),
                                      HexEncode(reply),
                                      "the duplicate gets the cached reply");
                client.Receive(now, "server", reply.data(), reply.size());
            }
        }
        NS_TEST_EXPECT_MSG_EQ(overCap, "", "a table outgrew its cap during the flood");
        NS_TEST_EXPECT_MSG_EQ(inconsistent, "", "bookkeeping consistent during the flood");
        NS_TEST_EXPECT_MSG_EQ(worstTable, cap, "the cache filled up to its cap, not beyond");
        NS_TEST_EXPECT_MSG_EQ(answered, asked, "every legitimate request was answered");
        NS_TEST_EXPECT_MSG_EQ(legitDuplicates, asked, "and deduplicated");
        NS_TEST_EXPECT_MSG_EQ(handled, flood + asked, "the handler ran once per request");
        // Each request beyond the cap evicts exactly one entry, and says so
        const uint64_t entries = flood + asked; // every request leaves one entry
        NS_TEST_EXPECT_MSG_EQ(s.Count(CoapEvent::TABLE_EVICTED, CoapTable::DEDUP),
                              entries - cap,
                              "one eviction traced per request beyond the cap");
        NS_TEST_EXPECT_MSG_EQ(s.Count(CoapEvent::TABLE_EVICTED), entries - cap, "nothing else");
        // The modelled bytes are bounded by the cap: peer (18), MID (2), timer (4), reply
        CoapStateSize size = server.GetStateSize();
        NS_TEST_EXPECT_MSG_LT_OR_EQ(size.Total(),
                                    cap * (18 + 2 + 4 + s.largest),
                                    "state bytes bounded by the cap");
        NS_TEST_EXPECT_MSG_GT_OR_EQ(size.dedup, cap * (18 + 2 + 4), "a full cache");
        // The oldest were evicted: a late retransmission of the first request is new again
        std::vector<uint8_t> first = GetBytes(CoapMessage::CON, 0, 0, "/r");
        uint64_t duplicates = s.Count(CoapEvent::DUPLICATE);
        server.Receive(now, "spoofed-0", first.data(), first.size());
        NS_TEST_EXPECT_MSG_EQ(s.Count(CoapEvent::DUPLICATE), duplicates, "evicted: not known");
        NS_TEST_EXPECT_MSG_EQ(handled, flood + asked + 1, "processed again (RFC 7252 4.5)");
        // The timer is the earliest expiry of what is left, and everything goes by then
        NS_TEST_EXPECT_MSG_GT(server.GetNextDeadline(), now, "nothing is due yet");
        Time end = now + config.GetExchangeLifetime();
        NS_TEST_EXPECT_MSG_LT_OR_EQ(server.GetNextDeadline(), end, "the timer is armed");
        server.OnTimer(end);
        NS_TEST_EXPECT_MSG_EQ(server.GetTableSize(CoapTable::DEDUP), 0u, "all expired");
        NS_TEST_EXPECT_MSG_EQ(server.GetStateSize().Total(), 0u, "no state left");
        NS_TEST_EXPECT_MSG_EQ(s.deadline, Time::Max(), "no timer left");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Deduplication entries, deferred responses and Block1 reassemblies expire at the
 * lifetimes of RFC 7252 section 4.8.2, computed here from a non-default configuration.
 */
class CoapLifetimeTestCase : public TestCase
{
  public:
    CoapLifetimeTestCase()
        : TestCase("state expires at EXCHANGE_LIFETIME and NON_LIFETIME of the configuration")
    {
    }

  private:
    void DoRun() override
    {
        CoapEngineConfig config;
        config.ackTimeout = Seconds(1);
        config.ackRandomFactor = 2.0;
        config.maxRetransmit = 3;
        config.maxLatency = Seconds(30);
        // RFC 7252 section 4.8.2, written out: MAX_TRANSMIT_SPAN = ACK_TIMEOUT *
        // (2^MAX_RETRANSMIT - 1) * ACK_RANDOM_FACTOR = 14 s; PROCESSING_DELAY = ACK_TIMEOUT
        const double span = 1.0 * (std::pow(2.0, 3) - 1) * 2.0;
        const Time exchangeLifetime = Seconds(span + 2 * 30 + 1.0); // 75 s
        const Time nonLifetime = Seconds(span + 30);                // 44 s
        NS_TEST_EXPECT_MSG_EQ(config.GetExchangeLifetime(), exchangeLifetime, "EXCHANGE_LIFETIME");
        NS_TEST_EXPECT_MSG_EQ(config.GetNonLifetime(), nonLifetime, "NON_LIFETIME");

        Counter s;
        FixedRandom rs;
        CoapEndpoint server(s, rs, config);
        uint64_t handled = 0;
        server.AddResource(TextResource("/r", "ok", &handled));
        std::vector<uint64_t> deferred;
        CoapResource later;
        later.path = "/later";
        later.handlers[CoapCode::GET] = [&deferred](const CoapServerRequest& req,
                                                    CoapServerResponse& resp) {
            deferred.push_back(req.deferredId);
            resp.defer = true;
        };
        server.AddResource(later);

        const Time t0 = Seconds(10);
        std::vector<uint8_t> con = GetBytes(CoapMessage::CON, 1, 1, "/r");
        std::vector<uint8_t> non = GetBytes(CoapMessage::NON, 2, 2, "/r");
        std::vector<uint8_t> slow = GetBytes(CoapMessage::CON, 3, 3, "/later");
        server.Receive(t0, "p", con.data(), con.size());
        std::vector<uint8_t> reply = s.last;
        server.Receive(t0, "p", non.data(), non.size());
        server.Receive(t0, "p", slow.data(), slow.size());
        IOTSEC_TEST_REQUIRE(deferred.size() == 1u, "deferred");
        NS_TEST_EXPECT_MSG_EQ(handled, 2u, "two handled");
        NS_TEST_EXPECT_MSG_EQ(s.deadline, t0 + nonLifetime, "timer at the NON entry's expiry");

        // NON_LIFETIME: a duplicate just before is suppressed, one at the expiry is new
        server.OnTimer(t0 + nonLifetime - NanoSeconds(1));
        server.Receive(t0 + nonLifetime - NanoSeconds(1), "p", non.data(), non.size());
        NS_TEST_EXPECT_MSG_EQ(handled, 2u, "NON duplicate suppressed before NON_LIFETIME");
        server.OnTimer(t0 + nonLifetime);
        NS_TEST_EXPECT_MSG_EQ(server.GetTableSize(CoapTable::DEDUP), 2u, "the NON entry went");
        NS_TEST_EXPECT_MSG_EQ(s.deadline, t0 + exchangeLifetime, "then the CON entries' expiry");

        // EXCHANGE_LIFETIME: the CON duplicate gets the cached reply until then
        Time justBefore = t0 + exchangeLifetime - NanoSeconds(1);
        server.OnTimer(justBefore);
        server.Receive(justBefore, "p", con.data(), con.size());
        NS_TEST_EXPECT_MSG_EQ(HexEncode(s.last), HexEncode(reply), "cached reply resent");
        NS_TEST_EXPECT_MSG_EQ(handled, 2u, "CON duplicate suppressed before EXCHANGE_LIFETIME");
        NS_TEST_EXPECT_MSG_EQ(server.GetTableSize(CoapTable::DEFERRED), 1u, "still deferred");
        server.OnTimer(t0 + exchangeLifetime);
        NS_TEST_EXPECT_MSG_EQ(server.GetTableSize(CoapTable::DEDUP), 0u, "CON entries went");
        NS_TEST_EXPECT_MSG_EQ(server.GetTableSize(CoapTable::DEFERRED), 0u, "deferred went");
        CoapMessage answer;
        answer.SetCode(CoapCode::CONTENT);
        NS_TEST_EXPECT_MSG_EQ(
            server.SendDeferredResponse(t0 + exchangeLifetime, deferred[0], answer),
            false,
            "the client has given up: nothing to send");
        server.Receive(t0 + exchangeLifetime, "p", con.data(), con.size());
        NS_TEST_EXPECT_MSG_EQ(handled, 3u, "after EXCHANGE_LIFETIME the same MID is new");

        // Block1: EXCHANGE_LIFETIME after the last block
        CoapEngineConfig small = config;
        small.blockSzx = 0; // 16-byte blocks
        Counter b;
        FixedRandom rb;
        CoapEndpoint upload(b, rb, small);
        CoapResource sink;
        sink.path = "/sink";
        sink.handlers[CoapCode::PUT] = [](const CoapServerRequest&, CoapServerResponse& resp) {
            resp.message.SetCode(CoapCode::CHANGED);
        };
        upload.AddResource(sink);
        auto block = [](uint16_t mid, uint32_t num) {
            CoapMessage m(CoapMessage::CON, CoapCode::PUT, mid);
            m.SetUriPath("/sink");
            m.SetBlock(CoapOption::BLOCK1, CoapBlock{num, true, 0});
            m.SetPayload(std::string(16, 'x'));
            return m.Serialize();
        };
        std::vector<uint8_t> b0 = block(10, 0);
        upload.Receive(t0, "p", b0.data(), b0.size());
        std::vector<uint8_t> b1 = block(11, 1);
        upload.Receive(t0 + Seconds(5), "p", b1.data(), b1.size());
        NS_TEST_EXPECT_MSG_EQ(Parse(b.last).GetCode(), CoapCode::CONTINUE, "2.31");
        upload.OnTimer(t0 + Seconds(5) + exchangeLifetime - NanoSeconds(1));
        NS_TEST_EXPECT_MSG_EQ(upload.GetTableSize(CoapTable::BLOCK1), 1u, "kept until then");
        upload.OnTimer(t0 + Seconds(5) + exchangeLifetime);
        NS_TEST_EXPECT_MSG_EQ(upload.GetTableSize(CoapTable::BLOCK1), 0u, "gone after it");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Each cap: what a full table does, and the trace that says so.
 */
class CoapCapsTestCase : public TestCase
{
  public:
    CoapCapsTestCase()
        : TestCase("full tables evict or refuse as documented, and trace it")
    {
    }

  private:
    /// \return a GET /r
    static CoapMessage Get(const std::string& path)
    {
        CoapMessage m;
        m.SetCode(CoapCode::GET);
        m.SetUriPath(path);
        return m;
    }

    void DoRun() override
    {
        Time now = Seconds(1);
        // EXCHANGES: beyond the cap a request is refused, and fails from the timer
        {
            CoapEngineConfig config;
            config.maxExchanges = 3;
            Counter c;
            FixedRandom r;
            CoapEndpoint client(c, r, config);
            std::vector<CoapResult> results;
            auto keep = [&results](const CoapResult& res) { results.push_back(res); };
            for (int i = 0; i < 5; ++i)
            {
                client.SendRequest(now, "p" + std::to_string(i), Get("/r"), keep);
            }
            NS_TEST_EXPECT_MSG_EQ(client.GetTableSize(CoapTable::EXCHANGES), 3u, "at the cap");
            NS_TEST_EXPECT_MSG_EQ(c.sent, 3u, "three requests sent");
            NS_TEST_EXPECT_MSG_EQ(c.Count(CoapEvent::TABLE_REFUSED, CoapTable::EXCHANGES),
                                  2u,
                                  "two refusals traced");
            NS_TEST_EXPECT_MSG_EQ(c.lastTablePeer, "p4", "with the refused request's peer");
            NS_TEST_EXPECT_MSG_EQ(results.size(), 0u, "no callback from inside SendRequest");
            NS_TEST_EXPECT_MSG_EQ(c.deadline, now, "but a timer at once");
            client.OnTimer(now);
            IOTSEC_TEST_REQUIRE(results.size() == 2u, "the refused requests failed");
            NS_TEST_EXPECT_MSG_EQ(results[0].ok, false, "not ok");
            NS_TEST_EXPECT_MSG_EQ(results[0].error.rfind("refused", 0), 0u, results[0].error);
            NS_TEST_EXPECT_MSG_EQ(results[0].final, true, "final");
            NS_TEST_EXPECT_MSG_EQ(client.IsOpen(results[1].requestId), false, "not open");
            // A client that retries a refused request at once does not keep the timer busy:
            // each retry is refused again and fails from the next timer
            uint32_t retries = 0;
            std::function<void(const CoapResult&)> retry;
            retry = [&](const CoapResult& res) {
                if (!res.ok && retries < 1000)
                {
                    ++retries;
                    client.SendRequest(now, "p9", Get("/r"), retry);
                }
            };
            client.SendRequest(now, "p9", Get("/r"), retry);
            client.OnTimer(now);
            NS_TEST_EXPECT_MSG_EQ(retries, 1u, "one refusal per timer");
            NS_TEST_EXPECT_MSG_EQ(c.deadline, now, "the retry waits for the next timer");
            client.OnTimer(now);
            NS_TEST_EXPECT_MSG_EQ(retries, 2u, "and fails from it");
        }
        // TRANSMISSIONS: the oldest outstanding CON is given up, its request fails
        {
            CoapEngineConfig config;
            config.maxTransmissions = 2;
            Counter c;
            FixedRandom r;
            CoapEndpoint client(c, r, config);
            std::map<std::string, CoapResult> results;
            for (int i = 0; i < 3; ++i)
            {
                std::string peer = "p" + std::to_string(i);
                client.SendRequest(now + Seconds(i), peer, Get("/r"), [&results, peer](auto& res) {
                    results[peer] = res;
                });
            }
            Time t = now + Seconds(2);
            NS_TEST_EXPECT_MSG_EQ(client.GetTableSize(CoapTable::TRANSMISSIONS), 2u, "capped");
            NS_TEST_EXPECT_MSG_EQ(c.Count(CoapEvent::TABLE_EVICTED, CoapTable::TRANSMISSIONS),
                                  1u,
                                  "one eviction traced");
            NS_TEST_EXPECT_MSG_EQ(c.lastTablePeer, "p0", "the oldest");
            client.OnTimer(t);
            NS_TEST_EXPECT_MSG_EQ(results.count("p0"), 1u, "its request failed");
            NS_TEST_EXPECT_MSG_EQ(results["p0"].error.rfind("evicted", 0), 0u, results["p0"].error);
            NS_TEST_EXPECT_MSG_EQ(results.size(), 1u, "the others are still open");
            NS_TEST_EXPECT_MSG_EQ(client.CheckConsistency(), true, "consistent");
        }
        // OBSERVERS: a registration beyond the cap is served without Observe (RFC 7641 4.1)
        {
            CoapEngineConfig config;
            config.maxObservers = 2;
            Counter s;
            FixedRandom r;
            CoapEndpoint server(s, r, config);
            uint64_t handled = 0;
            CoapResource obs = TextResource("/obs", "22 C", &handled);
            obs.observable = true;
            server.AddResource(obs);
            std::vector<bool> registered;
            for (int i = 0; i < 3; ++i)
            {
                CoapMessage m(CoapMessage::CON, CoapCode::GET, static_cast<uint16_t>(100 + i));
                m.SetToken({static_cast<uint8_t>(i)});
                m.SetUriPath("/obs");
                m.SetObserve(0);
                std::vector<uint8_t> bytes = m.Serialize();
                server.Receive(now, "o" + std::to_string(i), bytes.data(), bytes.size());
                CoapMessage reply = Parse(s.last);
                NS_TEST_EXPECT_MSG_EQ(reply.GetCode(), CoapCode::CONTENT, "answered");
                registered.push_back(reply.GetObserve().has_value());
            }
            NS_TEST_EXPECT_MSG_EQ(registered[0] && registered[1], true, "two registered");
            NS_TEST_EXPECT_MSG_EQ(registered[2], false, "the third answered without Observe");
            NS_TEST_EXPECT_MSG_EQ(server.GetObserverCount("/obs"), 2u, "two observers");
            NS_TEST_EXPECT_MSG_EQ(s.Count(CoapEvent::TABLE_REFUSED, CoapTable::OBSERVERS),
                                  1u,
                                  "the refusal traced");
            NS_TEST_EXPECT_MSG_EQ(s.lastTablePeer, "o2", "for the third client");
            uint64_t sent = s.sent;
            server.NotifyObservers(now, "/obs");
            NS_TEST_EXPECT_MSG_EQ(s.sent - sent, 2u, "two notifications");
        }
        // BLOCK1: the least recently active reassembly goes; its next block gets 4.08
        {
            CoapEngineConfig config;
            config.maxBlock1Transfers = 2;
            config.blockSzx = 0;
            Counter s;
            FixedRandom r;
            CoapEndpoint server(s, r, config);
            CoapResource sink;
            sink.path = "/sink";
            sink.handlers[CoapCode::PUT] = [](const CoapServerRequest&, CoapServerResponse& resp) {
                resp.message.SetCode(CoapCode::CHANGED);
            };
            server.AddResource(sink);
            uint16_t mid = 1;
            auto send = [&](const std::string& peer, uint32_t num, bool more, Time at) {
                CoapMessage m(CoapMessage::CON, CoapCode::PUT, mid++);
                m.SetUriPath("/sink");
                m.SetBlock(CoapOption::BLOCK1, CoapBlock{num, more, 0});
                m.SetPayload(std::string(16, 'x'));
                std::vector<uint8_t> bytes = m.Serialize();
                server.Receive(at, peer, bytes.data(), bytes.size());
                return Parse(s.last).GetCode();
            };
            send("u1", 0, true, now);
            send("u2", 0, true, now + Seconds(1));
            send("u1", 1, true, now + Seconds(2)); // u1 active again: u2 is the least recent
            send("u3", 0, true, now + Seconds(3));
            NS_TEST_EXPECT_MSG_EQ(server.GetTableSize(CoapTable::BLOCK1), 2u, "capped");
            NS_TEST_EXPECT_MSG_EQ(s.Count(CoapEvent::TABLE_EVICTED, CoapTable::BLOCK1),
                                  1u,
                                  "one eviction traced");
            NS_TEST_EXPECT_MSG_EQ(s.lastTablePeer, "u2", "the least recently active");
            NS_TEST_EXPECT_MSG_EQ(CoapCode::ToString(send("u2", 1, true, now + Seconds(4))),
                                  "4.08",
                                  "the evicted transfer is incomplete");
            NS_TEST_EXPECT_MSG_EQ(CoapCode::ToString(send("u1", 2, false, now + Seconds(5))),
                                  "2.04",
                                  "a kept one completes");
        }
        // DEFERRED: the oldest deferred response is evicted
        {
            CoapEngineConfig config;
            config.maxDeferred = 2;
            Counter s;
            FixedRandom r;
            CoapEndpoint server(s, r, config);
            std::vector<uint64_t> ids;
            CoapResource later;
            later.path = "/later";
            later.handlers[CoapCode::GET] = [&ids](const CoapServerRequest& req,
                                                   CoapServerResponse& resp) {
                ids.push_back(req.deferredId);
                resp.defer = true;
            };
            server.AddResource(later);
            for (int i = 0; i < 3; ++i)
            {
                std::vector<uint8_t> bytes =
                    GetBytes(CoapMessage::CON, static_cast<uint16_t>(i), i, "/later");
                server.Receive(now + Seconds(i),
                               "d" + std::to_string(i),
                               bytes.data(),
                               bytes.size());
            }
            IOTSEC_TEST_REQUIRE(ids.size() == 3u, "three deferred");
            NS_TEST_EXPECT_MSG_EQ(server.GetTableSize(CoapTable::DEFERRED), 2u, "capped");
            NS_TEST_EXPECT_MSG_EQ(s.Count(CoapEvent::TABLE_EVICTED, CoapTable::DEFERRED),
                                  1u,
                                  "one eviction traced");
            NS_TEST_EXPECT_MSG_EQ(s.lastTablePeer, "d0", "the oldest");
            CoapMessage answer;
            answer.SetCode(CoapCode::CONTENT);
            Time t = now + Seconds(3);
            NS_TEST_EXPECT_MSG_EQ(server.SendDeferredResponse(t, ids[0], answer), false, "gone");
            NS_TEST_EXPECT_MSG_EQ(server.SendDeferredResponse(t, ids[2], answer), true, "kept");
        }
        // Caps of zero are configuration errors
        {
            CoapEngineConfig config;
            for (CoapTable t : ALL_TABLES)
            {
                CoapEngineConfig bad = config;
                bad.maxDedupEntries = t == CoapTable::DEDUP ? 0 : bad.maxDedupEntries;
                bad.maxExchanges = t == CoapTable::EXCHANGES ? 0 : bad.maxExchanges;
                bad.maxTransmissions = t == CoapTable::TRANSMISSIONS ? 0 : bad.maxTransmissions;
                bad.maxObservers = t == CoapTable::OBSERVERS ? 0 : bad.maxObservers;
                bad.maxBlock1Transfers = t == CoapTable::BLOCK1 ? 0 : bad.maxBlock1Transfers;
                bad.maxDeferred = t == CoapTable::DEFERRED ? 0 : bad.maxDeferred;
                std::string error;
                NS_TEST_EXPECT_MSG_EQ(bad.Validate(&error), false, CoapTableName(t));
                NS_TEST_EXPECT_MSG_NE(error.find(CoapTableName(t)), std::string::npos, error);
                NS_TEST_EXPECT_MSG_EQ(bad.GetCap(t), 0u, "the field of the table");
            }
            NS_TEST_EXPECT_MSG_EQ(config.Validate(nullptr), true, "the defaults are valid");
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief OSCORE's per-request state (the request bindings) is bounded by the engine's caps,
 * and the context's own state does not grow with the requests it verifies or rejects.
 */
class CoapOscoreFloodTestCase : public TestCase
{
  public:
    CoapOscoreFloodTestCase()
        : TestCase("OSCORE request bindings and context state stay bounded under a flood")
    {
    }

  private:
    void DoRun() override
    {
        OscoreParameters client;
        OscoreParameters server;
        OscoreParameters stranger;
        std::string error;
        const std::string psk = "0102030405060708090a0b0c0d0e0f10";
        IOTSEC_TEST_REQUIRE(OscoreParameters::FromHex(psk, "", "", "01", client, &error), error);
        IOTSEC_TEST_REQUIRE(OscoreParameters::FromHex(psk, "", "01", "", server, &error), error);
        IOTSEC_TEST_REQUIRE(OscoreParameters::FromHex("ffeeddccbbaa99887766554433221100",
                                                      "",
                                                      "",
                                                      "01",
                                                      stranger,
                                                      &error),
                            error);
        OscoreContext sender(client);
        OscoreContext forger(stranger);
        // The forger's Partial IVs are fresh, so that its requests reach the integrity check
        forger.SetSenderSequenceNumber(1000000);
        auto serverCtx = std::make_shared<OscoreContext>(server);
        const uint64_t contextBytes = serverCtx->GetStateBytes();

        CoapEngineConfig config;
        config.maxDeferred = 50;
        config.maxDedupEntries = 200;
        Counter s;
        FixedRandom r;
        CoapEndpoint endpoint(s, r, config);
        endpoint.SetSecurity("", serverCtx);
        CoapResource later;
        later.path = "/later";
        later.handlers[CoapCode::GET] = [](const CoapServerRequest&, CoapServerResponse& resp) {
            resp.defer = true; // every verified request leaves its binding behind
        };
        endpoint.AddResource(later);

        const uint32_t flood = 5000;
        Time now = Seconds(1);
        uint64_t worstSecurity = 0;
        uint64_t largestBinding = 0;
        bool contextConstant = true;
        for (uint32_t i = 0; i < flood; ++i)
        {
            now += MilliSeconds(1);
            CoapMessage m(CoapMessage::CON, CoapCode::GET, static_cast<uint16_t>(i));
            m.SetToken({static_cast<uint8_t>(i >> 8), static_cast<uint8_t>(i)});
            m.SetUriPath("/later");
            CoapRequestBinding binding;
            // Half are genuine (a fresh Partial IV each), half forged with another key
            OscoreContext& ctx = (i % 2 == 0) ? sender : forger;
            IOTSEC_TEST_REQUIRE(ctx.ProtectRequest(m, binding, &error), error);
            largestBinding =
                std::max<uint64_t>(largestBinding, binding.kid.size() + binding.partialIv.size());
            std::vector<uint8_t> bytes = m.Serialize();
            endpoint.Receive(now, "spoofed-" + std::to_string(i), bytes.data(), bytes.size());
            worstSecurity = std::max(worstSecurity, endpoint.GetStateSize().security);
            contextConstant = contextConstant && serverCtx->GetStateBytes() == contextBytes;
            if (!OverCap(endpoint, config).empty())
            {
                NS_TEST_EXPECT_MSG_EQ(OverCap(endpoint, config), "", "within the caps");
                break;
            }
        }
        NS_TEST_EXPECT_MSG_EQ(contextConstant, true, "the context does not grow");
        NS_TEST_EXPECT_MSG_EQ(serverCtx->GetCounters().requestsVerified, flood / 2, "verified");
        NS_TEST_EXPECT_MSG_EQ(serverCtx->GetCounters().decryptFailures, flood / 2, "forged");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(worstSecurity,
                                    contextBytes + config.maxDeferred * largestBinding,
                                    "bindings bounded by MaxDeferred");
        NS_TEST_EXPECT_MSG_EQ(endpoint.GetTableSize(CoapTable::DEFERRED),
                              uint64_t(config.maxDeferred),
                              "deferred table full");
        NS_TEST_EXPECT_MSG_EQ(s.Count(CoapEvent::TABLE_EVICTED, CoapTable::DEFERRED),
                              flood / 2 - config.maxDeferred,
                              "an eviction per verified request beyond the cap");
        NS_TEST_EXPECT_MSG_EQ(s.Count(CoapEvent::SECURITY_REJECTED), flood / 2, "rejections");
        NS_TEST_EXPECT_MSG_EQ(endpoint.GetTableSize(CoapTable::DEDUP),
                              uint64_t(config.maxDedupEntries),
                              "error responses cached within the dedup cap");
        NS_TEST_EXPECT_MSG_EQ(endpoint.CheckConsistency(), true, "consistent");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The binding's attributes reach the engine; its traces carry enums; peer keys are
 * addresses (received datagrams leave no per-peer state in the binding).
 */
class CoapBindingBoundsTestCase : public TestCase
{
  public:
    CoapBindingBoundsTestCase()
        : TestCase("CoapSocketBinding: Max* attributes, TableFull and SecurityRejected enums, "
                   "peer keys")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<CoapSocketBinding> b = CreateObject<CoapSocketBinding>();
        CoapEngineConfig defaults;
        CoapEngineConfig fromAttributes = b->GetEngineConfig();
        for (CoapTable t : ALL_TABLES)
        {
            NS_TEST_EXPECT_MSG_EQ(fromAttributes.GetCap(t),
                                  defaults.GetCap(t),
                                  std::string("attribute default of ") + CoapTableName(t));
        }
        b->SetAttribute("MaxDedupEntries", UintegerValue(7));
        b->SetAttribute("MaxExchanges", UintegerValue(8));
        b->SetAttribute("MaxTransmissions", UintegerValue(9));
        b->SetAttribute("MaxObservers", UintegerValue(10));
        b->SetAttribute("MaxBlock1Transfers", UintegerValue(11));
        b->SetAttribute("MaxDeferred", UintegerValue(12));
        CoapEngineConfig set = b->GetEngineConfig();
        uint32_t expected = 7;
        for (CoapTable t : ALL_TABLES)
        {
            NS_TEST_EXPECT_MSG_EQ(set.GetCap(t), expected++, CoapTableName(t));
        }
        NS_TEST_EXPECT_MSG_EQ(b->GetEndpoint().GetConfig().maxDedupEntries, 7u, "the engine's");

        std::vector<std::string> full;
        b->TraceConnectWithoutContext("TableFull",
                                      MakeCallback(+[](std::vector<std::string>* out,
                                                       const std::string& peer,
                                                       CoapTable table,
                                                       CoapTableAction action) {
                                          out->push_back(peer + " " + CoapTableName(table) + " " +
                                                         CoapTableActionName(action));
                                      }).Bind(&full));
        std::vector<std::string> rejected;
        b->TraceConnectWithoutContext("SecurityRejected",
                                      MakeCallback(+[](std::vector<std::string>* out,
                                                       const std::string& peer,
                                                       uint8_t code,
                                                       CoapSecurityFailure why) {
                                          out->push_back(peer + " " + CoapCode::ToString(code) +
                                                         " " + CoapSecurityFailureName(why));
                                      }).Bind(&rejected));
        CoapEvent e;
        e.peer = "[2001:db8::1]:5683";
        e.kind = CoapEvent::TABLE_EVICTED;
        e.table = CoapTable::DEDUP;
        b->OnEvent(e);
        e.kind = CoapEvent::TABLE_REFUSED;
        e.table = CoapTable::OBSERVERS;
        b->OnEvent(e);
        e.kind = CoapEvent::SECURITY_REJECTED;
        e.code = CoapCode::UNAUTHORIZED;
        e.securityFailure = CoapSecurityFailure::REPLAY;
        b->OnEvent(e);
        IOTSEC_TEST_REQUIRE(full.size() == 2u, "two TableFull");
        NS_TEST_EXPECT_MSG_EQ(full[0], "[2001:db8::1]:5683 DEDUP EVICTED", "eviction");
        NS_TEST_EXPECT_MSG_EQ(full[1], "[2001:db8::1]:5683 OBSERVERS REFUSED", "refusal");
        IOTSEC_TEST_REQUIRE(rejected.size() == 1u, "one SecurityRejected");
        NS_TEST_EXPECT_MSG_EQ(rejected[0], "[2001:db8::1]:5683 4.01 REPLAY", "typed reason");

        // Peer keys spell addresses: the binding answers a sender without remembering it
        Address a;
        for (const Address& original :
             {Address(Inet6SocketAddress(Ipv6Address("2001:db8::1"), 5683)),
              Address(InetSocketAddress(Ipv4Address("10.0.0.1"), 61616))})
        {
            std::string key = CoapSocketBinding::PeerKey(original);
            NS_TEST_EXPECT_MSG_EQ(CoapSocketBinding::PeerAddress(key, a), true, key);
            NS_TEST_EXPECT_MSG_EQ(CoapSocketBinding::PeerKey(a), key, "round trip");
        }
        for (const char* bad : {"server",
                                "",
                                "[2001:db8::1]",
                                "[2001:db8::1]:",
                                "[2001:db8::zz]:5683",
                                "[2001:db8::1]:70000",
                                "10.0.0:5683",
                                "10.0.0.1:5x",
                                "[2001:0db8::1]:5683"}) // not how PeerKey writes it
        {
            NS_TEST_EXPECT_MSG_EQ(CoapSocketBinding::PeerAddress(bad, a), false, bad);
        }
        b->Dispose();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The bounds of the CoAP engine and its binding.
 */
class CoapBoundsTestSuite : public TestSuite
{
  public:
    CoapBoundsTestSuite()
        : TestSuite("iotsec-coap-bounds", Type::UNIT)
    {
        AddTestCase(new CoapFloodTestCase, iotsectest::QUICK);
        AddTestCase(new CoapLifetimeTestCase, iotsectest::QUICK);
        AddTestCase(new CoapCapsTestCase, iotsectest::QUICK);
        AddTestCase(new CoapOscoreFloodTestCase, iotsectest::QUICK);
        AddTestCase(new CoapBindingBoundsTestCase, iotsectest::QUICK);
    }
};

/// Static instance: registers the suite
static CoapBoundsTestSuite g_coapBoundsTestSuite;
