/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \brief CoAP across a floor of 802.15.4 nodes: discovery, GET, PUT and Observe over 6LoWPAN.
 *
 * Nodes stand in a line along a corridor, `spacing` metres apart, so that each one hears only
 * its neighbours. The last node runs a CoapServerApplication (a static `/info`, a settable
 * `/lights/3`, an observable `/temp` updated every `observePeriod`, and a `/large`
 * representation served block-wise); node 0 runs a CoapClientApplication whose script
 * (`script`) discovers `/.well-known/core`, then GETs, PUTs and observes, route-over through
 * every node in between. CoAP parameters are attributes of ns3::CoapSocketBinding
 * (`--ns3::CoapSocketBinding::AckTimeout=3s`, ...).
 *
 * Metrics: steps run and succeeded, the round-trip time of each request (first transmission
 * to final response, block-wise transfers included), retransmissions, timeouts, Observe
 * notifications, CoAP bytes sent by the endpoints, the server's CoAP state in bytes, and
 * 802.15.4 frames and bytes on the air. `--pcap=1` writes `<pcapPrefix>-<node>-<dev>.pcap`
 * (802.15.4 with FCS; Wireshark dissects 6LoWPAN and CoAP).
 *
 * `--security=object` protects every exchange end to end with OSCORE (RFC 8613): the PSK
 * (`--psk`, hexadecimal) is the Master Secret, the client's Sender ID is empty and the
 * server's is 01; the same resources and script run. Metrics then also count the AES-CCM
 * operations of both endpoints and the messages the security rejected. Wireshark decrypts
 * the pcaps with the OSCORE context (Preferences, Protocols, OSCORE).
 *
 *     ./iotsec run coap-floor --nodes=4 --results=coap.json
 *     ./iotsec run coap-floor --security=object --pcap=1
 */

#include "ns3/air-traffic-monitor.h"
#include "ns3/coap-client-application.h"
#include "ns3/coap-helper.h"
#include "ns3/coap-server-application.h"
#include "ns3/coap-socket-binding.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/lln-helper.h"
#include "ns3/mobility-module.h"
#include "ns3/network-module.h"
#include "ns3/oscore-context.h"
#include "ns3/results-sink.h"

#include <istream>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CoapFloor");

namespace
{

/// Counters fed by the bindings' trace sources
struct Counters
{
    uint64_t retransmissions{0}; //!< CON retransmissions
    uint64_t timeouts{0};        //!< CON messages given up
    uint64_t duplicates{0};      //!< duplicates detected
    uint64_t bytesOut{0};        //!< CoAP bytes handed to sockets
    uint64_t bytesIn{0};         //!< CoAP bytes read from sockets
    uint64_t aesCcm{0};          //!< AES-CCM seal and open operations (OSCORE)
    uint64_t rejected{0};        //!< messages rejected by the message security
};

/// \param c counters \param w a cryptographic operation
void
CountWork(Counters* c, const CryptoWork& w)
{
    if (w.op == CryptoOp::AES_CCM_SEAL || w.op == CryptoOp::AES_CCM_OPEN)
    {
        ++c->aesCcm;
    }
}

/// \param c counters
void
CountRejected(Counters* c, const std::string&, uint8_t, CoapSecurityFailure)
{
    ++c->rejected;
}

/// \param c counters \param p a datagram sent
void
CountOut(Counters* c, Ptr<const Packet> p, const Address&)
{
    c->bytesOut += p->GetSize();
}

/// \param c counters \param p a datagram received
void
CountIn(Counters* c, Ptr<const Packet> p, const Address&)
{
    c->bytesIn += p->GetSize();
}

/// \param c counters
void
CountRetransmission(Counters* c, const std::string&, uint16_t, uint32_t)
{
    ++c->retransmissions;
}

/// \param c counters
void
CountTimeout(Counters* c, const std::string&, uint16_t, uint32_t)
{
    ++c->timeouts;
}

/// \param c counters
void
CountDuplicate(Counters* c, const std::string&, uint16_t, uint32_t)
{
    ++c->duplicates;
}

/**
 * \param b a binding whose traces to count
 * \param c the counters
 */
void
Watch(Ptr<CoapSocketBinding> b, Counters* c)
{
    b->TraceConnectWithoutContext("Tx", MakeBoundCallback(&CountOut, c));
    b->TraceConnectWithoutContext("Rx", MakeBoundCallback(&CountIn, c));
    b->TraceConnectWithoutContext("Retransmission", MakeBoundCallback(&CountRetransmission, c));
    b->TraceConnectWithoutContext("Timeout", MakeBoundCallback(&CountTimeout, c));
    b->TraceConnectWithoutContext("Duplicate", MakeBoundCallback(&CountDuplicate, c));
    b->TraceConnectWithoutContext("CryptoWork", MakeBoundCallback(&CountWork, c));
    b->TraceConnectWithoutContext("SecurityRejected", MakeBoundCallback(&CountRejected, c));
}

/**
 * \brief A command-line string that may contain spaces (ns-3.37's CommandLine reads a
 * std::string value only up to its first space).
 */
struct Text
{
    std::string value; //!< the text
};

/**
 * \param is the stream
 * \param t the text: the whole rest of the stream
 * \return the stream
 */
std::istream&
operator>>(std::istream& is, Text& t)
{
    std::getline(is, t.value);
    return is;
}

/**
 * \param os the stream
 * \param t the text
 * \return the stream
 */
std::ostream&
operator<<(std::ostream& os, const Text& t)
{
    return os << t.value;
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t nodes = 4;
    double spacing = 40.0;
    double maxLossDb = 100.0;
    Text script{"GET /.well-known/core; GET /info; PUT /lights/3 on; GET /lights/3; "
                "OBSERVE /temp 30s; GET /large"};
    Time interval = Seconds(1);
    Time observePeriod = Seconds(10);
    uint32_t largeSize = 1024;
    uint32_t blockSize = 64;
    Time stop = Seconds(120);
    bool pcap = false;
    std::string pcapPrefix = "coap-floor";
    std::string security = "none";
    std::string psk = "000102030405060708090a0b0c0d0e0f";

    ResultsSink results("coap-floor");
    CommandLine cmd(__FILE__);
    cmd.Usage("CoAP across a floor of 802.15.4 nodes: discovery, GET, PUT, Observe over 6LoWPAN.");
    results.AddValue(cmd, "nodes", "nodes in the line, client first, server last (>= 2)", nodes);
    results.AddValue(cmd, "spacing", "distance between neighbours [m]", spacing);
    results.AddValue(cmd,
                     "maxLossDb",
                     "loss beyond which a receiver never sees a frame",
                     maxLossDb);
    results.AddValue(cmd, "script", "the client's script (see CoapClientApplication)", script);
    results.AddValue(cmd, "interval", "time between a step's outcome and the next step", interval);
    results.AddValue(cmd, "observePeriod", "update period of the observable /temp", observePeriod);
    results.AddValue(cmd, "largeSize", "size of /large [bytes]", largeSize);
    results.AddValue(cmd, "blockSize", "CoAP block size (16..1024, a power of two)", blockSize);
    results.AddValue(cmd, "stop", "simulated time to stop at", stop);
    results.AddValue(cmd, "pcap", "write <pcapPrefix>-<node>-<dev>.pcap files", pcap);
    results.AddValue(cmd, "pcapPrefix", "pcap file name prefix", pcapPrefix);
    results.AddValue(cmd,
                     "security",
                     "end-to-end security: none (plain CoAP) or object (OSCORE)",
                     security);
    results.AddValue(cmd, "psk", "OSCORE Master Secret (hexadecimal) with security=object", psk);
    results.Parse(cmd, argc, argv);

    std::vector<CoapClientStep> steps;
    std::string error;
    if (nodes < 2 || spacing <= 0 || maxLossDb <= 0 || largeSize == 0 ||
        CoapBlock::SzxForSize(blockSize) > 6 || !observePeriod.IsStrictlyPositive() ||
        interval.IsStrictlyNegative() || !stop.IsStrictlyPositive())
    {
        std::cerr << "coap-floor: need nodes >= 2, spacing > 0, maxLossDb > 0, largeSize > 0, "
                     "blockSize a power of two in 16..1024, observePeriod > 0, interval >= 0, "
                     "stop > 0"
                  << std::endl;
        return 2;
    }
    if (!CoapClientStep::ParseScript(script.value, steps, &error))
    {
        std::cerr << "coap-floor: invalid --script: " << error << std::endl;
        return 2;
    }
    OscoreParameters oscore;
    if ((security != "none" && security != "object") ||
        (security == "object" && !OscoreParameters::FromHex(psk, "", "", "01", oscore, &error)))
    {
        std::cerr << "coap-floor: need --security=none or object, and with object a --psk in "
                     "hexadecimal"
                  << (error.empty() ? "" : ": " + error) << std::endl;
        return 2;
    }
    if (pcap)
    {
        // Without checksums the pcaps carry zero FCS and UDP checksums, which Wireshark rejects
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    }
    Config::SetDefault("ns3::CoapSocketBinding::BlockSize", UintegerValue(blockSize));

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

    LlnHelper lln;
    lln.SetMaxLossDb(maxLossDb);
    NetDeviceContainer sixDevices = lln.Install(line);
    lln.AssignAddresses(sixDevices, Ipv6Address("2001:1::"), Ipv6Prefix(64));
    LlnHelper::InstallChainRoutes(sixDevices);

    Ptr<AirTrafficMonitor> air = CreateObject<AirTrafficMonitor>();
    air->Install(lln.GetLrWpanDevices());
    if (pcap)
    {
        lln.EnablePcap(pcapPrefix);
    }

    CoapHelper coap;
    if (security == "object")
    {
        coap.SetOscore(psk, "", "01");
    }
    std::ostringstream resources;
    resources << "static /info iotsec coap-floor ct=0 rt=info;settable /lights/3 off rt=light;"
              << "observable /temp " << observePeriod.GetSeconds()
              << "s rt=temperature if=sensor;large /large " << largeSize;
    coap.SetServerAttribute("Resources", StringValue(resources.str()));
    ApplicationContainer serverApps = coap.InstallServer(line.Get(nodes - 1));
    coap.SetClientAttribute("Script", StringValue(script.value));
    coap.SetClientAttribute("Interval", TimeValue(interval));
    Inet6SocketAddress server(LlnHelper::GetGlobalAddress(sixDevices.Get(nodes - 1)), 5683);
    ApplicationContainer clientApps = coap.InstallClient(line.Get(0), server);

    int64_t stream = 1;
    stream += lln.AssignStreams(stream);
    stream += internet.AssignStreams(line, stream);
    stream += CoapHelper::AssignStreams(serverApps, stream);
    stream += CoapHelper::AssignStreams(clientApps, stream);

    serverApps.Start(Seconds(0));
    clientApps.Start(Seconds(1));
    serverApps.Stop(stop);
    clientApps.Stop(stop);

    Ptr<CoapClientApplication> client = DynamicCast<CoapClientApplication>(clientApps.Get(0));
    Ptr<CoapServerApplication> srv = DynamicCast<CoapServerApplication>(serverApps.Get(0));
    Counters clientCounters;
    Counters serverCounters;
    Watch(client->GetBinding(), &clientCounters);
    Watch(srv->GetBinding(), &serverCounters);
    uint64_t peakServerState = 0;
    std::function<void()> sample = [&]() {
        peakServerState =
            std::max(peakServerState, srv->GetBinding()->GetEndpoint().GetStateSize().Total());
        Simulator::Schedule(Seconds(1), sample);
    };
    Simulator::Schedule(Seconds(1), sample);

    Simulator::Stop(stop);
    Simulator::Run();

    const std::vector<CoapClientRecord>& records = client->GetRecords();
    uint32_t ok = 0;
    uint32_t secured = 0;
    uint32_t notifications = 0;
    std::vector<double> rtts;
    JsonValue codes = JsonValue::Array();
    JsonValue stepRtts = JsonValue::Array();
    for (const auto& r : records)
    {
        if (r.method == "WAIT")
        {
            continue;
        }
        codes.Append(r.ok ? CoapCode::ToString(r.code) : r.error);
        stepRtts.Append(r.ok ? JsonValue(r.rtt.GetSeconds()) : JsonValue());
        if (r.ok && (r.code >> 5) == 2)
        {
            ++ok;
        }
        if (r.secured)
        {
            ++secured;
        }
        if (r.ok)
        {
            rtts.push_back(r.rtt.GetSeconds());
        }
        notifications += r.notifications;
        NS_LOG_INFO("step " << r.step << " " << r.method << " " << r.path << " -> "
                            << (r.ok ? CoapCode::ToString(r.code) : r.error) << " rtt "
                            << r.rtt.As(Time::MS) << " retransmissions " << r.retransmissions);
    }
    uint32_t requests = static_cast<uint32_t>(codes.Size());
    results.SetMetric("hops", nodes - 1);
    results.SetMetric("steps", static_cast<uint32_t>(steps.size()));
    results.SetMetric("requests", requests);
    results.SetMetric("requestsSucceeded", ok);
    results.SetMetric("successRatio",
                      requests ? static_cast<double>(ok) / static_cast<double>(requests) : 0.0);
    results.SetMetric("stepCodes", codes);
    results.SetMetric("stepRtt_s", stepRtts);
    results.SetSummaryMetrics("rtt", "_s", rtts);
    results.SetMetric("discoveredLinks",
                      static_cast<uint32_t>(client->GetDiscoveredLinks().size()));
    results.SetMetric("notifications", notifications);
    results.SetMetric("retransmissions",
                      clientCounters.retransmissions + serverCounters.retransmissions);
    results.SetMetric("timeouts", clientCounters.timeouts + serverCounters.timeouts);
    results.SetMetric("duplicates", clientCounters.duplicates + serverCounters.duplicates);
    results.SetMetric("coapClientTx_bytes", clientCounters.bytesOut);
    results.SetMetric("coapServerTx_bytes", serverCounters.bytesOut);
    results.SetMetric("serverStatePeak_bytes", peakServerState);
    results.SetMetric("securedResponses", secured);
    results.SetMetric("aesCcmOps", clientCounters.aesCcm + serverCounters.aesCcm);
    results.SetMetric("securityRejected", clientCounters.rejected + serverCounters.rejected);
    results.SetMetric("lln_frames", air->GetTotalFrames());
    results.SetMetric("lln_bytes", air->GetTotalBytes());
    int status = results.Finish();
    Simulator::Destroy();
    return status;
}
