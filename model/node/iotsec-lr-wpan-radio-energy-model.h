/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_LR_WPAN_RADIO_ENERGY_MODEL_H
#define IOTSEC_LR_WPAN_RADIO_ENERGY_MODEL_H

#include "ns3/device-energy-model.h"
#include "ns3/energy-source.h"
#include "ns3/iotsec-compat.h"
#include "ns3/net-device.h"
#include "ns3/nstime.h"
#include "ns3/traced-value.h"

namespace ns3
{

struct LrWpanPhyStateSink;

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
 * **Warm-up.** lr-wpan's transceiver takes aTurnaroundTime (12 symbols, 192 us) to go from
 * TRX_OFF to RX_ON and reports TRX_OFF meanwhile; a real one draws its receive current while
 * it settles, so the model charges the turnaround before each TRX_OFF -> RX_ON at RxCurrent.
 *
 * **Duty-cycled radios.** On an LplNetDevice the transceiver is off between channel checks,
 * and a check that finds the channel clear is not simulated: the model counts the device's
 * wake-up instants that fall while the transceiver is off (LplNetDevice::NextWakeup()) and
 * charges each LplNetDevice::GetCheckOnTime() at RxCurrent instead of SleepCurrent; with the
 * device's IdleModel Explicit it counts the device's ChannelCheck(IDLE_CHECK) events instead,
 * which gives the same count. A check that found the channel busy turns the transceiver on
 * for real and is charged by its states. The energy source is told the states' currents and,
 * while the transceiver is off, the average current of the checks; TotalEnergyConsumption is
 * exact (the two differ by less than one check's energy).
 *
 * Radio-on time (GetRadioOnTime()) is the time in every state but TRX_OFF, the warm-ups and
 * the checks: the duty cycle is radio-on time over elapsed time.
 *
 * Energy depletion is logged; it does not switch the transceiver off.
 *
 * NodeEnergyHelper installs one per LrWpanNetDevice; find it through the energy source:
 * source->FindDeviceEnergyModels("ns3::IotsecLrWpanRadioEnergyModel"). The TypeId carries the
 * module's prefix so that it cannot collide with an lr-wpan energy model of ns-3's own.
 */
class IotsecLrWpanRadioEnergyModel : public iotsec_compat::DeviceEnergyModel
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

    IotsecLrWpanRadioEnergyModel();

    void SetEnergySource(Ptr<iotsec_compat::EnergySource> source) override;
    double GetTotalEnergyConsumption() const override;
    void ChangeState(int newState) override;
    void HandleEnergyDepletion() override;
    void HandleEnergyRecharged() override;
    void HandleEnergyChanged() override;

    /// \return the time the transceiver has been on so far (see the class description)
    Time GetRadioOnTime() const;
    /// \return the channel checks charged so far (duty-cycled radios; 0 otherwise)
    int64_t GetChannelChecks() const;

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
     * \brief The PHY entered a transceiver state (its TrxStateValue trace source).
     * \param state the radio state it maps to
     * \param inFrame true if the PHY now sends or receives a frame (TX_ON, BUSY_TX, BUSY_RX)
     */
    void PhyStateChanged(RadioState state, bool inFrame);

    /**
     * \brief An LplNetDevice's ChannelCheck trace source.
     * \param kind an LplNetDevice::CheckKind
     */
    void ChannelCheck(uint8_t kind);
    /**
     * \param from a time
     * \param to a later time
     * \return the duty-cycled device's wake-up instants in [from, to)
     */
    int64_t InstantsIn(Time from, Time to) const;
    /// \return the checks of the current TRX_OFF period so far (closed form)
    int64_t OpenChecks() const;
    /// \return one check's energy above the sleep floor, J
    double CheckEnergy() const;

    friend struct LrWpanPhyStateSink;
    /// \return the energy drawn while sending or receiving frames so far, in J
    double GetFrameEnergy() const;

    Ptr<iotsec_compat::EnergySource> m_source; //!< the energy source
    Ptr<NetDevice> m_device;                   //!< Device
    double m_txCurrent;                        //!< TxCurrent
    double m_rxCurrent;                        //!< RxCurrent
    double m_idleCurrent;                      //!< IdleCurrent
    double m_sleepCurrent;                     //!< SleepCurrent
    int m_state{SLEEP};                        //!< current state
    bool m_inFrame{false};                     //!< the PHY is sending or receiving a frame
    bool m_nextInFrame{false};                 //!< the state being entered is
    double m_frameEnergy{0};                   //!< energy of the frame periods that have ended, J
    Time m_lastUpdate;                         //!< time of the last state change
    Time m_onTime;                             //!< radio-on time of the states that have ended
    int64_t m_checks{0};                       //!< channel checks charged so far
    Ptr<NetDevice> m_lpl;                      //!< the device, when it is an LplNetDevice
    Time m_lplInterval;                        //!< its wake-up interval
    Time m_lplCheckOn;                         //!< its radio-on time per check
    bool m_lplAnalytic{false};                 //!< checks in closed form
    TracedValue<double> m_totalEnergy;         //!< TotalEnergyConsumption
};

} // namespace ns3

#endif /* IOTSEC_LR_WPAN_RADIO_ENERGY_MODEL_H */
