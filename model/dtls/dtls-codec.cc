/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dtls-codec.h"

#include "ns3/abort.h"

namespace ns3
{

namespace dtls
{

std::string
AlertName(uint8_t description)
{
    switch (description)
    {
    case CLOSE_NOTIFY:
        return "close_notify";
    case UNEXPECTED_MESSAGE:
        return "unexpected_message";
    case BAD_RECORD_MAC:
        return "bad_record_mac";
    case HANDSHAKE_FAILURE:
        return "handshake_failure";
    case ILLEGAL_PARAMETER:
        return "illegal_parameter";
    case DECODE_ERROR:
        return "decode_error";
    case DECRYPT_ERROR:
        return "decrypt_error";
    case PROTOCOL_VERSION:
        return "protocol_version";
    case INTERNAL_ERROR:
        return "internal_error";
    case UNKNOWN_PSK_IDENTITY:
        return "unknown_psk_identity";
    default:
        return "alert_" + std::to_string(description);
    }
}

std::string
HandshakeTypeName(uint8_t type)
{
    switch (type)
    {
    case HELLO_REQUEST:
        return "hello_request";
    case CLIENT_HELLO:
        return "client_hello";
    case SERVER_HELLO:
        return "server_hello";
    case HELLO_VERIFY_REQUEST:
        return "hello_verify_request";
    case SERVER_KEY_EXCHANGE:
        return "server_key_exchange";
    case SERVER_HELLO_DONE:
        return "server_hello_done";
    case CLIENT_KEY_EXCHANGE:
        return "client_key_exchange";
    case FINISHED:
        return "finished";
    default:
        return "handshake_" + std::to_string(type);
    }
}

} // namespace dtls

// ------------------------------------------------------------------------------------------
// TlsReader / TlsWriter
// ------------------------------------------------------------------------------------------

TlsReader::TlsReader(const uint8_t* data, std::size_t length)
    : m_data(data),
      m_length(length),
      m_pos(0)
{
}

TlsReader::TlsReader(const Bytes& data)
    : TlsReader(data.data(), data.size())
{
}

bool
TlsReader::U8(uint8_t& v)
{
    if (Remaining() < 1)
    {
        return false;
    }
    v = m_data[m_pos++];
    return true;
}

bool
TlsReader::U16(uint16_t& v)
{
    if (Remaining() < 2)
    {
        return false;
    }
    v = static_cast<uint16_t>((m_data[m_pos] << 8) | m_data[m_pos + 1]);
    m_pos += 2;
    return true;
}

bool
TlsReader::U24(uint32_t& v)
{
    if (Remaining() < 3)
    {
        return false;
    }
    v = (uint32_t{m_data[m_pos]} << 16) | (uint32_t{m_data[m_pos + 1]} << 8) | m_data[m_pos + 2];
    m_pos += 3;
    return true;
}

bool
TlsReader::U32(uint32_t& v)
{
    uint64_t wide = 0;
    if (Remaining() < 4)
    {
        return false;
    }
    for (int i = 0; i < 4; ++i)
    {
        wide = (wide << 8) | m_data[m_pos++];
    }
    v = static_cast<uint32_t>(wide);
    return true;
}

bool
TlsReader::U64(uint64_t& v)
{
    if (Remaining() < 8)
    {
        return false;
    }
    v = 0;
    for (int i = 0; i < 8; ++i)
    {
        v = (v << 8) | m_data[m_pos++];
    }
    return true;
}

bool
TlsReader::U48(uint64_t& v)
{
    if (Remaining() < 6)
    {
        return false;
    }
    v = 0;
    for (int i = 0; i < 6; ++i)
    {
        v = (v << 8) | m_data[m_pos++];
    }
    return true;
}

bool
TlsReader::Raw(std::size_t n, Bytes& out)
{
    if (Remaining() < n)
    {
        return false;
    }
    out.assign(m_data + m_pos, m_data + m_pos + n);
    m_pos += n;
    return true;
}

bool
TlsReader::Vector8(Bytes& out, std::size_t min, std::size_t max)
{
    uint8_t n;
    if (!U8(n) || n < min || n > max)
    {
        return false;
    }
    return Raw(n, out);
}

bool
TlsReader::Vector16(Bytes& out, std::size_t min, std::size_t max)
{
    uint16_t n;
    if (!U16(n) || n < min || n > max)
    {
        return false;
    }
    return Raw(n, out);
}

std::size_t
TlsReader::Remaining() const
{
    return m_length - m_pos;
}

bool
TlsReader::AtEnd() const
{
    return m_pos == m_length;
}

void
TlsWriter::U8(uint8_t v)
{
    m_data.push_back(v);
}

void
TlsWriter::U16(uint16_t v)
{
    m_data.push_back(static_cast<uint8_t>(v >> 8));
    m_data.push_back(static_cast<uint8_t>(v));
}

void
TlsWriter::U24(uint32_t v)
{
    NS_ABORT_MSG_IF(v > 0xffffff, "TlsWriter::U24: " << v);
    m_data.push_back(static_cast<uint8_t>(v >> 16));
    m_data.push_back(static_cast<uint8_t>(v >> 8));
    m_data.push_back(static_cast<uint8_t>(v));
}

void
TlsWriter::U48(uint64_t v)
{
    NS_ABORT_MSG_IF(v > dtls::MAX_SEQUENCE, "TlsWriter::U48: " << v);
    for (int shift = 40; shift >= 0; shift -= 8)
    {
        m_data.push_back(static_cast<uint8_t>(v >> shift));
    }
}

void
TlsWriter::U64(uint64_t v)
{
    for (int shift = 56; shift >= 0; shift -= 8)
    {
        m_data.push_back(static_cast<uint8_t>(v >> shift));
    }
}

void
TlsWriter::Raw(const Bytes& b)
{
    m_data.insert(m_data.end(), b.begin(), b.end());
}

void
TlsWriter::Vector8(const Bytes& b)
{
    NS_ABORT_MSG_IF(b.size() > 255, "TlsWriter::Vector8: " << b.size() << " bytes");
    U8(static_cast<uint8_t>(b.size()));
    Raw(b);
}

void
TlsWriter::Vector16(const Bytes& b)
{
    NS_ABORT_MSG_IF(b.size() > 65535, "TlsWriter::Vector16: " << b.size() << " bytes");
    U16(static_cast<uint16_t>(b.size()));
    Raw(b);
}

const Bytes&
TlsWriter::Data() const
{
    return m_data;
}

Bytes
TlsWriter::Take()
{
    return std::move(m_data);
}

// ------------------------------------------------------------------------------------------
// Records and handshake fragments
// ------------------------------------------------------------------------------------------

Bytes
DtlsRecord::Serialize() const
{
    TlsWriter w;
    w.U8(type);
    w.U16(version);
    w.U16(epoch);
    w.U48(sequence);
    w.Vector16(fragment);
    return w.Take();
}

bool
DtlsRecord::ParseDatagram(const uint8_t* data,
                          std::size_t length,
                          std::vector<DtlsRecord>& records,
                          std::string* error)
{
    TlsReader r(data, length);
    std::string why;
    while (!r.AtEnd())
    {
        DtlsRecord rec;
        uint16_t fragmentLength;
        if (!r.U8(rec.type) || !r.U16(rec.version) || !r.U16(rec.epoch) || !r.U48(rec.sequence) ||
            !r.U16(fragmentLength))
        {
            why = "truncated record header";
            break;
        }
        if (rec.type < dtls::CHANGE_CIPHER_SPEC || rec.type > dtls::APPLICATION_DATA)
        {
            why = "unknown content type " + std::to_string(rec.type);
            break;
        }
        if ((rec.version >> 8) != 0xfe)
        {
            why = "not a DTLS version";
            break;
        }
        // RFC 6347: TLSCiphertext.length must not exceed 2^14 + 2048
        if (fragmentLength > dtls::MAX_PLAINTEXT_BYTES + 2048)
        {
            why = "record too long";
            break;
        }
        if (!r.Raw(fragmentLength, rec.fragment))
        {
            why = "record longer than the datagram";
            break;
        }
        records.push_back(std::move(rec));
    }
    if (error != nullptr)
    {
        *error = why;
    }
    return why.empty();
}

Bytes
DtlsHandshakeFragment::Serialize() const
{
    TlsWriter w;
    w.U8(msgType);
    w.U24(length);
    w.U16(messageSeq);
    w.U24(fragmentOffset);
    w.U24(static_cast<uint32_t>(body.size()));
    w.Raw(body);
    return w.Take();
}

bool
DtlsHandshakeFragment::ParseAll(const Bytes& data,
                                std::vector<DtlsHandshakeFragment>& fragments,
                                std::string* error)
{
    TlsReader r(data);
    auto fail = [error](const std::string& why) {
        if (error != nullptr)
        {
            *error = why;
        }
        return false;
    };
    if (r.AtEnd())
    {
        return fail("empty handshake record");
    }
    while (!r.AtEnd())
    {
        DtlsHandshakeFragment f;
        uint32_t fragmentLength;
        if (!r.U8(f.msgType) || !r.U24(f.length) || !r.U16(f.messageSeq) ||
            !r.U24(f.fragmentOffset) || !r.U24(fragmentLength))
        {
            return fail("truncated handshake header");
        }
        if (uint64_t{f.fragmentOffset} + fragmentLength > f.length)
        {
            return fail("fragment beyond the message length");
        }
        if (!r.Raw(fragmentLength, f.body))
        {
            return fail("fragment longer than the record");
        }
        fragments.push_back(std::move(f));
    }
    return true;
}

// ------------------------------------------------------------------------------------------
// Hello messages
// ------------------------------------------------------------------------------------------

namespace
{

/**
 * \param w writer
 * \param extensions extensions to write
 * \param emptyBlock write the (empty) block even when there are none
 */
void
WriteExtensions(TlsWriter& w, const std::vector<TlsExtension>& extensions, bool emptyBlock)
{
    if (extensions.empty() && !emptyBlock)
    {
        return;
    }
    TlsWriter block;
    for (const auto& e : extensions)
    {
        block.U16(e.type);
        block.Vector16(e.data);
    }
    w.Vector16(block.Data());
}

/**
 * \param r reader positioned after the fixed fields of a hello
 * \param[out] extensions the extensions
 * \param[out] present whether an extensions block was present (possibly empty)
 * \return false if the extensions block is malformed or followed by anything
 */
bool
ReadExtensions(TlsReader& r, std::vector<TlsExtension>& extensions, bool& present)
{
    present = !r.AtEnd();
    if (r.AtEnd())
    {
        return true; // extensions are optional
    }
    Bytes block;
    if (!r.Vector16(block) || !r.AtEnd())
    {
        return false;
    }
    TlsReader e(block);
    while (!e.AtEnd())
    {
        TlsExtension ext;
        if (!e.U16(ext.type) || !e.Vector16(ext.data))
        {
            return false;
        }
        for (const auto& seen : extensions)
        {
            if (seen.type == ext.type)
            {
                return false; // RFC 5246: no duplicate extension types
            }
        }
        extensions.push_back(std::move(ext));
    }
    return true;
}

/**
 * \param error where to put the reason
 * \param why the reason
 * \return false
 */
bool
Fail(std::string* error, const std::string& why)
{
    if (error != nullptr)
    {
        *error = why;
    }
    return false;
}

} // namespace

Bytes
DtlsClientHello::Serialize(bool withCookie) const
{
    NS_ABORT_MSG_UNLESS(random.size() == dtls::RANDOM_BYTES, "ClientHello: random size");
    TlsWriter w;
    w.U16(clientVersion);
    w.Raw(random);
    w.Vector8(sessionId);
    if (withCookie)
    {
        w.Vector8(cookie);
    }
    TlsWriter suites;
    for (uint16_t s : cipherSuites)
    {
        suites.U16(s);
    }
    w.Vector16(suites.Data());
    w.Vector8(compressionMethods);
    WriteExtensions(w, extensions, extensionBlock);
    return w.Take();
}

bool
DtlsClientHello::Parse(const Bytes& body, bool withCookie, std::string* error)
{
    TlsReader r(body);
    Bytes suites;
    if (!r.U16(clientVersion) || !r.Raw(dtls::RANDOM_BYTES, random) || !r.Vector8(sessionId, 0, 32))
    {
        return Fail(error, "malformed ClientHello header");
    }
    if (withCookie && !r.Vector8(cookie))
    {
        return Fail(error, "malformed ClientHello cookie");
    }
    if (!r.Vector16(suites, 2, 65534) || suites.size() % 2 != 0)
    {
        return Fail(error, "malformed ClientHello cipher suites");
    }
    cipherSuites.clear();
    for (std::size_t i = 0; i < suites.size(); i += 2)
    {
        cipherSuites.push_back(static_cast<uint16_t>((suites[i] << 8) | suites[i + 1]));
    }
    if (!r.Vector8(compressionMethods, 1, 255))
    {
        return Fail(error, "malformed ClientHello compression methods");
    }
    extensions.clear();
    if (!ReadExtensions(r, extensions, extensionBlock))
    {
        return Fail(error, "malformed ClientHello extensions");
    }
    return true;
}

bool
DtlsClientHello::HasExtension(uint16_t type) const
{
    for (const auto& e : extensions)
    {
        if (e.type == type)
        {
            return true;
        }
    }
    return false;
}

Bytes
DtlsServerHello::Serialize() const
{
    NS_ABORT_MSG_UNLESS(random.size() == dtls::RANDOM_BYTES, "ServerHello: random size");
    TlsWriter w;
    w.U16(serverVersion);
    w.Raw(random);
    w.Vector8(sessionId);
    w.U16(cipherSuite);
    w.U8(compressionMethod);
    WriteExtensions(w, extensions, extensionBlock);
    return w.Take();
}

bool
DtlsServerHello::Parse(const Bytes& body, std::string* error)
{
    TlsReader r(body);
    if (!r.U16(serverVersion) || !r.Raw(dtls::RANDOM_BYTES, random) ||
        !r.Vector8(sessionId, 0, 32) || !r.U16(cipherSuite) || !r.U8(compressionMethod))
    {
        return Fail(error, "malformed ServerHello");
    }
    extensions.clear();
    if (!ReadExtensions(r, extensions, extensionBlock))
    {
        return Fail(error, "malformed ServerHello extensions");
    }
    return true;
}

Bytes
DtlsHelloVerifyRequest::Serialize() const
{
    TlsWriter w;
    w.U16(serverVersion);
    w.Vector8(cookie);
    return w.Take();
}

bool
DtlsHelloVerifyRequest::Parse(const Bytes& body, std::string* error)
{
    TlsReader r(body);
    if (!r.U16(serverVersion) || !r.Vector8(cookie) || !r.AtEnd())
    {
        return Fail(error, "malformed HelloVerifyRequest");
    }
    return true;
}

bool
MapHelloVersion(uint16_t version, bool toDtls, uint16_t& mapped)
{
    if (toDtls)
    {
        if (version == dtls::TLS_1_2)
        {
            mapped = dtls::DTLS_1_2;
            return true;
        }
        if (version == 0x0302 || version == 0x0301)
        {
            mapped = dtls::DTLS_1_0;
            return true;
        }
        return false;
    }
    if (version == dtls::DTLS_1_2)
    {
        mapped = dtls::TLS_1_2;
        return true;
    }
    if (version == dtls::DTLS_1_0)
    {
        mapped = 0x0302;
        return true;
    }
    return false;
}

bool
MapClientHelloBody(const Bytes& body, bool toDtls, Bytes& mapped, std::string* error)
{
    // client_version (2), random (32), session_id <0..32>, [cookie <0..255>], the rest
    const std::size_t sidAt = 2 + dtls::RANDOM_BYTES;
    if (body.size() < sidAt + 1 || body[sidAt] > 32 || body.size() < sidAt + 1 + body[sidAt])
    {
        return Fail(error, "ClientHello too short to map");
    }
    uint16_t version = static_cast<uint16_t>((body[0] << 8) | body[1]);
    uint16_t other;
    if (!MapHelloVersion(version, toDtls, other))
    {
        return Fail(error, "ClientHello version has no counterpart");
    }
    std::size_t rest = sidAt + 1 + body[sidAt];
    mapped.clear();
    mapped.reserve(body.size() + 1);
    mapped.push_back(static_cast<uint8_t>(other >> 8));
    mapped.push_back(static_cast<uint8_t>(other));
    mapped.insert(mapped.end(), body.begin() + 2, body.begin() + static_cast<std::ptrdiff_t>(rest));
    if (toDtls)
    {
        mapped.push_back(0); // an empty cookie: the TCP handshake proved the address
    }
    else
    {
        if (body.size() < rest + 1 || body.size() < rest + 1 + body[rest])
        {
            return Fail(error, "ClientHello cookie runs past the body");
        }
        rest += 1 + body[rest];
    }
    mapped.insert(mapped.end(), body.begin() + static_cast<std::ptrdiff_t>(rest), body.end());
    return true;
}

bool
MapServerHelloBody(const Bytes& body, bool toDtls, Bytes& mapped, std::string* error)
{
    uint16_t other;
    if (body.size() < 2 ||
        !MapHelloVersion(static_cast<uint16_t>((body[0] << 8) | body[1]), toDtls, other))
    {
        return Fail(error, "ServerHello version has no counterpart");
    }
    mapped = body;
    mapped[0] = static_cast<uint8_t>(other >> 8);
    mapped[1] = static_cast<uint8_t>(other);
    return true;
}

bool
ParsePskOpaque(const Bytes& body, Bytes& value, std::string* error)
{
    TlsReader r(body);
    if (!r.Vector16(value) || !r.AtEnd())
    {
        return Fail(error, "malformed PSK identity");
    }
    return true;
}

Bytes
SerializePskOpaque(const Bytes& value)
{
    TlsWriter w;
    w.Vector16(value);
    return w.Take();
}

} // namespace ns3
