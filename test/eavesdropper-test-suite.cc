/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The eavesdropper of model/attack: what it can read of a CoAP exchange on a LAN (NoSec and
// over DTLS), and inside an LLN from an 802.15.4 sniffer that changes nothing on the air.

#include "iotsec-test.h"

#include "ns3/air-traffic-monitor.h"
#include "ns3/coap-client-application.h"
#include "ns3/coap-helper.h"
#include "ns3/coap-message.h"
#include "ns3/coap-server-application.h"
#include "ns3/csma-helper.h"
#include "ns3/dtls-codec.h"
#include "ns3/dtls-helper.h"
#include "ns3/dtls-socket.h"
#include "ns3/eavesdropper-application.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv6-address-helper.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/lln-helper.h"
#include "ns3/mobility-helper.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/udp-header.h"
#include "ns3/uinteger.h"

#include <string>
#include <tuple>
#include <vector>

using namespace ns3;

namespace
{

/// The client's script in every test
const char* const SCRIPT = "PUT /light on; GET /light";

/**
 * \return the readable bytes of SCRIPT's four messages, from the script and the server's
 * behaviour: PUT /light on (Uri-Path "light" and payload "on"), 2.04 Changed (nothing), GET
 * /light (Uri-Path "light"), 2.05 Content "on"
 */
uint64_t
ScriptReadableBytes()
{
    return (5 + 2) + 0 + 5 + 2;
}

/// What a node's IPv6 layer sent: the UDP payloads
struct SentPayloads
{
    std::vector<Bytes> payloads; //!< UDP payloads, in order
};

/// \param out where to record \param packet an IPv6 packet (Ipv6L3Protocol Tx)
void
OnIpv6Tx(SentPayloads* out, Ptr<const Packet> packet, Ptr<Ipv6>, uint32_t)
{
    Ptr<Packet> p = packet->Copy();
    Ipv6Header ip;
    if (p->GetSize() < 48 || p->RemoveHeader(ip) == 0 || ip.GetNextHeader() != 17)
    {
        return;
    }
    UdpHeader udp;
    p->RemoveHeader(udp);
    Bytes b(p->GetSize());
    p->CopyData(b.data(), b.size());
    out->payloads.push_back(b);
}

/// \param node a node \param out where its sent UDP payloads go
void
RecordSent(Ptr<Node> node, SentPayloads* out)
{
    node->GetObject<Ipv6L3Protocol>()->TraceConnectWithoutContext(
        "Tx",
        MakeBoundCallback(&OnIpv6Tx, out));
}

/// Sums over sent CoAP messages, computed by the test itself
struct CoapSums
{
    uint32_t messages{0}; //!< CoAP messages
    uint64_t readable{0}; //!< payload plus Uri-Path and Uri-Query value bytes
};

/// \param sent UDP payloads \return the sums over those that are CoAP
CoapSums
SumCoap(const std::vector<Bytes>& sent)
{
    CoapSums s;
    for (const Bytes& b : sent)
    {
        CoapMessage m;
        if (!CoapMessage::Parse(b.data(), b.size(), m, nullptr))
        {
            continue;
        }
        ++s.messages;
        s.readable += m.GetPayload().size();
        for (const auto& v : m.GetOptionValues(CoapOption::URI_PATH))
        {
            s.readable += v.size();
        }
        for (const auto& v : m.GetOptionValues(CoapOption::URI_QUERY))
        {
            s.readable += v.size();
        }
    }
    return s;
}

/// \param sent UDP payloads \return the fragment bytes of their epoch-1 DTLS records
uint64_t
SumEpoch1(const std::vector<Bytes>& sent)
{
    uint64_t n = 0;
    for (const Bytes& b : sent)
    {
        std::vector<DtlsRecord> records;
        DtlsRecord::ParseDatagram(b.data(), b.size(), records, nullptr);
        for (const DtlsRecord& r : records)
        {
            if (r.epoch == 1)
            {
                n += r.fragment.size();
            }
        }
    }
    return n;
}

/// Seen trace records
struct SeenLog
{
    uint32_t calls{0};    //!< trace calls
    uint64_t readable{0}; //!< readable bytes reported
};

/// \param log the log \param kind kind \param readable readable bytes
void
OnSeen(SeenLog* log,
       Ptr<const Packet>,
       Ipv6Address,
       Ipv6Address,
       EavesdropperApplication::Kind,
       uint32_t readable)
{
    ++log->calls;
    log->readable += readable;
}

} // namespace

/**
 * \ingroup iotsec-tests
 * \brief Classify(): each kind from hand-built datagrams, and garbage without a crash.
 */
class EavesdropperClassifyTestCase : public TestCase
{
  public:
    EavesdropperClassifyTestCase()
        : TestCase("eavesdropper: classification of NoSec CoAP, OSCORE, DTLS and garbage")
    {
    }

  private:
    void DoRun() override
    {
        uint64_t readable = 0;
        uint64_t prot = 0;
        CoapMessage put(CoapMessage::CON, CoapCode::PUT, 7);
        put.AddOption(CoapOption::URI_HOST, std::string("example"));
        put.AddOption(CoapOption::URI_PATH, std::string("light"));
        put.AddOption(CoapOption::URI_QUERY, std::string("a=1"));
        put.SetPayload(std::string("on"));
        Bytes b = put.Serialize();
        NS_TEST_ASSERT_MSG_EQ(EavesdropperApplication::Classify(b.data(), b.size(), readable, prot),
                              EavesdropperApplication::NOSEC_COAP,
                              "NoSec CoAP");
        NS_TEST_ASSERT_MSG_EQ(readable, 5u + 3u + 2u, "Uri-Path, Uri-Query, payload");
        NS_TEST_ASSERT_MSG_EQ(prot, 0u, "nothing protected");

        CoapMessage oscore(CoapMessage::CON, CoapCode::POST, 8);
        oscore.AddOption(CoapOption::URI_HOST, std::string("example"));
        oscore.AddOption(CoapOption::OSCORE, Bytes{0x09, 0x14});
        oscore.SetPayload(Bytes(20, 0xab));
        b = oscore.Serialize();
        NS_TEST_ASSERT_MSG_EQ(EavesdropperApplication::Classify(b.data(), b.size(), readable, prot),
                              EavesdropperApplication::OSCORE,
                              "OSCORE");
        NS_TEST_ASSERT_MSG_EQ(readable, 0u, "no outer Uri-Path");
        NS_TEST_ASSERT_MSG_EQ(prot, 20u, "the ciphertext");

        DtlsRecord hello;
        hello.type = dtls::HANDSHAKE;
        hello.version = dtls::DTLS_1_2;
        hello.fragment = Bytes(30, 1);
        DtlsRecord data;
        data.type = dtls::APPLICATION_DATA;
        data.version = dtls::DTLS_1_2;
        data.epoch = 1;
        data.fragment = Bytes(40, 2);
        b = hello.Serialize();
        Bytes d = data.Serialize();
        b.insert(b.end(), d.begin(), d.end());
        NS_TEST_ASSERT_MSG_EQ(EavesdropperApplication::Classify(b.data(), b.size(), readable, prot),
                              EavesdropperApplication::DTLS,
                              "DTLS");
        NS_TEST_ASSERT_MSG_EQ(readable, 0u, "handshake is metadata");
        NS_TEST_ASSERT_MSG_EQ(prot, 40u, "the epoch-1 fragment");

        for (uint32_t len = 0; len < 64; ++len)
        {
            for (uint8_t first : {0x00, 0x14, 0x17, 0x40, 0x50, 0xff})
            {
                Bytes junk(len, 0xee);
                if (len > 0)
                {
                    junk[0] = first;
                }
                EavesdropperApplication::Classify(junk.data(), junk.size(), readable, prot);
            }
        }
        Bytes junk{0x17, 0xfe, 0xfd, 0, 1};
        NS_TEST_ASSERT_MSG_EQ(
            EavesdropperApplication::Classify(junk.data(), junk.size(), readable, prot),
            EavesdropperApplication::OTHER,
            "a truncated record");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief On a CSMA LAN, a client (node 0) runs SCRIPT against a server (node 1), NoSec or
 * over DTLS; node 2 eavesdrops.
 */
class EavesdropperLanTestCase : public TestCase
{
  public:
    /// \param dtls coaps instead of coap
    explicit EavesdropperLanTestCase(bool dtls)
        : TestCase(std::string("eavesdropper on a LAN: ") + (dtls ? "coaps" : "NoSec coap")),
          m_dtls(dtls)
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer nodes;
        nodes.Create(3);
        CsmaHelper csma;
        NetDeviceContainer lan = csma.Install(nodes);
        InternetStackHelper stack;
        stack.SetIpv4StackInstall(false);
        stack.Install(nodes);
        Ipv6AddressHelper addresses;
        addresses.SetBase(Ipv6Address("2001:2::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer ifs = addresses.Assign(lan);
        uint16_t port = m_dtls ? 5684 : 5683;

        CoapHelper coap;
        if (m_dtls)
        {
            Bytes key = DtlsHelper::DeriveKey("eavesdropper", 0);
            DtlsHelper::InstallPsk(nodes.Get(0), "client", key);
            DtlsHelper::InstallPsk(nodes.Get(1), "client", key);
            DtlsHelper server;
            server.InstallSocketFactory(NodeContainer(nodes.Get(1)));
            DtlsHelper client;
            client.SetSocketAttribute("PskIdentity", StringValue("client"));
            client.InstallSocketFactory(NodeContainer(nodes.Get(0)));
            coap.SetBindingAttribute("SocketFactory", TypeIdValue(DtlsSocketFactory::GetTypeId()));
        }
        coap.SetServerAttribute("Port", UintegerValue(port));
        coap.SetServerAttribute("Resources", StringValue("settable /light off"));
        ApplicationContainer s = coap.InstallServer(nodes.Get(1));
        coap.SetClientAttribute("Script", StringValue(SCRIPT));
        ApplicationContainer c =
            coap.InstallClient(nodes.Get(0), Inet6SocketAddress(ifs.GetAddress(1, 1), port));
        CoapHelper::AssignStreams(s, 10);
        CoapHelper::AssignStreams(c, 20);
        c.Start(Seconds(1));

        Ptr<EavesdropperApplication> eve = CreateObject<EavesdropperApplication>();
        eve->SetDevice(lan.Get(2));
        nodes.Get(2)->AddApplication(eve);
        SeenLog log;
        eve->TraceConnectWithoutContext("Seen", MakeBoundCallback(&OnSeen, &log));

        SentPayloads sent;
        RecordSent(nodes.Get(0), &sent);
        RecordSent(nodes.Get(1), &sent);
        Simulator::Stop(Seconds(30));
        Simulator::Run();

        Ptr<CoapClientApplication> client = DynamicCast<CoapClientApplication>(c.Get(0));
        Ptr<CoapServerApplication> server = DynamicCast<CoapServerApplication>(s.Get(0));
        NS_TEST_ASSERT_MSG_EQ(client->IsDone(), true, "both requests answered");
        NS_TEST_ASSERT_MSG_EQ(server->GetValue("/light"), "on", "the PUT went through");
        uint64_t payloadBytes = 0;
        for (const Bytes& b : sent.payloads)
        {
            payloadBytes += b.size();
        }
        NS_TEST_ASSERT_MSG_EQ(eve->GetDatagrams(), sent.payloads.size(), "every datagram once");
        NS_TEST_ASSERT_MSG_EQ(eve->GetBytes(), payloadBytes, "every payload byte");
        NS_TEST_ASSERT_MSG_EQ(log.calls, sent.payloads.size(), "Seen trace");
        NS_TEST_ASSERT_MSG_EQ(log.readable, eve->GetReadableBytes(), "Seen trace readable");
        if (m_dtls)
        {
            uint64_t epoch1 = SumEpoch1(sent.payloads);
            NS_TEST_ASSERT_MSG_GT(epoch1, 0u, "records of epoch 1 sent");
            NS_TEST_ASSERT_MSG_EQ(eve->GetReadableBytes(), 0u, "nothing readable");
            NS_TEST_ASSERT_MSG_EQ(eve->GetProtectedBytes(), epoch1, "the epoch-1 fragments");
            NS_TEST_ASSERT_MSG_EQ(eve->GetDatagrams(EavesdropperApplication::DTLS),
                                  sent.payloads.size(),
                                  "all DTLS");
        }
        else
        {
            CoapSums sums = SumCoap(sent.payloads);
            NS_TEST_ASSERT_MSG_EQ(sums.messages, 4u, "two requests, two responses");
            NS_TEST_ASSERT_MSG_EQ(sums.readable, ScriptReadableBytes(), "the script's bytes");
            NS_TEST_ASSERT_MSG_EQ(eve->GetReadableBytes(), sums.readable, "readable bytes");
            NS_TEST_ASSERT_MSG_EQ(eve->GetProtectedBytes(), 0u, "nothing protected");
            NS_TEST_ASSERT_MSG_EQ(eve->GetDatagrams(EavesdropperApplication::NOSEC_COAP),
                                  4u,
                                  "all NoSec CoAP");
        }
        NS_TEST_ASSERT_MSG_EQ(eve->GetOtherBytes(), 0u, "nothing else");
        Simulator::Destroy();
    }

    bool m_dtls; //!< coaps
};

namespace
{

/// One frame on the air: when, from which node, how many bytes
using AirFrame = std::tuple<int64_t, uint32_t, uint32_t>;

/// \param out where to record \param node the node \param bytes PSDU bytes
void
OnFrame(std::vector<AirFrame>* out, uint32_t node, uint32_t bytes)
{
    out->emplace_back(Simulator::Now().GetNanoSeconds(), node, bytes);
}

/// What one run of the LLN scenario gave
struct LlnRun
{
    std::vector<AirFrame> frames; //!< frames of the three nodes
    bool done{false};             //!< the client finished
    std::string value;            //!< the server's /light
    uint64_t snifferFrames{0};    //!< frames the sniffer sent
    uint64_t datagrams{0};        //!< datagrams the eavesdropper counted
    uint64_t duplicates{0};       //!< seen again
    uint64_t readable{0};         //!< readable bytes
    CoapSums sums;                //!< over what the nodes sent
    uint32_t udpSent{0};          //!< UDP datagrams the nodes' IPv6 layers sent
};

/**
 * \param sniff add the sniffer
 * \return the run: nodes 0, 1, 2 on a line 25 m apart (each hears its neighbours only),
 * node 0 runs SCRIPT against node 2 through node 1; the sniffer 10 m from node 1
 */
LlnRun
RunLln(bool sniff)
{
    NodeContainer nodes;
    nodes.Create(3);
    MobilityHelper mobility;
    Ptr<ListPositionAllocator> positions = CreateObject<ListPositionAllocator>();
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        positions->Add(Vector(25.0 * i, 0, 0));
    }
    mobility.SetPositionAllocator(positions);
    mobility.Install(nodes);
    InternetStackHelper internet;
    internet.SetIpv4StackInstall(false);
    internet.Install(nodes);
    LlnHelper lln;
    lln.SetMaxLossDb(92.0); // about 35 m
    NetDeviceContainer six = lln.Install(nodes);
    lln.AssignAddresses(six, Ipv6Address("2001:1::"), Ipv6Prefix(64));
    LlnHelper::InstallChainRoutes(six);
    lln.AssignStreams(100);

    CoapHelper coap;
    coap.SetServerAttribute("Resources", StringValue("settable /light off"));
    ApplicationContainer s = coap.InstallServer(nodes.Get(2));
    coap.SetClientAttribute("Script", StringValue(SCRIPT));
    ApplicationContainer c =
        coap.InstallClient(nodes.Get(0),
                           Inet6SocketAddress(LlnHelper::GetGlobalAddress(six.Get(2)), 5683));
    CoapHelper::AssignStreams(s, 10);
    CoapHelper::AssignStreams(c, 20);
    c.Start(Seconds(1));

    LlnRun run;
    Ptr<AirTrafficMonitor> air = CreateObject<AirTrafficMonitor>();
    air->Install(lln.GetLrWpanDevices());
    air->TraceConnectWithoutContext("Frame", MakeBoundCallback(&OnFrame, &run.frames));
    SentPayloads sent;
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        RecordSent(nodes.Get(i), &sent);
    }

    // The sniffer comes last (see CreateLlnSniffer).
    Ptr<EavesdropperApplication> eve;
    Ptr<AirTrafficMonitor> snifferAir;
    if (sniff)
    {
        Ptr<Node> sniffer =
            EavesdropperApplication::CreateLlnSniffer(lln.GetChannel(), Vector(25, 10, 0));
        eve = EavesdropperApplication::InstallOnLlnSniffer(sniffer);
        snifferAir = CreateObject<AirTrafficMonitor>();
        snifferAir->Install(NetDeviceContainer(sniffer->GetDevice(0)));
    }
    Simulator::Stop(Seconds(30));
    Simulator::Run();

    run.done = DynamicCast<CoapClientApplication>(c.Get(0))->IsDone();
    run.value = DynamicCast<CoapServerApplication>(s.Get(0))->GetValue("/light");
    run.sums = SumCoap(sent.payloads);
    run.udpSent = static_cast<uint32_t>(sent.payloads.size());
    if (sniff)
    {
        run.snifferFrames = snifferAir->GetTotalFrames();
        run.datagrams = eve->GetDatagrams();
        run.duplicates = eve->GetDuplicates();
        run.readable = eve->GetReadableBytes();
    }
    Simulator::Destroy();
    return run;
}

} // namespace

/**
 * \ingroup iotsec-tests
 * \brief An 802.15.4 sniffer by the middle of a 2-hop line: it reads each datagram once and
 * changes nothing on the air.
 */
class EavesdropperLlnTestCase : public TestCase
{
  public:
    EavesdropperLlnTestCase()
        : TestCase("eavesdropper in an LLN: a promiscuous 802.15.4 sniffer, 2 hops, "
                   "each datagram once, the air unchanged")
    {
    }

  private:
    void DoRun() override
    {
        LlnRun without = RunLln(false);
        LlnRun with = RunLln(true);
        NS_TEST_ASSERT_MSG_EQ(without.done, true, "the exchange completes");
        NS_TEST_ASSERT_MSG_EQ(without.value, "on", "the PUT went through");
        NS_TEST_ASSERT_MSG_EQ(with.done, without.done, "the same outcome");
        NS_TEST_ASSERT_MSG_EQ(with.value, without.value, "the same outcome");
        NS_TEST_ASSERT_MSG_EQ(with.snifferFrames, 0u, "the sniffer sends nothing");
        NS_TEST_ASSERT_MSG_GT(without.frames.size(), 0u, "frames on the air");
        NS_TEST_ASSERT_MSG_EQ(with.frames.size(), without.frames.size(), "the same frames");
        NS_TEST_ASSERT_MSG_EQ((with.frames == without.frames),
                              true,
                              "the same frames, at the same times, from the same nodes");
        // Node 0 sends the requests, node 1 forwards both ways, node 2 answers: the IPv6
        // layers sent each of the four datagrams twice (Tx fires when forwarding too).
        NS_TEST_ASSERT_MSG_EQ(with.sums.messages, 8u, "four datagrams, two hops each");
        NS_TEST_ASSERT_MSG_EQ(with.datagrams, 4u, "each datagram counted once");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(with.duplicates, 4u, "the second hop seen again");
        NS_TEST_ASSERT_MSG_EQ(with.readable, ScriptReadableBytes(), "the script's bytes");
        NS_TEST_ASSERT_MSG_EQ(with.readable * 2, with.sums.readable, "half of the hop sums");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The eavesdropper of model/attack.
 */
class EavesdropperTestSuite : public TestSuite
{
  public:
    EavesdropperTestSuite()
        : TestSuite("iotsec-eavesdropper", TestSuite::Type::UNIT)
    {
        AddTestCase(new EavesdropperClassifyTestCase, iotsectest::QUICK);
        AddTestCase(new EavesdropperLanTestCase(false), iotsectest::QUICK);
        AddTestCase(new EavesdropperLanTestCase(true), iotsectest::QUICK);
        AddTestCase(new EavesdropperLlnTestCase, iotsectest::QUICK);
    }
};

/// The suite's single instance
static EavesdropperTestSuite g_eavesdropperTestSuite;
