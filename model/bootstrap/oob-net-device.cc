/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "oob-net-device.h"

#include "oob-channel.h"
#include "oob-frame-header.h"

#include "ns3/abort.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"
#include "ns3/vector.h"

#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("OobNetDevice");

NS_OBJECT_ENSURE_REGISTERED(OobNetDevice);

TypeId
OobNetDevice::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::OobNetDevice")
            .SetParent<NetDevice>()
            .SetGroupName("Iotsec")
            .AddConstructor<OobNetDevice>()
            .AddAttribute("Role",
                          "What the device can do: send and receive, only send (a QR label), "
                          "only receive (a camera)",
                          EnumValue(OobNetDevice::TRANSCEIVER),
                          iotsec_compat::MakeEnumAccessor<Role>(&OobNetDevice::m_role),
                          MakeEnumChecker(OobNetDevice::TRANSCEIVER,
                                          "Transceiver",
                                          OobNetDevice::TRANSMITTER,
                                          "Transmitter",
                                          OobNetDevice::RECEIVER,
                                          "Receiver"))
            .AddAttribute("ReceiverGain",
                          "The receiver's gain over ordinary hardware (dB): 0 for a phone, "
                          "larger for special equipment; on a QR channel 20 log10(zoom)",
                          DoubleValue(0),
                          MakeDoubleAccessor(&OobNetDevice::m_receiverGainDb),
                          MakeDoubleChecker<double>())
            .AddAttribute("Direction",
                          "The axis this device emits along, where the channel's physics has "
                          "one (LightOobChannel: its LED; a handheld points up at a ceiling "
                          "light). The zero vector (default): the channel's TxDirection.",
                          VectorValue(Vector(0, 0, 0)),
                          MakeVectorAccessor(&OobNetDevice::m_direction),
                          MakeVectorChecker())
            .AddAttribute("TxPower",
                          "Power drawn while transmitting (W); order of magnitude of an NFC "
                          "controller with its field on (tens of mA at 3.3 V)",
                          DoubleValue(0.1),
                          MakeDoubleAccessor(&OobNetDevice::m_txPower),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("RxPower",
                          "Power drawn while receiving (W)",
                          DoubleValue(0.05),
                          MakeDoubleAccessor(&OobNetDevice::m_rxPower),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("MaxQueueLength",
                          "Frames that may wait behind the one on the air; Send refuses more",
                          UintegerValue(64),
                          MakeUintegerAccessor(&OobNetDevice::m_maxQueue),
                          MakeUintegerChecker<uint32_t>())
            .AddTraceSource("EnergyConsumed",
                            "Energy spent transmitting and receiving (J)",
                            MakeTraceSourceAccessor(&OobNetDevice::m_energy),
                            "ns3::TracedValueCallback::Double")
            .AddTraceSource("MacTx",
                            "An SDU accepted by Send",
                            MakeTraceSourceAccessor(&OobNetDevice::m_macTxTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("MacTxDrop",
                            "An SDU Send refused, and why",
                            MakeTraceSourceAccessor(&OobNetDevice::m_macTxDropTrace),
                            "ns3::OobNetDevice::TxDropTracedCallback")
            .AddTraceSource("MacRx",
                            "An SDU passed up (to this device, broadcast, or promiscuous)",
                            MakeTraceSourceAccessor(&OobNetDevice::m_macRxTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("PhyTxBegin",
                            "A frame's transmission begins",
                            MakeTraceSourceAccessor(&OobNetDevice::m_phyTxBeginTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("PhyTxEnd",
                            "A frame's transmission ends",
                            MakeTraceSourceAccessor(&OobNetDevice::m_phyTxEndTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("PhyRxEnd",
                            "A frame was received without bit errors",
                            MakeTraceSourceAccessor(&OobNetDevice::m_phyRxEndTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("PhyRxDrop",
                            "A frame reached the device and was lost, and why",
                            MakeTraceSourceAccessor(&OobNetDevice::m_phyRxDropTrace),
                            "ns3::OobNetDevice::RxDropTracedCallback")
            .AddTraceSource("Sniffer",
                            "Every frame sent or received (OobFrameHeader + SDU)",
                            MakeTraceSourceAccessor(&OobNetDevice::m_snifferTrace),
                            "ns3::Packet::TracedCallback");
    return tid;
}

OobNetDevice::OobNetDevice()
{
    NS_LOG_FUNCTION(this);
}

OobNetDevice::~OobNetDevice() = default;

void
OobNetDevice::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_txEnd.Cancel();
    m_queue.clear();
    m_current = nullptr;
    m_channel = nullptr;
    m_node = nullptr;
    m_rxCallback =
        MakeNullCallback<bool, Ptr<NetDevice>, Ptr<const Packet>, uint16_t, const Address&>();
    m_promiscCallback = MakeNullCallback<bool,
                                         Ptr<NetDevice>,
                                         Ptr<const Packet>,
                                         uint16_t,
                                         const Address&,
                                         const Address&,
                                         PacketType>();
    NetDevice::DoDispose();
}

void
OobNetDevice::SetChannel(Ptr<OobChannel> channel)
{
    m_channel = channel;
    m_channel->Add(this);
}

Ptr<OobChannel>
OobNetDevice::GetOobChannel() const
{
    return m_channel;
}

OobNetDevice::Role
OobNetDevice::GetRole() const
{
    return m_role;
}

void
OobNetDevice::SetRole(Role role)
{
    m_role = role;
}

bool
OobNetDevice::CanTransmit() const
{
    return m_role != RECEIVER;
}

bool
OobNetDevice::CanReceive() const
{
    return m_role != TRANSMITTER;
}

Vector
OobNetDevice::GetDirection() const
{
    return m_direction;
}

double
OobNetDevice::GetReceiverGain() const
{
    return m_receiverGainDb;
}

double
OobNetDevice::GetEnergyConsumed() const
{
    return m_energy;
}

bool
OobNetDevice::IsTransmitting() const
{
    return m_current != nullptr;
}

uint32_t
OobNetDevice::GetQueueLength() const
{
    return m_queue.size();
}

double
OobNetDevice::ZoomToGainDb(double zoom)
{
    NS_ABORT_MSG_UNLESS(zoom > 0, "OobNetDevice: a zoom factor must be positive");
    return 20 * std::log10(zoom);
}

Ptr<MobilityModel>
OobNetDevice::GetMobility() const
{
    NS_ABORT_MSG_UNLESS(m_node, "OobNetDevice: the device is not on a node");
    Ptr<MobilityModel> mobility = m_node->GetObject<MobilityModel>();
    NS_ABORT_MSG_UNLESS(mobility,
                        "OobNetDevice: node " << m_node->GetId()
                                              << " has no MobilityModel; an out-of-band "
                                                 "channel needs the positions of both ends");
    return mobility;
}

bool
OobNetDevice::TransmittedSince(Time start) const
{
    return IsTransmitting() || m_lastTxEnd > start;
}

void
OobNetDevice::Spend(double joules)
{
    m_energy = m_energy + joules;
}

bool
OobNetDevice::Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber)
{
    return SendFrom(packet, m_address, dest, protocolNumber);
}

bool
OobNetDevice::SendFrom(Ptr<Packet> packet,
                       const Address& source,
                       const Address& dest,
                       uint16_t protocolNumber)
{
    NS_LOG_FUNCTION(this << packet << source << dest << protocolNumber);
    if (!m_channel)
    {
        m_macTxDropTrace(packet, NO_CHANNEL);
        return false;
    }
    NS_ABORT_MSG_IF(!m_channel->IsTwoWay() && m_role == TRANSCEIVER,
                    "OobNetDevice: node " << (m_node ? m_node->GetId() : 0)
                                          << " is a Transceiver on a one-way channel; set its "
                                             "Role to Transmitter or Receiver");
    if (!CanTransmit())
    {
        m_macTxDropTrace(packet, NOT_TRANSMITTER);
        return false;
    }
    if (packet->GetSize() > m_channel->GetMaxPayload())
    {
        m_macTxDropTrace(packet, TOO_LARGE);
        return false;
    }
    if (IsTransmitting() && m_queue.size() >= m_maxQueue)
    {
        m_macTxDropTrace(packet, QUEUE_FULL);
        return false;
    }
    m_macTxTrace(packet);
    OobFrameHeader header;
    header.SetDestination(Mac48Address::ConvertFrom(dest));
    header.SetSource(Mac48Address::ConvertFrom(source));
    header.SetProtocol(protocolNumber);
    header.SetPayloadLength(static_cast<uint16_t>(packet->GetSize()));
    Ptr<Packet> frame = packet->Copy();
    frame->AddHeader(header);
    m_queue.push_back(frame);
    if (!IsTransmitting())
    {
        StartTransmission();
    }
    return true;
}

void
OobNetDevice::StartTransmission()
{
    NS_ASSERT(!m_queue.empty() && !IsTransmitting());
    m_current = m_queue.front();
    m_queue.pop_front();
    const Time airtime = m_channel->GetTransmissionTime(m_current->GetSize());
    NS_LOG_FUNCTION(this << m_current << airtime);
    m_phyTxBeginTrace(m_current);
    m_snifferTrace(m_current);
    Spend(m_txPower * airtime.GetSeconds());
    m_channel->Transmit(m_current, this, airtime);
    m_txEnd = Simulator::Schedule(airtime, &OobNetDevice::EndTransmission, this);
}

void
OobNetDevice::EndTransmission()
{
    NS_LOG_FUNCTION(this);
    m_phyTxEndTrace(m_current);
    m_current = nullptr;
    m_lastTxEnd = Simulator::Now();
    if (!m_queue.empty())
    {
        StartTransmission();
    }
}

void
OobNetDevice::Receive(Ptr<Packet> frame, Time airtime)
{
    NS_LOG_FUNCTION(this << frame);
    Spend(m_rxPower * airtime.GetSeconds());
    m_phyRxEndTrace(frame);
    m_snifferTrace(frame);
    Ptr<Packet> packet = frame->Copy();
    OobFrameHeader header;
    packet->RemoveHeader(header);
    const Mac48Address to = header.GetDestination();
    PacketType type;
    if (to == m_address)
    {
        type = NetDevice::PACKET_HOST;
    }
    else if (to.IsBroadcast())
    {
        type = NetDevice::PACKET_BROADCAST;
    }
    else if (to.IsGroup())
    {
        type = NetDevice::PACKET_MULTICAST;
    }
    else
    {
        type = NetDevice::PACKET_OTHERHOST;
    }
    if (!m_promiscCallback.IsNull())
    {
        m_macRxTrace(packet);
        m_promiscCallback(this, packet, header.GetProtocol(), header.GetSource(), to, type);
    }
    if (type != NetDevice::PACKET_OTHERHOST)
    {
        if (m_promiscCallback.IsNull())
        {
            m_macRxTrace(packet);
        }
        if (!m_rxCallback.IsNull())
        {
            m_rxCallback(this, packet, header.GetProtocol(), header.GetSource());
        }
    }
}

void
OobNetDevice::NotifyRxDrop(Ptr<const Packet> frame, DropReason reason, Time airtime)
{
    NS_LOG_FUNCTION(this << frame << reason);
    if (reason == BIT_ERRORS)
    {
        Spend(m_rxPower * airtime.GetSeconds());
    }
    m_phyRxDropTrace(frame, reason);
}

void
OobNetDevice::SetIfIndex(const uint32_t index)
{
    m_ifIndex = index;
}

uint32_t
OobNetDevice::GetIfIndex() const
{
    return m_ifIndex;
}

Ptr<Channel>
OobNetDevice::GetChannel() const
{
    return m_channel;
}

void
OobNetDevice::SetAddress(Address address)
{
    m_address = Mac48Address::ConvertFrom(address);
}

Address
OobNetDevice::GetAddress() const
{
    return m_address;
}

bool
OobNetDevice::SetMtu(const uint16_t mtu)
{
    // The MTU is the channel's MaxPayload
    return mtu == GetMtu();
}

uint16_t
OobNetDevice::GetMtu() const
{
    return m_channel ? static_cast<uint16_t>(m_channel->GetMaxPayload()) : 0;
}

bool
OobNetDevice::IsLinkUp() const
{
    return m_channel != nullptr;
}

void
OobNetDevice::AddLinkChangeCallback(Callback<void> callback)
{
    m_linkChanged.ConnectWithoutContext(callback);
}

bool
OobNetDevice::IsBroadcast() const
{
    return true;
}

Address
OobNetDevice::GetBroadcast() const
{
    return Mac48Address::GetBroadcast();
}

bool
OobNetDevice::IsMulticast() const
{
    return true;
}

Address
OobNetDevice::GetMulticast(Ipv4Address multicastGroup) const
{
    return Mac48Address::GetMulticast(multicastGroup);
}

Address
OobNetDevice::GetMulticast(Ipv6Address addr) const
{
    return Mac48Address::GetMulticast(addr);
}

bool
OobNetDevice::IsPointToPoint() const
{
    return false;
}

bool
OobNetDevice::IsBridge() const
{
    return false;
}

Ptr<Node>
OobNetDevice::GetNode() const
{
    return m_node;
}

void
OobNetDevice::SetNode(Ptr<Node> node)
{
    m_node = node;
}

bool
OobNetDevice::NeedsArp() const
{
    return false;
}

void
OobNetDevice::SetReceiveCallback(NetDevice::ReceiveCallback cb)
{
    m_rxCallback = cb;
}

void
OobNetDevice::SetPromiscReceiveCallback(PromiscReceiveCallback cb)
{
    m_promiscCallback = cb;
}

bool
OobNetDevice::SupportsSendFrom() const
{
    return true;
}

} // namespace ns3
