/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The RAM model with real DtlsSockets and real handshakes: a Class 1 sensor whose budget
// holds k associations refuses the (k+1)-th, and a client that cannot hold another
// association fails its Connect().

#include "iotsec-test.h"
#include "node-test-topology.h"

#include "ns3/error-model.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/pointer.h"
#include "ns3/uinteger.h"

using namespace ns3;
using namespace ns3::iotsectest;

namespace
{

/// What a RamModel's Refused trace reported
struct Refusal
{
    std::string kind;   //!< kind
    uint32_t used;      //!< bytes held
    uint32_t requested; //!< bytes asked for
    uint32_t budget;    //!< budget
};

/**
 * \param out where to record
 * \param kind kind
 * \param used bytes held
 * \param requested bytes asked for
 * \param budget budget
 */
void
RecordRefusal(std::vector<Refusal>* out,
              const std::string& kind,
              uint32_t used,
              uint32_t requested,
              uint32_t budget)
{
    out->push_back(Refusal{kind, used, requested, budget});
}

/// AssociationRamBytes, the DtlsSocket default each new association asks for
const uint32_t ASSOCIATION_BYTES = 448;
/// A DTLS server's cookie secret, held while it listens
const uint32_t COOKIE_SECRET_BYTES = 32;

/**
 * \ingroup iotsec-tests
 * \brief Drops received DTLS handshake datagrams of one flight (by their DtlsFlightTag): at
 * most a given number of them, and only before a given time.
 */
class DropFlightErrorModel : public ErrorModel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::iotsectest::DropFlightErrorModel")
                                .SetParent<ErrorModel>()
                                .SetGroupName("Iotsec");
        return tid;
    }

    uint8_t flight{0};       //!< the flight to drop
    uint32_t remaining{1};   //!< how many datagrams still to drop
    Time until{Time::Max()}; //!< drop only before this time
    uint32_t dropped{0};     //!< datagrams dropped

  private:
    bool DoCorrupt(Ptr<Packet> p) override
    {
        DtlsFlightTag tag;
        if (remaining > 0 && Simulator::Now() < until && p->PeekPacketTag(tag) &&
            tag.GetContent() == DtlsFlightTag::HANDSHAKE && tag.GetFlight() == flight)
        {
            --remaining;
            ++dropped;
            return true;
        }
        return false;
    }

    void DoReset() override
    {
    }
};

/**
 * \param t the testbed
 * \param node the node whose point-to-point device drops
 * \param flight the flight
 * \param count how many datagrams of it
 * \param until only before this time
 * \return the error model
 */
Ptr<DropFlightErrorModel>
DropFlight(NodeTestbed& t, uint32_t node, uint8_t flight, uint32_t count, Time until = Time::Max())
{
    Ptr<DropFlightErrorModel> em = CreateObject<DropFlightErrorModel>();
    em->flight = flight;
    em->remaining = count;
    em->until = until;
    Ptr<Node> n = t.nodes.Get(node);
    for (uint32_t i = 0; i < n->GetNDevices(); ++i)
    {
        if (DynamicCast<PointToPointNetDevice>(n->GetDevice(i)))
        {
            n->GetDevice(i)->SetAttribute("ReceiveErrorModel", PointerValue(em));
        }
    }
    return em;
}

} // namespace

/**
 * \ingroup iotsec-tests
 * \brief A TelosB sensor whose budget holds k associations refuses the (k+1)-th.
 */
class NodeRamServerTestCase : public TestCase
{
  public:
    /**
     * \param k associations the budget holds
     * \param budget the sensor's SecurityRamBytes (0: the TelosB preset's)
     */
    NodeRamServerTestCase(uint32_t k, uint32_t budget)
        : TestCase("RAM: a Class 1 sensor holding k = " + std::to_string(k) +
                   " associations refuses the next" + (budget ? "" : " (TelosB's own budget)")),
          m_k(k),
          m_budget(budget)
    {
    }

  private:
    uint32_t m_k;      //!< associations the budget holds
    uint32_t m_budget; //!< SecurityRamBytes, 0 for the preset's

    void DoRun() override
    {
        const uint32_t k = m_k;
        NodeModelHelper client; // Unconstrained
        NodeModelHelper sensor;
        sensor.SetPreset("TelosB");
        if (m_budget)
        {
            sensor.SetProfileAttribute("SecurityRamBytes", UintegerValue(m_budget));
        }
        NodeTestbed t(client, sensor);
        t.dtls.SetSocketAttribute("MaxRetransmissions", UintegerValue(1));
        for (uint32_t i = 0; i <= k; ++i)
        {
            t.AddClient(Seconds(2 + 2 * i)); // one handshake after the other
        }
        Ptr<RamModel> ram = NodeModelHelper::GetRam(t.nodes.Get(1));
        IOTSEC_TEST_REQUIRE(ram, "the sensor has a RAM model");
        std::vector<Refusal> refusals;
        ram->TraceConnectWithoutContext("Refused", MakeBoundCallback(&RecordRefusal, &refusals));
        uint32_t sessionRefused = 0;
        t.server->TraceConnectWithoutContext(
            "SessionRefused",
            MakeCallback(+[](uint32_t* n, const Address&, DtlsRefuseReason reason) {
                *n += reason == DtlsRefuseReason::RAM_BUDGET ? 1 : 1000; // the RAM, nothing else
            }).Bind(&sessionRefused));
        uint32_t heldBeforeLast = 0;
        Simulator::Schedule(Seconds(2 + 2 * k) - MilliSeconds(1), [&t, &heldBeforeLast]() {
            heldBeforeLast = t.server->GetSocket()->GetSecurityStateBytes();
        });
        t.Run(Seconds(20));

        for (uint32_t i = 0; i < k; ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(t.clients[i]->IsEstablished(),
                                  true,
                                  "association " << i + 1 << " of " << k << " established");
        }
        NS_TEST_EXPECT_MSG_EQ(t.clients[k]->IsEstablished(), false, "association k+1 refused");
        NS_TEST_EXPECT_MSG_EQ(t.clients[k]->HasFailed(), true, "its client gives up");
        NS_TEST_EXPECT_MSG_EQ(t.server->GetSocket()->GetAssociationCount(), k, "k associations");
        // The ClientHello that echoes the cookie, and its one retransmission, are refused
        NS_TEST_EXPECT_MSG_EQ(ram->GetRefused(), 2u, "refusal counter");
        NS_TEST_EXPECT_MSG_EQ(sessionRefused, 2u, "SessionRefused trace");
        NS_TEST_EXPECT_MSG_EQ(t.server->GetSocket()->GetRefused(), 2u, "socket's counter");
        NS_TEST_EXPECT_MSG_EQ(ram->GetAdmitted(), k, "k admitted");
        IOTSEC_TEST_REQUIRE(refusals.size() == 2, "Refused trace fired twice");
        NS_TEST_EXPECT_MSG_EQ(refusals[0].kind, "dtls", "kind");
        NS_TEST_EXPECT_MSG_EQ(refusals[0].requested, ASSOCIATION_BYTES, "asked for");
        NS_TEST_EXPECT_MSG_EQ(refusals[0].budget, ram->GetBudgetBytes(), "budget");
        NS_TEST_EXPECT_MSG_EQ(refusals[0].used, heldBeforeLast, "held: the k associations");
        NS_TEST_EXPECT_MSG_GT(refusals[0].used + ASSOCIATION_BYTES,
                              ram->GetBudgetBytes(),
                              "which is why it did not fit");
        NS_TEST_EXPECT_MSG_EQ(ram->GetUsedBytes(),
                              t.server->GetSocket()->GetSecurityStateBytes(),
                              "the RAM model charges what the socket holds");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(ram->GetUsedBytes(), ram->GetBudgetBytes(), "within budget");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief A client whose budget holds one association fails its second Connect().
 */
class NodeRamClientTestCase : public TestCase
{
  public:
    NodeRamClientTestCase()
        : TestCase("RAM: a client that cannot hold another association fails its Connect")
    {
    }

  private:
    void DoRun() override
    {
        NodeModelHelper client;
        client.SetPreset("TelosB");
        client.SetProfileAttribute("SecurityRamBytes", UintegerValue(ASSOCIATION_BYTES));
        NodeModelHelper server; // Unconstrained
        NodeTestbed t(client, server);
        Ptr<DtlsClientApplication> first = t.AddClient(Seconds(2));
        Ptr<DtlsClientApplication> second = t.AddClient(Seconds(4));
        std::vector<DtlsRefuseReason> refused;
        second->TraceConnectWithoutContext("SessionRefused",
                                           MakeCallback(+[](std::vector<DtlsRefuseReason>* out,
                                                            const Address&,
                                                            DtlsRefuseReason r) {
                                               out->push_back(r);
                                           }).Bind(&refused));
        uint32_t started = 0;
        second->TraceConnectWithoutContext(
            "HandshakeStarted",
            MakeCallback(+[](uint32_t* n, const Address&) { ++*n; }).Bind(&started));
        t.Run(Seconds(10));

        NS_TEST_EXPECT_MSG_EQ(first->IsEstablished(), true, "the first association fits");
        NS_TEST_EXPECT_MSG_EQ(second->IsEstablished(), false, "the second does not");
        NS_TEST_EXPECT_MSG_EQ(second->HasFailed(), true, "connect-failed callback");
        IOTSEC_TEST_REQUIRE(refused.size() == 1, "SessionRefused trace");
        NS_TEST_EXPECT_MSG_EQ(DtlsRefuseReasonName(refused[0]), "ram_budget", "the reason");
        NS_TEST_EXPECT_MSG_EQ(started, 0u, "no handshake was started");
        IOTSEC_TEST_REQUIRE(second->GetSocket(), "the second socket exists");
        NS_TEST_EXPECT_MSG_EQ(second->GetSocket()->GetRefused(), 1u, "socket's counter");
        NS_TEST_EXPECT_MSG_EQ(second->GetSocket()->GetAssociationCount(), 0u, "no state");
        Ptr<RamModel> ram = NodeModelHelper::GetRam(t.nodes.Get(0));
        IOTSEC_TEST_REQUIRE(ram, "the client has a RAM model");
        NS_TEST_EXPECT_MSG_EQ(ram->GetRefused(), 1u, "refusal counter");
        NS_TEST_EXPECT_MSG_EQ(t.server->GetSocket()->GetAssociationCount(),
                              1u,
                              "the server saw one association");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The RAM model's accounting on its own, and the Class 0 profile.
 */
class NodeRamAccountingTestCase : public TestCase
{
  public:
    NodeRamAccountingTestCase()
        : TestCase("RAM: holders, admission arithmetic, Class 0 cannot host DTLS")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<DeviceProfile> profile = DeviceProfile::CreatePreset("TelosB");
        profile->SetAttribute("SecurityRamBytes", UintegerValue(1000));
        Ptr<RamModel> ram = CreateObject<RamModel>();
        ram->SetProfile(profile);
        uint32_t a = 300;
        uint32_t b = 200;
        uint32_t ida =
            ram->AddHolder("dtls", MakeCallback(+[](uint32_t* x) { return *x; }).Bind(&a));
        ram->AddHolder("coap", MakeCallback(+[](uint32_t* x) { return *x; }).Bind(&b));
        NS_TEST_EXPECT_MSG_EQ(ram->GetUsedBytes(), 500u, "300 + 200");
        NS_TEST_EXPECT_MSG_EQ(ram->GetUsedBytes("coap"), 200u, "by kind");
        NS_TEST_EXPECT_MSG_EQ(ram->Admit("dtls", 500), true, "500 + 500 <= 1000");
        NS_TEST_EXPECT_MSG_EQ(ram->Admit("dtls", 501), false, "500 + 501 > 1000");
        a = 600; // a holder's state grew
        NS_TEST_EXPECT_MSG_EQ(ram->Admit("coap", 201), false, "800 + 201 > 1000");
        NS_TEST_EXPECT_MSG_EQ(ram->GetPeakBytes(), 800u, "peak seen at admission");
        ram->RemoveHolder(ida);
        NS_TEST_EXPECT_MSG_EQ(ram->GetUsedBytes(), 200u, "holder removed");
        NS_TEST_EXPECT_MSG_EQ(ram->GetRefused(), 2u, "two refusals");
        NS_TEST_EXPECT_MSG_EQ(ram->GetAdmitted(), 1u, "one admission");

        // Class 0: no RAM for security state, and no DTLS (RamModel::Require aborts)
        Ptr<DeviceProfile> mote = DeviceProfile::CreatePreset("Class0Mote");
        NS_TEST_EXPECT_MSG_EQ(mote->CanHostDtls(), false, "Class 0 cannot host DTLS");
        NS_TEST_EXPECT_MSG_EQ(mote->GetSecurityRamBytes(), 0u, "no security RAM");
        NS_TEST_EXPECT_MSG_EQ(DeviceProfile::CreatePreset("TelosB")->CanHostDtls(),
                              true,
                              "Class 1");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief RFC 6347, 4.2.8: a cookie-verified ClientHello from a peer that still has an
 * association (or a half-open handshake) replaces it, and admission counts the state the
 * replacement frees: a TelosB sensor that can hold one association admits the very client it
 * is talking to when that client restarts its handshake.
 */
class NodeRamReplaceTestCase : public TestCase
{
  public:
    /// \param flight the server flight lost once (4: half-open; 6: the server is established)
    explicit NodeRamReplaceTestCase(uint8_t flight)
        : TestCase("RAM: a restarted handshake replaces its own " +
                   std::string(flight == 4 ? "half-open handshake" : "association") +
                   " on a one-association sensor"),
          m_flight(flight)
    {
    }

  private:
    uint8_t m_flight; //!< the flight lost once

    void DoRun() override
    {
        NodeModelHelper client; // Unconstrained
        NodeModelHelper sensor;
        sensor.SetPreset("TelosB"); // 768 bytes of security RAM: one association
        NodeTestbed t(client, sensor, [](DtlsHelper& dtls) {
            dtls.SetSocketAttribute("LossRecovery", StringValue("RestartHandshake"));
        });
        Ptr<DtlsClientApplication> app = t.AddClient(Seconds(2));
        Ptr<DropFlightErrorModel> drop = DropFlight(t, 0, m_flight, 1);
        Ptr<RamModel> ram = NodeModelHelper::GetRam(t.nodes.Get(1));
        IOTSEC_TEST_REQUIRE(ram, "the sensor has a RAM model");
        uint32_t restarts = 0;
        app->TraceConnectWithoutContext(
            "HandshakeRestarted",
            MakeCallback(+[](uint32_t* n, const Address&) { ++*n; }).Bind(&restarts));
        t.Run(Seconds(20));

        NS_TEST_EXPECT_MSG_EQ(drop->dropped, 1u, "flight " << +m_flight << " was lost once");
        NS_TEST_EXPECT_MSG_EQ(restarts, 1u, "the client restarted once");
        NS_TEST_EXPECT_MSG_EQ(app->IsEstablished(), true, "the restarted handshake completed");
        Ptr<DtlsSocket> server = t.server->GetSocket();
        NS_TEST_EXPECT_MSG_EQ(server->GetReplacedAssociations(), 1u, "the old state replaced");
        NS_TEST_EXPECT_MSG_EQ(server->GetRefused(), 0u, "nothing refused");
        NS_TEST_EXPECT_MSG_EQ(ram->GetRefused(), 0u, "the RAM model refused nothing");
        NS_TEST_EXPECT_MSG_EQ(server->GetAssociationCount(), 1u, "one association");
        NS_TEST_EXPECT_MSG_EQ(
            server->IsEstablished(
                Inet6SocketAddress(t.interfaces.GetAddress(0, 1), InetPortOf(app->GetSocket()))),
            true,
            "with the client's address and port");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(ram->GetUsedBytes(), ram->GetBudgetBytes(), "within budget");
    }

    /**
     * \param socket a bound socket
     * \return its local port
     */
    static uint16_t InetPortOf(Ptr<Socket> socket)
    {
        Address local;
        socket->GetSockName(local);
        return Inet6SocketAddress::ConvertFrom(local).GetPort();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief A half-open handshake its client abandoned holds the sensor's RAM for
 * HandshakeTimeout, not forever: then its state is freed (HandshakeFailed), and the next
 * client, refused while it was held, is admitted.
 */
class NodeRamHalfOpenExpiryTestCase : public TestCase
{
  public:
    NodeRamHalfOpenExpiryTestCase()
        : TestCase("RAM: a half-open handshake is freed after HandshakeTimeout")
    {
    }

  private:
    void DoRun() override
    {
        const Time timeout = Seconds(10);
        NodeModelHelper client; // Unconstrained
        // An unconstrained CPU (no processing delay: the expiry is exactly HandshakeTimeout
        // after the HandshakeStarted trace) with RAM for the cookie secret and one association
        NodeModelHelper sensor;
        sensor.SetProfileAttribute("SecurityRamBytes",
                                   UintegerValue(COOKIE_SECRET_BYTES + ASSOCIATION_BYTES));
        NodeTestbed t(client, sensor, [timeout](DtlsHelper& dtls) {
            dtls.SetSocketAttribute("HandshakeTimeout", TimeValue(timeout));
        });
        Ptr<DtlsClientApplication> abandoned = t.AddClient(Seconds(2));
        // The second client retries its refused ClientHello 1, 3 and 7 s later (refused while
        // the first one's state is held) and 15 s later, after the expiry
        Ptr<DtlsClientApplication> next = t.AddClient(Seconds(3));
        // The first client's flight 5 never reaches the sensor until it has given up
        DropFlight(t, 1, 5, 1000, Seconds(15));
        std::vector<std::pair<Time, std::string>> failed;
        std::vector<Time> started;
        std::vector<Time> refused;
        Simulator::Schedule(Seconds(1), [&t, &failed, &started, &refused]() {
            Ptr<DtlsSocket> s = t.server->GetSocket();
            s->TraceConnectWithoutContext(
                "HandshakeFailed",
                MakeCallback(+[](std::vector<std::pair<Time, std::string>>* out,
                                 const Address&,
                                 const std::string& reason) {
                    out->emplace_back(Simulator::Now(), reason);
                }).Bind(&failed));
            s->TraceConnectWithoutContext("HandshakeStarted",
                                          MakeCallback(+[](std::vector<Time>* out, const Address&) {
                                              out->push_back(Simulator::Now());
                                          }).Bind(&started));
            s->TraceConnectWithoutContext(
                "SessionRefused",
                MakeCallback(+[](std::vector<Time>* out, const Address&, DtlsRefuseReason) {
                    out->push_back(Simulator::Now());
                }).Bind(&refused));
        });
        uint32_t heldAfter = 1;
        Simulator::Schedule(Seconds(15), [&t, &heldAfter]() {
            heldAfter = t.server->GetSocket()->GetAssociationCount();
        });
        t.Run(Seconds(30));

        Ptr<DtlsSocket> server = t.server->GetSocket();
        IOTSEC_TEST_REQUIRE(started.size() == 2, "two handshakes started at the sensor");
        IOTSEC_TEST_REQUIRE(!failed.empty(), "the half-open handshake was given up");
        NS_TEST_EXPECT_MSG_EQ(failed[0].first - started[0],
                              timeout,
                              "exactly HandshakeTimeout after its ClientHello was accepted");
        NS_TEST_EXPECT_MSG_NE(failed[0].second.find("HandshakeTimeout"),
                              std::string::npos,
                              "the reason names the attribute: " << failed[0].second);
        NS_TEST_EXPECT_MSG_EQ(server->GetExpiredHandshakes(), 1u, "one expiry counted");
        NS_TEST_EXPECT_MSG_EQ(heldAfter, 0u, "its state is freed");
        NS_TEST_EXPECT_MSG_EQ(abandoned->IsEstablished(), false, "the first client never got in");
        NS_TEST_EXPECT_MSG_EQ(refused.size(), 4u, "the second client's hello and 3 retries");
        for (Time r : refused)
        {
            NS_TEST_EXPECT_MSG_LT(r, failed[0].first, "refused while the RAM was held");
        }
        NS_TEST_EXPECT_MSG_EQ(next->IsEstablished(), true, "admitted after the expiry");
        NS_TEST_EXPECT_MSG_GT(started[1], failed[0].first, "after the expiry");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The RAM model test suite.
 */
class NodeRamTestSuite : public TestSuite
{
  public:
    NodeRamTestSuite()
        : TestSuite("iotsec-node-ram", Type::UNIT)
    {
        // room for two associations of AssociationRamBytes each
        AddTestCase(new NodeRamServerTestCase(2, 2 * ASSOCIATION_BYTES), iotsectest::QUICK);
        // the TelosB preset's 768 bytes hold one, like tinydtls's default of one peer
        AddTestCase(new NodeRamServerTestCase(1, 0), iotsectest::QUICK);
        AddTestCase(new NodeRamClientTestCase, iotsectest::QUICK);
        AddTestCase(new NodeRamReplaceTestCase(4), iotsectest::QUICK);
        AddTestCase(new NodeRamReplaceTestCase(6), iotsectest::QUICK);
        AddTestCase(new NodeRamHalfOpenExpiryTestCase, iotsectest::QUICK);
        AddTestCase(new NodeRamAccountingTestCase, iotsectest::QUICK);
    }
};

/// Static instance: registers the suite
static NodeRamTestSuite g_nodeRamTestSuite;
