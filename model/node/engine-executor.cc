/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "engine-executor.h"

#include "cpu-model.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("EngineExecutor");

NS_OBJECT_ENSURE_REGISTERED(EngineExecutor);

namespace
{

/// Work kept from before a pricer is known (configuration time): at most this many operations
constexpr std::size_t MAX_BACKLOG = 65536;

} // namespace

TypeId
EngineExecutor::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::EngineExecutor")
            .SetParent<Object>()
            .SetGroupName("Iotsec")
            .AddConstructor<EngineExecutor>()
            .AddAttribute("Cpu",
                          "The CPU that prices the engine's steps (default: the CpuModel of "
                          "the node the binding runs on).",
                          PointerValue(),
                          MakePointerAccessor(&EngineExecutor::SetCpu, &EngineExecutor::GetCpu),
                          MakePointerChecker<CpuModel>())
            .AddTraceSource("Step",
                            "An engine step ended and was priced (operations it reported, "
                            "time until its effects run).",
                            MakeTraceSourceAccessor(&EngineExecutor::m_stepTrace),
                            "ns3::EngineExecutor::StepTracedCallback");
    return tid;
}

EngineExecutor::EngineExecutor()
{
    NS_LOG_FUNCTION(this);
}

EngineExecutor::~EngineExecutor()
{
    NS_LOG_FUNCTION(this);
}

void
EngineExecutor::DoDispose()
{
    NS_LOG_FUNCTION(this);
    Cancel();
    m_pricer = Pricer();
    m_stepPricer = StepPricer();
    m_cpu = nullptr;
    m_owner = nullptr;
    m_backlog.clear();
    Object::DoDispose();
}

// ------------------------------------------------------------------------------------------
// Where the work is priced
// ------------------------------------------------------------------------------------------

void
EngineExecutor::SetOwner(Ptr<Object> owner)
{
    m_owner = PeekPointer(owner);
}

void
EngineExecutor::SetNode(Ptr<Node> node)
{
    NS_LOG_FUNCTION(this << node);
    m_attached = true;
    if (node && m_pricer.IsNull() && m_stepPricer.IsNull())
    {
        Ptr<CpuModel> cpu = node->GetObject<CpuModel>();
        if (cpu)
        {
            m_cpu = cpu;
            m_pricer = MakeCallback(&CpuModel::Submit, cpu);
        }
    }
    PriceBacklog();
}

void
EngineExecutor::SetCpu(Ptr<CpuModel> cpu)
{
    NS_LOG_FUNCTION(this << cpu);
    m_attached = true;
    m_cpu = cpu;
    m_pricer = cpu ? MakeCallback(&CpuModel::Submit, cpu) : Pricer();
    m_stepPricer = StepPricer();
    PriceBacklog();
}

Ptr<CpuModel>
EngineExecutor::GetCpu() const
{
    return m_cpu;
}

void
EngineExecutor::SetPricer(Pricer pricer)
{
    NS_LOG_FUNCTION(this);
    m_attached = true;
    m_cpu = nullptr;
    m_pricer = pricer;
    m_stepPricer = StepPricer();
    PriceBacklog();
}

void
EngineExecutor::SetStepPricer(StepPricer pricer)
{
    NS_LOG_FUNCTION(this);
    m_attached = true;
    m_cpu = nullptr;
    m_pricer = Pricer();
    m_stepPricer = pricer;
    PriceBacklog();
}

bool
EngineExecutor::HasPricer() const
{
    return !m_pricer.IsNull() || !m_stepPricer.IsNull();
}

void
EngineExecutor::PriceBacklog()
{
    if (m_backlog.empty() || !HasPricer())
    {
        return;
    }
    std::vector<CryptoWork> work;
    work.swap(m_backlog);
    Time delay = m_pricer.IsNull() ? m_stepPricer(work, 0, 0) : m_pricer(work);
    NS_LOG_LOGIC("work from before a CPU was known: " << work.size() << " operations, "
                                                      << delay.As(Time::US));
    m_stepTrace(static_cast<uint32_t>(work.size()), delay);
}

// ------------------------------------------------------------------------------------------
// Steps
// ------------------------------------------------------------------------------------------

EngineExecutor::Step::Step(Ptr<EngineExecutor> executor)
    : m_executor(executor)
{
    m_executor->BeginStep();
}

EngineExecutor::Step::~Step()
{
    m_executor->EndStep();
}

void
EngineExecutor::BeginStep()
{
    if (m_depth++ == 0)
    {
        m_work.clear();
        m_actions.clear();
        m_inBytes = 0;
        m_outBytes = 0;
    }
}

bool
EngineExecutor::IsInStep() const
{
    return m_depth > 0;
}

void
EngineExecutor::EndStep()
{
    NS_ABORT_MSG_UNLESS(m_depth > 0, "EngineExecutor::EndStep without BeginStep");
    if (--m_depth > 0)
    {
        return;
    }
    std::vector<CryptoWork> work;
    work.swap(m_work);
    std::vector<std::function<void()>> actions;
    actions.swap(m_actions);
    ++m_steps;
    Time delay(0);
    if (!m_stepPricer.IsNull())
    {
        delay = m_stepPricer(work, m_inBytes, m_outBytes);
    }
    else if (!m_pricer.IsNull())
    {
        delay = m_pricer(work);
    }
    else if (!m_attached && !work.empty())
    {
        // No CPU yet: keep the work until the binding knows where it runs
        if (m_backlog.size() + work.size() <= MAX_BACKLOG)
        {
            m_backlog.insert(m_backlog.end(), work.begin(), work.end());
        }
        else
        {
            NS_LOG_WARN("EngineExecutor: more than " << MAX_BACKLOG
                                                     << " operations before a CPU is known; "
                                                        "the rest is not priced");
        }
    }
    m_stepTrace(static_cast<uint32_t>(work.size()), delay);
    if (delay.IsZero())
    {
        Ptr<EngineExecutor> self = this; // an effect may release the owner, and with it us
        Run(std::move(actions), delay, m_generation, nullptr);
        return;
    }
    NS_ABORT_MSG_IF(delay.IsStrictlyNegative(), "EngineExecutor: a negative processing delay");
    ++m_delayedSteps;
    NS_LOG_LOGIC("step: " << work.size() << " operations, " << actions.size() << " effects after "
                          << delay.As(Time::US));
    Simulator::Schedule(delay,
                        &EngineExecutor::Run,
                        Ptr<EngineExecutor>(this),
                        std::move(actions),
                        delay,
                        m_generation,
                        Ptr<Object>(m_owner));
}

void
EngineExecutor::Run(std::vector<std::function<void()>> actions,
                    Time delay,
                    uint64_t generation,
                    Ptr<Object> owner)
{
    (void)owner; // only kept alive until now
    if (generation != m_generation)
    {
        return; // cancelled
    }
    Time outer = m_effectDelay; // an effect may end a step of its own, with its own delay
    m_effectDelay = delay;
    for (const auto& action : actions)
    {
        if (generation != m_generation)
        {
            break; // an effect disposed of the owner
        }
        action();
    }
    m_effectDelay = outer;
}

void
EngineExecutor::Report(const CryptoWork& work)
{
    if (m_depth > 0)
    {
        m_work.push_back(work);
        return;
    }
    NS_LOG_LOGIC("work reported outside a step: priced alone, nothing delayed");
    BeginStep();
    m_work.push_back(work);
    EndStep();
}

void
EngineExecutor::ReportTransfer(uint32_t in, uint32_t out)
{
    if (m_depth > 0)
    {
        m_inBytes += in;
        m_outBytes += out;
    }
}

void
EngineExecutor::Defer(std::function<void()> action)
{
    if (m_depth > 0)
    {
        m_actions.push_back(std::move(action));
    }
    else
    {
        action();
    }
}

Time
EngineExecutor::GetEffectDelay() const
{
    return m_effectDelay;
}

Time
EngineExecutor::TimeUntil(Time deadline) const
{
    Time delay = deadline + m_effectDelay - Simulator::Now();
    return delay.IsNegative() ? Time(0) : delay;
}

void
EngineExecutor::Cancel()
{
    ++m_generation;
}

uint64_t
EngineExecutor::GetSteps() const
{
    return m_steps;
}

uint64_t
EngineExecutor::GetDelayedSteps() const
{
    return m_delayedSteps;
}

} // namespace ns3
