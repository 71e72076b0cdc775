/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The lr-wpan radio energy model. The class is declared here and not in a public header, so
// that no public iotsec header names an energy or lr-wpan type (ns-3.40 moved them into
// ns3::energy and ns3::lrwpan). It is created by TypeId (NodeEnergyHelper does this),
// configured by its attributes, and reached through its energy source like any
// DeviceEnergyModel: source->FindDeviceEnergyModels("ns3::LrWpanRadioEnergyModel").

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

using namespace lrwpan; // NOLINT: ns-3 >= 3.40 keeps lr-wpan in ns3::lrwpan
using namespace energy; // NOLINT: ns-3 >= 3.40 keeps energy in ns3::energy

NS_LOG_COMPONENT_DEFINE("LrWpanRadioEnergyModel");

/// The lr-wpan PHY state type, named through one of its values: LrWpanPhyEnumeration in
/// ns-3.37, renamed in later releases
using PhyState = decltype(IEEE_802_15_4_PHY_TX_ON);

/**
 * \ingroup iotsec
 * \brief Energy of an IEEE 802.15.4 (lr-wpan) transceiver, driven by the PHY's transceiver
 * state.
 *
 * The model follows the PHY's TrxStateValue trace source and draws, from its energy source,
 * the current of the state the transceiver is in:
 *
 * | lr-wpan state              | current      |
 * |----------------------------|--------------|
 * | TX_ON, BUSY_TX             | TxCurrent    |
 * | RX_ON, BUSY_RX             | RxCurrent    |
 * | TRX_OFF, FORCE_TRX_OFF     | SleepCurrent |
 * | any other                  | IdleCurrent  |
 *
 * Energy is current x the source's supply voltage x time in the state. A transmission is
 * therefore charged at TxCurrent for its airtime (BUSY_TX) and for the TX_ON time around it:
 * in ns-3's lr-wpan the transceiver stays in TX_ON during the 12-symbol (192 us) turnaround
 * back to RX_ON after each frame. The PHY starts in TRX_OFF, which is the state assumed when
 * the model is attached: attach it (Device attribute) before the simulation starts.
 *
 * Energy depletion is logged; it does not switch the transceiver off.
 */
class LrWpanRadioEnergyModel : public DeviceEnergyModel
{
  public:
    /// Radio states the model distinguishes
    enum RadioState
    {
        TX = 0,    //!< transmitting
        RX = 1,    //!< listening or receiving
        IDLE = 2,  //!< other states
        SLEEP = 3, //!< transceiver off
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    LrWpanRadioEnergyModel();

    void SetEnergySource(Ptr<EnergySource> source) override;
    double GetTotalEnergyConsumption() const override;
    void ChangeState(int newState) override;
    void HandleEnergyDepletion() override;
    void HandleEnergyRecharged() override;
    void HandleEnergyChanged() override;

  protected:
    void DoDispose() override;

  private:
    double DoGetCurrentA() const override;

    /// \param device the lr-wpan device whose PHY drives the model
    void SetDevice(Ptr<NetDevice> device);
    /// \return the device
    Ptr<NetDevice> GetDevice() const;
    /// Stop following the device's PHY
    void Disconnect();
    /**
     * \param state a radio state
     * \return its current
     */
    double CurrentOf(int state) const;
    /**
     * \brief TrxStateValue sink.
     * \param oldState the previous state
     * \param newState the new state
     */
    void TrxStateChanged(PhyState oldState, PhyState newState);
    /// \return the energy drawn while sending or receiving frames so far, in J
    double GetFrameEnergy() const;

    Ptr<EnergySource> m_source;        //!< the energy source
    Ptr<NetDevice> m_device;           //!< Device
    double m_txCurrent;                //!< TxCurrent
    double m_rxCurrent;                //!< RxCurrent
    double m_idleCurrent;              //!< IdleCurrent
    double m_sleepCurrent;             //!< SleepCurrent
    int m_state{SLEEP};                //!< current state
    bool m_inFrame{false};             //!< the PHY is sending or receiving a frame
    bool m_nextInFrame{false};         //!< the state being entered is
    double m_frameEnergy{0};           //!< energy of the frame periods that have ended, J
    Time m_lastUpdate;                 //!< time of the last state change
    TracedValue<double> m_totalEnergy; //!< TotalEnergyConsumption
};

NS_OBJECT_ENSURE_REGISTERED(LrWpanRadioEnergyModel);

TypeId
LrWpanRadioEnergyModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::LrWpanRadioEnergyModel")
            .SetParent<DeviceEnergyModel>()
            .SetGroupName("Iotsec")
            .AddConstructor<LrWpanRadioEnergyModel>()
            .AddAttribute("TxCurrent",
                          "Current while transmitting (TX_ON, BUSY_TX), in A.",
                          DoubleValue(17.4e-3),
                          MakeDoubleAccessor(&LrWpanRadioEnergyModel::m_txCurrent),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("RxCurrent",
                          "Current while listening or receiving (RX_ON, BUSY_RX), in A.",
                          DoubleValue(18.8e-3),
                          MakeDoubleAccessor(&LrWpanRadioEnergyModel::m_rxCurrent),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("IdleCurrent",
                          "Current in the transceiver's other states, in A.",
                          DoubleValue(426e-6),
                          MakeDoubleAccessor(&LrWpanRadioEnergyModel::m_idleCurrent),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("SleepCurrent",
                          "Current with the transceiver off (TRX_OFF, FORCE_TRX_OFF), in A.",
                          DoubleValue(20e-6),
                          MakeDoubleAccessor(&LrWpanRadioEnergyModel::m_sleepCurrent),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("Device",
                          "The LrWpanNetDevice whose PHY state drives the model.",
                          PointerValue(),
                          MakePointerAccessor(&LrWpanRadioEnergyModel::SetDevice,
                                              &LrWpanRadioEnergyModel::GetDevice),
                          MakePointerChecker<NetDevice>())
            .AddAttribute("FrameEnergy",
                          "Energy drawn so far while sending or receiving frames (TX_ON, "
                          "BUSY_TX, BUSY_RX), in J: the part of the radio's energy that is "
                          "traffic rather than listening (read-only).",
                          TypeId::ATTR_GET,
                          DoubleValue(0),
                          MakeDoubleAccessor(&LrWpanRadioEnergyModel::GetFrameEnergy),
                          MakeDoubleChecker<double>())
            .AddTraceSource("TotalEnergyConsumption",
                            "Energy drawn so far, in J (updated at each state change).",
                            MakeTraceSourceAccessor(&LrWpanRadioEnergyModel::m_totalEnergy),
                            "ns3::TracedValueCallback::Double");
    return tid;
}

LrWpanRadioEnergyModel::LrWpanRadioEnergyModel()
    : m_totalEnergy(0.0)
{
    NS_LOG_FUNCTION(this);
}

void
LrWpanRadioEnergyModel::DoDispose()
{
    Disconnect();
    m_source = nullptr;
    DeviceEnergyModel::DoDispose();
}

void
LrWpanRadioEnergyModel::SetEnergySource(Ptr<EnergySource> source)
{
    NS_ABORT_MSG_UNLESS(source, "LrWpanRadioEnergyModel: null energy source");
    m_source = source;
    m_lastUpdate = Simulator::Now();
}

void
LrWpanRadioEnergyModel::SetDevice(Ptr<NetDevice> device)
{
    Ptr<LrWpanNetDevice> lrwpan = DynamicCast<LrWpanNetDevice>(device);
    NS_ABORT_MSG_UNLESS(lrwpan && lrwpan->GetPhy(),
                        "LrWpanRadioEnergyModel: Device must be an LrWpanNetDevice with a PHY");
    Disconnect();
    m_device = device;
    lrwpan->GetPhy()->TraceConnectWithoutContext(
        "TrxStateValue",
        MakeCallback(&LrWpanRadioEnergyModel::TrxStateChanged, this));
}

Ptr<NetDevice>
LrWpanRadioEnergyModel::GetDevice() const
{
    return m_device;
}

void
LrWpanRadioEnergyModel::Disconnect()
{
    Ptr<LrWpanNetDevice> lrwpan = DynamicCast<LrWpanNetDevice>(m_device);
    if (lrwpan && lrwpan->GetPhy())
    {
        lrwpan->GetPhy()->TraceDisconnectWithoutContext(
            "TrxStateValue",
            MakeCallback(&LrWpanRadioEnergyModel::TrxStateChanged, this));
    }
    m_device = nullptr;
}

void
LrWpanRadioEnergyModel::TrxStateChanged(PhyState, PhyState newState)
{
    m_nextInFrame = (newState == IEEE_802_15_4_PHY_TX_ON || newState == IEEE_802_15_4_PHY_BUSY_TX ||
                     newState == IEEE_802_15_4_PHY_BUSY_RX);
    switch (newState)
    {
    case IEEE_802_15_4_PHY_TX_ON:
    case IEEE_802_15_4_PHY_BUSY_TX:
        ChangeState(TX);
        break;
    case IEEE_802_15_4_PHY_RX_ON:
    case IEEE_802_15_4_PHY_BUSY_RX:
        ChangeState(RX);
        break;
    case IEEE_802_15_4_PHY_TRX_OFF:
    case IEEE_802_15_4_PHY_FORCE_TRX_OFF:
        ChangeState(SLEEP);
        break;
    default:
        ChangeState(IDLE);
        break;
    }
}

double
LrWpanRadioEnergyModel::CurrentOf(int state) const
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
LrWpanRadioEnergyModel::DoGetCurrentA() const
{
    return CurrentOf(m_state);
}

double
LrWpanRadioEnergyModel::GetTotalEnergyConsumption() const
{
    if (!m_source)
    {
        return m_totalEnergy;
    }
    Time elapsed = Simulator::Now() - m_lastUpdate;
    return m_totalEnergy + CurrentOf(m_state) * m_source->GetSupplyVoltage() * elapsed.GetSeconds();
}

void
LrWpanRadioEnergyModel::ChangeState(int newState)
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
LrWpanRadioEnergyModel::GetFrameEnergy() const
{
    if (!m_source || !m_inFrame)
    {
        return m_frameEnergy;
    }
    Time elapsed = Simulator::Now() - m_lastUpdate;
    return m_frameEnergy + CurrentOf(m_state) * m_source->GetSupplyVoltage() * elapsed.GetSeconds();
}

void
LrWpanRadioEnergyModel::HandleEnergyDepletion()
{
    NS_LOG_INFO("LrWpanRadioEnergyModel: energy source depleted (the radio keeps running)");
}

void
LrWpanRadioEnergyModel::HandleEnergyRecharged()
{
}

void
LrWpanRadioEnergyModel::HandleEnergyChanged()
{
}

} // namespace ns3
