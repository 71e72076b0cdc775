/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The secure element's APDU transport (Urien, issue 18): short command and response APDUs,
// the chaining that carries a message longer than one APDU, and the ISO 7816-3 transfer time.

#include "iotsec-test.h"

#include "ns3/apdu.h"

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// \param n length \param first first byte \return n bytes first, first+1, ...
Bytes
Pattern(std::size_t n, uint8_t first)
{
    Bytes b(n);
    for (std::size_t i = 0; i < n; ++i)
    {
        b[i] = static_cast<uint8_t>(first + i);
    }
    return b;
}

/// \param b bytes \return true if CommandApdu::Parse accepts them
bool
ParsesAsCommand(const Bytes& b)
{
    CommandApdu a;
    std::string error;
    bool ok = CommandApdu::Parse(b.data(), b.size(), a, &error);
    return ok;
}

/// Relative tolerance for the timing checks
constexpr double TOLERANCE = 1e-12;

/**
 * \ingroup iotsec-tests
 * \brief The four short cases round-trip; the encoding is byte-exact.
 */
class ApduCasesTestCase : public TestCase
{
  public:
    ApduCasesTestCase()
        : TestCase("short command APDU cases 1-4 and response APDUs serialize and parse")
    {
    }

  private:
    void DoRun() override
    {
        CommandApdu c1;
        c1.cla = 0x00;
        c1.ins = 0xA4;
        c1.p1 = 0x04;
        c1.p2 = 0x00;
        NS_TEST_EXPECT_MSG_EQ(c1.Case(), 1, "case 1");
        NS_TEST_EXPECT_MSG_EQ((c1.Serialize() == Bytes{0x00, 0xA4, 0x04, 0x00}), true, "case 1");

        CommandApdu c2 = c1;
        c2.le = 256;
        NS_TEST_EXPECT_MSG_EQ(c2.Case(), 2, "case 2");
        NS_TEST_EXPECT_MSG_EQ((c2.Serialize() == Bytes{0x00, 0xA4, 0x04, 0x00, 0x00}),
                              true,
                              "Le 256 is coded 0x00");
        c2.le = 1;
        NS_TEST_EXPECT_MSG_EQ((c2.Serialize() == Bytes{0x00, 0xA4, 0x04, 0x00, 0x01}),
                              true,
                              "Le 1");

        CommandApdu c3 = c1;
        c3.data = Pattern(255, 0);
        NS_TEST_EXPECT_MSG_EQ(c3.Case(), 3, "case 3");
        Bytes b3 = c3.Serialize();
        NS_TEST_EXPECT_MSG_EQ(b3.size(), 4 + 1 + 255, "case 3 length");
        NS_TEST_EXPECT_MSG_EQ(unsigned(b3[4]), 255u, "Lc 255");

        CommandApdu c4 = c3;
        c4.data = Pattern(1, 7);
        c4.le = 255;
        NS_TEST_EXPECT_MSG_EQ(c4.Case(), 4, "case 4");
        NS_TEST_EXPECT_MSG_EQ((c4.Serialize() == Bytes{0x00, 0xA4, 0x04, 0x00, 0x01, 0x07, 0xFF}),
                              true,
                              "case 4 bytes");

        for (const CommandApdu& a : {c1, c2, c3, c4})
        {
            Bytes b = a.Serialize();
            CommandApdu back;
            std::string error;
            NS_TEST_EXPECT_MSG_EQ(CommandApdu::Parse(b.data(), b.size(), back, &error),
                                  true,
                                  "parses: " << error);
            NS_TEST_EXPECT_MSG_EQ((back == a), true, "round trip of case " << a.Case());
        }
        // case 2 with Le 0x00 = 256
        Bytes b2{0x00, 0xB0, 0x00, 0x00, 0x00};
        CommandApdu p2;
        NS_TEST_EXPECT_MSG_EQ(CommandApdu::Parse(b2.data(), b2.size(), p2, nullptr),
                              true,
                              "case 2 Le 00");
        NS_TEST_EXPECT_MSG_EQ(p2.Case(), 2, "case 2");
        NS_TEST_EXPECT_MSG_EQ(p2.le, 256, "Le 0x00 is 256");
        // case 4 with Le 0x00 = 256
        Bytes b4{0x00, 0x10, 0, 0, 0x02, 0xAA, 0xBB, 0x00};
        CommandApdu p4;
        NS_TEST_EXPECT_MSG_EQ(CommandApdu::Parse(b4.data(), b4.size(), p4, nullptr),
                              true,
                              "case 4 Le 00");
        NS_TEST_EXPECT_MSG_EQ(p4.le, 256, "Le 0x00 is 256");
        NS_TEST_EXPECT_MSG_EQ(p4.data.size(), 2, "Lc 2");

        ResponseApdu r;
        r.data = Pattern(256, 1);
        r.sw1 = 0x90;
        r.sw2 = 0x00;
        Bytes rb = r.Serialize();
        NS_TEST_EXPECT_MSG_EQ(rb.size(), 258, "256 data + SW");
        ResponseApdu rback;
        NS_TEST_EXPECT_MSG_EQ(ResponseApdu::Parse(rb.data(), rb.size(), rback, nullptr),
                              true,
                              "response parses");
        NS_TEST_EXPECT_MSG_EQ((rback == r), true, "response round trip");
        NS_TEST_EXPECT_MSG_EQ(rback.Sw(), 0x9000, "SW");
        Bytes bare{0x6A, 0x82};
        NS_TEST_EXPECT_MSG_EQ(ResponseApdu::Parse(bare.data(), bare.size(), rback, nullptr),
                              true,
                              "SW only");
        NS_TEST_EXPECT_MSG_EQ(rback.data.size(), 0, "no data");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Every malformed APDU is rejected with a reason; garbage never crashes.
 */
class ApduRejectTestCase : public TestCase
{
  public:
    ApduRejectTestCase()
        : TestCase("malformed APDUs are rejected; random bytes never crash")
    {
    }

  private:
    void DoRun() override
    {
        std::string error;
        CommandApdu a;
        for (std::size_t n = 0; n < 4; ++n)
        {
            Bytes b(n, 0x00);
            error.clear();
            NS_TEST_EXPECT_MSG_EQ(CommandApdu::Parse(b.data(), b.size(), a, &error),
                                  false,
                                  "shorter than the header: " << n);
            NS_TEST_EXPECT_MSG_EQ(error.empty(), false, "a reason is given");
        }
        NS_TEST_EXPECT_MSG_EQ(CommandApdu::Parse(nullptr, 10, a, &error), false, "null");
        // Lc 3 with 2 data bytes: truncated
        NS_TEST_EXPECT_MSG_EQ(ParsesAsCommand(Bytes{0, 0x20, 0, 0, 3, 1, 2}), false, "truncated");
        // Lc 1 with 1 data byte, Le and a trailing byte
        NS_TEST_EXPECT_MSG_EQ(ParsesAsCommand(Bytes{0, 0x20, 0, 0, 1, 1, 0, 9}),
                              false,
                              "trailing byte");
        // Lc 2 with 4 following bytes: Lc mismatch
        NS_TEST_EXPECT_MSG_EQ(ParsesAsCommand(Bytes{0, 0x20, 0, 0, 2, 1, 2, 3, 4}),
                              false,
                              "Lc mismatch");
        // Lc 0x00 with more bytes: an extended APDU
        NS_TEST_EXPECT_MSG_EQ(ParsesAsCommand(Bytes{0, 0x20, 0, 0, 0, 0x01, 0x00, 0xAA}),
                              false,
                              "extended Lc");
        NS_TEST_EXPECT_MSG_EQ(ParsesAsCommand(Bytes{0, 0x20, 0, 0, 0, 0x01, 0x00}),
                              false,
                              "extended Le");
        NS_TEST_EXPECT_MSG_EQ(ParsesAsCommand(Bytes{0xFF, 0x20, 0, 0}), false, "CLA FF");
        NS_TEST_EXPECT_MSG_EQ(ParsesAsCommand(Bytes{0, 0x61, 0, 0}), false, "INS 6X");
        NS_TEST_EXPECT_MSG_EQ(ParsesAsCommand(Bytes{0, 0x9F, 0, 0}), false, "INS 9X");
        // every truncation of a valid case-4 APDU but the case-3 and case-4 lengths is refused
        // (cutting Le off leaves a valid case 3; 4 and 5 bytes are cases 1 and 2)
        Bytes full{0x00, 0x20, 0x00, 0x00, 0x03, 1, 2, 3, 0x10};
        for (std::size_t n = 6; n < 8; ++n)
        {
            Bytes b(full.begin(), full.begin() + n);
            NS_TEST_EXPECT_MSG_EQ(ParsesAsCommand(b), false, "truncated to " << n);
        }
        NS_TEST_EXPECT_MSG_EQ(ParsesAsCommand(Bytes(full.begin(), full.end() - 1)), true, "case 3");

        CommandApdu big;
        big.data = Bytes(256, 0);
        NS_TEST_EXPECT_MSG_EQ(big.Valid(&error), false, "256 data bytes do not fit a short Lc");
        big.data.clear();
        big.le = 257;
        NS_TEST_EXPECT_MSG_EQ(big.Valid(&error), false, "Le 257");

        ResponseApdu r;
        Bytes one{0x90};
        NS_TEST_EXPECT_MSG_EQ(ResponseApdu::Parse(one.data(), one.size(), r, &error),
                              false,
                              "1 byte");
        Bytes tooLong(259, 0x90);
        NS_TEST_EXPECT_MSG_EQ(ResponseApdu::Parse(tooLong.data(), tooLong.size(), r, &error),
                              false,
                              "257 data bytes");
        Bytes badSw{0x01, 0x00, 0x00};
        NS_TEST_EXPECT_MSG_EQ(ResponseApdu::Parse(badSw.data(), badSw.size(), r, &error),
                              false,
                              "SW1 0x00");
        Bytes nullSw{0x60, 0x00};
        NS_TEST_EXPECT_MSG_EQ(ResponseApdu::Parse(nullSw.data(), nullSw.size(), r, &error),
                              false,
                              "SW1 0x60 (the NULL procedure byte)");

        // 200 random inputs: rejected, or parsed and re-serialized to the same bytes
        uint64_t state = 0x0123456789ABCDEFULL;
        int inconsistent = 0;
        int accepted = 0;
        for (int i = 0; i < 200; ++i)
        {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            std::size_t n = (state >> 33) % 270;
            Bytes b(n);
            for (auto& x : b)
            {
                state = state * 6364136223846793005ULL + 1442695040888963407ULL;
                x = static_cast<uint8_t>(state >> 56);
            }
            if (i % 2 == 0 && n > 5)
            {
                b[4] = static_cast<uint8_t>(n - 5 - (i % 4 == 0 ? 1 : 0)); // hit valid Lc too
            }
            CommandApdu c;
            if (CommandApdu::Parse(b.data(), b.size(), c, nullptr))
            {
                ++accepted;
                inconsistent += c.Serialize() != b ? 1 : 0;
            }
            ResponseApdu rr;
            if (ResponseApdu::Parse(b.data(), b.size(), rr, nullptr) && rr.Serialize() != b)
            {
                ++inconsistent;
            }
            ApduReassembler reassembler(1000);
            reassembler.Add(b.data(), b.size(), nullptr);
        }
        NS_TEST_EXPECT_MSG_EQ(inconsistent, 0, "what parses serializes back to the same bytes");
        NS_TEST_EXPECT_MSG_GT(accepted, 0, "some inputs with a matching Lc parse");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief A 1000-byte message is split into chained APDUs and reassembled byte-exact, both
 * ways; the reassemblers enforce their bounds and the order.
 */
class ApduChainingTestCase : public TestCase
{
  public:
    ApduChainingTestCase()
        : TestCase("chaining splits a 1000-byte message and reassembles it; bounds hold")
    {
    }

  private:
    void DoRun() override
    {
        Bytes message = Pattern(1000, 3);
        std::vector<CommandApdu> apdus;
        std::string error;
        IOTSEC_TEST_REQUIRE(
            ApduSplitCommand(message.data(), message.size(), 0x00, 0x80, 0, 0, 255, apdus, &error),
            "split: " << error);
        NS_TEST_EXPECT_MSG_EQ(apdus.size(), 4, "ceil(1000 / 255) = 4 APDUs");
        for (std::size_t i = 0; i < apdus.size(); ++i)
        {
            bool last = i + 1 == apdus.size();
            NS_TEST_EXPECT_MSG_EQ(((apdus[i].cla & 0x10) != 0), !last, "chaining bit " << i);
            NS_TEST_EXPECT_MSG_EQ(apdus[i].data.size(), (last ? 1000u - 3 * 255 : 255u), "chunk");
            NS_TEST_EXPECT_MSG_EQ(apdus[i].Case(), last ? 4 : 3, "case");
        }
        ApduReassembler reassembler(1000);
        for (std::size_t i = 0; i < apdus.size(); ++i)
        {
            Bytes wire = apdus[i].Serialize();
            auto result = reassembler.Add(wire.data(), wire.size(), &error);
            bool last = i + 1 == apdus.size();
            NS_TEST_EXPECT_MSG_EQ((result == (last ? ApduReassembler::Result::COMPLETE
                                                   : ApduReassembler::Result::MORE)),
                                  true,
                                  "chunk " << i << ": " << error);
        }
        NS_TEST_EXPECT_MSG_EQ((reassembler.Message() == message), true, "byte-exact");

        // bound: 999 bytes is one too few
        ApduReassembler small(999);
        ApduReassembler::Result last = ApduReassembler::Result::MORE;
        for (const auto& a : apdus)
        {
            last = small.Add(a, &error);
        }
        NS_TEST_EXPECT_MSG_EQ((last == ApduReassembler::Result::ERROR), true, "oversized");
        NS_TEST_EXPECT_MSG_EQ(small.Message().size(), 0, "partial message dropped");

        // out of place: a different INS in the middle of a chain
        ApduReassembler r2(4000);
        NS_TEST_EXPECT_MSG_EQ((r2.Add(apdus[0], nullptr) == ApduReassembler::Result::MORE),
                              true,
                              "first");
        CommandApdu foreign = apdus[1];
        foreign.ins = 0x82;
        NS_TEST_EXPECT_MSG_EQ((r2.Add(foreign, &error) == ApduReassembler::Result::ERROR),
                              true,
                              "foreign INS mid-chain");
        NS_TEST_EXPECT_MSG_EQ(r2.InProgress(), false, "chain dropped");
        // a chained APDU with Le, and a message APDU without data
        CommandApdu withLe = apdus[0];
        withLe.le = 10;
        NS_TEST_EXPECT_MSG_EQ((r2.Add(withLe, &error) == ApduReassembler::Result::ERROR),
                              true,
                              "chained with Le");
        CommandApdu empty = apdus[0];
        empty.data.clear();
        NS_TEST_EXPECT_MSG_EQ((r2.Add(empty, &error) == ApduReassembler::Result::ERROR),
                              true,
                              "no data");
        Bytes garbage{0x00, 0x80, 0, 0, 9, 1};
        NS_TEST_EXPECT_MSG_EQ(
            (r2.Add(garbage.data(), garbage.size(), &error) == ApduReassembler::Result::ERROR),
            true,
            "malformed bytes");
        // splitter refusals
        NS_TEST_EXPECT_MSG_EQ(
            ApduSplitCommand(message.data(), message.size(), 0x80, 0x80, 0, 0, 255, apdus, &error),
            false,
            "proprietary CLA");
        NS_TEST_EXPECT_MSG_EQ(
            ApduSplitCommand(message.data(), message.size(), 0x00, 0x80, 0, 0, 256, apdus, &error),
            false,
            "chunk 256");
        NS_TEST_EXPECT_MSG_EQ(
            ApduSplitCommand(message.data(), 0, 0x00, 0x80, 0, 0, 255, apdus, &error),
            false,
            "empty message");

        // the card's answer: 1000 bytes in 256-byte chunks chained by 61 xx
        std::vector<ResponseApdu> responses = ApduSplitResponse(message.data(), message.size());
        NS_TEST_EXPECT_MSG_EQ(responses.size(), 4, "ceil(1000 / 256) = 4");
        NS_TEST_EXPECT_MSG_EQ(responses[0].Sw(), 0x6100, "744 left: 61 00");
        NS_TEST_EXPECT_MSG_EQ(responses[2].Sw(), 0x61E8, "1000 - 768 = 232 = 0xE8 left");
        NS_TEST_EXPECT_MSG_EQ(responses[3].Sw(), 0x9000, "last");
        ApduResponseReassembler host(1000);
        for (const auto& r : responses)
        {
            ResponseApdu back;
            Bytes wire = r.Serialize();
            IOTSEC_TEST_REQUIRE(ResponseApdu::Parse(wire.data(), wire.size(), back, nullptr),
                                "response parses");
            host.Add(back, &error);
        }
        NS_TEST_EXPECT_MSG_EQ((host.Message() == message), true, "answer byte-exact");
        ApduResponseReassembler skip(1000);
        skip.Add(responses[0], nullptr);
        NS_TEST_EXPECT_MSG_EQ((skip.Add(responses[3], &error) == ApduReassembler::Result::ERROR),
                              true,
                              "a chunk skipped: its size differs from the announced 256");
        ApduResponseReassembler tight(999);
        for (std::size_t i = 0; i + 1 < responses.size(); ++i)
        {
            tight.Add(responses[i], nullptr);
        }
        NS_TEST_EXPECT_MSG_EQ((tight.Add(responses[3], &error) == ApduReassembler::Result::ERROR),
                              true,
                              "answer oversized");
        ResponseApdu failure;
        failure.sw1 = 0x6A;
        failure.sw2 = 0x82;
        NS_TEST_EXPECT_MSG_EQ((tight.Add(failure, &error) == ApduReassembler::Result::ERROR),
                              true,
                              "error status");

        // the conversation: 4 commands, then 3 GET RESPONSEs
        std::vector<ApduPair> conversation;
        IOTSEC_TEST_REQUIRE(
            ApduConversation(message, message, 0x00, 0x80, 0, 0, 255, conversation, &error),
            "conversation: " << error);
        NS_TEST_EXPECT_MSG_EQ(conversation.size(), 4 + 3, "4 commands + 3 GET RESPONSE");
        NS_TEST_EXPECT_MSG_EQ(unsigned(conversation[4].first.ins), 0xC0u, "GET RESPONSE");
        NS_TEST_EXPECT_MSG_EQ(conversation[6].first.le, 1000 - 768, "Le = announced xx");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Transfer times from the ISO 7816-3 formulas, computed by hand.
 */
class ApduTimingTestCase : public TestCase
{
  public:
    ApduTimingTestCase()
        : TestCase("T=0 and T=1 transfer times match the ISO 7816-3 formulas")
    {
    }

  private:
    /// \param got value \param want expected \param msg label
    void Close(double got, double want, const std::string& msg)
    {
        NS_TEST_EXPECT_MSG_EQ_TOL(got, want, want * TOLERANCE, msg);
    }

    void DoRun() override
    {
        ApduLinkConfig t0;
        Close(t0.EtuSeconds(), 372 / 3.57e6, "etu = F / (D f)");
        Close(t0.BitRate(), 3.57e6 / 372, "about 9600 bit/s");

        CommandApdu c3;
        c3.ins = 0xD6;
        c3.data = Pattern(255, 0);
        ResponseApdu ok;
        // T=0, case 3, 255 bytes: header 5, ACK 1, data 255, SW 2; 12 etu per character
        Close(ApduTransferSeconds(c3, ok, t0), (5 + 1 + 255 + 2) * 12 * (372 / 3.57e6), "T=0 c3");

        // T=0, case 1: header and SW only
        CommandApdu c1;
        c1.ins = 0x70;
        Close(ApduTransferSeconds(c1, ok, t0), (5 + 2) * 12 * (372 / 3.57e6), "T=0 case 1");

        // T=0, case 2, 256 bytes out: header, ACK, 256 data, SW
        CommandApdu c2;
        c2.ins = 0xB0;
        c2.le = 256;
        ResponseApdu r256;
        r256.data = Pattern(256, 0);
        Close(ApduTransferSeconds(c2, r256, t0),
              (5 + 1 + 256 + 2) * 12 * (372 / 3.57e6),
              "T=0 case 2");

        // T=0, case 4 with 10 bytes in and 20 out: the case-3 TPDU answered 61 14, then GET
        // RESPONSE
        CommandApdu c4;
        c4.ins = 0x88;
        c4.data = Pattern(10, 0);
        c4.le = 256;
        ResponseApdu r20;
        r20.data = Pattern(20, 0);
        Close(ApduTransferSeconds(c4, r20, t0),
              ((5 + 1 + 10 + 2) + (5 + 1 + 20 + 2)) * 12 * (372 / 3.57e6),
              "T=0 case 4");

        // extra guard time N = 3: 15 etu per character; N = 255: 12
        ApduLinkConfig guard = t0;
        guard.extraGuardTime = 3;
        Close(ApduTransferSeconds(c1, ok, guard), (5 + 2) * (12 + 3) * (372 / 3.57e6), "N=3");
        guard.extraGuardTime = 255;
        Close(ApduTransferSeconds(c1, ok, guard), (5 + 2) * 12 * (372 / 3.57e6), "N=255");

        // T=1, LRC, IFSC 254: the 260-byte case-3 APDU in two I-blocks (254 + 6) with an
        // R-block between, the 2-byte answer in one; block = 3 + INF + 1; 11 etu per character
        ApduLinkConfig t1;
        t1.protocol = ApduProtocol::T1;
        Close(ApduTransferSeconds(c3, ok, t1),
              ((3 + 254 + 1) + (3 + 0 + 1) + (3 + 6 + 1) + (3 + 2 + 1)) * 11 * (372 / 3.57e6),
              "T=1 LRC");
        // T=1, CRC: 2-byte epilogue
        ApduLinkConfig crc = t1;
        crc.epilogue = T1Epilogue::CRC;
        Close(ApduTransferSeconds(c3, ok, crc),
              ((3 + 254 + 2) + (3 + 0 + 2) + (3 + 6 + 2) + (3 + 2 + 2)) * 11 * (372 / 3.57e6),
              "T=1 CRC");
        // T=1, IFSC 32 (no TA3): the 10-byte case 4 (16 bytes) in one block, the 22-byte
        // answer in one block
        ApduLinkConfig ifs32 = t1;
        ifs32.ifsc = 32;
        ifs32.ifsd = 32;
        Close(ApduTransferSeconds(c4, r20, ifs32),
              ((3 + 16 + 1) + (3 + 22 + 1)) * 11 * (372 / 3.57e6),
              "T=1 IFS 32, one block each way");
        // 256 bytes out at IFSD 32: 258 bytes in ceil(258 / 32) = 9 I-blocks and 8 R-blocks
        Close(ApduTransferSeconds(c2, r256, ifs32),
              ((3 + 5 + 1) + (258 + 9 * (3 + 1)) + 8 * (3 + 1)) * 11 * (372 / 3.57e6),
              "T=1 IFSD 32, chained answer");

        // a faster pair from TA1 = 0x94 (FI 9: F 512, fmax 5 MHz; DI 4: D 8) at 4 MHz
        ApduLinkConfig fast;
        std::string error;
        NS_TEST_EXPECT_MSG_EQ(fast.SetFromTa1(0x94, 4e6, &error), true, "TA1 94: " << error);
        NS_TEST_EXPECT_MSG_EQ(fast.f, 512u, "F");
        NS_TEST_EXPECT_MSG_EQ(fast.d, 8u, "D");
        Close(fast.BitRate(), 8 * 4e6 / 512, "62500 bit/s");
        Close(ApduTransferSeconds(c3, ok, fast),
              (5 + 1 + 255 + 2) * 12 * (512 / (8 * 4e6)),
              "T=0 at F 512 D 8 4 MHz");
        NS_TEST_EXPECT_MSG_EQ(fast.SetFromTa1(0x94, 6e6, &error), false, "above fmax 5 MHz");
        NS_TEST_EXPECT_MSG_EQ(fast.SetFromTa1(0x71, 4e6, &error), false, "FI 7 RFU");
        NS_TEST_EXPECT_MSG_EQ(fast.SetFromTa1(0x10, 4e6, &error), false, "DI 0 RFU");
        NS_TEST_EXPECT_MSG_EQ(fast.SetFromTa1(0x1A, 4e6, &error), false, "DI A RFU");

        // the tables
        const uint32_t fi[16] =
            {372, 372, 558, 744, 1116, 1488, 1860, 0, 0, 512, 768, 1024, 1536, 2048, 0, 0};
        const uint32_t di[16] = {0, 1, 2, 4, 8, 16, 32, 64, 12, 20, 0, 0, 0, 0, 0, 0};
        for (uint8_t i = 0; i < 16; ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(Iso7816Tables::Fi(i), fi[i], "Fi " << int(i));
            NS_TEST_EXPECT_MSG_EQ(Iso7816Tables::Di(i), di[i], "Di " << int(i));
        }

        // per-APDU overhead: once per APDU; a whole conversation sums its exchanges
        ApduLinkConfig usb = t0;
        usb.perApduOverhead = 1e-3;
        Close(ApduTransferSeconds(c4, r20, usb),
              ((5 + 1 + 10 + 2) + (5 + 1 + 20 + 2)) * 12 * (372 / 3.57e6) + 1e-3,
              "overhead once, even with GET RESPONSE inside");
        Bytes request = Pattern(300, 0);
        Bytes answer = Pattern(300, 9);
        std::vector<ApduPair> conversation;
        IOTSEC_TEST_REQUIRE(
            ApduConversation(request, answer, 0x00, 0x80, 0, 0, 255, conversation, &error),
            "conversation");
        IOTSEC_TEST_REQUIRE(conversation.size() == 3, "2 commands + 1 GET RESPONSE");
        // 1: case 3, 255 in, 90 00; 2: case 4, 45 in, 256 out (61 2C), via T=0 GET RESPONSE;
        // 3: GET RESPONSE case 2, 44 out
        double want =
            ((5 + 1 + 255 + 2) + (5 + 1 + 45 + 2) + (5 + 1 + 256 + 2) + (5 + 1 + 44 + 2)) * 12 *
                (372 / 3.57e6) +
            3 * 1e-3;
        Close(ApduConversationSeconds(conversation, usb), want, "conversation, 3 overheads");
        NS_TEST_EXPECT_MSG_EQ(ApduConversationTime(conversation, usb), Seconds(want), "as a Time");
        // nothing to send: one case-2 command (Le 256) fetches the answer, then GET RESPONSE
        IOTSEC_TEST_REQUIRE(
            ApduConversation(Bytes(), answer, 0x00, 0x80, 0, 0, 255, conversation, &error),
            "an empty request");
        IOTSEC_TEST_REQUIRE(conversation.size() == 2, "case 2 + 1 GET RESPONSE");
        NS_TEST_EXPECT_MSG_EQ(conversation[0].first.Case(), 2, "case 2");
        NS_TEST_EXPECT_MSG_EQ(conversation[0].first.ins, 0x80, "the instruction");
        Close(ApduConversationSeconds(conversation, usb),
              ((5 + 1 + 256 + 2) + (5 + 1 + 44 + 2)) * 12 * (372 / 3.57e6) + 2 * 1e-3,
              "an empty request: 256 + 44 bytes out");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The secure element's APDU transport.
 */
class ApduTestSuite : public TestSuite
{
  public:
    ApduTestSuite()
        : TestSuite("iotsec-apdu", TestSuite::Type::UNIT)
    {
        AddTestCase(new ApduCasesTestCase, iotsectest::QUICK);
        AddTestCase(new ApduRejectTestCase, iotsectest::QUICK);
        AddTestCase(new ApduChainingTestCase, iotsectest::QUICK);
        AddTestCase(new ApduTimingTestCase, iotsectest::QUICK);
    }
};

} // namespace

/// The suite's single instance
static ApduTestSuite g_apduTestSuite;
