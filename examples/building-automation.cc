/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup iotsec
 * The headline study: switching a floor of lights from the Internet, 1:N DTLS against access
 * grouped through a Secure Service Manager (Park & Kang, Fig. 4).
 *
 * A building of `floors` floors with `lightsPerFloor` 802.15.4 lights each (one per room), a
 * 6LBR per floor (or per building), a backbone and an Internet side where the SSM, the
 * application server and the clients sit; with `buildings` > 1, a campus of that many such
 * buildings on a grid, sharing the backbone and the radio channel. Each client runs `commands`
 * rounds; every round switches the floors in `commandFloors` on or off (floor k of every
 * building):
 * - `dtls-1n`: the client runs a DTLS handshake with every light, then PUTs /light to each;
 * - `ssm`: the client runs one handshake with the SSM, walks its directory (messages (1),
 *   (2), (3)) and sends one PUT /settings/lights/floor<k>; the application server reaches
 *   each light over the back-end security its device class gets (Class 2 dtls, Class 1
 *   object, Class 0 none);
 * - `nosec`: the traffic of dtls-1n without any security (the baseline);
 * - `compare` (the default): dtls-1n, then ssm, on the same building, side by side.
 *
 *     ./iotsec run building-automation
 *     ./iotsec run building-automation --mode=ssm --classPattern=210 --verbose=1
 *     ./iotsec run building-automation --mode=dtls-1n --clients=3 --classPattern=1
 *     ./iotsec run building-automation --mode=compare --frameLoss=0.1 --results=ba.json
 *     ./iotsec run building-automation --mode=ssm --buildings=10 --lightsPerFloor=100
 */

#include "ns3/building-automation-helper.h"
#include "ns3/building-topology-helper.h"
#include "ns3/core-module.h"
#include "ns3/dtls-socket.h"
#include "ns3/results-sink.h"

#include <cmath>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("BuildingAutomation");

namespace
{

/// The scenario's parameters
struct Parameters
{
    uint32_t buildings{1};                        //!< buildings of the campus
    uint32_t floors{10};                          //!< floors
    uint32_t lightsPerFloor{10};                  //!< lights per floor
    std::string borderRouters{"PerFloor"};        //!< PerFloor or PerBuilding
    std::string classPattern{"21"};               //!< classes of the lights of a floor
    std::string policy;                           //!< back-end policy changes
    bool direct{false};                           //!< SSM reaches the lights itself
    uint32_t clients{1};                          //!< clients
    std::string commandFloors{"3"};               //!< floors each round commands
    uint32_t commands{2};                         //!< rounds per client
    Time roundInterval{Seconds(10)};              //!< between rounds
    double frameLoss{0};                          //!< 802.15.4 frame loss per link
    std::string lossRecovery{"RetransmitFlight"}; //!< DTLS handshake recovery
    bool keepSessions{true};                      //!< keep DTLS sessions between rounds
    Time duration{Seconds(180)};                  //!< simulated time of each run
    bool verbose{false};                          //!< Fig. 4 sequence at INFO level
    bool pcap{false};                             //!< 802.15.4 pcaps of every LLN node
    std::string rdc{"none"};                      //!< radio duty cycling of the lights
    Time wakeupInterval{MilliSeconds(125)};       //!< lpl: channel-check interval
};

/**
 * \brief Build the building and the study for one mode, run it, and return its report.
 * \param p the parameters
 * \param mode the mode
 * \param[out] error why it could not run
 * \param[out] ok false if it could not run
 * \return the report
 */
BuildingAutomationHelper::Report
RunMode(const Parameters& p, const std::string& mode, std::string& error, bool& ok)
{
    ok = false;
    Ptr<BuildingTopologyHelper> building = CreateObject<BuildingTopologyHelper>();
    building->SetAttribute("Buildings", UintegerValue(p.buildings));
    building->SetAttribute("Floors", UintegerValue(p.floors));
    building->SetAttribute("RoomsPerFloor", UintegerValue(p.lightsPerFloor));
    building->SetAttribute("NodesPerRoom", UintegerValue(1));
    Ptr<BuildingAutomationHelper> study = CreateObject<BuildingAutomationHelper>();
    study->SetAttribute("Clients", UintegerValue(p.clients));
    building->SetAttribute("InternetHosts", UintegerValue(study->RequiredInternetHosts()));
    if (!building->SetAttributeFailSafe("BorderRouters", StringValue(p.borderRouters)))
    {
        error = "borderRouters must be PerFloor or PerBuilding";
        return {};
    }
    building->SetAttribute("Rdc", StringValue(p.rdc == "lpl" ? "Lpl" : "None"));
    building->SetAttribute("WakeupInterval", TimeValue(p.wakeupInterval));
    study->SetAttribute("Mode", StringValue(mode));
    study->SetAttribute("ClassPattern", StringValue(p.classPattern));
    study->SetAttribute("Policy", StringValue(p.policy));
    study->SetAttribute("DirectAccess", BooleanValue(p.direct));
    study->SetAttribute("CommandFloors", StringValue(p.commandFloors));
    study->SetAttribute("Rounds", UintegerValue(p.commands));
    study->SetAttribute("RoundInterval", TimeValue(p.roundInterval));
    study->SetAttribute("KeepSessions", BooleanValue(p.keepSessions));
    int64_t stream = 1;
    error = building->BuildAndRoute(stream);
    if (!error.empty())
    {
        return {};
    }
    error = study->Validate(building);
    if (!error.empty())
    {
        return {};
    }
    // Every frame on every link is lost with probability frameLoss, on top of the building's
    // propagation (the routes were computed without it)
    stream += building->AddFrameErasure(p.frameLoss, stream);
    study->Install(building);
    stream += study->AssignStreams(stream);
    if (p.pcap)
    {
        // building-automation-<mode>-<node>-<device>.pcap, IEEE 802.15.4 with FCS
        building->GetLlnHelper().EnablePcap("building-automation-" + mode);
    }
    Simulator::Stop(p.duration);
    Simulator::Run();
    ok = true;
    return study->GetReport();
}

/// One row of the comparison table
struct Row
{
    std::string label;                                                  //!< printed label
    std::string metric;                                                 //!< metric name
    std::function<double(const BuildingAutomationHelper::Report&)> get; //!< value
    int precision;                                                      //!< decimals
};

/// \return the metrics, in the order of analysis/scenarios.py
std::vector<Row>
Rows()
{
    using R = BuildingAutomationHelper::Report;
    return {
        {"client DTLS handshakes",
         "clientHandshakes",
         [](const R& r) { return r.clientHandshakes; },
         0},
        {"DTLS handshakes with lights",
         "llnHandshakes",
         [](const R& r) { return r.llnHandshakes; },
         0},
        {"SSM-application server handshakes",
         "backendHandshakes",
         [](const R& r) { return r.backendHandshakes; },
         0},
        {"first command latency [s]",
         "firstCommandLatency_s",
         [](const R& r) { return r.firstCommandLatency; },
         3},
        {"repeat command latency [s]",
         "repeatCommandLatency_s",
         [](const R& r) { return r.repeatCommandLatency; },
         3},
        {"802.15.4 frames", "lln_frames", [](const R& r) { return double(r.llnFrames); }, 0},
        {"802.15.4 bytes", "lln_bytes", [](const R& r) { return double(r.llnBytes); }, 0},
        {"energy per light, mean [J]",
         "energyPerLight_mean_J",
         [](const R& r) { return r.energyPerLightMean; },
         4},
        {"energy per light, max [J]",
         "energyPerLight_max_J",
         [](const R& r) { return r.energyPerLightMax; },
         4},
        {"  of which CPU, mean [J]",
         "cpuEnergyPerLight_mean_J",
         [](const R& r) { return r.cpuEnergyPerLightMean; },
         6},
        {"frames + CPU per light, mean [J]",
         "activeEnergyPerLight_mean_J",
         [](const R& r) { return r.activeEnergyPerLightMean; },
         6},
        {"frames + CPU per light, max [J]",
         "activeEnergyPerLight_max_J",
         [](const R& r) { return r.activeEnergyPerLightMax; },
         6},
        {"energy, all lights [J]", "energy_total_J", [](const R& r) { return r.energyTotal; }, 3},
        {"radio duty cycle per light, mean",
         "dutyCyclePerLight_mean",
         [](const R& r) { return r.dutyCyclePerLightMean; },
         5},
        {"radio duty cycle per light, max",
         "dutyCyclePerLight_max",
         [](const R& r) { return r.dutyCyclePerLightMax; },
         5},
        {"lifetime on 2 AA, hungriest [days]",
         "lifetime_min_days",
         [](const R& r) { return r.lifetimeMinDays; },
         1},
        {"client security RAM [bytes]",
         "clientRam_bytes",
         [](const R& r) { return r.clientRam; },
         0},
        {"client DTLS sessions held",
         "clientSessions",
         [](const R& r) { return r.clientSessions; },
         0},
        {"light security RAM, max [bytes]",
         "sensorRam_max_bytes",
         [](const R& r) { return r.sensorRamMax; },
         0},
        {"sessions refused (RAM)",
         "refusedSessions",
         [](const R& r) { return double(r.refusedSessions); },
         0},
        {"light commands succeeded",
         "succeeded",
         [](const R& r) { return double(r.succeeded); },
         0},
        {"light commands requested",
         "requested",
         [](const R& r) { return double(r.requested); },
         0},
        {"success ratio", "successRatio", [](const R& r) { return r.successRatio; }, 3},
    };
}

} // namespace

int
main(int argc, char* argv[])
{
    Parameters p;
    std::string mode = "compare";
    ResultsSink results("building-automation");
    CommandLine cmd(__FILE__);
    cmd.Usage("Switch floors of 802.15.4 lights from the Internet: 1:N DTLS against the SSM "
              "(Park & Kang, Fig. 4). With no arguments: dtls-1n and ssm on 10 floors x 10 "
              "lights, floor 3, side by side.");
    results.AddValue(cmd, "mode", "compare (dtls-1n and ssm), dtls-1n, ssm or nosec", mode);
    results.AddValue(cmd,
                     "buildings",
                     "buildings of the campus (a grid; each with its floors and 6LBRs)",
                     p.buildings);
    results.AddValue(cmd, "floors", "floors in every building", p.floors);
    results.AddValue(cmd,
                     "lightsPerFloor",
                     "lights on each floor (one per room)",
                     p.lightsPerFloor);
    results.AddValue(cmd, "borderRouters", "PerFloor or PerBuilding (6LBRs)", p.borderRouters);
    results.AddValue(cmd,
                     "classPattern",
                     "RFC 7228 classes of a floor's lights, repeated (\"21\": 2,1,2,1,...)",
                     p.classPattern);
    results.AddValue(cmd,
                     "policy",
                     "back-end policy changes, e.g. \"1:dtls\" (default: 2 dtls, 1 object, 0 none)",
                     p.policy);
    results.AddValue(cmd,
                     "direct",
                     "ssm: the SSM reaches the lights without the application server",
                     p.direct);
    results.AddValue(cmd, "clients", "CoAP clients commanding the lights", p.clients);
    results.AddValue(cmd,
                     "commandFloors",
                     "floors each command switches, comma-separated, from 1",
                     p.commandFloors);
    results.AddValue(cmd, "commands", "group commands (rounds) each client sends", p.commands);
    results.AddValue(cmd, "roundInterval", "pause between a client's commands", p.roundInterval);
    results.AddValue(cmd, "frameLoss", "probability that an 802.15.4 frame is lost", p.frameLoss);
    results.AddValue(cmd,
                     "lossRecovery",
                     "DTLS handshake recovery (RetransmitFlight or RestartHandshake)",
                     p.lossRecovery);
    results.AddValue(cmd, "keepSessions", "keep DTLS sessions between commands", p.keepSessions);
    results.AddValue(cmd, "duration", "simulated time of each run", p.duration);
    results.AddValue(cmd, "verbose", "log the Fig. 4 message sequence (INFO)", p.verbose);
    results.AddValue(cmd,
                     "pcap",
                     "write building-automation-<mode>-<node>-<device>.pcap for every LLN node",
                     p.pcap);
    results.AddValue(cmd,
                     "rdc",
                     "radio duty cycling of the lights: none (always-on receivers) or lpl "
                     "(ContikiMAC-style low-power listening; the 6LBRs stay on)",
                     p.rdc);
    results.AddValue(cmd,
                     "wakeupInterval",
                     "lpl: the lights' channel-check interval",
                     p.wakeupInterval);
    results.Parse(cmd, argc, argv);

    std::vector<std::string> modes;
    if (mode == "compare")
    {
        modes = {"dtls-1n", "ssm"};
    }
    else if (mode == "dtls-1n" || mode == "ssm" || mode == "nosec")
    {
        modes = {mode};
    }
    else
    {
        std::cerr << "building-automation: mode must be compare, dtls-1n, ssm or nosec, not '"
                  << mode << "'" << std::endl;
        return 2;
    }
    if (p.buildings == 0 || p.floors == 0 || p.lightsPerFloor == 0 || p.clients == 0 ||
        p.commands == 0 || p.frameLoss < 0 || p.frameLoss >= 1 || !p.duration.IsStrictlyPositive())
    {
        std::cerr << "building-automation: need buildings, floors, lightsPerFloor, clients, "
                     "commands >= 1, "
                     "0 <= frameLoss < 1 and duration > 0"
                  << std::endl;
        return 2;
    }
    if (p.rdc != "none" && p.rdc != "lpl")
    {
        std::cerr << "building-automation: rdc must be none or lpl, not '" << p.rdc << "'"
                  << std::endl;
        return 2;
    }
    if (p.lossRecovery != "RetransmitFlight" && p.lossRecovery != "RestartHandshake")
    {
        std::cerr << "building-automation: lossRecovery must be RetransmitFlight or "
                     "RestartHandshake"
                  << std::endl;
        return 2;
    }
    Config::SetDefault("ns3::DtlsSocket::LossRecovery", StringValue(p.lossRecovery));
    if (p.pcap)
    {
        // Real FCS and UDP checksums, or Wireshark flags every frame
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    }
    if (p.verbose)
    {
        LogComponentEnableAll(LOG_PREFIX_TIME);
        LogComponentEnableAll(LOG_PREFIX_NODE);
        for (const char* c :
             {"GroupClientApplication", "SsmApplication", "SsmApplicationServer", "GroupCommander"})
        {
            LogComponentEnable(c, LOG_LEVEL_INFO);
        }
    }

    std::map<std::string, BuildingAutomationHelper::Report> reports;
    for (std::size_t i = 0; i < modes.size(); ++i)
    {
        std::string error;
        bool ok = false;
        BuildingAutomationHelper::Report r = RunMode(p, modes[i], error, ok);
        if (!ok)
        {
            std::cerr << "building-automation: " << modes[i] << ": " << error << std::endl;
            return 2;
        }
        reports[modes[i]] = r;
        if (i + 1 < modes.size())
        {
            results.EndSimulation();
            Simulator::Destroy();
        }
    }

    // Metrics: plain names for one mode, "<mode>.<name>" when comparing
    const BuildingAutomationHelper::Report& any = reports.begin()->second;
    results.SetMetric("lightsPerCommand", any.lights);
    for (const auto& [security, n] : any.lightsBySecurity)
    {
        if (modes.size() == 1)
        {
            results.SetMetric("lights_" + security, n);
        }
    }
    for (const Row& row : Rows())
    {
        for (const std::string& m : modes)
        {
            std::string name = modes.size() == 1 ? row.metric : m + "." + row.metric;
            results.SetMetric(name, row.get(reports[m])); // NaN (not measured) is written null
        }
    }

    // The side-by-side table
    std::cout << "building-automation: ";
    if (p.buildings > 1)
    {
        std::cout << p.buildings << " buildings x ";
    }
    std::cout << p.floors << " floors x " << p.lightsPerFloor << " lights (6LBR " << p.borderRouters
              << "), classes '" << p.classPattern << "', " << p.clients << " client(s), floor(s) "
              << p.commandFloors << ", " << p.commands << " command(s), frame loss " << p.frameLoss
              << ", "
              << (p.rdc == "lpl" ? "duty-cycled lights (lpl, " +
                                       std::to_string(p.wakeupInterval.GetMilliSeconds()) + " ms)"
                                 : "always-on radios")
              << "\n";
    std::cout << std::left << std::setw(36) << "metric";
    for (const std::string& m : modes)
    {
        std::cout << std::right << std::setw(14) << m;
    }
    std::cout << "\n";
    for (const Row& row : Rows())
    {
        std::cout << std::left << std::setw(36) << row.label;
        for (const std::string& m : modes)
        {
            std::cout << std::right << std::setw(14)
                      << ResultsSink::FormatValue(row.get(reports[m]), row.precision);
        }
        std::cout << "\n";
    }
    if (reports.count("ssm"))
    {
        std::cout << "ssm back end:";
        for (const auto& [security, n] : reports["ssm"].lightsBySecurity)
        {
            std::cout << " " << n << " light(s) over " << security << ";";
        }
        std::cout << " (of all " << p.buildings * p.floors * p.lightsPerFloor << " lights)\n";
    }
    std::cout << std::endl;
    int status = results.Finish();
    Simulator::Destroy();
    return status;
}
