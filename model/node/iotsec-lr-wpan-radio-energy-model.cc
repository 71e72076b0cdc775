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
#include "ns3/lr-wpan-net-device.h"
#include "ns3/lr-wpan-phy.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/traced-value.h"

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
    return CurrentOf(m_state);
}

double
IotsecLrWpanRadioEnergyModel::GetTotalEnergyConsumption() const
{
    if (!m_source)
    {
        return m_totalEnergy;
    }
    Time elapsed = Simulator::Now() - m_lastUpdate;
    return m_totalEnergy + CurrentOf(m_state) * m_source->GetSupplyVoltage() * elapsed.GetSeconds();
}

void
IotsecLrWpanRadioEnergyModel::ChangeState(int newState)
{
    NS_LOG_FUNCTION(this << newState);
    if (m_source)
    {
        Time elapsed = Simulator::Now() - m_lastUpdate;
        double joules = CurrentOf(m_state) * m_source->GetSupplyVoltage() * elapsed.GetSeconds();
        m_totalEnergy += joules;
        if (m_inFrame)
        {
            m_frameEnergy += joules;
        }
        // the source integrates the current of the state that is ending
        m_source->UpdateEnergySource();
    }
    m_lastUpdate = Simulator::Now();
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
