/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "bootstrap-controller-application.h"

#include "ns3/bootstrap-message.h"
#include "ns3/coap-message.h"
#include "ns3/coap-socket-binding.h"
#include "ns3/dtls-psk-store.h"
#include "ns3/hex-encoding.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/oob-net-device.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("BootstrapControllerApplication");
NS_OBJECT_ENSURE_REGISTERED(BootstrapControllerApplication);

TypeId
BootstrapControllerApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::BootstrapControllerApplication")
            .SetParent<BootstrapApplication>()
            .SetGroupName("Iotsec")
            .AddConstructor<BootstrapControllerApplication>()
            .AddAttribute("ControllerId",
                          "ID_c: the controller's identifier (1 to 64 bytes).",
                          StringValue("sbr"),
                          MakeStringAccessor(&BootstrapControllerApplication::m_controllerId),
                          MakeStringChecker())
            .AddAttribute("ControllerKey",
                          "SK_cs: the key the controller shares with the authentication "
                          "server, 16 bytes in hexadecimal.",
                          StringValue(""),
                          MakeStringAccessor(&BootstrapControllerApplication::m_keyHex),
                          MakeStringChecker())
            .AddAttribute("Server",
                          "The authentication server's CoAP address and port "
                          "(Inet6SocketAddress; its resource is /bs).",
                          AddressValue(),
                          MakeAddressAccessor(&BootstrapControllerApplication::m_server),
                          MakeAddressChecker())
            .AddAttribute("PendingTimeout",
                          "How long a transaction is kept (then expired, or forgotten once "
                          "complete).",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&BootstrapControllerApplication::m_pendingTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("MaxPending",
                          "Transactions kept at once (a HELLO beyond is refused: TABLE_FULL).",
                          UintegerValue(16),
                          MakeUintegerAccessor(&BootstrapControllerApplication::m_maxPending),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute(
                "RetransmitTimeout",
                "First retransmission timeout of flight 4 (doubled each time), to which the "
                "out-of-band round trip is added (BootstrapApplication::"
                "GetOobRoundTrip).",
                TimeValue(Seconds(2)),
                MakeTimeAccessor(&BootstrapControllerApplication::m_retransmitTimeout),
                MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute(
                "MaxRetransmissions",
                "Retransmissions of flight 4 before the transaction fails.",
                UintegerValue(4),
                MakeUintegerAccessor(&BootstrapControllerApplication::m_maxRetransmissions),
                MakeUintegerChecker<uint32_t>());
    return tid;
}

BootstrapControllerApplication::BootstrapControllerApplication()
{
    m_coap = CreateObject<CoapSocketBinding>();
}

BootstrapControllerApplication::~BootstrapControllerApplication() = default;

void
BootstrapControllerApplication::DoDispose()
{
    if (m_coap)
    {
        m_coap->Dispose();
        m_coap = nullptr;
    }
    BootstrapApplication::DoDispose();
}

int64_t
BootstrapControllerApplication::AssignStreams(int64_t stream)
{
    int64_t used = BootstrapApplication::AssignStreams(stream);
    return used + m_coap->AssignStreams(stream + used);
}

void
BootstrapControllerApplication::AddNode(const std::string& nodeId, const Address& address)
{
    NS_ABORT_MSG_UNLESS(Inet6SocketAddress::IsMatchingType(address),
                        "BootstrapControllerApplication::AddNode: not an Inet6SocketAddress");
    NodeRoute& r = m_routes[nodeId];
    r.hasUdp = true;
    r.udp = address;
}

uint32_t
BootstrapControllerApplication::GetCompleted() const
{
    return m_completed;
}

Ptr<CoapSocketBinding>
BootstrapControllerApplication::GetCoapBinding() const
{
    return m_coap;
}

void
BootstrapControllerApplication::StartEngine()
{
    Bytes key;
    NS_ABORT_MSG_UNLESS(HexDecode(m_keyHex, key) && key.size() == 16,
                        "BootstrapControllerApplication: ControllerKey must be 16 bytes in "
                        "hexadecimal");
    NS_ABORT_MSG_IF(m_controllerId.empty() || m_controllerId.size() > 64,
                    "BootstrapControllerApplication: ControllerId must have 1 to 64 bytes");
    NS_ABORT_MSG_UNLESS(Inet6SocketAddress::IsMatchingType(m_server),
                        "BootstrapControllerApplication: the Server attribute must be an "
                        "Inet6SocketAddress");
    BootstrapControllerConfig config;
    config.controllerId = m_controllerId;
    config.skCs = key;
    config.pendingTimeout = m_pendingTimeout;
    config.maxPending = m_maxPending;
    config.retransmitTimeout = m_retransmitTimeout + GetOobRoundTrip();
    config.maxRetransmissions = m_maxRetransmissions;
    m_engine = std::make_unique<BootstrapControllerEngine>(config, GetRandom());
    m_coap->Start(GetNode());
}

void
BootstrapControllerApplication::StopApplication()
{
    m_coap->Stop();
    BootstrapApplication::StopApplication();
}

Time
BootstrapControllerApplication::GetEngineDeadline() const
{
    return m_engine ? m_engine->GetDeadline() : Time::Max();
}

BootstrapOutput
BootstrapControllerApplication::EngineTimeout(Time now)
{
    return m_engine->OnTimeout(now);
}

void
BootstrapControllerApplication::Received(const Bytes& data, Carrier carrier, const Address& from)
{
    if (!m_engine)
    {
        return;
    }
    BootstrapHello hello;
    if (BootstrapHello::Parse(data.data(), data.size(), hello, nullptr))
    {
        auto it = m_routes.find(hello.nodeId);
        if (it == m_routes.end() && m_routes.size() >= m_maxRoutes)
        {
            NS_LOG_WARN("route table full: " << hello.nodeId << " cannot be answered");
        }
        else
        {
            NodeRoute& r = m_routes[hello.nodeId];
            r.viaOob = carrier == CARRIER_OOB;
            if (r.viaOob)
            {
                r.oob = from;
            }
            else
            {
                r.hasUdp = true;
                r.udp = from;
            }
        }
    }
    RunStep([this, &data]() {
        return m_engine->Receive(Simulator::Now(), BootstrapParty::NODE, data.data(), data.size());
    });
}

void
BootstrapControllerApplication::Transmit(const BootstrapSend& send)
{
    if (send.to == BootstrapParty::SERVER)
    {
        CoapMessage request;
        request.SetCode(CoapCode::POST);
        request.SetUriPath("/bs");
        request.SetPayload(send.bytes);
        // The callback lives in m_coap, which this application owns: a raw pointer, no cycle.
        BootstrapControllerApplication* app = this;
        m_coap->SendRequest(m_server, request, [app](const CoapResult& response) {
            Ptr<BootstrapControllerApplication> self(app);
            if (!response.ok || response.response.GetCode() != CoapCode::CHANGED)
            {
                NS_LOG_INFO("the server refused flight 2 or was unreachable");
                return;
            }
            const Bytes& payload = response.response.GetPayload();
            self->RunStep([self, payload]() {
                return self->m_engine->Receive(Simulator::Now(),
                                               BootstrapParty::SERVER,
                                               payload.data(),
                                               payload.size());
            });
        });
        m_flightSent(send.nodeId, send.flight, send.bytes.size(), CARRIER_IN_BAND, false);
        return;
    }
    auto it = m_routes.find(send.nodeId);
    if (it == m_routes.end())
    {
        NS_LOG_WARN("no route to node " << send.nodeId << ": flight " << +send.flight
                                        << " not sent");
        return;
    }
    const NodeRoute& r = it->second;
    if (r.viaOob && SendsOutOfBand(send.flight) && SendOob(Mac48Address::ConvertFrom(r.oob), send))
    {
        return;
    }
    if (!r.hasUdp)
    {
        NS_LOG_WARN("node " << send.nodeId << " has no in-band address: flight " << +send.flight
                            << " not sent");
        return;
    }
    SendUdp(r.udp, send);
}

void
BootstrapControllerApplication::HandleEvent(const BootstrapEvent& event)
{
    if (event.kind == BootstrapEvent::COMPLETED)
    {
        ++m_completed;
        GetPskStore()->SetPsk(event.nodeId, event.psk);
    }
    BootstrapApplication::HandleEvent(event);
}

} // namespace ns3
