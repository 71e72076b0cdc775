/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_CRYPTO_WORK_H
#define IOTSEC_CRYPTO_WORK_H

#include <cstdint>
#include <functional>
#include <string>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief The kinds of cryptographic work a protocol engine reports.
 *
 * Engines never price their own work: they report each operation with its size, and the node
 * model (device profile and CPU model) turns it into processing delay and energy on whatever
 * device runs the engine.
 */
enum class CryptoOp : uint8_t
{
    AES_BLOCK,         //!< AES-128 block encryptions; bytes = 16 x blocks
    AES_CCM_SEAL,      //!< AES-128-CCM authenticated encryption; bytes = plaintext, aadBytes = AAD
    AES_CCM_OPEN,      //!< AES-128-CCM authenticated decryption; bytes = ciphertext without tag
    HMAC_SHA256,       //!< HMAC-SHA256; bytes = message length
    SHA256,            //!< SHA-256 hashing; bytes = data hashed
    PRF_SHA256,        //!< TLS 1.2 PRF with SHA-256; bytes = output length
    HKDF_SHA256,       //!< HKDF with SHA-256 (extract and expand); bytes = output length
    RANDOM,            //!< random bytes drawn; bytes = how many
    ECDH_P256,         //!< one ECDH key agreement on P-256 (bytes unused)
    ECDSA_P256_SIGN,   //!< one ECDSA P-256 signature (bytes unused)
    ECDSA_P256_VERIFY, //!< one ECDSA P-256 verification (bytes unused)
};

/// \return the number of CryptoOp values
constexpr std::size_t
CryptoOpCount()
{
    return static_cast<std::size_t>(CryptoOp::ECDSA_P256_VERIFY) + 1;
}

/**
 * \param op an operation
 * \return its name, for example "AES_CCM_SEAL"
 */
std::string CryptoOpName(CryptoOp op);

/**
 * \ingroup iotsec
 * \brief One cryptographic operation reported by an engine.
 */
struct CryptoWork
{
    CryptoOp op;          //!< the operation
    uint32_t bytes{0};    //!< its main input or output size (see CryptoOp)
    uint32_t aadBytes{0}; //!< additional authenticated data (AES-CCM only)
};

/// The hook through which engines report their cryptographic work.
using CryptoWorkHook = std::function<void(const CryptoWork&)>;

} // namespace ns3

#endif /* IOTSEC_CRYPTO_WORK_H */
