/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// LlnRoutingHelper on small layouts whose radio graph, ETX trees and routes are computed by
// hand: an L of five nodes (hop counts and parents), links whose ETX decides between one lossy
// hop and two good ones, errors for nodes that cannot be routed, the routes in the IPv6 tables
// and traffic over them, and the GraphViz export.

#include "building-test-util.h"
#include "iotsec-test.h"

#include "ns3/internet-stack-helper.h"
#include "ns3/iotsec-compat.h"
#include "ns3/ipv6-routing-table-entry.h"
#include "ns3/ipv6-static-routing-helper.h"
#include "ns3/ipv6-static-routing.h"
#include "ns3/lln-helper.h"
#include "ns3/lln-routing-helper.h"
#include "ns3/lr-wpan-net-device.h"
#include "ns3/lr-wpan-spectrum-value-helper.h"
#include "ns3/mobility-helper.h"
#include "ns3/node-container.h"
#include "ns3/propagation-loss-model.h"
#include "ns3/simulator.h"
#include "ns3/sixlowpan-net-device.h"
#include "ns3/spectrum-value.h"
#include "ns3/udp-echo-helper.h"

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::lrwpan; // NOLINT: ns-3 >= 3.42 keeps lr-wpan in ns3::lrwpan (iotsec-compat.h)

namespace
{

/**
 * \brief Nodes at given positions with IPv6 and an LLN on 2001:1::/64 (the first is the root).
 */
struct LlnLayout
{
    NodeContainer nodes;    //!< the nodes
    NetDeviceContainer six; //!< their 6LoWPAN devices
    LlnHelper lln;          //!< the LLN

    /**
     * \param positions node positions
     * \param maxLossDb the channel's MaxLossDb
     * \param loss the loss model (null: LlnHelper's log-distance default)
     */
    LlnLayout(const std::vector<Vector>& positions,
              double maxLossDb,
              Ptr<PropagationLossModel> loss = nullptr)
    {
        nodes.Create(static_cast<uint32_t>(positions.size()));
        MobilityHelper mobility;
        Ptr<ListPositionAllocator> allocator = CreateObject<ListPositionAllocator>();
        for (const Vector& p : positions)
        {
            allocator->Add(p);
        }
        mobility.SetPositionAllocator(allocator);
        mobility.Install(nodes);
        InternetStackHelper internet;
        internet.SetIpv4StackInstall(false);
        internet.Install(nodes);
        if (loss)
        {
            lln.SetPropagationLossModel(loss);
        }
        lln.SetMaxLossDb(maxLossDb);
        six = lln.Install(nodes);
        lln.AssignAddresses(six, Ipv6Address("2001:1::"), Ipv6Prefix(64));
    }

    /// \return the members: every device but the root's
    NetDeviceContainer Members() const
    {
        NetDeviceContainer members;
        for (uint32_t i = 1; i < six.GetN(); ++i)
        {
            members.Add(six.Get(i));
        }
        return members;
    }

    /**
     * \param i a node index
     * \return its global address
     */
    Ipv6Address Address(uint32_t i) const
    {
        return LlnHelper::GetGlobalAddress(six.Get(i));
    }
};

/**
 * \brief The IEEE 802.15.4-2006 Annex E packet success probability, written out here
 * independently of lr-wpan: BER = (8/15)(1/16) sum_{k=2..16} (-1)^k C(16,k) e^{20 SNR (1/k-1)},
 * success = (1 - BER)^bits.
 * \param snr the SNR (linear)
 * \param bits the bits of the PPDU
 * \return the success probability
 */
double
AnnexESuccess(double snr, uint32_t bits)
{
    double sum = 0;
    double binomial = 1; // C(16, k), built up from C(16, 0)
    for (int k = 1; k <= 16; ++k)
    {
        binomial = binomial * (16 - k + 1) / k;
        if (k >= 2)
        {
            sum += (k % 2 == 0 ? 1.0 : -1.0) * binomial * std::exp(20.0 * snr * (1.0 / k - 1.0));
        }
    }
    double ber = std::min(1.0, 8.0 / 15.0 / 16.0 * sum);
    return std::pow(1.0 - ber, bits);
}

/// \return lr-wpan's noise power in channel 11 [dBm]
double
NoiseDbm()
{
    LrWpanSpectrumValueHelper psd;
    return 10.0 * std::log10(LrWpanSpectrumValueHelper::TotalAvgPower(
                                 psd.CreateNoisePowerSpectralDensity(11),
                                 11) *
                             1000.0);
}

/**
 * \param g the graph
 * \param a a vertex
 * \param b a vertex
 * \return whether a link joins them
 */
bool
Linked(const LlnRoutingHelper::Graph& g, std::size_t a, std::size_t b)
{
    return boost::edge(a, b, g).second;
}

} // namespace

/**
 * \ingroup iotsec-tests
 * \brief An L of five nodes: hop counts and parents against a hand computation.
 *
 * Log-distance loss (exponent 3, 46.6777 dB at 1 m), MaxLossDb 98 dB. Positions: root R
 * (0,0), A (30,0), B (60,0), C (60,30), D (60,60). Losses: 30 m 90.99 dB, 42.43 m 95.53 dB
 * (A-C, the diagonal across the corner), 60 m 100.03 dB, 67.08 m 101.48 dB, 84.85 m 104.50 dB.
 * So the links are R-A, A-B, B-C, C-D and A-C (five), each at least 11 dB above the noise
 * (-107 dBm), so that every ETX is 1. Trees: A -> R (1 hop), B -> A (2), C -> A (2, across
 * the diagonal, not 3 round the corner), D -> C (3).
 */
class BuildingRoutingLTestCase : public TestCase
{
  public:
    BuildingRoutingLTestCase()
        : TestCase("an L of five nodes: radio graph, parents and hop counts by hand")
    {
    }

  private:
    void DoRun() override
    {
        LlnLayout l({Vector(0, 0, 0),
                     Vector(30, 0, 0),
                     Vector(60, 0, 0),
                     Vector(60, 30, 0),
                     Vector(60, 60, 0)},
                    98.0);
        LlnRoutingHelper routing;
        routing.AddDodag(l.six.Get(0), l.Members());
        std::string error = routing.Compute();
        IOTSEC_TEST_REQUIRE(error.empty(), "the L routes: " << error);
        const LlnRoutingHelper::Graph& g = routing.GetGraph();
        IOTSEC_TEST_REQUIRE(boost::num_vertices(g) == 5, "five vertices");
        // Vertices are the root then the members, in order: R=0, A=1, B=2, C=3, D=4
        NS_TEST_EXPECT_MSG_EQ(boost::num_edges(g), 5, "five links");
        NS_TEST_EXPECT_MSG_EQ(Linked(g, 0, 1), true, "R-A");
        NS_TEST_EXPECT_MSG_EQ(Linked(g, 1, 2), true, "A-B");
        NS_TEST_EXPECT_MSG_EQ(Linked(g, 2, 3), true, "B-C");
        NS_TEST_EXPECT_MSG_EQ(Linked(g, 3, 4), true, "C-D");
        NS_TEST_EXPECT_MSG_EQ(Linked(g, 1, 3), true, "A-C, the diagonal");
        NS_TEST_EXPECT_MSG_EQ(Linked(g, 0, 2), false, "R-B is 60 m: 100.03 dB > 98 dB");

        Ptr<NetDevice> R = l.six.Get(0);
        Ptr<NetDevice> A = l.six.Get(1);
        Ptr<NetDevice> B = l.six.Get(2);
        Ptr<NetDevice> C = l.six.Get(3);
        Ptr<NetDevice> D = l.six.Get(4);
        NS_TEST_EXPECT_MSG_EQ(routing.GetParent(R), nullptr, "the root has no parent");
        NS_TEST_EXPECT_MSG_EQ(routing.GetParent(A), R, "A -> R");
        NS_TEST_EXPECT_MSG_EQ(routing.GetParent(B), A, "B -> A");
        NS_TEST_EXPECT_MSG_EQ(routing.GetParent(C), A, "C -> A across the diagonal");
        NS_TEST_EXPECT_MSG_EQ(routing.GetParent(D), C, "D -> C");
        const uint32_t hops[] = {0, 1, 2, 2, 3};
        for (uint32_t i = 0; i < 5; ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(routing.GetHopCount(l.six.Get(i)), hops[i], "hops of " << i);
            NS_TEST_EXPECT_MSG_EQ_TOL(routing.GetPathEtx(l.six.Get(i)),
                                      hops[i],
                                      1e-9,
                                      "every link is perfect: path ETX = hops, node " << i);
            NS_TEST_EXPECT_MSG_EQ(routing.GetRoot(l.six.Get(i)), R, "root of " << i);
        }
        // The A-C link by hand: 95.53 dB
        auto ac = boost::edge(1, 3, g);
        IOTSEC_TEST_REQUIRE(ac.second, "A-C exists");
        NS_TEST_EXPECT_MSG_EQ_TOL(g[ac.first].lossForwardDb,
                                  46.6777 + 30 * std::log10(std::sqrt(1800.0)),
                                  1e-6,
                                  "A-C loss");
        NS_TEST_EXPECT_MSG_EQ(g[ac.first].tree, true, "A-C is a tree link");
        NS_TEST_EXPECT_MSG_EQ(g[boost::edge(2, 3, g).first].tree, false, "B-C is not");

        LlnRoutingHelper::Statistics stats = routing.GetStatistics();
        NS_TEST_EXPECT_MSG_EQ(stats.members, 4, "four members");
        NS_TEST_EXPECT_MSG_EQ(stats.links, 5, "five links");
        NS_TEST_EXPECT_MSG_EQ_TOL(stats.hopsMean, 2.0, 1e-12, "(1 + 2 + 2 + 3) / 4");
        NS_TEST_EXPECT_MSG_EQ(stats.hopsMax, 3, "max hops");
        NS_TEST_EXPECT_MSG_EQ_TOL(stats.etxMax, 3.0, 1e-9, "max path ETX");
        Simulator::Destroy();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief ETX against hop count: one direct link of a given loss, or two 80 dB hops.
 *
 * A matrix loss model: R-A and A-B lose 80 dB (p = 1), R-B loses L, everything else 200 dB
 * (beyond MaxLossDb 150 dB). The ETX of R-B is 1 / p(L)^2, p from the Annex E formula at
 * SNR = -L - noise over (6 + 127) bytes. L = 107.0 dB: ETX < 2, B's parent is R (one lossy hop
 * beats two good ones); L = 107.5 dB: ETX > 2, B's parent is A; L = 108.5 dB: ETX > MaxEtx (4),
 * no R-B link at all.
 */
class BuildingRoutingEtxTestCase : public TestCase
{
  public:
    BuildingRoutingEtxTestCase()
        : TestCase("ETX decides between one lossy hop and two good hops (Annex E by hand)")
    {
    }

  private:
    void DoRun() override
    {
        const double noise = NoiseDbm();
        NS_TEST_EXPECT_MSG_EQ_TOL(noise, -106.99, 0.01, "lr-wpan's noise in channel 11");
        for (double direct : {107.0, 107.5, 108.5})
        {
            Ptr<MatrixPropagationLossModel> loss = CreateObject<MatrixPropagationLossModel>();
            loss->SetDefaultLoss(200.0);
            LlnLayout l({Vector(0, 0, 0), Vector(1, 0, 0), Vector(2, 0, 0)}, 150.0, loss);
            Ptr<MobilityModel> r = l.nodes.Get(0)->GetObject<MobilityModel>();
            Ptr<MobilityModel> a = l.nodes.Get(1)->GetObject<MobilityModel>();
            Ptr<MobilityModel> b = l.nodes.Get(2)->GetObject<MobilityModel>();
            loss->SetLoss(r, a, 80.0);
            loss->SetLoss(a, b, 80.0);
            loss->SetLoss(r, b, direct);

            LlnRoutingHelper routing;
            routing.AddDodag(l.six.Get(0), l.Members());
            std::string error = routing.Compute();
            IOTSEC_TEST_REQUIRE(error.empty(), "routes: " << error);
            const LlnRoutingHelper::Graph& g = routing.GetGraph();
            double p = AnnexESuccess(std::pow(10.0, (-direct - noise) / 10.0), 8 * (6 + 127));
            double etx = 1.0 / (p * p);
            auto rb = boost::edge(0, 2, g);
            if (etx > 4.0)
            {
                NS_TEST_EXPECT_MSG_EQ(rb.second, false, "no R-B link at " << direct << " dB");
                NS_TEST_EXPECT_MSG_EQ(boost::num_edges(g), 2, "two links");
            }
            else
            {
                IOTSEC_TEST_REQUIRE(rb.second, "an R-B link at " << direct << " dB");
                NS_TEST_EXPECT_MSG_EQ_TOL(g[rb.first].pForward, p, 1e-9, "p(R->B)");
                NS_TEST_EXPECT_MSG_EQ_TOL(g[rb.first].pReverse, p, 1e-9, "p(B->R)");
                NS_TEST_EXPECT_MSG_EQ_TOL(g[rb.first].etx, etx, 1e-9, "ETX of R-B");
            }
            auto ra = boost::edge(0, 1, g);
            IOTSEC_TEST_REQUIRE(ra.second, "R-A");
            NS_TEST_EXPECT_MSG_EQ(g[ra.first].etx, 1.0, "an 80 dB link is perfect");
            Ptr<NetDevice> expectedParent = etx < 2.0 ? l.six.Get(0) : l.six.Get(1);
            NS_TEST_EXPECT_MSG_EQ(routing.GetParent(l.six.Get(2)),
                                  expectedParent,
                                  "B's parent at " << direct << " dB (R-B ETX " << etx << ")");
            NS_TEST_EXPECT_MSG_EQ_TOL(routing.GetPathEtx(l.six.Get(2)),
                                      std::min(etx, 2.0),
                                      1e-9,
                                      "B's path ETX at " << direct << " dB");
            NS_TEST_EXPECT_MSG_EQ(routing.GetHopCount(l.six.Get(2)),
                                  (etx < 2.0 ? 1u : 2u),
                                  "B's hops at " << direct << " dB");
            Simulator::Destroy();
        }
        // The three cases are the three outcomes
        double p0 = AnnexESuccess(std::pow(10.0, (-107.0 - noise) / 10.0), 8 * 133);
        double p1 = AnnexESuccess(std::pow(10.0, (-107.5 - noise) / 10.0), 8 * 133);
        double p2 = AnnexESuccess(std::pow(10.0, (-108.5 - noise) / 10.0), 8 * 133);
        NS_TEST_EXPECT_MSG_LT(1.0 / (p0 * p0), 2.0, "107.0 dB: direct");
        NS_TEST_EXPECT_MSG_GT(1.0 / (p1 * p1), 2.0, "107.5 dB: two hops");
        NS_TEST_EXPECT_MSG_LT(1.0 / (p1 * p1), 4.0, "107.5 dB: still a link");
        NS_TEST_EXPECT_MSG_GT(1.0 / (p2 * p2), 4.0, "108.5 dB: no link");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Nodes that cannot be routed are named; a device given twice is refused.
 */
class BuildingRoutingErrorsTestCase : public TestCase
{
  public:
    BuildingRoutingErrorsTestCase()
        : TestCase("errors: a node out of range of everything, a node with no path, a duplicate")
    {
    }

  private:
    void DoRun() override
    {
        // The L of BuildingRoutingLTestCase and a sixth node 500 m away
        {
            LlnLayout l({Vector(0, 0, 0),
                         Vector(30, 0, 0),
                         Vector(60, 0, 0),
                         Vector(60, 30, 0),
                         Vector(60, 60, 0),
                         Vector(500, 0, 0)},
                        98.0);
            LlnRoutingHelper routing;
            routing.AddDodag(l.six.Get(0), l.Members());
            routing.SetDescription(l.six.Get(5), "light", 2, 7);
            std::string error = routing.Compute();
            std::string expected = "1 node cannot be routed: node " +
                                   std::to_string(l.nodes.Get(5)->GetId()) +
                                   " (light, floor 2, room 7) is out of radio range of every "
                                   "other node";
            NS_TEST_EXPECT_MSG_EQ(error, expected, "the isolated node is named");
            NS_TEST_EXPECT_MSG_EQ(routing.IsComputed(), false, "no trees");
            Simulator::Destroy();
        }
        // Two nodes that hear each other but nothing of the root's
        {
            LlnLayout l({Vector(0, 0, 0), Vector(30, 0, 0), Vector(500, 0, 0), Vector(530, 0, 0)},
                        98.0);
            LlnRoutingHelper routing;
            routing.AddDodag(l.six.Get(0), l.Members());
            std::string error = routing.Compute();
            std::string root = "node " + std::to_string(l.nodes.Get(0)->GetId()) + " (6lbr)";
            NS_TEST_EXPECT_MSG_EQ(error.rfind("2 nodes cannot be routed: node ", 0),
                                  0,
                                  "two nodes: " << error);
            NS_TEST_EXPECT_MSG_NE(error.find("node " + std::to_string(l.nodes.Get(2)->GetId()) +
                                             " (node) has no radio path to its border router, " +
                                             root),
                                  std::string::npos,
                                  "the third node is named: " << error);
            NS_TEST_EXPECT_MSG_NE(error.find("node " + std::to_string(l.nodes.Get(3)->GetId()) +
                                             " (node) has no radio path"),
                                  std::string::npos,
                                  "the fourth node is named: " << error);
            Simulator::Destroy();
        }
        // A node in two DODAGs
        {
            LlnLayout l({Vector(0, 0, 0), Vector(30, 0, 0), Vector(60, 0, 0)}, 98.0);
            LlnRoutingHelper routing;
            routing.AddDodag(l.six.Get(0), NetDeviceContainer(l.six.Get(1)));
            routing.AddDodag(l.six.Get(2), NetDeviceContainer(l.six.Get(1)));
            std::string error = routing.Compute();
            NS_TEST_EXPECT_MSG_NE(error.find("is given twice (in DODAGs 0 and 1)"),
                                  std::string::npos,
                                  "duplicate: " << error);
            Simulator::Destroy();
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The L's routes in the IPv6 tables, and UDP echoes over them: up, down, and between
 * two members through their common ancestor.
 */
class BuildingRoutingTrafficTestCase : public TestCase
{
  public:
    BuildingRoutingTrafficTestCase()
        : TestCase("the L's static routes: tables by hand, echoes up, down and across the tree")
    {
    }

  private:
    void DoRun() override
    {
        LlnLayout l({Vector(0, 0, 0),
                     Vector(30, 0, 0),
                     Vector(60, 0, 0),
                     Vector(60, 30, 0),
                     Vector(60, 60, 0)},
                    98.0);
        LlnRoutingHelper routing;
        routing.AddDodag(l.six.Get(0), l.Members());
        routing.Install();

        // Tables: D (4) defaults to C (3) and has no on-link route to 2001:1::/64 any more; R
        // (0) reaches D through A (1), A through C, C directly
        Ipv6StaticRoutingHelper helper;
        auto routeTo = [&](uint32_t node, Ipv6Address destination, Ipv6Address* gateway) {
            Ptr<Ipv6StaticRouting> table =
                helper.GetStaticRouting(l.nodes.Get(node)->GetObject<Ipv6>());
            for (uint32_t i = 0; i < table->GetNRoutes(); ++i)
            {
                Ipv6RoutingTableEntry route = table->GetRoute(i);
                if (route.IsHost() && route.GetDest() == destination)
                {
                    *gateway = route.GetGateway();
                    return true;
                }
            }
            return false;
        };
        Ipv6Address gateway;
        IOTSEC_TEST_REQUIRE(routeTo(0, l.Address(4), &gateway), "R has a route to D");
        NS_TEST_EXPECT_MSG_EQ(gateway, l.Address(1), "R -> D via A");
        IOTSEC_TEST_REQUIRE(routeTo(1, l.Address(4), &gateway), "A has a route to D");
        NS_TEST_EXPECT_MSG_EQ(gateway, l.Address(3), "A -> D via C");
        IOTSEC_TEST_REQUIRE(routeTo(3, l.Address(4), &gateway), "C has a route to D");
        NS_TEST_EXPECT_MSG_EQ(gateway, l.Address(4), "C -> D directly");
        NS_TEST_EXPECT_MSG_EQ(routeTo(2, l.Address(4), &gateway), false, "B has none to D");
        Ptr<Ipv6StaticRouting> dTable = helper.GetStaticRouting(l.nodes.Get(4)->GetObject<Ipv6>());
        Ipv6RoutingTableEntry defaultRoute = dTable->GetDefaultRoute();
        NS_TEST_EXPECT_MSG_EQ(defaultRoute.GetGateway(), l.Address(3), "D's default is C");
        for (uint32_t i = 0; i < dTable->GetNRoutes(); ++i)
        {
            Ipv6RoutingTableEntry route = dTable->GetRoute(i);
            NS_TEST_EXPECT_MSG_EQ(route.IsNetwork() &&
                                      route.GetDestNetwork() == Ipv6Address("2001:1::"),
                                  false,
                                  "D has no on-link route to the LLN prefix");
        }

        // Traffic: D -> R, R -> D, D -> B (up to A, down to B), B -> D
        UdpEchoServerHelper server(7);
        server.Install(l.nodes).Start(Seconds(0));
        iotsectest::EchoProber fromD(l.nodes.Get(4));
        iotsectest::EchoProber fromR(l.nodes.Get(0));
        iotsectest::EchoProber fromB(l.nodes.Get(2));
        fromD.SendAt(Seconds(1), 0, l.Address(0));
        fromR.SendAt(Seconds(2), 1, l.Address(4));
        fromD.SendAt(Seconds(3), 2, l.Address(2));
        fromB.SendAt(Seconds(4), 3, l.Address(4));
        Simulator::Stop(Seconds(6));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(fromD.GetAnswers().count(0), 1, "D reaches the root");
        NS_TEST_EXPECT_MSG_EQ(fromR.GetAnswers().count(1), 1, "the root reaches D");
        NS_TEST_EXPECT_MSG_EQ(fromD.GetAnswers().count(2), 1, "D reaches B across the tree");
        NS_TEST_EXPECT_MSG_EQ(fromB.GetAnswers().count(3), 1, "B reaches D across the tree");
        if (fromD.GetAnswers().count(0))
        {
            NS_TEST_EXPECT_MSG_EQ(fromD.GetAnswers().at(0), l.Address(0), "answered by R");
        }
        Simulator::Destroy();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The GraphViz export of the L, parsed back: vertices, edges, tree edges, attributes.
 */
class BuildingRoutingGraphvizTestCase : public TestCase
{
  public:
    BuildingRoutingGraphvizTestCase()
        : TestCase("GraphViz export of the L: five vertices, five edges, four tree edges")
    {
    }

  private:
    void DoRun() override
    {
        LlnLayout l({Vector(0, 0, 0),
                     Vector(30, 0, 0),
                     Vector(60, 0, 0),
                     Vector(60, 30, 0),
                     Vector(60, 60, 0)},
                    98.0);
        LlnRoutingHelper routing;
        routing.AddDodag(l.six.Get(0), l.Members());
        routing.SetDescription(l.six.Get(3), "light", 4, 2);
        IOTSEC_TEST_REQUIRE(routing.Compute().empty(), "routes");
        std::ostringstream os;
        routing.WriteGraphviz(os);
        std::istringstream in(os.str());
        std::string line;
        std::getline(in, line);
        NS_TEST_EXPECT_MSG_EQ(line, "graph G {", "an undirected DOT graph");
        uint32_t vertices = 0;
        uint32_t edges = 0;
        uint32_t treeEdges = 0;
        std::vector<std::string> labels(5);
        const std::vector<std::string>
            vertexKeys{"label", "role", "node", "floor", "room", "dodag", "hops", "etx"};
        const std::vector<std::string> edgeKeys{"label", "etx", "pf", "pr", "loss", "tree"};
        iotsectest::DotLine dot;
        while (std::getline(in, line))
        {
            if (!iotsectest::ParseDotLine(line, dot))
            {
                NS_TEST_EXPECT_MSG_EQ(line, "}", "the only other line closes the graph");
                continue;
            }
            for (const std::string& key : dot.edge ? edgeKeys : vertexKeys)
            {
                NS_TEST_EXPECT_MSG_EQ(dot.attrs.count(key), 1, "attribute " << key << ": " << line);
            }
            if (!dot.edge)
            {
                ++vertices;
                IOTSEC_TEST_REQUIRE(dot.a < 5, "vertex " << dot.a);
                labels[dot.a] = dot.attrs["label"];
                NS_TEST_EXPECT_MSG_EQ(dot.attrs["hops"],
                                      std::to_string(routing.GetHopCount(l.six.Get(dot.a))),
                                      "hops of vertex " << dot.a);
                NS_TEST_EXPECT_MSG_EQ(dot.attrs["node"],
                                      std::to_string(l.nodes.Get(dot.a)->GetId()),
                                      "node of vertex " << dot.a);
            }
            else
            {
                ++edges;
                treeEdges += dot.attrs["tree"] == "1" ? 1 : 0;
                NS_TEST_EXPECT_MSG_EQ(dot.attrs["etx"], "1.0000", "perfect link");
            }
        }
        NS_TEST_EXPECT_MSG_EQ(vertices, 5, "vertices");
        NS_TEST_EXPECT_MSG_EQ(edges, 5, "edges");
        NS_TEST_EXPECT_MSG_EQ(treeEdges, 4, "one tree edge per member");
        NS_TEST_EXPECT_MSG_EQ(labels[0],
                              "6lbr n" + std::to_string(l.nodes.Get(0)->GetId()),
                              "root label");
        NS_TEST_EXPECT_MSG_EQ(labels[3],
                              "light n" + std::to_string(l.nodes.Get(3)->GetId()) + " f4 r2",
                              "described label");
        Simulator::Destroy();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The LlnRoutingHelper test suite.
 */
class BuildingRoutingTestSuite : public TestSuite
{
  public:
    BuildingRoutingTestSuite()
        : TestSuite("iotsec-building-routing", Type::UNIT)
    {
        AddTestCase(new BuildingRoutingLTestCase, iotsectest::QUICK);
        AddTestCase(new BuildingRoutingEtxTestCase, iotsectest::QUICK);
        AddTestCase(new BuildingRoutingErrorsTestCase, iotsectest::QUICK);
        AddTestCase(new BuildingRoutingTrafficTestCase, iotsectest::QUICK);
        AddTestCase(new BuildingRoutingGraphvizTestCase, iotsectest::QUICK);
    }
};

/// Static instance: registers the suite
static BuildingRoutingTestSuite g_buildingRoutingTestSuite;
