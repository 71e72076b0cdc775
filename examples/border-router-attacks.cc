/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup iotsec
 * \brief Attacks from the Internet on the building's lights, with the 6LBR's filter off and on.
 *
 * Brachmann et al. (ICCCN 2012, section IV): even an attack that DTLS rejects costs the LLN
 * energy, since a node must receive, process and possibly forward a message before it can
 * tell that it is forged or replayed, and every node in radio range pays for receiving it.
 * The 6LBR can stop such traffic before it enters the LLN (BorderRouterGuard).
 *
 * A building of `floors` floors of `lightsPerFloor` lights (one per room, duty-cycled radios
 * with `rdc=lpl`), a 6LBR per floor, and three hosts on the Internet side: the back-end, an
 * attacker and (for amplification) a victim. The targets are the first `targets` lights of
 * floor 0 that are `hops` hops from their 6LBR. The back-end commands each target (`commands`
 * PUTs, `commandInterval` apart, over coaps or NoSec CoAP: `security`) from 5 s after the
 * attack started. The attacker, from `attackStart` to `attackStop`, at `rate` packets/s:
 * - `handshake-flood`: DTLS ClientHellos to the targets from `spoofed` spoofed sources
 *   (0: its own address); the targets ask for a cookie or not (`cookie`);
 * - `request-flood`: CoAP requests to the targets: `floodPayload` coap (CON GET), coap-non,
 *   or dtls-record (an application record that fails authentication at a coaps server);
 * - `replay`: a tap on the Internet side captures the back-end's datagrams to the LLN and
 *   sends each again `replayDelay` later, from the back-end's address;
 * - `amplification`: CoAP GETs of /.well-known/core with the victim's address as source;
 * - `none`: no attack.
 * Each attack runs on three copies of the same building: `baseline` (no attack), `off` (the
 * attack; each 6LBR runs its BorderRouterGuard with Enforce false, so it counts what it
 * would drop) and `on` (the guard drops it). `filter` chooses: compare (the three), off or on
 * (with the baseline). The energy each node lost to the attack is its energy in the run
 * minus its energy in the baseline: at the targets, at the relays on their paths, and at
 * every other light (who overheard); per light in the arrays for the floor-plan heat map.
 *
 *     ./iotsec run border-router-attacks
 *     ./iotsec run border-router-attacks --attack=handshake-flood --cookie=0
 *     ./iotsec run border-router-attacks --attack=replay --security=nosec
 *     ./iotsec run border-router-attacks --attack=amplification --authenticate=0
 */

#include "ns3/air-traffic-monitor.h"
#include "ns3/amplification-attack-application.h"
#include "ns3/border-router-guard-helper.h"
#include "ns3/building-topology-helper.h"
#include "ns3/coap-client-application.h"
#include "ns3/coap-helper.h"
#include "ns3/coap-server-application.h"
#include "ns3/coap-socket-binding.h"
#include "ns3/core-module.h"
#include "ns3/csma-net-device.h"
#include "ns3/dtls-client-application.h"
#include "ns3/dtls-helper.h"
#include "ns3/dtls-server-application.h"
#include "ns3/dtls-socket.h"
#include "ns3/eavesdropper-application.h"
#include "ns3/flood-attack-application.h"
#include "ns3/internet-module.h"
#include "ns3/iotsec-compat.h"
#include "ns3/mobility-model.h"
#include "ns3/node-energy-helper.h"
#include "ns3/node-model-helper.h"
#include "ns3/ram-model.h"
#include "ns3/raw-ipv6-injector.h"
#include "ns3/replay-attack-application.h"
#include "ns3/results-sink.h"

#include <algorithm>
#include <functional>
#include <iomanip>
#include <iostream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("BorderRouterAttacks");

namespace
{

const uint16_t COAP_PORT = 5683;         //!< NoSec CoAP
const uint16_t COAPS_PORT = 5684;        //!< CoAP over DTLS
const uint16_t VICTIM_PORT = 5683;       //!< the victim's port
const uint16_t BACKEND_AUTH_PORT = 5690; //!< the 6LBRs' DTLS server for their back-ends
const double NaN = std::numeric_limits<double>::quiet_NaN(); //!< not measured
/// A light's resources (what /.well-known/core lists)
const char* const LIGHT_RESOURCES =
    "settable /light off rt=light if=actuator; static /temp 21.5 rt=temperature if=sensor; "
    "static /lux 300 rt=illuminance if=sensor; static /power 4.2 rt=power if=sensor";

/// The scenario's parameters
struct Parameters
{
    std::string attack{"request-flood"}; //!< none, handshake-flood, request-flood, replay,
                                         //!< amplification
    std::string filter{"compare"};       //!< compare, off, on
    uint32_t floors{10};                 //!< floors
    uint32_t lightsPerFloor{10};         //!< lights per floor (one per room)
    std::string rdc{"lpl"};              //!< the lights' radio duty cycling
    uint32_t hops{2};                    //!< hops from each target to its 6LBR
    uint32_t targets{1};                 //!< lights attacked (and commanded)
    double rate{10};                     //!< attack packets per second
    uint32_t spoofed{100};               //!< spoofed sources (floods; 0: the attacker's own)
    std::string floodPayload{"auto"};    //!< request-flood: coap, coap-non, dtls-record
    bool cookie{true};                   //!< the targets' DTLS cookie exchange
    bool authenticate{true};             //!< the guard admits authenticated back-ends only
    std::string security{"coaps"};       //!< the back-end's commands: coaps or nosec
    uint32_t commands{10};               //!< commands per target
    Time commandInterval{Seconds(5)};    //!< between a command's outcome and the next
    Time attackStart{Seconds(20)};       //!< the attack starts
    Time attackStop{Seconds(120)};       //!< and stops
    Time replayDelay{Seconds(10)};       //!< replay: capture to replay
    Time duration{Seconds(150)};         //!< simulated time of each run
    std::string profile{"TelosB"};       //!< device profile of the lights
    int64_t streamBase{1};               //!< first random stream
};

/// What one run measured
struct Report
{
    // The legitimate commands
    uint32_t commands{0};     //!< commands sent
    uint32_t commandsOk{0};   //!< answered
    double latencyMean{NaN};  //!< mean round trip of the answered, s
    double latencyP95{NaN};   //!< its 95th percentile, s
    uint32_t handshakesOk{0}; //!< handshakes completed at the targets
    // The attack
    uint64_t attackPackets{0}; //!< datagrams the attacker sent (replays included)
    uint64_t attackBytes{0};   //!< their UDP payload bytes
    uint64_t attackEntered{0}; //!< of them, the ones a 6LBR let into the LLN
    // The LLN
    uint64_t llnFrames{0};        //!< 802.15.4 frames on the air
    uint64_t relayFrames{0};      //!< frames the relays on the targets' paths sent
    std::vector<double> energy{}; //!< per light (GetLights() order), J
    double targetEnergy{0};       //!< the targets' energy, J
    double relayEnergy{0};        //!< the relays', J
    double otherEnergy{0};        //!< every other light's, J
    // The targets
    uint64_t replaysRejected{0};     //!< DTLS records the targets' replay windows rejected
    uint64_t recordsRejected{0};     //!< DTLS records the targets rejected, any reason
    uint32_t associationsPeak{0};    //!< DTLS associations (half-open included) at a target, peak
    uint32_t ramPeak{0};             //!< DTLS RAM at a target, peak, bytes
    uint64_t sessionsRefused{0};     //!< associations the targets refused (RAM, table)
    uint64_t helloVerifyRequests{0}; //!< HelloVerifyRequests the targets sent
    uint64_t lightCommands{0};       //!< requests the targets' /light handled (replays too)
    // Amplification
    uint64_t victimBytes{0}; //!< UDP payload bytes the victim received from the LLN
    // Eavesdroppers: on the Internet side's LAN, and an 802.15.4 sniffer next to the first
    // target
    uint64_t internetReadable{0};  //!< application bytes readable on the Internet side
    uint64_t internetProtected{0}; //!< bytes seen there under DTLS or OSCORE protection
    uint64_t llnReadable{0};       //!< application bytes readable in the LLN
    uint64_t llnProtected{0};      //!< protected bytes seen in the LLN
    // The 6LBRs
    std::map<BorderRouterFilterVerdict, uint64_t> drops{}; //!< per verdict, every 6LBR
    uint32_t guardStateMax{0};                             //!< the largest filter state, bytes
    uint32_t backEndAdmissions{0}; //!< 6LBRs that admitted the back-end by its handshake

    /// \return commands answered / asked for
    double SuccessRatio() const
    {
        return commands ? double(commandsOk) / commands : NaN;
    }

    /// \return bytes towards the victim / bytes the attacker sent
    double AmplificationFactor() const
    {
        return attackBytes ? double(victimBytes) / attackBytes : NaN;
    }
};

/// The topology's roles, for the energy split
struct Roles
{
    NodeContainer lights;       //!< every light
    std::set<uint32_t> targets; //!< node IDs of the targets
    std::set<uint32_t> relays;  //!< node IDs of the relays on their paths (not 6LBRs)
    std::vector<double> floors; //!< each light's floor, from 0
};

/// \param p parameters \return the CoAP script of the back-end's commands
std::string
CommandScript(const Parameters& p)
{
    std::ostringstream s;
    for (uint32_t i = 0; i < p.commands; ++i)
    {
        s << (i ? "; " : "") << "PUT /light " << (i % 2 ? "off" : "on");
    }
    return s.str();
}

/// \param p parameters \return the flood's payload kind, as FloodAttackApplication names it
std::string
FloodPayloadName(const Parameters& p)
{
    if (p.attack == "handshake-flood")
    {
        return "DtlsClientHello";
    }
    std::string kind = p.floodPayload;
    if (kind == "auto")
    {
        kind = p.security == "coaps" ? "dtls-record" : "coap";
    }
    return kind == "dtls-record" ? "DtlsBadRecord" : kind == "coap-non" ? "CoapNon" : "CoapCon";
}

/// Periodically sample the targets' DTLS state
void
SampleTargets(std::vector<Ptr<DtlsSocket>> sockets,
              std::vector<Ptr<RamModel>> rams,
              Report* r,
              Time period)
{
    for (Ptr<DtlsSocket> s : sockets)
    {
        r->associationsPeak = std::max(r->associationsPeak, s->GetAssociationCount());
    }
    for (Ptr<RamModel> ram : rams)
    {
        ram->Sample();
    }
    Simulator::Schedule(period, &SampleTargets, sockets, rams, r, period);
}

/**
 * \brief The attack's datagrams (UDP payload per destination), to recognise them where a 6LBR
 * lets them into the LLN.
 */
struct AttackLog
{
    std::multiset<std::pair<Ipv6Address, std::string>> payloads; //!< sent, not yet seen
    Report* report{nullptr};                                     //!< where the counts go

    /**
     * \brief An attacker's Tx or Replayed trace.
     * \param log the log
     * \param payload the UDP payload
     * \param target its destination
     */
    static void Sent(AttackLog* log, Ptr<const Packet> payload, Ipv6Address, Ipv6Address target)
    {
        std::string bytes(payload->GetSize(), '\0');
        payload->CopyData(reinterpret_cast<uint8_t*>(&bytes[0]), bytes.size());
        log->payloads.insert({target, bytes});
        ++log->report->attackPackets;
        log->report->attackBytes += payload->GetSize();
    }

    /**
     * \brief A guard's Pass trace (and its Drop trace when it does not enforce).
     * \param log the log
     * \param packet the packet from its UDP header on
     * \param header its IPv6 header
     * \param direction which way it crossed the 6LBR
     */
    static void Passed(AttackLog* log,
                       Ptr<const Packet> packet,
                       const Ipv6Header& header,
                       BorderRouterGuard::Direction direction,
                       BorderRouterFilterVerdict)
    {
        if (direction != BorderRouterGuard::INBOUND ||
            header.GetNextHeader() != UdpL4Protocol::PROT_NUMBER || packet->GetSize() < 8)
        {
            return;
        }
        std::string bytes(packet->GetSize() - 8, '\0'); // after the UDP header
        packet->CreateFragment(8, packet->GetSize() - 8)
            ->CopyData(reinterpret_cast<uint8_t*>(&bytes[0]), bytes.size());
        auto it = log->payloads.find({header.GetDestination(), bytes});
        if (it != log->payloads.end())
        {
            ++log->report->attackEntered;
            log->payloads.erase(it); // one sent, one seen
        }
    }
};

/**
 * \brief Build the building, run one copy, and report.
 * \param p the parameters
 * \param run "baseline", "off" or "on"
 * \param[out] r the report
 * \param[out] roles the lights and the targets' paths
 * \return why it could not run (empty: it ran)
 */
std::string
Run(const Parameters& p, const std::string& run, Report& r, Roles& roles)
{
    Ptr<BuildingTopologyHelper> building = CreateObject<BuildingTopologyHelper>();
    building->SetAttribute("Floors", UintegerValue(p.floors));
    building->SetAttribute("RoomsPerFloor", UintegerValue(p.lightsPerFloor));
    building->SetAttribute("NodesPerRoom", UintegerValue(1));
    building->SetAttribute("InternetHosts", UintegerValue(3));
    building->SetAttribute("Rdc", StringValue(p.rdc == "lpl" ? "Lpl" : "None"));
    int64_t stream = p.streamBase;
    std::string error = building->BuildAndRoute(stream);
    if (!error.empty())
    {
        return error;
    }

    // The targets, and the relays on their paths
    roles = Roles();
    roles.lights = building->GetLights();
    for (uint32_t i = 0; i < roles.lights.GetN(); ++i)
    {
        roles.floors.push_back(building->GetNodeInfo(roles.lights.Get(i)).floor);
    }
    NodeContainer floor = building->GetFloorLights(0);
    NodeContainer targets;
    std::map<uint32_t, uint32_t> hopCounts;
    for (uint32_t i = 0; i < floor.GetN(); ++i)
    {
        uint32_t h = building->GetHopCount(floor.Get(i));
        ++hopCounts[h];
        if (h == p.hops && targets.GetN() < p.targets)
        {
            targets.Add(floor.Get(i));
        }
    }
    if (targets.GetN() < p.targets)
    {
        std::ostringstream os;
        os << "floor 0 has " << targets.GetN() << " light(s) " << p.hops
           << " hop(s) from its 6LBR, fewer than targets = " << p.targets << " (hops: lights";
        for (const auto& [h, n] : hopCounts)
        {
            os << " " << h << ":" << n;
        }
        os << "); change hops, targets or lightsPerFloor";
        return os.str();
    }
    for (uint32_t i = 0; i < targets.GetN(); ++i)
    {
        roles.targets.insert(targets.Get(i)->GetId());
        for (Ptr<Node> n = building->GetParent(targets.Get(i));
             n && building->GetNodeInfo(n).role == BuildingTopologyHelper::LIGHT;
             n = building->GetParent(n))
        {
            roles.relays.insert(n->GetId());
        }
    }
    for (uint32_t t : roles.targets)
    {
        roles.relays.erase(t); // a target on another target's path counts as a target
    }

    NodeContainer hosts = building->GetInternetHosts();
    Ptr<Node> backEnd = hosts.Get(0);
    Ptr<Node> attacker = hosts.Get(1);
    Ptr<Node> victim = hosts.Get(2);
    Ipv6Address victimAddress = building->GetInternetHostAddress(2);

    // Device profiles and energy
    NodeModelHelper lights;
    lights.SetPreset(p.profile);
    lights.Install(building->GetLights());
    NodeModelHelper routers;
    routers.SetPreset("BorderRouter");
    routers.Install(building->GetBorderRouters());
    NodeModelHelper unconstrained;
    unconstrained.SetPreset("Unconstrained");
    unconstrained.Install(hosts);
    NodeEnergyHelper energy;
    energy.Install(building->GetLlnNodes());
    Ptr<AirTrafficMonitor> air = CreateObject<AirTrafficMonitor>();
    air->Install(building->GetLrWpanDevices());

    // The 6LBRs' guards: counting only in baseline and off, dropping in on
    BorderRouterGuardHelper guardHelper;
    guardHelper.SetAttribute("Enforce", BooleanValue(run == "on"));
    guardHelper.SetAttribute("RequireAuthenticated", BooleanValue(p.authenticate));
    std::vector<Ptr<BorderRouterGuard>> guards = guardHelper.Install(building->GetBorderRouters());
    // The back-end authenticates itself to every 6LBR: a PSK handshake with the 6LBR's DTLS
    // server (its own key, not the end-to-end one), which admits it to the guard
    Bytes routerKey = DtlsHelper::DeriveKey("border-router-attacks-6lbr", 0);
    DtlsHelper::InstallPsk(backEnd, "backend-6lbr", routerKey);
    NodeContainer borderRouters = building->GetBorderRouters();
    for (uint32_t i = 0; i < borderRouters.GetN(); ++i)
    {
        Ptr<Node> router = borderRouters.Get(i);
        DtlsHelper::InstallPsk(router, "backend-6lbr", routerKey);
        Ptr<DtlsServerApplication> server = CreateObject<DtlsServerApplication>();
        server->SetAttribute("Port", UintegerValue(BACKEND_AUTH_PORT));
        router->AddApplication(server);
        guards[i]->AuthenticateThrough(server);
        Ptr<DtlsClientApplication> login = CreateObject<DtlsClientApplication>();
        login->SetAttribute(
            "Remote",
            AddressValue(Inet6SocketAddress(
                building->GetBorderRouterBackboneAddress(building->GetNodeInfo(router).dodag),
                BACKEND_AUTH_PORT)));
        login->SetAttribute("MaxPackets", UintegerValue(0));
        login->SetSocketAttribute("PskIdentity", StringValue("backend-6lbr"));
        backEnd->AddApplication(login);
        login->SetStartTime(Seconds(1));
    }

    // The targets' servers and the back-end's commands
    bool coaps = p.security == "coaps";
    uint16_t port = coaps ? COAPS_PORT : COAP_PORT;
    CoapHelper coap;
    if (coaps)
    {
        Bytes key = DtlsHelper::DeriveKey("border-router-attacks", 0);
        DtlsHelper::InstallPsk(backEnd, "backend", key);
        for (uint32_t i = 0; i < targets.GetN(); ++i)
        {
            DtlsHelper::InstallPsk(targets.Get(i), "backend", key);
        }
        DtlsHelper server;
        server.SetSocketAttribute("CookieExchange", BooleanValue(p.cookie));
        server.InstallSocketFactory(targets);
        DtlsHelper client;
        client.SetSocketAttribute("PskIdentity", StringValue("backend"));
        client.InstallSocketFactory(NodeContainer(backEnd));
        coap.SetBindingAttribute("SocketFactory", TypeIdValue(DtlsSocketFactory::GetTypeId()));
    }
    coap.SetServerAttribute("Port", UintegerValue(port));
    coap.SetServerAttribute("Resources", StringValue(LIGHT_RESOURCES));
    ApplicationContainer servers = coap.InstallServer(targets);
    coap.SetClientAttribute("Script", StringValue(CommandScript(p)));
    coap.SetClientAttribute("Interval", TimeValue(p.commandInterval));
    std::vector<Ptr<CoapClientApplication>> clients;
    for (uint32_t i = 0; i < targets.GetN(); ++i)
    {
        ApplicationContainer c =
            coap.InstallClient(backEnd,
                               Inet6SocketAddress(building->GetAddress(targets.Get(i)), port));
        c.Start(p.attackStart + Seconds(5));
        clients.push_back(DynamicCast<CoapClientApplication>(c.Get(0)));
    }

    // The attacker, on the Internet side's LAN; its next hop is the core router
    Ptr<NetDevice> attackerDevice;
    for (uint32_t i = 0; i < attacker->GetNDevices(); ++i)
    {
        if (DynamicCast<CsmaNetDevice>(attacker->GetDevice(i)))
        {
            attackerDevice = attacker->GetDevice(i);
        }
    }
    NS_ABORT_MSG_UNLESS(attackerDevice, "border-router-attacks: the attacker has no LAN device");
    Address nextHop = RawIpv6Injector::NextHopOnLink(attackerDevice, building->GetCoreRouter());
    std::vector<Ipv6Address> targetAddresses;
    for (uint32_t i = 0; i < targets.GetN(); ++i)
    {
        targetAddresses.push_back(building->GetAddress(targets.Get(i)));
    }
    // What the attacker sent, to recognise it where the 6LBRs let it pass
    AttackLog log;
    log.report = &r;
    Callback<void, Ptr<const Packet>, Ipv6Address, Ipv6Address> onAttack =
        MakeBoundCallback(&AttackLog::Sent, &log);
    Ptr<Application> attack;
    if (run != "baseline" && p.attack != "none")
    {
        if (p.attack == "handshake-flood" || p.attack == "request-flood")
        {
            Ptr<FloodAttackApplication> flood = CreateObject<FloodAttackApplication>();
            flood->SetAttribute("Payload", StringValue(FloodPayloadName(p)));
            flood->SetAttribute("SpoofedSources", UintegerValue(p.spoofed));
            flood->SetAttribute("SpoofPrefix", Ipv6AddressValue(Ipv6Address("2001:bad::")));
            flood->SetAttribute("Rate", DoubleValue(p.rate));
            flood->SetAttribute("DestinationPort", UintegerValue(port));
            flood->SetTargets(targetAddresses);
            flood->SetDevice(attackerDevice, nextHop);
            stream += flood->AssignStreams(stream);
            flood->TraceConnectWithoutContext("Tx", onAttack);
            attack = flood;
        }
        else if (p.attack == "amplification")
        {
            Ptr<AmplificationAttackApplication> amp =
                CreateObject<AmplificationAttackApplication>();
            amp->SetAttribute("Victim", Ipv6AddressValue(victimAddress));
            amp->SetAttribute("VictimPort", UintegerValue(VICTIM_PORT));
            amp->SetAttribute("Rate", DoubleValue(p.rate));
            amp->SetAttribute("DestinationPort", UintegerValue(COAP_PORT));
            amp->SetTargets(targetAddresses);
            amp->SetDevice(attackerDevice, nextHop);
            stream += amp->AssignStreams(stream);
            amp->TraceConnectWithoutContext("Tx", onAttack);
            attack = amp;
        }
        else // replay
        {
            Ptr<ReplayAttackApplication> replay = CreateObject<ReplayAttackApplication>();
            replay->SetAttribute("CapturePrefix", Ipv6AddressValue(building->GetLlnPrefix(0)));
            replay->SetAttribute("CapturePrefixLength", UintegerValue(64));
            replay->SetAttribute("CapturePort", UintegerValue(port));
            replay->SetAttribute("Delay", TimeValue(p.replayDelay));
            replay->SetDevice(attackerDevice, nextHop);
            replay->TraceConnectWithoutContext("Replayed", onAttack);
            attack = replay;
        }
        attacker->AddApplication(attack);
        attack->SetStartTime(p.attackStart);
        attack->SetStopTime(p.attackStop);
    }
    if (p.attack == "amplification")
    {
        // The amplification servers: every target answers NoSec CoAP too
        CoapHelper plain;
        plain.SetServerAttribute("Port", UintegerValue(COAP_PORT));
        plain.SetServerAttribute("Resources", StringValue(LIGHT_RESOURCES));
        if (coaps)
        {
            plain.InstallServer(targets);
        }
    }
    // The victim counts what the LLN sent it
    Ptr<Socket> victimSocket = Socket::CreateSocket(victim, UdpSocketFactory::GetTypeId());
    victimSocket->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), VICTIM_PORT));
    victimSocket->SetRecvCallback(MakeBoundCallback(
        +[](Report* r, Ptr<Socket> s) {
            while (Ptr<Packet> packet = s->Recv())
            {
                r->victimBytes += packet->GetSize();
            }
        },
        &r));

    // Attack packets that a 6LBR let into the LLN
    for (Ptr<BorderRouterGuard> g : guards)
    {
        g->TraceConnectWithoutContext("Pass", MakeBoundCallback(&AttackLog::Passed, &log));
        if (!g->IsEnforcing())
        {
            // What the guard would drop goes through all the same
            g->TraceConnectWithoutContext("Drop", MakeBoundCallback(&AttackLog::Passed, &log));
        }
    }

    // The eavesdroppers: a tap on the victim's LAN device (the Internet side's LAN), and a
    // sniffer 1 m from the first target, made last so that no other node's streams move
    Ptr<EavesdropperApplication> internetEar = CreateObject<EavesdropperApplication>();
    for (uint32_t i = 0; i < victim->GetNDevices(); ++i)
    {
        if (DynamicCast<CsmaNetDevice>(victim->GetDevice(i)))
        {
            internetEar->SetDevice(victim->GetDevice(i));
        }
    }
    victim->AddApplication(internetEar);
    Vector near = targets.Get(0)->GetObject<MobilityModel>()->GetPosition();
    near.y += 1;
    Ptr<Node> sniffer =
        EavesdropperApplication::CreateLlnSniffer(building->GetLlnHelper().GetChannel(), near);
    Ptr<EavesdropperApplication> llnEar = EavesdropperApplication::InstallOnLlnSniffer(sniffer);

    // The targets' DTLS sockets, once their servers started
    std::vector<Ptr<DtlsSocket>> sockets;
    std::vector<Ptr<RamModel>> rams;
    if (coaps)
    {
        Simulator::Schedule(Seconds(0.5), [&servers, &sockets, &rams, &r, targets]() {
            for (uint32_t i = 0; i < servers.GetN(); ++i)
            {
                Ptr<CoapServerApplication> s = DynamicCast<CoapServerApplication>(servers.Get(i));
                sockets.push_back(DynamicCast<DtlsSocket>(s->GetBinding()->GetSocket()));
                rams.push_back(NodeModelHelper::GetRam(targets.Get(i)));
            }
            SampleTargets(sockets, rams, &r, MilliSeconds(100));
        });
    }

    Simulator::Stop(p.duration);
    Simulator::Run();

    // The commands
    std::vector<double> rtts;
    r.commands = p.commands * targets.GetN(); // asked for: a failed handshake sends none
    for (Ptr<CoapClientApplication> c : clients)
    {
        for (const CoapClientRecord& rec : c->GetRecords())
        {
            if (rec.ok)
            {
                ++r.commandsOk;
                rtts.push_back(rec.rtt.GetSeconds());
            }
        }
    }
    if (!rtts.empty())
    {
        double sum = 0;
        for (double x : rtts)
        {
            sum += x;
        }
        r.latencyMean = sum / rtts.size();
        r.latencyP95 = ResultsSink::Percentile(rtts, 95);
    }
    // The targets
    for (Ptr<DtlsSocket> s : sockets)
    {
        r.replaysRejected += s->GetRejected(DtlsRejectReason::REPLAY);
        for (DtlsRejectReason why : {DtlsRejectReason::REPLAY,
                                     DtlsRejectReason::BAD_RECORD_MAC,
                                     DtlsRejectReason::WRONG_EPOCH,
                                     DtlsRejectReason::MALFORMED,
                                     DtlsRejectReason::UNEXPECTED})
        {
            r.recordsRejected += s->GetRejected(why);
        }
        r.sessionsRefused += s->GetRefused();
        r.helloVerifyRequests += s->GetHelloVerifyRequests();
    }
    for (Ptr<RamModel> ram : rams)
    {
        r.ramPeak = std::max(r.ramPeak, ram->GetPeakBytes());
    }
    for (uint32_t i = 0; i < servers.GetN(); ++i)
    {
        r.lightCommands +=
            DynamicCast<CoapServerApplication>(servers.Get(i))->GetHandlerCount("/light");
    }
    // The LLN
    r.llnFrames = air->GetTotalFrames();
    for (uint32_t i = 0; i < roles.lights.GetN(); ++i)
    {
        Ptr<Node> n = roles.lights.Get(i);
        double e = NodeEnergyHelper::GetNodeEnergy(n).Total();
        r.energy.push_back(e);
        if (roles.targets.count(n->GetId()))
        {
            r.targetEnergy += e;
        }
        else if (roles.relays.count(n->GetId()))
        {
            r.relayEnergy += e;
            r.relayFrames += air->GetFrames(n->GetId());
        }
        else
        {
            r.otherEnergy += e;
        }
    }
    // The eavesdroppers
    r.internetReadable = internetEar->GetReadableBytes();
    r.internetProtected = internetEar->GetProtectedBytes();
    r.llnReadable = llnEar->GetReadableBytes();
    r.llnProtected = llnEar->GetProtectedBytes();
    // The 6LBRs
    for (Ptr<BorderRouterGuard> g : guards)
    {
        for (std::size_t v = 1; v < BORDER_ROUTER_FILTER_VERDICTS; ++v)
        {
            BorderRouterFilterVerdict verdict = static_cast<BorderRouterFilterVerdict>(v);
            r.drops[verdict] += g->GetDrops(verdict);
        }
        r.guardStateMax = std::max(r.guardStateMax, g->GetFilter().GetStateBytes());
        r.backEndAdmissions += g->GetHandshakeAdmissions();
    }
    return "";
}

/// \param values numbers \return them as a JSON array
JsonValue
ToArray(const std::vector<double>& values)
{
    JsonValue a = JsonValue::Array();
    for (double v : values)
    {
        a.Append(JsonValue(v));
    }
    return a;
}

/// One row of the comparison table
struct Row
{
    std::string label;                                       //!< printed label
    std::string metric;                                      //!< metric name
    std::function<double(const Report&, const Report&)> get; //!< value (run, baseline)
    int precision;                                           //!< decimals
};

/// \param r a report \param v a verdict \return its drops
double
Drops(const Report& r, BorderRouterFilterVerdict v)
{
    auto it = r.drops.find(v);
    return it == r.drops.end() ? 0 : double(it->second);
}

/// \return the metrics, in the order of analysis/scenarios.py
std::vector<Row>
Rows()
{
    using R = const Report&;
    std::vector<Row> rows = {
        {"commands asked for", "commands", [](R r, R) { return r.commands; }, 0},
        {"commands answered", "commandsOk", [](R r, R) { return r.commandsOk; }, 0},
        {"command success ratio", "successRatio", [](R r, R) { return r.SuccessRatio(); }, 3},
        {"command round trip, mean [s]", "latency_mean_s", [](R r, R) { return r.latencyMean; }, 3},
        {"command round trip, p95 [s]", "latency_p95_s", [](R r, R) { return r.latencyP95; }, 3},
        {"attack datagrams sent",
         "attackPackets",
         [](R r, R) { return double(r.attackPackets); },
         0},
        {"attack bytes sent (UDP payload)",
         "attackBytes",
         [](R r, R) { return double(r.attackBytes); },
         0},
        {"attack datagrams into the LLN",
         "attackEntered",
         [](R r, R) { return double(r.attackEntered); },
         0},
        {"802.15.4 frames", "lln_frames", [](R r, R) { return double(r.llnFrames); }, 0},
        {"  more than the baseline",
         "llnFramesAdded",
         [](R r, R b) { return double(r.llnFrames) - double(b.llnFrames); },
         0},
        {"frames sent by the relays",
         "relayFrames",
         [](R r, R) { return double(r.relayFrames); },
         0},
        {"energy lost by the targets [J]",
         "targetEnergyLost_J",
         [](R r, R b) { return r.targetEnergy - b.targetEnergy; },
         5},
        {"energy lost by the relays [J]",
         "relayEnergyLost_J",
         [](R r, R b) { return r.relayEnergy - b.relayEnergy; },
         5},
        {"energy lost by the other lights [J]",
         "otherEnergyLost_J",
         [](R r, R b) { return r.otherEnergy - b.otherEnergy; },
         5},
        {"records rejected by the targets",
         "recordsRejected",
         [](R r, R) { return double(r.recordsRejected); },
         0},
        {"  as replays", "replaysRejected", [](R r, R) { return double(r.replaysRejected); }, 0},
        {"DTLS associations at a target, peak",
         "associations_max",
         [](R r, R) { return r.associationsPeak; },
         0},
        {"DTLS RAM at a target, peak [bytes]",
         "ram_max_bytes",
         [](R r, R) { return r.ramPeak; },
         0},
        {"associations refused by the targets",
         "sessionsRefused",
         [](R r, R) { return double(r.sessionsRefused); },
         0},
        {"HelloVerifyRequests sent",
         "helloVerifyRequests",
         [](R r, R) { return double(r.helloVerifyRequests); },
         0},
        {"/light requests handled",
         "lightCommands",
         [](R r, R) { return double(r.lightCommands); },
         0},
        {"bytes the victim received",
         "victimBytes",
         [](R r, R) { return double(r.victimBytes); },
         0},
        {"amplification factor",
         "amplification",
         [](R r, R) { return r.AmplificationFactor(); },
         2},
    };
    rows.push_back({"eavesdropper (Internet): readable bytes",
                    "eavesInternetReadable_bytes",
                    [](R r, R) { return double(r.internetReadable); },
                    0});
    rows.push_back({"  protected bytes",
                    "eavesInternetProtected_bytes",
                    [](R r, R) { return double(r.internetProtected); },
                    0});
    rows.push_back({"eavesdropper (LLN): readable bytes",
                    "eavesLlnReadable_bytes",
                    [](R r, R) { return double(r.llnReadable); },
                    0});
    rows.push_back({"  protected bytes",
                    "eavesLlnProtected_bytes",
                    [](R r, R) { return double(r.llnProtected); },
                    0});
    for (std::size_t v = 1; v < BORDER_ROUTER_FILTER_VERDICTS; ++v)
    {
        BorderRouterFilterVerdict verdict = static_cast<BorderRouterFilterVerdict>(v);
        std::string name = BorderRouterFilterVerdictName(verdict);
        rows.push_back(
            {"6LBR " + name, "drops_" + name, [verdict](R r, R) { return Drops(r, verdict); }, 0});
    }
    rows.push_back({"6LBRs that admitted the back-end",
                    "backEndAdmissions",
                    [](R r, R) { return r.backEndAdmissions; },
                    0});
    rows.push_back({"6LBR filter state, largest [bytes]",
                    "guardState_max_bytes",
                    [](R r, R) { return r.guardStateMax; },
                    0});
    return rows;
}

} // namespace

int
main(int argc, char* argv[])
{
    Parameters p;
    ResultsSink results("border-router-attacks");
    CommandLine cmd(__FILE__);
    cmd.Usage("Attacks from the Internet on lights of the building, with the 6LBRs' filter "
              "off and on (Brachmann et al., section IV). With no arguments: a request flood "
              "into coaps on the 10 x 10 building, baseline, filter off and filter on.");
    results.AddValue(cmd,
                     "attack",
                     "none, handshake-flood, request-flood, replay or amplification",
                     p.attack);
    results.AddValue(cmd,
                     "filter",
                     "compare (baseline, off, on), off or on (each with the baseline)",
                     p.filter);
    results.AddValue(cmd, "floors", "floors of the building", p.floors);
    results.AddValue(cmd,
                     "lightsPerFloor",
                     "lights on each floor (one per room)",
                     p.lightsPerFloor);
    results.AddValue(cmd, "rdc", "the lights' radio duty cycling: lpl or none", p.rdc);
    results.AddValue(cmd, "hops", "802.15.4 hops from each target to its 6LBR", p.hops);
    results.AddValue(cmd, "targets", "lights attacked and commanded (floor 0)", p.targets);
    results.AddValue(cmd, "rate", "attack datagrams per second", p.rate);
    results.AddValue(cmd,
                     "spoofed",
                     "floods: spoofed source addresses (0: the attacker's own)",
                     p.spoofed);
    results.AddValue(cmd,
                     "floodPayload",
                     "request-flood: auto (dtls-record with coaps, coap with nosec), coap, "
                     "coap-non or dtls-record",
                     p.floodPayload);
    results.AddValue(cmd, "cookie", "the targets' DTLS cookie exchange", p.cookie);
    results.AddValue(cmd,
                     "authenticate",
                     "the 6LBRs admit authenticated back-ends only (filter on)",
                     p.authenticate);
    results.AddValue(cmd, "security", "the back-end's commands: coaps or nosec", p.security);
    results.AddValue(cmd, "commands", "commands per target", p.commands);
    results.AddValue(cmd,
                     "commandInterval",
                     "between a command's outcome and the next",
                     p.commandInterval);
    results.AddValue(cmd, "attackStart", "when the attack starts", p.attackStart);
    results.AddValue(cmd, "attackStop", "when it stops", p.attackStop);
    results.AddValue(cmd, "replayDelay", "replay: from capture to replay", p.replayDelay);
    results.AddValue(cmd, "duration", "simulated time of each run", p.duration);
    results.AddValue(cmd, "profile", "device profile of the lights", p.profile);
    results.AddValue(cmd, "streamBase", "first random stream", p.streamBase);
    results.Parse(cmd, argc, argv);

    auto fail = [](const std::string& why) {
        std::cerr << "border-router-attacks: " << why << std::endl;
        return 2;
    };
    const std::set<std::string> attacks = {"none",
                                           "handshake-flood",
                                           "request-flood",
                                           "replay",
                                           "amplification"};
    if (!attacks.count(p.attack))
    {
        return fail("attack must be none, handshake-flood, request-flood, replay or "
                    "amplification, not '" +
                    p.attack + "'");
    }
    if (p.filter != "compare" && p.filter != "off" && p.filter != "on")
    {
        return fail("filter must be compare, off or on, not '" + p.filter + "'");
    }
    if (p.security != "coaps" && p.security != "nosec")
    {
        return fail("security must be coaps or nosec, not '" + p.security + "'");
    }
    if (p.rdc != "lpl" && p.rdc != "none")
    {
        return fail("rdc must be lpl or none, not '" + p.rdc + "'");
    }
    const std::set<std::string> payloads = {"auto", "coap", "coap-non", "dtls-record"};
    if (!payloads.count(p.floodPayload))
    {
        return fail("floodPayload must be auto, coap, coap-non or dtls-record, not '" +
                    p.floodPayload + "'");
    }
    if (!(p.rate > 0))
    {
        return fail("rate must be positive");
    }
    if (p.targets < 1 || p.commands < 1)
    {
        return fail("targets and commands must be at least 1");
    }
    if (!(p.attackStart < p.attackStop) || !(p.attackStop <= p.duration))
    {
        return fail("need attackStart < attackStop <= duration");
    }

    std::vector<std::string> runs = {"baseline"};
    if (p.attack != "none")
    {
        if (p.filter != "on")
        {
            runs.push_back("off");
        }
        if (p.filter != "off")
        {
            runs.push_back("on");
        }
    }
    std::map<std::string, Report> reports;
    Roles roles;
    std::vector<double> xOf;
    std::vector<double> yOf;
    for (std::size_t i = 0; i < runs.size(); ++i)
    {
        std::string error = Run(p, runs[i], reports[runs[i]], roles);
        if (!error.empty())
        {
            return fail(runs[i] + ": " + error);
        }
        if (i == 0)
        {
            for (uint32_t k = 0; k < roles.lights.GetN(); ++k)
            {
                Ptr<MobilityModel> m = roles.lights.Get(k)->GetObject<MobilityModel>();
                Vector pos = m ? m->GetPosition() : Vector();
                xOf.push_back(pos.x);
                yOf.push_back(pos.y);
            }
        }
        results.EndSimulation();
        Simulator::Destroy();
    }

    // Metrics: "<run>.<name>"; per light, its position and what it lost in each attacked run
    const Report& baseline = reports["baseline"];
    for (const Row& row : Rows())
    {
        for (const std::string& run : runs)
        {
            results.SetMetric(run + "." + row.metric, row.get(reports[run], baseline));
        }
    }
    results.SetMetric("light_floor", ToArray(roles.floors));
    results.SetMetric("light_x_m", ToArray(xOf));
    results.SetMetric("light_y_m", ToArray(yOf));
    for (const std::string& run : runs)
    {
        if (run == "baseline")
        {
            continue;
        }
        std::vector<double> lost;
        for (std::size_t k = 0; k < baseline.energy.size(); ++k)
        {
            lost.push_back(reports[run].energy[k] - baseline.energy[k]);
        }
        results.SetMetric(run + ".lightEnergyLost_J", ToArray(lost));
    }

    // The side-by-side table
    std::cout << "border-router-attacks: " << p.attack << " at " << p.rate << "/s on " << p.targets
              << " light(s) " << p.hops << " hop(s) from the 6LBR, " << p.floors << " floors x "
              << p.lightsPerFloor << " lights (" << (p.rdc == "lpl" ? "duty-cycled" : "always-on")
              << "), commands over " << p.security << "\n";
    std::cout << std::left << std::setw(40) << "metric";
    for (const std::string& run : runs)
    {
        std::cout << std::right << std::setw(12) << run;
    }
    std::cout << "\n";
    for (const Row& row : Rows())
    {
        std::cout << std::left << std::setw(40) << row.label;
        for (const std::string& run : runs)
        {
            std::cout << std::right << std::setw(12)
                      << ResultsSink::FormatValue(row.get(reports[run], baseline), row.precision);
        }
        std::cout << "\n";
    }
    std::cout << std::endl;
    return results.Finish();
}
