/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dtls-socket.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/cpu-model.h"
#include "ns3/engine-executor.h"
#include "ns3/enum.h"
#include "ns3/hex-encoding.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/iotsec-compat.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/ram-model.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DtlsSocket");

NS_OBJECT_ENSURE_REGISTERED(DtlsFlightTag);
NS_OBJECT_ENSURE_REGISTERED(DtlsSocket);
NS_OBJECT_ENSURE_REGISTERED(DtlsSocketFactory);

// ------------------------------------------------------------------------------------------
// DtlsFlightTag
// ------------------------------------------------------------------------------------------

TypeId
DtlsFlightTag::GetTypeId()
{
    static TypeId tid = TypeId("ns3::DtlsFlightTag")
                            .SetParent<Tag>()
                            .SetGroupName("Iotsec")
                            .AddConstructor<DtlsFlightTag>();
    return tid;
}

TypeId
DtlsFlightTag::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
DtlsFlightTag::GetSerializedSize() const
{
    return 3;
}

void
DtlsFlightTag::Serialize(TagBuffer i) const
{
    i.WriteU8(m_content);
    i.WriteU8(m_flight);
    i.WriteU8(m_retransmission);
}

void
DtlsFlightTag::Deserialize(TagBuffer i)
{
    m_content = i.ReadU8();
    m_flight = i.ReadU8();
    m_retransmission = i.ReadU8();
}

void
DtlsFlightTag::Print(std::ostream& os) const
{
    static const char* names[] = {"handshake", "hello-verify", "data", "alert"};
    os << "dtls=" << (m_content < 4 ? names[m_content] : "?") << " flight=" << +m_flight
       << (m_retransmission ? " retransmission" : "");
}

DtlsFlightTag::DtlsFlightTag()
    : DtlsFlightTag(DATA, 0, false)
{
}

DtlsFlightTag::DtlsFlightTag(Content content, uint8_t flight, bool retransmission)
    : m_content(content),
      m_flight(flight),
      m_retransmission(retransmission ? 1 : 0)
{
}

DtlsFlightTag::Content
DtlsFlightTag::GetContent() const
{
    return static_cast<Content>(m_content);
}

uint8_t
DtlsFlightTag::GetFlight() const
{
    return m_flight;
}

bool
DtlsFlightTag::IsRetransmission() const
{
    return m_retransmission != 0;
}

// ------------------------------------------------------------------------------------------
// Engine adapters
// ------------------------------------------------------------------------------------------

/// The client engine's listener: forwards to the socket.
class DtlsSocket::ClientAdapter : public DtlsSessionListener
{
  public:
    /// \param socket the socket
    explicit ClientAdapter(DtlsSocket& socket)
        : m_socket(socket)
    {
    }

    void DtlsSend(const Bytes& datagram) override
    {
        m_socket.SendDatagram(m_socket.m_peer, datagram);
    }

    void DtlsSetTimer(Time deadline) override
    {
        m_socket.SetTimerFor("", deadline);
    }

    void DtlsCancelTimer() override
    {
        m_socket.CancelTimerFor("");
    }

    void DtlsDeliver(const Bytes& data) override
    {
        m_socket.OnDeliver(m_socket.m_peer, data);
    }

    void DtlsEventOccurred(const DtlsEvent& event) override
    {
        m_socket.OnEvent(m_socket.m_peer, event);
    }

    void DtlsCryptoWork(const CryptoWork& work) override
    {
        m_socket.OnWork(work);
    }

  private:
    DtlsSocket& m_socket; //!< the socket
};

/// The server engine's listener: forwards to the socket.
class DtlsSocket::ServerAdapter : public DtlsServerListener
{
  public:
    /// \param socket the socket
    explicit ServerAdapter(DtlsSocket& socket)
        : m_socket(socket)
    {
    }

    void DtlsSendTo(const std::string& peer, const Bytes& datagram) override
    {
        m_socket.SendDatagram(m_socket.AddressOf(peer), datagram);
    }

    void DtlsSetTimer(const std::string& peer, Time deadline) override
    {
        m_socket.SetTimerFor(peer, deadline);
    }

    void DtlsCancelTimer(const std::string& peer) override
    {
        m_socket.CancelTimerFor(peer);
    }

    void DtlsDeliver(const std::string& peer, const Bytes& data) override
    {
        m_socket.OnDeliver(m_socket.AddressOf(peer), data);
    }

    void DtlsEventOccurred(const std::string& peer, const DtlsEvent& event) override
    {
        m_socket.OnEvent(m_socket.AddressOf(peer), event);
    }

    void DtlsCryptoWork(const CryptoWork& work) override
    {
        m_socket.OnWork(work);
    }

    bool DtlsAdmit(const std::string& peer) override
    {
        return m_socket.Admit(peer);
    }

  private:
    DtlsSocket& m_socket; //!< the socket
};

/**
 * The client engine's key provider. The engine asks it at every ClientHello that starts a
 * handshake, so the socket never copies a key into the engine's configuration: a key
 * replaced in a store after Connect() (out-of-band re-keying) is the key of the next
 * handshake, restarts included.
 */
class DtlsSocket::ClientKeys : public DtlsPskProvider
{
  public:
    /// \param socket the socket
    explicit ClientKeys(const DtlsSocket& socket)
        : m_socket(socket)
    {
    }

    bool LookupPsk(const Bytes& identity, Bytes& key) const override
    {
        uint64_t generation;
        return m_socket.FindClientKey(identity, key, generation);
    }

    uint64_t GetPskGeneration(const Bytes& identity) const override
    {
        Bytes key;
        uint64_t generation = 0;
        m_socket.FindClientKey(identity, key, generation);
        return generation;
    }

  private:
    const DtlsSocket& m_socket; //!< the socket
};

// ------------------------------------------------------------------------------------------
// DtlsSocket: attributes and life cycle
// ------------------------------------------------------------------------------------------

namespace
{

/// AssociationRamBytes default: see the attribute and doc/iotsec.rst
constexpr uint32_t DEFAULT_ASSOCIATION_RAM_BYTES = 448;

} // namespace

TypeId
DtlsSocket::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::DtlsSocket")
            .SetParent<Socket>()
            .SetGroupName("Iotsec")
            .AddConstructor<DtlsSocket>()
            .AddAttribute("InitialTimeout",
                          "Initial handshake retransmission timer (RFC 6347, 4.2.4.1).",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&DtlsSocket::m_initialTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("MaxTimeout",
                          "The retransmission timer doubles up to this value.",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&DtlsSocket::m_maxTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("MaxRetransmissions",
                          "Timer expiries (retransmissions, or restarts) before a handshake "
                          "is given up.",
                          UintegerValue(7),
                          MakeUintegerAccessor(&DtlsSocket::m_maxRetransmissions),
                          MakeUintegerChecker<uint32_t>(0, 64))
            .AddAttribute(
                "LossRecovery",
                "What a lost handshake flight leads to: RetransmitFlight (RFC 6347: "
                "re-send the last flight) or RestartHandshake (start over from a new "
                "ClientHello, as the SSM paper describes).",
                EnumValue(DtlsLossRecovery::RETRANSMIT_FLIGHT),
                iotsec_compat::MakeEnumAccessor<DtlsLossRecovery>(&DtlsSocket::m_lossRecovery),
                MakeEnumChecker(DtlsLossRecovery::RETRANSMIT_FLIGHT,
                                "RetransmitFlight",
                                DtlsLossRecovery::RESTART_HANDSHAKE,
                                "RestartHandshake"))
            .AddAttribute("HandshakeTimeout",
                          "Server: a handshake that has not completed this long after its "
                          "ClientHello was accepted is given up and its half-open state freed "
                          "(HandshakeFailed). 60 s is GnuTLS's default total handshake timeout "
                          "(gnutls_dtls_set_timeouts) and RFC 6347's largest retransmission "
                          "timer; mbed TLS gives up after about as long. 0 disables it.",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&DtlsSocket::m_handshakeTimeout),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("MaxAssociations",
                          "Server: associations (established or half-open) held at most; a "
                          "cookie-verified ClientHello beyond them is refused (SessionRefused, "
                          "table_full). The engine's own bound on per-peer state, whatever "
                          "the node's RAM model would admit; 0: none.",
                          UintegerValue(1024),
                          MakeUintegerAccessor(&DtlsSocket::m_maxAssociations),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("CookieExchange",
                          "Server: answer a new ClientHello with a stateless "
                          "HelloVerifyRequest cookie first.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&DtlsSocket::m_cookieExchange),
                          MakeBooleanChecker())
            .AddAttribute("TransportSocketFactory",
                          "The datagram sockets DTLS runs over: ns3::UdpSocketFactory, or "
                          "ns3::DtlsTunnelSocketFactory (DTLS in DTLS: the datagrams travel "
                          "inside an outer DTLS session to a border router).",
                          TypeIdValue(UdpSocketFactory::GetTypeId()),
                          MakeTypeIdAccessor(&DtlsSocket::m_transportFactory),
                          MakeTypeIdChecker())
            .AddAttribute("AcceptMappedTls",
                          "Server: let a TLS client behind a TLS<->DTLS mapping border router "
                          "complete the handshake (Brachmann et al.'s double Finished check; "
                          "AttackDetected when both checks fail). Nodes reached through a "
                          "mapping router run without CookieExchange (Table I).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&DtlsSocket::m_acceptMappedTls),
                          MakeBooleanChecker())
            .AddAttribute("HandshakeMtu",
                          "Largest datagram a handshake flight is packed into; messages are "
                          "fragmented to fit (the ClientHello excepted). Choose it small to "
                          "avoid 6LoWPAN fragmentation.",
                          UintegerValue(1232),
                          MakeUintegerAccessor(&DtlsSocket::m_handshakeMtu),
                          MakeUintegerChecker<uint32_t>(64, 16384))
            .AddAttribute("PskIdentity",
                          "Client: the PSK identity to present.",
                          StringValue(""),
                          MakeStringAccessor(&DtlsSocket::m_pskIdentity),
                          MakeStringChecker())
            .AddAttribute("Psk",
                          "Client: the pre-shared key in hexadecimal, used when neither the "
                          "PskStore attribute nor the node's DtlsPskStore has the identity.",
                          StringValue(""),
                          MakeStringAccessor(&DtlsSocket::m_pskHex),
                          MakeStringChecker())
            .AddAttribute("PskIdentityHint",
                          "Server: the hint sent in ServerKeyExchange (empty: no "
                          "ServerKeyExchange).",
                          StringValue("iotsec"),
                          MakeStringAccessor(&DtlsSocket::m_pskHint),
                          MakeStringChecker())
            .AddAttribute("PskStore",
                          "Where keys are looked up (default: the node's DtlsPskStore).",
                          PointerValue(),
                          MakePointerAccessor(&DtlsSocket::m_pskStore),
                          MakePointerChecker<DtlsPskStore>())
            .AddAttribute("SessionResumption",
                          "Server: give session IDs and keep sessions for abbreviated "
                          "handshakes.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&DtlsSocket::m_resumption),
                          MakeBooleanChecker())
            .AddAttribute("SessionCacheSize",
                          "Server: sessions kept for resumption.",
                          UintegerValue(16),
                          MakeUintegerAccessor(&DtlsSocket::m_sessionCacheSize),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MaxHandshakeMessage",
                          "Longest handshake message accepted, in bytes.",
                          UintegerValue(8192),
                          MakeUintegerAccessor(&DtlsSocket::m_maxMessageBytes),
                          MakeUintegerChecker<uint32_t>(256, 65536))
            .AddAttribute("AssociationRamBytes",
                          "RAM a new association is asked for at the node's RamModel before "
                          "it is created (its peak size during a PSK handshake with this "
                          "engine's state layout; see doc/iotsec.rst).",
                          UintegerValue(DEFAULT_ASSOCIATION_RAM_BYTES),
                          MakeUintegerAccessor(&DtlsSocket::m_associationBytes),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("SecureElement",
                          "Server: the secure element the engine runs in, one peer at a time "
                          "(null: the host). Set before Listen().",
                          PointerValue(),
                          MakePointerAccessor(&DtlsSocket::m_se),
                          MakePointerChecker<SecureElement>())
            .AddAttribute("RcvBufSize",
                          "Bytes of received data buffered for the application.",
                          UintegerValue(131072),
                          MakeUintegerAccessor(&DtlsSocket::m_rxBufferSize),
                          MakeUintegerChecker<uint32_t>())
            .AddTraceSource("HandshakeStarted",
                            "A handshake began (peer).",
                            MakeTraceSourceAccessor(&DtlsSocket::m_handshakeStarted),
                            "ns3::DtlsSocket::PeerTracedCallback")
            .AddTraceSource("HandshakeCompleted",
                            "A handshake completed (peer; duration, flights, retransmissions, "
                            "restarts, bytes sent and received, resumed).",
                            MakeTraceSourceAccessor(&DtlsSocket::m_handshakeDone),
                            "ns3::DtlsSocket::HandshakeTracedCallback")
            .AddTraceSource("HandshakeFailed",
                            "A handshake failed (peer, reason).",
                            MakeTraceSourceAccessor(&DtlsSocket::m_handshakeFailed),
                            "ns3::DtlsSocket::ReasonTracedCallback")
            .AddTraceSource("HandshakeRestarted",
                            "RestartHandshake: a lost flight restarted the handshake (peer).",
                            MakeTraceSourceAccessor(&DtlsSocket::m_handshakeRestarted),
                            "ns3::DtlsSocket::PeerTracedCallback")
            .AddTraceSource("FlightSent",
                            "A handshake flight was sent (peer, flight number, bytes, "
                            "retransmission).",
                            MakeTraceSourceAccessor(&DtlsSocket::m_flightSent),
                            "ns3::DtlsSocket::FlightTracedCallback")
            .AddTraceSource("RecordRejected",
                            "A received record was discarded (peer, DtlsRejectReason: replay, "
                            "bad_record_mac, wrong_epoch, malformed, unexpected).",
                            MakeTraceSourceAccessor(&DtlsSocket::m_recordRejected),
                            "ns3::DtlsSocket::RejectTracedCallback")
            .AddTraceSource("AppDataSent",
                            "Application data was protected and sent (peer, plaintext bytes).",
                            MakeTraceSourceAccessor(&DtlsSocket::m_appDataSent),
                            "ns3::DtlsSocket::BytesTracedCallback")
            .AddTraceSource("AppDataReceived",
                            "Application data was received and authenticated (peer, bytes).",
                            MakeTraceSourceAccessor(&DtlsSocket::m_appDataReceived),
                            "ns3::DtlsSocket::BytesTracedCallback")
            .AddTraceSource("AlertSent",
                            "An alert was sent (peer, description).",
                            MakeTraceSourceAccessor(&DtlsSocket::m_alertSent),
                            "ns3::DtlsSocket::ReasonTracedCallback")
            .AddTraceSource("AlertReceived",
                            "An alert was received (peer, description).",
                            MakeTraceSourceAccessor(&DtlsSocket::m_alertReceived),
                            "ns3::DtlsSocket::ReasonTracedCallback")
            .AddTraceSource("SessionRefused",
                            "A new association was refused (peer, DtlsRefuseReason): by a "
                            "server (table_full: MaxAssociations; ram_budget: the node's RAM "
                            "budget; admission or application: the admission callbacks), or "
                            "at a client's Connect() (ram_budget).",
                            MakeTraceSourceAccessor(&DtlsSocket::m_sessionRefused),
                            "ns3::DtlsSocket::RefuseTracedCallback")
            .AddTraceSource("Closed",
                            "An association was closed (peer).",
                            MakeTraceSourceAccessor(&DtlsSocket::m_closed),
                            "ns3::DtlsSocket::PeerTracedCallback")
            .AddTraceSource("AttackDetected",
                            "AcceptMappedTls: a client's Finished matched neither the DTLS "
                            "transcript nor its TLS re-encoding, or its record authenticated "
                            "under neither protocol's numbers (peer, reason).",
                            MakeTraceSourceAccessor(&DtlsSocket::m_attackDetected),
                            "ns3::DtlsSocket::ReasonTracedCallback")
            .AddTraceSource("SessionInvalidated",
                            "A session will not be resumed because the key it was derived from "
                            "was replaced or removed (PSK identity, reason: psk changed, psk "
                            "removed, psk identity changed): a client did not offer its "
                            "ticket, or a server dropped the session from its cache.",
                            MakeTraceSourceAccessor(&DtlsSocket::m_sessionInvalidated),
                            "ns3::DtlsSocket::SessionInvalidatedTracedCallback")
            .AddTraceSource("CryptoWork",
                            "The engine did cryptographic work (operation and size).",
                            MakeTraceSourceAccessor(&DtlsSocket::m_cryptoWork),
                            "ns3::DtlsSocket::CryptoWorkTracedCallback")
            .AddTraceSource("Tx",
                            "A datagram was handed to UDP (packet, destination).",
                            MakeTraceSourceAccessor(&DtlsSocket::m_tx),
                            "ns3::Packet::AddressTracedCallback")
            .AddTraceSource("Rx",
                            "A datagram was received from UDP (packet, source).",
                            MakeTraceSourceAccessor(&DtlsSocket::m_rx),
                            "ns3::Packet::AddressTracedCallback");
    return tid;
}

DtlsSocket::DtlsSocket()
    : m_errno(ERROR_NOTERROR)
{
    NS_LOG_FUNCTION(this);
    m_rng = CreateObject<UniformRandomVariable>();
    m_random = std::make_unique<StreamEngineRandom>(m_rng);
    m_executor = CreateObject<EngineExecutor>();
    m_executor->SetOwner(this); // kept alive while its steps' effects wait for the CPU
}

DtlsSocket::~DtlsSocket()
{
    NS_LOG_FUNCTION(this);
    DisconnectPskStore(); // in case the socket was never disposed
    DropSecureElement();  // the card's backlog must not keep a pointer to this socket
}

void
DtlsSocket::DoDispose()
{
    NS_LOG_FUNCTION(this);
    for (auto& t : m_timers)
    {
        t.second.Cancel();
    }
    m_timers.clear();
    DropSecureElement();
    m_se = nullptr;
    m_executor->Dispose();
    m_session.reset();
    m_server.reset();
    if (m_udp)
    {
        m_udp->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_udp = nullptr;
    }
    if (m_ram)
    {
        m_ram->RemoveHolder(m_ramHolder);
        m_ram = nullptr;
    }
    m_node = nullptr;
    DisconnectPskStore();
    m_pskStore = nullptr;
    m_rxQueue.clear();
    Socket::DoDispose();
}

void
DtlsSocket::SetNode(Ptr<Node> node)
{
    m_node = node;
    AttachNodeModel();
}

void
DtlsSocket::AttachNodeModel()
{
    // The one place where DTLS meets the node model: the node's CPU prices the engine's work
    // (through the executor), and its RAM budget holds the associations.
    if (!m_node)
    {
        return;
    }
    m_executor->SetNode(m_node);
    Ptr<RamModel> ram = m_node->GetObject<RamModel>();
    if (ram && ram != m_ram)
    {
        ram->Require("DTLS"); // aborts on an RFC 7228 Class 0 node
        if (m_ram)
        {
            m_ram->RemoveHolder(m_ramHolder);
        }
        m_ram = ram;
        m_ramHolder =
            ram->AddHolder("dtls", MakeCallback(&DtlsSocket::GetSecurityStateBytes, this));
    }
}

int64_t
DtlsSocket::AssignStreams(int64_t stream)
{
    m_rng->SetStream(stream);
    return 1;
}

DtlsConfig
DtlsSocket::MakeConfig(DtlsRole role) const
{
    DtlsConfig c;
    c.role = role;
    c.lossRecovery = m_lossRecovery;
    c.initialTimeout = m_initialTimeout;
    c.maxTimeout = m_maxTimeout;
    c.maxRetransmissions = m_maxRetransmissions;
    c.cookieExchange = m_cookieExchange;
    c.acceptMappedTls = m_acceptMappedTls;
    c.handshakeMtu = m_handshakeMtu;
    c.pskIdentity = Bytes(m_pskIdentity.begin(), m_pskIdentity.end());
    c.pskIdentityHint = Bytes(m_pskHint.begin(), m_pskHint.end());
    c.sessionIdBytes = m_resumption ? 32 : 0;
    c.maxMessageBytes = m_maxMessageBytes;
    c.handshakeTimeout = m_handshakeTimeout;
    c.maxAssociations = m_maxAssociations;
    NS_ABORT_MSG_IF(m_maxTimeout < m_initialTimeout,
                    "DtlsSocket: MaxTimeout " << m_maxTimeout.As(Time::S)
                                              << " is below InitialTimeout");
    return c;
}

// ------------------------------------------------------------------------------------------
// Socket API
// ------------------------------------------------------------------------------------------

enum Socket::SocketErrno
DtlsSocket::GetErrno() const
{
    return m_errno;
}

enum Socket::SocketType
DtlsSocket::GetSocketType() const
{
    return NS3_SOCK_DGRAM;
}

Ptr<Node>
DtlsSocket::GetNode() const
{
    return m_node;
}

bool
DtlsSocket::CreateUdpSocket(const Address& local, bool ipv6)
{
    NS_ABORT_MSG_UNLESS(m_node, "DtlsSocket: no node (use DtlsSocketFactory or SetNode)");
    if (m_udp)
    {
        m_errno = ERROR_INVAL;
        return false;
    }
    m_udp = Socket::CreateSocket(m_node, m_transportFactory);
    int rc;
    if (local.IsInvalid())
    {
        rc = ipv6 ? m_udp->Bind6() : m_udp->Bind();
    }
    else
    {
        rc = m_udp->Bind(local);
    }
    if (rc != 0)
    {
        m_errno = m_udp->GetErrno();
        m_udp = nullptr;
        return false;
    }
    m_udp->SetRecvCallback(MakeCallback(&DtlsSocket::HandleRead, this));
    return true;
}

int
DtlsSocket::Bind(const Address& address)
{
    NS_LOG_FUNCTION(this << address);
    if (!InetSocketAddress::IsMatchingType(address) && !Inet6SocketAddress::IsMatchingType(address))
    {
        m_errno = ERROR_INVAL;
        return -1;
    }
    return CreateUdpSocket(address, Inet6SocketAddress::IsMatchingType(address)) ? 0 : -1;
}

int
DtlsSocket::Bind()
{
    return CreateUdpSocket(Address(), false) ? 0 : -1;
}

int
DtlsSocket::Bind6()
{
    return CreateUdpSocket(Address(), true) ? 0 : -1;
}

int
DtlsSocket::Connect(const Address& address)
{
    NS_LOG_FUNCTION(this << address);
    bool v6 = Inet6SocketAddress::IsMatchingType(address);
    if (!v6 && !InetSocketAddress::IsMatchingType(address))
    {
        m_errno = ERROR_INVAL;
        return -1;
    }
    if (m_listening || m_session)
    {
        m_errno = ERROR_ISCONN;
        return -1;
    }
    if (m_ram && !m_ram->Admit("dtls", m_associationBytes))
    {
        // No room for the association: the connection fails, as a connect that is refused
        ++m_clientRefused;
        NS_LOG_INFO("Connect: no RAM for another association");
        m_sessionRefused(address, DtlsRefuseReason::RAM_BUDGET);
        Ptr<DtlsSocket> self = this;
        Simulator::ScheduleNow([self]() { self->NotifyConnectionFailed(); });
        return 0;
    }
    if (!m_udp && !CreateUdpSocket(Address(), v6))
    {
        return -1;
    }
    if (m_udp->Connect(address) != 0)
    {
        m_errno = m_udp->GetErrno();
        return -1;
    }
    m_peer = address;
    m_addresses[PeerKey(address)] = address;
    DtlsConfig c = MakeConfig(DtlsRole::CLIENT);
    NS_ABORT_MSG_IF(m_pskIdentity.empty(), "DtlsSocket::Connect: the PskIdentity is not set");
    Bytes hexKey;
    NS_ABORT_MSG_IF(!m_pskHex.empty() && !(HexDecode(m_pskHex, hexKey) && !hexKey.empty()),
                    "DtlsSocket::Connect: the Psk attribute '" << m_pskHex
                                                               << "' is not a key in hexadecimal");
    // The key itself is not copied into the configuration: the engine asks m_clientKeys for
    // it at every ClientHello. A key that no source holds is a configuration error, unless a
    // store held it once (it was removed while the simulation ran): then the handshake fails.
    Bytes identity(m_pskIdentity.begin(), m_pskIdentity.end());
    Bytes key;
    uint64_t generation = 0;
    if (!FindClientKey(identity, key, generation))
    {
        Ptr<DtlsPskStore> nodeStore = m_node ? m_node->GetObject<DtlsPskStore>() : nullptr;
        bool removed = (m_pskStore && m_pskStore->GetGeneration(m_pskIdentity) > 0) ||
                       (nodeStore && nodeStore->GetGeneration(m_pskIdentity) > 0);
        NS_ABORT_MSG_UNLESS(removed,
                            "DtlsSocket::Connect: no key for PSK identity '"
                                << m_pskIdentity
                                << "' (set the Psk attribute, or add it to a DtlsPskStore)");
        NS_LOG_INFO("Connect: the key of PSK identity '" << m_pskIdentity << "' was removed");
    }
    m_clientKeys = std::make_unique<ClientKeys>(*this);
    m_clientAdapter = std::make_unique<ClientAdapter>(*this);
    m_session = std::make_unique<DtlsSession>(c, *m_random, *m_clientAdapter, m_clientKeys.get());
    m_executor->BeginStep();
    m_session->Connect(Simulator::Now(), m_ticket.IsValid() ? &m_ticket : nullptr);
    m_executor->EndStep();
    return 0;
}

int
DtlsSocket::Listen()
{
    NS_LOG_FUNCTION(this);
    if (!m_udp)
    {
        m_errno = ERROR_INVAL; // bind first
        return -1;
    }
    if (m_session || m_listening)
    {
        m_errno = ERROR_ISCONN;
        return -1;
    }
    Ptr<DtlsPskStore> store = m_pskStore;
    if (!store && m_node)
    {
        store = m_node->GetObject<DtlsPskStore>();
    }
    NS_ABORT_MSG_UNLESS(store,
                        "DtlsSocket::Listen: no DtlsPskStore (set PskStore, or aggregate one to "
                        "node "
                            << (m_node ? m_node->GetId() : 0) << ")");
    m_pskStore = store;
    m_serverAdapter = std::make_unique<ServerAdapter>(*this);
    m_server = std::make_unique<DtlsServerEngine>(MakeConfig(DtlsRole::SERVER),
                                                  *m_random,
                                                  *m_serverAdapter,
                                                  *m_pskStore,
                                                  m_resumption ? m_sessionCacheSize : 0);
    // Drop cached sessions as soon as their key changes, rather than when a client next
    // offers one (the engine refuses those too): the old master secrets leave RAM at once.
    m_watchingPskStore =
        m_pskStore->TraceConnectWithoutContext("PskChanged",
                                               MakeCallback(&DtlsSocket::PskChanged, this));
    m_listening = true;
    if (m_se)
    {
        m_executor->SetStepPricer(MakeCallback(&DtlsSocket::PriceStep, this));
    }
    return 0;
}

int
DtlsSocket::Close()
{
    NS_LOG_FUNCTION(this);
    m_executor->BeginStep();
    if (m_session)
    {
        m_session->Close(Simulator::Now());
    }
    if (m_server)
    {
        for (const auto& peer : m_server->GetPeers())
        {
            m_server->Close(Simulator::Now(), peer);
        }
    }
    m_executor->EndStep();
    m_shutdownSend = true;
    m_shutdownRecv = true;
    for (auto& t : m_timers)
    {
        t.second.Cancel();
    }
    m_timers.clear();
    if (m_udp)
    {
        // the close_notify datagrams are already queued below
        m_udp->Close();
    }
    NotifyNormalClose();
    return 0;
}

int
DtlsSocket::ShutdownSend()
{
    m_shutdownSend = true;
    return 0;
}

int
DtlsSocket::ShutdownRecv()
{
    m_shutdownRecv = true;
    return 0;
}

uint32_t
DtlsSocket::GetTxAvailable() const
{
    return dtls::MAX_PLAINTEXT_BYTES;
}

int
DtlsSocket::Send(Ptr<Packet> p, uint32_t flags)
{
    NS_LOG_FUNCTION(this << p << flags);
    if (m_listening)
    {
        m_errno = ERROR_NOTCONN; // a server names the peer: SendTo
        return -1;
    }
    return SendTo(p, flags, m_peer);
}

int
DtlsSocket::SendTo(Ptr<Packet> p, uint32_t flags, const Address& toAddress)
{
    NS_LOG_FUNCTION(this << p << flags << toAddress);
    if (m_shutdownSend)
    {
        m_errno = ERROR_SHUTDOWN;
        return -1;
    }
    if (p->GetSize() > dtls::MAX_PLAINTEXT_BYTES)
    {
        m_errno = ERROR_MSGSIZE;
        return -1;
    }
    if (!m_session && !m_server)
    {
        // Datagram semantics: the first datagram to a peer opens the association
        if (Connect(toAddress) != 0)
        {
            return -1;
        }
    }
    if (m_session && m_session->GetState() == DtlsSession::HANDSHAKING)
    {
        m_pendingSends.push_back(p->Copy()); // sent once the handshake completes
        return static_cast<int>(p->GetSize());
    }
    Bytes data(p->GetSize());
    p->CopyData(data.data(), data.size());
    bool ok = false;
    SetStepPeer(m_server ? PeerKey(toAddress) : std::string());
    m_executor->BeginStep();
    if (m_session)
    {
        ok = m_session->Send(Simulator::Now(), data);
    }
    else if (m_server)
    {
        ok = m_server->Send(Simulator::Now(), PeerKey(toAddress), data);
    }
    if (ok)
    {
        // the plaintext goes to the engine (into a card) only if an association takes it
        m_executor->ReportTransfer(static_cast<uint32_t>(data.size()), 0);
    }
    m_executor->EndStep();
    if (!ok)
    {
        m_errno = ERROR_NOTCONN;
        return -1;
    }
    return static_cast<int>(p->GetSize());
}

uint32_t
DtlsSocket::GetRxAvailable() const
{
    return m_rxBytes;
}

Ptr<Packet>
DtlsSocket::Recv(uint32_t maxSize, uint32_t flags)
{
    Address from;
    return RecvFrom(maxSize, flags, from);
}

Ptr<Packet>
DtlsSocket::RecvFrom(uint32_t maxSize, uint32_t flags, Address& fromAddress)
{
    NS_LOG_FUNCTION(this << maxSize << flags);
    if (m_rxQueue.empty() || m_rxQueue.front().first->GetSize() > maxSize)
    {
        m_errno = m_rxQueue.empty() ? ERROR_AGAIN : ERROR_MSGSIZE;
        return nullptr;
    }
    Ptr<Packet> p = m_rxQueue.front().first;
    fromAddress = m_rxQueue.front().second;
    m_rxQueue.pop_front();
    m_rxBytes -= p->GetSize();
    return p;
}

int
DtlsSocket::GetSockName(Address& address) const
{
    if (!m_udp)
    {
        m_errno = ERROR_NOTCONN;
        return -1;
    }
    return m_udp->GetSockName(address);
}

int
DtlsSocket::GetPeerName(Address& address) const
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
DtlsSocket::SetAllowBroadcast(bool allowBroadcast)
{
    return !allowBroadcast; // DTLS associations are unicast
}

bool
DtlsSocket::GetAllowBroadcast() const
{
    return false;
}

// ------------------------------------------------------------------------------------------
// DTLS-specific API
// ------------------------------------------------------------------------------------------

bool
DtlsSocket::IsEstablished(const Address& peer) const
{
    if (m_session)
    {
        return m_session->GetState() == DtlsSession::ESTABLISHED;
    }
    if (m_server)
    {
        DtlsSession* s = m_server->Find(PeerKey(peer));
        return s != nullptr && s->GetState() == DtlsSession::ESTABLISHED;
    }
    return false;
}

uint32_t
DtlsSocket::GetSecurityStateBytes() const
{
    if (m_session)
    {
        DtlsSession::State s = m_session->GetState();
        return (s == DtlsSession::HANDSHAKING || s == DtlsSession::ESTABLISHED)
                   ? m_session->GetStateBytes()
                   : 0;
    }
    return m_server ? m_server->GetStateBytes() : 0;
}

uint32_t
DtlsSocket::GetAssociationCount() const
{
    if (m_session)
    {
        DtlsSession::State s = m_session->GetState();
        return (s == DtlsSession::HANDSHAKING || s == DtlsSession::ESTABLISHED) ? 1 : 0;
    }
    return m_server ? static_cast<uint32_t>(m_server->GetPeers().size()) : 0;
}

void
DtlsSocket::SetAdmissionCallback(Callback<bool, const Address&> admit)
{
    m_admit = admit;
}

void
DtlsSocket::SetProcessingDelayCallback(Callback<Time, const std::vector<CryptoWork>&> delay)
{
    m_executor->SetPricer(delay);
}

Ptr<EngineExecutor>
DtlsSocket::GetExecutor() const
{
    return m_executor;
}

DtlsSessionTicket
DtlsSocket::GetResumptionTicket() const
{
    return m_session ? m_session->GetTicket() : DtlsSessionTicket();
}

void
DtlsSocket::SetResumptionTicket(const DtlsSessionTicket& ticket)
{
    m_ticket = ticket;
}

DtlsHandshakeStats
DtlsSocket::GetHandshakeStats(const Address& peer) const
{
    auto it = m_stats.find(m_session ? std::string() : PeerKey(peer));
    return it == m_stats.end() ? DtlsHandshakeStats() : it->second;
}

uint64_t
DtlsSocket::GetRejected(DtlsRejectReason reason) const
{
    auto it = m_rejected.find(reason);
    return it == m_rejected.end() ? 0 : it->second;
}

uint64_t
DtlsSocket::GetHelloVerifyRequests() const
{
    return m_server ? m_server->GetHelloVerifyRequests() : 0;
}

uint32_t
DtlsSocket::GetKnownPeers() const
{
    return static_cast<uint32_t>(std::max(m_addresses.size(), m_stats.size()));
}

uint64_t
DtlsSocket::GetExpiredHandshakes() const
{
    return m_server ? m_server->GetExpired() : 0;
}

uint64_t
DtlsSocket::GetReplacedAssociations() const
{
    return m_server ? m_server->GetReplaced() : 0;
}

uint64_t
DtlsSocket::GetRefused() const
{
    return (m_server ? m_server->GetRefused() : 0) + m_clientRefused;
}

std::string
DtlsSocket::PeerKey(const Address& address)
{
    std::ostringstream os;
    if (Inet6SocketAddress::IsMatchingType(address))
    {
        Inet6SocketAddress a = Inet6SocketAddress::ConvertFrom(address);
        os << "[" << a.GetIpv6() << "]:" << a.GetPort();
    }
    else if (InetSocketAddress::IsMatchingType(address))
    {
        InetSocketAddress a = InetSocketAddress::ConvertFrom(address);
        os << a.GetIpv4() << ":" << a.GetPort();
    }
    return os.str();
}

Address
DtlsSocket::AddressOf(const std::string& key) const
{
    auto it = m_addresses.find(key);
    if (it != m_addresses.end())
    {
        return it->second;
    }
    // A peer without an association (a stateless HelloVerifyRequest, a refusal) is answered
    // while its datagram is processed: its address is that datagram's source
    return key == m_fromKey ? m_from : Address();
}

void
DtlsSocket::PruneServerMaps()
{
    if (!m_server)
    {
        return;
    }
    std::size_t held = m_server->GetPeers().size();
    if (m_addresses.size() <= 2 * held + 16 && m_stats.size() <= 2 * held + 16 &&
        m_seExported.size() <= 2 * held + 16)
    {
        return;
    }
    for (auto it = m_addresses.begin(); it != m_addresses.end();)
    {
        bool keep = m_server->Find(it->first) != nullptr || m_timers.count(it->first) > 0;
        it = keep ? std::next(it) : m_addresses.erase(it);
    }
    for (auto it = m_stats.begin(); it != m_stats.end();)
    {
        it = m_server->Find(it->first) != nullptr ? std::next(it) : m_stats.erase(it);
    }
    for (auto it = m_seExported.begin(); it != m_seExported.end();)
    {
        // a session that left the card without a close_notify (its association expired)
        it = m_server->Find(it->first) != nullptr ? std::next(it) : m_seExported.erase(it);
    }
}

// ------------------------------------------------------------------------------------------
// Engine steps run on the executor: the work of each step is priced before its effects
// (everything below that goes through Defer) take place
// ------------------------------------------------------------------------------------------

void
DtlsSocket::SendDatagram(const Address& to, const Bytes& datagram)
{
    m_executor->ReportTransfer(0, static_cast<uint32_t>(datagram.size()));
    m_executor->Defer([this, to, datagram]() {
        if (!m_udp)
        {
            return;
        }
        Ptr<Packet> p = Create<Packet>(datagram.data(), datagram.size());
        p->AddPacketTag(m_nextTag);
        m_tx(p, to);
        if (m_session)
        {
            m_udp->Send(p);
        }
        else
        {
            m_udp->SendTo(p, 0, to);
        }
    });
}

void
DtlsSocket::OnWork(const CryptoWork& work)
{
    m_executor->Report(work);
    m_cryptoWork(work);
}

void
DtlsSocket::OnDeliver(const Address& peer, const Bytes& data)
{
    m_executor->ReportTransfer(0, static_cast<uint32_t>(data.size()));
    m_executor->Defer([this, peer, data]() {
        if (m_shutdownRecv)
        {
            return;
        }
        if (m_rxBytes + data.size() > m_rxBufferSize)
        {
            NS_LOG_WARN("DtlsSocket: receive buffer full; " << data.size() << " bytes dropped");
            return;
        }
        Ptr<Packet> p = Create<Packet>(data.data(), data.size());
        m_rxQueue.emplace_back(p, peer);
        m_rxBytes += p->GetSize();
        NotifyDataRecv();
    });
}

void
DtlsSocket::OnEvent(const Address& peer, const DtlsEvent& e)
{
    std::string key = m_session ? std::string() : PeerKey(peer);
    // Why a refusal happened is known now (the engine's table, or what Admit() found)
    DtlsRefuseReason refusal =
        e.refuseReason == DtlsRefuseReason::NOT_ADMITTED ? m_lastRefusal : e.refuseReason;
    if (e.type == DtlsEvent::HANDSHAKE_STARTED && m_server)
    {
        m_addresses[key] = peer; // an association: its address is needed beyond this step
    }
    m_executor->Defer([this, peer, key, e, refusal]() {
        switch (e.type)
        {
        case DtlsEvent::HANDSHAKE_STARTED:
            m_handshakeStarted(peer);
            break;
        case DtlsEvent::FLIGHT_SENT:
            m_nextTag = DtlsFlightTag(DtlsFlightTag::HANDSHAKE,
                                      static_cast<uint8_t>(e.flight),
                                      e.retransmission);
            m_flightSent(peer, e.flight, e.bytes, e.retransmission);
            break;
        case DtlsEvent::HELLO_VERIFY_SENT:
            m_nextTag = DtlsFlightTag(DtlsFlightTag::HELLO_VERIFY, 2, false);
            m_flightSent(peer, 2, e.bytes, false);
            break;
        case DtlsEvent::APP_DATA_SENT:
            m_nextTag = DtlsFlightTag(DtlsFlightTag::DATA, 0, false);
            m_appDataSent(peer, e.bytes);
            break;
        case DtlsEvent::ALERT_SENT:
            m_nextTag = DtlsFlightTag(DtlsFlightTag::ALERT, 0, false);
            m_alertSent(peer, dtls::AlertName(e.alertDescription));
            break;
        case DtlsEvent::HANDSHAKE_COMPLETE:
            m_stats[key] = e.stats;
            m_handshakeDone(peer, e.stats);
            if (m_session)
            {
                NotifyConnectionSucceeded();
                FlushPendingSends();
            }
            else
            {
                NotifyNewConnectionCreated(this, peer);
            }
            break;
        case DtlsEvent::HANDSHAKE_FAILED:
            m_handshakeFailed(peer, e.reason);
            ReleaseSecureElement(key);
            if (m_session)
            {
                if (!m_pendingSends.empty())
                {
                    NS_LOG_INFO("handshake failed: " << m_pendingSends.size()
                                                     << " queued datagrams dropped");
                    m_pendingSends.clear();
                }
                NotifyConnectionFailed();
            }
            break;
        case DtlsEvent::HANDSHAKE_RESTARTED:
            m_handshakeRestarted(peer);
            break;
        case DtlsEvent::RECORD_REJECTED:
            ++m_rejected[e.rejectReason];
            m_recordRejected(peer, e.rejectReason);
            break;
        case DtlsEvent::ALERT_RECEIVED:
            m_alertReceived(peer, dtls::AlertName(e.alertDescription));
            break;
        case DtlsEvent::CLOSED:
            m_closed(peer);
            m_seExported.erase(key);
            ReleaseSecureElement(key);
            break;
        case DtlsEvent::APP_DATA_RECEIVED:
            m_appDataReceived(peer, e.bytes);
            break;
        case DtlsEvent::SESSION_REFUSED:
            m_sessionRefused(peer, refusal);
            ReleaseSecureElement(key);
            break;
        case DtlsEvent::SESSION_INVALIDATED:
            m_sessionInvalidated(std::string(e.pskIdentity.begin(), e.pskIdentity.end()), e.reason);
            break;
        case DtlsEvent::ATTACK_DETECTED:
            m_attackDetected(peer, e.reason);
            break;
        }
    });
}

void
DtlsSocket::SetTimerFor(const std::string& key, Time deadline)
{
    m_executor->Defer([this, key, deadline]() {
        m_timers[key].Cancel();
        // measured from when the step's effects happen, not from when the engine ran
        m_timers[key] = Simulator::Schedule(m_executor->TimeUntil(deadline),
                                            &DtlsSocket::TimerExpired,
                                            this,
                                            key);
    });
}

void
DtlsSocket::CancelTimerFor(const std::string& key)
{
    m_executor->Defer([this, key]() {
        auto it = m_timers.find(key);
        if (it != m_timers.end())
        {
            it->second.Cancel();
            m_timers.erase(it);
        }
    });
}

void
DtlsSocket::TimerExpired(std::string key)
{
    NS_LOG_FUNCTION(this << key);
    m_timers.erase(key);
    SetStepPeer(key);
    m_executor->BeginStep();
    if (m_session)
    {
        m_session->Timeout(Simulator::Now());
    }
    else if (m_server)
    {
        m_server->Timeout(Simulator::Now(), key);
    }
    m_executor->EndStep();
    PruneServerMaps();
}

bool
DtlsSocket::Admit(const std::string& key)
{
    Address peer = AddressOf(key);
    if (m_ram && !m_ram->Admit("dtls", m_associationBytes))
    {
        m_lastRefusal = DtlsRefuseReason::RAM_BUDGET;
        return false;
    }
    if (!m_admit.IsNull() && !m_admit(peer))
    {
        m_lastRefusal = DtlsRefuseReason::ADMISSION;
        return false;
    }
    if (!NotifyConnectionRequest(peer))
    {
        m_lastRefusal = DtlsRefuseReason::APPLICATION;
        return false;
    }
    return true;
}

bool
DtlsSocket::FindClientKey(const Bytes& identity, Bytes& key, uint64_t& generation) const
{
    // The PskStore attribute, the node's DtlsPskStore, then the Psk attribute. The generation
    // says where the key came from in its two low bits, so that generations counted by two
    // stores (or the fixed Psk attribute, generation 0 of source 3) are never mistaken for
    // one another. The Psk attribute is a fixed key: re-key through a DtlsPskStore.
    Ptr<DtlsPskStore> stores[2] = {m_pskStore,
                                   m_node ? m_node->GetObject<DtlsPskStore>() : nullptr};
    for (uint64_t source = 0; source < 2; ++source)
    {
        if (stores[source] && stores[source]->LookupPsk(identity, key))
        {
            generation = (stores[source]->GetPskGeneration(identity) << 2) | (source + 1);
            return true;
        }
    }
    if (!m_pskHex.empty() && HexDecode(m_pskHex, key) && !key.empty())
    {
        generation = 3;
        return true;
    }
    return false;
}

void
DtlsSocket::PskChanged([[maybe_unused]] const std::string& identity,
                       [[maybe_unused]] bool added,
                       [[maybe_unused]] bool removed)
{
    NS_LOG_FUNCTION(this << identity << added << removed);
    if (!m_server)
    {
        return;
    }
    for (const auto& dropped : m_server->GetCache().DropStale(*m_pskStore))
    {
        std::string owner(dropped.first.begin(), dropped.first.end());
        NS_LOG_INFO("cached session of '" << owner << "' dropped: " << dropped.second);
        m_sessionInvalidated(owner, dropped.second);
    }
}

void
DtlsSocket::DisconnectPskStore()
{
    if (m_watchingPskStore && m_pskStore)
    {
        m_pskStore->TraceDisconnectWithoutContext("PskChanged",
                                                  MakeCallback(&DtlsSocket::PskChanged, this));
    }
    m_watchingPskStore = false;
}

void
DtlsSocket::FlushPendingSends()
{
    std::deque<Ptr<Packet>> pending;
    pending.swap(m_pendingSends);
    for (const auto& p : pending)
    {
        SendTo(p, 0, m_peer);
    }
}

void
DtlsSocket::HandleRead(Ptr<Socket> socket)
{
    if (!m_session && !m_server)
    {
        // Datagram semantics: a bound socket that has not connected serves whoever writes
        NS_ABORT_MSG_IF(Listen() != 0, "DtlsSocket: cannot serve on a bound socket");
    }
    Ptr<Packet> p;
    Address from;
    while ((p = socket->RecvFrom(from)))
    {
        m_rx(p, from);
        Bytes data(p->GetSize());
        p->CopyData(data.data(), data.size());
        if (m_server && m_se)
        {
            std::string key = PeerKey(from);
            if (key != m_seHolder && m_seExported.count(key) == 0)
            {
                WaitForSecureElement(key, from, data);
                continue;
            }
        }
        ReceiveDatagram(from, data);
    }
}

void
DtlsSocket::ReceiveDatagram(const Address& from, const Bytes& data)
{
    SetStepPeer(m_server ? PeerKey(from) : std::string());
    m_executor->BeginStep();
    m_executor->ReportTransfer(static_cast<uint32_t>(data.size()), 0);
    if (m_session)
    {
        m_session->Receive(Simulator::Now(), data);
    }
    else if (m_server)
    {
        m_fromKey = PeerKey(from);
        m_from = from;
        m_server->Receive(Simulator::Now(), m_fromKey, data);
        m_fromKey.clear();
    }
    m_executor->EndStep();
    PruneServerMaps();
}

// ------------------------------------------------------------------------------------------
// A server whose engine runs in a secure element: one peer at a time
// ------------------------------------------------------------------------------------------

void
DtlsSocket::SetStepPeer(const std::string& key)
{
    if (!m_executor->IsInStep())
    {
        m_stepPeer = key;
        m_stepOnCard =
            m_se && !m_seHolder.empty() && key == m_seHolder && m_seExported.count(key) == 0;
    }
}

void
DtlsSocket::WaitForSecureElement(const std::string& key, const Address& from, const Bytes& data)
{
    m_seWaiting[key] = std::make_pair(from, data); // a retransmission replaces it
    if (m_seWaitingTickets.count(key) > 0)
    {
        return;
    }
    DtlsSocket* self = this; // the card keeps no reference: see DoDispose
    uint64_t ticket = m_se->Enqueue(from, [self, key](uint64_t granted) {
        self->SecureElementGranted(key, granted);
    });
    if (ticket == 0)
    {
        NS_LOG_INFO("secure element: datagram from " << key << " refused");
        m_seWaiting.erase(key);
    }
    else if (key != m_seHolder)
    {
        m_seWaitingTickets[key] = ticket;
    }
}

void
DtlsSocket::SecureElementGranted(std::string key, uint64_t ticket)
{
    NS_LOG_FUNCTION(this << key);
    m_seWaitingTickets.erase(key);
    m_seHolder = key;
    m_seTicket = ticket;
    m_seHolderBusyUntil = Simulator::Now();
    auto w = m_seWaiting.find(key);
    if (w != m_seWaiting.end())
    {
        std::pair<Address, Bytes> datagram = std::move(w->second);
        m_seWaiting.erase(w);
        ReceiveDatagram(datagram.first, datagram.second);
    }
    // A peer that got the card but opens no association gives it back: a client that gave up
    // while it waited (UDP gives no sign of it) does not answer the card's HelloVerifyRequest.
    // A live one answers it within a round trip; the server's InitialTimeout, counted from
    // when the card's answer is out, is the wait RFC 6347 gives a flight's answer.
    Time guard = m_seHolderBusyUntil - Simulator::Now() + m_initialTimeout;
    Simulator::Schedule(guard, &DtlsSocket::CheckSecureElementHolder, Ptr<DtlsSocket>(this), key);
}

void
DtlsSocket::ReleaseSecureElement(std::string key, bool startNext)
{
    if (!m_se)
    {
        return;
    }
    if (!m_seHolder.empty() && key == m_seHolder)
    {
        uint64_t ticket = m_seTicket;
        m_seHolder.clear();
        m_seTicket = 0;
        m_se->Release(ticket, startNext);
        return;
    }
    auto t = m_seWaitingTickets.find(key);
    if (t != m_seWaitingTickets.end())
    {
        uint64_t ticket = t->second;
        m_seWaitingTickets.erase(t);
        m_seWaiting.erase(key);
        m_se->Release(ticket, startNext);
    }
}

void
DtlsSocket::CheckSecureElementHolder(std::string key)
{
    if (!m_seHolder.empty() && m_seHolder == key && m_server && !m_server->Find(key))
    {
        NS_LOG_INFO("secure element: " << key << " opened no association; card released");
        ReleaseSecureElement(key);
    }
}

void
DtlsSocket::DropSecureElement()
{
    if (!m_se)
    {
        return;
    }
    while (!m_seWaitingTickets.empty())
    {
        ReleaseSecureElement(m_seWaitingTickets.begin()->first, false);
    }
    if (!m_seHolder.empty())
    {
        ReleaseSecureElement(m_seHolder, false);
    }
}

Time
DtlsSocket::PriceStep(const std::vector<CryptoWork>& work, uint32_t in, uint32_t out)
{
    bool onCard = m_stepOnCard;
    m_stepOnCard = false; // the next step says whose it is
    if (!onCard || !m_se)
    {
        Ptr<CpuModel> cpu = m_node ? m_node->GetObject<CpuModel>() : nullptr;
        Time done = cpu ? cpu->Submit(work) : Time(0);
        // A session exported from the card is the host's once its keys are out: what a
        // datagram of that peer that arrives earlier (a retransmitted flight) leads to waits
        // for them. Its work (checking the duplicate) is charged to the host's CPU now rather
        // than held in its FIFO, where it would block the host's other jobs.
        auto exported = m_seExported.find(m_stepPeer);
        if (m_se && exported != m_seExported.end() && exported->second > Simulator::Now())
        {
            done = std::max(done, exported->second - Simulator::Now());
        }
        return done;
    }
    std::string key = m_seHolder;
    if (m_se->IsExportingSessions() && m_server && m_seExported.count(key) == 0 &&
        IsEstablished(AddressOf(key)))
    {
        // the handshake's last step: the session's keys leave the card with its answer,
        // and the card is free once they are out
        Time done = m_se->PriceStep(work, in, out + m_se->GetExportBytes());
        m_seExported[key] = Simulator::Now() + done;
        m_seHolderBusyUntil = Simulator::Now() + done;
        Simulator::Schedule(done,
                            &DtlsSocket::ReleaseSecureElement,
                            Ptr<DtlsSocket>(this),
                            key,
                            true);
        return done;
    }
    Time done = m_se->PriceStep(work, in, out);
    m_seHolderBusyUntil = Simulator::Now() + done;
    return done;
}

// ------------------------------------------------------------------------------------------
// DtlsSocketFactory
// ------------------------------------------------------------------------------------------

TypeId
DtlsSocketFactory::GetTypeId()
{
    static TypeId tid = TypeId("ns3::DtlsSocketFactory")
                            .SetParent<SocketFactory>()
                            .SetGroupName("Iotsec")
                            .AddConstructor<DtlsSocketFactory>();
    return tid;
}

DtlsSocketFactory::DtlsSocketFactory()
{
    m_factory.SetTypeId(DtlsSocket::GetTypeId());
}

Ptr<Socket>
DtlsSocketFactory::CreateSocket()
{
    Ptr<Node> node = GetObject<Node>();
    NS_ABORT_MSG_UNLESS(node, "DtlsSocketFactory: not aggregated to a node");
    Ptr<DtlsSocket> socket = m_factory.Create<DtlsSocket>();
    socket->SetNode(node);
    return socket;
}

void
DtlsSocketFactory::SetSocketAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

} // namespace ns3
