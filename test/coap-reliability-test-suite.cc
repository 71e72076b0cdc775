/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Reliability of CoAP over ns-3 sockets: the first k transmissions of a CON request are lost
// at the server, and the retransmission instants are checked against RFC 7252 section 4.2.

#include "coap-test-topology.h"
#include "iotsec-test.h"

#include "ns3/coap-client-application.h"
#include "ns3/coap-helper.h"
#include "ns3/coap-server-application.h"
#include "ns3/coap-socket-binding.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/string.h"

#include <string>
#include <vector>

using namespace ns3;

/**
 * \ingroup iotsec-tests
 * \brief Lose the first k transmissions of a CON GET and check the back-off.
 */
class CoapRetransmissionTestCase : public TestCase
{
  public:
    /**
     * \param lost transmissions lost (1 + MAX_RETRANSMIT = 5 loses them all)
     * \param run the RngRun, which changes the initial timeout
     */
    CoapRetransmissionTestCase(uint32_t lost, uint32_t run)
        : TestCase("first " + std::to_string(lost) + " transmissions lost, run " +
                   std::to_string(run) + ": RFC 7252 back-off"),
          m_lost(lost),
          m_run(run)
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetRun(m_run);
        iotsectest::CoapPair pair;
        Ptr<iotsectest::CoapDropModel> drop = CreateObject<iotsectest::CoapDropModel>();
        drop->count = m_lost;
        pair.SetReceiveErrorModel(1, drop);

        CoapHelper coap;
        coap.SetServerAttribute("Resources", StringValue("static /temp 22.3 C"));
        ApplicationContainer server = coap.InstallServer(pair.nodes.Get(1));
        coap.SetClientAttribute("Script", StringValue("GET /temp"));
        ApplicationContainer client =
            coap.InstallClient(pair.nodes.Get(0), Inet6SocketAddress(pair.Address(1), 5683));
        CoapHelper::AssignStreams(server, 10);
        CoapHelper::AssignStreams(client, 20);
        server.Start(Seconds(0));
        client.Start(Seconds(1));

        Ptr<CoapClientApplication> app = DynamicCast<CoapClientApplication>(client.Get(0));
        std::vector<Time> sent;
        uint32_t timeouts = 0;
        Time timeoutAt;
        Ptr<CoapSocketBinding> binding = app->GetBinding();
        binding->TraceConnectWithoutContext(
            "RequestSent",
            MakeBoundCallback(
                +[](std::vector<Time>* v, const std::string&, uint8_t, uint16_t, Time) {
                    v->push_back(Simulator::Now());
                },
                &sent));
        binding->TraceConnectWithoutContext(
            "Retransmission",
            MakeBoundCallback(
                +[](std::vector<Time>* v, const std::string&, uint16_t, uint32_t) {
                    v->push_back(Simulator::Now());
                },
                &sent));
        binding->TraceConnectWithoutContext(
            "Timeout",
            MakeBoundCallback(
                +[](std::pair<uint32_t*, Time*> out, const std::string&, uint16_t, uint32_t) {
                    ++*out.first;
                    *out.second = Simulator::Now();
                },
                std::make_pair(&timeouts, &timeoutAt)));

        Simulator::Stop(Seconds(200));
        Simulator::Run();

        const uint32_t maxRetransmit = 4;
        uint32_t transmissions = std::min(m_lost + 1, maxRetransmit + 1);
        NS_TEST_ASSERT_MSG_EQ(sent.size(), transmissions, "transmissions by the client");
        if (sent.size() != transmissions)
        {
            return;
        }
        NS_TEST_EXPECT_MSG_EQ(drop->arrivals.size(), transmissions, "all reached the server");
        // The first timeout is uniform in [ACK_TIMEOUT, ACK_TIMEOUT * ACK_RANDOM_FACTOR]
        Time first = sent[1] - sent[0];
        NS_TEST_EXPECT_MSG_GT_OR_EQ(first, Seconds(2), "first timeout >= 2 s");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(first, Seconds(3), "first timeout <= 3 s");
        // and each later one is exactly double the previous
        for (std::size_t i = 2; i < sent.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(sent[i] - sent[i - 1],
                                  (sent[i - 1] - sent[i - 2]) * 2,
                                  "timeout " << i << " doubles");
        }
        NS_TEST_ASSERT_MSG_EQ(app->GetRecords().size(), 1u, "one step recorded");
        if (app->GetRecords().empty())
        {
            return;
        }
        const CoapClientRecord& rec = app->GetRecords()[0];
        if (m_lost <= maxRetransmit)
        {
            NS_TEST_EXPECT_MSG_EQ(rec.ok, true, rec.error);
            NS_TEST_EXPECT_MSG_EQ(rec.code, CoapCode::CONTENT, "2.05");
            NS_TEST_EXPECT_MSG_EQ(rec.retransmissions, m_lost, "retransmissions counted");
            NS_TEST_EXPECT_MSG_EQ(timeouts, 0u, "no timeout");
        }
        else
        {
            // Given up MAX_RETRANSMIT retransmissions later, after the last (doubled) timeout:
            // 31 initial timeouts after the first transmission
            NS_TEST_EXPECT_MSG_EQ(rec.ok, false, "failed");
            NS_TEST_EXPECT_MSG_EQ(rec.error, "timeout", "timeout");
            NS_TEST_EXPECT_MSG_EQ(timeouts, 1u, "Timeout traced once");
            NS_TEST_EXPECT_MSG_EQ(timeoutAt - sent[0], first * 31, "given up at 31 x T0");
            NS_TEST_EXPECT_MSG_EQ(rec.retransmissions, maxRetransmit, "MAX_RETRANSMIT");
        }
        Simulator::Destroy();
        RngSeedManager::SetRun(1);
    }

    uint32_t m_lost; //!< transmissions lost
    uint32_t m_run;  //!< RngRun
};

/**
 * \ingroup iotsec-tests
 * \brief The first ACK is lost: the duplicate request gets the cached response.
 */
class CoapSimulatedDuplicateTestCase : public TestCase
{
  public:
    CoapSimulatedDuplicateTestCase()
        : TestCase("lost ACK: the retransmitted CON is a duplicate; handler runs once")
    {
    }

  private:
    void DoRun() override
    {
        iotsectest::CoapPair pair;
        Ptr<iotsectest::CoapDropModel> drop = CreateObject<iotsectest::CoapDropModel>();
        drop->count = 1;
        drop->matchSource = true; // the server's response, arriving at the client
        pair.SetReceiveErrorModel(0, drop);
        CoapHelper coap;
        coap.SetServerAttribute("Resources", StringValue("settable /lights/3 off"));
        ApplicationContainer server = coap.InstallServer(pair.nodes.Get(1));
        coap.SetClientAttribute("Script", StringValue("PUT /lights/3 on"));
        ApplicationContainer client =
            coap.InstallClient(pair.nodes.Get(0), Inet6SocketAddress(pair.Address(1), 5683));
        CoapHelper::AssignStreams(server, 10);
        CoapHelper::AssignStreams(client, 20);
        client.Start(Seconds(1));
        Ptr<CoapServerApplication> srv = DynamicCast<CoapServerApplication>(server.Get(0));
        uint32_t duplicates = 0;
        srv->GetBinding()->TraceConnectWithoutContext(
            "Duplicate",
            MakeBoundCallback(
                +[](uint32_t* n, const std::string&, uint16_t, uint32_t) { ++*n; },
                &duplicates));
        Simulator::Stop(Seconds(30));
        Simulator::Run();
        Ptr<CoapClientApplication> app = DynamicCast<CoapClientApplication>(client.Get(0));
        NS_TEST_ASSERT_MSG_EQ(app->GetRecords().size(), 1u, "one step");
        if (app->GetRecords().size() != 1u)
        {
            return;
        }
        const CoapClientRecord& rec = app->GetRecords()[0];
        NS_TEST_EXPECT_MSG_EQ(rec.ok, true, rec.error);
        NS_TEST_EXPECT_MSG_EQ(rec.code, CoapCode::CHANGED, "2.04");
        NS_TEST_EXPECT_MSG_EQ(rec.retransmissions, 1u, "retransmitted once");
        NS_TEST_EXPECT_MSG_EQ(duplicates, 1u, "the server saw one duplicate");
        NS_TEST_EXPECT_MSG_EQ(srv->GetHandlerCount("/lights/3"), 1u, "handler ran once");
        NS_TEST_EXPECT_MSG_EQ(srv->GetValue("/lights/3"), "on", "set");
        NS_TEST_EXPECT_MSG_EQ(drop->arrivals.size(), 2u, "two responses reached the client");
        Simulator::Destroy();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The CoAP reliability test suite.
 */
class CoapReliabilityTestSuite : public TestSuite
{
  public:
    CoapReliabilityTestSuite()
        : TestSuite("iotsec-coap-reliability", Type::UNIT)
    {
        for (uint32_t run : {1, 2, 3})
        {
            for (uint32_t lost = 1; lost <= 5; ++lost)
            {
                AddTestCase(new CoapRetransmissionTestCase(lost, run), iotsectest::QUICK);
            }
        }
        AddTestCase(new CoapSimulatedDuplicateTestCase, iotsectest::QUICK);
    }
};

/// Static instance: registers the suite
static CoapReliabilityTestSuite g_coapReliabilityTestSuite;
