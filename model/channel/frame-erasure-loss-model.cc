/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "frame-erasure-loss-model.h"

#include "ns3/double.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FrameErasurePropagationLossModel");

NS_OBJECT_ENSURE_REGISTERED(FrameErasurePropagationLossModel);

TypeId
FrameErasurePropagationLossModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::FrameErasurePropagationLossModel")
            .SetParent<PropagationLossModel>()
            .SetGroupName("Iotsec")
            .AddConstructor<FrameErasurePropagationLossModel>()
            .AddAttribute("ErasureProbability",
                          "Probability that a frame is lost on a link, drawn independently for "
                          "every transmission and receiver.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&FrameErasurePropagationLossModel::m_probability),
                          MakeDoubleChecker<double>(0.0, 1.0));
    return tid;
}

FrameErasurePropagationLossModel::FrameErasurePropagationLossModel()
    : m_probability(0.0)
{
    m_uniform = CreateObject<UniformRandomVariable>();
}

double
FrameErasurePropagationLossModel::GetErasureProbability() const
{
    return m_probability;
}

uint64_t
FrameErasurePropagationLossModel::GetErased() const
{
    return m_erased;
}

uint64_t
FrameErasurePropagationLossModel::GetPassed() const
{
    return m_passed;
}

bool
FrameErasurePropagationLossModel::DrawErasure() const
{
    if (m_probability > 0 && m_uniform->GetValue() < m_probability)
    {
        ++m_erased;
        return true;
    }
    ++m_passed;
    return false;
}

void
FrameErasurePropagationLossModel::SetBypass(bool bypass)
{
    m_bypass = bypass;
}

double
FrameErasurePropagationLossModel::PassOrErase(double txPowerDbm) const
{
    if (!m_bypass && DrawErasure())
    {
        return -1000.0;
    }
    return txPowerDbm;
}

double
FrameErasurePropagationLossModel::DoCalcRxPower(double txPowerDbm,
                                                Ptr<MobilityModel>,
                                                Ptr<MobilityModel>) const
{
    return PassOrErase(txPowerDbm);
}

int64_t
FrameErasurePropagationLossModel::DoAssignStreams(int64_t stream)
{
    m_uniform->SetStream(stream);
    return 1;
}

FrameErasureBypass::FrameErasureBypass(
    const std::vector<Ptr<FrameErasurePropagationLossModel>>& erasures)
    : m_erasures(erasures)
{
    for (const auto& e : m_erasures)
    {
        e->SetBypass(true);
    }
}

FrameErasureBypass::~FrameErasureBypass()
{
    for (const auto& e : m_erasures)
    {
        e->SetBypass(false);
    }
}

} // namespace ns3
