/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lln-routing-helper.h"

#include "lln-helper.h"

#include "ns3/abort.h"
#include "ns3/double.h"
#include "ns3/iotsec-compat.h"
#include "ns3/ipv6-routing-table-entry.h"
#include "ns3/ipv6-static-routing-helper.h"
#include "ns3/ipv6-static-routing.h"
#include "ns3/ipv6.h"
#include "ns3/link-pricer.h"
#include "ns3/log.h"
#include "ns3/lr-wpan-error-model.h"
#include "ns3/lr-wpan-net-device.h"
#include "ns3/lr-wpan-phy.h"
#include "ns3/lr-wpan-spectrum-value-helper.h"
#include "ns3/mobility-model.h"
#include "ns3/node.h"
#include "ns3/propagation-loss-model.h"
#include "ns3/sixlowpan-net-device.h"
#include "ns3/spectrum-channel.h"
#include "ns3/spectrum-value.h"

#include <algorithm>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/graphviz.hpp>
#include <cmath>
#include <iomanip>
#include <limits>
#include <memory>
#include <ostream>
#include <sstream>

namespace ns3
{

using namespace lrwpan; // NOLINT: ns-3 >= 3.42 keeps lr-wpan in ns3::lrwpan (iotsec-compat.h)

NS_LOG_COMPONENT_DEFINE("LlnRoutingHelper");

namespace
{

/// Bytes of the 802.15.4 synchronisation header (preamble, SFD) and PHY header
constexpr uint32_t PHY_OVERHEAD_BYTES = 6;

/// Weight added per dB of mean link loss, to break exact ETX ties towards stronger links
constexpr double TIE_BREAK_PER_DB = 1e-8;

/// Keeps the vertices of one DODAG (filtered_graph needs a default-constructible predicate)
struct InDodag
{
    const std::vector<int32_t>* dodagOf{nullptr}; //!< DODAG index of every vertex
    int32_t dodag{-1};                            //!< the DODAG kept

    /**
     * \param v a vertex
     * \return whether it belongs to the DODAG
     */
    bool operator()(std::size_t v) const
    {
        return (*dodagOf)[v] == dodag;
    }
};

/**
 * \param value a number
 * \param digits decimals
 * \return the number with that many decimals
 */
std::string
Fixed(double value, int digits)
{
    std::ostringstream os;
    os << std::fixed << std::setprecision(digits) << value;
    return os.str();
}

} // namespace

LlnRoutingHelper::LlnRoutingHelper()
    : m_txPowerDbm(0.0),
      m_frameSize(127),
      m_maxEtx(4.0),
      m_computed(false),
      m_installed(false)
{
}

void
LlnRoutingHelper::SetTxPowerDbm(double dbm)
{
    m_txPowerDbm = dbm;
}

void
LlnRoutingHelper::SetFrameSize(uint32_t bytes)
{
    NS_ABORT_MSG_UNLESS(bytes >= 5 && bytes <= 127,
                        "LlnRoutingHelper::SetFrameSize: " << bytes << " bytes (5..127)");
    m_frameSize = bytes;
}

void
LlnRoutingHelper::SetMaxEtx(double etx)
{
    NS_ABORT_MSG_UNLESS(etx >= 1.0, "LlnRoutingHelper::SetMaxEtx: " << etx << " (at least 1)");
    m_maxEtx = etx;
}

void
LlnRoutingHelper::AddDodag(Ptr<NetDevice> root, NetDeviceContainer members)
{
    NS_ABORT_MSG_UNLESS(root, "LlnRoutingHelper::AddDodag: null root");
    NS_ABORT_MSG_IF(m_computed || !m_error.empty(),
                    "LlnRoutingHelper::AddDodag must come before Compute");
    m_dodags.push_back(Dodag{root, members});
}

void
LlnRoutingHelper::SetDescription(Ptr<NetDevice> device,
                                 const std::string& role,
                                 int32_t floor,
                                 int32_t room)
{
    m_descriptions[device] = Description{role, floor, room};
    auto it = m_vertexOf.find(device);
    if (it != m_vertexOf.end())
    {
        m_graph[it->second].role = role;
        m_graph[it->second].floor = floor;
        m_graph[it->second].room = room;
    }
}

double
LlnRoutingHelper::FrameSuccessProbability(double snr, uint32_t psduBytes)
{
    static Ptr<LrWpanErrorModel> errorModel = CreateObject<LrWpanErrorModel>();
    return errorModel->GetChunkSuccessRate(snr, 8 * (psduBytes + PHY_OVERHEAD_BYTES));
}

std::string
LlnRoutingHelper::Name(std::size_t v) const
{
    const Vertex& vertex = m_graph[v];
    std::ostringstream os;
    os << "node " << vertex.nodeId << " (" << vertex.role;
    if (vertex.floor >= 0)
    {
        os << ", floor " << vertex.floor;
    }
    if (vertex.room >= 0)
    {
        os << ", room " << vertex.room;
    }
    os << ")";
    return os.str();
}

std::string
LlnRoutingHelper::Compute()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(m_installed, "LlnRoutingHelper::Compute after Install");
    m_graph.clear();
    m_vertexOf.clear();
    m_roots.clear();
    m_computed = false;
    m_error.clear();
    if (m_dodags.empty())
    {
        m_error = "no DODAG was added";
        return m_error;
    }

    // Vertices: every root, then its members
    std::vector<int32_t> dodagOf;
    auto addVertex = [&](Ptr<NetDevice> device, int32_t dodag, bool root) -> bool {
        if (!device)
        {
            m_error = "a DODAG has a null device";
            return false;
        }
        if (m_vertexOf.count(device))
        {
            m_error = Name(m_vertexOf[device]) + " is given twice (in DODAGs " +
                      std::to_string(m_graph[m_vertexOf[device]].dodag) + " and " +
                      std::to_string(dodag) + ")";
            return false;
        }
        Vertex vertex;
        vertex.device = device;
        vertex.nodeId = device->GetNode()->GetId();
        vertex.role = root ? "6lbr" : "node";
        vertex.dodag = dodag;
        auto description = m_descriptions.find(device);
        if (description != m_descriptions.end())
        {
            vertex.role = description->second.role;
            vertex.floor = description->second.floor;
            vertex.room = description->second.room;
        }
        // add_vertex(g) then the bundle: add_vertex(bundle, g) goes through Boost's named-graph
        // lookup, which GCC 12 with sanitizers flags as maybe-uninitialized
        std::size_t v = boost::add_vertex(m_graph);
        m_graph[v] = vertex;
        m_vertexOf[device] = v;
        dodagOf.push_back(dodag);
        if (root)
        {
            m_roots.push_back(v);
        }
        return true;
    };
    for (std::size_t d = 0; d < m_dodags.size(); ++d)
    {
        if (!addVertex(m_dodags[d].root, static_cast<int32_t>(d), true))
        {
            return m_error;
        }
        for (uint32_t i = 0; i < m_dodags[d].members.GetN(); ++i)
        {
            if (!addVertex(m_dodags[d].members.Get(i), static_cast<int32_t>(d), false))
            {
                return m_error;
            }
        }
    }
    const std::size_t n = boost::num_vertices(m_graph);

    // What the radio of every vertex is: mobility, channel, noise
    std::vector<Ptr<MobilityModel>> mobility(n);
    std::vector<double> noiseW(n);
    std::vector<uint32_t> channelNumber(n);
    Ptr<SpectrumChannel> channel;
    for (std::size_t v = 0; v < n; ++v)
    {
        Ptr<NetDevice> device = m_graph[v].device;
        Ptr<SixLowPanNetDevice> six = DynamicCast<SixLowPanNetDevice>(device);
        Ptr<LrWpanNetDevice> lrWpan =
            DynamicCast<LrWpanNetDevice>(six ? six->GetNetDevice() : device);
        if (!lrWpan)
        {
            m_error = Name(v) + " is not a 6LoWPAN device over an lr-wpan device";
            return m_error;
        }
        Ptr<LrWpanPhy> phy = lrWpan->GetPhy();
        mobility[v] = phy->GetMobility();
        if (!mobility[v])
        {
            m_error = Name(v) + " has no mobility model on its PHY";
            return m_error;
        }
        if (!channel)
        {
            channel = phy->GetChannel();
        }
        if (!phy->GetChannel() || phy->GetChannel() != channel)
        {
            m_error = Name(v) + " is not on the spectrum channel of " + Name(0);
            return m_error;
        }
        channelNumber[v] = phy->GetCurrentChannelNum();
        noiseW[v] = LrWpanSpectrumValueHelper::TotalAvgPower(phy->GetNoisePowerSpectralDensity(),
                                                             channelNumber[v]);
    }
    Ptr<PropagationLossModel> loss = channel->GetPropagationLossModel();
    double maxLossDb = std::numeric_limits<double>::infinity();
    DoubleValue maxLoss;
    if (channel->GetAttributeFailSafe("MaxLossDb", maxLoss))
    {
        maxLossDb = maxLoss.Get();
    }
    std::map<uint32_t, double> txW; // in-band transmit power per channel number
    LrWpanSpectrumValueHelper psd;
    for (uint32_t number : channelNumber)
    {
        if (!txW.count(number))
        {
            txW[number] = LrWpanSpectrumValueHelper::TotalAvgPower(
                psd.CreateTxPowerSpectralDensity(m_txPowerDbm, number),
                number);
        }
    }

    // Links: what the channel would do with a frame from a to b, in both directions
    // (a LinkPricer: the chain's own values, without a buildings model's shadowing table
    // when its shadowing is zero)
    LinkPricer pricer(loss);
    auto lossDb = [&](std::size_t a, std::size_t b) {
        return loss ? -pricer.CalcRxPower(0.0, mobility[a], mobility[b]) : 0.0;
    };
    auto success = [&](std::size_t a, std::size_t b, double l) {
        if (l > maxLossDb || channelNumber[a] != channelNumber[b])
        {
            return 0.0;
        }
        double snr = txW[channelNumber[a]] * std::pow(10.0, -l / 10.0) / noiseW[b];
        return FrameSuccessProbability(snr, m_frameSize);
    };
    // Nodes in buildings too far apart for any link (BuildingLinkPruner) are left out when
    // pricing draws nothing (no shadowing, no frame erasure in the chain)
    std::unique_ptr<BuildingLinkPruner> pruner;
    if (pricer.IsShortcut() && !loss->GetNext())
    {
        pruner = std::make_unique<BuildingLinkPruner>(pricer,
                                                      maxLossDb,
                                                      mobility,
                                                      std::vector<bool>(n, true));
    }
    for (std::size_t a = 0; a < n; ++a)
    {
        for (std::size_t b = a + 1; b < n; ++b)
        {
            if (pruner && pruner->Apart(a, b))
            {
                continue;
            }
            Link link;
            link.lossForwardDb = lossDb(a, b);
            link.lossReverseDb = lossDb(b, a);
            link.pForward = success(a, b, link.lossForwardDb);
            link.pReverse = success(b, a, link.lossReverseDb);
            double p = link.pForward * link.pReverse;
            if (p <= 0.0 || 1.0 / p > m_maxEtx)
            {
                continue;
            }
            link.etx = 1.0 / p;
            link.weight =
                link.etx +
                TIE_BREAK_PER_DB * std::max(0.0, (link.lossForwardDb + link.lossReverseDb) / 2);
            boost::add_edge(a, b, link, m_graph);
        }
    }
    NS_LOG_INFO("radio graph: " << n << " vertices, " << boost::num_edges(m_graph) << " links");

    // One ETX shortest-path tree per DODAG, over the DODAG's own vertices
    std::vector<std::string> unreachable;
    std::vector<std::size_t> predecessor(n);
    std::vector<double> distance(n);
    auto index = boost::get(boost::vertex_index, m_graph);
    for (std::size_t d = 0; d < m_roots.size(); ++d)
    {
        InDodag filter{&dodagOf, static_cast<int32_t>(d)};
        boost::filtered_graph<Graph, boost::keep_all, InDodag> dodag(m_graph,
                                                                     boost::keep_all(),
                                                                     filter);
        std::size_t root = m_roots[d];
        boost::dijkstra_shortest_paths(
            dodag,
            root,
            boost::predecessor_map(boost::make_iterator_property_map(predecessor.begin(), index))
                .distance_map(boost::make_iterator_property_map(distance.begin(), index))
                .weight_map(boost::get(&Link::weight, m_graph)));
        for (std::size_t v = 0; v < n; ++v)
        {
            if (dodagOf[v] != static_cast<int32_t>(d) || v == root)
            {
                continue;
            }
            if (predecessor[v] == v)
            {
                if (boost::out_degree(v, m_graph) == 0)
                {
                    unreachable.push_back(Name(v) + " is out of radio range of every other node");
                }
                else
                {
                    unreachable.push_back(Name(v) + " has no radio path to its border router, " +
                                          Name(root));
                }
                continue;
            }
            m_graph[v].parent = static_cast<int64_t>(predecessor[v]);
        }
    }
    if (!unreachable.empty())
    {
        std::ostringstream os;
        os << unreachable.size() << (unreachable.size() == 1 ? " node" : " nodes")
           << " cannot be routed: ";
        for (std::size_t i = 0; i < unreachable.size() && i < 10; ++i)
        {
            os << (i ? "; " : "") << unreachable[i];
        }
        if (unreachable.size() > 10)
        {
            os << "; ...";
        }
        m_error = os.str();
        return m_error;
    }

    // Hops, path ETX and tree links
    for (std::size_t v = 0; v < n; ++v)
    {
        uint32_t hops = 0;
        double etx = 0;
        std::size_t child = v;
        while (m_graph[child].parent >= 0)
        {
            std::size_t parent = static_cast<std::size_t>(m_graph[child].parent);
            auto edge = boost::edge(child, parent, m_graph);
            NS_ASSERT(edge.second);
            etx += m_graph[edge.first].etx;
            if (child == v)
            {
                m_graph[edge.first].tree = true;
            }
            ++hops;
            child = parent;
        }
        m_graph[v].hops = hops;
        m_graph[v].pathEtx = etx;
    }
    m_computed = true;
    return "";
}

bool
LlnRoutingHelper::IsComputed() const
{
    return m_computed;
}

void
LlnRoutingHelper::Install()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(m_installed, "LlnRoutingHelper::Install called twice");
    if (!m_computed)
    {
        std::string error = Compute();
        NS_ABORT_MSG_UNLESS(error.empty(), "LlnRoutingHelper: " << error);
    }
    m_installed = true;
    Ipv6StaticRoutingHelper routingHelper;
    for (std::size_t v = 0; v < boost::num_vertices(m_graph); ++v)
    {
        if (m_graph[v].parent < 0)
        {
            continue; // a root
        }
        Ptr<NetDevice> device = m_graph[v].device;
        Ptr<NetDevice> parent = m_graph[static_cast<std::size_t>(m_graph[v].parent)].device;
        LlnHelper::AddNeighbor(parent, device);
        LlnHelper::AddDefaultRoute(device, parent);

        // The LLN prefix is not on-link for a route-over node (RFC 6775, section 5.2)
        Ptr<Ipv6> ipv6 = device->GetNode()->GetObject<Ipv6>();
        uint32_t ifIndex = static_cast<uint32_t>(ipv6->GetInterfaceForDevice(device));
        Ptr<Ipv6StaticRouting> routing = routingHelper.GetStaticRouting(ipv6);
        for (uint32_t j = 0; j < ipv6->GetNAddresses(ifIndex); ++j)
        {
            Ipv6InterfaceAddress address = ipv6->GetAddress(ifIndex, j);
            if (address.GetScope() != Ipv6InterfaceAddress::GLOBAL)
            {
                continue;
            }
            Ipv6Address prefix = address.GetAddress().CombinePrefix(address.GetPrefix());
            for (uint32_t r = routing->GetNRoutes(); r-- > 0;)
            {
                Ipv6RoutingTableEntry route = routing->GetRoute(r);
                if (route.IsNetwork() && route.GetInterface() == ifIndex &&
                    route.GetDestNetwork() == prefix &&
                    route.GetDestNetworkPrefix() == address.GetPrefix() &&
                    route.GetGateway().IsAny())
                {
                    routing->RemoveRoute(r);
                }
            }
        }

        // Every ancestor routes to the member through the next node down the tree
        Ipv6Address destination = LlnHelper::GetGlobalAddress(device);
        std::size_t child = v;
        while (m_graph[child].parent >= 0)
        {
            std::size_t ancestor = static_cast<std::size_t>(m_graph[child].parent);
            LlnHelper::AddHostRoute(m_graph[ancestor].device, destination, m_graph[child].device);
            child = ancestor;
        }
    }
}

const LlnRoutingHelper::Graph&
LlnRoutingHelper::GetGraph() const
{
    return m_graph;
}

std::size_t
LlnRoutingHelper::VertexOf(Ptr<NetDevice> device) const
{
    auto it = m_vertexOf.find(device);
    NS_ABORT_MSG_IF(it == m_vertexOf.end(),
                    "LlnRoutingHelper: the device is in no DODAG (or Compute was not called)");
    return it->second;
}

std::size_t
LlnRoutingHelper::GetVertex(Ptr<NetDevice> device) const
{
    return VertexOf(device);
}

Ptr<NetDevice>
LlnRoutingHelper::GetParent(Ptr<NetDevice> device) const
{
    const Vertex& vertex = m_graph[VertexOf(device)];
    return vertex.parent < 0 ? nullptr : m_graph[static_cast<std::size_t>(vertex.parent)].device;
}

Ptr<NetDevice>
LlnRoutingHelper::GetRoot(Ptr<NetDevice> device) const
{
    const Vertex& vertex = m_graph[VertexOf(device)];
    return m_graph[m_roots.at(static_cast<std::size_t>(vertex.dodag))].device;
}

uint32_t
LlnRoutingHelper::GetHopCount(Ptr<NetDevice> device) const
{
    return m_graph[VertexOf(device)].hops;
}

double
LlnRoutingHelper::GetPathEtx(Ptr<NetDevice> device) const
{
    return m_graph[VertexOf(device)].pathEtx;
}

NetDeviceContainer
LlnRoutingHelper::GetMembers() const
{
    NetDeviceContainer members;
    for (const Dodag& dodag : m_dodags)
    {
        members.Add(dodag.members);
    }
    return members;
}

LlnRoutingHelper::Statistics
LlnRoutingHelper::GetStatistics() const
{
    Statistics stats;
    stats.vertices = static_cast<uint32_t>(boost::num_vertices(m_graph));
    stats.links = static_cast<uint32_t>(boost::num_edges(m_graph));
    double hops = 0;
    double etx = 0;
    for (std::size_t v = 0; v < boost::num_vertices(m_graph); ++v)
    {
        if (m_graph[v].parent < 0)
        {
            continue;
        }
        ++stats.members;
        hops += m_graph[v].hops;
        etx += m_graph[v].pathEtx;
        stats.hopsMax = std::max(stats.hopsMax, m_graph[v].hops);
        stats.etxMax = std::max(stats.etxMax, m_graph[v].pathEtx);
    }
    if (stats.members > 0)
    {
        stats.hopsMean = hops / stats.members;
        stats.etxMean = etx / stats.members;
    }
    return stats;
}

void
LlnRoutingHelper::PrintNodes(std::ostream& os) const
{
    os << "node role floor room root parent hops pathEtx\n";
    for (std::size_t v = 0; v < boost::num_vertices(m_graph); ++v)
    {
        const Vertex& vertex = m_graph[v];
        os << vertex.nodeId << " " << vertex.role << " " << vertex.floor << " " << vertex.room
           << " " << m_graph[m_roots.at(static_cast<std::size_t>(vertex.dodag))].nodeId << " ";
        if (vertex.parent < 0)
        {
            os << "-";
        }
        else
        {
            os << m_graph[static_cast<std::size_t>(vertex.parent)].nodeId;
        }
        os << " " << vertex.hops << " " << Fixed(vertex.pathEtx, 4) << "\n";
    }
}

void
LlnRoutingHelper::WriteGraphviz(std::ostream& os) const
{
    const Graph& g = m_graph;
    auto vertexWriter = [&g](std::ostream& out, std::size_t v) {
        const Vertex& vertex = g[v];
        std::ostringstream label;
        label << vertex.role << " n" << vertex.nodeId;
        if (vertex.floor >= 0)
        {
            label << " f" << vertex.floor;
        }
        if (vertex.room >= 0)
        {
            label << " r" << vertex.room;
        }
        out << "[label=\"" << label.str() << "\", role=\"" << vertex.role
            << "\", node=" << vertex.nodeId << ", floor=" << vertex.floor
            << ", room=" << vertex.room << ", dodag=" << vertex.dodag << ", hops=" << vertex.hops
            << ", etx=\"" << Fixed(vertex.pathEtx, 4) << "\"";
        if (vertex.parent < 0)
        {
            out << ", shape=box";
        }
        out << "]";
    };
    auto edgeWriter = [&g](std::ostream& out, const Graph::edge_descriptor& e) {
        const Link& link = g[e];
        out << "[label=\"" << Fixed(link.etx, 2) << "\", etx=\"" << Fixed(link.etx, 4)
            << "\", pf=\"" << Fixed(link.pForward, 4) << "\", pr=\"" << Fixed(link.pReverse, 4)
            << "\", loss=\"" << Fixed((link.lossForwardDb + link.lossReverseDb) / 2, 1)
            << "\", tree=" << (link.tree ? 1 : 0);
        if (link.tree)
        {
            out << ", style=bold";
        }
        out << "]";
    };
    boost::write_graphviz(os, g, vertexWriter, edgeWriter);
}

} // namespace ns3
