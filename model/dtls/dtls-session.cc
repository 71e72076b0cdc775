/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dtls-session.h"

#include "ns3/abort.h"
#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DtlsSession");

std::string
DtlsLossRecoveryName(DtlsLossRecovery recovery)
{
    return recovery == DtlsLossRecovery::RESTART_HANDSHAKE ? "RestartHandshake"
                                                           : "RetransmitFlight";
}

std::string
DtlsRejectReasonName(DtlsRejectReason reason)
{
    switch (reason)
    {
    case DtlsRejectReason::REPLAY:
        return "replay";
    case DtlsRejectReason::BAD_RECORD_MAC:
        return "bad_record_mac";
    case DtlsRejectReason::WRONG_EPOCH:
        return "wrong_epoch";
    case DtlsRejectReason::MALFORMED:
        return "malformed";
    case DtlsRejectReason::UNEXPECTED:
        return "unexpected";
    }
    return "unknown";
}

std::string
DtlsRefuseReasonName(DtlsRefuseReason reason)
{
    switch (reason)
    {
    case DtlsRefuseReason::TABLE_FULL:
        return "table_full";
    case DtlsRefuseReason::RAM_BUDGET:
        return "ram_budget";
    case DtlsRefuseReason::ADMISSION:
        return "admission";
    case DtlsRefuseReason::APPLICATION:
        return "application";
    case DtlsRefuseReason::NOT_ADMITTED:
        return "not_admitted";
    }
    return "unknown";
}

std::string
DtlsTicketStaleReason(const DtlsSessionTicket& ticket, const DtlsPskProvider& psk)
{
    Bytes key;
    if (!psk.LookupPsk(ticket.pskIdentity, key))
    {
        return "psk removed";
    }
    if (psk.GetPskGeneration(ticket.pskIdentity) != ticket.pskGeneration)
    {
        return "psk changed";
    }
    return "";
}

// ------------------------------------------------------------------------------------------
// DtlsSessionCache
// ------------------------------------------------------------------------------------------

DtlsSessionCache::DtlsSessionCache(uint32_t capacity)
    : m_capacity(capacity)
{
}

void
DtlsSessionCache::Store(const DtlsSessionTicket& ticket)
{
    if (m_capacity == 0 || !ticket.IsValid())
    {
        return;
    }
    m_entries.erase(std::remove_if(m_entries.begin(),
                                   m_entries.end(),
                                   [&ticket](const DtlsSessionTicket& t) {
                                       return t.sessionId == ticket.sessionId;
                                   }),
                    m_entries.end());
    m_entries.push_back(ticket);
    while (m_entries.size() > m_capacity)
    {
        m_entries.erase(m_entries.begin());
    }
}

bool
DtlsSessionCache::Lookup(const Bytes& sessionId, Bytes& masterSecret) const
{
    for (const auto& t : m_entries)
    {
        if (t.sessionId == sessionId)
        {
            masterSecret = t.masterSecret;
            return true;
        }
    }
    return false;
}

const DtlsSessionTicket*
DtlsSessionCache::Find(const Bytes& sessionId) const
{
    for (const auto& t : m_entries)
    {
        if (t.sessionId == sessionId)
        {
            return &t;
        }
    }
    return nullptr;
}

bool
DtlsSessionCache::Remove(const Bytes& sessionId)
{
    auto it =
        std::find_if(m_entries.begin(), m_entries.end(), [&sessionId](const DtlsSessionTicket& t) {
            return t.sessionId == sessionId;
        });
    if (it == m_entries.end())
    {
        return false;
    }
    m_entries.erase(it);
    return true;
}

std::vector<std::pair<Bytes, std::string>>
DtlsSessionCache::DropStale(const DtlsPskProvider& psk)
{
    std::vector<std::pair<Bytes, std::string>> dropped;
    std::vector<DtlsSessionTicket> kept;
    for (auto& t : m_entries)
    {
        std::string why = DtlsTicketStaleReason(t, psk);
        if (why.empty())
        {
            kept.push_back(std::move(t));
        }
        else
        {
            dropped.emplace_back(t.pskIdentity, why);
        }
    }
    m_entries = std::move(kept);
    return dropped;
}

uint32_t
DtlsSessionCache::GetSize() const
{
    return static_cast<uint32_t>(m_entries.size());
}

uint32_t
DtlsSessionCache::GetStateBytes() const
{
    uint32_t bytes = 0;
    for (const auto& t : m_entries)
    {
        bytes += static_cast<uint32_t>(t.sessionId.size() + t.masterSecret.size());
    }
    return bytes;
}

void
DtlsSessionCache::SetCapacity(uint32_t capacity)
{
    m_capacity = capacity;
    while (m_entries.size() > m_capacity)
    {
        m_entries.erase(m_entries.begin());
    }
}

// ------------------------------------------------------------------------------------------
// DtlsSession: construction and public API
// ------------------------------------------------------------------------------------------

DtlsSession::DtlsSession(const DtlsConfig& config,
                         EngineRandom& random,
                         DtlsSessionListener& listener,
                         const DtlsPskProvider* pskProvider,
                         DtlsSessionCache* cache)
    : m_config(config),
      m_random(random),
      m_listener(listener),
      m_psk(pskProvider),
      m_cache(cache),
      m_records(RecordLayer::Create(config.protocol)),
      m_framing(HandshakeFraming::Create(config.protocol, config.maxMessageBytes)),
      m_timeout(config.initialTimeout)
{
    m_transcript.SetRunningEncoding(m_framing->GetTranscriptEncoding());
    NS_ABORT_MSG_IF(config.role == DtlsRole::SERVER && m_psk == nullptr,
                    "DtlsSession: a server needs a PSK provider");
    NS_ABORT_MSG_UNLESS(config.initialTimeout.IsStrictlyPositive() &&
                            config.maxTimeout >= config.initialTimeout,
                        "DtlsSession: need 0 < InitialTimeout <= MaxTimeout");
    NS_ABORT_MSG_IF(config.sessionIdBytes > 32, "DtlsSession: session IDs are at most 32 bytes");
}

void
DtlsSession::Connect(Time now, const DtlsSessionTicket* resume)
{
    NS_LOG_FUNCTION(this << now);
    NS_ABORT_MSG_UNLESS(m_config.role == DtlsRole::CLIENT, "DtlsSession::Connect on a server");
    NS_ABORT_MSG_UNLESS(m_state == IDLE, "DtlsSession::Connect: already started");
    NS_ABORT_MSG_IF(m_config.pskIdentity.empty() || (m_psk == nullptr && m_config.psk.empty()),
                    "DtlsSession::Connect: the client needs a PSK identity, and a PSK or a "
                    "PSK provider");
    m_state = HANDSHAKING;
    m_stats = DtlsHandshakeStats();
    m_stats.start = now;
    m_pskIdentity = m_config.pskIdentity;
    if (resume != nullptr && resume->IsValid())
    {
        m_offered = *resume;
    }
    DtlsEvent e{DtlsEvent::HANDSHAKE_STARTED};
    Emit(e);
    SendClientHello(now);
}

void
DtlsSession::AcceptClientHello(Time now, const Bytes& datagram, bool helloVerified)
{
    NS_LOG_FUNCTION(this << now << helloVerified);
    NS_ABORT_MSG_UNLESS(m_config.role == DtlsRole::SERVER,
                        "DtlsSession::AcceptClientHello on a client");
    NS_ABORT_MSG_UNLESS(m_state == IDLE, "DtlsSession::AcceptClientHello: already started");
    NS_ABORT_MSG_IF(m_records->IsReliable(),
                    "DtlsSession::AcceptClientHello is DTLS's; a TLS server calls Accept()");
    std::vector<DtlsRecord> records;
    std::vector<DtlsHandshakeFragment> fragments;
    DtlsRecord::ParseDatagram(datagram.data(), datagram.size(), records, nullptr);
    if (records.empty() || records[0].type != dtls::HANDSHAKE ||
        !DtlsHandshakeFragment::ParseAll(records[0].fragment, fragments, nullptr) ||
        fragments[0].msgType != dtls::CLIENT_HELLO)
    {
        Reject(DtlsRejectReason::MALFORMED);
        return;
    }
    m_state = HANDSHAKING;
    m_stats = DtlsHandshakeStats();
    m_stats.start = now;
    m_helloVerified = helloVerified;
    m_stats.flights = helloVerified ? 2 : 0; // the first ClientHello and HelloVerifyRequest
    // Our first message carries the ClientHello's message_seq (RFC 6347, 4.2.2), and our
    // records continue the ClientHello's record numbers, so that a client that keeps a replay
    // window in epoch 0 never sees a number twice.
    m_framing->Reset(fragments[0].messageSeq);
    m_nextSendSeq = fragments[0].messageSeq;
    m_writeSeq[0] = records[0].sequence;
    DtlsEvent e{DtlsEvent::HANDSHAKE_STARTED};
    Emit(e);
    Receive(now, datagram);
}

void
DtlsSession::Accept(Time now)
{
    NS_LOG_FUNCTION(this << now);
    NS_ABORT_MSG_UNLESS(m_config.role == DtlsRole::SERVER, "DtlsSession::Accept on a client");
    NS_ABORT_MSG_UNLESS(m_records->IsReliable(),
                        "DtlsSession::Accept is TLS's; a DTLS server calls AcceptClientHello()");
    NS_ABORT_MSG_UNLESS(m_state == IDLE, "DtlsSession::Accept: already started");
    m_state = HANDSHAKING;
    m_stats = DtlsHandshakeStats();
    m_stats.start = now;
    ResetHandshake();
    DtlsEvent e{DtlsEvent::HANDSHAKE_STARTED};
    Emit(e);
}

void
DtlsSession::Receive(Time now, const Bytes& datagram)
{
    NS_LOG_FUNCTION(this << now << datagram.size());
    m_now = now;
    if (m_state == CLOSED || m_state == FAILED || m_state == IDLE)
    {
        Reject(DtlsRejectReason::UNEXPECTED);
        return;
    }
    if (m_state == HANDSHAKING)
    {
        m_stats.bytesReceived += datagram.size();
    }
    std::vector<DtlsRecord> records;
    std::string error;
    bool whole = m_records->Input(datagram, records, &error);
    bool sawOldFlight = false;
    for (const auto& record : records)
    {
        ProcessRecord(now, record, sawOldFlight);
        if (m_state == FAILED || m_state == CLOSED)
        {
            return;
        }
    }
    if (!whole)
    {
        NS_LOG_LOGIC(
            "malformed " << (m_records->IsReliable() ? "record stream: " : "datagram tail: ")
                         << error);
        Reject(DtlsRejectReason::MALFORMED);
    }
    if (sawOldFlight && !m_flight.empty() &&
        m_config.lossRecovery == DtlsLossRecovery::RETRANSMIT_FLIGHT)
    {
        NS_LOG_LOGIC("peer retransmitted its flight: re-sending flight " << m_flightNumber);
        TransmitFlight(now, true);
    }
}

void
DtlsSession::Timeout(Time now)
{
    NS_LOG_FUNCTION(this << now);
    m_timerArmed = false;
    if (m_state != HANDSHAKING || !m_flightExpectsReply || m_records->IsReliable())
    {
        return;
    }
    if (m_config.lossRecovery == DtlsLossRecovery::RESTART_HANDSHAKE &&
        m_config.role == DtlsRole::CLIENT)
    {
        // Any loss restarts the handshake; MaxRetransmissions bounds the restarts, so that a
        // handshake makes at most MaxRetransmissions + 1 attempts.
        if (m_stats.restarts >= m_config.maxRetransmissions)
        {
            Fail(now,
                 "timeout: no answer to flight " + std::to_string(m_flightNumber) + " after " +
                     std::to_string(m_config.maxRetransmissions) + " restarts",
                 -1);
            return;
        }
        ++m_stats.restarts;
        NS_LOG_LOGIC("restart " << m_stats.restarts << ": flight " << m_flightNumber
                                << " unanswered");
        DtlsEvent e{DtlsEvent::HANDSHAKE_RESTARTED};
        e.flight = m_flightNumber; // the flight that went unanswered
        Emit(e);
        SendClientHello(now);
        return;
    }
    ++m_timerExpiries;
    if (m_timerExpiries > m_config.maxRetransmissions)
    {
        Fail(now,
             "timeout: no answer to flight " + std::to_string(m_flightNumber) + " after " +
                 std::to_string(m_config.maxRetransmissions) + " retransmissions",
             -1);
        return;
    }
    m_timeout = std::min(m_timeout * 2, m_config.maxTimeout);
    if (m_config.lossRecovery == DtlsLossRecovery::RETRANSMIT_FLIGHT)
    {
        TransmitFlight(now, true);
    }
    else
    {
        // RestartHandshake server: no retransmission; wait for the client's new ClientHello,
        // and give the half-open association up after as many timer periods as a client
        // would retry.
        ArmTimer(now);
    }
}

bool
DtlsSession::Send(Time now, const Bytes& data)
{
    NS_LOG_FUNCTION(this << now << data.size());
    if (m_state != ESTABLISHED || data.size() > dtls::MAX_PLAINTEXT_BYTES)
    {
        return false;
    }
    m_now = now;
    Bytes record = Protect(dtls::APPLICATION_DATA, 1, data);
    DtlsEvent e{DtlsEvent::APP_DATA_SENT};
    e.bytes = static_cast<uint32_t>(data.size());
    Emit(e);
    m_listener.DtlsSend(record);
    return true;
}

void
DtlsSession::Close(Time now)
{
    NS_LOG_FUNCTION(this << now);
    if (m_state == ESTABLISHED)
    {
        SendAlert(now, dtls::WARNING, dtls::CLOSE_NOTIFY);
    }
    if (m_state == ESTABLISHED || m_state == HANDSHAKING)
    {
        StopTimer();
        m_state = CLOSED;
        m_flight.clear();
        DtlsEvent e{DtlsEvent::CLOSED};
        Emit(e);
    }
}

DtlsSession::State
DtlsSession::GetState() const
{
    return m_state;
}

DtlsRole
DtlsSession::GetRole() const
{
    return m_config.role;
}

TlsProtocol
DtlsSession::GetProtocol() const
{
    return m_config.protocol;
}

const DtlsHandshakeStats&
DtlsSession::GetStats() const
{
    return m_stats;
}

DtlsSessionTicket
DtlsSession::GetTicket() const
{
    DtlsSessionTicket t;
    if (m_state == ESTABLISHED)
    {
        t.sessionId = m_sessionId;
        t.masterSecret = m_masterSecret;
        t.pskIdentity = m_pskIdentity;
        t.pskGeneration = m_pskGeneration;
    }
    return t;
}

const Bytes&
DtlsSession::GetClientRandom() const
{
    return m_clientRandom;
}

const Bytes&
DtlsSession::GetPskIdentity() const
{
    return m_pskIdentity;
}

uint64_t
DtlsSession::GetPskGeneration() const
{
    return m_pskGeneration;
}

uint64_t
DtlsSession::GetRejected(DtlsRejectReason reason) const
{
    auto it = m_rejected.find(reason);
    return it == m_rejected.end() ? 0 : it->second;
}

uint32_t
DtlsSession::GetStateBytes() const
{
    // What a constrained implementation keeps per association (tinydtls-like layout)
    uint32_t bytes = 4;                                 // state, role, flags
    bytes += 2 * dtls::RANDOM_BYTES;                    // client and server randoms
    bytes += static_cast<uint32_t>(m_sessionId.size()); // session ID
    bytes += 48;                                        // master secret
    bytes += 2 * (16 + 4);                              // keys and implicit IVs
    if (m_records->IsReliable())
    {
        bytes += 2 * 8; // implicit 64-bit sequence numbers (the epoch is a flag)
        bytes += m_records->GetBufferedBytes(); // an incomplete record from the stream
    }
    else
    {
        bytes += 2 * (2 + 6);                    // epochs and sequence numbers
        bytes += DtlsReplayWindow::StateBytes(); // replay window
    }
    bytes += static_cast<uint32_t>(m_pskIdentity.size()); // PSK identity
    bytes += 16 + 2;                                      // peer address and port
    if (m_state == HANDSHAKING)
    {
        bytes += 104; // running SHA-256 transcript hash (state, buffer, length)
        bytes += static_cast<uint32_t>(m_cookie.size());
        bytes += m_framing->GetBufferedBytes();
    }
    for (const auto& item : m_flight)
    {
        bytes += static_cast<uint32_t>(item.body.size()) + 4; // kept for retransmission
    }
    return bytes;
}

const DtlsTranscript&
DtlsSession::GetTranscript() const
{
    return m_transcript;
}

// ------------------------------------------------------------------------------------------
// Flights and timers
// ------------------------------------------------------------------------------------------

void
DtlsSession::ResetHandshake()
{
    m_mappedTls = false;
    m_finishedOpenedAsTls = false;
    m_tlsWriteSeq = 1;
    m_transcript.SetRunningEncoding(m_framing->GetTranscriptEncoding());
    m_transcript.Clear();
    m_framing->Reset(0);
    m_nextSendSeq = 0;
    m_cookie.clear();
    m_abbreviated = false;
    m_helloVerified = false;
    m_keysReady = false;
    m_writeEpoch = 0;
    m_replay.Reset();
    m_replay0.Reset();
    m_peerFlightKnown = false;
    m_lastPeerFlight = 0;
    m_sessionId.clear();
    m_masterSecret.clear();
}

bool
DtlsSession::LookUpClientKey(Time now)
{
    // The key is asked for at every ClientHello that starts a handshake (Connect() and each
    // RestartHandshake restart) and kept for that handshake only: a key replaced in the
    // provider since the last handshake is the one this handshake uses.
    Bytes key = m_config.psk;
    uint64_t generation = 0;
    if (m_psk != nullptr)
    {
        if (!m_psk->LookupPsk(m_config.pskIdentity, key) || key.empty())
        {
            Fail(now,
                 "no key for PSK identity '" +
                     std::string(m_config.pskIdentity.begin(), m_config.pskIdentity.end()) + "'",
                 -1);
            return false;
        }
        generation = m_psk->GetPskGeneration(m_config.pskIdentity);
    }
    m_clientPsk = key;
    m_pskIdentity = m_config.pskIdentity;
    m_pskGeneration = generation;
    if (m_offered.IsValid())
    {
        // A ticket derived from another identity, or from an older key of ours, is not
        // offered: the server could resume it under the key that was replaced.
        std::string stale;
        if (m_offered.pskIdentity != m_pskIdentity)
        {
            stale = "psk identity changed";
        }
        else if (m_offered.pskGeneration != generation)
        {
            stale = "psk changed";
        }
        if (!stale.empty())
        {
            NS_LOG_LOGIC("resumption ticket not offered: " << stale);
            DtlsEvent e{DtlsEvent::SESSION_INVALIDATED};
            e.pskIdentity = m_offered.pskIdentity;
            e.reason = stale;
            m_offered = DtlsSessionTicket();
            Emit(e);
        }
    }
    return true;
}

void
DtlsSession::SendClientHello(Time now)
{
    if (!LookUpClientKey(now))
    {
        return;
    }
    ResetHandshake();
    DrawRandom(m_clientRandom, dtls::RANDOM_BYTES);
    m_step = C_WAIT_SERVER_HELLO;
    DtlsClientHello ch;
    ch.clientVersion = m_records->GetVersion();
    ch.random = m_clientRandom;
    ch.sessionId = m_offered.sessionId;
    ch.cipherSuites = {dtls::TLS_PSK_WITH_AES_128_CCM_8, dtls::TLS_EMPTY_RENEGOTIATION_INFO_SCSV};
    m_clientHelloBody = ch.Serialize(!m_records->IsReliable());
    StartFlight(1);
    AddHandshake(dtls::CLIENT_HELLO, m_clientHelloBody);
    m_flightExpectsReply = true;
    TransmitFlight(now, false);
}

void
DtlsSession::StartFlight(uint32_t number)
{
    m_flight.clear();
    // RFC 6347's flight numbers (figures 1 and 2) count the cookie exchange as flights 2
    // and 3; TLS has none, so its flights are 1 to 4
    m_flightNumber = m_records->IsReliable() && number >= 4 ? number - 2 : number;
    m_flightExpectsReply = false;
    m_timeout = m_config.initialTimeout;
    if (m_config.lossRecovery == DtlsLossRecovery::RESTART_HANDSHAKE &&
        m_config.role == DtlsRole::CLIENT)
    {
        // every flight of the k-th restart waits InitialTimeout x 2^k (up to MaxTimeout)
        for (uint32_t i = 0; i < m_stats.restarts && m_timeout < m_config.maxTimeout; ++i)
        {
            m_timeout = std::min(m_timeout * 2, m_config.maxTimeout);
        }
    }
    m_timerExpiries = 0;
    ++m_stats.flights;
}

void
DtlsSession::AddHandshake(uint8_t type, const Bytes& body, uint16_t epoch)
{
    FlightItem item;
    item.epoch = epoch;
    item.msgType = type;
    item.messageSeq = m_nextSendSeq++;
    item.body = body;
    if (type != dtls::HELLO_VERIFY_REQUEST)
    {
        AddToTranscript(type, item.messageSeq, body);
    }
    m_flight.push_back(std::move(item));
}

void
DtlsSession::AddChangeCipherSpec()
{
    FlightItem item;
    item.changeCipherSpec = true;
    item.epoch = 0;
    m_flight.push_back(std::move(item));
    m_writeEpoch = 1;
}

void
DtlsSession::TransmitFlight(Time now, bool retransmission)
{
    NS_LOG_FUNCTION(this << now << m_flightNumber << retransmission);
    // DTLS packs the flight's records into datagrams of at most HandshakeMtu bytes; TLS
    // writes the whole flight to the stream at once.
    bool stream = m_records->IsReliable();
    uint32_t mtu = std::max<uint32_t>(m_config.handshakeMtu, 64);
    std::vector<Bytes> datagrams;
    Bytes current;
    auto place = [&](const Bytes& record) {
        if (!stream && !current.empty() && current.size() + record.size() > mtu)
        {
            datagrams.push_back(std::move(current));
            current.clear();
        }
        current.insert(current.end(), record.begin(), record.end());
    };
    auto plainRecord = [&](uint8_t type, uint16_t version, Bytes fragment) {
        DtlsRecord r;
        r.type = type;
        r.version = version;
        r.epoch = 0;
        r.sequence = m_writeSeq[0]++;
        r.fragment = std::move(fragment);
        return m_records->Serialize(r);
    };
    DtlsEvent e{DtlsEvent::FLIGHT_SENT};
    for (const auto& item : m_flight)
    {
        if (item.changeCipherSpec)
        {
            place(plainRecord(dtls::CHANGE_CIPHER_SPEC, m_records->GetVersion(), {1}));
            continue;
        }
        e.messageTypes.push_back(item.msgType);
        std::size_t recordOverhead =
            m_records->GetHeaderBytes() +
            (item.epoch == 1 ? dtls::CCM_EXPLICIT_NONCE_BYTES + dtls::CCM_8_TAG_BYTES : 0);
        std::size_t minPayload = m_framing->GetHeaderBytes() + 1;
        std::size_t maxPayload =
            mtu > recordOverhead + minPayload ? mtu - recordOverhead : minPayload;
        if (stream || item.msgType == dtls::CLIENT_HELLO)
        {
            // TLS records carry up to 2^14 bytes whatever the segment size. A DTLS server
            // checks a ClientHello's cookie statelessly, so it must arrive whole (OpenSSL's
            // DTLSv1_listen also refuses fragmented ClientHellos).
            maxPayload = 0;
        }
        std::vector<Bytes> pieces =
            m_framing->Frame(item.msgType, item.messageSeq, item.body, maxPayload);
        if (item.epoch == 1 && m_mappedTls)
        {
            // to a TLS client behind a mapping router: TLS's 4-byte header, inside the
            // encryption where the router cannot rewrite it
            pieces = TlsHandshakeFraming(m_config.maxMessageBytes)
                         .Frame(item.msgType, item.messageSeq, item.body, 0);
        }
        for (auto& piece : pieces)
        {
            if (item.epoch == 1)
            {
                place(Protect(dtls::HANDSHAKE, 1, piece));
            }
            else
            {
                uint16_t version = item.msgType == dtls::HELLO_VERIFY_REQUEST
                                       ? dtls::DTLS_1_0
                                       : m_records->GetVersion();
                place(plainRecord(dtls::HANDSHAKE, version, std::move(piece)));
            }
        }
    }
    if (!current.empty())
    {
        datagrams.push_back(std::move(current));
    }
    uint32_t total = 0;
    for (const auto& d : datagrams)
    {
        total += static_cast<uint32_t>(d.size());
    }
    if (retransmission)
    {
        ++m_stats.retransmissions;
    }
    // Every send is announced by the event that describes it, just before it: a binding can
    // tag the datagrams that follow with the flight they belong to.
    e.flight = m_flightNumber;
    e.bytes = total;
    e.retransmission = retransmission;
    Emit(e);
    for (const auto& d : datagrams)
    {
        if (m_state == HANDSHAKING)
        {
            m_stats.bytesSent += d.size();
        }
        m_listener.DtlsSend(d);
    }
    if (m_flightExpectsReply)
    {
        ArmTimer(now);
    }
}

void
DtlsSession::ArmTimer(Time now)
{
    if (m_records->IsReliable())
    {
        return; // retransmission is DTLS's alone: the stream delivers or breaks
    }
    m_timerArmed = true;
    m_listener.DtlsSetTimer(now + m_timeout);
}

void
DtlsSession::StopTimer()
{
    if (m_timerArmed)
    {
        m_timerArmed = false;
        m_listener.DtlsCancelTimer();
    }
}

// ------------------------------------------------------------------------------------------
// Records
// ------------------------------------------------------------------------------------------

void
DtlsSession::ProcessRecord(Time now, const DtlsRecord& record, bool& sawOldFlight)
{
    Bytes payload;
    // A stream delivers every record once and in order, with implicit sequence numbers:
    // replay windows are DTLS's.
    bool datagrams = !m_records->IsReliable();
    if (record.epoch == 0)
    {
        // Duplicated datagrams (a MAC retry whose acknowledgement was lost delivers a frame
        // twice) repeat record numbers; a real retransmission uses new ones. Discarding
        // duplicates here keeps them from being mistaken for the peer re-sending its flight.
        if (datagrams && !m_replay0.Check(record.sequence))
        {
            Reject(DtlsRejectReason::REPLAY);
            return;
        }
        m_replay0.Update(record.sequence);
        payload = record.fragment;
        if (record.type == dtls::APPLICATION_DATA)
        {
            Reject(DtlsRejectReason::UNEXPECTED);
            return;
        }
        if (record.type == dtls::ALERT && m_state == ESTABLISHED)
        {
            Reject(DtlsRejectReason::UNEXPECTED); // unauthenticated alerts are ignored
            return;
        }
    }
    else if (record.epoch == 1)
    {
        if (!m_keysReady)
        {
            Reject(DtlsRejectReason::WRONG_EPOCH);
            return;
        }
        if (datagrams && !m_replay.Check(record.sequence))
        {
            Reject(DtlsRejectReason::REPLAY);
            return;
        }
        bool opened = Unprotect(record, payload, m_mappedTls);
        if (!opened && m_config.acceptMappedTls && m_state == HANDSHAKING &&
            m_step == S_WAIT_CLIENT_FINISHED && record.type == dtls::HANDSHAKE)
        {
            // A TLS client behind a mapping border router protected its Finished with TLS's
            // numbers ({3,3}, its implicit sequence number, which the router wrote into the
            // DTLS header): nothing but the MAC tells the node which kind of peer it has.
            opened = Unprotect(record, payload, true);
            m_finishedOpenedAsTls = opened;
        }
        if (!opened)
        {
            if (m_state == HANDSHAKING && m_config.acceptMappedTls &&
                m_step == S_WAIT_CLIENT_FINISHED && record.type == dtls::HANDSHAKE)
            {
                Reject(DtlsRejectReason::BAD_RECORD_MAC, false);
                m_stats.finishedChecks = 2;
                DtlsEvent a{DtlsEvent::ATTACK_DETECTED};
                a.reason = "the client's Finished record authenticates under neither DTLS's "
                           "nor TLS's record numbers";
                Emit(a);
                Fail(now, a.reason, dtls::BAD_RECORD_MAC);
                return;
            }
            if (m_state == HANDSHAKING &&
                (m_step == S_WAIT_CLIENT_FINISHED || m_step == C_WAIT_SERVER_FINISHED))
            {
                // The peer's Finished does not authenticate under our keys: in a PSK
                // handshake that means the two sides hold different keys.
                Reject(DtlsRejectReason::BAD_RECORD_MAC, false);
                Fail(now,
                     "bad_record_mac on the peer's Finished (different pre-shared keys?)",
                     dtls::BAD_RECORD_MAC);
                return;
            }
            Reject(DtlsRejectReason::BAD_RECORD_MAC);
            return;
        }
        m_replay.Update(record.sequence);
        if (record.type == dtls::CHANGE_CIPHER_SPEC)
        {
            Reject(DtlsRejectReason::UNEXPECTED);
            return;
        }
    }
    else
    {
        Reject(DtlsRejectReason::WRONG_EPOCH);
        return;
    }

    switch (record.type)
    {
    case dtls::CHANGE_CIPHER_SPEC:
        if (payload.size() != 1 || payload[0] != 1)
        {
            Reject(DtlsRejectReason::MALFORMED);
            return;
        }
        if (!datagrams && m_framing->GetBufferedBytes() > 0)
        {
            // RFC 5246, 7.4: a ChangeCipherSpec must fall between handshake messages
            Reject(DtlsRejectReason::UNEXPECTED);
            return;
        }
        // The epoch of each record says which keys protect it, so the ChangeCipherSpec needs
        // no action: a lost one does not stall the handshake.
        return;
    case dtls::ALERT: {
        if (payload.size() != 2)
        {
            Reject(DtlsRejectReason::MALFORMED);
            return;
        }
        DtlsEvent e{DtlsEvent::ALERT_RECEIVED};
        e.alertLevel = payload[0];
        e.alertDescription = payload[1];
        Emit(e);
        if (payload[1] == dtls::CLOSE_NOTIFY || payload[0] == dtls::FATAL)
        {
            if (m_state == HANDSHAKING)
            {
                Fail(now, "received alert " + dtls::AlertName(payload[1]), -1);
                return;
            }
            StopTimer();
            m_state = payload[1] == dtls::CLOSE_NOTIFY ? CLOSED : FAILED;
            m_flight.clear();
            DtlsEvent c{DtlsEvent::CLOSED};
            c.reason = "peer sent " + dtls::AlertName(payload[1]);
            Emit(c);
        }
        return;
    }
    case dtls::APPLICATION_DATA: {
        if (m_state != ESTABLISHED)
        {
            Reject(DtlsRejectReason::UNEXPECTED);
            return;
        }
        // Authenticated data from the peer proves it completed the handshake: the final
        // flight kept for retransmission can go.
        m_flight.clear();
        DtlsEvent e{DtlsEvent::APP_DATA_RECEIVED};
        e.bytes = static_cast<uint32_t>(payload.size());
        Emit(e);
        m_listener.DtlsDeliver(payload);
        return;
    }
    case dtls::HANDSHAKE: {
        HandshakeFraming::Report report;
        std::string error;
        if (record.epoch == 1 && m_finishedOpenedAsTls)
        {
            // A TLS client's Finished carries TLS's 4-byte handshake header inside the
            // encryption, which no router can rewrite: give it the DTLS header here.
            uint32_t length = payload.size() >= 4 ? (uint32_t{payload[1]} << 16) |
                                                        (uint32_t{payload[2]} << 8) | payload[3]
                                                  : 0;
            if (payload.size() < 4 || payload.size() != 4 + length)
            {
                Reject(DtlsRejectReason::MALFORMED);
                return;
            }
            DtlsHandshakeFragment f;
            f.msgType = payload[0];
            f.length = length;
            f.messageSeq = m_framing->GetNextSeq();
            f.body.assign(payload.begin() + 4, payload.end());
            payload = f.Serialize();
        }
        if (!m_framing->Add(payload, record.epoch, report, &error))
        {
            NS_LOG_LOGIC("malformed handshake record: " << error);
            Reject(DtlsRejectReason::MALFORMED);
            return;
        }
        for (uint16_t dup : report.duplicateStarts)
        {
            if (m_peerFlightKnown && dup == m_peerFlightFirstSeq)
            {
                sawOldFlight = true;
            }
        }
        for (uint32_t i = 0; i < report.unexpectedEpoch + report.tooFar; ++i)
        {
            Reject(DtlsRejectReason::UNEXPECTED); // Finished is the only message in epoch 1
        }
        for (uint32_t i = 0; i < report.invalid; ++i)
        {
            Reject(DtlsRejectReason::MALFORMED);
        }
        uint8_t type;
        uint16_t seq;
        Bytes body;
        while (m_state == HANDSHAKING && m_framing->PopNext(type, seq, body))
        {
            HandleHandshakeMessage(now, type, seq, body);
        }
        return;
    }
    default:
        Reject(DtlsRejectReason::MALFORMED);
    }
}

Bytes
DtlsSession::Protect(uint8_t type, uint16_t epoch, const Bytes& plaintext)
{
    NS_ABORT_MSG_UNLESS(epoch == 1 && m_keysReady, "DtlsSession::Protect without keys");
    DtlsRecord r;
    r.type = type;
    r.version = m_records->GetVersion();
    r.epoch = epoch;
    r.sequence = m_writeSeq[1]++;
    NS_ABORT_MSG_IF(r.sequence > m_records->GetMaxSequence(),
                    "(D)TLS record sequence number space exhausted");
    // RFC 6655, section 3: nonce_explicit is the record's 64-bit sequence number (DTLS:
    // epoch || sequence_number), which is also the seq_num of the additional data. For a TLS
    // peer behind a mapping border router, the numbers are those the peer's TLS record layer
    // will use once the router rewrote the header: {3,3} and TLS's implicit sequence number
    // (0 for the Finished, re-sent or not, then 1, 2, ...: the router forwards one Finished)
    uint64_t sequence = m_records->GetNonceSequence(r);
    uint16_t aadVersion = r.version;
    if (m_mappedTls)
    {
        sequence = type == dtls::HANDSHAKE ? 0 : m_tlsWriteSeq++;
        aadVersion = dtls::TLS_1_2;
    }
    TlsWriter explicitNonce;
    explicitNonce.U64(sequence);
    Bytes nonce = m_writeCipher.iv;
    nonce.insert(nonce.end(), explicitNonce.Data().begin(), explicitNonce.Data().end());
    TlsWriter aad;
    aad.Raw(explicitNonce.Data());
    aad.U8(type);
    aad.U16(aadVersion);
    aad.U16(static_cast<uint16_t>(plaintext.size()));
    Bytes sealed =
        Crypto::AesCcmSeal(m_writeCipher.key, nonce, aad.Data(), plaintext, dtls::CCM_8_TAG_BYTES);
    Work(CryptoOp::AES_CCM_SEAL,
         static_cast<uint32_t>(plaintext.size()),
         static_cast<uint32_t>(aad.Data().size()));
    r.fragment = explicitNonce.Take();
    r.fragment.insert(r.fragment.end(), sealed.begin(), sealed.end());
    return m_records->Serialize(r);
}

bool
DtlsSession::Unprotect(const DtlsRecord& record, Bytes& plaintext, bool tlsNumbers)
{
    if (record.fragment.size() < dtls::CCM_EXPLICIT_NONCE_BYTES + dtls::CCM_8_TAG_BYTES)
    {
        return false;
    }
    Bytes nonce = m_readCipher.iv;
    nonce.insert(nonce.end(),
                 record.fragment.begin(),
                 record.fragment.begin() + dtls::CCM_EXPLICIT_NONCE_BYTES);
    Bytes sealed(record.fragment.begin() + dtls::CCM_EXPLICIT_NONCE_BYTES, record.fragment.end());
    std::size_t plainLength = sealed.size() - dtls::CCM_8_TAG_BYTES;
    TlsWriter aad;
    if (tlsNumbers)
    {
        // a mapped TLS peer: the router put TLS's implicit sequence number in the header
        aad.U64(record.sequence);
        aad.U8(record.type);
        aad.U16(dtls::TLS_1_2);
    }
    else
    {
        aad.U64(m_records->GetNonceSequence(record));
        aad.U8(record.type);
        aad.U16(record.version);
    }
    aad.U16(static_cast<uint16_t>(plainLength));
    Work(CryptoOp::AES_CCM_OPEN,
         static_cast<uint32_t>(plainLength),
         static_cast<uint32_t>(aad.Data().size()));
    return Crypto::AesCcmOpen(m_readCipher.key,
                              nonce,
                              aad.Data(),
                              sealed,
                              dtls::CCM_8_TAG_BYTES,
                              plaintext);
}

void
DtlsSession::SendAlert(Time now, uint8_t level, uint8_t description)
{
    NS_LOG_FUNCTION(this << now << +level << +description);
    Bytes body = {level, description};
    Bytes datagram;
    if (m_writeEpoch == 1 && m_keysReady)
    {
        datagram = Protect(dtls::ALERT, 1, body);
    }
    else
    {
        DtlsRecord r;
        r.type = dtls::ALERT;
        r.version = m_records->GetVersion();
        r.epoch = 0;
        r.sequence = m_writeSeq[0]++;
        r.fragment = body;
        datagram = m_records->Serialize(r);
    }
    DtlsEvent e{DtlsEvent::ALERT_SENT};
    e.alertLevel = level;
    e.alertDescription = description;
    Emit(e);
    m_listener.DtlsSend(datagram);
}

void
DtlsSession::Reject(DtlsRejectReason reason, bool fatalOnStream)
{
    NS_LOG_LOGIC("record rejected: " << DtlsRejectReasonName(reason));
    ++m_rejected[reason];
    DtlsEvent e{DtlsEvent::RECORD_REJECTED};
    e.rejectReason = reason;
    Emit(e);
    if (fatalOnStream && m_records->IsReliable() &&
        (m_state == HANDSHAKING || m_state == ESTABLISHED))
    {
        // DTLS discards a bad datagram and carries on (RFC 6347, 4.1.2.7); over a stream
        // nothing can be skipped, and RFC 5246 (7.2.2) makes every such error fatal.
        uint8_t alert = dtls::UNEXPECTED_MESSAGE;
        if (reason == DtlsRejectReason::BAD_RECORD_MAC)
        {
            alert = dtls::BAD_RECORD_MAC;
        }
        else if (reason == DtlsRejectReason::MALFORMED)
        {
            alert = dtls::DECODE_ERROR;
        }
        BreakStream(DtlsRejectReasonName(reason), alert);
    }
}

void
DtlsSession::BreakStream(const std::string& reason, uint8_t alert)
{
    if (m_state == HANDSHAKING)
    {
        Fail(m_now, "TLS record stream broken: " + reason, alert);
        return;
    }
    SendAlert(m_now, dtls::FATAL, alert);
    m_state = FAILED;
    m_flight.clear();
    DtlsEvent c{DtlsEvent::CLOSED};
    c.reason = "TLS record stream broken: " + reason;
    Emit(c);
}

void
DtlsSession::Emit(DtlsEvent event)
{
    m_listener.DtlsEventOccurred(event);
}

void
DtlsSession::Work(CryptoOp op, uint32_t bytes, uint32_t aad)
{
    CryptoWork w;
    w.op = op;
    w.bytes = bytes;
    w.aadBytes = aad;
    m_listener.DtlsCryptoWork(w);
}

void
DtlsSession::DrawRandom(Bytes& out, std::size_t n)
{
    out.resize(n);
    m_random.Fill(out.data(), n);
    Work(CryptoOp::RANDOM, static_cast<uint32_t>(n));
}

void
DtlsSession::AddToTranscript(uint8_t type, uint16_t seq, const Bytes& body)
{
    m_transcript.Add(type, seq, body);
    Work(CryptoOp::SHA256, static_cast<uint32_t>(body.size() + m_framing->GetHeaderBytes()));
}

// ------------------------------------------------------------------------------------------
// Handshake messages
// ------------------------------------------------------------------------------------------

void
DtlsSession::HandleHandshakeMessage(Time now, uint8_t type, uint16_t seq, const Bytes& body)
{
    NS_LOG_FUNCTION(this << dtls::HandshakeTypeName(type) << seq);
    bool client = m_config.role == DtlsRole::CLIENT;
    if (!client && m_step == STEP_NONE && type == dtls::CLIENT_HELLO)
    {
        HandleClientHelloMessage(now, seq, body);
        return;
    }
    if (client && m_step == C_WAIT_SERVER_HELLO && type == dtls::HELLO_VERIFY_REQUEST &&
        !m_records->IsReliable())
    {
        m_peerFlightFirstSeq = seq;
        m_peerFlightKnown = true;
        HandleHelloVerifyRequest(now, body);
        return;
    }
    if (client && m_step == C_WAIT_SERVER_HELLO && type == dtls::SERVER_HELLO)
    {
        m_peerFlightFirstSeq = seq;
        m_peerFlightKnown = true;
        AddToTranscript(type, seq, body);
        HandleServerHello(now, body);
        return;
    }
    if (client && m_step == C_WAIT_HELLO_DONE && type == dtls::SERVER_KEY_EXCHANGE)
    {
        if (!ParsePskOpaque(body, m_pskHint, nullptr))
        {
            Fail(now, "malformed ServerKeyExchange", dtls::DECODE_ERROR);
            return;
        }
        AddToTranscript(type, seq, body);
        return;
    }
    if (client && m_step == C_WAIT_HELLO_DONE && type == dtls::SERVER_HELLO_DONE)
    {
        if (!body.empty())
        {
            Fail(now, "malformed ServerHelloDone", dtls::DECODE_ERROR);
            return;
        }
        AddToTranscript(type, seq, body);
        HandleServerHelloDone(now);
        return;
    }
    if (!client && m_step == S_WAIT_KEY_EXCHANGE && type == dtls::CLIENT_KEY_EXCHANGE)
    {
        m_peerFlightFirstSeq = seq;
        m_peerFlightKnown = true;
        ++m_stats.flights;
        HandleClientKeyExchange(now, body);
        if (m_state == HANDSHAKING)
        {
            AddToTranscript(type, seq, body);
        }
        return;
    }
    if (type == dtls::FINISHED && ((client && m_step == C_WAIT_SERVER_FINISHED) ||
                                   (!client && m_step == S_WAIT_CLIENT_FINISHED)))
    {
        if (client && !m_abbreviated)
        {
            m_peerFlightFirstSeq = seq; // flight 6 starts with the (encrypted) Finished
            m_peerFlightKnown = true;
            ++m_stats.flights;
        }
        if (!client && m_abbreviated)
        {
            m_peerFlightFirstSeq = seq;
            m_peerFlightKnown = true;
            ++m_stats.flights;
        }
        HandleFinished(now, seq, body);
        return;
    }
    Fail(now,
         "unexpected " + dtls::HandshakeTypeName(type) + " in step " + std::to_string(m_step),
         dtls::UNEXPECTED_MESSAGE);
}

void
DtlsSession::HandleClientHelloMessage(Time now, uint16_t seq, const Bytes& body)
{
    DtlsClientHello ch;
    std::string error;
    bool stream = m_records->IsReliable();
    if (!ch.Parse(body, !stream, &error))
    {
        Fail(now, error, dtls::DECODE_ERROR);
        return;
    }
    m_peerFlightFirstSeq = seq;
    m_peerFlightKnown = true;
    ++m_stats.flights;
    m_clientRandom = ch.random;
    // Lower is newer in DTLS version numbers: {254, 253} is 1.2, {254, 255} is 1.0; a TLS
    // client offers its highest version, {3, 3} or above (RFC 5246, appendix E.1)
    bool offers12 = stream ? ch.clientVersion >= dtls::TLS_1_2 && (ch.clientVersion >> 8) == 0x03
                           : ch.clientVersion <= dtls::DTLS_1_2 && (ch.clientVersion >> 8) == 0xfe;
    if (!offers12)
    {
        Fail(now,
             "client does not offer " + TlsProtocolName(m_config.protocol),
             dtls::PROTOCOL_VERSION);
        return;
    }
    if (std::find(ch.cipherSuites.begin(),
                  ch.cipherSuites.end(),
                  dtls::TLS_PSK_WITH_AES_128_CCM_8) == ch.cipherSuites.end())
    {
        Fail(now, "no shared cipher suite (TLS_PSK_WITH_AES_128_CCM_8)", dtls::HANDSHAKE_FAILURE);
        return;
    }
    if (std::find(ch.compressionMethods.begin(), ch.compressionMethods.end(), 0) ==
        ch.compressionMethods.end())
    {
        Fail(now, "null compression not offered", dtls::HANDSHAKE_FAILURE);
        return;
    }
    m_secureRenegotiation =
        ch.HasExtension(dtls::EXT_RENEGOTIATION_INFO) ||
        std::find(ch.cipherSuites.begin(),
                  ch.cipherSuites.end(),
                  dtls::TLS_EMPTY_RENEGOTIATION_INFO_SCSV) != ch.cipherSuites.end();
    AddToTranscript(dtls::CLIENT_HELLO, seq, body);
    DrawRandom(m_serverRandom, dtls::RANDOM_BYTES);

    const DtlsSessionTicket* cached =
        (!ch.sessionId.empty() && m_cache != nullptr) ? m_cache->Find(ch.sessionId) : nullptr;
    if (cached != nullptr)
    {
        // A session whose identity's key was replaced or removed since it was cached is not
        // resumed: it would keep the replaced key's master secret alive.
        std::string stale = DtlsTicketStaleReason(*cached, *m_psk);
        if (!stale.empty())
        {
            NS_LOG_LOGIC("cached session not resumed: " << stale);
            DtlsEvent e{DtlsEvent::SESSION_INVALIDATED};
            e.pskIdentity = cached->pskIdentity;
            e.reason = stale;
            m_cache->Remove(ch.sessionId);
            cached = nullptr;
            Emit(e);
        }
    }
    if (cached != nullptr)
    {
        m_abbreviated = true;
        m_stats.resumed = true;
        m_sessionId = ch.sessionId;
        m_masterSecret = cached->masterSecret;
        m_pskIdentity = cached->pskIdentity;
        m_pskGeneration = cached->pskGeneration;
    }
    else if (m_cache != nullptr && m_config.sessionIdBytes > 0)
    {
        DrawRandom(m_sessionId, m_config.sessionIdBytes);
    }
    else
    {
        m_sessionId.clear();
    }

    DtlsServerHello sh;
    sh.serverVersion = m_records->GetVersion();
    sh.random = m_serverRandom;
    sh.sessionId = m_sessionId;
    sh.cipherSuite = dtls::TLS_PSK_WITH_AES_128_CCM_8;
    if (m_secureRenegotiation)
    {
        sh.extensions.push_back({dtls::EXT_RENEGOTIATION_INFO, {0}});
    }
    StartFlight(4);
    AddHandshake(dtls::SERVER_HELLO, sh.Serialize());
    if (m_abbreviated)
    {
        DeriveKeys();
        AddChangeCipherSpec();
        AddHandshake(dtls::FINISHED, VerifyData(false), 1);
        m_step = S_WAIT_CLIENT_FINISHED;
    }
    else
    {
        if (!m_config.pskIdentityHint.empty())
        {
            AddHandshake(dtls::SERVER_KEY_EXCHANGE, SerializePskOpaque(m_config.pskIdentityHint));
        }
        AddHandshake(dtls::SERVER_HELLO_DONE, Bytes());
        m_step = S_WAIT_KEY_EXCHANGE;
    }
    m_flightExpectsReply = true;
    TransmitFlight(now, false);
}

void
DtlsSession::HandleHelloVerifyRequest(Time now, const Bytes& body)
{
    DtlsHelloVerifyRequest hvr;
    std::string error;
    if (!hvr.Parse(body, &error))
    {
        Fail(now, error, dtls::DECODE_ERROR);
        return;
    }
    ++m_stats.flights;
    m_helloVerified = true;
    m_cookie = hvr.cookie;
    // The first ClientHello and the HelloVerifyRequest are not part of the transcript
    // (RFC 6347, section 4.2.6).
    m_transcript.Clear();
    DtlsClientHello ch;
    ch.random = m_clientRandom;
    ch.sessionId = m_offered.sessionId;
    ch.cookie = m_cookie;
    ch.cipherSuites = {dtls::TLS_PSK_WITH_AES_128_CCM_8, dtls::TLS_EMPTY_RENEGOTIATION_INFO_SCSV};
    m_clientHelloBody = ch.Serialize(true);
    StartFlight(3);
    AddHandshake(dtls::CLIENT_HELLO, m_clientHelloBody);
    m_flightExpectsReply = true;
    TransmitFlight(now, false);
}

void
DtlsSession::HandleServerHello(Time now, const Bytes& body)
{
    DtlsServerHello sh;
    std::string error;
    if (!sh.Parse(body, &error))
    {
        Fail(now, error, dtls::DECODE_ERROR);
        return;
    }
    ++m_stats.flights;
    if (sh.serverVersion != m_records->GetVersion())
    {
        Fail(now,
             "server did not choose " + TlsProtocolName(m_config.protocol),
             dtls::PROTOCOL_VERSION);
        return;
    }
    if (sh.cipherSuite != dtls::TLS_PSK_WITH_AES_128_CCM_8 || sh.compressionMethod != 0)
    {
        Fail(now, "server chose a suite or compression not offered", dtls::ILLEGAL_PARAMETER);
        return;
    }
    for (const auto& ext : sh.extensions)
    {
        if (ext.type == dtls::EXT_RENEGOTIATION_INFO && ext.data != Bytes{0})
        {
            Fail(now, "non-empty renegotiation_info on a new connection", dtls::HANDSHAKE_FAILURE);
            return;
        }
    }
    m_serverRandom = sh.random;
    m_sessionId = sh.sessionId;
    if (m_offered.IsValid() && sh.sessionId == m_offered.sessionId)
    {
        m_abbreviated = true;
        m_stats.resumed = true;
        m_masterSecret = m_offered.masterSecret;
        DeriveKeys();
        m_step = C_WAIT_SERVER_FINISHED;
        StopTimer(); // no flight of ours is outstanding until we answer the server's Finished
        m_flightExpectsReply = false;
    }
    else
    {
        m_step = C_WAIT_HELLO_DONE;
    }
}

void
DtlsSession::HandleServerHelloDone(Time now)
{
    DeriveMasterSecret(m_clientPsk);
    DeriveKeys();
    StartFlight(5);
    AddHandshake(dtls::CLIENT_KEY_EXCHANGE, SerializePskOpaque(m_config.pskIdentity));
    AddChangeCipherSpec();
    AddHandshake(dtls::FINISHED, VerifyData(true), 1);
    m_step = C_WAIT_SERVER_FINISHED;
    m_flightExpectsReply = true;
    TransmitFlight(now, false);
}

void
DtlsSession::HandleClientKeyExchange(Time now, const Bytes& body)
{
    Bytes identity;
    if (!ParsePskOpaque(body, identity, nullptr))
    {
        Fail(now, "malformed ClientKeyExchange", dtls::DECODE_ERROR);
        return;
    }
    Bytes psk;
    if (!m_psk->LookupPsk(identity, psk))
    {
        m_pskIdentity = identity;
        Fail(now,
             "unknown PSK identity '" + std::string(identity.begin(), identity.end()) + "'",
             dtls::UNKNOWN_PSK_IDENTITY);
        return;
    }
    m_pskIdentity = identity;
    m_pskGeneration = m_psk->GetPskGeneration(identity);
    DeriveMasterSecret(psk);
    DeriveKeys();
    StopTimer(); // flight 4 was answered
    m_flightExpectsReply = false;
    m_step = S_WAIT_CLIENT_FINISHED;
}

void
DtlsSession::HandleFinished(Time now, uint16_t seq, const Bytes& body)
{
    bool client = m_config.role == DtlsRole::CLIENT;
    if (!client && m_config.acceptMappedTls)
    {
        // Brachmann et al., Fig. 3: the Finished over the DTLS transcript, and if that fails,
        // over the transcript re-encoded as TLS. A match must agree with the numbers the
        // Finished record authenticated under.
        bool dtlsMatch = Crypto::ConstantTimeEqual(body, VerifyData(true, DtlsTranscript::DTLS));
        m_stats.finishedChecks = 1;
        if (!(dtlsMatch && !m_finishedOpenedAsTls))
        {
            m_stats.finishedChecks = 2;
            bool tlsMatch =
                Crypto::ConstantTimeEqual(body, VerifyData(true, DtlsTranscript::TLS_MAPPED));
            if (!(tlsMatch && m_finishedOpenedAsTls))
            {
                DtlsEvent a{DtlsEvent::ATTACK_DETECTED};
                a.reason = "the client's Finished matches neither the DTLS transcript nor the "
                           "transcript re-encoded as TLS";
                Emit(a);
                Fail(now, a.reason, dtls::DECRYPT_ERROR);
                return;
            }
            m_mappedTls = true;
            m_stats.mappedTlsPeer = true;
            // from now on our own Finished and records use TLS's numbers and framing
            m_transcript.SetRunningEncoding(DtlsTranscript::TLS_MAPPED);
        }
    }
    else if (!Crypto::ConstantTimeEqual(body, VerifyData(!client)))
    {
        Fail(now, "Finished verify_data does not match the transcript", dtls::DECRYPT_ERROR);
        return;
    }
    // the Finished message is part of the transcript the other side's Finished covers
    AddToTranscript(dtls::FINISHED, seq, body);
    // The side that sends the last flight (the server in a full handshake, the client in an
    // abbreviated one) keeps it to answer a retransmission of the peer's previous flight.
    bool weSendLast = client == m_abbreviated;
    if (weSendLast)
    {
        StartFlight(client ? 5 : 6);
        AddChangeCipherSpec();
        AddHandshake(dtls::FINISHED, VerifyData(client), 1);
        TransmitFlight(now, false);
    }
    else
    {
        m_flight.clear(); // the peer's Finished proves it received our last flight
    }
    Complete(now);
}

void
DtlsSession::Complete(Time now)
{
    NS_LOG_FUNCTION(this << now);
    StopTimer();
    m_flightExpectsReply = false;
    m_state = ESTABLISHED;
    m_step = STEP_DONE;
    m_stats.duration = now - m_stats.start;
    if (m_config.role == DtlsRole::SERVER && m_cache != nullptr && !m_abbreviated)
    {
        m_cache->Store(GetTicket());
    }
    DtlsEvent e{DtlsEvent::HANDSHAKE_COMPLETE};
    e.stats = m_stats;
    Emit(e);
}

void
DtlsSession::Fail(Time now, const std::string& reason, int alert)
{
    NS_LOG_FUNCTION(this << now << reason);
    if (alert >= 0)
    {
        SendAlert(now, dtls::FATAL, static_cast<uint8_t>(alert));
    }
    StopTimer();
    m_state = FAILED;
    m_step = STEP_DONE;
    m_flight.clear();
    m_flightExpectsReply = false;
    DtlsEvent e{DtlsEvent::HANDSHAKE_FAILED};
    e.reason = reason;
    Emit(e);
}

// ------------------------------------------------------------------------------------------
// Keys
// ------------------------------------------------------------------------------------------

void
DtlsSession::Prf(Bytes& out,
                 const Bytes& secret,
                 const std::string& label,
                 const Bytes& seed,
                 std::size_t length)
{
    out = Crypto::Tls12PrfSha256(secret, label, seed, length);
    Work(CryptoOp::PRF_SHA256, static_cast<uint32_t>(length));
}

void
DtlsSession::DeriveMasterSecret(const Bytes& psk)
{
    // RFC 4279, section 2: other_secret is N zero bytes for plain PSK
    TlsWriter pms;
    pms.U16(static_cast<uint16_t>(psk.size()));
    pms.Raw(Bytes(psk.size(), 0));
    pms.Vector16(psk);
    Bytes seed = m_clientRandom;
    seed.insert(seed.end(), m_serverRandom.begin(), m_serverRandom.end());
    Prf(m_masterSecret, pms.Data(), "master secret", seed, 48);
}

void
DtlsSession::DeriveKeys()
{
    Bytes seed = m_serverRandom;
    seed.insert(seed.end(), m_clientRandom.begin(), m_clientRandom.end());
    Bytes block;
    Prf(block, m_masterSecret, "key expansion", seed, 2 * 16 + 2 * 4);
    Cipher clientWrite{Bytes(block.begin(), block.begin() + 16),
                       Bytes(block.begin() + 32, block.begin() + 36)};
    Cipher serverWrite{Bytes(block.begin() + 16, block.begin() + 32),
                       Bytes(block.begin() + 36, block.begin() + 40)};
    bool client = m_config.role == DtlsRole::CLIENT;
    m_writeCipher = client ? clientWrite : serverWrite;
    m_readCipher = client ? serverWrite : clientWrite;
    m_keysReady = true;
    m_writeSeq[1] = 0;
    m_replay.Reset();
}

Bytes
DtlsSession::VerifyData(bool fromClient)
{
    return VerifyData(fromClient,
                      m_mappedTls ? DtlsTranscript::TLS_MAPPED
                                  : m_framing->GetTranscriptEncoding());
}

Bytes
DtlsSession::VerifyData(bool fromClient, DtlsTranscript::Encoding encoding)
{
    if (encoding != m_framing->GetTranscriptEncoding() && !m_mappedTls)
    {
        // re-encoding the stored messages: hashing them again is work the node does
        Work(CryptoOp::SHA256, static_cast<uint32_t>(m_transcript.Encode(encoding).size()));
    }
    Bytes out;
    Prf(out,
        m_masterSecret,
        fromClient ? "client finished" : "server finished",
        m_transcript.Hash(encoding),
        dtls::VERIFY_DATA_BYTES);
    return out;
}

} // namespace ns3
