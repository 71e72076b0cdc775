/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \brief DTLS handshakes over lossy 802.15.4 links: RFC 6347 flight retransmission against
 * restarting the handshake.
 *
 * A client opens one DTLS 1.2 association (PSK, AES-128-CCM-8) with each of `sensors`
 * sensors that sit `hops` route-over hops away, over 6LoWPAN and IEEE 802.15.4. Every frame
 * on every link is lost with probability `frameLoss` (FrameErasurePropagationLossModel); the
 * MAC retries each unicast frame up to `macRetries` times. `lossRecovery` chooses what a lost
 * flight leads to: RetransmitFlight (RFC 6347) or RestartHandshake (Park & Kang). Handshakes
 * start `stagger` seconds apart.
 *
 * Every node has a device profile (NodeModelHelper): the sensors and relays get the preset
 * `profile` (default TelosB, a Class 1 mote), the client stays unconstrained. A sensor's CPU
 * prices its DTLS work (a busy sensor answers later), its RAM budget holds its associations,
 * and its radio (the profile's radio currents, driven by the lr-wpan PHY state) and CPU draw
 * energy from a battery (NodeEnergyHelper). A Class 0 preset cannot run DTLS: the run stops
 * with an error when the sensors' servers start.
 *
 * Metrics: the handshake success ratio, the completion-time distribution of successful
 * handshakes, flight retransmissions and handshake restarts, 802.15.4 frames and bytes on the
 * air, the DTLS bytes and 802.15.4 frames each flight takes (measured on a loss-free
 * calibration link of its own), the success probability DtlsHandshakeLossModel gives for
 * those figures (expectedSuccessRatio; doc/iotsec.rst, Validation), each sensor's energy over the
 * run (mean, maximum and total over sensors; radio and CPU apart) and the RAM its security
 * state holds at the end, the client's RAM, and sessions refused for lack of RAM.
 *
 *     ./iotsec run handshake-loss --frameLoss=0.2 --lossRecovery=RestartHandshake
 *     ./iotsec run handshake-loss --profile=CC2538
 */

#include "ns3/air-traffic-monitor.h"
#include "ns3/core-module.h"
#include "ns3/dtls-client-application.h"
#include "ns3/dtls-handshake-loss-model.h"
#include "ns3/dtls-helper.h"
#include "ns3/dtls-server-application.h"
#include "ns3/frame-erasure-loss-model.h"
#include "ns3/internet-module.h"
#include "ns3/iotsec-compat.h"
#include "ns3/lln-helper.h"
#include "ns3/lr-wpan-mac.h"
#include "ns3/lr-wpan-net-device.h"
#include "ns3/mobility-module.h"
#include "ns3/network-module.h"
#include "ns3/node-energy-helper.h"
#include "ns3/node-model-helper.h"
#include "ns3/results-sink.h"
#include "ns3/sixlowpan-net-device.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

using namespace ns3;
using namespace ns3::lrwpan; // NOLINT: ns-3 >= 3.42 keeps lr-wpan in ns3::lrwpan

NS_LOG_COMPONENT_DEFINE("HandshakeLoss");

namespace
{

/// What the first transmissions of each flight cost: frames and transmissions, per flight
struct FlightCost
{
    std::map<uint32_t, uint32_t> frames; //!< flight -> 802.15.4 frames of first transmissions
    std::map<uint32_t, uint32_t> sends;  //!< flight -> first transmissions
    std::map<uint32_t, uint64_t> bytes;  //!< flight -> DTLS bytes of first transmissions
};

/**
 * \brief Count a 6LoWPAN frame of a DTLS datagram, by its flight tag.
 * \param cost the counts
 * \param packet a frame (or 6LoWPAN fragment) handed to the MAC
 */
void
CountFrame(FlightCost* cost, Ptr<const Packet> packet, Ptr<SixLowPanNetDevice>, uint32_t)
{
    DtlsFlightTag tag;
    if (packet->PeekPacketTag(tag) && !tag.IsRetransmission() &&
        (tag.GetContent() == DtlsFlightTag::HANDSHAKE ||
         tag.GetContent() == DtlsFlightTag::HELLO_VERIFY))
    {
        ++cost->frames[tag.GetFlight()];
    }
}

/**
 * \brief Count a flight's first transmission.
 * \param cost the counts
 * \param retransmissions the retransmission counter
 * \param flight the flight
 * \param retransmission whether it was re-sent
 */
void
CountFlight(FlightCost* cost,
            uint32_t* retransmissions,
            const Address&,
            uint32_t flight,
            uint32_t bytes,
            bool retransmission)
{
    if (retransmission)
    {
        ++*retransmissions;
    }
    else
    {
        ++cost->sends[flight];
        cost->bytes[flight] += bytes;
    }
}

/// The loss-free calibration handshake's time line: when each side sent each flight, and
/// when datagrams reached each side's socket
struct CalibrationTimeline
{
    std::map<uint32_t, Time> sent; //!< flight -> first transmission
    std::vector<Time> clientRx;    //!< datagrams received by the client
    std::vector<Time> serverRx;    //!< datagrams received by the server
};

/**
 * \brief Record a flight's first transmission.
 * \param timeline the time line
 * \param flight the flight
 * \param retransmission whether it was re-sent
 */
void
RecordFlight(CalibrationTimeline* timeline,
             const Address&,
             uint32_t flight,
             uint32_t,
             bool retransmission)
{
    if (!retransmission && timeline->sent.count(flight) == 0)
    {
        timeline->sent[flight] = Simulator::Now();
    }
}

/**
 * \brief Record a datagram received by a socket.
 * \param rx where
 */
void
RecordRx(std::vector<Time>* rx, Ptr<const Packet>, const Address&)
{
    rx->push_back(Simulator::Now());
}

/**
 * \brief From the calibration time line, each flight's airtime (its first send to the last of
 * its datagrams reaching the peer before the peer answered) and the peer's processing (to its
 * answer). The last flight has no answer: its processing is zero.
 * \param timeline the time line
 * \param flights the flights in order
 * \param[out] params where the figures go
 * \return false if the time line is incomplete
 */
bool
MeasureTimes(const CalibrationTimeline& timeline,
             const std::vector<uint32_t>& flights,
             DtlsHandshakeLossModel::Parameters& params)
{
    for (std::size_t i = 0; i < flights.size(); ++i)
    {
        uint32_t k = flights[i];
        auto sent = timeline.sent.find(k);
        if (sent == timeline.sent.end())
        {
            return false;
        }
        bool toServer = (i % 2 == 0);
        const std::vector<Time>& rx = toServer ? timeline.serverRx : timeline.clientRx;
        Time answer = Time::Max();
        if (i + 1 < flights.size())
        {
            auto next = timeline.sent.find(flights[i + 1]);
            if (next == timeline.sent.end())
            {
                return false;
            }
            answer = next->second;
        }
        Time arrived = Time::Min();
        for (Time t : rx)
        {
            if (t >= sent->second && t <= answer)
            {
                arrived = std::max(arrived, t);
            }
        }
        if (arrived == Time::Min())
        {
            return false;
        }
        params.airtime[k] = arrived - sent->second;
        params.processing[k] = answer == Time::Max() ? Time(0) : answer - arrived;
    }
    return true;
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t sensors = 10;
    uint32_t hops = 3;
    double frameLoss = 0.1;
    std::string lossRecovery = "RetransmitFlight";
    uint32_t macRetries = 3;
    uint32_t maxRetransmissions = 7;
    uint32_t handshakeMtu = 1232;
    bool cookie = true;
    double spacing = 40.0;
    Time stagger = Seconds(2);
    bool pcap = false;
    std::string profile = "TelosB";
    std::string rdc = "none";
    Time wakeupInterval = MilliSeconds(125);

    ResultsSink results("handshake-loss");
    CommandLine cmd(__FILE__);
    cmd.Usage("DTLS handshakes over lossy 802.15.4 links: RetransmitFlight vs RestartHandshake.");
    results.AddValue(cmd, "sensors", "sensors the client opens an association with", sensors);
    results.AddValue(cmd, "hops", "route-over hops between the client and the sensors", hops);
    results.AddValue(cmd, "frameLoss", "probability that a frame is lost on a link", frameLoss);
    results.AddValue(cmd,
                     "lossRecovery",
                     "RetransmitFlight (RFC 6347) or RestartHandshake",
                     lossRecovery);
    results.AddValue(cmd, "macRetries", "802.15.4 MAC retries per unicast frame", macRetries);
    results.AddValue(cmd,
                     "maxRetransmissions",
                     "DTLS timer expiries before a handshake is given up",
                     maxRetransmissions);
    results.AddValue(cmd, "handshakeMtu", "largest DTLS handshake datagram [bytes]", handshakeMtu);
    results.AddValue(cmd, "cookie", "server cookie exchange (HelloVerifyRequest)", cookie);
    results.AddValue(cmd, "spacing", "distance between relays [m]", spacing);
    results.AddValue(cmd, "stagger", "time between the starts of two handshakes", stagger);
    results.AddValue(cmd, "pcap", "write handshake-loss-<node>-<dev>.pcap files", pcap);
    results.AddValue(cmd,
                     "profile",
                     "device profile of the sensors and relays (TelosB, CC2538, Class0Mote, "
                     "RaspberryPi3, BorderRouter, Unconstrained); the client is unconstrained",
                     profile);
    results.AddValue(cmd,
                     "rdc",
                     "radio duty cycling of every node: none (always-on receivers) or lpl "
                     "(ContikiMAC-style low-power listening, whose strobes replace macRetries)",
                     rdc);
    results.AddValue(cmd, "wakeupInterval", "lpl: the channel-check interval", wakeupInterval);
    results.Parse(cmd, argc, argv);

    if (rdc != "none" && rdc != "lpl")
    {
        std::cerr << "handshake-loss: rdc must be none or lpl, not '" << rdc << "'" << std::endl;
        return 2;
    }
    if (sensors == 0 || hops == 0 || frameLoss < 0 || frameLoss >= 1 || macRetries > 7 ||
        spacing <= 0 || stagger.IsStrictlyNegative() || handshakeMtu < 64 ||
        (lossRecovery != "RetransmitFlight" && lossRecovery != "RestartHandshake"))
    {
        std::cerr << "handshake-loss: need sensors >= 1, hops >= 1, 0 <= frameLoss < 1, "
                     "macRetries <= 7, spacing > 0, stagger >= 0, handshakeMtu >= 64, and "
                     "lossRecovery RetransmitFlight or RestartHandshake"
                  << std::endl;
        return 2;
    }
    if (pcap)
    {
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    }

    // Topology: the client, hops-1 relays in a line, and the sensors around the last relay
    // (or around the client when hops == 1), beyond the hearing of the relay before it.
    NodeContainer client;
    client.Create(1);
    NodeContainer relays;
    relays.Create(hops - 1);
    NodeContainer sensorNodes;
    sensorNodes.Create(sensors);
    NodeContainer all(client, relays, sensorNodes);

    Ptr<ListPositionAllocator> positions = CreateObject<ListPositionAllocator>();
    positions->Add(Vector(0, 0, 0));
    for (uint32_t i = 1; i < hops; ++i)
    {
        positions->Add(Vector(i * spacing, 0, 0));
    }
    double lastX = (hops - 1) * spacing;
    for (uint32_t i = 0; i < sensors; ++i)
    {
        double angle = (sensors == 1 ? 0.0 : (i / double(sensors - 1) - 0.5) * M_PI / 2);
        double radius = 0.6 * spacing;
        positions->Add(Vector(lastX + radius * std::cos(angle), radius * std::sin(angle), 0));
    }
    MobilityHelper mobility;
    mobility.SetPositionAllocator(positions);
    mobility.SetMobilityModel("ns3::ConstantPositionMobilityModel");
    mobility.Install(all);

    InternetStackHelper internet;
    internet.SetIpv4StackInstall(false);
    internet.Install(all);

    Ptr<LogDistancePropagationLossModel> distance = CreateObject<LogDistancePropagationLossModel>();
    Ptr<FrameErasurePropagationLossModel> erasure =
        CreateObject<FrameErasurePropagationLossModel>();
    erasure->SetAttribute("ErasureProbability", DoubleValue(frameLoss));
    distance->SetNext(erasure);
    LlnHelper lln;
    lln.SetPropagationLossModel(distance);
    lln.SetMaxLossDb(100.0);
    if (rdc == "lpl")
    {
        lln.SetRdc(LlnHelper::RDC_LPL);
        lln.SetLplAttribute("WakeupInterval", TimeValue(wakeupInterval));
    }
    NetDeviceContainer six = lln.Install(all);
    lln.AssignAddresses(six, Ipv6Address("2001:1::"), Ipv6Prefix(64));
    NetDeviceContainer lrwpan = lln.GetLrWpanDevices();
    for (uint32_t i = 0; i < lrwpan.GetN(); ++i)
    {
        DynamicCast<LrWpanNetDevice>(lrwpan.Get(i))
            ->GetMac()
            ->SetMacMaxFrameRetries(static_cast<uint8_t>(macRetries));
    }
    // Routes: the client and the relays form a chain; each sensor hangs off its end
    for (uint32_t s = 0; s < sensors; ++s)
    {
        NetDeviceContainer path;
        for (uint32_t i = 0; i < hops; ++i)
        {
            path.Add(six.Get(i));
        }
        path.Add(six.Get(hops + s));
        LlnHelper::InstallChainRoutes(path);
    }

    // Device profiles: the sensors and relays are constrained, the client is not; every node
    // draws its radio and CPU energy from a battery
    NodeModelHelper sensorModel;
    sensorModel.SetPreset(profile); // aborts on an unknown preset, listing the presets
    sensorModel.Install(NodeContainer(relays, sensorNodes));
    NodeModelHelper clientModel;
    clientModel.SetPreset("Unconstrained");
    clientModel.Install(client);
    NodeEnergyHelper energy;
    energy.Install(all);

    // DTLS: one key per sensor, known to the sensor and the client
    DtlsHelper dtls;
    dtls.SetSocketAttribute("LossRecovery", StringValue(lossRecovery));
    dtls.SetSocketAttribute("MaxRetransmissions", UintegerValue(maxRetransmissions));
    dtls.SetSocketAttribute("HandshakeMtu", UintegerValue(handshakeMtu));
    dtls.SetSocketAttribute("CookieExchange", BooleanValue(cookie));
    ApplicationContainer servers = dtls.InstallServer(sensorNodes, 5684, false);
    ApplicationContainer clients;
    for (uint32_t s = 0; s < sensors; ++s)
    {
        std::string identity = "sensor-" + std::to_string(s);
        Bytes key = DtlsHelper::DeriveKey("handshake-loss", s);
        DtlsHelper::InstallPsk(sensorNodes.Get(s), identity, key);
        DtlsHelper::InstallPsk(client.Get(0), identity, key);
        Address remote(Inet6SocketAddress(LlnHelper::GetGlobalAddress(six.Get(hops + s)), 5684));
        ApplicationContainer c = dtls.InstallClient(client.Get(0), remote, identity, 0);
        c.Start(Seconds(1) + stagger * s);
        clients.Add(c);
    }
    servers.Start(Seconds(0));

    int64_t stream = 1;
    stream += lln.AssignStreams(stream);
    stream += internet.AssignStreams(all, stream);
    stream += DtlsHelper::AssignStreams(clients, stream);
    stream += DtlsHelper::AssignStreams(servers, stream);

    Ptr<AirTrafficMonitor> air = CreateObject<AirTrafficMonitor>();
    air->Install(lrwpan);

    // Calibration: one loss-free handshake between two extra nodes on a channel of their own
    // (invisible to the study's nodes), a client and a server with the sensors' profile,
    // measures how many 802.15.4 frames each flight takes with this configuration, how long
    // it takes to arrive and how long the peer works on it; the analytic expectation uses
    // those figures.
    NodeContainer calibration;
    calibration.Create(2);
    MobilityHelper calMobility;
    calMobility.SetMobilityModel("ns3::ConstantPositionMobilityModel");
    Ptr<ListPositionAllocator> calPositions = CreateObject<ListPositionAllocator>();
    calPositions->Add(Vector(0, -10000, 0));
    calPositions->Add(Vector(spacing, -10000, 0));
    calMobility.SetPositionAllocator(calPositions);
    calMobility.Install(calibration);
    internet.Install(calibration);
    clientModel.Install(calibration.Get(0));
    sensorModel.Install(calibration.Get(1));
    LlnHelper calLln;
    calLln.SetPanId(0x4321);
    NetDeviceContainer calSix = calLln.Install(calibration);
    calLln.AssignAddresses(calSix, Ipv6Address("2001:9::"), Ipv6Prefix(64));
    LlnHelper::InstallChainRoutes(calSix);
    DtlsHelper calDtls;
    calDtls.SetSocketAttribute("HandshakeMtu", UintegerValue(handshakeMtu));
    calDtls.SetSocketAttribute("CookieExchange", BooleanValue(cookie));
    Bytes calKey = DtlsHelper::DeriveKey("handshake-loss-calibration", 0);
    DtlsHelper::InstallPsk(calibration, "sensor-0", calKey);
    ApplicationContainer calApps = calDtls.InstallServer(calibration.Get(1), 5684, false);
    calApps.Add(
        calDtls.InstallClient(calibration.Get(0),
                              Inet6SocketAddress(LlnHelper::GetGlobalAddress(calSix.Get(1)), 5684),
                              "sensor-0",
                              0));
    calApps.Get(1)->SetStartTime(Seconds(0.5));
    stream += calLln.AssignStreams(stream);
    stream += internet.AssignStreams(calibration, stream);
    stream += DtlsHelper::AssignStreams(calApps, stream);
    FlightCost cost;
    for (uint32_t i = 0; i < 2; ++i)
    {
        calSix.Get(i)->TraceConnectWithoutContext("Tx", MakeBoundCallback(&CountFrame, &cost));
    }
    uint32_t calibrationRetransmissions = 0;
    DynamicCast<DtlsClientApplication>(calApps.Get(1))
        ->TraceConnectWithoutContext(
            "FlightSent",
            MakeBoundCallback(&CountFlight, &cost, &calibrationRetransmissions));
    DynamicCast<DtlsServerApplication>(calApps.Get(0))
        ->TraceConnectWithoutContext(
            "FlightSent",
            MakeBoundCallback(&CountFlight, &cost, &calibrationRetransmissions));
    CalibrationTimeline timeline;
    for (uint32_t i = 0; i < 2; ++i)
    {
        calApps.Get(i)->TraceConnectWithoutContext("FlightSent",
                                                   MakeBoundCallback(&RecordFlight, &timeline));
    }
    // The sockets exist once the applications have started (the server at 0 s, the client at
    // 0.5 s; both before anything reaches them)
    Simulator::Schedule(Seconds(0.5) + NanoSeconds(1), [&calApps, &timeline]() {
        DynamicCast<DtlsServerApplication>(calApps.Get(0))
            ->GetSocket()
            ->TraceConnectWithoutContext("Rx", MakeBoundCallback(&RecordRx, &timeline.serverRx));
        DynamicCast<DtlsClientApplication>(calApps.Get(1))
            ->GetSocket()
            ->TraceConnectWithoutContext("Rx", MakeBoundCallback(&RecordRx, &timeline.clientRx));
    });
    if (pcap)
    {
        lln.EnablePcap("handshake-loss");
    }

    // Retransmitted flights and restarts, on both sides
    uint32_t retransmissions = 0;
    uint32_t restarts = 0;
    FlightCost studyFlights;
    for (uint32_t i = 0; i < all.GetN(); ++i)
    {
        std::ostringstream path;
        path << "/NodeList/" << all.Get(i)->GetId() << "/ApplicationList/*/";
        // a node runs client or server applications, not both
        Config::ConnectWithoutContextFailSafe(
            path.str() + "$ns3::DtlsClientApplication/FlightSent",
            MakeBoundCallback(&CountFlight, &studyFlights, &retransmissions));
        Config::ConnectWithoutContextFailSafe(
            path.str() + "$ns3::DtlsServerApplication/FlightSent",
            MakeBoundCallback(&CountFlight, &studyFlights, &retransmissions));
    }
    Config::ConnectWithoutContext(
        "/NodeList/" + std::to_string(client.Get(0)->GetId()) +
            "/ApplicationList/*/$ns3::DtlsClientApplication/HandshakeRestarted",
        MakeCallback(+[](uint32_t* n, const Address&) { ++*n; }).Bind(&restarts));

    // Long enough for the last handshake to use every retransmission
    Time worst;
    Time timer = Seconds(1);
    for (uint32_t i = 0; i <= maxRetransmissions; ++i)
    {
        worst += timer;
        timer = std::min(timer * 2, Seconds(60));
    }
    Time stop = Seconds(1) + stagger * sensors + worst * 3 + Seconds(10);
    Simulator::Stop(stop);
    Simulator::Run();

    // Results
    uint32_t succeeded = 0;
    std::vector<double> durations;
    for (uint32_t s = 0; s < sensors; ++s)
    {
        Ptr<DtlsClientApplication> app = DynamicCast<DtlsClientApplication>(clients.Get(s));
        if (app->IsEstablished())
        {
            ++succeeded;
            durations.push_back(app->GetSocket()->GetHandshakeStats().duration.GetSeconds());
        }
    }
    results.SetMetric("handshakes", sensors);
    results.SetMetric("handshakesSucceeded", succeeded);
    results.SetMetric("handshakeSuccessRatio", double(succeeded) / sensors);
    results.SetSummaryMetrics("handshakeTime", "_s", durations);
    results.SetMetric("retransmissions", retransmissions);
    results.SetMetric("restarts", restarts);
    results.SetMetric("lln_frames", air->GetTotalFrames());
    results.SetMetric("lln_bytes", air->GetTotalBytes());
    results.SetMetric("linkErasures", erasure->GetErased());

    // Energy per sensor over the run, radio and CPU apart, and the RAM security state holds
    EnergySummary e = NodeEnergyHelper::Summarize(sensorNodes);
    results.SetMetric("sensorEnergy_mean_J", e.mean);
    results.SetMetric("sensorEnergy_max_J", e.max);
    results.SetMetric("sensorEnergy_total_J", e.total);
    results.SetMetric("sensorRadioEnergy_mean_J", e.radioMean);
    results.SetMetric("sensorRadioEnergy_max_J", e.radioMax);
    results.SetMetric("sensorRadioEnergy_total_J", e.radioTotal);
    results.SetMetric("sensorCpuEnergy_mean_J", e.cpuMean);
    results.SetMetric("sensorCpuEnergy_max_J", e.cpuMax);
    results.SetMetric("sensorCpuEnergy_total_J", e.cpuTotal);
    results.SetMetric("sensorDutyCycle_mean", e.dutyCycleMean);
    results.SetMetric("sensorDutyCycle_max", e.dutyCycleMax);
    results.SetMetric("sensorLifetime_min_days",
                      NodeEnergyHelper::LifetimeDays(energy.GetInitialEnergy(), e.powerMax));
    results.SetMetric("clientEnergy_J", NodeEnergyHelper::GetNodeEnergy(client.Get(0)).Total());
    double ramSum = 0;
    uint32_t ramMax = 0;
    uint64_t refused = 0;
    for (uint32_t s = 0; s < sensors; ++s)
    {
        Ptr<RamModel> ram = NodeModelHelper::GetRam(sensorNodes.Get(s));
        ramSum += ram->GetUsedBytes();
        ramMax = std::max(ramMax, ram->GetUsedBytes());
        refused += ram->GetRefused();
    }
    results.SetMetric("sensorRam_mean_bytes", ramSum / sensors);
    results.SetMetric("sensorRam_max_bytes", ramMax);
    results.SetMetric("sensorRamBudget_bytes",
                      NodeModelHelper::GetRam(sensorNodes.Get(0))->GetBudgetBytes());
    results.SetMetric("clientRam_bytes", NodeModelHelper::GetRam(client.Get(0))->GetUsedBytes());
    results.SetMetric("refusedSessions", refused);

    // The analytic expectation, from the frames each flight took
    std::vector<uint32_t> flights =
        cookie ? std::vector<uint32_t>{1, 2, 3, 4, 5, 6} : std::vector<uint32_t>{1, 4, 5, 6};
    bool allSeen = true;
    std::map<uint32_t, double> framesPerFlight;
    for (uint32_t k : flights)
    {
        allSeen = allSeen && cost.sends[k] > 0;
        framesPerFlight[k] = cost.sends[k] > 0 ? double(cost.frames[k]) / cost.sends[k] : 0.0;
        results.SetMetric("flight" + std::to_string(k) + "_frames", framesPerFlight[k]);
        results.SetMetric("flight" + std::to_string(k) + "_bytes",
                          cost.sends[k] > 0 ? double(cost.bytes[k]) / cost.sends[k] : 0.0);
        results.SetMetric("flight" + std::to_string(k) + "_sends", studyFlights.sends[k]);
    }
    // The exact model (DtlsHandshakeLossModel): each transmission of flight k arrives with
    // P_k = q^(H n_k), q = 1 - p^(R + 1) the chance that a frame crosses a hop; its airtime
    // is the calibration's over one hop times H, the peer's work on it the calibration's
    DtlsHandshakeLossModel::Parameters model;
    model.lossRecovery = lossRecovery == "RestartHandshake" ? DtlsLossRecovery::RESTART_HANDSHAKE
                                                            : DtlsLossRecovery::RETRANSMIT_FLIGHT;
    model.cookieExchange = cookie;
    model.maxRetransmissions = maxRetransmissions;
    {
        TypeId tid = DtlsSocket::GetTypeId();
        TypeId::AttributeInformation info;
        // the DtlsSocket defaults in force (--ns3::DtlsSocket::... changes them)
        for (const char* name : {"InitialTimeout", "MaxTimeout", "HandshakeTimeout"})
        {
            NS_ABORT_UNLESS(tid.LookupAttributeByName(name, &info));
            Time value = DynamicCast<const TimeValue>(info.initialValue)->Get();
            (std::string(name) == "InitialTimeout" ? model.initialTimeout
             : std::string(name) == "MaxTimeout"   ? model.maxTimeout
                                                   : model.handshakeTimeout) = value;
        }
    }
    // The model's per-hop frame loss is the MAC's retries; a strobe is a different channel
    // (copies until acknowledged, and a wait for the receiver's check): no expectation
    bool timed = rdc == "none" && allSeen && MeasureTimes(timeline, flights, model);
    if (timed)
    {
        double hop = 1.0 - std::pow(frameLoss, macRetries + 1.0); // a frame crosses a hop
        for (uint32_t k : flights)
        {
            model.arrival[k] = std::pow(hop, hops * framesPerFlight[k]);
            model.airtime[k] = model.airtime[k] * int64_t(hops);
            results.SetMetric("flight" + std::to_string(k) + "_airtime_s",
                              model.airtime[k].GetSeconds());
            results.SetMetric("flight" + std::to_string(k) + "_processing_s",
                              model.processing[k].GetSeconds());
        }
        // Outside the model's domain (an answer slower than the first timer, more
        // retransmissions than the enumeration takes) the run keeps its results, without it
        std::string why = DtlsHandshakeLossModel::Check(model);
        if (why.empty())
        {
            results.SetMetric("expectedSuccessRatio",
                              DtlsHandshakeLossModel::SuccessProbability(model));
            results.SetMetric("roundModelSuccessRatio",
                              model.lossRecovery == DtlsLossRecovery::RESTART_HANDSHAKE
                                  ? DtlsHandshakeLossModel::RestartClosedForm(model)
                                  : DtlsHandshakeLossModel::RetransmitRoundBound(model));
        }
        else
        {
            std::cerr << "handshake-loss: no expectedSuccessRatio: " << why << std::endl;
            timed = false;
        }
    }
    if (!timed)
    {
        results.SetMetric("expectedSuccessRatio", JsonValue());
        results.SetMetric("roundModelSuccessRatio", JsonValue());
    }
    int status = results.Finish();
    Simulator::Destroy();
    return status;
}
