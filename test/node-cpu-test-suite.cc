/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The CPU model as a single FIFO server: work submitted while the CPU is busy waits for the
// earlier work, finishes after it, and the delays add up exactly. The engine executor on it:
// a step's work is priced once, its effects wait for it, in order, and timers are re-based.

#include "iotsec-test.h"

#include "ns3/cpu-model.h"
#include "ns3/device-profile.h"
#include "ns3/double.h"
#include "ns3/engine-executor.h"
#include "ns3/node.h"
#include "ns3/simulator.h"

#include <string>
#include <tuple>
#include <vector>

using namespace ns3;

/**
 * \ingroup iotsec-tests
 * \brief Jobs under contention on a TelosB CPU (8 MHz: 125 ns per cycle).
 */
class NodeCpuQueueTestCase : public TestCase
{
  public:
    NodeCpuQueueTestCase()
        : TestCase("CPU: FIFO under contention, delays add up exactly")
    {
    }

  private:
    /// A job's submission and completion
    struct Job
    {
        char name;  //!< job
        Time delay; //!< delay Submit returned
        Time done;  //!< when its completion event ran
    };

    std::vector<Job> m_jobs;                   //!< jobs in submission order
    std::vector<char> m_doneOrder;             //!< completion order
    std::vector<std::pair<Time, bool>> m_busy; //!< Busy trace

    /**
     * \param cpu the CPU
     * \param name the job's name
     * \param cycles its cycles
     */
    void Submit(Ptr<CpuModel> cpu, char name, uint64_t cycles)
    {
        Time delay = cpu->SubmitCycles(cycles);
        m_jobs.push_back(Job{name, delay, Time()});
        std::size_t index = m_jobs.size() - 1;
        Simulator::Schedule(delay, [this, index]() {
            m_jobs[index].done = Simulator::Now();
            m_doneOrder.push_back(m_jobs[index].name);
        });
    }

    /**
     * \param cpu the CPU
     * \param name the job's name
     * \param work its work
     */
    void SubmitWork(Ptr<CpuModel> cpu, char name, std::vector<CryptoWork> work)
    {
        Time delay = cpu->Submit(work);
        m_jobs.push_back(Job{name, delay, Time()});
        std::size_t index = m_jobs.size() - 1;
        Simulator::Schedule(delay, [this, index]() {
            m_jobs[index].done = Simulator::Now();
            m_doneOrder.push_back(m_jobs[index].name);
        });
    }

    void DoRun() override
    {
        Ptr<CpuModel> cpu = CreateObject<CpuModel>();
        cpu->SetProfile(DeviceProfile::CreatePreset("TelosB"));
        cpu->TraceConnectWithoutContext(
            "Busy",
            MakeCallback(+[](std::vector<std::pair<Time, bool>>* out, bool, bool busy) {
                out->emplace_back(Simulator::Now(), busy);
            }).Bind(&m_busy));
        Time t0 = Seconds(1);
        // A: 1000 cycles = 125 us, on an idle CPU
        Simulator::Schedule(t0, &NodeCpuQueueTestCase::Submit, this, cpu, 'A', 1000);
        // B: 2000 cycles = 250 us, 50 us later while A runs: waits 75 us
        Simulator::Schedule(t0 + MicroSeconds(50),
                            &NodeCpuQueueTestCase::Submit,
                            this,
                            cpu,
                            'B',
                            2000);
        // C: no work at all, at the same time: it still waits for A and B
        Simulator::Schedule(t0 + MicroSeconds(50),
                            &NodeCpuQueueTestCase::SubmitWork,
                            this,
                            cpu,
                            'C',
                            std::vector<CryptoWork>());
        // D: one AES block (2112 cycles = 264 us) at 100 us, behind B
        Simulator::Schedule(t0 + MicroSeconds(100),
                            &NodeCpuQueueTestCase::SubmitWork,
                            this,
                            cpu,
                            'D',
                            std::vector<CryptoWork>{{CryptoOp::AES_BLOCK, 16, 0}});
        // E: 800 cycles = 100 us, at 2 s on an idle CPU again
        Simulator::Schedule(Seconds(2), &NodeCpuQueueTestCase::Submit, this, cpu, 'E', 800);
        Simulator::Run();
        Simulator::Destroy();

        IOTSEC_TEST_REQUIRE(m_jobs.size() == 5, "five jobs");
        NS_TEST_EXPECT_MSG_EQ(m_jobs[0].delay, MicroSeconds(125), "A: its own 125 us");
        NS_TEST_EXPECT_MSG_EQ(m_jobs[1].delay, MicroSeconds(75 + 250), "B: waits 75 us for A");
        NS_TEST_EXPECT_MSG_EQ(m_jobs[2].delay, MicroSeconds(325), "C: waits for A and B");
        NS_TEST_EXPECT_MSG_EQ(m_jobs[3].delay,
                              MicroSeconds(275 + 264),
                              "D: waits 275 us for A and B, then 264 us");
        NS_TEST_EXPECT_MSG_EQ(m_jobs[4].delay, MicroSeconds(100), "E: idle CPU again");
        // completion times: the busy period is the sum of the service times
        NS_TEST_EXPECT_MSG_EQ(m_jobs[0].done, t0 + MicroSeconds(125), "A done");
        NS_TEST_EXPECT_MSG_EQ(m_jobs[1].done, t0 + MicroSeconds(125 + 250), "B done");
        NS_TEST_EXPECT_MSG_EQ(m_jobs[3].done, t0 + MicroSeconds(125 + 250 + 264), "D done");
        IOTSEC_TEST_REQUIRE(m_doneOrder.size() == 5, "five completions");
        NS_TEST_EXPECT_MSG_EQ(std::string(m_doneOrder.begin(), m_doneOrder.end()),
                              "ABCDE",
                              "first in, first out");
        NS_TEST_EXPECT_MSG_EQ(cpu->GetJobs(), 5u, "jobs");
        NS_TEST_EXPECT_MSG_EQ(cpu->GetCycles(), 1000u + 2000 + 2112 + 800, "cycles");
        NS_TEST_EXPECT_MSG_EQ(cpu->GetBusyTime(), MicroSeconds(125 + 250 + 264 + 100), "busy");
        // Busy: on at 1 s until D is done, on at 2 s for 100 us
        IOTSEC_TEST_REQUIRE(m_busy.size() == 4, "two busy periods");
        NS_TEST_EXPECT_MSG_EQ(m_busy[0].first, t0, "busy from A");
        NS_TEST_EXPECT_MSG_EQ(m_busy[0].second, true, "busy");
        NS_TEST_EXPECT_MSG_EQ(m_busy[1].first, t0 + MicroSeconds(639), "idle after D");
        NS_TEST_EXPECT_MSG_EQ(m_busy[1].second, false, "idle");
        NS_TEST_EXPECT_MSG_EQ(m_busy[2].first, Seconds(2), "busy from E");
        NS_TEST_EXPECT_MSG_EQ(m_busy[3].first, Seconds(2) + MicroSeconds(100), "idle after E");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Two CpuModels are independent executors: a job on one does not delay the other (a
 * component such as a secure element owns a CpuModel of its own).
 */
class NodeCpuExecutorsTestCase : public TestCase
{
  public:
    NodeCpuExecutorsTestCase()
        : TestCase("CPU: separate executors do not queue behind each other")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<CpuModel> main = CreateObject<CpuModel>();
        main->SetProfile(DeviceProfile::CreatePreset("CC2538"));
        Ptr<CpuModel> slow = CreateObject<CpuModel>();
        slow->SetProfile(DeviceProfile::CreatePreset("TelosB"));
        Time a;
        Time b;
        Time c;
        Simulator::Schedule(Seconds(1), [&]() {
            a = slow->SubmitCycles(8000); // 1 ms on the slow executor
            b = main->SubmitCycles(3200); // 100 us on the main CPU, not behind the slow one
            c = slow->SubmitCycles(8000); // behind the first slow job
        });
        Simulator::Run();
        Simulator::Destroy();
        NS_TEST_EXPECT_MSG_EQ(a, MilliSeconds(1), "slow executor");
        NS_TEST_EXPECT_MSG_EQ(b, MicroSeconds(100), "main CPU is free");
        NS_TEST_EXPECT_MSG_EQ(c, MilliSeconds(2), "slow executor queues its own work");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The engine executor on a TelosB CPU (one AES block: 2112 cycles, 264 us): nested
 * steps are priced once, effects run in order after the delay, deadlines are re-based, work
 * from before a CPU is priced when it comes, and Cancel() drops what waits.
 */
class NodeCpuEngineExecutorTestCase : public TestCase
{
  public:
    NodeCpuEngineExecutorTestCase()
        : TestCase("engine executor: steps priced once, effects after the work, timers re-based")
    {
    }

  private:
    /// One AES block
    static CryptoWork Aes()
    {
        return CryptoWork{CryptoOp::AES_BLOCK, 16, 0};
    }

    void DoRun() override
    {
        const Time block = MicroSeconds(264); // 2112 cycles at 8 MHz
        Ptr<Node> node = CreateObject<Node>();
        Ptr<CpuModel> cpu = CreateObject<CpuModel>();
        cpu->SetProfile(DeviceProfile::CreatePreset("TelosB"));
        node->AggregateObject(cpu);
        Ptr<EngineExecutor> exec = CreateObject<EngineExecutor>();
        std::vector<std::pair<Time, std::string>> log;
        auto note = [&log](const std::string& what) { log.emplace_back(Simulator::Now(), what); };

        // Before a CPU: two operations are kept, and priced when the node is given
        exec->BeginStep();
        exec->Report(Aes());
        exec->Report(Aes());
        exec->EndStep();
        NS_TEST_EXPECT_MSG_EQ(cpu->GetJobs(), 0u, "nothing priced without a CPU");
        exec->SetNode(node);
        NS_TEST_EXPECT_MSG_EQ(cpu->GetCycles(), 2u * 2112, "the earlier work, priced once");
        NS_TEST_EXPECT_MSG_EQ(cpu->GetJobs(), 1u, "as one job");

        Time deadlineIn;
        Simulator::Schedule(Seconds(1), [&]() {
            // A step with a nested one: one job, three blocks; effects in order after it
            exec->BeginStep();
            exec->Report(Aes());
            exec->Defer([&]() { note("first"); });
            exec->BeginStep();
            exec->Report(Aes());
            exec->Defer([&]() {
                note("nested");
                deadlineIn = exec->TimeUntil(Seconds(1) + MilliSeconds(10));
                // an effect's own step is a new outermost step, priced on its own: with no
                // work, on the idle CPU, its effects run at once, with no delay of their own
                exec->BeginStep();
                exec->Defer([&]() {
                    note("effect's step");
                    NS_TEST_EXPECT_MSG_EQ(exec->GetEffectDelay(), Time(0), "its own delay");
                });
                exec->EndStep();
                NS_TEST_EXPECT_MSG_EQ(exec->GetEffectDelay(), 3 * block, "restored after it");
            });
            exec->EndStep();
            NS_TEST_EXPECT_MSG_EQ(log.size(), 0u, "nothing before the outermost step ends");
            exec->Report(Aes());
            exec->EndStep();
            NS_TEST_EXPECT_MSG_EQ(log.size(), 0u, "nothing before the work is done");
            // outside a step: at once
            exec->Defer([&]() { note("outside"); });
        });
        Simulator::Schedule(Seconds(2), [&]() {
            // Cancelled: the effects of a pending step never run
            exec->BeginStep();
            exec->Report(Aes());
            exec->Defer([&]() { note("cancelled"); });
            exec->EndStep();
            exec->Cancel();
        });
        Simulator::Schedule(Seconds(3), [&]() {
            // Another pricer (a secure element's CPU, or a callback): replaces the node's
            exec->SetPricer(MakeCallback(+[](const std::vector<CryptoWork>& w) {
                return MilliSeconds(10 * static_cast<int64_t>(w.size()));
            }));
            exec->BeginStep();
            exec->Report(Aes());
            exec->Report(Aes());
            exec->Defer([&]() { note("priced by callback"); });
            exec->EndStep();
        });
        Simulator::Run();
        IOTSEC_TEST_REQUIRE(log.size() == 5, "five effects ran");
        NS_TEST_EXPECT_MSG_EQ(log[0].second, "outside", "an effect outside a step runs at once");
        NS_TEST_EXPECT_MSG_EQ(log[0].first, Seconds(1), "at once");
        NS_TEST_EXPECT_MSG_EQ(log[1].second, "first", "in the order deferred");
        NS_TEST_EXPECT_MSG_EQ(log[1].first, Seconds(1) + 3 * block, "after the step's 3 blocks");
        NS_TEST_EXPECT_MSG_EQ(log[2].second, "nested", "the nested step's effect");
        NS_TEST_EXPECT_MSG_EQ(log[2].first, Seconds(1) + 3 * block, "with the outermost");
        NS_TEST_EXPECT_MSG_EQ(deadlineIn,
                              MilliSeconds(10),
                              "a deadline is measured from when the effects happen");
        NS_TEST_EXPECT_MSG_EQ(log[3].second, "effect's step", "the effect's own step");
        NS_TEST_EXPECT_MSG_EQ(log[3].first, Seconds(1) + 3 * block, "no work: at once");
        NS_TEST_EXPECT_MSG_EQ(log[4].second, "priced by callback", "the callback's price");
        NS_TEST_EXPECT_MSG_EQ(log[4].first, Seconds(3) + MilliSeconds(20), "10 ms per op");
        NS_TEST_EXPECT_MSG_EQ(cpu->GetCycles(), 6u * 2112, "2 + 3 + 1 blocks on the CPU");
        NS_TEST_EXPECT_MSG_EQ(exec->GetSteps(), 5u, "five outermost steps");
        // A node being torn down disposes of its CPU first or last: a socket that closes then
        // is not priced (a disposed CPU does no work) rather than aborted
        cpu->Dispose();
        NS_TEST_EXPECT_MSG_EQ(cpu->Submit({Aes()}), Time(0), "a disposed CPU prices nothing");
        Simulator::Destroy();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Work whose input is still on its way (SubmitAfter, a secure element's CPU): it
 * starts at the later of its ready time and the end of the earlier work, the CPU idles in
 * between and the Busy trace shows the gap; an EngineExecutor step pricer sees the bytes the
 * step reported (ReportTransfer), summed over the step, and only those of the outermost step.
 */
class NodeCpuReadyTestCase : public TestCase
{
  public:
    NodeCpuReadyTestCase()
        : TestCase("CPU: work that waits for its input; a step pricer sees the step's bytes")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<DeviceProfile> profile = CreateObject<DeviceProfile>();
        profile->SetAttribute("CpuFrequency", DoubleValue(1e6)); // 1 cycle = 1 us
        Ptr<CpuModel> cpu = CreateObject<CpuModel>();
        cpu->SetProfile(profile);
        std::vector<std::pair<Time, bool>> busy;
        cpu->TraceConnectWithoutContext(
            "Busy",
            MakeBoundCallback(
                +[](std::vector<std::pair<Time, bool>>* out, bool, bool now) {
                    out->emplace_back(Simulator::Now(), now);
                },
                &busy));
        Time a;
        Time b;
        Time c;
        Simulator::Schedule(MilliSeconds(10), [&]() {
            a = cpu->SubmitCycles(1000);                  // 1 ms, at once
            b = cpu->SubmitCycles(2000, MilliSeconds(5)); // input in 5 ms: idles 4 ms
            c = cpu->SubmitCycles(500, MilliSeconds(1));  // ready, but behind b
        });
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(a, MilliSeconds(1), "a: its service");
        NS_TEST_EXPECT_MSG_EQ(b, MilliSeconds(7), "b: waits for its input, then 2 ms");
        NS_TEST_EXPECT_MSG_EQ(c, MilliSeconds(7) + MicroSeconds(500), "c: behind b");
        IOTSEC_TEST_REQUIRE(busy.size() == 4, "busy, idle, busy, idle");
        NS_TEST_EXPECT_MSG_EQ(busy[0].first, MilliSeconds(10), "a starts");
        NS_TEST_EXPECT_MSG_EQ(busy[1].first, MilliSeconds(11), "a ends: the CPU idles");
        NS_TEST_EXPECT_MSG_EQ(busy[1].second, false, "idle");
        NS_TEST_EXPECT_MSG_EQ(busy[2].first, MilliSeconds(15), "b's input is in");
        NS_TEST_EXPECT_MSG_EQ(busy[3].first,
                              MilliSeconds(17) + MicroSeconds(500),
                              "c ends, without a gap after b");
        NS_TEST_EXPECT_MSG_EQ(cpu->GetBusyTime(), MicroSeconds(3500), "busy 3.5 ms");
        Simulator::Destroy();

        // a step pricer sees the work and the bytes of the outermost step
        Ptr<EngineExecutor> executor = CreateObject<EngineExecutor>();
        std::vector<std::tuple<std::size_t, uint32_t, uint32_t>> priced;
        executor->SetStepPricer(MakeBoundCallback(
            +[](std::vector<std::tuple<std::size_t, uint32_t, uint32_t>>* out,
                const std::vector<CryptoWork>& work,
                uint32_t in,
                uint32_t outBytes) {
                out->emplace_back(work.size(), in, outBytes);
                return MicroSeconds(in + outBytes);
            },
            &priced));
        bool ran = false;
        executor->BeginStep();
        executor->ReportTransfer(100, 0);
        executor->Report(CryptoWork{CryptoOp::SHA256, 64, 0});
        executor->BeginStep(); // nested: the same step
        executor->ReportTransfer(0, 30);
        executor->EndStep();
        executor->ReportTransfer(20, 5);
        executor->Defer([&ran]() { ran = true; });
        executor->EndStep();
        executor->ReportTransfer(7, 7); // outside a step: nothing
        IOTSEC_TEST_REQUIRE(priced.size() == 1, "one outermost step");
        NS_TEST_EXPECT_MSG_EQ(std::get<0>(priced[0]), 1u, "its work");
        NS_TEST_EXPECT_MSG_EQ(std::get<1>(priced[0]), 120u, "bytes in, summed");
        NS_TEST_EXPECT_MSG_EQ(std::get<2>(priced[0]), 35u, "bytes out, summed");
        NS_TEST_EXPECT_MSG_EQ(ran, false, "its effect waits for the price");
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(ran, true, "and runs after 155 us");
        NS_TEST_EXPECT_MSG_EQ(Simulator::Now(), MicroSeconds(155), "at the price");
        executor->BeginStep();
        executor->EndStep();
        NS_TEST_EXPECT_MSG_EQ(std::get<1>(priced.back()), 0u, "a new step starts at zero");
        executor->Dispose();
        Simulator::Destroy();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The CPU model test suite.
 */
class NodeCpuTestSuite : public TestSuite
{
  public:
    NodeCpuTestSuite()
        : TestSuite("iotsec-node-cpu", Type::UNIT)
    {
        AddTestCase(new NodeCpuQueueTestCase, iotsectest::QUICK);
        AddTestCase(new NodeCpuExecutorsTestCase, iotsectest::QUICK);
        AddTestCase(new NodeCpuEngineExecutorTestCase, iotsectest::QUICK);
        AddTestCase(new NodeCpuReadyTestCase, iotsectest::QUICK);
    }
};

/// Static instance: registers the suite
static NodeCpuTestSuite g_nodeCpuTestSuite;
