/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \brief A building of 802.15.4 lights with its 6LoWPAN border routers, routed by ETX
 * shortest-path trees, and a reachability check from the Internet.
 *
 * BuildingTopologyHelper builds `floors` floors of `rooms` rooms with `nodesPerRoom` lights
 * each, one 6LBR per floor (or per building), a backbone to a core router and `internetHosts`
 * hosts on the Internet side; the propagation is ns-3's HybridBuildingsPropagationLossModel
 * (ITU-R P.1238 with wall and floor losses). The LLN's routes are ETX shortest-path trees
 * rooted at the 6LBRs, computed with Boost.Graph from the radio graph and installed as IPv6
 * static routes. The radio graph is written in GraphViz DOT to `dot`.
 *
 * Then routes are proven, not assumed: Internet host 0 sends one UDP echo request to every
 * light, `interval` apart, and counts the echoes that come back.
 *
 * Metrics: the building's size, the radio graph's links, hop count and path ETX per light
 * (`nodeHops`, `nodePathEtx`, in the order of the lights; in the JSON only) and their summaries
 * (`hops_*`, `pathEtx_*`), echo requests sent and answered, delivery ratio, the lights that did not
 * answer
 * (`undeliveredNodes`), round-trip times, 802.15.4 frames and bytes on the air, and the wall
 * clock spent building and routing (`setupWallClock_s`).
 *
 *     ./iotsec run building-topology --floors=10 --rooms=10 --dot=building.dot
 *     dot -Tsvg building.dot > building.svg     # or neato/sfdp for large buildings
 */

#include "ns3/air-traffic-monitor.h"
#include "ns3/applications-module.h"
#include "ns3/building-topology-helper.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/results-sink.h"

#include <chrono>
#include <iostream>
#include <map>
#include <vector>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("BuildingTopology");

namespace
{

/**
 * \brief Sends one UDP echo request to each of a list of addresses and times every echo.
 */
class ReachabilityProbe
{
  public:
    /**
     * \param node the sending node
     * \param size request payload size (at least 4 bytes: the request's index)
     */
    ReachabilityProbe(Ptr<Node> node, uint32_t size)
        : m_size(size)
    {
        m_socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        NS_ABORT_MSG_IF(m_socket->Bind6() != 0, "ReachabilityProbe: bind failed");
        m_socket->SetRecvCallback(MakeCallback(&ReachabilityProbe::Receive, this));
    }

    /**
     * \brief Send request `index` now.
     * \param index the request's index
     * \param target the echo server
     */
    void Send(uint32_t index, Inet6SocketAddress target)
    {
        std::vector<uint8_t> payload(m_size, 0);
        payload[0] = static_cast<uint8_t>(index >> 24);
        payload[1] = static_cast<uint8_t>(index >> 16);
        payload[2] = static_cast<uint8_t>(index >> 8);
        payload[3] = static_cast<uint8_t>(index);
        m_sent[index] = Simulator::Now();
        m_socket->SendTo(Create<Packet>(payload.data(), m_size), 0, target);
    }

    /// \return requests sent
    uint32_t GetSent() const
    {
        return static_cast<uint32_t>(m_sent.size());
    }

    /// \return round-trip time of each answered request, by index
    const std::map<uint32_t, double>& GetRtts() const
    {
        return m_rtts;
    }

  private:
    /**
     * \param socket the socket with data to read
     */
    void Receive(Ptr<Socket> socket)
    {
        Ptr<Packet> p;
        while ((p = socket->Recv()))
        {
            if (p->GetSize() < 4)
            {
                continue;
            }
            uint8_t head[4];
            p->CopyData(head, 4);
            uint32_t index = (uint32_t{head[0]} << 24) | (uint32_t{head[1]} << 16) |
                             (uint32_t{head[2]} << 8) | head[3];
            auto it = m_sent.find(index);
            if (it != m_sent.end() && !m_rtts.count(index))
            {
                m_rtts[index] = (Simulator::Now() - it->second).GetSeconds();
            }
        }
    }

    Ptr<Socket> m_socket;              //!< UDP socket
    uint32_t m_size;                   //!< payload size
    std::map<uint32_t, Time> m_sent;   //!< send time by index
    std::map<uint32_t, double> m_rtts; //!< round-trip time by index
};

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t floors = 10;
    uint32_t rooms = 10;
    uint32_t nodesPerRoom = 1;
    std::string borderRouters = "PerFloor";
    std::string backbone = "Csma";
    uint32_t internetHosts = 1;
    std::string dot = "building-topology.dot";
    Time interval = MilliSeconds(100);
    uint32_t size = 16;
    bool printNodes = false;

    ResultsSink results("building-topology");
    CommandLine cmd(__FILE__);
    cmd.Usage("A building of 802.15.4 lights and 6LBRs routed by ETX trees (Boost.Graph); one "
              "UDP echo from the Internet to every light. Propagation and routing knobs are "
              "attributes: --ns3::BuildingTopologyHelper::MaxLossDb=95, ...");
    results.AddValue(cmd, "floors", "floors of the building", floors);
    results.AddValue(cmd, "rooms", "rooms per floor", rooms);
    results.AddValue(cmd, "nodesPerRoom", "lights per room", nodesPerRoom);
    results.AddValue(cmd,
                     "borderRouters",
                     "PerFloor (one 6LBR per floor) or PerBuilding",
                     borderRouters);
    results.AddValue(cmd, "backbone", "Csma or PointToPoint (6LBRs to the core router)", backbone);
    results.AddValue(cmd,
                     "internetHosts",
                     "hosts on the Internet side (at least 1)",
                     internetHosts);
    results.AddValue(cmd, "dot", "GraphViz file of the radio graph (none: no file)", dot);
    results.AddValue(cmd, "interval", "time between two echo requests", interval);
    results.AddValue(cmd, "size", "echo request payload [bytes, >= 4]", size);
    results.AddValue(cmd,
                     "printNodes",
                     "print every node's 6LBR, parent, hops and ETX",
                     printNodes);
    results.Parse(cmd, argc, argv);

    auto setupStart = std::chrono::steady_clock::now();
    Ptr<BuildingTopologyHelper> building = CreateObject<BuildingTopologyHelper>();
    building->SetAttribute("Floors", UintegerValue(floors));
    building->SetAttribute("RoomsPerFloor", UintegerValue(rooms));
    building->SetAttribute("NodesPerRoom", UintegerValue(nodesPerRoom));
    building->SetAttribute("InternetHosts", UintegerValue(internetHosts));
    if (!building->SetAttributeFailSafe("BorderRouters", StringValue(borderRouters)) ||
        !building->SetAttributeFailSafe("Backbone", StringValue(backbone)))
    {
        std::cerr << "building-topology: borderRouters must be PerFloor or PerBuilding, backbone "
                     "Csma or PointToPoint"
                  << std::endl;
        return 2;
    }
    std::string error = building->Validate();
    if (error.empty() && (internetHosts == 0 || size < 4 || !interval.IsStrictlyPositive()))
    {
        error = "need internetHosts >= 1, size >= 4 and interval > 0";
    }
    if (!error.empty())
    {
        std::cerr << "building-topology: " << error << std::endl;
        return 2;
    }
    int64_t stream = 1;
    error = building->BuildAndRoute(stream);
    if (!error.empty())
    {
        std::cerr << "building-topology: " << error << std::endl;
        return 2;
    }
    double setupWallClock =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - setupStart).count();

    if (dot != "none" && !building->WriteGraphviz(dot, &error))
    {
        std::cerr << "building-topology: " << error << std::endl;
        return 1;
    }
    const LlnRoutingHelper& routing = building->GetRouting();
    if (printNodes)
    {
        routing.PrintNodes(std::cout);
    }

    Ptr<AirTrafficMonitor> air = CreateObject<AirTrafficMonitor>();
    air->Install(building->GetLrWpanDevices());

    // Every light answers UDP echoes; Internet host 0 sends one to each
    NodeContainer lights = building->GetLights();
    const uint16_t port = 7;
    UdpEchoServerHelper server(port);
    ApplicationContainer servers = server.Install(lights);
    servers.Start(Seconds(0));
    ReachabilityProbe probe(building->GetInternetHosts().Get(0), size);
    const Time start = Seconds(1);
    for (uint32_t i = 0; i < lights.GetN(); ++i)
    {
        Simulator::Schedule(start + interval * i,
                            &ReachabilityProbe::Send,
                            &probe,
                            i,
                            Inet6SocketAddress(building->GetAddress(lights.Get(i)), port));
    }
    Time stop = start + interval * lights.GetN() + Seconds(5);
    Simulator::Stop(stop);
    Simulator::Run();

    std::vector<double> hops;
    std::vector<double> pathEtx;
    JsonValue nodeHops = JsonValue::Array();
    JsonValue nodePathEtx = JsonValue::Array();
    for (uint32_t i = 0; i < lights.GetN(); ++i)
    {
        hops.push_back(building->GetHopCount(lights.Get(i)));
        pathEtx.push_back(building->GetPathEtx(lights.Get(i)));
        nodeHops.Append(building->GetHopCount(lights.Get(i)));
        nodePathEtx.Append(building->GetPathEtx(lights.Get(i)));
    }
    std::vector<double> rtts;
    JsonValue undelivered = JsonValue::Array();
    for (uint32_t i = 0; i < lights.GetN(); ++i)
    {
        auto it = probe.GetRtts().find(i);
        if (it == probe.GetRtts().end())
        {
            undelivered.Append(lights.Get(i)->GetId());
        }
        else
        {
            rtts.push_back(it->second);
        }
    }
    LlnRoutingHelper::Statistics stats = routing.GetStatistics();
    results.SetMetric("lights", lights.GetN());
    results.SetMetric("borderRouters", building->GetBorderRouters().GetN());
    results.SetMetric("radioLinks", stats.links);
    results.SetSummaryMetrics("hops", "", hops);
    results.SetSummaryMetrics("pathEtx", "", pathEtx);
    if (!results.GetResultsPath().empty())
    {
        // One entry per light: in the JSON only, the summary stays readable
        results.SetMetric("nodeHops", nodeHops);
        results.SetMetric("nodePathEtx", nodePathEtx);
    }
    results.SetMetric("echoSent", probe.GetSent());
    results.SetMetric("echoReceived", static_cast<uint32_t>(rtts.size()));
    results.SetMetric("deliveryRatio",
                      static_cast<double>(rtts.size()) / static_cast<double>(probe.GetSent()));
    results.SetMetric("undeliveredNodes", undelivered);
    results.SetSummaryMetrics("rtt", "_s", rtts);
    results.SetMetric("lln_frames", air->GetTotalFrames());
    results.SetMetric("lln_bytes", air->GetTotalBytes());
    results.SetMetric("setupWallClock_s", setupWallClock);
    int status = results.Finish();
    Simulator::Destroy();
    return status;
}
