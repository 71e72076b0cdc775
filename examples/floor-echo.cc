/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \brief A floor of 802.15.4 nodes in a line: IPv6 UDP echo over 6LoWPAN across several hops.
 *
 * Nodes stand in a line along a corridor, `spacing` metres apart, so that each one hears only
 * its neighbours (the channel drops frames whose loss exceeds `maxLossDb`). Node 0 sends
 * `packets` UDP echo requests to the last node, route-over through every node in between
 * (IPv6 static host routes via link-local next hops). Each request carries its sequence
 * number, so the round-trip time of every echo is measured.
 *
 * Metrics: echo requests sent and answered, delivery ratio, round-trip time (mean, p50, p95,
 * max), hop count, and 802.15.4 frames and bytes on the air.
 *
 *     ./iotsec run floor-echo --nodes=6 --packets=20 --results=echo.json
 */

#include "ns3/air-traffic-monitor.h"
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/frame-erasure-loss-model.h"
#include "ns3/internet-module.h"
#include "ns3/lln-helper.h"
#include "ns3/mobility-module.h"
#include "ns3/network-module.h"
#include "ns3/propagation-loss-model.h"
#include "ns3/results-sink.h"

#include <map>
#include <set>
#include <vector>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("FloorEcho");

namespace
{

/**
 * \brief The echo probe: sends numbered UDP echo requests and times each echo.
 */
class EchoProbe
{
  public:
    /**
     * \param node the sending node
     * \param server the echo server's address and port
     * \param size the request payload size (at least 4 bytes: the sequence number)
     */
    EchoProbe(Ptr<Node> node, Inet6SocketAddress server, uint32_t size)
        : m_server(server),
          m_size(size)
    {
        m_socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        NS_ABORT_MSG_IF(m_socket->Bind6() != 0, "EchoProbe: bind failed");
        m_socket->SetRecvCallback(MakeCallback(&EchoProbe::Receive, this));
    }

    /**
     * \brief Send one request now.
     * \param seq its sequence number
     */
    void Send(uint32_t seq)
    {
        std::vector<uint8_t> payload(m_size, 0);
        payload[0] = static_cast<uint8_t>(seq >> 24);
        payload[1] = static_cast<uint8_t>(seq >> 16);
        payload[2] = static_cast<uint8_t>(seq >> 8);
        payload[3] = static_cast<uint8_t>(seq);
        Ptr<Packet> p = Create<Packet>(payload.data(), m_size);
        m_sent[seq] = Simulator::Now();
        m_socket->SendTo(p, 0, m_server);
        NS_LOG_INFO(Simulator::Now().As(Time::S) << " echo request " << seq << " sent");
    }

    /// \return requests sent
    uint32_t GetSent() const
    {
        return static_cast<uint32_t>(m_sent.size());
    }

    /// \return round-trip times of the echoes received, in seconds
    const std::vector<double>& GetRtts() const
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
                NS_LOG_WARN("EchoProbe: short echo ignored");
                continue;
            }
            uint8_t head[4];
            p->CopyData(head, 4);
            uint32_t seq = (uint32_t{head[0]} << 24) | (uint32_t{head[1]} << 16) |
                           (uint32_t{head[2]} << 8) | head[3];
            auto it = m_sent.find(seq);
            if (it == m_sent.end() || m_answered.count(seq))
            {
                NS_LOG_WARN("EchoProbe: unexpected or duplicate echo " << seq);
                continue;
            }
            m_answered.insert(seq);
            double rtt = (Simulator::Now() - it->second).GetSeconds();
            m_rtts.push_back(rtt);
            NS_LOG_INFO(Simulator::Now().As(Time::S) << " echo " << seq << " rtt " << rtt);
        }
    }

    Ptr<Socket> m_socket;            //!< UDP socket
    Inet6SocketAddress m_server;     //!< echo server
    uint32_t m_size;                 //!< payload size
    std::map<uint32_t, Time> m_sent; //!< send time per sequence number
    std::set<uint32_t> m_answered;   //!< sequence numbers answered
    std::vector<double> m_rtts;      //!< round-trip times
};

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t nodes = 5;
    double spacing = 40.0;
    uint32_t packets = 10;
    Time interval = Seconds(1);
    uint32_t size = 32;
    double maxLossDb = 100.0;
    double frameLoss = 0.0;
    bool pcap = false;

    ResultsSink results("floor-echo");
    CommandLine cmd(__FILE__);
    cmd.Usage("A floor of 802.15.4 nodes in a line: IPv6 UDP echo over 6LoWPAN across hops.");
    results.AddValue(cmd, "nodes", "number of nodes in the line (at least 2)", nodes);
    results.AddValue(cmd, "spacing", "distance between neighbours [m]", spacing);
    results.AddValue(cmd, "packets", "echo requests to send", packets);
    results.AddValue(cmd, "interval", "time between echo requests", interval);
    results.AddValue(cmd, "size", "echo request payload [bytes, >= 4]", size);
    results.AddValue(cmd,
                     "maxLossDb",
                     "loss beyond which a receiver never sees a frame",
                     maxLossDb);
    results.AddValue(cmd, "frameLoss", "probability that a frame is lost on a link", frameLoss);
    results.AddValue(cmd, "pcap", "write floor-echo-<node>-<dev>.pcap files", pcap);
    results.Parse(cmd, argc, argv);

    if (nodes < 2 || packets == 0 || size < 4 || spacing <= 0 || interval.IsStrictlyNegative() ||
        interval.IsZero() || maxLossDb <= 0 || frameLoss < 0 || frameLoss >= 1)
    {
        std::cerr << "floor-echo: need nodes >= 2, packets >= 1, size >= 4, spacing > 0, "
                     "interval > 0, maxLossDb > 0 and 0 <= frameLoss < 1"
                  << std::endl;
        return 2;
    }
    if (pcap)
    {
        // Without checksums the pcaps carry zero FCS and UDP checksums, which Wireshark rejects
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    }

    NodeContainer line;
    line.Create(nodes);
    MobilityHelper mobility;
    Ptr<ListPositionAllocator> positions = CreateObject<ListPositionAllocator>();
    for (uint32_t i = 0; i < nodes; ++i)
    {
        positions->Add(Vector(i * spacing, 0.0, 0.0));
    }
    mobility.SetPositionAllocator(positions);
    mobility.SetMobilityModel("ns3::ConstantPositionMobilityModel");
    mobility.Install(line);

    InternetStackHelper internet;
    internet.SetIpv4StackInstall(false);
    internet.Install(line);

    Ptr<LogDistancePropagationLossModel> distance = CreateObject<LogDistancePropagationLossModel>();
    Ptr<FrameErasurePropagationLossModel> erasure =
        CreateObject<FrameErasurePropagationLossModel>();
    erasure->SetAttribute("ErasureProbability", DoubleValue(frameLoss));
    distance->SetNext(erasure);
    LlnHelper lln;
    lln.SetPropagationLossModel(distance);
    lln.SetMaxLossDb(maxLossDb);
    NetDeviceContainer sixDevices = lln.Install(line);
    lln.AssignAddresses(sixDevices, Ipv6Address("2001:1::"), Ipv6Prefix(64));
    LlnHelper::InstallChainRoutes(sixDevices);

    int64_t stream = 1;
    stream += lln.AssignStreams(stream);
    stream += internet.AssignStreams(line, stream);

    Ptr<AirTrafficMonitor> air = CreateObject<AirTrafficMonitor>();
    air->Install(lln.GetLrWpanDevices());
    if (pcap)
    {
        lln.EnablePcap("floor-echo");
    }

    const uint16_t port = 7;
    UdpEchoServerHelper server(port);
    ApplicationContainer serverApps = server.Install(line.Get(nodes - 1));
    serverApps.Start(Seconds(0));

    Inet6SocketAddress target(LlnHelper::GetGlobalAddress(sixDevices.Get(nodes - 1)), port);
    EchoProbe probe(line.Get(0), target, size);
    Time start = Seconds(1);
    for (uint32_t i = 0; i < packets; ++i)
    {
        Simulator::Schedule(start + interval * i, &EchoProbe::Send, &probe, i);
    }
    // Leave the last request time to come back across the line
    Time stop = start + interval * packets + Seconds(5);
    serverApps.Stop(stop);
    Simulator::Stop(stop);
    Simulator::Run();

    const std::vector<double>& rtts = probe.GetRtts();
    results.SetMetric("hops", nodes - 1);
    results.SetMetric("echoSent", probe.GetSent());
    results.SetMetric("echoReceived", static_cast<uint32_t>(rtts.size()));
    results.SetMetric("deliveryRatio",
                      static_cast<double>(rtts.size()) / static_cast<double>(probe.GetSent()));
    results.SetSummaryMetrics("rtt", "_s", rtts);
    results.SetMetric("lln_frames", air->GetTotalFrames());
    results.SetMetric("lln_bytes", air->GetTotalBytes());
    int status = results.Finish();
    Simulator::Destroy();
    return status;
}
