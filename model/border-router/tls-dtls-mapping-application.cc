/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-dtls-mapping-application.h"

#include "dtls-tamper.h"

#include "ns3/enum.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/iotsec-compat.h"
#include "ns3/ipv6-address.h"
#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/ram-model.h"
#include "ns3/simulator.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TlsDtlsMappingApplication");

NS_OBJECT_ENSURE_REGISTERED(TlsDtlsMappingApplication);

/// One mapped connection: TCP to the client, UDP to the node, and the mapper between
class TlsDtlsMappingApplication::Connection : public TlsDtlsMapperListener
{
  public:
    /**
     * \param app the application
     * \param tcp the accepted connection
     * \param udp a UDP socket connected to the node
     * \param client the client's address
     * \param config the mapper's configuration
     */
    Connection(TlsDtlsMappingApplication* app,
               Ptr<Socket> tcp,
               Ptr<Socket> udp,
               const Address& client,
               const TlsDtlsMapperConfig& config)
        : m_app(app),
          m_tcp(tcp),
          m_udp(udp),
          client(client),
          mapper(config, *this)
    {
        m_tcp->SetRecvCallback(MakeCallback(&Connection::TcpReceive, this));
        m_tcp->SetSendCallback(MakeCallback(&Connection::TcpSpace, this));
        m_tcp->SetCloseCallbacks(MakeCallback(&Connection::TcpClosed, this),
                                 MakeCallback(&Connection::TcpClosed, this));
        m_udp->SetRecvCallback(MakeCallback(&Connection::UdpReceive, this));
    }

    ~Connection() override
    {
        Release(false);
    }

    /**
     * \brief Forget the timer and the sockets.
     * \param close close them first (not when the node's stack is being disposed)
     */
    void Release(bool close)
    {
        m_timer.Cancel();
        if (m_tcp)
        {
            m_tcp->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
            m_tcp->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                     MakeNullCallback<void, Ptr<Socket>>());
            if (close)
            {
                m_tcp->Close();
            }
            m_tcp = nullptr;
        }
        if (m_udp)
        {
            m_udp->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
            if (close)
            {
                m_udp->Close();
            }
            m_udp = nullptr;
        }
    }

    void MapperToNode(const Bytes& datagram) override
    {
        if (m_udp)
        {
            m_udp->Send(Create<Packet>(datagram.data(), datagram.size()));
        }
    }

    void MapperToTls(const Bytes& bytes) override
    {
        m_pending.insert(m_pending.end(), bytes.begin(), bytes.end());
        Flush();
    }

    void MapperSetTimer(Time deadline) override
    {
        m_timer.Cancel();
        m_timer = Simulator::Schedule(deadline - Simulator::Now(),
                                      [this]() { mapper.Timeout(Simulator::Now()); });
    }

    void MapperCancelTimer() override
    {
        m_timer.Cancel();
    }

    void MapperFailed(const std::string& reason) override
    {
        // after this call returns: the mapper is still running
        Simulator::ScheduleNow(&TlsDtlsMappingApplication::Done, m_app, this, reason);
    }

  private:
    void TcpReceive(Ptr<Socket> socket)
    {
        while (Ptr<Packet> p = socket->Recv())
        {
            if (p->GetSize() == 0)
            {
                break;
            }
            Bytes bytes(p->GetSize());
            p->CopyData(bytes.data(), bytes.size());
            mapper.FromTls(Simulator::Now(), bytes);
        }
    }

    void UdpReceive(Ptr<Socket> socket)
    {
        while (Ptr<Packet> p = socket->Recv())
        {
            Bytes bytes(p->GetSize());
            p->CopyData(bytes.data(), bytes.size());
            mapper.FromNode(Simulator::Now(), bytes);
        }
    }

    void TcpSpace(Ptr<Socket>, uint32_t)
    {
        Flush();
    }

    void TcpClosed(Ptr<Socket>)
    {
        Simulator::ScheduleNow(&TlsDtlsMappingApplication::Done, m_app, this, std::string());
    }

    void Flush()
    {
        while (m_tcp && !m_pending.empty())
        {
            uint32_t n = std::min<uint32_t>(m_tcp->GetTxAvailable(),
                                            static_cast<uint32_t>(m_pending.size()));
            if (n == 0)
            {
                break;
            }
            int sent = m_tcp->Send(Create<Packet>(m_pending.data(), n));
            if (sent <= 0)
            {
                break;
            }
            m_pending.erase(m_pending.begin(), m_pending.begin() + sent);
        }
    }

    TlsDtlsMappingApplication* m_app; //!< the application
    Ptr<Socket> m_tcp;                //!< to the client
    Ptr<Socket> m_udp;                //!< to the node
    Bytes m_pending;                  //!< bytes TCP could not take yet
    EventId m_timer;                  //!< the mapper's deadline

  public:
    Address client;       //!< the client
    TlsDtlsMapper mapper; //!< the engine
};

TypeId
TlsDtlsMappingApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TlsDtlsMappingApplication")
            .SetParent<Application>()
            .SetGroupName("Iotsec")
            .AddConstructor<TlsDtlsMappingApplication>()
            .AddAttribute("Port",
                          "TCP port TLS clients connect to.",
                          UintegerValue(443),
                          MakeUintegerAccessor(&TlsDtlsMappingApplication::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("NodeAddress",
                          "The node the connections are mapped to.",
                          Ipv6AddressValue(),
                          MakeIpv6AddressAccessor(&TlsDtlsMappingApplication::m_nodeAddress),
                          MakeIpv6AddressChecker())
            .AddAttribute("NodePort",
                          "The node's DTLS port.",
                          UintegerValue(5684),
                          MakeUintegerAccessor(&TlsDtlsMappingApplication::m_nodePort),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("Mtu",
                          "Largest datagram towards the node: handshake messages are "
                          "fragmented to fit (the ClientHello excepted).",
                          UintegerValue(1232),
                          MakeUintegerAccessor(&TlsDtlsMappingApplication::m_mtu),
                          MakeUintegerChecker<uint32_t>(64))
            .AddAttribute("InitialTimeout",
                          "RFC 6347 timer for the client's handshake flights in the LLN.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&TlsDtlsMappingApplication::m_initialTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("MaxTimeout",
                          "The timer doubles up to this value.",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&TlsDtlsMappingApplication::m_maxTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("MaxRetransmissions",
                          "Flights re-sent towards the node before the connection is given up.",
                          UintegerValue(7),
                          MakeUintegerAccessor(&TlsDtlsMappingApplication::m_maxRetransmissions),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Tamper",
                          "A tampering router: the mapped field it corrupts.",
                          EnumValue(TAMPER_NONE),
                          iotsec_compat::MakeEnumAccessor<TlsDtlsTamperField>(
                              &TlsDtlsMappingApplication::m_tamper),
                          MakeTlsDtlsTamperFieldChecker())
            .AddAttribute("TamperConnection",
                          "Which connection (from 0, in the order accepted) is tampered with.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&TlsDtlsMappingApplication::m_tamperConnection),
                          MakeUintegerChecker<uint32_t>())
            .AddTraceSource(
                "ConnectionAccepted",
                "A TLS client connected (client).",
                MakeTraceSourceAccessor(&TlsDtlsMappingApplication::m_connectionAccepted),
                "ns3::Address::TracedCallback")
            .AddTraceSource("MappingFailed",
                            "A connection's mapping failed and was closed (client, reason).",
                            MakeTraceSourceAccessor(&TlsDtlsMappingApplication::m_mappingFailed),
                            "ns3::TlsDtlsMappingApplication::FailedTracedCallback");
    return tid;
}

TlsDtlsMappingApplication::TlsDtlsMappingApplication()
{
    NS_LOG_FUNCTION(this);
}

TlsDtlsMappingApplication::~TlsDtlsMappingApplication()
{
    NS_LOG_FUNCTION(this);
}

void
TlsDtlsMappingApplication::DoDispose()
{
    m_connections.clear();
    m_listener = nullptr;
    if (m_ram)
    {
        m_ram->RemoveHolder(m_ramHolder);
        m_ram = nullptr;
    }
    Application::DoDispose();
}

void
TlsDtlsMappingApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(m_nodeAddress.IsAny(),
                    "TlsDtlsMappingApplication: set NodeAddress (the node to map to)");
    m_listener = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
    NS_ABORT_MSG_UNLESS(m_listener->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), m_port)) == 0 &&
                            m_listener->Listen() == 0,
                        "TlsDtlsMappingApplication: cannot listen on TCP port " << m_port);
    m_listener->SetAcceptCallback(MakeCallback(&TlsDtlsMappingApplication::ConnectionRequest, this),
                                  MakeCallback(&TlsDtlsMappingApplication::Accepted, this));
    Ptr<RamModel> ram = GetNode()->GetObject<RamModel>();
    if (ram && !m_ram)
    {
        m_ram = ram;
        m_ramHolder = ram->AddHolder("tls-dtls-mapping",
                                     MakeCallback(&TlsDtlsMappingApplication::GetStateBytes, this));
    }
}

void
TlsDtlsMappingApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    if (m_listener)
    {
        m_listener->Close();
        m_listener = nullptr;
    }
    for (auto& c : m_connections)
    {
        c.second->Release(true);
    }
}

bool
TlsDtlsMappingApplication::ConnectionRequest(Ptr<Socket>, const Address&)
{
    return true;
}

void
TlsDtlsMappingApplication::Accepted(Ptr<Socket> socket, const Address& from)
{
    NS_LOG_FUNCTION(this << socket << from);
    Ptr<Socket> udp = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    udp->Bind6();
    udp->Connect(Inet6SocketAddress(m_nodeAddress, m_nodePort));
    TlsDtlsMapperConfig config;
    config.mtu = m_mtu;
    config.initialTimeout = m_initialTimeout;
    config.maxTimeout = m_maxTimeout;
    config.maxRetransmissions = m_maxRetransmissions;
    auto connection = std::make_unique<Connection>(this, socket, udp, from, config);
    if (m_accepted == m_tamperConnection)
    {
        connection->mapper.SetTamper(m_tamper);
    }
    ++m_accepted;
    m_connectionAccepted(from);
    Connection* key = connection.get();
    m_connections[key] = std::move(connection);
}

void
TlsDtlsMappingApplication::Done(Connection* connection, const std::string& reason)
{
    auto it = m_connections.find(connection);
    if (it == m_connections.end())
    {
        return;
    }
    const TlsDtlsMapper& m = it->second->mapper;
    m_headerState = std::max(m_headerState, m.GetHeaderStateBytes());
    m_buffered = std::max(m_buffered, m.GetBufferedBytes());
    m_retransmissions += m.GetRetransmissions();
    m_toNode += m.GetRecordsToNode();
    m_toTls += m.GetRecordsToTls();
    if (!reason.empty())
    {
        ++m_failures;
        m_mappingFailed(it->second->client, reason);
    }
    it->second->Release(true);
    m_connections.erase(it);
}

uint32_t
TlsDtlsMappingApplication::GetConnections() const
{
    return m_accepted;
}

uint32_t
TlsDtlsMappingApplication::GetFailures() const
{
    return m_failures;
}

uint32_t
TlsDtlsMappingApplication::GetHeaderStateBytes() const
{
    uint32_t bytes = m_headerState;
    for (const auto& c : m_connections)
    {
        bytes = std::max(bytes, c.second->mapper.GetHeaderStateBytes());
    }
    return bytes;
}

uint32_t
TlsDtlsMappingApplication::GetMaxBufferedBytes() const
{
    uint32_t bytes = m_buffered;
    for (const auto& c : m_connections)
    {
        bytes = std::max(bytes, c.second->mapper.GetBufferedBytes());
    }
    return bytes;
}

uint32_t
TlsDtlsMappingApplication::GetStateBytes() const
{
    uint64_t bytes = 0;
    for (const auto& c : m_connections)
    {
        bytes += c.second->mapper.GetHeaderStateBytes() + c.second->mapper.GetBufferedBytes();
    }
    return static_cast<uint32_t>(std::min<uint64_t>(bytes, UINT32_MAX));
}

uint32_t
TlsDtlsMappingApplication::GetRetransmissions() const
{
    uint32_t n = m_retransmissions;
    for (const auto& c : m_connections)
    {
        n += c.second->mapper.GetRetransmissions();
    }
    return n;
}

uint64_t
TlsDtlsMappingApplication::GetRecordsToNode() const
{
    uint64_t n = m_toNode;
    for (const auto& c : m_connections)
    {
        n += c.second->mapper.GetRecordsToNode();
    }
    return n;
}

uint64_t
TlsDtlsMappingApplication::GetRecordsToTls() const
{
    uint64_t n = m_toTls;
    for (const auto& c : m_connections)
    {
        n += c.second->mapper.GetRecordsToTls();
    }
    return n;
}

} // namespace ns3
