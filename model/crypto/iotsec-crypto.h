/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_CRYPTO_H
#define IOTSEC_CRYPTO_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

struct evp_md_ctx_st;

namespace ns3
{

/// A byte string.
using Bytes = std::vector<uint8_t>;

/**
 * \ingroup iotsec
 * \brief Thin wrappers over OpenSSL's libcrypto (EVP). Nothing cryptographic is hand-written.
 *
 * The functions are pure: they draw no randomness and report no work. Protocol engines call
 * them and report the work (CryptoWork) themselves.
 *
 * Programming errors (a key of the wrong length) abort with a message; failures of the
 * library itself are fatal. Authentication failures are not errors: AesCcmOpen() returns
 * false.
 */
class Crypto
{
  public:
    /// AES-128 key length in bytes
    static constexpr std::size_t AES128_KEY_BYTES = 16;
    /// AES block length in bytes
    static constexpr std::size_t AES_BLOCK_BYTES = 16;
    /// SHA-256 digest length in bytes
    static constexpr std::size_t SHA256_BYTES = 32;

    /**
     * \brief Encrypt one block with AES-128 (ECB on a single block).
     * \param key 16-byte key
     * \param block 16-byte plaintext block
     * \return the 16-byte ciphertext block
     */
    static Bytes Aes128EncryptBlock(const Bytes& key, const Bytes& block);

    /**
     * \brief AES-128-CCM authenticated encryption (NIST SP 800-38C, RFC 3610).
     * \param key 16-byte key
     * \param nonce nonce of 7 to 13 bytes
     * \param aad additional authenticated data
     * \param plaintext the plaintext
     * \param tagLength tag length in bytes (4, 6, 8, 10, 12, 14 or 16)
     * \return ciphertext followed by the tag
     */
    static Bytes AesCcmSeal(const Bytes& key,
                            const Bytes& nonce,
                            const Bytes& aad,
                            const Bytes& plaintext,
                            std::size_t tagLength);

    /**
     * \brief AES-128-CCM authenticated decryption.
     * \param key 16-byte key
     * \param nonce nonce of 7 to 13 bytes
     * \param aad additional authenticated data
     * \param sealed ciphertext followed by the tag
     * \param tagLength tag length in bytes
     * \param[out] plaintext the plaintext, when the tag verifies
     * \return true if the tag verifies (false also when sealed is shorter than the tag)
     */
    static bool AesCcmOpen(const Bytes& key,
                           const Bytes& nonce,
                           const Bytes& aad,
                           const Bytes& sealed,
                           std::size_t tagLength,
                           Bytes& plaintext);

    /**
     * \brief HMAC-SHA256 (RFC 2104, RFC 4231).
     * \param key the key (any length)
     * \param data the message
     * \param length message length
     * \return the 32-byte MAC
     */
    static Bytes HmacSha256(const Bytes& key, const uint8_t* data, std::size_t length);

    /**
     * \brief HMAC-SHA256 of a byte string.
     * \param key the key
     * \param data the message
     * \return the 32-byte MAC
     */
    static Bytes HmacSha256(const Bytes& key, const Bytes& data);

    /**
     * \brief SHA-256 of a byte string.
     * \param data the data
     * \return the 32-byte digest
     */
    static Bytes Sha256(const Bytes& data);

    /**
     * \brief The TLS 1.2 pseudo-random function with SHA-256 (RFC 5246, section 5), through
     * OpenSSL's TLS1-PRF key derivation.
     * \param secret the secret
     * \param label the ASCII label
     * \param seed the seed
     * \param length output length in bytes
     * \return PRF(secret, label, seed)[0..length-1]
     */
    static Bytes Tls12PrfSha256(const Bytes& secret,
                                const std::string& label,
                                const Bytes& seed,
                                std::size_t length);

    /**
     * \brief HKDF with SHA-256 (RFC 5869: extract, then expand), through OpenSSL's HKDF key
     * derivation.
     * \param salt the salt (empty: HashLen zero bytes, RFC 5869 section 2.2)
     * \param ikm the input keying material (not empty)
     * \param info the context and application specific information (may be empty)
     * \param length output length in bytes (1 .. 255 * 32)
     * \return the output keying material OKM
     */
    static Bytes HkdfSha256(const Bytes& salt,
                            const Bytes& ikm,
                            const Bytes& info,
                            std::size_t length);

    /**
     * \brief Compare two byte strings in time independent of their contents.
     * \param a first
     * \param b second
     * \return true if they are equal (strings of different lengths are not)
     */
    static bool ConstantTimeEqual(const Bytes& a, const Bytes& b);
};

/**
 * \ingroup iotsec
 * \brief Incremental SHA-256 whose digest can be read at any point without ending it (for
 * handshake transcripts).
 */
class Sha256Hash
{
  public:
    Sha256Hash();
    ~Sha256Hash();
    /// \param other the hash to copy (its state is duplicated)
    Sha256Hash(const Sha256Hash& other);
    /**
     * \param other the hash to copy
     * \return this
     */
    Sha256Hash& operator=(const Sha256Hash& other);

    /**
     * \brief Add data.
     * \param data the data
     * \param length its length
     */
    void Update(const uint8_t* data, std::size_t length);
    /// \param data data to add
    void Update(const Bytes& data);
    /// \return the digest of everything added so far; the hash can still be updated
    Bytes Digest() const;
    /// \brief Start again from the empty string.
    void Reset();
    /// \return bytes added since construction or Reset()
    uint64_t GetLength() const;

  private:
    evp_md_ctx_st* m_ctx; //!< OpenSSL digest context
    uint64_t m_length;    //!< bytes added
};

} // namespace ns3

#endif /* IOTSEC_CRYPTO_H */
