/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cpu-model.h"

#include "device-profile.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CpuModel");

NS_OBJECT_ENSURE_REGISTERED(CpuModel);

TypeId
CpuModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CpuModel")
            .SetParent<Object>()
            .SetGroupName("Iotsec")
            .AddConstructor<CpuModel>()
            .AddAttribute("Profile",
                          "The device profile that prices the work (clock, cycle costs, "
                          "energy per cycle).",
                          PointerValue(),
                          MakePointerAccessor(&CpuModel::SetProfile, &CpuModel::GetProfile),
                          MakePointerChecker<DeviceProfile>())
            .AddTraceSource("Busy",
                            "The CPU started (true) or finished (false) computing.",
                            MakeTraceSourceAccessor(&CpuModel::m_busy),
                            "ns3::TracedValueCallback::Bool")
            .AddTraceSource("Job",
                            "Work was submitted (cycles, time it waits for the CPU, service "
                            "time).",
                            MakeTraceSourceAccessor(&CpuModel::m_jobTrace),
                            "ns3::CpuModel::JobTracedCallback");
    return tid;
}

CpuModel::CpuModel()
    : m_busy(false)
{
    NS_LOG_FUNCTION(this);
}

CpuModel::~CpuModel()
{
    NS_LOG_FUNCTION(this);
}

void
CpuModel::DoDispose()
{
    for (auto& interval : m_intervals)
    {
        interval.begin.Cancel();
        interval.end.Cancel();
    }
    m_intervals.clear();
    m_profile = nullptr;
    m_disposed = true;
    Object::DoDispose();
}

void
CpuModel::SetProfile(Ptr<DeviceProfile> profile)
{
    if (profile)
    {
        profile->Validate();
    }
    m_profile = profile;
}

Ptr<DeviceProfile>
CpuModel::GetProfile() const
{
    return m_profile;
}

Time
CpuModel::Submit(const std::vector<CryptoWork>& work)
{
    if (m_disposed)
    {
        return Time(0); // the node is being torn down (an application closing its sockets)
    }
    NS_ABORT_MSG_UNLESS(m_profile, "CpuModel: no Profile (use NodeModelHelper, or SetProfile)");
    return SubmitCycles(m_profile->GetCycles(work));
}

Time
CpuModel::SubmitAfter(const std::vector<CryptoWork>& work, Time ready)
{
    if (m_disposed)
    {
        return Time(0);
    }
    NS_ABORT_MSG_UNLESS(m_profile, "CpuModel: no Profile (use NodeModelHelper, or SetProfile)");
    return SubmitCycles(m_profile->GetCycles(work), ready);
}

Time
CpuModel::GetServiceTime(const std::vector<CryptoWork>& work) const
{
    NS_ABORT_MSG_UNLESS(m_profile, "CpuModel: no Profile (use NodeModelHelper, or SetProfile)");
    return m_profile->GetDuration(m_profile->GetCycles(work));
}

Time
CpuModel::SubmitCycles(uint64_t cycles, Time ready)
{
    if (m_disposed)
    {
        return Time(0);
    }
    NS_ABORT_MSG_UNLESS(m_profile, "CpuModel: no Profile (use NodeModelHelper, or SetProfile)");
    NS_ABORT_MSG_IF(ready.IsStrictlyNegative(), "CpuModel: a negative ready time");
    Time now = Simulator::Now();
    Time start = std::max(now + ready, m_busyUntil);
    Time service = m_profile->GetDuration(cycles);
    Time finish = start + service;
    ++m_jobs;
    m_cycles += cycles;
    m_busyTime += service;
    m_jobTrace(cycles, start - now, service);
    NS_LOG_LOGIC("job of " << cycles << " cycles: waits " << (start - now).As(Time::US)
                           << ", takes " << service.As(Time::US));
    m_busyUntil = std::max(m_busyUntil, finish);
    if (service.IsStrictlyPositive())
    {
        // The CPU computes over merged intervals: work that starts where the last interval
        // ends extends it, work that must wait for its input opens a new one after a gap
        if (!m_intervals.empty() && start == m_intervals.back().finish)
        {
            Interval& last = m_intervals.back();
            last.finish = finish;
            last.end.Cancel();
            last.end = Simulator::Schedule(finish - now, &CpuModel::EndInterval, this);
        }
        else
        {
            Interval interval;
            interval.finish = finish;
            if (start > now)
            {
                interval.begin = Simulator::Schedule(start - now, &CpuModel::BeginInterval, this);
            }
            else if (!m_busy)
            {
                m_busy = true;
            }
            interval.end = Simulator::Schedule(finish - now, &CpuModel::EndInterval, this);
            m_intervals.push_back(interval);
        }
    }
    return finish - now;
}

void
CpuModel::BeginInterval()
{
    if (!m_busy)
    {
        m_busy = true;
    }
}

void
CpuModel::EndInterval()
{
    NS_LOG_FUNCTION(this);
    if (!m_intervals.empty())
    {
        m_intervals.pop_front();
    }
    m_busy = false;
}

Time
CpuModel::GetBusyUntil() const
{
    return m_busyUntil;
}

bool
CpuModel::IsBusy() const
{
    return m_busy;
}

uint64_t
CpuModel::GetJobs() const
{
    return m_jobs;
}

uint64_t
CpuModel::GetCycles() const
{
    return m_cycles;
}

Time
CpuModel::GetBusyTime() const
{
    return m_busyTime;
}

double
CpuModel::GetActiveEnergy() const
{
    return m_profile ? double(m_cycles) * m_profile->GetEnergyPerCycle() : 0.0;
}

} // namespace ns3
