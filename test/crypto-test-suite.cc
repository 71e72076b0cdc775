/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The OpenSSL wrappers against published test vectors.

#include "iotsec-test.h"

#include "ns3/hex-encoding.h"
#include "ns3/iotsec-crypto.h"

using namespace ns3;

namespace
{

/**
 * \param hex hexadecimal digits (spaces ignored)
 * \return the bytes
 */
Bytes
FromHex(const std::string& hex)
{
    Bytes out;
    int high = -1;
    for (char c : hex)
    {
        int v;
        if (c >= '0' && c <= '9')
        {
            v = c - '0';
        }
        else if (c >= 'a' && c <= 'f')
        {
            v = c - 'a' + 10;
        }
        else if (c >= 'A' && c <= 'F')
        {
            v = c - 'A' + 10;
        }
        else
        {
            continue;
        }
        if (high < 0)
        {
            high = v;
        }
        else
        {
            out.push_back(static_cast<uint8_t>(high * 16 + v));
            high = -1;
        }
    }
    return out;
}

/**
 * \param b bytes
 * \return lower-case hexadecimal
 */
std::string
ToHex(const Bytes& b)
{
    static const char* digits = "0123456789abcdef";
    std::string s;
    for (uint8_t x : b)
    {
        s += digits[x >> 4];
        s += digits[x & 15];
    }
    return s;
}

/**
 * \param first first byte
 * \param count how many
 * \return first, first+1, ... (count bytes)
 */
Bytes
Sequence(uint8_t first, std::size_t count)
{
    Bytes b(count);
    for (std::size_t i = 0; i < count; ++i)
    {
        b[i] = static_cast<uint8_t>(first + i);
    }
    return b;
}

} // namespace

/**
 * \ingroup iotsec-tests
 * \brief The module's one hexadecimal codec.
 */
class HexEncodingTestCase : public TestCase
{
  public:
    HexEncodingTestCase()
        : TestCase("hex: encode, decode, and refuse what is not hexadecimal")
    {
    }

  private:
    void DoRun() override
    {
        Bytes bytes{0x00, 0x0f, 0xa5, 0xff};
        NS_TEST_EXPECT_MSG_EQ(HexEncode(bytes), "000fa5ff", "lower case, two digits a byte");
        NS_TEST_EXPECT_MSG_EQ(HexEncode(Bytes()), "", "no bytes");
        Bytes out;
        NS_TEST_EXPECT_MSG_EQ(HexDecode("000FA5ff", out), true, "either case");
        NS_TEST_EXPECT_MSG_EQ((out == bytes), true, "decoded bytes");
        NS_TEST_EXPECT_MSG_EQ(HexDecode("", out), true, "the empty string (an empty OSCORE ID)");
        NS_TEST_EXPECT_MSG_EQ(out.size(), 0u, "no bytes");
        out = bytes;
        for (const char* bad : {"0", "abc", "0g", "g0", "00 11", "0x00", "-1"})
        {
            NS_TEST_EXPECT_MSG_EQ(HexDecode(bad, out), false, "'" << bad << "' is refused");
        }
        NS_TEST_EXPECT_MSG_EQ((out == bytes), true, "a refused text leaves the output alone");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief AES-128 on one block: FIPS-197 Appendix C.1.
 */
class AesBlockTestCase : public TestCase
{
  public:
    AesBlockTestCase()
        : TestCase("AES-128 block encryption matches FIPS-197 C.1")
    {
    }

  private:
    void DoRun() override
    {
        Bytes key = Sequence(0x00, 16);
        Bytes pt = FromHex("00112233445566778899aabbccddeeff");
        NS_TEST_ASSERT_MSG_EQ(ToHex(Crypto::Aes128EncryptBlock(key, pt)),
                              "69c4e0d86a7b0430d8cdb78070b4c55a",
                              "FIPS-197 C.1");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief AES-CCM: NIST SP 800-38C Appendix C, examples 1 to 3 (example 3 is the CCM_8 shape
 * DTLS uses: 12-byte nonce, 8-byte tag).
 */
class AesCcmTestCase : public TestCase
{
  public:
    AesCcmTestCase()
        : TestCase("AES-CCM matches NIST SP 800-38C examples 1-3; tampering is detected")
    {
    }

  private:
    void DoRun() override
    {
        struct Vector
        {
            Bytes nonce;
            Bytes aad;
            Bytes plaintext;
            std::size_t tag;
            std::string expected;
        };

        Bytes key = Sequence(0x40, 16);
        Vector vectors[] = {
            {Sequence(0x10, 7), Sequence(0x00, 8), Sequence(0x20, 4), 4, "7162015b4dac255d"},
            {Sequence(0x10, 8),
             Sequence(0x00, 16),
             Sequence(0x20, 16),
             6,
             "d2a1f0e051ea5f62081a7792073d593d1fc64fbfaccd"},
            {Sequence(0x10, 12),
             Sequence(0x00, 20),
             Sequence(0x20, 24),
             8,
             "e3b201a9f5b71a7a9b1ceaeccd97e70b6176aad9a4428aa5484392fbc1b09951"},
        };
        int n = 1;
        for (const auto& v : vectors)
        {
            Bytes sealed = Crypto::AesCcmSeal(key, v.nonce, v.aad, v.plaintext, v.tag);
            NS_TEST_ASSERT_MSG_EQ(ToHex(sealed), v.expected, "SP 800-38C example " << n);
            Bytes opened;
            NS_TEST_ASSERT_MSG_EQ(Crypto::AesCcmOpen(key, v.nonce, v.aad, sealed, v.tag, opened),
                                  true,
                                  "example " << n << " opens");
            NS_TEST_ASSERT_MSG_EQ(ToHex(opened), ToHex(v.plaintext), "example " << n);

            // Any flipped bit, in ciphertext, tag or AAD, makes the open fail
            for (std::size_t i = 0; i < sealed.size(); ++i)
            {
                Bytes bad = sealed;
                bad[i] ^= 0x01;
                Bytes out;
                NS_TEST_ASSERT_MSG_EQ(Crypto::AesCcmOpen(key, v.nonce, v.aad, bad, v.tag, out),
                                      false,
                                      "example " << n << ": flipped bit in byte " << i);
            }
            Bytes badAad = v.aad;
            badAad[0] ^= 0x80;
            NS_TEST_ASSERT_MSG_EQ(Crypto::AesCcmOpen(key, v.nonce, badAad, sealed, v.tag, opened),
                                  false,
                                  "example " << n << ": modified AAD");
            ++n;
        }
        // Shorter than a tag: rejected, not a crash
        Bytes out;
        NS_TEST_ASSERT_MSG_EQ(
            Crypto::AesCcmOpen(key, Sequence(0x10, 12), Bytes(), Bytes(3, 0), 8, out),
            false,
            "truncated input");
        // Empty plaintext round trip
        Bytes sealed = Crypto::AesCcmSeal(key, Sequence(0x10, 12), Sequence(0, 13), Bytes(), 8);
        NS_TEST_ASSERT_MSG_EQ(sealed.size(), 8u, "empty plaintext gives a tag only");
        NS_TEST_ASSERT_MSG_EQ(
            Crypto::AesCcmOpen(key, Sequence(0x10, 12), Sequence(0, 13), sealed, 8, out),
            true,
            "empty plaintext opens");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief HMAC-SHA256: RFC 4231 test cases 1, 2, 3, 4 and 6; SHA-256: FIPS 180-2 "abc".
 */
class HmacSha256TestCase : public TestCase
{
  public:
    HmacSha256TestCase()
        : TestCase("HMAC-SHA256 matches RFC 4231; SHA-256 matches FIPS 180-2; incremental hash")
    {
    }

  private:
    void DoRun() override
    {
        auto str = [](const std::string& s) { return Bytes(s.begin(), s.end()); };

        struct Vector
        {
            Bytes key;
            Bytes data;
            std::string mac;
        };

        Vector vectors[] = {
            {Bytes(20, 0x0b),
             str("Hi There"),
             "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
            {str("Jefe"),
             str("what do ya want for nothing?"),
             "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
            {Bytes(20, 0xaa),
             Bytes(50, 0xdd),
             "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
            {Sequence(0x01, 25),
             Bytes(50, 0xcd),
             "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
            {Bytes(131, 0xaa),
             str("Test Using Larger Than Block-Size Key - Hash Key First"),
             "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
        };
        int cases[] = {1, 2, 3, 4, 6};
        for (std::size_t i = 0; i < 5; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(ToHex(Crypto::HmacSha256(vectors[i].key, vectors[i].data)),
                                  vectors[i].mac,
                                  "RFC 4231 test case " << cases[i]);
        }

        const std::string abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        NS_TEST_ASSERT_MSG_EQ(ToHex(Crypto::Sha256(str("abc"))), abc, "FIPS 180-2 'abc'");
        Sha256Hash h;
        h.Update(str("a"));
        Bytes partial = h.Digest(); // reading the digest does not end the hash
        h.Update(str("bc"));
        NS_TEST_ASSERT_MSG_EQ(ToHex(h.Digest()), abc, "incremental 'a' + 'bc'");
        NS_TEST_ASSERT_MSG_EQ(ToHex(partial), ToHex(Crypto::Sha256(str("a"))), "partial digest");
        Sha256Hash copy = h;
        copy.Update(str("d"));
        NS_TEST_ASSERT_MSG_EQ(ToHex(h.Digest()), abc, "a copy does not disturb the original");
        NS_TEST_ASSERT_MSG_EQ(ToHex(copy.Digest()),
                              ToHex(Crypto::Sha256(str("abcd"))),
                              "the copy continues on its own");
        NS_TEST_ASSERT_MSG_EQ(h.GetLength(), 3u, "length counted");
        h.Reset();
        NS_TEST_ASSERT_MSG_EQ(ToHex(h.Digest()),
                              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                              "empty string after Reset");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The TLS 1.2 PRF with SHA-256 against the test vector published on the IETF TLS
 * list (secret 9bbe436b..., label "test label", 100 bytes).
 */
class Tls12PrfTestCase : public TestCase
{
  public:
    Tls12PrfTestCase()
        : TestCase("TLS 1.2 PRF (SHA-256) matches the published test vector")
    {
    }

  private:
    void DoRun() override
    {
        Bytes secret = FromHex("9bbe436ba940f017b17652849a71db35");
        Bytes seed = FromHex("a0ba9f936cda311827a6f796ffd5198c");
        std::string expected =
            "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a4"
            "6b4e14baf9af0fa022f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d1"
            "22ee42c5a72e5a5110fff70187347b66";
        NS_TEST_ASSERT_MSG_EQ(ToHex(Crypto::Tls12PrfSha256(secret, "test label", seed, 100)),
                              expected,
                              "PRF output");
        // A prefix of the output is the output of a shorter request
        NS_TEST_ASSERT_MSG_EQ(ToHex(Crypto::Tls12PrfSha256(secret, "test label", seed, 12)),
                              expected.substr(0, 24),
                              "12-byte PRF (a Finished verify_data length)");
        NS_TEST_ASSERT_MSG_NE(ToHex(Crypto::Tls12PrfSha256(secret, "test lable", seed, 12)),
                              expected.substr(0, 24),
                              "the label matters");
        NS_TEST_ASSERT_MSG_EQ(Crypto::ConstantTimeEqual(secret, secret), true, "equal");
        NS_TEST_ASSERT_MSG_EQ(Crypto::ConstantTimeEqual(secret, seed), false, "different");
        NS_TEST_ASSERT_MSG_EQ(Crypto::ConstantTimeEqual(secret, Bytes(3)), false, "length");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief HKDF-SHA256 against RFC 5869 Appendix A, test cases 1 to 3 (basic; long inputs and
 * outputs; empty salt and info).
 */
class HkdfSha256TestCase : public TestCase
{
  public:
    HkdfSha256TestCase()
        : TestCase("HKDF-SHA256 matches RFC 5869 test cases 1-3")
    {
    }

  private:
    void DoRun() override
    {
        // A.1: 22 bytes of 0x0b, salt 00..0c, info f0..f9, L = 42
        std::string okm1 = "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
                           "34007208d5b887185865";
        NS_TEST_ASSERT_MSG_EQ(
            ToHex(Crypto::HkdfSha256(Sequence(0x00, 13), Bytes(22, 0x0b), Sequence(0xf0, 10), 42)),
            okm1,
            "RFC 5869 A.1");
        // A.2: IKM 00..4f, salt 60..af, info b0..ff, L = 82
        NS_TEST_ASSERT_MSG_EQ(
            ToHex(
                Crypto::HkdfSha256(Sequence(0x60, 80), Sequence(0x00, 80), Sequence(0xb0, 80), 82)),
            "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
            "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
            "cc30c58179ec3e87c14c01d5c1f3434f1d87",
            "RFC 5869 A.2");
        // A.3: as A.1 with empty salt and info
        NS_TEST_ASSERT_MSG_EQ(ToHex(Crypto::HkdfSha256(Bytes(), Bytes(22, 0x0b), Bytes(), 42)),
                              "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
                              "9d201395faa4b61a96c8",
                              "RFC 5869 A.3");
        // An empty salt is the same as HashLen zero bytes (RFC 5869 section 2.2)
        NS_TEST_ASSERT_MSG_EQ(ToHex(Crypto::HkdfSha256(Bytes(32, 0), Bytes(22, 0x0b), Bytes(), 42)),
                              ToHex(Crypto::HkdfSha256(Bytes(), Bytes(22, 0x0b), Bytes(), 42)),
                              "zero salt");
        // A prefix of the output is the output of a shorter request
        NS_TEST_ASSERT_MSG_EQ(
            ToHex(Crypto::HkdfSha256(Sequence(0x00, 13), Bytes(22, 0x0b), Sequence(0xf0, 10), 16)),
            okm1.substr(0, 32),
            "16-byte output");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The crypto wrapper test suite.
 */
class CryptoTestSuite : public TestSuite
{
  public:
    CryptoTestSuite()
        : TestSuite("iotsec-crypto", Type::UNIT)
    {
        AddTestCase(new HexEncodingTestCase, iotsectest::QUICK);
        AddTestCase(new AesBlockTestCase, iotsectest::QUICK);
        AddTestCase(new AesCcmTestCase, iotsectest::QUICK);
        AddTestCase(new HmacSha256TestCase, iotsectest::QUICK);
        AddTestCase(new Tls12PrfTestCase, iotsectest::QUICK);
        AddTestCase(new HkdfSha256TestCase, iotsectest::QUICK);
    }
};

/// Static instance: registers the suite
static CryptoTestSuite g_cryptoTestSuite;
