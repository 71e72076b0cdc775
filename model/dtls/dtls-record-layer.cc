/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dtls-record-layer.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DtlsRecordLayer");

std::string
TlsProtocolName(TlsProtocol protocol)
{
    return protocol == TlsProtocol::TLS_1_2 ? "TLS 1.2" : "DTLS 1.2";
}

std::unique_ptr<RecordLayer>
RecordLayer::Create(TlsProtocol protocol)
{
    if (protocol == TlsProtocol::TLS_1_2)
    {
        return std::make_unique<TlsRecordLayer>();
    }
    return std::make_unique<DtlsRecordLayer>();
}

// ------------------------------------------------------------------------------------------
// DTLS
// ------------------------------------------------------------------------------------------

TlsProtocol
DtlsRecordLayer::GetProtocol() const
{
    return TlsProtocol::DTLS_1_2;
}

uint16_t
DtlsRecordLayer::GetVersion() const
{
    return dtls::DTLS_1_2;
}

std::size_t
DtlsRecordLayer::GetHeaderBytes() const
{
    return dtls::RECORD_HEADER_BYTES;
}

uint64_t
DtlsRecordLayer::GetMaxSequence() const
{
    return dtls::MAX_SEQUENCE;
}

bool
DtlsRecordLayer::IsReliable() const
{
    return false;
}

bool
DtlsRecordLayer::Input(const Bytes& bytes, std::vector<DtlsRecord>& records, std::string* error)
{
    return DtlsRecord::ParseDatagram(bytes.data(), bytes.size(), records, error);
}

Bytes
DtlsRecordLayer::Serialize(const DtlsRecord& record) const
{
    return record.Serialize();
}

uint64_t
DtlsRecordLayer::GetNonceSequence(const DtlsRecord& record) const
{
    return (uint64_t{record.epoch} << 48) | (record.sequence & dtls::MAX_SEQUENCE);
}

uint32_t
DtlsRecordLayer::GetBufferedBytes() const
{
    return 0;
}

void
DtlsRecordLayer::Reset()
{
}

// ------------------------------------------------------------------------------------------
// TLS
// ------------------------------------------------------------------------------------------

TlsProtocol
TlsRecordLayer::GetProtocol() const
{
    return TlsProtocol::TLS_1_2;
}

uint16_t
TlsRecordLayer::GetVersion() const
{
    return dtls::TLS_1_2;
}

std::size_t
TlsRecordLayer::GetHeaderBytes() const
{
    return dtls::TLS_RECORD_HEADER_BYTES;
}

uint64_t
TlsRecordLayer::GetMaxSequence() const
{
    return ~uint64_t{0};
}

bool
TlsRecordLayer::IsReliable() const
{
    return true;
}

bool
TlsRecordLayer::Input(const Bytes& bytes, std::vector<DtlsRecord>& records, std::string* error)
{
    if (m_broken)
    {
        if (error != nullptr)
        {
            *error = m_brokenWhy;
        }
        return false;
    }
    m_buffer.insert(m_buffer.end(), bytes.begin(), bytes.end());
    std::size_t pos = 0;
    std::string why;
    while (m_buffer.size() - pos >= dtls::TLS_RECORD_HEADER_BYTES)
    {
        const uint8_t* h = m_buffer.data() + pos;
        uint8_t type = h[0];
        uint16_t version = static_cast<uint16_t>((h[1] << 8) | h[2]);
        std::size_t length = static_cast<std::size_t>((h[3] << 8) | h[4]);
        if (type < dtls::CHANGE_CIPHER_SPEC || type > dtls::APPLICATION_DATA)
        {
            why = "unknown content type " + std::to_string(type);
            break;
        }
        // RFC 5246, appendix E.1: a ClientHello's record may carry any {03,xx}
        if ((version >> 8) != 0x03)
        {
            why = "not a TLS version";
            break;
        }
        if (length > dtls::MAX_PLAINTEXT_BYTES + 2048)
        {
            why = "record too long";
            break;
        }
        if (length == 0 && type != dtls::APPLICATION_DATA)
        {
            // RFC 5246, 6.2.1: zero-length fragments of other types must not be sent
            why = "empty " + std::to_string(type) + " record";
            break;
        }
        if (m_buffer.size() - pos < dtls::TLS_RECORD_HEADER_BYTES + length)
        {
            break; // the rest of the record has not arrived yet
        }
        DtlsRecord record;
        record.type = type;
        record.version = version;
        record.epoch = m_readEpoch;
        record.sequence = m_readSeq++;
        record.fragment.assign(h + dtls::TLS_RECORD_HEADER_BYTES,
                               h + dtls::TLS_RECORD_HEADER_BYTES + length);
        pos += dtls::TLS_RECORD_HEADER_BYTES + length;
        if (type == dtls::CHANGE_CIPHER_SPEC)
        {
            if (m_readEpoch != 0)
            {
                why = "a second ChangeCipherSpec";
                break;
            }
            // the records after it are protected, numbered from 0 (RFC 5246, 6.1)
            m_readEpoch = 1;
            m_readSeq = 0;
        }
        records.push_back(std::move(record));
    }
    m_buffer.erase(m_buffer.begin(), m_buffer.begin() + static_cast<std::ptrdiff_t>(pos));
    if (!why.empty())
    {
        NS_LOG_LOGIC("TLS record stream broken: " << why);
        m_broken = true;
        m_brokenWhy = why;
        m_buffer.clear();
        if (error != nullptr)
        {
            *error = why;
        }
        return false;
    }
    return true;
}

Bytes
TlsRecordLayer::Serialize(const DtlsRecord& record) const
{
    TlsWriter w;
    w.U8(record.type);
    w.U16(record.version);
    w.U16(static_cast<uint16_t>(record.fragment.size()));
    w.Raw(record.fragment);
    return w.Take();
}

uint64_t
TlsRecordLayer::GetNonceSequence(const DtlsRecord& record) const
{
    return record.sequence;
}

uint32_t
TlsRecordLayer::GetBufferedBytes() const
{
    return static_cast<uint32_t>(m_buffer.size());
}

void
TlsRecordLayer::Reset()
{
    m_buffer.clear();
    m_readEpoch = 0;
    m_readSeq = 0;
    m_broken = false;
    m_brokenWhy.clear();
}

uint16_t
TlsRecordLayer::GetReadEpoch() const
{
    return m_readEpoch;
}

uint64_t
TlsRecordLayer::GetReadSequence() const
{
    return m_readSeq;
}

} // namespace ns3
