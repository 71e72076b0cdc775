/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Low-power listening (LplNetDevice, LplMedium) and the radio energy of duty-cycled radios:
// the idle duty cycle against its closed form and against one event per check, one-hop
// latency against the uniform wait for the receiver's check, phase lock, overhearing, range,
// broadcast, always-on receivers and the send queue's bound.

#include "iotsec-test.h"

#include "ns3/basic-energy-source.h"
#include "ns3/boolean.h"
#include "ns3/building-topology-helper.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/double.h"
#include "ns3/energy-source-container.h"
#include "ns3/enum.h"
#include "ns3/iotsec-compat.h"
#include "ns3/iotsec-lr-wpan-radio-energy-model.h"
#include "ns3/lpl-medium.h"
#include "ns3/lpl-net-device.h"
#include "ns3/lr-wpan-mac.h"
#include "ns3/lr-wpan-phy.h"
#include "ns3/node-container.h"
#include "ns3/node-energy-helper.h"
#include "ns3/node-model-helper.h"
#include "ns3/packet.h"
#include "ns3/propagation-delay-model.h"
#include "ns3/propagation-loss-model.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"
#include "ns3/single-model-spectrum-channel.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <functional>
#include <numeric>
#include <vector>

using namespace ns3;
using namespace ns3::lrwpan; // NOLINT: ns-3 >= 3.42 keeps lr-wpan in ns3::lrwpan
using namespace ns3::energy; // NOLINT: ns-3 >= 3.42 keeps energy in ns3::energy

namespace
{

/// 2.4 GHz O-QPSK: 62.5 ksymbol/s
const double SYMBOL_S = 16e-6;
/// One check: two CCAs of 8 symbols, each after the 12-symbol turnaround (640 us)
const double CHECK_ON_S = 2 * (12 + 8) * SYMBOL_S;
/// ContikiMAC's wake-up interval
const double INTERVAL_S = 0.125;
/// TelosB (CC2420) receive and power-down currents, and the supply voltage
const double I_RX = 18.8e-3;
const double I_SLEEP = 20e-6;
const double VOLTS = 3.0;
/// The payload every test sends: 60 bytes, a 71-byte MPDU
const uint32_t PAYLOAD = 60;

/// \return the airtime of a PAYLOAD frame: (6 + 11 + PAYLOAD) bytes at 250 kb/s
double
Airtime()
{
    return (6.0 + 11 + PAYLOAD) * 8 / 250e3;
}

/// \return one copy of a unicast strobe: frame, ack wait (54), CCA (8), turnaround (12)
double
CopyPeriod()
{
    return Airtime() + (54 + 8 + 12) * SYMBOL_S;
}

/// Duty-cycled TelosB nodes on one channel (log distance, MaxLossDb 100 dB: about 60 m)
struct LplTestbed
{
    NodeContainer nodes;                       //!< the nodes
    std::vector<Ptr<LplNetDevice>> dev;        //!< their devices
    std::vector<std::vector<Time>> received;   //!< per node, when frames arrived
    std::vector<std::vector<Time>> strobes;    //!< per node, strobe durations
    std::vector<std::vector<uint32_t>> copies; //!< per node, copies per strobe
    std::vector<uint32_t> unacked;             //!< per node, strobes not acknowledged
    std::vector<uint32_t> drops;               //!< per node, Drop trace calls

    /**
     * \param x the nodes' positions on a line, m
     * \param configure sets attributes of node i's device before the run
     */
    LplTestbed(const std::vector<double>& x,
               const std::function<void(uint32_t, Ptr<LplNetDevice>)>& configure = {})
    {
        uint32_t n = x.size();
        nodes.Create(n);
        received.resize(n);
        strobes.resize(n);
        copies.resize(n);
        drops.resize(n, 0);
        unacked.resize(n, 0);
        Ptr<SingleModelSpectrumChannel> channel = CreateObject<SingleModelSpectrumChannel>();
        channel->AddPropagationLossModel(CreateObject<LogDistancePropagationLossModel>());
        channel->SetPropagationDelayModel(CreateObject<ConstantSpeedPropagationDelayModel>());
        channel->SetAttribute("MaxLossDb", DoubleValue(100));
        for (uint32_t i = 0; i < n; ++i)
        {
            Ptr<ConstantPositionMobilityModel> mobility =
                CreateObject<ConstantPositionMobilityModel>();
            mobility->SetPosition(Vector(x[i], 0, 0));
            nodes.Get(i)->AggregateObject(mobility);
            Ptr<LplNetDevice> d = CreateObject<LplNetDevice>();
            d->SetChannel(channel);
            nodes.Get(i)->AddDevice(d);
            d->SetNode(nodes.Get(i));
            d->GetPhy()->SetMobility(mobility);
            d->GetMac()->SetPanId(0x0101);
            uint8_t a[2] = {0, static_cast<uint8_t>(i + 1)};
            Mac16Address address;
            address.CopyFrom(a);
            d->GetMac()->SetShortAddress(address);
            d->GetMac()->SetExtendedAddress(Mac64Address::Allocate());
            d->AssignStreams(100 + 10 * i);
            if (configure)
            {
                configure(i, d);
            }
            nodes.Get(i)->RegisterProtocolHandler(MakeCallback(&LplTestbed::Receive, this),
                                                  0,
                                                  d,
                                                  false);
            d->TraceConnectWithoutContext("StrobeEnd",
                                          MakeBoundCallback(&LplTestbed::Strobe, this, i));
            d->TraceConnectWithoutContext("Drop", MakeBoundCallback(&LplTestbed::Drop, this, i));
            dev.push_back(d);
        }
        NodeModelHelper model;
        model.SetPreset("TelosB");
        model.Install(nodes);
        NodeEnergyHelper energy;
        energy.Install(nodes);
    }

    ~LplTestbed()
    {
        Simulator::Destroy();
    }

    /// \param i a node \return its short address
    Mac16Address Addr(uint32_t i) const
    {
        return dev[i]->GetMac()->GetShortAddress();
    }

    /// \param from a node \param to a node's address \brief send PAYLOAD bytes now
    void Send(uint32_t from, Mac16Address to)
    {
        dev[from]->Send(Create<Packet>(PAYLOAD), to, 0);
    }

    /// \param i a node \return its radio energy model
    Ptr<IotsecLrWpanRadioEnergyModel> Radio(uint32_t i) const
    {
        Ptr<EnergySource> source = nodes.Get(i)->GetObject<EnergySourceContainer>()->Get(0);
        return DynamicCast<IotsecLrWpanRadioEnergyModel>(
            source->FindDeviceEnergyModels("ns3::IotsecLrWpanRadioEnergyModel").Get(0));
    }

    /// Protocol handler: a frame reached node `device`'s node
    void Receive(Ptr<NetDevice> device,
                 Ptr<const Packet>,
                 uint16_t,
                 const Address&,
                 const Address&,
                 NetDevice::PacketType)
    {
        received[device->GetNode()->GetId() - nodes.Get(0)->GetId()].push_back(Simulator::Now());
    }

    /// StrobeEnd sink
    static void Strobe(LplTestbed* t, uint32_t i, Mac16Address, uint32_t c, bool acked, Time d)
    {
        t->unacked[i] += acked ? 0 : 1;
        t->strobes[i].push_back(d);
        t->copies[i].push_back(c);
    }

    /// Drop sink
    static void Drop(LplTestbed* t, uint32_t i, Ptr<const Packet>)
    {
        ++t->drops[i];
    }
};

/// \param v values \return their mean
double
Mean(const std::vector<double>& v)
{
    return std::accumulate(v.begin(), v.end(), 0.0) / v.size();
}

/// \param interval a wake-up interval \param phase a phase \param t a time
/// \return the wake-up instants in [0, t)
int64_t
InstantsBefore(double interval, double phase, double t)
{
    return t <= phase ? 0 : static_cast<int64_t>(std::ceil((t - phase) / interval - 1e-12));
}

} // namespace

/**
 * \ingroup iotsec-tests
 * \brief An idle duty-cycled radio: two CCAs and two turnarounds per 125 ms (0.512%), in
 * closed form and with one event per check, alike.
 */
class LplIdleTestCase : public TestCase
{
  public:
    LplIdleTestCase()
        : TestCase("LPL: idle duty cycle is 2 x (turnaround + CCA) per interval, analytic = "
                   "explicit, without events")
    {
    }

  private:
    /// What one idle run gives
    struct Outcome
    {
        double onTime;   //!< node 0's radio-on time, s
        double energy;   //!< node 0's radio energy, J
        int64_t checks;  //!< node 0's checks
        uint64_t events; //!< the simulator's events
        double phase;    //!< node 0's phase, s
    };

    /**
     * \param model the IdleModel
     * \param alwaysOn AlwaysOn
     * \return the outcome of 100 s of two idle nodes
     */
    Outcome Run(LplNetDevice::IdleModel model, bool alwaysOn = false)
    {
        LplTestbed t({0, 10}, [model, alwaysOn](uint32_t, Ptr<LplNetDevice> d) {
            d->SetAttribute("IdleModel", EnumValue(model));
            d->SetAttribute("AlwaysOn", BooleanValue(alwaysOn));
        });
        Simulator::Stop(Seconds(100));
        Simulator::Run();
        Outcome o;
        o.onTime = t.Radio(0)->GetRadioOnTime().GetSeconds();
        TimeValue onAttribute;
        t.Radio(0)->GetAttribute("RadioOnTime", onAttribute);
        NS_TEST_EXPECT_MSG_EQ(onAttribute.Get(),
                              t.Radio(0)->GetRadioOnTime(),
                              "the attribute reads the same");
        o.energy = t.Radio(0)->GetTotalEnergyConsumption();
        o.checks = t.Radio(0)->GetChannelChecks();
        o.events = Simulator::GetEventCount();
        o.phase = t.dev[0]->GetWakeupPhase().GetSeconds();
        NS_TEST_EXPECT_MSG_EQ(t.dev[0]->GetCheckOnTime(),
                              Seconds(CHECK_ON_S),
                              "a check keeps the radio on 2 x (12 + 8) symbols");
        return o;
    }

    void DoRun() override
    {
        Outcome analytic = Run(LplNetDevice::ANALYTIC);
        Outcome explicitRun = Run(LplNetDevice::EXPLICIT);
        NS_TEST_EXPECT_MSG_EQ(analytic.phase, explicitRun.phase, "same streams, same phase");
        int64_t instants = InstantsBefore(INTERVAL_S, analytic.phase, 100.0);
        NS_TEST_EXPECT_MSG_EQ(instants, 800, "100 s hold 800 wake-up instants");
        NS_TEST_EXPECT_MSG_EQ(analytic.checks, instants, "analytic: a check per instant");
        NS_TEST_EXPECT_MSG_EQ(explicitRun.checks, instants, "explicit: a check per instant");
        double duty = CHECK_ON_S / INTERVAL_S;
        NS_TEST_EXPECT_MSG_EQ_TOL(duty, 0.00512, 1e-12, "640 us per 125 ms");
        NS_TEST_EXPECT_MSG_EQ_TOL(analytic.onTime / 100.0, duty, 1e-9, "idle duty cycle");
        NS_TEST_EXPECT_MSG_EQ_TOL(explicitRun.onTime, analytic.onTime, 1e-12, "same on-time");
        NS_TEST_EXPECT_MSG_EQ((duty > 0.004 && duty < 0.008),
                              true,
                              "within ContikiMAC's published 0.4-0.8% idle duty cycle");
        double energy = VOLTS * (I_SLEEP * 100.0 + (I_RX - I_SLEEP) * CHECK_ON_S * 800);
        NS_TEST_EXPECT_MSG_EQ_TOL(analytic.energy, energy, 1e-9, "idle energy in closed form");
        NS_TEST_EXPECT_MSG_EQ_TOL(explicitRun.energy, analytic.energy, 1e-12, "same energy");
        // 1,600 checks of two nodes are events only in the explicit model; the analytic one
        // costs what two idle always-on radios cost (the energy sources' periodic updates)
        Outcome alwaysOn = Run(LplNetDevice::ANALYTIC, true);
        NS_TEST_EXPECT_MSG_LT_OR_EQ(analytic.events, alwaysOn.events, "idle costs no events");
        NS_TEST_EXPECT_MSG_GT_OR_EQ(explicitRun.events,
                                    analytic.events + 1600,
                                    "an event per check");
        NS_TEST_EXPECT_MSG_GT(alwaysOn.onTime, 99.9, "an always-on radio is on");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief One-hop unicast: the frame waits for the receiver's next check (uniform over the
 * interval); phase lock shortens the strobe, not the wait.
 */
class LplUnicastTestCase : public TestCase
{
  public:
    LplUnicastTestCase()
        : TestCase("LPL: unicast latency is the wait for the receiver's check; phase lock "
                   "shortens strobes")
    {
    }

  private:
    /// \param lock PhaseLock \param latencies the latencies \param strobes strobe lengths
    /// \param waits the wait from each send to the receiver's next check
    void Run(bool lock,
             std::vector<double>& latencies,
             std::vector<double>& strobes,
             std::vector<double>& waits)
    {
        LplTestbed t({0, 20}, [lock](uint32_t, Ptr<LplNetDevice> d) {
            d->SetAttribute("PhaseLock", BooleanValue(lock));
        });
        Ptr<UniformRandomVariable> offset = CreateObject<UniformRandomVariable>();
        offset->SetStream(7);
        const uint32_t n = 100;
        std::vector<Time> sent;
        for (uint32_t i = 0; i < n; ++i)
        {
            Time at = Seconds(1.0 + 0.5 * i + offset->GetValue(0, INTERVAL_S));
            sent.push_back(at);
            Simulator::Schedule(at, &LplTestbed::Send, &t, 0, t.Addr(1));
        }
        Simulator::Stop(Seconds(1.0 + 0.5 * n + 1));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(t.received[1].size(), n, "every frame arrives once");
        NS_TEST_ASSERT_MSG_EQ(t.strobes[0].size(), n, "a strobe per frame");
        NS_TEST_EXPECT_MSG_EQ(t.unacked[0], 0u, "every strobe is acknowledged");
        for (uint32_t i = 0; i < n; ++i)
        {
            latencies.push_back((t.received[1][i] - sent[i]).GetSeconds());
            strobes.push_back(t.strobes[0][i].GetSeconds());
            waits.push_back((t.dev[1]->NextWakeup(sent[i]) - sent[i]).GetSeconds());
        }
    }

    void DoRun() override
    {
        std::vector<double> latency;
        std::vector<double> strobe;
        std::vector<double> wait;
        Run(false, latency, strobe, wait);
        double below = 0;
        for (std::size_t i = 0; i < latency.size(); ++i)
        {
            // the receiver's check, then the rest of a copy (or the gap) and a whole copy
            NS_TEST_EXPECT_MSG_GT_OR_EQ(latency[i], wait[i] + Airtime(), "after the check");
            NS_TEST_EXPECT_MSG_LT_OR_EQ(latency[i],
                                        wait[i] + 2 * CopyPeriod() + 1e-3,
                                        "within a copy of the check");
            below += latency[i] < INTERVAL_S / 2 ? 1.0 / latency.size() : 0;
        }
        // uniform over [0, 125 ms) plus a few ms: mean 62.5 ms + the copy, sigma of the mean
        // 36 ms / 10 = 3.6 ms
        NS_TEST_EXPECT_MSG_EQ_TOL(Mean(latency),
                                  INTERVAL_S / 2 + CopyPeriod(),
                                  0.012,
                                  "mean latency");
        NS_TEST_EXPECT_MSG_EQ_TOL(below, 0.5, 0.15, "half the frames within half an interval");
        // without phase lock a strobe lasts until the receiver's check and a copy after it
        NS_TEST_EXPECT_MSG_EQ_TOL(Mean(strobe),
                                  INTERVAL_S / 2 + CopyPeriod(),
                                  0.012,
                                  "without phase lock a strobe lasts ~T/2");

        std::vector<double> lockedLatency;
        std::vector<double> lockedStrobe;
        std::vector<double> lockedWait;
        Run(true, lockedLatency, lockedStrobe, lockedWait);
        for (std::size_t i = 1; i < lockedStrobe.size(); ++i)
        {
            // after the first exchange: PhaseLockGuard (8 ms) and a copy or two
            NS_TEST_EXPECT_MSG_LT_OR_EQ(lockedStrobe[i],
                                        0.008 + 2 * CopyPeriod(),
                                        "a phase-locked strobe lasts a few ms");
        }
        NS_TEST_EXPECT_MSG_EQ_TOL(Mean(lockedLatency),
                                  INTERVAL_S / 2 + CopyPeriod(),
                                  0.015,
                                  "phase lock does not shorten the wait for the check");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief A neighbour that overhears a unicast pays for the copy it heard; a node out of range
 * pays nothing; a broadcast reaches each neighbour once.
 */
class LplOverhearTestCase : public TestCase
{
  public:
    LplOverhearTestCase()
        : TestCase("LPL: overhearing costs the copy heard, out of range costs nothing, "
                   "broadcast once each")
    {
    }

  private:
    void DoRun() override
    {
        // A at 0 sends to B at 20 m; C at -20 m overhears; D at 200 m is out of range
        // (46.68 + 30 log10(200) = 115.7 dB > 100 dB). Checks: B at +60 ms, C and D at +20 ms
        const double phase[4] = {0.001, 0.060, 0.020, 0.020};
        {
            LplTestbed t({0, 20, -20, 200}, [&phase](uint32_t i, Ptr<LplNetDevice> d) {
                d->SetAttribute("WakeupPhase", TimeValue(Seconds(phase[i])));
            });
            Simulator::Schedule(Seconds(1.0), &LplTestbed::Send, &t, 0, t.Addr(1));
            Simulator::Stop(Seconds(2));
            Simulator::Run();
            NS_TEST_EXPECT_MSG_EQ(t.received[1].size(), 1u, "B receives the frame");
            NS_TEST_EXPECT_MSG_EQ(t.received[2].size(), 0u, "C does not take B's frame");
            NS_TEST_EXPECT_MSG_EQ(t.dev[2]->GetDetections(), 1u, "C's check hears the strobe");
            NS_TEST_EXPECT_MSG_EQ(t.dev[3]->GetDetections(), 0u, "D hears nothing");
            // D: only its idle checks, 16 instants from 20 ms on in [0, 2 s)
            double idleD = VOLTS * (I_SLEEP * 2.0 + (I_RX - I_SLEEP) * CHECK_ON_S *
                                                        InstantsBefore(INTERVAL_S, 0.020, 2.0));
            NS_TEST_EXPECT_MSG_EQ_TOL(t.Radio(3)->GetTotalEnergyConsumption(),
                                      idleD,
                                      1e-12,
                                      "out of range costs nothing");
            // C: its idle checks but the one that heard the strobe, and the time it listened:
            // the warm-up, the rest of a copy or the gap, and the copy it overheard
            double extraC = t.Radio(2)->GetRadioOnTime().GetSeconds() -
                            CHECK_ON_S * t.Radio(2)->GetChannelChecks();
            NS_TEST_EXPECT_MSG_EQ(t.Radio(2)->GetChannelChecks(),
                                  InstantsBefore(INTERVAL_S, 0.020, 2.0) - 1,
                                  "the check that heard the strobe is paid by the radio");
            NS_TEST_EXPECT_MSG_GT_OR_EQ(extraC, Airtime(), "C paid for the copy it heard");
            NS_TEST_EXPECT_MSG_LT_OR_EQ(extraC,
                                        12 * SYMBOL_S + CopyPeriod() + Airtime() + 1e-4,
                                        "and for no more than a copy's wait");
            NS_TEST_EXPECT_MSG_GT(t.Radio(2)->GetTotalEnergyConsumption(),
                                  idleD + VOLTS * (I_RX - I_SLEEP) * (Airtime() - CHECK_ON_S),
                                  "C's energy shows it");
            // the strobe ran from 1 s to B's check at 1.060 s and a copy after
            NS_TEST_ASSERT_MSG_EQ(t.strobes[0].size(), 1u, "one strobe");
            NS_TEST_EXPECT_MSG_GT_OR_EQ(t.strobes[0][0].GetSeconds(), 0.059, "until B's check");
            NS_TEST_EXPECT_MSG_LT_OR_EQ(t.strobes[0][0].GetSeconds(),
                                        0.060 + 2 * CopyPeriod(),
                                        "and a copy after it");
        }
        {
            // C checks 2 ms after the broadcast starts and again 125 ms later, still within
            // it: it hears two copies and takes one
            const double bcPhase[4] = {0.001, 0.060, 0.002, 0.020};
            LplTestbed t({0, 20, -20, 200}, [&bcPhase](uint32_t i, Ptr<LplNetDevice> d) {
                d->SetAttribute("WakeupPhase", TimeValue(Seconds(bcPhase[i])));
            });
            Simulator::Schedule(Seconds(1.0),
                                &LplTestbed::Send,
                                &t,
                                0,
                                Mac16Address::GetBroadcast());
            Simulator::Stop(Seconds(2));
            Simulator::Run();
            NS_TEST_EXPECT_MSG_EQ(t.received[1].size(), 1u, "B receives the broadcast once");
            NS_TEST_EXPECT_MSG_EQ(t.dev[2]->GetDetections(), 2u, "C wakes twice in the strobe");
            NS_TEST_EXPECT_MSG_EQ(t.received[2].size(), 1u, "C receives the broadcast once");
            NS_TEST_EXPECT_MSG_EQ(t.received[3].size(), 0u, "D is out of range");
            NS_TEST_ASSERT_MSG_EQ(t.strobes[0].size(), 1u, "one strobe");
            NS_TEST_EXPECT_MSG_GT_OR_EQ(t.strobes[0][0].GetSeconds(),
                                        INTERVAL_S,
                                        "a broadcast is repeated for a whole interval");
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief An always-on receiver acknowledges the first copy; a full queue refuses frames.
 */
class LplAlwaysOnTestCase : public TestCase
{
  public:
    LplAlwaysOnTestCase()
        : TestCase("LPL: an always-on receiver takes the first copy; the queue is bounded")
    {
    }

  private:
    void DoRun() override
    {
        LplTestbed t({0, 20}, [](uint32_t i, Ptr<LplNetDevice> d) {
            d->SetAttribute("AlwaysOn", BooleanValue(i == 1));
            d->SetAttribute("MaxQueueLength", UintegerValue(2));
        });
        std::vector<bool> accepted;
        Simulator::Schedule(Seconds(1), [&t, &accepted]() {
            for (int k = 0; k < 3; ++k)
            {
                accepted.push_back(t.dev[0]->Send(Create<Packet>(PAYLOAD), t.Addr(1), 0));
            }
        });
        Simulator::Stop(Seconds(3));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(accepted.size(), 3u, "three frames offered");
        NS_TEST_EXPECT_MSG_EQ(accepted[0] && accepted[1], true, "two fit the queue");
        bool third = accepted[2];
        NS_TEST_EXPECT_MSG_EQ(third, false, "the third is refused");
        NS_TEST_EXPECT_MSG_EQ(t.drops[0], 1u, "and traced");
        NS_TEST_EXPECT_MSG_EQ(t.received[1].size(), 2u, "the two queued frames arrive");
        NS_TEST_ASSERT_MSG_EQ(t.copies[0].size(), 2u, "two strobes");
        NS_TEST_EXPECT_MSG_EQ(t.copies[0][0], 1u, "the first copy is acknowledged");
        NS_TEST_EXPECT_MSG_LT((t.received[1][0] - Seconds(1)).GetSeconds(),
                              0.01,
                              "no wait for a check");
        // the always-on receiver listens all the time: duty cycle near 100%
        NS_TEST_EXPECT_MSG_GT(t.Radio(1)->GetRadioOnTime().GetSeconds(), 2.99, "always on");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief In a campus, a strobe's medium prices the sender's building only; the lights are
 * duty-cycled and the 6LBRs always on.
 */
class LplCampusTestCase : public TestCase
{
  public:
    LplCampusTestCase()
        : TestCase("LPL: a campus prices the sender's building only; 6LBRs always on")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<BuildingTopologyHelper> campus = CreateObject<BuildingTopologyHelper>();
        campus->SetAttribute("Buildings", UintegerValue(3));
        campus->SetAttribute("Floors", UintegerValue(2));
        campus->SetAttribute("RoomsPerFloor", UintegerValue(6));
        campus->SetAttribute("Rdc", StringValue("Lpl"));
        campus->Build();
        NetDeviceContainer radios = campus->GetLrWpanDevices();
        uint32_t alwaysOn = 0;
        for (uint32_t i = 0; i < radios.GetN(); ++i)
        {
            Ptr<LplNetDevice> lpl = DynamicCast<LplNetDevice>(radios.Get(i));
            IOTSEC_TEST_REQUIRE(lpl, "every LLN radio is an LplNetDevice");
            alwaysOn += lpl->IsAlwaysOn() ? 1 : 0;
        }
        NS_TEST_EXPECT_MSG_EQ(alwaysOn, 6u, "the six 6LBRs (one per floor) are always on");
        // one frame from the last light (building 3) to a light of its floor
        Ptr<LplNetDevice> sender = DynamicCast<LplNetDevice>(radios.Get(radios.GetN() - 1));
        Ptr<LplNetDevice> neighbour = DynamicCast<LplNetDevice>(radios.Get(radios.GetN() - 2));
        Simulator::Schedule(Seconds(1), [sender, neighbour]() {
            sender->Send(Create<Packet>(PAYLOAD), neighbour->GetMac()->GetShortAddress(), 0);
        });
        Simulator::Stop(Seconds(2));
        Simulator::Run();
        Ptr<LplMedium> medium = LplMedium::Get(DynamicCast<SpectrumChannel>(sender->GetChannel()));
        NS_TEST_EXPECT_MSG_EQ(medium->GetPricedLinks(),
                              radios.GetN() / 3 - 1,
                              "the sender's building, not the campus");
        NS_TEST_EXPECT_MSG_EQ(sender->GetStrobes(), 1u, "one strobe");
        Simulator::Destroy(); // the campus's buildings go with it
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The LPL test suite.
 */
class LplTestSuite : public TestSuite
{
  public:
    LplTestSuite()
        : TestSuite("iotsec-lpl", Type::UNIT)
    {
        AddTestCase(new LplIdleTestCase, iotsectest::QUICK);
        AddTestCase(new LplUnicastTestCase, iotsectest::QUICK);
        AddTestCase(new LplOverhearTestCase, iotsectest::QUICK);
        AddTestCase(new LplAlwaysOnTestCase, iotsectest::QUICK);
        AddTestCase(new LplCampusTestCase, iotsectest::QUICK);
    }
};

/// The suite's instance
static LplTestSuite g_lplTestSuite;
