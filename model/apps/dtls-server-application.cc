/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dtls-server-application.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DtlsServerApplication");

NS_OBJECT_ENSURE_REGISTERED(DtlsServerApplication);

TypeId
DtlsServerApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::DtlsServerApplication")
            .SetParent<Application>()
            .SetGroupName("Iotsec")
            .AddConstructor<DtlsServerApplication>()
            .AddAttribute("Port",
                          "UDP port to listen on (5684: coaps).",
                          UintegerValue(5684),
                          MakeUintegerAccessor(&DtlsServerApplication::m_port),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("Echo",
                          "Send every datagram of application data back to its sender.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&DtlsServerApplication::m_echo),
                          MakeBooleanChecker())
            .AddTraceSource("HandshakeCompleted",
                            "A handshake completed (peer, figures).",
                            MakeTraceSourceAccessor(&DtlsServerApplication::m_handshakeDone),
                            "ns3::DtlsSocket::HandshakeTracedCallback")
            .AddTraceSource("HandshakeFailed",
                            "A handshake failed (peer, reason).",
                            MakeTraceSourceAccessor(&DtlsServerApplication::m_handshakeFailed),
                            "ns3::DtlsSocket::ReasonTracedCallback")
            .AddTraceSource("SessionRefused",
                            "A new association was refused (peer, DtlsRefuseReason).",
                            MakeTraceSourceAccessor(&DtlsServerApplication::m_sessionRefused),
                            "ns3::DtlsSocket::RefuseTracedCallback")
            .AddTraceSource("RecordRejected",
                            "A received record was discarded (peer, DtlsRejectReason).",
                            MakeTraceSourceAccessor(&DtlsServerApplication::m_recordRejected),
                            "ns3::DtlsSocket::RejectTracedCallback")
            .AddTraceSource("FlightSent",
                            "A flight was sent (peer, flight, bytes, retransmission).",
                            MakeTraceSourceAccessor(&DtlsServerApplication::m_flightSent),
                            "ns3::DtlsSocket::FlightTracedCallback")
            .AddTraceSource(
                "SessionInvalidated",
                "A cached session was dropped because its key changed (PSK identity, reason).",
                MakeTraceSourceAccessor(&DtlsServerApplication::m_sessionInvalidated),
                "ns3::DtlsSocket::SessionInvalidatedTracedCallback");
    return tid;
}

DtlsServerApplication::DtlsServerApplication()
    : m_port(5684),
      m_echo(true)
{
}

DtlsServerApplication::~DtlsServerApplication() = default;

void
DtlsServerApplication::SetSocketAttribute(const std::string& name, const AttributeValue& value)
{
    m_socketAttributes.emplace_back(name, value.Copy());
}

Ptr<DtlsSocket>
DtlsServerApplication::GetSocket() const
{
    return m_socket;
}

uint64_t
DtlsServerApplication::GetReceivedBytes() const
{
    return m_received;
}

int64_t
DtlsServerApplication::AssignStreams(int64_t stream)
{
    m_stream = stream;
    return 1;
}

void
DtlsServerApplication::DoDispose()
{
    m_socket = nullptr;
    Application::DoDispose();
}

void
DtlsServerApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
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
    using Reason = TracedCallback<const Address&, const std::string&>;
    m_socket->TraceConnectWithoutContext(
        "HandshakeCompleted",
        MakeCallback(&TracedCallback<const Address&, const DtlsHandshakeStats&>::operator(),
                     &m_handshakeDone));
    m_socket->TraceConnectWithoutContext("HandshakeFailed",
                                         MakeCallback(&Reason::operator(), &m_handshakeFailed));
    m_socket->TraceConnectWithoutContext(
        "SessionRefused",
        MakeCallback(&TracedCallback<const Address&, DtlsRefuseReason>::operator(),
                     &m_sessionRefused));
    m_socket->TraceConnectWithoutContext(
        "RecordRejected",
        MakeCallback(&TracedCallback<const Address&, DtlsRejectReason>::operator(),
                     &m_recordRejected));
    m_socket->TraceConnectWithoutContext(
        "FlightSent",
        MakeCallback(&TracedCallback<const Address&, uint32_t, uint32_t, bool>::operator(),
                     &m_flightSent));
    m_socket->TraceConnectWithoutContext(
        "SessionInvalidated",
        MakeCallback(&TracedCallback<const std::string&, const std::string&>::operator(),
                     &m_sessionInvalidated));
    NS_ABORT_MSG_IF(m_socket->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), m_port)) != 0,
                    "DtlsServerApplication: cannot bind port " << m_port << " on node "
                                                               << GetNode()->GetId());
    NS_ABORT_MSG_IF(m_socket->Listen() != 0, "DtlsServerApplication: listen failed");
    m_socket->SetRecvCallback(MakeCallback(&DtlsServerApplication::HandleRead, this));
}

void
DtlsServerApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    }
}

void
DtlsServerApplication::HandleRead(Ptr<Socket> socket)
{
    Ptr<Packet> p;
    Address from;
    while ((p = socket->RecvFrom(from)))
    {
        m_received += p->GetSize();
        NS_LOG_INFO("node " << GetNode()->GetId() << " got " << p->GetSize() << " bytes from "
                            << DtlsSocket::PeerKey(from));
        if (m_echo)
        {
            socket->SendTo(p, 0, from);
        }
    }
}

} // namespace ns3
