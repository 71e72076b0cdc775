/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dtls-tunnel.h"

#include "dtls-tamper.h"

#include "ns3/address-utils.h"
#include "ns3/dtls-socket.h"
#include "ns3/enum.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/iotsec-compat.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/string.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DtlsTunnel");

NS_OBJECT_ENSURE_REGISTERED(DtlsTunnelSocket);
NS_OBJECT_ENSURE_REGISTERED(DtlsTunnelSocketFactory);
NS_OBJECT_ENSURE_REGISTERED(DtlsTunnelApplication);

namespace
{

/**
 * \param peer an Inet6SocketAddress
 * \param payload a datagram
 * \return the tunnel header and the datagram
 */
Ptr<Packet>
Encapsulate(const Inet6SocketAddress& peer, Ptr<const Packet> payload)
{
    uint8_t header[DTLS_TUNNEL_HEADER_BYTES];
    peer.GetIpv6().Serialize(header);
    header[16] = static_cast<uint8_t>(peer.GetPort() >> 8);
    header[17] = static_cast<uint8_t>(peer.GetPort());
    Ptr<Packet> p = Create<Packet>(header, DTLS_TUNNEL_HEADER_BYTES);
    p->AddAtEnd(payload);
    return p;
}

/**
 * \param p a tunnelled datagram (its header is removed)
 * \param[out] peer the address in its header
 * \return false if it is shorter than the header
 */
bool
Decapsulate(Ptr<Packet> p, Inet6SocketAddress& peer)
{
    if (p->GetSize() < DTLS_TUNNEL_HEADER_BYTES)
    {
        return false;
    }
    uint8_t header[DTLS_TUNNEL_HEADER_BYTES];
    p->CopyData(header, DTLS_TUNNEL_HEADER_BYTES);
    p->RemoveAtStart(DTLS_TUNNEL_HEADER_BYTES);
    peer = Inet6SocketAddress(Ipv6Address::Deserialize(header),
                              static_cast<uint16_t>((header[16] << 8) | header[17]));
    return true;
}

} // namespace

// ------------------------------------------------------------------------------------------
// The back-end's end
// ------------------------------------------------------------------------------------------

TypeId
DtlsTunnelSocket::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::DtlsTunnelSocket")
            .SetParent<Socket>()
            .SetGroupName("Iotsec")
            .AddConstructor<DtlsTunnelSocket>()
            .AddAttribute("Gateway",
                          "The border router's tunnel endpoint (its outer DTLS server).",
                          AddressValue(),
                          MakeAddressAccessor(&DtlsTunnelSocket::m_gateway),
                          MakeAddressChecker())
            .AddAttribute("OuterPskIdentity",
                          "The PSK identity of the outer session (its key is looked up in "
                          "the node's DtlsPskStore).",
                          StringValue(""),
                          MakeStringAccessor(&DtlsTunnelSocket::m_outerIdentity),
                          MakeStringChecker())
            .AddAttribute("RcvBufSize",
                          "Inner datagrams buffered for the application (bytes).",
                          UintegerValue(131072),
                          MakeUintegerAccessor(&DtlsTunnelSocket::m_maxRxBytes),
                          MakeUintegerChecker<uint32_t>());
    return tid;
}

DtlsTunnelSocket::DtlsTunnelSocket()
    : m_errno(ERROR_NOTERROR)
{
}

DtlsTunnelSocket::~DtlsTunnelSocket() = default;

void
DtlsTunnelSocket::DoDispose()
{
    m_outer = nullptr;
    m_node = nullptr;
    m_rx.clear();
    Socket::DoDispose();
}

void
DtlsTunnelSocket::SetNode(Ptr<Node> node)
{
    m_node = node;
}

Ptr<DtlsSocket>
DtlsTunnelSocket::GetOuterSocket() const
{
    return m_outer;
}

enum Socket::SocketErrno
DtlsTunnelSocket::GetErrno() const
{
    return m_errno;
}

enum Socket::SocketType
DtlsTunnelSocket::GetSocketType() const
{
    return NS3_SOCK_DGRAM;
}

Ptr<Node>
DtlsTunnelSocket::GetNode() const
{
    return m_node;
}

int
DtlsTunnelSocket::Open()
{
    if (m_outer)
    {
        m_errno = ERROR_INVAL;
        return -1;
    }
    NS_ABORT_MSG_UNLESS(Inet6SocketAddress::IsMatchingType(m_gateway),
                        "DtlsTunnelSocket: set Gateway (an Inet6SocketAddress)");
    NS_ABORT_MSG_IF(m_outerIdentity.empty(), "DtlsTunnelSocket: set OuterPskIdentity");
    m_outer = CreateObject<DtlsSocket>();
    m_outer->SetNode(m_node);
    m_outer->SetAttribute("PskIdentity", StringValue(m_outerIdentity));
    if (m_outer->Bind6() != 0)
    {
        m_errno = m_outer->GetErrno();
        m_outer = nullptr;
        return -1;
    }
    m_outer->SetRecvCallback(MakeCallback(&DtlsTunnelSocket::OuterRead, this));
    return 0;
}

int
DtlsTunnelSocket::Bind(const Address& /* address */)
{
    return Open(); // the inner socket's address is the outer one's
}

int
DtlsTunnelSocket::Bind()
{
    return Open();
}

int
DtlsTunnelSocket::Bind6()
{
    return Open();
}

int
DtlsTunnelSocket::Close()
{
    if (m_outer)
    {
        m_outer->Close();
    }
    return 0;
}

int
DtlsTunnelSocket::ShutdownSend()
{
    return 0;
}

int
DtlsTunnelSocket::ShutdownRecv()
{
    return 0;
}

int
DtlsTunnelSocket::Connect(const Address& address)
{
    if (!Inet6SocketAddress::IsMatchingType(address))
    {
        m_errno = ERROR_AFNOSUPPORT;
        return -1;
    }
    m_peer = address;
    m_connected = true;
    return 0;
}

int
DtlsTunnelSocket::Listen()
{
    m_errno = ERROR_OPNOTSUPP;
    return -1;
}

uint32_t
DtlsTunnelSocket::GetTxAvailable() const
{
    return 16384 - DTLS_TUNNEL_HEADER_BYTES;
}

int
DtlsTunnelSocket::Send(Ptr<Packet> p, uint32_t flags)
{
    if (!m_connected)
    {
        m_errno = ERROR_NOTCONN;
        return -1;
    }
    return SendTo(p, flags, m_peer);
}

int
DtlsTunnelSocket::SendTo(Ptr<Packet> p, uint32_t flags, const Address& toAddress)
{
    if (!m_outer && Open() != 0)
    {
        return -1;
    }
    if (!Inet6SocketAddress::IsMatchingType(toAddress))
    {
        m_errno = ERROR_AFNOSUPPORT;
        return -1;
    }
    if (m_outer->SendTo(Encapsulate(Inet6SocketAddress::ConvertFrom(toAddress), p),
                        flags,
                        m_gateway) < 0)
    {
        m_errno = m_outer->GetErrno();
        return -1;
    }
    return static_cast<int>(p->GetSize());
}

void
DtlsTunnelSocket::OuterRead(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> p = socket->RecvFrom(from))
    {
        Inet6SocketAddress inner(Ipv6Address::GetAny(), 0);
        if (!Decapsulate(p, inner))
        {
            NS_LOG_WARN("DtlsTunnelSocket: a tunnelled datagram without its header, dropped");
            continue;
        }
        if (m_rxBytes + p->GetSize() > m_maxRxBytes)
        {
            NS_LOG_WARN("DtlsTunnelSocket: receive buffer full, datagram dropped");
            continue;
        }
        m_rxBytes += p->GetSize();
        m_rx.emplace_back(p, inner);
        NotifyDataRecv();
    }
}

uint32_t
DtlsTunnelSocket::GetRxAvailable() const
{
    return m_rx.empty() ? 0 : m_rx.front().first->GetSize();
}

Ptr<Packet>
DtlsTunnelSocket::Recv(uint32_t maxSize, uint32_t flags)
{
    Address from;
    return RecvFrom(maxSize, flags, from);
}

Ptr<Packet>
DtlsTunnelSocket::RecvFrom(uint32_t /* maxSize */, uint32_t /* flags */, Address& fromAddress)
{
    if (m_rx.empty())
    {
        return nullptr;
    }
    Ptr<Packet> p = m_rx.front().first;
    fromAddress = m_rx.front().second;
    m_rxBytes -= p->GetSize();
    m_rx.pop_front();
    return p;
}

int
DtlsTunnelSocket::GetSockName(Address& address) const
{
    if (!m_outer)
    {
        m_errno = ERROR_NOTCONN;
        return -1;
    }
    return m_outer->GetSockName(address);
}

int
DtlsTunnelSocket::GetPeerName(Address& address) const
{
    if (!m_connected)
    {
        m_errno = ERROR_NOTCONN;
        return -1;
    }
    address = m_peer;
    return 0;
}

bool
DtlsTunnelSocket::SetAllowBroadcast(bool allowBroadcast)
{
    return !allowBroadcast;
}

bool
DtlsTunnelSocket::GetAllowBroadcast() const
{
    return false;
}

TypeId
DtlsTunnelSocketFactory::GetTypeId()
{
    static TypeId tid = TypeId("ns3::DtlsTunnelSocketFactory")
                            .SetParent<SocketFactory>()
                            .SetGroupName("Iotsec")
                            .AddConstructor<DtlsTunnelSocketFactory>();
    return tid;
}

DtlsTunnelSocketFactory::DtlsTunnelSocketFactory()
{
    m_factory.SetTypeId(DtlsTunnelSocket::GetTypeId());
}

Ptr<Socket>
DtlsTunnelSocketFactory::CreateSocket()
{
    Ptr<Node> node = GetObject<Node>();
    NS_ABORT_MSG_UNLESS(node, "DtlsTunnelSocketFactory: not aggregated to a node");
    Ptr<DtlsTunnelSocket> socket = m_factory.Create<DtlsTunnelSocket>();
    socket->SetNode(node);
    return socket;
}

void
DtlsTunnelSocketFactory::SetSocketAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

// ------------------------------------------------------------------------------------------
// The border router's end
// ------------------------------------------------------------------------------------------

TypeId
DtlsTunnelApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::DtlsTunnelApplication")
            .SetParent<Application>()
            .SetGroupName("Iotsec")
            .AddConstructor<DtlsTunnelApplication>()
            .AddAttribute("Port",
                          "The outer DTLS server's UDP port.",
                          UintegerValue(5685),
                          MakeUintegerAccessor(&DtlsTunnelApplication::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("MaxTunnels",
                          "Back-ends served at once (each has a UDP socket towards the nodes).",
                          UintegerValue(64),
                          MakeUintegerAccessor(&DtlsTunnelApplication::m_maxTunnels),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("Tamper",
                          "A tampering router: the field it corrupts in every inner datagram.",
                          EnumValue(TAMPER_NONE),
                          iotsec_compat::MakeEnumAccessor<TlsDtlsTamperField>(
                              &DtlsTunnelApplication::m_tamper),
                          MakeTlsDtlsTamperFieldChecker())
            .AddTraceSource("Drop",
                            "A tunnelled datagram was dropped (back-end, reason: no tunnel "
                            "header, too many tunnels).",
                            MakeTraceSourceAccessor(&DtlsTunnelApplication::m_drop),
                            "ns3::DtlsTunnelApplication::DropTracedCallback");
    return tid;
}

DtlsTunnelApplication::DtlsTunnelApplication() = default;

DtlsTunnelApplication::~DtlsTunnelApplication() = default;

void
DtlsTunnelApplication::DoDispose()
{
    m_outer = nullptr;
    m_toNodes.clear();
    m_backEnds.clear();
    Application::DoDispose();
}

uint64_t
DtlsTunnelApplication::GetForwarded() const
{
    return m_forwarded;
}

uint64_t
DtlsTunnelApplication::GetReturned() const
{
    return m_returned;
}

Ptr<DtlsSocket>
DtlsTunnelApplication::GetOuterSocket() const
{
    return m_outer;
}

uint32_t
DtlsTunnelApplication::GetTampered() const
{
    return m_tampered;
}

Ptr<Packet>
DtlsTunnelApplication::MaybeTamper(Ptr<Packet> p)
{
    if (m_tamper == TAMPER_NONE)
    {
        return p;
    }
    Bytes bytes(p->GetSize());
    p->CopyData(bytes.data(), bytes.size());
    if (!TamperDtlsDatagram(m_tamper, bytes))
    {
        return p;
    }
    ++m_tampered;
    return Create<Packet>(bytes.data(), bytes.size());
}

void
DtlsTunnelApplication::StartApplication()
{
    m_outer = CreateObject<DtlsSocket>();
    m_outer->SetNode(GetNode());
    NS_ABORT_MSG_UNLESS(m_outer->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), m_port)) == 0 &&
                            m_outer->Listen() == 0,
                        "DtlsTunnelApplication: cannot serve DTLS on port " << m_port);
    m_outer->SetRecvCallback(MakeCallback(&DtlsTunnelApplication::OuterRead, this));
}

void
DtlsTunnelApplication::StopApplication()
{
    if (m_outer)
    {
        m_outer->Close();
    }
    for (auto& t : m_toNodes)
    {
        t.second->Close();
    }
}

void
DtlsTunnelApplication::OuterRead(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> p = socket->RecvFrom(from))
    {
        Inet6SocketAddress node(Ipv6Address::GetAny(), 0);
        if (!Decapsulate(p, node))
        {
            m_drop(from, "no tunnel header");
            continue;
        }
        auto it = m_toNodes.find(from);
        if (it == m_toNodes.end())
        {
            if (m_toNodes.size() >= m_maxTunnels)
            {
                m_drop(from, "too many tunnels");
                continue;
            }
            Ptr<Socket> udp = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
            udp->Bind6();
            udp->SetRecvCallback(MakeCallback(&DtlsTunnelApplication::NodeRead, this));
            it = m_toNodes.emplace(from, udp).first;
            m_backEnds[udp] = from;
        }
        ++m_forwarded;
        it->second->SendTo(MaybeTamper(p), 0, node);
    }
}

void
DtlsTunnelApplication::NodeRead(Ptr<Socket> socket)
{
    auto it = m_backEnds.find(socket);
    Address from;
    while (Ptr<Packet> p = socket->RecvFrom(from))
    {
        if (it == m_backEnds.end() || !Inet6SocketAddress::IsMatchingType(from))
        {
            continue;
        }
        ++m_returned;
        m_outer->SendTo(Encapsulate(Inet6SocketAddress::ConvertFrom(from), MaybeTamper(p)),
                        0,
                        it->second);
    }
}

} // namespace ns3
