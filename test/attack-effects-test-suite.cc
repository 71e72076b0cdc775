/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// What the attacks do to their victims, against the numbers the models predict: a handshake
// flood leaves no state at a node that asks for cookies and exhausts the RAM of one that
// does not, at the count its RAM budget predicts; an amplification attack's factor is the
// bytes of the answers over the bytes of the requests, counted on the wire.

#include "border-router-test-topology.h"
#include "iotsec-test.h"

#include "ns3/amplification-attack-application.h"
#include "ns3/coap-helper.h"
#include "ns3/coap-message.h"
#include "ns3/coap-server-application.h"
#include "ns3/coap-socket-binding.h"
#include "ns3/dtls-helper.h"
#include "ns3/dtls-socket.h"
#include "ns3/flood-attack-application.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-interface-address.h"
#include "ns3/ipv6.h"
#include "ns3/node-model-helper.h"
#include "ns3/ppp-header.h"
#include "ns3/ram-model.h"
#include "ns3/raw-ipv6-injector.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/udp-header.h"
#include "ns3/udp-l4-protocol.h"
#include "ns3/udp-socket-factory.h"

#include <set>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// The UDP payloads a point-to-point device sent (MacTx trace), with their IPv6 headers
struct WireLog
{
    std::vector<Ipv6Header> headers; //!< IPv6 header of each UDP datagram
    std::vector<Bytes> payloads;     //!< its UDP payload

    /**
     * \param log the log
     * \param packet a frame as the device's MacTx trace gives it (PPP header on)
     */
    static void Sent(WireLog* log, Ptr<const Packet> packet)
    {
        Ptr<Packet> p = packet->Copy();
        PppHeader ppp;
        Ipv6Header ip;
        UdpHeader udp;
        p->RemoveHeader(ppp);
        p->RemoveHeader(ip);
        if (ip.GetNextHeader() != UdpL4Protocol::PROT_NUMBER)
        {
            return;
        }
        p->RemoveHeader(udp);
        Bytes payload(p->GetSize());
        p->CopyData(payload.data(), payload.size());
        log->headers.push_back(ip);
        log->payloads.push_back(payload);
    }
};

} // namespace

/**
 * \brief ClientHellos from distinct spoofed sources at a node's DTLS server: with the cookie
 * exchange, each is answered by a HelloVerifyRequest and the node holds nothing; without
 * it, each takes an association until the node's RAM budget for security state is spent,
 * floor((budget - used) / AssociationRamBytes) of them, and every later one is refused.
 */
class HandshakeFloodStateTestCase : public TestCase
{
  public:
    /// \param cookie the node's cookie exchange
    explicit HandshakeFloodStateTestCase(bool cookie)
        : TestCase(std::string("ClientHellos from spoofed sources, cookies ") +
                   (cookie ? "on: no state at the node" : "off: its RAM exhausted as predicted")),
          m_cookie(cookie)
    {
    }

  private:
    void DoRun() override
    {
        iotsectest::BorderRouterPath path;
        path.Route();
        Ptr<Node> host = path.nodes.Get(0);
        Ptr<Node> node = path.nodes.Get(2);
        NodeModelHelper model;
        model.SetPreset("CC2538");
        model.Install(node);
        Ptr<RamModel> ram = NodeModelHelper::GetRam(node);
        DtlsHelper::InstallPsk(node, "backend", DtlsHelper::DeriveKey("flood", 0));
        DtlsHelper dtls;
        dtls.SetSocketAttribute("CookieExchange", BooleanValue(m_cookie));
        dtls.InstallSocketFactory(NodeContainer(node));
        CoapHelper coap;
        coap.SetBindingAttribute("SocketFactory", TypeIdValue(DtlsSocketFactory::GetTypeId()));
        coap.SetServerAttribute("Port", UintegerValue(5684));
        coap.SetServerAttribute("Resources", StringValue("settable /light off"));
        Ptr<CoapServerApplication> server =
            DynamicCast<CoapServerApplication>(coap.InstallServer(node).Get(0));

        const uint32_t hellos = 40;
        Ptr<FloodAttackApplication> flood = CreateObject<FloodAttackApplication>();
        flood->SetAttribute("Payload", StringValue("DtlsClientHello"));
        flood->SetAttribute("SpoofedSources", UintegerValue(100000));
        flood->SetAttribute("SpoofPrefix", Ipv6AddressValue(Ipv6Address("2001:bad::")));
        flood->SetAttribute("Rate", DoubleValue(20));
        flood->SetAttribute("MaxPackets", UintegerValue(hellos));
        flood->SetAttribute("DestinationPort", UintegerValue(5684));
        flood->SetTargets({path.nodeAddress});
        flood->SetDevice(path.internet.Get(0),
                         RawIpv6Injector::NextHopOnLink(path.internet.Get(0), path.nodes.Get(1)));
        flood->AssignStreams(7);
        host->AddApplication(flood);
        flood->SetStartTime(Seconds(1));
        std::set<Ipv6Address> sources;
        flood->TraceConnectWithoutContext(
            "Tx",
            MakeBoundCallback(
                +[](std::set<Ipv6Address>* s, Ptr<const Packet>, Ipv6Address src, Ipv6Address) {
                    s->insert(src);
                },
                &sources));

        // The RAM free for associations once the server runs, before the flood
        uint32_t freeBytes = 0;
        uint32_t associationBytes = 0;
        uint32_t idleBytes = 0;  // the server's own DTLS state, before any ClientHello
        uint32_t firstBytes = 0; // after the first ClientHello (its cookie secret, if any)
        Ptr<DtlsSocket> socket;
        Simulator::Schedule(Seconds(0.5), [&]() {
            socket = DynamicCast<DtlsSocket>(server->GetBinding()->GetSocket());
            UintegerValue v;
            socket->GetAttribute("AssociationRamBytes", v);
            associationBytes = static_cast<uint32_t>(v.Get());
            freeBytes = ram->GetBudgetBytes() - ram->GetUsedBytes();
            idleBytes = ram->GetUsedBytes("dtls");
        });
        // The first ClientHello leaves at 1 s and arrives 15 ms later (propagation), before the
        // second leaves at 1.05 s
        Simulator::Schedule(Seconds(1.04), [&]() { firstBytes = ram->GetUsedBytes("dtls"); });
        uint32_t secondBytes = 0; // and after the second
        Simulator::Schedule(Seconds(1.09), [&]() { secondBytes = ram->GetUsedBytes("dtls"); });
        uint32_t associations = 0;
        uint32_t dtlsBytes = 0;
        // The flood ends at 1 + 39/20 s; the half-open state lasts HandshakeTimeout (60 s)
        Simulator::Schedule(Seconds(10), [&]() {
            associations = socket->GetAssociationCount();
            dtlsBytes = ram->GetUsedBytes("dtls");
        });
        Simulator::Stop(Seconds(11));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(flood->GetSentPackets(), hellos, "the flood was sent");
        IOTSEC_TEST_REQUIRE(associationBytes > 0, "an association's RAM is known");
        IOTSEC_TEST_REQUIRE(sources.size() == hellos, "every ClientHello from its own source");
        if (m_cookie)
        {
            NS_TEST_ASSERT_MSG_EQ(socket->GetHelloVerifyRequests(), hellos, "one cookie each");
            NS_TEST_ASSERT_MSG_EQ(associations, 0u, "no association");
            NS_TEST_ASSERT_MSG_EQ(dtlsBytes, firstBytes, "40 cost what one did");
            NS_TEST_ASSERT_MSG_LT(dtlsBytes - idleBytes,
                                  associationBytes,
                                  "less than one association (the cookie secret)");
            NS_TEST_ASSERT_MSG_EQ(socket->GetRefused(), 0u, "nothing to refuse");
        }
        else
        {
            // The RAM model admits an association when the state held, plus the
            // AssociationRamBytes A that a handshake peaks at, fits in the budget; a half-open
            // association then holds h bytes, after the socket's own s0 (its cookie secret):
            // association k is admitted iff s0 + (k - 1) h + A <= free, so
            // n = floor((free - s0 - A) / h) + 1 are. h and s0 come from the first two.
            uint32_t h = secondBytes - firstBytes;
            uint32_t s0 = firstBytes - idleBytes - h;
            IOTSEC_TEST_REQUIRE(h > 0 && h <= associationBytes, "a half-open association's state");
            uint32_t capacity = (freeBytes - s0 - associationBytes) / h + 1;
            IOTSEC_TEST_REQUIRE(capacity >= 2 && capacity < hellos,
                                "the profile's RAM holds some associations, fewer than the "
                                "ClientHellos ("
                                    << capacity << ")");
            NS_TEST_ASSERT_MSG_EQ(socket->GetHelloVerifyRequests(), 0u, "no cookie asked");
            NS_TEST_ASSERT_MSG_EQ(associations, capacity, "half-open until the RAM is spent");
            NS_TEST_ASSERT_MSG_EQ(dtlsBytes, idleBytes + s0 + capacity * h, "the RAM they hold");
            NS_TEST_ASSERT_MSG_EQ(socket->GetRefused(),
                                  hellos - capacity,
                                  "every later ClientHello refused");
        }
        Simulator::Destroy();
    }

    bool m_cookie; //!< the node's cookie exchange
};

/**
 * \brief Amplification: CoAP GETs of /.well-known/core with a victim's address as source.
 * The victim receives the answers it never asked for; the factor the counters give (bytes
 * the victim's socket received over the attacker's UDP payload bytes) equals the one counted
 * on the wire (UDP payloads leaving the node over those leaving the attacker), and each
 * answer is the server's link-format document.
 */
class AmplificationFactorTestCase : public TestCase
{
  public:
    AmplificationFactorTestCase()
        : TestCase("amplification factor: the answers' bytes over the requests', on the wire")
    {
    }

  private:
    void DoRun() override
    {
        iotsectest::BorderRouterPath path;
        path.Route();
        Ptr<Node> host = path.nodes.Get(0);
        Ptr<Node> node = path.nodes.Get(2);
        // The victim: a second address of the host, on the Internet link (the attacker sends
        // from its own device, but the victim's socket never sends a request)
        Ipv6Address victim("2001:2::99");
        Ptr<Ipv6> hostIpv6 = host->GetObject<Ipv6>();
        hostIpv6->AddAddress(hostIpv6->GetInterfaceForDevice(path.internet.Get(0)),
                             Ipv6InterfaceAddress(victim, Ipv6Prefix(64)));
        Ptr<Socket> victimSocket = Socket::CreateSocket(host, UdpSocketFactory::GetTypeId());
        victimSocket->Bind(Inet6SocketAddress(victim, 5683));
        uint64_t victimBytes = 0;
        victimSocket->SetRecvCallback(MakeBoundCallback(
            +[](uint64_t* n, Ptr<Socket> s) {
                while (Ptr<Packet> p = s->Recv())
                {
                    *n += p->GetSize();
                }
            },
            &victimBytes));
        CoapHelper coap;
        coap.SetServerAttribute("Resources",
                                StringValue("settable /light off rt=light; static /temp 21.5 "
                                            "rt=temperature if=sensor; static /lux 300"));
        Ptr<CoapServerApplication> server =
            DynamicCast<CoapServerApplication>(coap.InstallServer(node).Get(0));

        const uint32_t requests = 10;
        Ptr<AmplificationAttackApplication> amp = CreateObject<AmplificationAttackApplication>();
        amp->SetAttribute("Victim", Ipv6AddressValue(victim));
        amp->SetAttribute("VictimPort", UintegerValue(5683));
        amp->SetAttribute("Rate", DoubleValue(2));
        amp->SetAttribute("MaxPackets", UintegerValue(requests));
        amp->SetTargets({path.nodeAddress});
        amp->SetDevice(path.internet.Get(0),
                       RawIpv6Injector::NextHopOnLink(path.internet.Get(0), path.nodes.Get(1)));
        amp->AssignStreams(3);
        host->AddApplication(amp);
        amp->SetStartTime(Seconds(3)); // after the victim address's duplicate address detection

        WireLog attacker;
        WireLog answers;
        path.internet.Get(0)->TraceConnectWithoutContext(
            "MacTx",
            MakeBoundCallback(&WireLog::Sent, &attacker));
        path.lln.Get(1)->TraceConnectWithoutContext("MacTx",
                                                    MakeBoundCallback(&WireLog::Sent, &answers));
        Simulator::Stop(Seconds(20));
        Simulator::Run();

        IOTSEC_TEST_REQUIRE(attacker.payloads.size() == requests, "every request on the wire");
        IOTSEC_TEST_REQUIRE(answers.payloads.size() == requests, "one answer each");
        uint64_t requestBytes = 0;
        for (std::size_t i = 0; i < requests; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(attacker.headers[i].GetSource(), victim, "spoofed");
            requestBytes += attacker.payloads[i].size();
        }
        uint64_t answerBytes = 0;
        std::string document;
        for (std::size_t i = 0; i < requests; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(answers.headers[i].GetDestination(),
                                  victim,
                                  "answered to the victim");
            answerBytes += answers.payloads[i].size();
            CoapMessage m;
            IOTSEC_TEST_REQUIRE(CoapMessage::Parse(answers.payloads[i].data(),
                                                   answers.payloads[i].size(),
                                                   m,
                                                   nullptr),
                                "a CoAP message");
            NS_TEST_ASSERT_MSG_EQ(uint32_t(m.GetCode()), uint32_t(CoapCode::CONTENT), "2.05");
            std::string body = m.GetPayloadString();
            NS_TEST_ASSERT_MSG_EQ((body.find("</light>") != std::string::npos), true, "links");
            if (i > 0)
            {
                NS_TEST_ASSERT_MSG_EQ(body, document, "the same document each time");
            }
            document = body;
        }
        NS_TEST_ASSERT_MSG_EQ(amp->GetSentBytes(), requestBytes, "the attacker's count");
        NS_TEST_ASSERT_MSG_EQ(victimBytes, answerBytes, "the victim received every answer");
        double factor = double(victimBytes) / double(amp->GetSentBytes());
        NS_TEST_ASSERT_MSG_EQ_TOL(factor,
                                  double(answerBytes) / double(requestBytes),
                                  1e-12,
                                  "the factor, counted on the wire");
        NS_TEST_ASSERT_MSG_GT(factor, 3.0, "more than RFC 9175's budget of 3");
        Simulator::Destroy();
    }
};

/**
 * \brief The iotsec-attack-effects test suite.
 */
class AttackEffectsTestSuite : public TestSuite
{
  public:
    AttackEffectsTestSuite()
        : TestSuite("iotsec-attack-effects", TestSuite::Type::UNIT)
    {
        AddTestCase(new HandshakeFloodStateTestCase(true), iotsectest::QUICK);
        AddTestCase(new HandshakeFloodStateTestCase(false), iotsectest::QUICK);
        AddTestCase(new AmplificationFactorTestCase, iotsectest::QUICK);
    }
};

/// The suite's instance
static AttackEffectsTestSuite g_attackEffectsTestSuite;
