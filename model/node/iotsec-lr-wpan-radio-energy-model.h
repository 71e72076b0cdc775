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
    TracedValue<double> m_totalEnergy;         //!< TotalEnergyConsumption
};

} // namespace ns3

#endif /* IOTSEC_LR_WPAN_RADIO_ENERGY_MODEL_H */
