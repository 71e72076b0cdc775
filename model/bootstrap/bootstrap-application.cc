/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "bootstrap-application.h"

#include "ns3/dtls-psk-store.h"
#include "ns3/engine-executor.h"
#include "ns3/engine-random.h"
#include "ns3/enum.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/iotsec-compat.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/oob-channel.h"
#include "ns3/oob-frame-header.h"
#include "ns3/oob-net-device.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("BootstrapApplication");
NS_OBJECT_ENSURE_REGISTERED(BootstrapApplication);

TypeId
BootstrapApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::BootstrapApplication")
            .SetParent<Application>()
            .SetGroupName("Iotsec")
            .AddAttribute("Scheme",
                          "Which flights go out of band: OUT_OF_BAND (Kang: flights 1, 4 and 5, "
                          "where the OOB device can carry them) or IN_BAND (the earlier "
                          "in-band-only scheme: every flight over the radio).",
                          EnumValue(OUT_OF_BAND),
                          iotsec_compat::MakeEnumAccessor<Scheme>(&BootstrapApplication::m_scheme),
                          MakeEnumChecker(OUT_OF_BAND, "OUT_OF_BAND", IN_BAND, "IN_BAND"))
            .AddAttribute("Port",
                          "UDP port of in-band messages between a node and its controller.",
                          UintegerValue(DEFAULT_PORT),
                          MakeUintegerAccessor(&BootstrapApplication::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("PskStore",
                          "Where the party installs PSK_i: the node when it derives it, the "
                          "server when it answers flight 2, the controller when flight 5 "
                          "verifies (default: the node's DtlsPskStore, created if it has none).",
                          PointerValue(),
                          MakePointerAccessor(&BootstrapApplication::m_pskStore),
                          MakePointerChecker<DtlsPskStore>())
            .AddTraceSource("FlightSent",
                            "A flight was sent (node ID, flight, bytes, carrier, "
                            "retransmission).",
                            MakeTraceSourceAccessor(&BootstrapApplication::m_flightSent),
                            "ns3::BootstrapApplication::FlightTracedCallback")
            .AddTraceSource("Event",
                            "Any event of the engine.",
                            MakeTraceSourceAccessor(&BootstrapApplication::m_event),
                            "ns3::BootstrapApplication::EventTracedCallback")
            .AddTraceSource("Completed",
                            "The party finished its part for a node (node ID, transaction ID): "
                            "the node installed its PSK, the controller verified flight 5, the "
                            "server answered flight 2.",
                            MakeTraceSourceAccessor(&BootstrapApplication::m_completed),
                            "ns3::BootstrapApplication::CompletedTracedCallback")
            .AddTraceSource("Failed",
                            "A transaction gave up (node ID): retransmissions exhausted or "
                            "pending state expired.",
                            MakeTraceSourceAccessor(&BootstrapApplication::m_failed),
                            "ns3::BootstrapApplication::FailedTracedCallback")
            .AddTraceSource("Rejected",
                            "A message was refused (node ID if known, flight, reason name).",
                            MakeTraceSourceAccessor(&BootstrapApplication::m_rejected),
                            "ns3::BootstrapApplication::RejectedTracedCallback");
    return tid;
}

BootstrapApplication::BootstrapApplication()
{
    m_executor = CreateObject<EngineExecutor>();
    m_executor->SetOwner(this);
    m_rng = CreateObject<UniformRandomVariable>();
    m_random = std::make_unique<StreamEngineRandom>(m_rng);
}

BootstrapApplication::~BootstrapApplication() = default;

void
BootstrapApplication::DoDispose()
{
    Simulator::Cancel(m_timer);
    if (m_socket)
    {
        m_socket->Close();
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket = nullptr;
    }
    m_oob = nullptr;
    m_pskStore = nullptr;
    m_executor->Dispose();
    Application::DoDispose();
}

void
BootstrapApplication::SetOobDevice(Ptr<OobNetDevice> device)
{
    NS_ABORT_MSG_IF(device && GetNode() && device->GetNode() != GetNode(),
                    "BootstrapApplication: the OOB device belongs to another node");
    m_oob = device;
}

Ptr<OobNetDevice>
BootstrapApplication::GetOobDevice() const
{
    return m_oob;
}

Ptr<EngineExecutor>
BootstrapApplication::GetExecutor() const
{
    return m_executor;
}

int64_t
BootstrapApplication::AssignStreams(int64_t stream)
{
    m_rng->SetStream(stream);
    return 1;
}

const char*
BootstrapApplication::SchemeName(Scheme scheme)
{
    return scheme == OUT_OF_BAND ? "OUT_OF_BAND" : "IN_BAND";
}

const char*
BootstrapApplication::CarrierName(Carrier carrier)
{
    return carrier == CARRIER_OOB ? "OOB" : "IN_BAND";
}

Ptr<DtlsPskStore>
BootstrapApplication::GetPskStore() const
{
    return m_pskStore;
}

EngineRandom&
BootstrapApplication::GetRandom()
{
    return *m_random;
}

BootstrapApplication::Scheme
BootstrapApplication::GetScheme() const
{
    return m_scheme;
}

void
BootstrapApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    m_executor->SetNode(GetNode());
    if (!m_pskStore)
    {
        m_pskStore = GetNode()->GetObject<DtlsPskStore>();
        if (!m_pskStore)
        {
            m_pskStore = CreateObject<DtlsPskStore>();
            GetNode()->AggregateObject(m_pskStore);
        }
    }
    m_running = true;
    if (!TalksToNodes())
    {
        StartEngine();
        return;
    }
    m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    NS_ABORT_MSG_IF(m_socket->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), m_port)) != 0,
                    "BootstrapApplication: cannot bind UDP port " << m_port);
    m_socket->SetRecvCallback(MakeCallback(&BootstrapApplication::ReceiveUdp, this));
    if (m_oob)
    {
        NS_ABORT_MSG_UNLESS(m_oob->GetNode() == GetNode(),
                            "BootstrapApplication: the OOB device belongs to another node");
        GetNode()->RegisterProtocolHandler(MakeCallback(&BootstrapApplication::ReceiveOob, this),
                                           OOB_PROTOCOL,
                                           m_oob,
                                           true);
    }
    StartEngine();
}

void
BootstrapApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_running = false;
    Simulator::Cancel(m_timer);
    if (m_socket)
    {
        m_socket->Close();
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket = nullptr;
    }
    if (m_oob && TalksToNodes())
    {
        GetNode()->UnregisterProtocolHandler(MakeCallback(&BootstrapApplication::ReceiveOob, this));
    }
}

void
BootstrapApplication::StartEngine()
{
}

bool
BootstrapApplication::TalksToNodes() const
{
    return true;
}

void
BootstrapApplication::HandleEvent(const BootstrapEvent& event)
{
    m_event(event);
    switch (event.kind)
    {
    case BootstrapEvent::COMPLETED:
        m_completed(event.nodeId, event.tid);
        break;
    case BootstrapEvent::FAILED:
        m_failed(event.nodeId);
        break;
    case BootstrapEvent::REJECTED:
        m_rejected(event.nodeId, event.flight, BootstrapRejectName(event.reason));
        break;
    default:
        break;
    }
}

void
BootstrapApplication::RunStep(const std::function<BootstrapOutput()>& call)
{
    EngineExecutor::Step step(m_executor);
    BootstrapOutput out = call();
    for (const CryptoWork& w : out.work)
    {
        m_executor->Report(w);
    }
    Ptr<BootstrapApplication> self(this);
    for (const BootstrapSend& s : out.sends)
    {
        m_executor->Defer([self, s]() {
            if (self->m_running)
            {
                self->Transmit(s);
            }
        });
    }
    for (const BootstrapEvent& e : out.events)
    {
        m_executor->Defer([self, e]() { self->HandleEvent(e); });
    }
    m_executor->Defer([self]() { self->RearmTimer(); });
}

void
BootstrapApplication::RearmTimer()
{
    Simulator::Cancel(m_timer);
    if (!m_running)
    {
        return;
    }
    Time deadline = GetEngineDeadline();
    if (deadline == Time::Max())
    {
        return;
    }
    m_timer =
        Simulator::Schedule(m_executor->TimeUntil(deadline), &BootstrapApplication::Fire, this);
}

void
BootstrapApplication::Fire()
{
    RunStep([this]() { return EngineTimeout(Simulator::Now()); });
}

Time
BootstrapApplication::GetOobRoundTrip() const
{
    if (m_scheme != OUT_OF_BAND || !m_oob || !m_oob->GetOobChannel())
    {
        return Time(0);
    }
    const uint32_t header = OobFrameHeader().GetSerializedSize();
    Ptr<OobChannel> channel = m_oob->GetOobChannel();
    return channel->GetTransmissionTime(BootstrapWire::MAX_HELLO_BYTES + header) +
           channel->GetTransmissionTime(BootstrapWire::KEY_MESSAGE_BYTES + header);
}

bool
BootstrapApplication::SendsOutOfBand(uint8_t flight) const
{
    (void)flight;
    return m_scheme == OUT_OF_BAND && m_oob && m_oob->CanTransmit();
}

bool
BootstrapApplication::SendOob(const Mac48Address& to, const BootstrapSend& send)
{
    Ptr<Packet> p = Create<Packet>(send.bytes.data(), send.bytes.size());
    bool ok = m_oob->Send(p, to, OOB_PROTOCOL);
    if (ok)
    {
        m_flightSent(send.nodeId, send.flight, send.bytes.size(), CARRIER_OOB, send.retransmission);
    }
    else
    {
        NS_LOG_WARN("the OOB device refused flight " << +send.flight << " (" << send.bytes.size()
                                                     << " bytes)");
    }
    return ok;
}

void
BootstrapApplication::SendUdp(const Address& to, const BootstrapSend& send)
{
    Ptr<Packet> p = Create<Packet>(send.bytes.data(), send.bytes.size());
    m_socket->SendTo(p, 0, to);
    m_flightSent(send.nodeId, send.flight, send.bytes.size(), CARRIER_IN_BAND, send.retransmission);
}

void
BootstrapApplication::ReceiveUdp(Ptr<Socket> socket)
{
    Address from;
    Ptr<Packet> p;
    while ((p = socket->RecvFrom(from)))
    {
        Bytes data(p->GetSize());
        p->CopyData(data.data(), data.size());
        Received(data, CARRIER_IN_BAND, from);
    }
}

void
BootstrapApplication::ReceiveOob(Ptr<NetDevice> device,
                                 Ptr<const Packet> packet,
                                 uint16_t protocol,
                                 const Address& from,
                                 const Address& to,
                                 NetDevice::PacketType type)
{
    (void)device;
    (void)to;
    if (protocol != OOB_PROTOCOL || type == NetDevice::PACKET_OTHERHOST)
    {
        return; // a frame for another device (a promiscuous device hears it too)
    }
    Bytes data(packet->GetSize());
    packet->CopyData(data.data(), data.size());
    Received(data, CARRIER_OOB, from);
}

} // namespace ns3
