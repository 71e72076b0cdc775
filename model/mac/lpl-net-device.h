/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_LPL_NET_DEVICE_H
#define IOTSEC_LPL_NET_DEVICE_H

#include "ns3/event-id.h"
#include "ns3/iotsec-compat.h"
#include "ns3/lr-wpan-net-device.h"
#include "ns3/mac16-address.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <deque>
#include <map>

namespace ns3
{

class LplMedium;

/**
 * \ingroup iotsec
 * \brief An lr-wpan device with radio duty cycling: ContikiMAC-style asynchronous low-power
 * listening (Dunkels, SICS T2011:13).
 *
 * **Receiving.** The radio is off except for a channel check every WakeupInterval (125 ms,
 * 8 Hz), at a phase drawn uniformly per device: two clear-channel assessments (CCA, 8
 * symbols), each after the transceiver's turnaround (aTurnaroundTime, 12 symbols), CcaGap
 * apart with the radio off in between (fast sleep). A check that finds the channel busy keeps
 * the radio on (RX_ON) until a frame has been received, and at most ListenTimeout when none
 * starts; the MAC acknowledges a unicast frame addressed to the device, and the radio goes
 * back to sleep after any frame (one addressed to another node is overheard, and paid for).
 *
 * **Sending.** A unicast frame is repeated (a strobe) until the receiver acknowledges it or
 * WakeupInterval plus two frame periods have passed, so that every receiver's check falls
 * into the strobe and a whole copy follows it. The repeats are ns-3's own: the MAC's
 * retransmissions after an acknowledgement timeout (macAckWaitDuration, 54 symbols) with a
 * backoff exponent of 0 (macMinBE), so every copy carries the same sequence number and the
 * receivers' duplicate detection discards copies received twice. A broadcast is repeated for
 * the whole strobe. One frame is strobed at a time; the others wait in a queue of
 * MaxQueueLength frames (beyond it, Send() refuses a frame and the Drop trace fires).
 *
 * **Bursts.** A sender whose next queued frame is for the same receiver keeps it awake for it
 * (ContikiMAC's frame-pending bit, passed between the devices since ns-3's MAC does not let a
 * NetDevice set it), so a packet's 6LoWPAN fragments wait for one check per hop, not one each.
 *
 * **Phase lock.** A unicast acknowledged after the first copy tells the sender when the
 * receiver checks the channel: later frames to it wait until PhaseLockGuard before that
 * instant (a whole number of intervals later), so the strobe lasts a few copies instead of
 * half an interval on average. The latency stays what the receiver's schedule makes it
 * (uniform over the interval): phase lock saves the sender's energy and the channel's time,
 * not delay.
 *
 * **Idle costs no events.** Wake-up instants are deterministic, so a check that finds the
 * channel clear is not simulated: the IotsecLrWpanRadioEnergyModel counts the instants in
 * each period the transceiver is off and charges each CheckOnTime at the receive current.
 * A check is simulated only when a sender in range is active (LplMedium); IdleModel Explicit
 * simulates every check instead (an event per check), which the tests use to prove the
 * closed form. A check that finds the channel busy is always decided by the medium: a strobe
 * on the air at the instant of a check, or starting while a check is under way, is detected.
 * That is ContikiMAC's design rule (the gap between copies, here 54 + 8 + 12 symbols =
 * 1.184 ms, shorter than CcaGap plus a CCA; copies longer than CcaGap), and it holds for the
 * frames of a 6LoWPAN network with CcaGap 1.1 ms; ContikiMAC pads shorter frames.
 *
 * **Always on.** AlwaysOn keeps the receiver on (a border router, a mains-powered light)
 * while sending with strobes, so that duty-cycled neighbours hear it.
 *
 * The sender keeps its receiver on for its whole strobe, and every device keeps it on while
 * its PHY receives a frame: ns-3.37's MAC otherwise strands a frame queued behind an
 * acknowledgement, and its PHY stops the simulation when asked for TRX_OFF during a reception
 * already marked lost.
 *
 * The device is an LrWpanNetDevice: sixlowpan, pcap and energy helpers take it unchanged.
 */
class LplNetDevice : public iotsec_compat::LrWpanNetDevice
{
  public:
    /// How checks that find the channel clear are accounted
    enum IdleModel
    {
        ANALYTIC = 0, //!< in closed form, by the radio energy model (no events)
        EXPLICIT = 1, //!< one event per check (the reference the closed form is tested against)
    };

    /// What a ChannelCheck trace reports
    enum CheckKind
    {
        IDLE_CHECK = 0,    //!< (Explicit only) a check found the channel clear; the radio was off
        DETECTED = 1,      //!< a check at this instant found the channel busy: the radio stays on
        LATE_DETECTED = 2, //!< activity began while a check was under way: the radio stays on
    };

    /// aTurnaroundTime, in symbols (IEEE 802.15.4-2006, Table 22): ns-3.37 has it in
    /// LrWpanPhy, later releases in lr-wpan-constants.h
    static constexpr uint32_t TURNAROUND_SYMBOLS = 12;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    LplNetDevice();

    bool Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber) override;
    void SetReceiveCallback(NetDevice::ReceiveCallback cb) override;
    void SetNode(Ptr<Node> node) override;

    /// \return WakeupInterval
    Time GetWakeupInterval() const;
    /// \return the device's first wake-up instant, in [0, WakeupInterval)
    Time GetWakeupPhase() const;
    /// \return the radio-on time of one check: two times (turnaround + CCA)
    Time GetCheckOnTime() const;
    /// \return the time from a check's first instant to the end of its second CCA
    Time GetCheckDuration() const;
    /// \return whether idle checks are counted in closed form
    bool IsAnalytic() const;
    /// \return AlwaysOn
    bool IsAlwaysOn() const;
    /**
     * \param t a time
     * \return the first wake-up instant at or after t
     */
    Time NextWakeup(Time t) const;

    /**
     * \brief The medium: a sender in range became active (a strobe or a frame started).
     */
    void HearActivity();

    /**
     * \param receiver a short address
     * \return whether the frame being strobed and the next one are both for it (a burst)
     */
    bool HasMoreFor(Mac16Address receiver) const;

    /// \return strobes sent so far
    uint64_t GetStrobes() const;
    /// \return checks that found the channel busy so far (DETECTED and LATE_DETECTED)
    uint64_t GetDetections() const;

    /**
     * \brief Fix the device's random streams (its phase; then the lr-wpan device's).
     *
     * LrWpanNetDevice::AssignStreams() is not virtual: call this one on an LplNetDevice.
     * \param stream the first stream index
     * \return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * TracedCallback signature for a strobe that ended.
     * \param destination the destination
     * \param copies the copies sent
     * \param acked whether a unicast was acknowledged (true for a broadcast sent whole)
     * \param duration from the strobe's first copy to its end
     */
    typedef void (*StrobeTracedCallback)(Mac16Address destination,
                                         uint32_t copies,
                                         bool acked,
                                         Time duration);

    /**
     * TracedCallback signature for a channel check.
     * \param kind a CheckKind
     */
    typedef void (*CheckTracedCallback)(uint8_t kind);

  private:
    /// A frame waiting to be strobed
    struct Pending
    {
        Ptr<Packet> packet;  //!< the MSDU
        Address destination; //!< as given to Send()
        uint16_t protocol;   //!< as given to Send()
        Mac16Address dst16;  //!< the destination's short address
    };

    /// Draw the phase, join the channel's medium, set the receiver's idle state
    void Start();
    /// Start the next frame of the queue, now or at its phase-locked instant
    void StartNext();
    /// Start the strobe of the frame at the queue's head
    void StartStrobe();
    /// Hand one MAC request of the strobe to the lr-wpan device
    void SendCopy();
    /**
     * \brief The MAC finished a request of the strobe.
     * \param ok MacTxOk (acknowledged, or a broadcast sent) rather than MacTxDrop
     */
    void CopyDone(bool ok);
    /**
     * \param acked the outcome
     */
    void EndStrobe(bool acked);
    /**
     * \param msduBytes an MSDU's size
     * \return the period of one copy: frame, ack wait, CCA and turnaround
     */
    Time CopyPeriod(uint32_t msduBytes) const;

    /// A wake-up instant the medium asked for (analytic) or every instant (explicit)
    void Wakeup();
    /// \param kind DETECTED or LATE_DETECTED: keep the radio on
    void Detect(CheckKind kind);
    /// Turn the radio off (when the MAC is idle) and ask for the next check if needed
    void Sleep();
    /// Keep the receiver on when the MAC is idle while listening, strobing or always on
    void UpdateReceiver();
    /// Ask for a Wakeup() at the next instant after now if a sender in range is active
    void ScheduleWakeupIfActive();

    /**
     * \brief TrxStateValue sink.
     * \param asleep whether the transceiver is now off
     * \param busyRx whether it now receives a frame (BUSY_RX)
     */
    void PhyState(bool asleep, bool busyRx);
    /// PhyTxBegin sink
    void PhyTxBegin();
    /// PhyRxBegin sink
    void PhyRxBegin();
    /// PhyRxEnd sink
    void PhyRxEnd();

    /**
     * \brief A frame for the node, from the lr-wpan device, before the node sees it.
     * \return what the node's callback returns; false for a strobe's second copy
     */
    bool Receive(Ptr<NetDevice> device,
                 Ptr<const Packet> packet,
                 uint16_t protocol,
                 const Address& source);

    friend struct LplSinks;

    // attributes
    Time m_interval;         //!< WakeupInterval
    Time m_phaseSetting;     //!< WakeupPhase
    bool m_alwaysOn;         //!< AlwaysOn
    bool m_phaseLock;        //!< PhaseLock
    Time m_guard;            //!< PhaseLockGuard
    Time m_ccaGap;           //!< CcaGap
    Time m_listenTimeout;    //!< ListenTimeout
    uint32_t m_maxQueue;     //!< MaxQueueLength
    uint32_t m_phaseEntries; //!< MaxPhaseEntries
    IdleModel m_idleModel;   //!< IdleModel

    Ptr<UniformRandomVariable> m_phaseVariable; //!< draws the phase
    Time m_phase{-1};                           //!< GetWakeupPhase(), drawn at initialization
    Ptr<LplMedium> m_medium;                    //!< the channel's medium
    bool m_started{false};                      //!< Start() is scheduled
    NetDevice::ReceiveCallback m_nodeReceive;   //!< the node's receive callback

    // sending
    std::deque<Pending> m_queue;           //!< frames to strobe, head first
    bool m_strobing{false};                //!< a strobe (or its phase-locked wait) is under way
    bool m_onAir{false};                   //!< the strobe's first copy has started
    bool m_requestOut{false};              //!< a MAC request of the strobe is under way
    bool m_inStrobe{false};                //!< a strobe has started and not ended
    Mac16Address m_burstTo;                //!< the receiver of the strobe that just ended
    Time m_burstAt{-1};                    //!< when it ended (acknowledged)
    bool m_burst{false};                   //!< receiving: the sender has more for us
    Time m_lastCopy;                       //!< the start of the strobe's latest copy
    EventId m_startEvent;                  //!< the phase-locked start
    Time m_strobeStart;                    //!< the strobe's first copy
    Time m_strobeLength;                   //!< the strobe's maximum length
    uint32_t m_copies{0};                  //!< copies of this strobe on the air so far
    uint64_t m_strobeId{0};                //!< strobes begun so far (the current one's number)
    std::map<Mac16Address, Time> m_phases; //!< phase lock: a receiver's known check instant

    // receiving
    bool m_asleep{true};     //!< the transceiver is off (TRX_OFF)
    bool m_busyRx{false};    //!< the transceiver receives a frame (BUSY_RX)
    bool m_listening{false}; //!< a check found the channel busy: the radio is held on
    EventId m_wakeupEvent;   //!< the next Wakeup()
    EventId m_listenEvent;   //!< ListenTimeout
    EventId m_sleepEvent;    //!< Sleep() after a frame
    std::map<Mac16Address, uint64_t> m_delivered; //!< per sender, the strobe last delivered
    uint64_t m_detections{0};                     //!< GetDetections()

    TracedCallback<Mac16Address, uint32_t, bool, Time> m_strobeTrace; //!< StrobeEnd
    TracedCallback<uint8_t> m_checkTrace;                             //!< ChannelCheck
    TracedCallback<Ptr<const Packet>> m_dropTrace;                    //!< Drop
};

} // namespace ns3

#endif /* IOTSEC_LPL_NET_DEVICE_H */
