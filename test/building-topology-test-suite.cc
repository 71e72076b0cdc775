/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// BuildingTopologyHelper: attributes that cannot make a building, the geometry and the
// containers, the 10 x 10 building with a 6LBR per floor routed and proven by traffic (every
// light reaches its 6LBR and the Internet side), other backbones and placements, a light out
// of range of everything, and the GraphViz file.

#include "building-test-util.h"
#include "iotsec-test.h"

#include "ns3/building-topology-helper.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/mobility-building-info.h"
#include "ns3/mobility-model.h"
#include "ns3/propagation-loss-model.h"
#include "ns3/simulator.h"
#include "ns3/spectrum-channel.h"
#include "ns3/string.h"
#include "ns3/udp-echo-helper.h"
#include "ns3/uinteger.h"

#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using namespace ns3;

namespace
{

/**
 * \param attributes (name, value) pairs
 * \return a builder with those attributes
 */
Ptr<BuildingTopologyHelper>
MakeBuilding(const std::vector<std::pair<std::string, std::string>>& attributes)
{
    Ptr<BuildingTopologyHelper> building = CreateObject<BuildingTopologyHelper>();
    for (const auto& [name, value] : attributes)
    {
        building->SetAttribute(name, StringValue(value));
    }
    return building;
}

/**
 * \brief Record which node forwarded a packet from which source.
 * \param forwards (forwarding node ID, source address) pairs
 * \param nodeId the forwarding node
 * \param header the packet's IPv6 header
 */
void
RecordForward(std::set<std::pair<uint32_t, Ipv6Address>>* forwards,
              uint32_t nodeId,
              const Ipv6Header& header,
              Ptr<const Packet>,
              uint32_t)
{
    forwards->insert({nodeId, header.GetSource()});
}

/**
 * \brief Send one echo from Internet host `host` to every light and one from every light to its
 * 6LBR, run, and say which were not answered.
 * \param building a building with routes installed
 * \param host the Internet host's index
 * \param forwards if non-null, filled with (6LBR node ID, source) of packets 6LBRs forwarded
 * \return one line per light that missed an answer ("" when every light answered both)
 */
std::string
CheckReachability(Ptr<BuildingTopologyHelper> building,
                  uint32_t host,
                  std::set<std::pair<uint32_t, Ipv6Address>>* forwards)
{
    NodeContainer lights = building->GetLights();
    UdpEchoServerHelper server(7);
    server.Install(lights).Start(Seconds(0));
    server.Install(building->GetBorderRouters()).Start(Seconds(0));
    NodeContainer routers = building->GetBorderRouters();
    for (uint32_t k = 0; forwards && k < routers.GetN(); ++k)
    {
        routers.Get(k)->GetObject<Ipv6L3Protocol>()->TraceConnectWithoutContext(
            "UnicastForward",
            MakeBoundCallback(&RecordForward, forwards, routers.Get(k)->GetId()));
    }
    const Time spacing = MilliSeconds(100); // one exchange at a time: see doc (hidden terminals)
    iotsectest::EchoProber internet(building->GetInternetHosts().Get(host));
    std::vector<std::unique_ptr<iotsectest::EchoProber>> fromLights;
    const Time secondRound = Seconds(1.5) + spacing * lights.GetN();
    for (uint32_t i = 0; i < lights.GetN(); ++i)
    {
        internet.SendAt(Seconds(1) + spacing * i, i, building->GetAddress(lights.Get(i)));
        fromLights.push_back(std::make_unique<iotsectest::EchoProber>(lights.Get(i)));
        Ptr<Node> router = building->GetBorderRouter(lights.Get(i));
        fromLights.back()->SendAt(secondRound + spacing * i, i, building->GetAddress(router));
    }
    Simulator::Stop(secondRound + spacing * lights.GetN() + Seconds(2));
    Simulator::Run();

    std::ostringstream missed;
    for (uint32_t i = 0; i < lights.GetN(); ++i)
    {
        Ptr<Node> light = lights.Get(i);
        bool fromInternet = internet.GetAnswers().count(i) == 1 &&
                            internet.GetAnswers().at(i) == building->GetAddress(light);
        bool toRouter = fromLights[i]->GetAnswers().count(i) == 1;
        if (!fromInternet || !toRouter)
        {
            BuildingTopologyHelper::NodeInfo info = building->GetNodeInfo(light);
            missed << "light " << light->GetId() << " (floor " << info.floor << ", room "
                   << info.room << ", " << building->GetHopCount(light)
                   << " hops):" << (fromInternet ? "" : " no Internet echo")
                   << (toRouter ? "" : " no 6LBR echo") << "\n";
        }
    }
    return missed.str();
}

} // namespace

/**
 * \ingroup iotsec-tests
 * \brief Attributes that cannot make a building are refused with a message naming them.
 */
class BuildingTopologyValidateTestCase : public TestCase
{
  public:
    BuildingTopologyValidateTestCase()
        : TestCase("impossible attributes: zero floors, rooms, nodes; sizes; prefixes")
    {
    }

  private:
    void DoRun() override
    {
        NS_TEST_EXPECT_MSG_EQ(MakeBuilding({})->Validate(), "", "the defaults are possible");
        const std::vector<std::pair<std::pair<std::string, std::string>, std::string>> cases{
            {{"Buildings", "0"}, "Buildings must be at least 1"},
            {{"BuildingColumns", "2"}, "BuildingColumns (2) exceeds Buildings (1)"},
            {{"BuildingGap", "-1"}, "BuildingGap must not be negative"},
            {{"Floors", "0"}, "Floors must be 1..255"},
            {{"Floors", "256"}, "Floors must be 1..255"},
            {{"RoomsPerFloor", "0"}, "RoomsPerFloor must be at least 1"},
            {{"NodesPerRoom", "0"}, "NodesPerRoom must be at least 1"},
            {{"RoomWidth", "0"}, "RoomWidth, RoomDepth and FloorHeight must be positive"},
            {{"RoomDepth", "-3"}, "RoomWidth, RoomDepth and FloorHeight must be positive"},
            {{"FloorHeight", "0"}, "RoomWidth, RoomDepth and FloorHeight must be positive"},
            {{"NodeHeight", "3.5"}, "NodeHeight must be in [0, FloorHeight)"},
            {{"RoomColumns", "11"}, "RoomColumns (11) exceeds RoomsPerFloor (10)"},
            {{"MaxLossDb", "0"}, "MaxLossDb must be positive"},
            {{"TxPowerDbm", "40"}, "TxPowerDbm must be -32..31"},
            {{"EtxFrameSize", "200"}, "EtxFrameSize must be 5..127 bytes"},
            {{"MaxEtx", "0.5"}, "MaxEtx must be at least 1"},
            {{"LlnPrefix", "2001:db8::"}, "LlnPrefix is in 2001:db8::/32"},
            {{"InternetPrefix", "2001:3:0:1::"}, "InternetPrefix must have zero bits after"},
            {{"BackbonePrefix", "2001:1::"}, "must differ"},
        };
        for (const auto& [attribute, message] : cases)
        {
            std::string error = MakeBuilding({attribute})->Validate();
            NS_TEST_EXPECT_MSG_NE(error.find(message),
                                  std::string::npos,
                                  attribute.first << "=" << attribute.second << ": got \"" << error
                                                  << "\"");
        }
        NS_TEST_EXPECT_MSG_NE(MakeBuilding({{"RoomsPerFloor", "300"}, {"RoomColumns", "1"}})
                                  ->Validate()
                                  .find("at most 255 columns and 255 rows"),
                              std::string::npos,
                              "a 1 x 300 room grid");
        NS_TEST_EXPECT_MSG_NE(MakeBuilding({{"Buildings", "70"}, {"RoomsPerFloor", "100"}})
                                  ->Validate()
                                  .find("too many LLN nodes for 16-bit short addresses (70700)"),
                              std::string::npos,
                              "a campus of 70,000 lights and 700 6LBRs");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Geometry, containers, per-node information and addresses of small buildings.
 */
class BuildingTopologyGeometryTestCase : public TestCase
{
  public:
    BuildingTopologyGeometryTestCase()
        : TestCase("geometry and containers: floors, rooms, 6LBRs, addresses, ns-3's buildings")
    {
    }

  private:
    void DoRun() override
    {
        // Automatic room grids
        const std::vector<std::pair<uint32_t, uint32_t>> grids{{1, 1},
                                                               {4, 2},
                                                               {7, 7},
                                                               {10, 5},
                                                               {30, 6},
                                                               {36, 6}};
        for (const auto& [rooms, columns] : grids)
        {
            NS_TEST_EXPECT_MSG_EQ(
                MakeBuilding({{"RoomsPerFloor", std::to_string(rooms)}})->GetRoomColumns(),
                columns,
                rooms << " rooms");
        }

        // 3 floors x 4 rooms (2 x 2) x 2 lights, 6LBR per floor
        Ptr<BuildingTopologyHelper> building = MakeBuilding({{"Floors", "3"},
                                                             {"RoomsPerFloor", "4"},
                                                             {"NodesPerRoom", "2"},
                                                             {"InternetHosts", "3"}});
        building->Build();
        NS_TEST_EXPECT_MSG_EQ(building->GetLights().GetN(), 24, "3 x 4 x 2 lights");
        NS_TEST_EXPECT_MSG_EQ(building->GetBorderRouters().GetN(), 3, "a 6LBR per floor");
        NS_TEST_EXPECT_MSG_EQ(building->GetLlnNodes().GetN(), 27, "LLN nodes");
        NS_TEST_EXPECT_MSG_EQ(building->GetInternetHosts().GetN(), 3, "Internet hosts");
        NS_TEST_EXPECT_MSG_EQ(building->GetLightDevices().GetN(), 24, "light devices");
        NS_TEST_EXPECT_MSG_EQ(building->GetLrWpanDevices().GetN(), 27, "lr-wpan devices");
        Ptr<Building> b = building->GetBuilding();
        IOTSEC_TEST_REQUIRE(b, "an ns-3 building");
        NS_TEST_EXPECT_MSG_EQ(b->GetNFloors(), 3, "floors");
        NS_TEST_EXPECT_MSG_EQ(b->GetNRoomsX(), 2, "columns");
        NS_TEST_EXPECT_MSG_EQ(b->GetNRoomsY(), 2, "rows");
        NS_TEST_EXPECT_MSG_EQ_TOL(b->GetBoundaries().zMax, 10.5, 1e-12, "3 x 3.5 m");
        std::set<Ipv6Address> addresses;
        for (uint32_t f = 0; f < 3; ++f)
        {
            NodeContainer lights = building->GetFloorLights(f);
            NodeContainer nodes = building->GetFloorNodes(f);
            IOTSEC_TEST_REQUIRE(lights.GetN() == 8, "8 lights on floor " << f);
            NS_TEST_EXPECT_MSG_EQ(nodes.GetN(), 9, "8 lights and a 6LBR on floor " << f);
            Ptr<Node> router = building->GetBorderRouters().Get(f);
            NS_TEST_EXPECT_MSG_EQ(nodes.Get(0), router, "the floor's 6LBR comes first");
            BuildingTopologyHelper::NodeInfo routerInfo = building->GetNodeInfo(router);
            NS_TEST_EXPECT_MSG_EQ(routerInfo.role, BuildingTopologyHelper::BORDER_ROUTER, "6LBR");
            NS_TEST_EXPECT_MSG_EQ(routerInfo.floor, static_cast<int32_t>(f), "6LBR floor");
            NS_TEST_EXPECT_MSG_EQ(routerInfo.borderRouter, router, "a 6LBR is its own");
            Ipv6Prefix p64(64);
            NS_TEST_EXPECT_MSG_EQ(p64.IsMatch(routerInfo.address, building->GetLlnPrefix(f)),
                                  true,
                                  "6LBR address in its floor's prefix");
            std::ostringstream prefix;
            prefix << building->GetLlnPrefix(f);
            NS_TEST_EXPECT_MSG_EQ(
                prefix.str(),
                (f == 0 ? std::string("2001:1::") : "2001:1:0:" + std::to_string(f) + "::"),
                "floor " << f << "'s prefix");
            for (uint32_t i = 0; i < lights.GetN(); ++i)
            {
                Ptr<Node> light = lights.Get(i);
                BuildingTopologyHelper::NodeInfo info = building->GetNodeInfo(light);
                NS_TEST_EXPECT_MSG_EQ(info.role, BuildingTopologyHelper::LIGHT, "a light");
                NS_TEST_EXPECT_MSG_EQ(info.floor, static_cast<int32_t>(f), "its floor");
                NS_TEST_EXPECT_MSG_EQ(info.room, static_cast<int32_t>(i / 2), "its room");
                NS_TEST_EXPECT_MSG_EQ(info.borderRouter, router, "its floor's 6LBR");
                NS_TEST_EXPECT_MSG_EQ(building->GetBorderRouter(light), router, "its 6LBR");
                NS_TEST_EXPECT_MSG_EQ(p64.IsMatch(info.address, building->GetLlnPrefix(f)),
                                      true,
                                      "light address in its floor's prefix");
                addresses.insert(info.address);
                // ns-3's MobilityBuildingInfo agrees (it numbers from 1)
                Ptr<MobilityModel> mobility = light->GetObject<MobilityModel>();
                Ptr<MobilityBuildingInfo> where = mobility->GetObject<MobilityBuildingInfo>();
                IOTSEC_TEST_REQUIRE(where, "MobilityBuildingInfo");
                NS_TEST_EXPECT_MSG_EQ(where->IsIndoor(), true, "indoor");
                NS_TEST_EXPECT_MSG_EQ(where->GetFloorNumber(), f + 1, "ns-3 floor");
                NS_TEST_EXPECT_MSG_EQ(where->GetRoomNumberX(), (i / 2) % 2 + 1, "ns-3 room x");
                NS_TEST_EXPECT_MSG_EQ(where->GetRoomNumberY(), (i / 2) / 2 + 1, "ns-3 room y");
                NS_TEST_EXPECT_MSG_EQ_TOL(mobility->GetPosition().z,
                                          f * 3.5 + 2.5,
                                          1e-12,
                                          "ceiling height");
            }
        }
        NS_TEST_EXPECT_MSG_EQ(addresses.size(), 24, "every light has its own address");
        for (uint32_t i = 0; i < 3; ++i)
        {
            Ptr<Node> host = building->GetInternetHosts().Get(i);
            BuildingTopologyHelper::NodeInfo info = building->GetNodeInfo(host);
            NS_TEST_EXPECT_MSG_EQ(info.role, BuildingTopologyHelper::INTERNET_HOST, "a host");
            NS_TEST_EXPECT_MSG_EQ(info.floor, -1, "outside");
            NS_TEST_EXPECT_MSG_EQ(building->GetAddress(host),
                                  building->GetInternetHostAddress(i),
                                  "host address");
            NS_TEST_EXPECT_MSG_EQ(Ipv6Prefix(64).IsMatch(info.address, Ipv6Address("2001:3::")),
                                  true,
                                  "on the Internet side");
        }
        NS_TEST_EXPECT_MSG_EQ(building->GetNodeInfo(building->GetCoreRouter()).role,
                              BuildingTopologyHelper::CORE_ROUTER,
                              "the core router");
        Simulator::Destroy();

        // One 6LBR for the building: on the middle floor, every light in its DODAG
        building = MakeBuilding(
            {{"Floors", "4"}, {"RoomsPerFloor", "3"}, {"BorderRouters", "PerBuilding"}});
        building->Build();
        IOTSEC_TEST_REQUIRE(building->GetBorderRouters().GetN() == 1, "one 6LBR");
        Ptr<Node> router = building->GetBorderRouters().Get(0);
        NS_TEST_EXPECT_MSG_EQ(building->GetNodeInfo(router).floor, 1, "floor (4 - 1) / 2");
        NS_TEST_EXPECT_MSG_EQ(building->GetFloorNodes(1).GetN(), 4, "the 6LBR's floor");
        NS_TEST_EXPECT_MSG_EQ(building->GetFloorNodes(2).GetN(), 3, "another floor");
        for (uint32_t i = 0; i < building->GetLights().GetN(); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(building->GetBorderRouter(building->GetLights().Get(i)),
                                  router,
                                  "every light's 6LBR");
        }
        Simulator::Destroy();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The losses between nodes of a building, against ITU-R P.1238 by hand.
 */
class BuildingTopologyPropagationTestCase : public TestCase
{
  public:
    BuildingTopologyPropagationTestCase()
        : TestCase("propagation: ITU-R P.1238 at 2405 MHz, wall and floor losses, MaxLossDb")
    {
    }

  private:
    void DoRun() override
    {
        // 2 floors x 4 rooms (2 x 2, 10 m), lights at room centres 2.5 m above the floor, the
        // 6LBR of each floor at (10, 10) in room 3; walls 10 dB; office building
        Ptr<BuildingTopologyHelper> building =
            MakeBuilding({{"Floors", "2"}, {"RoomsPerFloor", "4"}, {"MaxLossDb", "97"}});
        building->Build();
        IOTSEC_TEST_REQUIRE(building->ComputeRoutes().empty(), "routes");
        Ptr<PropagationLossModel> loss = building->GetPropagationLossModel();
        IOTSEC_TEST_REQUIRE(loss, "a loss model");
        auto lossDb = [&](Ptr<Node> a, Ptr<Node> b) {
            return -loss->CalcRxPower(0.0,
                                      a->GetObject<MobilityModel>(),
                                      b->GetObject<MobilityModel>());
        };
        const double base = 20 * std::log10(2405.0) - 28; // ITU-R P.1238 at 2405 MHz
        NodeContainer f0 = building->GetFloorLights(0);
        NodeContainer f1 = building->GetFloorLights(1);
        Ptr<Node> r0 = building->GetBorderRouters().Get(0);
        NS_TEST_EXPECT_MSG_EQ_TOL(lossDb(f0.Get(0), f0.Get(1)),
                                  base + 30 * std::log10(10.0) + 10,
                                  1e-9,
                                  "adjacent rooms: 10 m, one wall");
        NS_TEST_EXPECT_MSG_EQ_TOL(lossDb(f0.Get(0), f0.Get(3)),
                                  base + 30 * std::log10(std::sqrt(200.0)) + 20,
                                  1e-9,
                                  "diagonal rooms: 14.1 m, two walls");
        NS_TEST_EXPECT_MSG_EQ_TOL(lossDb(r0, f0.Get(3)),
                                  base + 30 * std::log10(std::sqrt(50.0)),
                                  1e-9,
                                  "the 6LBR and the light of its room");
        NS_TEST_EXPECT_MSG_EQ_TOL(lossDb(f0.Get(2), f1.Get(2)),
                                  base + 30 * std::log10(3.5) + 15,
                                  1e-9,
                                  "the same room one floor up: 3.5 m, 15 dB of floor");
        NS_TEST_EXPECT_MSG_EQ_TOL(lossDb(f0.Get(0), f1.Get(1)),
                                  base + 30 * std::log10(std::sqrt(100 + 12.25)) + 15 + 10,
                                  1e-9,
                                  "the next room one floor up");
        // The channel drops what MaxLossDb says, and the graph agrees: the next room one floor
        // up (95.4 dB) is a link, the diagonal room one floor up (109.5 dB) is not
        const LlnRoutingHelper& routing = building->GetRouting();
        const LlnRoutingHelper::Graph& g = routing.GetGraph();
        auto linked = [&](Ptr<Node> a, Ptr<Node> b) {
            return boost::edge(routing.GetVertex(building->GetNodeInfo(a).llnDevice),
                               routing.GetVertex(building->GetNodeInfo(b).llnDevice),
                               g)
                .second;
        };
        NS_TEST_EXPECT_MSG_EQ(linked(f0.Get(0), f1.Get(1)), true, "95.4 dB <= 97 dB");
        NS_TEST_EXPECT_MSG_EQ(linked(f0.Get(0), f1.Get(3)), false, "109.5 dB > 97 dB");
        DoubleValue maxLoss;
        building->GetLlnHelper().GetChannel()->GetAttribute("MaxLossDb", maxLoss);
        NS_TEST_EXPECT_MSG_EQ(maxLoss.Get(), 97.0, "the channel's MaxLossDb");
        Simulator::Destroy();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief With shadowing, AssignStreams fixes the radio graph; the graph's losses are the ones
 * the channel applies.
 */
class BuildingTopologyShadowingTestCase : public TestCase
{
  public:
    BuildingTopologyShadowingTestCase()
        : TestCase("shadowing: AssignStreams fixes the graph, which uses the channel's draws")
    {
    }

  private:
    /**
     * \param stream the first stream
     * \param[out] building the building built
     * \return the losses of every link of its radio graph, in both directions
     */
    static std::vector<double> Losses(int64_t stream, Ptr<BuildingTopologyHelper>& building)
    {
        building = MakeBuilding({{"Floors", "2"}, {"RoomsPerFloor", "6"}, {"ShadowSigma", "8"}});
        building->Build();
        building->AssignStreams(stream);
        building->ComputeRoutes();
        std::vector<double> losses;
        const LlnRoutingHelper::Graph& g = building->GetRouting().GetGraph();
        for (auto [e, end] = boost::edges(g); e != end; ++e)
        {
            losses.push_back(g[*e].lossForwardDb);
            losses.push_back(g[*e].lossReverseDb);
        }
        return losses;
    }

    void DoRun() override
    {
        Ptr<BuildingTopologyHelper> building;
        std::vector<double> first = Losses(1, building);
        Simulator::Destroy();
        std::vector<double> again = Losses(1, building);
        // The graph's losses are what the channel's loss model gives for the same pairs now
        const LlnRoutingHelper::Graph& g = building->GetRouting().GetGraph();
        Ptr<PropagationLossModel> loss = building->GetPropagationLossModel();
        uint32_t asymmetric = 0;
        for (auto [e, end] = boost::edges(g); e != end; ++e)
        {
            Ptr<MobilityModel> a =
                g[boost::source(*e, g)].device->GetNode()->GetObject<MobilityModel>();
            Ptr<MobilityModel> b =
                g[boost::target(*e, g)].device->GetNode()->GetObject<MobilityModel>();
            NS_TEST_EXPECT_MSG_EQ_TOL(-loss->CalcRxPower(0, a, b),
                                      g[*e].lossForwardDb,
                                      1e-12,
                                      "the channel's loss, forward");
            NS_TEST_EXPECT_MSG_EQ_TOL(-loss->CalcRxPower(0, b, a),
                                      g[*e].lossReverseDb,
                                      1e-12,
                                      "the channel's loss, reverse");
            asymmetric += std::abs(g[*e].lossForwardDb - g[*e].lossReverseDb) > 1e-6 ? 1 : 0;
        }
        NS_TEST_EXPECT_MSG_GT(asymmetric, 0, "shadowing is drawn per direction");
        Simulator::Destroy();
        std::vector<double> other = Losses(1000, building);
        Simulator::Destroy();
        NS_TEST_EXPECT_MSG_EQ((first == again), true, "the same streams, the same graph");
        NS_TEST_EXPECT_MSG_EQ((first == other), false, "other streams, another graph");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The default building (10 floors x 10 rooms x 1 light, a 6LBR per floor) routes, and
 * traffic proves it: an echo from the Internet to every light, and from every light to its
 * 6LBR, each light's answer forwarded by its own 6LBR.
 */
class BuildingTopologyTenByTenTestCase : public TestCase
{
  public:
    BuildingTopologyTenByTenTestCase()
        : TestCase("10 floors x 10 rooms, 6LBR per floor: every light reaches its 6LBR and the "
                   "Internet side")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<BuildingTopologyHelper> building = MakeBuilding({});
        IOTSEC_TEST_REQUIRE(building->Validate().empty(), "the defaults are valid");
        building->Build();
        building->AssignStreams(1);
        std::string error = building->ComputeRoutes();
        IOTSEC_TEST_REQUIRE(error.empty(), "routes: " << error);
        building->InstallRoutes();
        NodeContainer lights = building->GetLights();
        IOTSEC_TEST_REQUIRE(lights.GetN() == 100, "100 lights");
        IOTSEC_TEST_REQUIRE(building->GetBorderRouters().GetN() == 10, "10 6LBRs");

        // The trees stay on their floor; the statistics are those of the trees
        uint32_t hopSum = 0;
        for (uint32_t i = 0; i < lights.GetN(); ++i)
        {
            Ptr<Node> light = lights.Get(i);
            Ptr<Node> parent = building->GetParent(light);
            IOTSEC_TEST_REQUIRE(parent, "light " << light->GetId() << " has a parent");
            NS_TEST_EXPECT_MSG_EQ(building->GetNodeInfo(parent).floor,
                                  building->GetNodeInfo(light).floor,
                                  "the parent is on the light's floor");
            uint32_t hops = building->GetHopCount(light);
            NS_TEST_EXPECT_MSG_GT_OR_EQ(hops, 1, "hops");
            uint32_t parentHops =
                parent == building->GetBorderRouter(light) ? 0 : building->GetHopCount(parent);
            NS_TEST_EXPECT_MSG_EQ(hops, parentHops + 1, "one hop more than its parent");
            NS_TEST_EXPECT_MSG_GT_OR_EQ(building->GetPathEtx(light), hops - 1e-9, "ETX >= hops");
            hopSum += hops;
        }
        LlnRoutingHelper::Statistics stats = building->GetRouting().GetStatistics();
        NS_TEST_EXPECT_MSG_EQ(stats.members, 100, "100 routed lights");
        NS_TEST_EXPECT_MSG_EQ_TOL(stats.hopsMean, hopSum / 100.0, 1e-12, "mean hops");
        NS_TEST_EXPECT_MSG_GT(stats.links, 100, "a connected radio graph");

        std::set<std::pair<uint32_t, Ipv6Address>> forwards;
        std::string missed = CheckReachability(building, 0, &forwards);
        NS_TEST_EXPECT_MSG_EQ(missed, "", "every light answered both echoes");
        for (uint32_t i = 0; i < lights.GetN(); ++i)
        {
            Ptr<Node> light = lights.Get(i);
            uint32_t router = building->GetBorderRouter(light)->GetId();
            NS_TEST_EXPECT_MSG_EQ(forwards.count({router, building->GetAddress(light)}),
                                  1,
                                  "light " << light->GetId() << "'s echo left through its 6LBR");
        }
        Simulator::Destroy();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Other backbones and placements route too: point-to-point links with a 6LBR per
 * floor, and one 6LBR for a building with several hosts.
 */
class BuildingTopologyVariantsTestCase : public TestCase
{
  public:
    BuildingTopologyVariantsTestCase()
        : TestCase("point-to-point backbone; one 6LBR per building; two Internet hosts")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<std::vector<std::pair<std::string, std::string>>> variants{
            {{"Floors", "3"}, {"RoomsPerFloor", "6"}, {"Backbone", "PointToPoint"}},
            {{"Floors", "5"},
             {"RoomsPerFloor", "4"},
             {"BorderRouters", "PerBuilding"},
             {"InternetHosts", "2"}},
        };
        for (std::size_t v = 0; v < variants.size(); ++v)
        {
            Ptr<BuildingTopologyHelper> building = MakeBuilding(variants[v]);
            building->Build();
            building->AssignStreams(1);
            std::string error = building->ComputeRoutes();
            IOTSEC_TEST_REQUIRE(error.empty(), "variant " << v << " routes: " << error);
            building->InstallRoutes();
            uint32_t host = building->GetInternetHosts().GetN() - 1;
            // (the macros evaluate their arguments again to report a failure: run it once)
            std::string missed = CheckReachability(building, host, nullptr);
            NS_TEST_EXPECT_MSG_EQ(missed, "", "variant " << v << ": every light reached");
            if (v == 1)
            {
                NS_TEST_EXPECT_MSG_GT(building->GetRouting().GetStatistics().hopsMax,
                                      1,
                                      "the far floors are several hops from the 6LBR");
            }
            Simulator::Destroy();
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief A light out of range of everything is named, and so is a building whose lights hear
 * nothing.
 */
class BuildingTopologyOutOfRangeTestCase : public TestCase
{
  public:
    BuildingTopologyOutOfRangeTestCase()
        : TestCase("lights out of range of everything are named; BuildAndRoute")
    {
    }

  private:
    void DoRun() override
    {
        // 1 floor of 3 rooms in a row (30 m x 10 m), 6LBR at (15, 5) in the middle room: the
        // side lights are 10 m and one wall away (39.62 + 30 + 10 = 79.6 dB at 2405 MHz); the
        // middle light shares the 6LBR's position. With MaxLossDb = 70 dB the side lights hear
        // nothing (they are 20 m and two walls apart), the middle one hears the 6LBR.
        Ptr<BuildingTopologyHelper> building = MakeBuilding(
            {{"Floors", "1"}, {"RoomsPerFloor", "3"}, {"RoomColumns", "3"}, {"MaxLossDb", "70"}});
        building->Build();
        std::string error = building->ComputeRoutes();
        NodeContainer lights = building->GetLights();
        IOTSEC_TEST_REQUIRE(lights.GetN() == 3, "three lights");
        std::string expected = "2 nodes cannot be routed: node " +
                               std::to_string(lights.Get(0)->GetId()) +
                               " (light, floor 0, room 0) is out of radio range of every other "
                               "node; node " +
                               std::to_string(lights.Get(2)->GetId()) +
                               " (light, floor 0, room 2) is out of radio range of every other "
                               "node";
        NS_TEST_EXPECT_MSG_EQ(error, expected, "the two side lights are named");
        Simulator::Destroy();

        // With 80 dB they are in range: the building routes
        building = MakeBuilding(
            {{"Floors", "1"}, {"RoomsPerFloor", "3"}, {"RoomColumns", "3"}, {"MaxLossDb", "80"}});
        building->Build();
        int64_t used = building->AssignStreams(7);
        NS_TEST_EXPECT_MSG_EQ(building->ComputeRoutes(), "", "80 dB is enough");
        Simulator::Destroy();

        // BuildAndRoute: the same steps, stopping at the first error with its message
        int64_t stream = 7;
        Ptr<BuildingTopologyHelper> impossible = MakeBuilding({{"Floors", "0"}});
        std::string why = impossible->Validate();
        IOTSEC_TEST_REQUIRE(!why.empty(), "zero floors are impossible");
        NS_TEST_EXPECT_MSG_EQ(impossible->BuildAndRoute(stream), why, "Validate()'s message");
        NS_TEST_EXPECT_MSG_EQ(stream, 7, "nothing built, no stream used");
        building = MakeBuilding(
            {{"Floors", "1"}, {"RoomsPerFloor", "3"}, {"RoomColumns", "3"}, {"MaxLossDb", "70"}});
        NS_TEST_EXPECT_MSG_EQ(building->BuildAndRoute(stream), expected, "ComputeRoutes()'s");
        Simulator::Destroy();
        building = MakeBuilding(
            {{"Floors", "1"}, {"RoomsPerFloor", "3"}, {"RoomColumns", "3"}, {"MaxLossDb", "80"}});
        stream = 7;
        NS_TEST_EXPECT_MSG_EQ(building->BuildAndRoute(stream), "", "routed");
        NS_TEST_EXPECT_MSG_EQ(stream, 7 + used, "advanced past the building's streams");
        NS_TEST_EXPECT_MSG_EQ(building->GetHopCount(building->GetLights().Get(0)),
                              1u,
                              "routes installed");
        Simulator::Destroy();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The GraphViz file of a building, parsed back: vertices, edges, roles and floors.
 */
class BuildingTopologyGraphvizTestCase : public TestCase
{
  public:
    BuildingTopologyGraphvizTestCase()
        : TestCase("GraphViz file: one vertex per LLN node, one edge per radio link")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<BuildingTopologyHelper> building =
            MakeBuilding({{"Floors", "3"}, {"RoomsPerFloor", "4"}});
        building->Build();
        IOTSEC_TEST_REQUIRE(building->ComputeRoutes().empty(), "routes");
        std::string path = CreateTempDirFilename("building.dot");
        std::string error;
        IOTSEC_TEST_REQUIRE(building->WriteGraphviz(path, &error), error);
        std::ifstream in(path);
        IOTSEC_TEST_REQUIRE(in.good(), "the file exists");
        std::string line;
        std::getline(in, line);
        NS_TEST_EXPECT_MSG_EQ(line, "graph G {", "header");
        std::map<std::string, uint32_t> roles;
        uint32_t edges = 0;
        uint32_t treeEdges = 0;
        iotsectest::DotLine dot;
        while (std::getline(in, line))
        {
            if (!iotsectest::ParseDotLine(line, dot))
            {
                NS_TEST_EXPECT_MSG_EQ(line, "}", "unexpected line");
                continue;
            }
            if (dot.edge)
            {
                ++edges;
                treeEdges += dot.attrs["tree"] == "1" ? 1 : 0;
                NS_TEST_EXPECT_MSG_EQ(dot.attrs.count("etx"), 1, "the link's ETX: " << line);
                continue;
            }
            ++roles[dot.attrs["role"]];
            Ptr<Node> node;
            for (uint32_t i = 0; i < building->GetLlnNodes().GetN(); ++i)
            {
                if (std::to_string(building->GetLlnNodes().Get(i)->GetId()) == dot.attrs["node"])
                {
                    node = building->GetLlnNodes().Get(i);
                }
            }
            IOTSEC_TEST_REQUIRE(node, "vertex " << dot.a << " is an LLN node");
            BuildingTopologyHelper::NodeInfo info = building->GetNodeInfo(node);
            NS_TEST_EXPECT_MSG_EQ(dot.attrs["floor"],
                                  std::to_string(info.floor),
                                  "floor of vertex " << dot.a);
            NS_TEST_EXPECT_MSG_EQ(dot.attrs["label"],
                                  dot.attrs["role"] + " n" + dot.attrs["node"] + " f" +
                                      std::to_string(info.floor) + " r" + std::to_string(info.room),
                                  "label of vertex " << dot.a);
        }
        NS_TEST_EXPECT_MSG_EQ(roles["light"], 12, "12 light vertices");
        NS_TEST_EXPECT_MSG_EQ(roles["6lbr"], 3, "three 6LBR vertices");
        NS_TEST_EXPECT_MSG_EQ(edges,
                              boost::num_edges(building->GetRouting().GetGraph()),
                              "one edge per radio link");
        // By hand (ITU-R P.1238 office at 2405 MHz: 39.62 + 30 log10(d) dB, 10 dB per wall,
        // 15 + 4 (n - 1) dB across n floors; MaxLossDb 100): rooms 10 m x 10 m on a 2 x 2 grid,
        // lights at room centres 2.5 m above their floor, the 6LBR at the floor's centre (in
        // room 3). On a floor every pair hears (at most 94.1 dB: diagonal lights, 14.1 m, two
        // walls): 10 links x 3 floors. Adjacent floors: same-room lights (71.0 dB), lights in
        // adjacent rooms (95.4 dB; diagonal rooms 109.5 dB do not), each 6LBR to the other
        // floor's lights in rooms 3, 1, 2 (81.5, 91.5 dB; room 0 101.5 dB does not) and the two
        // 6LBRs: 4 + 8 + 6 + 1 = 19 links x 2 floor pairs. Floors 0 and 2: same-room lights
        // (84.0 dB), each 6LBR to the other's rooms 3, 1, 2 (88.6, 98.6 dB) and the 6LBRs:
        // 4 + 6 + 1 = 11 links. In all 30 + 38 + 11 = 79.
        NS_TEST_EXPECT_MSG_EQ(edges, 79, "the radio links computed by hand");
        NS_TEST_EXPECT_MSG_EQ(treeEdges, 12, "one tree edge per light");
        NS_TEST_EXPECT_MSG_EQ(building->WriteGraphviz("/nonexistent-dir/b.dot", &error),
                              false,
                              "an unwritable path");
        NS_TEST_EXPECT_MSG_EQ(error, "cannot write /nonexistent-dir/b.dot", "its message");
        Simulator::Destroy();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief A campus: buildings on a grid, a 6LBR per building floor, floors across buildings.
 */
class BuildingTopologyCampusTestCase : public TestCase
{
  public:
    BuildingTopologyCampusTestCase()
        : TestCase("a campus: 3 buildings 50 m apart, 2 floors of 4 rooms, 6 DODAGs")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<BuildingTopologyHelper> campus = MakeBuilding(
            {{"Buildings", "3"}, {"BuildingGap", "50"}, {"Floors", "2"}, {"RoomsPerFloor", "4"}});
        IOTSEC_TEST_REQUIRE(campus->Validate().empty(), "a possible campus");
        campus->Build();
        // 4 rooms of 10 m: 2 x 2, 20 m x 20 m; 3 buildings: 3 columns (3 x 3 >= 3), 70 m apart
        NS_TEST_EXPECT_MSG_EQ(campus->GetNBuildings(), 3, "buildings");
        NS_TEST_EXPECT_MSG_EQ(campus->GetBuildingColumns(), 3, "one row of three");
        for (uint32_t b = 0; b < 3; ++b)
        {
            Box box = campus->GetBuilding(b)->GetBoundaries();
            NS_TEST_EXPECT_MSG_EQ_TOL(box.xMin, 70.0 * b, 1e-9, "building " << b << " x");
            NS_TEST_EXPECT_MSG_EQ_TOL(box.xMax, 70.0 * b + 20, 1e-9, "building " << b << " x");
            NS_TEST_EXPECT_MSG_EQ_TOL(box.yMax, 20.0, 1e-9, "building " << b << " y");
        }
        NS_TEST_EXPECT_MSG_EQ(campus->GetLights().GetN(), 3 * 2 * 4, "lights");
        NS_TEST_EXPECT_MSG_EQ(campus->GetBorderRouters().GetN(), 3 * 2, "one 6LBR per floor");
        NS_TEST_EXPECT_MSG_EQ(campus->GetFloorLights(1).GetN(), 3 * 4, "floor 1 everywhere");
        for (uint32_t b = 0; b < 3; ++b)
        {
            for (uint32_t f = 0; f < 2; ++f)
            {
                NodeContainer lights = campus->GetBuildingFloorLights(b, f);
                NS_TEST_EXPECT_MSG_EQ(lights.GetN(), 4, "building " << b << " floor " << f);
                for (uint32_t i = 0; i < lights.GetN(); ++i)
                {
                    BuildingTopologyHelper::NodeInfo info = campus->GetNodeInfo(lights.Get(i));
                    Vector p = lights.Get(i)->GetObject<MobilityModel>()->GetPosition();
                    NS_TEST_EXPECT_MSG_EQ(info.building, static_cast<int32_t>(b), "its building");
                    NS_TEST_EXPECT_MSG_EQ(info.floor, static_cast<int32_t>(f), "its floor");
                    NS_TEST_EXPECT_MSG_EQ(info.dodag, b * 2 + f, "its DODAG");
                    NS_TEST_EXPECT_MSG_EQ(campus->GetNodeInfo(info.borderRouter).building,
                                          static_cast<int32_t>(b),
                                          "its 6LBR is in its building");
                    NS_TEST_EXPECT_MSG_EQ((p.x > 70.0 * b && p.x < 70.0 * b + 20),
                                          true,
                                          "inside building " << b);
                }
            }
        }
        NS_TEST_EXPECT_MSG_EQ(campus->ComputeRoutes(), "", "every light reaches its 6LBR");
        Simulator::Destroy();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The BuildingTopologyHelper test suite.
 */
class BuildingTopologyTestSuite : public TestSuite
{
  public:
    BuildingTopologyTestSuite()
        : TestSuite("iotsec-building-topology", Type::UNIT)
    {
        AddTestCase(new BuildingTopologyValidateTestCase, iotsectest::QUICK);
        AddTestCase(new BuildingTopologyGeometryTestCase, iotsectest::QUICK);
        AddTestCase(new BuildingTopologyCampusTestCase, iotsectest::QUICK);
        AddTestCase(new BuildingTopologyPropagationTestCase, iotsectest::QUICK);
        AddTestCase(new BuildingTopologyShadowingTestCase, iotsectest::QUICK);
        AddTestCase(new BuildingTopologyTenByTenTestCase, iotsectest::QUICK);
        AddTestCase(new BuildingTopologyVariantsTestCase, iotsectest::QUICK);
        AddTestCase(new BuildingTopologyOutOfRangeTestCase, iotsectest::QUICK);
        AddTestCase(new BuildingTopologyGraphvizTestCase, iotsectest::QUICK);
    }
};

/// Static instance: registers the suite
static BuildingTopologyTestSuite g_buildingTopologyTestSuite;
