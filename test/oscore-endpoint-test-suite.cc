/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// OSCORE in the sans-I/O CoAP endpoint: a client and a server engine on a virtual wire, the
// same resources served with and without object security; replayed, forged, unprotected and
// unknown-kid requests and responses; block-wise transfers and Observe over OSCORE.

#include "coap-test-wire.h"
#include "iotsec-test.h"

#include "ns3/coap-endpoint.h"
#include "ns3/hex-encoding.h"
#include "ns3/oscore-context.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace ns3;
using iotsectest::Logged;
using iotsectest::Wire;

namespace
{

/// The PSK of the tests (RFC 8613 Appendix C's Master Secret)
const char* const PSK = "0102030405060708090a0b0c0d0e0f10";

/**
 * \param sender Sender ID (hex)
 * \param recipient Recipient ID (hex)
 * \return OSCORE parameters with the test PSK
 */
OscoreParameters
Params(const std::string& sender, const std::string& recipient)
{
    OscoreParameters p;
    std::string error;
    NS_ABORT_MSG_UNLESS(OscoreParameters::FromHex(PSK, "", sender, recipient, p, &error), error);
    return p;
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

/// \param path a path \param method a method \return a request
CoapMessage
Request(uint8_t method, const std::string& path, const std::string& payload = "")
{
    CoapMessage m;
    m.SetCode(method);
    m.SetUriPath(path);
    if (!payload.empty())
    {
        m.SetPayload(payload);
    }
    return m;
}

/**
 * \brief A client and a server engine, with OSCORE contexts for each other (or without),
 * hosting /tv1, /lights/3 (GET, PUT), /large (GET, PUT, block-wise) and /temp (observable).
 */
struct Fixture
{
    /**
     * \param secure give both sides their OSCORE context
     * \param blockSzx block size exponent of both engines
     */
    explicit Fixture(bool secure, uint8_t blockSzx = 6)
        : w(Config(blockSzx), Config(blockSzx))
    {
        clientCtx = std::make_shared<OscoreContext>(Params("", "01"));
        serverCtx = std::make_shared<OscoreContext>(Params("01", ""));
        clientCtx->SetCryptoWorkHook([this](const CryptoWork& x) { ++clientWork[x.op]; });
        serverCtx->SetCryptoWorkHook([this](const CryptoWork& x) { ++serverWork[x.op]; });
        if (secure)
        {
            w.client->SetSecurity("server", clientCtx);
            w.server->SetSecurity("client", serverCtx);
        }
        Host("/tv1", [](const CoapServerRequest&, CoapServerResponse& resp) {
            resp.message.SetCode(CoapCode::CONTENT);
            resp.message.SetPayload("Hello World!");
        });
        Host("/lights/3", [this](const CoapServerRequest& req, CoapServerResponse& resp) {
            if (req.message.GetCode() == CoapCode::PUT)
            {
                light = req.message.GetPayloadString();
                resp.message.SetCode(CoapCode::CHANGED);
                return;
            }
            resp.message.SetCode(CoapCode::CONTENT);
            resp.message.SetPayload(light);
        });
        Host("/large", [this](const CoapServerRequest& req, CoapServerResponse& resp) {
            if (req.message.GetCode() == CoapCode::PUT)
            {
                large = req.message.GetPayloadString();
                resp.message.SetCode(CoapCode::CHANGED);
                return;
            }
            resp.message.SetCode(CoapCode::CONTENT);
            resp.message.SetPayload(large);
        });
        Host("/temp", [this](const CoapServerRequest&, CoapServerResponse& resp) {
            resp.message.SetCode(CoapCode::CONTENT);
            resp.message.SetPayload(std::to_string(20 + temperature) + " C");
        });
        Host("/slow", [this](const CoapServerRequest& req, CoapServerResponse& resp) {
            deferredId = req.deferredId;
            resp.defer = true; // answered later: a separate response
        });
        for (int i = 0; i < 300; ++i)
        {
            large += static_cast<char>('a' + i % 26);
        }
    }

    /// \param szx block size exponent \return engine parameters
    static CoapEngineConfig Config(uint8_t szx)
    {
        CoapEngineConfig c;
        c.blockSzx = szx;
        return c;
    }

    /**
     * \brief Host a resource whose handler counts calls and records whether each request
     * was verified by OSCORE.
     * \param path the path
     * \param h the handler
     */
    void Host(const std::string& path, CoapHandler h)
    {
        CoapResource r;
        r.path = path;
        r.observable = path == "/temp";
        CoapHandler counted = [this, h](const CoapServerRequest& req, CoapServerResponse& resp) {
            ++calls;
            secured.push_back(req.secured);
            h(req, resp);
        };
        r.handlers[CoapCode::GET] = counted;
        r.handlers[CoapCode::PUT] = counted;
        w.server->AddResource(r);
    }

    /**
     * \brief Run one request to completion.
     * \param request the request
     * \param options request options
     * \return its outcome
     */
    CoapResult Ask(const CoapMessage& request,
                   const CoapRequestOptions& options = CoapRequestOptions())
    {
        CoapResult result;
        result.error = "no outcome";
        w.client->SendRequest(
            w.now,
            "server",
            request,
            [&result](const CoapResult& r) { result = r; },
            options);
        w.RunUntil(w.now + Seconds(1));
        return result;
    }

    /**
     * \brief Inject a datagram into the server as if from the client, and take its reply.
     * \param bytes the datagram
     * \return the server's reply (an empty message if none)
     */
    CoapMessage InjectToServer(const std::vector<uint8_t>& bytes)
    {
        w.s.outbox.clear();
        w.Inject(true, bytes);
        CoapMessage reply;
        if (!w.s.outbox.empty())
        {
            reply = Parse(w.s.outbox.back().second);
        }
        w.s.outbox.clear();
        return reply;
    }

    Wire w;                                   //!< the engines
    std::shared_ptr<OscoreContext> clientCtx; //!< client's context
    std::shared_ptr<OscoreContext> serverCtx; //!< server's context
    std::map<CryptoOp, uint32_t> clientWork;  //!< client crypto operations
    std::map<CryptoOp, uint32_t> serverWork;  //!< server crypto operations
    uint32_t calls{0};                        //!< handler calls
    std::vector<bool> secured;                //!< CoapServerRequest::secured of each call
    std::string light{"off"};                 //!< /lights/3
    std::string large;                        //!< /large
    int temperature{0};                       //!< /temp
    uint64_t deferredId{0};                   //!< the deferred request of /slow
};

/// \param m a message \param mid a message ID \return its wire format with that message ID
std::vector<uint8_t>
WithMessageId(const CoapMessage& m, uint16_t mid)
{
    CoapMessage copy = m;
    copy.SetMessageId(mid);
    return copy.Serialize();
}

} // namespace

/**
 * \ingroup iotsec-tests
 * \brief GET and PUT over OSCORE between two engines, and the same resources and requests
 * over plain CoAP: same outcomes; on the wire only POST/2.04, the OSCORE option and
 * ciphertext; one AES-CCM seal and open per message; the overhead per message.
 */
class OscoreExchangeTestCase : public TestCase
{
  public:
    OscoreExchangeTestCase()
        : TestCase("GET and PUT over OSCORE and over plain CoAP: same outcomes, protected wire")
    {
    }

  private:
    void DoRun() override
    {
        std::vector<std::size_t> sizes[2];
        for (bool secure : {true, false})
        {
            Fixture f(secure);
            std::vector<CoapResult> r;
            r.push_back(f.Ask(Request(CoapCode::GET, "/tv1")));
            r.push_back(f.Ask(Request(CoapCode::PUT, "/lights/3", "on")));
            r.push_back(f.Ask(Request(CoapCode::GET, "/lights/3")));
            std::string mode = secure ? "oscore: " : "plain: ";
            for (const auto& x : r)
            {
                NS_TEST_EXPECT_MSG_EQ(x.ok, true, mode << x.error);
                NS_TEST_EXPECT_MSG_EQ(x.secured, secure, mode << "secured flag");
            }
            NS_TEST_EXPECT_MSG_EQ(r[0].response.GetCode(), CoapCode::CONTENT, mode << "2.05");
            NS_TEST_EXPECT_MSG_EQ(r[0].response.GetPayloadString(), "Hello World!", mode);
            NS_TEST_EXPECT_MSG_EQ(r[1].response.GetCode(), CoapCode::CHANGED, mode << "2.04");
            NS_TEST_EXPECT_MSG_EQ(r[2].response.GetPayloadString(), "on", mode << "PUT took");
            NS_TEST_EXPECT_MSG_EQ(f.calls, 3u, mode << "handlers");
            for (bool s : f.secured)
            {
                NS_TEST_EXPECT_MSG_EQ(s, secure, mode << "the handler saw a verified request");
            }
            IOTSEC_TEST_REQUIRE(f.w.log.size() == 6u, mode << "three exchanges");
            for (const Logged& l : f.w.log)
            {
                const CoapMessage& m = l.message;
                sizes[secure ? 0 : 1].push_back(m.GetSerializedSize());
                NS_TEST_EXPECT_MSG_EQ(m.HasOption(CoapOption::OSCORE), secure, mode << m);
                if (!secure)
                {
                    continue;
                }
                NS_TEST_EXPECT_MSG_EQ(m.GetCode(),
                                      l.fromClient ? CoapCode::POST : CoapCode::CHANGED,
                                      "outer code " << m);
                NS_TEST_EXPECT_MSG_EQ(m.HasOption(CoapOption::URI_PATH), false, "path hidden");
                NS_TEST_EXPECT_MSG_EQ(m.HasOption(CoapOption::CONTENT_FORMAT), false, "hidden");
                NS_TEST_EXPECT_MSG_EQ(m.GetPayloadString().find("on"), std::string::npos, "");
            }
            if (secure)
            {
                NS_TEST_EXPECT_MSG_EQ(f.clientWork[CryptoOp::AES_CCM_SEAL], 3u, "client seals");
                NS_TEST_EXPECT_MSG_EQ(f.clientWork[CryptoOp::AES_CCM_OPEN], 3u, "client opens");
                NS_TEST_EXPECT_MSG_EQ(f.serverWork[CryptoOp::AES_CCM_OPEN], 3u, "server opens");
                NS_TEST_EXPECT_MSG_EQ(f.serverWork[CryptoOp::AES_CCM_SEAL], 3u, "server seals");
                NS_TEST_EXPECT_MSG_EQ(f.clientWork[CryptoOp::HKDF_SHA256], 3u, "derivation");
                NS_TEST_EXPECT_MSG_EQ(f.clientCtx->GetSenderSequenceNumber(), 3u, "3 requests");
                NS_TEST_EXPECT_MSG_EQ(f.w.server->GetStateSize().security,
                                      f.serverCtx->GetStateBytes(),
                                      "server security state: the context");
                NS_TEST_EXPECT_MSG_GT(f.serverCtx->GetStateBytes(), 50u, "keys, IV, window");
            }
            else
            {
                NS_TEST_EXPECT_MSG_EQ(f.w.server->GetStateSize().security, 0u, "none");
            }
        }
        // OSCORE overhead: option (1-3 bytes), code byte, tag (8): 9..16 bytes per message
        IOTSEC_TEST_REQUIRE(sizes[0].size() == sizes[1].size(), "same message count");
        for (std::size_t i = 0; i < sizes[0].size(); ++i)
        {
            std::size_t overhead = sizes[0][i] - sizes[1][i];
            NS_TEST_EXPECT_MSG_GT_OR_EQ(overhead, 9u, "message " << i);
            NS_TEST_EXPECT_MSG_LT_OR_EQ(overhead, 16u, "message " << i);
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief A replayed protected request is rejected with 4.01 "Replay detected" (the Replay
 * Window, when the message ID was changed or the deduplication entry expired), counted, and
 * never reaches the handler; the identical datagram is a CoAP duplicate answered from the
 * cache.
 */
class OscoreReplayEndpointTestCase : public TestCase
{
  public:
    OscoreReplayEndpointTestCase()
        : TestCase("replayed request: 4.01 Replay detected, counted, handler not run")
    {
    }

  private:
    void DoRun() override
    {
        Fixture f(true);
        CoapResult r = f.Ask(Request(CoapCode::PUT, "/lights/3", "on"));
        NS_TEST_EXPECT_MSG_EQ(r.ok, true, r.error);
        IOTSEC_TEST_REQUIRE(f.w.log.size() == 2u, "one exchange");
        CoapMessage request = f.w.log[0].message;
        CoapMessage response = f.w.log[1].message;
        f.light = "off"; // an attacker replays the PUT to switch the light on again

        // Same datagram: a CoAP duplicate, answered with the cached protected response
        CoapMessage dup = f.InjectToServer(request.Serialize());
        NS_TEST_EXPECT_MSG_EQ(HexEncode(dup.Serialize()),
                              HexEncode(response.Serialize()),
                              "cached response resent");
        NS_TEST_EXPECT_MSG_EQ(f.w.s.Count(CoapEvent::DUPLICATE), 1u, "duplicate");

        // Another message ID: the Replay Window catches it
        CoapMessage reply = f.InjectToServer(WithMessageId(request, 0x7777));
        NS_TEST_EXPECT_MSG_EQ(reply.GetCode(), CoapCode::UNAUTHORIZED, "4.01: " << reply);
        NS_TEST_EXPECT_MSG_EQ(reply.GetPayloadString(), "Replay detected", "diagnostic");
        NS_TEST_EXPECT_MSG_EQ(reply.HasOption(CoapOption::OSCORE), false, "unprotected error");
        NS_TEST_EXPECT_MSG_EQ(reply.GetMaxAge().value_or(99), 0u, "Max-Age 0");
        NS_TEST_EXPECT_MSG_EQ(reply.GetType(), CoapMessage::ACK, "piggybacked");
        NS_TEST_EXPECT_MSG_EQ(f.serverCtx->GetCounters().replays, 1u, "counted");
        NS_TEST_EXPECT_MSG_EQ(f.w.s.Count(CoapEvent::SECURITY_REJECTED), 1u, "traced");

        // The same datagram after EXCHANGE_LIFETIME, when deduplication has forgotten it
        f.w.RunUntil(Seconds(400));
        reply = f.InjectToServer(request.Serialize());
        NS_TEST_EXPECT_MSG_EQ(reply.GetCode(), CoapCode::UNAUTHORIZED, "4.01 later: " << reply);
        NS_TEST_EXPECT_MSG_EQ(f.serverCtx->GetCounters().replays, 2u, "counted");
        NS_TEST_EXPECT_MSG_EQ(f.calls, 1u, "the handler ran for the genuine request only");
        NS_TEST_EXPECT_MSG_EQ(f.light, "off", "the replay did not switch the light");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Requests that fail OSCORE never reach a handler and get the error responses of RFC
 * 8613 section 8.2: a flipped bit (4.00), an unknown 'kid' (4.01), a malformed option value
 * (4.02), an unprotected request to a server that requires OSCORE (4.01); an OSCORE request
 * to a server without a context is an unrecognized critical option (4.02).
 */
class OscoreRejectionTestCase : public TestCase
{
  public:
    OscoreRejectionTestCase()
        : TestCase("flipped bit 4.00, unknown kid 4.01, bad option 4.02, unprotected 4.01")
    {
    }

  private:
    void DoRun() override
    {
        Fixture f(true);
        NS_TEST_EXPECT_MSG_EQ(f.Ask(Request(CoapCode::GET, "/tv1")).ok, true, "genuine");
        IOTSEC_TEST_REQUIRE(f.w.log.size() == 2u, "one exchange");
        CoapMessage genuine = f.w.log[0].message;

        struct Case
        {
            std::string name;
            std::vector<uint8_t> datagram;
            uint8_t code;
            std::string diagnostic;
        };

        std::vector<Case> cases;
        // A flipped bit in the ciphertext of a new request (a new Partial IV)
        CoapMessage flipped(CoapMessage::CON, CoapCode::GET, 0x100);
        flipped.SetToken({8, 8});
        flipped.SetUriPath("/tv1");
        CoapRequestBinding b;
        std::string error;
        IOTSEC_TEST_REQUIRE(f.clientCtx->ProtectRequest(flipped, b, &error), error);
        std::vector<uint8_t> payload = flipped.GetPayload();
        payload[payload.size() / 2] ^= 0x10;
        flipped.SetPayload(payload);
        cases.push_back({"flipped bit", flipped.Serialize(), 0x80, "Decryption failed"});
        // An unknown kid
        OscoreContext stranger(Params("02", "01"));
        CoapMessage m(CoapMessage::CON, CoapCode::GET, 0x101);
        m.SetToken({9, 9});
        m.SetUriPath("/tv1");
        IOTSEC_TEST_REQUIRE(stranger.ProtectRequest(m, b, &error), error);
        cases.push_back({"unknown kid", m.Serialize(), 0x81, "Security context not found"});
        // A malformed option value (reserved flag bit)
        CoapMessage bad = genuine;
        bad.RemoveOption(CoapOption::OSCORE);
        bad.AddOption(CoapOption::OSCORE, std::vector<uint8_t>{0x89, 0x14});
        cases.push_back({"bad option", WithMessageId(bad, 0x102), 0x82, "Failed to decode COSE"});
        // No OSCORE at all
        CoapMessage plain(CoapMessage::CON, CoapCode::GET, 0x103);
        plain.SetUriPath("/tv1");
        cases.push_back({"unprotected", plain.Serialize(), 0x81, "OSCORE required"});
        for (const Case& c : cases)
        {
            CoapMessage reply = f.InjectToServer(c.datagram);
            NS_TEST_EXPECT_MSG_EQ(CoapCode::ToString(reply.GetCode()),
                                  CoapCode::ToString(c.code),
                                  c.name << ": " << reply);
            NS_TEST_EXPECT_MSG_EQ(reply.GetPayloadString(), c.diagnostic, c.name);
            NS_TEST_EXPECT_MSG_EQ(reply.HasOption(CoapOption::OSCORE), false, c.name);
        }
        NS_TEST_EXPECT_MSG_EQ(f.calls, 1u, "only the genuine request reached a handler");
        const OscoreCounters& n = f.serverCtx->GetCounters();
        NS_TEST_EXPECT_MSG_EQ(n.decryptFailures, 1u, "decryption failure counted");
        NS_TEST_EXPECT_MSG_EQ(n.unknownContext, 1u, "unknown kid counted");
        NS_TEST_EXPECT_MSG_EQ(n.malformed, 1u, "malformed counted");
        NS_TEST_EXPECT_MSG_EQ(n.notOscore, 1u, "unprotected counted");
        NS_TEST_EXPECT_MSG_EQ(f.w.s.Count(CoapEvent::SECURITY_REJECTED), 4u, "traced");

        // An OSCORE request to a server without security for the client
        Fixture plainServer(false);
        CoapMessage reply = plainServer.InjectToServer(genuine.Serialize());
        NS_TEST_EXPECT_MSG_EQ(reply.GetCode(), CoapCode::BAD_OPTION, "4.02: " << reply);
        NS_TEST_EXPECT_MSG_EQ(plainServer.calls, 0u, "no handler");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The client discards a forged piggybacked response (the retransmission then gets
 * the genuine one) and an unprotected success; it delivers an unprotected error (the
 * server's 4.02 for OSCORE it cannot process) as not secured.
 */
class OscoreClientVerificationTestCase : public TestCase
{
  public:
    OscoreClientVerificationTestCase()
        : TestCase("client: forged and unprotected responses discarded, unprotected errors kept")
    {
    }

  private:
    void DoRun() override
    {
        for (bool forge : {true, false})
        {
            std::string what = forge ? "forged: " : "unprotected 2.05: ";
            Fixture f(true);
            CoapMessage lost;
            bool dropped = false;
            f.w.drop = [&](const Logged& l) {
                if (!l.fromClient && !dropped)
                {
                    dropped = true;
                    lost = l.message;
                    return true;
                }
                return false;
            };
            CoapResult result;
            result.error = "none";
            uint64_t id = f.w.client->SendRequest(f.w.now,
                                                  "server",
                                                  Request(CoapCode::GET, "/tv1"),
                                                  [&](const CoapResult& r) { result = r; });
            f.w.Pump();
            IOTSEC_TEST_REQUIRE(dropped, what << "the response was taken off the wire");
            CoapMessage fake = lost;
            if (forge)
            {
                std::vector<uint8_t> p = fake.GetPayload();
                p[0] ^= 1;
                fake.SetPayload(p);
            }
            else
            {
                fake = CoapMessage(CoapMessage::ACK, CoapCode::CONTENT, lost.GetMessageId());
                fake.SetToken(lost.GetToken());
                fake.SetPayload("Goodbye!");
            }
            f.w.Inject(false, fake.Serialize());
            NS_TEST_EXPECT_MSG_EQ(f.w.client->IsOpen(id), true, what << "still waiting");
            NS_TEST_EXPECT_MSG_EQ(f.w.c.Count(CoapEvent::SECURITY_REJECTED), 1u, what);
            f.w.RunUntil(Seconds(10));
            NS_TEST_EXPECT_MSG_EQ(result.ok, true, what << result.error);
            NS_TEST_EXPECT_MSG_EQ(result.response.GetPayloadString(), "Hello World!", what);
            NS_TEST_EXPECT_MSG_EQ(result.secured, true, what);
            NS_TEST_EXPECT_MSG_EQ(result.retransmissions, 1u, what << "after a retransmission");
            NS_TEST_EXPECT_MSG_EQ(f.calls, 1u, what << "answered from the server's cache");
        }
        // A client with OSCORE, a server without: the server's 4.02 is delivered unsecured
        Fixture f(false);
        f.w.client->SetSecurity("server", f.clientCtx);
        CoapResult r = f.Ask(Request(CoapCode::GET, "/tv1"));
        NS_TEST_EXPECT_MSG_EQ(r.ok, true, r.error);
        NS_TEST_EXPECT_MSG_EQ(r.response.GetCode(), CoapCode::BAD_OPTION, "4.02");
        NS_TEST_EXPECT_MSG_EQ(r.secured, false, "not secured");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Block-wise transfers (Block2 GET, Block1 PUT), Observe and a separate response over
 * OSCORE: every block and notification is protected on its own, notifications are ordered by
 * Partial IV, a replayed notification is discarded, deregistration works, and a deferred
 * response is protected and verified.
 */
class OscoreBlockObserveTestCase : public TestCase
{
  public:
    OscoreBlockObserveTestCase()
        : TestCase("Block2, Block1, Observe, separate response over OSCORE; replay discarded")
    {
    }

  private:
    void DoRun() override
    {
        Fixture f(true, 2); // 64-byte blocks
        CoapResult get = f.Ask(Request(CoapCode::GET, "/large"));
        NS_TEST_EXPECT_MSG_EQ(get.ok, true, get.error);
        NS_TEST_EXPECT_MSG_EQ(get.response.GetPayloadString(), f.large, "300 bytes");
        NS_TEST_EXPECT_MSG_EQ(get.blocks, 5u, "five blocks");
        NS_TEST_EXPECT_MSG_EQ(get.secured, true, "secured");
        std::string upload(200, 'x');
        CoapResult put = f.Ask(Request(CoapCode::PUT, "/large", upload));
        NS_TEST_EXPECT_MSG_EQ(put.ok, true, put.error);
        NS_TEST_EXPECT_MSG_EQ(put.response.GetCode(), CoapCode::CHANGED, "2.04");
        NS_TEST_EXPECT_MSG_EQ(put.blocks, 4u, "four blocks");
        NS_TEST_EXPECT_MSG_EQ(f.large, upload, "uploaded");
        NS_TEST_EXPECT_MSG_EQ(f.clientCtx->GetSenderSequenceNumber(), 9u, "one PIV per block");
        for (const Logged& l : f.w.log)
        {
            NS_TEST_EXPECT_MSG_EQ(l.message.HasOption(CoapOption::OSCORE), true, l.message);
            NS_TEST_EXPECT_MSG_EQ(l.message.HasOption(CoapOption::BLOCK2), false, "inner");
            NS_TEST_EXPECT_MSG_EQ(l.message.HasOption(CoapOption::BLOCK1), false, "inner");
        }

        // Observe
        std::vector<uint32_t> observe;
        std::vector<std::string> values;
        CoapRequestOptions options;
        options.observe = true;
        uint64_t id = f.w.client->SendRequest(
            f.w.now,
            "server",
            Request(CoapCode::GET, "/temp"),
            [&](const CoapResult& r) {
                if (r.notification)
                {
                    observe.push_back(r.response.GetObserve().value_or(0));
                    values.push_back(r.response.GetPayloadString());
                }
            },
            options);
        f.w.RunUntil(f.w.now + Seconds(1));
        NS_TEST_EXPECT_MSG_EQ(f.w.server->GetObserverCount("/temp"), 1u, "registered");
        std::size_t firstNote = f.w.log.size();
        for (int i = 1; i <= 3; ++i)
        {
            f.temperature = i;
            f.w.server->NotifyObservers(f.w.now, "/temp");
            f.w.RunUntil(f.w.now + Seconds(1));
        }
        IOTSEC_TEST_REQUIRE(observe.size() == 4u, "registration and 3 notifications");
        for (std::size_t i = 1; i < observe.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_GT(observe[i], observe[i - 1], "ordered by Partial IV");
        }
        NS_TEST_EXPECT_MSG_EQ(values.back(), "23 C", "latest value");
        // Replay the first notification (a CON: the attacker gives it a new message ID)
        CoapMessage note;
        for (std::size_t i = firstNote; i < f.w.log.size(); ++i)
        {
            if (!f.w.log[i].fromClient && f.w.log[i].message.GetType() == CoapMessage::CON)
            {
                note = f.w.log[i].message;
                break;
            }
        }
        IOTSEC_TEST_REQUIRE(note.HasOption(CoapOption::OSCORE), "a protected notification");
        NS_TEST_EXPECT_MSG_EQ(note.GetCode(), CoapCode::CONTENT, "outer 2.05");
        uint32_t rejected = f.w.c.Count(CoapEvent::SECURITY_REJECTED);
        f.w.Inject(false, WithMessageId(note, 0x4242));
        NS_TEST_EXPECT_MSG_EQ(f.w.c.Count(CoapEvent::SECURITY_REJECTED), rejected + 1, "replay");
        NS_TEST_EXPECT_MSG_EQ(observe.size(), 4u, "not delivered");
        NS_TEST_EXPECT_MSG_EQ(f.clientCtx->GetCounters().replays, 1u, "counted");
        // Deregistration (GET with Observe: 1, a new protected request)
        f.w.client->CancelObserve(f.w.now, id, true);
        f.w.RunUntil(f.w.now + Seconds(1));
        NS_TEST_EXPECT_MSG_EQ(f.w.server->GetObserverCount("/temp"), 0u, "deregistered");

        // A separate response (empty ACK now, a protected CON response later)
        CoapResult separate;
        separate.error = "none";
        f.w.client->SendRequest(f.w.now,
                                "server",
                                Request(CoapCode::GET, "/slow"),
                                [&separate](const CoapResult& r) { separate = r; });
        f.w.RunUntil(f.w.now + Seconds(1));
        IOTSEC_TEST_REQUIRE(f.deferredId != 0, "deferred");
        CoapMessage later;
        later.SetCode(CoapCode::CONTENT);
        later.SetPayload("late");
        f.w.server->SendDeferredResponse(f.w.now, f.deferredId, later);
        f.w.RunUntil(f.w.now + Seconds(1));
        NS_TEST_EXPECT_MSG_EQ(separate.ok, true, separate.error);
        NS_TEST_EXPECT_MSG_EQ(separate.response.GetPayloadString(), "late", "separate response");
        NS_TEST_EXPECT_MSG_EQ(separate.secured, true, "verified");
        const CoapMessage& wire = f.w.log.back().message;
        NS_TEST_EXPECT_MSG_EQ(wire.GetType(), CoapMessage::ACK, "the client's empty ACK last");
        const CoapMessage& response = f.w.log[f.w.log.size() - 2].message;
        NS_TEST_EXPECT_MSG_EQ(response.GetType(), CoapMessage::CON, "a CON response");
        NS_TEST_EXPECT_MSG_EQ(response.HasOption(CoapOption::OSCORE), true, "protected");
        for (bool s : f.secured)
        {
            NS_TEST_EXPECT_MSG_EQ(s, true, "every handler call was verified");
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The OSCORE endpoint test suite.
 */
class OscoreEndpointTestSuite : public TestSuite
{
  public:
    OscoreEndpointTestSuite()
        : TestSuite("iotsec-oscore-endpoint", Type::UNIT)
    {
        AddTestCase(new OscoreExchangeTestCase, iotsectest::QUICK);
        AddTestCase(new OscoreReplayEndpointTestCase, iotsectest::QUICK);
        AddTestCase(new OscoreRejectionTestCase, iotsectest::QUICK);
        AddTestCase(new OscoreClientVerificationTestCase, iotsectest::QUICK);
        AddTestCase(new OscoreBlockObserveTestCase, iotsectest::QUICK);
    }
};

/// Static instance: registers the suite
static OscoreEndpointTestSuite g_oscoreEndpointTestSuite;
