/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "bootstrap-message.h"

#include "ns3/abort.h"
#include "ns3/dtls-codec.h"

namespace ns3
{

namespace
{

/// \param out where \param v the value \param n its width in bytes
void
PutUint(Bytes& out, uint64_t v, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i)
    {
        out.push_back(static_cast<uint8_t>(v >> (8 * (n - 1 - i))));
    }
}

/// \param out where \param type the type
void
PutHeader(Bytes& out, BootstrapMessageType type)
{
    out.push_back(BootstrapWire::VERSION);
    out.push_back(static_cast<uint8_t>(type));
}

/// \param error where to write \param why the reason \return false
bool
Fail(std::string* error, const char* why)
{
    if (error != nullptr)
    {
        *error = why;
    }
    return false;
}

/// \param data the message \param size length \param want the expected type
/// \param error why not \return true if the header is valid and of the expected type
bool
CheckHeader(const uint8_t* data, std::size_t size, BootstrapMessageType want, std::string* error)
{
    BootstrapMessageType type;
    if (!BootstrapParseHeader(data, size, type, error))
    {
        return false;
    }
    if (type != want)
    {
        return Fail(error, "unexpected message type");
    }
    return true;
}

/// \param id an identifier \return true if its length is in 1..64
bool
ValidId(const std::string& id)
{
    return id.size() >= BootstrapWire::MIN_ID_BYTES && id.size() <= BootstrapWire::MAX_ID_BYTES;
}

/// \param r a reader \param[out] id the identifier \param error why not
/// \return true if a length byte in 1..64 and that many bytes were read
bool
ReadId(TlsReader& r, std::string& id, std::string* error)
{
    uint8_t len = 0;
    if (!r.U8(len))
    {
        return Fail(error, "truncated before the identifier length");
    }
    if (len < BootstrapWire::MIN_ID_BYTES || len > BootstrapWire::MAX_ID_BYTES)
    {
        return Fail(error, "identifier length out of range 1..64");
    }
    Bytes b;
    if (!r.Raw(len, b))
    {
        return Fail(error, "truncated identifier");
    }
    id.assign(b.begin(), b.end());
    return true;
}

/// \param out where \param id the identifier (1..64 bytes)
void
PutId(Bytes& out, const std::string& id)
{
    NS_ABORT_MSG_IF(!ValidId(id), "bootstrap: identifier of " << id.size() << " bytes");
    out.push_back(static_cast<uint8_t>(id.size()));
    out.insert(out.end(), id.begin(), id.end());
}

/// \param out where \param b the field \param n its required length \param what its name
void
PutFixed(Bytes& out, const Bytes& b, std::size_t n, const char* what)
{
    NS_ABORT_MSG_IF(b.size() != n, "bootstrap: " << what << " of " << b.size() << " bytes");
    out.insert(out.end(), b.begin(), b.end());
}

/// Serializes flights 2 and 3: header | nonce | sealed
Bytes
SerializeNonceMessage(BootstrapMessageType type, const Bytes& nonce, const Bytes& sealed)
{
    Bytes out;
    PutHeader(out, type);
    PutFixed(out, nonce, BootstrapWire::NONCE_BYTES, "nonce");
    out.insert(out.end(), sealed.begin(), sealed.end());
    return out;
}

/// Parses flights 2 and 3, with the sealed part's length in [minSealed, maxSealed]
bool
ParseNonceMessage(const uint8_t* data,
                  std::size_t size,
                  BootstrapMessageType type,
                  std::size_t minSealed,
                  std::size_t maxSealed,
                  Bytes& nonce,
                  Bytes& sealed,
                  std::string* error)
{
    if (!CheckHeader(data, size, type, error))
    {
        return false;
    }
    TlsReader r(data + BootstrapWire::HEADER_BYTES, size - BootstrapWire::HEADER_BYTES);
    if (!r.Raw(BootstrapWire::NONCE_BYTES, nonce))
    {
        return Fail(error, "truncated nonce");
    }
    if (r.Remaining() < minSealed)
    {
        return Fail(error, "sealed part too short");
    }
    if (r.Remaining() > maxSealed)
    {
        return Fail(error, "sealed part too long (trailing bytes)");
    }
    r.Raw(r.Remaining(), sealed);
    return true;
}

/// Serializes flights 4 and 5: header | TID | nonce | sealed
Bytes
SerializeTidMessage(BootstrapMessageType type,
                    uint32_t tid,
                    const Bytes& nonce,
                    const Bytes& sealed,
                    std::size_t sealedBytes)
{
    Bytes out;
    PutHeader(out, type);
    PutUint(out, tid, BootstrapWire::TID_BYTES);
    PutFixed(out, nonce, BootstrapWire::NONCE_BYTES, "nonce");
    PutFixed(out, sealed, sealedBytes, "sealed part");
    return out;
}

/// Parses flights 4 and 5, whose sealed part has exactly sealedBytes
bool
ParseTidMessage(const uint8_t* data,
                std::size_t size,
                BootstrapMessageType type,
                std::size_t sealedBytes,
                uint32_t& tid,
                Bytes& nonce,
                Bytes& sealed,
                std::string* error)
{
    if (!CheckHeader(data, size, type, error))
    {
        return false;
    }
    TlsReader r(data + BootstrapWire::HEADER_BYTES, size - BootstrapWire::HEADER_BYTES);
    uint32_t t = 0;
    if (!r.U32(t))
    {
        return Fail(error, "truncated TID");
    }
    if (!r.Raw(BootstrapWire::NONCE_BYTES, nonce))
    {
        return Fail(error, "truncated nonce");
    }
    if (r.Remaining() != sealedBytes)
    {
        return Fail(error,
                    r.Remaining() < sealedBytes ? "truncated sealed part" : "trailing bytes");
    }
    r.Raw(sealedBytes, sealed);
    tid = static_cast<uint32_t>(t);
    return true;
}

/// \return the AAD of a TID message: version | type | TID | nonce
Bytes
TidAad(BootstrapMessageType type, uint32_t tid, const Bytes& nonce)
{
    Bytes out;
    PutHeader(out, type);
    PutUint(out, tid, BootstrapWire::TID_BYTES);
    PutFixed(out, nonce, BootstrapWire::NONCE_BYTES, "nonce");
    return out;
}

/// \return the AAD of a nonce message: version | type | nonce
Bytes
NonceAad(BootstrapMessageType type, const Bytes& nonce)
{
    Bytes out;
    PutHeader(out, type);
    PutFixed(out, nonce, BootstrapWire::NONCE_BYTES, "nonce");
    return out;
}

/// Sealed part of a VERIFY_REQUEST: shortest and longest
constexpr std::size_t MIN_VR_SEALED =
    BootstrapWire::VerifyRequestPlainSize(BootstrapWire::MIN_ID_BYTES,
                                          BootstrapWire::MIN_HELLO_BYTES) +
    BootstrapWire::TAG_BYTES;
constexpr std::size_t MAX_VR_SEALED =
    BootstrapWire::VerifyRequestPlainSize(BootstrapWire::MAX_ID_BYTES,
                                          BootstrapWire::MAX_HELLO_BYTES) +
    BootstrapWire::TAG_BYTES;

} // namespace

const char*
BootstrapMessageTypeName(uint8_t type)
{
    switch (type)
    {
    case 0x01:
        return "HELLO";
    case 0x02:
        return "VERIFY_REQUEST";
    case 0x03:
        return "VERIFY_RESPONSE";
    case 0x04:
        return "KEY";
    case 0x05:
        return "CONFIRM";
    default:
        return "UNKNOWN";
    }
}

bool
BootstrapParseHeader(const uint8_t* data,
                     std::size_t size,
                     BootstrapMessageType& type,
                     std::string* error)
{
    if (data == nullptr || size < BootstrapWire::HEADER_BYTES)
    {
        return Fail(error, "shorter than the header");
    }
    if (data[0] != BootstrapWire::VERSION)
    {
        return Fail(error, "unknown version");
    }
    if (data[1] < 0x01 || data[1] > 0x05)
    {
        return Fail(error, "unknown message type");
    }
    type = static_cast<BootstrapMessageType>(data[1]);
    return true;
}

// HELLO

Bytes
BootstrapHello::Serialize() const
{
    Bytes out;
    PutHeader(out, BootstrapMessageType::HELLO);
    PutId(out, nodeId);
    PutFixed(out, rnI, BootstrapWire::RANDOM_BYTES, "RN_i");
    return out;
}

bool
BootstrapHello::Parse(const uint8_t* data,
                      std::size_t size,
                      BootstrapHello& out,
                      std::string* error)
{
    if (!CheckHeader(data, size, BootstrapMessageType::HELLO, error))
    {
        return false;
    }
    TlsReader r(data + BootstrapWire::HEADER_BYTES, size - BootstrapWire::HEADER_BYTES);
    BootstrapHello m;
    if (!ReadId(r, m.nodeId, error))
    {
        return false;
    }
    if (!r.Raw(BootstrapWire::RANDOM_BYTES, m.rnI))
    {
        return Fail(error, "truncated RN_i");
    }
    if (r.Remaining() != 0)
    {
        return Fail(error, "trailing bytes");
    }
    out = std::move(m);
    return true;
}

// VERIFY_REQUEST

Bytes
BootstrapVerifyRequest::Aad() const
{
    return NonceAad(BootstrapMessageType::VERIFY_REQUEST, nonce);
}

Bytes
BootstrapVerifyRequest::Serialize() const
{
    NS_ABORT_MSG_IF(sealed.size() < MIN_VR_SEALED || sealed.size() > MAX_VR_SEALED,
                    "bootstrap: VERIFY_REQUEST sealed part of " << sealed.size() << " bytes");
    return SerializeNonceMessage(BootstrapMessageType::VERIFY_REQUEST, nonce, sealed);
}

bool
BootstrapVerifyRequest::Parse(const uint8_t* data,
                              std::size_t size,
                              BootstrapVerifyRequest& out,
                              std::string* error)
{
    BootstrapVerifyRequest m;
    if (!ParseNonceMessage(data,
                           size,
                           BootstrapMessageType::VERIFY_REQUEST,
                           MIN_VR_SEALED,
                           MAX_VR_SEALED,
                           m.nonce,
                           m.sealed,
                           error))
    {
        return false;
    }
    out = std::move(m);
    return true;
}

Bytes
BootstrapVerifyRequestPlain::Serialize() const
{
    NS_ABORT_MSG_IF(hello.size() < BootstrapWire::MIN_HELLO_BYTES ||
                        hello.size() > BootstrapWire::MAX_HELLO_BYTES,
                    "bootstrap: embedded HELLO of " << hello.size() << " bytes");
    Bytes out;
    PutId(out, controllerId);
    PutFixed(out, rnC, BootstrapWire::RANDOM_BYTES, "RN_c");
    PutUint(out, tid, BootstrapWire::TID_BYTES);
    PutUint(out, static_cast<uint64_t>(tsMicros), BootstrapWire::TS_BYTES);
    out.insert(out.end(), hello.begin(), hello.end());
    return out;
}

bool
BootstrapVerifyRequestPlain::Parse(const uint8_t* data,
                                   std::size_t size,
                                   BootstrapVerifyRequestPlain& out,
                                   std::string* error)
{
    TlsReader r(data, data == nullptr ? 0 : size);
    BootstrapVerifyRequestPlain m;
    if (!ReadId(r, m.controllerId, error))
    {
        return false;
    }
    uint32_t tid = 0;
    uint64_t ts = 0;
    if (!r.Raw(BootstrapWire::RANDOM_BYTES, m.rnC) || !r.U32(tid) || !r.U64(ts))
    {
        return Fail(error, "truncated before the embedded HELLO");
    }
    if (r.Remaining() < BootstrapWire::MIN_HELLO_BYTES ||
        r.Remaining() > BootstrapWire::MAX_HELLO_BYTES)
    {
        return Fail(error, "embedded HELLO length out of range");
    }
    r.Raw(r.Remaining(), m.hello);
    m.tid = static_cast<uint32_t>(tid);
    m.tsMicros = static_cast<int64_t>(ts);
    out = std::move(m);
    return true;
}

// VERIFY_RESPONSE

Bytes
BootstrapVerifyResponse::Aad() const
{
    return NonceAad(BootstrapMessageType::VERIFY_RESPONSE, nonce);
}

Bytes
BootstrapVerifyResponse::Serialize() const
{
    NS_ABORT_MSG_IF(sealed.size() !=
                        BootstrapWire::VERIFY_RESPONSE_PLAIN_BYTES + BootstrapWire::TAG_BYTES,
                    "bootstrap: VERIFY_RESPONSE sealed part of " << sealed.size() << " bytes");
    return SerializeNonceMessage(BootstrapMessageType::VERIFY_RESPONSE, nonce, sealed);
}

bool
BootstrapVerifyResponse::Parse(const uint8_t* data,
                               std::size_t size,
                               BootstrapVerifyResponse& out,
                               std::string* error)
{
    constexpr std::size_t n = BootstrapWire::VERIFY_RESPONSE_PLAIN_BYTES + BootstrapWire::TAG_BYTES;
    BootstrapVerifyResponse m;
    if (!ParseNonceMessage(data,
                           size,
                           BootstrapMessageType::VERIFY_RESPONSE,
                           n,
                           n,
                           m.nonce,
                           m.sealed,
                           error))
    {
        return false;
    }
    out = std::move(m);
    return true;
}

Bytes
BootstrapVerifyResponsePlain::Serialize() const
{
    Bytes out;
    PutFixed(out, ik, BootstrapWire::KEY_BYTES, "IK_i");
    PutUint(out, static_cast<uint64_t>(tsMicros), BootstrapWire::TS_BYTES);
    PutUint(out, tid, BootstrapWire::TID_BYTES);
    return out;
}

bool
BootstrapVerifyResponsePlain::Parse(const uint8_t* data,
                                    std::size_t size,
                                    BootstrapVerifyResponsePlain& out,
                                    std::string* error)
{
    TlsReader r(data, data == nullptr ? 0 : size);
    BootstrapVerifyResponsePlain m;
    uint64_t ts = 0;
    uint32_t tid = 0;
    if (!r.Raw(BootstrapWire::KEY_BYTES, m.ik) || !r.U64(ts) || !r.U32(tid))
    {
        return Fail(error, "truncated VERIFY_RESPONSE plaintext");
    }
    if (r.Remaining() != 0)
    {
        return Fail(error, "trailing bytes");
    }
    m.tsMicros = static_cast<int64_t>(ts);
    m.tid = static_cast<uint32_t>(tid);
    out = std::move(m);
    return true;
}

// KEY

Bytes
BootstrapKey::Aad() const
{
    return TidAad(BootstrapMessageType::KEY, tid, nonce);
}

Bytes
BootstrapKey::Serialize() const
{
    return SerializeTidMessage(BootstrapMessageType::KEY,
                               tid,
                               nonce,
                               sealed,
                               BootstrapWire::KEY_PLAIN_BYTES + BootstrapWire::TAG_BYTES);
}

bool
BootstrapKey::Parse(const uint8_t* data, std::size_t size, BootstrapKey& out, std::string* error)
{
    BootstrapKey m;
    if (!ParseTidMessage(data,
                         size,
                         BootstrapMessageType::KEY,
                         BootstrapWire::KEY_PLAIN_BYTES + BootstrapWire::TAG_BYTES,
                         m.tid,
                         m.nonce,
                         m.sealed,
                         error))
    {
        return false;
    }
    out = std::move(m);
    return true;
}

// CONFIRM

Bytes
BootstrapConfirm::Aad() const
{
    return TidAad(BootstrapMessageType::CONFIRM, tid, nonce);
}

Bytes
BootstrapConfirm::Serialize() const
{
    return SerializeTidMessage(BootstrapMessageType::CONFIRM,
                               tid,
                               nonce,
                               sealed,
                               BootstrapWire::CONFIRM_PLAIN_BYTES + BootstrapWire::TAG_BYTES);
}

bool
BootstrapConfirm::Parse(const uint8_t* data,
                        std::size_t size,
                        BootstrapConfirm& out,
                        std::string* error)
{
    BootstrapConfirm m;
    if (!ParseTidMessage(data,
                         size,
                         BootstrapMessageType::CONFIRM,
                         BootstrapWire::CONFIRM_PLAIN_BYTES + BootstrapWire::TAG_BYTES,
                         m.tid,
                         m.nonce,
                         m.sealed,
                         error))
    {
        return false;
    }
    out = std::move(m);
    return true;
}

// Plaintexts of flights 4 and 5

Bytes
BootstrapKeyPlain::Serialize() const
{
    Bytes out;
    PutFixed(out, rnI, BootstrapWire::RANDOM_BYTES, "RN_i");
    PutFixed(out, rnC, BootstrapWire::RANDOM_BYTES, "RN_c");
    return out;
}

bool
BootstrapKeyPlain::Parse(const uint8_t* data,
                         std::size_t size,
                         BootstrapKeyPlain& out,
                         std::string* error)
{
    if (data == nullptr || size != BootstrapWire::KEY_PLAIN_BYTES)
    {
        return Fail(error, "KEY plaintext is not 32 bytes");
    }
    out.rnI.assign(data, data + BootstrapWire::RANDOM_BYTES);
    out.rnC.assign(data + BootstrapWire::RANDOM_BYTES, data + size);
    return true;
}

Bytes
BootstrapConfirmPlain::Serialize() const
{
    Bytes out;
    PutFixed(out, rnC, BootstrapWire::RANDOM_BYTES, "RN_c");
    return out;
}

bool
BootstrapConfirmPlain::Parse(const uint8_t* data,
                             std::size_t size,
                             BootstrapConfirmPlain& out,
                             std::string* error)
{
    if (data == nullptr || size != BootstrapWire::CONFIRM_PLAIN_BYTES)
    {
        return Fail(error, "CONFIRM plaintext is not 16 bytes");
    }
    out.rnC.assign(data, data + size);
    return true;
}

} // namespace ns3
