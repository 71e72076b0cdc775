/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Tests of the sans-I/O CoAP endpoint: two engines wired back to back on a virtual clock,
// checked against the message flows of RFC 7252 Appendix A, RFC 7641 and RFC 7959.

#include "coap-test-wire.h"
#include "iotsec-test.h"

#include "ns3/coap-endpoint.h"
#include "ns3/engine-random.h"
#include "ns3/hex-encoding.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

using iotsectest::FixedRandom;
using iotsectest::Logged;
using iotsectest::Side;
using iotsectest::Wire;

/**
 * \param path a path
 * \param payload its representation
 * \param counter incremented per GET
 * \return a GET-only resource
 */
CoapResource
TextResource(const std::string& path, const std::string& payload, uint32_t* counter = nullptr)
{
    CoapResource r;
    r.path = path;
    r.handlers[CoapCode::GET] = [payload, counter](const CoapServerRequest&,
                                                   CoapServerResponse& resp) {
        if (counter)
        {
            ++*counter;
        }
        resp.message.SetCode(CoapCode::CONTENT);
        resp.message.SetContentFormat(0);
        resp.message.SetPayload(payload);
    };
    return r;
}

/**
 * \param path a path
 * \return a GET request for it
 */
CoapMessage
Get(const std::string& path)
{
    CoapMessage m;
    m.SetCode(CoapCode::GET);
    m.SetUriPath(path);
    return m;
}

/// \param b a block, or nothing \return "NUM/M/SIZE" or "-"
std::string
BlockText(const std::optional<CoapBlock>& b)
{
    if (!b)
    {
        return "-";
    }
    return std::to_string(b->num) + "/" + std::to_string(b->more ? 1 : 0) + "/" +
           std::to_string(b->GetSize());
}

/**
 * \param n a size
 * \return n bytes of a recognisable pattern
 */
std::string
Pattern(std::size_t n)
{
    std::string s;
    for (std::size_t i = 0; i < n; ++i)
    {
        s += static_cast<char>('a' + (i * 7 + i / 26) % 26);
    }
    return s;
}

} // namespace

/**
 * \ingroup iotsec-tests
 * \brief RFC 7252 figures 17, 20 and 22: piggybacked, separate and NON responses.
 */
class CoapResponseFlowsTestCase : public TestCase
{
  public:
    CoapResponseFlowsTestCase()
        : TestCase("piggybacked, separate and non-confirmable response flows (RFC 7252 A)")
    {
    }

  private:
    void DoRun() override
    {
        CoapEngineConfig cfg;
        cfg.tokenLength = 1;
        // Figure 17: CON GET with a token; ACK 2.05 with the same MID and token
        {
            Wire w(cfg);
            w.server->AddResource(TextResource("/temperature", "22.3 C"));
            CoapResult result;
            w.client->SendRequest(w.now, "server", Get("/temperature"), [&](const CoapResult& r) {
                result = r;
            });
            w.Pump();
            NS_TEST_ASSERT_MSG_EQ(w.log.size(), 2u, "request and piggybacked response");
            if (w.log.size() != 2u)
            {
                return;
            }
            const CoapMessage& req = w.log[0].message;
            const CoapMessage& ack = w.log[1].message;
            NS_TEST_EXPECT_MSG_EQ(req.GetType(), CoapMessage::CON, "CON");
            NS_TEST_EXPECT_MSG_EQ(req.GetToken().size(), 1u, "1-byte token");
            NS_TEST_EXPECT_MSG_EQ(req.GetUriPath(), "/temperature", "Uri-Path");
            NS_TEST_EXPECT_MSG_EQ(ack.GetType(), CoapMessage::ACK, "ACK");
            NS_TEST_EXPECT_MSG_EQ(ack.GetMessageId(), req.GetMessageId(), "same MID");
            NS_TEST_EXPECT_MSG_EQ(HexEncode(ack.GetToken()), HexEncode(req.GetToken()), "token");
            NS_TEST_EXPECT_MSG_EQ(ack.GetCode(), CoapCode::CONTENT, "2.05");
            NS_TEST_EXPECT_MSG_EQ(result.ok, true, result.error);
            NS_TEST_EXPECT_MSG_EQ(result.response.GetPayloadString(), "22.3 C", "payload");
            NS_TEST_EXPECT_MSG_EQ(w.c.Count(CoapEvent::RESPONSE_RECEIVED), 1u, "traced");
        }
        // Figure 20: empty ACK, then a CON response with a new MID, acknowledged
        {
            Wire w(cfg);
            uint64_t deferred = 0;
            CoapResource slow;
            slow.path = "/temperature";
            slow.handlers[CoapCode::GET] = [&](const CoapServerRequest& req,
                                               CoapServerResponse& resp) {
                deferred = req.deferredId;
                resp.defer = true;
            };
            w.server->AddResource(slow);
            CoapResult result;
            w.client->SendRequest(w.now, "server", Get("/temperature"), [&](const CoapResult& r) {
                result = r;
            });
            w.RunUntil(Seconds(20)); // the empty ACK stops retransmission
            NS_TEST_ASSERT_MSG_EQ(w.log.size(), 2u, "request and empty ACK only");
            if (w.log.size() != 2u)
            {
                return;
            }
            NS_TEST_EXPECT_MSG_EQ(w.log[1].message.GetType(), CoapMessage::ACK, "ACK");
            NS_TEST_EXPECT_MSG_EQ(w.log[1].message.IsEmpty(), true, "empty");
            NS_TEST_EXPECT_MSG_EQ(w.log[1].message.GetMessageId(),
                                  w.log[0].message.GetMessageId(),
                                  "ACK of the request");
            NS_TEST_EXPECT_MSG_EQ(w.c.Count(CoapEvent::RETRANSMISSION), 0u, "no retransmission");
            NS_TEST_EXPECT_MSG_EQ(w.client->IsOpen(1), true, "waiting for the response");
            CoapMessage later;
            later.SetCode(CoapCode::CONTENT);
            later.SetPayload("22.3 C");
            NS_TEST_EXPECT_MSG_EQ(w.server->SendDeferredResponse(w.now, deferred, later),
                                  true,
                                  "deferred");
            w.Pump();
            NS_TEST_ASSERT_MSG_EQ(w.log.size(), 4u, "separate response and its ACK");
            if (w.log.size() != 4u)
            {
                return;
            }
            const CoapMessage& sep = w.log[2].message;
            NS_TEST_EXPECT_MSG_EQ(sep.GetType(), CoapMessage::CON, "CON response");
            NS_TEST_EXPECT_MSG_NE(sep.GetMessageId(), w.log[0].message.GetMessageId(), "new MID");
            NS_TEST_EXPECT_MSG_EQ(HexEncode(sep.GetToken()),
                                  HexEncode(w.log[0].message.GetToken()),
                                  "same token");
            NS_TEST_EXPECT_MSG_EQ(w.log[3].message.GetType(), CoapMessage::ACK, "client ACKs");
            NS_TEST_EXPECT_MSG_EQ(w.log[3].message.GetMessageId(), sep.GetMessageId(), "its MID");
            NS_TEST_EXPECT_MSG_EQ(result.ok, true, result.error);
            NS_TEST_EXPECT_MSG_EQ(result.response.GetPayloadString(), "22.3 C", "payload");
            NS_TEST_EXPECT_MSG_EQ(w.server->SendDeferredResponse(w.now, deferred, later),
                                  false,
                                  "only once");
        }
        // Figure 22: NON request, NON response with its own MID
        {
            Wire w(cfg);
            w.server->AddResource(TextResource("/temperature", "22.3 C"));
            CoapResult result;
            CoapRequestOptions non;
            non.confirmable = false;
            w.client->SendRequest(
                w.now,
                "server",
                Get("/temperature"),
                [&](const CoapResult& r) { result = r; },
                non);
            w.Pump();
            NS_TEST_ASSERT_MSG_EQ(w.log.size(), 2u, "two messages");
            if (w.log.size() != 2u)
            {
                return;
            }
            NS_TEST_EXPECT_MSG_EQ(w.log[0].message.GetType(), CoapMessage::NON, "NON request");
            NS_TEST_EXPECT_MSG_EQ(w.log[1].message.GetType(), CoapMessage::NON, "NON response");
            NS_TEST_EXPECT_MSG_NE(w.log[1].message.GetMessageId(),
                                  w.log[0].message.GetMessageId(),
                                  "own MID");
            NS_TEST_EXPECT_MSG_EQ(result.ok, true, result.error);
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief A duplicate CON gets the same response; the handler runs once.
 */
class CoapDeduplicationTestCase : public TestCase
{
  public:
    CoapDeduplicationTestCase()
        : TestCase("a duplicate CON gets the cached response; the handler runs once")
    {
    }

  private:
    void DoRun() override
    {
        // An injected duplicate
        {
            Wire w;
            uint32_t calls = 0;
            w.server->AddResource(TextResource("/temperature", "22.3 C", &calls));
            w.client->SendRequest(w.now, "server", Get("/temperature"), nullptr);
            std::vector<uint8_t> request = w.c.outbox.front().second;
            w.Pump();
            w.Inject(true, request);
            NS_TEST_ASSERT_MSG_EQ(w.s.outbox.size(), 1u, "the duplicate is answered");
            if (w.s.outbox.size() != 1u)
            {
                return;
            }
            NS_TEST_EXPECT_MSG_EQ(HexEncode(w.s.outbox[0].second),
                                  HexEncode(w.Sent(false)[0].Serialize()),
                                  "with the same bytes");
            NS_TEST_EXPECT_MSG_EQ(calls, 1u, "handler ran once");
            NS_TEST_EXPECT_MSG_EQ(w.s.Count(CoapEvent::DUPLICATE), 1u, "duplicate traced");
        }
        // The ACK is lost: the client retransmits after ACK_TIMEOUT and gets the same ACK
        {
            Wire w;
            uint32_t calls = 0;
            w.server->AddResource(TextResource("/temperature", "22.3 C", &calls));
            int serverMessages = 0;
            w.drop = [&](const Logged& l) { return !l.fromClient && serverMessages++ == 0; };
            CoapResult result;
            w.client->SendRequest(w.now, "server", Get("/temperature"), [&](const CoapResult& r) {
                result = r;
            });
            w.RunUntil(Seconds(10));
            NS_TEST_ASSERT_MSG_EQ(w.log.size(), 4u, "request, lost ACK, retransmission, ACK");
            if (w.log.size() != 4u)
            {
                return;
            }
            NS_TEST_EXPECT_MSG_EQ(w.log[2].at, Seconds(2), "retransmitted at ACK_TIMEOUT");
            NS_TEST_EXPECT_MSG_EQ(HexEncode(w.log[3].message.Serialize()),
                                  HexEncode(w.log[1].message.Serialize()),
                                  "same response");
            NS_TEST_EXPECT_MSG_EQ(calls, 1u, "handler ran once");
            NS_TEST_EXPECT_MSG_EQ(result.ok, true, result.error);
            NS_TEST_EXPECT_MSG_EQ(result.retransmissions, 1u, "one retransmission");
            NS_TEST_EXPECT_MSG_EQ(result.rtt, Seconds(2), "RTT from the first transmission");
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Retransmission schedule and give-up, and NSTART queueing.
 */
class CoapReliabilityEngineTestCase : public TestCase
{
  public:
    CoapReliabilityEngineTestCase()
        : TestCase("CON back-off 2,4,8,16 s then timeout; NSTART queues requests")
    {
    }

  private:
    void DoRun() override
    {
        {
            Wire w;
            w.drop = [](const Logged& l) { return l.fromClient; };
            CoapResult result;
            bool called = false;
            w.client->SendRequest(w.now, "server", Get("/x"), [&](const CoapResult& r) {
                result = r;
                called = true;
            });
            w.RunUntil(Seconds(100));
            std::vector<double> at;
            for (const auto& l : w.log)
            {
                at.push_back(l.at.GetSeconds());
            }
            // ACK_TIMEOUT 2 s (Uniform at its minimum), doubled: 0, 2, 6, 14, 30; give up at 62
            NS_TEST_ASSERT_MSG_EQ(at.size(), 5u, "1 + MAX_RETRANSMIT transmissions");
            if (at.size() != 5u)
            {
                return;
            }
            NS_TEST_EXPECT_MSG_EQ(at[1], 2.0, "first retransmission");
            NS_TEST_EXPECT_MSG_EQ(at[2], 6.0, "second");
            NS_TEST_EXPECT_MSG_EQ(at[3], 14.0, "third");
            NS_TEST_EXPECT_MSG_EQ(at[4], 30.0, "fourth");
            NS_TEST_EXPECT_MSG_EQ(called, true, "failed");
            NS_TEST_EXPECT_MSG_EQ(result.ok, false, "not ok");
            NS_TEST_EXPECT_MSG_EQ(result.error, "timeout", "timeout");
            NS_TEST_EXPECT_MSG_EQ(result.rtt, Seconds(62), "given up at 62 s");
            NS_TEST_EXPECT_MSG_EQ(w.c.Count(CoapEvent::TIMEOUT), 1u, "timeout traced");
            NS_TEST_EXPECT_MSG_EQ(w.c.Count(CoapEvent::RETRANSMISSION), 4u, "4 retransmissions");
        }
        {
            // NSTART = 1: the second request waits for the first one's response
            Wire w;
            uint64_t deferred = 0;
            CoapResource slow;
            slow.path = "/slow";
            slow.handlers[CoapCode::GET] = [&](const CoapServerRequest& req,
                                               CoapServerResponse& resp) {
                deferred = req.deferredId;
                resp.defer = true;
            };
            w.server->AddResource(slow);
            w.server->AddResource(TextResource("/fast", "f"));
            std::vector<std::string> order;
            w.client->SendRequest(w.now, "server", Get("/slow"), [&](const CoapResult&) {
                order.push_back("slow");
            });
            w.client->SendRequest(w.now, "server", Get("/fast"), [&](const CoapResult&) {
                order.push_back("fast");
            });
            w.RunUntil(Seconds(5));
            NS_TEST_EXPECT_MSG_EQ(w.Sent(true).size(), 1u, "one outstanding interaction");
            CoapMessage later;
            later.SetCode(CoapCode::CONTENT);
            w.server->SendDeferredResponse(w.now, deferred, later);
            w.RunUntil(Seconds(6));
            NS_TEST_ASSERT_MSG_EQ(order.size(), 2u, "both answered");
            if (order.size() != 2u)
            {
                return;
            }
            NS_TEST_EXPECT_MSG_EQ(order[0], "slow", "in order");
            NS_TEST_EXPECT_MSG_EQ(w.Sent(true)[2].GetUriPath(), "/fast", "then the queued one");
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Response codes and rejections of RFC 7252 sections 4.2, 4.3, 5.4.1 and 5.7.2.
 */
class CoapRejectionTestCase : public TestCase
{
  public:
    CoapRejectionTestCase()
        : TestCase("4.04, 4.05, 4.02, 5.05; RST for malformed, ping and unexpected messages")
    {
    }

  private:
    /**
     * \param w the wire
     * \param request the request
     * \return the response code
     */
    uint8_t Ask(Wire& w, const CoapMessage& request)
    {
        uint8_t code = 0;
        w.client->SendRequest(w.now, "server", request, [&](const CoapResult& r) {
            code = r.ok ? r.response.GetCode() : 0;
        });
        w.Pump();
        return code;
    }

    void DoRun() override
    {
        Wire w;
        w.server->AddResource(TextResource("/temperature", "22.3 C"));
        NS_TEST_EXPECT_MSG_EQ(CoapCode::ToString(Ask(w, Get("/nothing"))), "4.04", "not found");
        CoapMessage post = Get("/temperature");
        post.SetCode(CoapCode::POST);
        NS_TEST_EXPECT_MSG_EQ(CoapCode::ToString(Ask(w, post)), "4.05", "method not allowed");
        CoapMessage critical = Get("/temperature");
        critical.AddOption(65001, std::string("x"));
        NS_TEST_EXPECT_MSG_EQ(CoapCode::ToString(Ask(w, critical)), "4.02", "critical option");
        CoapMessage elective = Get("/temperature");
        elective.AddOption(65000, std::string("x"));
        NS_TEST_EXPECT_MSG_EQ(CoapCode::ToString(Ask(w, elective)), "2.05", "elective ignored");
        CoapMessage badLength = Get("/temperature");
        badLength.AddOption(CoapOption::URI_HOST, std::string(256, 'h'));
        NS_TEST_EXPECT_MSG_EQ(CoapCode::ToString(Ask(w, badLength)), "4.02", "bad length");
        CoapMessage proxy = Get("/temperature");
        proxy.SetProxyUri("coap://elsewhere/x");
        NS_TEST_EXPECT_MSG_EQ(CoapCode::ToString(Ask(w, proxy)), "5.05", "no proxying");

        // Malformed CON: RST with its MID; malformed NON: silence
        w.Inject(true, {0x40, 0x01, 0x12, 0x34, 0xf1, 0x00});
        NS_TEST_ASSERT_MSG_EQ(w.s.outbox.size(), 1u, "RST");
        if (w.s.outbox.size() != 1u)
        {
            return;
        }
        CoapMessage rst;
        CoapMessage::Parse(w.s.outbox[0].second.data(), w.s.outbox[0].second.size(), rst, nullptr);
        NS_TEST_EXPECT_MSG_EQ(rst.GetType(), CoapMessage::RST, "RST");
        NS_TEST_EXPECT_MSG_EQ(rst.GetMessageId(), 0x1234, "its MID");
        w.s.outbox.clear();
        w.Inject(true, {0x50, 0x01, 0x12, 0x35, 0xf1, 0x00});
        NS_TEST_EXPECT_MSG_EQ(w.s.outbox.size(), 0u, "malformed NON ignored");
        // CoAP ping (empty CON): RST
        w.Inject(true, {0x40, 0x00, 0x12, 0x36});
        NS_TEST_ASSERT_MSG_EQ(w.s.outbox.size(), 1u, "pong");
        if (w.s.outbox.size() != 1u)
        {
            return;
        }
        NS_TEST_EXPECT_MSG_EQ(HexEncode(w.s.outbox[0].second), "70001236", "RST 0x1236");
        w.s.outbox.clear();
        // An unexpected CON response at the client: RST
        w.Inject(false, {0x41, 0x45, 0x22, 0x22, 0x99, 0xff, 'x'});
        NS_TEST_ASSERT_MSG_EQ(w.c.outbox.size(), 1u, "RST");
        if (w.c.outbox.size() != 1u)
        {
            return;
        }
        NS_TEST_EXPECT_MSG_EQ(HexEncode(w.c.outbox[0].second), "70002222", "RST 0x2222");
        w.c.outbox.clear();
        // A CON response with an unrecognized critical option is rejected with RST (5.4.1)
        uint64_t deferred = 0;
        CoapResource slow;
        slow.path = "/slow";
        slow.handlers[CoapCode::GET] = [&](const CoapServerRequest& req, CoapServerResponse& r) {
            deferred = req.deferredId;
            r.defer = true;
        };
        w.server->AddResource(slow);
        uint64_t id = w.client->SendRequest(w.now, "server", Get("/slow"), nullptr);
        CoapMessage sent;
        const auto& bytes = w.c.outbox.front().second;
        CoapMessage::Parse(bytes.data(), bytes.size(), sent, nullptr);
        w.Pump();
        CoapMessage bad(CoapMessage::CON, CoapCode::CONTENT, 0x3333);
        bad.SetToken(sent.GetToken());
        bad.AddOption(65001, std::string("x"));
        w.Inject(false, bad.Serialize());
        NS_TEST_ASSERT_MSG_EQ(w.c.outbox.size(), 1u, "rejected");
        if (w.c.outbox.size() != 1u)
        {
            return;
        }
        NS_TEST_EXPECT_MSG_EQ(HexEncode(w.c.outbox[0].second), "70003333", "with RST");
        NS_TEST_EXPECT_MSG_EQ(w.client->IsOpen(id), true, "the request still waits");
        (void)deferred;
    }
};

/**
 * \ingroup iotsec-tests
 * \brief RFC 7959 figures 2 and 3 (Block2) and the Block1 flow with size negotiation.
 */
class CoapBlockwiseEngineTestCase : public TestCase
{
  public:
    CoapBlockwiseEngineTestCase()
        : TestCase("block-wise flows of RFC 7959: Block2, early negotiation, Block1 with 2.31")
    {
    }

  private:
    void DoRun() override
    {
        const std::string status = Pattern(380);
        // Figure 2: server block size 128: 2:0/1/128, then 2:1/0/128 -> 2:1/1/128, ...
        {
            CoapEngineConfig serverCfg;
            serverCfg.blockSzx = 3;
            Wire w(CoapEngineConfig(), serverCfg);
            uint32_t calls = 0;
            w.server->AddResource(TextResource("/status", status, &calls));
            CoapResult result;
            w.client->SendRequest(w.now, "server", Get("/status"), [&](const CoapResult& r) {
                result = r;
            });
            w.Pump();
            std::string requests;
            std::string responses;
            for (const auto& m : w.Sent(true))
            {
                requests += BlockText(m.GetBlock2()) + " ";
            }
            for (const auto& m : w.Sent(false))
            {
                responses += BlockText(m.GetBlock2()) + " ";
            }
            NS_TEST_EXPECT_MSG_EQ(requests, "- 1/0/128 2/0/128 ", "client's Block2 options");
            NS_TEST_EXPECT_MSG_EQ(responses, "0/1/128 1/1/128 2/0/128 ", "server's Block2");
            NS_TEST_EXPECT_MSG_EQ(result.ok, true, result.error);
            NS_TEST_EXPECT_MSG_EQ(result.response.GetPayloadString(), status, "reassembled");
            NS_TEST_EXPECT_MSG_EQ(result.blocks, 3u, "three exchanges");
            NS_TEST_EXPECT_MSG_EQ(w.Sent(false)[0].GetSize2().value_or(0), 380u, "Size2");
        }
        // Figure 3: the client asks for 64-byte blocks early: 2:0/0/64 ... 2:5/0/64
        {
            Wire w;
            w.server->AddResource(TextResource("/status", status));
            CoapResult result;
            CoapRequestOptions early;
            early.block2Szx = 2;
            w.client->SendRequest(
                w.now,
                "server",
                Get("/status"),
                [&](const CoapResult& r) { result = r; },
                early);
            w.Pump();
            std::string requests;
            std::string responses;
            for (const auto& m : w.Sent(true))
            {
                requests += BlockText(m.GetBlock2()) + " ";
            }
            for (const auto& m : w.Sent(false))
            {
                responses += BlockText(m.GetBlock2()) + " ";
            }
            NS_TEST_EXPECT_MSG_EQ(requests,
                                  "0/0/64 1/0/64 2/0/64 3/0/64 4/0/64 5/0/64 ",
                                  "client's Block2 options");
            NS_TEST_EXPECT_MSG_EQ(responses,
                                  "0/1/64 1/1/64 2/1/64 3/1/64 4/1/64 5/0/64 ",
                                  "server's Block2 options");
            NS_TEST_EXPECT_MSG_EQ(result.response.GetPayloadString(), status, "reassembled");
        }
        // The representation changes in the middle of a transfer: the ETag shows it
        {
            Wire w;
            int calls = 0;
            CoapResource r;
            r.path = "/status";
            r.handlers[CoapCode::GET] = [&](const CoapServerRequest&, CoapServerResponse& resp) {
                resp.message.SetPayload(Pattern(380 + (calls++ > 0 ? 1 : 0)));
            };
            w.server->AddResource(r);
            CoapResult result;
            CoapRequestOptions early;
            early.block2Szx = 2;
            w.client->SendRequest(
                w.now,
                "server",
                Get("/status"),
                [&](const CoapResult& res) { result = res; },
                early);
            w.Pump();
            NS_TEST_EXPECT_MSG_EQ(result.ok, false, "changed representation detected");
            NS_TEST_EXPECT_MSG_NE(result.error.find("ETag"), std::string::npos, result.error);
        }
        // Block1 with negotiation: client 128, server prefers 32: 1:0/1/128 -> 2.31 1:0/1/32,
        // 1:4/1/32 -> 2.31 1:4/1/32, 1:5/1/32 -> 2.31 1:5/1/32, 1:6/0/32 -> 2.04 1:6/0/32
        {
            CoapEngineConfig clientCfg;
            clientCfg.blockSzx = 3;
            CoapEngineConfig serverCfg;
            serverCfg.blockSzx = 1;
            Wire w(clientCfg, serverCfg);
            std::string received;
            uint32_t calls = 0;
            CoapResource options;
            options.path = "/options";
            options.handlers[CoapCode::PUT] = [&](const CoapServerRequest& req,
                                                  CoapServerResponse& resp) {
                ++calls;
                received = req.message.GetPayloadString();
                resp.message.SetCode(CoapCode::CHANGED);
            };
            w.server->AddResource(options);
            const std::string body = Pattern(224);
            CoapMessage put;
            put.SetCode(CoapCode::PUT);
            put.SetUriPath("/options");
            put.SetPayload(body);
            CoapResult result;
            w.client->SendRequest(w.now, "server", put, [&](const CoapResult& r) { result = r; });
            w.Pump();
            std::string requests;
            std::string responses;
            for (const auto& m : w.Sent(true))
            {
                requests += BlockText(m.GetBlock1()) + " ";
            }
            for (const auto& m : w.Sent(false))
            {
                responses += CoapCode::ToString(m.GetCode()) + " " + BlockText(m.GetBlock1()) + " ";
            }
            NS_TEST_EXPECT_MSG_EQ(requests, "0/1/128 4/1/32 5/1/32 6/0/32 ", "client's Block1");
            NS_TEST_EXPECT_MSG_EQ(responses,
                                  "2.31 0/1/32 2.31 4/1/32 2.31 5/1/32 2.04 6/0/32 ",
                                  "server's answers");
            NS_TEST_EXPECT_MSG_EQ(w.Sent(true)[0].GetSize1().value_or(0), 224u, "Size1");
            NS_TEST_EXPECT_MSG_EQ(calls, 1u, "handler runs once, with the whole body");
            NS_TEST_EXPECT_MSG_EQ(received, body, "body reassembled");
            NS_TEST_EXPECT_MSG_EQ(result.ok, true, result.error);
            NS_TEST_EXPECT_MSG_EQ(result.response.GetCode(), CoapCode::CHANGED, "2.04");

            // A block that does not continue the body: 4.08; a body over the limit: 4.13
            CoapMessage stray(CoapMessage::CON, CoapCode::PUT, 0x4444);
            stray.SetUriPath("/options");
            stray.SetBlock(CoapOption::BLOCK1, CoapBlock{3, true, 1});
            stray.SetPayload(Pattern(32));
            w.Inject(true, stray.Serialize());
            CoapMessage answer;
            const auto& a = w.s.outbox.back().second;
            CoapMessage::Parse(a.data(), a.size(), answer, nullptr);
            NS_TEST_EXPECT_MSG_EQ(CoapCode::ToString(answer.GetCode()), "4.08", "incomplete");
            CoapMessage huge(CoapMessage::CON, CoapCode::PUT, 0x4445);
            huge.SetUriPath("/options");
            huge.SetBlock(CoapOption::BLOCK1, CoapBlock{0, true, 1});
            huge.SetUintOption(CoapOption::SIZE1, 1u << 20);
            huge.SetPayload(Pattern(32));
            w.Inject(true, huge.Serialize());
            const auto& b = w.s.outbox.back().second;
            CoapMessage::Parse(b.data(), b.size(), answer, nullptr);
            NS_TEST_EXPECT_MSG_EQ(CoapCode::ToString(answer.GetCode()), "4.13", "too large");
            NS_TEST_EXPECT_MSG_EQ(answer.GetSize1().value_or(0), 65536u, "Size1 = the limit");
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief RFC 7641: registration, notifications, reordering, deregistration (GET and RST).
 */
class CoapObserveEngineTestCase : public TestCase
{
  public:
    CoapObserveEngineTestCase()
        : TestCase("Observe: registration, notifications, reordering check, deregistration")
    {
    }

  private:
    void DoRun() override
    {
        std::string value = "22.9 Cel";
        CoapResource temp;
        temp.path = "/temperature";
        temp.observable = true;
        temp.handlers[CoapCode::GET] = [&](const CoapServerRequest&, CoapServerResponse& resp) {
            resp.message.SetPayload(value);
        };
        // Figure 2 of RFC 7641: register, then notifications with rising Observe numbers
        {
            Wire w;
            w.server->AddResource(temp);
            std::vector<CoapResult> results;
            CoapRequestOptions observe;
            observe.observe = true;
            uint64_t id = w.client->SendRequest(
                w.now,
                "server",
                Get("/temperature"),
                [&](const CoapResult& r) { results.push_back(r); },
                observe);
            w.Pump();
            NS_TEST_EXPECT_MSG_EQ(w.Sent(true)[0].GetObserve().value_or(9), 0u, "Observe: 0");
            NS_TEST_EXPECT_MSG_EQ(w.server->GetObserverCount("/temperature"), 1u, "registered");
            for (const char* v : {"22.8 Cel", "23.1 Cel"})
            {
                value = v;
                w.now += Seconds(5);
                w.server->NotifyObservers(w.now, "/temperature");
                w.Pump();
            }
            NS_TEST_ASSERT_MSG_EQ(results.size(), 3u, "registration and two notifications");
            if (results.size() != 3u)
            {
                return;
            }
            uint32_t last = 0;
            for (std::size_t i = 0; i < results.size(); ++i)
            {
                const CoapMessage& n = results[i].response;
                NS_TEST_EXPECT_MSG_EQ(results[i].notification, true, "notification");
                NS_TEST_EXPECT_MSG_EQ(results[i].final, false, "more may come");
                NS_TEST_EXPECT_MSG_EQ(HexEncode(n.GetToken()),
                                      HexEncode(w.Sent(true)[0].GetToken()),
                                      "the registration's token");
                NS_TEST_ASSERT_MSG_EQ(n.GetObserve().has_value(), true, "Observe option");
                if (i > 0)
                {
                    NS_TEST_EXPECT_MSG_GT(n.GetObserve().value_or(0), last, "increasing");
                }
                last = n.GetObserve().value_or(0);
            }
            NS_TEST_EXPECT_MSG_EQ(results[2].response.GetPayloadString(), "23.1 Cel", "value");
            // Deregistration with GET Observe: 1
            NS_TEST_EXPECT_MSG_EQ(w.client->CancelObserve(w.now, id, true), true, "cancel");
            w.Pump();
            CoapMessage dereg = w.Sent(true).back();
            NS_TEST_EXPECT_MSG_EQ(dereg.GetObserve().value_or(0), 1u, "Observe: 1");
            NS_TEST_EXPECT_MSG_EQ(HexEncode(dereg.GetToken()),
                                  HexEncode(w.Sent(true)[0].GetToken()),
                                  "same token");
            NS_TEST_EXPECT_MSG_EQ(w.server->GetObserverCount(), 0u, "observer removed");
            NS_TEST_EXPECT_MSG_EQ(results.back().final, true, "final outcome");
            NS_TEST_EXPECT_MSG_EQ(w.client->IsOpen(id), false, "closed");
        }
        // Deregistration by RST: the client forgets, the next notification is reset
        {
            CoapEngineConfig non;
            non.notifyConfirmableEvery = 0;
            Wire w(CoapEngineConfig(), non);
            w.server->AddResource(temp);
            CoapRequestOptions observe;
            observe.observe = true;
            uint64_t id =
                w.client->SendRequest(w.now, "server", Get("/temperature"), nullptr, observe);
            w.Pump();
            w.client->CancelObserve(w.now, id, false);
            w.server->NotifyObservers(w.now, "/temperature");
            w.Pump();
            NS_TEST_EXPECT_MSG_EQ(w.Sent(false).back().GetType(), CoapMessage::NON, "NON note");
            NS_TEST_EXPECT_MSG_EQ(w.Sent(true).back().GetType(), CoapMessage::RST, "reset");
            NS_TEST_EXPECT_MSG_EQ(w.server->GetObserverCount(), 0u, "observer removed");
            NS_TEST_EXPECT_MSG_EQ(w.s.Count(CoapEvent::OBSERVER_REMOVED), 1u, "traced");
        }
        // The resource goes away: observers get a final 4.04 and are removed
        {
            Wire w;
            w.server->AddResource(temp);
            std::vector<CoapResult> results;
            CoapRequestOptions observe;
            observe.observe = true;
            uint64_t id = w.client->SendRequest(
                w.now,
                "server",
                Get("/temperature"),
                [&](const CoapResult& r) { results.push_back(r); },
                observe);
            w.Pump();
            NS_TEST_EXPECT_MSG_EQ(w.server->RemoveResource(w.now, "/temperature"), true, "gone");
            w.Pump();
            NS_TEST_ASSERT_MSG_EQ(results.size(), 2u, "registration and the final 4.04");
            if (results.size() != 2u)
            {
                return;
            }
            NS_TEST_EXPECT_MSG_EQ(CoapCode::ToString(results[1].response.GetCode()),
                                  "4.04",
                                  "4.04 notification");
            NS_TEST_EXPECT_MSG_EQ(results[1].final, true, "observation over");
            NS_TEST_EXPECT_MSG_EQ(w.client->IsOpen(id), false, "closed");
            NS_TEST_EXPECT_MSG_EQ(w.server->GetObserverCount(), 0u, "observer removed");
        }
        // Reordering (RFC 7641 section 3.4), with forged NON notifications
        {
            Wire w;
            w.server->AddResource(temp);
            std::vector<uint32_t> delivered;
            CoapRequestOptions observe;
            observe.observe = true;
            w.client->SendRequest(
                w.now,
                "server",
                Get("/temperature"),
                [&](const CoapResult& r) {
                    delivered.push_back(r.response.GetObserve().value_or(0));
                },
                observe);
            w.Pump();
            std::vector<uint8_t> token = w.Sent(true)[0].GetToken();
            uint16_t mid = 0x5000;
            auto notify = [&](uint32_t observeValue) {
                CoapMessage n(CoapMessage::NON, CoapCode::CONTENT, mid++);
                n.SetToken(token);
                n.SetObserve(observeValue);
                n.SetPayload("x");
                w.Inject(false, n.Serialize());
            };
            const uint32_t half = 1u << 23;
            notify(100);            // newer than the registration's 0
            notify(50);             // older: dropped
            notify(100 + half - 1); // newer (less than 2^23 ahead)
            notify(5);              // newer: the 24-bit counter wrapped
            notify(4);              // older: dropped
            w.now += Seconds(129);
            notify(3); // older by number, but 128 s later: accepted
            std::string got;
            for (uint32_t v : delivered)
            {
                got += std::to_string(v) + " ";
            }
            NS_TEST_EXPECT_MSG_EQ(got,
                                  "0 100 " + std::to_string(100 + half - 1) + " 5 3 ",
                                  "fresh notifications only");
            NS_TEST_EXPECT_MSG_EQ(w.c.Count(CoapEvent::OBSERVE_REORDERED), 2u, "two stale");
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief /.well-known/core and the state-size report.
 */
class CoapDiscoveryStateTestCase : public TestCase
{
  public:
    CoapDiscoveryStateTestCase()
        : TestCase("discovery lists resources exactly; state size grows and expires")
    {
    }

  private:
    void DoRun() override
    {
        Wire w;
        CoapResource a = TextResource("/a", "A");
        a.attributes.push_back({"ct", "20", true, false});
        CoapResource b = TextResource("/b", "B");
        b.attributes.push_back({"ct", "21", true, false});
        w.server->AddResource(a);
        w.server->AddResource(b);
        std::vector<CoapResult> results;
        auto keep = [&](const CoapResult& r) { results.push_back(r); };
        w.client->SendRequest(w.now, "server", Get("/.well-known/core"), keep);
        NS_TEST_EXPECT_MSG_GT(w.client->GetStateSize().exchanges, 0u, "an open exchange");
        w.Pump();
        w.client->SendRequest(w.now, "server", Get("/.well-known/core?ct=21"), keep);
        w.Pump();
        CoapResource obs = TextResource("/temp", "T");
        obs.observable = true;
        w.server->AddResource(obs);
        w.client->SendRequest(w.now, "server", Get("/.well-known/core?href=/t*"), keep);
        w.Pump();
        NS_TEST_ASSERT_MSG_EQ(results.size(), 3u, "three answers");
        if (results.size() != 3u)
        {
            return;
        }
        NS_TEST_EXPECT_MSG_EQ(results[0].response.GetPayloadString(),
                              "</a>;ct=20,</b>;ct=21",
                              "exact link format");
        NS_TEST_EXPECT_MSG_EQ(results[0].response.GetContentFormat().value_or(0), 40u, "ct 40");
        NS_TEST_EXPECT_MSG_EQ(results[1].response.GetPayloadString(), "</b>;ct=21", "filter");
        NS_TEST_EXPECT_MSG_EQ(results[2].response.GetPayloadString(), "</temp>;obs", "obs");

        CoapStateSize server = w.server->GetStateSize();
        NS_TEST_EXPECT_MSG_GT(server.dedup, 0u, "responses cached for deduplication");
        NS_TEST_EXPECT_MSG_EQ(w.client->GetStateSize().exchanges, 0u, "no open exchange");
        w.RunUntil(Seconds(248)); // EXCHANGE_LIFETIME is 247 s
        NS_TEST_EXPECT_MSG_EQ(w.server->GetStateSize().Total(), 0u, "expired");
        NS_TEST_EXPECT_MSG_EQ(w.client->GetStateSize().Total(), 0u, "expired");
        CoapEngineConfig cfg;
        NS_TEST_EXPECT_MSG_EQ(cfg.GetExchangeLifetime(), Seconds(247), "EXCHANGE_LIFETIME");
        NS_TEST_EXPECT_MSG_EQ(cfg.GetNonLifetime(), Seconds(145), "NON_LIFETIME");
        NS_TEST_EXPECT_MSG_EQ(cfg.GetMaxTransmitWait(), Seconds(93), "MAX_TRANSMIT_WAIT");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The CoAP endpoint engine test suite.
 */
class CoapEndpointTestSuite : public TestSuite
{
  public:
    CoapEndpointTestSuite()
        : TestSuite("iotsec-coap-endpoint", Type::UNIT)
    {
        AddTestCase(new CoapResponseFlowsTestCase, iotsectest::QUICK);
        AddTestCase(new CoapDeduplicationTestCase, iotsectest::QUICK);
        AddTestCase(new CoapReliabilityEngineTestCase, iotsectest::QUICK);
        AddTestCase(new CoapRejectionTestCase, iotsectest::QUICK);
        AddTestCase(new CoapBlockwiseEngineTestCase, iotsectest::QUICK);
        AddTestCase(new CoapObserveEngineTestCase, iotsectest::QUICK);
        AddTestCase(new CoapDiscoveryStateTestCase, iotsectest::QUICK);
    }
};

/// Static instance: registers the suite
static CoapEndpointTestSuite g_coapEndpointTestSuite;
