/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "link-pricer.h"

#include "frame-erasure-loss-model.h"

#include "ns3/building.h"
#include "ns3/buildings-propagation-loss-model.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/double.h"
#include "ns3/hybrid-buildings-propagation-loss-model.h"
#include "ns3/log.h"
#include "ns3/mobility-building-info.h"
#include "ns3/mobility-model.h"
#include "ns3/propagation-loss-model.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("LinkPricer");

LinkPricer::LinkPricer(Ptr<PropagationLossModel> chain)
    : m_chain(chain)
{ // Frame erasure models may come first (SpectrumChannel::AddPropagationLossModel puts
    // the model added last at the head of the chain)
    Ptr<PropagationLossModel> head = chain;
    std::vector<Ptr<FrameErasurePropagationLossModel>> erasures;
    while (DynamicCast<FrameErasurePropagationLossModel>(head))
    {
        erasures.push_back(DynamicCast<FrameErasurePropagationLossModel>(head));
        head = head->GetNext();
    }
    Ptr<BuildingsPropagationLossModel> buildings = DynamicCast<BuildingsPropagationLossModel>(head);
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
    m_leading = erasures;
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
    } // The leading erasure models first, each as its DoCalcRxPower; then
    // BuildingsPropagationLossModel::DoCalcRxPower, which is tx - GetLoss - GetShadowing, and
    // the shadowing is +-0 here: x - (+-0) == x for every x the loss can produce
    double rx = txPowerDbm;
    for (const auto& erasure : m_leading)
    {
        rx = erasure->PassOrErase(rx);
    }
    rx = rx - m_buildings->GetLoss(a, b);
    return m_rest ? m_rest->CalcRxPower(rx, a, b) : rx;
}

bool
LinkPricer::IsShortcut() const
{
    return static_cast<bool>(m_buildings);
}

double
LinkPricer::CrossBuildingRange(double maxLossDb, double wallLossDb, double zMin, double zMax) const
{
    const double none = std::numeric_limits<double>::infinity();
    if (!m_buildings ||
        m_buildings->GetInstanceTypeId() != HybridBuildingsPropagationLossModel::GetTypeId())
    {
        return none;
    }
    for (Ptr<PropagationLossModel> m = m_rest; m; m = m->GetNext())
    {
        if (!DynamicCast<FrameErasurePropagationLossModel>(m)) // erasures add loss or nothing
        {
            return none; // a model that might add gain
        }
    }
    const double lambda = ProbeWavelength();
    if (!(lambda > 0))
    {
        return none;
    }
    // Both heights above lambda / sqrt(8 pi), or P.1411's breakpoint loss changes sign
    if (!(zMin > 0) || zMin * zMin <= 1.001 * lambda * lambda / (8 * M_PI))
    {
        return none;
    }
    DoubleValue threshold;
    if (!m_buildings->GetAttributeFailSafe("Los2NlosThr", threshold))
    {
        return none;
    }
    // The distance at which free space minus `margin` plus the walls reaches maxLossDb
    auto reach = [&](double margin) {
        return lambda / (4 * M_PI) * std::pow(10.0, (maxLossDb - wallLossDb + margin) / 20.0) *
               1.0001;
    };
    // Line of sight (closer than Los2NlosThr): at least free space minus 6.03 dB; over the
    // rooftops (from Los2NlosThr on): at least free space minus 0.06 dB
    double lineOfSight = reach(6.03);
    double overRooftops = reach(0.06);
    double range =
        overRooftops > threshold.Get() ? overRooftops : std::min(lineOfSight, threshold.Get());
    // ... the line-of-sight bound holds from 10^-4 of the largest breakpoint distance
    // 4 h1 h2 / lambda on
    return std::max(range, 1e-4 * 4 * zMax * zMax / lambda);
}

double
LinkPricer::ProbeWavelength() const
{
    if (m_lambda >= 0)
    {
        return m_lambda;
    }
    m_lambda = 0;
    // HybridBuildings' Frequency attribute has no getter: ask the model. Two outdoor nodes
    // 10 m high and d apart (d below Los2NlosThr and the breakpoint distance) are priced by
    // ITU-R P.1411 line of sight: loss(d) = K(d) - 17.5 log10(lambda), with
    // K(d) = 20 log10(8 pi h^2) + 10 + 22.5 log10(d) - 22.5 log10(4 h^2). Solve at 10 m,
    // check at 20 m.
    DoubleValue threshold;
    if (!m_buildings->GetAttributeFailSafe("Los2NlosThr", threshold) || threshold.Get() <= 20)
    {
        return m_lambda;
    }
    const double h = 10;
    auto node = [h](double x) {
        Ptr<ConstantPositionMobilityModel> m = CreateObject<ConstantPositionMobilityModel>();
        m->SetPosition(Vector(-1e7 + x, -1e7, h)); // outside every building
        Ptr<MobilityBuildingInfo> info = CreateObject<MobilityBuildingInfo>();
        m->AggregateObject(info);
        info->MakeConsistent(m);
        return m;
    };
    Ptr<MobilityModel> origin = node(0);
    auto k = [h](double d) {
        return 20 * std::log10(8 * M_PI * h * h) + 10 + 22.5 * std::log10(d) -
               22.5 * std::log10(4 * h * h);
    };
    if (origin->GetObject<MobilityBuildingInfo>()->IsIndoor())
    {
        return m_lambda;
    }
    double lambda = std::pow(10.0, (k(10) - m_buildings->GetLoss(origin, node(10))) / 17.5);
    double predicted = k(20) - 17.5 * std::log10(lambda);
    if (std::abs(predicted - m_buildings->GetLoss(origin, node(20))) < 1e-6 &&
        20 < 4 * h * h / lambda && lambda * lambda < 8 * M_PI * h * h)
    {
        m_lambda = lambda;
    }
    NS_LOG_INFO("the buildings model's wavelength: " << m_lambda << " m");
    return m_lambda;
}

namespace
{
/// ns-3's external wall loss of a building (BuildingsPropagationLossModel::ExternalWallLoss)
double
WallLoss(Ptr<Building> building)
{
    switch (building->GetExtWallsType())
    {
    case Building::Wood:
        return 4;
    case Building::ConcreteWithWindows:
        return 7;
    case Building::ConcreteWithoutWindows:
        return 15;
    case Building::StoneBlocks:
        return 12;
    default:
        return 0;
    }
}
} // namespace

BuildingLinkPruner::BuildingLinkPruner(const LinkPricer& pricer,
                                       double maxLossDb,
                                       const std::vector<Ptr<MobilityModel>>& nodes,
                                       const std::vector<bool>& grouped)
    : m_group(nodes.size(), -1)
{
    std::vector<Ptr<Building>> buildings;
    std::vector<Vector> low;
    std::vector<Vector> high;
    double zMin = std::numeric_limits<double>::infinity();
    double zMax = 0;
    for (std::size_t i = 0; i < nodes.size(); ++i)
    {
        Ptr<MobilityBuildingInfo> info =
            nodes[i] ? nodes[i]->GetObject<MobilityBuildingInfo>() : nullptr;
        if (!grouped[i] || !info || !info->IsIndoor() || !info->GetBuilding())
        {
            m_ungrouped.push_back(static_cast<uint32_t>(i));
            continue;
        }
        Vector p = nodes[i]->GetPosition();
        auto it = std::find(buildings.begin(), buildings.end(), info->GetBuilding());
        std::size_t g = it - buildings.begin();
        if (it == buildings.end())
        {
            buildings.push_back(info->GetBuilding());
            low.push_back(p);
            high.push_back(p);
            m_members.emplace_back();
        }
        low[g] = Vector(std::min(low[g].x, p.x), std::min(low[g].y, p.y), std::min(low[g].z, p.z));
        high[g] =
            Vector(std::max(high[g].x, p.x), std::max(high[g].y, p.y), std::max(high[g].z, p.z));
        zMin = std::min(zMin, p.z);
        zMax = std::max(zMax, p.z);
        m_group[i] = static_cast<int32_t>(g);
        m_members[g].push_back(static_cast<uint32_t>(i));
    }
    const std::size_t n = buildings.size();
    m_apart.assign(n, std::vector<bool>(n, false));
    for (std::size_t a = 0; a < n; ++a)
    {
        for (std::size_t b = a + 1; b < n; ++b)
        {
            auto gap = [](double lo1, double hi1, double lo2, double hi2) {
                return std::max({0.0, lo2 - hi1, lo1 - hi2});
            };
            double dx = gap(low[a].x, high[a].x, low[b].x, high[b].x);
            double dy = gap(low[a].y, high[a].y, low[b].y, high[b].y);
            double dz = gap(low[a].z, high[a].z, low[b].z, high[b].z);
            double distance = std::sqrt(dx * dx + dy * dy + dz * dz);
            double range =
                pricer.CrossBuildingRange(maxLossDb,
                                          WallLoss(buildings[a]) + WallLoss(buildings[b]),
                                          zMin,
                                          zMax);
            m_apart[a][b] = m_apart[b][a] = distance >= range;
            NS_LOG_LOGIC("buildings " << a << " and " << b << ": " << distance << " m apart, range "
                                      << range << " m");
            m_pruning = m_pruning || m_apart[a][b];
        }
    }
    NS_LOG_INFO(nodes.size() << " nodes, " << n << " buildings, "
                             << (m_pruning ? "some buildings out of each other's range"
                                           : "no pair of buildings provably out of range"));
}

bool
BuildingLinkPruner::IsPruning() const
{
    return m_pruning;
}

bool
BuildingLinkPruner::Apart(std::size_t i, std::size_t j) const
{
    int32_t a = m_group[i];
    int32_t b = m_group[j];
    return a >= 0 && b >= 0 && m_apart[a][b];
}

std::vector<uint32_t>
BuildingLinkPruner::Candidates(std::size_t i) const
{
    int32_t g = m_group[i];
    if (g < 0 || !m_pruning)
    {
        std::vector<uint32_t> all(m_group.size());
        for (std::size_t k = 0; k < all.size(); ++k)
        {
            all[k] = static_cast<uint32_t>(k);
        }
        return all;
    }
    std::vector<uint32_t> out(m_ungrouped);
    for (std::size_t h = 0; h < m_members.size(); ++h)
    {
        if (!m_apart[g][h])
        {
            out.insert(out.end(), m_members[h].begin(), m_members[h].end());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace ns3
