/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "iotsec-crypto.h"

#include "ns3/abort.h"
#include "ns3/fatal-error.h"

#include <memory>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <string>

namespace ns3
{

namespace
{

/**
 * \param what the operation that failed
 */
[[noreturn]] void
OpensslFailure(const char* what)
{
    char buf[256];
    ERR_error_string_n(ERR_get_error(), buf, sizeof(buf));
    NS_FATAL_ERROR("iotsec crypto: OpenSSL " << what << " failed: " << buf);
}

/// Deleter for EVP_CIPHER_CTX
struct CipherCtxDeleter
{
    /// \param ctx the context
    void operator()(EVP_CIPHER_CTX* ctx) const
    {
        EVP_CIPHER_CTX_free(ctx);
    }
};

/// Owned EVP_CIPHER_CTX
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

/// \return a new cipher context
CipherCtx
NewCipherCtx()
{
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    if (!ctx)
    {
        OpensslFailure("EVP_CIPHER_CTX_new");
    }
    return ctx;
}

/**
 * \param nonce a CCM nonce
 * \param tagLength a CCM tag length
 */
void
CheckCcmParameters(const Bytes& key, const Bytes& nonce, std::size_t tagLength)
{
    NS_ABORT_MSG_UNLESS(key.size() == Crypto::AES128_KEY_BYTES,
                        "AES-128-CCM: key of " << key.size() << " bytes");
    NS_ABORT_MSG_UNLESS(nonce.size() >= 7 && nonce.size() <= 13,
                        "AES-CCM: nonce of " << nonce.size() << " bytes (7..13)");
    NS_ABORT_MSG_UNLESS(tagLength >= 4 && tagLength <= 16 && tagLength % 2 == 0,
                        "AES-CCM: tag of " << tagLength << " bytes");
}

/// \return a pointer usable for an empty buffer (OpenSSL rejects some null pointers)
const uint8_t*
DataOrEmpty(const Bytes& b)
{
    static const uint8_t empty = 0;
    return b.empty() ? &empty : b.data();
}

/**
 * \param name an OpenSSL KDF ("TLS1-PRF", "HKDF")
 * \param params its parameters, ending with OSSL_PARAM_construct_end()
 * \param length output bytes
 * \return the derived bytes (aborts on any OpenSSL failure)
 */
Bytes
KdfDerive(const char* name, const OSSL_PARAM* params, std::size_t length)
{
    EVP_KDF* kdf = EVP_KDF_fetch(nullptr, name, nullptr);
    if (kdf == nullptr)
    {
        OpensslFailure((std::string("EVP_KDF_fetch(") + name + ")").c_str());
    }
    EVP_KDF_CTX* kctx = EVP_KDF_CTX_new(kdf);
    EVP_KDF_free(kdf);
    if (kctx == nullptr)
    {
        OpensslFailure("EVP_KDF_CTX_new");
    }
    Bytes out(length);
    int rc = EVP_KDF_derive(kctx, out.data(), out.size(), params);
    EVP_KDF_CTX_free(kctx);
    if (rc != 1)
    {
        OpensslFailure((std::string(name) + " derive").c_str());
    }
    return out;
}

} // namespace

Bytes
Crypto::Aes128EncryptBlock(const Bytes& key, const Bytes& block)
{
    NS_ABORT_MSG_UNLESS(key.size() == AES128_KEY_BYTES, "AES-128: key of " << key.size());
    NS_ABORT_MSG_UNLESS(block.size() == AES_BLOCK_BYTES, "AES: block of " << block.size());
    CipherCtx ctx = NewCipherCtx();
    if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_128_ecb(), nullptr, key.data(), nullptr) != 1 ||
        EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1)
    {
        OpensslFailure("AES-128-ECB init");
    }
    Bytes out(AES_BLOCK_BYTES);
    int len = 0;
    if (EVP_EncryptUpdate(ctx.get(), out.data(), &len, block.data(), 16) != 1 || len != 16)
    {
        OpensslFailure("AES-128-ECB encrypt");
    }
    return out;
}

Bytes
Crypto::AesCcmSeal(const Bytes& key,
                   const Bytes& nonce,
                   const Bytes& aad,
                   const Bytes& plaintext,
                   std::size_t tagLength)
{
    CheckCcmParameters(key, nonce, tagLength);
    CipherCtx ctx = NewCipherCtx();
    int len = 0;
    if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_128_ccm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(),
                            EVP_CTRL_CCM_SET_IVLEN,
                            static_cast<int>(nonce.size()),
                            nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(),
                            EVP_CTRL_CCM_SET_TAG,
                            static_cast<int>(tagLength),
                            nullptr) != 1 ||
        EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, key.data(), nonce.data()) != 1)
    {
        OpensslFailure("AES-CCM seal init");
    }
    // CCM needs the total plaintext length before the AAD
    if (EVP_EncryptUpdate(ctx.get(), nullptr, &len, nullptr, static_cast<int>(plaintext.size())) !=
        1)
    {
        OpensslFailure("AES-CCM seal length");
    }
    if (!aad.empty() &&
        EVP_EncryptUpdate(ctx.get(), nullptr, &len, aad.data(), static_cast<int>(aad.size())) != 1)
    {
        OpensslFailure("AES-CCM seal AAD");
    }
    Bytes out(plaintext.size() + tagLength);
    if (EVP_EncryptUpdate(ctx.get(),
                          out.data(),
                          &len,
                          DataOrEmpty(plaintext),
                          static_cast<int>(plaintext.size())) != 1)
    {
        OpensslFailure("AES-CCM seal");
    }
    int finalLen = 0;
    if (EVP_EncryptFinal_ex(ctx.get(), out.data() + len, &finalLen) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(),
                            EVP_CTRL_CCM_GET_TAG,
                            static_cast<int>(tagLength),
                            out.data() + plaintext.size()) != 1)
    {
        OpensslFailure("AES-CCM seal tag");
    }
    return out;
}

bool
Crypto::AesCcmOpen(const Bytes& key,
                   const Bytes& nonce,
                   const Bytes& aad,
                   const Bytes& sealed,
                   std::size_t tagLength,
                   Bytes& plaintext)
{
    CheckCcmParameters(key, nonce, tagLength);
    if (sealed.size() < tagLength)
    {
        return false;
    }
    std::size_t ctLength = sealed.size() - tagLength;
    Bytes tag(sealed.end() - static_cast<std::ptrdiff_t>(tagLength), sealed.end());
    CipherCtx ctx = NewCipherCtx();
    int len = 0;
    if (EVP_DecryptInit_ex(ctx.get(), EVP_aes_128_ccm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(),
                            EVP_CTRL_CCM_SET_IVLEN,
                            static_cast<int>(nonce.size()),
                            nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(),
                            EVP_CTRL_CCM_SET_TAG,
                            static_cast<int>(tagLength),
                            tag.data()) != 1 ||
        EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, key.data(), nonce.data()) != 1)
    {
        OpensslFailure("AES-CCM open init");
    }
    if (EVP_DecryptUpdate(ctx.get(), nullptr, &len, nullptr, static_cast<int>(ctLength)) != 1)
    {
        OpensslFailure("AES-CCM open length");
    }
    if (!aad.empty() &&
        EVP_DecryptUpdate(ctx.get(), nullptr, &len, aad.data(), static_cast<int>(aad.size())) != 1)
    {
        OpensslFailure("AES-CCM open AAD");
    }
    Bytes out(ctLength);
    static uint8_t scratch = 0;
    // In CCM mode the tag is checked by this call: it fails when the tag does not verify.
    int ok = EVP_DecryptUpdate(ctx.get(),
                               ctLength > 0 ? out.data() : &scratch,
                               &len,
                               DataOrEmpty(sealed),
                               static_cast<int>(ctLength));
    if (ok != 1)
    {
        return false;
    }
    plaintext = std::move(out);
    return true;
}

Bytes
Crypto::HmacSha256(const Bytes& key, const uint8_t* data, std::size_t length)
{
    static const uint8_t empty = 0;
    Bytes out(SHA256_BYTES);
    std::size_t outLength = 0;
    if (EVP_Q_mac(nullptr,
                  "HMAC",
                  nullptr,
                  "SHA256",
                  nullptr,
                  key.empty() ? &empty : key.data(),
                  key.size(),
                  length == 0 ? &empty : data,
                  length,
                  out.data(),
                  out.size(),
                  &outLength) == nullptr ||
        outLength != SHA256_BYTES)
    {
        OpensslFailure("HMAC-SHA256");
    }
    return out;
}

Bytes
Crypto::HmacSha256(const Bytes& key, const Bytes& data)
{
    return HmacSha256(key, data.data(), data.size());
}

Bytes
Crypto::Sha256(const Bytes& data)
{
    Sha256Hash h;
    h.Update(data);
    return h.Digest();
}

Bytes
Crypto::Tls12PrfSha256(const Bytes& secret,
                       const std::string& label,
                       const Bytes& seed,
                       std::size_t length)
{
    // The PRF's seed is label || seed; OpenSSL concatenates repeated seed parameters.
    Bytes labelSeed(label.begin(), label.end());
    labelSeed.insert(labelSeed.end(), seed.begin(), seed.end());
    static char digest[] = "SHA256";
    static uint8_t empty = 0;
    OSSL_PARAM params[4];
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0);
    params[1] = OSSL_PARAM_construct_octet_string(
        OSSL_KDF_PARAM_SECRET,
        secret.empty() ? &empty : const_cast<uint8_t*>(secret.data()),
        secret.size());
    params[2] =
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, labelSeed.data(), labelSeed.size());
    params[3] = OSSL_PARAM_construct_end();
    return KdfDerive("TLS1-PRF", params, length);
}

Bytes
Crypto::HkdfSha256(const Bytes& salt, const Bytes& ikm, const Bytes& info, std::size_t length)
{
    NS_ABORT_MSG_IF(ikm.empty(), "HKDF-SHA256: empty input keying material");
    NS_ABORT_MSG_UNLESS(length >= 1 && length <= 255 * SHA256_BYTES,
                        "HKDF-SHA256: output length " << length << " (1.." << 255 * SHA256_BYTES
                                                      << ")");
    static char digest[] = "SHA256";
    OSSL_PARAM params[5];
    std::size_t n = 0;
    params[n++] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0);
    params[n++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
                                                    const_cast<uint8_t*>(ikm.data()),
                                                    ikm.size());
    // An absent salt is HashLen zero bytes (RFC 5869 section 2.2): the same HMAC key as an
    // empty one, which is what OpenSSL uses when the parameter is not given.
    if (!salt.empty())
    {
        params[n++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
                                                        const_cast<uint8_t*>(salt.data()),
                                                        salt.size());
    }
    if (!info.empty())
    {
        params[n++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
                                                        const_cast<uint8_t*>(info.data()),
                                                        info.size());
    }
    params[n] = OSSL_PARAM_construct_end();
    return KdfDerive("HKDF", params, length);
}

bool
Crypto::ConstantTimeEqual(const Bytes& a, const Bytes& b)
{
    if (a.size() != b.size())
    {
        return false;
    }
    if (a.empty())
    {
        return true;
    }
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

Sha256Hash::Sha256Hash()
    : m_ctx(EVP_MD_CTX_new()),
      m_length(0)
{
    if (m_ctx == nullptr || EVP_DigestInit_ex(m_ctx, EVP_sha256(), nullptr) != 1)
    {
        OpensslFailure("SHA-256 init");
    }
}

Sha256Hash::~Sha256Hash()
{
    EVP_MD_CTX_free(m_ctx);
}

Sha256Hash::Sha256Hash(const Sha256Hash& other)
    : m_ctx(EVP_MD_CTX_new()),
      m_length(other.m_length)
{
    if (m_ctx == nullptr || EVP_MD_CTX_copy_ex(m_ctx, other.m_ctx) != 1)
    {
        OpensslFailure("SHA-256 copy");
    }
}

Sha256Hash&
Sha256Hash::operator=(const Sha256Hash& other)
{
    if (this != &other)
    {
        if (EVP_MD_CTX_copy_ex(m_ctx, other.m_ctx) != 1)
        {
            OpensslFailure("SHA-256 copy");
        }
        m_length = other.m_length;
    }
    return *this;
}

void
Sha256Hash::Update(const uint8_t* data, std::size_t length)
{
    if (length == 0)
    {
        return;
    }
    if (EVP_DigestUpdate(m_ctx, data, length) != 1)
    {
        OpensslFailure("SHA-256 update");
    }
    m_length += length;
}

void
Sha256Hash::Update(const Bytes& data)
{
    Update(data.data(), data.size());
}

Bytes
Sha256Hash::Digest() const
{
    EVP_MD_CTX* copy = EVP_MD_CTX_new();
    if (copy == nullptr || EVP_MD_CTX_copy_ex(copy, m_ctx) != 1)
    {
        OpensslFailure("SHA-256 copy");
    }
    Bytes out(Crypto::SHA256_BYTES);
    unsigned int len = 0;
    int rc = EVP_DigestFinal_ex(copy, out.data(), &len);
    EVP_MD_CTX_free(copy);
    if (rc != 1 || len != Crypto::SHA256_BYTES)
    {
        OpensslFailure("SHA-256 final");
    }
    return out;
}

void
Sha256Hash::Reset()
{
    if (EVP_DigestInit_ex(m_ctx, EVP_sha256(), nullptr) != 1)
    {
        OpensslFailure("SHA-256 init");
    }
    m_length = 0;
}

uint64_t
Sha256Hash::GetLength() const
{
    return m_length;
}

} // namespace ns3
