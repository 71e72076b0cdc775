/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The DTLS-in-DTLS tunnel (Brachmann et al., Fig. 2): a back-end's coaps:// client whose
// DTLS session to the node runs inside an outer DTLS session to the border router
// (DtlsTunnelSocket), the router's DtlsTunnelApplication, and the node's coaps:// server.

#include "border-router-test-topology.h"
#include "iotsec-test.h"

#include "ns3/coap-client-application.h"
#include "ns3/coap-helper.h"
#include "ns3/coap-server-application.h"
#include "ns3/coap-socket-binding.h"
#include "ns3/dtls-helper.h"
#include "ns3/dtls-socket.h"
#include "ns3/dtls-tunnel.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv6-address-helper.h"
#include "ns3/packet.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

using namespace ns3;

/**
 * \ingroup iotsec-tests
 * \brief Discovery, PUT and GET from the back-end to the node through the tunnel: every
 * step succeeds; the router forwards each inner datagram and returns each answer; every
 * answer costs exactly 47 bytes more on the Internet leg than in the LLN (the 18-byte tunnel
 * header and the outer record's 13-byte header, 8-byte explicit nonce and 8-byte tag), and
 * the LLN carries the inner DTLS datagrams unchanged.
 */
class DtlsTunnelTestCase : public TestCase
{
  public:
    DtlsTunnelTestCase()
        : TestCase("tunnel: coaps through DTLS in DTLS, 47 bytes per datagram on the Internet")
    {
    }

  private:
    void DoRun() override
    {
        iotsectest::BorderRouterPath path;
        NodeContainer& nodes = path.nodes;

        // inner keys: back-end and node; outer keys: back-end and router
        Bytes inner = DtlsHelper::DeriveKey("inner", 0);
        Bytes outer = DtlsHelper::DeriveKey("outer", 0);
        DtlsHelper::InstallPsk(nodes.Get(0), "inner", inner);
        DtlsHelper::InstallPsk(nodes.Get(2), "inner", inner);
        DtlsHelper::InstallPsk(nodes.Get(0), "outer", outer);
        DtlsHelper::InstallPsk(nodes.Get(1), "outer", outer);
        Ptr<DtlsTunnelSocketFactory> tunnel = CreateObject<DtlsTunnelSocketFactory>();
        tunnel->SetSocketAttribute("Gateway",
                                   AddressValue(Inet6SocketAddress(path.routerAddress, 5685)));
        tunnel->SetSocketAttribute("OuterPskIdentity", StringValue("outer"));
        nodes.Get(0)->AggregateObject(tunnel);
        DtlsHelper dtls;
        dtls.SetSocketAttribute("PskIdentity", StringValue("inner"));
        dtls.InstallSocketFactory(NodeContainer(nodes.Get(2)));
        DtlsHelper backEnd;
        backEnd.SetSocketAttribute("PskIdentity", StringValue("inner"));
        backEnd.SetSocketAttribute("TransportSocketFactory",
                                   TypeIdValue(DtlsTunnelSocketFactory::GetTypeId()));
        backEnd.InstallSocketFactory(NodeContainer(nodes.Get(0)));

        Ptr<DtlsTunnelApplication> router = CreateObject<DtlsTunnelApplication>();
        nodes.Get(1)->AddApplication(router);
        router->SetStartTime(Seconds(0));

        CoapHelper coap;
        coap.SetBindingAttribute("SocketFactory", TypeIdValue(DtlsSocketFactory::GetTypeId()));
        coap.SetServerAttribute("Port", UintegerValue(5684));
        coap.SetServerAttribute("Resources", StringValue("settable /light off"));
        ApplicationContainer s = coap.InstallServer(nodes.Get(2));
        coap.SetClientAttribute("Script",
                                StringValue("GET /.well-known/core; PUT /light on; GET /light"));
        ApplicationContainer c =
            coap.InstallClient(nodes.Get(0), Inet6SocketAddress(path.nodeAddress, 5684));
        c.Start(Seconds(1));
        Ptr<CoapClientApplication> client = DynamicCast<CoapClientApplication>(c.Get(0));
        Ptr<CoapServerApplication> server = DynamicCast<CoapServerApplication>(s.Get(0));

        std::vector<uint32_t> nodeSent;   // the node's datagrams, in the LLN
        std::vector<uint32_t> routerSent; // the router's outer application records
        Simulator::Schedule(Seconds(1) + NanoSeconds(1), [&]() {
            server->GetBinding()->GetSocket()->TraceConnectWithoutContext(
                "Tx",
                MakeBoundCallback(
                    +[](std::vector<uint32_t>* out, Ptr<const Packet> p, const Address&) {
                        out->push_back(p->GetSize());
                    },
                    &nodeSent));
            router->GetOuterSocket()->TraceConnectWithoutContext(
                "Tx",
                MakeBoundCallback(
                    +[](std::vector<uint32_t>* out, Ptr<const Packet> p, const Address&) {
                        uint8_t type = 0;
                        p->CopyData(&type, 1);
                        if (type == 23) // application data: a tunnelled datagram
                        {
                            out->push_back(p->GetSize());
                        }
                    },
                    &routerSent));
        });
        Simulator::Stop(Seconds(60));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(client->IsDone(), true, "every step completed");
        const auto& r = client->GetRecords();
        IOTSEC_TEST_REQUIRE(r.size() == 3, "three steps");
        for (const auto& rec : r)
        {
            NS_TEST_ASSERT_MSG_EQ(rec.ok, true, rec.method << " " << rec.path << ": " << rec.error);
        }
        NS_TEST_ASSERT_MSG_EQ(r[2].payload, "on", "GET returns what PUT set");
        NS_TEST_ASSERT_MSG_EQ(server->GetValue("/light"), "on", "the node's state");
        NS_TEST_ASSERT_MSG_GT(router->GetForwarded(), 5u, "inner handshake and requests");
        NS_TEST_ASSERT_MSG_EQ(router->GetReturned(), nodeSent.size(), "every answer returned");
        IOTSEC_TEST_REQUIRE(routerSent.size() == nodeSent.size(), "one outer record each");
        for (std::size_t i = 0; i < nodeSent.size(); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(routerSent[i],
                                  nodeSent[i] + DTLS_TUNNEL_HEADER_BYTES + 13 + 8 + 8,
                                  "47 bytes of tunnel per datagram");
        }
        Simulator::Destroy();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The DTLS-in-DTLS tunnel.
 */
class DtlsTunnelTestSuite : public TestSuite
{
  public:
    DtlsTunnelTestSuite()
        : TestSuite("iotsec-dtls-tunnel", TestSuite::Type::UNIT)
    {
        AddTestCase(new DtlsTunnelTestCase, iotsectest::QUICK);
    }
};

/// The suite's single instance
static DtlsTunnelTestSuite g_dtlsTunnelTestSuite;
