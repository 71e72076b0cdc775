/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-socket.h"

#include "dtls-psk-store.h"

#include "ns3/abort.h"
#include "ns3/cpu-model.h"
#include "ns3/engine-executor.h"
#include "ns3/hex-encoding.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/ram-model.h"
#include "ns3/secure-element.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TlsSocket");

NS_OBJECT_ENSURE_REGISTERED(TlsSocket);
NS_OBJECT_ENSURE_REGISTERED(TlsSocketFactory);

/**
 * A client's key provider: the PskStore attribute, the node's DtlsPskStore, then the Psk
 * attribute, asked when the handshake starts.
 */
class TlsSocket::ClientKeys : public DtlsPskProvider
{
  public:
    /// \param socket the socket
    explicit ClientKeys(const TlsSocket& socket)
        : m_socket(socket)
    {
    }

    bool LookupPsk(const Bytes& identity, Bytes& key) const override
    {
        for (const auto& store : Stores())
        {
            if (store && store->LookupPsk(identity, key))
            {
                return true;
            }
        }
        return !m_socket.m_pskHex.empty() && HexDecode(m_socket.m_pskHex, key) && !key.empty();
    }

    uint64_t GetPskGeneration(const Bytes& identity) const override
    {
        Bytes key;
        for (const auto& store : Stores())
        {
            if (store && store->LookupPsk(identity, key))
            {
                return store->GetPskGeneration(identity);
            }
        }
        return 0;
    }

  private:
    /// \return the stores, in the order they are asked
    std::array<Ptr<DtlsPskStore>, 2> Stores() const
    {
        return {m_socket.m_pskStore,
                m_socket.m_node ? m_socket.m_node->GetObject<DtlsPskStore>() : nullptr};
    }

    const TlsSocket& m_socket; //!< the socket
};

TypeId
TlsSocket::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TlsSocket")
            .SetParent<Socket>()
            .SetGroupName("Iotsec")
            .AddConstructor<TlsSocket>()
            .AddAttribute("PskIdentity",
                          "Client: the PSK identity to present.",
                          StringValue(""),
                          MakeStringAccessor(&TlsSocket::m_pskIdentity),
                          MakeStringChecker())
            .AddAttribute("Psk",
                          "Client: the pre-shared key in hexadecimal, used when neither the "
                          "PskStore attribute nor the node's DtlsPskStore has the identity.",
                          StringValue(""),
                          MakeStringAccessor(&TlsSocket::m_pskHex),
                          MakeStringChecker())
            .AddAttribute("PskIdentityHint",
                          "Server: the hint sent in ServerKeyExchange (empty: no "
                          "ServerKeyExchange).",
                          StringValue("iotsec"),
                          MakeStringAccessor(&TlsSocket::m_pskHint),
                          MakeStringChecker())
            .AddAttribute("PskStore",
                          "Where keys are looked up (default: the node's DtlsPskStore).",
                          PointerValue(),
                          MakePointerAccessor(&TlsSocket::m_pskStore),
                          MakePointerChecker<DtlsPskStore>())
            .AddAttribute("SessionCacheSize",
                          "Server: sessions kept for resumption by session ID (0: none).",
                          UintegerValue(16),
                          MakeUintegerAccessor(&TlsSocket::m_sessionCacheSize),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MaxHandshakeMessage",
                          "Longest handshake message accepted, in bytes.",
                          UintegerValue(8192),
                          MakeUintegerAccessor(&TlsSocket::m_maxMessageBytes),
                          MakeUintegerChecker<uint32_t>(64))
            .AddAttribute("SecureElement",
                          "Server: the secure element the engine runs in (null: the host). "
                          "Its rendezvous and backlog decide when a connection's handshake "
                          "starts; its link and CPU price the steps.",
                          PointerValue(),
                          MakePointerAccessor(&TlsSocket::m_se),
                          MakePointerChecker<SecureElement>())
            .AddAttribute("RcvBufSize",
                          "Plaintext buffered for the application; while it is full the "
                          "socket stops reading from TCP (TCP's flow control does the rest).",
                          UintegerValue(131072),
                          MakeUintegerAccessor(&TlsSocket::m_rxBufferSize),
                          MakeUintegerChecker<uint32_t>(1))
            .AddTraceSource("HandshakeStarted",
                            "A handshake began (peer).",
                            MakeTraceSourceAccessor(&TlsSocket::m_handshakeStarted),
                            "ns3::DtlsSocket::PeerTracedCallback")
            .AddTraceSource("HandshakeCompleted",
                            "A handshake completed (peer, figures).",
                            MakeTraceSourceAccessor(&TlsSocket::m_handshakeDone),
                            "ns3::DtlsSocket::HandshakeTracedCallback")
            .AddTraceSource("HandshakeFailed",
                            "A handshake failed, or its TCP connection did (peer, reason).",
                            MakeTraceSourceAccessor(&TlsSocket::m_handshakeFailed),
                            "ns3::DtlsSocket::ReasonTracedCallback")
            .AddTraceSource("FlightSent",
                            "A handshake flight was written (peer, flight 1-4, bytes, false).",
                            MakeTraceSourceAccessor(&TlsSocket::m_flightSent),
                            "ns3::DtlsSocket::FlightTracedCallback")
            .AddTraceSource("RecordRejected",
                            "A received record failed a check; over TCP this breaks the "
                            "connection (peer, DtlsRejectReason).",
                            MakeTraceSourceAccessor(&TlsSocket::m_recordRejected),
                            "ns3::DtlsSocket::RejectTracedCallback")
            .AddTraceSource("AppDataSent",
                            "Application data was protected and sent (peer, plaintext bytes).",
                            MakeTraceSourceAccessor(&TlsSocket::m_appDataSent),
                            "ns3::DtlsSocket::BytesTracedCallback")
            .AddTraceSource("AppDataReceived",
                            "Application data was received and authenticated (peer, bytes).",
                            MakeTraceSourceAccessor(&TlsSocket::m_appDataReceived),
                            "ns3::DtlsSocket::BytesTracedCallback")
            .AddTraceSource("AlertSent",
                            "An alert was sent (peer, description).",
                            MakeTraceSourceAccessor(&TlsSocket::m_alertSent),
                            "ns3::DtlsSocket::ReasonTracedCallback")
            .AddTraceSource("AlertReceived",
                            "An alert was received (peer, description).",
                            MakeTraceSourceAccessor(&TlsSocket::m_alertReceived),
                            "ns3::DtlsSocket::ReasonTracedCallback")
            .AddTraceSource("Closed",
                            "The session was closed by close_notify or a fatal alert (peer).",
                            MakeTraceSourceAccessor(&TlsSocket::m_closed),
                            "ns3::DtlsSocket::PeerTracedCallback")
            .AddTraceSource("CryptoWork",
                            "The engine did cryptographic work (what, bytes).",
                            MakeTraceSourceAccessor(&TlsSocket::m_cryptoWork),
                            "ns3::DtlsSocket::CryptoWorkTracedCallback");
    return tid;
}

TlsSocket::TlsSocket()
    : m_errno(ERROR_NOTERROR)
{
    NS_LOG_FUNCTION(this);
    m_rng = CreateObject<UniformRandomVariable>();
    m_random = std::make_shared<StreamEngineRandom>(m_rng);
    m_executor = CreateObject<EngineExecutor>();
    m_executor->SetOwner(this); // kept alive while its steps' effects wait for the CPU
}

TlsSocket::~TlsSocket()
{
    NS_LOG_FUNCTION(this);
    DetachTcp();
    ReleaseRam();
    ReleaseSecureElement(false); // the card's backlog must not keep a pointer to this socket
}

void
TlsSocket::ReleaseRam()
{
    if (m_ram)
    {
        m_ram->RemoveHolder(m_ramHolder);
        m_ram = nullptr;
    }
}

void
TlsSocket::DetachTcp()
{
    // The TCP socket can outlive this one (ns-3 keeps it until its connection ends): it
    // must not call back into a socket that is gone.
    if (m_tcp)
    {
        m_tcp->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_tcp->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
        m_tcp->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                 MakeNullCallback<void, Ptr<Socket>>());
        m_tcp->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                                  MakeNullCallback<void, Ptr<Socket>>());
        m_tcp->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                 MakeNullCallback<void, Ptr<Socket>, const Address&>());
    }
}

void
TlsSocket::DoDispose()
{
    NS_LOG_FUNCTION(this);
    if (m_executor)
    {
        m_executor->Cancel();
        m_executor->Dispose();
        m_executor = nullptr;
    }
    DetachTcp();
    ReleaseRam();
    ReleaseSecureElement(false);
    m_se = nullptr;
    m_tcp = nullptr;
    m_handshaking.clear();
    m_parent = nullptr;
    m_session.reset();
    m_node = nullptr;
    Socket::DoDispose();
}

void
TlsSocket::SetNode(Ptr<Node> node)
{
    m_node = node;
    m_executor->SetNode(node); // the node's CpuModel prices the engine's work
}

int64_t
TlsSocket::AssignStreams(int64_t stream)
{
    m_rng->SetStream(stream);
    return 1;
}

enum Socket::SocketErrno
TlsSocket::GetErrno() const
{
    return m_errno;
}

enum Socket::SocketType
TlsSocket::GetSocketType() const
{
    return NS3_SOCK_STREAM;
}

Ptr<Node>
TlsSocket::GetNode() const
{
    return m_node;
}

int
TlsSocket::Bind(const Address& address)
{
    m_local = address;
    m_bound = true;
    return 0;
}

int
TlsSocket::Bind()
{
    return Bind(InetSocketAddress(Ipv4Address::GetAny(), 0));
}

int
TlsSocket::Bind6()
{
    return Bind(Inet6SocketAddress(Ipv6Address::GetAny(), 0));
}

DtlsConfig
TlsSocket::MakeConfig(DtlsRole role) const
{
    DtlsConfig c;
    c.role = role;
    c.protocol = TlsProtocol::TLS_1_2;
    c.pskIdentity = Bytes(m_pskIdentity.begin(), m_pskIdentity.end());
    c.pskIdentityHint = Bytes(m_pskHint.begin(), m_pskHint.end());
    c.sessionIdBytes = m_sessionCacheSize > 0 ? 32 : 0;
    c.maxMessageBytes = m_maxMessageBytes;
    return c;
}

const DtlsPskProvider*
TlsSocket::ServerKeys()
{
    if (!m_pskStore && m_node)
    {
        m_pskStore = m_node->GetObject<DtlsPskStore>();
    }
    NS_ABORT_MSG_UNLESS(m_pskStore,
                        "TlsSocket: a server needs keys (set PskStore, or aggregate a "
                        "DtlsPskStore to node "
                            << (m_node ? m_node->GetId() : 0) << ")");
    return PeekPointer(m_pskStore);
}

int
TlsSocket::Connect(const Address& address)
{
    NS_LOG_FUNCTION(this << address);
    if (m_tcp || m_session)
    {
        m_errno = ERROR_ISCONN;
        return -1;
    }
    NS_ABORT_MSG_IF(m_pskIdentity.empty(), "TlsSocket::Connect: set PskIdentity");
    m_clientKeys = std::make_unique<ClientKeys>(*this);
    Bytes probe;
    NS_ABORT_MSG_UNLESS(
        m_clientKeys->LookupPsk(Bytes(m_pskIdentity.begin(), m_pskIdentity.end()), probe),
        "TlsSocket::Connect: no key for PSK identity '"
            << m_pskIdentity << "' (set the Psk attribute, or add it to a DtlsPskStore)");
    m_tcp = Socket::CreateSocket(m_node, TcpSocketFactory::GetTypeId());
    int bound =
        m_bound ? m_tcp->Bind(m_local)
                : (Inet6SocketAddress::IsMatchingType(address) ? m_tcp->Bind6() : m_tcp->Bind());
    if (bound != 0)
    {
        m_errno = m_tcp->GetErrno();
        m_tcp = nullptr;
        return -1;
    }
    m_peer = address;
    m_tcp->SetConnectCallback(MakeCallback(&TlsSocket::TcpConnected, this),
                              MakeCallback(&TlsSocket::TcpConnectFailed, this));
    if (m_tcp->Connect(address) != 0)
    {
        m_errno = m_tcp->GetErrno();
        m_tcp = nullptr;
        return -1;
    }
    return 0;
}

int
TlsSocket::Listen()
{
    NS_LOG_FUNCTION(this);
    if (!m_bound)
    {
        m_errno = ERROR_INVAL; // bind first
        return -1;
    }
    if (m_tcp || m_session)
    {
        m_errno = ERROR_ISCONN;
        return -1;
    }
    ServerKeys(); // a configuration error shows here, not at the first connection
    m_cache = std::make_shared<DtlsSessionCache>(m_sessionCacheSize);
    m_tcp = Socket::CreateSocket(m_node, TcpSocketFactory::GetTypeId());
    if (m_tcp->Bind(m_local) != 0 || m_tcp->Listen() != 0)
    {
        m_errno = m_tcp->GetErrno();
        m_tcp = nullptr;
        return -1;
    }
    m_tcp->SetAcceptCallback(MakeCallback(&TlsSocket::TcpConnectionRequest, this),
                             MakeCallback(&TlsSocket::TcpAccepted, this));
    return 0;
}

void
TlsSocket::TcpConnected(Ptr<Socket> tcp)
{
    NS_LOG_FUNCTION(this << tcp);
    Ptr<TlsSocket> self = this; // a step may end this connection's last reference
    Start(tcp, m_peer, DtlsRole::CLIENT);
}

void
TlsSocket::TcpConnectFailed(Ptr<Socket> tcp)
{
    NS_LOG_FUNCTION(this << tcp);
    Traced(&TlsSocket::m_handshakeFailed, m_peer, std::string("TCP connection failed"));
    m_tcp = nullptr;
    m_errno = ERROR_NOTCONN;
    m_notified = true;
    NotifyConnectionFailed();
}

bool
TlsSocket::TcpConnectionRequest(Ptr<Socket> /* tcp */, const Address& from)
{
    if (m_se && !m_se->Admit(from))
    {
        return false; // the card's backlog is full
    }
    return NotifyConnectionRequest(from);
}

void
TlsSocket::TcpAccepted(Ptr<Socket> tcp, const Address& from)
{
    NS_LOG_FUNCTION(this << tcp << from);
    Ptr<TlsSocket> child = CreateObject<TlsSocket>();
    child->SetNode(m_node);
    child->m_pskHint = m_pskHint;
    child->m_pskStore = m_pskStore;
    child->m_sessionCacheSize = m_sessionCacheSize;
    child->m_maxMessageBytes = m_maxMessageBytes;
    child->m_rxBufferSize = m_rxBufferSize;
    child->m_cache = m_cache;
    child->m_random = m_random; // one stream for every connection of the server
    child->m_local = m_local;
    child->m_bound = true;
    child->m_parent = this;
    m_handshaking.insert(child);
    if (!m_se)
    {
        child->Start(tcp, from, DtlsRole::SERVER);
        return;
    }
    // The engine runs in the card: the connection waits for it (its bytes wait in TCP)
    child->m_se = m_se;
    child->m_tcp = tcp;
    child->m_peer = from;
    child->m_executor->SetStepPricer(
        MakeCallback(&TlsSocket::PriceOnSecureElement, PeekPointer(child)));
    // raw pointers: neither the TCP socket nor the card keeps the connection alive (it
    // leaves the card's backlog when it is closed or destroyed)
    TlsSocket* waiting = PeekPointer(child);
    tcp->SetCloseCallbacks(MakeCallback(&TlsSocket::TcpClosed, waiting),
                           MakeCallback(&TlsSocket::TcpError, waiting));
    uint64_t ticket = m_se->Enqueue(from, [waiting](uint64_t granted) {
        waiting->m_seTicket = granted;
        waiting->SecureElementGranted();
    });
    if (ticket == 0)
    {
        // refused at once (no rendezvous): accepted, then closed
        child->Traced(&TlsSocket::m_handshakeFailed,
                      from,
                      std::string("refused: the secure element is in use"));
        child->m_notified = true;
        child->DetachTcp();
        tcp->Close();
        child->m_tcp = nullptr;
        m_handshaking.erase(child);
        return;
    }
    child->m_seTicket = ticket; // waiting, or granted at once
}

void
TlsSocket::SecureElementGranted()
{
    NS_LOG_FUNCTION(this);
    if (!m_tcp)
    {
        return;
    }
    Start(m_tcp, m_peer, DtlsRole::SERVER);
    if (m_tcp && m_tcp->GetRxAvailable() > 0)
    {
        // the ClientHello arrived while the connection waited
        Simulator::ScheduleNow(&TlsSocket::TcpReceive, Ptr<TlsSocket>(this), m_tcp);
    }
}

void
TlsSocket::ReleaseSecureElement(bool startNext)
{
    if (m_se && m_seTicket != 0)
    {
        uint64_t ticket = m_seTicket;
        m_seTicket = 0;
        m_se->Release(ticket, startNext);
    }
}

Time
TlsSocket::PriceOnSecureElement(const std::vector<CryptoWork>& work, uint32_t in, uint32_t out)
{
    if (m_seExported || !m_se)
    {
        // TLS-Tandem: the host processes the session's records
        Ptr<CpuModel> cpu = m_node ? m_node->GetObject<CpuModel>() : nullptr;
        return cpu ? cpu->Submit(work) : Time(0);
    }
    if (m_se->IsExportingSessions() && m_session &&
        m_session->GetState() == DtlsSession::ESTABLISHED)
    {
        // the handshake's last step: the agent reads the session's keys out of the card,
        // which is then free for the next connection
        m_seExported = true;
        Time done = m_se->PriceStep(work, in, out + m_se->GetExportBytes());
        Simulator::Schedule(done, &TlsSocket::ReleaseSecureElement, Ptr<TlsSocket>(this), true);
        return done;
    }
    return m_se->PriceStep(work, in, out);
}

void
TlsSocket::Start(Ptr<Socket> tcp, const Address& peer, DtlsRole role)
{
    NS_LOG_FUNCTION(this << tcp << peer);
    m_tcp = tcp;
    m_peer = peer;
    m_tcp->SetRecvCallback(MakeCallback(&TlsSocket::TcpReceive, this));
    m_tcp->SetSendCallback(MakeCallback(&TlsSocket::TcpSendSpace, this));
    m_tcp->SetCloseCallbacks(MakeCallback(&TlsSocket::TcpClosed, this),
                             MakeCallback(&TlsSocket::TcpError, this));
    bool client = role == DtlsRole::CLIENT;
    Ptr<RamModel> ram = m_node ? m_node->GetObject<RamModel>() : nullptr;
    if (ram && !m_ram)
    {
        m_ram = ram;
        m_ramHolder = ram->AddHolder("tls", MakeCallback(&TlsSocket::GetSecurityStateBytes, this));
    }
    DtlsSessionListener& listener = *this;
    m_session = std::make_unique<DtlsSession>(MakeConfig(role),
                                              *m_random,
                                              listener,
                                              client ? m_clientKeys.get() : ServerKeys(),
                                              client ? nullptr : m_cache.get());
    m_executor->BeginStep();
    if (client)
    {
        m_session->Connect(Simulator::Now(), m_ticket.IsValid() ? &m_ticket : nullptr);
    }
    else
    {
        m_session->Accept(Simulator::Now());
    }
    m_executor->EndStep();
}

void
TlsSocket::ChildDone(Ptr<TlsSocket> child, bool established)
{
    m_handshaking.erase(child);
    if (established)
    {
        NotifyNewConnectionCreated(child, child->m_peer);
    }
}

void
TlsSocket::TcpReceive(Ptr<Socket> tcp)
{
    NS_LOG_FUNCTION(this << tcp);
    Ptr<TlsSocket> self = this; // a step may end this connection's last reference
    while (m_session && m_tcp && m_rxBuffer.size() < m_rxBufferSize)
    {
        Ptr<Packet> p = tcp->Recv(m_rxBufferSize, 0);
        if (!p || p->GetSize() == 0)
        {
            break;
        }
        Bytes bytes(p->GetSize());
        p->CopyData(bytes.data(), bytes.size());
        m_executor->BeginStep();
        m_executor->ReportTransfer(static_cast<uint32_t>(bytes.size()), 0);
        m_session->Receive(Simulator::Now(), bytes);
        m_executor->EndStep();
    }
}

void
TlsSocket::TcpSendSpace(Ptr<Socket> /* tcp */, uint32_t /* available */)
{
    Ptr<TlsSocket> self = this; // a step may end this connection's last reference
    Flush();
    if (m_session && m_session->GetState() == DtlsSession::ESTABLISHED && !m_shutdownSend)
    {
        NotifySend(GetTxAvailable());
    }
}

void
TlsSocket::TcpClosed(Ptr<Socket> /* tcp */)
{
    NS_LOG_FUNCTION(this);
    Ptr<TlsSocket> self = this; // a step may end this connection's last reference
    bool handshaking = m_session && m_session->GetState() == DtlsSession::HANDSHAKING;
    if (handshaking || !m_session)
    {
        TcpError(nullptr);
        return;
    }
    if (m_tcp && !m_closeTcpWhenFlushed)
    {
        m_closeTcpWhenFlushed = true; // the peer closed: close our half too
        Flush();
    }
    NotifyNormalClose();
}

void
TlsSocket::TcpError(Ptr<Socket> /* tcp */)
{
    NS_LOG_FUNCTION(this);
    Ptr<TlsSocket> self = this; // a step may end this connection's last reference
    ReleaseSecureElement();     // the connection is over (or left the card's backlog)
    bool handshaking = !m_session || m_session->GetState() == DtlsSession::HANDSHAKING;
    if (handshaking && !m_notified)
    {
        m_notified = true;
        Traced(&TlsSocket::m_handshakeFailed,
               m_peer,
               std::string("TCP connection closed during the handshake"));
        if (m_parent)
        {
            m_parent->ChildDone(this, false);
        }
        else
        {
            NotifyConnectionFailed();
        }
        return;
    }
    NotifyErrorClose();
}

void
TlsSocket::Flush()
{
    while (m_tcp && !m_txQueue.empty())
    {
        uint32_t available = m_tcp->GetTxAvailable();
        if (available == 0)
        {
            break;
        }
        uint32_t n = std::min<uint32_t>(available, static_cast<uint32_t>(m_txQueue.size()));
        int sent = m_tcp->Send(Create<Packet>(m_txQueue.data(), n));
        if (sent <= 0)
        {
            break;
        }
        m_txQueue.erase(m_txQueue.begin(), m_txQueue.begin() + sent);
    }
    if (m_tcp && m_txQueue.empty() && m_closeTcpWhenFlushed)
    {
        m_tcp->Close();
        m_closeTcpWhenFlushed = false;
        ReleaseSecureElement(); // the session ends
    }
}

int
TlsSocket::Close()
{
    NS_LOG_FUNCTION(this);
    m_shutdownSend = true;
    m_shutdownRecv = true;
    for (const auto& child : m_handshaking)
    {
        child->Close();
    }
    m_handshaking.clear();
    if (!m_session)
    {
        if (m_tcp)
        {
            m_tcp->Close();
        }
        return 0;
    }
    // close_notify, then the TCP connection once every byte before it left: both effects of
    // one step, so that they stay in order behind work still waiting for the CPU
    m_executor->BeginStep();
    m_session->Close(Simulator::Now());
    m_executor->Defer([this]() {
        m_closeTcpWhenFlushed = true;
        Flush();
    });
    m_executor->EndStep();
    return 0;
}

int
TlsSocket::ShutdownSend()
{
    m_shutdownSend = true;
    return 0;
}

int
TlsSocket::ShutdownRecv()
{
    m_shutdownRecv = true;
    return 0;
}

uint32_t
TlsSocket::GetTxAvailable() const
{
    if (!m_tcp || !m_session || m_session->GetState() != DtlsSession::ESTABLISHED)
    {
        return 0;
    }
    // what TCP can take, less what waits for it and the record overhead of that much data
    uint64_t available = m_tcp->GetTxAvailable();
    uint64_t waiting = m_txQueue.size();
    uint64_t free = available > waiting ? available - waiting : 0;
    uint64_t overhead =
        dtls::TLS_RECORD_HEADER_BYTES + dtls::CCM_EXPLICIT_NONCE_BYTES + dtls::CCM_8_TAG_BYTES;
    uint64_t records = free / (dtls::MAX_PLAINTEXT_BYTES + overhead) + 1;
    return free > records * overhead ? static_cast<uint32_t>(free - records * overhead) : 0;
}

int
TlsSocket::Send(Ptr<Packet> p, uint32_t /* flags */)
{
    NS_LOG_FUNCTION(this << p);
    if (m_shutdownSend)
    {
        m_errno = ERROR_SHUTDOWN;
        return -1;
    }
    if (!m_session || m_session->GetState() != DtlsSession::ESTABLISHED)
    {
        m_errno = ERROR_NOTCONN;
        return -1;
    }
    Bytes data(p->GetSize());
    p->CopyData(data.data(), data.size());
    m_executor->BeginStep();
    m_executor->ReportTransfer(static_cast<uint32_t>(data.size()), 0);
    for (std::size_t offset = 0; offset < data.size(); offset += dtls::MAX_PLAINTEXT_BYTES)
    {
        std::size_t n = std::min(dtls::MAX_PLAINTEXT_BYTES, data.size() - offset);
        m_session->Send(Simulator::Now(),
                        Bytes(data.begin() + static_cast<std::ptrdiff_t>(offset),
                              data.begin() + static_cast<std::ptrdiff_t>(offset + n)));
    }
    m_executor->EndStep();
    return static_cast<int>(data.size());
}

int
TlsSocket::SendTo(Ptr<Packet> p, uint32_t flags, const Address& /* toAddress */)
{
    return Send(p, flags); // a connected stream: the address is the peer's
}

uint32_t
TlsSocket::GetRxAvailable() const
{
    return static_cast<uint32_t>(m_rxBuffer.size());
}

Ptr<Packet>
TlsSocket::Recv(uint32_t maxSize, uint32_t /* flags */)
{
    if (m_rxBuffer.empty())
    {
        return nullptr;
    }
    std::size_t n = std::min<std::size_t>(maxSize, m_rxBuffer.size());
    Ptr<Packet> p = Create<Packet>(m_rxBuffer.data(), static_cast<uint32_t>(n));
    m_rxBuffer.erase(m_rxBuffer.begin(), m_rxBuffer.begin() + static_cast<std::ptrdiff_t>(n));
    if (m_tcp && m_tcp->GetRxAvailable() > 0)
    {
        // reading stopped while the buffer was full
        Simulator::ScheduleNow(&TlsSocket::TcpReceive, this, m_tcp);
    }
    return p;
}

Ptr<Packet>
TlsSocket::RecvFrom(uint32_t maxSize, uint32_t flags, Address& fromAddress)
{
    fromAddress = m_peer;
    return Recv(maxSize, flags);
}

int
TlsSocket::GetSockName(Address& address) const
{
    if (m_tcp)
    {
        return m_tcp->GetSockName(address);
    }
    address = m_local;
    return 0;
}

int
TlsSocket::GetPeerName(Address& address) const
{
    if (!m_session)
    {
        m_errno = ERROR_NOTCONN;
        return -1;
    }
    address = m_peer;
    return 0;
}

bool
TlsSocket::SetAllowBroadcast(bool allowBroadcast)
{
    return !allowBroadcast;
}

bool
TlsSocket::GetAllowBroadcast() const
{
    return false;
}

DtlsSessionTicket
TlsSocket::GetResumptionTicket() const
{
    return m_ticket;
}

void
TlsSocket::SetResumptionTicket(const DtlsSessionTicket& ticket)
{
    m_ticket = ticket;
}

Ptr<EngineExecutor>
TlsSocket::GetExecutor() const
{
    return m_executor;
}

const DtlsSession*
TlsSocket::GetSession() const
{
    return m_session.get();
}

Ptr<Socket>
TlsSocket::GetTcpSocket() const
{
    return m_tcp;
}

uint32_t
TlsSocket::GetSecurityStateBytes() const
{
    if (!m_session)
    {
        return 0;
    }
    DtlsSession::State s = m_session->GetState();
    return (s == DtlsSession::HANDSHAKING || s == DtlsSession::ESTABLISHED)
               ? m_session->GetStateBytes()
               : 0;
}

// ------------------------------------------------------------------------------------------
// The engine's requests, run as effects of the step once its work is priced
// ------------------------------------------------------------------------------------------

void
TlsSocket::DtlsSend(const Bytes& bytes)
{
    m_executor->ReportTransfer(0, static_cast<uint32_t>(bytes.size()));
    m_executor->Defer([this, bytes]() {
        m_txQueue.insert(m_txQueue.end(), bytes.begin(), bytes.end());
        Flush();
    });
}

void
TlsSocket::DtlsSetTimer(Time /* deadline */)
{
    NS_FATAL_ERROR("TlsSocket: a TLS engine set a retransmission timer");
}

void
TlsSocket::DtlsCancelTimer()
{
}

void
TlsSocket::DtlsDeliver(const Bytes& data)
{
    m_executor->ReportTransfer(0, static_cast<uint32_t>(data.size()));
    m_executor->Defer([this, data]() {
        if (m_shutdownRecv)
        {
            return;
        }
        m_rxBuffer.insert(m_rxBuffer.end(), data.begin(), data.end());
        NotifyDataRecv();
    });
}

void
TlsSocket::DtlsCryptoWork(const CryptoWork& work)
{
    m_executor->Report(work);
    Traced(&TlsSocket::m_cryptoWork, work);
}

void
TlsSocket::DtlsEventOccurred(const DtlsEvent& event)
{
    m_executor->Defer([this, event]() {
        switch (event.type)
        {
        case DtlsEvent::HANDSHAKE_STARTED:
            Traced(&TlsSocket::m_handshakeStarted, m_peer);
            break;
        case DtlsEvent::FLIGHT_SENT:
            Traced(&TlsSocket::m_flightSent,
                   m_peer,
                   event.flight,
                   event.bytes,
                   event.retransmission);
            break;
        case DtlsEvent::HANDSHAKE_COMPLETE:
            Traced(&TlsSocket::m_handshakeDone, m_peer, event.stats);
            m_notified = true;
            if (m_parent)
            {
                Ptr<TlsSocket> parent = m_parent;
                parent->ChildDone(this, true);
            }
            else
            {
                m_ticket = m_session->GetTicket();
                NotifyConnectionSucceeded();
            }
            break;
        case DtlsEvent::HANDSHAKE_FAILED:
            Traced(&TlsSocket::m_handshakeFailed, m_peer, event.reason);
            m_closeTcpWhenFlushed = true; // after the alert
            Flush();
            if (!m_notified)
            {
                m_notified = true;
                if (m_parent)
                {
                    Ptr<TlsSocket> parent = m_parent;
                    parent->ChildDone(this, false);
                }
                else
                {
                    NotifyConnectionFailed();
                }
            }
            break;
        case DtlsEvent::RECORD_REJECTED:
            Traced(&TlsSocket::m_recordRejected, m_peer, event.rejectReason);
            break;
        case DtlsEvent::ALERT_SENT:
            Traced(&TlsSocket::m_alertSent, m_peer, dtls::AlertName(event.alertDescription));
            break;
        case DtlsEvent::ALERT_RECEIVED:
            Traced(&TlsSocket::m_alertReceived, m_peer, dtls::AlertName(event.alertDescription));
            break;
        case DtlsEvent::CLOSED:
            Traced(&TlsSocket::m_closed, m_peer);
            if (!m_shutdownSend)
            {
                // the peer closed the session (close_notify) or broke it: close TCP too
                m_closeTcpWhenFlushed = true;
                Flush();
            }
            break;
        case DtlsEvent::APP_DATA_SENT:
            Traced(&TlsSocket::m_appDataSent, m_peer, event.bytes);
            break;
        case DtlsEvent::APP_DATA_RECEIVED:
            Traced(&TlsSocket::m_appDataReceived, m_peer, event.bytes);
            break;
        default:
            break;
        }
    });
}

// ------------------------------------------------------------------------------------------
// TlsSocketFactory
// ------------------------------------------------------------------------------------------

TypeId
TlsSocketFactory::GetTypeId()
{
    static TypeId tid = TypeId("ns3::TlsSocketFactory")
                            .SetParent<SocketFactory>()
                            .SetGroupName("Iotsec")
                            .AddConstructor<TlsSocketFactory>();
    return tid;
}

TlsSocketFactory::TlsSocketFactory()
{
    m_factory.SetTypeId(TlsSocket::GetTypeId());
}

Ptr<Socket>
TlsSocketFactory::CreateSocket()
{
    Ptr<Node> node = GetObject<Node>();
    NS_ABORT_MSG_UNLESS(node, "TlsSocketFactory: not aggregated to a node");
    Ptr<TlsSocket> socket = m_factory.Create<TlsSocket>();
    socket->SetNode(node);
    return socket;
}

void
TlsSocketFactory::SetSocketAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

} // namespace ns3
