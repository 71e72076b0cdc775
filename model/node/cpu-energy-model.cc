/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The CPU energy model. Like LrWpanRadioEnergyModel, the class is declared here and not in a
// public header (no public iotsec header names an energy type); it is created by TypeId
// (NodeEnergyHelper), configured by attributes, and reached through its energy source:
// source->FindDeviceEnergyModels("ns3::CpuEnergyModel").

#include "cpu-model.h"

#include "ns3/abort.h"
#include "ns3/device-energy-model.h"
#include "ns3/double.h"
#include "ns3/energy-source.h"
#include "ns3/iotsec-compat.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/traced-value.h"

namespace ns3
{

using namespace energy; // NOLINT: ns-3 >= 3.40 keeps energy in ns3::energy

NS_LOG_COMPONENT_DEFINE("CpuEnergyModel");

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
 */
class CpuEnergyModel : public DeviceEnergyModel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    CpuEnergyModel();

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

    Ptr<EnergySource> m_source;        //!< the energy source
    Ptr<CpuModel> m_cpu;               //!< Cpu
    double m_activeCurrent;            //!< ActiveCurrent
    double m_sleepCurrent;             //!< SleepCurrent
    bool m_busy{false};                //!< state
    Time m_lastUpdate;                 //!< time of the last state change
    TracedValue<double> m_totalEnergy; //!< TotalEnergyConsumption
};

NS_OBJECT_ENSURE_REGISTERED(CpuEnergyModel);

TypeId
CpuEnergyModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CpuEnergyModel")
            .SetParent<DeviceEnergyModel>()
            .SetGroupName("Iotsec")
            .AddConstructor<CpuEnergyModel>()
            .AddAttribute("ActiveCurrent",
                          "Current while the CPU computes, in A.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&CpuEnergyModel::m_activeCurrent),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("SleepCurrent",
                          "Current while the CPU waits for work, in A.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&CpuEnergyModel::m_sleepCurrent),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("Cpu",
                          "The CpuModel whose Busy state drives the model.",
                          PointerValue(),
                          MakePointerAccessor(&CpuEnergyModel::SetCpu, &CpuEnergyModel::GetCpu),
                          MakePointerChecker<CpuModel>())
            .AddTraceSource("TotalEnergyConsumption",
                            "Energy drawn so far, in J (updated at each state change).",
                            MakeTraceSourceAccessor(&CpuEnergyModel::m_totalEnergy),
                            "ns3::TracedValueCallback::Double");
    return tid;
}

CpuEnergyModel::CpuEnergyModel()
    : m_totalEnergy(0.0)
{
    NS_LOG_FUNCTION(this);
}

void
CpuEnergyModel::DoDispose()
{
    if (m_cpu)
    {
        m_cpu->TraceDisconnectWithoutContext("Busy",
                                             MakeCallback(&CpuEnergyModel::BusyChanged, this));
    }
    m_source = nullptr;
    m_cpu = nullptr;
    DeviceEnergyModel::DoDispose();
}

void
CpuEnergyModel::SetEnergySource(Ptr<EnergySource> source)
{
    NS_ABORT_MSG_UNLESS(source, "CpuEnergyModel: null energy source");
    m_source = source;
    m_lastUpdate = Simulator::Now();
}

void
CpuEnergyModel::SetCpu(Ptr<CpuModel> cpu)
{
    NS_ABORT_MSG_UNLESS(cpu, "CpuEnergyModel: null Cpu");
    if (m_cpu)
    {
        m_cpu->TraceDisconnectWithoutContext("Busy",
                                             MakeCallback(&CpuEnergyModel::BusyChanged, this));
    }
    m_cpu = cpu;
    m_busy = cpu->IsBusy();
    cpu->TraceConnectWithoutContext("Busy", MakeCallback(&CpuEnergyModel::BusyChanged, this));
}

Ptr<CpuModel>
CpuEnergyModel::GetCpu() const
{
    return m_cpu;
}

void
CpuEnergyModel::BusyChanged(bool, bool busy)
{
    ChangeState(busy ? 1 : 0);
}

double
CpuEnergyModel::DoGetCurrentA() const
{
    return m_busy ? m_activeCurrent : m_sleepCurrent;
}

double
CpuEnergyModel::GetTotalEnergyConsumption() const
{
    if (!m_source)
    {
        return m_totalEnergy;
    }
    Time elapsed = Simulator::Now() - m_lastUpdate;
    return m_totalEnergy + DoGetCurrentA() * m_source->GetSupplyVoltage() * elapsed.GetSeconds();
}

void
CpuEnergyModel::ChangeState(int newState)
{
    NS_LOG_FUNCTION(this << newState);
    if (m_source)
    {
        Time elapsed = Simulator::Now() - m_lastUpdate;
        m_totalEnergy += DoGetCurrentA() * m_source->GetSupplyVoltage() * elapsed.GetSeconds();
        m_source->UpdateEnergySource(); // integrates the current of the state that ends
    }
    m_lastUpdate = Simulator::Now();
    m_busy = newState != 0;
}

void
CpuEnergyModel::HandleEnergyDepletion()
{
    NS_LOG_INFO("CpuEnergyModel: energy source depleted (the CPU keeps running)");
}

void
CpuEnergyModel::HandleEnergyRecharged()
{
}

void
CpuEnergyModel::HandleEnergyChanged()
{
}

} // namespace ns3
