/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "coap-endpoint.h"

#include "ns3/abort.h"
#include "ns3/engine-random.h"
#include "ns3/hex-encoding.h"
#include "ns3/log.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoapEndpoint");

namespace
{

/// Bytes of a peer's address in the state-size model (IPv6 address and UDP port)
constexpr uint64_t PEER_BYTES = 18;
/// Bytes of a timer in the state-size model
constexpr uint64_t TIMER_BYTES = 4;

/// \param code a code \return true for a 2.xx success
bool
IsSuccess(uint8_t code)
{
    return (code >> 5) == 2;
}

/// \param bytes data \return a 4-byte FNV-1a hash, used as a generated ETag
std::vector<uint8_t>
HashTag(const std::vector<uint8_t>& bytes)
{
    uint32_t h = 2166136261u;
    for (uint8_t b : bytes)
    {
        h ^= b;
        h *= 16777619u;
    }
    return {static_cast<uint8_t>(h >> 24),
            static_cast<uint8_t>(h >> 16),
            static_cast<uint8_t>(h >> 8),
            static_cast<uint8_t>(h)};
}

/// \param path a path \return it with one leading '/' and no trailing '/'
std::string
NormalizePath(const std::string& path)
{
    std::string p = path;
    if (p.empty() || p[0] != '/')
    {
        p = "/" + p;
    }
    while (p.size() > 1 && p.back() == '/')
    {
        p.pop_back();
    }
    return p;
}

} // namespace

bool
CoapParseDuration(const std::string& text, Time& out)
{
    std::size_t unitAt = 0;
    while (unitAt < text.size() &&
           (std::isdigit(static_cast<unsigned char>(text[unitAt])) || text[unitAt] == '.'))
    {
        ++unitAt;
    }
    std::string number = text.substr(0, unitAt);
    std::string unit = text.substr(unitAt);
    if (number.empty() || number == "." || std::count(number.begin(), number.end(), '.') > 1)
    {
        return false;
    }
    double value = std::strtod(number.c_str(), nullptr);
    double scale;
    if (unit == "ns")
    {
        scale = 1e-9;
    }
    else if (unit == "us")
    {
        scale = 1e-6;
    }
    else if (unit == "ms")
    {
        scale = 1e-3;
    }
    else if (unit == "s")
    {
        scale = 1;
    }
    else if (unit == "min")
    {
        scale = 60;
    }
    else if (unit == "h")
    {
        scale = 3600;
    }
    else
    {
        return false;
    }
    if (!(value * scale < 1e9))
    {
        return false;
    }
    out = Seconds(value * scale);
    return true;
}

// ---------------------------------------------------------------------------------------
// CoapEngineConfig
// ---------------------------------------------------------------------------------------

Time
CoapEngineConfig::GetMaxTransmitSpan() const
{
    double factor = (std::pow(2.0, maxRetransmit) - 1.0) * ackRandomFactor;
    return Seconds(ackTimeout.GetSeconds() * factor);
}

Time
CoapEngineConfig::GetMaxTransmitWait() const
{
    double factor = (std::pow(2.0, maxRetransmit + 1) - 1.0) * ackRandomFactor;
    return Seconds(ackTimeout.GetSeconds() * factor);
}

Time
CoapEngineConfig::GetExchangeLifetime() const
{
    return GetMaxTransmitSpan() + maxLatency * 2 + ackTimeout;
}

Time
CoapEngineConfig::GetNonLifetime() const
{
    return GetMaxTransmitSpan() + maxLatency;
}

uint32_t
CoapEngineConfig::GetCap(CoapTable table) const
{
    switch (table)
    {
    case CoapTable::DEDUP:
        return maxDedupEntries;
    case CoapTable::EXCHANGES:
        return maxExchanges;
    case CoapTable::TRANSMISSIONS:
        return maxTransmissions;
    case CoapTable::OBSERVERS:
        return maxObservers;
    case CoapTable::BLOCK1:
        return maxBlock1Transfers;
    case CoapTable::DEFERRED:
        return maxDeferred;
    }
    return 0;
}

bool
CoapEngineConfig::Validate(std::string* error) const
{
    std::string why;
    if (!ackTimeout.IsStrictlyPositive())
    {
        why = "ACK_TIMEOUT must be positive";
    }
    else if (!(ackRandomFactor >= 1.0))
    {
        why = "ACK_RANDOM_FACTOR must be at least 1";
    }
    else if (maxRetransmit > 20)
    {
        why = "MAX_RETRANSMIT must be at most 20";
    }
    else if (nstart == 0)
    {
        why = "NSTART must be at least 1";
    }
    else if (tokenLength > 8)
    {
        why = "token length must be at most 8";
    }
    else if (blockSzx > 6)
    {
        why = "block SZX must be in 0..6 (16..1024 bytes)";
    }
    else if (maxLatency.IsStrictlyNegative())
    {
        why = "MAX_LATENCY must not be negative";
    }
    for (CoapTable table : {CoapTable::DEDUP,
                            CoapTable::EXCHANGES,
                            CoapTable::TRANSMISSIONS,
                            CoapTable::OBSERVERS,
                            CoapTable::BLOCK1,
                            CoapTable::DEFERRED})
    {
        if (why.empty() && GetCap(table) == 0)
        {
            why = std::string("the cap of table ") + CoapTableName(table) + " must be at least 1";
        }
    }
    if (error)
    {
        *error = why;
    }
    return why.empty();
}

const char*
CoapEvent::KindName(Kind kind)
{
    switch (kind)
    {
    case REQUEST_SENT:
        return "REQUEST_SENT";
    case RESPONSE_RECEIVED:
        return "RESPONSE_RECEIVED";
    case RETRANSMISSION:
        return "RETRANSMISSION";
    case TIMEOUT:
        return "TIMEOUT";
    case DUPLICATE:
        return "DUPLICATE";
    case REQUEST_RECEIVED:
        return "REQUEST_RECEIVED";
    case RESPONSE_SENT:
        return "RESPONSE_SENT";
    case NOTIFICATION_SENT:
        return "NOTIFICATION_SENT";
    case NOTIFICATION_RECEIVED:
        return "NOTIFICATION_RECEIVED";
    case OBSERVE_REORDERED:
        return "OBSERVE_REORDERED";
    case OBSERVER_ADDED:
        return "OBSERVER_ADDED";
    case OBSERVER_REMOVED:
        return "OBSERVER_REMOVED";
    case RST_SENT:
        return "RST_SENT";
    case RST_RECEIVED:
        return "RST_RECEIVED";
    case REJECTED:
        return "REJECTED";
    case BLOCK_SENT:
        return "BLOCK_SENT";
    case SECURITY_REJECTED:
        return "SECURITY_REJECTED";
    case TABLE_EVICTED:
        return "TABLE_EVICTED";
    case TABLE_REFUSED:
        return "TABLE_REFUSED";
    }
    return "?";
}

const char*
CoapTableName(CoapTable table)
{
    switch (table)
    {
    case CoapTable::DEDUP:
        return "DEDUP";
    case CoapTable::EXCHANGES:
        return "EXCHANGES";
    case CoapTable::TRANSMISSIONS:
        return "TRANSMISSIONS";
    case CoapTable::OBSERVERS:
        return "OBSERVERS";
    case CoapTable::BLOCK1:
        return "BLOCK1";
    case CoapTable::DEFERRED:
        return "DEFERRED";
    }
    return "?";
}

const char*
CoapTableActionName(CoapTableAction action)
{
    switch (action)
    {
    case CoapTableAction::EVICTED:
        return "EVICTED";
    case CoapTableAction::REFUSED:
        return "REFUSED";
    }
    return "?";
}

const char*
CoapSecurityFailureName(CoapSecurityFailure failure)
{
    switch (failure)
    {
    case CoapSecurityFailure::NONE:
        return "NONE";
    case CoapSecurityFailure::NOT_PROTECTED:
        return "NOT_PROTECTED";
    case CoapSecurityFailure::MALFORMED:
        return "MALFORMED";
    case CoapSecurityFailure::UNKNOWN_CONTEXT:
        return "UNKNOWN_CONTEXT";
    case CoapSecurityFailure::REPLAY:
        return "REPLAY";
    case CoapSecurityFailure::DECRYPT_FAILED:
        return "DECRYPT_FAILED";
    case CoapSecurityFailure::BAD_PLAINTEXT:
        return "BAD_PLAINTEXT";
    case CoapSecurityFailure::UNSUPPORTED:
        return "UNSUPPORTED";
    case CoapSecurityFailure::BAD_INNER_OPTION:
        return "BAD_INNER_OPTION";
    case CoapSecurityFailure::NO_SECURITY:
        return "NO_SECURITY";
    case CoapSecurityFailure::PROTECT_FAILED:
        return "PROTECT_FAILED";
    }
    return "?";
}

// ---------------------------------------------------------------------------------------
// Engine plumbing
// ---------------------------------------------------------------------------------------

CoapEndpoint::Entry::Entry(CoapEndpoint* e)
    : m_e(e)
{
    if (m_e->m_depth++ == 0)
    {
        m_e->m_listener.OnEnter();
    }
}

CoapEndpoint::Entry::~Entry()
{
    if (--m_e->m_depth == 0)
    {
        m_e->UpdateTimer();
        m_e->m_listener.OnLeave(); // may run the step's effects: the engine's work is done
    }
}

CoapEndpoint::CoapEndpoint(CoapEndpointListener& listener,
                           EngineRandom& random,
                           const CoapEngineConfig& config)
    : m_listener(listener),
      m_random(random),
      m_nextId(1),
      m_depth(0),
      m_reportedDeadline(Time::Max())
{
    SetConfig(config);
    m_nextMessageId = static_cast<uint16_t>(m_random.Integer(0, 0xffff));
    CoapResource core;
    core.path = "/.well-known/core";
    core.listed = false;
    core.handlers[CoapCode::GET] = [this](const CoapServerRequest& req, CoapServerResponse& resp) {
        WellKnownCore(req, resp);
    };
    AddResource(core);
}

const CoapEngineConfig&
CoapEndpoint::GetConfig() const
{
    return m_config;
}

void
CoapEndpoint::SetConfig(const CoapEngineConfig& config)
{
    std::string error;
    NS_ABORT_MSG_UNLESS(config.Validate(&error), "CoapEndpoint: invalid configuration: " << error);
    m_config = config;
}

std::string
CoapEndpoint::TokenKey(const std::string& peer, const std::vector<uint8_t>& token)
{
    return peer + "#" + HexEncode(token);
}

std::string
CoapEndpoint::MidKey(const std::string& peer, uint16_t mid)
{
    return peer + "#" + std::to_string(mid);
}

std::string
CoapEndpoint::PeerOfMidKey(const std::string& key)
{
    return key.substr(0, key.rfind('#'));
}

uint16_t
CoapEndpoint::NextMessageId()
{
    return m_nextMessageId++;
}

std::vector<uint8_t>
CoapEndpoint::NewToken()
{
    std::size_t length = m_config.tokenLength;
    for (int attempt = 0;; ++attempt)
    {
        if (attempt > 0 && attempt % 8 == 0 && length < CoapMessage::MAX_TOKEN_LENGTH)
        {
            ++length; // tokens of this length are crowded: use a longer one
        }
        std::vector<uint8_t> token(length);
        if (length > 0)
        {
            m_random.Fill(token.data(), length);
        }
        bool used = false;
        for (const auto& [id, e] : m_exchanges)
        {
            used = used || e.token == token;
        }
        if (!used)
        {
            return token;
        }
    }
}

Time
CoapEndpoint::InitialTimeout()
{
    double ack = m_config.ackTimeout.GetSeconds();
    return Seconds(m_random.Uniform(ack, ack * m_config.ackRandomFactor));
}

void
CoapEndpoint::Emit(CoapEvent::Kind kind,
                   const std::string& peer,
                   uint16_t mid,
                   const std::vector<uint8_t>& token,
                   uint8_t code,
                   const std::string& detail,
                   Time rtt,
                   uint32_t retransmissions)
{
    CoapEvent ev;
    ev.kind = kind;
    ev.peer = peer;
    ev.messageId = mid;
    ev.token = token;
    ev.code = code;
    ev.detail = detail;
    ev.rtt = rtt;
    ev.retransmissions = retransmissions;
    NS_LOG_DEBUG(CoapEvent::KindName(kind) << " " << peer << " mid=" << mid << " "
                                           << CoapCode::ToString(code) << " " << detail);
    m_listener.OnEvent(ev);
}

void
CoapEndpoint::EmitSecurityRejected(const std::string& peer,
                                   const CoapMessage& m,
                                   uint8_t code,
                                   CoapSecurityFailure failure,
                                   const std::string& detail)
{
    CoapEvent ev;
    ev.kind = CoapEvent::SECURITY_REJECTED;
    ev.peer = peer;
    ev.messageId = m.GetMessageId();
    ev.token = m.GetToken();
    ev.code = code;
    ev.detail = detail;
    ev.securityFailure = failure;
    NS_LOG_DEBUG("SECURITY_REJECTED " << peer << " mid=" << ev.messageId << " "
                                      << CoapSecurityFailureName(failure) << " " << detail);
    m_listener.OnEvent(ev);
}

void
CoapEndpoint::EmitTable(CoapEvent::Kind kind,
                        CoapTable table,
                        const std::string& peer,
                        uint16_t mid,
                        const std::vector<uint8_t>& token,
                        const std::string& detail)
{
    CoapEvent ev;
    ev.kind = kind;
    ev.peer = peer;
    ev.messageId = mid;
    ev.token = token;
    ev.table = table;
    ev.detail = std::string(CoapTableName(table)) + " full (" +
                std::to_string(m_config.GetCap(table)) + " entries): " + detail;
    NS_LOG_INFO(CoapEvent::KindName(kind) << " " << peer << " " << ev.detail);
    m_listener.OnEvent(ev);
}

void
CoapEndpoint::Send(const std::string& peer, const std::vector<uint8_t>& bytes)
{
    m_listener.SendDatagram(peer, bytes);
}

// ---------------------------------------------------------------------------------------
// Bounded tables
// ---------------------------------------------------------------------------------------

void
CoapEndpoint::PutDedup(const std::string& key, Time expires, std::vector<uint8_t> reply)
{
    auto it = m_dedup.find(key);
    if (it != m_dedup.end())
    {
        m_dedupTimers.Update(key, it->second.expires, expires);
        it->second.expires = expires;
        it->second.reply = std::move(reply);
        return;
    }
    while (m_dedup.size() >= m_config.maxDedupEntries && !m_dedupTimers.Empty())
    {
        // The entry nearest its end of life goes: of entries of one kind (CON or NON), the
        // oldest
        std::string victim = m_dedupTimers.EarliestKey();
        EraseDedup(victim);
        std::size_t hash = victim.rfind('#');
        uint16_t mid = static_cast<uint16_t>(std::strtoul(victim.c_str() + hash + 1, nullptr, 10));
        EmitTable(CoapEvent::TABLE_EVICTED,
                  CoapTable::DEDUP,
                  PeerOfMidKey(victim),
                  mid,
                  {},
                  "the entry expiring first was evicted");
    }
    m_dedup.emplace(key, DedupEntry{expires, std::move(reply)});
    m_dedupTimers.Update(key, Time::Max(), expires);
}

void
CoapEndpoint::EraseDedup(const std::string& key)
{
    auto it = m_dedup.find(key);
    if (it != m_dedup.end())
    {
        m_dedupTimers.Remove(key, it->second.expires);
        m_dedup.erase(it);
    }
}

void
CoapEndpoint::EraseTransmission(const std::string& key)
{
    auto it = m_transmissions.find(key);
    if (it != m_transmissions.end())
    {
        m_transmissionTimers.Remove(key, it->second.deadline);
        m_transmissionAge.Remove(key, it->second.firstSent);
        m_transmissions.erase(it);
    }
}

void
CoapEndpoint::EvictOldestTransmission(Time now)
{
    std::string key = m_transmissionAge.EarliestKey();
    Transmission gone = m_transmissions.at(key);
    EraseTransmission(key);
    EmitTable(CoapEvent::TABLE_EVICTED,
              CoapTable::TRANSMISSIONS,
              gone.peer,
              gone.messageId,
              gone.token,
              "the oldest CON message was given up");
    // This runs inside SendConfirmable, whose caller holds references into the tables: the
    // owner is told without removing anything or sending anything from here
    if (gone.owner == OWNER_CLIENT)
    {
        // The request fails from the timer, at once, as if the message had timed out
        auto e = m_exchanges.find(gone.ownerId);
        if (e != m_exchanges.end())
        {
            e->second.confirmableInFlight = false;
            e->second.pendingError = "evicted: too many outstanding confirmable messages";
            SetResponseDeadline(e->second, now);
        }
    }
    else if (gone.owner == OWNER_NOTIFICATION)
    {
        // The observer stays (its client did not refuse anything): the next state is sent
        // at the next change, without waiting for an ACK that cannot be matched any more
        auto o = m_observers.find(gone.ownerId);
        if (o != m_observers.end() && o->second.lastMessageId == gone.messageId)
        {
            o->second.inFlight = false;
        }
    }
}

void
CoapEndpoint::SetResponseDeadline(Exchange& e, Time deadline)
{
    m_exchangeTimers.Update(e.id, e.responseDeadline, deadline);
    e.responseDeadline = deadline;
}

void
CoapEndpoint::TakeSlot(Exchange& e)
{
    if (!e.holdsSlot)
    {
        e.holdsSlot = true;
        ++m_slots[e.peer];
    }
}

void
CoapEndpoint::DropSlot(Exchange& e)
{
    if (e.holdsSlot)
    {
        e.holdsSlot = false;
        auto it = m_slots.find(e.peer);
        if (it != m_slots.end() && --it->second == 0)
        {
            m_slots.erase(it);
        }
    }
}

CoapEndpoint::Block1State&
CoapEndpoint::PutBlock1(const std::string& key, Time expires)
{
    EraseBlock1(key);
    while (m_block1.size() >= m_config.maxBlock1Transfers && !m_block1Timers.Empty())
    {
        // The least recently active transfer goes (its expiry moves with each block)
        std::string victim = m_block1Timers.EarliestKey();
        EraseBlock1(victim);
        EmitTable(CoapEvent::TABLE_EVICTED,
                  CoapTable::BLOCK1,
                  victim.substr(0, victim.find(' ')),
                  0,
                  {},
                  "the least recently active reassembly was evicted");
    }
    Block1State& state = m_block1[key];
    state.expires = expires;
    m_block1Timers.Update(key, Time::Max(), expires);
    return state;
}

void
CoapEndpoint::EraseBlock1(const std::string& key)
{
    auto it = m_block1.find(key);
    if (it != m_block1.end())
    {
        m_block1Timers.Remove(key, it->second.expires);
        m_block1.erase(it);
    }
}

void
CoapEndpoint::EraseDeferred(uint64_t id)
{
    auto it = m_deferred.find(id);
    if (it != m_deferred.end())
    {
        m_deferredTimers.Remove(id, it->second.expires);
        m_deferred.erase(it);
    }
}

void
CoapEndpoint::SendConfirmable(Time now,
                              const std::string& peer,
                              const CoapMessage& m,
                              Owner owner,
                              uint64_t ownerId)
{
    std::string key = MidKey(peer, m.GetMessageId());
    EraseTransmission(key); // a message ID reused while still outstanding replaces it
    while (m_transmissions.size() >= m_config.maxTransmissions && !m_transmissionAge.Empty())
    {
        EvictOldestTransmission(now);
    }
    Transmission t;
    t.peer = peer;
    t.messageId = m.GetMessageId();
    t.bytes = m.Serialize();
    t.retransmissions = 0;
    t.timeout = InitialTimeout();
    t.deadline = now + t.timeout;
    t.firstSent = now;
    t.owner = owner;
    t.ownerId = ownerId;
    t.token = m.GetToken();
    std::vector<uint8_t> bytes = t.bytes;
    m_transmissionTimers.Update(key, Time::Max(), t.deadline);
    m_transmissionAge.Update(key, Time::Max(), t.firstSent);
    m_transmissions.emplace(key, std::move(t));
    Send(peer, bytes);
}

void
CoapEndpoint::SendReset(const std::string& peer, uint16_t mid, const std::string& why)
{
    CoapMessage rst(CoapMessage::RST, CoapCode::EMPTY, mid);
    Send(peer, rst.Serialize());
    Emit(CoapEvent::RST_SENT, peer, mid, {}, 0, why);
}

Time
CoapEndpoint::GetNextDeadline() const
{
    Time next = m_refused.empty() ? Time::Max() : m_refused.front().at;
    next = std::min(next, m_transmissionTimers.Next());
    next = std::min(next, m_exchangeTimers.Next());
    next = std::min(next, m_dedupTimers.Next());
    next = std::min(next, m_block1Timers.Next());
    next = std::min(next, m_deferredTimers.Next());
    return next;
}

void
CoapEndpoint::UpdateTimer()
{
    Time next = GetNextDeadline();
    if (next != m_reportedDeadline)
    {
        m_reportedDeadline = next;
        m_listener.SetTimer(next);
    }
}

void
CoapEndpoint::OnTimer(Time now)
{
    Entry entry(this);
    m_now = now;
    ProcessTimers(now);
}

void
CoapEndpoint::ProcessTimers(Time now)
{
    // Each table's due entries are a prefix of its time-ordered index: nothing is scanned.
    // Requests refused by the callbacks called here wait for the next timer (a client that
    // retries at once cannot keep this call busy)
    for (std::size_t n = m_refused.size(); n > 0 && m_refused.front().at <= now; --n)
    {
        Refused r = std::move(m_refused.front());
        m_refused.pop_front();
        if (r.callback)
        {
            CoapResult result;
            result.requestId = r.id;
            result.ok = false;
            result.error = "refused: too many open requests";
            result.final = true;
            result.blocks = 0;
            r.callback(result);
        }
    }
    while (m_dedupTimers.Next() <= now)
    {
        EraseDedup(m_dedupTimers.EarliestKey());
    }
    while (m_block1Timers.Next() <= now)
    {
        EraseBlock1(m_block1Timers.EarliestKey());
    }
    while (m_deferredTimers.Next() <= now)
    {
        uint64_t id = m_deferredTimers.EarliestKey();
        NS_LOG_INFO("deferred response " << id << " expired: the client has given up");
        EraseDeferred(id);
    }
    for (const std::string& key : m_transmissionTimers.Due(now))
    {
        auto it = m_transmissions.find(key);
        if (it == m_transmissions.end() || it->second.deadline > now)
        {
            continue; // gone, or moved, while an earlier one was handled
        }
        Transmission& t = it->second;
        if (t.retransmissions < m_config.maxRetransmit)
        {
            ++t.retransmissions;
            t.timeout = t.timeout * 2;
            m_transmissionTimers.Update(key, t.deadline, now + t.timeout);
            t.deadline = now + t.timeout;
            if (t.owner == OWNER_CLIENT)
            {
                auto e = m_exchanges.find(t.ownerId);
                if (e != m_exchanges.end())
                {
                    ++e->second.retransmissions;
                }
            }
            std::vector<uint8_t> bytes = t.bytes;
            std::string peer = t.peer;
            Emit(CoapEvent::RETRANSMISSION,
                 peer,
                 t.messageId,
                 t.token,
                 bytes.size() > 1 ? bytes[1] : 0,
                 "",
                 Time(0),
                 t.retransmissions);
            Send(peer, bytes);
            continue;
        }
        Transmission gone = t;
        EraseTransmission(key);
        Emit(CoapEvent::TIMEOUT,
             gone.peer,
             gone.messageId,
             gone.token,
             gone.bytes.size() > 1 ? gone.bytes[1] : 0,
             "no ACK after " + std::to_string(gone.retransmissions) + " retransmissions",
             now - gone.firstSent,
             gone.retransmissions);
        if (gone.owner == OWNER_CLIENT)
        {
            auto e = m_exchanges.find(gone.ownerId);
            if (e != m_exchanges.end())
            {
                e->second.confirmableInFlight = false;
                FailExchange(now, gone.ownerId, "timeout");
            }
        }
        else if (gone.owner == OWNER_NOTIFICATION)
        {
            RemoveObserver(gone.ownerId, "notification timed out");
        }
    }
    for (uint64_t id : m_exchangeTimers.Due(now))
    {
        auto e = m_exchanges.find(id);
        if (e != m_exchanges.end() && e->second.responseDeadline <= now)
        {
            std::string why =
                e->second.pendingError.empty() ? "no response" : e->second.pendingError;
            FailExchange(now, id, why);
        }
    }
}

CoapStateSize
CoapEndpoint::GetStateSize() const
{
    CoapStateSize s;
    for (const auto& [key, t] : m_transmissions)
    {
        // retransmission buffer, peer, message ID, timer, counter
        s.exchanges += t.bytes.size() + PEER_BYTES + 2 + TIMER_BYTES + 1;
    }
    for (const auto& [id, e] : m_exchanges)
    {
        uint64_t size = PEER_BYTES + e.token.size() + 2 + TIMER_BYTES + e.body.size();
        if (e.state == OBSERVING)
        {
            s.observers += size + 4; // and the last sequence number
        }
        else
        {
            // the request kept for follow-up blocks
            s.exchanges += size + e.request.GetSerializedSize();
        }
    }
    for (const auto& [id, d] : m_deferred)
    {
        // a request answered later: peer, token, message ID, type
        s.exchanges += PEER_BYTES + d.token.size() + 2 + 1;
    }
    for (const auto& [key, d] : m_dedup)
    {
        s.dedup += PEER_BYTES + 2 + TIMER_BYTES + d.reply.size();
    }
    for (const auto& [id, o] : m_observers)
    {
        s.observers += PEER_BYTES + o.token.size() + o.path.size() + 4 + 2;
    }
    for (const auto& [key, b] : m_block1)
    {
        s.blockwise += key.size() + b.body.size() + TIMER_BYTES;
    }
    // Message security: each context once, and the bindings kept for responses
    std::set<const CoapMessageSecurity*> contexts;
    for (const auto& [peer, security] : m_security)
    {
        if (security && contexts.insert(security.get()).second)
        {
            s.security += security->GetStateBytes();
        }
    }
    auto bindingBytes = [](const CoapRequestBinding& b) -> uint64_t {
        // 'kid' and Partial IV; a Notification Number (5 bytes) for observations
        return b.active ? b.kid.size() + b.partialIv.size() + (b.observe ? 5 : 0) : 0;
    };
    for (const auto& [id, e] : m_exchanges)
    {
        s.security += bindingBytes(e.binding);
    }
    for (const auto& [id, o] : m_observers)
    {
        s.security += bindingBytes(o.binding);
    }
    for (const auto& [id, d] : m_deferred)
    {
        s.security += bindingBytes(d.binding);
    }
    return s;
}

uint64_t
CoapEndpoint::GetTableSize(CoapTable table) const
{
    switch (table)
    {
    case CoapTable::DEDUP:
        return m_dedup.size();
    case CoapTable::EXCHANGES:
        return m_exchanges.size();
    case CoapTable::TRANSMISSIONS:
        return m_transmissions.size();
    case CoapTable::OBSERVERS:
        return m_observers.size();
    case CoapTable::BLOCK1:
        return m_block1.size();
    case CoapTable::DEFERRED:
        return m_deferred.size();
    }
    return 0;
}

bool
CoapEndpoint::CheckConsistency(std::string* error) const
{
    std::string why;
    auto check = [&why](bool ok, const std::string& what) {
        if (!ok && why.empty())
        {
            why = what;
        }
    };
    for (CoapTable table : {CoapTable::DEDUP,
                            CoapTable::EXCHANGES,
                            CoapTable::TRANSMISSIONS,
                            CoapTable::OBSERVERS,
                            CoapTable::BLOCK1,
                            CoapTable::DEFERRED})
    {
        check(GetTableSize(table) <= m_config.GetCap(table),
              std::string(CoapTableName(table)) + " holds " + std::to_string(GetTableSize(table)) +
                  " entries, more than its cap");
    }
    // Each index holds exactly the entries with a deadline, at that deadline
    std::size_t timed = 0;
    for (const auto& [key, t] : m_transmissions)
    {
        check(m_transmissionTimers.Contains(key, t.deadline), "transmission not indexed: " + key);
        check(m_transmissionAge.Contains(key, t.firstSent), "transmission age not indexed: " + key);
    }
    check(m_transmissionTimers.Size() == m_transmissions.size() &&
              m_transmissionAge.Size() == m_transmissions.size(),
          "stale transmission index entries");
    for (const auto& [id, e] : m_exchanges)
    {
        if (e.responseDeadline != Time::Max())
        {
            ++timed;
            check(m_exchangeTimers.Contains(id, e.responseDeadline),
                  "exchange deadline not indexed: " + std::to_string(id));
        }
    }
    check(m_exchangeTimers.Size() == timed, "stale exchange index entries");
    for (const auto& [key, d] : m_dedup)
    {
        check(m_dedupTimers.Contains(key, d.expires), "dedup entry not indexed: " + key);
    }
    check(m_dedupTimers.Size() == m_dedup.size(), "stale dedup index entries");
    for (const auto& [key, b] : m_block1)
    {
        check(m_block1Timers.Contains(key, b.expires), "Block1 state not indexed: " + key);
    }
    check(m_block1Timers.Size() == m_block1.size(), "stale Block1 index entries");
    for (const auto& [id, d] : m_deferred)
    {
        check(m_deferredTimers.Contains(id, d.expires),
              "deferred response not indexed: " + std::to_string(id));
    }
    check(m_deferredTimers.Size() == m_deferred.size(), "stale deferred index entries");
    // Per-peer records exist only for peers with exchanges, and count them right
    std::map<std::string, uint32_t> slots;
    std::set<std::string> peers;
    for (const auto& [id, e] : m_exchanges)
    {
        peers.insert(e.peer);
        if (e.holdsSlot)
        {
            ++slots[e.peer];
        }
    }
    check(slots == m_slots, "NSTART slot counts disagree with the exchanges");
    for (const auto& [peer, queue] : m_queues)
    {
        check(peers.count(peer) > 0, "a queue for a peer without exchanges: " + peer);
        check(queue.size() <= m_exchanges.size(), "a queue longer than the exchanges: " + peer);
    }
    check(m_tokens.size() <= m_exchanges.size(), "more tokens than exchanges");
    if (error)
    {
        *error = why;
    }
    return why.empty();
}

void
CoapEndpoint::SetSecurity(const std::string& peer, std::shared_ptr<CoapMessageSecurity> security)
{
    if (security)
    {
        m_security[peer] = std::move(security);
    }
    else
    {
        m_security.erase(peer);
    }
}

std::shared_ptr<CoapMessageSecurity>
CoapEndpoint::GetSecurity(const std::string& peer) const
{
    auto it = m_security.find(peer);
    if (it == m_security.end())
    {
        it = m_security.find("");
    }
    return it == m_security.end() ? nullptr : it->second;
}

// ---------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------

void
CoapEndpoint::Receive(Time now, const std::string& peer, const uint8_t* data, std::size_t len)
{
    Entry entry(this);
    m_now = now;
    CoapMessage m;
    std::string error;
    if (!CoapMessage::Parse(data, len, m, &error))
    {
        CoapMessage::Type type;
        uint8_t code;
        uint16_t mid;
        Emit(CoapEvent::REJECTED, peer, 0, {}, 0, "malformed: " + error);
        // A message format error in a CON is rejected with RST (RFC 7252 section 4.2);
        // anything else is silently ignored.
        if (CoapMessage::PeekHeader(data, len, type, code, mid) && type == CoapMessage::CON)
        {
            SendReset(peer, mid, "malformed: " + error);
        }
        return;
    }
    NS_LOG_LOGIC("receive from " << peer << ": " << m);
    if (m.GetType() == CoapMessage::ACK || m.GetType() == CoapMessage::RST)
    {
        auto it = m_transmissions.find(MidKey(peer, m.GetMessageId()));
        if (m.GetType() == CoapMessage::RST && !m.IsEmpty())
        {
            Emit(CoapEvent::REJECTED, peer, m.GetMessageId(), {}, m.GetCode(), "RST not empty");
            return;
        }
        if (it == m_transmissions.end())
        {
            if (m.GetType() == CoapMessage::RST)
            {
                // An RST answering a NON notification ends that observation
                for (const auto& [id, o] : m_observers)
                {
                    if (o.peer == peer && o.lastMessageId == m.GetMessageId())
                    {
                        Emit(CoapEvent::RST_RECEIVED, peer, m.GetMessageId(), o.token, 0);
                        RemoveObserver(id, "RST to a notification");
                        return;
                    }
                }
            }
            Emit(CoapEvent::REJECTED,
                 peer,
                 m.GetMessageId(),
                 m.GetToken(),
                 m.GetCode(),
                 "unexpected ACK or RST");
            return;
        }
        if (m.GetType() == CoapMessage::ACK && !m.IsEmpty())
        {
            if (!m.IsResponse() || it->second.owner != OWNER_CLIENT ||
                m.GetToken() != it->second.token)
            {
                Emit(CoapEvent::REJECTED,
                     peer,
                     m.GetMessageId(),
                     m.GetToken(),
                     m.GetCode(),
                     "ACK carries no response to our request");
                return;
            }
            auto bad = m.FindUnrecognizedOption(true);
            if (!bad && m.HasOption(CoapOption::OSCORE) && !GetSecurity(peer))
            {
                bad = CoapOption::OSCORE; // no security context: not understood
            }
            if (bad)
            {
                // Rejecting an ACK means silently ignoring it (RFC 7252 section 4.2)
                Emit(CoapEvent::REJECTED,
                     peer,
                     m.GetMessageId(),
                     m.GetToken(),
                     m.GetCode(),
                     "unrecognized critical option " + std::to_string(*bad) + " in response");
                return;
            }
        }
        // A piggybacked response to a protected request is verified before it acknowledges
        // the request: a forged one is ignored and the retransmissions go on
        bool verified = false;
        bool secured = false;
        if (m.GetType() == CoapMessage::ACK && !m.IsEmpty())
        {
            auto e = m_exchanges.find(it->second.ownerId);
            if (e != m_exchanges.end() && e->second.binding.active)
            {
                if (!VerifyResponse(now, e->second, m, secured))
                {
                    return;
                }
                verified = true;
            }
        }
        Transmission t = it->second;
        EraseTransmission(it->first);
        if (m.GetType() == CoapMessage::RST)
        {
            Emit(CoapEvent::RST_RECEIVED, peer, m.GetMessageId(), t.token, 0);
        }
        if (t.owner == OWNER_CLIENT)
        {
            auto e = m_exchanges.find(t.ownerId);
            if (e == m_exchanges.end())
            {
                return;
            }
            e->second.confirmableInFlight = false;
            if (m.GetType() == CoapMessage::RST)
            {
                FailExchange(now, t.ownerId, "reset");
            }
            else if (m.IsEmpty())
            {
                // Separate response follows (RFC 7252 section 5.2.2)
                SetResponseDeadline(e->second, now + m_config.GetExchangeLifetime());
            }
            else
            {
                HandleResponse(now, e->second, m, verified, secured);
            }
        }
        else if (t.owner == OWNER_NOTIFICATION)
        {
            auto o = m_observers.find(t.ownerId);
            if (o == m_observers.end())
            {
                return;
            }
            if (m.GetType() == CoapMessage::RST)
            {
                RemoveObserver(t.ownerId, "RST to a notification");
                return;
            }
            o->second.inFlight = false;
            if (o->second.pending)
            {
                o->second.pending = false;
                SendNotification(now, o->second);
            }
        }
        return;
    }

    // CON or NON
    if (m.IsEmpty())
    {
        if (m.GetType() == CoapMessage::CON)
        {
            SendReset(peer, m.GetMessageId(), "CoAP ping"); // RFC 7252 section 4.3
        }
        return;
    }
    std::string key = MidKey(peer, m.GetMessageId());
    auto dup = m_dedup.find(key);
    if (dup != m_dedup.end() && dup->second.expires > now)
    {
        Emit(CoapEvent::DUPLICATE, peer, m.GetMessageId(), m.GetToken(), m.GetCode());
        if (m.GetType() == CoapMessage::CON && !dup->second.reply.empty())
        {
            Send(peer, dup->second.reply);
        }
        return;
    }
    if (m.IsRequest())
    {
        HandleRequest(now, peer, m);
        return;
    }
    if (!m.IsResponse())
    {
        // Codes of the reserved classes 1, 6 and 7
        Emit(CoapEvent::REJECTED,
             peer,
             m.GetMessageId(),
             m.GetToken(),
             m.GetCode(),
             "reserved code class");
        if (m.GetType() == CoapMessage::CON)
        {
            SendReset(peer, m.GetMessageId(), "reserved code class");
        }
        return;
    }

    // A separate response or a notification
    Time lifetime = m.GetType() == CoapMessage::CON ? m_config.GetExchangeLifetime()
                                                    : m_config.GetNonLifetime();
    auto tok = m_tokens.find(TokenKey(peer, m.GetToken()));
    bool expected = tok != m_tokens.end() && m_exchanges.count(tok->second) &&
                    m_exchanges.at(tok->second).state != QUEUED;
    auto bad = m.FindUnrecognizedOption(true);
    if (!bad && m.HasOption(CoapOption::OSCORE) && !GetSecurity(peer))
    {
        bad = CoapOption::OSCORE; // no security context: not understood
    }
    if (!expected || bad)
    {
        std::string why = !expected ? "unexpected response"
                                    : "unrecognized critical option " + std::to_string(*bad);
        Emit(CoapEvent::REJECTED, peer, m.GetMessageId(), m.GetToken(), m.GetCode(), why);
        // Reject with RST: a CON must be; a NON may be, and a client that forgot an
        // observation uses this to end it (RFC 7641 section 3.6)
        CoapMessage rst(CoapMessage::RST, CoapCode::EMPTY, m.GetMessageId());
        PutDedup(key, now + lifetime, rst.Serialize());
        SendReset(peer, m.GetMessageId(), why);
        return;
    }
    std::vector<uint8_t> reply;
    if (m.GetType() == CoapMessage::CON)
    {
        reply = CoapMessage(CoapMessage::ACK, CoapCode::EMPTY, m.GetMessageId()).Serialize();
        Send(peer, reply);
    }
    PutDedup(key, now + lifetime, reply);
    Exchange& e = m_exchanges.at(tok->second);
    if (e.confirmableInFlight)
    {
        // The response implies the ACK of our request
        EraseTransmission(MidKey(peer, e.messageId));
        e.confirmableInFlight = false;
    }
    HandleResponse(now, e, m);
}

// ---------------------------------------------------------------------------------------
// Client
// ---------------------------------------------------------------------------------------

uint64_t
CoapEndpoint::SendRequest(Time now,
                          const std::string& peer,
                          const CoapMessage& request,
                          CoapResponseCallback callback,
                          const CoapRequestOptions& options)
{
    Entry entry(this);
    m_now = now;
    NS_ABORT_MSG_UNLESS(request.IsRequest(),
                        "CoapEndpoint::SendRequest: code " << CoapCode::ToString(request.GetCode())
                                                           << " is not a request");
    if (m_exchanges.size() >= m_config.maxExchanges)
    {
        // Refused: the callback learns it from the timer (at once), never from inside this
        // call, whose caller may be iterating over its own requests
        uint64_t id = m_nextId++;
        m_refused.push_back(Refused{id, std::move(callback), now});
        EmitTable(CoapEvent::TABLE_REFUSED,
                  CoapTable::EXCHANGES,
                  peer,
                  0,
                  {},
                  "request " + std::to_string(id) + " refused");
        return id;
    }
    Exchange e;
    e.id = m_nextId++;
    e.peer = peer;
    e.request = request;
    e.options = options;
    e.callback = std::move(callback);
    e.state = QUEUED;
    e.token = NewToken();
    e.messageId = 0;
    e.confirmableInFlight = false;
    e.responseDeadline = Time::Max();
    e.retransmissions = 0;
    e.messages = 0;
    e.block1Offset = 0;
    e.block1Szx = m_config.blockSzx;
    e.block1Active = request.GetPayload().size() > (1u << (m_config.blockSzx + 4));
    e.block2Next = 0;
    e.block2Szx = options.block2Szx.value_or(m_config.blockSzx);
    e.block2Active = false;
    e.haveObserve = false;
    e.lastObserve = 0;
    e.holdsSlot = false;
    uint64_t id = e.id;
    m_tokens[TokenKey(peer, e.token)] = id;
    m_exchanges.emplace(id, std::move(e));
    m_queues[peer].push_back(id);
    StartQueued(now, peer);
    return id;
}

uint32_t
CoapEndpoint::SlotsInUse(const std::string& peer) const
{
    auto it = m_slots.find(peer);
    return it == m_slots.end() ? 0 : it->second;
}

void
CoapEndpoint::StartQueued(Time now, const std::string& peer)
{
    auto q = m_queues.find(peer);
    while (q != m_queues.end() && !q->second.empty() && SlotsInUse(peer) < m_config.nstart)
    {
        uint64_t id = q->second.front();
        q->second.pop_front();
        auto it = m_exchanges.find(id);
        if (it == m_exchanges.end())
        {
            continue;
        }
        Exchange& e = it->second;
        e.state = WAITING;
        TakeSlot(e);
        e.firstSent = now;
        SendExchangeMessage(now, e);
    }
    if (q != m_queues.end() && q->second.empty())
    {
        m_queues.erase(q);
    }
}

void
CoapEndpoint::ReleaseSlot(Time now, Exchange& e)
{
    if (e.holdsSlot)
    {
        DropSlot(e);
        std::string peer = e.peer;
        StartQueued(now, peer);
    }
}

void
CoapEndpoint::SendExchangeMessage(Time now, Exchange& e)
{
    CoapMessage m = e.request;
    bool followUp = e.messages > 0;
    if (followUp && !e.options.observe && GetSecurity(e.peer))
    {
        // Each protected request message of a block-wise transfer gets a token of its own,
        // so that a token names one request binding (RFC 8613 section 8; RFC 9175 section
        // 4). An observation keeps its token: notifications and the deregistration use it.
        m_tokens.erase(TokenKey(e.peer, e.token));
        e.token = NewToken();
        m_tokens[TokenKey(e.peer, e.token)] = e.id;
    }
    m.SetType(e.options.confirmable ? CoapMessage::CON : CoapMessage::NON);
    m.SetMessageId(NextMessageId());
    m.SetToken(e.token);
    m.RemoveOption(CoapOption::OBSERVE);
    m.RemoveOption(CoapOption::BLOCK1);
    m.RemoveOption(CoapOption::BLOCK2);
    if (e.block2Active)
    {
        // Follow-up requests for the rest of a representation carry no payload and no Observe
        m.SetPayload(std::vector<uint8_t>());
        m.RemoveOption(CoapOption::SIZE1);
        m.SetBlock(CoapOption::BLOCK2, CoapBlock{e.block2Next, false, e.block2Szx});
    }
    else
    {
        if (e.options.observe)
        {
            m.SetObserve(0);
        }
        else if (e.request.HasOption(CoapOption::OBSERVE))
        {
            m.SetUintOption(CoapOption::OBSERVE, *e.request.GetObserve());
        }
        if (e.block1Active)
        {
            const std::vector<uint8_t>& body = e.request.GetPayload();
            CoapBlock b;
            b.szx = e.block1Szx;
            b.num = static_cast<uint32_t>(e.block1Offset / b.GetSize());
            std::size_t end = std::min(body.size(), e.block1Offset + b.GetSize());
            b.more = end < body.size();
            m.SetPayload(std::vector<uint8_t>(body.begin() + e.block1Offset, body.begin() + end));
            m.SetBlock(CoapOption::BLOCK1, b);
            if (e.block1Offset == 0)
            {
                m.SetUintOption(CoapOption::SIZE1, static_cast<uint32_t>(body.size()));
            }
        }
        if (e.options.block2Szx && !followUp)
        {
            m.SetBlock(CoapOption::BLOCK2, CoapBlock{0, false, e.block2Szx});
        }
    }
    CoapMessage original = m;
    e.binding = CoapRequestBinding();
    e.pendingError.clear();
    if (auto security = GetSecurity(e.peer))
    {
        std::string error;
        if (!security->ProtectRequest(m, e.binding, &error))
        {
            // Nothing is sent; the exchange fails when the timer runs (at once), outside this
            // call chain, which may be iterating over the queue of the peer
            EmitSecurityRejected(e.peer,
                                 original,
                                 0,
                                 CoapSecurityFailure::PROTECT_FAILED,
                                 security->GetName() + ": cannot protect the request: " + error);
            e.confirmableInFlight = false;
            e.pendingError = security->GetName() + ": " + error;
            SetResponseDeadline(e, now);
            return;
        }
    }
    e.messageId = m.GetMessageId();
    e.messageSent = now;
    ++e.messages;
    if (m.GetType() == CoapMessage::CON)
    {
        e.confirmableInFlight = true;
        SetResponseDeadline(e, Time::Max());
        SendConfirmable(now, e.peer, m, OWNER_CLIENT, e.id);
    }
    else
    {
        e.confirmableInFlight = false;
        SetResponseDeadline(e, now + m_config.GetMaxTransmitWait());
        Send(e.peer, m.Serialize());
    }
    Emit(followUp ? CoapEvent::BLOCK_SENT : CoapEvent::REQUEST_SENT,
         e.peer,
         original.GetMessageId(),
         original.GetToken(),
         original.GetCode(),
         original.GetUriPath());
}

bool
CoapEndpoint::VerifyResponse(Time now, Exchange& e, CoapMessage& m, bool& secured)
{
    secured = false;
    std::shared_ptr<CoapMessageSecurity> security = GetSecurity(e.peer);
    std::string name = security ? security->GetName() : "security";
    std::string why;
    CoapSecurityFailure failure = CoapSecurityFailure::NO_SECURITY;
    if (!security)
    {
        why = "no security for the peer any more";
    }
    else if (!m.HasOption(CoapOption::OSCORE))
    {
        uint8_t cls = m.GetCode() >> 5;
        if (cls == 4 || cls == 5)
        {
            // The errors of the server's security layer are unprotected (RFC 8613 section 8.3):
            // delivered, but not as secured
            return true;
        }
        why = "unprotected success response to a protected request";
        failure = CoapSecurityFailure::NOT_PROTECTED;
    }
    else
    {
        CoapSecurityVerdict v = security->UnprotectResponse(m, e.binding);
        if (v.ok)
        {
            auto bad = m.FindUnrecognizedOption(true);
            if (!bad)
            {
                secured = true;
                return true;
            }
            why = "unrecognized critical option " + std::to_string(*bad) + " inside";
            failure = CoapSecurityFailure::BAD_INNER_OPTION;
        }
        else
        {
            why = v.reason;
            failure = v.failure;
        }
    }
    EmitSecurityRejected(e.peer, m, 0, failure, name + ": response discarded: " + why);
    if (e.state != OBSERVING)
    {
        // Keep waiting for a valid response; fail if none comes
        e.pendingError = name + ": " + why;
        if (!e.confirmableInFlight && e.responseDeadline == Time::Max())
        {
            SetResponseDeadline(e, now + m_config.GetMaxTransmitWait());
        }
    }
    return false;
}

void
CoapEndpoint::HandleResponse(Time now,
                             Exchange& e,
                             const CoapMessage& received,
                             bool verified,
                             bool secured)
{
    uint64_t id = e.id;
    CoapMessage m = received;
    if (!verified && e.binding.active && !VerifyResponse(now, e, m, secured))
    {
        return;
    }
    Emit(CoapEvent::RESPONSE_RECEIVED,
         e.peer,
         m.GetMessageId(),
         m.GetToken(),
         m.GetCode(),
         "",
         now - e.messageSent,
         e.retransmissions);
    SetResponseDeadline(e, Time::Max());

    if (e.state == OBSERVING)
    {
        auto obs = m.GetObserve();
        if (!obs || !IsSuccess(m.GetCode()))
        {
            CoapResult r;
            r.requestId = id;
            r.ok = true;
            r.response = m;
            r.secured = secured;
            r.blocks = e.messages;
            r.retransmissions = e.retransmissions;
            FinishExchange(now, id, r); // the server ended the observation
            return;
        }
        // RFC 7641 section 3.4: is the notification fresher than the last one?
        uint32_t v1 = e.lastObserve;
        uint32_t v2 = *obs;
        bool fresher = (v1 < v2 && v2 - v1 < (1u << 23)) || (v1 > v2 && v1 - v2 > (1u << 23)) ||
                       now > e.lastObserveTime + Seconds(128);
        if (!fresher)
        {
            Emit(CoapEvent::OBSERVE_REORDERED,
                 e.peer,
                 m.GetMessageId(),
                 m.GetToken(),
                 m.GetCode(),
                 "Observe " + std::to_string(v2) + " after " + std::to_string(v1));
            return;
        }
        e.lastObserve = v2;
        e.lastObserveTime = now;
        Emit(CoapEvent::NOTIFICATION_RECEIVED,
             e.peer,
             m.GetMessageId(),
             m.GetToken(),
             m.GetCode(),
             "Observe " + std::to_string(v2));
        CoapResult r;
        r.requestId = id;
        r.ok = true;
        r.response = m;
        r.secured = secured;
        r.notification = true;
        r.final = false;
        r.blocks = 1;
        CoapResponseCallback cb = e.callback;
        if (cb)
        {
            cb(r); // may cancel the observation: e is not used after this
        }
        return;
    }

    // Block1: the server asks for the next block
    if (e.block1Active)
    {
        CoapBlock sent;
        sent.szx = e.block1Szx;
        sent.num = static_cast<uint32_t>(e.block1Offset / sent.GetSize());
        std::size_t sentEnd =
            std::min(e.request.GetPayload().size(), e.block1Offset + sent.GetSize());
        bool more = sentEnd < e.request.GetPayload().size();
        if (more && m.GetCode() == CoapCode::CONTINUE)
        {
            auto b1 = m.GetBlock1();
            if (!b1)
            {
                FailExchange(now, id, "2.31 Continue without a Block1 option");
                return;
            }
            if (b1->num != sent.num)
            {
                Emit(CoapEvent::REJECTED,
                     e.peer,
                     m.GetMessageId(),
                     m.GetToken(),
                     m.GetCode(),
                     "2.31 for another block");
                return;
            }
            e.block1Offset = sentEnd;
            if (b1->szx < e.block1Szx)
            {
                e.block1Szx = b1->szx; // the server prefers smaller blocks (RFC 7959 2.3)
            }
            SendExchangeMessage(now, e);
            return;
        }
        if (more)
        {
            // The server answered before the body was complete (an error such as 4.13)
            CoapResult r;
            r.requestId = id;
            r.ok = true;
            r.response = m;
            r.secured = secured;
            r.rtt = now - e.firstSent;
            r.retransmissions = e.retransmissions;
            r.blocks = e.messages;
            FinishExchange(now, id, r);
            return;
        }
        e.block1Active = false; // the last block was answered
    }

    // Block2: collect the representation
    auto b2 = m.GetBlock2();
    if (b2 && IsSuccess(m.GetCode()))
    {
        if (!e.block2Active)
        {
            if (b2->num != 0)
            {
                FailExchange(now, id, "first Block2 response is not block 0");
                return;
            }
            e.block2Active = true;
            e.body.clear();
            e.etag = m.GetETag();
            if (e.options.observe && m.GetObserve())
            {
                e.haveObserve = true;
                e.lastObserve = *m.GetObserve();
            }
        }
        else
        {
            if (b2->num != e.block2Next)
            {
                Emit(CoapEvent::REJECTED,
                     e.peer,
                     m.GetMessageId(),
                     m.GetToken(),
                     m.GetCode(),
                     "Block2 response for another block");
                return;
            }
            if (m.GetETag() != e.etag)
            {
                FailExchange(now, id, "representation changed during the Block2 transfer (ETag)");
                return;
            }
        }
        if (b2->GetOffset() != e.body.size())
        {
            FailExchange(now, id, "Block2 offset does not follow the bytes received");
            return;
        }
        if (b2->more && m.GetPayload().size() != b2->GetSize())
        {
            FailExchange(now, id, "a Block2 block other than the last is not full");
            return;
        }
        e.body.insert(e.body.end(), m.GetPayload().begin(), m.GetPayload().end());
        if (e.body.size() > m_config.maxBodySize)
        {
            FailExchange(now, id, "Block2 representation larger than the maximum body size");
            return;
        }
        if (b2->more)
        {
            e.block2Next = b2->num + 1;
            e.block2Szx = b2->szx;
            SendExchangeMessage(now, e);
            return;
        }
    }

    CoapResult r;
    r.requestId = id;
    r.ok = true;
    r.response = m;
    r.secured = secured;
    if (e.block2Active)
    {
        r.response.SetPayload(e.body);
    }
    r.rtt = now - e.firstSent;
    r.retransmissions = e.retransmissions;
    r.blocks = e.messages;
    bool registered = e.options.observe && IsSuccess(m.GetCode()) &&
                      (m.GetObserve().has_value() || (e.block2Active && e.haveObserve));
    if (registered)
    {
        if (m.GetObserve() && !e.block2Active)
        {
            e.lastObserve = *m.GetObserve();
        }
        e.haveObserve = true;
        e.lastObserveTime = now;
        e.state = OBSERVING;
        e.block2Active = false;
        e.body.clear();
        e.block2Next = 0;
        r.notification = true;
        r.final = false;
        CoapResponseCallback cb = e.callback;
        ReleaseSlot(now, e);
        if (cb)
        {
            cb(r);
        }
        return;
    }
    FinishExchange(now, id, r);
}

void
CoapEndpoint::FinishExchange(Time now, uint64_t id, CoapResult result)
{
    auto it = m_exchanges.find(id);
    if (it == m_exchanges.end())
    {
        return;
    }
    Exchange e = std::move(it->second);
    m_exchanges.erase(it);
    m_exchangeTimers.Remove(id, e.responseDeadline);
    m_tokens.erase(TokenKey(e.peer, e.token));
    if (e.confirmableInFlight)
    {
        EraseTransmission(MidKey(e.peer, e.messageId));
    }
    auto q = m_queues.find(e.peer);
    if (q != m_queues.end())
    {
        q->second.erase(std::remove(q->second.begin(), q->second.end(), id), q->second.end());
        if (q->second.empty())
        {
            m_queues.erase(q); // no record is kept for a peer without requests
        }
    }
    result.requestId = id;
    result.final = true;
    if (e.holdsSlot)
    {
        DropSlot(e);
        StartQueued(now, e.peer);
    }
    if (e.callback)
    {
        e.callback(result);
    }
}

void
CoapEndpoint::FailExchange(Time now, uint64_t id, const std::string& why)
{
    auto it = m_exchanges.find(id);
    if (it == m_exchanges.end())
    {
        return;
    }
    CoapResult r;
    r.requestId = id;
    r.ok = false;
    r.error = why;
    r.rtt = now - it->second.firstSent;
    r.retransmissions = it->second.retransmissions;
    r.blocks = it->second.messages;
    FinishExchange(now, id, r);
}

bool
CoapEndpoint::CancelObserve(Time now, uint64_t requestId, bool proactive)
{
    Entry entry(this);
    m_now = now;
    auto it = m_exchanges.find(requestId);
    if (it == m_exchanges.end() || it->second.state != OBSERVING)
    {
        return false;
    }
    Exchange& e = it->second;
    if (!proactive)
    {
        // Forget it: the next notification is answered with RST
        m_tokens.erase(TokenKey(e.peer, e.token));
        m_exchangeTimers.Remove(e.id, e.responseDeadline);
        if (e.confirmableInFlight)
        {
            EraseTransmission(MidKey(e.peer, e.messageId));
        }
        DropSlot(e);
        m_exchanges.erase(it);
        return true;
    }
    // GET with Observe: 1 and the same token (RFC 7641 section 3.6)
    e.state = WAITING;
    e.options.observe = false;
    e.request.SetUintOption(CoapOption::OBSERVE, 1);
    e.messages = 0;
    e.firstSent = now;
    e.block2Active = false;
    e.body.clear();
    SendExchangeMessage(now, e);
    return true;
}

bool
CoapEndpoint::IsOpen(uint64_t requestId) const
{
    return m_exchanges.count(requestId) > 0;
}

uint32_t
CoapEndpoint::AbortPeer(Time now, const std::string& peer, const std::string& why)
{
    Entry entry(this);
    m_now = now;
    std::vector<uint64_t> queued;
    std::vector<uint64_t> active;
    for (const auto& [id, e] : m_exchanges)
    {
        if (e.peer == peer)
        {
            (e.holdsSlot ? active : queued).push_back(id);
        }
    }
    // The queued ones first: failing an active one starts the next queued one
    for (uint64_t id : queued)
    {
        FailExchange(now, id, why);
    }
    for (uint64_t id : active)
    {
        FailExchange(now, id, why);
    }
    return static_cast<uint32_t>(queued.size() + active.size());
}

// ---------------------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------------------

void
CoapEndpoint::AddResource(const CoapResource& resource)
{
    CoapResource r = resource;
    r.path = NormalizePath(r.path);
    if (!m_resources.count(r.path))
    {
        m_resourceOrder.push_back(r.path);
    }
    m_resources[r.path] = r;
}

bool
CoapEndpoint::RemoveResource(Time now, const std::string& path)
{
    Entry entry(this);
    m_now = now;
    std::string p = NormalizePath(path);
    if (!m_resources.erase(p))
    {
        return false;
    }
    m_resourceOrder.erase(std::remove(m_resourceOrder.begin(), m_resourceOrder.end(), p),
                          m_resourceOrder.end());
    // Observers learn that the resource is gone (4.04) and are removed
    for (uint64_t id : ObserversOf(p))
    {
        auto o = m_observers.find(id);
        if (o != m_observers.end())
        {
            SendNotification(now, o->second);
        }
    }
    return true;
}

std::vector<CoapLink>
CoapEndpoint::GetLinks() const
{
    std::vector<CoapLink> links;
    for (const std::string& path : m_resourceOrder) // registration order
    {
        const CoapResource& r = m_resources.at(path);
        if (!r.listed)
        {
            continue;
        }
        CoapLink link;
        link.target = path;
        link.attributes = r.attributes;
        if (r.observable && !link.Has("obs"))
        {
            link.AddFlag("obs");
        }
        links.push_back(link);
    }
    return links;
}

void
CoapEndpoint::WellKnownCore(const CoapServerRequest& req, CoapServerResponse& resp)
{
    std::vector<CoapLink> links = GetLinks();
    // Query filtering (RFC 6690 section 4.1): name=value, with a trailing '*' as a prefix match
    for (const std::string& query : req.message.GetUriQueries())
    {
        std::size_t eq = query.find('=');
        std::string name = query.substr(0, eq);
        std::string value = eq == std::string::npos ? "" : query.substr(eq + 1);
        bool prefix = !value.empty() && value.back() == '*';
        if (prefix)
        {
            value.pop_back();
        }
        auto matches = [&](const std::string& candidate) {
            return prefix ? candidate.compare(0, value.size(), value) == 0 : candidate == value;
        };
        std::vector<CoapLink> kept;
        for (const CoapLink& link : links)
        {
            bool match = false;
            if (name == "href")
            {
                match = matches(link.target);
            }
            else
            {
                for (const CoapLinkAttribute& a : link.attributes)
                {
                    if (a.name != name)
                    {
                        continue;
                    }
                    std::string word;
                    for (std::size_t i = 0; i <= a.value.size(); ++i)
                    {
                        if (i == a.value.size() || a.value[i] == ' ')
                        {
                            match = match || matches(word);
                            word.clear();
                        }
                        else
                        {
                            word += a.value[i];
                        }
                    }
                }
            }
            if (match)
            {
                kept.push_back(link);
            }
        }
        links = kept;
    }
    resp.message.SetCode(CoapCode::CONTENT);
    resp.message.SetContentFormat(CoapLinkFormat::CONTENT_FORMAT);
    resp.message.SetPayload(CoapLinkFormat::Serialize(links));
}

void
CoapEndpoint::SendErrorResponse(Time now,
                                const std::string& peer,
                                const CoapMessage& request,
                                uint8_t code,
                                const std::string& diagnostic)
{
    bool con = request.GetType() == CoapMessage::CON;
    CoapMessage r(con ? CoapMessage::ACK : CoapMessage::NON,
                  code,
                  con ? request.GetMessageId() : NextMessageId());
    r.SetToken(request.GetToken());
    r.SetMaxAge(0); // not to be cached by intermediaries (RFC 8613 section 8.2)
    r.SetPayload(diagnostic);
    std::vector<uint8_t> bytes = r.Serialize();
    if (con)
    {
        std::string key = MidKey(peer, request.GetMessageId());
        PutDedup(key, now + m_config.GetExchangeLifetime(), bytes);
    }
    Send(peer, bytes);
    Emit(CoapEvent::RESPONSE_SENT, peer, r.GetMessageId(), r.GetToken(), code, diagnostic);
}

bool
CoapEndpoint::SecureResponse(const std::string& peer,
                             CoapMessage& response,
                             const CoapRequestBinding& binding)
{
    std::shared_ptr<CoapMessageSecurity> security = GetSecurity(peer);
    std::string error = "no security for the peer any more";
    if (security && security->ProtectResponse(response, binding, &error))
    {
        return true;
    }
    EmitSecurityRejected(peer,
                         response,
                         0,
                         security ? CoapSecurityFailure::PROTECT_FAILED
                                  : CoapSecurityFailure::NO_SECURITY,
                         "cannot protect the response: " + error);
    return false;
}

void
CoapEndpoint::HandleRequest(Time now, const std::string& peer, const CoapMessage& received)
{
    bool con = received.GetType() == CoapMessage::CON;
    std::string key = MidKey(peer, received.GetMessageId());
    Time lifetime = con ? m_config.GetExchangeLifetime() : m_config.GetNonLifetime();
    PutDedup(key, now + lifetime, {});
    CoapMessage m = received;
    CoapRequestBinding binding;
    std::shared_ptr<CoapMessageSecurity> security = GetSecurity(peer);
    if (security)
    {
        // Nothing unverified reaches the resource tree
        CoapSecurityVerdict v = security->UnprotectRequest(m, binding);
        if (!v.ok)
        {
            EmitSecurityRejected(peer,
                                 received,
                                 v.errorCode,
                                 v.failure,
                                 security->GetName() + ": request rejected: " + v.reason);
            if (v.errorCode != 0)
            {
                SendErrorResponse(now, peer, received, v.errorCode, v.reason);
            }
            else if (con)
            {
                SendReset(peer, received.GetMessageId(), v.reason);
            }
            return;
        }
    }
    else if (m.HasOption(CoapOption::OSCORE))
    {
        // No security context: the critical OSCORE option is not understood (4.02)
        Emit(CoapEvent::REJECTED,
             peer,
             m.GetMessageId(),
             m.GetToken(),
             m.GetCode(),
             "OSCORE option without a security context");
        SendErrorResponse(now,
                          peer,
                          received,
                          CoapCode::BAD_OPTION,
                          "Unrecognized option " + std::to_string(CoapOption::OSCORE));
        return;
    }
    Emit(CoapEvent::REQUEST_RECEIVED,
         peer,
         m.GetMessageId(),
         m.GetToken(),
         m.GetCode(),
         m.GetUriPath());
    uint64_t deferredId = m_nextId++;
    CoapServerResponse resp;
    resp.message.SetCode(CoapCode::CONTENT);
    ProcessRequest(now, peer, m, resp, deferredId, binding);
    if (resp.defer)
    {
        Deferred d;
        d.peer = peer;
        d.token = m.GetToken();
        d.confirmable = con;
        d.requestMessageId = m.GetMessageId();
        d.path = m.GetUriPath();
        d.binding = binding;
        // After the request's lifetime its client has given up on the response
        d.expires = now + lifetime;
        while (m_deferred.size() >= m_config.maxDeferred && !m_deferredTimers.Empty())
        {
            uint64_t victim = m_deferredTimers.EarliestKey();
            Deferred old = m_deferred.at(victim);
            EraseDeferred(victim);
            EmitTable(CoapEvent::TABLE_EVICTED,
                      CoapTable::DEFERRED,
                      old.peer,
                      old.requestMessageId,
                      old.token,
                      "the oldest deferred response was evicted");
        }
        m_deferred[deferredId] = d;
        m_deferredTimers.Update(deferredId, Time::Max(), d.expires);
        if (con)
        {
            std::vector<uint8_t> ack =
                CoapMessage(CoapMessage::ACK, CoapCode::EMPTY, m.GetMessageId()).Serialize();
            PutDedup(key, now + lifetime, ack);
            Send(peer, ack);
        }
        return;
    }
    CoapMessage r = resp.message;
    r.SetToken(m.GetToken());
    if (con)
    {
        r.SetType(CoapMessage::ACK);
        r.SetMessageId(m.GetMessageId());
    }
    else
    {
        r.SetType(CoapMessage::NON);
        r.SetMessageId(NextMessageId());
    }
    uint8_t code = r.GetCode();
    if (binding.active && !SecureResponse(peer, r, binding))
    {
        return;
    }
    std::vector<uint8_t> bytes = r.Serialize();
    if (con)
    {
        PutDedup(key, now + lifetime, bytes);
    }
    Send(peer, bytes);
    Emit(CoapEvent::RESPONSE_SENT, peer, r.GetMessageId(), r.GetToken(), code);
}

void
CoapEndpoint::ProcessRequest(Time now,
                             const std::string& peer,
                             const CoapMessage& m,
                             CoapServerResponse& resp,
                             uint64_t deferredId,
                             const CoapRequestBinding& binding)
{
    auto bad = m.FindUnrecognizedOption(true);
    if (bad)
    {
        // RFC 7252 section 5.4.1: unrecognized critical options in a request: 4.02
        resp.message.SetCode(CoapCode::BAD_OPTION);
        resp.message.SetPayload("Unrecognized option " + std::to_string(*bad));
        return;
    }
    if (m.HasOption(CoapOption::PROXY_URI) || m.HasOption(CoapOption::PROXY_SCHEME))
    {
        resp.message.SetCode(CoapCode::Make(5, 5)); // 5.05 Proxying Not Supported
        return;
    }
    std::string path = m.GetUriPath();
    if (m.HasOption(CoapOption::BLOCK1))
    {
        CoapBlock b1 = *m.GetBlock1(); // valid: checked with the critical options
        std::string key = peer + " " + path;
        auto size1 = m.GetSize1();
        if (size1 && *size1 > m_config.maxBodySize)
        {
            EraseBlock1(key);
            resp.message.SetCode(CoapCode::REQUEST_ENTITY_TOO_LARGE);
            resp.message.SetUintOption(CoapOption::SIZE1, m_config.maxBodySize);
            return;
        }
        if (b1.num == 0)
        {
            PutBlock1(key, now + m_config.GetExchangeLifetime());
        }
        auto state = m_block1.find(key);
        if (state == m_block1.end() || state->second.body.size() != b1.GetOffset())
        {
            // RFC 7959 section 2.9.2: a block that does not continue the body
            EraseBlock1(key);
            resp.message.SetCode(CoapCode::REQUEST_ENTITY_INCOMPLETE);
            return;
        }
        if (b1.more && m.GetPayload().size() != b1.GetSize())
        {
            EraseBlock1(key);
            resp.message.SetCode(CoapCode::BAD_REQUEST);
            resp.message.SetPayload("Block1 block other than the last is not full");
            return;
        }
        std::vector<uint8_t>& body = state->second.body;
        body.insert(body.end(), m.GetPayload().begin(), m.GetPayload().end());
        m_block1Timers.Update(key, state->second.expires, now + m_config.GetExchangeLifetime());
        state->second.expires = now + m_config.GetExchangeLifetime();
        if (body.size() > m_config.maxBodySize)
        {
            EraseBlock1(key);
            resp.message.SetCode(CoapCode::REQUEST_ENTITY_TOO_LARGE);
            resp.message.SetUintOption(CoapOption::SIZE1, m_config.maxBodySize);
            return;
        }
        if (b1.more)
        {
            // 2.31 Continue, with the server's preferred block size (RFC 7959 section 2.3)
            resp.message.SetCode(CoapCode::CONTINUE);
            resp.message.SetBlock(CoapOption::BLOCK1,
                                  CoapBlock{b1.num, true, std::min(b1.szx, m_config.blockSzx)});
            return;
        }
        CoapMessage whole = m;
        whole.SetPayload(body);
        EraseBlock1(key);
        DispatchToResource(now, peer, whole, resp, deferredId, binding);
        if (!resp.defer)
        {
            resp.message.SetBlock(CoapOption::BLOCK1, CoapBlock{b1.num, false, b1.szx});
            ApplyBlock2(m, resp.message);
        }
        return;
    }
    DispatchToResource(now, peer, m, resp, deferredId, binding);
    if (!resp.defer)
    {
        ApplyBlock2(m, resp.message);
    }
}

void
CoapEndpoint::DispatchToResource(Time now,
                                 const std::string& peer,
                                 const CoapMessage& request,
                                 CoapServerResponse& resp,
                                 uint64_t deferredId,
                                 const CoapRequestBinding& binding)
{
    std::string path = request.GetUriPath();
    auto it = m_resources.find(path);
    if (it == m_resources.end())
    {
        resp.message.SetCode(CoapCode::NOT_FOUND);
        return;
    }
    auto handler = it->second.handlers.find(request.GetCode());
    if (handler == it->second.handlers.end())
    {
        resp.message.SetCode(CoapCode::METHOD_NOT_ALLOWED);
        return;
    }
    bool observable = it->second.observable;
    CoapHandler h = handler->second; // the handler may change the resource tree
    CoapServerRequest req{peer, request, now, deferredId, binding.active};
    h(req, resp);
    if (resp.defer)
    {
        return;
    }
    auto obs = request.GetObserve();
    if (request.GetCode() != CoapCode::GET || !obs)
    {
        return;
    }
    if (*obs == 0 && observable && IsSuccess(resp.message.GetCode()))
    {
        uint64_t existing = 0;
        for (const auto& [id, o] : m_observers)
        {
            if (o.peer == peer && o.token == request.GetToken())
            {
                existing = id;
            }
        }
        if (!existing && m_observers.size() >= m_config.maxObservers)
        {
            // RFC 7641 section 4.1: a server unable to add an observer answers the GET
            // without an Observe option, and the client is not registered
            EmitTable(CoapEvent::TABLE_REFUSED,
                      CoapTable::OBSERVERS,
                      peer,
                      request.GetMessageId(),
                      request.GetToken(),
                      "registration to " + path + " refused");
            return;
        }
        Observer o;
        o.id = existing ? existing : m_nextId++;
        o.peer = peer;
        o.token = request.GetToken();
        o.path = path;
        o.request = request;
        o.request.RemoveOption(CoapOption::BLOCK2);
        o.inFlight = false;
        o.pending = false;
        o.lastMessageId = 0;
        o.sent = 0;
        o.binding = binding;
        if (existing)
        {
            // Re-registration: keep any notification in flight
            o.inFlight = m_observers[existing].inFlight;
            o.sent = m_observers[existing].sent;
        }
        m_observers[o.id] = o;
        resp.message.SetObserve(m_observeSeq[path]);
        Emit(CoapEvent::OBSERVER_ADDED, peer, request.GetMessageId(), request.GetToken(), 0, path);
    }
    else if (*obs == 1)
    {
        for (const auto& [id, o] : m_observers)
        {
            if (o.peer == peer && o.token == request.GetToken())
            {
                RemoveObserver(id, "deregistered with Observe: 1");
                break;
            }
        }
    }
}

void
CoapEndpoint::ApplyBlock2(const CoapMessage& request, CoapMessage& response)
{
    auto asked = request.GetBlock2();
    uint8_t szx = m_config.blockSzx;
    if (asked)
    {
        szx = std::min(szx, asked->szx);
    }
    CoapBlock b;
    b.szx = szx;
    std::vector<uint8_t> payload = response.GetPayload();
    if (!asked && payload.size() <= b.GetSize())
    {
        return;
    }
    uint64_t offset = asked ? asked->GetOffset() : 0;
    if (offset > 0 && offset >= payload.size())
    {
        response = CoapMessage();
        response.SetCode(CoapCode::BAD_OPTION);
        response.SetPayload("Block2 beyond the end of the representation");
        return;
    }
    b.num = static_cast<uint32_t>(offset / b.GetSize());
    offset = b.GetOffset();
    uint64_t end = std::min<uint64_t>(payload.size(), offset + b.GetSize());
    b.more = end < payload.size();
    if (!response.HasOption(CoapOption::ETAG))
    {
        // Lets the client check that every block comes from one representation
        response.SetETag(HashTag(payload));
    }
    if (request.HasOption(CoapOption::SIZE2) || (b.num == 0 && b.more))
    {
        response.SetUintOption(CoapOption::SIZE2, static_cast<uint32_t>(payload.size()));
    }
    response.SetPayload(std::vector<uint8_t>(payload.begin() + offset, payload.begin() + end));
    response.SetBlock(CoapOption::BLOCK2, b);
}

void
CoapEndpoint::NotifyObservers(Time now, const std::string& path)
{
    Entry entry(this);
    m_now = now;
    std::string p = NormalizePath(path);
    m_observeSeq[p] = (m_observeSeq[p] + 1) & 0xffffff;
    for (uint64_t id : ObserversOf(p))
    {
        auto o = m_observers.find(id);
        if (o == m_observers.end())
        {
            continue;
        }
        if (o->second.inFlight)
        {
            o->second.pending = true; // sent when the CON in flight is acknowledged
            continue;
        }
        SendNotification(now, o->second);
    }
}

std::vector<uint64_t>
CoapEndpoint::ObserversOf(const std::string& path) const
{
    std::vector<uint64_t> ids;
    for (const auto& [id, o] : m_observers)
    {
        if (o.path == path)
        {
            ids.push_back(id);
        }
    }
    return ids;
}

void
CoapEndpoint::SendNotification(Time now, Observer& o)
{
    uint64_t id = o.id;
    CoapServerResponse resp;
    resp.message.SetCode(CoapCode::CONTENT);
    auto r = m_resources.find(o.path);
    CoapHandler h;
    if (r != m_resources.end())
    {
        auto g = r->second.handlers.find(CoapCode::GET);
        if (g != r->second.handlers.end())
        {
            h = g->second;
        }
    }
    if (!h)
    {
        resp.message.SetCode(CoapCode::NOT_FOUND);
    }
    else
    {
        CoapServerRequest req{o.peer, o.request, now, 0, o.binding.active};
        h(req, resp);
        if (resp.defer)
        {
            NS_LOG_WARN("a GET handler deferred a notification: not supported, none sent");
            return;
        }
    }
    auto again = m_observers.find(id);
    if (again == m_observers.end())
    {
        return;
    }
    Observer& ob = again->second;
    CoapMessage n = resp.message;
    bool success = IsSuccess(n.GetCode());
    if (success)
    {
        n.SetObserve(m_observeSeq[ob.path]);
        ApplyBlock2(ob.request, n);
    }
    n.SetToken(ob.token);
    n.SetMessageId(NextMessageId());
    uint32_t every = m_config.notifyConfirmableEvery;
    bool con = every > 0 && (ob.sent % every) == every - 1;
    n.SetType(con ? CoapMessage::CON : CoapMessage::NON);
    uint8_t code = n.GetCode();
    if (ob.binding.active && !SecureResponse(ob.peer, n, ob.binding))
    {
        RemoveObserver(id, "notification cannot be protected");
        return;
    }
    ob.lastMessageId = n.GetMessageId();
    ++ob.sent;
    if (con)
    {
        ob.inFlight = true;
        SendConfirmable(now, ob.peer, n, OWNER_NOTIFICATION, ob.id);
    }
    else
    {
        Send(ob.peer, n.Serialize());
    }
    Emit(CoapEvent::NOTIFICATION_SENT,
         ob.peer,
         n.GetMessageId(),
         n.GetToken(),
         code,
         "Observe " + std::to_string(m_observeSeq[ob.path]));
    if (!success)
    {
        RemoveObserver(id, "error notification " + CoapCode::ToString(n.GetCode()));
    }
}

void
CoapEndpoint::RemoveObserver(uint64_t id, const std::string& why)
{
    auto it = m_observers.find(id);
    if (it == m_observers.end())
    {
        return;
    }
    Observer o = it->second;
    m_observers.erase(it);
    Emit(CoapEvent::OBSERVER_REMOVED, o.peer, o.lastMessageId, o.token, 0, o.path + ": " + why);
}

uint32_t
CoapEndpoint::GetObserverCount(const std::string& path) const
{
    std::string p = path.empty() ? "" : NormalizePath(path);
    uint32_t n = 0;
    for (const auto& [id, o] : m_observers)
    {
        if (p.empty() || o.path == p)
        {
            ++n;
        }
    }
    return n;
}

bool
CoapEndpoint::SendDeferredResponse(Time now, uint64_t deferredId, const CoapMessage& response)
{
    Entry entry(this);
    m_now = now;
    auto it = m_deferred.find(deferredId);
    if (it == m_deferred.end())
    {
        return false;
    }
    Deferred d = it->second;
    EraseDeferred(deferredId);
    CoapMessage r = response;
    r.SetToken(d.token);
    r.SetMessageId(NextMessageId());
    r.SetType(d.confirmable ? CoapMessage::CON : CoapMessage::NON);
    uint8_t code = r.GetCode();
    if (d.binding.active && !SecureResponse(d.peer, r, d.binding))
    {
        return true; // consumed, but nothing could be sent
    }
    if (d.confirmable)
    {
        SendConfirmable(now, d.peer, r, OWNER_SEPARATE, deferredId);
    }
    else
    {
        Send(d.peer, r.Serialize());
    }
    Emit(CoapEvent::RESPONSE_SENT, d.peer, r.GetMessageId(), r.GetToken(), code, "separate");
    return true;
}

} // namespace ns3
