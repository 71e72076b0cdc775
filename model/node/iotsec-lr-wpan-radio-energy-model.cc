/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "iotsec-lr-wpan-radio-energy-model.h"

#include "ns3/abort.h"
#include "ns3/device-energy-model.h"
#include "ns3/double.h"
#include "ns3/energy-source.h"
#include "ns3/iotsec-compat.h"
#include "ns3/log.h"
#include "ns3/lpl-net-device.h"
#include "ns3/lr-wpan-net-device.h"
#include "ns3/lr-wpan-phy.h"
#include "ns3/nstime.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/traced-value.h"

#include <algorithm>

namespace ns3
{

using namespace lrwpan; // NOLINT: ns-3 >= 3.42 keeps lr-wpan in ns3::lrwpan
using namespace energy; // NOLINT: ns-3 >= 3.42 keeps energy in ns3::energy

NS_LOG_COMPONENT_DEFINE("IotsecLrWpanRadioEnergyModel");

/// The lr-wpan PHY state type, named through one of its values: LrWpanPhyEnumeration in
/// ns-3.37, renamed in later releases
using PhyState = decltype(IEEE_802_15_4_PHY_TX_ON);

/// Follows an lr-wpan PHY's TrxStateValue for an IotsecLrWpanRadioEnergyModel.
struct LrWpanPhyStateSink
{
    /**
     * \brief TrxStateValue sink.
     * \param model the energy model
     * \param newState the PHY's new state
     */
    static void Changed(IotsecLrWpanRadioEnergyModel* model, PhyState, PhyState newState)
    {
        bool inFrame =
            (newState == IEEE_802_15_4_PHY_TX_ON || newState == IEEE_802_15_4_PHY_BUSY_TX ||
             newState == IEEE_802_15_4_PHY_BUSY_RX);
        IotsecLrWpanRadioEnergyModel::RadioState state;
        switch (newState)
        {
        case IEEE_802_15_4_PHY_TX_ON:
        case IEEE_802_15_4_PHY_BUSY_TX:
            state = IotsecLrWpanRadioEnergyModel::TX;
            break;
        case IEEE_802_15_4_PHY_RX_ON:
        case IEEE_802_15_4_PHY_BUSY_RX:
            state = IotsecLrWpanRadioEnergyModel::RX;
            break;
        case IEEE_802_15_4_PHY_TRX_OFF:
        case IEEE_802_15_4_PHY_FORCE_TRX_OFF:
            state = IotsecLrWpanRadioEnergyModel::SLEEP;
            break;
        default:
            state = IotsecLrWpanRadioEnergyModel::IDLE;
            break;
        }
        model->PhyStateChanged(state, inFrame);
    }
};

NS_OBJECT_ENSURE_REGISTERED(IotsecLrWpanRadioEnergyModel);

TypeId
IotsecLrWpanRadioEnergyModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::IotsecLrWpanRadioEnergyModel")
            .SetParent<DeviceEnergyModel>()
            .SetGroupName("Iotsec")
            .AddConstructor<IotsecLrWpanRadioEnergyModel>()
            .AddAttribute("TxCurrent",
                          "Current while transmitting (TX_ON, BUSY_TX), in A.",
                          DoubleValue(17.4e-3),
                          MakeDoubleAccessor(&IotsecLrWpanRadioEnergyModel::m_txCurrent),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("RxCurrent",
                          "Current while listening or receiving (RX_ON, BUSY_RX), in A.",
                          DoubleValue(18.8e-3),
                          MakeDoubleAccessor(&IotsecLrWpanRadioEnergyModel::m_rxCurrent),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("IdleCurrent",
                          "Current in the transceiver's other states, in A.",
                          DoubleValue(426e-6),
                          MakeDoubleAccessor(&IotsecLrWpanRadioEnergyModel::m_idleCurrent),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("SleepCurrent",
                          "Current with the transceiver off (TRX_OFF, FORCE_TRX_OFF), in A.",
                          DoubleValue(20e-6),
                          MakeDoubleAccessor(&IotsecLrWpanRadioEnergyModel::m_sleepCurrent),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("Device",
                          "The LrWpanNetDevice whose PHY state drives the model.",
                          PointerValue(),
                          MakePointerAccessor(&IotsecLrWpanRadioEnergyModel::SetDevice,
                                              &IotsecLrWpanRadioEnergyModel::GetDevice),
                          MakePointerChecker<NetDevice>())
            .AddAttribute("FrameEnergy",
                          "Energy drawn so far while sending or receiving frames (TX_ON, "
                          "BUSY_TX, BUSY_RX), in J: the part of the radio's energy that is "
                          "traffic rather than listening (read-only).",
                          TypeId::ATTR_GET,
                          DoubleValue(0),
                          MakeDoubleAccessor(&IotsecLrWpanRadioEnergyModel::GetFrameEnergy),
                          MakeDoubleChecker<double>())
            .AddAttribute("RadioOnTime",
                          "Time the transceiver has been on so far: every state but TRX_OFF, "
                          "the warm-ups before RX_ON and, on an LplNetDevice, its channel "
                          "checks (read-only).",
                          TypeId::ATTR_GET,
                          TimeValue(Time(0)),
                          MakeTimeAccessor(&IotsecLrWpanRadioEnergyModel::GetRadioOnTime),
                          MakeTimeChecker())
            .AddTraceSource("TotalEnergyConsumption",
                            "Energy drawn so far, in J (updated at each state change).",
                            MakeTraceSourceAccessor(&IotsecLrWpanRadioEnergyModel::m_totalEnergy),
                            "ns3::TracedValueCallback::Double");
    return tid;
}

IotsecLrWpanRadioEnergyModel::IotsecLrWpanRadioEnergyModel()
    : m_totalEnergy(0.0)
{
    NS_LOG_FUNCTION(this);
}

void
IotsecLrWpanRadioEnergyModel::DoDispose()
{
    Disconnect();
    m_source = nullptr;
    DeviceEnergyModel::DoDispose();
}

void
IotsecLrWpanRadioEnergyModel::SetEnergySource(Ptr<EnergySource> source)
{
    NS_ABORT_MSG_UNLESS(source, "IotsecLrWpanRadioEnergyModel: null energy source");
    m_source = source;
    m_lastUpdate = Simulator::Now();
}

void
IotsecLrWpanRadioEnergyModel::SetDevice(Ptr<NetDevice> device)
{
    Ptr<LrWpanNetDevice> lrwpan = DynamicCast<LrWpanNetDevice>(device);
    NS_ABORT_MSG_UNLESS(
        lrwpan && lrwpan->GetPhy(),
        "IotsecLrWpanRadioEnergyModel: Device must be an LrWpanNetDevice with a PHY");
    Disconnect();
    m_device = device;
    lrwpan->GetPhy()->TraceConnectWithoutContext(
        "TrxStateValue",
        MakeBoundCallback(&LrWpanPhyStateSink::Changed, this));
    Ptr<LplNetDevice> lpl = DynamicCast<LplNetDevice>(device);
    if (lpl)
    {
        m_lpl = lpl;
        m_lplInterval = lpl->GetWakeupInterval();
        m_lplCheckOn = lpl->GetCheckOnTime();
        m_lplAnalytic = lpl->IsAnalytic();
        lpl->TraceConnectWithoutContext(
            "ChannelCheck",
            MakeCallback(&IotsecLrWpanRadioEnergyModel::ChannelCheck, this));
    }
}

Ptr<NetDevice>
IotsecLrWpanRadioEnergyModel::GetDevice() const
{
    return m_device;
}

void
IotsecLrWpanRadioEnergyModel::Disconnect()
{
    Ptr<LrWpanNetDevice> lrwpan = DynamicCast<LrWpanNetDevice>(m_device);
    if (lrwpan && lrwpan->GetPhy())
    {
        lrwpan->GetPhy()->TraceDisconnectWithoutContext(
            "TrxStateValue",
            MakeBoundCallback(&LrWpanPhyStateSink::Changed, this));
    }
    if (m_lpl)
    {
        m_lpl->TraceDisconnectWithoutContext(
            "ChannelCheck",
            MakeCallback(&IotsecLrWpanRadioEnergyModel::ChannelCheck, this));
    }
    m_lpl = nullptr;
    m_device = nullptr;
}

double
IotsecLrWpanRadioEnergyModel::CurrentOf(int state) const
{
    switch (state)
    {
    case TX:
        return m_txCurrent;
    case RX:
        return m_rxCurrent;
    case SLEEP:
        return m_sleepCurrent;
    default:
        return m_idleCurrent;
    }
}

double
IotsecLrWpanRadioEnergyModel::DoGetCurrentA() const
{
    if (m_state == SLEEP && m_lpl)
    {
        // the checks, as their average current
        return m_sleepCurrent + (m_rxCurrent - m_sleepCurrent) * m_lplCheckOn.GetSeconds() /
                                    m_lplInterval.GetSeconds();
    }
    return CurrentOf(m_state);
}

double
IotsecLrWpanRadioEnergyModel::CheckEnergy() const
{
    return m_source ? (m_rxCurrent - m_sleepCurrent) * m_source->GetSupplyVoltage() *
                          m_lplCheckOn.GetSeconds()
                    : 0.0;
}

int64_t
IotsecLrWpanRadioEnergyModel::InstantsIn(Time from, Time to) const
{
    if (!m_lpl || to <= from)
    {
        return 0;
    }
    auto lpl = DynamicCast<LplNetDevice>(m_lpl);
    Time phase = lpl->GetWakeupPhase();
    if (phase < Time(0))
    {
        return 0; // not drawn yet: the run has not started
    }
    // instants before t: 0 up to the phase, then one more per interval begun
    int64_t period = m_lplInterval.GetTimeStep();
    auto before = [phase, period](Time t) -> int64_t {
        int64_t d = (t - phase).GetTimeStep();
        return d <= 0 ? 0 : (d + period - 1) / period;
    };
    return before(to) - before(from);
}

int64_t
IotsecLrWpanRadioEnergyModel::OpenChecks() const
{
    return (m_state == SLEEP && m_lplAnalytic) ? InstantsIn(m_lastUpdate, Simulator::Now()) : 0;
}

void
IotsecLrWpanRadioEnergyModel::ChannelCheck(uint8_t kind)
{
    if (kind == LplNetDevice::IDLE_CHECK)
    {
        ++m_checks; // (Explicit) a check the closed form would count
        m_totalEnergy += CheckEnergy();
    }
    else if (kind == LplNetDevice::DETECTED && m_lplAnalytic && m_state == SLEEP)
    {
        // this instant's check turns the transceiver on: its states pay for it, and the
        // closed form, which counts it with the TRX_OFF period, must not
        --m_checks;
        m_totalEnergy -= CheckEnergy();
    }
}

Time
IotsecLrWpanRadioEnergyModel::GetRadioOnTime() const
{
    Time open = m_state == SLEEP ? Time(0) : Simulator::Now() - m_lastUpdate;
    return m_onTime + open + m_lplCheckOn * (m_checks + OpenChecks());
}

int64_t
IotsecLrWpanRadioEnergyModel::GetChannelChecks() const
{
    return m_checks + OpenChecks();
}

double
IotsecLrWpanRadioEnergyModel::GetTotalEnergyConsumption() const
{
    if (!m_source)
    {
        return m_totalEnergy;
    }
    Time elapsed = Simulator::Now() - m_lastUpdate;
    return m_totalEnergy +
           CurrentOf(m_state) * m_source->GetSupplyVoltage() * elapsed.GetSeconds() +
           static_cast<double>(OpenChecks()) * CheckEnergy();
}

void
IotsecLrWpanRadioEnergyModel::ChangeState(int newState)
{
    NS_LOG_FUNCTION(this << newState);
    Time now = Simulator::Now();
    Time elapsed = now - m_lastUpdate;
    if (m_state != SLEEP)
    {
        m_onTime += elapsed;
    }
    if (m_source)
    {
        double volts = m_source->GetSupplyVoltage();
        double joules = CurrentOf(m_state) * volts * elapsed.GetSeconds();
        if (m_state == SLEEP && newState == RX)
        {
            // the turnaround to RX_ON, spent in TRX_OFF, draws the receive current
            Ptr<LrWpanNetDevice> lrwpan = DynamicCast<LrWpanNetDevice>(m_device);
            Time turnaround = lrwpan ? Seconds(LplNetDevice::TURNAROUND_SYMBOLS /
                                               lrwpan->GetPhy()->GetDataOrSymbolRate(false))
                                     : Time(0);
            Time warmup = std::min(turnaround, elapsed);
            joules += (m_rxCurrent - m_sleepCurrent) * volts * warmup.GetSeconds();
            m_onTime += warmup;
        }
        if (m_state == SLEEP && m_lplAnalytic)
        {
            int64_t checks = InstantsIn(m_lastUpdate, now);
            m_checks += checks;
            joules += static_cast<double>(checks) * CheckEnergy();
        }
        m_totalEnergy += joules;
        if (m_inFrame)
        {
            m_frameEnergy += joules;
        }
        // the source integrates the current of the state that is ending
        m_source->UpdateEnergySource();
    }
    m_lastUpdate = now;
    m_state = newState;
    m_inFrame = m_nextInFrame;
    m_nextInFrame = false;
}

double
IotsecLrWpanRadioEnergyModel::GetFrameEnergy() const
{
    if (!m_source || !m_inFrame)
    {
        return m_frameEnergy;
    }
    Time elapsed = Simulator::Now() - m_lastUpdate;
    return m_frameEnergy + CurrentOf(m_state) * m_source->GetSupplyVoltage() * elapsed.GetSeconds();
}

void
IotsecLrWpanRadioEnergyModel::HandleEnergyDepletion()
{
    NS_LOG_INFO("IotsecLrWpanRadioEnergyModel: energy source depleted (the radio keeps running)");
}

void
IotsecLrWpanRadioEnergyModel::HandleEnergyRecharged()
{
}

void
IotsecLrWpanRadioEnergyModel::HandleEnergyChanged()
{
}

void
IotsecLrWpanRadioEnergyModel::PhyStateChanged(RadioState state, bool inFrame)
{
    m_nextInFrame = inFrame;
    ChangeState(state);
}

} // namespace ns3
