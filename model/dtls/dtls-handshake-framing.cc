/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dtls-handshake-framing.h"

#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DtlsHandshakeFraming");

std::unique_ptr<HandshakeFraming>
HandshakeFraming::Create(TlsProtocol protocol, uint32_t maxMessageBytes)
{
    if (protocol == TlsProtocol::TLS_1_2)
    {
        return std::make_unique<TlsHandshakeFraming>(maxMessageBytes);
    }
    return std::make_unique<DtlsHandshakeFraming>(maxMessageBytes);
}

namespace
{

/// \return true if a message of this type belongs in this epoch (only Finished is protected)
bool
InRightEpoch(uint8_t type, uint16_t epoch)
{
    return (type == dtls::FINISHED) == (epoch == 1);
}

} // namespace

// ------------------------------------------------------------------------------------------
// DTLS
// ------------------------------------------------------------------------------------------

DtlsHandshakeFraming::DtlsHandshakeFraming(uint32_t maxMessageBytes)
    : m_reassembler(maxMessageBytes)
{
}

std::size_t
DtlsHandshakeFraming::GetHeaderBytes() const
{
    return dtls::HANDSHAKE_HEADER_BYTES;
}

DtlsTranscript::Encoding
DtlsHandshakeFraming::GetTranscriptEncoding() const
{
    return DtlsTranscript::DTLS;
}

std::vector<Bytes>
DtlsHandshakeFraming::Frame(uint8_t type,
                            uint16_t seq,
                            const Bytes& body,
                            std::size_t maxPayload) const
{
    std::size_t maxFragment = body.size();
    if (maxPayload != 0)
    {
        maxFragment = maxPayload > dtls::HANDSHAKE_HEADER_BYTES + 1
                          ? maxPayload - dtls::HANDSHAKE_HEADER_BYTES
                          : 1;
    }
    maxFragment = std::max<std::size_t>(maxFragment, 1);
    std::vector<Bytes> out;
    std::size_t offset = 0;
    do
    {
        std::size_t n = std::min(maxFragment, body.size() - offset);
        DtlsHandshakeFragment f;
        f.msgType = type;
        f.length = static_cast<uint32_t>(body.size());
        f.messageSeq = seq;
        f.fragmentOffset = static_cast<uint32_t>(offset);
        f.body.assign(body.begin() + static_cast<std::ptrdiff_t>(offset),
                      body.begin() + static_cast<std::ptrdiff_t>(offset + n));
        out.push_back(f.Serialize());
        offset += n;
    } while (offset < body.size());
    return out;
}

bool
DtlsHandshakeFraming::Add(const Bytes& payload, uint16_t epoch, Report& report, std::string* error)
{
    std::vector<DtlsHandshakeFragment> fragments;
    if (!DtlsHandshakeFragment::ParseAll(payload, fragments, error))
    {
        return false;
    }
    for (const auto& f : fragments)
    {
        if (!InRightEpoch(f.msgType, epoch))
        {
            ++report.unexpectedEpoch;
            continue;
        }
        switch (m_reassembler.Add(f))
        {
        case DtlsReassembler::DUPLICATE:
            if (f.fragmentOffset == 0)
            {
                report.duplicateStarts.push_back(f.messageSeq);
            }
            break;
        case DtlsReassembler::INVALID:
            ++report.invalid;
            break;
        case DtlsReassembler::TOO_FAR:
            ++report.tooFar;
            break;
        case DtlsReassembler::BUFFERED:
            break;
        }
    }
    return true;
}

bool
DtlsHandshakeFraming::PopNext(uint8_t& type, uint16_t& seq, Bytes& body)
{
    return m_reassembler.PopNext(type, seq, body);
}

void
DtlsHandshakeFraming::Reset(uint16_t next)
{
    m_reassembler.Reset(next);
}

uint32_t
DtlsHandshakeFraming::GetBufferedBytes() const
{
    return m_reassembler.GetBufferedBytes();
}

uint16_t
DtlsHandshakeFraming::GetNextSeq() const
{
    return m_reassembler.GetNextSeq();
}

// ------------------------------------------------------------------------------------------
// TLS
// ------------------------------------------------------------------------------------------

TlsHandshakeFraming::TlsHandshakeFraming(uint32_t maxMessageBytes)
    : m_maxMessageBytes(maxMessageBytes)
{
}

std::size_t
TlsHandshakeFraming::GetHeaderBytes() const
{
    return dtls::TLS_HANDSHAKE_HEADER_BYTES;
}

DtlsTranscript::Encoding
TlsHandshakeFraming::GetTranscriptEncoding() const
{
    return DtlsTranscript::TLS;
}

std::vector<Bytes>
TlsHandshakeFraming::Frame(uint8_t type,
                           uint16_t seq,
                           const Bytes& body,
                           std::size_t maxPayload) const
{
    (void)seq;
    TlsWriter w;
    w.U8(type);
    w.U24(static_cast<uint32_t>(body.size()));
    w.Raw(body);
    Bytes framed = w.Take();
    std::size_t piece = maxPayload == 0 ? dtls::MAX_PLAINTEXT_BYTES
                                        : std::min(maxPayload, dtls::MAX_PLAINTEXT_BYTES);
    std::vector<Bytes> out;
    for (std::size_t offset = 0; offset < framed.size(); offset += piece)
    {
        std::size_t n = std::min(piece, framed.size() - offset);
        out.emplace_back(framed.begin() + static_cast<std::ptrdiff_t>(offset),
                         framed.begin() + static_cast<std::ptrdiff_t>(offset + n));
    }
    return out;
}

bool
TlsHandshakeFraming::Add(const Bytes& payload, uint16_t epoch, Report& report, std::string* error)
{
    m_partial.insert(m_partial.end(), payload.begin(), payload.end());
    std::size_t pos = 0;
    bool ok = true;
    while (m_partial.size() - pos >= dtls::TLS_HANDSHAKE_HEADER_BYTES)
    {
        const uint8_t* h = m_partial.data() + pos;
        uint32_t length = (uint32_t{h[1]} << 16) | (uint32_t{h[2]} << 8) | h[3];
        if (length > m_maxMessageBytes)
        {
            if (error != nullptr)
            {
                *error = "handshake message of " + std::to_string(length) + " bytes";
            }
            ok = false;
            break;
        }
        if (m_partial.size() - pos < dtls::TLS_HANDSHAKE_HEADER_BYTES + length)
        {
            break;
        }
        Message m;
        m.type = h[0];
        m.seq = m_next++;
        m.body.assign(h + dtls::TLS_HANDSHAKE_HEADER_BYTES,
                      h + dtls::TLS_HANDSHAKE_HEADER_BYTES + length);
        pos += dtls::TLS_HANDSHAKE_HEADER_BYTES + length;
        if (!InRightEpoch(m.type, epoch))
        {
            ++report.unexpectedEpoch;
            continue;
        }
        m_ready.push_back(std::move(m));
    }
    if (!ok)
    {
        m_partial.clear();
        return false;
    }
    m_partial.erase(m_partial.begin(), m_partial.begin() + static_cast<std::ptrdiff_t>(pos));
    return true;
}

bool
TlsHandshakeFraming::PopNext(uint8_t& type, uint16_t& seq, Bytes& body)
{
    if (m_ready.empty())
    {
        return false;
    }
    type = m_ready.front().type;
    seq = m_ready.front().seq;
    body = std::move(m_ready.front().body);
    m_ready.pop_front();
    return true;
}

void
TlsHandshakeFraming::Reset(uint16_t next)
{
    m_partial.clear();
    m_ready.clear();
    m_next = next;
}

uint32_t
TlsHandshakeFraming::GetBufferedBytes() const
{
    uint32_t bytes = static_cast<uint32_t>(m_partial.size());
    for (const auto& m : m_ready)
    {
        bytes += static_cast<uint32_t>(m.body.size() + dtls::TLS_HANDSHAKE_HEADER_BYTES);
    }
    return bytes;
}

uint16_t
TlsHandshakeFraming::GetNextSeq() const
{
    return m_ready.empty() ? m_next : m_ready.front().seq;
}

} // namespace ns3
