/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "bootstrap-engine.h"

#include "ns3/abort.h"

#include <algorithm>
#include <iterator>

namespace ns3
{

namespace
{

/// \param r randomness \param n how many bytes \param out where the work is reported
/// \return n random bytes
Bytes
Draw(EngineRandom& r, std::size_t n, BootstrapOutput& out)
{
    Bytes b(n);
    r.Fill(b.data(), n);
    out.work.push_back(CryptoWork{CryptoOp::RANDOM, static_cast<uint32_t>(n), 0});
    return b;
}

/// Seal, reporting the work
Bytes
Seal(const Bytes& key,
     const Bytes& nonce,
     const Bytes& aad,
     const Bytes& plain,
     BootstrapOutput& out)
{
    out.work.push_back(CryptoWork{CryptoOp::AES_CCM_SEAL,
                                  static_cast<uint32_t>(plain.size()),
                                  static_cast<uint32_t>(aad.size())});
    return Crypto::AesCcmSeal(key, nonce, aad, plain, BootstrapWire::TAG_BYTES);
}

/// Open, reporting the work (also when the tag fails)
bool
Open(const Bytes& key,
     const Bytes& nonce,
     const Bytes& aad,
     const Bytes& sealed,
     Bytes& plain,
     BootstrapOutput& out)
{
    uint32_t n = sealed.size() > BootstrapWire::TAG_BYTES
                     ? static_cast<uint32_t>(sealed.size() - BootstrapWire::TAG_BYTES)
                     : 0;
    out.work.push_back(CryptoWork{CryptoOp::AES_CCM_OPEN, n, static_cast<uint32_t>(aad.size())});
    return Crypto::AesCcmOpen(key, nonce, aad, sealed, BootstrapWire::TAG_BYTES, plain);
}

/// Derive PSK_i, reporting one AES block
Bytes
Derive(const Bytes& ik, const Bytes& rnI, const Bytes& rnC, BootstrapOutput& out)
{
    out.work.push_back(
        CryptoWork{CryptoOp::AES_BLOCK, static_cast<uint32_t>(Crypto::AES_BLOCK_BYTES), 0});
    return BootstrapKeys::DerivePsk(ik, rnI, rnC);
}

/// Add a REJECTED event
void
Rejected(BootstrapOutput& out,
         BootstrapReject reason,
         uint8_t flight,
         const std::string& nodeId = "",
         uint32_t tid = 0)
{
    BootstrapEvent e;
    e.kind = BootstrapEvent::REJECTED;
    e.reason = reason;
    e.flight = flight;
    e.nodeId = nodeId;
    e.tid = tid;
    out.events.push_back(std::move(e));
}

/// Add an event of another kind
void
Event(BootstrapOutput& out,
      BootstrapEvent::Kind kind,
      const std::string& nodeId,
      uint32_t tid,
      const Bytes& psk = Bytes())
{
    BootstrapEvent e;
    e.kind = kind;
    e.nodeId = nodeId;
    e.tid = tid;
    e.psk = psk;
    out.events.push_back(std::move(e));
}

/// Add a send
void
Send(BootstrapOutput& out,
     BootstrapParty to,
     const std::string& nodeId,
     uint8_t flight,
     const Bytes& bytes,
     bool retransmission)
{
    BootstrapSend s;
    s.to = to;
    s.nodeId = nodeId;
    s.flight = flight;
    s.bytes = bytes;
    s.retransmission = retransmission;
    out.sends.push_back(std::move(s));
}

/// \param rto first timeout \param n retransmissions so far \return rto x 2^n
Time
Backoff(Time rto, uint32_t n)
{
    return rto * (int64_t{1} << std::min<uint32_t>(n, 30));
}

/// \param a a time \param b another \return |a - b| without overflow
uint64_t
AbsDiff(int64_t a, int64_t b)
{
    return a >= b ? static_cast<uint64_t>(a) - static_cast<uint64_t>(b)
                  : static_cast<uint64_t>(b) - static_cast<uint64_t>(a);
}

/// \param id an identifier \return true if 1..64 bytes
bool
ValidId(const std::string& id)
{
    return id.size() >= BootstrapWire::MIN_ID_BYTES && id.size() <= BootstrapWire::MAX_ID_BYTES;
}

} // namespace

const char*
BootstrapPartyName(BootstrapParty party)
{
    switch (party)
    {
    case BootstrapParty::NODE:
        return "NODE";
    case BootstrapParty::CONTROLLER:
        return "CONTROLLER";
    case BootstrapParty::SERVER:
        return "SERVER";
    }
    return "UNKNOWN";
}

const char*
BootstrapRejectName(BootstrapReject reason)
{
    switch (reason)
    {
    case BootstrapReject::MALFORMED:
        return "MALFORMED";
    case BootstrapReject::UNEXPECTED_TYPE:
        return "UNEXPECTED_TYPE";
    case BootstrapReject::AUTH_FAILED:
        return "AUTH_FAILED";
    case BootstrapReject::STALE:
        return "STALE";
    case BootstrapReject::REPLAYED:
        return "REPLAYED";
    case BootstrapReject::UNKNOWN_NODE:
        return "UNKNOWN_NODE";
    case BootstrapReject::UNKNOWN_TRANSACTION:
        return "UNKNOWN_TRANSACTION";
    case BootstrapReject::WRONG_NONCE:
        return "WRONG_NONCE";
    case BootstrapReject::TABLE_FULL:
        return "TABLE_FULL";
    case BootstrapReject::WRONG_STATE:
        return "WRONG_STATE";
    }
    return "UNKNOWN";
}

const char*
BootstrapEventKindName(BootstrapEvent::Kind kind)
{
    switch (kind)
    {
    case BootstrapEvent::STARTED:
        return "STARTED";
    case BootstrapEvent::COMPLETED:
        return "COMPLETED";
    case BootstrapEvent::FAILED:
        return "FAILED";
    case BootstrapEvent::REJECTED:
        return "REJECTED";
    }
    return "UNKNOWN";
}

const char*
BootstrapNodeStateName(BootstrapNodeState state)
{
    switch (state)
    {
    case BootstrapNodeState::IDLE:
        return "IDLE";
    case BootstrapNodeState::WAIT_KEY:
        return "WAIT_KEY";
    case BootstrapNodeState::DONE:
        return "DONE";
    case BootstrapNodeState::FAILED:
        return "FAILED";
    }
    return "UNKNOWN";
}

const char*
BootstrapTransactionStateName(BootstrapTransactionState state)
{
    switch (state)
    {
    case BootstrapTransactionState::AWAIT_RESPONSE:
        return "AWAIT_RESPONSE";
    case BootstrapTransactionState::AWAIT_CONFIRM:
        return "AWAIT_CONFIRM";
    case BootstrapTransactionState::DONE:
        return "DONE";
    }
    return "UNKNOWN";
}

// ---------------------------------------------------------------------------------------------
// Key derivation and the attacker

Bytes
BootstrapKeys::DerivePsk(const Bytes& ik, const Bytes& rnI, const Bytes& rnC)
{
    NS_ABORT_MSG_IF(ik.size() != BootstrapWire::KEY_BYTES ||
                        rnI.size() != BootstrapWire::RANDOM_BYTES ||
                        rnC.size() != BootstrapWire::RANDOM_BYTES,
                    "BootstrapKeys::DerivePsk: IK, RN_i and RN_c must be 16 bytes each");
    Bytes block(BootstrapWire::RANDOM_BYTES);
    for (std::size_t i = 0; i < block.size(); ++i)
    {
        block[i] = rnI[i] ^ rnC[i];
    }
    return Crypto::Aes128EncryptBlock(ik, block);
}

bool
BootstrapAttacker::TryDerivePsk(const Bytes& ik,
                                const uint8_t* flight4,
                                std::size_t size,
                                Bytes& psk,
                                Bytes* rnI,
                                Bytes* rnC)
{
    BootstrapKey key;
    if (ik.size() != BootstrapWire::KEY_BYTES || !BootstrapKey::Parse(flight4, size, key, nullptr))
    {
        return false;
    }
    Bytes plain;
    BootstrapKeyPlain kp;
    if (!Crypto::AesCcmOpen(ik,
                            key.nonce,
                            key.Aad(),
                            key.sealed,
                            BootstrapWire::TAG_BYTES,
                            plain) ||
        !BootstrapKeyPlain::Parse(plain.data(), plain.size(), kp, nullptr))
    {
        return false;
    }
    psk = BootstrapKeys::DerivePsk(ik, kp.rnI, kp.rnC);
    if (rnI != nullptr)
    {
        *rnI = kp.rnI;
    }
    if (rnC != nullptr)
    {
        *rnC = kp.rnC;
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// Node (SBI)

BootstrapNodeEngine::BootstrapNodeEngine(const BootstrapNodeConfig& config, EngineRandom& random)
    : m_config(config),
      m_random(random)
{
    NS_ABORT_MSG_IF(!ValidId(config.nodeId), "BootstrapNodeEngine: nodeId must be 1..64 bytes");
    NS_ABORT_MSG_IF(config.initialKey.size() != BootstrapWire::KEY_BYTES,
                    "BootstrapNodeEngine: initialKey must be 16 bytes");
    NS_ABORT_MSG_IF(!config.retransmitTimeout.IsStrictlyPositive(),
                    "BootstrapNodeEngine: retransmitTimeout must be positive");
}

BootstrapOutput
BootstrapNodeEngine::Start(Time now)
{
    BootstrapOutput out;
    if (m_state == BootstrapNodeState::WAIT_KEY || m_state == BootstrapNodeState::DONE)
    {
        return out;
    }
    m_rnI = Draw(m_random, BootstrapWire::RANDOM_BYTES, out);
    BootstrapHello hello;
    hello.nodeId = m_config.nodeId;
    hello.rnI = m_rnI;
    m_hello = hello.Serialize();
    m_state = BootstrapNodeState::WAIT_KEY;
    m_retransmissions = 0;
    m_deadline = now + m_config.retransmitTimeout;
    Send(out, BootstrapParty::CONTROLLER, m_config.nodeId, 1, m_hello, false);
    Event(out, BootstrapEvent::STARTED, m_config.nodeId, 0);
    return out;
}

void
BootstrapNodeEngine::Reject(BootstrapOutput& out, BootstrapReject reason, uint8_t flight) const
{
    Rejected(out, reason, flight, m_config.nodeId, 0);
}

BootstrapOutput
BootstrapNodeEngine::Receive(Time now, const uint8_t* data, std::size_t size)
{
    BootstrapOutput out;
    BootstrapMessageType type;
    if (!BootstrapParseHeader(data, size, type, nullptr))
    {
        Reject(out, BootstrapReject::MALFORMED, 0);
        return out;
    }
    const uint8_t flight = static_cast<uint8_t>(type);
    if (type != BootstrapMessageType::KEY)
    {
        Reject(out, BootstrapReject::UNEXPECTED_TYPE, flight);
        return out;
    }
    BootstrapKey key;
    if (!BootstrapKey::Parse(data, size, key, nullptr))
    {
        Reject(out, BootstrapReject::MALFORMED, flight);
        return out;
    }
    const bool again = m_state == BootstrapNodeState::DONE && key.tid == m_tid;
    if (m_state != BootstrapNodeState::WAIT_KEY && !again)
    {
        Reject(out, BootstrapReject::WRONG_STATE, flight);
        return out;
    }
    Bytes plain;
    BootstrapKeyPlain kp;
    if (!Open(m_config.initialKey, key.nonce, key.Aad(), key.sealed, plain, out))
    {
        Reject(out, BootstrapReject::AUTH_FAILED, flight);
        return out;
    }
    if (!BootstrapKeyPlain::Parse(plain.data(), plain.size(), kp, nullptr))
    {
        Reject(out, BootstrapReject::MALFORMED, flight);
        return out;
    }
    if (!Crypto::ConstantTimeEqual(kp.rnI, m_rnI) ||
        (again && !Crypto::ConstantTimeEqual(kp.rnC, m_rnC)))
    {
        Reject(out, BootstrapReject::WRONG_NONCE, flight);
        return out;
    }
    if (again)
    {
        // the controller did not get flight 5 and sent flight 4 again
        Send(out, BootstrapParty::CONTROLLER, m_config.nodeId, 5, m_confirm, true);
        return out;
    }
    m_psk = Derive(m_config.initialKey, m_rnI, kp.rnC, out);
    BootstrapConfirm confirm;
    confirm.tid = key.tid;
    confirm.nonce = Draw(m_random, BootstrapWire::NONCE_BYTES, out);
    BootstrapConfirmPlain cp;
    cp.rnC = kp.rnC;
    confirm.sealed = Seal(m_psk, confirm.nonce, confirm.Aad(), cp.Serialize(), out);
    m_confirm = confirm.Serialize();
    m_rnC = kp.rnC;
    m_tid = key.tid;
    m_state = BootstrapNodeState::DONE;
    m_deadline = Time::Max();
    Send(out, BootstrapParty::CONTROLLER, m_config.nodeId, 5, m_confirm, false);
    Event(out, BootstrapEvent::COMPLETED, m_config.nodeId, m_tid, m_psk);
    (void)now;
    return out;
}

Time
BootstrapNodeEngine::GetDeadline() const
{
    return m_deadline;
}

BootstrapOutput
BootstrapNodeEngine::OnTimeout(Time now)
{
    BootstrapOutput out;
    if (m_state != BootstrapNodeState::WAIT_KEY || now < m_deadline)
    {
        return out;
    }
    if (m_retransmissions < m_config.maxRetransmissions)
    {
        ++m_retransmissions;
        m_deadline = now + Backoff(m_config.retransmitTimeout, m_retransmissions);
        Send(out, BootstrapParty::CONTROLLER, m_config.nodeId, 1, m_hello, true);
        return out;
    }
    m_state = BootstrapNodeState::FAILED;
    m_deadline = Time::Max();
    Event(out, BootstrapEvent::FAILED, m_config.nodeId, 0);
    return out;
}

BootstrapNodeState
BootstrapNodeEngine::GetState() const
{
    return m_state;
}

const Bytes&
BootstrapNodeEngine::GetPsk() const
{
    return m_psk;
}

const std::string&
BootstrapNodeEngine::GetNodeId() const
{
    return m_config.nodeId;
}

uint32_t
BootstrapNodeEngine::GetTid() const
{
    return m_tid;
}

uint32_t
BootstrapNodeEngine::GetRetransmissions() const
{
    return m_retransmissions;
}

// ---------------------------------------------------------------------------------------------
// Controller (SBR)

BootstrapControllerEngine::BootstrapControllerEngine(const BootstrapControllerConfig& config,
                                                     EngineRandom& random)
    : m_config(config),
      m_random(random)
{
    NS_ABORT_MSG_IF(!ValidId(config.controllerId),
                    "BootstrapControllerEngine: controllerId must be 1..64 bytes");
    NS_ABORT_MSG_IF(config.skCs.size() != BootstrapWire::KEY_BYTES,
                    "BootstrapControllerEngine: skCs must be 16 bytes");
    NS_ABORT_MSG_IF(!config.retransmitTimeout.IsStrictlyPositive() ||
                        !config.pendingTimeout.IsStrictlyPositive(),
                    "BootstrapControllerEngine: timeouts must be positive");
}

BootstrapOutput
BootstrapControllerEngine::Receive(Time now,
                                   BootstrapParty from,
                                   const uint8_t* data,
                                   std::size_t size)
{
    BootstrapOutput out;
    Expire(now, out, false);
    BootstrapMessageType type;
    if (!BootstrapParseHeader(data, size, type, nullptr))
    {
        Rejected(out, BootstrapReject::MALFORMED, 0);
        return out;
    }
    if (type == BootstrapMessageType::HELLO && from == BootstrapParty::NODE)
    {
        OnHello(now, data, size, out);
    }
    else if (type == BootstrapMessageType::VERIFY_RESPONSE && from == BootstrapParty::SERVER)
    {
        OnVerifyResponse(now, data, size, out);
    }
    else if (type == BootstrapMessageType::CONFIRM && from == BootstrapParty::NODE)
    {
        OnConfirm(now, data, size, out);
    }
    else
    {
        Rejected(out, BootstrapReject::UNEXPECTED_TYPE, static_cast<uint8_t>(type));
    }
    return out;
}

void
BootstrapControllerEngine::OnHello(Time now,
                                   const uint8_t* data,
                                   std::size_t size,
                                   BootstrapOutput& out)
{
    BootstrapHello hello;
    if (!BootstrapHello::Parse(data, size, hello, nullptr))
    {
        Rejected(out, BootstrapReject::MALFORMED, 1);
        return;
    }
    auto byNode = m_byNode.find(hello.nodeId);
    if (byNode != m_byNode.end())
    {
        auto it = m_byTid.find(byNode->second);
        Transaction& t = it->second;
        if (t.rnI == hello.rnI)
        {
            // a duplicate: the node did not get flight 4 (or its HELLO crossed ours)
            if (t.state == BootstrapTransactionState::AWAIT_CONFIRM)
            {
                Send(out, BootstrapParty::NODE, t.nodeId, 4, t.flight4, true);
            }
            return;
        }
        // the node restarted: its new transaction replaces the old one
        if (t.state != BootstrapTransactionState::DONE)
        {
            Event(out, BootstrapEvent::FAILED, t.nodeId, it->first);
        }
        m_byTid.erase(it);
        m_byNode.erase(byNode);
    }
    else if (m_byTid.size() >= m_config.maxPending)
    {
        Rejected(out, BootstrapReject::TABLE_FULL, 1, hello.nodeId);
        return;
    }

    Transaction t;
    t.nodeId = hello.nodeId;
    t.rnI = hello.rnI;
    t.rnC = Draw(m_random, BootstrapWire::RANDOM_BYTES, out);
    if (!m_tidDrawn)
    {
        Bytes first = Draw(m_random, BootstrapWire::TID_BYTES, out);
        m_nextTid = (uint32_t{first[0]} << 24) | (uint32_t{first[1]} << 16) |
                    (uint32_t{first[2]} << 8) | first[3];
        m_tidDrawn = true;
    }
    uint32_t tid = m_nextTid++;
    while (m_byTid.count(tid) != 0) // after 2^32 transactions (the table is small)
    {
        tid = m_nextTid++;
    }
    t.tsMicros = now.GetMicroSeconds();
    t.expiresAt = now + m_config.pendingTimeout;

    BootstrapVerifyRequestPlain plain;
    plain.controllerId = m_config.controllerId;
    plain.rnC = t.rnC;
    plain.tid = tid;
    plain.tsMicros = t.tsMicros;
    plain.hello.assign(data, data + size);
    BootstrapVerifyRequest request;
    request.nonce = Draw(m_random, BootstrapWire::NONCE_BYTES, out);
    request.sealed = Seal(m_config.skCs, request.nonce, request.Aad(), plain.Serialize(), out);

    Send(out, BootstrapParty::SERVER, t.nodeId, 2, request.Serialize(), false);
    Event(out, BootstrapEvent::STARTED, t.nodeId, tid);
    m_byNode[t.nodeId] = tid;
    m_byTid.emplace(tid, std::move(t));
}

void
BootstrapControllerEngine::OnVerifyResponse(Time now,
                                            const uint8_t* data,
                                            std::size_t size,
                                            BootstrapOutput& out)
{
    BootstrapVerifyResponse response;
    if (!BootstrapVerifyResponse::Parse(data, size, response, nullptr))
    {
        Rejected(out, BootstrapReject::MALFORMED, 3);
        return;
    }
    Bytes plain;
    if (!Open(m_config.skCs, response.nonce, response.Aad(), response.sealed, plain, out))
    {
        Rejected(out, BootstrapReject::AUTH_FAILED, 3);
        return;
    }
    BootstrapVerifyResponsePlain rp;
    if (!BootstrapVerifyResponsePlain::Parse(plain.data(), plain.size(), rp, nullptr))
    {
        Rejected(out, BootstrapReject::MALFORMED, 3);
        return;
    }
    auto it = m_byTid.find(rp.tid);
    if (it == m_byTid.end() || it->second.state != BootstrapTransactionState::AWAIT_RESPONSE)
    {
        Rejected(out,
                 BootstrapReject::UNKNOWN_TRANSACTION,
                 3,
                 it == m_byTid.end() ? std::string() : it->second.nodeId,
                 rp.tid);
        return;
    }
    Transaction& t = it->second;
    if (rp.tsMicros != t.tsMicros)
    {
        Rejected(out, BootstrapReject::STALE, 3, t.nodeId, rp.tid);
        return;
    }
    t.psk = Derive(rp.ik, t.rnI, t.rnC, out);
    BootstrapKey key;
    key.tid = rp.tid;
    key.nonce = Draw(m_random, BootstrapWire::NONCE_BYTES, out);
    BootstrapKeyPlain kp;
    kp.rnI = t.rnI;
    kp.rnC = t.rnC;
    key.sealed = Seal(rp.ik, key.nonce, key.Aad(), kp.Serialize(), out);
    t.flight4 = key.Serialize();
    t.state = BootstrapTransactionState::AWAIT_CONFIRM;
    t.retransmissions = 0;
    t.retransmitAt = now + m_config.retransmitTimeout;
    Send(out, BootstrapParty::NODE, t.nodeId, 4, t.flight4, false);
}

void
BootstrapControllerEngine::OnConfirm(Time now,
                                     const uint8_t* data,
                                     std::size_t size,
                                     BootstrapOutput& out)
{
    BootstrapConfirm confirm;
    if (!BootstrapConfirm::Parse(data, size, confirm, nullptr))
    {
        Rejected(out, BootstrapReject::MALFORMED, 5);
        return;
    }
    auto it = m_byTid.find(confirm.tid);
    if (it == m_byTid.end())
    {
        Rejected(out, BootstrapReject::UNKNOWN_TRANSACTION, 5, std::string(), confirm.tid);
        return;
    }
    Transaction& t = it->second;
    if (t.state == BootstrapTransactionState::DONE)
    {
        return; // a CONFIRM sent again: already completed
    }
    if (t.state != BootstrapTransactionState::AWAIT_CONFIRM)
    {
        Rejected(out, BootstrapReject::WRONG_STATE, 5, t.nodeId, confirm.tid);
        return;
    }
    Bytes plain;
    if (!Open(t.psk, confirm.nonce, confirm.Aad(), confirm.sealed, plain, out))
    {
        Rejected(out, BootstrapReject::AUTH_FAILED, 5, t.nodeId, confirm.tid);
        return;
    }
    BootstrapConfirmPlain cp;
    if (!BootstrapConfirmPlain::Parse(plain.data(), plain.size(), cp, nullptr))
    {
        Rejected(out, BootstrapReject::MALFORMED, 5, t.nodeId, confirm.tid);
        return;
    }
    if (!Crypto::ConstantTimeEqual(cp.rnC, t.rnC))
    {
        Rejected(out, BootstrapReject::WRONG_NONCE, 5, t.nodeId, confirm.tid);
        return;
    }
    t.state = BootstrapTransactionState::DONE;
    t.retransmitAt = Time::Max();
    t.expiresAt = now + m_config.pendingTimeout;
    t.flight4.clear();
    Event(out, BootstrapEvent::COMPLETED, t.nodeId, confirm.tid, t.psk);
}

void
BootstrapControllerEngine::Expire(Time now, BootstrapOutput& out, bool retransmit)
{
    for (auto it = m_byTid.begin(); it != m_byTid.end();)
    {
        Transaction& t = it->second;
        bool erase = false;
        if (t.expiresAt <= now)
        {
            if (t.state != BootstrapTransactionState::DONE)
            {
                Event(out, BootstrapEvent::FAILED, t.nodeId, it->first);
            }
            erase = true;
        }
        else if (retransmit && t.state == BootstrapTransactionState::AWAIT_CONFIRM &&
                 t.retransmitAt <= now)
        {
            if (t.retransmissions < m_config.maxRetransmissions)
            {
                ++t.retransmissions;
                t.retransmitAt = now + Backoff(m_config.retransmitTimeout, t.retransmissions);
                Send(out, BootstrapParty::NODE, t.nodeId, 4, t.flight4, true);
            }
            else
            {
                Event(out, BootstrapEvent::FAILED, t.nodeId, it->first);
                erase = true;
            }
        }
        if (erase)
        {
            m_byNode.erase(t.nodeId);
            it = m_byTid.erase(it);
        }
        else
        {
            ++it;
        }
    }
}

Time
BootstrapControllerEngine::GetDeadline() const
{
    Time deadline = Time::Max();
    for (const auto& [tid, t] : m_byTid)
    {
        deadline = std::min(deadline, t.expiresAt);
        if (t.state == BootstrapTransactionState::AWAIT_CONFIRM)
        {
            deadline = std::min(deadline, t.retransmitAt);
        }
    }
    return deadline;
}

BootstrapOutput
BootstrapControllerEngine::OnTimeout(Time now)
{
    BootstrapOutput out;
    Expire(now, out, true);
    return out;
}

std::size_t
BootstrapControllerEngine::GetTransactionCount() const
{
    return m_byTid.size();
}

bool
BootstrapControllerEngine::GetTransactionState(uint32_t tid, BootstrapTransactionState& state) const
{
    auto it = m_byTid.find(tid);
    if (it == m_byTid.end())
    {
        return false;
    }
    state = it->second.state;
    return true;
}

const BootstrapControllerConfig&
BootstrapControllerEngine::GetConfig() const
{
    return m_config;
}

// ---------------------------------------------------------------------------------------------
// Server (SBS)

BootstrapServerEngine::BootstrapServerEngine(const BootstrapServerConfig& config,
                                             EngineRandom& random)
    : m_config(config),
      m_random(random)
{
    NS_ABORT_MSG_IF(config.maxAge.IsStrictlyNegative(),
                    "BootstrapServerEngine: maxAge must not be negative");
}

bool
BootstrapServerEngine::AddController(const std::string& controllerId, const Bytes& skCs)
{
    if (!ValidId(controllerId) || skCs.size() != BootstrapWire::KEY_BYTES)
    {
        return false;
    }
    for (auto& [id, key] : m_controllers)
    {
        if (id == controllerId)
        {
            key = skCs;
            return true;
        }
    }
    if (m_controllers.size() >= m_config.maxControllers)
    {
        return false;
    }
    m_controllers.emplace_back(controllerId, skCs);
    return true;
}

bool
BootstrapServerEngine::EnrolNode(const std::string& nodeId, const Bytes& ik)
{
    if (!ValidId(nodeId) || ik.size() != BootstrapWire::KEY_BYTES)
    {
        return false;
    }
    auto it = m_nodes.find(nodeId);
    if (it != m_nodes.end())
    {
        it->second.ik = ik;
        it->second.psk.clear();
        return true;
    }
    if (m_nodes.size() >= m_config.maxNodes)
    {
        return false;
    }
    m_nodes[nodeId].ik = ik;
    return true;
}

bool
BootstrapServerEngine::GetNodeKey(const std::string& nodeId, Bytes& psk) const
{
    auto it = m_nodes.find(nodeId);
    if (it == m_nodes.end() || it->second.psk.empty())
    {
        return false;
    }
    psk = it->second.psk;
    return true;
}

BootstrapOutput
BootstrapServerEngine::Receive(Time now, const uint8_t* data, std::size_t size)
{
    BootstrapOutput out;
    BootstrapMessageType type;
    if (!BootstrapParseHeader(data, size, type, nullptr))
    {
        Rejected(out, BootstrapReject::MALFORMED, 0);
        return out;
    }
    if (type != BootstrapMessageType::VERIFY_REQUEST)
    {
        Rejected(out, BootstrapReject::UNEXPECTED_TYPE, static_cast<uint8_t>(type));
        return out;
    }
    BootstrapVerifyRequest request;
    if (!BootstrapVerifyRequest::Parse(data, size, request, nullptr))
    {
        Rejected(out, BootstrapReject::MALFORMED, 2);
        return out;
    }
    // ID_c is sealed: try every controller's key
    const Bytes aad = request.Aad();
    Bytes plain;
    std::size_t opened = m_controllers.size();
    for (std::size_t i = 0; i < m_controllers.size(); ++i)
    {
        if (Open(m_controllers[i].second, request.nonce, aad, request.sealed, plain, out))
        {
            opened = i;
            break;
        }
    }
    if (opened == m_controllers.size())
    {
        Rejected(out, BootstrapReject::AUTH_FAILED, 2);
        return out;
    }
    BootstrapVerifyRequestPlain rp;
    if (!BootstrapVerifyRequestPlain::Parse(plain.data(), plain.size(), rp, nullptr))
    {
        Rejected(out, BootstrapReject::MALFORMED, 2);
        return out;
    }
    const std::string& controllerId = m_controllers[opened].first;
    if (rp.controllerId != controllerId)
    {
        Rejected(out, BootstrapReject::AUTH_FAILED, 2, std::string(), rp.tid);
        return out;
    }
    const int64_t nowUs = now.GetMicroSeconds();
    const uint64_t maxAgeUs = static_cast<uint64_t>(m_config.maxAge.GetMicroSeconds());
    if (AbsDiff(nowUs, rp.tsMicros) > maxAgeUs)
    {
        Rejected(out, BootstrapReject::STALE, 2, std::string(), rp.tid);
        return out;
    }
    const auto replayKey = std::make_pair(controllerId, rp.tid);
    if (m_replay.count(replayKey) != 0)
    {
        Rejected(out, BootstrapReject::REPLAYED, 2, std::string(), rp.tid);
        return out;
    }
    BootstrapHello hello;
    if (!BootstrapHello::Parse(rp.hello.data(), rp.hello.size(), hello, nullptr))
    {
        Rejected(out, BootstrapReject::MALFORMED, 2, std::string(), rp.tid);
        return out;
    }
    auto node = m_nodes.find(hello.nodeId);
    if (node == m_nodes.end())
    {
        Rejected(out, BootstrapReject::UNKNOWN_NODE, 2, hello.nodeId, rp.tid);
        return out;
    }
    if (m_replay.size() >= m_config.maxReplayEntries)
    {
        // entries whose TS is older than the window cannot be replayed: STALE covers them
        for (auto it = m_replay.begin(); it != m_replay.end();)
        {
            const bool old = it->second < nowUs && AbsDiff(nowUs, it->second) > maxAgeUs;
            it = old ? m_replay.erase(it) : std::next(it);
        }
    }
    if (m_replay.size() >= m_config.maxReplayEntries)
    {
        Rejected(out, BootstrapReject::TABLE_FULL, 2, hello.nodeId, rp.tid);
        return out;
    }
    m_replay.emplace(replayKey, rp.tsMicros);

    // the node's initial key stays in the repository; PSK_i becomes its current key
    Bytes psk = Derive(node->second.ik, hello.rnI, rp.rnC, out);
    node->second.psk = psk;

    BootstrapVerifyResponsePlain vp;
    vp.ik = node->second.ik;
    vp.tsMicros = rp.tsMicros;
    vp.tid = rp.tid;
    BootstrapVerifyResponse response;
    response.nonce = Draw(m_random, BootstrapWire::NONCE_BYTES, out);
    response.sealed =
        Seal(m_controllers[opened].second, response.nonce, response.Aad(), vp.Serialize(), out);
    Send(out, BootstrapParty::CONTROLLER, hello.nodeId, 3, response.Serialize(), false);
    Event(out, BootstrapEvent::COMPLETED, hello.nodeId, rp.tid, psk);
    return out;
}

Time
BootstrapServerEngine::GetDeadline() const
{
    return Time::Max();
}

BootstrapOutput
BootstrapServerEngine::OnTimeout(Time /* now */)
{
    return BootstrapOutput();
}

std::size_t
BootstrapServerEngine::GetReplayEntryCount() const
{
    return m_replay.size();
}

std::size_t
BootstrapServerEngine::GetControllerCount() const
{
    return m_controllers.size();
}

std::size_t
BootstrapServerEngine::GetNodeCount() const
{
    return m_nodes.size();
}

const BootstrapServerConfig&
BootstrapServerEngine::GetConfig() const
{
    return m_config;
}

} // namespace ns3
