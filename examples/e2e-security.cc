/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup iotsec
 * End-to-end security through the 6LoWPAN border router (Brachmann et al., ICCCN 2012): four
 * ways for a back-end on the Internet to reach a light of the building, side by side.
 *
 * A building of `floors` floors of `lightsPerFloor` 802.15.4 lights (one per room) with a 6LBR
 * per floor, routed by ETX trees (BuildingTopologyHelper); one back-end on the Internet side.
 * The target is the first light of floor 0 that is `hops` hops from its 6LBR. The back-end
 * sends `requests` requests to it, one after the other (GET /light, PUT /light on, GET,
 * PUT off, ...), over one secured association:
 * - `trusted-proxy`: HTTPS to the 6LBR, which maps HTTP to CoAP (RFC 8075) and opens its own
 *   DTLS session to the light (the WAP-gap baseline: the 6LBR handles the plaintext);
 * - `mapping`: HTTPS to the 6LBR, which maps TLS records and handshake messages to DTLS and
 *   back without a key (Table I); the light runs its HTTP server over DTLS with the paper's
 *   double Finished check (AcceptMappedTls);
 * - `tunnel`: CoAP over DTLS from the back-end to the light, inside an outer DTLS session
 *   from the back-end to the 6LBR (DTLS in DTLS);
 * - `coap-e2e`: CoAP over DTLS from the back-end to the light, end to end (the baseline);
 * - `compare` (the default): the four, each on a fresh copy of the same building.
 * The light's firmware is the same in every mode: DTLS with AcceptMappedTls, so it needs one
 * Finished check for a DTLS peer and two for a mapped TLS peer. It asks DTLS clients for a
 * cookie (`cookie`), except in `mapping`, where TCP's handshake proved the client's address.
 * `tamper` makes the 6LBR corrupt a field of the handshake: in `mapping` while it maps
 * (TlsDtlsMappingApplication Tamper), in `tunnel` in the inner datagrams it relays
 * (DtlsTunnelApplication Tamper), in `coap-e2e` in the datagrams it forwards
 * (DtlsTamperQueueDisc on its devices). The light must detect it (attacks detected) and no
 * request may succeed. In `trusted-proxy` the 6LBR is the light's DTLS peer and holds the
 * plaintext: nothing it does can be detected, and `tamper` does not apply.
 *
 *     ./iotsec run e2e-security
 *     ./iotsec run e2e-security --hops=3 --frameLoss=0.1
 *     ./iotsec run e2e-security --mode=mapping --tamper=ClientRandom
 *     ./iotsec run e2e-security --mode=mapping --pcap=1
 */

#include "ns3/air-traffic-monitor.h"
#include "ns3/building-topology-helper.h"
#include "ns3/coap-client-application.h"
#include "ns3/coap-helper.h"
#include "ns3/coap-server-application.h"
#include "ns3/coap-socket-binding.h"
#include "ns3/core-module.h"
#include "ns3/cpu-model.h"
#include "ns3/csma-helper.h"
#include "ns3/csma-net-device.h"
#include "ns3/device-profile.h"
#include "ns3/dtls-helper.h"
#include "ns3/dtls-socket.h"
#include "ns3/dtls-tamper.h"
#include "ns3/dtls-tunnel.h"
#include "ns3/hex-encoding.h"
#include "ns3/http-applications.h"
#include "ns3/http-coap-proxy-application.h"
#include "ns3/internet-module.h"
#include "ns3/iotsec-compat.h"
#include "ns3/lr-wpan-mac.h"
#include "ns3/lr-wpan-net-device.h"
#include "ns3/node-energy-helper.h"
#include "ns3/node-model-helper.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/ram-model.h"
#include "ns3/results-sink.h"
#include "ns3/tls-dtls-mapping-application.h"
#include "ns3/tls-socket.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::lrwpan; // NOLINT: ns-3 >= 3.42 keeps lr-wpan in ns3::lrwpan

NS_LOG_COMPONENT_DEFINE("E2eSecurity");

namespace
{

const uint16_t HTTPS_PORT = 443;   //!< the 6LBR's HTTPS port (trusted-proxy, mapping)
const uint16_t NODE_PORT = 5684;   //!< the light's DTLS port
const uint16_t TUNNEL_PORT = 5685; //!< the 6LBR's outer DTLS port (tunnel)
const double NaN = std::numeric_limits<double>::quiet_NaN(); //!< not measured

/// The scenario's parameters
struct Parameters
{
    uint32_t floors{1};               //!< floors
    uint32_t lightsPerFloor{40};      //!< lights per floor
    uint32_t hops{2};                 //!< hops from the light to its 6LBR
    uint32_t requests{10};            //!< requests the back-end sends
    double frameLoss{0};              //!< 802.15.4 frame loss per link
    uint32_t macRetries{3};           //!< 802.15.4 MAC retries per unicast frame
    bool cookie{true};                //!< the light's cookie exchange with DTLS clients
    std::string tamper{"None"};       //!< the field a tampering 6LBR corrupts
    std::string profile{"TelosB"};    //!< device profile of the lights
    Time start{Seconds(1)};           //!< when the back-end starts
    Time duration{Seconds(300)};      //!< simulated time of each run
    bool pcap{false};                 //!< pcaps of the LLN and the back-end's link
    int64_t streamBase{1};            //!< first random stream
    std::vector<std::string> modes{}; //!< modes to run
};

/// What one mode measured
struct Report
{
    uint32_t lightNode{0};             //!< the target light's node ID
    uint32_t routerNode{0};            //!< its 6LBR's node ID
    uint32_t requested{0};             //!< requests the back-end was asked to send
    uint32_t succeeded{0};             //!< requests answered with success
    double handshakeTime{NaN};         //!< back-end start -> the light's handshake completed, s
    double firstResponse{NaN};         //!< back-end start -> first response, s
    double requestLatency{NaN};        //!< mean latency of the later requests, s
    uint64_t llnFrames{0};             //!< 802.15.4 frames on the air
    uint64_t llnBytes{0};              //!< 802.15.4 bytes on the air
    double nodeCpuTime{0};             //!< the light's CPU busy time, s
    double nodeEnergy{0};              //!< the light's energy (radio and CPU), J
    double nodeActiveEnergy{0};        //!< of which its frames and CPU, J
    double nodeCpuEnergy{0};           //!< of which its CPU, J
    uint32_t nodeRamPeak{0};           //!< the light's security RAM, peak, bytes
    double brPlaintext{0};             //!< application bytes the 6LBR handled in the clear
    uint32_t brStatePeak{0};           //!< security state the 6LBR held, peak, bytes (one
                                       //!< back-end connection)
    double brCpuTime{0};               //!< the 6LBR's CPU busy time, s
    double finishedChecks{NaN};        //!< Finished checks the light needed (last handshake)
    uint32_t nodeHandshakes{0};        //!< handshakes the light completed
    uint32_t attacksDetected{0};       //!< AttackDetected at the light
    uint32_t recordsRejected{0};       //!< records the light rejected (MAC, replay, ...)
    uint32_t handshakesFailed{0};      //!< handshakes the light saw fail
    std::vector<Time> responseTimes{}; //!< when each successful response arrived

    /// \return requests answered / asked for
    double SuccessRatio() const
    {
        return requested ? double(succeeded) / requested : NaN;
    }

    /// \return 802.15.4 frames per request asked for
    double FramesPerRequest() const
    {
        return requested ? double(llnFrames) / requested : NaN;
    }

    /// \return 802.15.4 bytes per request asked for
    double BytesPerRequest() const
    {
        return requested ? double(llnBytes) / requested : NaN;
    }
};

/// \param i a request's index \return the light's value after it (PUT) or nullptr (GET)
const char*
PutValue(uint32_t i)
{
    if (i % 2 == 0)
    {
        return nullptr;
    }
    return (i / 2) % 2 == 0 ? "on" : "off";
}

/// \param p parameters \return the requests as HTTP messages
std::vector<HttpMessage>
HttpRequests(const Parameters& p)
{
    std::vector<HttpMessage> out;
    for (uint32_t i = 0; i < p.requests; ++i)
    {
        const char* put = PutValue(i);
        HttpMessage r = HttpMessage::MakeRequest(put ? "PUT" : "GET", "/light");
        r.SetField("Host", "light");
        if (put)
        {
            r.SetField("Content-Type", "text/plain;charset=utf-8");
            r.SetBody(std::string(put));
        }
        out.push_back(r);
    }
    return out;
}

/// \param p parameters \return the requests as a CoapClientApplication script
std::string
CoapScript(const Parameters& p)
{
    std::ostringstream s;
    for (uint32_t i = 0; i < p.requests; ++i)
    {
        const char* put = PutValue(i);
        s << (i ? "; " : "") << (put ? std::string("PUT /light ") + put : "GET /light");
    }
    return s.str();
}

/**
 * \brief Watch the light's DTLS socket: handshakes, Finished checks, attacks, rejections.
 * \param socket the light's DTLS server socket
 * \param r where the counts go
 */
void
WatchLight(Ptr<DtlsSocket> socket, Report* r)
{
    NS_ABORT_MSG_UNLESS(socket, "e2e-security: the light has no DTLS server socket");
    socket->TraceConnectWithoutContext(
        "HandshakeCompleted",
        MakeBoundCallback(
            +[](Report* r, const Address&, const DtlsHandshakeStats& s) {
                if (r->nodeHandshakes++ == 0)
                {
                    r->handshakeTime = Simulator::Now().GetSeconds();
                }
                r->finishedChecks = s.finishedChecks;
            },
            r));
    socket->TraceConnectWithoutContext(
        "AttackDetected",
        MakeBoundCallback(
            +[](Report* r, const Address&, const std::string&) { ++r->attacksDetected; },
            r));
    socket->TraceConnectWithoutContext(
        "RecordRejected",
        MakeBoundCallback(
            +[](Report* r, const Address&, DtlsRejectReason) { ++r->recordsRejected; },
            r));
    socket->TraceConnectWithoutContext(
        "HandshakeFailed",
        MakeBoundCallback(
            +[](Report* r, const Address&, const std::string&) { ++r->handshakesFailed; },
            r));
}

/// Periodically sample a RAM model's peak
void
SampleRam(Ptr<RamModel> ram, Time period)
{
    ram->Sample();
    Simulator::Schedule(period, &SampleRam, ram, period);
}

/**
 * \brief Build the building and one mode's applications, run it, and return its report.
 * \param p the parameters
 * \param mode the mode
 * \param[out] r the report (traces write to it until Simulator::Destroy())
 * \return why it could not run (empty: it ran)
 */
std::string
RunMode(const Parameters& p, const std::string& mode, Report& r)
{
    std::string error;
    Ptr<BuildingTopologyHelper> building = CreateObject<BuildingTopologyHelper>();
    building->SetAttribute("Floors", UintegerValue(p.floors));
    building->SetAttribute("RoomsPerFloor", UintegerValue(p.lightsPerFloor));
    building->SetAttribute("NodesPerRoom", UintegerValue(1));
    building->SetAttribute("InternetHosts", UintegerValue(1));
    int64_t stream = p.streamBase;
    error = building->BuildAndRoute(stream);
    if (!error.empty())
    {
        return error;
    }
    stream += building->AddFrameErasure(p.frameLoss, stream);
    NetDeviceContainer radios = building->GetLrWpanDevices();
    for (uint32_t i = 0; i < radios.GetN(); ++i)
    {
        DynamicCast<LrWpanNetDevice>(radios.Get(i))
            ->GetMac()
            ->SetMacMaxFrameRetries(static_cast<uint8_t>(p.macRetries));
    }

    // The target: the first light of floor 0 that is `hops` hops from its 6LBR
    NodeContainer floor = building->GetFloorLights(0);
    Ptr<Node> light;
    std::map<uint32_t, uint32_t> hopCounts;
    for (uint32_t i = 0; i < floor.GetN(); ++i)
    {
        uint32_t h = building->GetHopCount(floor.Get(i));
        ++hopCounts[h];
        if (!light && h == p.hops)
        {
            light = floor.Get(i);
        }
    }
    if (!light)
    {
        std::ostringstream os;
        os << "no light of floor 0 is " << p.hops << " hop(s) from its 6LBR (hops: lights";
        for (const auto& [h, n] : hopCounts)
        {
            os << " " << h << ":" << n;
        }
        os << "); change hops or lightsPerFloor";
        return os.str();
    }
    Ptr<Node> router = building->GetBorderRouter(light);
    r.lightNode = light->GetId();
    r.routerNode = router->GetId();
    Ptr<Node> backEnd = building->GetInternetHosts().Get(0);
    Ipv6Address lightAddress = building->GetAddress(light);
    Ipv6Address routerAddress =
        building->GetBorderRouterBackboneAddress(building->GetNodeInfo(router).dodag);
    Inet6SocketAddress lightEndpoint(lightAddress, NODE_PORT);

    // Device profiles and energy: the lights, the 6LBRs, an unconstrained back-end
    NodeModelHelper lights;
    lights.SetPreset(p.profile);
    lights.Install(building->GetLights());
    NodeModelHelper routers;
    routers.SetPreset("BorderRouter");
    routers.Install(building->GetBorderRouters());
    NodeModelHelper hosts;
    hosts.SetPreset("Unconstrained");
    hosts.Install(NodeContainer(backEnd));
    NodeEnergyHelper energy;
    energy.Install(building->GetLlnNodes());
    Ptr<AirTrafficMonitor> air = CreateObject<AirTrafficMonitor>();
    air->Install(building->GetLrWpanDevices());

    // Keys: "backend" between the back-end and the light (end to end; in trusted-proxy
    // between the back-end and the 6LBR), "router" between the 6LBR and the light
    // (trusted-proxy) or the back-end and the 6LBR (tunnel)
    Bytes e2eKey = DtlsHelper::DeriveKey("e2e-security-backend", 0);
    Bytes routerKey = DtlsHelper::DeriveKey("e2e-security-router", 0);
    bool proxied = mode == "trusted-proxy";
    DtlsHelper::InstallPsk(light, proxied ? "router" : "backend", proxied ? routerKey : e2eKey);

    // The light: the same firmware in every mode
    DtlsHelper lightDtls;
    lightDtls.SetSocketAttribute("AcceptMappedTls", BooleanValue(true));
    lightDtls.SetSocketAttribute("CookieExchange", BooleanValue(p.cookie && mode != "mapping"));
    lightDtls.InstallSocketFactory(NodeContainer(light));
    ApplicationContainer lightApps;
    Ptr<CoapServerApplication> coapServer;
    Ptr<HttpServerApplication> httpServer;
    if (mode == "mapping")
    {
        httpServer = CreateObject<HttpServerApplication>();
        httpServer->SetAttribute("SocketFactory", TypeIdValue(DtlsSocketFactory::GetTypeId()));
        httpServer->SetAttribute("Port", UintegerValue(NODE_PORT));
        httpServer->AddResource("/light", "off");
        light->AddApplication(httpServer);
        lightApps.Add(httpServer);
    }
    else
    {
        CoapHelper coap;
        coap.SetBindingAttribute("SocketFactory", TypeIdValue(DtlsSocketFactory::GetTypeId()));
        coap.SetServerAttribute("Port", UintegerValue(NODE_PORT));
        coap.SetServerAttribute("Resources", StringValue("settable /light off"));
        lightApps = coap.InstallServer(NodeContainer(light));
        coapServer = DynamicCast<CoapServerApplication>(lightApps.Get(0));
    }
    lightApps.Start(Seconds(0));

    // The 6LBR and the back-end
    Ptr<HttpCoapProxyApplication> proxy;
    Ptr<TlsDtlsMappingApplication> mapper;
    Ptr<DtlsTunnelApplication> tunnel;
    Ptr<HttpClientApplication> httpClient;
    Ptr<CoapClientApplication> coapClient;
    ApplicationContainer routerApps;
    if (mode == "trusted-proxy" || mode == "mapping")
    {
        Ptr<TlsSocketFactory> tls = CreateObject<TlsSocketFactory>();
        tls->SetSocketAttribute("PskIdentity", StringValue("backend"));
        tls->SetSocketAttribute("Psk", StringValue(HexEncode(e2eKey)));
        backEnd->AggregateObject(tls);
        httpClient = CreateObject<HttpClientApplication>();
        httpClient->SetAttribute("SocketFactory", TypeIdValue(TlsSocketFactory::GetTypeId()));
        httpClient->SetAttribute("Remote",
                                 AddressValue(Inet6SocketAddress(routerAddress, HTTPS_PORT)));
        for (const HttpMessage& m : HttpRequests(p))
        {
            httpClient->AddRequest(m);
        }
        backEnd->AddApplication(httpClient);
        httpClient->SetStartTime(p.start);
        if (proxied)
        {
            DtlsHelper::InstallPsk(router, "backend", e2eKey);
            DtlsHelper::InstallPsk(router, "router", routerKey);
            router->AggregateObject(CreateObject<TlsSocketFactory>());
            DtlsHelper routerDtls;
            routerDtls.SetSocketAttribute("PskIdentity", StringValue("router"));
            routerDtls.InstallSocketFactory(NodeContainer(router));
            proxy = CreateObject<HttpCoapProxyApplication>();
            proxy->SetAttribute("Port", UintegerValue(HTTPS_PORT));
            proxy->SetAttribute("HttpSocketFactory", TypeIdValue(TlsSocketFactory::GetTypeId()));
            proxy->SetAttribute("CoapSocketFactory", TypeIdValue(DtlsSocketFactory::GetTypeId()));
            std::ostringstream host;
            host << lightAddress;
            proxy->SetAttribute("FixedHost", StringValue(host.str()));
            proxy->SetAttribute("FixedPort", UintegerValue(NODE_PORT));
            router->AddApplication(proxy);
            routerApps.Add(proxy);
        }
        else
        {
            mapper = CreateObject<TlsDtlsMappingApplication>();
            mapper->SetAttribute("Port", UintegerValue(HTTPS_PORT));
            mapper->SetAttribute("NodeAddress", Ipv6AddressValue(lightAddress));
            mapper->SetAttribute("NodePort", UintegerValue(NODE_PORT));
            mapper->SetAttribute("Tamper", StringValue(p.tamper));
            router->AddApplication(mapper);
            routerApps.Add(mapper);
        }
    }
    else
    {
        DtlsHelper::InstallPsk(backEnd, "backend", e2eKey);
        DtlsHelper backEndDtls;
        backEndDtls.SetSocketAttribute("PskIdentity", StringValue("backend"));
        if (mode == "tunnel")
        {
            DtlsHelper::InstallPsk(backEnd, "router", routerKey);
            DtlsHelper::InstallPsk(router, "router", routerKey);
            Ptr<DtlsTunnelSocketFactory> outer = CreateObject<DtlsTunnelSocketFactory>();
            outer->SetSocketAttribute("Gateway",
                                      AddressValue(Inet6SocketAddress(routerAddress, TUNNEL_PORT)));
            outer->SetSocketAttribute("OuterPskIdentity", StringValue("router"));
            backEnd->AggregateObject(outer);
            backEndDtls.SetSocketAttribute("TransportSocketFactory",
                                           TypeIdValue(DtlsTunnelSocketFactory::GetTypeId()));
            DtlsHelper routerDtls;
            routerDtls.InstallSocketFactory(NodeContainer(router));
            tunnel = CreateObject<DtlsTunnelApplication>();
            tunnel->SetAttribute("Port", UintegerValue(TUNNEL_PORT));
            tunnel->SetAttribute("Tamper", StringValue(p.tamper));
            router->AddApplication(tunnel);
            routerApps.Add(tunnel);
        }
        else if (p.tamper != "None")
        {
            // coap-e2e: the 6LBR forwards the DTLS datagrams, and corrupts them on its way
            TlsDtlsTamperField field = TAMPER_NONE;
            TlsDtlsTamperFieldFromName(p.tamper, field); // checked in main()
            NetDeviceContainer devices(building->GetNodeInfo(router).llnDevice);
            for (uint32_t i = 0; i < router->GetNDevices(); ++i)
            {
                Ptr<NetDevice> d = router->GetDevice(i);
                if (DynamicCast<CsmaNetDevice>(d) || DynamicCast<PointToPointNetDevice>(d))
                {
                    devices.Add(d); // the backbone
                }
            }
            DtlsTamperQueueDisc::Install(devices, field);
        }
        backEndDtls.InstallSocketFactory(NodeContainer(backEnd));
        CoapHelper coap;
        coap.SetBindingAttribute("SocketFactory", TypeIdValue(DtlsSocketFactory::GetTypeId()));
        coap.SetClientAttribute("Script", StringValue(CoapScript(p)));
        coap.SetClientAttribute("Interval", TimeValue(Seconds(0)));
        ApplicationContainer c = coap.InstallClient(NodeContainer(backEnd), lightEndpoint);
        c.Start(p.start);
        coapClient = DynamicCast<CoapClientApplication>(c.Get(0));
        stream += CoapHelper::AssignStreams(c, stream);
    }
    if (coapServer)
    {
        stream += CoapHelper::AssignStreams(lightApps, stream);
    }
    routerApps.Start(Seconds(0));

    // Measurements
    r.requested = p.requests;
    Ptr<RamModel> routerRam = NodeModelHelper::GetRam(router);
    Ptr<RamModel> lightRam = NodeModelHelper::GetRam(light);
    Time period = MilliSeconds(10);
    Simulator::Schedule(Seconds(0), &SampleRam, routerRam, period);
    Simulator::Schedule(Seconds(0), &SampleRam, lightRam, period);
    Simulator::Schedule(NanoSeconds(1), [&r, coapServer, httpServer]() {
        Ptr<Socket> s =
            coapServer ? coapServer->GetBinding()->GetSocket() : httpServer->GetSocket();
        WatchLight(DynamicCast<DtlsSocket>(s), &r);
    });
    if (httpClient)
    {
        httpClient->TraceConnectWithoutContext(
            "Response",
            MakeBoundCallback(
                +[](Report* r, const HttpMessage&, const HttpMessage& response, Time) {
                    if (response.GetStatus() / 100 == 2)
                    {
                        ++r->succeeded;
                        r->responseTimes.push_back(Simulator::Now());
                    }
                },
                &r));
    }
    else
    {
        coapClient->TraceConnectWithoutContext("StepDone",
                                               MakeBoundCallback(
                                                   +[](Report* r, const CoapClientRecord& rec) {
                                                       if (rec.ok && rec.code / 32 == 2)
                                                       {
                                                           ++r->succeeded;
                                                           r->responseTimes.push_back(
                                                               Simulator::Now());
                                                       }
                                                   },
                                                   &r));
    }

    if (p.pcap)
    {
        // e2e-security-<mode>-<node>-<device>.pcap: IEEE 802.15.4 with FCS, every LLN node;
        // e2e-security-<mode>-internet.pcap: the back-end's link (Ethernet);
        // e2e-security-<mode>.psk: the keys, for Wireshark (tls.psk, dtls.psk)
        building->GetLlnHelper().EnablePcap("e2e-security-" + mode);
        std::ofstream keys("e2e-security-" + mode + ".psk");
        keys << "backend " << HexEncode(e2eKey) << "\nrouter " << HexEncode(routerKey) << "\n";
        if (!keys)
        {
            return "cannot write e2e-security-" + mode + ".psk";
        }
        for (uint32_t i = 0; i < backEnd->GetNDevices(); ++i)
        {
            if (DynamicCast<CsmaNetDevice>(backEnd->GetDevice(i)))
            {
                CsmaHelper csma;
                csma.EnablePcap("e2e-security-" + mode + "-internet.pcap",
                                backEnd->GetDevice(i),
                                false,
                                true);
            }
        }
    }

    Simulator::Stop(p.duration);
    Simulator::Run();

    // Times from the back-end's start
    double t0 = p.start.GetSeconds();
    if (!std::isnan(r.handshakeTime))
    {
        r.handshakeTime -= t0;
    }
    if (!r.responseTimes.empty())
    {
        r.firstResponse = r.responseTimes.front().GetSeconds() - t0;
    }
    if (r.responseTimes.size() >= 2)
    {
        // Each request leaves when the previous response arrived
        r.requestLatency = (r.responseTimes.back() - r.responseTimes.front()).GetSeconds() /
                           (r.responseTimes.size() - 1);
    }
    r.llnFrames = air->GetTotalFrames();
    r.llnBytes = air->GetTotalBytes();
    NodeEnergy e = NodeEnergyHelper::GetNodeEnergy(light);
    r.nodeEnergy = e.Total();
    r.nodeActiveEnergy = e.radioFrames + e.cpu;
    r.nodeCpuEnergy = e.cpu;
    r.nodeCpuTime = NodeModelHelper::GetCpu(light)->GetBusyTime().GetSeconds();
    r.brCpuTime = NodeModelHelper::GetCpu(router)->GetBusyTime().GetSeconds();
    routerRam->Sample();
    lightRam->Sample();
    r.brStatePeak = routerRam->GetPeakBytes();
    r.nodeRamPeak = lightRam->GetPeakBytes();
    if (proxy)
    {
        r.brPlaintext = double(proxy->GetPlaintextBytes());
    }
    return "";
}

/// One row of the comparison table
struct Row
{
    std::string label;                        //!< printed label
    std::string metric;                       //!< metric name
    std::function<double(const Report&)> get; //!< value
    int precision;                            //!< decimals
};

/// \return the metrics, in the order of analysis/scenarios.py
std::vector<Row>
Rows()
{
    return {
        {"requests answered", "succeeded", [](const Report& r) { return r.succeeded; }, 0},
        {"requests asked for", "requested", [](const Report& r) { return r.requested; }, 0},
        {"success ratio", "successRatio", [](const Report& r) { return r.SuccessRatio(); }, 3},
        {"light's handshake done [s]",
         "handshakeTime_s",
         [](const Report& r) { return r.handshakeTime; },
         3},
        {"first response [s]",
         "firstResponse_s",
         [](const Report& r) { return r.firstResponse; },
         3},
        {"later request latency, mean [s]",
         "requestLatency_mean_s",
         [](const Report& r) { return r.requestLatency; },
         3},
        {"802.15.4 frames", "lln_frames", [](const Report& r) { return double(r.llnFrames); }, 0},
        {"802.15.4 bytes", "lln_bytes", [](const Report& r) { return double(r.llnBytes); }, 0},
        {"802.15.4 frames per request",
         "llnFramesPerRequest",
         [](const Report& r) { return r.FramesPerRequest(); },
         1},
        {"802.15.4 bytes per request",
         "llnBytesPerRequest",
         [](const Report& r) { return r.BytesPerRequest(); },
         0},
        {"light CPU time [s]", "nodeCpuTime_s", [](const Report& r) { return r.nodeCpuTime; }, 4},
        {"light energy [J]", "nodeEnergy_J", [](const Report& r) { return r.nodeEnergy; }, 4},
        {"  of which frames + CPU [J]",
         "nodeActiveEnergy_J",
         [](const Report& r) { return r.nodeActiveEnergy; },
         6},
        {"  of which CPU [J]",
         "nodeCpuEnergy_J",
         [](const Report& r) { return r.nodeCpuEnergy; },
         6},
        {"light security RAM, peak [bytes]",
         "nodeRam_max_bytes",
         [](const Report& r) { return double(r.nodeRamPeak); },
         0},
        {"Finished checks at the light",
         "finishedChecks",
         [](const Report& r) { return r.finishedChecks; },
         0},
        {"attacks detected",
         "attacksDetected",
         [](const Report& r) { return r.attacksDetected; },
         0},
        {"handshakes failed at the light",
         "handshakesFailed",
         [](const Report& r) { return r.handshakesFailed; },
         0},
        {"records rejected by the light",
         "recordsRejected",
         [](const Report& r) { return r.recordsRejected; },
         0},
        {"6LBR plaintext [bytes]",
         "brPlaintext_bytes",
         [](const Report& r) { return r.brPlaintext; },
         0},
        {"6LBR security state, peak [bytes]",
         "brState_max_bytes",
         [](const Report& r) { return double(r.brStatePeak); },
         0},
        {"6LBR CPU time [s]", "brCpuTime_s", [](const Report& r) { return r.brCpuTime; }, 4},
    };
}

} // namespace

int
main(int argc, char* argv[])
{
    Parameters p;
    std::string mode = "compare";
    ResultsSink results("e2e-security");
    CommandLine cmd(__FILE__);
    cmd.Usage("A back-end on the Internet reaches a light of the building through its 6LBR: "
              "trusted proxy, TLS<->DTLS mapping, DTLS-in-DTLS tunnel and CoAP over DTLS end "
              "to end (Brachmann et al.). With no arguments: the four side by side.");
    results.AddValue(cmd,
                     "mode",
                     "compare (all four), trusted-proxy, mapping, tunnel or coap-e2e",
                     mode);
    results.AddValue(cmd, "floors", "floors of the building", p.floors);
    results.AddValue(cmd,
                     "lightsPerFloor",
                     "lights on each floor (one per room)",
                     p.lightsPerFloor);
    results.AddValue(cmd, "hops", "802.15.4 hops from the target light to its 6LBR", p.hops);
    results.AddValue(cmd,
                     "requests",
                     "requests the back-end sends, one after the other",
                     p.requests);
    results.AddValue(cmd, "frameLoss", "probability that an 802.15.4 frame is lost", p.frameLoss);
    results.AddValue(cmd, "macRetries", "802.15.4 MAC retries per unicast frame", p.macRetries);
    results.AddValue(cmd,
                     "cookie",
                     "the light asks DTLS clients for a cookie (never in mapping)",
                     p.cookie);
    results.AddValue(cmd,
                     "tamper",
                     "the field the 6LBR corrupts in mapping, tunnel and coap-e2e (None, "
                     "ClientRandom, ServerRandom, FinishedSequence)",
                     p.tamper);
    results.AddValue(cmd,
                     "profile",
                     "device profile of the lights (NodeModelHelper preset)",
                     p.profile);
    results.AddValue(cmd, "duration", "simulated time of each run", p.duration);
    results.AddValue(cmd,
                     "pcap",
                     "write e2e-security-<mode>-<node>-<device>.pcap (LLN) and "
                     "e2e-security-<mode>-internet.pcap (the back-end's link)",
                     p.pcap);
    results.Parse(cmd, argc, argv);

    const std::vector<std::string> all = {"trusted-proxy", "mapping", "tunnel", "coap-e2e"};
    if (mode == "compare")
    {
        p.modes = all;
    }
    else if (std::find(all.begin(), all.end(), mode) != all.end())
    {
        p.modes = {mode};
    }
    else
    {
        std::cerr << "e2e-security: mode must be compare, trusted-proxy, mapping, tunnel or "
                     "coap-e2e, not '"
                  << mode << "'" << std::endl;
        return 2;
    }
    if (p.floors == 0 || p.lightsPerFloor == 0 || p.hops == 0 || p.requests == 0 ||
        p.frameLoss < 0 || p.frameLoss >= 1 || p.macRetries > 7 || p.duration <= p.start)
    {
        std::cerr << "e2e-security: need floors, lightsPerFloor, hops, requests >= 1, "
                     "0 <= frameLoss < 1, macRetries <= 7 and duration > 1 s"
                  << std::endl;
        return 2;
    }
    TlsDtlsTamperField field = TAMPER_NONE;
    if (!TlsDtlsTamperFieldFromName(p.tamper, field))
    {
        std::cerr << "e2e-security: tamper must be None, ClientRandom, ServerRandom or "
                     "FinishedSequence, not '"
                  << p.tamper << "'" << std::endl;
        return 2;
    }
    std::vector<std::string> presets = DeviceProfile::GetPresetNames();
    if (std::find(presets.begin(), presets.end(), p.profile) == presets.end())
    {
        std::cerr << "e2e-security: unknown profile '" << p.profile << "' (presets:";
        for (const std::string& name : presets)
        {
            std::cerr << " " << name;
        }
        std::cerr << ")" << std::endl;
        return 2;
    }
    if (p.pcap)
    {
        // Real FCS and UDP checksums, or Wireshark flags every frame
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    }

    // Traces write into these until Simulator::Destroy()
    std::map<std::string, Report> reports;
    for (std::size_t i = 0; i < p.modes.size(); ++i)
    {
        std::string error = RunMode(p, p.modes[i], reports[p.modes[i]]);
        if (!error.empty())
        {
            std::cerr << "e2e-security: " << p.modes[i] << ": " << error << std::endl;
            Simulator::Destroy();
            return 2;
        }
        if (i + 1 < p.modes.size())
        {
            results.EndSimulation();
            Simulator::Destroy();
        }
    }

    // Metrics: plain names for one mode, "<mode>.<name>" when comparing
    for (const Row& row : Rows())
    {
        for (const std::string& m : p.modes)
        {
            std::string name = p.modes.size() == 1 ? row.metric : m + "." + row.metric;
            results.SetMetric(name, row.get(reports[m]));
        }
    }

    std::cout << "e2e-security: " << p.floors << " floor(s) x " << p.lightsPerFloor
              << " lights, the light (node " << reports.begin()->second.lightNode << ") " << p.hops
              << " hop(s) from its 6LBR (node " << reports.begin()->second.routerNode << "), "
              << p.requests << " request(s), frame loss " << p.frameLoss << ", profile "
              << p.profile
              << (p.tamper != "None"
                      ? ", the 6LBR tampers with " + p.tamper + " (not in trusted-proxy)"
                      : "")
              << "\n";
    std::cout << std::left << std::setw(36) << "metric";
    for (const std::string& m : p.modes)
    {
        std::cout << std::right << std::setw(15) << m;
    }
    std::cout << "\n";
    for (const Row& row : Rows())
    {
        std::cout << std::left << std::setw(36) << row.label;
        for (const std::string& m : p.modes)
        {
            std::cout << std::right << std::setw(15)
                      << ResultsSink::FormatValue(row.get(reports[m]), row.precision);
        }
        std::cout << "\n";
    }
    std::cout << std::endl;
    int status = results.Finish();
    Simulator::Destroy();
    return status;
}
