/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// SecureElement: a TLS server whose engine runs in a secure element (Urien), behind
// HttpServerApplication, with HTTPS clients 10 Mbit/s and 1 ms away.

#include "iotsec-test.h"

#include "ns3/boolean.h"
#include "ns3/cpu-model.h"
#include "ns3/device-profile.h"
#include "ns3/double.h"
#include "ns3/dtls-psk-store.h"
#include "ns3/dtls-server-application.h"
#include "ns3/dtls-socket.h"
#include "ns3/http-applications.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv6-address-helper.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/pointer.h"
#include "ns3/random-variable-stream.h"
#include "ns3/secure-element.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tls-socket.h"

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace ns3;

namespace
{

const std::string kSeKey = "00112233445566778899aabbccddeeff"; //!< the PSK, hex

/// One step the card priced
struct SeStep
{
    Time at;      //!< when
    uint32_t in;  //!< bytes in
    uint32_t out; //!< bytes out
    Time link;    //!< APDU conversation
    Time cpu;     //!< the card's CPU
    Time wait;    //!< waited for the card
};

/// A client node and a server host, HTTPS between them, the server's TLS in a card
struct SeTestbed
{
    NodeContainer nodes;                             //!< client, server
    Ipv6Address serverIp;                            //!< the server's address
    Ptr<SecureElement> se;                           //!< the card (null: software server)
    Ptr<HttpServerApplication> server;               //!< the server
    std::vector<SeStep> steps;                       //!< the card's steps
    std::vector<Time> waits;                         //!< SessionStarted waits
    std::vector<Time> grants;                        //!< when a session got the card
    std::vector<Time> releases;                      //!< when the card was released
    std::vector<uint32_t> refusedQueued;             //!< Refused: connections waiting then
    uint32_t maxQueue{0};                            //!< largest QueueLength
    std::vector<Ptr<HttpClientApplication>> clients; //!< the clients, in order of start
    std::vector<Time> starts;                        //!< their start times

    /**
     * \param withSe the server's TLS runs in a card
     * \param exportSessions TLS-Tandem
     * \param objectBytes the resource's size
     * \param delay the link's one-way delay
     */
    SeTestbed(bool withSe, bool exportSessions, uint32_t objectBytes, Time delay = MilliSeconds(1))
    {
        nodes.Create(2);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
        p2p.SetChannelAttribute("Delay", TimeValue(delay));
        NetDeviceContainer devices = p2p.Install(nodes);
        InternetStackHelper internet;
        internet.SetIpv4StackInstall(false);
        internet.Install(nodes);
        Ipv6AddressHelper addresses;
        addresses.SetBase(Ipv6Address("2001:2::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer ifs = addresses.Assign(devices);
        serverIp = ifs.GetAddress(1, 1);
        for (uint32_t i = 0; i < 2; ++i)
        {
            Ptr<TlsSocketFactory> f = CreateObject<TlsSocketFactory>();
            f->SetSocketAttribute("PskIdentity", StringValue("client"));
            f->SetSocketAttribute("Psk", StringValue(kSeKey));
            nodes.Get(i)->AggregateObject(f);
        }
        Ptr<DtlsPskStore> store = CreateObject<DtlsPskStore>();
        store->SetPskHex("client", kSeKey);
        nodes.Get(1)->AggregateObject(store);
        server = CreateObject<HttpServerApplication>();
        server->SetAttribute("SocketFactory", TypeIdValue(TlsSocketFactory::GetTypeId()));
        server->SetAttribute("Port", UintegerValue(443));
        server->AddResource("/obj", std::string(objectBytes, 'x'));
        if (withSe)
        {
            se = CreateObject<SecureElement>();
            se->SetAttribute("ExportSession", BooleanValue(exportSessions));
            server->SetAttribute("SecureElement", PointerValue(se));
            se->TraceConnectWithoutContext("Step", MakeCallback(&SeTestbed::Step, this));
            se->TraceConnectWithoutContext("SessionStarted",
                                           MakeCallback(&SeTestbed::Session, this));
            se->TraceConnectWithoutContext("InUse", MakeCallback(&SeTestbed::InUse, this));
            se->TraceConnectWithoutContext("Refused", MakeCallback(&SeTestbed::Refused, this));
            se->TraceConnectWithoutContext("QueueLength", MakeCallback(&SeTestbed::Queue, this));
        }
        nodes.Get(1)->AddApplication(server);
        server->SetStartTime(Seconds(0));
    }

    ~SeTestbed()
    {
        Simulator::Destroy();
    }

    /**
     * \param at start time \param close ask the server to close the connection
     * \return a client that GETs /obj once
     */
    Ptr<HttpClientApplication> AddClient(Time at, bool close = true)
    {
        Ptr<HttpClientApplication> c = CreateObject<HttpClientApplication>();
        c->SetAttribute("SocketFactory", TypeIdValue(TlsSocketFactory::GetTypeId()));
        c->SetAttribute("Remote", AddressValue(Inet6SocketAddress(serverIp, 443)));
        HttpMessage r = HttpMessage::MakeRequest("GET", "/obj");
        r.SetField("Host", "gateway.example");
        if (close)
        {
            r.SetField("Connection", "close");
        }
        c->AddRequest(r);
        nodes.Get(0)->AddApplication(c);
        c->SetStartTime(at);
        clients.push_back(c);
        starts.push_back(at);
        return c;
    }

    /// Step trace
    void Step(uint32_t in, uint32_t out, Time link, Time cpu, Time wait)
    {
        steps.push_back(SeStep{Simulator::Now(), in, out, link, cpu, wait});
    }

    /// SessionStarted trace
    void Session(const Address&, Time wait)
    {
        waits.push_back(wait);
    }

    /// InUse trace
    void InUse(bool, bool now)
    {
        (now ? grants : releases).push_back(Simulator::Now());
    }

    /// Refused trace
    void Refused(const Address&, uint32_t queued)
    {
        refusedQueued.push_back(queued);
    }

    /// QueueLength trace
    void Queue(uint32_t, uint32_t now)
    {
        maxQueue = std::max(maxQueue, now);
    }
};

/**
 * Characters of one T=0 command/response exchange (ISO 7816-3 10.3, 12.2), counted here
 * independently of the module's ApduTransferCharacters: 5 header bytes, a procedure byte
 * before data, the data, SW1 SW2; a case-4 command answered 61 xx is followed by a GET
 * RESPONSE, a case-2 TPDU.
 * \param nc command data \param nr response data \return characters
 */
uint64_t
T0Characters(uint32_t nc, uint32_t nr)
{
    uint64_t command = 5 + (nc > 0 ? 1 + nc : 0) + 2;
    if (nc > 0 && nr > 0)
    {
        return command + 5 + 1 + nr + 2; // 61 xx, then GET RESPONSE
    }
    if (nc == 0 && nr > 0)
    {
        return 5 + 1 + nr + 2; // case 2
    }
    return command;
}

/**
 * The characters of a whole T=0 conversation carrying `in` bytes to the card and `out`
 * back, with 255-byte command chunks and 256-byte response chunks.
 * \param in bytes to the card \param out bytes from it \return characters
 */
uint64_t
T0ConversationCharacters(uint32_t in, uint32_t out)
{
    uint64_t chars = 0;
    uint32_t left = in;
    while (left > 255)
    {
        chars += T0Characters(255, 0); // chained, answered 90 00
        left -= 255;
    }
    uint32_t first = std::min<uint32_t>(out, 256);
    chars += T0Characters(left, first);
    for (uint32_t rest = out - first; rest > 0;)
    {
        uint32_t n = std::min<uint32_t>(rest, 256);
        chars += T0Characters(0, n); // GET RESPONSE
        rest -= n;
    }
    return chars;
}

} // namespace

/**
 * \ingroup iotsec-tests
 * \brief One handshake in isolation: the client waits, beyond the same handshake with the
 * server's engine on a host that prices nothing, exactly the card's APDU conversations
 * (characters counted independently, 12 etu each at 372/3.57 MHz) plus the card's CPU time
 * for the work the server's engine reported (JavaCardSE cycles / 25 MHz). The full and the
 * resumed handshake fall inside Urien's ranges (1 to 10 s, 0.5 to 5 s).
 */
class SeIsolatedHandshakeTestCase : public TestCase
{
  public:
    SeIsolatedHandshakeTestCase()
        : TestCase("secure element: an isolated handshake = its APDU transfers + its priced "
                   "work, inside the paper's ranges")
    {
    }

  private:
    void DoRun() override
    {
        // the same exchange against a software server on a host without a CPU model
        Time software;
        {
            SeTestbed t(false, false, 64);
            auto c = t.AddClient(Seconds(1));
            Simulator::Stop(Seconds(60));
            Simulator::Run();
            IOTSEC_TEST_REQUIRE(c->GetResponses().size() == 1, "software: answered");
            software = c->GetConnectedAt() - Seconds(1);
        }
        SeTestbed t(true, false, 64);
        std::vector<CryptoWork> work;
        Ptr<HttpClientApplication> c = t.AddClient(Seconds(1));
        Simulator::Schedule(Seconds(0.5), [&t, &work]() {
            t.server->GetSocket()->TraceConnectWithoutContext(
                "CryptoWork",
                MakeBoundCallback(
                    +[](std::vector<CryptoWork>* out, const CryptoWork& w) { out->push_back(w); },
                    &work));
        });
        Simulator::Stop(Seconds(60));
        Simulator::Run();
        IOTSEC_TEST_REQUIRE(c->GetResponses().size() == 1, "answered through the card");
        Time connected = c->GetConnectedAt();
        Time full = connected - Seconds(1);
        // the handshake's steps: those priced before the client completed
        Time link;
        Time cpu;
        uint64_t chars = 0;
        uint32_t handshakeSteps = 0;
        for (const auto& s : t.steps)
        {
            if (s.at >= connected)
            {
                continue;
            }
            ++handshakeSteps;
            link += s.link;
            cpu += s.cpu;
            chars += T0ConversationCharacters(s.in, s.out);
            NS_TEST_EXPECT_MSG_EQ(s.wait, Time(0), "in isolation no step waits");
        }
        NS_TEST_ASSERT_MSG_GT_OR_EQ(handshakeSteps, 2u, "ClientHello and flight 3 at least");
        double charSeconds = 12.0 * 372.0 / 3.57e6;
        NS_TEST_EXPECT_MSG_EQ_TOL(link.GetSeconds(),
                                  double(chars) * charSeconds,
                                  1e-6,
                                  "the link time is the conversations' characters");
        // every cycle of the server's engine (the handshake's and the response's) was priced
        Ptr<DeviceProfile> jc = DeviceProfile::CreatePreset("JavaCardSE");
        Time allCpu;
        for (const auto& s : t.steps)
        {
            allCpu += s.cpu;
        }
        NS_TEST_EXPECT_MSG_EQ_TOL(allCpu.GetSeconds(),
                                  jc->GetDuration(jc->GetCycles(work)).GetSeconds(),
                                  1e-8 * double(t.steps.size()),
                                  "the card priced every operation at 25 MHz");
        // exact but for one pure ACK per step: against the software server the ACK of a flight
        // goes out together with the answer, which then waits behind it on the link (74 bytes
        // at 1 Gbit/s: 592 ns)
        NS_TEST_EXPECT_MSG_EQ_TOL((full - software).GetNanoSeconds(),
                                  (link + cpu).GetNanoSeconds(),
                                  int64_t(592 * handshakeSteps),
                                  "the handshake took exactly its APDU transfers and its work");
        NS_TEST_EXPECT_MSG_GT_OR_EQ(full, Seconds(1), "a full handshake: 1 s at least");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(full, Seconds(10), "and 10 s at most");
    }
};

/// A client's full handshake, then, after it closed, its resumed one
struct SeResumption
{
    Time full;              //!< Connect() to connected, full handshake
    Time resumed;           //!< the same, resumed
    bool wasResumed{false}; //!< the second handshake was abbreviated
    Time resumedAt;         //!< when the second Connect() was made
};

/**
 * \param t the testbed
 * \return the two handshakes' times (the second one at 30 s)
 */
SeResumption
FullThenResumed(SeTestbed& t)
{
    SeResumption r;
    Ptr<TlsSocket> a =
        DynamicCast<TlsSocket>(Socket::CreateSocket(t.nodes.Get(0), TlsSocketFactory::GetTypeId()));
    Address server = Inet6SocketAddress(t.serverIp, 443);
    a->SetConnectCallback(MakeBoundCallback(
                              +[](SeResumption* out, Ptr<Socket> s) {
                                  out->full = Simulator::Now() - Seconds(1);
                                  s->Close();
                              },
                              &r),
                          MakeNullCallback<void, Ptr<Socket>>());
    Simulator::Schedule(Seconds(1), [a, server]() { a->Connect(server); });
    Ptr<TlsSocket> b =
        DynamicCast<TlsSocket>(Socket::CreateSocket(t.nodes.Get(0), TlsSocketFactory::GetTypeId()));
    b->SetConnectCallback(MakeBoundCallback(
                              +[](SeResumption* out, Ptr<Socket> s) {
                                  out->resumed = Simulator::Now() - Seconds(30);
                                  Ptr<TlsSocket> tls = DynamicCast<TlsSocket>(s);
                                  out->wasResumed = tls->GetSession()->GetStats().resumed;
                                  s->Close();
                              },
                              &r),
                          MakeNullCallback<void, Ptr<Socket>>());
    Simulator::Schedule(Seconds(30), [a, b, server]() {
        b->SetResumptionTicket(a->GetResumptionTicket());
        b->Connect(server);
    });
    Simulator::Stop(Seconds(60));
    Simulator::Run();
    return r;
}

/**
 * \ingroup iotsec-tests
 * \brief A resumed handshake in isolation (session ID, after the client's full handshake
 * and close): again exactly its APDU transfers and its priced work beyond the software
 * server's, inside Urien's 0.5 to 5 s, and shorter than the full one.
 */
class SeResumedHandshakeTestCase : public TestCase
{
  public:
    SeResumedHandshakeTestCase()
        : TestCase("secure element: a resumed handshake = its APDU transfers + its priced work, "
                   "inside the paper's range")
    {
    }

  private:
    void DoRun() override
    {
        SeResumption software;
        {
            SeTestbed t(false, false, 64);
            software = FullThenResumed(t);
        }
        SeTestbed t(true, false, 64);
        SeResumption se = FullThenResumed(t);
        NS_TEST_ASSERT_MSG_EQ(software.wasResumed, true, "software: resumed");
        NS_TEST_ASSERT_MSG_EQ(se.wasResumed, true, "through the card: resumed");
        Time link;
        Time cpu;
        uint32_t steps = 0;
        for (const auto& s : t.steps)
        {
            if (s.at >= Seconds(30) && s.at < Seconds(30) + se.resumed)
            {
                ++steps;
                link += s.link;
                cpu += s.cpu;
                NS_TEST_EXPECT_MSG_EQ(s.wait, Time(0), "in isolation no step waits");
            }
        }
        // the client is done when the server's Finished arrives: one step of the card, the
        // ClientHello's (the client's Finished is checked in the card after that)
        NS_TEST_ASSERT_MSG_EQ(steps, 1u, "the ClientHello's step");
        NS_TEST_EXPECT_MSG_EQ_TOL((se.resumed - software.resumed).GetNanoSeconds(),
                                  (link + cpu).GetNanoSeconds(),
                                  int64_t(592 * steps),
                                  "the handshake took exactly its APDU transfers and its work");
        NS_TEST_EXPECT_MSG_GT_OR_EQ(se.resumed, MilliSeconds(500), "0.5 s at least");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(se.resumed, Seconds(5), "5 s at most");
        NS_TEST_EXPECT_MSG_LT(se.resumed, se.full, "shorter than the full handshake");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Rendezvous and the backlog: while one session uses the card, 60 more connections
 * arrive 1 ms apart; the first 50 wait (Java's default backlog) and every later one is
 * refused with 50 waiting. With Rendezvous false every connection that finds the card in use
 * is refused at once (accepted, then closed): its client fails within a round trip.
 */
class SeBacklogTestCase : public TestCase
{
  public:
    SeBacklogTestCase()
        : TestCase("secure element: one session at a time, 50 wait, the 51st is refused; "
                   "without rendezvous refused at once")
    {
    }

  private:
    void DoRun() override
    {
        {
            SeTestbed t(true, false, 64);
            t.AddClient(Seconds(1));
            for (uint32_t i = 0; i < 60; ++i)
            {
                t.AddClient(Seconds(1.1) + MilliSeconds(i));
            }
            Simulator::Stop(Seconds(1.5)); // the first session still holds the card
            Simulator::Run();
            NS_TEST_EXPECT_MSG_EQ(t.se->IsInUse(), true, "the first session holds the card");
            NS_TEST_EXPECT_MSG_EQ(t.se->GetSessions(), 1u, "one session at a time");
            NS_TEST_EXPECT_MSG_EQ(t.se->GetQueueLength(), 50u, "the backlog is full");
            NS_TEST_EXPECT_MSG_EQ(t.maxQueue, 50u, "and never held more");
            NS_TEST_EXPECT_MSG_EQ(t.refusedQueued.size(), 10u, "the last 10 were refused");
            for (uint32_t q : t.refusedQueued)
            {
                NS_TEST_EXPECT_MSG_EQ(q, 50u, "each with 50 waiting");
            }
        }
        {
            SeTestbed t(true, false, 64);
            t.se->SetAttribute("Rendezvous", BooleanValue(false));
            t.AddClient(Seconds(1));
            for (uint32_t i = 0; i < 5; ++i)
            {
                t.AddClient(Seconds(1.1) + MilliSeconds(i));
            }
            Simulator::Stop(Seconds(1.2));
            Simulator::Run();
            NS_TEST_EXPECT_MSG_EQ(t.se->GetQueueLength(), 0u, "no rendezvous: nobody waits");
            NS_TEST_EXPECT_MSG_EQ(t.se->GetRefused(), 5u, "all five refused");
            for (uint32_t i = 1; i < 6; ++i)
            {
                NS_TEST_EXPECT_MSG_EQ(t.clients[i]->GetFailures(), 1u, "its request failed");
            }
            NS_TEST_EXPECT_MSG_EQ(t.clients[0]->GetFailures(), 0u, "the first is served");
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Below saturation the card is an M/G/1 queue: clients arrive as a Poisson process
 * (rate 0.1/s), each GETs an object of 64, 256, 512 or 1024 bytes drawn uniformly, so that
 * the card's holding time (handshake, the records of the exchange, close) varies. The mean
 * wait in the backlog matches the Pollaczek-Khinchine formula W = lambda E[S^2] / (2 (1 -
 * rho)), with E[S] and E[S^2] measured from the card's holding times, within the 95 %
 * confidence interval of the measured mean (20 batch means of 100 clients).
 */
class SePollaczekKhinchineTestCase : public TestCase
{
  public:
    SePollaczekKhinchineTestCase()
        : TestCase("secure element: the mean wait below saturation matches Pollaczek-Khinchine")
    {
    }

  private:
    void DoRun() override
    {
        const double lambda = 0.1;
        const uint32_t n = 2000;
        SeTestbed t(true, false, 64);
        for (uint32_t size : {256u, 512u, 1024u})
        {
            t.server->AddResource("/obj" + std::to_string(size), std::string(size, 'x'));
        }
        Ptr<ExponentialRandomVariable> gap = CreateObject<ExponentialRandomVariable>();
        gap->SetAttribute("Mean", DoubleValue(1.0 / lambda));
        gap->SetStream(11);
        Ptr<UniformRandomVariable> pick = CreateObject<UniformRandomVariable>();
        pick->SetStream(12);
        const char* paths[] = {"/obj", "/obj256", "/obj512", "/obj1024"};
        Time at = Seconds(1);
        for (uint32_t i = 0; i < n; ++i)
        {
            at += Seconds(gap->GetValue());
            Ptr<HttpClientApplication> c = CreateObject<HttpClientApplication>();
            c->SetAttribute("SocketFactory", TypeIdValue(TlsSocketFactory::GetTypeId()));
            c->SetAttribute("Remote", AddressValue(Inet6SocketAddress(t.serverIp, 443)));
            HttpMessage r = HttpMessage::MakeRequest("GET", paths[pick->GetInteger(0, 3)]);
            r.SetField("Host", "gateway.example");
            r.SetField("Connection", "close");
            c->AddRequest(r);
            t.nodes.Get(0)->AddApplication(c);
            c->SetStartTime(at);
        }
        Simulator::Stop(at + Seconds(200));
        Simulator::Run();
        IOTSEC_TEST_REQUIRE(t.waits.size() == n, "every client got the card");
        IOTSEC_TEST_REQUIRE(t.releases.size() == n, "and released it");
        NS_TEST_EXPECT_MSG_EQ(t.se->GetRefused(), 0u, "nobody refused below saturation");
        double s1 = 0;
        double s2 = 0;
        for (uint32_t i = 0; i < n; ++i)
        {
            double s = (t.releases[i] - t.grants[i]).GetSeconds();
            s1 += s;
            s2 += s * s;
        }
        s1 /= n;
        s2 /= n;
        double rho = lambda * s1;
        NS_TEST_ASSERT_MSG_LT(rho, 0.6, "below saturation");
        NS_TEST_ASSERT_MSG_GT(rho, 0.2, "but loaded");
        double pk = lambda * s2 / (2 * (1 - rho));
        const uint32_t batches = 20;
        const uint32_t size = n / batches;
        std::vector<double> means(batches, 0.0);
        for (uint32_t i = 0; i < n; ++i)
        {
            means[i / size] += t.waits[i].GetSeconds() / size;
        }
        double mean = std::accumulate(means.begin(), means.end(), 0.0) / batches;
        double var = 0;
        for (double m : means)
        {
            var += (m - mean) * (m - mean);
        }
        var /= (batches - 1);
        double halfWidth = 2.093 * std::sqrt(var / batches); // t(19, 0.975)
        NS_TEST_EXPECT_MSG_GT(mean, 0.0, "clients waited");
        NS_TEST_EXPECT_MSG_EQ_TOL(mean, pk, halfWidth, "mean wait = Pollaczek-Khinchine");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief TLS-Tandem: a client GETs 4096 bytes over a session whose records cross the card,
 * and over one exported to the host (a Raspberry Pi 3). The exchange's latency differs by
 * exactly what the model charges: the card's steps for the request and response records
 * (their APDU conversations and the card's CPU) against the host's CPU time for the same
 * work; the record throughput rises by the ratio of the two latencies.
 */
class SeExportTestCase : public TestCase
{
  public:
    SeExportTestCase()
        : TestCase("secure element: exporting the session speeds records up by the predicted "
                   "factor")
    {
    }

  private:
    void DoRun() override
    {
        Time latency[2];
        Time charged[2];
        for (bool exportSessions : {false, true})
        {
            SeTestbed t(true, exportSessions, 4096);
            Ptr<CpuModel> host = CreateObject<CpuModel>();
            host->SetProfile(DeviceProfile::CreatePreset("RaspberryPi3"));
            t.nodes.Get(1)->AggregateObject(host);
            Time hostTime;
            host->TraceConnectWithoutContext(
                "Job",
                MakeBoundCallback(
                    +[](Time* sum, uint64_t, Time, Time service) { *sum += service; },
                    &hostTime));
            // keep-alive: no close_notify after the response for either mode to charge
            Ptr<HttpClientApplication> c = t.AddClient(Seconds(1), false);
            Time exchange;
            c->TraceConnectWithoutContext(
                "Response",
                MakeBoundCallback(
                    +[](Time* out, const HttpMessage&, const HttpMessage&, Time l) { *out = l; },
                    &exchange));
            Simulator::Stop(Seconds(120));
            Simulator::Run();
            IOTSEC_TEST_REQUIRE(c->GetResponses().size() == 1, "answered");
            NS_TEST_EXPECT_MSG_EQ(c->GetResponses()[0].GetBody().size(), 4096u, "the object");
            Time connected = c->GetConnectedAt();
            Time request = connected; // the client sends the request once connected
            Time response = request + exchange;
            // what the card charged for the exchange's steps: those from the request record
            // to the response record (the close_notify after it is not part of the exchange)
            Time card;
            for (const auto& s : t.steps)
            {
                if (s.at >= request && s.at + s.wait + s.link + s.cpu <= response)
                {
                    card += s.link + s.cpu + s.wait;
                }
            }
            latency[exportSessions] = exchange;
            charged[exportSessions] = exportSessions ? hostTime : card;
            if (exportSessions)
            {
                NS_TEST_EXPECT_MSG_EQ(card, Time(0), "exported: no record crosses the card");
                NS_TEST_EXPECT_MSG_EQ(t.se->IsInUse(), false, "and the card is free");
                NS_TEST_EXPECT_MSG_GT(hostTime, Time(0), "the host protected the records");
            }
            else
            {
                NS_TEST_EXPECT_MSG_GT(card, Seconds(1), "records at 9600 bit/s: seconds");
            }
        }
        // the same exchange, but for what each mode charges
        NS_TEST_EXPECT_MSG_EQ_TOL((latency[0] - latency[1]).GetNanoSeconds(),
                                  (charged[0] - charged[1]).GetNanoSeconds(),
                                  int64_t(2 * 592),
                                  "the latencies differ by the model's charges");
        double factor = latency[0].GetSeconds() / latency[1].GetSeconds();
        double predicted =
            (latency[1] + charged[0] - charged[1]).GetSeconds() / latency[1].GetSeconds();
        NS_TEST_EXPECT_MSG_EQ_TOL(factor, predicted, 1e-3 * predicted, "throughput factor");
        NS_TEST_EXPECT_MSG_GT(factor, 10.0, "export is an order of magnitude faster");
    }
};

/// A DTLS echo server (DtlsServerApplication) on the testbed's server node, its engine in
/// the testbed's card (if any), and DTLS clients on the client node
struct SeDtlsBed
{
    SeTestbed& t;                                    //!< the nodes and the card's traces
    Ptr<DtlsServerApplication> server;               //!< the echo server
    std::vector<Ptr<DtlsSocket>> clients;            //!< clients
    std::vector<Time> connected;                     //!< per client: when connected (0: not)
    std::vector<Time> echoed;                        //!< per client: when its echo came back
    std::vector<std::pair<Time, uint32_t>> sent;     //!< client 0: datagrams sent
    std::vector<std::pair<Time, uint32_t>> received; //!< client 0: datagrams received

    /// \param testbed the nodes and the card
    explicit SeDtlsBed(SeTestbed& testbed)
        : t(testbed)
    {
        server = CreateObject<DtlsServerApplication>();
        if (t.se)
        {
            server->SetSocketAttribute("SecureElement", PointerValue(t.se));
        }
        t.nodes.Get(1)->AddApplication(server);
        server->SetStartTime(Seconds(0));
    }

    /**
     * \brief A client that connects at `at`, sends 16 bytes once connected and closes when
     * they come back (close_notify). By default no retransmission happens within 30 s.
     * \param at when
     * \param initialTimeout its InitialTimeout
     */
    void AddClient(Time at, Time initialTimeout = Seconds(30))
    {
        Ptr<DtlsSocket> c = CreateObject<DtlsSocket>();
        c->SetNode(t.nodes.Get(0));
        c->SetAttribute("PskIdentity", StringValue("client"));
        c->SetAttribute("Psk", StringValue(kSeKey));
        c->SetAttribute("InitialTimeout", TimeValue(initialTimeout));
        c->SetAttribute("MaxTimeout", TimeValue(Seconds(60)));
        std::size_t i = clients.size();
        clients.push_back(c);
        connected.push_back(Time(0));
        echoed.push_back(Time(0));
        c->SetConnectCallback(MakeCallback(&SeDtlsBed::Connected, this),
                              MakeNullCallback<void, Ptr<Socket>>());
        c->SetRecvCallback(MakeCallback(&SeDtlsBed::Received, this));
        if (i == 0)
        {
            c->TraceConnectWithoutContext("Tx", MakeCallback(&SeDtlsBed::Tx, this));
            c->TraceConnectWithoutContext("Rx", MakeCallback(&SeDtlsBed::Rx, this));
        }
        Address server6 = Inet6SocketAddress(t.serverIp, 5684);
        Simulator::Schedule(at, [c, server6]() {
            c->Bind6();
            c->Connect(server6);
        });
        (void)i;
    }

    /// \param s a client socket \return its index
    std::size_t IndexOf(Ptr<Socket> s) const
    {
        for (std::size_t i = 0; i < clients.size(); ++i)
        {
            if (PeekPointer(clients[i]) == PeekPointer(s))
            {
                return i;
            }
        }
        NS_ABORT_MSG("unknown client socket");
        return 0;
    }

    /// client 0's Tx trace
    void Tx(Ptr<const Packet> p, const Address&)
    {
        sent.emplace_back(Simulator::Now(), p->GetSize());
    }

    /// client 0's Rx trace
    void Rx(Ptr<const Packet> p, const Address&)
    {
        received.emplace_back(Simulator::Now(), p->GetSize());
    }

    /// connect callback
    void Connected(Ptr<Socket> s)
    {
        connected[IndexOf(s)] = Simulator::Now();
        uint8_t data[16] = {};
        s->Send(Create<Packet>(data, sizeof(data)));
    }

    /// receive callback
    void Received(Ptr<Socket> s)
    {
        while (s->Recv())
        {
        }
        echoed[IndexOf(s)] = Simulator::Now();
        s->Close();
    }
};

/**
 * \param initialTimeout the client's InitialTimeout
 * \return one client's handshake time against the software DTLS echo server (a host that
 * prices nothing), from its Connect() at 1 s; 0 if its echo never came back
 */
Time
SoftwareDtlsHandshake(Time initialTimeout)
{
    SeTestbed t(false, false, 64);
    SeDtlsBed d(t);
    d.AddClient(Seconds(1), initialTimeout);
    Simulator::Stop(Seconds(20));
    Simulator::Run();
    return d.echoed[0].IsStrictlyPositive() ? d.connected[0] - Seconds(1) : Time(0);
}

/**
 * \ingroup iotsec-tests
 * \brief DTLS in the card: an isolated handshake (cookie exchange included) takes, beyond the
 * same handshake against the software server, exactly the sum of its steps' APDU
 * conversations and the card's CPU time -- over UDP there is no ACK to queue behind, so to
 * the nanosecond. The client's echo closes the association and the card is released.
 */
class SeDtlsIsolatedHandshakeTestCase : public TestCase
{
  public:
    SeDtlsIsolatedHandshakeTestCase()
        : TestCase("secure element: an isolated DTLS handshake = its APDU transfers + its "
                   "priced work")
    {
    }

  private:
    void DoRun() override
    {
        Time software = SoftwareDtlsHandshake(Seconds(30));
        IOTSEC_TEST_REQUIRE(software.IsStrictlyPositive(), "software: echoed");
        SeTestbed t(true, false, 64);
        SeDtlsBed d(t);
        d.AddClient(Seconds(1));
        Simulator::Stop(Seconds(20));
        Simulator::Run();
        IOTSEC_TEST_REQUIRE(d.echoed[0] > Time(0), "through the card: echoed");
        Time full = d.connected[0] - Seconds(1);
        Time link;
        Time cpu;
        uint64_t chars = 0;
        uint32_t steps = 0;
        for (const auto& s : t.steps)
        {
            if (s.at < d.connected[0])
            {
                ++steps;
                link += s.link;
                cpu += s.cpu;
                chars += T0ConversationCharacters(s.in, s.out);
                NS_TEST_EXPECT_MSG_EQ(s.wait, Time(0), "in isolation no step waits");
            }
        }
        // ClientHello (HelloVerifyRequest), ClientHello with the cookie, flight 5
        NS_TEST_EXPECT_MSG_EQ(steps, 3u, "three steps of the card");
        // what crossed the card is what the client sent and received before it connected
        uint32_t in = 0;
        uint32_t out = 0;
        for (const auto& s : t.steps)
        {
            in += s.at < d.connected[0] ? s.in : 0;
            out += s.at < d.connected[0] ? s.out : 0;
        }
        uint32_t sent = 0;
        uint32_t received = 0;
        for (const auto& x : d.sent)
        {
            sent += x.first < d.connected[0] ? x.second : 0;
        }
        for (const auto& x : d.received)
        {
            received += x.first <= d.connected[0] ? x.second : 0;
        }
        NS_TEST_EXPECT_MSG_EQ(in, sent, "into the card: the client's flights 1, 3 and 5");
        NS_TEST_EXPECT_MSG_EQ(out, received, "out of it: flights 2, 4 and 6");
        NS_TEST_EXPECT_MSG_EQ_TOL(link.GetSeconds(),
                                  double(chars) * 12.0 * 372.0 / 3.57e6,
                                  1e-6,
                                  "the link time is the conversations' characters");
        NS_TEST_EXPECT_MSG_EQ(full - software, link + cpu, "exactly its transfers and work");
        NS_TEST_EXPECT_MSG_GT_OR_EQ(full, Seconds(1), "a full handshake: 1 s at least");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(full, Seconds(10), "and 10 s at most");
        NS_TEST_EXPECT_MSG_EQ(t.grants.size(), 1u, "one session");
        NS_TEST_EXPECT_MSG_EQ(t.releases.size(), 1u, "released when the association closed");
        NS_TEST_EXPECT_MSG_GT(t.releases[0], d.echoed[0], "after the echo");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief DTLS in the card: while one peer holds the card, the ClientHellos of 60 more peers
 * 1 ms apart wait in the backlog (50) or are refused with 50 waiting; each waiting peer gets
 * the card in turn, in arrival order, and completes. With ExportSession the card is free as
 * soon as the handshake and the key export are done, and the echo costs the card nothing.
 */
class SeDtlsBacklogTestCase : public TestCase
{
  public:
    SeDtlsBacklogTestCase()
        : TestCase("secure element: DTLS ClientHellos wait in the backlog, 50 at most; export "
                   "frees the card")
    {
    }

  private:
    void DoRun() override
    {
        {
            SeTestbed t(true, false, 64);
            SeDtlsBed d(t);
            d.AddClient(Seconds(1));
            for (uint32_t i = 0; i < 60; ++i)
            {
                d.AddClient(Seconds(1.1) + MilliSeconds(i));
            }
            Simulator::Stop(Seconds(1.5));
            Simulator::Run();
            NS_TEST_EXPECT_MSG_EQ(t.se->GetSessions(), 1u, "one peer at a time");
            NS_TEST_EXPECT_MSG_EQ(t.se->GetQueueLength(), 50u, "the backlog is full");
            NS_TEST_EXPECT_MSG_EQ(t.refusedQueued.size(), 10u, "the last 10 were refused");
            for (uint32_t q : t.refusedQueued)
            {
                NS_TEST_EXPECT_MSG_EQ(q, 50u, "each with 50 waiting");
            }
            // the waiting peers are served in turn (the refused ones retransmit after 30 s)
            Simulator::Stop(Seconds(200));
            Simulator::Run();
            for (uint32_t i = 0; i <= 50; ++i)
            {
                NS_TEST_EXPECT_MSG_GT(d.echoed[i], Time(0), "served: client " << i);
                if (i > 1)
                {
                    NS_TEST_EXPECT_MSG_GT(d.connected[i], d.connected[i - 1], "in order");
                }
            }
        }
        {
            // a server torn down with peers in the card's backlog gives back every place
            // (under AddressSanitizer: without reading a key its release freed)
            SeTestbed t(true, false, 64);
            SeDtlsBed d(t);
            d.AddClient(Seconds(1));
            for (uint32_t i = 0; i < 5; ++i)
            {
                d.AddClient(Seconds(1.1) + MilliSeconds(i));
            }
            Simulator::Stop(Seconds(1.5));
            Simulator::Run();
            IOTSEC_TEST_REQUIRE(t.se->GetQueueLength() == 5u, "five waiting");
            d.server->GetSocket()->Dispose();
            NS_TEST_EXPECT_MSG_EQ(t.se->GetQueueLength(), 0u, "the backlog is empty");
            NS_TEST_EXPECT_MSG_EQ(t.se->IsInUse(), false, "the card is free");
            NS_TEST_EXPECT_MSG_EQ(t.se->GetSessions(), 1u, "and nobody else got it");
        }
        {
            SeTestbed t(true, true, 64);
            SeDtlsBed d(t);
            d.AddClient(Seconds(1));
            d.AddClient(Seconds(1.1));
            Simulator::Stop(Seconds(20));
            Simulator::Run();
            IOTSEC_TEST_REQUIRE(d.echoed[1] > Time(0), "both echoed");
            NS_TEST_EXPECT_MSG_EQ(t.releases.size(), 2u, "two sessions released");
            NS_TEST_EXPECT_MSG_LT(t.releases[0], d.echoed[0], "the first before its echo");
            // the second got the card when the first's export ended
            NS_TEST_EXPECT_MSG_EQ(t.grants[1], t.releases[0], "the next one at once");
            uint32_t echoSteps = 0;
            for (const auto& s : t.steps)
            {
                echoSteps +=
                    (s.at >= d.connected[0] && s.at < d.echoed[0] && s.in == 16 + 29) ? 1 : 0;
            }
            NS_TEST_EXPECT_MSG_EQ(echoSteps, 0u, "exported: the echo did not cross the card");
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief DTLS export: the client's 1 s timer expires while the card works on its flight 5
 * (1.5 s of CPU), and the retransmitted flight reaches the server after the session was
 * marked exported. The host answers it only once the keys are out of the card: the client
 * connects exactly when it would without the retransmission, the software handshake plus
 * the card's three steps (the last one carrying the 56 exported bytes), and the retransmitted
 * flight does not cross the card.
 */
class SeDtlsExportRetransmissionTestCase : public TestCase
{
  public:
    SeDtlsExportRetransmissionTestCase()
        : TestCase("secure element: a DTLS flight retransmitted during the export waits for the "
                   "keys")
    {
    }

  private:
    void DoRun() override
    {
        Time software = SoftwareDtlsHandshake(Seconds(1));
        IOTSEC_TEST_REQUIRE(software.IsStrictlyPositive(), "software: echoed");
        SeTestbed t(true, true, 64);
        SeDtlsBed d(t);
        d.AddClient(Seconds(1), Seconds(1));
        Simulator::Stop(Seconds(20));
        Simulator::Run();
        IOTSEC_TEST_REQUIRE(d.echoed[0] > Time(0), "through the card: echoed");
        // the premise: the client sent its flight 5 twice before it connected
        uint32_t sent = 0;
        for (const auto& x : d.sent)
        {
            sent += x.first < d.connected[0] ? 1 : 0;
        }
        NS_TEST_EXPECT_MSG_EQ(sent, 4u, "ClientHello twice, flight 5 twice");
        Time link;
        Time cpu;
        uint32_t steps = 0;
        uint32_t after = 0;
        for (const auto& s : t.steps)
        {
            if (s.at < d.connected[0])
            {
                ++steps;
                link += s.link;
                cpu += s.cpu;
                NS_TEST_EXPECT_MSG_EQ(s.wait, Time(0), "no step waits");
            }
            else
            {
                ++after;
            }
        }
        NS_TEST_EXPECT_MSG_EQ(steps, 3u, "three steps of the card");
        NS_TEST_EXPECT_MSG_EQ(after, 0u, "the retransmission and the echo stayed on the host");
        NS_TEST_EXPECT_MSG_EQ(d.connected[0] - Seconds(1) - software,
                              link + cpu,
                              "connected once the keys are out, not before");
        IOTSEC_TEST_REQUIRE(t.releases.size() == 1u, "one session released");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(t.releases[0], d.connected[0], "the keys out first");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief DTLS in the card: a datagram the server sends to a peer whose close_notify has just
 * arrived (the peer still holds the card until the close is processed) is refused by the
 * engine, and its plaintext does not cross the card.
 */
class SeDtlsSendAfterCloseTestCase : public TestCase
{
  public:
    SeDtlsSendAfterCloseTestCase()
        : TestCase("secure element: a DTLS datagram refused by a closed association costs the "
                   "card nothing")
    {
    }

  private:
    void DoRun() override
    {
        SeTestbed t(true, false, 64);
        SeDtlsBed d(t);
        d.AddClient(Seconds(1));
        int sent = 0;
        Time sentAt;
        Simulator::Schedule(MilliSeconds(500), [&d, &sent, &sentAt]() {
            Ptr<DtlsSocket> server = d.server->GetSocket();
            server->TraceConnectWithoutContext(
                "Rx",
                MakeCallback(+[](std::pair<SeDtlsBed*, std::pair<int*, Time*>> x,
                                 Ptr<const Packet>,
                                 const Address& from) {
                    SeDtlsBed* bed = x.first;
                    // the echo is back at the client: what arrives now is its close_notify
                    if (bed->echoed[0].IsZero())
                    {
                        return;
                    }
                    Ptr<DtlsSocket> s = bed->server->GetSocket();
                    Simulator::ScheduleNow([s, from, x]() {
                        *x.second.first = s->SendTo(Create<Packet>(1000), 0, from);
                        *x.second.second = Simulator::Now();
                    });
                }).Bind(std::make_pair(&d, std::make_pair(&sent, &sentAt))));
        });
        Simulator::Stop(Seconds(20));
        Simulator::Run();
        IOTSEC_TEST_REQUIRE(d.echoed[0] > Time(0), "echoed");
        IOTSEC_TEST_REQUIRE(sentAt > Time(0), "the server sent after the close_notify arrived");
        NS_TEST_EXPECT_MSG_EQ(sent, -1, "the closed association refused it");
        IOTSEC_TEST_REQUIRE(t.releases.size() == 1u, "released");
        NS_TEST_EXPECT_MSG_GT(t.releases[0], sentAt, "the peer still held the card then");
        for (const auto& s : t.steps)
        {
            NS_TEST_EXPECT_MSG_LT(s.in, 1000u, "no 1000-byte plaintext crossed the card");
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief DTLS in the card: a client that gives up while it waits (its socket closes) keeps
 * its place; when its turn comes the card answers its ClientHello (a HelloVerifyRequest)
 * and, no association following, is released the server's InitialTimeout (1 s) after that
 * answer is out. The next waiting client gets the card then.
 */
class SeDtlsAbandonedTestCase : public TestCase
{
  public:
    SeDtlsAbandonedTestCase()
        : TestCase("secure element: a DTLS client that gave up while waiting holds the card for "
                   "one answer and InitialTimeout")
    {
    }

  private:
    void DoRun() override
    {
        SeTestbed t(true, false, 64);
        SeDtlsBed d(t);
        d.AddClient(Seconds(1));
        d.AddClient(Seconds(1.1));
        d.AddClient(Seconds(1.2));
        Simulator::Schedule(Seconds(1.5), [&d]() { d.clients[1]->Close(); });
        Simulator::Stop(Seconds(30));
        Simulator::Run();
        IOTSEC_TEST_REQUIRE(d.echoed[0] > Time(0), "client 0 served");
        IOTSEC_TEST_REQUIRE(d.echoed[2] > Time(0), "client 2 served");
        NS_TEST_EXPECT_MSG_EQ(d.connected[1], Time(0), "client 1 never connected");
        IOTSEC_TEST_REQUIRE(t.grants.size() == 3u, "three sessions");
        IOTSEC_TEST_REQUIRE(t.releases.size() == 3u, "three releases");
        NS_TEST_EXPECT_MSG_EQ(t.grants[1], t.releases[0], "client 1's turn");
        // the card's one step for client 1: its ClientHello, answered
        std::vector<SeStep> forOne;
        for (const auto& st : t.steps)
        {
            if (st.at >= t.grants[1] && st.at < t.releases[1])
            {
                forOne.push_back(st);
            }
        }
        IOTSEC_TEST_REQUIRE(forOne.size() == 1u, "one step for the client that left");
        NS_TEST_EXPECT_MSG_EQ(forOne[0].at, t.grants[1], "at once");
        NS_TEST_EXPECT_MSG_EQ(t.releases[1],
                              t.grants[1] + forOne[0].link + forOne[0].cpu + Seconds(1),
                              "released InitialTimeout after its answer was out");
        NS_TEST_EXPECT_MSG_EQ(t.grants[2], t.releases[1], "then client 2");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Test suite
 */
class SecureElementTestSuite : public TestSuite
{
  public:
    SecureElementTestSuite()
        : TestSuite("iotsec-secure-element", TestSuite::Type::UNIT)
    {
        AddTestCase(new SeIsolatedHandshakeTestCase(), iotsectest::QUICK);
        AddTestCase(new SeResumedHandshakeTestCase(), iotsectest::QUICK);
        AddTestCase(new SeBacklogTestCase(), iotsectest::QUICK);
        AddTestCase(new SePollaczekKhinchineTestCase(), iotsectest::QUICK);
        AddTestCase(new SeExportTestCase(), iotsectest::QUICK);
        AddTestCase(new SeDtlsIsolatedHandshakeTestCase(), iotsectest::QUICK);
        AddTestCase(new SeDtlsBacklogTestCase(), iotsectest::QUICK);
        AddTestCase(new SeDtlsExportRetransmissionTestCase(), iotsectest::QUICK);
        AddTestCase(new SeDtlsSendAfterCloseTestCase(), iotsectest::QUICK);
        AddTestCase(new SeDtlsAbandonedTestCase(), iotsectest::QUICK);
    }
};

/// the suite's instance
static SecureElementTestSuite g_secureElementTestSuite;
