/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// NeighborListSpectrumChannel against ns-3's SingleModelSpectrumChannel: the same receptions
// (receiver, time, power to the bit, order) for the same transmissions, with static, moved,
// moving and mobility-less PHYs, two PHYs on one node, antennas, frame erasure and buildings
// shadowing; neighbour lists of the size the log-distance formula gives; the stock path where
// caching would not be exact; LlnHelper's choice of channel; an LLN that takes the lists.

#include "building-test-util.h"
#include "iotsec-test.h"

#include "ns3/boolean.h"
#include "ns3/building-topology-helper.h"
#include "ns3/building.h"
#include "ns3/buildings-helper.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/constant-velocity-mobility-model.h"
#include "ns3/cosine-antenna-model.h"
#include "ns3/double.h"
#include "ns3/frame-erasure-loss-model.h"
#include "ns3/global-value.h"
#include "ns3/hybrid-buildings-propagation-loss-model.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/isotropic-antenna-model.h"
#include "ns3/link-pricer.h"
#include "ns3/lln-helper.h"
#include "ns3/lln-routing-helper.h"
#include "ns3/lr-wpan-net-device.h"
#include "ns3/mobility-building-info.h"
#include "ns3/mobility-helper.h"
#include "ns3/neighbor-list-spectrum-channel.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/propagation-delay-model.h"
#include "ns3/propagation-loss-model.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simple-net-device.h"
#include "ns3/simulator.h"
#include "ns3/single-model-spectrum-channel.h"
#include "ns3/spectrum-phy.h"
#include "ns3/spectrum-signal-parameters.h"
#include "ns3/spectrum-value.h"
#include "ns3/string.h"
#include "ns3/udp-echo-helper.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <cstring>
#include <functional>
#include <tuple>
#include <vector>

using namespace ns3;
using namespace ns3::lrwpan; // NOLINT: ns-3 >= 3.42 (iotsec-compat.h)

namespace
{

/// One reception, as a PHY saw it
struct Reception
{
    int64_t timePs;     //!< when StartRx ran [ps]
    uint32_t context;   //!< the simulator context it ran in
    uint32_t rx;        //!< receiving PHY
    uint32_t tx;        //!< transmitting PHY
    uint64_t powerBits; //!< the bits of the received PSD's first value

    /// \param o another reception \return whether every field is equal
    bool operator==(const Reception& o) const
    {
        return timePs == o.timePs && context == o.context && rx == o.rx && tx == o.tx &&
               powerBits == o.powerBits;
    }
};

/// A SpectrumPhy that records what it receives
class RecordingPhy : public SpectrumPhy
{
  public:
    /// \param id this PHY's number \param log where receptions go
    RecordingPhy(uint32_t id, std::vector<Reception>* log)
        : m_id(id),
          m_log(log)
    {
    }

    void SetDevice(Ptr<NetDevice> d) override
    {
        m_device = d;
    }

    Ptr<NetDevice> GetDevice() const override
    {
        return m_device;
    }

    void SetMobility(Ptr<MobilityModel> m) override
    {
        m_mobility = m;
    }

    Ptr<MobilityModel> GetMobility() const override
    {
        return m_mobility;
    }

    void SetChannel(Ptr<SpectrumChannel>) override
    {
    }

    Ptr<const SpectrumModel> GetRxSpectrumModel() const override
    {
        return nullptr;
    }

    Ptr<Object> GetAntenna() const override
    {
        return m_antenna;
    }

    /// \param antenna this PHY's antenna
    void SetAntenna(Ptr<AntennaModel> antenna)
    {
        m_antenna = antenna;
    }

    void StartRx(Ptr<SpectrumSignalParameters> params) override
    {
        Reception r;
        r.timePs = Simulator::Now().GetPicoSeconds();
        r.context = Simulator::GetContext();
        r.rx = m_id;
        r.tx = DynamicCast<RecordingPhy>(params->txPhy)->m_id;
        double power = (*params->psd)[0];
        std::memcpy(&r.powerBits, &power, sizeof(power));
        m_log->push_back(r);
    }

    /// \return this PHY's number
    uint32_t GetId() const
    {
        return m_id;
    }

  private:
    uint32_t m_id;                 //!< number
    std::vector<Reception>* m_log; //!< receptions
    Ptr<NetDevice> m_device;       //!< device (may be null)
    Ptr<MobilityModel> m_mobility; //!< mobility (may be null)
    Ptr<AntennaModel> m_antenna;   //!< antenna (may be null)
};

/// What a channel scenario contains
struct Scenario
{
    bool erasure{false};      //!< a FrameErasurePropagationLossModel after the loss model
    bool buildings{false};    //!< HybridBuildings with 6 dB shadowing instead of log-distance
    bool campus{false};       //!< three buildings 240 m apart, HybridBuildings without shadowing
    bool mobile{false};       //!< moving, moved, mobility-less and co-located PHYs, a removal
    bool random{false};       //!< a Nakagami model after the loss model (not cacheable)
    bool trace{false};        //!< connect the PathLoss trace source
    double maxLossDb{80};     //!< MaxLossDb
    double laterMaxLossDb{0}; //!< if positive, MaxLossDb from t = 0.6 s on
    uint32_t n{30};           //!< PHYs
    bool cosine{true};        //!< PHY 0 has a cosine antenna (others isotropic or none)
    bool delay{true};         //!< a constant-speed delay model (without: every delay is 0, so
                              //!< a frame's receptions run in the order they were scheduled)
};

/// What a run produced
struct Outcome
{
    std::vector<Reception> log;     //!< receptions, in order
    uint64_t pathLossReports{0};    //!< PathLoss trace calls
    uint64_t frames{0};             //!< transmissions
    uint64_t listed{0};             //!< NeighborList: listed frames
    uint64_t scanned{0};            //!< NeighborList: scanned frames
    uint64_t priced{0};             //!< NeighborList: priced links
    std::vector<int64_t> neighbors; //!< NeighborList: GetNeighborCount per PHY at the end
    std::vector<Vector> positions;  //!< where the PHYs were at the end
};

/// Count PathLoss trace calls
void
CountPathLoss(uint64_t* count, Ptr<const SpectrumPhy>, Ptr<const SpectrumPhy>, double)
{
    ++*count;
}

/**
 * Build the scenario on a channel, send frames from every PHY in turn, run.
 * \param channel the channel (stock or neighbour list)
 * \param s the scenario
 * \return the outcome
 */
Outcome
RunScenario(Ptr<SpectrumChannel> channel, const Scenario& s)
{
    RngSeedManager::SetSeed(3);
    RngSeedManager::SetRun(7);
    Outcome out;
    Ptr<UniformRandomVariable> place = CreateObject<UniformRandomVariable>();
    place->SetStream(11);
    const bool buildingsLoss = s.buildings || s.campus;
    std::vector<Ptr<Building>> buildings;
    for (uint32_t b = 0; b < (s.campus ? 3 : s.buildings ? 1 : 0); ++b)
    {
        Ptr<Building> building = CreateObject<Building>();
        building->SetBoundaries(Box(280.0 * b, 280.0 * b + 40, 0, 40, 0, 12));
        building->SetNFloors(4);
        building->SetNRoomsX(4);
        building->SetNRoomsY(4);
        buildings.push_back(building);
    }
    std::vector<Ptr<RecordingPhy>> phys;
    NodeContainer nodes;
    nodes.Create(s.n);
    for (uint32_t i = 0; i < s.n; ++i)
    {
        Ptr<RecordingPhy> phy = CreateObject<RecordingPhy>(i, &out.log);
        Vector position((s.campus ? 280.0 * (i % 3) : 0.0) + place->GetValue(0.5, 39.5),
                        place->GetValue(0.5, 39.5),
                        buildingsLoss ? place->GetValue(0.5, 11.5) : 1.0);
        Ptr<MobilityModel> mobility;
        if (s.mobile && (i == 4 || i == 5))
        {
            Ptr<ConstantVelocityMobilityModel> moving =
                CreateObject<ConstantVelocityMobilityModel>();
            moving->SetPosition(position);
            moving->SetVelocity(Vector(i == 4 ? 1.5 : -1.0, 0.5, 0));
            mobility = moving;
        }
        else if (!(s.mobile && i == 6)) // PHY 6 has no mobility at all
        {
            mobility = CreateObject<ConstantPositionMobilityModel>();
            mobility->SetPosition(position);
        }
        // PHY 8 shares node 7 with PHY 7; PHY 9 has no device
        uint32_t node = (s.mobile && i == 8) ? 7 : i;
        if (mobility && node == i)
        {
            nodes.Get(node)->AggregateObject(mobility);
        }
        if (!(s.mobile && i == 9))
        {
            Ptr<SimpleNetDevice> device = CreateObject<SimpleNetDevice>();
            nodes.Get(node)->AddDevice(device);
            phy->SetDevice(device);
        }
        if (buildingsLoss && mobility)
        {
            Ptr<MobilityBuildingInfo> info = CreateObject<MobilityBuildingInfo>();
            mobility->AggregateObject(info);
        }
        phy->SetMobility(mobility);
        if (i == 0 && s.cosine)
        {
            Ptr<CosineAntennaModel> antenna = CreateObject<CosineAntennaModel>();
            antenna->SetAttribute("Orientation", DoubleValue(30));
            phy->SetAntenna(antenna);
        }
        else if (i % 3 == 1)
        {
            phy->SetAntenna(CreateObject<IsotropicAntennaModel>());
        }
        channel->AddRx(phy);
        phys.push_back(phy);
    }
    if (buildingsLoss)
    {
        for (uint32_t i = 0; i < s.n; ++i)
        {
            Ptr<MobilityModel> m = phys[i]->GetMobility();
            if (m)
            {
                m->GetObject<MobilityBuildingInfo>()->MakeConsistent(m);
            }
        }
    }

    Ptr<PropagationLossModel> loss;
    if (buildingsLoss)
    {
        Ptr<HybridBuildingsPropagationLossModel> hybrid =
            CreateObject<HybridBuildingsPropagationLossModel>();
        hybrid->SetAttribute("Frequency", DoubleValue(2405e6));
        for (const char* name : {"ShadowSigmaOutdoor", "ShadowSigmaIndoor", "ShadowSigmaExtWalls"})
        {
            hybrid->SetAttribute(name, DoubleValue(s.campus ? 0.0 : 6.0));
        }
        hybrid->AssignStreams(20);
        loss = hybrid;
    }
    else
    {
        loss = CreateObject<LogDistancePropagationLossModel>();
    }
    channel->AddPropagationLossModel(loss);
    if (s.random)
    {
        Ptr<NakagamiPropagationLossModel> nakagami = CreateObject<NakagamiPropagationLossModel>();
        nakagami->AssignStreams(30);
        channel->AddPropagationLossModel(nakagami);
    }
    if (s.erasure)
    {
        Ptr<FrameErasurePropagationLossModel> erasure =
            CreateObject<FrameErasurePropagationLossModel>();
        erasure->SetAttribute("ErasureProbability", DoubleValue(0.3));
        erasure->AssignStreams(40);
        channel->AddPropagationLossModel(erasure);
    }
    if (s.delay)
    {
        channel->SetPropagationDelayModel(CreateObject<ConstantSpeedPropagationDelayModel>());
    }
    channel->SetAttribute("MaxLossDb", DoubleValue(s.maxLossDb));
    if (s.trace)
    {
        channel->TraceConnectWithoutContext(
            "PathLoss",
            MakeBoundCallback(&CountPathLoss, &out.pathLossReports));
    }

    // Three rounds: every PHY sends once per round, 10 ms apart
    std::vector<double> bands{2.405e9, 2.410e9};
    Ptr<SpectrumModel> model = Create<SpectrumModel>(bands);
    for (uint32_t round = 0; round < 3; ++round)
    {
        for (uint32_t i = 0; i < s.n; ++i)
        {
            Time at = Seconds(0.1 + 0.4 * round) + MilliSeconds(10 * i);
            Ptr<RecordingPhy> tx = phys[i];
            Simulator::Schedule(at, [channel, tx, model, &out]() {
                Ptr<SpectrumSignalParameters> params = Create<SpectrumSignalParameters>();
                params->psd = Create<SpectrumValue>(model);
                (*params->psd)[0] = 1e-3 * (1 + tx->GetId());
                (*params->psd)[1] = 2e-3;
                params->duration = MicroSeconds(500);
                params->txPhy = tx;
                params->txAntenna = DynamicCast<AntennaModel>(tx->GetAntenna());
                channel->StartTx(params);
                ++out.frames;
            });
        }
    }
    if (s.mobile)
    {
        // PHY 3 is moved (a course change); PHY 12 leaves the channel
        Ptr<MobilityModel> moved = phys[3]->GetMobility();
        Simulator::Schedule(Seconds(0.45), [moved]() { moved->SetPosition(Vector(20, 20, 1)); });
        Ptr<RecordingPhy> leaving = phys[12];
        Simulator::Schedule(Seconds(0.85), [channel, leaving]() { channel->RemoveRx(leaving); });
    }
    if (s.laterMaxLossDb > 0)
    {
        double later = s.laterMaxLossDb;
        Simulator::Schedule(Seconds(0.6), [channel, later]() {
            channel->SetAttribute("MaxLossDb", DoubleValue(later));
        });
    }
    Simulator::Run();
    Ptr<NeighborListSpectrumChannel> nl = DynamicCast<NeighborListSpectrumChannel>(channel);
    for (uint32_t i = 0; i < s.n; ++i)
    {
        Ptr<MobilityModel> m = phys[i]->GetMobility();
        out.positions.push_back(m ? m->GetPosition() : Vector());
        if (nl)
        {
            out.neighbors.push_back(nl->GetNeighborCount(phys[i]));
        }
    }
    if (nl)
    {
        out.listed = nl->GetListedFrames();
        out.scanned = nl->GetScannedFrames();
        out.priced = nl->GetPricedLinks();
    }
    Simulator::Destroy();
    return out;
}

/// Both channels on one scenario: the same receptions
class IdentityTestCase : public TestCase
{
  public:
    /// \param name what the scenario holds \param s the scenario
    IdentityTestCase(const std::string& name, const Scenario& s)
        : TestCase("same receptions as SingleModelSpectrumChannel: " + name),
          m_scenario(s)
    {
    }

  private:
    void DoRun() override
    {
        Outcome stock = RunScenario(CreateObject<SingleModelSpectrumChannel>(), m_scenario);
        Outcome listed = RunScenario(CreateObject<NeighborListSpectrumChannel>(), m_scenario);
        NS_TEST_EXPECT_MSG_GT(stock.log.size(), 3 * m_scenario.n, "the stock run had receptions");
        NS_TEST_EXPECT_MSG_EQ(listed.log.size(), stock.log.size(), "as many receptions");
        std::size_t firstDifference = stock.log.size();
        for (std::size_t i = 0; i < std::min(stock.log.size(), listed.log.size()); ++i)
        {
            if (!(stock.log[i] == listed.log[i]))
            {
                firstDifference = i;
                break;
            }
        }
        NS_TEST_EXPECT_MSG_EQ(firstDifference,
                              stock.log.size(),
                              "receptions identical in order, time, context and power");
        NS_TEST_EXPECT_MSG_EQ(listed.pathLossReports,
                              stock.pathLossReports,
                              "as many PathLoss reports");
        NS_TEST_EXPECT_MSG_EQ(listed.listed + listed.scanned, listed.frames, "every frame sent");
        if (m_scenario.random || m_scenario.trace)
        {
            NS_TEST_EXPECT_MSG_EQ(listed.listed, 0, "the stock path where caching is not exact");
        }
        else
        {
            // Every static PHY's frames go through its list
            NS_TEST_EXPECT_MSG_GT(listed.listed, listed.frames / 2, "most frames from lists");
        }
        if (m_scenario.campus && !m_scenario.mobile)
        {
            // Each list prices the transmitter's own building only (a third of the PHYs)
            NS_TEST_EXPECT_MSG_LT(listed.priced,
                                  m_scenario.n * (m_scenario.n / 3 + 1),
                                  "buildings out of range are not priced");
        }
        if (!m_scenario.random && !m_scenario.trace && !m_scenario.mobile)
        {
            // Priced links: one per attached PHY per list (built again after a new MaxLossDb),
            // far fewer than the stock channel's n - 1 per frame
            NS_TEST_EXPECT_MSG_LT(listed.priced,
                                  listed.frames * (m_scenario.n - 1) * 3 / 4,
                                  "fewer links priced than the stock channel prices");
        }
    }

    Scenario m_scenario; //!< the scenario
};

/// Neighbour lists hold exactly the PHYs within the log-distance range
class ListSizeTestCase : public TestCase
{
  public:
    ListSizeTestCase()
        : TestCase("neighbour lists: the receivers within MaxLossDb of log-distance loss")
    {
    }

  private:
    void DoRun() override
    {
        for (double maxLossDb : {75.0, 85.0})
        {
            Scenario s;
            s.cosine = false; // isotropic antennas or none: 0 dB
            s.maxLossDb = 70.0;
            s.laterMaxLossDb = maxLossDb; // lists are rebuilt for the new MaxLossDb
            Outcome out = RunScenario(CreateObject<NeighborListSpectrumChannel>(), s);
            // LogDistance defaults: 46.6777 dB at 1 m, exponent 3
            double range = std::pow(10.0, (maxLossDb - 46.6777) / 30.0);
            uint32_t checked = 0;
            for (uint32_t i = 0; i < s.n; ++i)
            {
                int64_t expected = 0;
                bool nearEdge = false;
                for (uint32_t j = 0; j < s.n; ++j)
                {
                    double d = CalculateDistance(out.positions[i], out.positions[j]);
                    if (j != i && d <= range)
                    {
                        ++expected;
                    }
                    nearEdge = nearEdge || (j != i && std::abs(d - range) < 1e-6);
                }
                if (nearEdge)
                {
                    continue;
                }
                NS_TEST_EXPECT_MSG_EQ(out.neighbors[i],
                                      expected,
                                      "PHY " << i << " at MaxLossDb " << maxLossDb);
                ++checked;
            }
            NS_TEST_EXPECT_MSG_GT(checked, s.n / 2, "most PHYs checked");
        }
    }
};

/// LlnHelper's channel: the global value, SetChannelType, bad names
class HelperChoiceTestCase : public TestCase
{
  public:
    HelperChoiceTestCase()
        : TestCase("LlnHelper: NeighborList by default, SingleModel on request")
    {
    }

  private:
    void DoRun() override
    {
        {
            LlnHelper lln;
            NS_TEST_EXPECT_MSG_NE(DynamicCast<NeighborListSpectrumChannel>(lln.GetChannel()),
                                  nullptr,
                                  "the default");
        }
        {
            LlnHelper lln;
            lln.SetChannelType(LlnHelper::SINGLE_MODEL);
            NS_TEST_EXPECT_MSG_NE(DynamicCast<SingleModelSpectrumChannel>(lln.GetChannel()),
                                  nullptr,
                                  "SetChannelType(SINGLE_MODEL)");
        }
        NS_TEST_EXPECT_MSG_EQ(GlobalValue::BindFailSafe("IotsecLlnChannel", StringValue("Stock")),
                              false,
                              "an unknown channel name is refused");
        GlobalValue::Bind("IotsecLlnChannel", StringValue("SingleModel"));
        {
            LlnHelper lln;
            NS_TEST_EXPECT_MSG_NE(DynamicCast<SingleModelSpectrumChannel>(lln.GetChannel()),
                                  nullptr,
                                  "--IotsecLlnChannel=SingleModel");
            LlnHelper chosen;
            chosen.SetChannelType(LlnHelper::NEIGHBOR_LIST);
            NS_TEST_EXPECT_MSG_NE(DynamicCast<NeighborListSpectrumChannel>(chosen.GetChannel()),
                                  nullptr,
                                  "SetChannelType wins over the global value");
        }
        GlobalValue::Bind("IotsecLlnChannel", StringValue("NeighborList"));
    }
};

/// A real LLN (lr-wpan, 6LoWPAN, routes) sends through the lists
class LlnTestCase : public TestCase
{
  public:
    LlnTestCase()
        : TestCase("an lr-wpan LLN with routes: echoes answered, every frame from a list")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer nodes;
        nodes.Create(6);
        MobilityHelper mobility;
        Ptr<ListPositionAllocator> positions = CreateObject<ListPositionAllocator>();
        for (uint32_t i = 0; i < nodes.GetN(); ++i)
        {
            positions->Add(Vector(25.0 * i, 0, 0));
        }
        mobility.SetPositionAllocator(positions);
        mobility.Install(nodes);
        InternetStackHelper internet;
        internet.SetIpv4StackInstall(false);
        internet.Install(nodes);
        LlnHelper lln;
        lln.SetMaxLossDb(92.0); // about 35 m: each node hears its neighbours only
        NetDeviceContainer six = lln.Install(nodes);
        lln.AssignAddresses(six, Ipv6Address("2001:1::"), Ipv6Prefix(64));
        NetDeviceContainer members;
        for (uint32_t i = 1; i < six.GetN(); ++i)
        {
            members.Add(six.Get(i));
        }
        LlnRoutingHelper routing;
        routing.AddDodag(six.Get(0), members);
        routing.Install();
        UdpEchoServerHelper server(7);
        server.Install(nodes).Start(Seconds(0));
        iotsectest::EchoProber prober(nodes.Get(0));
        for (uint32_t i = 1; i < nodes.GetN(); ++i)
        {
            prober.SendAt(Seconds(i), i, LlnHelper::GetGlobalAddress(six.Get(i)));
        }
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        Ptr<NeighborListSpectrumChannel> channel =
            DynamicCast<NeighborListSpectrumChannel>(lln.GetChannel());
        IOTSEC_TEST_REQUIRE(channel, "the LLN is on a NeighborListSpectrumChannel");
        NS_TEST_EXPECT_MSG_EQ(prober.GetAnswers().size(), nodes.GetN() - 1, "every echo");
        NS_TEST_EXPECT_MSG_GT(channel->GetListedFrames(), 4 * (nodes.GetN() - 1), "frames");
        NS_TEST_EXPECT_MSG_EQ(channel->GetScannedFrames(), 0, "none took the stock path");
        for (uint32_t i = 0; i < nodes.GetN(); ++i)
        {
            Ptr<SpectrumPhy> phy =
                DynamicCast<LrWpanNetDevice>(lln.GetLrWpanDevices().Get(i))->GetPhy();
            int64_t expected = (i == 0 || i + 1 == nodes.GetN()) ? 1 : 2;
            NS_TEST_EXPECT_MSG_EQ(channel->GetNeighborCount(phy), expected, "node " << i);
        }
        Simulator::Destroy();
    }
};

/// LinkPricer: the chain's values, bit for bit, with and without the buildings shortcut
class LinkPricerTestCase : public TestCase
{
  public:
    LinkPricerTestCase()
        : TestCase("LinkPricer: a buildings chain's CalcRxPower bit for bit, shortcut only "
                   "without shadowing")
    {
    }

  private:
    void DoRun() override
    {
        // Two buildings and some outdoor nodes: indoor-indoor in one building (ITU-R
        // P.1238), across buildings and to outdoor nodes (ITU-R P.1411, external walls)
        std::vector<Ptr<Building>> buildings;
        for (double x0 : {0.0, 70.0})
        {
            Ptr<Building> b = CreateObject<Building>();
            b->SetBoundaries(Box(x0, x0 + 30, 0, 20, 0, 9));
            b->SetNFloors(3);
            b->SetNRoomsX(3);
            b->SetNRoomsY(2);
            buildings.push_back(b);
        }
        Ptr<UniformRandomVariable> place = CreateObject<UniformRandomVariable>();
        place->SetStream(5);
        std::vector<Ptr<MobilityModel>> nodes;
        for (uint32_t i = 0; i < 40; ++i)
        {
            Ptr<ConstantPositionMobilityModel> m = CreateObject<ConstantPositionMobilityModel>();
            m->SetPosition(Vector(place->GetValue(0.5, 99.5),
                                  place->GetValue(0.5, 19.5),
                                  place->GetValue(0.5, 8.5)));
            Ptr<MobilityBuildingInfo> info = CreateObject<MobilityBuildingInfo>();
            m->AggregateObject(info);
            info->MakeConsistent(m);
            nodes.push_back(m);
        }
        for (double sigma : {0.0, 5.0})
        {
            Ptr<HybridBuildingsPropagationLossModel> chain =
                CreateObject<HybridBuildingsPropagationLossModel>();
            Ptr<HybridBuildingsPropagationLossModel> twin =
                CreateObject<HybridBuildingsPropagationLossModel>();
            for (auto model : {chain, twin})
            {
                for (const char* name :
                     {"ShadowSigmaOutdoor", "ShadowSigmaIndoor", "ShadowSigmaExtWalls"})
                {
                    model->SetAttribute(name, DoubleValue(sigma));
                }
                model->AssignStreams(9);
                model->SetNext(CreateObject<LogDistancePropagationLossModel>());
            }
            // The chain SpectrumChannel::AddPropagationLossModel builds when an erasure model
            // is added after the buildings model: the erasure model first
            Ptr<PropagationLossModel> head = chain;
            Ptr<PropagationLossModel> twinHead = twin;
            if (sigma == 0.0)
            {
                for (auto* h : {&head, &twinHead})
                {
                    Ptr<FrameErasurePropagationLossModel> erasure =
                        CreateObject<FrameErasurePropagationLossModel>();
                    erasure->SetAttribute("ErasureProbability", DoubleValue(0.4));
                    erasure->AssignStreams(17);
                    erasure->SetNext(*h);
                    *h = erasure;
                }
            }
            LinkPricer pricer(head);
            NS_TEST_EXPECT_MSG_EQ(pricer.IsShortcut(), (sigma == 0.0), "shortcut iff no shadowing");
            uint32_t differ = 0;
            uint32_t pairs = 0;
            for (const auto& a : nodes)
            {
                for (const auto& b : nodes)
                {
                    if (a == b)
                    {
                        continue;
                    }
                    double expected = twinHead->CalcRxPower(3.0, a, b);
                    double got = pricer.CalcRxPower(3.0, a, b);
                    differ += std::memcmp(&expected, &got, sizeof(got)) != 0 ? 1 : 0;
                    ++pairs;
                }
            }
            NS_TEST_EXPECT_MSG_EQ(differ, 0, "values differ (sigma " << sigma << ")");
            NS_TEST_EXPECT_MSG_EQ(pairs, 40 * 39, "every ordered pair priced");
        }
        NS_TEST_EXPECT_MSG_EQ(LinkPricer(nullptr).CalcRxPower(-2.5, nodes[0], nodes[1]),
                              -2.5,
                              "no chain: no loss");
        Simulator::Destroy(); // the buildings
    }
};

/// BuildingLinkPruner: the cross-building range, its validity, and routes left unchanged
class PrunerTestCase : public TestCase
{
  public:
    PrunerTestCase()
        : TestCase("BuildingLinkPruner: ITU-R P.1411 range between buildings, no link beyond "
                   "it, the same routes with and without pruning")
    {
    }

  private:
    /// A node indoors or outdoors at p
    static Ptr<MobilityModel> Node(const Vector& p)
    {
        Ptr<ConstantPositionMobilityModel> m = CreateObject<ConstantPositionMobilityModel>();
        m->SetPosition(p);
        Ptr<MobilityBuildingInfo> info = CreateObject<MobilityBuildingInfo>();
        m->AggregateObject(info);
        info->MakeConsistent(m);
        return m;
    }

    /// A 40 x 20 x 12 m building at x0
    static Ptr<Building> MakeBuilding(double x0, Building::ExtWallsType_t walls)
    {
        Ptr<Building> b = CreateObject<Building>();
        b->SetBoundaries(Box(x0, x0 + 40, 0, 20, 0, 12));
        b->SetExtWallsType(walls);
        b->SetNFloors(4);
        return b;
    }

    /// The buildings loss model without shadowing at a frequency
    static Ptr<HybridBuildingsPropagationLossModel> Model(double frequency)
    {
        Ptr<HybridBuildingsPropagationLossModel> m =
            CreateObject<HybridBuildingsPropagationLossModel>();
        m->SetAttribute("Frequency", DoubleValue(frequency));
        for (const char* name : {"ShadowSigmaOutdoor", "ShadowSigmaIndoor", "ShadowSigmaExtWalls"})
        {
            m->SetAttribute(name, DoubleValue(0.0));
        }
        return m;
    }

    void DoRun() override
    {
        Simulator::Destroy(); // no building of an earlier case
        // The range, from the formulas of ITU-R P.1411 written out here: free space minus
        // 0.06 dB over the rooftops from 200 m on, minus 6.03 dB in line of sight below
        auto expectedRange = [](double frequency, double walls) {
            double lambda = 299792458.0 / frequency;
            double over = lambda / (4 * M_PI) * std::pow(10.0, (100 - walls + 0.06) / 20);
            double los = lambda / (4 * M_PI) * std::pow(10.0, (100 - walls + 6.03) / 20);
            return (over * 1.0001 > 200) ? over * 1.0001 : std::min(los * 1.0001, 200.0);
        };
        LinkPricer at2405(Model(2405e6));
        LinkPricer at868(Model(868e6));
        NS_TEST_EXPECT_MSG_EQ_TOL(at2405.CrossBuildingRange(100, 14, 0.5, 30),
                                  200.0,
                                  1e-9,
                                  "concrete with windows, 2405 MHz: Los2NlosThr");
        NS_TEST_EXPECT_MSG_EQ_TOL(at2405.CrossBuildingRange(100, 8, 0.5, 30),
                                  expectedRange(2405e6, 8),
                                  1e-6,
                                  "wood, 2405 MHz: over the rooftops");
        NS_TEST_EXPECT_MSG_EQ_TOL(at868.CrossBuildingRange(100, 8, 0.5, 30),
                                  expectedRange(868e6, 8),
                                  1e-6,
                                  "wood, 868 MHz (the model's frequency, found by probing)");
        NS_TEST_EXPECT_MSG_EQ(std::isinf(at2405.CrossBuildingRange(100, 14, 0.01, 30)),
                              true,
                              "no bound for nodes 1 cm high");
        LinkPricer shadowed(CreateObject<HybridBuildingsPropagationLossModel>());
        NS_TEST_EXPECT_MSG_EQ(std::isinf(shadowed.CrossBuildingRange(100, 14, 0.5, 30)),
                              true,
                              "no bound with shadowing");

        // No link beyond the range: buildings exactly `range` apart, nodes anywhere inside
        Ptr<UniformRandomVariable> u = CreateObject<UniformRandomVariable>();
        u->SetStream(3);
        for (auto walls : {Building::ConcreteWithWindows, Building::Wood})
        {
            double wallDb = walls == Building::Wood ? 8 : 14;
            double range = at2405.CrossBuildingRange(100, wallDb, 0.5, 11.5);
            Ptr<Building> left = MakeBuilding(-1000, walls);
            Ptr<Building> right = MakeBuilding(-1000 + 40 + range, walls);
            double closest = 1e9;
            double lowest = 1e9;
            for (uint32_t k = 0; k < 400; ++k)
            {
                // one node near the facing walls, one anywhere
                Ptr<MobilityModel> a = Node(Vector(-960 - u->GetValue(0, 1 + k % 40),
                                                   u->GetValue(0, 20),
                                                   u->GetValue(0.5, 11.5)));
                Ptr<MobilityModel> b = Node(Vector(-960 + range + u->GetValue(0, 1 + k % 40),
                                                   u->GetValue(0, 20),
                                                   u->GetValue(0.5, 11.5)));
                closest = std::min(closest, a->GetDistanceFrom(b));
                lowest = std::min(lowest, -at2405.CalcRxPower(0, a, b));
            }
            NS_TEST_EXPECT_MSG_GT_OR_EQ(closest, range, "pairs at or beyond the range");
            NS_TEST_EXPECT_MSG_GT(lowest, 100.0, "every such link beyond MaxLossDb");
            NS_TEST_EXPECT_MSG_LT(lowest, 100.0 + 8.0, "and the bound is near the model");
            Simulator::Destroy(); // the two buildings
        }
        Simulator::Destroy();

        // Routes of a campus with and without pruning (a zero-probability erasure model after
        // the buildings model turns pruning off and changes no loss)
        std::vector<std::tuple<std::size_t, std::size_t, double, double>> edges[2];
        for (int pruned = 0; pruned < 2; ++pruned)
        {
            Ptr<BuildingTopologyHelper> campus = CreateObject<BuildingTopologyHelper>();
            campus->SetAttribute("Buildings", UintegerValue(3));
            campus->SetAttribute("Floors", UintegerValue(2));
            campus->SetAttribute("RoomsPerFloor", UintegerValue(6));
            campus->Build();
            if (!pruned)
            {
                Ptr<FrameErasurePropagationLossModel> none =
                    CreateObject<FrameErasurePropagationLossModel>();
                campus->GetPropagationLossModel()->SetNext(none);
            }
            NS_TEST_EXPECT_MSG_EQ(campus->ComputeRoutes(), "", "routes");
            std::vector<Ptr<MobilityModel>> nodes;
            NodeContainer lln = campus->GetLlnNodes();
            for (uint32_t i = 0; i < lln.GetN(); ++i)
            {
                nodes.push_back(lln.Get(i)->GetObject<MobilityModel>());
            }
            BuildingLinkPruner pruner(LinkPricer(campus->GetPropagationLossModel()),
                                      100.0,
                                      nodes,
                                      std::vector<bool>(nodes.size(), true));
            NS_TEST_EXPECT_MSG_EQ(pruner.IsPruning(), true, "the buildings are apart");
            std::vector<uint32_t> candidates = pruner.Candidates(lln.GetN() - 1);
            NS_TEST_EXPECT_MSG_EQ(candidates.size(), lln.GetN() / 3, "its own building only");
            const LlnRoutingHelper::Graph& g = campus->GetRouting().GetGraph();
            for (auto [e, end] = boost::edges(g); e != end; ++e)
            {
                edges[pruned].emplace_back(boost::source(*e, g),
                                           boost::target(*e, g),
                                           g[*e].lossForwardDb,
                                           g[*e].lossReverseDb);
            }
            Simulator::Destroy();
        }
        NS_TEST_EXPECT_MSG_GT(edges[0].size(), 3 * 12, "a campus with links");
        NS_TEST_EXPECT_MSG_EQ((edges[0] == edges[1]), true, "the same radio graph");
    }
};

/// The suite
class NeighborListChannelTestSuite : public TestSuite
{
  public:
    NeighborListChannelTestSuite()
        : TestSuite("iotsec-neighbor-list-channel", Type::UNIT)
    {
        using iotsectest::QUICK;
        Scenario plain;
        AddTestCase(new IdentityTestCase("static PHYs, log-distance, antennas", plain), QUICK);
        Scenario erasure;
        erasure.erasure = true;
        AddTestCase(new IdentityTestCase("frame erasure 0.3", erasure), QUICK);
        Scenario mobile;
        mobile.mobile = true;
        mobile.erasure = true;
        AddTestCase(new IdentityTestCase("moving, moved, mobility-less, co-located PHYs, a "
                                         "removal, frame erasure",
                                         mobile),
                    QUICK);
        Scenario undelayed;
        undelayed.mobile = true;
        undelayed.delay = false;
        AddTestCase(new IdentityTestCase("moving, moved, mobility-less, co-located PHYs, no "
                                         "delay model (scheduling order)",
                                         undelayed),
                    QUICK);
        undelayed.erasure = true;
        AddTestCase(new IdentityTestCase("the same with frame erasure", undelayed), QUICK);
        Scenario buildings;
        buildings.buildings = true;
        buildings.mobile = true;
        buildings.erasure = true;
        buildings.maxLossDb = 95;
        AddTestCase(new IdentityTestCase("buildings loss with 6 dB shadowing, mobility, erasure",
                                         buildings),
                    QUICK);
        Scenario campus;
        campus.campus = true;
        campus.erasure = true;
        campus.maxLossDb = 100;
        campus.n = 45;
        campus.cosine = false; // the bound is on path loss: antennas without gain
        AddTestCase(new IdentityTestCase("three buildings out of each other's range (pruned), "
                                         "erasure",
                                         campus),
                    QUICK);
        campus.mobile = true;
        AddTestCase(new IdentityTestCase("the same with mobility", campus), QUICK);
        Scenario later;
        later.laterMaxLossDb = 90;
        AddTestCase(new IdentityTestCase("MaxLossDb raised during the run", later), QUICK);
        Scenario random;
        random.random = true;
        AddTestCase(new IdentityTestCase("Nakagami fading (stock path)", random), QUICK);
        Scenario trace;
        trace.trace = true;
        trace.erasure = true;
        AddTestCase(new IdentityTestCase("PathLoss trace connected (stock path)", trace), QUICK);
        AddTestCase(new ListSizeTestCase(), QUICK);
        AddTestCase(new LinkPricerTestCase(), QUICK);
        AddTestCase(new PrunerTestCase(), QUICK);
        AddTestCase(new HelperChoiceTestCase(), QUICK);
        AddTestCase(new LlnTestCase(), QUICK);
    }
};

/// The suite's instance
NeighborListChannelTestSuite g_neighborListChannelTestSuite;

} // namespace
