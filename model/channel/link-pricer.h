/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_LINK_PRICER_H
#define IOTSEC_LINK_PRICER_H

#include "frame-erasure-loss-model.h"

#include "ns3/buildings-propagation-loss-model.h"
#include "ns3/mobility-model.h"
#include "ns3/propagation-loss-model.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief Prices a link with a propagation-loss chain, bit for bit as the chain's own
 * CalcRxPower(), without the per-pair shadowing table of ns-3's buildings models when their
 * shadowing is zero.
 *
 * ns-3's buildings models (HybridBuildings, OhBuildings) return tx - GetLoss(a, b) -
 * GetShadowing(a, b), and GetShadowing() keeps a table entry per ordered pair of mobility
 * models it was ever asked about, drawing a normal variate the first time. With every
 * shadowing deviation zero (ShadowSigmaOutdoor, ShadowSigmaIndoor, ShadowSigmaExtWalls) the
 * shadowing is +-0 and subtracting it changes no bit, so when the chain starts with such a
 * model the pricer computes tx - GetLoss(a, b) and hands the result to the rest of the chain: * the
 * same value, without the table (10^8 entries, gigabytes, for a 10,000-node campus) and without the
 * draws (the model's own stream, which nothing else reads). Frame erasure models before it are
 * applied first, as the chain would. Any other chain is priced by its CalcRxPower().
 */
class LinkPricer
{
  public:
    /// \param chain the first model of the chain (null: no loss, 0 dB)
    explicit LinkPricer(Ptr<PropagationLossModel> chain = nullptr);

    /**
     * \param txPowerDbm the transmit power
     * \param a the transmitter's mobility
     * \param b the receiver's mobility
     * \return chain->CalcRxPower(txPowerDbm, a, b), bit for bit
     */
    double CalcRxPower(double txPowerDbm,
                       const Ptr<MobilityModel>& a,
                       const Ptr<MobilityModel>& b) const;

    /// \return whether the chain starts with a buildings model priced without its table
    bool IsShortcut() const;

    /**
     * \brief For two indoor nodes in different buildings, a distance beyond which the chain's
     * loss is certainly above maxLossDb; infinity where no such bound is known.
     *
     * Known for a HybridBuildingsPropagationLossModel without shadowing followed by nothing or
     * by FrameErasurePropagationLossModels only. Between two buildings it is ITU-R P.1411
     * plus both external walls: line of sight below Los2NlosThr, whose lower estimate is
     * 20 log10(2 pi d / lambda) (free space minus 6.02 dB; the model's loss, the mean of its
     * lower and upper estimates, is at least the lower one from 10^-4 of the breakpoint
     * distance on, and when both heights exceed lambda / sqrt(8 pi)), and over the rooftops
     * from Los2NlosThr on, never below its free-space term (free space minus 0.05 dB). With
     * ns-3's defaults at 2405 MHz (Los2NlosThr 200 m, concrete walls with windows, 7 dB
     * each) and MaxLossDb 100 dB, the range is 200 m.
     * \param maxLossDb the range [dB]
     * \param wallLossDb the two buildings' external wall losses, summed [dB]
     * \param zMin the lowest node height [m]
     * \param zMax the highest node height [m]
     * \return the distance [m]
     */
    double CrossBuildingRange(double maxLossDb, double wallLossDb, double zMin, double zMax) const;

  private:
    /// \return the buildings model's wavelength, found by pricing two probe nodes (0: unknown)
    double ProbeWavelength() const;

    mutable double m_lambda{-1};                    //!< ProbeWavelength(), once probed
    Ptr<PropagationLossModel> m_chain;              //!< the chain
    Ptr<BuildingsPropagationLossModel> m_buildings; //!< the buildings model, when shortcut
    Ptr<PropagationLossModel> m_rest;               //!< the models after it
    std::vector<Ptr<FrameErasurePropagationLossModel>> m_leading; //!< erasures before it
};

/**
 * \ingroup iotsec
 * \brief Finds, for a set of nodes, the pairs whose links a LinkPricer's chain certainly puts
 * beyond MaxLossDb because the nodes are indoors in buildings far enough apart
 * (LinkPricer::CrossBuildingRange), so that they need not be priced at all.
 *
 * Nodes are grouped by their building (static nodes indoors with a MobilityBuildingInfo);
 * two groups are apart when the distance between the boxes around their nodes is at least
 * the cross-building range for their external walls. Nodes outside every group (outdoors,
 * moving, without building information) are never apart from anything. Without a known bound
 * no two nodes are apart.
 */
class BuildingLinkPruner
{
  public:
    /**
     * \param pricer prices the links
     * \param maxLossDb the range
     * \param nodes the nodes' mobility models (null: no mobility)
     * \param grouped whether node i may be grouped (false for nodes that move)
     */
    BuildingLinkPruner(const LinkPricer& pricer,
                       double maxLossDb,
                       const std::vector<Ptr<MobilityModel>>& nodes,
                       const std::vector<bool>& grouped);

    /// \return whether some pair of groups is apart
    bool IsPruning() const;

    /**
     * \param i a node
     * \param j another node
     * \return whether the link between them is certainly beyond MaxLossDb
     */
    bool Apart(std::size_t i, std::size_t j) const;

    /**
     * \param i a node
     * \return every node not apart from it (i included), ascending
     */
    std::vector<uint32_t> Candidates(std::size_t i) const;

  private:
    std::vector<int32_t> m_group;                 //!< group of each node, -1: none
    std::vector<std::vector<bool>> m_apart;       //!< group x group
    std::vector<std::vector<uint32_t>> m_members; //!< nodes of each group, ascending
    std::vector<uint32_t> m_ungrouped;            //!< nodes of no group, ascending
    bool m_pruning{false};                        //!< some pair of groups is apart
};

} // namespace ns3

#endif /* IOTSEC_LINK_PRICER_H */
