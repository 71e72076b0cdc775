/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup iotsec
 * Smart health care (Park & Kang, section 4.1, Fig. 3): a smartphone is the Secure Service
 * Manager of a body area network, and an outside CoAP client reads the patient's vitals
 * through it.
 *
 * A heart-rate sensor (`hrProfile`, default TelosB, Class 1) and a blood-pressure sensor
 * (`bpProfile`, default CC2538, Class 2) sit on a walking patient's body with the phone
 * (RaspberryPi3 preset), which is the root of the 802.15.4 BAN and has an IPv6 uplink to the
 * client. Every `vitalsPeriod` each sensor measures ("72 bpm", "118/76 mmHg") and notifies its
 * observers. The SSM observes both from the start, over the back-end security its policy
 * gives health data (high sensitivity) on the sensor's device class: Class 2 dtls, Class 1
 * object (OSCORE), Class 0 none. From `clientStart` the client runs one DTLS handshake with
 * the SSM and walks Fig. 3: GET /.well-known/core (1), GET /hospital (2), GET
 * /information/heart_rate (3); then it reads the heart rate `reads` more times,
 * `readInterval` apart.
 *
 * Metrics: the latency of each step (the first includes the DTLS handshake), the client's
 * handshakes, how fresh the vitals served are (age at the SSM, and time since the sensor
 * measured them), notifications the SSM received, each sensor's energy and security RAM,
 * 802.15.4 frames and bytes. A sensor's energy includes its always-on receiver's listening;
 * its ActiveEnergy metric is only what its frames and its CPU cost. `--verbose=1` logs the message
 * sequence at INFO level.
 *
 *     ./iotsec run health-care
 *     ./iotsec run health-care --hrProfile=CC2538 --bpProfile=TelosB --verbose=1
 *     ./iotsec run health-care --policy=1/high:dtls --vitalsPeriod=2s --results=hc.json
 */

#include "ns3/core-module.h"
#include "ns3/health-care-helper.h"
#include "ns3/results-sink.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <map>
#include <numeric>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("HealthCare");

namespace
{

/// \param samples a sample \return its mean (NaN when empty)
double
Mean(const std::vector<double>& samples)
{
    if (samples.empty())
    {
        return std::nan("");
    }
    return std::accumulate(samples.begin(), samples.end(), 0.0) / samples.size();
}

/// \param samples a sample \return its maximum (NaN when empty)
double
Max(const std::vector<double>& samples)
{
    if (samples.empty())
    {
        return std::nan("");
    }
    return *std::max_element(samples.begin(), samples.end());
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string hrProfile = "TelosB";
    std::string bpProfile = "CC2538";
    std::string policy;
    Time vitalsPeriod = Seconds(5);
    Time clientStart = Seconds(10);
    uint32_t reads = 10;
    Time readInterval = Seconds(7);
    Time uplinkDelay = MilliSeconds(20);
    double frameLoss = 0;
    Time duration = Seconds(0);
    bool verbose = false;
    std::string rdc = "none";
    Time wakeupInterval = MilliSeconds(125);

    ResultsSink results("health-care");
    CommandLine cmd(__FILE__);
    cmd.Usage("Smart health care (Park & Kang, Fig. 3): a phone is the SSM of a body area "
              "network; an outside client reads the patient's heart rate through it over DTLS.");
    results.AddValue(cmd, "hrProfile", "device preset of the heart-rate sensor", hrProfile);
    results.AddValue(cmd, "bpProfile", "device preset of the blood-pressure sensor", bpProfile);
    results.AddValue(cmd,
                     "policy",
                     "back-end policy changes, e.g. \"1/high:dtls\" (default: 2 dtls, 1 object, "
                     "0 none)",
                     policy);
    results.AddValue(cmd, "vitalsPeriod", "time between two samples of a sensor", vitalsPeriod);
    results.AddValue(cmd, "clientStart", "when the client starts the Fig. 3 sequence", clientStart);
    results.AddValue(cmd, "reads", "heart-rate reads after message (3)", reads);
    results.AddValue(cmd, "readInterval", "pause before each of those reads", readInterval);
    results.AddValue(cmd, "uplinkDelay", "one-way delay of the phone's uplink", uplinkDelay);
    results.AddValue(cmd, "frameLoss", "probability that an 802.15.4 frame is lost", frameLoss);
    results.AddValue(cmd,
                     "duration",
                     "simulated time (0: until the client is done, plus 10 s)",
                     duration);
    results.AddValue(cmd, "verbose", "log the Fig. 3 message sequence (INFO)", verbose);
    results.AddValue(cmd,
                     "rdc",
                     "radio duty cycling of the sensors: none (always-on receivers) or lpl "
                     "(ContikiMAC-style low-power listening; the phone stays on)",
                     rdc);
    results.AddValue(cmd,
                     "wakeupInterval",
                     "lpl: the sensors' channel-check interval",
                     wakeupInterval);
    results.Parse(cmd, argc, argv);

    if (rdc != "none" && rdc != "lpl")
    {
        std::cerr << "health-care: rdc must be none or lpl, not '" << rdc << "'" << std::endl;
        return 2;
    }

    if (duration.IsStrictlyNegative())
    {
        std::cerr << "health-care: duration must not be negative" << std::endl;
        return 2;
    }
    Ptr<HealthCareHelper> study = CreateObject<HealthCareHelper>();
    study->SetAttribute("HeartRateProfile", StringValue(hrProfile));
    study->SetAttribute("BloodPressureProfile", StringValue(bpProfile));
    study->SetAttribute("Policy", StringValue(policy));
    study->SetAttribute("VitalsPeriod", TimeValue(vitalsPeriod));
    study->SetAttribute("ClientStart", TimeValue(clientStart));
    study->SetAttribute("Reads", UintegerValue(reads));
    study->SetAttribute("ReadInterval", TimeValue(readInterval));
    study->SetAttribute("UplinkDelay", TimeValue(uplinkDelay));
    study->SetAttribute("FrameLoss", DoubleValue(frameLoss));
    study->SetAttribute("Rdc", StringValue(rdc == "lpl" ? "Lpl" : "None"));
    study->SetAttribute("WakeupInterval", TimeValue(wakeupInterval));
    std::string error = study->Validate();
    if (!error.empty())
    {
        // Name the options, not the helper's attributes
        for (const auto& [attribute, option] : std::vector<std::pair<std::string, std::string>>{
                 {"HeartRateProfile", "--hrProfile"},
                 {"BloodPressureProfile", "--bpProfile"},
                 {"Policy", "--policy"},
                 {"VitalsPeriod", "--vitalsPeriod"},
                 {"ClientStart", "--clientStart"},
                 {"ReadInterval", "--readInterval"},
                 {"UplinkDelay", "--uplinkDelay"},
                 {"FrameLoss", "--frameLoss"}})
        {
            for (std::size_t at = error.find(attribute); at != std::string::npos;
                 at = error.find(attribute, at + option.size()))
            {
                error.replace(at, attribute.size(), option);
            }
        }
        std::cerr << "health-care: " << error << std::endl;
        return 2;
    }
    if (verbose)
    {
        LogComponentEnableAll(LOG_PREFIX_TIME);
        LogComponentEnableAll(LOG_PREFIX_NODE);
        for (const char* c : {
                 "HealthCareHelper",
                 "SsmApplication",
                 "SsmApplicationServer",
                 "GroupCommander",
             })
        {
            LogComponentEnable(c, LOG_LEVEL_INFO);
        }
    }

    study->Install();
    study->AssignStreams(1);
    Time stop = duration.IsZero() ? study->GetSuggestedDuration() : duration;
    Simulator::Stop(stop);
    Simulator::Run();
    HealthCareHelper::Report r = study->GetReport();

    // Metrics
    uint32_t stepsOk = 0;
    for (uint8_t code : r.codes)
    {
        stepsOk += code == CoapCode::CONTENT;
    }
    results.SetMetric("fig3StepsOk", stepsOk);
    results.SetMetric("wellKnownCoreLatency_s", r.wellKnownCoreLatency);
    results.SetMetric("hospitalLatency_s", r.hospitalLatency);
    results.SetMetric("heartRateLatency_s", r.heartRateLatency);
    results.SetMetric("clientHandshakes", r.clientHandshakes);
    results.SetMetric("clientHandshake_s", r.clientHandshake);
    results.SetMetric("backendHandshakes", r.backendHandshakes);
    results.SetMetric("reads", r.reads);
    results.SetMetric("readsSucceeded", r.readsSucceeded);
    results.SetSummaryMetrics("readLatency", "_s", r.readLatency);
    results.SetSummaryMetrics("freshness", "_s", r.freshness);
    // Reads fall at a uniformly distributed phase of the sampling period T (the sensors'
    // phases are drawn at random), so a served value is T/2 old on average
    results.SetMetric("expectedFreshness_s", vitalsPeriod.GetSeconds() / 2);
    results.SetSummaryMetrics("sampleAge", "_s", r.sampleAge);
    results.SetSummaryMetrics("notificationLatency", "_s", r.notificationLatency);
    std::map<std::string, uint32_t> bySecurity{{"dtls", 0}, {"object", 0}, {"none", 0}};
    std::vector<double> energies;
    uint32_t ramMax = 0;
    const char* prefixes[] = {"heartRate", "bloodPressure"};
    for (std::size_t i = 0; i < r.sensors.size(); ++i)
    {
        const HealthCareHelper::SensorReport& s = r.sensors[i];
        bySecurity[BackendSecurityName(s.security)]++;
        energies.push_back(s.energy);
        ramMax = std::max(ramMax, s.ramPeak);
        results.SetMetric(std::string(prefixes[i]) + "Notifications", s.notifications);
        results.SetMetric(std::string(prefixes[i]) + "Energy_J", s.energy);
        results.SetMetric(std::string(prefixes[i]) + "ActiveEnergy_J", s.activeEnergy);
        results.SetMetric(std::string(prefixes[i]) + "DutyCycle", s.dutyCycle);
    }
    for (const auto& [security, n] : bySecurity)
    {
        results.SetMetric("sensors_" + security, n);
    }
    results.SetMetric("sensorEnergy_mean_J", Mean(energies));
    results.SetMetric("sensorEnergy_max_J", Max(energies));
    results.SetMetric("sensorRam_max_bytes", ramMax);
    results.SetMetric("phoneEnergy_J", r.phoneEnergy);
    results.SetMetric("phoneRadioEnergy_J", r.phoneRadioEnergy);
    results.SetMetric("lln_frames", r.llnFrames);
    results.SetMetric("lln_bytes", r.llnBytes);
    results.SetMetric("patientDistance_m", r.patientDistance);
    results.SetMetric("maxBodyDistance_m", r.maxBodyDistance);

    // The readable summary
    auto payload = [](const std::string& p, uint8_t code) {
        return code ? CoapCode::ToString(code) + " '" + p + "'" : std::string("no response");
    };
    std::cout << "health-care: heart rate " << hrProfile << ", blood pressure " << bpProfile
              << ", vitals every " << vitalsPeriod.As(Time::S) << ", frame loss " << frameLoss
              << ", " << stop.As(Time::S) << " simulated\n";
    for (const auto& s : r.sensors)
    {
        std::cout << "  " << std::left << std::setw(15) << s.name << std::setw(14) << s.profile
                  << "Class " << s.deviceClass << " -> " << std::setw(7)
                  << BackendSecurityName(s.security) << s.samples << " samples, " << s.notifications
                  << " values at the SSM, " << s.handshakes << " DTLS handshake(s), "
                  << s.oscoreVerified << " OSCORE requests verified, "
                  << ResultsSink::FormatValue(s.energy, 4) << " J (frames and CPU "
                  << ResultsSink::FormatValue(s.activeEnergy * 1e3, 2) << " mJ), " << s.ramPeak
                  << " B security RAM\n";
    }
    std::cout << "Fig. 3 (client: " << r.clientHandshakes << " DTLS handshake(s), "
              << ResultsSink::FormatValue(r.clientHandshake * 1e3, 1) << " ms):\n"
              << "  GET /.well-known/core   -> (1) " << payload(r.wellKnownCore, r.codes[0])
              << "  [" << ResultsSink::FormatValue(r.wellKnownCoreLatency * 1e3, 1) << " ms]\n"
              << "  GET /hospital           -> (2) " << payload(r.hospital, r.codes[1]) << "  ["
              << ResultsSink::FormatValue(r.hospitalLatency * 1e3, 1) << " ms]\n"
              << "  GET /information/heart_rate -> (3) " << payload(r.heartRate, r.codes[2])
              << "  [" << ResultsSink::FormatValue(r.heartRateLatency * 1e3, 1) << " ms]\n";
    std::cout << "heart-rate reads: " << r.readsSucceeded << "/" << r.reads
              << " answered, latency mean "
              << ResultsSink::FormatValue(Mean(r.readLatency) * 1e3, 1)
              << " ms; freshness at the SSM mean " << ResultsSink::FormatValue(Mean(r.freshness), 3)
              << " s, max " << ResultsSink::FormatValue(Max(r.freshness), 3)
              << " s; since measured mean " << ResultsSink::FormatValue(Mean(r.sampleAge), 3)
              << " s, max " << ResultsSink::FormatValue(Max(r.sampleAge), 3) << " s\n";
    std::cout << "back end: " << r.backendHandshakes << " DTLS handshake(s); notification "
              << "latency mean " << ResultsSink::FormatValue(Mean(r.notificationLatency) * 1e3, 1)
              << " ms, max " << ResultsSink::FormatValue(Max(r.notificationLatency) * 1e3, 1)
              << " ms; 802.15.4 " << r.llnFrames << " frames, " << r.llnBytes << " bytes; phone "
              << ResultsSink::FormatValue(r.phoneEnergy, 2) << " J (radio "
              << ResultsSink::FormatValue(r.phoneRadioEnergy, 4) << " J); patient walked to "
              << ResultsSink::FormatValue(r.patientDistance, 1)
              << " m from the start, body nodes within "
              << ResultsSink::FormatValue(r.maxBodyDistance, 2) << " m of the phone\n"
              << std::endl;
    int status = results.Finish();
    Simulator::Destroy();
    return status;
}
