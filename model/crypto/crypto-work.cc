/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "crypto-work.h"

namespace ns3
{

std::string
CryptoOpName(CryptoOp op)
{
    switch (op)
    {
    case CryptoOp::AES_BLOCK:
        return "AES_BLOCK";
    case CryptoOp::AES_CCM_SEAL:
        return "AES_CCM_SEAL";
    case CryptoOp::AES_CCM_OPEN:
        return "AES_CCM_OPEN";
    case CryptoOp::HMAC_SHA256:
        return "HMAC_SHA256";
    case CryptoOp::SHA256:
        return "SHA256";
    case CryptoOp::PRF_SHA256:
        return "PRF_SHA256";
    case CryptoOp::HKDF_SHA256:
        return "HKDF_SHA256";
    case CryptoOp::RANDOM:
        return "RANDOM";
    case CryptoOp::ECDH_P256:
        return "ECDH_P256";
    case CryptoOp::ECDSA_P256_SIGN:
        return "ECDSA_P256_SIGN";
    case CryptoOp::ECDSA_P256_VERIFY:
        return "ECDSA_P256_VERIFY";
    }
    return "UNKNOWN";
}

} // namespace ns3
