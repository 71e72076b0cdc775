/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_ENGINE_EXECUTOR_H
#define IOTSEC_ENGINE_EXECUTOR_H

#include "ns3/callback.h"
#include "ns3/crypto-work.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/ptr.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace ns3
{

class CpuModel;
class Node;

/**
 * \ingroup iotsec
 * \brief Runs the steps of a sans-I/O protocol engine on a CPU: the work a step reports is
 * priced, and the step's effects take place only once the CPU has done that work.
 *
 * One executor serves every engine binding (DtlsSocket, CoapSocketBinding, and whatever
 * engine comes next); no engine is priced by hand in its own binding. A binding uses it so:
 * - it opens a step (BeginStep(), or an EngineExecutor::Step on the stack) around each call
 *   into its engine: a received datagram, a timer, an application's request. Steps nest; only
 *   the outermost one counts;
 * - the engine's cryptographic work is reported into the open step (Report());
 * - every effect of the step -- a datagram sent, data delivered to an application, a trace
 *   fired, a timer armed -- is handed to Defer() instead of being done at once;
 * - when the outermost step ends (EndStep()), its work is priced, as one job, and the
 *   deferred effects run, in the order they were deferred, after that delay (at once when it
 *   is zero). While they run, GetEffectDelay() is the delay, so that a binding measures a
 *   deadline the engine gave from when the effects happen (TimeUntil()), not from when the
 *   engine computed it.
 *
 * An effect that runs calls back into the binding outside any step, so that whatever it
 * starts (an application answering a response with a new request) is a step of its own. The
 * engine is never re-entered by its own effects while it runs.
 *
 * Pricing: by default on the CpuModel aggregated to the node given to SetNode() (a FIFO
 * server priced by the node's DeviceProfile); SetCpu() prices on another CPU (a secure
 * element's, a border router's), SetPricer() on any callback that returns the time the work
 * takes. Every outermost step is priced, also one that reported no work: on a busy CPU it
 * waits its turn, as the CpuModel's queue defines. Without a pricer the effects run at once.
 * Work reported before the executor was given a node or a CPU (for example the key
 * derivations of an OSCORE context installed before its application starts) is kept and
 * priced as one job, with no effect to delay, as soon as it gets a CPU.
 *
 * It is an ns-3 Object rather than a plain member of the binding because effects outlive the
 * call that produced them: a step whose effects wait for the CPU holds a reference to its
 * executor, and to the executor's owner (SetOwner), so that neither is deleted while the
 * effects wait, even when the application has let go of the binding; the owner calls
 * Cancel() (or Dispose()) when it is disposed of, and what is pending is dropped. Being an
 * Object also gives it a TypeId, so its attribute and trace source are reached by the
 * ordinary ns-3 means.
 */
class EngineExecutor : public Object
{
  public:
    /// A pricing callback: the time the given work takes from now, waiting included
    using Pricer = Callback<Time, const std::vector<CryptoWork>&>;

    /**
     * A pricing callback that also sees the bytes the step moved: the work, the bytes that
     * went into the engine (received records, plaintext to protect) and the bytes that came
     * out of it (records to send, plaintext delivered) -- what crosses the link to an engine
     * that runs off the host, as in a secure element. Returns the time from now, waiting
     * included.
     */
    using StepPricer = Callback<Time, const std::vector<CryptoWork>&, uint32_t, uint32_t>;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    EngineExecutor();
    ~EngineExecutor() override;

    /**
     * \brief The scope of one engine step: BeginStep() when it is made, EndStep() when it
     * goes out of scope.
     */
    class Step
    {
      public:
        /// \param executor the executor (kept alive for the step)
        explicit Step(Ptr<EngineExecutor> executor);
        ~Step();
        Step(const Step&) = delete;
        Step& operator=(const Step&) = delete;

      private:
        Ptr<EngineExecutor> m_executor; //!< the executor
    };

    /**
     * \brief Name the object whose effects the steps have. It is referenced while a step's
     * effects wait for the CPU (not otherwise: no reference cycle).
     * \param owner the binding
     */
    void SetOwner(Ptr<Object> owner);

    /**
     * \brief Attach to the node that runs the engine: unless a pricer was set already, the
     * node's CpuModel (if it has one) prices the steps from now on.
     * \param node the node
     */
    void SetNode(Ptr<Node> node);

    /**
     * \brief Price the steps on a given CPU (replaces the node's CPU or a pricer).
     * \param cpu the CPU (nullptr: no pricing)
     */
    void SetCpu(Ptr<CpuModel> cpu);

    /// \return the CPU the steps are priced on (nullptr with no CPU or a custom pricer)
    Ptr<CpuModel> GetCpu() const;

    /**
     * \brief Price the steps with a callback (replaces the node's CPU or an earlier one).
     * \param pricer returns how long the given work takes from now (a null callback: no
     * pricing)
     */
    void SetPricer(Pricer pricer);

    /**
     * \brief Price the steps with a callback that also sees the bytes each step moved
     * (ReportTransfer()); replaces the node's CPU or an earlier pricer.
     * \param pricer returns how long the step takes from now (a null callback: no pricing)
     */
    void SetStepPricer(StepPricer pricer);

    /// \return true if the steps are priced (a CPU or a pricer)
    bool HasPricer() const;

    /// \brief Open a step (or a nested one)
    void BeginStep();

    /// \brief Close a step; at the outermost, price its work and run or schedule its effects
    void EndStep();

    /// \return true while a step is open
    bool IsInStep() const;

    /**
     * \brief Report work of the open step. Work reported outside any step is priced alone, at
     * once (its effects, if any, were not deferred).
     * \param work an operation
     */
    void Report(const CryptoWork& work);

    /**
     * \brief Report bytes the open step moved into and out of the engine (a StepPricer sees
     * their sums). Outside a step it does nothing.
     * \param in bytes into the engine \param out bytes out of it
     */
    void ReportTransfer(uint32_t in, uint32_t out);

    /**
     * \brief Run an effect of the open step once its work is done (at once outside a step).
     * \param action the effect
     */
    void Defer(std::function<void()> action);

    /// \return the delay of the step whose effects are running (zero otherwise)
    Time GetEffectDelay() const;

    /**
     * \param deadline an absolute deadline the engine gave during a step
     * \return how long from now until it, measured from when the step's effects happen
     * (deadline + GetEffectDelay() - now; zero if that has passed)
     */
    Time TimeUntil(Time deadline) const;

    /// \brief Drop the effects that wait for the CPU (the owner is going away)
    void Cancel();

    /// \return outermost steps ended so far
    uint64_t GetSteps() const;

    /// \return steps whose effects were delayed (a non-zero price)
    uint64_t GetDelayedSteps() const;

    /**
     * TracedCallback signature for a step priced.
     * \param operations the operations the step reported
     * \param delay the time until its effects run
     */
    typedef void (*StepTracedCallback)(uint32_t operations, Time delay);

  protected:
    void DoDispose() override;

  private:
    /**
     * \brief Run the effects of a step.
     * \param actions the effects
     * \param delay the step's delay
     * \param generation the Cancel() generation they belong to
     * \param owner the owner, kept alive until now
     */
    void Run(std::vector<std::function<void()>> actions,
             Time delay,
             uint64_t generation,
             Ptr<Object> owner);

    /// \brief Price the work kept from before a pricer was known, if there is one now
    void PriceBacklog();

    Object* m_owner{nullptr};                     //!< the binding (not referenced)
    Pricer m_pricer;                              //!< prices a step's work
    StepPricer m_stepPricer;                      //!< prices a step's work and bytes
    Ptr<CpuModel> m_cpu;                          //!< the CPU behind m_pricer, if any
    bool m_attached{false};                       //!< given a node, a CPU or a pricer
    int m_depth{0};                               //!< nesting of the open steps
    std::vector<CryptoWork> m_work;               //!< work of the open step
    uint32_t m_inBytes{0};                        //!< bytes into the engine, open step
    uint32_t m_outBytes{0};                       //!< bytes out of the engine, open step
    std::vector<std::function<void()>> m_actions; //!< effects of the open step
    std::vector<CryptoWork> m_backlog;            //!< work from before a pricer
    Time m_effectDelay;                           //!< delay of the effects running
    uint64_t m_generation{0};                     //!< incremented by Cancel()
    uint64_t m_steps{0};                          //!< outermost steps
    uint64_t m_delayedSteps{0};                   //!< steps with a non-zero delay
    TracedCallback<uint32_t, Time> m_stepTrace;   //!< Step
};

} // namespace ns3

#endif /* IOTSEC_ENGINE_EXECUTOR_H */
