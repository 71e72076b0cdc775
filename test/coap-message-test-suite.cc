/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Tests of the CoAP message codec (RFC 7252 section 3) and CoapHeader, with the worked
// examples of RFC 7252 Appendix A, RFC 7641 and RFC 7959 as vectors.

#include "iotsec-test.h"

#include "ns3/coap-header.h"
#include "ns3/coap-message.h"
#include "ns3/hex-encoding.h"
#include "ns3/packet.h"

#include <string>
#include <vector>

using namespace ns3;

namespace
{

/**
 * \param head bytes
 * \param text bytes appended as text
 * \return head followed by text
 */
std::vector<uint8_t>
Bytes(std::vector<uint8_t> head, const std::string& text = "")
{
    head.insert(head.end(), text.begin(), text.end());
    return head;
}

/**
 * \param bytes a datagram
 * \param[out] m the message
 * \param[out] error the error
 * \return parse result
 */
bool
ParseBytes(const std::vector<uint8_t>& bytes, CoapMessage& m, std::string* error = nullptr)
{
    return CoapMessage::Parse(bytes.data(), bytes.size(), m, error);
}

} // namespace

/**
 * \ingroup iotsec-tests
 * \brief RFC 7252 Appendix A, figures 16 to 22: the messages, byte for byte.
 */
class CoapRfc7252VectorsTestCase : public TestCase
{
  public:
    CoapRfc7252VectorsTestCase()
        : TestCase("RFC 7252 Appendix A messages encode and decode byte-exactly")
    {
    }

  private:
    /**
     * \brief Check that a message encodes to bytes and the bytes decode to the message.
     * \param m the message
     * \param bytes the expected wire format
     * \param what a label
     */
    void Check(const CoapMessage& m, const std::vector<uint8_t>& bytes, const std::string& what)
    {
        NS_TEST_EXPECT_MSG_EQ(HexEncode(m.Serialize()), HexEncode(bytes), what << ": encoding");
        NS_TEST_EXPECT_MSG_EQ(m.GetSerializedSize(), bytes.size(), what << ": size");
        CoapMessage back;
        std::string error;
        NS_TEST_EXPECT_MSG_EQ(ParseBytes(bytes, back, &error), true, what << ": " << error);
        NS_TEST_EXPECT_MSG_EQ((back == m), true, what << ": decoding");
    }

    void DoRun() override
    {
        // Figure 16: CON GET, MID 0x7d34, no token, Uri-Path "temperature"; piggybacked
        // 2.05 ACK with payload "22.3 C". Ver=1 T=0 TKL=0 | GET=1 | MID | delta 11 len 11
        CoapMessage get(CoapMessage::CON, CoapCode::GET, 0x7d34);
        get.SetUriPath("/temperature");
        Check(get, Bytes({0x40, 0x01, 0x7d, 0x34, 0xbb}, "temperature"), "figure 16 request");
        NS_TEST_EXPECT_MSG_EQ(get.GetUriPath(), "/temperature", "Uri-Path");
        CoapMessage ack(CoapMessage::ACK, CoapCode::CONTENT, 0x7d34);
        ack.SetPayload("22.3 C");
        Check(ack, Bytes({0x60, 0x45, 0x7d, 0x34, 0xff}, "22.3 C"), "figure 16 response");
        NS_TEST_EXPECT_MSG_EQ(CoapCode::ToString(ack.GetCode()), "2.05", "2.05 = 69");

        // Figure 17: the same with token 0x20
        CoapMessage get17(CoapMessage::CON, CoapCode::GET, 0x7d35);
        get17.SetToken({0x20});
        get17.SetUriPath("temperature");
        Check(get17, Bytes({0x41, 0x01, 0x7d, 0x35, 0x20, 0xbb}, "temperature"), "figure 17");
        CoapMessage ack17(CoapMessage::ACK, CoapCode::CONTENT, 0x7d35);
        ack17.SetToken({0x20});
        ack17.SetPayload("22.3 C");
        Check(ack17, Bytes({0x61, 0x45, 0x7d, 0x35, 0x20, 0xff}, "22.3 C"), "figure 17 ACK");

        // Figure 18: token 0x31, response with Content-Format text/plain (0: empty uint)
        CoapMessage ack18(CoapMessage::ACK, CoapCode::CONTENT, 0x7d36);
        ack18.SetToken({0x31});
        ack18.SetContentFormat(0);
        ack18.SetPayload("22.3 C");
        Check(ack18, Bytes({0x61, 0x45, 0x7d, 0x36, 0x31, 0xc0, 0xff}, "22.3 C"), "figure 18");
        NS_TEST_EXPECT_MSG_EQ(ack18.GetContentFormat().value_or(99), 0u, "Content-Format 0");

        // Figure 20: separate response: empty ACK, CON 2.05 MID 0xad7b, empty ACK
        CoapMessage emptyAck(CoapMessage::ACK, CoapCode::EMPTY, 0x7d38);
        Check(emptyAck, {0x60, 0x00, 0x7d, 0x38}, "figure 20 empty ACK");
        CoapMessage sep(CoapMessage::CON, CoapCode::CONTENT, 0xad7b);
        sep.SetToken({0x53});
        sep.SetPayload("22.3 C");
        Check(sep, Bytes({0x41, 0x45, 0xad, 0x7b, 0x53, 0xff}, "22.3 C"), "figure 20 response");
        Check(CoapMessage(CoapMessage::ACK, CoapCode::EMPTY, 0xad7b),
              {0x60, 0x00, 0xad, 0x7b},
              "figure 20 ACK of the response");

        // Figure 22: NON request MID 0x7d40 token 0x75, NON response MID 0xad7d
        CoapMessage non(CoapMessage::NON, CoapCode::GET, 0x7d40);
        non.SetToken({0x75});
        non.SetUriPath("/temperature");
        Check(non, Bytes({0x51, 0x01, 0x7d, 0x40, 0x75, 0xbb}, "temperature"), "figure 22");
        CoapMessage nonResp(CoapMessage::NON, CoapCode::CONTENT, 0xad7d);
        nonResp.SetToken({0x75});
        nonResp.SetPayload("22.3 C");
        Check(nonResp, Bytes({0x51, 0x45, 0xad, 0x7d, 0x75, 0xff}, "22.3 C"), "figure 22 response");

        // RFC 7641 section 1.2 example headers 0x41011633 / 0x61451633: GET with Observe 0
        // (empty uint, delta 6) before Uri-Path (delta 5); 2.05 with Observe 9, Max-Age 15
        CoapMessage reg(CoapMessage::CON, CoapCode::GET, 0x1633);
        reg.SetToken({0x4a});
        reg.SetUriPath("temperature");
        reg.SetObserve(0);
        Check(reg, Bytes({0x41, 0x01, 0x16, 0x33, 0x4a, 0x60, 0x5b}, "temperature"), "7641 reg");
        CoapMessage note(CoapMessage::ACK, CoapCode::CONTENT, 0x1633);
        note.SetToken({0x4a});
        note.SetObserve(9);
        note.SetMaxAge(15);
        note.SetPayload("18.5 Cel");
        Check(note,
              Bytes({0x61, 0x45, 0x16, 0x33, 0x4a, 0x61, 0x09, 0x81, 0x0f, 0xff}, "18.5 Cel"),
              "7641 notification");
        NS_TEST_EXPECT_MSG_EQ(note.GetObserve().value_or(0), 9u, "Observe");
        NS_TEST_EXPECT_MSG_EQ(note.GetMaxAge().value_or(0), 15u, "Max-Age");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Option encoding: extended delta and length forms, ordering, typed access, Block.
 */
class CoapOptionsTestCase : public TestCase
{
  public:
    CoapOptionsTestCase()
        : TestCase("options: 13 and 14 extended forms, order, typed access, Block NUM, M, SZX")
    {
    }

  private:
    void DoRun() override
    {
        // Size1 (60): delta 60 = 13 + 47 -> nibble 13, one extension byte 0x2f (section 3.1)
        CoapMessage m(CoapMessage::CON, CoapCode::PUT, 0);
        m.SetUintOption(CoapOption::SIZE1, 0x0400);
        NS_TEST_EXPECT_MSG_EQ(HexEncode(m.Serialize()), "40030000d22f0400", "13 form");
        // Option 300: delta 300 = 269 + 31 -> nibble 14, two extension bytes 0x001f
        CoapMessage big(CoapMessage::CON, CoapCode::GET, 0);
        big.AddOption(300, std::vector<uint8_t>());
        NS_TEST_EXPECT_MSG_EQ(HexEncode(big.Serialize()), "40010000e0001f", "14 form delta");
        // A 300-byte value: length nibble 14, 300 - 269 = 0x001f
        CoapMessage longValue(CoapMessage::CON, CoapCode::GET, 0);
        longValue.AddOption(CoapOption::PROXY_URI, std::string(300, 'x'));
        std::vector<uint8_t> bytes = longValue.Serialize();
        // Proxy-Uri 35 = 13 + 22: delta nibble 13 (ext 0x16), length nibble 14 (ext 0x001f)
        NS_TEST_EXPECT_MSG_EQ(HexEncode({bytes.begin(), bytes.begin() + 8}),
                              "40010000de16001f",
                              "13-form delta then 14-form length");
        CoapMessage back;
        std::string error;
        NS_TEST_EXPECT_MSG_EQ(ParseBytes(bytes, back, &error), true, error);
        NS_TEST_EXPECT_MSG_EQ(back.GetProxyUri(), std::string(300, 'x'), "Proxy-Uri back");

        // Every typed option, added out of order, comes back sorted and intact
        CoapMessage all(CoapMessage::NON, CoapCode::POST, 0xbeef);
        all.SetToken({1, 2, 3, 4, 5, 6, 7, 8});
        all.SetProxyUri("coap://example.org/x");
        all.SetBlock(CoapOption::BLOCK1, CoapBlock{3, true, 2});
        all.SetUintOption(CoapOption::SIZE2, 2000);
        all.SetUriPath("/a/b?x=1&y=2");
        all.SetUriHost("example.org");
        all.SetUriPort(61616);
        all.SetContentFormat(50);
        all.SetAccept(40);
        all.SetETag({0xde, 0xad});
        all.SetLocationPath("/loc/1");
        all.SetBlock(CoapOption::BLOCK2, CoapBlock{1, false, 3});
        all.SetPayload("body");
        NS_TEST_EXPECT_MSG_EQ(ParseBytes(all.Serialize(), back, &error), true, error);
        NS_TEST_EXPECT_MSG_EQ((back == all), true, "round trip");
        uint16_t previous = 0;
        for (const auto& o : back.GetOptions())
        {
            NS_TEST_EXPECT_MSG_GT_OR_EQ(o.number, previous, "options sorted");
            previous = o.number;
        }
        NS_TEST_EXPECT_MSG_EQ(back.GetUriPath(), "/a/b", "path");
        NS_TEST_EXPECT_MSG_EQ(back.GetUriQueries().size(), 2u, "queries");
        NS_TEST_EXPECT_MSG_EQ(back.GetUriQueries()[1], "y=2", "query");
        NS_TEST_EXPECT_MSG_EQ(back.GetUriHost(), "example.org", "host");
        NS_TEST_EXPECT_MSG_EQ(back.GetUriPort().value_or(0), 61616u, "port");
        NS_TEST_EXPECT_MSG_EQ(back.GetContentFormat().value_or(0), 50u, "ct");
        NS_TEST_EXPECT_MSG_EQ(back.GetAccept().value_or(0), 40u, "accept");
        NS_TEST_EXPECT_MSG_EQ(HexEncode(back.GetETag().value()), "dead", "etag");
        NS_TEST_EXPECT_MSG_EQ(back.GetLocationPath(), "/loc/1", "location");
        NS_TEST_EXPECT_MSG_EQ(back.GetSize2().value_or(0), 2000u, "size2");
        NS_TEST_EXPECT_MSG_EQ((back.GetBlock1().value() == CoapBlock{3, true, 2}), true, "b1");
        NS_TEST_EXPECT_MSG_EQ((back.GetBlock2().value() == CoapBlock{1, false, 3}), true, "b2");
        NS_TEST_EXPECT_MSG_EQ(back.FindUnrecognizedOption(false).has_value(), false, "known");

        // RFC 7959 section 2.2: NUM, M, SZX; block size 2^(SZX+4). 2:1/0/128 is 0x13,
        // 2:0/1/128 is 0x0b; NUM 0, M 0, SZX 0 is the empty value.
        CoapMessage b(CoapMessage::ACK, CoapCode::CONTENT, 0);
        b.SetBlock(CoapOption::BLOCK2, CoapBlock{1, false, 3});
        NS_TEST_EXPECT_MSG_EQ(HexEncode(b.Serialize()), "60450000d10a13", "Block2 1/0/128");
        NS_TEST_EXPECT_MSG_EQ((CoapBlock{0, true, 3}).Encode(), 0x0bu, "0/1/128");
        NS_TEST_EXPECT_MSG_EQ((CoapBlock{0, false, 0}).Encode(), 0u, "0/0/16");
        NS_TEST_EXPECT_MSG_EQ((CoapBlock{0, false, 6}).GetSize(), 1024u, "SZX 6 = 1024");
        NS_TEST_EXPECT_MSG_EQ((CoapBlock{5, false, 2}).GetOffset(), 320u, "offset");
        CoapBlock decoded;
        NS_TEST_EXPECT_MSG_EQ(CoapBlock::Decode(0x7, decoded), false, "SZX 7 is reserved");
        NS_TEST_EXPECT_MSG_EQ(CoapBlock::Decode((1u << 24), decoded), false, "over 3 bytes");
        NS_TEST_EXPECT_MSG_EQ(CoapBlock::SzxForSize(64), 2u, "64 bytes");
        NS_TEST_EXPECT_MSG_EQ(CoapBlock::SzxForSize(100), 7u, "not a block size");

        // Unrecognized options (section 5.4.1): odd is critical, even elective; a known option
        // with a length outside its range counts as unrecognized (section 5.4.3)
        CoapMessage u(CoapMessage::CON, CoapCode::GET, 1);
        u.AddOption(2050, std::string("e"));
        NS_TEST_EXPECT_MSG_EQ(u.FindUnrecognizedOption(true).has_value(), false, "elective");
        NS_TEST_EXPECT_MSG_EQ(u.FindUnrecognizedOption(false).value_or(0), 2050, "any");
        u.AddOption(CoapOption::URI_HOST, std::string()); // Uri-Host is 1..255 bytes
        NS_TEST_EXPECT_MSG_EQ(u.FindUnrecognizedOption(true).value_or(0), 3, "bad length");
        CoapMessage blk(CoapMessage::CON, CoapCode::GET, 1);
        blk.AddOption(CoapOption::BLOCK2, std::vector<uint8_t>{0x07});
        NS_TEST_EXPECT_MSG_EQ(blk.FindUnrecognizedOption(true).value_or(0), 23, "SZX 7");

        uint8_t code = 0;
        NS_TEST_EXPECT_MSG_EQ(CoapCode::FromString("4.04", code), true, "c.dd");
        NS_TEST_EXPECT_MSG_EQ(code, CoapCode::NOT_FOUND, "4.04");
        NS_TEST_EXPECT_MSG_EQ(CoapCode::FromString("4.32", code), false, "detail > 31");
        NS_TEST_EXPECT_MSG_EQ(CoapCode::FromString("PUT", code), true, "method");
        NS_TEST_EXPECT_MSG_EQ(code, CoapCode::PUT, "PUT");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Malformed datagrams are rejected with a reason, never asserted on.
 */
class CoapMalformedTestCase : public TestCase
{
  public:
    CoapMalformedTestCase()
        : TestCase("malformed datagrams are rejected with a reason")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<std::vector<uint8_t>> bad = {
            {},                                                  // empty
            {0x40, 0x01, 0x00},                                  // shorter than the header
            {0x80, 0x01, 0x00, 0x01},                            // version 2
            {0x49, 0x01, 0x00, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9}, // token length 9
            {0x42, 0x01, 0x00, 0x01, 0xaa},                      // token runs past the end
            {0x60, 0x00, 0x00, 0x01, 0xff, 0x01},                // Empty message with a payload
            {0x41, 0x00, 0x00, 0x01, 0x20},                      // Empty message with a token
            {0x40, 0x01, 0x00, 0x01, 0xff},                      // payload marker, no payload
            {0x40, 0x01, 0x00, 0x01, 0xf1, 0x00},                // delta nibble 15
            {0x40, 0x01, 0x00, 0x01, 0x1f, 0x00},                // length nibble 15
            {0x40, 0x01, 0x00, 0x01, 0xd1},                      // 13-form delta past the end
            {0x40, 0x01, 0x00, 0x01, 0xe1, 0x00},                // 14-form delta past the end
            {0x40, 0x01, 0x00, 0x01, 0x1d},                      // 13-form length past the end
            {0x40, 0x01, 0x00, 0x01, 0x13, 'a'},                 // value past the end
            {0x40, 0x01, 0x00, 0x01, 0xe0, 0xff, 0xff},          // option number beyond 65535
        };
        for (std::size_t i = 0; i < bad.size(); ++i)
        {
            CoapMessage m;
            std::string error;
            NS_TEST_EXPECT_MSG_EQ(CoapMessage::Parse(bad[i].data(), bad[i].size(), m, &error),
                                  false,
                                  "malformed datagram " << i << " accepted: " << HexEncode(bad[i]));
            NS_TEST_EXPECT_MSG_NE(error, "", "no reason for datagram " << i);
        }
        CoapMessage m;
        NS_TEST_EXPECT_MSG_EQ(CoapMessage::Parse(nullptr, 0, m, nullptr), false, "null");
        // The header of a malformed CON can still be read, to reject it with RST
        CoapMessage::Type type;
        uint8_t code;
        uint16_t mid;
        NS_TEST_EXPECT_MSG_EQ(
            CoapMessage::PeekHeader(bad[9].data(), bad[9].size(), type, code, mid),
            true,
            "header readable");
        NS_TEST_EXPECT_MSG_EQ(type, CoapMessage::CON, "type");
        NS_TEST_EXPECT_MSG_EQ(mid, 1, "message ID");
        // Every truncation of a valid message either parses or is rejected with a reason
        CoapMessage full(CoapMessage::CON, CoapCode::PUT, 7);
        full.SetToken({1, 2, 3});
        full.SetUriPath("/x/yy/zzz");
        full.AddOption(300, std::string(20, 'q'));
        full.SetPayload("payload");
        std::vector<uint8_t> bytes = full.Serialize();
        for (std::size_t n = 0; n < bytes.size(); ++n)
        {
            std::string error;
            bool ok = CoapMessage::Parse(bytes.data(), n, m, &error);
            NS_TEST_EXPECT_MSG_EQ(ok || !error.empty(), true, "truncation " << n);
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief CoapHeader carries a message in a Packet with the same codec.
 */
class CoapHeaderTestCase : public TestCase
{
  public:
    CoapHeaderTestCase()
        : TestCase("CoapHeader round-trips through a Packet and flags malformed bytes")
    {
    }

  private:
    void DoRun() override
    {
        CoapMessage m(CoapMessage::CON, CoapCode::GET, 0x7d34);
        m.SetUriPath("temperature");
        Ptr<Packet> p = Create<Packet>();
        p->AddHeader(CoapHeader(m));
        NS_TEST_EXPECT_MSG_EQ(p->GetSize(), 16u, "figure 16 request is 16 bytes");
        std::vector<uint8_t> wire(p->GetSize());
        p->CopyData(wire.data(), wire.size());
        NS_TEST_EXPECT_MSG_EQ(HexEncode(wire), HexEncode(m.Serialize()), "same codec");
        CoapHeader h;
        p->RemoveHeader(h, p->GetSize());
        NS_TEST_EXPECT_MSG_EQ(h.IsValid(), true, h.GetError());
        NS_TEST_EXPECT_MSG_EQ((h.GetMessage() == m), true, "message back");
        NS_TEST_EXPECT_MSG_EQ(p->GetSize(), 0u, "consumed");

        uint8_t junk[] = {0x40, 0x01, 0x00, 0x01, 0xf1, 0x00};
        Ptr<Packet> q = Create<Packet>(junk, sizeof(junk));
        CoapHeader bad;
        q->RemoveHeader(bad, q->GetSize());
        NS_TEST_EXPECT_MSG_EQ(bad.IsValid(), false, "malformed flagged");
        NS_TEST_EXPECT_MSG_NE(bad.GetError(), "", "with a reason");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The CoAP message test suite.
 */
class CoapMessageTestSuite : public TestSuite
{
  public:
    CoapMessageTestSuite()
        : TestSuite("iotsec-coap-message", Type::UNIT)
    {
        AddTestCase(new CoapRfc7252VectorsTestCase, iotsectest::QUICK);
        AddTestCase(new CoapOptionsTestCase, iotsectest::QUICK);
        AddTestCase(new CoapMalformedTestCase, iotsectest::QUICK);
        AddTestCase(new CoapHeaderTestCase, iotsectest::QUICK);
    }
};

/// Static instance: registers the suite
static CoapMessageTestSuite g_coapMessageTestSuite;
