/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The 6LBR filter on the router's forwarding path (BorderRouterGuard): a replayed command is
// rejected by the node's DTLS replay window without the filter and dropped at the router
// with it; a flood from unauthenticated sources is stopped while the authenticated
// back-end's commands go through; the fragments of an answer are counted in the LLN and
// capped.

#include "border-router-test-topology.h"
#include "iotsec-test.h"

#include "ns3/border-router-guard-helper.h"
#include "ns3/building-topology-helper.h"
#include "ns3/coap-client-application.h"
#include "ns3/coap-helper.h"
#include "ns3/coap-server-application.h"
#include "ns3/coap-socket-binding.h"
#include "ns3/dtls-client-application.h"
#include "ns3/dtls-codec.h"
#include "ns3/dtls-helper.h"
#include "ns3/dtls-server-application.h"
#include "ns3/dtls-socket.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/ppp-header.h"
#include "ns3/simulator.h"
#include "ns3/sixlowpan-net-device.h"
#include "ns3/string.h"
#include "ns3/udp-header.h"
#include "ns3/udp-l4-protocol.h"
#include "ns3/udp-socket-factory.h"

#include <string>
#include <vector>

using namespace ns3;

namespace
{

/**
 * \brief Send an IPv6/UDP datagram with any source out of a device (an attacker's raw
 * injection).
 * \param device the device
 * \param nextHop the next hop's link-layer address
 * \param src the source written in the packet
 * \param dst its destination
 * \param srcPort UDP source port
 * \param dstPort UDP destination port
 * \param payload UDP payload
 */
void
Inject(Ptr<NetDevice> device,
       Address nextHop,
       Ipv6Address src,
       Ipv6Address dst,
       uint16_t srcPort,
       uint16_t dstPort,
       const Bytes& payload)
{
    Ptr<Packet> p = Create<Packet>(payload.data(), payload.size());
    UdpHeader udp;
    udp.SetSourcePort(srcPort);
    udp.SetDestinationPort(dstPort);
    p->AddHeader(udp);
    Ipv6Header ip;
    ip.SetSource(src);
    ip.SetDestination(dst);
    ip.SetNextHeader(UdpL4Protocol::PROT_NUMBER);
    ip.SetPayloadLength(p->GetSize());
    ip.SetHopLimit(64);
    p->AddHeader(ip);
    device->Send(p, nextHop, Ipv6L3Protocol::PROT_NUMBER);
}

/// The IPv6 packets a point-to-point device sent (its MacTx trace, without the PPP header)
struct Capture
{
    std::vector<Ptr<Packet>> packets; //!< copies
};

/**
 * \param packet an IPv6 packet (header on)
 * \param[out] header its header
 * \param[out] udp its UDP header
 * \param[out] payload its UDP payload
 * \return true if it is UDP
 */
bool
SplitUdp(Ptr<const Packet> packet, Ipv6Header& header, UdpHeader& udp, Bytes& payload)
{
    Ptr<Packet> p = packet->Copy();
    p->RemoveHeader(header);
    if (header.GetNextHeader() != UdpL4Protocol::PROT_NUMBER)
    {
        return false;
    }
    p->RemoveHeader(udp);
    payload.resize(p->GetSize());
    p->CopyData(payload.data(), payload.size());
    return true;
}

/// A CoAP server over DTLS on the node and a CoAP client over DTLS on the host
struct CoapsPair
{
    Ptr<CoapClientApplication> client; //!< on the host
    Ptr<CoapServerApplication> server; //!< on the node

    /**
     * \param path the topology (routed)
     * \param script the client's script
     * \param interval between its steps
     */
    CoapsPair(iotsectest::BorderRouterPath& path, const std::string& script, Time interval)
    {
        Bytes key = DtlsHelper::DeriveKey("guard", 0);
        DtlsHelper::InstallPsk(path.nodes.Get(0), "backend", key);
        DtlsHelper::InstallPsk(path.nodes.Get(2), "backend", key);
        DtlsHelper node;
        node.InstallSocketFactory(NodeContainer(path.nodes.Get(2)));
        DtlsHelper backEnd;
        backEnd.SetSocketAttribute("PskIdentity", StringValue("backend"));
        backEnd.InstallSocketFactory(NodeContainer(path.nodes.Get(0)));
        CoapHelper coap;
        coap.SetBindingAttribute("SocketFactory", TypeIdValue(DtlsSocketFactory::GetTypeId()));
        coap.SetServerAttribute("Port", UintegerValue(5684));
        coap.SetServerAttribute("Resources", StringValue("settable /light off"));
        server = DynamicCast<CoapServerApplication>(coap.InstallServer(path.nodes.Get(2)).Get(0));
        coap.SetClientAttribute("Script", StringValue(script));
        coap.SetClientAttribute("Interval", TimeValue(interval));
        ApplicationContainer c =
            coap.InstallClient(path.nodes.Get(0), Inet6SocketAddress(path.nodeAddress, 5684));
        c.Start(Seconds(1));
        client = DynamicCast<CoapClientApplication>(c.Get(0));
    }

    /// \return the node's DTLS socket (once the server started)
    Ptr<DtlsSocket> NodeSocket() const
    {
        return DynamicCast<DtlsSocket>(server->GetBinding()->GetSocket());
    }
};

} // namespace

/**
 * \brief A captured CoAP command over DTLS, replayed from the Internet: the node's replay
 * window rejects it when the filter does not enforce, and the router drops it when it does.
 */
class GuardReplayTestCase : public TestCase
{
  public:
    /// \param enforce the guard's Enforce
    explicit GuardReplayTestCase(bool enforce)
        : TestCase(std::string("a replayed DTLS command, filter ") + (enforce ? "on" : "off")),
          m_enforce(enforce)
    {
    }

  private:
    void DoRun() override
    {
        iotsectest::BorderRouterPath path;
        path.Route();
        Ptr<BorderRouterGuard> guard = CreateObject<BorderRouterGuard>();
        guard->SetAttribute("Enforce", BooleanValue(m_enforce));
        QueueDiscContainer discs = guard->Install(path.lln.Get(0));
        NS_TEST_ASSERT_MSG_EQ(discs.GetN(), 2u, "the LLN device and the Internet one");
        NS_TEST_ASSERT_MSG_EQ(DynamicCast<BorderRouterGuardQueueDisc>(discs.Get(0))->GetDirection(),
                              BorderRouterGuard::INBOUND,
                              "the LLN device's disc filters what goes into the LLN");
        NS_TEST_ASSERT_MSG_EQ((path.nodes.Get(1)->GetObject<BorderRouterGuard>() == guard),
                              true,
                              "aggregated to the router");
        CoapsPair pair(path, "PUT /light on", Seconds(1));

        // The back-end's datagrams as they leave it; the first epoch-1 application record is
        // the PUT
        Capture sent;
        path.internet.Get(0)->TraceConnectWithoutContext("MacTx",
                                                         MakeBoundCallback(
                                                             +[](Capture* c, Ptr<const Packet> p) {
                                                                 Ptr<Packet> copy = p->Copy();
                                                                 PppHeader ppp;
                                                                 copy->RemoveHeader(ppp);
                                                                 c->packets.push_back(copy);
                                                             },
                                                             &sent));
        uint32_t rejectedReplays = 0;
        Simulator::Schedule(Seconds(0.5), [&]() {
            pair.NodeSocket()->TraceConnectWithoutContext(
                "RecordRejected",
                MakeBoundCallback(
                    +[](uint32_t* n, const Address&, DtlsRejectReason r) {
                        *n += r == DtlsRejectReason::REPLAY ? 1 : 0;
                    },
                    &rejectedReplays));
        });
        Ipv6Header put;
        UdpHeader putUdp;
        Bytes putPayload;
        Simulator::Schedule(Seconds(20), [&]() {
            for (Ptr<Packet> p : sent.packets)
            {
                Ipv6Header h;
                UdpHeader u;
                Bytes payload;
                std::vector<DtlsRecord> records;
                if (SplitUdp(p, h, u, payload) &&
                    DtlsRecord::ParseDatagram(payload.data(), payload.size(), records, nullptr) &&
                    records[0].type == dtls::APPLICATION_DATA && records[0].epoch == 1)
                {
                    put = h;
                    putUdp = u;
                    putPayload = payload;
                    break;
                }
            }
            IOTSEC_TEST_REQUIRE(!putPayload.empty(), "the PUT was captured");
            // The same datagram, from the same source and port, 19 s later
            Inject(path.internet.Get(0),
                   path.internet.Get(1)->GetAddress(),
                   put.GetSource(),
                   put.GetDestination(),
                   putUdp.GetSourcePort(),
                   putUdp.GetDestinationPort(),
                   putPayload);
        });
        Simulator::Stop(Seconds(30));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(pair.client->IsDone(), true, "the PUT was answered");
        NS_TEST_ASSERT_MSG_EQ(pair.server->GetValue("/light"), "on", "and applied");
        NS_TEST_ASSERT_MSG_EQ(guard->GetDrops(BorderRouterFilterVerdict::DROP_REPLAY),
                              1u,
                              "the filter recognises the replay either way");
        NS_TEST_ASSERT_MSG_EQ(guard->GetDrops(), 1u, "and nothing else of the exchange");
        NS_TEST_ASSERT_MSG_GT(guard->GetInspected(BorderRouterGuard::INBOUND),
                              3u,
                              "the handshake's and the PUT's datagrams were inspected");
        NS_TEST_ASSERT_MSG_GT(guard->GetInspected(BorderRouterGuard::OUTBOUND),
                              2u,
                              "and the node's answers");
        if (m_enforce)
        {
            NS_TEST_ASSERT_MSG_EQ(rejectedReplays, 0u, "dropped at the 6LBR: the node saw nothing");
        }
        else
        {
            NS_TEST_ASSERT_MSG_EQ(rejectedReplays, 1u, "the node's replay window rejected it");
        }
        Simulator::Destroy();
    }

    bool m_enforce; //!< the guard's Enforce
};

/**
 * \brief A flood from spoofed, unauthenticated sources while the authenticated back-end
 * commands the node: with the filter on, no flood packet enters the LLN and every command
 * is answered within the path's round trip; with it off, the flood fills the LLN link.
 */
class GuardFloodTestCase : public TestCase
{
  public:
    /// \param enforce the guard's Enforce
    explicit GuardFloodTestCase(bool enforce)
        : TestCase(std::string("an unauthenticated flood and an authenticated back-end, filter ") +
                   (enforce ? "on" : "off")),
          m_enforce(enforce)
    {
    }

  private:
    void DoRun() override
    {
        iotsectest::BorderRouterPath path;
        path.Route();
        Ipv6Address backEnd =
            path.nodes.Get(0)->GetObject<Ipv6>()->GetAddress(1, 1).GetAddress(); // 2001:2::1
        Ptr<BorderRouterGuard> guard = CreateObject<BorderRouterGuard>();
        guard->SetAttribute("Enforce", BooleanValue(m_enforce));
        guard->SetAttribute("RequireAuthenticated", BooleanValue(true));
        NS_TEST_ASSERT_MSG_EQ(guard->AddAuthenticated(backEnd), true, "remembered before Install");
        guard->Install(path.lln.Get(0));
        NS_TEST_ASSERT_MSG_EQ(guard->GetFilter().IsAuthenticated(backEnd), true, "then applied");

        std::string script;
        for (int i = 0; i < 10; ++i)
        {
            script += std::string(i ? "; " : "") + "PUT /light " + (i % 2 ? "off" : "on");
        }
        CoapsPair pair(path, script, Seconds(1));

        // The flood: 400 datagrams/s of 100 bytes from 100 spoofed addresses of the
        // back-end's /64, from 3 s to 13 s (474 kbit/s of IPv6 packets, about twice what the
        // 250 kbit/s LLN link carries)
        Ptr<Socket> sink = Socket::CreateSocket(path.nodes.Get(2), UdpSocketFactory::GetTypeId());
        sink->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), 9));
        uint32_t floodReceived = 0;
        sink->SetRecvCallback(MakeBoundCallback(
            +[](uint32_t* n, Ptr<Socket> s) {
                while (s->Recv())
                {
                    ++*n;
                }
            },
            &floodReceived));
        const uint32_t floodPackets = 4000;
        for (uint32_t i = 0; i < floodPackets; ++i)
        {
            uint8_t spoofed[16] = {0x20, 0x01, 0, 2};
            spoofed[14] = static_cast<uint8_t>((0x1000 + i % 100) >> 8);
            spoofed[15] = static_cast<uint8_t>(0x1000 + i % 100);
            Ipv6Address source(spoofed);
            Simulator::Schedule(Seconds(3) + MilliSeconds(10) * i / 4, [&path, source]() {
                Inject(path.internet.Get(0),
                       path.internet.Get(1)->GetAddress(),
                       source,
                       path.nodeAddress,
                       40000,
                       9,
                       Bytes(100, 0x5a));
            });
        }
        Simulator::Stop(Seconds(40));
        Simulator::Run();

        const std::vector<CoapClientRecord>& records = pair.client->GetRecords();
        NS_TEST_ASSERT_MSG_EQ(records.size(), 10u, "ten commands");
        NS_TEST_ASSERT_MSG_EQ(guard->GetDrops(BorderRouterFilterVerdict::DROP_UNAUTHENTICATED),
                              floodPackets,
                              "every flood packet is refused, and nothing else");
        NS_TEST_ASSERT_MSG_EQ(guard->GetDrops(), floodPackets, "no other drop");
        if (m_enforce)
        {
            NS_TEST_ASSERT_MSG_EQ(floodReceived, 0u, "no flood packet entered the LLN");
            // A command's round trip without queueing: 2 x (10 + 5) ms of propagation plus
            // the transmissions of a request and a response of under 100 bytes each way
            // (under 4 ms at 250 kbit/s, 0.1 ms at 10 Mbit/s)
            for (const CoapClientRecord& r : records)
            {
                NS_TEST_ASSERT_MSG_EQ(r.ok, true, "command " << r.step << " answered");
                // The first command waits for the handshake: cookie exchange, the two
                // flights each way and the request, four round trips before the response
                NS_TEST_ASSERT_MSG_LT(r.rtt,
                                      MilliSeconds(r.step == 0 ? 5 * 40 : 40),
                                      "command " << r.step << " without queueing");
                NS_TEST_ASSERT_MSG_EQ(r.retransmissions, 0u, "at the first attempt");
            }
        }
        else
        {
            NS_TEST_ASSERT_MSG_GT(floodReceived, floodPackets / 2, "the flood reached the node");
            Time worst;
            for (const CoapClientRecord& r : records)
            {
                worst = std::max(worst, r.ok ? r.rtt : Seconds(1000));
            }
            NS_TEST_ASSERT_MSG_GT(worst, Seconds(1), "a command queued behind the flood");
        }
        Simulator::Destroy();
    }

    bool m_enforce; //!< the guard's Enforce
};

/**
 * \brief Back-ends authenticated by a PSK handshake with the router: with
 * RequireAuthenticated and no back-end declared, the back-end's coaps commands pass only
 * once its DTLS client has completed a handshake with the router's DTLS server
 * (AuthenticateThrough); with a key the router does not share, the handshake fails and every
 * datagram from the back-end towards the node is dropped as unauthenticated.
 */
class GuardHandshakeAuthenticationTestCase : public TestCase
{
  public:
    /// \param rightKey whether the back-end holds the router's key
    explicit GuardHandshakeAuthenticationTestCase(bool rightKey)
        : TestCase(std::string("back-ends admitted by a PSK handshake with the router, ") +
                   (rightKey ? "the right key" : "a wrong key")),
          m_rightKey(rightKey)
    {
    }

  private:
    void DoRun() override
    {
        iotsectest::BorderRouterPath path;
        path.Route();
        Ptr<Node> host = path.nodes.Get(0);
        Ptr<Node> router = path.nodes.Get(1);
        Ipv6Address backEnd = host->GetObject<Ipv6>()->GetAddress(1, 1).GetAddress();
        Ptr<BorderRouterGuard> guard = CreateObject<BorderRouterGuard>();
        guard->SetAttribute("RequireAuthenticated", BooleanValue(true));
        guard->Install(path.lln.Get(0));

        // The router's DTLS server for its back-ends, and the back-end's client to it (at
        // 0.5 s; the commands start at 1 s)
        Bytes routerKey = DtlsHelper::DeriveKey("6lbr", 0);
        DtlsHelper::InstallPsk(router, "backend-6lbr", routerKey);
        DtlsHelper::InstallPsk(host,
                               "backend-6lbr",
                               m_rightKey ? routerKey : DtlsHelper::DeriveKey("6lbr", 1));
        Ptr<DtlsServerApplication> server = CreateObject<DtlsServerApplication>();
        server->SetAttribute("Port", UintegerValue(5690));
        router->AddApplication(server);
        guard->AuthenticateThrough(server);
        Ptr<DtlsClientApplication> client = CreateObject<DtlsClientApplication>();
        client->SetAttribute("Remote", AddressValue(Inet6SocketAddress(path.routerAddress, 5690)));
        client->SetAttribute("MaxPackets", UintegerValue(0));
        client->SetSocketAttribute("PskIdentity", StringValue("backend-6lbr"));
        host->AddApplication(client);
        client->SetStartTime(Seconds(0.5));

        CoapsPair pair(path, "PUT /light on; PUT /light off; PUT /light on", Seconds(1));
        Simulator::Stop(Seconds(60));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(guard->GetFilter().IsAuthenticated(backEnd),
                              m_rightKey,
                              "admitted if and only if it holds the router's key");
        NS_TEST_ASSERT_MSG_EQ(guard->GetHandshakeAdmissions(),
                              (m_rightKey ? 1u : 0u),
                              "admissions");
        uint32_t ok = 0;
        for (const CoapClientRecord& r : pair.client->GetRecords())
        {
            ok += r.ok ? 1 : 0;
        }
        if (m_rightKey)
        {
            NS_TEST_ASSERT_MSG_EQ(ok, 3u, "every command answered");
            NS_TEST_ASSERT_MSG_EQ(guard->GetDrops(), 0u, "nothing dropped");
            NS_TEST_ASSERT_MSG_EQ(pair.server->GetValue("/light"), "on", "the last PUT applied");
        }
        else
        {
            NS_TEST_ASSERT_MSG_EQ(ok, 0u, "no command answered");
            NS_TEST_ASSERT_MSG_GT(guard->GetDrops(BorderRouterFilterVerdict::DROP_UNAUTHENTICATED),
                                  0u,
                                  "the back-end's datagrams dropped as unauthenticated");
            NS_TEST_ASSERT_MSG_EQ(guard->GetDrops(),
                                  guard->GetDrops(BorderRouterFilterVerdict::DROP_UNAUTHENTICATED),
                                  "for no other reason");
            NS_TEST_ASSERT_MSG_EQ(pair.server->GetValue("/light"), "off", "nothing reached it");
        }
        Simulator::Destroy();
    }

    bool m_rightKey; //!< whether the back-end holds the router's key
};

/**
 * \brief The fragments of an answer, counted in the LLN: a light one hop from its 6LBR
 * answers with datagrams of one to several 6LoWPAN fragments; the guard counts the
 * fragments its LLN device received, which equal those the light's 6LoWPAN device sent,
 * and drops the answers of more than MaxAnswerFragments.
 */
class GuardFragmentsTestCase : public TestCase
{
  public:
    GuardFragmentsTestCase()
        : TestCase("an answer's 6LoWPAN fragments, counted and capped")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<BuildingTopologyHelper> building = CreateObject<BuildingTopologyHelper>();
        building->SetAttribute("Floors", UintegerValue(1));
        building->SetAttribute("RoomsPerFloor", UintegerValue(1));
        building->SetAttribute("NodesPerRoom", UintegerValue(1));
        building->SetAttribute("InternetHosts", UintegerValue(1));
        IOTSEC_TEST_REQUIRE(building->Validate().empty(), "a valid building");
        building->Build();
        building->AssignStreams(1);
        IOTSEC_TEST_REQUIRE(building->ComputeRoutes().empty(), "routed");
        building->InstallRoutes();
        Ptr<Node> light = building->GetLights().Get(0);
        Ptr<Node> router = building->GetBorderRouter(light);
        Ptr<Node> host = building->GetInternetHosts().Get(0);
        IOTSEC_TEST_REQUIRE(building->GetHopCount(light) == 1, "one hop");

        BorderRouterGuardHelper guards;
        guards.SetAttribute("MaxAnswerFragments", UintegerValue(3));
        guards.SetAttribute("AmplificationFactor", DoubleValue(0)); // the cap alone
        std::vector<Ptr<BorderRouterGuard>> installed = guards.Install(NodeContainer(router));
        IOTSEC_TEST_REQUIRE(installed.size() == 1, "one guard");
        Ptr<BorderRouterGuard> guard = installed[0];
        NS_TEST_ASSERT_MSG_EQ(guard->GetFilter().GetConfig().maxAnswerFragments,
                              3u,
                              "the helper's attributes");

        // The light answers each request with as many bytes as the request asks for
        Ptr<Socket> server = Socket::CreateSocket(light, UdpSocketFactory::GetTypeId());
        server->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), 7));
        server->SetRecvCallback(MakeCallback(+[](Ptr<Socket> s) {
            Address from;
            while (Ptr<Packet> p = s->RecvFrom(from))
            {
                uint8_t n[2];
                p->CopyData(n, 2);
                s->SendTo(Create<Packet>((n[0] << 8) | n[1]), 0, from);
            }
        }));
        // The host's answers received, by size
        Ptr<Socket> client = Socket::CreateSocket(host, UdpSocketFactory::GetTypeId());
        client->Bind6();
        std::vector<uint32_t> answers;
        client->SetRecvCallback(MakeBoundCallback(
            +[](std::vector<uint32_t>* a, Ptr<Socket> s) {
                while (Ptr<Packet> p = s->Recv())
                {
                    a->push_back(p->GetSize());
                }
            },
            &answers));
        // Fragments the light sent per datagram: its 6LoWPAN device's Tx trace, one frame each
        std::vector<uint32_t> frames; // per datagram the light sent
        Ptr<SixLowPanNetDevice> lightLln =
            DynamicCast<SixLowPanNetDevice>(building->GetNodeInfo(light).llnDevice);
        IOTSEC_TEST_REQUIRE(lightLln, "the light's LLN device is a 6LoWPAN device");
        lightLln->TraceConnectWithoutContext(
            "Tx",
            MakeBoundCallback(
                +[](std::vector<uint32_t>* f,
                    Ptr<const Packet> p,
                    Ptr<SixLowPanNetDevice>,
                    uint32_t) {
                    uint8_t d = 0;
                    p->CopyData(&d, 1);
                    if ((d & 0xF8) == 0xE0) // FRAGN: one more frame of the same datagram
                    {
                        ++f->back();
                    }
                    else // FRAG1 or an unfragmented datagram
                    {
                        f->push_back(1);
                    }
                },
                &frames));
        const std::vector<uint16_t> sizes = {40, 200, 300, 400, 600};
        for (std::size_t i = 0; i < sizes.size(); ++i)
        {
            uint16_t n = sizes[i];
            Simulator::Schedule(Seconds(1 + i), [&, n]() {
                uint8_t req[2] = {static_cast<uint8_t>(n >> 8), static_cast<uint8_t>(n)};
                client->SendTo(Create<Packet>(req, 2),
                               0,
                               Inet6SocketAddress(building->GetAddress(light), 7));
            });
        }
        Simulator::Stop(Seconds(10));
        Simulator::Run();

        IOTSEC_TEST_REQUIRE(frames.size() == sizes.size(), "the light answered every request");
        uint32_t fragmented = 0;
        uint32_t capped = 0;
        std::vector<uint32_t> expected;
        for (std::size_t i = 0; i < sizes.size(); ++i)
        {
            fragmented += frames[i] > 1 ? 1 : 0;
            if (frames[i] > 3)
            {
                ++capped;
            }
            else
            {
                expected.push_back(sizes[i]);
            }
        }
        NS_TEST_ASSERT_MSG_EQ(frames[0], 1u, "40 bytes fit one frame");
        NS_TEST_ASSERT_MSG_GT(frames.back(), 3u, "600 bytes take more than 3 fragments");
        NS_TEST_ASSERT_MSG_EQ(guard->GetFragmentedAnswers(),
                              fragmented,
                              "the guard counted the fragments the light sent");
        NS_TEST_ASSERT_MSG_EQ(guard->GetDrops(BorderRouterFilterVerdict::DROP_FRAGMENTS),
                              capped,
                              "the answers of more than 3 fragments were dropped");
        NS_TEST_ASSERT_MSG_EQ((answers == expected), true, "the others reached the host");
        Simulator::Destroy();
    }
};

/**
 * \brief The iotsec-border-router-guard test suite.
 */
class BorderRouterGuardTestSuite : public TestSuite
{
  public:
    BorderRouterGuardTestSuite()
        : TestSuite("iotsec-border-router-guard", TestSuite::Type::UNIT)
    {
        for (bool enforce : {false, true})
        {
            AddTestCase(new GuardReplayTestCase(enforce), iotsectest::QUICK);
            AddTestCase(new GuardFloodTestCase(enforce), iotsectest::QUICK);
        }
        AddTestCase(new GuardHandshakeAuthenticationTestCase(true), iotsectest::QUICK);
        AddTestCase(new GuardHandshakeAuthenticationTestCase(false), iotsectest::QUICK);
        AddTestCase(new GuardFragmentsTestCase, iotsectest::QUICK);
    }
};

/// The suite's instance
static BorderRouterGuardTestSuite g_borderRouterGuardTestSuite;
