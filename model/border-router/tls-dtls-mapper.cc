/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-dtls-mapper.h"

#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TlsDtlsMapper");

std::string
TlsDtlsTamperFieldName(TlsDtlsTamperField field)
{
    switch (field)
    {
    case TAMPER_NONE:
        return "None";
    case TAMPER_CLIENT_RANDOM:
        return "ClientRandom";
    case TAMPER_SERVER_RANDOM:
        return "ServerRandom";
    case TAMPER_FINISHED_SEQUENCE:
        return "FinishedSequence";
    }
    return "unknown";
}

bool
TlsDtlsTamperFieldFromName(const std::string& name, TlsDtlsTamperField& field)
{
    for (TlsDtlsTamperField f :
         {TAMPER_NONE, TAMPER_CLIENT_RANDOM, TAMPER_SERVER_RANDOM, TAMPER_FINISHED_SEQUENCE})
    {
        if (TlsDtlsTamperFieldName(f) == name)
        {
            field = f;
            return true;
        }
    }
    return false;
}

TlsDtlsMapper::TlsDtlsMapper(const TlsDtlsMapperConfig& config, TlsDtlsMapperListener& listener)
    : m_config(config),
      m_listener(listener),
      m_tlsHandshake(config.maxMessageBytes),
      m_nodeHandshake(config.maxMessageBytes),
      m_timeout(config.initialTimeout)
{
}

void
TlsDtlsMapper::SetTamper(TlsDtlsTamperField field)
{
    m_tamper = field;
}

void
TlsDtlsMapper::Failed(const std::string& reason)
{
    NS_LOG_FUNCTION(this << reason);
    if (m_failed)
    {
        return;
    }
    m_failed = true;
    StopTimer();
    m_flight.clear();
    m_listener.MapperFailed(reason);
}

// ------------------------------------------------------------------------------------------
// TLS -> DTLS
// ------------------------------------------------------------------------------------------

void
TlsDtlsMapper::FromTls(Time now, const Bytes& bytes)
{
    NS_LOG_FUNCTION(this << now << bytes.size());
    if (m_failed)
    {
        return;
    }
    std::vector<DtlsRecord> records;
    std::string error;
    bool whole = m_tlsIn.Input(bytes, records, &error);
    std::vector<Kept> items;
    bool handshake = false;
    for (const auto& r : records)
    {
        if (r.epoch == 1)
        {
            // protected: only the header changes; the epoch and the sequence number are the
            // ones TLS leaves implicit, so that the node can check the MAC with them
            Kept k{r.type, 1, r.sequence, r.fragment};
            if (r.type == dtls::HANDSHAKE)
            {
                handshake = true;
                m_clientFinishedSeen = true;
                if (m_tamper == TAMPER_FINISHED_SEQUENCE)
                {
                    k.tlsSequence += 1;
                    m_tamper = TAMPER_NONE;
                }
            }
            items.push_back(std::move(k));
            continue;
        }
        switch (r.type)
        {
        case dtls::HANDSHAKE: {
            HandshakeFraming::Report report;
            if (!m_tlsHandshake.Add(r.fragment, 0, report, &error))
            {
                Failed("the client's handshake does not parse: " + error);
                return;
            }
            uint8_t type;
            uint16_t seq;
            Bytes body;
            while (m_tlsHandshake.PopNext(type, seq, body))
            {
                std::vector<Bytes> fragments;
                MapHandshakeToNode(type, std::move(body), fragments);
                if (m_failed)
                {
                    return;
                }
                for (auto& f : fragments)
                {
                    items.push_back({dtls::HANDSHAKE, 0, 0, std::move(f)});
                }
                handshake = true;
            }
            break;
        }
        case dtls::CHANGE_CIPHER_SPEC:
            items.push_back({r.type, 0, 0, r.fragment});
            handshake = true;
            break;
        case dtls::ALERT:
            items.push_back({r.type, 0, 0, r.fragment});
            break;
        default:
            Failed("application data from the client before its ChangeCipherSpec");
            return;
        }
    }
    if (!items.empty())
    {
        if (handshake)
        {
            // part of the client's handshake flight: kept to be re-sent if the LLN loses it;
            // a flight arriving in several TCP segments is one flight until the node answers
            if (m_nodeAnswered)
            {
                m_flight.clear();
                m_flightBytes = 0;
                m_nodeAnswered = false;
                m_expiries = 0;
                m_timeout = m_config.initialTimeout;
            }
            for (const auto& k : items)
            {
                if (k.type != dtls::APPLICATION_DATA && k.type != dtls::ALERT)
                {
                    m_flightBytes += static_cast<uint32_t>(k.fragment.size());
                    m_flight.push_back(k);
                }
            }
            if (m_flightBytes > m_config.maxFlightBytes)
            {
                Failed("the client's flight exceeds " + std::to_string(m_config.maxFlightBytes) +
                       " bytes");
                return;
            }
        }
        SendToNode(items);
        if (handshake && !m_nodeFinishedForwarded)
        {
            ArmTimer(now);
        }
    }
    if (!whole)
    {
        Failed("the client's TLS stream does not parse: " + error);
    }
}

void
TlsDtlsMapper::MapHandshakeToNode(uint8_t type, Bytes body, std::vector<Bytes>& fragments)
{
    std::string error;
    std::size_t maxPayload = m_config.mtu > dtls::RECORD_HEADER_BYTES + 64
                                 ? m_config.mtu - dtls::RECORD_HEADER_BYTES
                                 : 64;
    if (type == dtls::CLIENT_HELLO)
    {
        Bytes mapped;
        if (!MapClientHelloBody(body, true, mapped, &error))
        {
            Failed("ClientHello: " + error);
            return;
        }
        if (m_tamper == TAMPER_CLIENT_RANDOM)
        {
            mapped[2 + 7] ^= 0x01; // a byte of the random
            m_tamper = TAMPER_NONE;
        }
        body = std::move(mapped);
        maxPayload = 0; // a ClientHello goes whole, as a DTLS client sends it
    }
    DtlsHandshakeFraming framing(m_config.maxMessageBytes);
    fragments = framing.Frame(type, m_toNodeMessageSeq++, body, maxPayload);
}

void
TlsDtlsMapper::SendToNode(const std::vector<Kept>& items)
{
    std::vector<Bytes> datagrams;
    Bytes current;
    for (const auto& k : items)
    {
        DtlsRecord r;
        r.type = k.type;
        r.version = dtls::DTLS_1_2;
        r.epoch = k.epoch;
        // epoch 0: a fresh number each time, so that the node takes a re-sent flight for a
        // retransmission rather than a duplicated datagram; epoch 1: TLS's implicit number
        r.sequence = k.epoch == 0 ? m_toNodeSeq0++ : (k.tlsSequence & dtls::MAX_SEQUENCE);
        r.fragment = k.fragment;
        Bytes bytes = r.Serialize();
        if (!current.empty() && current.size() + bytes.size() > m_config.mtu)
        {
            datagrams.push_back(std::move(current));
            current.clear();
        }
        current.insert(current.end(), bytes.begin(), bytes.end());
        ++m_recordsToNode;
    }
    if (!current.empty())
    {
        datagrams.push_back(std::move(current));
    }
    for (const auto& d : datagrams)
    {
        m_listener.MapperToNode(d);
    }
}

void
TlsDtlsMapper::ResendFlight(Time now)
{
    if (m_flight.empty() || m_failed)
    {
        return;
    }
    NS_LOG_LOGIC("re-sending the client's flight towards the node");
    ++m_retransmissions;
    SendToNode(m_flight);
    if (!m_nodeFinishedForwarded)
    {
        ArmTimer(now);
    }
}

void
TlsDtlsMapper::Timeout(Time now)
{
    m_timerArmed = false;
    if (m_failed || m_flight.empty() || m_nodeAnswered)
    {
        return;
    }
    if (++m_expiries > m_config.maxRetransmissions)
    {
        Failed("no answer from the node after " + std::to_string(m_config.maxRetransmissions) +
               " retransmissions");
        return;
    }
    m_timeout = std::min(m_timeout * 2, m_config.maxTimeout);
    ResendFlight(now);
}

void
TlsDtlsMapper::ArmTimer(Time now)
{
    m_timerArmed = true;
    m_listener.MapperSetTimer(now + m_timeout);
}

void
TlsDtlsMapper::StopTimer()
{
    if (m_timerArmed)
    {
        m_timerArmed = false;
        m_listener.MapperCancelTimer();
    }
}

// ------------------------------------------------------------------------------------------
// DTLS -> TLS
// ------------------------------------------------------------------------------------------

void
TlsDtlsMapper::TlsRecord(uint8_t type, const Bytes& fragment, Bytes& out) const
{
    for (std::size_t offset = 0; offset < fragment.size() || offset == 0;
         offset += dtls::MAX_PLAINTEXT_BYTES)
    {
        std::size_t n = std::min(dtls::MAX_PLAINTEXT_BYTES, fragment.size() - offset);
        TlsWriter w;
        w.U8(type);
        w.U16(dtls::TLS_1_2);
        w.U16(static_cast<uint16_t>(n));
        w.Raw(Bytes(fragment.begin() + static_cast<std::ptrdiff_t>(offset),
                    fragment.begin() + static_cast<std::ptrdiff_t>(offset + n)));
        Bytes b = w.Take();
        out.insert(out.end(), b.begin(), b.end());
        if (fragment.empty())
        {
            break;
        }
    }
}

void
TlsDtlsMapper::NodeAnswered()
{
    m_nodeAnswered = true;
    StopTimer();
}

void
TlsDtlsMapper::FromNode(Time now, const Bytes& datagram)
{
    NS_LOG_FUNCTION(this << now << datagram.size());
    if (m_failed)
    {
        return;
    }
    std::vector<DtlsRecord> records;
    DtlsRecord::ParseDatagram(datagram.data(), datagram.size(), records, nullptr);
    Bytes out;
    bool nodeResent = false;
    for (const auto& r : records)
    {
        if (r.epoch == 1)
        {
            if (r.type == dtls::HANDSHAKE)
            {
                if (m_nodeFinishedForwarded)
                {
                    ++m_duplicates; // the node re-sent its last flight: TCP has it already
                    continue;
                }
                m_nodeFinishedForwarded = true;
                NodeAnswered();
                // the client's last flight can no longer be needed: the node only answers it,
                // and the client, over TCP, never repeats it
                m_flight.clear();
                m_flightBytes = 0;
            }
            else if (m_lastNodeSeq1 > 0 && r.sequence < m_lastNodeSeq1)
            {
                ++m_duplicates; // a duplicated or late datagram: forwarded once already
                continue;
            }
            else if (r.type == dtls::APPLICATION_DATA && m_lastNodeAppSeq > 0 &&
                     r.sequence > m_lastNodeAppSeq + 1)
            {
                ++m_gaps; // a record lost in the LLN: the client's next MAC check fails
            }
            if (r.type != dtls::HANDSHAKE)
            {
                m_lastNodeSeq1 = r.sequence + 1;
                if (r.type == dtls::APPLICATION_DATA)
                {
                    m_lastNodeAppSeq = r.sequence;
                }
            }
            TlsRecord(r.type, r.fragment, out);
            ++m_recordsToTls;
            continue;
        }
        switch (r.type)
        {
        case dtls::HANDSHAKE: {
            std::vector<DtlsHandshakeFragment> fragments;
            if (!DtlsHandshakeFragment::ParseAll(r.fragment, fragments, nullptr))
            {
                continue; // a mangled datagram: the node will re-send
            }
            for (const auto& f : fragments)
            {
                if (f.msgType == dtls::HELLO_VERIFY_REQUEST)
                {
                    Failed("the node asked for a cookie (HelloVerifyRequest): nodes behind a "
                           "mapping router run without CookieExchange");
                    return;
                }
                if (m_nodeHandshake.Add(f) == DtlsReassembler::DUPLICATE)
                {
                    ++m_duplicates;
                    if (m_nodeFlightKnown && f.messageSeq == m_nodeFlightFirstSeq &&
                        f.fragmentOffset == 0)
                    {
                        nodeResent = true; // it did not get the client's last flight
                    }
                }
            }
            uint8_t type;
            uint16_t seq;
            Bytes body;
            while (m_nodeHandshake.PopNext(type, seq, body))
            {
                if (type == dtls::SERVER_HELLO)
                {
                    m_nodeFlightFirstSeq = seq;
                    m_nodeFlightKnown = true;
                    NodeAnswered();
                    Bytes mapped;
                    std::string error;
                    if (!MapServerHelloBody(body, false, mapped, &error))
                    {
                        Failed("ServerHello: " + error);
                        return;
                    }
                    if (m_tamper == TAMPER_SERVER_RANDOM)
                    {
                        mapped[2 + 7] ^= 0x01;
                        m_tamper = TAMPER_NONE;
                    }
                    body = std::move(mapped);
                }
                TlsWriter w;
                w.U8(type);
                w.U24(static_cast<uint32_t>(body.size()));
                w.Raw(body);
                TlsRecord(dtls::HANDSHAKE, w.Data(), out);
                ++m_recordsToTls;
            }
            break;
        }
        case dtls::CHANGE_CIPHER_SPEC:
            if (m_nodeCcsForwarded)
            {
                ++m_duplicates;
                continue;
            }
            m_nodeCcsForwarded = true;
            NodeAnswered();
            TlsRecord(r.type, r.fragment, out);
            ++m_recordsToTls;
            break;
        case dtls::ALERT:
            TlsRecord(r.type, r.fragment, out);
            ++m_recordsToTls;
            break;
        default:
            ++m_duplicates; // nothing else is valid in epoch 0
            break;
        }
    }
    if (!out.empty())
    {
        m_listener.MapperToTls(out);
    }
    if (nodeResent && !m_nodeAnswered)
    {
        // the node re-sent its flight: it lost the client's; this counts against the same
        // bound as the timer's re-sends, so that two routers cannot ping-pong for ever
        if (++m_expiries > m_config.maxRetransmissions)
        {
            Failed("the node keeps re-sending its flight");
            return;
        }
        ResendFlight(now);
    }
}

// ------------------------------------------------------------------------------------------
// Figures
// ------------------------------------------------------------------------------------------

bool
TlsDtlsMapper::IsFailed() const
{
    return m_failed;
}

uint32_t
TlsDtlsMapper::GetHeaderStateBytes() const
{
    // what a constrained implementation of the router keeps per connection, field by field
    return 6        // next epoch-0 sequence number towards the node
           + 2      // next message_seq towards the node
           + 8      // the client's implicit TLS sequence number (read side)
           + 1      // the client's epoch (a flag)
           + 2      // the client's handshake message count
           + 2      // the node's next message_seq (reassembly)
           + 2      // message_seq of the node's last flight
           + 6      // highest epoch-1 sequence number from the node
           + 6      // the node's last application record
           + 1      // flags: CCS and Finished forwarded, node answered, failed
           + 4 + 1; // the retransmission timer's interval and expiries
}

uint32_t
TlsDtlsMapper::GetBufferedBytes() const
{
    uint32_t bytes = m_tlsIn.GetBufferedBytes() + m_tlsHandshake.GetBufferedBytes() +
                     m_nodeHandshake.GetBufferedBytes();
    for (const auto& k : m_flight)
    {
        bytes += static_cast<uint32_t>(k.fragment.size()) + 4;
    }
    return bytes;
}

uint32_t
TlsDtlsMapper::GetRetransmissions() const
{
    return m_retransmissions;
}

uint32_t
TlsDtlsMapper::GetDuplicatesDropped() const
{
    return m_duplicates;
}

uint32_t
TlsDtlsMapper::GetGaps() const
{
    return m_gaps;
}

uint64_t
TlsDtlsMapper::GetRecordsToNode() const
{
    return m_recordsToNode;
}

uint64_t
TlsDtlsMapper::GetRecordsToTls() const
{
    return m_recordsToTls;
}

bool
TlsDtlsMapper::IsHandshakeForwarded() const
{
    return m_nodeFinishedForwarded;
}

} // namespace ns3
