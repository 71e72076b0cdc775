/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The OSCORE security context against the test vectors of RFC 8613 Appendix C (key
// derivation C.1-C.3, protected messages C.4-C.8), and its checks: option encoding (section
// 6.3 examples and malformed values), replay window, tampering, unknown kid, Observe
// notification ordering, sequence number exhaustion, work and state reporting.

#include "iotsec-test.h"

#include "ns3/abort.h"
#include "ns3/coap-message.h"
#include "ns3/hex-encoding.h"
#include "ns3/log.h"
#include "ns3/oscore-context.h"

#include <dirent.h>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// \param hex hexadecimal digits \return the bytes (aborts on bad test data)
Bytes
H(const std::string& hex)
{
    Bytes b;
    NS_ABORT_MSG_UNLESS(HexDecode(hex, b), "bad hex in a test: " << hex);
    return b;
}

/// Master Secret of every RFC 8613 Appendix C vector
const char* const SECRET = "0102030405060708090a0b0c0d0e0f10";
/// Master Salt of C.1 and C.3
const char* const SALT = "9e7ca92223786340";
/// ID Context of C.3
const char* const ID_CONTEXT = "37cbf3210017a2d3";

/**
 * \param salt Master Salt (hex)
 * \param sender Sender ID (hex)
 * \param recipient Recipient ID (hex)
 * \param idContext ID Context (hex, "" for absent)
 * \return the parameters
 */
OscoreParameters
Params(const std::string& salt,
       const std::string& sender,
       const std::string& recipient,
       const std::string& idContext = "")
{
    OscoreParameters p;
    p.masterSecret = H(SECRET);
    p.masterSalt = H(salt);
    p.senderId = H(sender);
    p.recipientId = H(recipient);
    if (!idContext.empty())
    {
        p.idContext = H(idContext);
    }
    return p;
}

/**
 * \param hex a CoAP datagram in hexadecimal
 * \return the message (aborts if the test data does not parse)
 */
CoapMessage
Msg(const std::string& hex)
{
    Bytes b = H(hex);
    CoapMessage m;
    std::string error;
    NS_ABORT_MSG_UNLESS(CoapMessage::Parse(b.data(), b.size(), m, &error),
                        "test message does not parse: " << error);
    return m;
}

/// \param m a message \return its wire format in hexadecimal
std::string
Wire(const CoapMessage& m)
{
    return HexEncode(m.Serialize());
}

} // namespace

/**
 * \ingroup iotsec-tests
 * \brief RFC 8613 Appendix C.1, C.2 and C.3: the HKDF 'info', Sender Key, Recipient Key,
 * Common IV, and the sender and recipient nonces for Partial IV 0, in client and server.
 */
class OscoreDerivationTestCase : public TestCase
{
  public:
    OscoreDerivationTestCase()
        : TestCase("RFC 8613 C.1-C.3: key derivation and nonces, client and server")
    {
    }

  private:
    void DoRun() override
    {
        struct Vector
        {
            const char* name;
            const char* salt;
            const char* sender;
            const char* recipient;
            const char* idContext;
            const char* infoSender;
            const char* infoRecipient;
            const char* infoIv;
            const char* senderKey;
            const char* recipientKey;
            const char* commonIv;
            const char* senderNonce;
            const char* recipientNonce;
        };

        const Vector vectors[] = {
            {"C.1.1 client",
             SALT,
             "",
             "01",
             "",
             "8540f60a634b657910",
             "854101f60a634b657910",
             "8540f60a6249560d",
             "f0910ed7295e6ad4b54fc793154302ff",
             "ffb14e093c94c9cac9471648b4f98710",
             "4622d4dd6d944168eefb54987c",
             "4622d4dd6d944168eefb54987c",
             "4722d4dd6d944169eefb54987c"},
            {"C.1.2 server",
             SALT,
             "01",
             "",
             "",
             "854101f60a634b657910",
             "8540f60a634b657910",
             "8540f60a6249560d",
             "ffb14e093c94c9cac9471648b4f98710",
             "f0910ed7295e6ad4b54fc793154302ff",
             "4622d4dd6d944168eefb54987c",
             "4722d4dd6d944169eefb54987c",
             "4622d4dd6d944168eefb54987c"},
            {"C.2.1 client",
             "",
             "00",
             "01",
             "",
             "854100f60a634b657910",
             "854101f60a634b657910",
             "8540f60a6249560d",
             "321b26943253c7ffb6003b0b64d74041",
             "e57b5635815177cd679ab4bcec9d7dda",
             "be35ae297d2dace910c52e99f9",
             "bf35ae297d2dace910c52e99f9",
             "bf35ae297d2dace810c52e99f9"},
            {"C.2.2 server",
             "",
             "01",
             "00",
             "",
             "854101f60a634b657910",
             "854100f60a634b657910",
             "8540f60a6249560d",
             "e57b5635815177cd679ab4bcec9d7dda",
             "321b26943253c7ffb6003b0b64d74041",
             "be35ae297d2dace910c52e99f9",
             "bf35ae297d2dace810c52e99f9",
             "bf35ae297d2dace910c52e99f9"},
            {"C.3.1 client",
             SALT,
             "",
             "01",
             ID_CONTEXT,
             "85404837cbf3210017a2d30a634b657910",
             "8541014837cbf3210017a2d30a634b657910",
             "85404837cbf3210017a2d30a6249560d",
             "af2a1300a5e95788b356336eeecd2b92",
             "e39a0c7c77b43f03b4b39ab9a268699f",
             "2ca58fb85ff1b81c0b7181b85e",
             "2ca58fb85ff1b81c0b7181b85e",
             "2da58fb85ff1b81d0b7181b85e"},
            {"C.3.2 server",
             SALT,
             "01",
             "",
             ID_CONTEXT,
             "8541014837cbf3210017a2d30a634b657910",
             "85404837cbf3210017a2d30a634b657910",
             "85404837cbf3210017a2d30a6249560d",
             "e39a0c7c77b43f03b4b39ab9a268699f",
             "af2a1300a5e95788b356336eeecd2b92",
             "2ca58fb85ff1b81c0b7181b85e",
             "2da58fb85ff1b81d0b7181b85e",
             "2ca58fb85ff1b81c0b7181b85e"},
        };
        for (const Vector& v : vectors)
        {
            OscoreParameters p = Params(v.salt, v.sender, v.recipient, v.idContext);
            OscoreContext ctx(p);
            NS_TEST_EXPECT_MSG_EQ(
                HexEncode(OscoreContext::BuildInfo(p.senderId, p.idContext, "Key", 16)),
                v.infoSender,
                v.name << ": info for the Sender Key");
            NS_TEST_EXPECT_MSG_EQ(
                HexEncode(OscoreContext::BuildInfo(p.recipientId, p.idContext, "Key", 16)),
                v.infoRecipient,
                v.name << ": info for the Recipient Key");
            NS_TEST_EXPECT_MSG_EQ(
                HexEncode(OscoreContext::BuildInfo(Bytes(), p.idContext, "IV", 13)),
                v.infoIv,
                v.name << ": info for the Common IV");
            NS_TEST_EXPECT_MSG_EQ(HexEncode(ctx.GetSenderKey()),
                                  v.senderKey,
                                  v.name << ": Sender Key");
            NS_TEST_EXPECT_MSG_EQ(HexEncode(ctx.GetRecipientKey()),
                                  v.recipientKey,
                                  v.name << ": Recipient Key");
            NS_TEST_EXPECT_MSG_EQ(HexEncode(ctx.GetCommonIv()),
                                  v.commonIv,
                                  v.name << ": Common IV");
            NS_TEST_EXPECT_MSG_EQ(HexEncode(ctx.BuildNonce(p.senderId, H("00"))),
                                  v.senderNonce,
                                  v.name << ": sender nonce, Partial IV 0");
            NS_TEST_EXPECT_MSG_EQ(HexEncode(ctx.BuildNonce(p.recipientId, H("00"))),
                                  v.recipientNonce,
                                  v.name << ": recipient nonce, Partial IV 0");
        }
        // Section 5.4's AAD example: request_kid 0x00, request_piv 0x25
        NS_TEST_EXPECT_MSG_EQ(HexEncode(OscoreContext::BuildAadArray(H("00"), H("25"))),
                              "8501810a4100412540",
                              "section 5.4 aad_array");
        NS_TEST_EXPECT_MSG_EQ(HexEncode(OscoreContext::BuildAad(H("00"), H("25"))),
                              "8368456e63727970743040498501810a4100412540",
                              "section 5.4 AAD");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief RFC 8613 Appendix C.4, C.5 and C.6: protecting a GET /tv1 request (OSCORE option
 * value, plaintext, AAD, nonce, ciphertext, protected message), and verifying it back.
 */
class OscoreRequestVectorsTestCase : public TestCase
{
  public:
    OscoreRequestVectorsTestCase()
        : TestCase("RFC 8613 C.4-C.6: protected requests byte for byte, and their verification")
    {
    }

  private:
    void DoRun() override
    {
        struct Vector
        {
            const char* name;
            OscoreParameters client;
            OscoreParameters server;
            const char* unprotected;
            const char* optionValue;
            const char* aadArray;
            const char* aad;
            const char* nonce;
            const char* ciphertext;
            const char* protectedMessage;
        };

        OscoreParameters c6Client = Params(SALT, "", "01", ID_CONTEXT);
        c6Client.sendKidContext = true;
        const Vector vectors[] = {
            {"C.4",
             Params(SALT, "", "01"),
             Params(SALT, "01", ""),
             "44015d1f00003974396c6f63616c686f737483747631",
             "0914",
             "8501810a40411440",
             "8368456e63727970743040488501810a40411440",
             "4622d4dd6d944168eefb549868",
             "612f1092f1776f1c1668b3825e",
             "44025d1f00003974396c6f63616c686f7374620914ff612f1092f1776f1c1668b3825e"},
            {"C.5",
             Params("", "00", "01"),
             Params("", "01", "00"),
             "440171c30000b932396c6f63616c686f737483747631",
             "091400",
             "8501810a4100411440",
             "8368456e63727970743040498501810a4100411440",
             "bf35ae297d2dace910c52e99ed",
             "4ed339a5a379b0b8bc731fffb0",
             "440271c30000b932396c6f63616c686f737463091400ff4ed339a5a379b0b8bc731fffb0"},
            {"C.6",
             c6Client,
             Params(SALT, "01", "", ID_CONTEXT),
             "44012f8eef9bbf7a396c6f63616c686f737483747631",
             "19140837cbf3210017a2d3",
             "8501810a40411440",
             "8368456e63727970743040488501810a40411440",
             "2ca58fb85ff1b81c0b7181b84a",
             "72cd7273fd331ac45cffbe55c3",
             "44022f8eef9bbf7a396c6f63616c686f73746b19140837cbf3210017a2d3ff72cd7273fd331ac45cf"
             "fbe55c3"},
        };
        for (const Vector& v : vectors)
        {
            OscoreContext client(v.client);
            client.SetSenderSequenceNumber(20);
            CoapMessage request = Msg(v.unprotected);
            Bytes piv = OscoreContext::EncodePartialIv(20);
            NS_TEST_EXPECT_MSG_EQ(HexEncode(piv), "14", v.name << ": Partial IV");
            NS_TEST_EXPECT_MSG_EQ(HexEncode(OscoreContext::BuildPlaintext(request)),
                                  "01b3747631",
                                  v.name << ": plaintext");
            NS_TEST_EXPECT_MSG_EQ(HexEncode(OscoreContext::BuildAadArray(v.client.senderId, piv)),
                                  v.aadArray,
                                  v.name << ": aad_array");
            NS_TEST_EXPECT_MSG_EQ(HexEncode(OscoreContext::BuildAad(v.client.senderId, piv)),
                                  v.aad,
                                  v.name << ": AAD");
            NS_TEST_EXPECT_MSG_EQ(HexEncode(client.BuildNonce(v.client.senderId, piv)),
                                  v.nonce,
                                  v.name << ": nonce");

            CoapRequestBinding binding;
            std::string error;
            IOTSEC_TEST_REQUIRE(client.ProtectRequest(request, binding, &error),
                                v.name << ": protect: " << error);
            NS_TEST_EXPECT_MSG_EQ(Wire(request), v.protectedMessage, v.name << ": OSCORE message");
            const Bytes* option = request.GetOption(CoapOption::OSCORE);
            IOTSEC_TEST_REQUIRE(option != nullptr, v.name << ": OSCORE option");
            NS_TEST_EXPECT_MSG_EQ(HexEncode(*option), v.optionValue, v.name << ": option value");
            NS_TEST_EXPECT_MSG_EQ(HexEncode(request.GetPayload()),
                                  v.ciphertext,
                                  v.name << ": ciphertext");
            NS_TEST_EXPECT_MSG_EQ(request.GetCode(), CoapCode::POST, v.name << ": outer POST");
            NS_TEST_EXPECT_MSG_EQ(client.GetSenderSequenceNumber(), 21u, v.name << ": SSN + 1");
            NS_TEST_EXPECT_MSG_EQ(binding.active, true, v.name << ": binding");
            NS_TEST_EXPECT_MSG_EQ(HexEncode(binding.partialIv), "14", v.name << ": request_piv");

            // The server verifies it and gets the original request back, byte for byte
            OscoreContext server(v.server);
            CoapMessage received = Msg(v.protectedMessage);
            CoapRequestBinding serverBinding;
            CoapSecurityVerdict verdict = server.UnprotectRequest(received, serverBinding);
            IOTSEC_TEST_REQUIRE(verdict.ok, v.name << ": verify: " << verdict.reason);
            NS_TEST_EXPECT_MSG_EQ(Wire(received), v.unprotected, v.name << ": original request");
            NS_TEST_EXPECT_MSG_EQ(HexEncode(serverBinding.kid),
                                  HexEncode(v.client.senderId),
                                  v.name << ": request_kid");
            NS_TEST_EXPECT_MSG_EQ(server.GetCounters().requestsVerified, 1u, v.name);
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief RFC 8613 Appendix C.7 (response reusing the request's nonce) and C.8 (response with
 * its own Partial IV), answering the C.4 request: protection byte for byte, and verification
 * by the client.
 */
class OscoreResponseVectorsTestCase : public TestCase
{
  public:
    OscoreResponseVectorsTestCase()
        : TestCase("RFC 8613 C.7-C.8: protected responses byte for byte, and their verification")
    {
    }

  private:
    void DoRun() override
    {
        const std::string c4 =
            "44025d1f00003974396c6f63616c686f7374620914ff612f1092f1776f1c1668b3825e";
        const std::string unprotected = "64455d1f00003974ff48656c6c6f20576f726c6421";

        struct Vector
        {
            const char* name;
            bool partialIv;
            const char* optionValue;
            const char* nonce;
            const char* ciphertext;
            const char* protectedMessage;
        };

        const Vector vectors[] = {
            {"C.7",
             false,
             "",
             "4622d4dd6d944168eefb549868",
             "dbaad1e9a7e7b2a813d3c31524378303cdafae119106",
             "64445d1f0000397490ffdbaad1e9a7e7b2a813d3c31524378303cdafae119106"},
            {"C.8",
             true,
             "0100",
             "4722d4dd6d944169eefb54987c",
             "4d4c13669384b67354b2b6175ff4b8658c666a6cf88e",
             "64445d1f00003974920100ff4d4c13669384b67354b2b6175ff4b8658c666a6cf88e"},
        };
        for (const Vector& v : vectors)
        {
            OscoreParameters sp = Params(SALT, "01", "");
            sp.responsePartialIv = v.partialIv;
            OscoreContext server(sp);
            CoapMessage request = Msg(c4);
            CoapRequestBinding binding;
            IOTSEC_TEST_REQUIRE(server.UnprotectRequest(request, binding).ok, v.name << ": C.4");
            CoapMessage response = Msg(unprotected);
            NS_TEST_EXPECT_MSG_EQ(HexEncode(OscoreContext::BuildPlaintext(response)),
                                  "45ff48656c6c6f20576f726c6421",
                                  v.name << ": plaintext");
            Bytes nonce = v.partialIv ? server.BuildNonce(sp.senderId, H("00"))
                                      : server.BuildNonce(binding.kid, binding.partialIv);
            NS_TEST_EXPECT_MSG_EQ(HexEncode(nonce), v.nonce, v.name << ": nonce");
            std::string error;
            IOTSEC_TEST_REQUIRE(server.ProtectResponse(response, binding, &error),
                                v.name << ": protect: " << error);
            NS_TEST_EXPECT_MSG_EQ(Wire(response), v.protectedMessage, v.name << ": OSCORE message");
            const Bytes* option = response.GetOption(CoapOption::OSCORE);
            IOTSEC_TEST_REQUIRE(option != nullptr, v.name << ": OSCORE option");
            NS_TEST_EXPECT_MSG_EQ(HexEncode(*option), v.optionValue, v.name << ": option value");
            NS_TEST_EXPECT_MSG_EQ(HexEncode(response.GetPayload()),
                                  v.ciphertext,
                                  v.name << ": ciphertext");
            NS_TEST_EXPECT_MSG_EQ(response.GetCode(), CoapCode::CHANGED, v.name << ": outer 2.04");

            // The client that sent C.4 verifies it
            OscoreContext client(Params(SALT, "", "01"));
            client.SetSenderSequenceNumber(20);
            CoapMessage original = Msg("44015d1f00003974396c6f63616c686f737483747631");
            CoapRequestBinding clientBinding;
            IOTSEC_TEST_REQUIRE(client.ProtectRequest(original, clientBinding, &error), error);
            CoapMessage received = Msg(v.protectedMessage);
            CoapSecurityVerdict verdict = client.UnprotectResponse(received, clientBinding);
            IOTSEC_TEST_REQUIRE(verdict.ok, v.name << ": verify: " << verdict.reason);
            NS_TEST_EXPECT_MSG_EQ(Wire(received), unprotected, v.name << ": original response");
            // A response is bound to its request: it does not verify against another one
            CoapMessage other = Msg("44015d2000003975396c6f63616c686f737483747631");
            CoapRequestBinding otherBinding;
            IOTSEC_TEST_REQUIRE(client.ProtectRequest(other, otherBinding, &error), error);
            CoapMessage again = Msg(v.protectedMessage);
            NS_TEST_EXPECT_MSG_EQ(client.UnprotectResponse(again, otherBinding).ok,
                                  false,
                                  v.name << ": verified against another request");
            NS_TEST_EXPECT_MSG_EQ(client.GetLastStatus(),
                                  OscoreStatus::DECRYPT_FAILED,
                                  v.name << ": " << OscoreStatusName(client.GetLastStatus()));
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The OSCORE option value: RFC 8613 section 6.3's examples, and malformed values
 * rejected with a reason.
 */
class OscoreOptionTestCase : public TestCase
{
  public:
    OscoreOptionTestCase()
        : TestCase("OSCORE option value: section 6.3 examples; malformed values rejected")
    {
    }

  private:
    void DoRun() override
    {
        struct Example
        {
            std::optional<Bytes> piv;
            std::optional<Bytes> kidContext;
            std::optional<Bytes> kid;
            const char* value;
        };

        const Example examples[] = {
            {H("05"), std::nullopt, H("25"), "090525"},
            {H("00"), std::nullopt, H(""), "0900"},
            {H("05"), H("44616c656b"), H(""), "19050544616c656b"},
            {std::nullopt, std::nullopt, std::nullopt, ""},
            {H("07"), std::nullopt, std::nullopt, "0107"},
        };
        for (const Example& e : examples)
        {
            OscoreOptionValue v;
            v.partialIv = e.piv;
            v.kidContext = e.kidContext;
            v.kid = e.kid;
            NS_TEST_EXPECT_MSG_EQ(HexEncode(v.Encode()), e.value, "encode");
            OscoreOptionValue d;
            std::string error;
            NS_TEST_EXPECT_MSG_EQ(OscoreOptionValue::Decode(H(e.value), d, &error),
                                  true,
                                  e.value << ": " << error);
            NS_TEST_EXPECT_MSG_EQ(
                (d.partialIv == e.piv && d.kidContext == e.kidContext && d.kid == e.kid),
                true,
                "decode " << e.value);
        }
        for (const char* bad : {"20",               // reserved bit
                                "80",               // reserved bit
                                "00",               // a zero flag byte must be an empty value
                                "0601020304050607", // n = 6
                                "07010203040506070809",
                                "01",       // Partial IV missing
                                "030102",   // Partial IV truncated
                                "020014",   // Partial IV with a leading zero byte
                                "10",       // 'kid context' length missing
                                "11050201", // 'kid context' runs past the end
                                "0105ff"})  // bytes after the Partial IV without k
        {
            OscoreOptionValue d;
            std::string error;
            NS_TEST_EXPECT_MSG_EQ(OscoreOptionValue::Decode(H(bad), d, &error),
                                  false,
                                  "accepted " << bad);
            NS_TEST_EXPECT_MSG_NE(error, "", "no reason for " << bad);
        }
        NS_TEST_EXPECT_MSG_EQ(HexEncode(OscoreContext::EncodePartialIv(0)), "00", "PIV 0");
        NS_TEST_EXPECT_MSG_EQ(HexEncode(OscoreContext::EncodePartialIv(256)), "0100", "PIV 256");
        NS_TEST_EXPECT_MSG_EQ(
            HexEncode(OscoreContext::EncodePartialIv(OscoreContext::MAX_SEQUENCE)),
            "ffffffffff",
            "largest PIV");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief A server rejects replayed and too old Partial IVs (before decrypting), accepts
 * reordered new ones inside the window (RFC 8613 section 7.4, window 32), and answers
 * rejections with the error codes of section 8.2.
 */
class OscoreReplayTestCase : public TestCase
{
  public:
    OscoreReplayTestCase()
        : TestCase("replay window: replays and old Partial IVs rejected before decryption")
    {
    }

  private:
    void DoRun() override
    {
        OscoreContext client(Params(SALT, "", "01"));
        std::map<CryptoOp, uint32_t> work;
        OscoreContext server(Params(SALT, "01", ""),
                             [&work](const CryptoWork& w) { ++work[w.op]; });
        NS_TEST_EXPECT_MSG_EQ(server.GetReplayWindowSize(), 32u, "default window");
        // Protected requests with Partial IVs 0..40, kept as datagrams
        std::vector<Bytes> sent;
        for (uint64_t i = 0; i <= 40; ++i)
        {
            CoapMessage m(CoapMessage::CON, CoapCode::GET, static_cast<uint16_t>(i));
            m.SetUriPath("/tv1");
            CoapRequestBinding b;
            std::string error;
            IOTSEC_TEST_REQUIRE(client.ProtectRequest(m, b, &error), error);
            sent.push_back(m.Serialize());
        }
        auto deliver = [&](uint64_t piv) {
            CoapMessage m;
            std::string error;
            CoapMessage::Parse(sent[piv].data(), sent[piv].size(), m, &error);
            CoapRequestBinding b;
            return server.UnprotectRequest(m, b);
        };

        struct Step
        {
            uint64_t piv;
            bool accepted;
        };

        const Step steps[] = {{5, true},
                              {3, true},   // reordered, new
                              {5, false},  // replay
                              {3, false},  // replay
                              {40, true},  // jump ahead
                              {8, false},  // 40 - 8 = 32: outside the window
                              {9, true},   // 40 - 9 = 31: inside, never seen
                              {9, false},  // replay
                              {40, false}, // replay of the newest
                              {39, true}};
        uint64_t replays = 0;
        for (const Step& s : steps)
        {
            uint32_t opens = work[CryptoOp::AES_CCM_OPEN];
            CoapSecurityVerdict v = deliver(s.piv);
            NS_TEST_EXPECT_MSG_EQ(v.ok, s.accepted, "Partial IV " << s.piv);
            if (!s.accepted)
            {
                ++replays;
                NS_TEST_EXPECT_MSG_EQ(v.errorCode, CoapCode::UNAUTHORIZED, "4.01");
                NS_TEST_EXPECT_MSG_EQ(v.reason, "Replay detected", "diagnostic");
                NS_TEST_EXPECT_MSG_EQ(work[CryptoOp::AES_CCM_OPEN],
                                      opens,
                                      "a replay is rejected before decryption");
            }
        }
        NS_TEST_EXPECT_MSG_EQ(server.GetCounters().replays, replays, "replays counted");
        NS_TEST_EXPECT_MSG_EQ(server.GetCounters().requestsVerified, 5u, "accepted");

        // A forged request with a fresh Partial IV does not take the Partial IV away from the
        // genuine one: the window is updated only after a successful decryption
        OscoreContext fresh(Params(SALT, "01", ""));
        CoapMessage forged;
        std::string error;
        CoapMessage::Parse(sent[7].data(), sent[7].size(), forged, &error);
        Bytes payload = forged.GetPayload();
        payload[0] ^= 1;
        forged.SetPayload(payload);
        CoapRequestBinding b;
        CoapSecurityVerdict v = fresh.UnprotectRequest(forged, b);
        NS_TEST_EXPECT_MSG_EQ(v.ok, false, "forged");
        NS_TEST_EXPECT_MSG_EQ(v.errorCode, CoapCode::BAD_REQUEST, "4.00 Decryption failed");
        CoapMessage genuine;
        CoapMessage::Parse(sent[7].data(), sent[7].size(), genuine, &error);
        NS_TEST_EXPECT_MSG_EQ(fresh.UnprotectRequest(genuine, b).ok, true, "genuine after forged");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Every flipped bit of the OSCORE option value or the ciphertext of C.4 is rejected;
 * so are an unknown 'kid', an unknown 'kid context', a request without OSCORE option, one
 * without payload, and a forged response; each with the error code of RFC 8613 section 8.2.
 */
class OscoreTamperTestCase : public TestCase
{
  public:
    OscoreTamperTestCase()
        : TestCase("flipped bits, unknown kid, missing option or payload: rejected, typed")
    {
    }

  private:
    void DoRun() override
    {
        const Bytes c4 =
            H("44025d1f00003974396c6f63616c686f7374620914ff612f1092f1776f1c1668b3825e");
        // Bytes from the OSCORE option value (index 19) to the end are protected or
        // decisive; the Uri-Host before it is Class U (unprotected by design)
        std::size_t flips = 0;
        for (std::size_t i = 19; i < c4.size(); ++i)
        {
            if (i == 21)
            {
                continue; // the payload marker: flipping it makes the datagram malformed
            }
            for (int bit = 0; bit < 8; ++bit)
            {
                Bytes bad = c4;
                bad[i] ^= static_cast<uint8_t>(1 << bit);
                CoapMessage m;
                std::string error;
                if (!CoapMessage::Parse(bad.data(), bad.size(), m, &error))
                {
                    continue;
                }
                OscoreContext server(Params(SALT, "01", ""));
                CoapRequestBinding b;
                CoapSecurityVerdict v = server.UnprotectRequest(m, b);
                NS_TEST_EXPECT_MSG_EQ(v.ok, false, "byte " << i << " bit " << bit);
                NS_TEST_EXPECT_MSG_NE(v.errorCode, 0, "an error code");
                ++flips;
            }
        }
        NS_TEST_EXPECT_MSG_GT(flips, 100u, "flips tried");

        // Unknown 'kid': a client whose Sender ID the server does not know
        OscoreContext stranger(Params(SALT, "02", "01"));
        CoapMessage m(CoapMessage::CON, CoapCode::GET, 1);
        m.SetUriPath("/tv1");
        CoapRequestBinding b;
        std::string error;
        IOTSEC_TEST_REQUIRE(stranger.ProtectRequest(m, b, &error), error);
        OscoreContext server(Params(SALT, "01", ""));
        CoapSecurityVerdict v = server.UnprotectRequest(m, b);
        NS_TEST_EXPECT_MSG_EQ(v.ok, false, "unknown kid");
        NS_TEST_EXPECT_MSG_EQ(v.errorCode, CoapCode::UNAUTHORIZED, "4.01");
        NS_TEST_EXPECT_MSG_EQ(v.reason, "Security context not found", "diagnostic");
        NS_TEST_EXPECT_MSG_EQ(server.GetCounters().unknownContext, 1u, "counted");

        // Unknown 'kid context'
        OscoreParameters withContext = Params(SALT, "", "01", "0badc0de");
        withContext.sendKidContext = true;
        OscoreContext other(withContext);
        CoapMessage m2(CoapMessage::CON, CoapCode::GET, 2);
        IOTSEC_TEST_REQUIRE(other.ProtectRequest(m2, b, &error), error);
        v = server.UnprotectRequest(m2, b);
        NS_TEST_EXPECT_MSG_EQ(v.errorCode, CoapCode::UNAUTHORIZED, "unknown kid context: 4.01");

        // No OSCORE option; OSCORE option without payload (malformed, section 2)
        CoapMessage plain(CoapMessage::CON, CoapCode::GET, 3);
        v = server.UnprotectRequest(plain, b);
        NS_TEST_EXPECT_MSG_EQ(v.ok, false, "plain request");
        NS_TEST_EXPECT_MSG_EQ(server.GetLastStatus(), OscoreStatus::NOT_OSCORE, "typed");
        CoapMessage empty(CoapMessage::CON, CoapCode::POST, 4);
        empty.AddOption(CoapOption::OSCORE, H("0914"));
        v = server.UnprotectRequest(empty, b);
        NS_TEST_EXPECT_MSG_EQ(v.errorCode, CoapCode::BAD_OPTION, "no payload: 4.02");
        NS_TEST_EXPECT_MSG_EQ(v.reason, "Failed to decode COSE", "diagnostic");
        // A request without 'kid' (a response's option value) is malformed
        CoapMessage noKid(CoapMessage::CON, CoapCode::POST, 5);
        noKid.AddOption(CoapOption::OSCORE, H("0114"));
        noKid.SetPayload(H("612f1092f1776f1c1668b3825e"));
        NS_TEST_EXPECT_MSG_EQ(server.UnprotectRequest(noKid, b).errorCode,
                              CoapCode::BAD_OPTION,
                              "no kid: 4.02");
        // A tag that does not verify
        CoapMessage flipped;
        Bytes bad = c4;
        bad.back() ^= 0x80;
        CoapMessage::Parse(bad.data(), bad.size(), flipped, &error);
        OscoreContext server2(Params(SALT, "01", ""));
        v = server2.UnprotectRequest(flipped, b);
        NS_TEST_EXPECT_MSG_EQ(v.errorCode, CoapCode::BAD_REQUEST, "4.00");
        NS_TEST_EXPECT_MSG_EQ(v.reason, "Decryption failed", "diagnostic");
        NS_TEST_EXPECT_MSG_EQ(server2.GetCounters().decryptFailures, 1u, "counted");

        // A forged response (C.7 with a flipped bit) is rejected by the client
        OscoreContext client(Params(SALT, "", "01"));
        client.SetSenderSequenceNumber(20);
        CoapMessage request = Msg("44015d1f00003974396c6f63616c686f737483747631");
        CoapRequestBinding cb;
        IOTSEC_TEST_REQUIRE(client.ProtectRequest(request, cb, &error), error);
        Bytes c7 = H("64445d1f0000397490ffdbaad1e9a7e7b2a813d3c31524378303cdafae119106");
        for (std::size_t i = 10; i < c7.size(); ++i)
        {
            Bytes f = c7;
            f[i] ^= 0x04;
            CoapMessage resp;
            CoapMessage::Parse(f.data(), f.size(), resp, &error);
            CoapRequestBinding copy = cb;
            NS_TEST_EXPECT_MSG_EQ(client.UnprotectResponse(resp, copy).ok, false, "byte " << i);
        }
        CoapMessage genuine = Msg(HexEncode(c7));
        NS_TEST_EXPECT_MSG_EQ(client.UnprotectResponse(genuine, cb).ok, true, "genuine");
        CoapMessage replayed = Msg(HexEncode(c7));
        NS_TEST_EXPECT_MSG_EQ(client.UnprotectResponse(replayed, cb).ok,
                              false,
                              "a second response reusing the request's nonce");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Observe over OSCORE at the context level: a registration is protected with FETCH
 * and an outer Observe; its responses carry new Partial IVs; the client orders them by
 * Partial IV and rejects a replayed or older notification (section 7.4.1).
 */
class OscoreObserveTestCase : public TestCase
{
  public:
    OscoreObserveTestCase()
        : TestCase("Observe: FETCH, notifications with Partial IVs, replayed notification rejected")
    {
    }

  private:
    void DoRun() override
    {
        OscoreContext client(Params(SALT, "", "01"));
        OscoreContext server(Params(SALT, "01", ""));
        CoapMessage reg(CoapMessage::CON, CoapCode::GET, 7);
        reg.SetToken({1, 2});
        reg.SetUriPath("/temp");
        reg.SetObserve(0);
        CoapRequestBinding cb;
        std::string error;
        IOTSEC_TEST_REQUIRE(client.ProtectRequest(reg, cb, &error), error);
        NS_TEST_EXPECT_MSG_EQ(reg.GetCode(), CoapCode::FETCH, "outer FETCH");
        NS_TEST_EXPECT_MSG_EQ(reg.GetObserve().value_or(9), 0u, "outer Observe 0");
        NS_TEST_EXPECT_MSG_EQ(reg.HasOption(CoapOption::URI_PATH), false, "Uri-Path hidden");
        CoapRequestBinding sb;
        IOTSEC_TEST_REQUIRE(server.UnprotectRequest(reg, sb).ok, "registration verifies");
        NS_TEST_EXPECT_MSG_EQ(sb.observe, true, "a registration");
        NS_TEST_EXPECT_MSG_EQ(reg.GetUriPath(), "/temp", "inner path");

        std::vector<CoapMessage> notes;
        for (uint32_t seq = 5; seq < 8; ++seq)
        {
            CoapMessage n(CoapMessage::NON, CoapCode::CONTENT, static_cast<uint16_t>(100 + seq));
            n.SetToken({1, 2});
            n.SetObserve(seq);
            n.SetPayload("22 C");
            IOTSEC_TEST_REQUIRE(server.ProtectResponse(n, sb, &error), error);
            NS_TEST_EXPECT_MSG_EQ(n.GetCode(), CoapCode::CONTENT, "outer 2.05 with Observe");
            NS_TEST_EXPECT_MSG_EQ(n.GetObserve().value_or(0), seq, "outer Observe");
            notes.push_back(n);
        }
        // In order: each verifies, the Observe value is the Partial IV
        for (std::size_t i = 0; i < 2; ++i)
        {
            CoapMessage n = notes[i];
            IOTSEC_TEST_REQUIRE(client.UnprotectResponse(n, cb).ok, "notification " << i);
            NS_TEST_EXPECT_MSG_EQ(n.GetObserve().value_or(99), i, "Observe from the Partial IV");
            NS_TEST_EXPECT_MSG_EQ(n.GetPayloadString(), "22 C", "payload");
        }
        CoapMessage replay = notes[1];
        NS_TEST_EXPECT_MSG_EQ(client.UnprotectResponse(replay, cb).ok, false, "replayed");
        NS_TEST_EXPECT_MSG_EQ(client.GetLastStatus(), OscoreStatus::REPLAY, "typed");
        CoapMessage older = notes[0];
        NS_TEST_EXPECT_MSG_EQ(client.UnprotectResponse(older, cb).ok, false, "older");
        CoapMessage newest = notes[2];
        NS_TEST_EXPECT_MSG_EQ(client.UnprotectResponse(newest, cb).ok, true, "newest");
        NS_TEST_EXPECT_MSG_EQ(cb.notificationNumber, 2u, "Notification Number");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Crypto work and state reporting; Sender Sequence Number exhaustion; parameter
 * validation.
 */
class OscoreAccountingTestCase : public TestCase
{
  public:
    OscoreAccountingTestCase()
        : TestCase("work reports (HKDF x3, CCM seal and open sizes), state bytes, SSN exhaustion")
    {
    }

  private:
    void DoRun() override
    {
        std::vector<CryptoWork> work;
        CryptoWorkHook hook = [&work](const CryptoWork& w) { work.push_back(w); };
        OscoreContext client(Params(SALT, "", "01"), hook);
        IOTSEC_TEST_REQUIRE(work.size() == 3u, "three HKDF derivations reported");
        for (std::size_t i = 0; i < 3; ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(CryptoOpName(work[i].op), "HKDF_SHA256", "HKDF");
            NS_TEST_EXPECT_MSG_EQ(work[i].bytes, (i < 2 ? 16u : 13u), "output length");
        }
        client.SetCryptoWorkHook(hook);
        NS_TEST_EXPECT_MSG_EQ(work.size(), 3u, "the derivation is reported once");
        client.SetSenderSequenceNumber(20);
        CoapMessage request = Msg("44015d1f00003974396c6f63616c686f737483747631");
        CoapRequestBinding b;
        std::string error;
        IOTSEC_TEST_REQUIRE(client.ProtectRequest(request, b, &error), error);
        IOTSEC_TEST_REQUIRE(work.size() == 4u, "one seal");
        NS_TEST_EXPECT_MSG_EQ(CryptoOpName(work[3].op), "AES_CCM_SEAL", "seal");
        NS_TEST_EXPECT_MSG_EQ(work[3].bytes, 5u, "plaintext of C.4");
        NS_TEST_EXPECT_MSG_EQ(work[3].aadBytes, 20u, "AAD of C.4");
        CoapMessage response =
            Msg("64445d1f0000397490ffdbaad1e9a7e7b2a813d3c31524378303cdafae119106");
        IOTSEC_TEST_REQUIRE(client.UnprotectResponse(response, b).ok, "C.7");
        IOTSEC_TEST_REQUIRE(work.size() == 5u, "one open");
        NS_TEST_EXPECT_MSG_EQ(CryptoOpName(work[4].op), "AES_CCM_OPEN", "open");
        NS_TEST_EXPECT_MSG_EQ(work[4].bytes, 14u, "ciphertext of C.7 without tag");
        // Keys 16 + 16, Common IV 13, IDs 0 + 1, SSN 5, window 4 + 5
        NS_TEST_EXPECT_MSG_EQ(client.GetStateBytes(), 60u, "state bytes");

        client.SetSenderSequenceNumber(OscoreContext::MAX_SEQUENCE);
        CoapMessage last(CoapMessage::CON, CoapCode::GET, 1);
        IOTSEC_TEST_REQUIRE(client.ProtectRequest(last, b, &error), "the last Partial IV");
        NS_TEST_EXPECT_MSG_EQ(HexEncode(b.partialIv), "ffffffffff", "2^40 - 1");
        CoapMessage beyond(CoapMessage::CON, CoapCode::GET, 2);
        NS_TEST_EXPECT_MSG_EQ(client.ProtectRequest(beyond, b, &error), false, "exhausted");
        NS_TEST_EXPECT_MSG_EQ(client.GetLastStatus(), OscoreStatus::SEQUENCE_EXHAUSTED, error);

        for (const auto& p :
             {Params(SALT, "01", "01"), Params(SALT, "0102030405060708", "01"), OscoreParameters()})
        {
            NS_TEST_EXPECT_MSG_EQ(p.Validate(&error), false, "invalid parameters accepted");
        }
        OscoreParameters parsed;
        NS_TEST_EXPECT_MSG_EQ(OscoreParameters::FromHex(SECRET, "", "", "01", parsed, &error),
                              true,
                              error);
        NS_TEST_EXPECT_MSG_EQ(OscoreParameters::FromHex(SECRET, "", "x", "01", parsed, &error),
                              false,
                              "not hexadecimal");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The seed corpus of the OSCORE fuzz target holds real protected messages: each
 * verifies with the target's contexts (RFC 8613 C.1), as a request or as a response to C.4,
 * except the C.5 and C.6 requests, made with other contexts, which are rejected as unknown,
 * and the forgeries (named so), which must not verify.
 */
class OscoreSeedCorpusTestCase : public TestCase
{
  public:
    OscoreSeedCorpusTestCase()
        : TestCase("the fuzz seed corpus holds genuine OSCORE messages of the fuzzed contexts")
    {
    }

  private:
    void DoRun() override
    {
#ifdef IOTSEC_SOURCE_DIR
        std::string dir = std::string(IOTSEC_SOURCE_DIR) + "/utils/fuzz/corpus/oscore";
        DIR* d = opendir(dir.c_str());
        IOTSEC_TEST_REQUIRE(d != nullptr, "no corpus at " << dir);
        std::vector<std::string> names;
        while (dirent* e = readdir(d))
        {
            std::string name = e->d_name;
            if (name != "." && name != "..")
            {
                names.push_back(name);
            }
        }
        closedir(d);
        NS_TEST_EXPECT_MSG_GT_OR_EQ(names.size(), 10u, "seeds");
        for (const std::string& name : names)
        {
            std::ifstream in(dir + "/" + name, std::ios::binary);
            Bytes data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            CoapMessage m;
            std::string error;
            IOTSEC_TEST_REQUIRE(CoapMessage::Parse(data.data(), data.size(), m, &error),
                                name << ": " << error);
            OscoreContext server(Params(SALT, "01", ""));
            OscoreContext client(Params(SALT, "", "01"));
            CoapRequestBinding b;
            CoapRequestBinding c4;
            c4.active = true;
            c4.partialIv = H("14");
            CoapMessage asRequest = m;
            CoapMessage asResponse = m;
            bool request = server.UnprotectRequest(asRequest, b).ok;
            bool response = client.UnprotectResponse(asResponse, c4).ok;
            bool foreign = name.find("other-kid") != std::string::npos ||
                           name.find("kid-context") != std::string::npos;
            if (name.find("forged") != std::string::npos)
            {
                NS_TEST_EXPECT_MSG_EQ(request || response, false, name << " verifies");
            }
            else if (foreign)
            {
                NS_TEST_EXPECT_MSG_EQ(server.GetLastStatus(), OscoreStatus::UNKNOWN_CONTEXT, name);
            }
            else
            {
                NS_TEST_EXPECT_MSG_EQ(request || response, true, name << " does not verify");
            }
        }
#else
        NS_LOG_UNCOND("seed corpus check skipped: built without IOTSEC_SOURCE_DIR");
#endif
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The OSCORE context test suite.
 */
class OscoreContextTestSuite : public TestSuite
{
  public:
    OscoreContextTestSuite()
        : TestSuite("iotsec-oscore-context", Type::UNIT)
    {
        AddTestCase(new OscoreDerivationTestCase, iotsectest::QUICK);
        AddTestCase(new OscoreRequestVectorsTestCase, iotsectest::QUICK);
        AddTestCase(new OscoreResponseVectorsTestCase, iotsectest::QUICK);
        AddTestCase(new OscoreOptionTestCase, iotsectest::QUICK);
        AddTestCase(new OscoreReplayTestCase, iotsectest::QUICK);
        AddTestCase(new OscoreTamperTestCase, iotsectest::QUICK);
        AddTestCase(new OscoreObserveTestCase, iotsectest::QUICK);
        AddTestCase(new OscoreAccountingTestCase, iotsectest::QUICK);
        AddTestCase(new OscoreSeedCorpusTestCase, iotsectest::QUICK);
    }
};

/// Static instance: registers the suite
static OscoreContextTestSuite g_oscoreContextTestSuite;
