/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ram-model.h"

#include "device-profile.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/trace-source-accessor.h"

#include <algorithm>
#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RamModel");

NS_OBJECT_ENSURE_REGISTERED(RamModel);

TypeId
RamModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::RamModel")
            .SetParent<Object>()
            .SetGroupName("Iotsec")
            .AddConstructor<RamModel>()
            .AddAttribute("Profile",
                          "The device profile whose SecurityRamBytes is the budget.",
                          PointerValue(),
                          MakePointerAccessor(&RamModel::SetProfile, &RamModel::GetProfile),
                          MakePointerChecker<DeviceProfile>())
            .AddTraceSource("Refused",
                            "New security state did not fit (kind, bytes held, bytes asked "
                            "for, budget).",
                            MakeTraceSourceAccessor(&RamModel::m_refusedTrace),
                            "ns3::RamModel::AdmissionTracedCallback")
            .AddTraceSource("Admitted",
                            "New security state was admitted (kind, bytes held, bytes asked "
                            "for, budget).",
                            MakeTraceSourceAccessor(&RamModel::m_admittedTrace),
                            "ns3::RamModel::AdmissionTracedCallback");
    return tid;
}

RamModel::RamModel()
{
    NS_LOG_FUNCTION(this);
}

RamModel::~RamModel()
{
    NS_LOG_FUNCTION(this);
}

void
RamModel::DoDispose()
{
    m_holders.clear(); // holders may hold pointers back to the node
    m_profile = nullptr;
    Object::DoDispose();
}

void
RamModel::SetProfile(Ptr<DeviceProfile> profile)
{
    m_profile = profile;
}

Ptr<DeviceProfile>
RamModel::GetProfile() const
{
    return m_profile;
}

void
RamModel::Require(const std::string& protocol) const
{
    if (m_profile && !m_profile->CanHostDtls())
    {
        Ptr<Node> node = GetObject<Node>();
        NS_FATAL_ERROR("node " << (node ? std::to_string(node->GetId()) : std::string("?"))
                               << " has an RFC 7228 " << m_profile->GetDeviceClassName()
                               << " profile ('" << m_profile->GetName() << "'): it cannot run "
                               << protocol
                               << " (Class 0 devices reach the Internet through a proxy or "
                                  "gateway; give the node a Class 1 or larger profile)");
    }
}

uint32_t
RamModel::AddHolder(const std::string& kind, Callback<uint32_t> bytes)
{
    uint32_t id = m_nextId++;
    m_holders[id] = Holder{kind, bytes};
    return id;
}

void
RamModel::RemoveHolder(uint32_t id)
{
    m_holders.erase(id);
}

uint32_t
RamModel::GetBudgetBytes() const
{
    return m_profile ? m_profile->GetSecurityRamBytes() : 0;
}

uint32_t
RamModel::GetUsedBytes() const
{
    uint64_t used = 0;
    for (const auto& h : m_holders)
    {
        used += h.second.bytes();
    }
    return static_cast<uint32_t>(std::min<uint64_t>(used, std::numeric_limits<uint32_t>::max()));
}

uint32_t
RamModel::GetUsedBytes(const std::string& kind) const
{
    uint64_t used = 0;
    for (const auto& h : m_holders)
    {
        if (h.second.kind == kind)
        {
            used += h.second.bytes();
        }
    }
    return static_cast<uint32_t>(std::min<uint64_t>(used, std::numeric_limits<uint32_t>::max()));
}

void
RamModel::Sample()
{
    m_peak = std::max(m_peak, GetUsedBytes());
}

uint32_t
RamModel::GetPeakBytes() const
{
    return m_peak;
}

bool
RamModel::Admit(const std::string& kind, uint32_t bytes)
{
    uint32_t used = GetUsedBytes();
    uint32_t budget = GetBudgetBytes();
    m_peak = std::max(m_peak, used);
    if (uint64_t(used) + bytes > budget)
    {
        ++m_refused;
        NS_LOG_INFO("refused " << kind << ": " << used << " + " << bytes << " bytes > budget "
                               << budget);
        m_refusedTrace(kind, used, bytes, budget);
        return false;
    }
    ++m_admitted;
    m_admittedTrace(kind, used, bytes, budget);
    return true;
}

uint64_t
RamModel::GetRefused() const
{
    return m_refused;
}

uint64_t
RamModel::GetAdmitted() const
{
    return m_admitted;
}

} // namespace ns3
