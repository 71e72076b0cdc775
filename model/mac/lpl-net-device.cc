/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lpl-net-device.h"

#include "lpl-medium.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/lr-wpan-csmaca.h"
#include "ns3/lr-wpan-mac-header.h"
#include "ns3/lr-wpan-mac.h"
#include "ns3/lr-wpan-phy.h"
#include "ns3/mac48-address.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/spectrum-channel.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>

namespace ns3
{

using namespace lrwpan; // NOLINT: ns-3 >= 3.42 keeps lr-wpan in ns3::lrwpan

NS_LOG_COMPONENT_DEFINE("LplNetDevice");

NS_OBJECT_ENSURE_REGISTERED(LplNetDevice);

namespace
{

/// The lr-wpan PHY state type (LrWpanPhyEnumeration in ns-3.37, renamed later)
using PhyState = decltype(IEEE_802_15_4_PHY_TX_ON);

/// Symbols of one CCA (IEEE 802.15.4-2006, 6.9.9: 8 symbol periods)
constexpr uint32_t kCcaSymbols = 8;
/// Octets an lr-wpan data frame adds to its MSDU: frame control, sequence number, PAN ID,
/// two short addresses (PAN ID compressed) and the FCS
constexpr uint32_t kMacOverheadOctets = 11;

/**
 * \param address an address given to Send() or by the lr-wpan device's receive callback
 * \return its 16-bit short address (a 48-bit pseudo address carries it in octets 4 and 5)
 */
Mac16Address
ShortAddressOf(const Address& address)
{
    Mac16Address result;
    if (Mac48Address::IsMatchingType(address))
    {
        uint8_t buf[6];
        address.CopyTo(buf);
        result.CopyFrom(buf + 4);
    }
    else if (Mac16Address::IsMatchingType(address))
    {
        result = Mac16Address::ConvertFrom(address);
    }
    else
    {
        result = Mac16Address("ff:ff");
    }
    return result;
}

} // namespace

/// The trace sinks of an LplNetDevice
struct LplSinks
{
    /**
     * \param d the device
     * \param newState the PHY's new state
     */
    static void State(LplNetDevice* d, PhyState, PhyState newState)
    {
        d->PhyState(newState == IEEE_802_15_4_PHY_TRX_OFF ||
                        newState == IEEE_802_15_4_PHY_FORCE_TRX_OFF,
                    newState == IEEE_802_15_4_PHY_BUSY_RX);
    }

    /**
     * \param d the device
     * \param p the frame the PHY starts to send
     */
    static void TxBegin(LplNetDevice* d, Ptr<const Packet> p)
    {
        LrWpanMacHeader header;
        if (p->PeekHeader(header) > 0 && header.IsAcknowledgment())
        {
            return; // not a copy of the strobe
        }
        d->PhyTxBegin();
    }

    /// \param d the device
    static void RxBegin(LplNetDevice* d, Ptr<const Packet>)
    {
        d->PhyRxBegin();
    }

    /// \param d the device
    static void RxEnd(LplNetDevice* d, Ptr<const Packet>, double)
    {
        d->PhyRxEnd();
    }

    /// \param d the device
    static void TxOk(LplNetDevice* d, Ptr<const Packet>)
    {
        // after the MAC has finished with the request
        Simulator::ScheduleNow(&LplNetDevice::CopyDone, d, true);
    }

    /// \param d the device
    static void TxDrop(LplNetDevice* d, Ptr<const Packet>)
    {
        Simulator::ScheduleNow(&LplNetDevice::CopyDone, d, false);
    }
};

TypeId
LplNetDevice::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::LplNetDevice")
            .SetParent<LrWpanNetDevice>()
            .SetGroupName("Iotsec")
            .AddConstructor<LplNetDevice>()
            .AddAttribute("WakeupInterval",
                          "Time between two channel checks (ContikiMAC: 125 ms, 8 Hz).",
                          TimeValue(MilliSeconds(125)),
                          MakeTimeAccessor(&LplNetDevice::m_interval),
                          MakeTimeChecker(MicroSeconds(1)))
            .AddAttribute("WakeupPhase",
                          "The first wake-up instant, in [0, WakeupInterval); negative (the "
                          "default): drawn uniformly when the run starts.",
                          TimeValue(Time(-1)),
                          MakeTimeAccessor(&LplNetDevice::m_phaseSetting),
                          MakeTimeChecker())
            .AddAttribute("AlwaysOn",
                          "Keep the receiver on (a border router, a mains-powered node); frames "
                          "are still sent with strobes.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&LplNetDevice::m_alwaysOn),
                          MakeBooleanChecker())
            .AddAttribute("PhaseLock",
                          "Learn a receiver's check instant from its acknowledgement and start "
                          "later strobes to it just before that instant.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&LplNetDevice::m_phaseLock),
                          MakeBooleanChecker())
            .AddAttribute("PhaseLockGuard",
                          "How long before a phase-locked receiver's check a strobe starts.",
                          TimeValue(MilliSeconds(8)),
                          MakeTimeAccessor(&LplNetDevice::m_guard),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("CcaGap",
                          "Radio-off time between the two CCAs of a check (ContikiMAC's Tc); "
                          "with ns-3's 1.184 ms between copies, at least 1.056 ms.",
                          TimeValue(MicroSeconds(1100)),
                          MakeTimeAccessor(&LplNetDevice::m_ccaGap),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("ListenTimeout",
                          "How long a check that found the channel busy keeps the radio on "
                          "for a frame to start.",
                          TimeValue(MilliSeconds(6)),
                          MakeTimeAccessor(&LplNetDevice::m_listenTimeout),
                          MakeTimeChecker(MicroSeconds(1)))
            .AddAttribute("MaxQueueLength",
                          "Frames waiting for their strobe; Send() refuses more.",
                          UintegerValue(32),
                          MakeUintegerAccessor(&LplNetDevice::m_maxQueue),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MaxPhaseEntries",
                          "Receivers whose check instants are remembered (phase lock).",
                          UintegerValue(64),
                          MakeUintegerAccessor(&LplNetDevice::m_phaseEntries),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("IdleModel",
                          "How checks that find the channel clear are accounted: in closed "
                          "form (Analytic) or one event each (Explicit, the reference).",
                          EnumValue(LplNetDevice::ANALYTIC),
                          iotsec_compat::MakeEnumAccessor<IdleModel>(&LplNetDevice::m_idleModel),
                          MakeEnumChecker(LplNetDevice::ANALYTIC,
                                          "Analytic",
                                          LplNetDevice::EXPLICIT,
                                          "Explicit"))
            .AddTraceSource("StrobeEnd",
                            "A strobe ended (destination, copies, acknowledged, duration).",
                            MakeTraceSourceAccessor(&LplNetDevice::m_strobeTrace),
                            "ns3::LplNetDevice::StrobeTracedCallback")
            .AddTraceSource("ChannelCheck",
                            "A channel check (CheckKind): every idle check when IdleModel is "
                            "Explicit, every check that found the channel busy.",
                            MakeTraceSourceAccessor(&LplNetDevice::m_checkTrace),
                            "ns3::LplNetDevice::CheckTracedCallback")
            .AddTraceSource("Drop",
                            "A frame was not delivered: the queue was full, or its strobe "
                            "ended unacknowledged.",
                            MakeTraceSourceAccessor(&LplNetDevice::m_dropTrace),
                            "ns3::Packet::TracedCallback");
    return tid;
}

LplNetDevice::LplNetDevice()
{
    NS_LOG_FUNCTION(this);
    m_phaseVariable = CreateObject<UniformRandomVariable>();
    // The copies of a strobe follow each other without a random backoff (ContikiMAC sends
    // them back to back); the first copy still waits for a clear channel.
    GetCsmaCa()->SetMacMinBE(0);
    Ptr<LrWpanPhy> phy = GetPhy();
    phy->TraceConnectWithoutContext("TrxStateValue", MakeBoundCallback(&LplSinks::State, this));
    phy->TraceConnectWithoutContext("PhyTxBegin", MakeBoundCallback(&LplSinks::TxBegin, this));
    phy->TraceConnectWithoutContext("PhyRxBegin", MakeBoundCallback(&LplSinks::RxBegin, this));
    phy->TraceConnectWithoutContext("PhyRxEnd", MakeBoundCallback(&LplSinks::RxEnd, this));
    GetMac()->TraceConnectWithoutContext("MacTxOk", MakeBoundCallback(&LplSinks::TxOk, this));
    GetMac()->TraceConnectWithoutContext("MacTxDrop", MakeBoundCallback(&LplSinks::TxDrop, this));
}

void
LplNetDevice::SetNode(Ptr<Node> node)
{
    LrWpanNetDevice::SetNode(node); // joins the MAC to the PHY
    if (!m_started)
    {
        // The MAC turns the receiver on when it initializes unless told otherwise; Start()
        // turns it on for AlwaysOn devices
        GetMac()->SetRxOnWhenIdle(false);
        m_started = true;
        // after the attributes (AlwaysOn) and AssignStreams(), which come before the run
        Simulator::ScheduleWithContext(node->GetId(), Time(0), &LplNetDevice::Start, this);
    }
}

void
LplNetDevice::Start()
{
    NS_LOG_FUNCTION(this);
    Ptr<SpectrumChannel> channel = DynamicCast<SpectrumChannel>(GetChannel());
    NS_ABORT_MSG_UNLESS(channel, "LplNetDevice: the device has no spectrum channel");
    NS_ABORT_MSG_UNLESS(m_listenTimeout > Time(0) && m_interval > GetCheckDuration(),
                        "LplNetDevice: WakeupInterval " << m_interval.As(Time::MS)
                                                        << " is not longer than a check ("
                                                        << GetCheckDuration().As(Time::MS) << ")");
    NS_ABORT_MSG_IF(m_phaseSetting >= m_interval,
                    "LplNetDevice: WakeupPhase " << m_phaseSetting.As(Time::MS)
                                                 << " is not below WakeupInterval");
    int64_t steps = m_interval.GetTimeStep();
    auto step = static_cast<int64_t>(m_phaseVariable->GetValue(0, static_cast<double>(steps)));
    m_phase = m_phaseSetting >= Time(0) ? m_phaseSetting
                                        : TimeStep(std::min(std::max<int64_t>(step, 0), steps - 1));
    UpdateReceiver();
    m_medium = LplMedium::Get(channel);
    m_medium->Add(this);
    if (m_idleModel == EXPLICIT && !m_alwaysOn)
    {
        m_wakeupEvent = Simulator::Schedule(NextWakeup(Simulator::Now()) - Simulator::Now(),
                                            &LplNetDevice::Wakeup,
                                            this);
    }
}

int64_t
LplNetDevice::AssignStreams(int64_t stream)
{
    m_phaseVariable->SetStream(stream);
    return 1 + LrWpanNetDevice::AssignStreams(stream + 1);
}

Time
LplNetDevice::GetWakeupInterval() const
{
    return m_interval;
}

Time
LplNetDevice::GetWakeupPhase() const
{
    return m_phase;
}

Time
LplNetDevice::GetCheckOnTime() const
{
    double symbolRate = GetPhy()->GetDataOrSymbolRate(false);
    return Seconds(2.0 * (LplNetDevice::TURNAROUND_SYMBOLS + kCcaSymbols) / symbolRate);
}

Time
LplNetDevice::GetCheckDuration() const
{
    return GetCheckOnTime() + m_ccaGap;
}

bool
LplNetDevice::IsAnalytic() const
{
    return m_idleModel == ANALYTIC;
}

bool
LplNetDevice::IsAlwaysOn() const
{
    return m_alwaysOn;
}

Time
LplNetDevice::NextWakeup(Time t) const
{
    NS_ASSERT_MSG(m_phase >= Time(0), "LplNetDevice: the phase is drawn when the run starts");
    if (t <= m_phase)
    {
        return m_phase;
    }
    int64_t period = m_interval.GetTimeStep();
    int64_t k = (t - m_phase).GetTimeStep();
    k = (k + period - 1) / period;
    return m_phase + TimeStep(k * period);
}

bool
LplNetDevice::HasMoreFor(Mac16Address receiver) const
{
    return m_inStrobe && m_queue.size() > 1 && m_queue[1].dst16 == receiver &&
           m_queue.front().dst16 == receiver;
}

uint64_t
LplNetDevice::GetStrobes() const
{
    return m_strobeId;
}

uint64_t
LplNetDevice::GetDetections() const
{
    return m_detections;
}

Time
LplNetDevice::CopyPeriod(uint32_t msduBytes) const
{
    Ptr<LrWpanPhy> phy = GetPhy();
    double perOctet = phy->GetPhySymbolsPerOctet();
    double symbols = phy->GetPhySHRDuration() + perOctet * (1 + msduBytes + kMacOverheadOctets) +
                     GetMac()->GetMacAckWaitDuration() + kCcaSymbols +
                     LplNetDevice::TURNAROUND_SYMBOLS;
    return Seconds(symbols / phy->GetDataOrSymbolRate(false));
}

// ---- sending ----------------------------------------------------------------------------

bool
LplNetDevice::Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber)
{
    NS_LOG_FUNCTION(this << packet << dest << protocolNumber);
    if (packet->GetSize() > GetMtu())
    {
        NS_LOG_ERROR("LplNetDevice: a frame of " << packet->GetSize()
                                                 << " bytes exceeds the MTU; dropped");
        return false;
    }
    if (m_queue.size() >= m_maxQueue)
    {
        NS_LOG_LOGIC("queue full (" << m_maxQueue << "): frame dropped");
        m_dropTrace(packet);
        return false;
    }
    m_queue.push_back({packet, dest, protocolNumber, ShortAddressOf(dest)});
    if (!m_strobing)
    {
        StartNext();
    }
    return true;
}

void
LplNetDevice::StartNext()
{
    if (m_queue.empty())
    {
        m_strobing = false;
        return;
    }
    m_strobing = true;
    const Pending& next = m_queue.front();
    Time now = Simulator::Now();
    Time start = now;
    auto locked = m_phases.find(next.dst16);
    bool awake = m_burstTo == next.dst16 && m_burstAt == now; // listening for this burst
    bool unicast = !next.dst16.IsBroadcast() && !next.dst16.IsMulticast();
    if (m_phaseLock && !awake && unicast && locked != m_phases.end())
    {
        // the receiver's first check at least PhaseLockGuard from now, and start the guard
        // before it
        int64_t period = m_interval.GetTimeStep();
        int64_t ahead = (now + m_guard - locked->second).GetTimeStep();
        int64_t k = ahead <= 0 ? 0 : (ahead + period - 1) / period;
        start = locked->second + TimeStep(k * period) - m_guard;
    }
    if (start > now)
    {
        m_startEvent = Simulator::Schedule(start - now, &LplNetDevice::StartStrobe, this);
    }
    else
    {
        StartStrobe();
    }
}

void
LplNetDevice::StartStrobe()
{
    const Pending& head = m_queue.front();
    ++m_strobeId;
    // The sender's receiver stays on for the whole strobe (acknowledgement waits, CCAs);
    // with it on when the MAC is idle, ns-3.37's MAC also starts a frame queued behind an
    // acknowledgement it was sending, which it otherwise leaves waiting while the receiver
    // is off
    m_inStrobe = true;
    UpdateReceiver();
    m_onAir = false;
    m_copies = 0;
    m_strobeStart = Simulator::Now();
    m_strobeLength = m_interval + 2 * CopyPeriod(head.packet->GetSize());
    NS_LOG_LOGIC("strobe " << m_strobeId << " to " << head.dst16 << " for at most "
                           << m_strobeLength.As(Time::MS));
    SendCopy();
}

void
LplNetDevice::SendCopy()
{
    const Pending& head = m_queue.front();
    if (!head.dst16.IsBroadcast() && !head.dst16.IsMulticast())
    {
        // the MAC repeats the frame (same sequence number) until acknowledged: enough
        // retransmissions to cover what is left of the strobe
        Time left = m_strobeLength - (m_onAir ? Simulator::Now() - m_strobeStart : Time(0));
        double copies =
            std::ceil(left.GetSeconds() / CopyPeriod(head.packet->GetSize()).GetSeconds());
        GetMac()->SetMacMaxFrameRetries(
            static_cast<uint8_t>(std::min(255.0, std::max(0.0, copies - 1))));
    }
    m_requestOut = true;
    LrWpanNetDevice::Send(head.packet->Copy(), head.destination, head.protocol);
}

void
LplNetDevice::PhyTxBegin()
{
    if (!m_requestOut)
    {
        return;
    }
    ++m_copies;
    m_lastCopy = Simulator::Now();
    if (!m_onAir)
    {
        m_onAir = true;
        m_strobeStart = m_lastCopy;
        if (m_medium)
        {
            m_medium->BeginActivity(this);
        }
    }
}

void
LplNetDevice::CopyDone(bool ok)
{
    if (!m_requestOut)
    {
        return;
    }
    m_requestOut = false;
    const Pending& head = m_queue.front();
    bool unicast = !head.dst16.IsBroadcast() && !head.dst16.IsMulticast();
    bool timeLeft = !m_onAir || Simulator::Now() - m_strobeStart < m_strobeLength;
    if (unicast && ok)
    {
        EndStrobe(true);
    }
    else if (timeLeft)
    {
        SendCopy(); // a broadcast's next copy; a unicast the MAC gave up on early
    }
    else
    {
        EndStrobe(!unicast);
    }
}

void
LplNetDevice::EndStrobe(bool acked)
{
    Pending head = m_queue.front();
    m_queue.pop_front();
    bool unicast = !head.dst16.IsBroadcast() && !head.dst16.IsMulticast();
    Time duration = m_onAir ? Simulator::Now() - m_strobeStart : Time(0);
    if (unicast && acked && m_copies > 1)
    {
        // the receiver was listening when the acknowledged copy started: its check was
        // at most a copy period and a check before
        if (m_phases.size() >= m_phaseEntries && m_phases.find(head.dst16) == m_phases.end())
        {
            m_phases.erase(m_phases.begin());
        }
        m_phases[head.dst16] = m_lastCopy;
    }
    else if (unicast && !acked)
    {
        m_phases.erase(head.dst16);
        m_dropTrace(head.packet);
    }
    NS_LOG_LOGIC("strobe " << m_strobeId << " to " << head.dst16 << ": " << m_copies << " copies, "
                           << (acked ? "acknowledged" : "not acknowledged") << ", "
                           << duration.As(Time::MS));
    m_strobeTrace(head.dst16, m_copies, acked, duration);
    if (m_onAir)
    {
        m_onAir = false;
        if (m_medium)
        {
            m_medium->EndActivity(this);
        }
    }
    m_inStrobe = false;
    UpdateReceiver();
    m_burstTo = unicast && acked ? head.dst16 : Mac16Address::GetBroadcast();
    m_burstAt = Simulator::Now();
    StartNext();
    if (!m_strobing)
    {
        ScheduleWakeupIfActive();
    }
}

// ---- receiving --------------------------------------------------------------------------

void
LplNetDevice::PhyState(bool asleep, bool busyRx)
{
    bool fellAsleep = asleep && !m_asleep;
    m_asleep = asleep;
    if (fellAsleep)
    {
        // however the transceiver went off (after a strobe, a reception, the MAC's own
        // transmissions), its next check must hear a sender still on the air, as the
        // explicit model's periodic checks do
        ScheduleWakeupIfActive();
    }
    if (busyRx != m_busyRx)
    {
        m_busyRx = busyRx;
        // ns-3.37's PHY stops the simulation when asked for TRX_OFF while it receives a
        // frame already marked lost (a collision): the MAC must not ask it then, so the
        // receiver stays on when idle for as long as a reception lasts; after it, once the
        // PHY is done with the frame, the device's own choice holds again
        if (busyRx)
        {
            UpdateReceiver();
        }
        else
        {
            Simulator::ScheduleNow(&LplNetDevice::UpdateReceiver, this);
        }
    }
}

void
LplNetDevice::HearActivity()
{
    if (m_alwaysOn || m_listening || m_phase < Time(0))
    {
        return;
    }
    Time now = Simulator::Now();
    Time next = NextWakeup(now);
    Time last = next - m_interval;
    if (m_asleep && next > now && last >= m_phase && now - last < GetCheckDuration())
    {
        Detect(LATE_DETECTED); // a check is under way: its second CCA hears the sender
        return;
    }
    if (m_idleModel == ANALYTIC && m_wakeupEvent.IsExpired())
    {
        m_wakeupEvent = Simulator::Schedule(next - now, &LplNetDevice::Wakeup, this);
    }
}

void
LplNetDevice::Wakeup()
{
    if (m_idleModel == EXPLICIT)
    {
        m_wakeupEvent = Simulator::Schedule(m_interval, &LplNetDevice::Wakeup, this);
    }
    if (m_alwaysOn || m_listening || !m_asleep)
    {
        return; // the radio is on anyway: no check
    }
    if (m_medium->IsActiveInRange(this))
    {
        Detect(DETECTED);
    }
    else if (m_idleModel == EXPLICIT)
    {
        m_checkTrace(IDLE_CHECK);
    }
}

void
LplNetDevice::Detect(CheckKind kind)
{
    NS_LOG_LOGIC("check " << (kind == DETECTED ? "found" : "(late) found")
                          << " the channel busy: listening");
    ++m_detections;
    m_checkTrace(kind);
    m_listening = true;
    UpdateReceiver();
    Time turnaround =
        Seconds(LplNetDevice::TURNAROUND_SYMBOLS / GetPhy()->GetDataOrSymbolRate(false));
    m_listenEvent = Simulator::Schedule(turnaround + m_listenTimeout, &LplNetDevice::Sleep, this);
}

void
LplNetDevice::PhyRxBegin()
{
    if (m_listening)
    {
        m_listenEvent.Cancel(); // the frame's end decides
    }
}

void
LplNetDevice::PhyRxEnd()
{
    if (m_listening)
    {
        // after the MAC has taken the frame and begun its acknowledgement (which it starts
        // with a zero-delay event): the receiver goes off once the MAC is idle again
        m_sleepEvent = Simulator::Schedule(TimeStep(1), &LplNetDevice::Sleep, this);
    }
}

void
LplNetDevice::Sleep()
{
    if (m_burst && m_listening)
    {
        m_burst = false; // the burst's next frame: listen for it
        m_listenEvent.Cancel();
        m_listenEvent = Simulator::Schedule(m_listenTimeout, &LplNetDevice::Sleep, this);
        return;
    }
    m_burst = false;
    m_listening = false;
    m_listenEvent.Cancel();
    UpdateReceiver(); // off now, or when the MAC is done
    ScheduleWakeupIfActive();
}

void
LplNetDevice::UpdateReceiver()
{
    bool on = m_alwaysOn || m_listening || m_inStrobe || m_busyRx;
    if (GetMac()->GetRxOnWhenIdle() != on)
    {
        GetMac()->SetRxOnWhenIdle(on);
    }
}

void
LplNetDevice::ScheduleWakeupIfActive()
{
    if (!m_medium || m_idleModel != ANALYTIC || m_alwaysOn || m_listening ||
        !m_wakeupEvent.IsExpired() || !m_medium->IsActiveInRange(this))
    {
        return;
    }
    Time now = Simulator::Now();
    Time next = NextWakeup(now + TimeStep(1));
    m_wakeupEvent = Simulator::Schedule(next - now, &LplNetDevice::Wakeup, this);
}

void
LplNetDevice::SetReceiveCallback(NetDevice::ReceiveCallback cb)
{
    m_nodeReceive = cb;
    LrWpanNetDevice::SetReceiveCallback(MakeCallback(&LplNetDevice::Receive, this));
}

bool
LplNetDevice::Receive(Ptr<NetDevice> device,
                      Ptr<const Packet> packet,
                      uint16_t protocol,
                      const Address& source)
{
    // A receiver that wakes twice during one strobe (a broadcast is longer than an
    // interval) receives two copies; ContikiMAC discards the second by its sequence number.
    // ns-3's MAC numbers a broadcast's copies apart, so the strobe's number stands for it.
    Mac16Address from = ShortAddressOf(source);
    Ptr<LplNetDevice> sender = m_medium ? m_medium->Find(from) : nullptr;
    if (sender)
    {
        // (every frame of an LplNetDevice is a copy of its latest strobe; the last copy may
        // arrive after the sender has closed the strobe, by the propagation delay)
        auto it = m_delivered.find(from);
        if (it != m_delivered.end() && it->second == sender->m_strobeId)
        {
            NS_LOG_LOGIC("second copy of strobe " << sender->m_strobeId << " from " << from
                                                  << " discarded");
            return true;
        }
        m_delivered[from] = sender->m_strobeId;
        // ContikiMAC's bursts: a sender with more frames for this receiver says so (the
        // frame-pending bit, which ns-3's MAC does not let a NetDevice set), and the receiver
        // stays awake for them instead of waiting for its next check each (6LoWPAN fragments)
        m_burst = sender->HasMoreFor(GetMac()->GetShortAddress());
    }
    return m_nodeReceive.IsNull() ? false : m_nodeReceive(device, packet, protocol, source);
}

} // namespace ns3
