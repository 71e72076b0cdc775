/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dtls-client-application.h"

#include "ns3/abort.h"
#include "ns3/address.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DtlsClientApplication");

NS_OBJECT_ENSURE_REGISTERED(DtlsClientApplication);

TypeId
DtlsClientApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::DtlsClientApplication")
            .SetParent<Application>()
            .SetGroupName("Iotsec")
            .AddConstructor<DtlsClientApplication>()
            .AddAttribute("Remote",
                          "The server's address and port (Inet6SocketAddress).",
                          AddressValue(),
                          MakeAddressAccessor(&DtlsClientApplication::m_remote),
                          MakeAddressChecker())
            .AddAttribute("MaxPackets",
                          "Datagrams of application data to send after the handshake.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&DtlsClientApplication::m_maxPackets),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Interval",
                          "Time between datagrams.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&DtlsClientApplication::m_interval),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("PacketSize",
                          "Application data per datagram, in bytes (at least 4).",
                          UintegerValue(32),
                          MakeUintegerAccessor(&DtlsClientApplication::m_size),
                          MakeUintegerChecker<uint32_t>(4, 16384))
            .AddTraceSource("HandshakeStarted",
                            "A handshake began (peer).",
                            MakeTraceSourceAccessor(&DtlsClientApplication::m_handshakeStarted),
                            "ns3::DtlsSocket::PeerTracedCallback")
            .AddTraceSource("HandshakeCompleted",
                            "The handshake completed (peer, figures).",
                            MakeTraceSourceAccessor(&DtlsClientApplication::m_handshakeDone),
                            "ns3::DtlsSocket::HandshakeTracedCallback")
            .AddTraceSource("HandshakeFailed",
                            "The handshake failed (peer, reason).",
                            MakeTraceSourceAccessor(&DtlsClientApplication::m_handshakeFailed),
                            "ns3::DtlsSocket::ReasonTracedCallback")
            .AddTraceSource("HandshakeRestarted",
                            "The handshake restarted after a loss (peer).",
                            MakeTraceSourceAccessor(&DtlsClientApplication::m_handshakeRestarted),
                            "ns3::DtlsSocket::PeerTracedCallback")
            .AddTraceSource("FlightSent",
                            "A flight was sent (peer, flight, bytes, retransmission).",
                            MakeTraceSourceAccessor(&DtlsClientApplication::m_flightSent),
                            "ns3::DtlsSocket::FlightTracedCallback")
            .AddTraceSource("RecordRejected",
                            "A received record was discarded (peer, DtlsRejectReason).",
                            MakeTraceSourceAccessor(&DtlsClientApplication::m_recordRejected),
                            "ns3::DtlsSocket::RejectTracedCallback")
            .AddTraceSource("SessionRefused",
                            "Connect() was refused: the node's RAM budget cannot hold another "
                            "association (peer, DtlsRefuseReason).",
                            MakeTraceSourceAccessor(&DtlsClientApplication::m_sessionRefused),
                            "ns3::DtlsSocket::RefuseTracedCallback")
            .AddTraceSource("SessionInvalidated",
                            "The resumption ticket was not offered because its key changed "
                            "(PSK identity, reason).",
                            MakeTraceSourceAccessor(&DtlsClientApplication::m_sessionInvalidated),
                            "ns3::DtlsSocket::SessionInvalidatedTracedCallback")
            .AddTraceSource("EchoRtt",
                            "A datagram came back; its round-trip time.",
                            MakeTraceSourceAccessor(&DtlsClientApplication::m_echoRtt),
                            "ns3::Time::TracedCallback");
    return tid;
}

DtlsClientApplication::DtlsClientApplication()
    : m_maxPackets(1),
      m_interval(Seconds(1)),
      m_size(32)
{
}

DtlsClientApplication::~DtlsClientApplication() = default;

void
DtlsClientApplication::SetSocketAttribute(const std::string& name, const AttributeValue& value)
{
    m_socketAttributes.emplace_back(name, value.Copy());
}

Ptr<DtlsSocket>
DtlsClientApplication::GetSocket() const
{
    return m_socket;
}

bool
DtlsClientApplication::IsEstablished() const
{
    return m_established;
}

bool
DtlsClientApplication::HasFailed() const
{
    return m_failed;
}

std::vector<Time>
DtlsClientApplication::GetEchoRtts() const
{
    return m_rtts;
}

uint32_t
DtlsClientApplication::GetSent() const
{
    return m_sent;
}

int64_t
DtlsClientApplication::AssignStreams(int64_t stream)
{
    m_stream = stream;
    return 1;
}

void
DtlsClientApplication::DoDispose()
{
    m_sendEvent.Cancel();
    m_socket = nullptr;
    Application::DoDispose();
}

void
DtlsClientApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(m_remote.IsInvalid(), "DtlsClientApplication: Remote is not set");
    m_socket = CreateObject<DtlsSocket>();
    m_socket->SetNode(GetNode());
    for (const auto& a : m_socketAttributes)
    {
        m_socket->SetAttribute(a.first, *a.second);
    }
    if (m_stream >= 0)
    {
        m_socket->AssignStreams(m_stream);
    }
    m_socket->TraceConnectWithoutContext(
        "HandshakeStarted",
        MakeCallback(&TracedCallback<const Address&>::operator(), &m_handshakeStarted));
    m_socket->TraceConnectWithoutContext(
        "HandshakeCompleted",
        MakeCallback(&TracedCallback<const Address&, const DtlsHandshakeStats&>::operator(),
                     &m_handshakeDone));
    m_socket->TraceConnectWithoutContext(
        "HandshakeFailed",
        MakeCallback(&TracedCallback<const Address&, const std::string&>::operator(),
                     &m_handshakeFailed));
    m_socket->TraceConnectWithoutContext(
        "HandshakeRestarted",
        MakeCallback(&TracedCallback<const Address&>::operator(), &m_handshakeRestarted));
    m_socket->TraceConnectWithoutContext(
        "FlightSent",
        MakeCallback(&TracedCallback<const Address&, uint32_t, uint32_t, bool>::operator(),
                     &m_flightSent));
    m_socket->TraceConnectWithoutContext(
        "RecordRejected",
        MakeCallback(&TracedCallback<const Address&, DtlsRejectReason>::operator(),
                     &m_recordRejected));
    m_socket->TraceConnectWithoutContext(
        "SessionRefused",
        MakeCallback(&TracedCallback<const Address&, DtlsRefuseReason>::operator(),
                     &m_sessionRefused));
    m_socket->TraceConnectWithoutContext(
        "SessionInvalidated",
        MakeCallback(&TracedCallback<const std::string&, const std::string&>::operator(),
                     &m_sessionInvalidated));
    m_socket->SetConnectCallback(MakeCallback(&DtlsClientApplication::Connected, this),
                                 MakeCallback(&DtlsClientApplication::ConnectionFailed, this));
    m_socket->SetRecvCallback(MakeCallback(&DtlsClientApplication::HandleRead, this));
    NS_ABORT_MSG_IF(m_socket->Connect(m_remote) != 0,
                    "DtlsClientApplication: Connect failed on node " << GetNode()->GetId());
}

void
DtlsClientApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_sendEvent.Cancel();
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    }
}

void
DtlsClientApplication::Connected(Ptr<Socket>)
{
    NS_LOG_INFO("node " << GetNode()->GetId() << ": DTLS association established");
    m_established = true;
    if (m_maxPackets > 0)
    {
        SendNext();
    }
}

void
DtlsClientApplication::ConnectionFailed(Ptr<Socket>)
{
    NS_LOG_INFO("node " << GetNode()->GetId() << ": DTLS handshake failed");
    m_failed = true;
}

void
DtlsClientApplication::SendNext()
{
    std::vector<uint8_t> payload(m_size, 0);
    uint32_t seq = m_sent;
    payload[0] = static_cast<uint8_t>(seq >> 24);
    payload[1] = static_cast<uint8_t>(seq >> 16);
    payload[2] = static_cast<uint8_t>(seq >> 8);
    payload[3] = static_cast<uint8_t>(seq);
    m_sendTimes[seq] = Simulator::Now();
    m_socket->Send(Create<Packet>(payload.data(), payload.size()));
    ++m_sent;
    if (m_sent < m_maxPackets)
    {
        m_sendEvent = Simulator::Schedule(m_interval, &DtlsClientApplication::SendNext, this);
    }
}

void
DtlsClientApplication::HandleRead(Ptr<Socket> socket)
{
    Ptr<Packet> p;
    while ((p = socket->Recv()))
    {
        if (p->GetSize() < 4)
        {
            continue;
        }
        uint8_t head[4];
        p->CopyData(head, 4);
        uint32_t seq = (uint32_t{head[0]} << 24) | (uint32_t{head[1]} << 16) |
                       (uint32_t{head[2]} << 8) | head[3];
        auto it = m_sendTimes.find(seq);
        if (it == m_sendTimes.end())
        {
            continue;
        }
        Time rtt = Simulator::Now() - it->second;
        m_sendTimes.erase(it);
        m_rtts.push_back(rtt);
        m_echoRtt(rtt);
    }
}

} // namespace ns3
