/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The ns-3 binding of DTLS: DtlsSocket under the DTLS client and server applications, over an
// IPv6 point-to-point link, with losses injected by flight.

#include "dtls-test-util.h"
#include "iotsec-test.h"

#include "ns3/config.h"
#include "ns3/dtls-client-application.h"
#include "ns3/dtls-helper.h"
#include "ns3/dtls-psk-store.h"
#include "ns3/dtls-server-application.h"
#include "ns3/engine-random.h"
#include "ns3/error-model.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv6-address-helper.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

using namespace ns3;

namespace
{

/**
 * \brief Drops the first n datagrams of a given DTLS flight (by DtlsFlightTag).
 */
class FlightDropModel : public ErrorModel
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::iotsectest::FlightDropModel")
                                .SetParent<ErrorModel>()
                                .AddConstructor<FlightDropModel>();
        return tid;
    }

    uint32_t flight{0};  //!< flight to drop
    uint32_t count{1};   //!< how many of its datagrams to drop
    uint32_t dropped{0}; //!< dropped so far

  private:
    bool DoCorrupt(Ptr<Packet> p) override
    {
        DtlsFlightTag tag;
        if (dropped < count && p->PeekPacketTag(tag) &&
            (tag.GetContent() == DtlsFlightTag::HANDSHAKE ||
             tag.GetContent() == DtlsFlightTag::HELLO_VERIFY) &&
            tag.GetFlight() == flight)
        {
            ++dropped;
            return true;
        }
        return false;
    }

    void DoReset() override
    {
        dropped = 0;
    }
};

/// A client and a server node joined by an IPv6 point-to-point link
struct Testbed
{
    NodeContainer nodes;                                  //!< client (0) and server (1)
    NetDeviceContainer devices;                           //!< the link
    Ptr<FlightDropModel> drop[2];                         //!< receive error models, per device
    Ptr<DtlsClientApplication> client;                    //!< client application
    Ptr<DtlsServerApplication> server;                    //!< server application
    std::vector<std::pair<Time, uint32_t>> clientFlights; //!< (time, flight) sent by the client
    std::vector<bool> clientRetransmissions;              //!< retransmission flag per entry above
    uint32_t restarts{0};                                 //!< HandshakeRestarted
    Time completedAt;                                     //!< HandshakeCompleted (client)
    uint32_t refused{0};                                  //!< SessionRefused (server)
    Address serverAddress;                                //!< where the server listens

    /**
     * \param helper the DTLS helper (socket attributes)
     * \param maxPackets data to send after the handshake
     */
    Testbed(const DtlsHelper& helper, uint32_t maxPackets = 3)
    {
        nodes.Create(2);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("1Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("10ms"));
        devices = p2p.Install(nodes);
        for (int i = 0; i < 2; ++i)
        {
            drop[i] = CreateObject<FlightDropModel>();
            devices.Get(i)->SetAttribute("ReceiveErrorModel", PointerValue(drop[i]));
        }
        InternetStackHelper internet;
        internet.SetIpv4StackInstall(false);
        internet.Install(nodes);
        Ipv6AddressHelper addresses;
        addresses.SetBase(Ipv6Address("2001:2::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer ifs = addresses.Assign(devices);
        Bytes key = DtlsHelper::DeriveKey("test", 1);
        DtlsHelper::InstallPsk(nodes, "sensor-1", key);
        ApplicationContainer s = helper.InstallServer(nodes.Get(1));
        serverAddress = Inet6SocketAddress(ifs.GetAddress(1, 1), 5684);
        ApplicationContainer c =
            helper.InstallClient(nodes.Get(0), serverAddress, "sensor-1", maxPackets);
        DtlsHelper::AssignStreams(c, 100);
        DtlsHelper::AssignStreams(s, 200);
        s.Start(Seconds(0));
        c.Start(Seconds(2)); // after duplicate address detection
        server = DynamicCast<DtlsServerApplication>(s.Get(0));
        client = DynamicCast<DtlsClientApplication>(c.Get(0));
        client->TraceConnectWithoutContext("FlightSent", MakeCallback(&Testbed::OnFlight, this));
        client->TraceConnectWithoutContext("HandshakeRestarted",
                                           MakeCallback(&Testbed::OnRestart, this));
        client->TraceConnectWithoutContext("HandshakeCompleted",
                                           MakeCallback(&Testbed::OnCompleted, this));
        server->TraceConnectWithoutContext("SessionRefused",
                                           MakeCallback(&Testbed::OnRefused, this));
    }

    ~Testbed()
    {
        Simulator::Destroy();
    }

    /// \param until when to stop
    void Run(Time until = Seconds(300))
    {
        Simulator::Stop(until);
        Simulator::Run();
    }

    void OnFlight(const Address&, uint32_t flight, uint32_t, bool retransmission)
    {
        clientFlights.emplace_back(Simulator::Now(), flight);
        clientRetransmissions.push_back(retransmission);
    }

    void OnRestart(const Address&)
    {
        ++restarts;
    }

    void OnCompleted(const Address&, const DtlsHandshakeStats&)
    {
        completedAt = Simulator::Now();
    }

    void OnRefused(const Address&, DtlsRefuseReason)
    {
        ++refused;
    }
};

} // namespace

/**
 * \ingroup iotsec-tests
 * \brief Handshake and data through the applications; traces reachable by Config paths.
 */
class DtlsSocketBasicTestCase : public TestCase
{
  public:
    DtlsSocketBasicTestCase()
        : TestCase("DtlsSocket: handshake, echoed data, Config-path traces")
    {
    }

  private:
    void DoRun() override
    {
        DtlsHelper helper;
        Testbed t(helper);
        uint32_t completed = 0;
        Config::ConnectWithoutContext(
            "/NodeList/*/ApplicationList/*/$ns3::DtlsServerApplication/HandshakeCompleted",
            MakeCallback(+[](uint32_t* n, const Address&, const DtlsHandshakeStats&) {
                ++*n;
            }).Bind(&completed));
        t.Run();
        NS_TEST_ASSERT_MSG_EQ(t.client->IsEstablished(), true, "client established");
        NS_TEST_ASSERT_MSG_EQ(completed, 1u, "server completion seen through a Config path");
        NS_TEST_ASSERT_MSG_EQ(t.client->GetEchoRtts().size(), 3u, "three datagrams echoed");
        for (Time rtt : t.client->GetEchoRtts())
        {
            NS_TEST_ASSERT_MSG_GT(rtt, MilliSeconds(20), "RTT covers two 10 ms links");
            NS_TEST_ASSERT_MSG_LT(rtt, MilliSeconds(25), "and transmission time");
        }
        NS_TEST_ASSERT_MSG_EQ(t.clientFlights.size(), 3u, "client sent flights 1, 3 and 5");
        NS_TEST_ASSERT_MSG_EQ(t.clientFlights[0].second, 1u, "flight 1");
        NS_TEST_ASSERT_MSG_EQ(t.clientFlights[1].second, 3u, "flight 3");
        NS_TEST_ASSERT_MSG_EQ(t.clientFlights[2].second, 5u, "flight 5");
        DtlsHandshakeStats stats = t.client->GetSocket()->GetHandshakeStats();
        NS_TEST_ASSERT_MSG_EQ(stats.flights, 6u, "six flights");
        // three round trips of 20 ms plus transmission times
        NS_TEST_ASSERT_MSG_GT(stats.duration, MilliSeconds(60), "handshake duration");
        NS_TEST_ASSERT_MSG_LT(stats.duration, MilliSeconds(70), "handshake duration");
        NS_TEST_ASSERT_MSG_EQ(t.server->GetReceivedBytes(), 3u * 32u, "server received data");
        NS_TEST_ASSERT_MSG_GT(t.server->GetSocket()->GetSecurityStateBytes(),
                              150u,
                              "server state reported");
        NS_TEST_ASSERT_MSG_EQ(t.server->GetSocket()->GetAssociationCount(), 1u, "one association");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief RetransmitFlight through the sockets: each flight lost once recovers, and a flight
 * lost three times is re-sent after 1, 2 and 4 s.
 */
class DtlsSocketFlightLossTestCase : public TestCase
{
  public:
    DtlsSocketFlightLossTestCase()
        : TestCase(
              "DtlsSocket RetransmitFlight: flight k lost once; retransmissions 1, 2, 4 s apart")
    {
    }

  private:
    void DoRun() override
    {
        for (uint32_t k = 1; k <= 6; ++k)
        {
            DtlsHelper helper;
            Testbed t(helper, 1);
            // odd flights travel from the client to the server, even ones back
            Ptr<FlightDropModel> at = t.drop[k % 2 == 1 ? 1 : 0];
            at->flight = k;
            t.Run();
            NS_TEST_ASSERT_MSG_EQ(at->dropped, 1u, "flight " << k << " dropped once");
            NS_TEST_ASSERT_MSG_EQ(t.client->IsEstablished(),
                                  true,
                                  "established after losing flight " << k);
            NS_TEST_ASSERT_MSG_EQ(t.client->GetEchoRtts().size(),
                                  1u,
                                  "data flows after losing flight " << k);
        }

        DtlsHelper helper;
        Testbed t(helper, 1);
        t.drop[1]->flight = 1;
        t.drop[1]->count = 3;
        t.Run();
        NS_TEST_ASSERT_MSG_EQ(t.client->IsEstablished(), true, "established");
        std::vector<Time> flight1;
        for (std::size_t i = 0; i < t.clientFlights.size(); ++i)
        {
            if (t.clientFlights[i].second == 1)
            {
                flight1.push_back(t.clientFlights[i].first);
                NS_TEST_ASSERT_MSG_EQ(t.clientRetransmissions[i],
                                      (flight1.size() > 1),
                                      "retransmission flag");
            }
        }
        IOTSEC_TEST_REQUIRE(flight1.size() == 4, "flight 1 sent 4 times");
        NS_TEST_ASSERT_MSG_EQ(flight1[1] - flight1[0], Seconds(1), "1 s");
        NS_TEST_ASSERT_MSG_EQ(flight1[2] - flight1[1], Seconds(2), "2 s");
        NS_TEST_ASSERT_MSG_EQ(flight1[3] - flight1[2], Seconds(4), "4 s");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief RestartHandshake through the sockets (LossRecovery attribute): a lost flight makes
 * the client send a new ClientHello.
 */
class DtlsSocketRestartTestCase : public TestCase
{
  public:
    DtlsSocketRestartTestCase()
        : TestCase("DtlsSocket RestartHandshake: a lost flight shows a new ClientHello")
    {
    }

  private:
    void DoRun() override
    {
        DtlsHelper helper;
        helper.SetSocketAttribute("LossRecovery", StringValue("RestartHandshake"));
        Testbed t(helper, 1);
        t.drop[0]->flight = 4;
        t.Run();
        NS_TEST_ASSERT_MSG_EQ(t.drop[0]->dropped, 1u, "flight 4 dropped");
        NS_TEST_ASSERT_MSG_EQ(t.restarts, 1u, "one restart traced");
        NS_TEST_ASSERT_MSG_EQ(t.client->IsEstablished(), true, "established after the restart");
        // flights: 1, 3 (lost answer), then 1, 3, 5 of the new handshake; none re-sent
        std::vector<uint32_t> order;
        for (std::size_t i = 0; i < t.clientFlights.size(); ++i)
        {
            order.push_back(t.clientFlights[i].second);
            NS_TEST_ASSERT_MSG_EQ(t.clientRetransmissions[i], false, "nothing re-sent");
        }
        IOTSEC_TEST_REQUIRE(order.size() == 5, "five client flights");
        NS_TEST_ASSERT_MSG_EQ(order[2], 1u, "a new ClientHello after the loss");
        NS_TEST_ASSERT_MSG_EQ(t.clientFlights[2].first - t.clientFlights[1].first,
                              Seconds(1),
                              "after the 1 s timer");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Admission and processing delay hooks of the socket.
 */
class DtlsSocketHooksTestCase : public TestCase
{
  public:
    DtlsSocketHooksTestCase()
        : TestCase("DtlsSocket: refused associations; processing delay per engine step")
    {
    }

  private:
    void DoRun() override
    {
        {
            DtlsHelper helper;
            helper.SetSocketAttribute("MaxRetransmissions", UintegerValue(1));
            Testbed t(helper, 1);
            Simulator::Schedule(Seconds(1), [&t]() {
                t.server->GetSocket()->SetAdmissionCallback(
                    MakeCallback(+[](const Address&) { return false; }));
            });
            t.Run();
            NS_TEST_ASSERT_MSG_EQ(t.client->HasFailed(), true, "client gives up");
            NS_TEST_ASSERT_MSG_EQ(t.refused, 2u, "both ClientHellos refused");
            NS_TEST_ASSERT_MSG_EQ(t.server->GetSocket()->GetAssociationCount(), 0u, "no state");
        }
        Time baseline;
        {
            DtlsHelper helper;
            Testbed t(helper, 1);
            t.Run();
            baseline = t.completedAt;
        }
        {
            DtlsHelper helper;
            Testbed t(helper, 1);
            uint32_t steps = 0;
            auto delay = [&steps](const std::vector<CryptoWork>&) {
                ++steps;
                return MilliSeconds(50);
            };
            Simulator::Schedule(Seconds(1), [&t, delay]() {
                t.server->GetSocket()->SetProcessingDelayCallback(
                    Callback<Time, const std::vector<CryptoWork>&>(delay));
            });
            // just after the client starts and has sent its first ClientHello
            Simulator::Schedule(Seconds(2) + NanoSeconds(1), [&t, delay]() {
                t.client->GetSocket()->SetProcessingDelayCallback(
                    Callback<Time, const std::vector<CryptoWork>&>(delay));
            });
            t.Run();
            NS_TEST_ASSERT_MSG_EQ(t.client->IsEstablished(), true, "established");
            // Six priced engine steps lie on the path to the client's completion: the client's
            // HVR, flight 4 and flight 6; the server's CH, CH with cookie and flight 5. (The
            // client's first ClientHello went out before its callback was set.)
            NS_TEST_ASSERT_MSG_EQ(t.completedAt - baseline,
                                  MilliSeconds(6 * 50),
                                  "each step delayed by the priced 50 ms");
            NS_TEST_ASSERT_MSG_GT_OR_EQ(steps, 6u, "steps priced");
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Datagram semantics: code written for UDP sockets runs over DTLS sockets unchanged.
 */
class DtlsSocketDatagramTestCase : public TestCase
{
  public:
    DtlsSocketDatagramTestCase()
        : TestCase("DtlsSocket: SendTo opens the association; a bound socket serves")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer nodes;
        nodes.Create(2);
        PointToPointHelper p2p;
        p2p.SetChannelAttribute("Delay", StringValue("5ms"));
        NetDeviceContainer devices = p2p.Install(nodes);
        InternetStackHelper internet;
        internet.SetIpv4StackInstall(false);
        internet.Install(nodes);
        Ipv6AddressHelper addresses;
        addresses.SetBase(Ipv6Address("2001:3::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer ifs = addresses.Assign(devices);
        DtlsHelper::InstallPsk(nodes, "sensor-7", DtlsHelper::DeriveKey("test", 7));
        DtlsHelper helper;
        helper.SetSocketAttribute("PskIdentity", StringValue("sensor-7"));
        helper.InstallSocketFactory(nodes);

        // Exactly what a UDP application does, with the DTLS socket factory
        Ptr<Socket> server = Socket::CreateSocket(nodes.Get(1), DtlsSocketFactory::GetTypeId());
        Ptr<Socket> client = Socket::CreateSocket(nodes.Get(0), DtlsSocketFactory::GetTypeId());
        NS_TEST_ASSERT_MSG_EQ(server->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), 5684)),
                              0,
                              "bind");
        std::vector<std::string> got;
        server->SetRecvCallback(
            MakeCallback(+[](std::vector<std::string>* out, Ptr<Socket> s) {
                Address from;
                while (Ptr<Packet> p = s->RecvFrom(from))
                {
                    std::string text(p->GetSize(), ' ');
                    p->CopyData(reinterpret_cast<uint8_t*>(&text[0]), text.size());
                    out->push_back(text);
                    s->SendTo(Create<Packet>(reinterpret_cast<const uint8_t*>("ack"), 3), 0, from);
                }
            }).Bind(&got));
        std::vector<std::string> replies;
        client->SetRecvCallback(MakeCallback(+[](std::vector<std::string>* out, Ptr<Socket> s) {
                                    while (Ptr<Packet> p = s->Recv())
                                    {
                                        out->push_back(std::to_string(p->GetSize()));
                                    }
                                }).Bind(&replies));
        Address to = Inet6SocketAddress(ifs.GetAddress(1, 1), 5684);
        Simulator::Schedule(Seconds(2), [client, to]() {
            // two datagrams before the handshake has even started: both are delivered
            client->SendTo(Create<Packet>(reinterpret_cast<const uint8_t*>("one"), 3), 0, to);
            client->SendTo(Create<Packet>(reinterpret_cast<const uint8_t*>("two"), 3), 0, to);
        });
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        IOTSEC_TEST_REQUIRE(got.size() == 2, "the server received both datagrams");
        NS_TEST_ASSERT_MSG_EQ(got[0], "one", "in order");
        NS_TEST_ASSERT_MSG_EQ(got[1], "two", "in order");
        NS_TEST_ASSERT_MSG_EQ(replies.size(), 2u, "the client received both answers");
        Ptr<DtlsSocket> d = DynamicCast<DtlsSocket>(client);
        IOTSEC_TEST_REQUIRE(d != nullptr, "the factory made DTLS sockets");
        NS_TEST_ASSERT_MSG_EQ(d->IsEstablished(), true, "established");
        Simulator::Destroy();
    }
};

namespace
{

/// What one more client socket (a reconnect from the client node) went through
struct Reconnect
{
    Ptr<DtlsSocket> socket;                                       //!< the socket
    bool completed{false};                                        //!< HandshakeCompleted
    DtlsHandshakeStats stats;                                     //!< its figures
    std::vector<std::string> failures;                            //!< HandshakeFailed reasons
    std::vector<std::pair<std::string, std::string>> invalidated; //!< SessionInvalidated

    /**
     * \brief Open a new association from the testbed's client node, offering a ticket.
     * \param t the testbed
     * \param ticket the resumption ticket to offer (may be invalid)
     */
    void Start(Testbed& t, const DtlsSessionTicket& ticket)
    {
        socket = CreateObject<DtlsSocket>();
        socket->SetNode(t.nodes.Get(0));
        socket->SetAttribute("PskIdentity", StringValue("sensor-1"));
        socket->AssignStreams(300);
        socket->SetResumptionTicket(ticket);
        socket->TraceConnectWithoutContext("HandshakeCompleted",
                                           MakeCallback(&Reconnect::OnCompleted, this));
        socket->TraceConnectWithoutContext("HandshakeFailed",
                                           MakeCallback(&Reconnect::OnFailed, this));
        socket->TraceConnectWithoutContext("SessionInvalidated",
                                           MakeCallback(&Reconnect::OnInvalidated, this));
        socket->Connect(t.serverAddress);
    }

    void OnCompleted(const Address&, const DtlsHandshakeStats& s)
    {
        completed = true;
        stats = s;
    }

    void OnFailed(const Address&, const std::string& reason)
    {
        failures.push_back(reason);
    }

    void OnInvalidated(const std::string& identity, const std::string& reason)
    {
        invalidated.emplace_back(identity, reason);
    }
};

/// SessionInvalidated of a server, with the time it was traced
struct InvalidationLog
{
    std::vector<std::pair<Time, std::string>> entries; //!< (time, "identity: reason")

    /**
     * \param identity PSK identity
     * \param reason why
     */
    void Add(const std::string& identity, const std::string& reason)
    {
        entries.emplace_back(Simulator::Now(), identity + ": " + reason);
    }
};

/**
 * \param node a node
 * \param key the new key of "sensor-1" in its DtlsPskStore
 */
void
Rekey(Ptr<Node> node, const Bytes& key)
{
    node->GetObject<DtlsPskStore>()->SetPsk("sensor-1", key);
}

} // namespace

/**
 * \ingroup iotsec-tests
 * \brief DtlsPskStore counts a key generation per identity: a different key or a removal
 * moves it on, the same key again does not, and it survives a removal.
 */
class DtlsPskStoreGenerationTestCase : public TestCase
{
  public:
    DtlsPskStoreGenerationTestCase()
        : TestCase("DtlsPskStore: key generations move on every key change and removal")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<DtlsPskStore> store = CreateObject<DtlsPskStore>();
        uint32_t changes = 0;
        store->TraceConnectWithoutContext(
            "PskChanged",
            MakeCallback(+[](uint32_t* n, const std::string&, bool, bool) {
                ++*n;
            }).Bind(&changes));
        Bytes id = {'s', '-', '1'};
        NS_TEST_ASSERT_MSG_EQ(store->GetGeneration("s-1"), 0u, "never had a key");
        store->SetPsk("s-1", Bytes(16, 1));
        NS_TEST_ASSERT_MSG_EQ(store->GetGeneration("s-1"), 1u, "first key");
        store->SetPsk("s-1", Bytes(16, 1));
        NS_TEST_ASSERT_MSG_EQ(store->GetGeneration("s-1"), 1u, "the same key is no change");
        store->SetPsk("s-1", Bytes(16, 2));
        NS_TEST_ASSERT_MSG_EQ(store->GetPskGeneration(id), 2u, "a new key");
        store->SetPsk("other", Bytes(16, 2));
        NS_TEST_ASSERT_MSG_EQ(store->GetGeneration("s-1"), 2u, "per identity");
        NS_TEST_ASSERT_MSG_EQ(store->GetGeneration("other"), 1u, "per identity");
        NS_TEST_ASSERT_MSG_EQ(store->RemovePsk("s-1"), true, "removed");
        NS_TEST_ASSERT_MSG_EQ(store->GetGeneration("s-1"), 3u, "a removal moves it on");
        NS_TEST_ASSERT_MSG_EQ(store->RemovePsk("s-1"), false, "already gone");
        NS_TEST_ASSERT_MSG_EQ(store->GetGeneration("s-1"), 3u, "nothing removed, no change");
        store->SetPsk("s-1", Bytes(16, 2));
        NS_TEST_ASSERT_MSG_EQ(store->GetGeneration("s-1"),
                              4u,
                              "the old key back is a new generation: old sessions stay dead");
        NS_TEST_ASSERT_MSG_EQ(changes, 6u, "every SetPsk and effective RemovePsk traced");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief After SetPsk with a new key on both nodes, a session is not resumed: the server
 * drops its cached session at once, the client does not offer its ticket (both traced), and
 * a full handshake with the new key succeeds.
 */
class DtlsSocketRekeyResumptionTestCase : public TestCase
{
  public:
    DtlsSocketRekeyResumptionTestCase()
        : TestCase("DtlsSocket: after SetPsk on both sides, a full handshake replaces resumption")
    {
    }

  private:
    void DoRun() override
    {
        DtlsHelper helper;
        Testbed t(helper, 1);
        InvalidationLog serverLog;
        t.server->TraceConnectWithoutContext("SessionInvalidated",
                                             MakeCallback(&InvalidationLog::Add, &serverLog));
        t.Run(Seconds(5));
        IOTSEC_TEST_REQUIRE(t.client->IsEstablished(), "first handshake");
        DtlsSessionTicket ticket = t.client->GetSocket()->GetResumptionTicket();
        IOTSEC_TEST_REQUIRE(ticket.IsValid(), "ticket");

        // control: the ticket resumes while the keys are unchanged
        Reconnect control;
        control.Start(t, ticket);
        t.Run(Seconds(2));
        IOTSEC_TEST_REQUIRE(control.completed, "control handshake");
        NS_TEST_ASSERT_MSG_EQ(control.stats.resumed, true, "resumed before re-keying");

        // out-of-band re-keying of both nodes
        Bytes newKey = DtlsHelper::DeriveKey("test", 2);
        Time rekeyAt = Simulator::Now();
        Rekey(t.nodes.Get(0), newKey);
        Rekey(t.nodes.Get(1), newKey);
        IOTSEC_TEST_REQUIRE(serverLog.entries.size() == 1, "server dropped the cached session");
        NS_TEST_ASSERT_MSG_EQ(serverLog.entries[0].first, rekeyAt, "as soon as the key changed");
        NS_TEST_ASSERT_MSG_EQ(serverLog.entries[0].second, "sensor-1: psk changed", "traced");

        Reconnect after;
        after.Start(t, ticket);
        t.Run(Seconds(2));
        NS_TEST_ASSERT_MSG_EQ(after.failures.size(), 0u, "no failure");
        IOTSEC_TEST_REQUIRE(after.completed, "full handshake with the new key");
        NS_TEST_ASSERT_MSG_EQ(after.stats.resumed, false, "not resumed");
        NS_TEST_ASSERT_MSG_EQ(after.stats.flights, 6u, "a full handshake: six flights");
        IOTSEC_TEST_REQUIRE(after.invalidated.size() == 1, "client did not offer the ticket");
        NS_TEST_ASSERT_MSG_EQ(after.invalidated[0].first, "sensor-1", "identity");
        NS_TEST_ASSERT_MSG_EQ(after.invalidated[0].second, "psk changed", "reason");
        NS_TEST_ASSERT_MSG_EQ(serverLog.entries.size(), 1u, "nothing more to drop");

        // the new session resumes under the new key
        Reconnect again;
        again.Start(t, after.socket->GetResumptionTicket());
        t.Run(Seconds(2));
        IOTSEC_TEST_REQUIRE(again.completed, "resumption of the new session");
        NS_TEST_ASSERT_MSG_EQ(again.stats.resumed, true, "resumed");
        NS_TEST_ASSERT_MSG_EQ(again.invalidated.size(), 0u, "a current ticket");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief A client that still holds only the old key, after the server was re-keyed, fails:
 * its ticket is no longer resumed, and the server rejects its Finished (bad_record_mac).
 */
class DtlsSocketStaleKeyTestCase : public TestCase
{
  public:
    DtlsSocketStaleKeyTestCase()
        : TestCase("DtlsSocket: a client with only the old key fails after the server re-keyed")
    {
    }

  private:
    void DoRun() override
    {
        DtlsHelper helper;
        Testbed t(helper, 1);
        InvalidationLog serverLog;
        t.server->TraceConnectWithoutContext("SessionInvalidated",
                                             MakeCallback(&InvalidationLog::Add, &serverLog));
        std::vector<std::string> serverFailures;
        t.server->TraceConnectWithoutContext("HandshakeFailed",
                                             MakeCallback(+[](std::vector<std::string>* out,
                                                              const Address&,
                                                              const std::string& reason) {
                                                 out->push_back(reason);
                                             }).Bind(&serverFailures));
        t.Run(Seconds(5));
        IOTSEC_TEST_REQUIRE(t.client->IsEstablished(), "first handshake");
        DtlsSessionTicket ticket = t.client->GetSocket()->GetResumptionTicket();
        Rekey(t.nodes.Get(1), DtlsHelper::DeriveKey("test", 2));
        NS_TEST_EXPECT_MSG_EQ(serverLog.entries.size(), 1u, "server dropped the session");

        Reconnect stale;
        stale.Start(t, ticket);
        t.Run(Seconds(2));
        NS_TEST_ASSERT_MSG_EQ(stale.completed, false, "the old key does not get in");
        NS_TEST_ASSERT_MSG_EQ(stale.invalidated.size(), 0u, "the client's ticket looked current");
        IOTSEC_TEST_REQUIRE(stale.failures.size() == 1, "client failure traced");
        NS_TEST_ASSERT_MSG_NE(stale.failures[0].find("bad_record_mac"),
                              std::string::npos,
                              "client: " << stale.failures[0]);
        IOTSEC_TEST_REQUIRE(serverFailures.size() == 1, "server failure traced");
        NS_TEST_ASSERT_MSG_NE(serverFailures[0].find("bad_record_mac"),
                              std::string::npos,
                              "server rejects the Finished: " << serverFailures[0]);
        NS_TEST_ASSERT_MSG_EQ(t.client->IsEstablished(),
                              true,
                              "the association made before the change keeps its keys");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief RestartHandshake through the sockets: a handshake restarted after both nodes were
 * re-keyed uses the new key (the client looks it up again at the new ClientHello).
 */
class DtlsSocketRekeyRestartTestCase : public TestCase
{
  public:
    DtlsSocketRekeyRestartTestCase()
        : TestCase("DtlsSocket RestartHandshake: the restart after a key change uses the new key")
    {
    }

  private:
    void DoRun() override
    {
        DtlsHelper helper;
        helper.SetSocketAttribute("LossRecovery", StringValue("RestartHandshake"));
        Testbed t(helper, 1);
        t.drop[0]->flight = 4; // lost at about 2.03 s; the client restarts 1 s later
        Bytes newKey = DtlsHelper::DeriveKey("test", 2);
        Simulator::Schedule(Seconds(2.5), [&t, newKey]() {
            Rekey(t.nodes.Get(0), newKey);
            Rekey(t.nodes.Get(1), newKey);
        });
        std::vector<std::string> failures;
        t.client->TraceConnectWithoutContext("HandshakeFailed",
                                             MakeCallback(+[](std::vector<std::string>* out,
                                                              const Address&,
                                                              const std::string& reason) {
                                                 out->push_back(reason);
                                             }).Bind(&failures));
        t.Run(Seconds(10));
        NS_TEST_ASSERT_MSG_EQ(t.drop[0]->dropped, 1u, "flight 4 dropped");
        NS_TEST_ASSERT_MSG_EQ(t.restarts, 1u, "one restart");
        IOTSEC_TEST_REQUIRE(t.clientFlights.size() >= 3, "flights");
        NS_TEST_ASSERT_MSG_GT(t.clientFlights[2].first, Seconds(2.5), "restarted after the change");
        NS_TEST_ASSERT_MSG_EQ(failures.size(), 0u, "no failure");
        NS_TEST_ASSERT_MSG_EQ(t.client->IsEstablished(), true, "established with the new key");
        NS_TEST_ASSERT_MSG_EQ(t.client->GetEchoRtts().size(), 1u, "data flows");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief A flood of ClientHellos from 2,000 source ports costs the server socket no state:
 * each gets a stateless HelloVerifyRequest, the socket keeps no address for them, and the
 * real client that follows completes its handshake.
 */
class DtlsSocketFloodTestCase : public TestCase
{
  public:
    DtlsSocketFloodTestCase()
        : TestCase("socket: a ClientHello flood from many ports leaves no per-peer state")
    {
    }

  private:
    void DoRun() override
    {
        DtlsHelper helper;
        Testbed t(helper, 1);
        t.client->SetStartTime(Seconds(20));
        // One real ClientHello, sent from 2,000 UDP sockets of the client node
        Ptr<UniformRandomVariable> rng = CreateObject<UniformRandomVariable>();
        StreamEngineRandom random(rng);

        iotsectest::DtlsSendCapture capture;

        DtlsConfig c;
        c.pskIdentity = Bytes{'x'};
        c.psk = Bytes(16, 1);
        DtlsSession flooder(c, random, capture);
        flooder.Connect(Seconds(0));
        IOTSEC_TEST_REQUIRE(capture.out.size() == 1, "a ClientHello");
        const uint32_t sources = 2000;
        std::vector<Ptr<Socket>> sockets;
        uint32_t answers = 0;
        for (uint32_t i = 0; i < sources; ++i)
        {
            Ptr<Socket> s = Socket::CreateSocket(t.nodes.Get(0), UdpSocketFactory::GetTypeId());
            s->Bind6();
            s->SetRecvCallback(MakeCallback(+[](uint32_t* n, Ptr<Socket> socket) {
                                   while (socket->Recv())
                                   {
                                       ++*n;
                                   }
                               }).Bind(&answers));
            sockets.push_back(s);
            Bytes hello = capture.out[0];
            Simulator::Schedule(Seconds(2) + MilliSeconds(5 * i), [s, hello, &t]() {
                s->SendTo(Create<Packet>(hello.data(), hello.size()), 0, t.serverAddress);
            });
        }
        uint32_t knownAfterFlood = 0;
        uint32_t associationsAfterFlood = 1;
        Simulator::Schedule(Seconds(19), [&t, &knownAfterFlood, &associationsAfterFlood]() {
            knownAfterFlood = t.server->GetSocket()->GetKnownPeers();
            associationsAfterFlood = t.server->GetSocket()->GetAssociationCount();
        });
        t.Run(Seconds(40));
        NS_TEST_EXPECT_MSG_EQ(answers, sources, "a HelloVerifyRequest for each");
        NS_TEST_EXPECT_MSG_EQ(t.server->GetSocket()->GetHelloVerifyRequests(),
                              sources + 1,
                              "counted, and one for the real client");
        NS_TEST_EXPECT_MSG_EQ(associationsAfterFlood, 0u, "no association for the flood");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(knownAfterFlood, 16u, "no address kept for the flood");
        NS_TEST_EXPECT_MSG_EQ(t.client->IsEstablished(), true, "the real client gets in");
        NS_TEST_EXPECT_MSG_EQ(t.server->GetSocket()->GetKnownPeers(), 1u, "its address is kept");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The DtlsSocket test suite.
 */
class DtlsSocketTestSuite : public TestSuite
{
  public:
    DtlsSocketTestSuite()
        : TestSuite("iotsec-dtls-socket", Type::UNIT)
    {
        AddTestCase(new DtlsSocketBasicTestCase, iotsectest::QUICK);
        AddTestCase(new DtlsSocketFlightLossTestCase, iotsectest::QUICK);
        AddTestCase(new DtlsSocketRestartTestCase, iotsectest::QUICK);
        AddTestCase(new DtlsSocketHooksTestCase, iotsectest::QUICK);
        AddTestCase(new DtlsSocketDatagramTestCase, iotsectest::QUICK);
        AddTestCase(new DtlsPskStoreGenerationTestCase, iotsectest::QUICK);
        AddTestCase(new DtlsSocketRekeyResumptionTestCase, iotsectest::QUICK);
        AddTestCase(new DtlsSocketStaleKeyTestCase, iotsectest::QUICK);
        AddTestCase(new DtlsSocketRekeyRestartTestCase, iotsectest::QUICK);
        AddTestCase(new DtlsSocketFloodTestCase, iotsectest::QUICK);
    }
};

/// Static instance: registers the suite
static DtlsSocketTestSuite g_dtlsSocketTestSuite;
