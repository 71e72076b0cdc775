/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "oscore-context.h"

#include "ns3/abort.h"
#include "ns3/hex-encoding.h"
#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("OscoreContext");

namespace
{

/// Largest Partial IV length in bytes (section 6.1: n = 6 and 7 are reserved)
constexpr std::size_t MAX_PIV_BYTES = 5;

/// Flag bits of the first byte of the OSCORE option value (section 6.1)
constexpr uint8_t FLAG_PIV_LENGTH = 0x07;  //!< n: Partial IV length
constexpr uint8_t FLAG_KID = 0x08;         //!< k: 'kid' present
constexpr uint8_t FLAG_KID_CONTEXT = 0x10; //!< h: 'kid context' present
constexpr uint8_t FLAG_RESERVED = 0xe0;    //!< reserved, must be zero

/**
 * \brief Append a CBOR data item head (RFC 7049 section 2.1).
 * \param out the buffer
 * \param major the major type (0..7)
 * \param value the argument
 */
void
CborHead(Bytes& out, uint8_t major, uint64_t value)
{
    uint8_t mt = static_cast<uint8_t>(major << 5);
    if (value < 24)
    {
        out.push_back(static_cast<uint8_t>(mt | value));
    }
    else if (value <= 0xff)
    {
        out.push_back(mt | 24);
        out.push_back(static_cast<uint8_t>(value));
    }
    else if (value <= 0xffff)
    {
        out.push_back(mt | 25);
        out.push_back(static_cast<uint8_t>(value >> 8));
        out.push_back(static_cast<uint8_t>(value));
    }
    else
    {
        NS_ABORT_MSG_IF(value > 0xffffffffu, "CBOR: argument too large for this encoder");
        out.push_back(mt | 26);
        for (int shift = 24; shift >= 0; shift -= 8)
        {
            out.push_back(static_cast<uint8_t>(value >> shift));
        }
    }
}

/// \param out the buffer \param b a byte string to append as a CBOR bstr
void
CborBytes(Bytes& out, const Bytes& b)
{
    CborHead(out, 2, b.size());
    out.insert(out.end(), b.begin(), b.end());
}

/// \param out the buffer \param s a text string to append as a CBOR tstr
void
CborText(Bytes& out, const std::string& s)
{
    CborHead(out, 3, s.size());
    out.insert(out.end(), s.begin(), s.end());
}

/// \param piv a Partial IV of 1..5 bytes \return its value
uint64_t
PivValue(const Bytes& piv)
{
    uint64_t v = 0;
    for (uint8_t b : piv)
    {
        v = (v << 8) | b;
    }
    return v;
}

/// \param status a status \return the code of the error response of RFC 8613 section 8.2
uint8_t
ErrorCodeOf(OscoreStatus status)
{
    switch (status)
    {
    case OscoreStatus::MALFORMED:
        return CoapCode::BAD_OPTION;
    case OscoreStatus::NOT_OSCORE:
    case OscoreStatus::UNKNOWN_CONTEXT:
    case OscoreStatus::REPLAY:
        return CoapCode::UNAUTHORIZED;
    case OscoreStatus::DECRYPT_FAILED:
    case OscoreStatus::BAD_PLAINTEXT:
        return CoapCode::BAD_REQUEST;
    default:
        return 0;
    }
}

/// \param status a status \return the diagnostic payload of its error response
std::string
DiagnosticOf(OscoreStatus status)
{
    switch (status)
    {
    case OscoreStatus::NOT_OSCORE:
        return "OSCORE required";
    case OscoreStatus::MALFORMED:
        return "Failed to decode COSE";
    case OscoreStatus::UNKNOWN_CONTEXT:
        return "Security context not found";
    case OscoreStatus::REPLAY:
        return "Replay detected";
    case OscoreStatus::DECRYPT_FAILED:
        return "Decryption failed";
    case OscoreStatus::BAD_PLAINTEXT:
        return "Malformed plaintext";
    default:
        return OscoreStatusName(status);
    }
}

/// \param status a status of a verification \return the failure the endpoint traces for it
CoapSecurityFailure
FailureOf(OscoreStatus status)
{
    switch (status)
    {
    case OscoreStatus::OK:
        return CoapSecurityFailure::NONE;
    case OscoreStatus::NOT_OSCORE:
        return CoapSecurityFailure::NOT_PROTECTED;
    case OscoreStatus::MALFORMED:
        return CoapSecurityFailure::MALFORMED;
    case OscoreStatus::UNKNOWN_CONTEXT:
        return CoapSecurityFailure::UNKNOWN_CONTEXT;
    case OscoreStatus::REPLAY:
        return CoapSecurityFailure::REPLAY;
    case OscoreStatus::DECRYPT_FAILED:
        return CoapSecurityFailure::DECRYPT_FAILED;
    case OscoreStatus::BAD_PLAINTEXT:
        return CoapSecurityFailure::BAD_PLAINTEXT;
    case OscoreStatus::SEQUENCE_EXHAUSTED:
        return CoapSecurityFailure::PROTECT_FAILED;
    case OscoreStatus::UNSUPPORTED:
        return CoapSecurityFailure::UNSUPPORTED;
    }
    return CoapSecurityFailure::UNSUPPORTED;
}

} // namespace

const char*
OscoreStatusName(OscoreStatus status)
{
    switch (status)
    {
    case OscoreStatus::OK:
        return "OK";
    case OscoreStatus::NOT_OSCORE:
        return "NOT_OSCORE";
    case OscoreStatus::MALFORMED:
        return "MALFORMED";
    case OscoreStatus::UNKNOWN_CONTEXT:
        return "UNKNOWN_CONTEXT";
    case OscoreStatus::REPLAY:
        return "REPLAY";
    case OscoreStatus::DECRYPT_FAILED:
        return "DECRYPT_FAILED";
    case OscoreStatus::BAD_PLAINTEXT:
        return "BAD_PLAINTEXT";
    case OscoreStatus::SEQUENCE_EXHAUSTED:
        return "SEQUENCE_EXHAUSTED";
    case OscoreStatus::UNSUPPORTED:
        return "UNSUPPORTED";
    }
    return "?";
}

std::ostream&
operator<<(std::ostream& os, OscoreStatus status)
{
    return os << OscoreStatusName(status);
}

// ---------------------------------------------------------------------------------------
// OscoreParameters, OscoreOptionValue
// ---------------------------------------------------------------------------------------

bool
OscoreParameters::Validate(std::string* error) const
{
    std::string why;
    if (masterSecret.empty())
    {
        why = "the Master Secret is empty";
    }
    else if (senderId.size() > OscoreContext::MAX_ID_BYTES ||
             recipientId.size() > OscoreContext::MAX_ID_BYTES)
    {
        why = "a Sender or Recipient ID is longer than 7 bytes (AES-CCM-16-64-128)";
    }
    else if (senderId == recipientId)
    {
        why = "the Sender ID and the Recipient ID are equal (nonces would repeat)";
    }
    else if (replayWindow < 1 || replayWindow > 64)
    {
        why = "the Replay Window size must be in 1..64";
    }
    else if (sendKidContext && !idContext)
    {
        why = "sendKidContext needs an ID Context";
    }
    else if (idContext && idContext->size() > 255)
    {
        why = "the ID Context is longer than 255 bytes (one-byte 'kid context' length)";
    }
    if (error)
    {
        *error = why;
    }
    return why.empty();
}

bool
OscoreParameters::FromHex(const std::string& masterSecret,
                          const std::string& masterSalt,
                          const std::string& senderId,
                          const std::string& recipientId,
                          OscoreParameters& out,
                          std::string* error)
{
    OscoreParameters p = out;
    const std::pair<const std::string*, Bytes*> fields[] = {{&masterSecret, &p.masterSecret},
                                                            {&masterSalt, &p.masterSalt},
                                                            {&senderId, &p.senderId},
                                                            {&recipientId, &p.recipientId}};
    for (const auto& [text, bytes] : fields)
    {
        if (!HexDecode(*text, *bytes))
        {
            if (error)
            {
                *error = "'" + *text + "' is not hexadecimal";
            }
            return false;
        }
    }
    if (!p.Validate(error))
    {
        return false;
    }
    out = p;
    return true;
}

Bytes
OscoreOptionValue::Encode() const
{
    uint8_t flags = 0;
    if (partialIv)
    {
        NS_ABORT_MSG_IF(partialIv->empty() || partialIv->size() > MAX_PIV_BYTES,
                        "OSCORE: Partial IV of " << partialIv->size() << " bytes");
        flags |= static_cast<uint8_t>(partialIv->size());
    }
    if (kid)
    {
        flags |= FLAG_KID;
    }
    if (kidContext)
    {
        NS_ABORT_MSG_IF(kidContext->size() > 255, "OSCORE: 'kid context' too long");
        flags |= FLAG_KID_CONTEXT;
    }
    if (flags == 0)
    {
        return Bytes(); // all flag bits zero: the value is empty (section 2)
    }
    Bytes out(1, flags);
    out.reserve(1 + (partialIv ? partialIv->size() : 0) +
                (kidContext ? 1 + kidContext->size() : 0) + (kid ? kid->size() : 0));
    if (partialIv)
    {
        out.insert(out.end(), partialIv->begin(), partialIv->end());
    }
    if (kidContext)
    {
        out.push_back(static_cast<uint8_t>(kidContext->size()));
        out.insert(out.end(), kidContext->begin(), kidContext->end());
    }
    if (kid)
    {
        out.insert(out.end(), kid->begin(), kid->end());
    }
    return out;
}

bool
OscoreOptionValue::Decode(const Bytes& value, OscoreOptionValue& out, std::string* error)
{
    auto fail = [error](const std::string& why) {
        if (error)
        {
            *error = why;
        }
        return false;
    };
    out = OscoreOptionValue();
    if (value.empty())
    {
        return true;
    }
    uint8_t flags = value[0];
    if (flags & FLAG_RESERVED)
    {
        return fail("reserved flag bits set");
    }
    if (flags == 0)
    {
        return fail("a flag byte of zero must be sent as an empty value");
    }
    std::size_t n = flags & FLAG_PIV_LENGTH;
    if (n > MAX_PIV_BYTES)
    {
        return fail("reserved Partial IV length " + std::to_string(n));
    }
    std::size_t at = 1;
    if (n > 0)
    {
        if (value.size() < at + n)
        {
            return fail("Partial IV runs past the end");
        }
        if (n > 1 && value[at] == 0)
        {
            return fail("Partial IV with a leading zero byte");
        }
        out.partialIv = Bytes(value.begin() + at, value.begin() + at + n);
        at += n;
    }
    if (flags & FLAG_KID_CONTEXT)
    {
        if (value.size() < at + 1)
        {
            return fail("no 'kid context' length");
        }
        std::size_t s = value[at++];
        if (value.size() < at + s)
        {
            return fail("'kid context' runs past the end");
        }
        out.kidContext = Bytes(value.begin() + at, value.begin() + at + s);
        at += s;
    }
    if (flags & FLAG_KID)
    {
        out.kid = Bytes(value.begin() + at, value.end());
        at = value.size();
    }
    if (at != value.size())
    {
        return fail("bytes after the last field");
    }
    return true;
}

// ---------------------------------------------------------------------------------------
// The context
// ---------------------------------------------------------------------------------------

OscoreContext::OscoreContext(const OscoreParameters& p, CryptoWorkHook hook)
    : m_senderId(p.senderId),
      m_recipientId(p.recipientId),
      m_idContext(p.idContext),
      m_sendKidContext(p.sendKidContext),
      m_responsePartialIv(p.responsePartialIv),
      m_ssn(0),
      m_derivationReported(false),
      m_lastStatus(OscoreStatus::OK)
{
    std::string error;
    NS_ABORT_MSG_UNLESS(p.Validate(&error), "OscoreContext: invalid parameters: " << error);
    m_window = DtlsReplayWindow(p.replayWindow);
    // Section 3.2.1: output = HKDF(salt = Master Salt, IKM = Master Secret, info, L)
    m_senderKey = Crypto::HkdfSha256(p.masterSalt,
                                     p.masterSecret,
                                     BuildInfo(m_senderId, m_idContext, "Key", KEY_BYTES),
                                     KEY_BYTES);
    m_recipientKey = Crypto::HkdfSha256(p.masterSalt,
                                        p.masterSecret,
                                        BuildInfo(m_recipientId, m_idContext, "Key", KEY_BYTES),
                                        KEY_BYTES);
    m_commonIv = Crypto::HkdfSha256(p.masterSalt,
                                    p.masterSecret,
                                    BuildInfo(Bytes(), m_idContext, "IV", NONCE_BYTES),
                                    NONCE_BYTES);
    NS_LOG_DEBUG("derived: sender id " << HexEncode(m_senderId) << " recipient id "
                                       << HexEncode(m_recipientId) << " common iv "
                                       << HexEncode(m_commonIv));
    SetCryptoWorkHook(std::move(hook));
}

void
OscoreContext::SetCryptoWorkHook(CryptoWorkHook hook)
{
    m_hook = std::move(hook);
    if (m_hook && !m_derivationReported)
    {
        m_derivationReported = true;
        Work(CryptoOp::HKDF_SHA256, KEY_BYTES);
        Work(CryptoOp::HKDF_SHA256, KEY_BYTES);
        Work(CryptoOp::HKDF_SHA256, NONCE_BYTES);
    }
}

void
OscoreContext::Work(CryptoOp op, std::size_t bytes, std::size_t aad)
{
    if (m_hook)
    {
        m_hook(CryptoWork{op, static_cast<uint32_t>(bytes), static_cast<uint32_t>(aad)});
    }
}

const Bytes&
OscoreContext::GetSenderKey() const
{
    return m_senderKey;
}

const Bytes&
OscoreContext::GetRecipientKey() const
{
    return m_recipientKey;
}

const Bytes&
OscoreContext::GetCommonIv() const
{
    return m_commonIv;
}

const Bytes&
OscoreContext::GetSenderId() const
{
    return m_senderId;
}

const Bytes&
OscoreContext::GetRecipientId() const
{
    return m_recipientId;
}

uint64_t
OscoreContext::GetSenderSequenceNumber() const
{
    return m_ssn;
}

void
OscoreContext::SetSenderSequenceNumber(uint64_t ssn)
{
    m_ssn = ssn;
}

uint32_t
OscoreContext::GetReplayWindowSize() const
{
    return m_window.GetSize();
}

const OscoreCounters&
OscoreContext::GetCounters() const
{
    return m_counters;
}

OscoreStatus
OscoreContext::GetLastStatus() const
{
    return m_lastStatus;
}

uint64_t
OscoreContext::GetStateBytes() const
{
    uint64_t ids =
        m_senderId.size() + m_recipientId.size() + (m_idContext ? m_idContext->size() : 0);
    uint64_t window = (m_window.GetSize() + 7) / 8 + MAX_PIV_BYTES;
    return 2 * KEY_BYTES + NONCE_BYTES + ids + MAX_PIV_BYTES + window;
}

std::string
OscoreContext::GetName() const
{
    return "oscore";
}

// ---------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------

Bytes
OscoreContext::BuildInfo(const Bytes& id,
                         const std::optional<Bytes>& idContext,
                         const std::string& type,
                         uint32_t length)
{
    Bytes info;
    CborHead(info, 4, 5);
    CborBytes(info, id);
    if (idContext)
    {
        CborBytes(info, *idContext);
    }
    else
    {
        info.push_back(0xf6); // nil
    }
    CborHead(info, 0, ALG_AES_CCM_16_64_128);
    CborText(info, type);
    CborHead(info, 0, length);
    return info;
}

Bytes
OscoreContext::BuildNonce(const Bytes& idPiv, const Bytes& partialIv) const
{
    NS_ABORT_MSG_IF(idPiv.size() > MAX_ID_BYTES || partialIv.size() > MAX_PIV_BYTES,
                    "OSCORE nonce: ID_PIV or Partial IV too long");
    // S, ID_PIV left-padded to nonce length - 6 bytes, PIV left-padded to 5 bytes; XOR Common IV
    Bytes nonce(NONCE_BYTES, 0);
    nonce[0] = static_cast<uint8_t>(idPiv.size());
    std::copy(idPiv.begin(), idPiv.end(), nonce.begin() + 1 + (MAX_ID_BYTES - idPiv.size()));
    std::copy(partialIv.begin(), partialIv.end(), nonce.end() - partialIv.size());
    for (std::size_t i = 0; i < NONCE_BYTES; ++i)
    {
        nonce[i] ^= m_commonIv[i];
    }
    return nonce;
}

Bytes
OscoreContext::BuildAadArray(const Bytes& requestKid, const Bytes& requestPiv)
{
    Bytes a;
    CborHead(a, 4, 5);
    CborHead(a, 0, OSCORE_VERSION);
    CborHead(a, 4, 1); // algorithms: [alg_aead]
    CborHead(a, 0, ALG_AES_CCM_16_64_128);
    CborBytes(a, requestKid);
    CborBytes(a, requestPiv);
    CborBytes(a, Bytes()); // options: no Class I options are defined
    return a;
}

Bytes
OscoreContext::BuildAad(const Bytes& requestKid, const Bytes& requestPiv)
{
    // COSE Enc_structure (RFC 8152 section 5.3): [context, protected, external_aad]
    Bytes aad;
    CborHead(aad, 4, 3);
    CborText(aad, "Encrypt0");
    CborBytes(aad, Bytes()); // the 'protected' bucket is empty
    CborBytes(aad, BuildAadArray(requestKid, requestPiv));
    return aad;
}

Bytes
OscoreContext::EncodePartialIv(uint64_t sequence)
{
    Bytes piv;
    do
    {
        piv.insert(piv.begin(), static_cast<uint8_t>(sequence & 0xff));
        sequence >>= 8;
    } while (sequence != 0);
    return piv;
}

bool
OscoreContext::IsOuterOnly(uint16_t number)
{
    return number == CoapOption::URI_HOST || number == CoapOption::URI_PORT ||
           number == CoapOption::OSCORE || number == CoapOption::PROXY_URI ||
           number == CoapOption::PROXY_SCHEME;
}

Bytes
OscoreContext::BuildPlaintext(const CoapMessage& original)
{
    // A CoAP message without token whose header is dropped: Code, options, 0xff, payload
    CoapMessage p(CoapMessage::CON, original.GetCode(), 0);
    for (const auto& o : original.GetOptions())
    {
        if (!IsOuterOnly(o.number))
        {
            p.AddOption(o.number, o.value);
        }
    }
    p.SetPayload(original.GetPayload());
    Bytes wire = p.Serialize();
    Bytes plaintext;
    plaintext.push_back(original.GetCode());
    plaintext.insert(plaintext.end(), wire.begin() + 4, wire.end());
    return plaintext;
}

bool
OscoreContext::ParsePlaintext(const Bytes& plaintext, CoapMessage& inner, std::string* error)
{
    if (plaintext.empty())
    {
        if (error)
        {
            *error = "empty plaintext";
        }
        return false;
    }
    // Put a header in front (version 1, CON, no token) and use the one CoAP codec
    Bytes wire = {0x40, plaintext[0], 0x00, 0x00};
    wire.insert(wire.end(), plaintext.begin() + 1, plaintext.end());
    std::string why;
    if (!CoapMessage::Parse(wire.data(), wire.size(), inner, &why))
    {
        if (error)
        {
            *error = "plaintext: " + why;
        }
        return false;
    }
    if (inner.GetCode() == CoapCode::EMPTY)
    {
        if (error)
        {
            *error = "plaintext with Code 0.00";
        }
        return false;
    }
    return true;
}

// ---------------------------------------------------------------------------------------
// Protection
// ---------------------------------------------------------------------------------------

void
OscoreContext::Seal(CoapMessage& message,
                    const OscoreOptionValue& option,
                    const Bytes& nonce,
                    const Bytes& aad,
                    uint8_t outerCode)
{
    CoapMessage original = message;
    std::optional<uint32_t> observe = original.GetObserve();
    if (observe && original.IsResponse())
    {
        // Notifications carry an empty Inner Observe (section 4.1.3.5.2)
        original.SetUintOption(CoapOption::OBSERVE, 0);
    }
    Bytes plaintext = BuildPlaintext(original);
    Bytes sealed = Crypto::AesCcmSeal(m_senderKey, nonce, aad, plaintext, TAG_BYTES);
    Work(CryptoOp::AES_CCM_SEAL, plaintext.size(), aad.size());
    // The OSCORE message: the same header fields, the outer Code, the Outer options
    CoapMessage out(message.GetType(), outerCode, message.GetMessageId());
    out.SetToken(message.GetToken());
    for (const auto& o : message.GetOptions())
    {
        if (IsOuterOnly(o.number) && o.number != CoapOption::OSCORE)
        {
            out.AddOption(o.number, o.value);
        }
    }
    if (observe)
    {
        out.SetUintOption(CoapOption::OBSERVE, *observe); // Outer Observe, for proxies
    }
    out.AddOption(CoapOption::OSCORE, option.Encode());
    out.SetPayload(sealed);
    message = out;
}

bool
OscoreContext::ProtectRequest(CoapMessage& request, CoapRequestBinding& binding, std::string* error)
{
    auto fail = [&](OscoreStatus status, const std::string& why) {
        m_lastStatus = status;
        if (error)
        {
            *error = why;
        }
        return false;
    };
    if (!request.IsRequest())
    {
        return fail(OscoreStatus::UNSUPPORTED, "not a request");
    }
    if (request.HasOption(CoapOption::OSCORE))
    {
        return fail(OscoreStatus::UNSUPPORTED, "the request already has an OSCORE option");
    }
    if (request.HasOption(CoapOption::PROXY_URI))
    {
        return fail(OscoreStatus::UNSUPPORTED, "Proxy-Uri is not supported (use Proxy-Scheme)");
    }
    if (m_ssn > MAX_SEQUENCE)
    {
        return fail(OscoreStatus::SEQUENCE_EXHAUSTED, "Sender Sequence Number exhausted");
    }
    Bytes piv = EncodePartialIv(m_ssn++);
    OscoreOptionValue option;
    option.partialIv = piv;
    option.kid = m_senderId;
    if (m_sendKidContext)
    {
        option.kidContext = m_idContext;
    }
    auto observe = request.GetObserve();
    binding = CoapRequestBinding();
    binding.active = true;
    binding.kid = m_senderId;
    binding.partialIv = piv;
    binding.observe = observe && *observe == 0 && request.GetCode() == CoapCode::GET;
    // Section 4.2: POST, or FETCH when the request carries Observe (section 4.1.3.5)
    Seal(request,
         option,
         BuildNonce(m_senderId, piv),
         BuildAad(m_senderId, piv),
         observe ? CoapCode::FETCH : CoapCode::POST);
    ++m_counters.requestsProtected;
    m_lastStatus = OscoreStatus::OK;
    NS_LOG_LOGIC("protected request piv " << HexEncode(piv) << ": " << request);
    return true;
}

bool
OscoreContext::ProtectResponse(CoapMessage& response,
                               const CoapRequestBinding& binding,
                               std::string* error)
{
    auto fail = [&](OscoreStatus status, const std::string& why) {
        m_lastStatus = status;
        if (error)
        {
            *error = why;
        }
        return false;
    };
    if (!binding.active)
    {
        return fail(OscoreStatus::UNSUPPORTED, "the request was not an OSCORE request");
    }
    if (response.HasOption(CoapOption::OSCORE) || response.HasOption(CoapOption::PROXY_URI))
    {
        return fail(OscoreStatus::UNSUPPORTED, "OSCORE or Proxy-Uri option in the response");
    }
    OscoreOptionValue option;
    Bytes nonce;
    if (binding.observe || m_responsePartialIv)
    {
        // Responses to an Observe registration carry a new Partial IV (section 4.1.3.5.2)
        if (m_ssn > MAX_SEQUENCE)
        {
            return fail(OscoreStatus::SEQUENCE_EXHAUSTED, "Sender Sequence Number exhausted");
        }
        Bytes piv = EncodePartialIv(m_ssn++);
        option.partialIv = piv;
        nonce = BuildNonce(m_senderId, piv);
    }
    else
    {
        nonce = BuildNonce(binding.kid, binding.partialIv); // the request's nonce
    }
    uint8_t outer = response.HasOption(CoapOption::OBSERVE) ? CoapCode::CONTENT : CoapCode::CHANGED;
    Seal(response, option, nonce, BuildAad(binding.kid, binding.partialIv), outer);
    ++m_counters.responsesProtected;
    m_lastStatus = OscoreStatus::OK;
    return true;
}

// ---------------------------------------------------------------------------------------
// Verification
// ---------------------------------------------------------------------------------------

CoapSecurityVerdict
OscoreContext::Reject(OscoreStatus status, const std::string& detail)
{
    m_lastStatus = status;
    switch (status)
    {
    case OscoreStatus::NOT_OSCORE:
        ++m_counters.notOscore;
        break;
    case OscoreStatus::MALFORMED:
        ++m_counters.malformed;
        break;
    case OscoreStatus::UNKNOWN_CONTEXT:
        ++m_counters.unknownContext;
        break;
    case OscoreStatus::REPLAY:
        ++m_counters.replays;
        break;
    case OscoreStatus::DECRYPT_FAILED:
        ++m_counters.decryptFailures;
        break;
    case OscoreStatus::BAD_PLAINTEXT:
        ++m_counters.badPlaintext;
        break;
    default:
        break;
    }
    CoapSecurityVerdict v;
    v.ok = false;
    v.failure = FailureOf(status);
    v.errorCode = ErrorCodeOf(status);
    v.reason = DiagnosticOf(status);
    NS_LOG_LOGIC("rejected: " << OscoreStatusName(status) << " (" << detail << ")");
    return v;
}

OscoreStatus
OscoreContext::ReadOption(const CoapMessage& message, OscoreOptionValue& value, std::string& detail)
{
    std::vector<Bytes> values = message.GetOptionValues(CoapOption::OSCORE);
    if (values.empty())
    {
        detail = "no OSCORE option";
        return OscoreStatus::NOT_OSCORE;
    }
    if (values.size() > 1)
    {
        detail = "repeated OSCORE option";
        return OscoreStatus::MALFORMED;
    }
    if (!OscoreOptionValue::Decode(values[0], value, &detail))
    {
        return OscoreStatus::MALFORMED;
    }
    if (message.GetPayload().empty())
    {
        detail = "OSCORE option without payload"; // section 2: malformed
        return OscoreStatus::MALFORMED;
    }
    return OscoreStatus::OK;
}

OscoreStatus
OscoreContext::Open(CoapMessage& message, const Bytes& nonce, const Bytes& aad, std::string& detail)
{
    const Bytes& sealed = message.GetPayload();
    Work(CryptoOp::AES_CCM_OPEN,
         sealed.size() > TAG_BYTES ? sealed.size() - TAG_BYTES : 0,
         aad.size());
    Bytes plaintext;
    if (!Crypto::AesCcmOpen(m_recipientKey, nonce, aad, sealed, TAG_BYTES, plaintext))
    {
        detail = "the tag does not verify";
        return OscoreStatus::DECRYPT_FAILED;
    }
    CoapMessage inner;
    if (!ParsePlaintext(plaintext, inner, &detail))
    {
        return OscoreStatus::BAD_PLAINTEXT;
    }
    if (inner.HasOption(CoapOption::OSCORE))
    {
        detail = "nested OSCORE option";
        return OscoreStatus::BAD_PLAINTEXT;
    }
    if (message.IsRequest() != inner.IsRequest() || (!inner.IsRequest() && !inner.IsResponse()))
    {
        detail = "inner Code " + CoapCode::ToString(inner.GetCode()) + " in a " +
                 (message.IsRequest() ? "request" : "response");
        return OscoreStatus::BAD_PLAINTEXT;
    }
    // The original message: header fields and Outer Class U options of the OSCORE message
    // (its Code and Class E options are discarded), the decrypted Code, options and payload
    CoapMessage out(message.GetType(), inner.GetCode(), message.GetMessageId());
    out.SetToken(message.GetToken());
    for (const auto& o : message.GetOptions())
    {
        if (IsOuterOnly(o.number) && o.number != CoapOption::OSCORE)
        {
            out.AddOption(o.number, o.value);
        }
    }
    for (const auto& o : inner.GetOptions())
    {
        out.AddOption(o.number, o.value);
    }
    out.SetPayload(inner.GetPayload());
    message = out;
    return OscoreStatus::OK;
}

CoapSecurityVerdict
OscoreContext::UnprotectRequest(CoapMessage& request, CoapRequestBinding& binding)
{
    OscoreOptionValue option;
    std::string detail;
    OscoreStatus status = ReadOption(request, option, detail);
    if (status != OscoreStatus::OK)
    {
        return Reject(status, detail);
    }
    if (!request.IsRequest())
    {
        return Reject(OscoreStatus::MALFORMED, "outer Code is not a request");
    }
    if (!option.partialIv || !option.kid)
    {
        return Reject(OscoreStatus::MALFORMED, "a request needs a Partial IV and a 'kid'");
    }
    if (option.kidContext && (!m_idContext || *option.kidContext != *m_idContext))
    {
        return Reject(OscoreStatus::UNKNOWN_CONTEXT, "unknown 'kid context'");
    }
    if (*option.kid != m_recipientId)
    {
        return Reject(OscoreStatus::UNKNOWN_CONTEXT, "unknown 'kid' " + HexEncode(*option.kid));
    }
    uint64_t piv = PivValue(*option.partialIv);
    if (!m_window.Check(piv))
    {
        return Reject(OscoreStatus::REPLAY, "Partial IV " + std::to_string(piv));
    }
    status = Open(request,
                  BuildNonce(*option.kid, *option.partialIv),
                  BuildAad(*option.kid, *option.partialIv),
                  detail);
    if (status != OscoreStatus::DECRYPT_FAILED)
    {
        m_window.Update(piv); // decryption succeeded (section 8.2 step 6)
    }
    if (status != OscoreStatus::OK)
    {
        return Reject(status, detail);
    }
    auto observe = request.GetObserve();
    binding = CoapRequestBinding();
    binding.active = true;
    binding.kid = *option.kid;
    binding.partialIv = *option.partialIv;
    binding.observe = observe && *observe == 0 && request.GetCode() == CoapCode::GET;
    ++m_counters.requestsVerified;
    m_lastStatus = OscoreStatus::OK;
    CoapSecurityVerdict v;
    v.ok = true;
    return v;
}

CoapSecurityVerdict
OscoreContext::UnprotectResponse(CoapMessage& response, CoapRequestBinding& binding)
{
    OscoreOptionValue option;
    std::string detail;
    OscoreStatus status = ReadOption(response, option, detail);
    if (status != OscoreStatus::OK)
    {
        return Reject(status, detail);
    }
    if (!binding.active)
    {
        return Reject(OscoreStatus::UNKNOWN_CONTEXT, "the request was not protected");
    }
    if (!response.IsResponse())
    {
        return Reject(OscoreStatus::MALFORMED, "outer Code is not a response");
    }
    if (option.kid && *option.kid != m_recipientId)
    {
        return Reject(OscoreStatus::UNKNOWN_CONTEXT, "unknown 'kid' " + HexEncode(*option.kid));
    }
    Bytes nonce;
    uint64_t piv = 0;
    if (option.partialIv)
    {
        piv = PivValue(*option.partialIv);
        if (binding.observe && binding.haveNotification && piv <= binding.notificationNumber)
        {
            // Section 7.4.1: only notifications newer than the Notification Number
            return Reject(OscoreStatus::REPLAY, "notification Partial IV " + std::to_string(piv));
        }
        nonce = BuildNonce(m_recipientId, *option.partialIv);
    }
    else
    {
        if (binding.nonceReused)
        {
            // At most one response reuses the request's nonce (sections 7.4 and 7.4.1)
            return Reject(OscoreStatus::REPLAY, "second response without Partial IV");
        }
        nonce = BuildNonce(binding.kid, binding.partialIv);
    }
    status = Open(response, nonce, BuildAad(binding.kid, binding.partialIv), detail);
    if (status != OscoreStatus::OK)
    {
        return Reject(status, detail);
    }
    if (option.partialIv)
    {
        if (binding.observe)
        {
            binding.haveNotification = true;
            binding.notificationNumber = piv;
            if (response.HasOption(CoapOption::OBSERVE))
            {
                // The client orders notifications by Partial IV (section 4.1.3.5.2)
                response.SetObserve(static_cast<uint32_t>(piv & 0xffffff));
            }
        }
    }
    else
    {
        binding.nonceReused = true;
    }
    ++m_counters.responsesVerified;
    m_lastStatus = OscoreStatus::OK;
    CoapSecurityVerdict v;
    v.ok = true;
    return v;
}

} // namespace ns3
