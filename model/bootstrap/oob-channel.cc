/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "oob-channel.h"

#include "oob-net-device.h"

#include "ns3/abort.h"
#include "ns3/data-rate.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("OobChannel");

NS_OBJECT_ENSURE_REGISTERED(OobChannel);

double
OobQFunction(double x)
{
    return 0.5 * std::erfc(x / std::sqrt(2.0));
}

TypeId
OobChannel::GetTypeId()
{
    static TypeId tid = TypeId("ns3::OobChannel").SetParent<Channel>().SetGroupName("Iotsec");
    return tid;
}

TypeId
OobChannel::AddCommonAttributes(TypeId tid,
                                DataRate dataRate,
                                double range,
                                Time setupLatency,
                                uint32_t frameOverhead,
                                uint32_t maxPayload)
{
    return tid
        .AddAttribute("DataRate",
                      "The bit rate of the channel",
                      DataRateValue(dataRate),
                      MakeDataRateAccessor(&OobChannel::m_dataRate),
                      MakeDataRateChecker())
        .AddAttribute("Range",
                      "The nominal design range (m): the distance at which the reference SNR "
                      "holds",
                      DoubleValue(range),
                      MakeDoubleAccessor(&OobChannel::m_range),
                      MakeDoubleChecker<double>(0))
        .AddAttribute("SetupLatency",
                      "Link activation, aiming and synchronisation before a frame's first bit",
                      TimeValue(setupLatency),
                      MakeTimeAccessor(&OobChannel::m_setupLatency),
                      MakeTimeChecker(Seconds(0)))
        .AddAttribute("FrameOverhead",
                      "Bytes of physical framing per frame (preamble, start/end of frame, CRC)",
                      UintegerValue(frameOverhead),
                      MakeUintegerAccessor(&OobChannel::m_overhead),
                      MakeUintegerChecker<uint32_t>())
        .AddAttribute("MaxPayload",
                      "The largest SDU a frame carries (bytes); Send refuses a larger one",
                      UintegerValue(maxPayload),
                      MakeUintegerAccessor(&OobChannel::m_maxPayload),
                      MakeUintegerChecker<uint32_t>(1, 65535));
}

OobChannel::OobChannel()
    : m_uniform(CreateObject<UniformRandomVariable>())
{
    NS_LOG_FUNCTION(this);
}

OobChannel::~OobChannel() = default;

void
OobChannel::DoDispose()
{
    m_devices.clear();
    m_uniform = nullptr;
    Channel::DoDispose();
}

std::size_t
OobChannel::GetNDevices() const
{
    return m_devices.size();
}

Ptr<NetDevice>
OobChannel::GetDevice(std::size_t i) const
{
    return m_devices.at(i);
}

void
OobChannel::Add(Ptr<OobNetDevice> device)
{
    for (const auto& d : m_devices)
    {
        if (d == device)
        {
            return;
        }
    }
    m_devices.push_back(device);
}

bool
OobChannel::IsInGeometry(Ptr<MobilityModel> /* tx */,
                         Ptr<MobilityModel> /* rx */,
                         double /* receiverGainDb */) const
{
    return true;
}

double
OobChannel::GetFrameSuccessProbability(Ptr<MobilityModel> tx,
                                       Ptr<MobilityModel> rx,
                                       double receiverGainDb,
                                       uint32_t bits) const
{
    if (!IsInGeometry(tx, rx, receiverGainDb))
    {
        return 0;
    }
    const double ber = GetBitErrorRate(GetSnrDb(tx, rx, receiverGainDb));
    if (ber <= 0)
    {
        return 1;
    }
    if (ber >= 1)
    {
        return bits == 0 ? 1 : 0;
    }
    // (1 - BER)^bits without losing a small BER to rounding
    return std::exp(static_cast<double>(bits) * std::log1p(-ber));
}

Time
OobChannel::GetTransmissionTime(uint32_t payloadBytes) const
{
    return m_setupLatency + m_dataRate.CalculateBitsTxTime((payloadBytes + m_overhead) * 8);
}

Time
OobChannel::GetPropagationDelay(Ptr<MobilityModel> tx, Ptr<MobilityModel> rx) const
{
    return Seconds(tx->GetDistanceFrom(rx) / GetPropagationSpeed());
}

double
OobChannel::GetPropagationSpeed() const
{
    return 299792458.0;
}

DataRate
OobChannel::GetDataRate() const
{
    return m_dataRate;
}

double
OobChannel::GetRange() const
{
    return m_range;
}

Time
OobChannel::GetSetupLatency() const
{
    return m_setupLatency;
}

uint32_t
OobChannel::GetFrameOverhead() const
{
    return m_overhead;
}

uint32_t
OobChannel::GetMaxPayload() const
{
    return m_maxPayload;
}

int64_t
OobChannel::AssignStreams(int64_t stream)
{
    m_uniform->SetStream(stream);
    return 1;
}

void
OobChannel::Transmit(Ptr<const Packet> frame, Ptr<OobNetDevice> sender, Time airtime)
{
    NS_LOG_FUNCTION(this << frame << sender << airtime);
    Ptr<MobilityModel> txMobility = sender->GetMobility();
    const Time start = Simulator::Now();
    for (const auto& receiver : m_devices)
    {
        if (receiver == sender)
        {
            continue;
        }
        // The position at the start decides the propagation delay (negligible except for
        // sound); the reception itself is decided when the last bit arrives
        const Time delay = airtime + GetPropagationDelay(txMobility, receiver->GetMobility());
        const uint32_t context =
            receiver->GetNode() ? receiver->GetNode()->GetId() : Simulator::GetContext();
        Simulator::ScheduleWithContext(context,
                                       delay,
                                       &OobChannel::Deliver,
                                       this,
                                       frame->Copy(),
                                       sender,
                                       receiver,
                                       start,
                                       airtime);
    }
}

void
OobChannel::Deliver(Ptr<Packet> frame,
                    Ptr<OobNetDevice> sender,
                    Ptr<OobNetDevice> receiver,
                    Time start,
                    Time airtime)
{
    NS_LOG_FUNCTION(this << frame << sender << receiver);
    if (!receiver->CanReceive())
    {
        receiver->NotifyRxDrop(frame, OobNetDevice::NOT_RECEIVER, airtime);
        return;
    }
    if (receiver->TransmittedSince(start))
    {
        receiver->NotifyRxDrop(frame, OobNetDevice::TRANSMITTING, airtime);
        return;
    }
    Ptr<MobilityModel> tx = sender->GetMobility();
    Ptr<MobilityModel> rx = receiver->GetMobility();
    const double gain = receiver->GetReceiverGain();
    if (!IsInGeometry(tx, rx, gain))
    {
        receiver->NotifyRxDrop(frame, OobNetDevice::OUT_OF_GEOMETRY, airtime);
        return;
    }
    const uint32_t bits = (frame->GetSize() + m_overhead) * 8;
    const double p = GetFrameSuccessProbability(tx, rx, gain, bits);
    const bool received = p >= 1 || (p > 0 && m_uniform->GetValue() < p);
    NS_LOG_DEBUG("SNR " << GetSnrDb(tx, rx, gain) << " dB, p " << p << ": "
                        << (received ? "received" : "bit errors"));
    if (received)
    {
        receiver->Receive(frame, airtime);
    }
    else
    {
        receiver->NotifyRxDrop(frame, OobNetDevice::BIT_ERRORS, airtime);
    }
}

} // namespace ns3
