/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_CPU_MODEL_H
#define IOTSEC_CPU_MODEL_H

#include "ns3/crypto-work.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"
#include "ns3/traced-value.h"

#include <deque>
#include <vector>

namespace ns3
{

class DeviceProfile;

/**
 * \ingroup iotsec
 * \brief An executor of cryptographic work: a single server with a FIFO queue, priced by a
 * DeviceProfile.
 *
 * Submit() takes the work of one engine step (for example everything a DtlsSocket did for
 * one received datagram), prices it with the profile (DeviceProfile::GetCycles), queues it
 * behind the work already submitted, and returns how long from now until it is done: the
 * time it waits for the CPU plus its service time, cycles / CpuFrequency. Work submitted
 * while the CPU is busy therefore finishes after the earlier work, and the delays add up
 * exactly.
 *
 * The same cycles are the CPU's energy: cycles x DeviceProfile::GetEnergyPerCycle()
 * (GetActiveEnergy()). The Busy trace source follows the CPU between computing and waiting,
 * which is what the CPU energy model (NodeEnergyHelper) integrates.
 *
 * NodeModelHelper aggregates one CpuModel, with the node's profile, to each node; the
 * EngineExecutor of every engine binding on such a node (DtlsSocket, CoapSocketBinding) prices
 * the engine's steps on it automatically. A component that runs an engine elsewhere -- a
 * secure element with its own slow CPU -- creates a CpuModel of its own, with that device's
 * profile, and gives it to the binding's executor (GetExecutor()->SetCpu(cpu)).
 */
class CpuModel : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    CpuModel();
    ~CpuModel() override;

    /// \param profile the device whose figures price the work
    void SetProfile(Ptr<DeviceProfile> profile);
    /// \return the profile
    Ptr<DeviceProfile> GetProfile() const;

    /**
     * \brief Queue the work of one engine step.
     *
     * A CpuModel that has been disposed of (its node is being torn down, and applications
     * close their sockets) prices nothing: it returns zero.
     * \param work the operations
     * \return the time from now until the work is done (queueing plus service)
     */
    Time Submit(const std::vector<CryptoWork>& work);

    /**
     * \brief Queue the work of one engine step that cannot start before a given time: its
     * input is still on its way to the CPU (a secure element receiving a command over its
     * serial link). The CPU may idle until then; the Busy trace shows the gap.
     * \param work the operations
     * \param ready from now, when the work can start at the earliest (not negative)
     * \return the time from now until the work is done (queueing plus service)
     */
    Time SubmitAfter(const std::vector<CryptoWork>& work, Time ready);

    /**
     * \brief Queue a job of a known number of cycles.
     * \param cycles the job's cycles
     * \param ready from now, when it can start at the earliest (not negative; default now)
     * \return the time from now until it is done
     */
    Time SubmitCycles(uint64_t cycles, Time ready = Time(0));

    /**
     * \param work the operations
     * \return their service time on this CPU, cycles / CpuFrequency (nothing is queued)
     */
    Time GetServiceTime(const std::vector<CryptoWork>& work) const;

    /// \return when the work submitted so far is done (now, or earlier, if idle)
    Time GetBusyUntil() const;
    /// \return true while the CPU computes
    bool IsBusy() const;
    /// \return jobs submitted
    uint64_t GetJobs() const;
    /// \return cycles submitted
    uint64_t GetCycles() const;
    /// \return service time of the work submitted (the CPU's busy time once it is done)
    Time GetBusyTime() const;
    /// \return energy of the cycles submitted: cycles x energy per cycle, in J
    double GetActiveEnergy() const;

    /**
     * TracedCallback signature for a job.
     * \param cycles the job's cycles
     * \param wait how long it waits for the CPU
     * \param service its service time
     */
    typedef void (*JobTracedCallback)(uint64_t cycles, Time wait, Time service);

  protected:
    void DoDispose() override;

  private:
    /// A computing interval that waited for its input starts
    void BeginInterval();
    /// The oldest computing interval ends: the CPU idles (a later one starts after a gap)
    void EndInterval();

    /// A stretch of time in which the CPU computes without a pause
    struct Interval
    {
        Time finish;   //!< its end
        EventId begin; //!< BeginInterval, if it starts later
        EventId end;   //!< EndInterval
    };

    Ptr<DeviceProfile> m_profile;                    //!< Profile
    bool m_disposed{false};                          //!< DoDispose() has run
    Time m_busyUntil;                                //!< end of the queued work
    std::deque<Interval> m_intervals;                //!< computing, now and to come
    uint64_t m_jobs{0};                              //!< jobs
    uint64_t m_cycles{0};                            //!< cycles
    Time m_busyTime;                                 //!< service time
    TracedValue<bool> m_busy;                        //!< Busy
    TracedCallback<uint64_t, Time, Time> m_jobTrace; //!< Job
};

} // namespace ns3

#endif /* IOTSEC_CPU_MODEL_H */
