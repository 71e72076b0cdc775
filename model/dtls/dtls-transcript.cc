/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dtls-transcript.h"

namespace ns3
{

namespace
{

/**
 * \param m a message
 * \param encoding the framing
 * \return the message with its header
 */
Bytes
Frame(const DtlsTranscript::Message& m, DtlsTranscript::Encoding encoding)
{
    const Bytes* body = &m.body;
    Bytes mapped;
    if (encoding == DtlsTranscript::TLS_MAPPED)
    {
        // as the TLS peer behind a mapping border router hashed them (Table I); a body that
        // cannot be mapped is hashed as it is, and the Finished check fails
        bool ok = m.type == dtls::CLIENT_HELLO ? MapClientHelloBody(m.body, false, mapped, nullptr)
                  : m.type == dtls::SERVER_HELLO
                      ? MapServerHelloBody(m.body, false, mapped, nullptr)
                      : false;
        if (ok)
        {
            body = &mapped;
        }
    }
    TlsWriter w;
    w.U8(m.type);
    w.U24(static_cast<uint32_t>(body->size()));
    if (encoding == DtlsTranscript::DTLS)
    {
        w.U16(m.seq);
        w.U24(0);
        w.U24(static_cast<uint32_t>(body->size()));
    }
    w.Raw(*body);
    return w.Take();
}

} // namespace

void
DtlsTranscript::Add(uint8_t type, uint16_t seq, const Bytes& body)
{
    m_messages.push_back({type, seq, body});
    m_runningHash.Update(Frame(m_messages.back(), m_running));
}

void
DtlsTranscript::SetRunningEncoding(Encoding encoding)
{
    if (encoding == m_running)
    {
        return;
    }
    m_running = encoding;
    m_runningHash.Reset();
    for (const auto& m : m_messages)
    {
        m_runningHash.Update(Frame(m, m_running));
    }
}

Bytes
DtlsTranscript::Hash(Encoding encoding) const
{
    if (encoding == m_running)
    {
        return m_runningHash.Digest();
    }
    return Crypto::Sha256(Encode(encoding));
}

Bytes
DtlsTranscript::Encode(Encoding encoding) const
{
    Bytes out;
    for (const auto& m : m_messages)
    {
        Bytes framed = Frame(m, encoding);
        out.insert(out.end(), framed.begin(), framed.end());
    }
    return out;
}

const std::vector<DtlsTranscript::Message>&
DtlsTranscript::GetMessages() const
{
    return m_messages;
}

void
DtlsTranscript::Clear()
{
    m_messages.clear();
    m_runningHash.Reset();
}

uint64_t
DtlsTranscript::GetLength() const
{
    return m_runningHash.GetLength();
}

} // namespace ns3
