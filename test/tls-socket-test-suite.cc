/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// TlsSocket: TLS 1.2 over ns-3's TCP between two nodes on a point-to-point link, in
// simulated time: handshake over the link's round trips, data in records through TCP,
// handshake failure, and the node's CPU pricing the engine's steps.

#include "iotsec-test.h"

#include "ns3/dtls-psk-store.h"
#include "ns3/engine-executor.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv6-address-helper.h"
#include "ns3/node-container.h"
#include "ns3/node-model-helper.h"
#include "ns3/packet.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/ram-model.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tls-socket.h"

#include <vector>

using namespace ns3;

namespace
{

const std::string kKey = "00112233445566778899aabbccddeeff"; //!< the PSK, hex

/**
 * \brief Two nodes, 10 Mbit/s and 10 ms apart (RTT 20 ms), a TLS server on node 1 that
 * echoes what it receives, and a TLS client on node 0.
 */
class TlsTestbed
{
  public:
    /// \param clientKey the client's key, hex
    explicit TlsTestbed(const std::string& clientKey = kKey)
    {
        nodes.Create(2);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("10ms"));
        NetDeviceContainer devices = p2p.Install(nodes);
        InternetStackHelper internet;
        internet.SetIpv4StackInstall(false);
        internet.Install(nodes);
        Ipv6AddressHelper addresses;
        addresses.SetBase(Ipv6Address("2001:2::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer ifs = addresses.Assign(devices);
        serverAddress = Inet6SocketAddress(ifs.GetAddress(1, 1), 443);
        for (uint32_t i = 0; i < 2; ++i)
        {
            nodes.Get(i)->AggregateObject(CreateObject<TlsSocketFactory>());
        }
        Ptr<DtlsPskStore> store = CreateObject<DtlsPskStore>();
        store->SetPskHex("backend", kKey);
        nodes.Get(1)->AggregateObject(store);

        server = DynamicCast<TlsSocket>(
            Socket::CreateSocket(nodes.Get(1), TlsSocketFactory::GetTypeId()));
        server->AssignStreams(7);
        server->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), 443));
        server->Listen();
        server->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                  MakeCallback(&TlsTestbed::Accepted, this));
        server->TraceConnectWithoutContext("HandshakeFailed",
                                           MakeCallback(&TlsTestbed::ServerFailed, this));
        server->TraceConnectWithoutContext("AlertSent",
                                           MakeCallback(&TlsTestbed::ServerAlert, this));

        client = DynamicCast<TlsSocket>(
            Socket::CreateSocket(nodes.Get(0), TlsSocketFactory::GetTypeId()));
        client->SetAttribute("PskIdentity", StringValue("backend"));
        client->SetAttribute("Psk", StringValue(clientKey));
        client->AssignStreams(8);
        client->SetConnectCallback(MakeCallback(&TlsTestbed::Connected, this),
                                   MakeCallback(&TlsTestbed::ConnectFailed, this));
        client->SetRecvCallback(MakeCallback(&TlsTestbed::ClientReceive, this));
        client->TraceConnectWithoutContext("HandshakeCompleted",
                                           MakeCallback(&TlsTestbed::ClientDone, this));
        client->TraceConnectWithoutContext("FlightSent",
                                           MakeCallback(&TlsTestbed::ClientFlight, this));
        client->TraceConnectWithoutContext("AppDataSent",
                                           MakeCallback(&TlsTestbed::ClientRecord, this));
    }

    ~TlsTestbed()
    {
        Simulator::Destroy();
    }

    /// \param at when the client connects (after duplicate address detection)
    void Run(Time at = Seconds(2))
    {
        Simulator::Schedule(at, [this]() {
            connectAt = Simulator::Now();
            client->Connect(serverAddress);
        });
        Simulator::Stop(Seconds(20));
        Simulator::Run();
    }

    NodeContainer nodes;                   //!< client, server
    Address serverAddress;                 //!< where the server listens
    Ptr<TlsSocket> server;                 //!< listening socket
    Ptr<TlsSocket> client;                 //!< client socket
    Ptr<Socket> accepted;                  //!< the server's connection, once handed over
    Time connectAt;                        //!< Connect() called
    Time acceptedAt;                       //!< NewConnectionCreated
    Time connectedAt;                      //!< ConnectionSucceeded
    DtlsHandshakeStats clientStats;        //!< the client's handshake
    bool connectFailed{false};             //!< ConnectionFailed
    std::string serverFailure;             //!< the server's HandshakeFailed reason
    std::vector<std::string> serverAlerts; //!< alerts the server sent
    std::vector<uint32_t> clientFlights;   //!< flights the client wrote
    std::vector<uint32_t> clientRecords;   //!< plaintext bytes of each record sent
    Bytes payload;                         //!< what the client sends once connected
    Bytes echoed;                          //!< what came back

  private:
    void Accepted(Ptr<Socket> s, const Address& /* from */)
    {
        accepted = s;
        acceptedAt = Simulator::Now();
        s->SetRecvCallback(MakeCallback(&TlsTestbed::ServerReceive, this));
    }

    void ServerReceive(Ptr<Socket> s)
    {
        while (Ptr<Packet> p = s->Recv())
        {
            s->Send(p);
        }
    }

    void Connected(Ptr<Socket> s)
    {
        connectedAt = Simulator::Now();
        if (!payload.empty())
        {
            s->Send(Create<Packet>(payload.data(), payload.size()));
        }
    }

    void ConnectFailed(Ptr<Socket>)
    {
        connectFailed = true;
    }

    void ClientReceive(Ptr<Socket> s)
    {
        while (Ptr<Packet> p = s->Recv())
        {
            Bytes b(p->GetSize());
            p->CopyData(b.data(), b.size());
            echoed.insert(echoed.end(), b.begin(), b.end());
        }
    }

    void ClientDone(const Address&, const DtlsHandshakeStats& stats)
    {
        clientStats = stats;
    }

    void ClientFlight(const Address&, uint32_t flight, uint32_t, bool)
    {
        clientFlights.push_back(flight);
    }

    void ClientRecord(const Address&, uint32_t bytes)
    {
        clientRecords.push_back(bytes);
    }

    void ServerFailed(const Address&, const std::string& reason)
    {
        serverFailure = reason;
    }

    void ServerAlert(const Address&, const std::string& alert)
    {
        serverAlerts.push_back(alert);
    }
};

} // namespace

/**
 * \ingroup iotsec-tests
 * \brief A TLS connection over TCP: the handshake takes two round trips after TCP's, the
 * server hands the connection to the application only once it completed, and 40,000 bytes
 * go out as three records (16,384 + 16,384 + 7,232) and come back echoed intact.
 */
class TlsSocketEchoTestCase : public TestCase
{
  public:
    TlsSocketEchoTestCase()
        : TestCase("TlsSocket: handshake over TCP in two round trips, 40,000 bytes echoed")
    {
    }

  private:
    void DoRun() override
    {
        TlsTestbed t;
        t.payload.resize(40000);
        for (std::size_t i = 0; i < t.payload.size(); ++i)
        {
            t.payload[i] = static_cast<uint8_t>(i * 7 + 3);
        }
        t.Run();
        IOTSEC_TEST_REQUIRE(!t.connectFailed && !t.connectedAt.IsZero(), "connected");
        IOTSEC_TEST_REQUIRE(t.accepted, "the server handed the connection over");
        NS_TEST_ASSERT_MSG_EQ(t.clientStats.flights, 4u, "4 flights");
        NS_TEST_ASSERT_MSG_EQ(t.clientFlights.size(), 2u, "the client wrote two");
        NS_TEST_ASSERT_MSG_EQ(t.clientFlights[0] * 10 + t.clientFlights[1], 13u, "flights 1, 3");
        // TCP's handshake (one RTT), then TLS's two round trips: CH -> <- SH..SHD, CKE..Fin
        // -> <- CCS Fin; 20 ms each plus the serialization of a few hundred bytes at 10 Mbit/s
        Time elapsed = t.connectedAt - t.connectAt;
        NS_TEST_ASSERT_MSG_GT_OR_EQ(elapsed, MilliSeconds(60), "three round trips at least");
        NS_TEST_ASSERT_MSG_LT(elapsed, MilliSeconds(62), "and little more");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(t.clientStats.duration, MilliSeconds(40), "TLS: 2 RTT");
        NS_TEST_ASSERT_MSG_LT(t.clientStats.duration, MilliSeconds(42), "TLS: 2 RTT");
        // the server's connection reaches the application when its handshake completed: half
        // a round trip before the client's (its Finished is the last flight)
        NS_TEST_ASSERT_MSG_LT(t.acceptedAt, t.connectedAt, "server first");
        NS_TEST_ASSERT_MSG_GT(t.acceptedAt, t.connectAt + MilliSeconds(50), "after CKE..Fin");
        IOTSEC_TEST_REQUIRE(t.clientRecords.size() == 3, "three records");
        NS_TEST_ASSERT_MSG_EQ(t.clientRecords[0], 16384u, "2^14");
        NS_TEST_ASSERT_MSG_EQ(t.clientRecords[2], 40000u - 2 * 16384u, "the rest");
        NS_TEST_ASSERT_MSG_EQ(t.echoed.size(), t.payload.size(), "all echoed");
        NS_TEST_ASSERT_MSG_EQ((t.echoed == t.payload), true, "intact and in order");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief A client with the wrong key: the server cannot open its Finished, sends
 * bad_record_mac and never hands the connection to the application; the client's connection
 * fails.
 */
class TlsSocketWrongKeyTestCase : public TestCase
{
  public:
    TlsSocketWrongKeyTestCase()
        : TestCase("TlsSocket: a wrong PSK fails the connection on both sides")
    {
    }

  private:
    void DoRun() override
    {
        TlsTestbed t("ffeeddccbbaa99887766554433221100");
        t.payload = {1, 2, 3};
        t.Run();
        NS_TEST_ASSERT_MSG_EQ(t.connectFailed, true, "ConnectionFailed");
        NS_TEST_ASSERT_MSG_EQ(t.connectedAt.IsZero(), true, "never connected");
        NS_TEST_ASSERT_MSG_EQ(bool(t.accepted), false, "nothing handed over");
        NS_TEST_ASSERT_MSG_EQ(t.serverAlerts.size(), 1u, "one alert");
        NS_TEST_ASSERT_MSG_EQ((t.serverAlerts.empty() ? "" : t.serverAlerts[0]),
                              "bad_record_mac",
                              "bad_record_mac");
        NS_TEST_ASSERT_MSG_EQ(t.echoed.size(), 0u, "no data");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The engine's steps run on the socket's executor: with every step that did
 * cryptographic work priced at 5 ms on the client, the connection completes 15 ms later
 * (the ClientHello, flight 3 and the step that verifies the server's Finished), give or take
 * one TCP segment's serialization.
 */
class TlsSocketPricingTestCase : public TestCase
{
  public:
    TlsSocketPricingTestCase()
        : TestCase("TlsSocket: priced engine steps delay the connection by their price")
    {
    }

  private:
    static Time Price(const std::vector<CryptoWork>& work)
    {
        return work.empty() ? Time() : MilliSeconds(5);
    }

    void DoRun() override
    {
        Time plain;
        {
            TlsTestbed t;
            t.Run();
            plain = t.connectedAt - t.connectAt;
        }
        TlsTestbed t;
        t.client->GetExecutor()->SetPricer(MakeCallback(&TlsSocketPricingTestCase::Price));
        t.Run();
        IOTSEC_TEST_REQUIRE(!t.connectedAt.IsZero(), "connected");
        // Three priced steps: 15 ms. Less by at most one TCP segment's serialization (80
        // bytes at 10 Mbit/s = 64 us): with flight 3 written later, the acknowledgement of
        // flight 2 leaves on its own instead of riding with it.
        Time extra = t.connectedAt - t.connectAt - plain;
        NS_TEST_ASSERT_MSG_LT_OR_EQ(extra, MilliSeconds(15), "three priced client steps");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(extra, MilliSeconds(15) - MicroSeconds(64), "at most");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief On nodes with a RamModel, each TLS connection is a holder of kind "tls": while it is
 * established, each node's "tls" bytes are exactly its connection's engine state; after the
 * client's Close() (close_notify), both fall to zero.
 */
class TlsSocketRamTestCase : public TestCase
{
  public:
    TlsSocketRamTestCase()
        : TestCase("TlsSocket: each connection's engine state is charged to the node's RAM")
    {
    }

  private:
    void DoRun() override
    {
        TlsTestbed t;
        NodeModelHelper model;
        model.SetPreset("BorderRouter");
        model.Install(t.nodes);
        Ptr<RamModel> clientRam = NodeModelHelper::GetRam(t.nodes.Get(0));
        Ptr<RamModel> serverRam = NodeModelHelper::GetRam(t.nodes.Get(1));
        t.payload = {1, 2, 3};
        uint32_t clientHeld = 0;
        uint32_t clientEngine = 0;
        uint32_t serverHeld = 0;
        uint32_t serverEngine = 0;
        uint32_t clientAfter = 1;
        uint32_t serverAfter = 1;
        Simulator::Schedule(Seconds(5), [&]() {
            clientHeld = clientRam->GetUsedBytes("tls");
            clientEngine = t.client->GetSession()->GetStateBytes();
            serverHeld = serverRam->GetUsedBytes("tls");
            Ptr<TlsSocket> accepted = DynamicCast<TlsSocket>(t.accepted);
            serverEngine = accepted ? accepted->GetSession()->GetStateBytes() : 0;
            t.client->Close();
        });
        Simulator::Schedule(Seconds(10), [&]() {
            clientAfter = clientRam->GetUsedBytes("tls");
            serverAfter = serverRam->GetUsedBytes("tls");
        });
        t.Run();
        IOTSEC_TEST_REQUIRE(t.accepted, "connected");
        NS_TEST_ASSERT_MSG_GT(clientEngine, 0u, "the client's engine holds state");
        NS_TEST_ASSERT_MSG_EQ(clientHeld, clientEngine, "the client's RAM charge");
        NS_TEST_ASSERT_MSG_GT(serverEngine, 0u, "the server's engine holds state");
        NS_TEST_ASSERT_MSG_EQ(serverHeld, serverEngine, "the server connection's RAM charge");
        NS_TEST_ASSERT_MSG_EQ(clientAfter, 0u, "released at Close()");
        NS_TEST_ASSERT_MSG_EQ(serverAfter, 0u, "released at close_notify");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief TLS 1.2 over ns-3's TCP (TlsSocket).
 */
class TlsSocketTestSuite : public TestSuite
{
  public:
    TlsSocketTestSuite()
        : TestSuite("iotsec-tls-socket", TestSuite::Type::UNIT)
    {
        AddTestCase(new TlsSocketEchoTestCase, iotsectest::QUICK);
        AddTestCase(new TlsSocketWrongKeyTestCase, iotsectest::QUICK);
        AddTestCase(new TlsSocketPricingTestCase, iotsectest::QUICK);
        AddTestCase(new TlsSocketRamTestCase, iotsectest::QUICK);
    }
};

/// The suite's single instance
static TlsSocketTestSuite g_tlsSocketTestSuite;
