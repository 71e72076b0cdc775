/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \brief Kang's PSK re-configuration over an out-of-band channel, with the installer as the
 * attacker (Kang, "A First Step Towards Security for Internet of Small Things").
 *
 * A corridor of `nodes` ceiling lights, `spacing` metres apart, joins the network one after
 * another. Every light was given its ID and the installer's initial key IK_N; the
 * authentication server (SBS) holds them. The administrator's controller (SBR) is a handheld
 * that is carried to each light in turn (WaypointMobilityModel, `walkSpeed`), held
 * `oobReach` times the channel's Range (or `oobDistance` metres) under it for `dwell` seconds, and
 * runs the five flights there: flights 1, 4 and 5 over the out-of-band `channel` (`scheme=oob`) or
 * over the 802.15.4 radio (`scheme=inband`, the earlier in-band-only scheme); flights 2 and 3 go to
 * the SBS over the radio, by CoAP. Every light is one radio hop from the SBS and the handheld.
 *
 * The installer, who set IK_N and is not trusted, stands `attackerDistance` metres from the
 * light being configured, `attackerAngle` degrees off the light's downward axis, with an
 * out-of-band receiver (`attackerGain` dB better than an ordinary one: special equipment)
 * and an 802.15.4 sniffer. Whenever it overhears a flight 4 it opens it with IK_N and
 * derives PSK_i (BootstrapAttacker::TryDerivePsk). At the end of its dwell, each light runs
 * a DTLS handshake with the SBS under its identity: the SBS has replaced IK_i by PSK_i, so
 * it succeeds only if the light holds PSK_i. One second later the installer tries the same
 * identity with the best key it has: PSK_i if it learned it, IK_N otherwise.
 *
 * `scheme=jennings` runs the baseline Kang improves on instead, Jennings' transitive-trust
 * enrolment (Kang's Figure 1): each light shows its LABEL (deviceId, OTP, secret) on the
 * out-of-band `channel` (for QR, a printed code: the QR Version grows until the label fits);
 * the handheld, as the introducer, scans it and sends INTRODUCE to the transfer agent and
 * DELIVER_SECRET to the controller, both on the server, over its own IP link (a CSMA link the
 * installer does not hear); the light, switched on once its label is read, gets the network
 * info from the transfer agent over the radio (DISCOVER) and uses the secret as its PSK. The
 * installer unpacked the lights and read their labels: it knows every PSK.
 *
 * Metrics: bootstrapped lights and the bootstrap time per light (start of flight 1 to PSK
 * installed), flights out of band and in band, what the installer learned
 * (attackerLearned, attackerSuccessRatio), the DTLS handshakes afterwards (lights with
 * PSK_i, the installer), energy per light (radio, CPU, out-of-band device) and frames on
 * the 802.15.4 air.
 *
 *     ./iotsec run oob-bootstrap --channel=nfc --scheme=oob --attackerDistance=1
 *     ./iotsec run oob-bootstrap --channel=audio --scheme=inband --results=run.json
 */

#include "ns3/air-traffic-monitor.h"
#include "ns3/bootstrap-helper.h"
#include "ns3/core-module.h"
#include "ns3/csma-helper.h"
#include "ns3/dtls-client-application.h"
#include "ns3/dtls-helper.h"
#include "ns3/dtls-psk-store.h"
#include "ns3/dtls-server-application.h"
#include "ns3/eavesdropper-application.h"
#include "ns3/hex-encoding.h"
#include "ns3/internet-module.h"
#include "ns3/jennings-application.h"
#include "ns3/lln-helper.h"
#include "ns3/mobility-module.h"
#include "ns3/network-module.h"
#include "ns3/node-energy-helper.h"
#include "ns3/node-model-helper.h"
#include "ns3/oob-channel-helper.h"
#include "ns3/oob-net-device.h"
#include "ns3/oob-qr-channel.h"
#include "ns3/results-sink.h"

#include <cmath>
#include <map>
#include <set>
#include <vector>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("OobBootstrap");

namespace
{

/// The installer as attacker: what it overheard and derived
struct Installer
{
    Bytes initialKey;                  //!< IK_N, which it set
    uint32_t current{0};               //!< the light it stands at
    std::vector<std::string> ids;      //!< the lights' IDs
    std::map<uint32_t, Bytes> learned; //!< light -> PSK derived
    Ptr<DtlsPskStore> store;           //!< the keys it will try
    uint64_t flights4Heard{0};         //!< flights 4 overheard (in band or OOB)
    uint64_t oobFramesHeard{0};        //!< OOB frames received by its OOB receiver

    /// \param payload a message it overheard
    void Overheard(const uint8_t* data, std::size_t size)
    {
        Bytes psk;
        if (!BootstrapAttacker::TryDerivePsk(initialKey, data, size, psk, nullptr, nullptr))
        {
            return;
        }
        ++flights4Heard;
        if (learned.count(current) == 0)
        {
            learned[current] = psk;
            store->SetPsk(ids[current], psk);
        }
    }
};

/// The channel type names and their TypeIds
const std::map<std::string, std::string> kChannels = {
    {"nfc", "ns3::NfcOobChannel"},
    {"qr", "ns3::QrOobChannel"},
    {"audio", "ns3::AudioOobChannel"},
    {"light", "ns3::LightOobChannel"},
};

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t nodes = 10;
    double spacing = 3.0;
    std::string channel = "nfc";
    std::string scheme = "oob";
    double oobReach = 0.5;
    double oobDistance = 0;
    double attackerDistance = 1.0;
    double attackerAngle = 45.0;
    double attackerGain = 0.0;
    Time dwell = Seconds(20);
    double walkSpeed = 1.0;
    std::string profile = "TelosB";

    ResultsSink results("oob-bootstrap");
    CommandLine cmd(__FILE__);
    cmd.Usage("Kang's PSK re-configuration over an out-of-band channel, the installer as the "
              "attacker.");
    results.AddValue(cmd, "nodes", "lights that join, one after another", nodes);
    results.AddValue(cmd, "spacing", "distance between lights [m]", spacing);
    results.AddValue(cmd, "channel", "out-of-band channel: nfc, qr, audio or light", channel);
    results.AddValue(cmd,
                     "scheme",
                     "oob (Kang: flights 1, 4, 5 out of band), inband (every flight over "
                     "the radio) or jennings (the label's secret is the PSK)",
                     scheme);
    results.AddValue(cmd,
                     "oobReach",
                     "handheld to light during bootstrapping, as a fraction of the channel's "
                     "Range",
                     oobReach);
    results.AddValue(cmd,
                     "oobDistance",
                     "handheld to light during bootstrapping [m] (0: oobReach decides)",
                     oobDistance);
    results.AddValue(cmd,
                     "attackerDistance",
                     "installer to the light being configured [m]",
                     attackerDistance);
    results.AddValue(cmd,
                     "attackerAngle",
                     "installer's angle off the light's downward axis [degrees]",
                     attackerAngle);
    results.AddValue(cmd,
                     "attackerGain",
                     "installer's OOB receiver gain over an ordinary one [dB]",
                     attackerGain);
    results.AddValue(cmd, "dwell", "time the handheld stays at each light", dwell);
    results.AddValue(cmd, "walkSpeed", "handheld's walking speed [m/s]", walkSpeed);
    results.AddValue(cmd, "profile", "the lights' device profile preset", profile);
    results.Parse(cmd, argc, argv);

    auto channelType = kChannels.find(channel);
    if (channelType == kChannels.end() ||
        (scheme != "oob" && scheme != "inband" && scheme != "jennings") || nodes == 0 ||
        nodes > 200 || spacing <= 0 || attackerDistance <= 0 || oobReach <= 0 || oobDistance < 0 ||
        attackerAngle < 0 || attackerAngle >= 180 || !dwell.IsStrictlyPositive() || walkSpeed <= 0)
    {
        std::cerr << "oob-bootstrap: need channel in {nfc, qr, audio, light}, scheme in {oob, "
                     "inband, jennings}, 1 <= nodes <= 200, spacing > 0, attackerDistance > 0, "
                     "oobReach > 0, "
                     "oobDistance >= 0, "
                     "0 <= attackerAngle < 180, dwell > 0 and walkSpeed > 0"
                  << std::endl;
        return 2;
    }
    const bool jennings = scheme == "jennings";
    std::vector<std::string> ids;
    for (uint32_t i = 0; i < nodes; ++i)
    {
        ids.push_back("light-" + std::to_string(i));
    }

    // ---- nodes and places ---------------------------------------------------------------
    const double ceiling = 2.8;
    NodeContainer lights;
    lights.Create(nodes);
    Ptr<Node> handheld = CreateObject<Node>();  // the controller (SBR)
    Ptr<Node> server = CreateObject<Node>();    // the authentication server (SBS)
    Ptr<Node> installer = CreateObject<Node>(); // the installer's radio and OOB receiver

    MobilityHelper fixed;
    Ptr<ListPositionAllocator> positions = CreateObject<ListPositionAllocator>();
    for (uint32_t i = 0; i < nodes; ++i)
    {
        positions->Add(Vector(i * spacing, 0.0, ceiling));
    }
    positions->Add(Vector((nodes - 1) * spacing / 2.0, 2.0, 1.0));
    fixed.SetPositionAllocator(positions);
    fixed.SetMobilityModel("ns3::ConstantPositionMobilityModel");
    fixed.Install(NodeContainer(lights, NodeContainer(server)));
    MobilityHelper walking;
    walking.SetMobilityModel("ns3::WaypointMobilityModel");
    walking.Install(NodeContainer(handheld, installer));

    // ---- the out-of-band channel ---------------------------------------------------------
    OobChannelHelper oob;
    oob.SetChannel(channelType->second);
    if (channel == "qr")
    {
        oob.SetChannelAttribute("LabelNormal", VectorValue(Vector(0, 0, -1))); // ceiling lights
    }
    Ptr<OobChannel> oobChannel = oob.CreateChannel();
    if (jennings && channel == "qr")
    {
        // A printed label: the smallest QR Version (at the ErrorCorrection level) that holds
        // the longest LABEL
        const uint32_t label = JenningsWire::LabelSize(ids.back().size());
        for (uint32_t v = 1; oobChannel->GetMaxPayload() < label && v <= 40; ++v)
        {
            oobChannel->SetAttribute("Version", UintegerValue(v));
        }
    }
    if (oobDistance == 0)
    {
        oobDistance = oobReach * oobChannel->GetRange();
    }
    const bool oneWay = !oobChannel->IsTwoWay();
    // One-way (QR): the lights carry labels that only transmit, the handheld's camera only
    // receives
    oob.SetDeviceAttribute(
        "Role",
        EnumValue(oneWay ? OobNetDevice::TRANSMITTER : OobNetDevice::TRANSCEIVER));
    NetDeviceContainer lightOob = oob.Install(lights, oobChannel);
    oob.SetDeviceAttribute("Role",
                           EnumValue(oneWay ? OobNetDevice::RECEIVER : OobNetDevice::TRANSCEIVER));
    oob.SetDeviceAttribute("Direction", VectorValue(Vector(0, 0, 1))); // held up at the light
    NetDeviceContainer handheldOob = oob.Install(NodeContainer(handheld), oobChannel);
    oob.SetDeviceAttribute("Direction", VectorValue(Vector(0, 0, 0)));
    oob.SetDeviceAttribute("Role", EnumValue(OobNetDevice::RECEIVER));
    oob.SetDeviceAttribute("ReceiverGain", DoubleValue(attackerGain));
    NetDeviceContainer installerOob = oob.Install(NodeContainer(installer), oobChannel);

    // ---- the radio ----------------------------------------------------------------------
    NodeContainer radioNodes(lights, NodeContainer(handheld, server, installer));
    InternetStackHelper internet;
    internet.SetIpv4StackInstall(false);
    internet.Install(radioNodes);
    LlnHelper lln;
    lln.SetMaxLossDb(100.0);
    NetDeviceContainer six = lln.Install(radioNodes);
    lln.AssignAddresses(six, Ipv6Address("2001:1::"), Ipv6Prefix(64));
    Ipv6InterfaceContainer phoneLink; // Jennings: the handheld's own link to the server
    if (jennings)
    {
        CsmaHelper csma;
        Ipv6AddressHelper ipv6;
        ipv6.SetBase(Ipv6Address("2001:2::"), Ipv6Prefix(64));
        phoneLink = ipv6.Assign(csma.Install(NodeContainer(handheld, server)));
    }
    Ptr<Node> sniffer =
        EavesdropperApplication::CreateLlnSniffer(lln.GetChannel(),
                                                  Vector((nodes - 1) * spacing / 2.0, -1.0, 1.5));
    Ptr<EavesdropperApplication> sniff = EavesdropperApplication::InstallOnLlnSniffer(sniffer);

    NodeModelHelper lightModel;
    lightModel.SetPreset(profile); // aborts on an unknown preset, listing the presets
    lightModel.Install(lights);
    NodeModelHelper hostModel;
    hostModel.SetPreset("Unconstrained");
    hostModel.Install(NodeContainer(handheld, server, installer));
    NodeEnergyHelper energy;
    energy.Install(lights);

    // ---- keys ---------------------------------------------------------------------------
    const Bytes initialKey = DtlsHelper::DeriveKey("oob-bootstrap-installer", 0); // IK_N
    const Bytes controllerKey = DtlsHelper::DeriveKey("oob-bootstrap-sk-cs", 0);  // SK_cs
    Installer attacker;
    attacker.initialKey = initialKey;
    attacker.ids = ids;
    int64_t stream = 1;
    std::vector<Bytes> labels; // Jennings: what the manufacturer printed and flashed
    if (jennings)
    {
        Ptr<UniformRandomVariable> maker = CreateObject<UniformRandomVariable>();
        maker->SetStream(stream++);
        StreamEngineRandom random(maker);
        server->AggregateObject(CreateObject<DtlsPskStore>()); // the controller fills it
        for (uint32_t i = 0; i < nodes; ++i)
        {
            labels.push_back(JenningsLabel::Generate(ids[i], random, nullptr).Serialize());
            // The installer unpacked the light and read its label
            Bytes secret;
            JenningsAttacker::SecretFromLabel(labels[i], secret);
            attacker.learned[i] = secret;
            attacker.store = DtlsHelper::InstallPsk(installer, ids[i], secret);
        }
    }
    else
    {
        for (uint32_t i = 0; i < nodes; ++i)
        {
            // The installer configured IK_N on the light; the SBS's DTLS server starts with
            // the enrolment keys; the installer knows them too
            DtlsHelper::InstallPsk(lights.Get(i), ids[i], initialKey);
            DtlsHelper::InstallPsk(server, ids[i], initialKey);
            attacker.store = DtlsHelper::InstallPsk(installer, ids[i], initialKey);
        }
    }

    // ---- the bootstrap applications ----------------------------------------------------
    // Kang: the server (SBS) and the handheld controller (SBR); Jennings: the transfer agent
    // and the controller on the server, the handheld as the introducer
    BootstrapHelper bootstrap;
    bootstrap.SetScheme(scheme == "oob" ? BootstrapApplication::OUT_OF_BAND
                                        : BootstrapApplication::IN_BAND);
    JenningsHelper enrolment;
    const Ipv6Address serverLln = LlnHelper::GetGlobalAddress(six.Get(nodes + 1));
    Ptr<BootstrapServerApplication> sbs;
    Ptr<BootstrapControllerApplication> sbr;
    Ptr<JenningsApplication> agent;
    Ptr<JenningsApplication> controller;
    Address sbrAddress(Inet6SocketAddress(LlnHelper::GetGlobalAddress(six.Get(nodes)),
                                          BootstrapApplication::DEFAULT_PORT));
    const uint16_t agentPort = 5691;
    const uint16_t controllerPort = 5692;
    ApplicationContainer partyApps; // every party but the lights
    if (jennings)
    {
        agent = enrolment.InstallTransferAgent(server, agentPort);
        controller = enrolment.InstallController(server, controllerPort);
        std::ostringstream nid; // what the transfer agent tells the lights
        nid << "coaps://[" << serverLln << "]:5684";
        partyApps.Add(enrolment.InstallIntroducer(
            handheld,
            Inet6SocketAddress(phoneLink.GetAddress(1, 1), agentPort),
            Inet6SocketAddress(phoneLink.GetAddress(1, 1), controllerPort),
            nid.str(),
            DynamicCast<OobNetDevice>(handheldOob.Get(0))));
        partyApps.Add(agent);
        partyApps.Add(controller);
    }
    else
    {
        sbs = bootstrap.InstallServer(server);
        sbs->AddController("sbr", controllerKey);
        sbr = bootstrap.InstallController(handheld,
                                          "sbr",
                                          controllerKey,
                                          Inet6SocketAddress(serverLln, 5683),
                                          DynamicCast<OobNetDevice>(handheldOob.Get(0)));
        partyApps.Add(sbr);
        partyApps.Add(sbs);
    }
    ApplicationContainer nodeApps;
    std::vector<Time> arrivals;
    Ptr<WaypointMobilityModel> handheldPath = handheld->GetObject<WaypointMobilityModel>();
    Ptr<WaypointMobilityModel> installerPath = installer->GetObject<WaypointMobilityModel>();
    const double angle = attackerAngle * M_PI / 180.0;
    Time t = Seconds(1);
    for (uint32_t i = 0; i < nodes; ++i)
    {
        Vector light(i * spacing, 0.0, ceiling);
        Vector atHand(light.x, light.y, light.z - oobDistance);
        Vector atInstaller(light.x + attackerDistance * std::sin(angle),
                           light.y,
                           light.z - attackerDistance * std::cos(angle));
        if (i > 0)
        {
            t += Seconds(spacing / walkSpeed);
        }
        handheldPath->AddWaypoint(Waypoint(t, atHand));
        handheldPath->AddWaypoint(Waypoint(t + dwell, atHand));
        installerPath->AddWaypoint(Waypoint(t, atInstaller));
        installerPath->AddWaypoint(Waypoint(t + dwell, atInstaller));
        Ptr<BootstrapApplication> app;
        if (jennings)
        {
            app = enrolment.InstallDevice(lights.Get(i),
                                          labels[i],
                                          Inet6SocketAddress(serverLln, agentPort),
                                          DynamicCast<OobNetDevice>(lightOob.Get(i)));
        }
        else
        {
            sbs->EnrolNode(ids[i], initialKey);
            sbr->AddNode(ids[i],
                         Inet6SocketAddress(LlnHelper::GetGlobalAddress(six.Get(i)),
                                            BootstrapApplication::DEFAULT_PORT));
            app = bootstrap.InstallNode(lights.Get(i),
                                        ids[i],
                                        initialKey,
                                        sbrAddress,
                                        DynamicCast<OobNetDevice>(lightOob.Get(i)));
        }
        app->SetStartTime(t);
        nodeApps.Add(app);
        arrivals.push_back(t);
        Simulator::Schedule(t, [&attacker, i]() { attacker.current = i; });
        t += dwell;
    }
    stream += lln.AssignStreams(stream);
    stream += internet.AssignStreams(radioNodes, stream);
    NetDeviceContainer allOob(lightOob, handheldOob);
    allOob.Add(installerOob);
    stream += oob.AssignStreams(allOob, stream);
    ApplicationContainer bootstrapApps(nodeApps);
    bootstrapApps.Add(partyApps);
    stream += BootstrapHelper::AssignStreams(bootstrapApps, stream);

    // ---- the installer listens ------------------------------------------------------------
    sniff->TraceConnectWithoutContext("Seen",
                                      MakeBoundCallback(
                                          +[](Installer* a,
                                              Ptr<const Packet> payload,
                                              Ipv6Address,
                                              Ipv6Address,
                                              EavesdropperApplication::Kind,
                                              uint32_t) {
                                              Bytes data(payload->GetSize());
                                              payload->CopyData(data.data(), data.size());
                                              a->Overheard(data.data(), data.size());
                                          },
                                          &attacker));
    installer->RegisterProtocolHandler(MakeBoundCallback(
                                           +[](Installer* a,
                                               Ptr<NetDevice>,
                                               Ptr<const Packet> packet,
                                               uint16_t protocol,
                                               const Address&,
                                               const Address&,
                                               NetDevice::PacketType) {
                                               if (protocol != BootstrapApplication::OOB_PROTOCOL)
                                               {
                                                   return;
                                               }
                                               ++a->oobFramesHeard;
                                               Bytes data(packet->GetSize());
                                               packet->CopyData(data.data(), data.size());
                                               a->Overheard(data.data(), data.size());
                                           },
                                           &attacker),
                                       BootstrapApplication::OOB_PROTOCOL,
                                       installerOob.Get(0),
                                       true);

    // ---- DTLS afterwards: each light, then the installer, under the light's identity -------
    DtlsHelper dtls;
    ApplicationContainer dtlsServer = dtls.InstallServer(NodeContainer(server), 5684, false);
    dtlsServer.Start(Seconds(0));
    std::vector<Ptr<DtlsClientApplication>> lightClients(nodes);
    std::vector<Ptr<DtlsClientApplication>> installerClients;
    Address dtlsRemote(Inet6SocketAddress(LlnHelper::GetGlobalAddress(six.Get(nodes + 1)), 5684));
    for (uint32_t i = 0; i < nodes; ++i)
    {
        if (!jennings) // Jennings: a light has a key only if it enrolled (below)
        {
            ApplicationContainer c = dtls.InstallClient(lights.Get(i), dtlsRemote, ids[i], 0);
            c.Start(arrivals[i] + dwell);
            lightClients[i] = DynamicCast<DtlsClientApplication>(c.Get(0));
        }
        ApplicationContainer x = dtls.InstallClient(installer, dtlsRemote, ids[i], 0);
        x.Start(arrivals[i] + dwell + Seconds(1));
        installerClients.push_back(DynamicCast<DtlsClientApplication>(x.Get(0)));
    }
    ApplicationContainer dtlsApps(dtlsServer);
    for (uint32_t i = 0; i < nodes; ++i)
    {
        if (lightClients[i])
        {
            dtlsApps.Add(lightClients[i]);
        }
        dtlsApps.Add(installerClients[i]);
    }
    stream += DtlsHelper::AssignStreams(dtlsApps, stream);
    std::vector<int> lightHandshake(nodes, 0);     // 1 completed, -1 failed
    std::vector<int> installerHandshake(nodes, 0); // 1 completed, -1 failed
    auto ok = +[](int* flag, const Address&, const DtlsHandshakeStats&) { *flag = 1; };
    auto bad = +[](int* flag, const Address&, const std::string&) { *flag = -1; };
    for (uint32_t i = 0; i < nodes; ++i)
    {
        if (lightClients[i])
        {
            lightClients[i]->TraceConnectWithoutContext("HandshakeCompleted",
                                                        MakeBoundCallback(ok, &lightHandshake[i]));
            lightClients[i]->TraceConnectWithoutContext("HandshakeFailed",
                                                        MakeBoundCallback(bad, &lightHandshake[i]));
        }
        installerClients[i]->TraceConnectWithoutContext(
            "HandshakeCompleted",
            MakeBoundCallback(ok, &installerHandshake[i]));
        installerClients[i]->TraceConnectWithoutContext(
            "HandshakeFailed",
            MakeBoundCallback(bad, &installerHandshake[i]));
    }
    if (jennings)
    {
        // At the end of its dwell a light that enrolled holds the label's secret and tries it;
        // one that did not has no key and nothing to try (its handshake counts as failed)
        const int64_t lateStreams = stream;
        const int64_t streamsPerClient = 16;
        stream += streamsPerClient * nodes;
        for (uint32_t i = 0; i < nodes; ++i)
        {
            Simulator::Schedule(arrivals[i] + dwell, [&, i, lateStreams, streamsPerClient]() {
                Ptr<JenningsApplication> device = DynamicCast<JenningsApplication>(nodeApps.Get(i));
                if (!device->IsBootstrapped())
                {
                    lightHandshake[i] = -1;
                    return;
                }
                ApplicationContainer c = dtls.InstallClient(lights.Get(i), dtlsRemote, ids[i], 0);
                NS_ABORT_UNLESS(DtlsHelper::AssignStreams(c, lateStreams + streamsPerClient * i) <=
                                streamsPerClient);
                c.Get(0)->TraceConnectWithoutContext("HandshakeCompleted",
                                                     MakeBoundCallback(ok, &lightHandshake[i]));
                c.Get(0)->TraceConnectWithoutContext("HandshakeFailed",
                                                     MakeBoundCallback(bad, &lightHandshake[i]));
            });
        }
    }

    Ptr<AirTrafficMonitor> air = CreateObject<AirTrafficMonitor>();
    air->Install(lln.GetLrWpanDevices());
    uint64_t flightsOob = 0;
    uint64_t flightsInBand = 0;
    auto countFlight =
        +[](uint64_t* oobCount,
            uint64_t* inBandCount,
            const std::string&,
            uint8_t,
            uint32_t,
            BootstrapApplication::Carrier carrier,
            bool) { ++*(carrier == BootstrapApplication::CARRIER_OOB ? oobCount : inBandCount); };
    for (uint32_t i = 0; i < bootstrapApps.GetN(); ++i)
    {
        bootstrapApps.Get(i)->TraceConnectWithoutContext(
            "FlightSent",
            MakeBoundCallback(countFlight, &flightsOob, &flightsInBand));
    }
    uint64_t serverRejects = 0; // by the SBS, or the transfer agent and the controller
    for (Ptr<Application> a :
         {Ptr<Application>(sbs), Ptr<Application>(agent), Ptr<Application>(controller)})
    {
        if (a)
        {
            a->TraceConnectWithoutContext(
                "Rejected",
                MakeBoundCallback(
                    +[](uint64_t* n, const std::string&, uint8_t, const std::string&) { ++*n; },
                    &serverRejects));
        }
    }

    Time stop = t + Seconds(120); // the last handshakes, with a wrong key, time out
    Simulator::Stop(stop);
    Simulator::Run();

    // ---- results --------------------------------------------------------------------------
    uint32_t bootstrapped = 0;
    uint32_t learned = 0;
    uint32_t lightOk = 0;
    uint32_t installerOk = 0;
    std::vector<double> times;
    std::vector<double> lightEnergy;
    std::vector<double> oobEnergy;
    for (uint32_t i = 0; i < nodes; ++i)
    {
        Ptr<BootstrapNodeApplication> kang = DynamicCast<BootstrapNodeApplication>(nodeApps.Get(i));
        Ptr<JenningsApplication> device = DynamicCast<JenningsApplication>(nodeApps.Get(i));
        if (kang ? kang->IsBootstrapped() : device->IsBootstrapped())
        {
            ++bootstrapped;
            times.push_back(
                (kang ? kang->GetBootstrapTime() : device->GetBootstrapTime()).GetSeconds());
            const Bytes psk = kang ? kang->GetEngine()->GetPsk() : device->GetPsk();
            auto it = attacker.learned.find(i);
            if (it != attacker.learned.end() && it->second == psk)
            {
                ++learned;
            }
        }
        lightOk += lightHandshake[i] == 1 ? 1 : 0;
        installerOk += installerHandshake[i] == 1 ? 1 : 0;
        double o = DynamicCast<OobNetDevice>(lightOob.Get(i))->GetEnergyConsumed();
        oobEnergy.push_back(o);
        lightEnergy.push_back(NodeEnergyHelper::GetNodeEnergy(lights.Get(i)).Total() + o);
    }
    results.SetMetric("oobRange_m", oobChannel->GetRange());
    results.SetMetric("oobDistance_m", oobDistance);
    results.SetMetric("bootstrapped", bootstrapped);
    results.SetMetric("successRatio", static_cast<double>(bootstrapped) / nodes);
    results.SetSummaryMetrics("bootstrapTime", "_s", times);
    results.SetMetric("flightsOob", flightsOob);
    results.SetMetric("flightsInBand", flightsInBand);
    results.SetMetric("controllerCompleted",
                      jennings ? controller->GetCompleted() : sbr->GetCompleted());
    results.SetMetric("serverAnswered", jennings ? agent->GetCompleted() : sbs->GetAnswered());
    results.SetMetric("serverRejected", serverRejects);
    results.SetMetric("attackerOobFrames", attacker.oobFramesHeard);
    results.SetMetric("attackerFlights4", attacker.flights4Heard);
    results.SetMetric("attackerLearned", learned);
    results.SetMetric("attackerSuccessRatio", static_cast<double>(learned) / nodes);
    results.SetMetric("lightHandshakesOk", lightOk);
    results.SetMetric("installerHandshakesOk", installerOk);
    results.SetSummaryMetrics("lightEnergy", "_J", lightEnergy);
    results.SetSummaryMetrics("lightOobEnergy", "_J", oobEnergy);
    results.SetMetric("lln_frames", air->GetTotalFrames());
    results.SetMetric("lln_bytes", air->GetTotalBytes());
    int status = results.Finish();
    Simulator::Destroy();
    return status;
}
