/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// HttpClientApplication and HttpServerApplication over ns-3's TCP and over TlsSocket, between
// two nodes 10 Mbit/s and 10 ms apart.

#include "border-router-test-topology.h"
#include "iotsec-test.h"

#include "ns3/coap-helper.h"
#include "ns3/coap-server-application.h"
#include "ns3/dtls-helper.h"
#include "ns3/dtls-psk-store.h"
#include "ns3/dtls-socket.h"
#include "ns3/hex-encoding.h"
#include "ns3/http-applications.h"
#include "ns3/http-coap-proxy-application.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv6-address-helper.h"
#include "ns3/packet.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/tls-socket.h"

#include <algorithm>
#include <sstream>

using namespace ns3;

namespace
{

const std::string kKey = "00112233445566778899aabbccddeeff"; //!< the PSK, hex

/// Two nodes and what crossed the link
struct HttpTestbed
{
    NodeContainer nodes;  //!< client, server
    Address server;       //!< the server's address (port set by the caller)
    Ipv6Address serverIp; //!< its IPv6 address
    std::string wire;     //!< every byte sent on the link, both ways

    /// \param tls install TlsSocketFactory and keys on both nodes
    explicit HttpTestbed(bool tls)
    {
        nodes.Create(2);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("10ms"));
        NetDeviceContainer devices = p2p.Install(nodes);
        for (uint32_t i = 0; i < 2; ++i)
        {
            devices.Get(i)->TraceConnectWithoutContext(
                "MacTx",
                MakeBoundCallback(
                    +[](std::string* wire, Ptr<const Packet> p) {
                        std::string bytes(p->GetSize(), '\0');
                        p->CopyData(reinterpret_cast<uint8_t*>(bytes.data()), bytes.size());
                        wire->append(bytes);
                    },
                    &wire));
        }
        InternetStackHelper internet;
        internet.SetIpv4StackInstall(false);
        internet.Install(nodes);
        Ipv6AddressHelper addresses;
        addresses.SetBase(Ipv6Address("2001:2::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer ifs = addresses.Assign(devices);
        serverIp = ifs.GetAddress(1, 1);
        if (tls)
        {
            for (uint32_t i = 0; i < 2; ++i)
            {
                Ptr<TlsSocketFactory> f = CreateObject<TlsSocketFactory>();
                f->SetSocketAttribute("PskIdentity", StringValue("backend"));
                f->SetSocketAttribute("Psk", StringValue(kKey));
                nodes.Get(i)->AggregateObject(f);
            }
            Ptr<DtlsPskStore> store = CreateObject<DtlsPskStore>();
            store->SetPskHex("backend", kKey);
            nodes.Get(1)->AggregateObject(store);
        }
    }

    ~HttpTestbed()
    {
        Simulator::Destroy();
    }
};

/**
 * \param method a method
 * \param target a target
 * \param body a body
 * \return the request
 */
HttpMessage
Request(const std::string& method, const std::string& target, const std::string& body = "")
{
    HttpMessage r = HttpMessage::MakeRequest(method, target);
    r.SetField("Host", "light.example");
    if (!body.empty())
    {
        r.SetField("Content-Type", "text/plain;charset=utf-8");
        r.SetBody(body);
    }
    return r;
}

} // namespace

/**
 * \ingroup iotsec-tests
 * \brief Five requests on one keep-alive connection, over TCP and over TLS: GET, PUT, GET,
 * GET of an unknown path, HEAD; the responses follow RFC 9110 (200 with the body, 204, 200
 * with the new body, 404, 200 without a body). Over TCP the request line is on the wire in
 * plaintext; over TLS it is not.
 */
class HttpExchangeTestCase : public TestCase
{
  public:
    HttpExchangeTestCase()
        : TestCase("HTTP over TCP and over TLS: a keep-alive exchange, plaintext only on TCP")
    {
    }

  private:
    void DoRun() override
    {
        for (bool tls : {false, true})
        {
            std::string mode = tls ? "TLS: " : "TCP: ";
            HttpTestbed t(tls);
            TypeId factory = tls ? TlsSocketFactory::GetTypeId() : TcpSocketFactory::GetTypeId();
            Ptr<HttpServerApplication> server = CreateObject<HttpServerApplication>();
            server->SetAttribute("SocketFactory", TypeIdValue(factory));
            server->SetAttribute("Port", UintegerValue(tls ? 443 : 80));
            server->AddResource("/light", "off");
            t.nodes.Get(1)->AddApplication(server);
            Ptr<HttpClientApplication> client = CreateObject<HttpClientApplication>();
            client->SetAttribute("SocketFactory", TypeIdValue(factory));
            client->SetAttribute("Remote",
                                 AddressValue(Inet6SocketAddress(t.serverIp, tls ? 443 : 80)));
            client->AddRequest(Request("GET", "/light"));
            client->AddRequest(Request("PUT", "/light", "on"));
            client->AddRequest(Request("GET", "/light"));
            client->AddRequest(Request("GET", "/nothing"));
            client->AddRequest(Request("HEAD", "/light"));
            t.nodes.Get(0)->AddApplication(client);
            std::vector<Time> latencies;
            client->TraceConnectWithoutContext(
                "Response",
                MakeBoundCallback(
                    +[](std::vector<Time>* out, const HttpMessage&, const HttpMessage&, Time l) {
                        out->push_back(l);
                    },
                    &latencies));
            server->SetStartTime(Seconds(1));
            client->SetStartTime(Seconds(2));
            Simulator::Stop(Seconds(10));
            Simulator::Run();

            const auto& r = client->GetResponses();
            IOTSEC_TEST_REQUIRE(r.size() == 5, mode + "five responses");
            NS_TEST_ASSERT_MSG_EQ(r[0].GetStatus(), 200, mode + "GET");
            NS_TEST_ASSERT_MSG_EQ(r[0].GetBodyString(), "off", mode + "body");
            NS_TEST_ASSERT_MSG_EQ(r[0].GetField("Content-Type").value_or(""),
                                  "text/plain;charset=utf-8",
                                  mode + "Content-Type");
            NS_TEST_ASSERT_MSG_EQ(r[1].GetStatus(), 204, mode + "PUT replaces");
            NS_TEST_ASSERT_MSG_EQ(r[2].GetBodyString(), "on", mode + "the new body");
            NS_TEST_ASSERT_MSG_EQ(r[3].GetStatus(), 404, mode + "unknown path");
            NS_TEST_ASSERT_MSG_EQ(r[4].GetStatus(), 200, mode + "HEAD");
            NS_TEST_ASSERT_MSG_EQ(r[4].GetBody().size(), 0u, mode + "HEAD has no body");
            NS_TEST_ASSERT_MSG_EQ(r[4].GetField("Content-Length").value_or(""),
                                  "2",
                                  mode + "but the GET's Content-Length");
            NS_TEST_ASSERT_MSG_EQ(server->GetConnections(), 1u, mode + "one connection");
            NS_TEST_ASSERT_MSG_EQ(client->GetFailures(), 0u, mode + "no failure");
            NS_TEST_ASSERT_MSG_EQ(server->GetResource("/light"), "on", mode + "state");
            // each exchange is one round trip (20 ms) on an established connection
            for (const auto& l : latencies)
            {
                NS_TEST_ASSERT_MSG_GT_OR_EQ(l, MilliSeconds(20), mode + "a round trip");
                NS_TEST_ASSERT_MSG_LT(l, MilliSeconds(21), mode + "and no more");
            }
            bool plaintext = t.wire.find("GET /light HTTP/1.1") != std::string::npos;
            NS_TEST_ASSERT_MSG_EQ(plaintext, !tls, mode + "request line visible on the wire");
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief A malformed request (a field line without a colon) is answered with 400 and
 * Connection: close, and the server closes the connection; a request after it on the same
 * connection is never answered.
 */
class HttpMalformedRequestTestCase : public TestCase
{
  public:
    HttpMalformedRequestTestCase()
        : TestCase("HTTP server: a malformed request gets 400 and the connection closes")
    {
    }

  private:
    void DoRun() override
    {
        HttpTestbed t(false);
        Ptr<HttpServerApplication> server = CreateObject<HttpServerApplication>();
        server->AddResource("/light", "off");
        t.nodes.Get(1)->AddApplication(server);
        server->SetStartTime(Seconds(1));
        Ptr<Socket> raw = Socket::CreateSocket(t.nodes.Get(0), TcpSocketFactory::GetTypeId());
        std::string received;
        bool closed = false;
        raw->SetRecvCallback(MakeBoundCallback(
            +[](std::string* out, Ptr<Socket> s) {
                while (Ptr<Packet> p = s->Recv())
                {
                    std::string b(p->GetSize(), '\0');
                    p->CopyData(reinterpret_cast<uint8_t*>(b.data()), b.size());
                    out->append(b);
                }
            },
            &received));
        raw->SetCloseCallbacks(MakeBoundCallback(
                                   +[](bool* c, Ptr<Socket>) { *c = true; },
                                   &closed),
                               MakeBoundCallback(
                                   +[](bool* c, Ptr<Socket>) { *c = true; },
                                   &closed));
        raw->SetConnectCallback(
            MakeCallback(+[](Ptr<Socket> s) {
                std::string bad = "GET /light HTTP/1.1\r\nHost x\r\n\r\nGET /light HTTP/1.1\r\n"
                                  "Host: x\r\n\r\n";
                s->Send(Create<Packet>(reinterpret_cast<const uint8_t*>(bad.data()), bad.size()));
            }),
            MakeNullCallback<void, Ptr<Socket>>());
        Simulator::Schedule(Seconds(2), [&]() {
            raw->Bind6();
            raw->Connect(Inet6SocketAddress(t.serverIp, 80));
        });
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(received.rfind("HTTP/1.1 400 Bad Request\r\n", 0),
                              0u,
                              "400 first: " + received.substr(0, 40));
        NS_TEST_ASSERT_MSG_NE(received.find("Connection: close\r\n"),
                              std::string::npos,
                              "Connection: close");
        NS_TEST_ASSERT_MSG_EQ(received.find("HTTP/1.1 200"), std::string::npos, "no 200");
        NS_TEST_ASSERT_MSG_EQ(closed, true, "the server closed the connection");
        NS_TEST_ASSERT_MSG_EQ(server->GetRequests(), 0u, "nothing answered as a request");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The trusted proxy of the end-to-end study: an HTTPS client on the Internet, a
 * border router that terminates TLS, maps HTTP to CoAP (RFC 8075) and opens its own DTLS
 * session to the node, and the node's coaps:// server. GET, PUT, GET reach the node's
 * settable resource; neither link carries the request in the clear, but the router handled
 * every byte of it in plaintext.
 */
class HttpTrustedProxyTestCase : public TestCase
{
  public:
    HttpTrustedProxyTestCase()
        : TestCase("trusted proxy: HTTPS -> HTTP-to-CoAP proxy -> coaps node")
    {
    }

  private:
    void DoRun() override
    {
        iotsectest::BorderRouterPath path;
        NodeContainer& nodes = path.nodes;
        NetDeviceContainer a = path.internet;
        NetDeviceContainer b = path.lln;
        std::string internetWire;
        std::string llnWire;
        auto tap = [](NetDeviceContainer d, std::string* wire) {
            for (uint32_t i = 0; i < d.GetN(); ++i)
            {
                d.Get(i)->TraceConnectWithoutContext(
                    "MacTx",
                    MakeBoundCallback(
                        +[](std::string* w, Ptr<const Packet> p) {
                            std::string bytes(p->GetSize(), '\0');
                            p->CopyData(reinterpret_cast<uint8_t*>(bytes.data()), bytes.size());
                            w->append(bytes);
                        },
                        wire));
            }
        };
        tap(a, &internetWire);
        tap(b, &llnWire);

        // keys: the client and the router share "backend" (TLS); the router and the node
        // share "router" (DTLS): the router holds both, as a trusted proxy must
        Bytes tlsKey = DtlsHelper::DeriveKey("backend", 0);
        Bytes dtlsKey = DtlsHelper::DeriveKey("router", 0);
        DtlsHelper::InstallPsk(nodes.Get(1), "backend", tlsKey);
        DtlsHelper::InstallPsk(nodes.Get(1), "router", dtlsKey);
        DtlsHelper::InstallPsk(nodes.Get(2), "router", dtlsKey);
        DtlsHelper dtls;
        dtls.SetSocketAttribute("PskIdentity", StringValue("router"));
        dtls.InstallSocketFactory(NodeContainer(nodes.Get(1), nodes.Get(2)));
        Ptr<TlsSocketFactory> clientTls = CreateObject<TlsSocketFactory>();
        clientTls->SetSocketAttribute("PskIdentity", StringValue("backend"));
        clientTls->SetSocketAttribute("Psk", StringValue(HexEncode(tlsKey)));
        nodes.Get(0)->AggregateObject(clientTls);
        nodes.Get(1)->AggregateObject(CreateObject<TlsSocketFactory>());

        CoapHelper coap;
        coap.SetBindingAttribute("SocketFactory", TypeIdValue(DtlsSocketFactory::GetTypeId()));
        coap.SetServerAttribute("Port", UintegerValue(5684));
        coap.SetServerAttribute("Resources", StringValue("settable /light off"));
        ApplicationContainer s = coap.InstallServer(nodes.Get(2));
        s.Start(Seconds(0));

        Ptr<HttpCoapProxyApplication> proxy = CreateObject<HttpCoapProxyApplication>();
        proxy->SetAttribute("Port", UintegerValue(443));
        proxy->SetAttribute("HttpSocketFactory", TypeIdValue(TlsSocketFactory::GetTypeId()));
        proxy->SetAttribute("CoapSocketFactory", TypeIdValue(DtlsSocketFactory::GetTypeId()));
        std::ostringstream ip;
        ip << path.nodeAddress;
        proxy->SetAttribute("FixedHost", StringValue(ip.str()));
        proxy->SetAttribute("FixedPort", UintegerValue(5684));
        nodes.Get(1)->AddApplication(proxy);
        proxy->SetStartTime(Seconds(1));

        Ptr<HttpClientApplication> client = CreateObject<HttpClientApplication>();
        client->SetAttribute("SocketFactory", TypeIdValue(TlsSocketFactory::GetTypeId()));
        client->SetAttribute("Remote", AddressValue(Inet6SocketAddress(path.routerAddress, 443)));
        client->AddRequest(Request("GET", "/light"));
        client->AddRequest(Request("PUT", "/light", "on"));
        client->AddRequest(Request("GET", "/light"));
        nodes.Get(0)->AddApplication(client);
        client->SetStartTime(Seconds(2));
        Simulator::Stop(Seconds(30));
        Simulator::Run();

        const auto& r = client->GetResponses();
        IOTSEC_TEST_REQUIRE(r.size() == 3, "three responses");
        NS_TEST_ASSERT_MSG_EQ(r[0].GetStatus(), 200, "2.05 Content -> 200");
        NS_TEST_ASSERT_MSG_EQ(r[0].GetBodyString(), "off", "the node's value");
        NS_TEST_ASSERT_MSG_EQ(r[0].GetField("Content-Type").value_or(""),
                              "text/plain;charset=utf-8",
                              "Content-Format 0");
        NS_TEST_ASSERT_MSG_EQ(r[1].GetStatus(), 204, "2.04 Changed without payload -> 204");
        NS_TEST_ASSERT_MSG_EQ(r[2].GetBodyString(), "on", "the node's new value");
        NS_TEST_ASSERT_MSG_EQ(proxy->GetRequests(), 3u, "three proxied");
        // neither link shows the request, yet the proxy had all of it in the clear
        NS_TEST_ASSERT_MSG_EQ(internetWire.find("/light"),
                              std::string::npos,
                              "TLS on the Internet");
        NS_TEST_ASSERT_MSG_EQ(llnWire.find("light"), std::string::npos, "DTLS in the LLN");
        // the plaintext the proxy handled: every HTTP request and response, and the CoAP
        // messages between (a request of at least 4 + 6 bytes (header, Uri-Path "light") and a
        // response of at least 4, each under 40 bytes here)
        uint64_t httpBytes = Request("GET", "/light").Serialize().size() * 2 +
                             Request("PUT", "/light", "on").Serialize().size();
        for (const auto& m : r)
        {
            httpBytes += m.Serialize("GET").size();
        }
        uint64_t plaintext = proxy->GetPlaintextBytes();
        NS_TEST_ASSERT_MSG_GT_OR_EQ(plaintext, httpBytes + 3 * (10 + 4), "plaintext at the proxy");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(plaintext, httpBytes + 3 * 2 * 40, "and nothing else");
        Simulator::Destroy();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The HTTP/1.1 applications.
 */
class HttpApplicationsTestSuite : public TestSuite
{
  public:
    HttpApplicationsTestSuite()
        : TestSuite("iotsec-http-applications", TestSuite::Type::UNIT)
    {
        AddTestCase(new HttpExchangeTestCase, iotsectest::QUICK);
        AddTestCase(new HttpMalformedRequestTestCase, iotsectest::QUICK);
        AddTestCase(new HttpTrustedProxyTestCase, iotsectest::QUICK);
    }
};

/// The suite's single instance
static HttpApplicationsTestSuite g_httpApplicationsTestSuite;
