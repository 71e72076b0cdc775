/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \brief An HTTPS (or CoAP over DTLS) server whose TLS (DTLS) engine runs in a secure element,
 * against one whose engine runs on the host (Urien, "Towards Trusted Operated Services in the
 * Internet of Things").
 *
 * One gateway (a Raspberry Pi class host, NodeModelHelper preset RaspberryPi3) on a 100 Mbit/s
 * Ethernet LAN (CSMA, IPv6 2001:2::/64) runs three HTTPS servers (TLS 1.2 PSK, AES-128-CCM-8),
 * each serving one resource of `objectBytes` bytes:
 *  - `record` (port 4431): the TLS server runs in a SecureElement (a Java Card behind an
 *    ISO 7816 reader); every record crosses the card and a session holds the card until its
 *    connection closes;
 *  - `export` (port 4432): the same in a second card with ExportSession (TLS-Tandem): the card
 *    is released once the handshake is done and its keys are read out; the host processes
 *    the records;
 *  - `software` (port 4433): the TLS server on the host's CPU.
 *
 * With `transport=coaps` the three servers are CoAP servers over DTLS 1.2 (PSK,
 * AES-128-CCM-8) on ports 5684, 5685 and 5686, the card set on each server's own DtlsSocket:
 * a client's ClientHello waits for the card as a TCP connection does, and one refused (beyond
 * the backlog, or at once without `rdv`) is dropped as a SYN is: the client's retransmission
 * of it tries again, and counts again as refused.
 *
 * Clients arrive as a Poisson process of `rate` per second from `start` until `duration`.
 * Each arrival opens one TLS connection, sends one GET of the resource with
 * "Connection: close" and is done (coaps: opens a DTLS association, sends one confirmable
 * GET once it is up, as libcoap does, and closes the association with a close_notify once
 * the response is in: CoapClientApplication ConnectFirst and CloseWhenDone). The three servers get
 * the same arrival times (one exponential draw per arrival, used for all three: a paired
 * comparison), each from its own client node. A card serves one session at a time; connections that
 * find it in use wait in its backlog (`backlog`) or, with `rdv` false, are refused at once. A
 * connection refused because the backlog is full has its SYN dropped; TCP retries it (ConnCount
 * times, every ConnTimeout). A DTLS client retransmits its ClientHello while it waits (RFC 6347
 * timers, 1 s doubling to 60 s) and gives up after 7 expiries; a waiting client keeps one place in
 * the backlog. The run goes on `drain` after the last arrival so that the backlogs empty.
 *
 * The card link: ISO 7816-3 `protocol` T0 or T1, the F/D pair `fd` (or `F` and `D`, values of
 * ISO 7816-3 tables 7 and 8) at the card's 3.57 MHz clock (372/1: 9600 bit/s), and
 * `perApduOverhead` per APDU (the reader and its driver).
 *
 * Metrics, per server (prefix `record.`, `export.`, `software.`): arrivals, completed
 * (responses received), failed (clients whose connection failed or closed without a
 * response), pending (neither at the end), refused (the card's refusals, counted per
 * connection attempt: a SYN that TCP retries counts again; 0 for software), the handshake
 * latency (start to TLS established) and the response time (start to response) summaries
 * (of the clients that got that far before the end of the run; coaps: start to DTLS
 * established, and start to the CoAP response), the wait for the card
 * (SessionStarted; 0 for software), the card's backlog (time-averaged over [0, duration] and
 * largest), the card's link and CPU time, the record throughput (objectBytes / (response time -
 * handshake latency), the transfer after the handshake) and, per card, its utilisation (the share
 * of [0, duration] it was in use). The host's CPU busy time is hostCpuTime_s.
 *
 *     ./iotsec run secure-element-server --rate=0.1
 *     ./iotsec run secure-element-server --rate=2 --backlog=5 --duration=120s
 *     ./iotsec run secure-element-server --protocol=T1 --fd=512/16 --results=run.json
 *     ./iotsec run secure-element-server --transport=coaps --rate=0.1
 */

#include "ns3/coap-client-application.h"
#include "ns3/coap-server-application.h"
#include "ns3/coap-socket-binding.h"
#include "ns3/core-module.h"
#include "ns3/cpu-model.h"
#include "ns3/csma-helper.h"
#include "ns3/dtls-helper.h"
#include "ns3/dtls-psk-store.h"
#include "ns3/dtls-socket.h"
#include "ns3/hex-encoding.h"
#include "ns3/http-applications.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/node-model-helper.h"
#include "ns3/results-sink.h"
#include "ns3/secure-element.h"
#include "ns3/tls-socket.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <sstream>
#include <vector>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("SecureElementServer");

namespace
{

/// One client: when it started and what it got
struct Client
{
    Time start;                      //!< its start
    Ptr<HttpClientApplication> app;  //!< the application (https)
    Ptr<CoapClientApplication> coap; //!< the application (coaps)
    Time connectedAt;                //!< coaps: when its DTLS association was up
    bool responded{false};           //!< a response arrived
    bool failed{false};              //!< its connection failed or closed without one
    Time responseAt;                 //!< when the response arrived

    /// \return when its TLS connection or DTLS association was up (0: never)
    Time ConnectedAt() const
    {
        return app ? app->GetConnectedAt() : connectedAt;
    }
};

/// One of the three servers and what its clients saw
struct ServerRun
{
    std::string name;                  //!< metric prefix
    uint16_t port{0};                  //!< its port
    Ptr<Node> clientNode;              //!< where its clients run
    Ptr<HttpServerApplication> server; //!< the server (https)
    Ptr<CoapServerApplication> coap;   //!< the server (coaps)
    uint64_t dtlsSessions{0};          //!< coaps: handshakes the server completed
    Ptr<SecureElement> se;             //!< its card (null: software)
    std::deque<Client> clients;        //!< its clients (stable addresses)
    std::vector<double> waits;         //!< SessionStarted waits [s]
    Time window;                       //!< the utilisation window [0, duration]
    Time busySince;                    //!< InUse: when the card was taken
    bool busy{false};                  //!< InUse
    double busyTime{0};                //!< InUse time within the window [s]
    uint32_t queue{0};                 //!< QueueLength
    Time queueSince;                   //!< since when it has that length
    double queueArea{0};               //!< its integral over the window [s]
    uint32_t queueMax{0};              //!< largest QueueLength

    /// \return the part of [a, b] that lies in the window, in seconds
    double Clip(Time a, Time b) const
    {
        Time lo = std::max(a, Time(0));
        Time hi = std::min(b, window);
        return hi > lo ? (hi - lo).GetSeconds() : 0.0;
    }
};

/// \brief InUse of a card
void
InUseChanged(ServerRun* s, bool, bool inUse)
{
    Time now = Simulator::Now();
    if (inUse && !s->busy)
    {
        s->busySince = now;
    }
    else if (!inUse && s->busy)
    {
        s->busyTime += s->Clip(s->busySince, now);
    }
    s->busy = inUse;
}

/// \brief QueueLength of a card
void
QueueChanged(ServerRun* s, uint32_t, uint32_t length)
{
    Time now = Simulator::Now();
    s->queueArea += s->queue * s->Clip(s->queueSince, now);
    s->queue = length;
    s->queueSince = now;
    s->queueMax = std::max(s->queueMax, length);
}

/// The F/D pairs the example offers (ISO 7816-3 tables 7 and 8)
const std::vector<std::string> kFdPairs =
    {"372/1", "372/2", "372/4", "372/8", "372/12", "372/16", "512/8", "512/16", "512/32"};

/// ISO 7816-3 table 7: the values of Fi
const std::vector<uint32_t> kF = {372, 558, 744, 1116, 1488, 1860, 512, 768, 1024, 1536, 2048};
/// ISO 7816-3 table 8: the values of Di
const std::vector<uint32_t> kD = {1, 2, 4, 8, 16, 32, 64, 12, 20};

} // namespace

int
main(int argc, char* argv[])
{
    double rate = 0.2;
    Time start = Seconds(2);
    Time duration = Seconds(600);
    Time drain = Seconds(300);
    uint32_t objectBytes = 1024;
    uint32_t backlog = 50;
    bool rdv = true;
    std::string protocol = "T0";
    std::string fd = "372/1";
    uint32_t f = 0;
    uint32_t d = 0;
    Time perApduOverhead = Seconds(0);
    std::string transport = "https";

    ResultsSink results("secure-element-server");
    CommandLine cmd(__FILE__);
    cmd.Usage("An HTTPS (or CoAP over DTLS) server whose TLS (DTLS) engine runs in a secure "
              "element (every record in the card, or the session exported after the handshake) "
              "against the host's own TLS (DTLS), under Poisson arrivals of clients.");
    results.AddValue(cmd,
                     "transport",
                     "https (HTTP over TLS) or coaps (CoAP over DTLS)",
                     transport);
    results.AddValue(cmd, "rate", "client arrivals per second (Poisson), for each server", rate);
    results.AddValue(cmd, "start", "first possible arrival", start);
    results.AddValue(cmd, "duration", "arrivals stop at this time", duration);
    results.AddValue(cmd,
                     "drain",
                     "simulated time after duration for the backlogs to empty",
                     drain);
    results.AddValue(cmd,
                     "objectBytes",
                     "size of the resource each client GETs [bytes]",
                     objectBytes);
    results.AddValue(cmd, "backlog", "connections that may wait for a card", backlog);
    results.AddValue(cmd,
                     "rdv",
                     "rendezvous: connections that find the card in use wait (false: refused "
                     "at once)",
                     rdv);
    results.AddValue(cmd, "protocol", "card link protocol: T0 or T1", protocol);
    results.AddValue(cmd,
                     "fd",
                     "card link F/D pair: 372/1 (9600 bit/s), 372/2, 372/4, 372/8, 372/12, "
                     "372/16, 512/8, 512/16, 512/32",
                     fd);
    results.AddValue(cmd, "F", "card link F (with D, overrides fd; 0: fd decides)", f);
    results.AddValue(cmd, "D", "card link D (with F, overrides fd; 0: fd decides)", d);
    results.AddValue(cmd,
                     "perApduOverhead",
                     "fixed cost per APDU of the reader and its driver",
                     perApduOverhead);
    results.Parse(cmd, argc, argv);

    // ---- parameters ----------------------------------------------------------------------
    std::ostringstream bad;
    if (transport != "https" && transport != "coaps")
    {
        bad << "transport must be https or coaps (got '" << transport << "'); ";
    }
    if (!(rate > 0) || !std::isfinite(rate))
    {
        bad << "rate must be > 0 (got " << rate << "); ";
    }
    if (!duration.IsStrictlyPositive() || start.IsStrictlyNegative() || start >= duration)
    {
        bad << "need 0 <= start < duration; ";
    }
    if (drain.IsStrictlyNegative())
    {
        bad << "drain must be >= 0; ";
    }
    if (objectBytes == 0 || objectBytes > 1000000)
    {
        bad << "objectBytes must be in 1..1000000; ";
    }
    if (transport == "coaps" && objectBytes > 65536)
    {
        bad << "objectBytes must be at most 65536 with coaps (64 Block2 blocks of 1024); ";
    }
    if (protocol != "T0" && protocol != "T1")
    {
        bad << "protocol must be T0 or T1 (got '" << protocol << "'); ";
    }
    if ((f == 0) != (d == 0))
    {
        bad << "give both F and D, or neither; ";
    }
    if (f != 0 && (std::find(kF.begin(), kF.end(), f) == kF.end() ||
                   std::find(kD.begin(), kD.end(), d) == kD.end()))
    {
        bad << "F must be an ISO 7816-3 Fi (372, 558, 744, 1116, 1488, 1860, 512, 768, 1024, "
               "1536, 2048) and D a Di (1, 2, 4, 8, 16, 32, 64, 12, 20) (got F="
            << f << ", D=" << d << "); ";
    }
    if (f == 0 && std::find(kFdPairs.begin(), kFdPairs.end(), fd) == kFdPairs.end())
    {
        bad << "fd must be one of 372/1, 372/2, 372/4, 372/8, 372/12, 372/16, 512/8, 512/16, "
               "512/32 (got '"
            << fd << "'); ";
    }
    if (perApduOverhead.IsStrictlyNegative())
    {
        bad << "perApduOverhead must be >= 0; ";
    }
    if (!bad.str().empty())
    {
        std::cerr << "secure-element-server: " << bad.str() << std::endl;
        return 2;
    }
    if (f == 0)
    {
        f = std::stoul(fd.substr(0, fd.find('/')));
        d = std::stoul(fd.substr(fd.find('/') + 1));
    }

    // ---- the LAN: the gateway and one client node per server ------------------------------
    Ptr<Node> gateway = CreateObject<Node>();
    NodeContainer clientNodes;
    clientNodes.Create(3);
    NodeContainer all(NodeContainer(gateway), clientNodes);
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", StringValue("100Mbps"));
    csma.SetChannelAttribute("Delay", TimeValue(MicroSeconds(50)));
    NetDeviceContainer devices = csma.Install(all);
    InternetStackHelper internet;
    internet.SetIpv4StackInstall(false);
    internet.Install(all);
    Ipv6AddressHelper ipv6;
    ipv6.SetBase(Ipv6Address("2001:2::"), Ipv6Prefix(64));
    Ipv6InterfaceContainer ifs = ipv6.Assign(devices);
    const Ipv6Address gatewayIp = ifs.GetAddress(0, 1);

    NodeModelHelper hostModel;
    hostModel.SetPreset("RaspberryPi3");
    hostModel.Install(gateway);
    NodeModelHelper clientModel;
    clientModel.SetPreset("Unconstrained");
    clientModel.Install(clientNodes);

    // ---- keys: one PSK identity for every client -----------------------------------------
    const bool coaps = transport == "coaps";
    const std::string identity = "client";
    const std::string key = "000102030405060708090a0b0c0d0e0f";
    if (coaps)
    {
        DtlsHelper clientDtls;
        clientDtls.SetSocketAttribute("PskIdentity", StringValue(identity));
        clientDtls.SetSocketAttribute("Psk", StringValue(key));
        clientDtls.InstallSocketFactory(clientNodes);
        DtlsHelper().InstallSocketFactory(NodeContainer(gateway));
    }
    else
    {
        for (uint32_t i = 0; i < clientNodes.GetN(); ++i)
        {
            Ptr<TlsSocketFactory> tls = CreateObject<TlsSocketFactory>();
            tls->SetSocketAttribute("PskIdentity", StringValue(identity));
            tls->SetSocketAttribute("Psk", StringValue(key));
            clientNodes.Get(i)->AggregateObject(tls);
        }
        gateway->AggregateObject(CreateObject<TlsSocketFactory>());
    }
    Ptr<DtlsPskStore> store = CreateObject<DtlsPskStore>();
    store->SetPskHex(identity, key);
    gateway->AggregateObject(store);

    // ---- the three servers ---------------------------------------------------------------
    const std::string body(objectBytes, 'x');
    std::vector<ServerRun> runs(3);
    const char* names[] = {"record", "export", "software"};
    for (uint32_t k = 0; k < 3; ++k)
    {
        ServerRun& s = runs[k];
        s.name = names[k];
        s.port = (coaps ? 5684 : 4431) + k;
        s.clientNode = clientNodes.Get(k);
        s.window = duration;
        Ptr<Application> app;
        if (coaps)
        {
            s.coap = CreateObject<CoapServerApplication>();
            s.coap->SetAttribute("Port", UintegerValue(s.port));
            s.coap->GetBinding()->SetAttribute("SocketFactory",
                                               TypeIdValue(DtlsSocketFactory::GetTypeId()));
            s.coap->AddStaticResource("/object", body, 42); // application/octet-stream
            app = s.coap;
        }
        else
        {
            s.server = CreateObject<HttpServerApplication>();
            s.server->SetAttribute("SocketFactory", TypeIdValue(TlsSocketFactory::GetTypeId()));
            s.server->SetAttribute("Port", UintegerValue(s.port));
            s.server->AddResource("/object", body, "application/octet-stream");
            app = s.server;
        }
        if (k < 2)
        {
            s.se = CreateObject<SecureElement>();
            s.se->SetAttribute("Protocol",
                               EnumValue(protocol == "T1" ? SecureElement::T1 : SecureElement::T0));
            s.se->SetAttribute("F", UintegerValue(f));
            s.se->SetAttribute("D", UintegerValue(d));
            s.se->SetAttribute("PerApduOverhead", TimeValue(perApduOverhead));
            s.se->SetAttribute("Backlog", UintegerValue(backlog));
            s.se->SetAttribute("Rendezvous", BooleanValue(rdv));
            s.se->SetAttribute("ExportSession", BooleanValue(k == 1));
            s.se->Initialize();
            s.se->GetLinkConfig(); // aborts with the reason if the link is not valid
            if (s.server)
            {
                s.server->SetAttribute("SecureElement", PointerValue(s.se));
            } // coaps: on the server's DtlsSocket once it exists, below
            s.se->TraceConnectWithoutContext("InUse", MakeBoundCallback(&InUseChanged, &s));
            s.se->TraceConnectWithoutContext("QueueLength", MakeBoundCallback(&QueueChanged, &s));
            s.se->TraceConnectWithoutContext("SessionStarted",
                                             MakeBoundCallback(
                                                 +[](ServerRun* r, const Address&, Time wait) {
                                                     r->waits.push_back(wait.GetSeconds());
                                                 },
                                                 &s));
        }
        gateway->AddApplication(app);
        app->SetStartTime(Seconds(0));
    }

    // ---- random streams ------------------------------------------------------------------
    int64_t stream = 1;
    Ptr<ExponentialRandomVariable> interArrival = CreateObject<ExponentialRandomVariable>();
    interArrival->SetAttribute("Mean", DoubleValue(1.0 / rate));
    interArrival->SetStream(stream++);
    stream += csma.AssignStreams(devices, stream);
    stream += internet.AssignStreams(all, stream);
    // the servers' listening TLS sockets (coaps: their DTLS sockets) exist once the servers
    // started; TLS connections share the listener's stream. The clients' sockets draw from
    // automatically numbered streams (their random bytes do not change any size or time; a
    // CoAP client's ACK timeout would, but its request is answered well within it).
    const int64_t serverStreams = stream;
    stream += 6;
    Simulator::Schedule(MilliSeconds(1), [&runs, serverStreams]() {
        for (uint32_t k = 0; k < 3; ++k)
        {
            ServerRun& s = runs[k];
            if (s.server)
            {
                Ptr<TlsSocket> listener = DynamicCast<TlsSocket>(s.server->GetSocket());
                NS_ABORT_MSG_UNLESS(listener, "secure-element-server: no TLS listener");
                listener->AssignStreams(serverStreams + 2 * k);
                continue;
            }
            s.coap->AssignStreams(serverStreams + 2 * k);
            Ptr<DtlsSocket> socket = DynamicCast<DtlsSocket>(s.coap->GetBinding()->GetSocket());
            NS_ABORT_MSG_UNLESS(socket, "secure-element-server: no DTLS socket");
            if (s.se)
            {
                // before its first datagram: every association of this server is in the card
                socket->SetAttribute("SecureElement", PointerValue(s.se));
            }
            socket->TraceConnectWithoutContext(
                "HandshakeCompleted",
                MakeBoundCallback(
                    +[](ServerRun* r, const Address&, const DtlsHandshakeStats&) {
                        ++r->dtlsSessions;
                    },
                    &s));
        }
    });

    // ---- arrivals: the same times for the three servers ----------------------------------
    std::vector<Time> arrivals;
    for (Time t = start + Seconds(interArrival->GetValue()); t <= duration;
         t += Seconds(interArrival->GetValue()))
    {
        arrivals.push_back(t);
    }
    HttpMessage request = HttpMessage::MakeRequest("GET", "/object");
    request.SetField("Host", "gateway.example");
    request.SetField("Connection", "close");
    for (const Time& t : arrivals)
    {
        for (uint32_t k = 0; k < 3; ++k)
        {
            if (coaps)
            {
                Simulator::Schedule(t, [&runs, k, gatewayIp]() {
                    ServerRun& s = runs[k];
                    s.clients.emplace_back();
                    Client& c = s.clients.back();
                    c.start = Simulator::Now();
                    c.coap = CreateObject<CoapClientApplication>();
                    c.coap->GetBinding()->SetAttribute("SocketFactory",
                                                       TypeIdValue(DtlsSocketFactory::GetTypeId()));
                    c.coap->SetAttribute("Remote",
                                         AddressValue(Inet6SocketAddress(gatewayIp, s.port)));
                    c.coap->SetAttribute("Script", StringValue("GET /object"));
                    c.coap->SetAttribute("ConnectFirst", BooleanValue(true));
                    c.coap->SetAttribute("CloseWhenDone", BooleanValue(true));
                    c.coap->TraceConnectWithoutContext(
                        "StepDone",
                        MakeBoundCallback(
                            +[](Client* cl, const CoapClientRecord& r) {
                                if (r.ok && r.code == CoapCode::CONTENT)
                                {
                                    cl->responded = true;
                                    cl->responseAt = r.start + r.rtt;
                                }
                                else
                                {
                                    cl->failed = true;
                                }
                            },
                            &c));
                    c.coap->SetStartTime(Seconds(0));
                    s.clientNode->AddApplication(c.coap);
                    // its DTLS socket exists once it has started (now, after this event);
                    // the handshake takes more than a nanosecond
                    Simulator::Schedule(NanoSeconds(1), [&c]() {
                        Ptr<Socket> socket = c.coap->GetBinding()->GetSocket();
                        NS_ABORT_MSG_UNLESS(socket, "secure-element-server: no client socket");
                        socket->TraceConnectWithoutContext(
                            "HandshakeCompleted",
                            MakeBoundCallback(
                                +[](Client* cl, const Address&, const DtlsHandshakeStats&) {
                                    cl->connectedAt = Simulator::Now();
                                },
                                &c));
                    });
                });
                continue;
            }
            Simulator::Schedule(t, [&runs, k, gatewayIp, request]() {
                ServerRun& s = runs[k];
                s.clients.emplace_back();
                Client& c = s.clients.back();
                c.start = Simulator::Now();
                c.app = CreateObject<HttpClientApplication>();
                c.app->SetAttribute("SocketFactory", TypeIdValue(TlsSocketFactory::GetTypeId()));
                c.app->SetAttribute("Remote", AddressValue(Inet6SocketAddress(gatewayIp, s.port)));
                c.app->AddRequest(request);
                c.app->TraceConnectWithoutContext(
                    "Response",
                    MakeBoundCallback(
                        +[](Client* cl, const HttpMessage&, const HttpMessage&, Time) {
                            cl->responded = true;
                            cl->responseAt = Simulator::Now();
                        },
                        &c));
                c.app->TraceConnectWithoutContext(
                    "Failed",
                    MakeBoundCallback(
                        +[](Client* cl, const std::string&) { cl->failed = true; },
                        &c));
                c.app->SetStartTime(Seconds(0)); // relative: AddApplication initializes it now
                s.clientNode->AddApplication(c.app);
            });
        }
    }

    Simulator::Stop(duration + drain);
    Simulator::Run();

    // ---- results -------------------------------------------------------------------------
    const Time end = Simulator::Now();
    Ptr<CpuModel> hostCpu = NodeModelHelper::GetCpu(gateway);
    results.SetMetric("arrivals", static_cast<uint64_t>(arrivals.size()));
    results.SetMetric("hostCpuTime_s", hostCpu ? hostCpu->GetBusyTime().GetSeconds() : 0.0);
    for (ServerRun& s : runs)
    {
        if (s.busy)
        {
            s.busyTime += s.Clip(s.busySince, end);
        }
        s.queueArea += s.queue * s.Clip(s.queueSince, end);
        uint64_t completed = 0;
        uint64_t failed = 0;
        std::vector<double> handshake;
        std::vector<double> response;
        std::vector<double> throughput;
        for (const Client& c : s.clients)
        {
            const Time connected = c.ConnectedAt();
            if (connected.IsStrictlyPositive())
            {
                handshake.push_back((connected - c.start).GetSeconds());
            }
            if (c.responded)
            {
                ++completed;
                response.push_back((c.responseAt - c.start).GetSeconds());
                const Time transfer = c.responseAt - connected;
                if (connected.IsStrictlyPositive() && transfer.IsStrictlyPositive())
                {
                    throughput.push_back(objectBytes / transfer.GetSeconds());
                }
            }
            else if (c.failed)
            {
                ++failed;
            }
        }
        const std::string p = s.name + ".";
        results.SetMetric(p + "arrivals", static_cast<uint64_t>(s.clients.size()));
        results.SetMetric(p + "completed", completed);
        results.SetMetric(p + "failed", failed);
        results.SetMetric(p + "pending",
                          static_cast<uint64_t>(s.clients.size()) - completed - failed);
        results.SetMetric(p + "refused", s.se ? s.se->GetRefused() : uint64_t(0));
        results.SetMetric(p + "sessions",
                          s.se       ? s.se->GetSessions()
                          : s.server ? uint64_t(s.server->GetConnections())
                                     : s.dtlsSessions);
        results.SetSummaryMetrics(p + "handshake", "_s", handshake);
        results.SetSummaryMetrics(p + "responseTime", "_s", response);
        std::vector<double> waits = s.se ? s.waits : std::vector<double>(handshake.size(), 0.0);
        results.SetSummaryMetrics(p + "wait", "_s", waits);
        results.SetMetric(p + "queue_mean", s.queueArea / duration.GetSeconds());
        results.SetMetric(p + "queue_max", s.queueMax);
        results.SetMetric(p + "seLinkTime_s", s.se ? s.se->GetLinkTime().GetSeconds() : 0.0);
        results.SetMetric(p + "seCpuTime_s", s.se ? s.se->GetCpuTime().GetSeconds() : 0.0);
        results.SetSummaryMetrics(p + "throughput", "_Bps", throughput);
        if (s.se)
        {
            results.SetMetric(p + "utilisation", s.busyTime / duration.GetSeconds());
        }
    }
    int status = results.Finish();
    Simulator::Destroy();
    return status;
}
