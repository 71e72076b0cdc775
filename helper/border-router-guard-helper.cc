/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "border-router-guard-helper.h"

#include "ns3/abort.h"
#include "ns3/sixlowpan-net-device.h"

namespace ns3
{

BorderRouterGuardHelper::BorderRouterGuardHelper()
{
    m_factory.SetTypeId(BorderRouterGuard::GetTypeId());
}

void
BorderRouterGuardHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

std::vector<Ptr<BorderRouterGuard>>
BorderRouterGuardHelper::Install(NodeContainer routers) const
{
    std::vector<Ptr<BorderRouterGuard>> guards;
    for (uint32_t i = 0; i < routers.GetN(); ++i)
    {
        Ptr<Node> router = routers.Get(i);
        Ptr<NetDevice> lln;
        for (uint32_t d = 0; d < router->GetNDevices(); ++d)
        {
            if (DynamicCast<SixLowPanNetDevice>(router->GetDevice(d)))
            {
                NS_ABORT_MSG_IF(lln,
                                "BorderRouterGuardHelper: node "
                                    << router->GetId()
                                    << " has several 6LoWPAN devices: use Install(llnDevice)");
                lln = router->GetDevice(d);
            }
        }
        NS_ABORT_MSG_UNLESS(lln,
                            "BorderRouterGuardHelper: node " << router->GetId()
                                                             << " has no 6LoWPAN device");
        guards.push_back(Install(lln));
    }
    return guards;
}

Ptr<BorderRouterGuard>
BorderRouterGuardHelper::Install(Ptr<NetDevice> llnDevice) const
{
    Ptr<BorderRouterGuard> guard = m_factory.Create<BorderRouterGuard>();
    guard->Install(llnDevice);
    return guard;
}

} // namespace ns3
