/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lpl-medium.h"

#include "lpl-net-device.h"

#include "ns3/abort.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/double.h"
#include "ns3/frame-erasure-loss-model.h"
#include "ns3/link-pricer.h"
#include "ns3/log.h"
#include "ns3/lr-wpan-phy.h"
#include "ns3/mobility-model.h"
#include "ns3/spectrum-channel.h"

#include <algorithm>

namespace ns3
{

using namespace lrwpan; // NOLINT: ns-3 >= 3.42 keeps lr-wpan in ns3::lrwpan

NS_LOG_COMPONENT_DEFINE("LplMedium");

NS_OBJECT_ENSURE_REGISTERED(LplMedium);

namespace
{

/**
 * \brief A frame of a device without low-power listening starts or ends.
 * \param medium the medium
 * \param sender the device
 * \param begin true at the start
 */
void
TransmitterSink(LplMedium* medium, LrWpanNetDevice* sender, bool begin, Ptr<const Packet>)
{
    if (begin)
    {
        medium->BeginActivity(sender);
    }
    else
    {
        medium->EndActivity(sender);
    }
}

} // namespace

TypeId
LplMedium::GetTypeId()
{
    static TypeId tid = TypeId("ns3::LplMedium")
                            .SetParent<Object>()
                            .SetGroupName("Iotsec")
                            .AddConstructor<LplMedium>();
    return tid;
}

Ptr<LplMedium>
LplMedium::Get(Ptr<SpectrumChannel> channel)
{
    NS_ABORT_MSG_UNLESS(channel, "LplMedium::Get: no channel");
    Ptr<LplMedium> medium = channel->GetObject<LplMedium>();
    if (!medium)
    {
        medium = CreateObject<LplMedium>();
        medium->m_channel = channel;
        channel->AggregateObject(medium);
    }
    return medium;
}

void
LplMedium::DoDispose()
{
    m_active.clear();
    m_senders.clear();
    m_devices.clear();
    m_mobile.clear();
    m_byAddress.clear();
    m_channel = nullptr;
    m_pruner.reset();
    m_pricer.reset();
    Object::DoDispose();
}

void
LplMedium::Add(Ptr<LplNetDevice> device)
{
    NS_LOG_FUNCTION(this << device);
    m_devices.push_back(device);
    if (!IsStatic(device))
    {
        m_mobile.push_back(PeekPointer(device));
    }
    m_byAddress[device->GetMac()->GetShortAddress()] = device;
    for (auto& entry : m_senders)
    {
        entry.second.listed = false; // a new receiver: list again
    }
    m_pruner.reset();
}

void
LplMedium::AddTransmitter(Ptr<LrWpanNetDevice> device)
{
    NS_ABORT_MSG_IF(DynamicCast<LplNetDevice>(device),
                    "LplMedium::AddTransmitter: an LplNetDevice reports its strobes itself");
    device->GetPhy()->TraceConnectWithoutContext(
        "PhyTxBegin",
        MakeBoundCallback(&TransmitterSink, this, PeekPointer(device), true));
    device->GetPhy()->TraceConnectWithoutContext(
        "PhyTxEnd",
        MakeBoundCallback(&TransmitterSink, this, PeekPointer(device), false));
}

bool
LplMedium::IsStatic(Ptr<LrWpanNetDevice> device)
{
    Ptr<MobilityModel> mobility = device->GetPhy()->GetMobility();
    return mobility && DynamicCast<ConstantPositionMobilityModel>(mobility);
}

bool
LplMedium::InRange(Ptr<LrWpanNetDevice> a, Ptr<LrWpanNetDevice> b)
{
    ++m_pricedLinks;
    Ptr<MobilityModel> ma = a->GetPhy()->GetMobility();
    Ptr<MobilityModel> mb = b->GetPhy()->GetMobility();
    NS_ABORT_MSG_UNLESS(ma && mb, "LplMedium: a device has no mobility model");
    // Erasure models erase frames, not the energy a check hears: bypass their draws
    FrameErasureBypass bypass(Pricer().erasures);
    double rx = m_pricer->pricer.CalcRxPower(0.0, ma, mb);
    DoubleValue maxLoss;
    m_channel->GetAttribute("MaxLossDb", maxLoss);
    return -rx <= maxLoss.Get();
}

LplMedium::ChainPricer&
LplMedium::Pricer()
{
    if (!m_pricer)
    {
        Ptr<PropagationLossModel> chain = m_channel->GetPropagationLossModel();
        m_pricer = std::make_unique<ChainPricer>(ChainPricer{LinkPricer(chain), {}});
        for (Ptr<PropagationLossModel> m = chain; m; m = m->GetNext())
        {
            Ptr<FrameErasurePropagationLossModel> erasure =
                DynamicCast<FrameErasurePropagationLossModel>(m);
            if (erasure)
            {
                m_pricer->erasures.push_back(erasure);
            }
        }
    }
    return *m_pricer;
}

LplMedium::Sender&
LplMedium::Entry(Ptr<LrWpanNetDevice> sender)
{
    Sender& entry = m_senders[PeekPointer(sender)];
    if (!entry.device)
    {
        entry.device = sender;
    }
    if (!entry.listed && IsStatic(sender))
    {
        entry.reach.clear();
        for (uint32_t r : Candidates(sender))
        {
            const Ptr<LplNetDevice>& device = m_devices[r];
            if (device != sender && IsStatic(device) && InRange(sender, device))
            {
                entry.reach.push_back(PeekPointer(device));
            }
        }
        std::sort(entry.reach.begin(), entry.reach.end());
        entry.listed = true;
    }
    return entry;
}

std::vector<uint32_t>
LplMedium::Candidates(Ptr<LrWpanNetDevice> sender)
{
    auto it = std::find(m_devices.begin(), m_devices.end(), sender);
    if (it != m_devices.end() && m_channel->GetPropagationLossModel())
    {
        if (!m_pruner)
        {
            // Receivers in buildings that BuildingLinkPruner proves out of range of the
            // sender's are not priced (a campus: a list costs its own building); the pruner
            // prunes nothing when the chain draws (shadowing) or is not the buildings model
            std::vector<Ptr<MobilityModel>> mobility;
            std::vector<bool> grouped;
            for (const auto& device : m_devices)
            {
                mobility.push_back(device->GetPhy()->GetMobility());
                grouped.push_back(IsStatic(device));
            }
            DoubleValue maxLoss;
            m_channel->GetAttribute("MaxLossDb", maxLoss);
            m_pruner = std::make_unique<BuildingLinkPruner>(Pricer().pricer,
                                                            maxLoss.Get(),
                                                            mobility,
                                                            grouped);
        }
        return m_pruner->Candidates(it - m_devices.begin());
    }
    std::vector<uint32_t> all(m_devices.size());
    for (uint32_t r = 0; r < all.size(); ++r)
    {
        all[r] = r;
    }
    return all;
}

bool
LplMedium::Reaches(Sender& entry, const LplNetDevice* receiver)
{
    if (PeekPointer(entry.device) == static_cast<const LrWpanNetDevice*>(receiver))
    {
        return false;
    }
    if (entry.listed)
    {
        if (std::binary_search(entry.reach.begin(), entry.reach.end(), receiver))
        {
            return true;
        }
        if (std::find(m_mobile.begin(), m_mobile.end(), receiver) == m_mobile.end())
        {
            return false;
        }
    }
    // a sender or a receiver that moves: priced now
    return InRange(entry.device, const_cast<LplNetDevice*>(receiver));
}

void
LplMedium::BeginActivity(Ptr<LrWpanNetDevice> sender)
{
    Sender& entry = Entry(sender);
    if (entry.active++ > 0)
    {
        return;
    }
    m_active.push_back(&entry);
    if (entry.listed)
    {
        // the static receivers in range, then those that move
        for (LplNetDevice* device : entry.reach)
        {
            device->HearActivity();
        }
        for (LplNetDevice* device : m_mobile)
        {
            if (Reaches(entry, device))
            {
                device->HearActivity();
            }
        }
        return;
    }
    for (const auto& device : m_devices)
    {
        if (Reaches(entry, PeekPointer(device)))
        {
            device->HearActivity();
        }
    }
}

void
LplMedium::EndActivity(Ptr<LrWpanNetDevice> sender)
{
    auto it = m_senders.find(PeekPointer(sender));
    if (it == m_senders.end() || it->second.active == 0)
    {
        return;
    }
    if (--it->second.active == 0)
    {
        m_active.erase(std::find(m_active.begin(), m_active.end(), &it->second));
    }
}

bool
LplMedium::IsActiveInRange(const LplNetDevice* receiver)
{
    for (Sender* entry : m_active)
    {
        if (Reaches(*entry, receiver))
        {
            return true;
        }
    }
    return false;
}

Ptr<LplNetDevice>
LplMedium::Find(Mac16Address address) const
{
    auto it = m_byAddress.find(address);
    return it == m_byAddress.end() ? nullptr : it->second;
}

uint64_t
LplMedium::GetPricedLinks() const
{
    return m_pricedLinks;
}

} // namespace ns3
