/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "node-model-helper.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/node.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NodeModelHelper");

NodeModelHelper::NodeModelHelper()
    : m_preset("Unconstrained")
{
}

void
NodeModelHelper::SetPreset(const std::string& name)
{
    std::vector<std::string> names = DeviceProfile::GetPresetNames();
    if (std::find(names.begin(), names.end(), name) == names.end())
    {
        DeviceProfile::CreatePreset(name); // aborts with the list of presets
    }
    m_preset = name;
}

void
NodeModelHelper::SetProfileAttribute(const std::string& name, const AttributeValue& value)
{
    m_attributes.emplace_back(name, value.Copy());
}

Ptr<DeviceProfile>
NodeModelHelper::CreateProfile() const
{
    Ptr<DeviceProfile> profile = DeviceProfile::CreatePreset(m_preset);
    for (const auto& a : m_attributes)
    {
        profile->SetAttribute(a.first, *a.second);
    }
    profile->Validate();
    return profile;
}

void
NodeModelHelper::Install(Ptr<Node> node) const
{
    NS_ABORT_MSG_IF(node->GetObject<DeviceProfile>(),
                    "NodeModelHelper: node " << node->GetId() << " already has a DeviceProfile");
    Ptr<DeviceProfile> profile = CreateProfile();
    Ptr<CpuModel> cpu = CreateObject<CpuModel>();
    cpu->SetProfile(profile);
    Ptr<RamModel> ram = CreateObject<RamModel>();
    ram->SetProfile(profile);
    node->AggregateObject(profile);
    node->AggregateObject(cpu);
    node->AggregateObject(ram);
    NS_LOG_INFO("node " << node->GetId() << ": " << profile->GetName() << " ("
                        << profile->GetDeviceClassName() << ")");
}

void
NodeModelHelper::Install(NodeContainer nodes) const
{
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        Install(nodes.Get(i));
    }
}

Ptr<DeviceProfile>
NodeModelHelper::GetProfile(Ptr<Node> node)
{
    return node->GetObject<DeviceProfile>();
}

Ptr<CpuModel>
NodeModelHelper::GetCpu(Ptr<Node> node)
{
    return node->GetObject<CpuModel>();
}

Ptr<RamModel>
NodeModelHelper::GetRam(Ptr<Node> node)
{
    return node->GetObject<RamModel>();
}

} // namespace ns3
