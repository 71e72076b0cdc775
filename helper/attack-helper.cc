/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "attack-helper.h"

#include "ns3/abort.h"
#include "ns3/amplification-attack-application.h"
#include "ns3/flood-attack-application.h"
#include "ns3/raw-ipv6-injector.h"
#include "ns3/replay-attack-application.h"

namespace ns3
{

AttackHelper::AttackHelper()
{
    m_flood.SetTypeId(FloodAttackApplication::GetTypeId());
    m_replay.SetTypeId(ReplayAttackApplication::GetTypeId());
    m_amplification.SetTypeId(AmplificationAttackApplication::GetTypeId());
}

void
AttackHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    bool used = false;
    for (ObjectFactory* f : {&m_flood, &m_replay, &m_amplification})
    {
        TypeId::AttributeInformation info;
        if (f->GetTypeId().LookupAttributeByName(name, &info))
        {
            f->Set(name, value);
            used = true;
        }
    }
    NS_ABORT_MSG_UNLESS(used, "AttackHelper::SetAttribute: no attacker has an attribute " << name);
}

Address
AttackHelper::NextHop(Ptr<NetDevice> device, Ptr<Node> nextHop)
{
    Address a = RawIpv6Injector::NextHopOnLink(device, nextHop);
    NS_ABORT_MSG_IF(a.IsInvalid(),
                    "AttackHelper: node " << (nextHop ? nextHop->GetId() : 0)
                                          << " has no device on the link of device "
                                          << device->GetIfIndex() << " of node "
                                          << device->GetNode()->GetId());
    return a;
}

ApplicationContainer
AttackHelper::InstallFlood(NodeContainer nodes, const std::vector<Ipv6Address>& targets) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<FloodAttackApplication> app = m_flood.Create<FloodAttackApplication>();
        app->SetTargets(targets);
        (*it)->AddApplication(app);
        apps.Add(app);
    }
    return apps;
}

ApplicationContainer
AttackHelper::InstallFlood(NetDeviceContainer devices,
                           Ptr<Node> nextHop,
                           const std::vector<Ipv6Address>& targets) const
{
    ApplicationContainer apps;
    for (auto it = devices.Begin(); it != devices.End(); ++it)
    {
        Ptr<FloodAttackApplication> app = m_flood.Create<FloodAttackApplication>();
        app->SetTargets(targets);
        app->SetDevice(*it, NextHop(*it, nextHop));
        (*it)->GetNode()->AddApplication(app);
        apps.Add(app);
    }
    return apps;
}

ApplicationContainer
AttackHelper::InstallReplay(NetDeviceContainer taps, Ptr<Node> nextHop) const
{
    ApplicationContainer apps;
    for (auto it = taps.Begin(); it != taps.End(); ++it)
    {
        Ptr<ReplayAttackApplication> app = m_replay.Create<ReplayAttackApplication>();
        app->SetDevice(*it, nextHop ? NextHop(*it, nextHop) : Address());
        (*it)->GetNode()->AddApplication(app);
        apps.Add(app);
    }
    return apps;
}

ApplicationContainer
AttackHelper::InstallAmplification(NetDeviceContainer devices,
                                   Ptr<Node> nextHop,
                                   const std::vector<Ipv6Address>& targets) const
{
    ApplicationContainer apps;
    for (auto it = devices.Begin(); it != devices.End(); ++it)
    {
        Ptr<AmplificationAttackApplication> app =
            m_amplification.Create<AmplificationAttackApplication>();
        app->SetTargets(targets);
        app->SetDevice(*it, NextHop(*it, nextHop));
        (*it)->GetNode()->AddApplication(app);
        apps.Add(app);
    }
    return apps;
}

int64_t
AttackHelper::AssignStreams(ApplicationContainer apps, int64_t stream)
{
    int64_t current = stream;
    for (auto it = apps.Begin(); it != apps.End(); ++it)
    {
        if (auto app = DynamicCast<UdpAttackApplication>(*it))
        {
            current += app->AssignStreams(current);
        }
    }
    return current - stream;
}

} // namespace ns3
