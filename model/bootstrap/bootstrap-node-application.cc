/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "bootstrap-node-application.h"

#include "ns3/address.h"
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

NS_LOG_COMPONENT_DEFINE("BootstrapNodeApplication");
NS_OBJECT_ENSURE_REGISTERED(BootstrapNodeApplication);

TypeId
BootstrapNodeApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::BootstrapNodeApplication")
            .SetParent<BootstrapApplication>()
            .SetGroupName("Iotsec")
            .AddConstructor<BootstrapNodeApplication>()
            .AddAttribute("NodeId",
                          "ID_i: the node's identifier (1 to 64 bytes), also its PSK identity.",
                          StringValue(""),
                          MakeStringAccessor(&BootstrapNodeApplication::m_nodeId),
                          MakeStringChecker())
            .AddAttribute("InitialKey",
                          "IK_N: the initial key the installer set, 16 bytes in hexadecimal.",
                          StringValue(""),
                          MakeStringAccessor(&BootstrapNodeApplication::m_initialKeyHex),
                          MakeStringChecker())
            .AddAttribute("Controller",
                          "NID: the controller's in-band address and port "
                          "(Inet6SocketAddress), configured by the installer.",
                          AddressValue(),
                          MakeAddressAccessor(&BootstrapNodeApplication::m_controller),
                          MakeAddressChecker())
            .AddAttribute(
                "RetransmitTimeout",
                "First retransmission timeout of flight 1 (doubled each time), to which the "
                "out-of-band round trip is added (BootstrapApplication::"
                "GetOobRoundTrip).",
                TimeValue(Seconds(2)),
                MakeTimeAccessor(&BootstrapNodeApplication::m_retransmitTimeout),
                MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("MaxRetransmissions",
                          "Retransmissions of flight 1 before the node gives up.",
                          UintegerValue(4),
                          MakeUintegerAccessor(&BootstrapNodeApplication::m_maxRetransmissions),
                          MakeUintegerChecker<uint32_t>());
    return tid;
}

BootstrapNodeApplication::BootstrapNodeApplication() = default;

BootstrapNodeApplication::~BootstrapNodeApplication() = default;

void
BootstrapNodeApplication::DoDispose()
{
    BootstrapApplication::DoDispose();
}

const BootstrapNodeEngine*
BootstrapNodeApplication::GetEngine() const
{
    return m_engine.get();
}

bool
BootstrapNodeApplication::IsBootstrapped() const
{
    return m_done;
}

Time
BootstrapNodeApplication::GetBootstrapTime() const
{
    return m_bootstrapTime;
}

void
BootstrapNodeApplication::StartEngine()
{
    Bytes ik;
    NS_ABORT_MSG_UNLESS(HexDecode(m_initialKeyHex, ik) && ik.size() == 16,
                        "BootstrapNodeApplication: InitialKey must be 16 bytes in hexadecimal");
    NS_ABORT_MSG_IF(m_nodeId.empty() || m_nodeId.size() > 64,
                    "BootstrapNodeApplication: NodeId must have 1 to 64 bytes");
    NS_ABORT_MSG_IF(GetScheme() == IN_BAND || !GetOobDevice()
                        ? !Inet6SocketAddress::IsMatchingType(m_controller)
                        : false,
                    "BootstrapNodeApplication: the Controller attribute must be an "
                    "Inet6SocketAddress when flights go in band");
    BootstrapNodeConfig config;
    config.nodeId = m_nodeId;
    config.initialKey = ik;
    config.retransmitTimeout = m_retransmitTimeout + GetOobRoundTrip();
    config.maxRetransmissions = m_maxRetransmissions;
    m_engine = std::make_unique<BootstrapNodeEngine>(config, GetRandom());
    m_started = Simulator::Now();
    RunStep([this]() { return m_engine->Start(Simulator::Now()); });
}

Time
BootstrapNodeApplication::GetEngineDeadline() const
{
    return m_engine ? m_engine->GetDeadline() : Time::Max();
}

BootstrapOutput
BootstrapNodeApplication::EngineTimeout(Time now)
{
    return m_engine->OnTimeout(now);
}

void
BootstrapNodeApplication::Received(const Bytes& data, Carrier carrier, const Address& from)
{
    (void)carrier;
    (void)from;
    if (!m_engine)
    {
        return;
    }
    RunStep(
        [this, &data]() { return m_engine->Receive(Simulator::Now(), data.data(), data.size()); });
}

void
BootstrapNodeApplication::Transmit(const BootstrapSend& send)
{
    if (SendsOutOfBand(send.flight) && SendOob(Mac48Address::GetBroadcast(), send))
    {
        return;
    }
    if (!Inet6SocketAddress::IsMatchingType(m_controller))
    {
        NS_LOG_WARN("flight " << +send.flight << " cannot go out of band and no Controller "
                              << "address is set: not sent");
        return;
    }
    SendUdp(m_controller, send);
}

void
BootstrapNodeApplication::HandleEvent(const BootstrapEvent& event)
{
    if (event.kind == BootstrapEvent::COMPLETED && !m_done)
    {
        m_done = true;
        m_bootstrapTime = Simulator::Now() - m_started;
        GetPskStore()->SetPsk(m_nodeId, event.psk);
    }
    BootstrapApplication::HandleEvent(event);
}

} // namespace ns3
