/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "node-energy-helper.h"

#include "ns3/abort.h"
#include "ns3/basic-energy-source-helper.h"
#include "ns3/cpu-model.h"
#include "ns3/device-energy-model.h"
#include "ns3/device-profile.h"
#include "ns3/double.h"
#include "ns3/energy-source-container.h"
#include "ns3/iotsec-compat.h"
#include "ns3/iotsec-lr-wpan-radio-energy-model.h"
#include "ns3/log.h"
#include "ns3/lr-wpan-net-device.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <limits>

namespace ns3
{

using namespace lrwpan; // NOLINT: ns-3 >= 3.42 keeps lr-wpan in ns3::lrwpan
using namespace energy; // NOLINT: ns-3 >= 3.42 keeps energy in ns3::energy

NS_LOG_COMPONENT_DEFINE("NodeEnergyHelper");

namespace
{

/**
 * \param node a node
 * \param typeName a DeviceEnergyModel type
 * \return the energy of all such models on the node's sources
 */
double
SumModels(Ptr<Node> node, const std::string& typeName)
{
    Ptr<EnergySourceContainer> sources = node->GetObject<EnergySourceContainer>();
    if (!sources)
    {
        return 0.0;
    }
    double joules = 0.0;
    for (auto it = sources->Begin(); it != sources->End(); ++it)
    {
        DeviceEnergyModelContainer models = (*it)->FindDeviceEnergyModels(typeName);
        for (auto m = models.Begin(); m != models.End(); ++m)
        {
            joules += (*m)->GetTotalEnergyConsumption();
        }
    }
    return joules;
}

} // namespace

NodeEnergyHelper::NodeEnergyHelper()
    : m_initialEnergy(2 * 1.5 * 2.5 * 3600)
{
}

void
NodeEnergyHelper::SetInitialEnergy(double joules)
{
    NS_ABORT_MSG_UNLESS(joules > 0, "NodeEnergyHelper: initial energy must be > 0 J");
    m_initialEnergy = joules;
}

void
NodeEnergyHelper::Install(NodeContainer nodes) const
{
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        Ptr<Node> node = nodes.Get(i);
        Ptr<DeviceProfile> profile = node->GetObject<DeviceProfile>();
        Ptr<CpuModel> cpu = node->GetObject<CpuModel>();
        NS_ABORT_MSG_UNLESS(profile && cpu,
                            "NodeEnergyHelper: node " << node->GetId()
                                                      << " has no DeviceProfile and CpuModel "
                                                         "(install NodeModelHelper first)");
        profile->Validate();
        BasicEnergySourceHelper sourceHelper;
        sourceHelper.Set("BasicEnergySourceInitialEnergyJ", DoubleValue(m_initialEnergy));
        sourceHelper.Set("BasicEnergySupplyVoltageV", DoubleValue(profile->GetSupplyVoltage()));
        Ptr<EnergySource> source = sourceHelper.Install(node).Get(0);

        for (uint32_t d = 0; d < node->GetNDevices(); ++d)
        {
            Ptr<LrWpanNetDevice> dev = DynamicCast<LrWpanNetDevice>(node->GetDevice(d));
            if (!dev)
            {
                continue;
            }
            ObjectFactory radioFactory("ns3::IotsecLrWpanRadioEnergyModel");
            radioFactory.Set("TxCurrent", DoubleValue(profile->GetRadioTxCurrent()));
            radioFactory.Set("RxCurrent", DoubleValue(profile->GetRadioRxCurrent()));
            radioFactory.Set("IdleCurrent", DoubleValue(profile->GetRadioIdleCurrent()));
            radioFactory.Set("SleepCurrent", DoubleValue(profile->GetRadioSleepCurrent()));
            Ptr<DeviceEnergyModel> radio = radioFactory.Create<DeviceEnergyModel>();
            radio->SetEnergySource(source);
            radio->SetAttribute("Device", PointerValue(dev));
            source->AppendDeviceEnergyModel(radio);
        }

        ObjectFactory cpuFactory("ns3::IotsecCpuEnergyModel");
        cpuFactory.Set("ActiveCurrent", DoubleValue(profile->GetCpuActiveCurrent()));
        cpuFactory.Set("SleepCurrent", DoubleValue(profile->GetCpuSleepCurrent()));
        Ptr<DeviceEnergyModel> cpuEnergy = cpuFactory.Create<DeviceEnergyModel>();
        cpuEnergy->SetEnergySource(source);
        cpuEnergy->SetAttribute("Cpu", PointerValue(cpu));
        source->AppendDeviceEnergyModel(cpuEnergy);
    }
}

NodeEnergy
NodeEnergyHelper::GetNodeEnergy(Ptr<Node> node)
{
    NodeEnergy e;
    e.nodeId = node->GetId();
    e.radio = SumModels(node, "ns3::IotsecLrWpanRadioEnergyModel");
    e.cpu = SumModels(node, "ns3::IotsecCpuEnergyModel");
    e.elapsed = Simulator::Now().GetSeconds();
    Ptr<EnergySourceContainer> sources = node->GetObject<EnergySourceContainer>();
    if (sources)
    {
        for (auto it = sources->Begin(); it != sources->End(); ++it)
        {
            DeviceEnergyModelContainer models =
                (*it)->FindDeviceEnergyModels("ns3::IotsecLrWpanRadioEnergyModel");
            for (auto m = models.Begin(); m != models.End(); ++m)
            {
                DoubleValue frames;
                (*m)->GetAttribute("FrameEnergy", frames);
                e.radioFrames += frames.Get();
                Ptr<IotsecLrWpanRadioEnergyModel> radio =
                    DynamicCast<IotsecLrWpanRadioEnergyModel>(*m);
                if (radio)
                {
                    e.radioOn += radio->GetRadioOnTime().GetSeconds();
                }
            }
        }
    }
    return e;
}

std::vector<NodeEnergy>
NodeEnergyHelper::GetNodeEnergies(NodeContainer nodes)
{
    std::vector<NodeEnergy> all;
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        all.push_back(GetNodeEnergy(nodes.Get(i)));
    }
    return all;
}

EnergySummary
NodeEnergyHelper::Summarize(NodeContainer nodes)
{
    EnergySummary s;
    for (const NodeEnergy& e : GetNodeEnergies(nodes))
    {
        ++s.nodes;
        s.radioTotal += e.radio;
        s.cpuTotal += e.cpu;
        s.total += e.Total();
        s.radioMax = std::max(s.radioMax, e.radio);
        s.cpuMax = std::max(s.cpuMax, e.cpu);
        s.max = std::max(s.max, e.Total());
        s.radioFramesTotal += e.radioFrames;
        s.radioFramesMax = std::max(s.radioFramesMax, e.radioFrames);
        s.dutyCycleMean += e.DutyCycle();
        s.dutyCycleMax = std::max(s.dutyCycleMax, e.DutyCycle());
        s.powerMax = std::max(s.powerMax, e.elapsed > 0 ? e.Total() / e.elapsed : 0.0);
    }
    if (s.nodes > 0)
    {
        s.radioMean = s.radioTotal / s.nodes;
        s.cpuMean = s.cpuTotal / s.nodes;
        s.mean = s.total / s.nodes;
        s.radioFramesMean = s.radioFramesTotal / s.nodes;
        s.dutyCycleMean /= s.nodes;
    }
    return s;
}

double
NodeEnergyHelper::GetRemainingEnergy(Ptr<Node> node)
{
    Ptr<EnergySourceContainer> sources = node->GetObject<EnergySourceContainer>();
    double joules = 0.0;
    if (sources)
    {
        for (auto it = sources->Begin(); it != sources->End(); ++it)
        {
            joules += (*it)->GetRemainingEnergy();
        }
    }
    return joules;
}

double
NodeEnergyHelper::GetInitialEnergy() const
{
    return m_initialEnergy;
}

double
NodeEnergyHelper::LifetimeDays(double batteryJ, double powerW)
{
    return powerW > 0 ? batteryJ / powerW / 86400.0 : std::numeric_limits<double>::infinity();
}

} // namespace ns3
