/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_LINK_PRICER_H
#define IOTSEC_LINK_PRICER_H

#include "ns3/buildings-propagation-loss-model.h"
#include "ns3/mobility-model.h"
#include "ns3/propagation-loss-model.h"
#include "ns3/ptr.h"

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
 * model the pricer computes tx - GetLoss(a, b) and hands the result to the rest of the chain:
 * the same value, without the table (10^8 entries, gigabytes, for a 10,000-node campus)
 * and without the draws (the model's own stream, which nothing else reads). Any other chain is
 * priced by its CalcRxPower().
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

  private:
    Ptr<PropagationLossModel> m_chain;              //!< the chain
    Ptr<BuildingsPropagationLossModel> m_buildings; //!< its head, when the shortcut applies
    Ptr<PropagationLossModel> m_rest;               //!< the models after the head
};

} // namespace ns3

#endif /* IOTSEC_LINK_PRICER_H */
