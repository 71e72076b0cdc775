/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "jennings-application.h"

#include "ns3/address.h"
#include "ns3/dtls-psk-store.h"
#include "ns3/enum.h"
#include "ns3/hex-encoding.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/iotsec-compat.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/oob-channel.h"
#include "ns3/oob-frame-header.h"
#include "ns3/oob-net-device.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("JenningsApplication");
NS_OBJECT_ENSURE_REGISTERED(JenningsApplication);

namespace
{

/// \param j an engine's output \return it as the base class runs it (sends keep their type
/// byte as the flight; Transmit picks the destination from the type)
BootstrapOutput
ToBootstrapOutput(const JenningsOutput& j)
{
    BootstrapOutput out;
    for (const JenningsSend& s : j.sends)
    {
        BootstrapSend b;
        b.nodeId = s.deviceId;
        b.flight = static_cast<uint8_t>(s.type);
        b.bytes = s.bytes;
        b.retransmission = s.retransmission;
        out.sends.push_back(std::move(b));
    }
    for (const JenningsEvent& e : j.events)
    {
        out.events.push_back(e); // networkInfo stays with the engine (GetNetworkInfo)
    }
    out.work = j.work;
    return out;
}

/// \param data a message \param size its length \return the party that sends a message of
/// its type to a transfer agent or a controller (DEVICE for anything else: the engine refuses
/// it)
JenningsParty
SenderOf(const uint8_t* data, std::size_t size)
{
    JenningsMessageType type;
    if (JenningsParseHeader(data, size, type, nullptr) &&
        (type == JenningsMessageType::INTRODUCE || type == JenningsMessageType::DELIVER_SECRET))
    {
        return JenningsParty::INTRODUCER;
    }
    return JenningsParty::DEVICE;
}

} // namespace

TypeId
JenningsApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::JenningsApplication")
            .SetParent<BootstrapApplication>()
            .SetGroupName("Iotsec")
            .AddConstructor<JenningsApplication>()
            .AddAttribute("Party",
                          "The party played: DEVICE, INTRODUCER, TRANSFER_AGENT or CONTROLLER.",
                          EnumValue(DEVICE),
                          iotsec_compat::MakeEnumAccessor<Party>(&JenningsApplication::m_party),
                          MakeEnumChecker(DEVICE,
                                          "DEVICE",
                                          INTRODUCER,
                                          "INTRODUCER",
                                          TRANSFER_AGENT,
                                          "TRANSFER_AGENT",
                                          CONTROLLER,
                                          "CONTROLLER"))
            .AddAttribute("Label",
                          "DEVICE: the LABEL the manufacturer printed and flashed "
                          "(JenningsLabel::Serialize), in hexadecimal.",
                          StringValue(""),
                          MakeStringAccessor(&JenningsApplication::m_labelHex),
                          MakeStringChecker())
            .AddAttribute("TransferAgent",
                          "DEVICE and INTRODUCER: the transfer agent's address and port "
                          "(Inet6SocketAddress).",
                          AddressValue(),
                          MakeAddressAccessor(&JenningsApplication::m_transferAgent),
                          MakeAddressChecker())
            .AddAttribute("Controller",
                          "INTRODUCER: the controller's address and port (Inet6SocketAddress).",
                          AddressValue(),
                          MakeAddressAccessor(&JenningsApplication::m_controller),
                          MakeAddressChecker())
            .AddAttribute("NetworkInfo",
                          "INTRODUCER: the network information handed to the transfer agent "
                          "for the device (1 to 64 bytes, opaque: say the controller's NID).",
                          StringValue(""),
                          MakeStringAccessor(&JenningsApplication::m_networkInfo),
                          MakeStringChecker())
            .AddAttribute("RetransmitTimeout",
                          "DEVICE and INTRODUCER: first retransmission timeout of DISCOVER, "
                          "INTRODUCE and DELIVER_SECRET (doubled each time).",
                          TimeValue(Seconds(2)),
                          MakeTimeAccessor(&JenningsApplication::m_retransmitTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("MaxRetransmissions",
                          "DEVICE and INTRODUCER: retransmissions of a message before the "
                          "party gives up.",
                          UintegerValue(4),
                          MakeUintegerAccessor(&JenningsApplication::m_maxRetransmissions),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("TableSize",
                          "INTRODUCER: introductions in progress at most; TRANSFER_AGENT: "
                          "introductions kept; CONTROLLER: secrets kept.",
                          UintegerValue(64),
                          MakeUintegerAccessor(&JenningsApplication::m_tableSize),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("BootDelay",
                          "DEVICE: from the label's frame sent to the first DISCOVER (the "
                          "device is switched on once its label was scanned).",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&JenningsApplication::m_bootDelay),
                          MakeTimeChecker(Seconds(0)));
    return tid;
}

JenningsApplication::JenningsApplication() = default;

JenningsApplication::~JenningsApplication() = default;

void
JenningsApplication::DoDispose()
{
    Simulator::Cancel(m_boot);
    m_replyTo.clear();
    BootstrapApplication::DoDispose();
}

JenningsParty
JenningsApplication::GetParty() const
{
    switch (m_party)
    {
    case INTRODUCER:
        return JenningsParty::INTRODUCER;
    case TRANSFER_AGENT:
        return JenningsParty::TRANSFER_AGENT;
    case CONTROLLER:
        return JenningsParty::CONTROLLER;
    default:
        return JenningsParty::DEVICE;
    }
}

bool
JenningsApplication::IsBootstrapped() const
{
    return m_device && m_device->GetState() == JenningsDeviceState::DONE;
}

Time
JenningsApplication::GetBootstrapTime() const
{
    return m_bootstrapTime;
}

Bytes
JenningsApplication::GetPsk() const
{
    return m_device ? m_device->GetPsk() : Bytes();
}

uint32_t
JenningsApplication::GetCompleted() const
{
    return m_completed;
}

void
JenningsApplication::StopApplication()
{
    Simulator::Cancel(m_boot);
    BootstrapApplication::StopApplication();
}

void
JenningsApplication::StartEngine()
{
    const std::string name = JenningsPartyName(GetParty());
    switch (m_party)
    {
    case DEVICE: {
        JenningsDeviceConfig config;
        NS_ABORT_MSG_UNLESS(HexDecode(m_labelHex, config.label),
                            "JenningsApplication (DEVICE): Label must be hexadecimal");
        JenningsLabel label;
        std::string error;
        NS_ABORT_MSG_UNLESS(
            JenningsLabel::Parse(config.label.data(), config.label.size(), label, &error),
            "JenningsApplication (DEVICE): Label is not a LABEL: " << error);
        NS_ABORT_MSG_UNLESS(Inet6SocketAddress::IsMatchingType(m_transferAgent),
                            "JenningsApplication (DEVICE): TransferAgent must be an "
                            "Inet6SocketAddress");
        config.retransmitTimeout = m_retransmitTimeout;
        config.maxRetransmissions = m_maxRetransmissions;
        m_device = std::make_unique<JenningsDeviceEngine>(config);
        m_label = config.label;
        m_started = Simulator::Now();
        // Message 1: the label is shown (scanned); the device boots once it has been read
        Time shown = ShowLabel();
        m_boot = Simulator::Schedule(shown + m_bootDelay, &JenningsApplication::Boot, this);
        break;
    }
    case INTRODUCER: {
        NS_ABORT_MSG_UNLESS(Inet6SocketAddress::IsMatchingType(m_transferAgent) &&
                                Inet6SocketAddress::IsMatchingType(m_controller),
                            "JenningsApplication (INTRODUCER): TransferAgent and Controller "
                            "must be Inet6SocketAddresses");
        NS_ABORT_MSG_IF(m_networkInfo.empty() ||
                            m_networkInfo.size() > JenningsWire::MAX_NETWORK_INFO_BYTES,
                        "JenningsApplication (INTRODUCER): NetworkInfo must have 1 to 64 bytes");
        NS_ABORT_MSG_UNLESS(GetOobDevice() && GetOobDevice()->CanReceive(),
                            "JenningsApplication (INTRODUCER): needs an OOB device that "
                            "receives, to scan labels");
        JenningsIntroducerConfig config;
        config.retransmitTimeout = m_retransmitTimeout;
        config.maxRetransmissions = m_maxRetransmissions;
        config.maxPending = m_tableSize;
        m_introducer = std::make_unique<JenningsIntroducerEngine>(config);
        break;
    }
    case TRANSFER_AGENT: {
        JenningsTransferAgentConfig config;
        config.maxIntroductions = m_tableSize;
        m_agent = std::make_unique<JenningsTransferAgentEngine>(config);
        break;
    }
    case CONTROLLER: {
        JenningsControllerConfig config;
        config.maxDevices = m_tableSize;
        m_controllerEng = std::make_unique<JenningsControllerEngine>(config);
        break;
    }
    }
    NS_LOG_INFO(name << " started on node " << GetNode()->GetId());
}

Time
JenningsApplication::ShowLabel()
{
    Ptr<OobNetDevice> oob = GetOobDevice();
    if (!oob || !oob->CanTransmit())
    {
        NS_LOG_WARN("device " << m_device->GetDeviceId()
                              << " has no OOB device that transmits: its label is not shown");
        return Time(0);
    }
    BootstrapSend s;
    s.nodeId = m_device->GetDeviceId();
    s.flight = static_cast<uint8_t>(JenningsMessageType::LABEL);
    s.bytes = m_label;
    s.retransmission = m_labelShown;
    if (!SendOob(Mac48Address::GetBroadcast(), s))
    {
        return Time(0);
    }
    m_labelShown = true;
    return oob->GetOobChannel()->GetTransmissionTime(s.bytes.size() +
                                                     OobFrameHeader().GetSerializedSize());
}

void
JenningsApplication::Boot()
{
    RunJenningsStep([this]() { return m_device->Start(Simulator::Now()); }, Address());
}

Time
JenningsApplication::GetEngineDeadline() const
{
    if (m_device)
    {
        return m_device->GetDeadline();
    }
    if (m_introducer)
    {
        return m_introducer->GetDeadline();
    }
    return Time::Max(); // the transfer agent and the controller have no timers
}

BootstrapOutput
JenningsApplication::EngineTimeout(Time now)
{
    if (m_device)
    {
        return ToBootstrapOutput(m_device->OnTimeout(now));
    }
    if (m_introducer)
    {
        return ToBootstrapOutput(m_introducer->OnTimeout(now));
    }
    return BootstrapOutput();
}

void
JenningsApplication::RunJenningsStep(const std::function<JenningsOutput()>& call,
                                     const Address& from)
{
    RunStep([this, &call, &from]() {
        JenningsOutput out = call();
        for (const JenningsSend& s : out.sends)
        {
            if (s.type == JenningsMessageType::ACK ||
                s.type == JenningsMessageType::DISCOVER_RESPONSE)
            {
                m_replyTo[{s.deviceId, static_cast<uint8_t>(s.type)}] = from;
            }
        }
        return ToBootstrapOutput(out);
    });
}

bool
JenningsApplication::SameEndpoint(const Address& a, const Address& b)
{
    if (!Inet6SocketAddress::IsMatchingType(a) || !Inet6SocketAddress::IsMatchingType(b))
    {
        return false;
    }
    Inet6SocketAddress x = Inet6SocketAddress::ConvertFrom(a);
    Inet6SocketAddress y = Inet6SocketAddress::ConvertFrom(b);
    return x.GetIpv6() == y.GetIpv6() && x.GetPort() == y.GetPort();
}

void
JenningsApplication::Received(const Bytes& data, Carrier carrier, const Address& from)
{
    const Time now = Simulator::Now();
    const uint8_t* d = data.data();
    const std::size_t n = data.size();
    switch (m_party)
    {
    case DEVICE:
        if (m_device && carrier == CARRIER_IN_BAND)
        {
            RunJenningsStep([this, now, d, n]() { return m_device->Receive(now, d, n); }, from);
        }
        break;
    case INTRODUCER:
        if (!m_introducer)
        {
            break;
        }
        if (carrier == CARRIER_OOB)
        {
            // a scanned label (anything else the engine refuses as a malformed LABEL)
            Bytes info(m_networkInfo.begin(), m_networkInfo.end());
            RunJenningsStep(
                [this, now, d, n, info]() { return m_introducer->Introduce(now, d, n, info); },
                from);
        }
        else
        {
            // ACKs are taken from the configured peers only; anyone else is refused
            JenningsParty party = SameEndpoint(from, m_transferAgent)
                                      ? JenningsParty::TRANSFER_AGENT
                                  : SameEndpoint(from, m_controller) ? JenningsParty::CONTROLLER
                                                                     : JenningsParty::DEVICE;
            RunJenningsStep(
                [this, now, party, d, n]() { return m_introducer->Receive(now, party, d, n); },
                from);
        }
        break;
    case TRANSFER_AGENT:
        if (m_agent && carrier == CARRIER_IN_BAND)
        {
            JenningsParty party = SenderOf(d, n);
            RunJenningsStep(
                [this, now, party, d, n]() { return m_agent->Receive(now, party, d, n); },
                from);
        }
        break;
    case CONTROLLER:
        if (m_controllerEng && carrier == CARRIER_IN_BAND)
        {
            JenningsParty party = SenderOf(d, n);
            RunJenningsStep(
                [this, now, party, d, n]() { return m_controllerEng->Receive(now, party, d, n); },
                from);
        }
        break;
    }
}

void
JenningsApplication::Transmit(const BootstrapSend& send)
{
    Address to;
    switch (static_cast<JenningsMessageType>(send.flight))
    {
    case JenningsMessageType::DISCOVER:
        if (send.retransmission)
        {
            // Unanswered: perhaps the label was never read, so it is shown again (the user
            // scans once more); a label already introduced is acknowledged again
            ShowLabel();
        }
        to = m_transferAgent;
        break;
    case JenningsMessageType::INTRODUCE:
        to = m_transferAgent;
        break;
    case JenningsMessageType::DELIVER_SECRET:
        to = m_controller;
        break;
    case JenningsMessageType::ACK:
    case JenningsMessageType::DISCOVER_RESPONSE: {
        auto it = m_replyTo.find({send.nodeId, send.flight});
        if (it == m_replyTo.end())
        {
            NS_LOG_WARN("no requester known for a " << JenningsMessageTypeName(send.flight)
                                                    << " about " << send.nodeId << ": not sent");
            return;
        }
        to = it->second;
        m_replyTo.erase(it);
        break;
    }
    default:
        NS_LOG_WARN("the engine asked to send a " << JenningsMessageTypeName(send.flight)
                                                  << ": not sent");
        return;
    }
    SendUdp(to, send);
}

void
JenningsApplication::HandleEvent(const BootstrapEvent& event)
{
    if (event.kind == BootstrapEvent::COMPLETED)
    {
        ++m_completed;
        if (m_party == DEVICE) // once: the engine completes once
        {
            m_bootstrapTime = Simulator::Now() - m_started;
            GetPskStore()->SetPsk(event.nodeId, event.psk);
        }
        else if (m_party == CONTROLLER)
        {
            GetPskStore()->SetPsk(event.nodeId, event.psk);
        }
    }
    BootstrapApplication::HandleEvent(event);
}

} // namespace ns3
