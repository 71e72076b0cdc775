/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_BORDER_ROUTER_GUARD_HELPER_H
#define IOTSEC_BORDER_ROUTER_GUARD_HELPER_H

#include "ns3/border-router-guard.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief Installs a BorderRouterGuard on 6LoWPAN border routers.
 *
 * A router's LLN device is its SixLowPanNetDevice (it must have exactly one); every other
 * device with an IPv6 interface is its way out of the LLN (BorderRouterGuard::Install).
 *
 * \code
 * BorderRouterGuardHelper guards;
 * guards.SetAttribute("RequireAuthenticated", BooleanValue(true));
 * std::vector<Ptr<BorderRouterGuard>> g = guards.Install(building->GetBorderRouters());
 * for (Ptr<BorderRouterGuard> guard : g) { guard->AddAuthenticated(backEnd); }
 * \endcode
 */
class BorderRouterGuardHelper
{
  public:
    BorderRouterGuardHelper();

    /**
     * \param name an attribute of BorderRouterGuard
     * \param value its value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Install a guard on each router, on its 6LoWPAN device. Stops with a message if a
     * router has no 6LoWPAN device, or several.
     * \param routers the 6LBRs
     * \return their guards, in the order of the routers
     */
    std::vector<Ptr<BorderRouterGuard>> Install(NodeContainer routers) const;

    /**
     * \brief Install a guard on a router with the given LLN device.
     * \param llnDevice the router's LLN device
     * \return the guard
     */
    Ptr<BorderRouterGuard> Install(Ptr<NetDevice> llnDevice) const;

  private:
    ObjectFactory m_factory; //!< makes the guards
};

} // namespace ns3

#endif /* IOTSEC_BORDER_ROUTER_GUARD_HELPER_H */
