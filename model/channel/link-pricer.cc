/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "link-pricer.h"

#include "ns3/buildings-propagation-loss-model.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/mobility-model.h"
#include "ns3/propagation-loss-model.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("LinkPricer");

LinkPricer::LinkPricer(Ptr<PropagationLossModel> chain)
    : m_chain(chain)
{
    Ptr<BuildingsPropagationLossModel> buildings =
        DynamicCast<BuildingsPropagationLossModel>(chain);
    if (!buildings)
    {
        return;
    }
    for (const char* name : {"ShadowSigmaOutdoor", "ShadowSigmaIndoor", "ShadowSigmaExtWalls"})
    {
        DoubleValue sigma;
        if (!buildings->GetAttributeFailSafe(name, sigma) || sigma.Get() != 0.0)
        {
            return;
        }
    }
    m_buildings = buildings;
    m_rest = buildings->GetNext();
    NS_LOG_INFO("pricing " << buildings->GetInstanceTypeId().GetName()
                           << " without its shadowing table (every deviation is 0)");
}

double
LinkPricer::CalcRxPower(double txPowerDbm,
                        const Ptr<MobilityModel>& a,
                        const Ptr<MobilityModel>& b) const
{
    if (!m_buildings)
    {
        return m_chain ? m_chain->CalcRxPower(txPowerDbm, a, b) : txPowerDbm;
    }
    // BuildingsPropagationLossModel::DoCalcRxPower is tx - GetLoss - GetShadowing, and the
    // shadowing is +-0 here: x - (+-0) == x for every x the loss can produce
    double rx = txPowerDbm - m_buildings->GetLoss(a, b);
    return m_rest ? m_rest->CalcRxPower(rx, a, b) : rx;
}

bool
LinkPricer::IsShortcut() const
{
    return static_cast<bool>(m_buildings);
}

} // namespace ns3
