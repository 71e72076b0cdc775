/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "neighbor-list-spectrum-channel.h"

#include "frame-erasure-loss-model.h"

#include "ns3/angles.h"
#include "ns3/antenna-model.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/double.h"
#include "ns3/iotsec-compat.h"
#include "ns3/isotropic-antenna-model.h"
#include "ns3/log.h"
#include "ns3/mobility-model.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/propagation-delay-model.h"
#include "ns3/propagation-loss-model.h"
#include "ns3/simulator.h"
#include "ns3/spectrum-phy.h"
#include "ns3/spectrum-propagation-loss-model.h"
#include "ns3/spectrum-signal-parameters.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NeighborListSpectrumChannel");

NS_OBJECT_ENSURE_REGISTERED(NeighborListSpectrumChannel);

namespace
{

/**
 * The ns-3 loss models whose loss between two nodes that do not move is a constant (the
 * buildings models: once their per-pair shadowing is drawn), by TypeId name (the names are
 * the same in ns-3.37 and 3.48).
 */
const std::set<std::string>&
StaticLossModels()
{
    static const std::set<std::string> names{
        "ns3::FriisPropagationLossModel",
        "ns3::TwoRayGroundPropagationLossModel",
        "ns3::LogDistancePropagationLossModel",
        "ns3::ThreeLogDistancePropagationLossModel",
        "ns3::RangePropagationLossModel",
        "ns3::FixedRssLossModel",
        "ns3::MatrixPropagationLossModel",
        "ns3::Cost231PropagationLossModel",
        "ns3::OkumuraHataPropagationLossModel",
        "ns3::Kun2600MhzPropagationLossModel",
        "ns3::ItuR1411LosPropagationLossModel",
        "ns3::ItuR1411NlosOverRooftopPropagationLossModel",
        "ns3::ItuR1238PropagationLossModel",
        "ns3::HybridBuildingsPropagationLossModel",
        "ns3::OhBuildingsPropagationLossModel",
    };
    return names;
}

} // namespace

TypeId
NeighborListSpectrumChannel::GetTypeId()
{
    static TypeId tid = TypeId("ns3::NeighborListSpectrumChannel")
                            .SetParent<SpectrumChannel>()
                            .SetGroupName("Iotsec")
                            .AddConstructor<NeighborListSpectrumChannel>();
    return tid;
}

NeighborListSpectrumChannel::NeighborListSpectrumChannel()
{
    NS_LOG_FUNCTION(this);
}

NeighborListSpectrumChannel::~NeighborListSpectrumChannel()
{
    NS_LOG_FUNCTION(this);
}

void
NeighborListSpectrumChannel::DoDispose()
{
    NS_LOG_FUNCTION(this);
    for (const auto& mobility : m_watched)
    {
        mobility->TraceDisconnectWithoutContext(
            "CourseChange",
            MakeCallback(&NeighborListSpectrumChannel::CourseChanged, this));
    }
    m_watched.clear();
    m_radios.clear();
    m_index.clear();
    m_mobile.clear();
    m_erasures.clear();
    m_chain.clear();
    m_spectrumModel = nullptr;
    SpectrumChannel::DoDispose();
}

void
NeighborListSpectrumChannel::AddRx(Ptr<SpectrumPhy> phy)
{
    NS_LOG_FUNCTION(this << phy);
    if (m_index.count(PeekPointer(phy)))
    {
        return; // attached already (ns-3 >= 3.41 ignores a second AddRx as well)
    }
    m_index[PeekPointer(phy)] = static_cast<uint32_t>(m_radios.size());
    Radio radio;
    radio.phy = phy;
    m_radios.push_back(radio);
    Invalidate(true);
}

void
NeighborListSpectrumChannel::RemoveRx(Ptr<SpectrumPhy> phy)
{
    NS_LOG_FUNCTION(this << phy);
    auto it = m_index.find(PeekPointer(phy));
    if (it == m_index.end())
    {
        return;
    }
    m_radios.erase(m_radios.begin() + it->second);
    m_index.clear();
    for (uint32_t i = 0; i < m_radios.size(); ++i)
    {
        m_index[PeekPointer(m_radios[i].phy)] = i;
    }
    Invalidate(true);
}

std::size_t
NeighborListSpectrumChannel::GetNDevices() const
{
    return m_radios.size();
}

Ptr<NetDevice>
NeighborListSpectrumChannel::GetDevice(std::size_t i) const
{
    return m_radios.at(i).phy->GetDevice()->GetObject<NetDevice>();
}

uint64_t
NeighborListSpectrumChannel::GetPricedLinks() const
{
    return m_pricedLinks;
}

uint64_t
NeighborListSpectrumChannel::GetListedFrames() const
{
    return m_listedFrames;
}

uint64_t
NeighborListSpectrumChannel::GetScannedFrames() const
{
    return m_scannedFrames;
}

int64_t
NeighborListSpectrumChannel::GetNeighborCount(Ptr<const SpectrumPhy> phy) const
{
    auto it = m_index.find(PeekPointer(phy));
    if (it == m_index.end() || !m_radios[it->second].listed)
    {
        return -1;
    }
    return static_cast<int64_t>(m_radios[it->second].links.size());
}

void
NeighborListSpectrumChannel::Invalidate(bool resolve)
{
    for (auto& radio : m_radios)
    {
        radio.listed = false;
        radio.links.clear();
    }
    m_pruner.reset();
    if (resolve)
    {
        m_resolved = false;
    }
}

void
NeighborListSpectrumChannel::Resolve()
{
    NS_LOG_FUNCTION(this);
    m_mobile.clear();
    for (uint32_t i = 0; i < m_radios.size(); ++i)
    {
        Radio& radio = m_radios[i];
        bool moved = !radio.isStatic && radio.mobility; // a course change made it mobile
        radio.mobility = radio.phy->GetMobility();
        radio.antenna = DynamicCast<AntennaModel>(radio.phy->GetAntenna());
        Ptr<NetDevice> device = radio.phy->GetDevice();
        radio.hasNode = device && device->GetNode();
        radio.node = radio.hasNode ? device->GetNode()->GetId() : 0;
        radio.isStatic =
            !moved && radio.mobility &&
            radio.mobility->GetInstanceTypeId() == ConstantPositionMobilityModel::GetTypeId();
        if (!radio.isStatic)
        {
            m_mobile.push_back(i);
        }
        if (radio.mobility &&
            std::find(m_watched.begin(), m_watched.end(), radio.mobility) == m_watched.end())
        {
            radio.mobility->TraceConnectWithoutContext(
                "CourseChange",
                MakeCallback(&NeighborListSpectrumChannel::CourseChanged, this));
            m_watched.push_back(radio.mobility);
        }
    }
    m_resolved = true;
}

void
NeighborListSpectrumChannel::CourseChanged(Ptr<const MobilityModel> mobility)
{
    bool changed = false;
    for (auto& radio : m_radios)
    {
        if (radio.isStatic && PeekPointer(radio.mobility) == PeekPointer(mobility))
        {
            NS_LOG_LOGIC("PHY " << radio.phy << " moved: priced at every frame from now on");
            radio.isStatic = false;
            changed = true;
        }
    }
    if (changed)
    {
        // Resolve() keeps the PHYs that moved mobile and rebuilds m_mobile
        Invalidate(true);
    }
}

void
NeighborListSpectrumChannel::CheckModels()
{
    std::vector<const PropagationLossModel*> chain;
    for (Ptr<PropagationLossModel> m = m_propagationLoss; m; m = m->GetNext())
    {
        chain.push_back(PeekPointer(m));
    }
    const PropagationDelayModel* delay = PeekPointer(m_propagationDelay);
    if (m_classified && chain == m_chain && delay == m_delayModel && m_maxLossDb == m_listMaxLossDb)
    {
        return;
    }
    m_classified = true;
    m_chain = chain;
    m_delayModel = delay;
    m_listMaxLossDb = m_maxLossDb;
    m_erasures.clear();
    m_cacheable = true;
    for (Ptr<PropagationLossModel> m = m_propagationLoss; m; m = m->GetNext())
    {
        Ptr<FrameErasurePropagationLossModel> erasure =
            DynamicCast<FrameErasurePropagationLossModel>(m);
        if (erasure)
        {
            m_erasures.push_back(erasure);
        }
        else if (!StaticLossModels().count(m->GetInstanceTypeId().GetName()))
        {
            NS_LOG_INFO("loss model " << m->GetInstanceTypeId().GetName()
                                      << " is not known to be static: every frame is priced "
                                         "for every receiver");
            m_cacheable = false;
        }
    }
    m_pricer = LinkPricer(m_propagationLoss);
    m_constantDelay = !m_propagationDelay || m_propagationDelay->GetInstanceTypeId() ==
                                                 ConstantSpeedPropagationDelayModel::GetTypeId();
    Invalidate(false);
}

bool
NeighborListSpectrumChannel::SameNode(const Radio& t, const Radio& r) const
{
    return &t == &r || (t.hasNode && r.hasNode && t.node == r.node);
}

template <typename A>
NeighborListSpectrumChannel::Price
NeighborListSpectrumChannel::PriceLink(const Ptr<MobilityModel>& txMobility,
                                       const A& txAntenna,
                                       const Ptr<MobilityModel>& rxMobility,
                                       const Ptr<AntennaModel>& rxAntenna)
{
    // The arithmetic of SingleModelSpectrumChannel::StartTx, step by step, so that the
    // double results are the same bits
    Price price;
    if (!txMobility || !rxMobility)
    {
        return price;
    }
    price.scaled = true;
    double pathLossDb = 0;
    if (txAntenna)
    {
        Angles txAngles(rxMobility->GetPosition(), txMobility->GetPosition());
        price.txGainDb = txAntenna->GetGainDb(txAngles);
        pathLossDb -= price.txGainDb;
    }
    if (rxAntenna)
    {
        Angles rxAngles(txMobility->GetPosition(), rxMobility->GetPosition());
        price.rxGainDb = rxAntenna->GetGainDb(rxAngles);
        pathLossDb -= price.rxGainDb;
    }
    if (m_propagationLoss)
    {
        // The pricer gives the chain's CalcRxPower to the bit (erasure models draw unless
        // bypassed)
        price.propagationGainDb = m_pricer.CalcRxPower(0, txMobility, rxMobility);
        ++m_pricedLinks;
        pathLossDb -= price.propagationGainDb;
    }
    price.lossDb = pathLossDb;
    price.gain = std::pow(10.0, (-pathLossDb) / 10.0);
    return price;
}

void
NeighborListSpectrumChannel::StartTx(Ptr<SpectrumSignalParameters> params)
{
    NS_LOG_FUNCTION(this << params->psd << params->duration << params->txPhy);
    NS_ASSERT_MSG(params->psd, "NULL txPsd");
    NS_ASSERT_MSG(params->txPhy, "NULL txPhy");
    if (!m_txSigParamsTrace.IsEmpty())
    {
        m_txSigParamsTrace(params->Copy());
    }
    if (!m_spectrumModel)
    {
        m_spectrumModel = params->psd->GetSpectrumModel();
        // ns-3.48's WraparoundModel moves transmitters per receiver: not modelled here
        for (auto it = GetAggregateIterator(); it.HasNext();)
        {
            NS_ABORT_MSG_IF(it.Next()->GetInstanceTypeId().GetName() == "ns3::WraparoundModel",
                            "NeighborListSpectrumChannel does not support a WraparoundModel; "
                            "use SingleModelSpectrumChannel");
        }
    }
    else
    {
        NS_ASSERT(*(params->psd->GetSpectrumModel()) == *m_spectrumModel);
    }
    if (!m_resolved)
    {
        Resolve();
    }
    CheckModels();

    auto it = m_index.find(PeekPointer(params->txPhy));
    if (it != m_index.end())
    {
        Radio& tx = m_radios[it->second];
        if (PeekPointer(tx.phy->GetMobility()) != PeekPointer(tx.mobility))
        {
            Invalidate(true); // a PHY got a new mobility model
            Resolve();
        }
    }
    bool listable = it != m_index.end() && m_cacheable && m_radios[it->second].isStatic &&
                    m_pathLossTrace.IsEmpty() && m_gainTrace.IsEmpty();
    if (listable)
    {
        ListedTx(it->second, params);
    }
    else
    {
        ScannedTx(params);
    }
}

void
NeighborListSpectrumChannel::BuildList(uint32_t t, Ptr<SpectrumSignalParameters> params)
{
    NS_LOG_FUNCTION(this << t);
    Radio& tx = m_radios[t];
    tx.links.clear();
    // Every receiver in the stock channel's order, so that models that draw once per pair
    // (buildings shadowing) draw for the same pairs in the same order
    FrameErasureBypass bypass(m_erasures);
    if (!m_pruner && m_pricer.IsShortcut())
    {
        // Without draws, the order and the set of links priced change nothing: leave out the
        // receivers in buildings out of range of the transmitter's building. The bound is on
        // the path loss: it holds for antennas without gain (lr-wpan's PHYs have none)
        std::vector<Ptr<MobilityModel>> mobility;
        std::vector<bool> grouped;
        bool gainless = true;
        for (const Radio& radio : m_radios)
        {
            mobility.push_back(radio.mobility);
            grouped.push_back(radio.isStatic);
            DoubleValue gain;
            gainless = gainless &&
                       (!radio.antenna ||
                        (radio.antenna->GetInstanceTypeId() == IsotropicAntennaModel::GetTypeId() &&
                         radio.antenna->GetAttributeFailSafe("Gain", gain) && gain.Get() <= 0));
        }
        if (gainless)
        {
            m_pruner =
                std::make_unique<BuildingLinkPruner>(m_pricer, m_maxLossDb, mobility, grouped);
        }
    }
    std::vector<uint32_t> candidates;
    if (m_pruner)
    {
        candidates = m_pruner->Candidates(t);
    }
    else
    {
        candidates.resize(m_radios.size());
        for (uint32_t r = 0; r < m_radios.size(); ++r)
        {
            candidates[r] = r;
        }
    }
    for (uint32_t r : candidates)
    {
        const Radio& rx = m_radios[r];
        if (SameNode(tx, rx))
        {
            continue;
        }
        Price price = PriceLink(tx.mobility, params->txAntenna, rx.mobility, rx.antenna);
        if (!rx.isStatic || price.Beyond(m_maxLossDb))
        {
            continue; // mobile receivers are priced per frame
        }
        Link link;
        link.rx = r;
        link.scaled = price.scaled;
        link.gain = price.gain;
        if (price.scaled && m_constantDelay && m_propagationDelay)
        {
            link.delay = m_propagationDelay->GetDelay(tx.mobility, rx.mobility);
        }
        tx.links.push_back(link);
    }
    tx.listed = true;
    tx.listAntenna = PeekPointer(params->txAntenna);
    NS_LOG_LOGIC("PHY " << t << ": " << tx.links.size() << " static receivers in range of "
                        << m_radios.size());
}

NeighborListSpectrumChannel::Price
NeighborListSpectrumChannel::PriceMoving(const Ptr<SpectrumSignalParameters>& params,
                                         const Ptr<MobilityModel>& txMobility,
                                         const Radio& rx)
{
    FrameErasureBypass bypass(m_erasures); // ListedTx draws the erasures itself
    return PriceLink(txMobility, params->txAntenna, rx.mobility, rx.antenna);
}

void
NeighborListSpectrumChannel::ListedTx(uint32_t t, Ptr<SpectrumSignalParameters> params)
{
    Radio& tx = m_radios[t];
    if (!tx.listed || tx.listAntenna != PeekPointer(params->txAntenna))
    {
        BuildList(t, params);
    }
    ++m_listedFrames;
    const Ptr<MobilityModel>& txMobility = tx.mobility;
    const Time ask = Time(-1); // Deliver(): ask the delay model now
    auto linkIt = tx.links.begin();
    auto mobileIt = m_mobile.begin();

    if (m_erasures.empty())
    {
        // The listed receivers and the mobile ones, merged in the channel's order
        while (linkIt != tx.links.end() || mobileIt != m_mobile.end())
        {
            bool takeLink =
                mobileIt == m_mobile.end() || (linkIt != tx.links.end() && linkIt->rx < *mobileIt);
            if (takeLink)
            {
                const Radio& rx = m_radios[linkIt->rx];
                if (!iotsec_compat::TransmitFilterSkips(this, params, rx.phy))
                {
                    Deliver(params,
                            txMobility,
                            rx,
                            linkIt->scaled,
                            linkIt->gain,
                            m_constantDelay ? linkIt->delay : ask);
                }
                ++linkIt;
                continue;
            }
            const Radio& rx = m_radios[*mobileIt++];
            if (SameNode(tx, rx) || iotsec_compat::TransmitFilterSkips(this, params, rx.phy))
            {
                continue;
            }
            Price price = PriceMoving(params, txMobility, rx);
            if (!price.Beyond(m_maxLossDb))
            {
                Deliver(params, txMobility, rx, price.scaled, price.gain, ask);
            }
        }
        return;
    }

    // With frame erasure in the chain, the stock channel draws once for every receiver it
    // prices (all PHYs but the transmitter's node, with mobility on both ends): draw for the
    // same receivers in the same order, and deliver where the listed or priced link is in
    // range and the draw spared the frame.
    for (uint32_t r = 0; r < m_radios.size(); ++r)
    {
        const Radio& rx = m_radios[r];
        bool listed = linkIt != tx.links.end() && linkIt->rx == r;
        const Link* link = listed ? &*linkIt++ : nullptr;
        bool mobile = mobileIt != m_mobile.end() && *mobileIt == r;
        if (mobile)
        {
            ++mobileIt;
        }
        if (SameNode(tx, rx) || iotsec_compat::TransmitFilterSkips(this, params, rx.phy))
        {
            continue;
        }
        bool erased = false;
        if (txMobility && rx.mobility && m_propagationLoss)
        {
            for (const auto& e : m_erasures)
            {
                erased = e->DrawErasure() || erased; // every model draws, as in the chain
            }
        }
        // A moving receiver is priced whether or not its frame is erased, as the stock channel
        // prices it: a mobility model may advance its state when asked for its position
        // (ConstantVelocityHelper), so the same queries must happen at the same times
        Price price = mobile ? PriceMoving(params, txMobility, rx) : Price();
        if (erased)
        {
            continue;
        }
        if (link)
        {
            Deliver(params,
                    txMobility,
                    rx,
                    link->scaled,
                    link->gain,
                    m_constantDelay ? link->delay : ask);
        }
        else if (mobile && !price.Beyond(m_maxLossDb))
        {
            Deliver(params, txMobility, rx, price.scaled, price.gain, ask);
        }
    }
}

void
NeighborListSpectrumChannel::ScannedTx(Ptr<SpectrumSignalParameters> params)
{
    // SingleModelSpectrumChannel::StartTx, receiver by receiver
    ++m_scannedFrames;
    Ptr<MobilityModel> txMobility = params->txPhy->GetMobility();
    Ptr<NetDevice> txDevice = params->txPhy->GetDevice();
    for (const Radio& rx : m_radios)
    {
        Ptr<NetDevice> rxDevice = rx.phy->GetDevice();
        if (rxDevice && txDevice && rxDevice->GetNode()->GetId() == txDevice->GetNode()->GetId())
        {
            continue;
        }
        if (iotsec_compat::TransmitFilterSkips(this, params, rx.phy) || rx.phy == params->txPhy)
        {
            continue;
        }
        // Mobility and antenna asked again at every frame, as the stock channel does
        Ptr<MobilityModel> rxMobility = rx.phy->GetMobility();
        Price price = PriceLink(txMobility,
                                params->txAntenna,
                                rxMobility,
                                DynamicCast<AntennaModel>(rx.phy->GetAntenna()));
        if (price.scaled)
        {
            m_gainTrace(txMobility,
                        rxMobility,
                        price.txGainDb,
                        price.rxGainDb,
                        price.propagationGainDb,
                        price.lossDb);
            m_pathLossTrace(params->txPhy, rx.phy, price.lossDb);
            if (price.Beyond(m_maxLossDb))
            {
                continue;
            }
        }
        Radio current;
        current.phy = rx.phy;
        current.mobility = rxMobility;
        current.hasNode = rxDevice && rxDevice->GetNode();
        current.node = current.hasNode ? rxDevice->GetNode()->GetId() : 0;
        Deliver(params, txMobility, current, price.scaled, price.gain, Time(-1));
    }
}

void
NeighborListSpectrumChannel::Deliver(const Ptr<SpectrumSignalParameters>& params,
                                     const Ptr<MobilityModel>& txMobility,
                                     const Radio& rx,
                                     bool scaled,
                                     double gain,
                                     Time delay)
{
    Ptr<SpectrumSignalParameters> rxParams = params->Copy();
    if (scaled)
    {
        iotsec_compat::SetTxMobility(rxParams, txMobility);
        *(rxParams->psd) *= gain;
        if (delay.IsNegative())
        {
            delay = m_propagationDelay ? m_propagationDelay->GetDelay(txMobility, rx.mobility)
                                       : Time(0);
        }
    }
    else
    {
        delay = Time(0);
    }
    if (rx.hasNode)
    {
        Simulator::ScheduleWithContext(rx.node,
                                       delay,
                                       &NeighborListSpectrumChannel::StartRx,
                                       this,
                                       rxParams,
                                       rx.phy);
    }
    else
    {
        Simulator::Schedule(delay, &NeighborListSpectrumChannel::StartRx, this, rxParams, rx.phy);
    }
}

void
NeighborListSpectrumChannel::StartRx(Ptr<SpectrumSignalParameters> params,
                                     Ptr<SpectrumPhy> receiver)
{
    NS_LOG_FUNCTION(this << params);
    if (m_spectrumPropagationLoss)
    {
        params->psd =
            m_spectrumPropagationLoss->CalcRxPowerSpectralDensity(params,
                                                                  params->txPhy->GetMobility(),
                                                                  receiver->GetMobility());
    }
    receiver->StartRx(params);
}

} // namespace ns3
