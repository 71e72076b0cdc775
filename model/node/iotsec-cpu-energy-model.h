/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_CPU_ENERGY_MODEL_H
#define IOTSEC_CPU_ENERGY_MODEL_H

#include "ns3/cpu-model.h"
#include "ns3/device-energy-model.h"
#include "ns3/energy-source.h"
#include "ns3/iotsec-compat.h"
#include "ns3/nstime.h"
#include "ns3/traced-value.h"

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief Energy of a node's CPU, driven by its CpuModel.
 *
 * The model follows the CpuModel's Busy trace source: while the CPU computes it draws
 * ActiveCurrent, otherwise SleepCurrent. Since the CpuModel is busy for exactly
 * cycles / CpuFrequency per job, the active energy is cycles x ActiveCurrent x V /
 * CpuFrequency: cycles x the profile's energy per cycle when V is the profile's supply
 * voltage (NodeEnergyHelper gives the energy source that voltage). Only the work that
 * engines report is priced; the CPU sleeps otherwise.
 *
 * NodeEnergyHelper installs one per node; find it through the energy source:
 * source->FindDeviceEnergyModels("ns3::IotsecCpuEnergyModel").
 */
class IotsecCpuEnergyModel : public iotsec_compat::DeviceEnergyModel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    IotsecCpuEnergyModel();

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

    /// \param cpu the CPU whose Busy state drives the model
    void SetCpu(Ptr<CpuModel> cpu);
    /// \return the CPU
    Ptr<CpuModel> GetCpu() const;
    /**
     * \brief Busy sink.
     * \param oldValue previous value
     * \param busy new value
     */
    void BusyChanged(bool oldValue, bool busy);

    Ptr<iotsec_compat::EnergySource> m_source; //!< the energy source
    Ptr<CpuModel> m_cpu;                       //!< Cpu
    double m_activeCurrent;                    //!< ActiveCurrent
    double m_sleepCurrent;                     //!< SleepCurrent
    bool m_busy{false};                        //!< state
    Time m_lastUpdate;                         //!< time of the last state change
    TracedValue<double> m_totalEnergy;         //!< TotalEnergyConsumption
};

} // namespace ns3

#endif /* IOTSEC_CPU_ENERGY_MODEL_H */
