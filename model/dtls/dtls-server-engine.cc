/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dtls-server-engine.h"

#include "ns3/abort.h"
#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DtlsServerEngine");

/// Connects one DtlsSession to the server's listener, adding the peer key.
class DtlsServerEngine::Adapter : public DtlsSessionListener
{
  public:
    /**
     * \param engine the server engine
     * \param peer the peer
     */
    Adapter(DtlsServerEngine& engine, const std::string& peer)
        : m_engine(engine),
          m_peer(peer)
    {
    }

    void DtlsSend(const Bytes& datagram) override
    {
        m_engine.m_listener.DtlsSendTo(m_peer, datagram);
    }

    void DtlsSetTimer(Time deadline) override
    {
        sessionDeadline = deadline;
        PushTimer();
    }

    void DtlsCancelTimer() override
    {
        sessionDeadline = Time::Max();
        PushTimer();
    }

    /// Give the binding the earlier of the session's deadline and the half-open expiry
    void PushTimer()
    {
        Time next = std::min(sessionDeadline, expiry);
        if (next == Time::Max())
        {
            m_engine.m_listener.DtlsCancelTimer(m_peer);
        }
        else
        {
            m_engine.m_listener.DtlsSetTimer(m_peer, next);
        }
    }

    void DtlsDeliver(const Bytes& data) override
    {
        m_engine.m_listener.DtlsDeliver(m_peer, data);
    }

    void DtlsEventOccurred(const DtlsEvent& event) override
    {
        if (event.type == DtlsEvent::HANDSHAKE_COMPLETE && expiry != Time::Max())
        {
            expiry = Time::Max(); // no longer half-open
            PushTimer();
        }
        m_engine.m_listener.DtlsEventOccurred(m_peer, event);
    }

    void DtlsCryptoWork(const CryptoWork& work) override
    {
        m_engine.m_listener.DtlsCryptoWork(work);
    }

    std::unique_ptr<DtlsSession> session; //!< the association
    Time sessionDeadline{Time::Max()};    //!< the session's own timer (Time::Max(): none)
    Time expiry{Time::Max()};             //!< when a half-open handshake is given up

  private:
    DtlsServerEngine& m_engine; //!< engine
    std::string m_peer;         //!< peer key
};

DtlsServerEngine::DtlsServerEngine(const DtlsConfig& config,
                                   EngineRandom& random,
                                   DtlsServerListener& listener,
                                   const DtlsPskProvider& psk,
                                   uint32_t cacheCapacity)
    : m_config(config),
      m_random(random),
      m_listener(listener),
      m_psk(psk),
      m_cache(cacheCapacity)
{
    NS_ABORT_MSG_UNLESS(config.role == DtlsRole::SERVER, "DtlsServerEngine: role must be SERVER");
    m_cookieSecret.resize(32);
    m_random.Fill(m_cookieSecret.data(), m_cookieSecret.size());
}

DtlsServerEngine::~DtlsServerEngine() = default;

Bytes
DtlsServerEngine::MakeCookie(const Bytes& secret,
                             const std::string& peer,
                             const DtlsClientHello& hello)
{
    TlsWriter w;
    w.Raw(Bytes(peer.begin(), peer.end()));
    w.U16(hello.clientVersion);
    w.Raw(hello.random);
    w.Vector8(hello.sessionId);
    for (uint16_t s : hello.cipherSuites)
    {
        w.U16(s);
    }
    w.Vector8(hello.compressionMethods);
    Bytes mac = Crypto::HmacSha256(secret, w.Data());
    mac.resize(COOKIE_BYTES);
    return mac;
}

void
DtlsServerEngine::Receive(Time now, const std::string& peer, const Bytes& datagram)
{
    NS_LOG_FUNCTION(this << now << peer << datagram.size());
    // Is this datagram a (complete, unfragmented) ClientHello?
    std::vector<DtlsRecord> records;
    DtlsRecord::ParseDatagram(datagram.data(), datagram.size(), records, nullptr);
    DtlsClientHello hello;
    bool isHello = false;
    uint64_t recordSeq = 0;
    uint16_t messageSeq = 0;
    if (!records.empty() && records[0].type == dtls::HANDSHAKE && records[0].epoch == 0)
    {
        std::vector<DtlsHandshakeFragment> fragments;
        if (DtlsHandshakeFragment::ParseAll(records[0].fragment, fragments, nullptr) &&
            fragments[0].msgType == dtls::CLIENT_HELLO && fragments[0].fragmentOffset == 0 &&
            fragments[0].body.size() == fragments[0].length &&
            hello.Parse(fragments[0].body, true, nullptr))
        {
            isHello = true;
            recordSeq = records[0].sequence;
            messageSeq = fragments[0].messageSeq;
        }
    }

    auto it = m_peers.find(peer);
    DtlsSession* session = it == m_peers.end() ? nullptr : it->second->session.get();
    // A ClientHello with the client random of the current association is a retransmission
    // or a late duplicate, not a new connection: the association handles it.
    if (!isHello || (session != nullptr && session->GetClientRandom() == hello.random))
    {
        if (session == nullptr)
        {
            DtlsEvent e{DtlsEvent::RECORD_REJECTED};
            e.rejectReason = DtlsRejectReason::UNEXPECTED;
            m_listener.DtlsEventOccurred(peer, e);
            return;
        }
        session->Receive(now, datagram);
        Cleanup(peer);
        return;
    }

    // A new ClientHello: the stateless cookie exchange first
    if (m_config.cookieExchange)
    {
        Bytes expected = MakeCookie(m_cookieSecret, peer, hello);
        CryptoWork w{CryptoOp::HMAC_SHA256, 64, 0};
        m_listener.DtlsCryptoWork(w);
        if (!Crypto::ConstantTimeEqual(hello.cookie, expected))
        {
            DtlsHelloVerifyRequest hvr;
            hvr.serverVersion = dtls::DTLS_1_0; // RFC 6347, section 4.2.1
            hvr.cookie = expected;
            DtlsHandshakeFragment f;
            f.msgType = dtls::HELLO_VERIFY_REQUEST;
            f.body = hvr.Serialize();
            f.length = static_cast<uint32_t>(f.body.size());
            f.messageSeq = messageSeq;
            DtlsRecord r;
            r.type = dtls::HANDSHAKE;
            r.version = dtls::DTLS_1_0;
            r.epoch = 0;
            r.sequence = recordSeq; // RFC 6347: the ClientHello's record sequence number
            r.fragment = f.Serialize();
            Bytes out = r.Serialize();
            ++m_helloVerifyRequests;
            DtlsEvent e{DtlsEvent::HELLO_VERIFY_SENT};
            e.bytes = static_cast<uint32_t>(out.size());
            e.flight = 2;
            m_listener.DtlsEventOccurred(peer, e);
            m_listener.DtlsSendTo(peer, out);
            return;
        }
    }
    // RFC 6347, section 4.2.8: once the client has shown it is reachable at this address and
    // port (the cookie verified), the new handshake replaces the peer's old association or
    // half-open handshake. Its state is released first, so that admission counts what the
    // replacement frees: a node that can hold one association admits the client it is
    // talking to. (Without the cookie exchange a ClientHello proves nothing, and a spoofed one
    // tears the association down: that is what the cookie exchange is for.)
    if (session != nullptr)
    {
        NS_LOG_LOGIC("new ClientHello from " << peer << ": replacing its association");
        ++m_replaced;
        m_listener.DtlsCancelTimer(peer);
        m_peers.erase(it);
    }
    if (m_config.maxAssociations > 0 && m_peers.size() >= m_config.maxAssociations)
    {
        // The engine's own bound on per-peer state, whatever the binding would admit
        ++m_refused;
        DtlsEvent e{DtlsEvent::SESSION_REFUSED};
        e.reason = "association table full (MaxAssociations)";
        e.refuseReason = DtlsRefuseReason::TABLE_FULL;
        m_listener.DtlsEventOccurred(peer, e);
        return;
    }
    if (!m_listener.DtlsAdmit(peer))
    {
        ++m_refused;
        DtlsEvent e{DtlsEvent::SESSION_REFUSED};
        e.reason = "not admitted (no room for another association)";
        m_listener.DtlsEventOccurred(peer, e);
        return;
    }
    auto adapter = std::make_unique<Adapter>(*this, peer);
    adapter->session =
        std::make_unique<DtlsSession>(m_config, m_random, *adapter, &m_psk, &m_cache);
    DtlsSession* created = adapter->session.get();
    Adapter* a = adapter.get();
    if (m_config.handshakeTimeout.IsStrictlyPositive())
    {
        a->expiry = now + m_config.handshakeTimeout;
    }
    m_peers[peer] = std::move(adapter);
    created->AcceptClientHello(now, datagram, m_config.cookieExchange);
    if (created->GetState() == DtlsSession::HANDSHAKING)
    {
        a->PushTimer();
    }
    Cleanup(peer);
}

void
DtlsServerEngine::Timeout(Time now, const std::string& peer)
{
    auto it = m_peers.find(peer);
    if (it == m_peers.end())
    {
        return;
    }
    Adapter& a = *it->second;
    if (a.expiry <= now && a.session->GetState() == DtlsSession::HANDSHAKING)
    {
        // A half-open handshake its client abandoned (or that takes longer than real stacks
        // allow): free its state, as GnuTLS and mbed TLS do after their handshake timeout
        NS_LOG_LOGIC("half-open handshake with " << peer << " expired");
        ++m_expired;
        DtlsEvent e{DtlsEvent::HANDSHAKE_FAILED};
        e.reason = "half-open handshake expired (HandshakeTimeout)";
        e.expired = true;
        m_listener.DtlsCancelTimer(peer);
        m_peers.erase(it);
        m_listener.DtlsEventOccurred(peer, e);
        return;
    }
    if (a.expiry <= now)
    {
        a.expiry = Time::Max(); // not half-open any more
    }
    if (a.sessionDeadline <= now)
    {
        a.sessionDeadline = Time::Max();
        a.session->Timeout(now); // may arm the session's timer again
    }
    if (Find(peer) != nullptr)
    {
        a.PushTimer();
    }
    Cleanup(peer);
}

bool
DtlsServerEngine::Send(Time now, const std::string& peer, const Bytes& data)
{
    DtlsSession* session = Find(peer);
    return session != nullptr && session->Send(now, data);
}

void
DtlsServerEngine::Close(Time now, const std::string& peer)
{
    DtlsSession* session = Find(peer);
    if (session != nullptr)
    {
        session->Close(now);
        Cleanup(peer);
    }
}

void
DtlsServerEngine::Remove(const std::string& peer)
{
    auto it = m_peers.find(peer);
    if (it != m_peers.end())
    {
        m_listener.DtlsCancelTimer(peer);
        m_peers.erase(it);
    }
}

DtlsSession*
DtlsServerEngine::Find(const std::string& peer) const
{
    auto it = m_peers.find(peer);
    return it == m_peers.end() ? nullptr : it->second->session.get();
}

std::vector<std::string>
DtlsServerEngine::GetPeers() const
{
    std::vector<std::string> peers;
    for (const auto& p : m_peers)
    {
        peers.push_back(p.first);
    }
    return peers;
}

uint32_t
DtlsServerEngine::GetStateBytes() const
{
    uint32_t bytes = static_cast<uint32_t>(m_cookieSecret.size()) + m_cache.GetStateBytes();
    for (const auto& p : m_peers)
    {
        bytes += p.second->session->GetStateBytes();
    }
    return bytes;
}

DtlsSessionCache&
DtlsServerEngine::GetCache()
{
    return m_cache;
}

uint64_t
DtlsServerEngine::GetHelloVerifyRequests() const
{
    return m_helloVerifyRequests;
}

uint64_t
DtlsServerEngine::GetRefused() const
{
    return m_refused;
}

uint64_t
DtlsServerEngine::GetExpired() const
{
    return m_expired;
}

uint64_t
DtlsServerEngine::GetReplaced() const
{
    return m_replaced;
}

void
DtlsServerEngine::SetConfig(const DtlsConfig& config)
{
    NS_ABORT_MSG_UNLESS(config.role == DtlsRole::SERVER, "DtlsServerEngine: role must be SERVER");
    m_config = config;
}

void
DtlsServerEngine::Cleanup(const std::string& peer)
{
    auto it = m_peers.find(peer);
    if (it == m_peers.end())
    {
        return;
    }
    DtlsSession::State state = it->second->session->GetState();
    if (state == DtlsSession::FAILED || state == DtlsSession::CLOSED)
    {
        m_peers.erase(it);
    }
}

} // namespace ns3
