/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "iotsec-cpu-energy-model.h"

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

using namespace energy; // NOLINT: ns-3 >= 3.42 keeps energy in ns3::energy

NS_LOG_COMPONENT_DEFINE("IotsecCpuEnergyModel");

NS_OBJECT_ENSURE_REGISTERED(IotsecCpuEnergyModel);

TypeId
IotsecCpuEnergyModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::IotsecCpuEnergyModel")
            .SetParent<DeviceEnergyModel>()
            .SetGroupName("Iotsec")
            .AddConstructor<IotsecCpuEnergyModel>()
            .AddAttribute("ActiveCurrent",
                          "Current while the CPU computes, in A.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&IotsecCpuEnergyModel::m_activeCurrent),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("SleepCurrent",
                          "Current while the CPU waits for work, in A.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&IotsecCpuEnergyModel::m_sleepCurrent),
                          MakeDoubleChecker<double>(0))
            .AddAttribute(
                "Cpu",
                "The CpuModel whose Busy state drives the model.",
                PointerValue(),
                MakePointerAccessor(&IotsecCpuEnergyModel::SetCpu, &IotsecCpuEnergyModel::GetCpu),
                MakePointerChecker<CpuModel>())
            .AddTraceSource("TotalEnergyConsumption",
                            "Energy drawn so far, in J (updated at each state change).",
                            MakeTraceSourceAccessor(&IotsecCpuEnergyModel::m_totalEnergy),
                            "ns3::TracedValueCallback::Double");
    return tid;
}

IotsecCpuEnergyModel::IotsecCpuEnergyModel()
    : m_totalEnergy(0.0)
{
    NS_LOG_FUNCTION(this);
}

void
IotsecCpuEnergyModel::DoDispose()
{
    if (m_cpu)
    {
        m_cpu->TraceDisconnectWithoutContext(
            "Busy",
            MakeCallback(&IotsecCpuEnergyModel::BusyChanged, this));
    }
    m_source = nullptr;
    m_cpu = nullptr;
    DeviceEnergyModel::DoDispose();
}

void
IotsecCpuEnergyModel::SetEnergySource(Ptr<EnergySource> source)
{
    NS_ABORT_MSG_UNLESS(source, "IotsecCpuEnergyModel: null energy source");
    m_source = source;
    m_lastUpdate = Simulator::Now();
}

void
IotsecCpuEnergyModel::SetCpu(Ptr<CpuModel> cpu)
{
    NS_ABORT_MSG_UNLESS(cpu, "IotsecCpuEnergyModel: null Cpu");
    if (m_cpu)
    {
        m_cpu->TraceDisconnectWithoutContext(
            "Busy",
            MakeCallback(&IotsecCpuEnergyModel::BusyChanged, this));
    }
    m_cpu = cpu;
    m_busy = cpu->IsBusy();
    cpu->TraceConnectWithoutContext("Busy", MakeCallback(&IotsecCpuEnergyModel::BusyChanged, this));
}

Ptr<CpuModel>
IotsecCpuEnergyModel::GetCpu() const
{
    return m_cpu;
}

void
IotsecCpuEnergyModel::BusyChanged(bool, bool busy)
{
    ChangeState(busy ? 1 : 0);
}

double
IotsecCpuEnergyModel::DoGetCurrentA() const
{
    return m_busy ? m_activeCurrent : m_sleepCurrent;
}

double
IotsecCpuEnergyModel::GetTotalEnergyConsumption() const
{
    if (!m_source)
    {
        return m_totalEnergy;
    }
    Time elapsed = Simulator::Now() - m_lastUpdate;
    return m_totalEnergy + DoGetCurrentA() * m_source->GetSupplyVoltage() * elapsed.GetSeconds();
}

void
IotsecCpuEnergyModel::ChangeState(int newState)
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
IotsecCpuEnergyModel::HandleEnergyDepletion()
{
    NS_LOG_INFO("IotsecCpuEnergyModel: energy source depleted (the CPU keeps running)");
}

void
IotsecCpuEnergyModel::HandleEnergyRecharged()
{
}

void
IotsecCpuEnergyModel::HandleEnergyChanged()
{
}

} // namespace ns3
