/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The CoAP applications and helper in simulation: discovery, GET, PUT, Observe, Block2 and
// Block1 through ns-3 sockets.

#include "coap-test-topology.h"
#include "iotsec-test.h"

#include "ns3/coap-client-application.h"
#include "ns3/coap-helper.h"
#include "ns3/coap-server-application.h"
#include "ns3/coap-socket-binding.h"
#include "ns3/config.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <string>
#include <vector>

using namespace ns3;

/**
 * \ingroup iotsec-tests
 * \brief A scripted client against a server with every kind of resource.
 */
class CoapScriptTestCase : public TestCase
{
  public:
    CoapScriptTestCase()
        : TestCase("script: discovery, PUT, GET, OBSERVE, Block2 GET, Block1 PUT in simulation")
    {
    }

  private:
    void DoRun() override
    {
        Config::SetDefault("ns3::CoapSocketBinding::BlockSize", UintegerValue(64));
        iotsectest::CoapPair pair;
        CoapHelper coap;
        coap.SetServerAttribute(
            "Resources",
            StringValue("static /info hello ct=0 rt=info;settable /lights/3 off rt=light;"
                        "observable /temp 2s rt=temperature if=sensor;large /large 1500"));
        ApplicationContainer server = coap.InstallServer(pair.nodes.Get(1));
        coap.SetClientAttribute("Script",
                                StringValue("GET /.well-known/core; PUT /lights/3 on; "
                                            "GET /lights/3; OBSERVE /temp 7s; GET /large; "
                                            "PUT /large @1500; GET /large; GET /nothing"));
        ApplicationContainer client =
            coap.InstallClient(pair.nodes.Get(0), Inet6SocketAddress(pair.Address(1), 5683));
        CoapHelper::AssignStreams(server, 10);
        CoapHelper::AssignStreams(client, 20);
        client.Start(Seconds(1));
        Ptr<CoapClientApplication> app = DynamicCast<CoapClientApplication>(client.Get(0));
        Ptr<CoapServerApplication> srv = DynamicCast<CoapServerApplication>(server.Get(0));
        std::vector<uint32_t> observeValues;
        app->TraceConnectWithoutContext(
            "Notification",
            MakeBoundCallback(
                +[](std::vector<uint32_t>* v, const std::string&, const std::string&, uint32_t o) {
                    v->push_back(o);
                },
                &observeValues));
        std::string original;
        Simulator::Schedule(Seconds(0.5),
                            [&original, srv]() { original = srv->GetValue("/large"); });
        Simulator::Stop(Seconds(60));
        Simulator::Run();

        NS_TEST_EXPECT_MSG_EQ(app->IsDone(), true, "every step completed");
        const std::vector<CoapClientRecord>& r = app->GetRecords();
        NS_TEST_ASSERT_MSG_EQ(r.size(), 8u, "eight steps");
        if (r.size() != 8u)
        {
            return;
        }
        for (const auto& rec : r)
        {
            NS_TEST_EXPECT_MSG_EQ(rec.ok, true, rec.method << " " << rec.path << ": " << rec.error);
        }
        // Discovery
        NS_TEST_EXPECT_MSG_EQ(r[0].code, CoapCode::CONTENT, "2.05");
        const std::vector<CoapLink>& links = app->GetDiscoveredLinks();
        NS_TEST_ASSERT_MSG_EQ(links.size(), 4u, "four resources");
        if (links.size() != 4u)
        {
            return;
        }
        bool tempObservable = false;
        for (const auto& l : links)
        {
            if (l.target == "/temp")
            {
                tempObservable = l.Has("obs") && l.Get("rt").value_or("") == "temperature";
            }
        }
        NS_TEST_EXPECT_MSG_EQ(tempObservable, true, "/temp listed with obs and rt");
        NS_TEST_EXPECT_MSG_NE(r[0].payload.find("</info>;ct=0;rt=\"info\""),
                              std::string::npos,
                              r[0].payload);
        // PUT then GET
        NS_TEST_EXPECT_MSG_EQ(r[1].code, CoapCode::CHANGED, "2.04");
        NS_TEST_EXPECT_MSG_EQ(r[2].payload, "on", "the value was set");
        // Observe: registration, then a notification every 2 s for 7 s
        NS_TEST_EXPECT_MSG_GT_OR_EQ(r[3].notifications, 4u, "registration + 3 updates");
        NS_TEST_EXPECT_MSG_EQ(observeValues.size(), r[3].notifications, "traced");
        for (std::size_t i = 1; i < observeValues.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_GT(observeValues[i], observeValues[i - 1], "increasing");
        }
        NS_TEST_EXPECT_MSG_EQ(srv->GetBinding()->GetEndpoint().GetObserverCount(),
                              0u,
                              "deregistered at the end of the step");
        // Block2: 1500 bytes in 64-byte blocks
        NS_TEST_EXPECT_MSG_EQ(r[4].payload.size(), 1500u, "whole representation");
        NS_TEST_EXPECT_MSG_EQ(r[4].payload, original, "the server's representation");
        NS_TEST_EXPECT_MSG_EQ(r[4].blocks, 24u, "ceil(1500 / 64) exchanges");
        // Block1: the PUT replaced it, the GET returns the new representation
        NS_TEST_EXPECT_MSG_EQ(r[5].code, CoapCode::CHANGED, "2.04");
        NS_TEST_EXPECT_MSG_EQ(r[5].blocks, 24u, "uploaded in 24 blocks");
        std::string uploaded;
        for (int i = 0; i < 1500; ++i)
        {
            uploaded += static_cast<char>('A' + (i % 26));
        }
        NS_TEST_EXPECT_MSG_EQ(srv->GetValue("/large"), uploaded, "server has the upload");
        NS_TEST_EXPECT_MSG_EQ(r[6].payload, uploaded, "and serves it back");
        NS_TEST_EXPECT_MSG_EQ(r[7].code, CoapCode::NOT_FOUND, "4.04");
        Simulator::Destroy();
        Config::Reset();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Configuration errors are reported, not carried on with.
 */
class CoapScriptSyntaxTestCase : public TestCase
{
  public:
    CoapScriptSyntaxTestCase()
        : TestCase("client scripts and server resource lists are parsed, errors explained")
    {
    }

  private:
    void DoRun() override
    {
        std::vector<CoapClientStep> steps;
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(
            CoapClientStep::ParseScript(
                "GET /.well-known/core; PUT /lights/3 on now; OBSERVE /temp 30s; WAIT 2s; "
                "POST!NON /x @10; DELETE /y",
                steps,
                &error),
            true,
            error);
        NS_TEST_ASSERT_MSG_EQ(steps.size(), 6u, "six steps");
        if (steps.size() != 6u)
        {
            return;
        }
        NS_TEST_EXPECT_MSG_EQ(steps[1].payload, "on now", "payload keeps spaces");
        NS_TEST_EXPECT_MSG_EQ(steps[2].kind, CoapClientStep::OBSERVE, "observe");
        NS_TEST_EXPECT_MSG_EQ(steps[2].duration, Seconds(30), "duration");
        NS_TEST_EXPECT_MSG_EQ(steps[3].kind, CoapClientStep::WAIT, "wait");
        NS_TEST_EXPECT_MSG_EQ(steps[4].confirmable, false, "!NON");
        NS_TEST_EXPECT_MSG_EQ(steps[4].payload.size(), 10u, "@10");
        NS_TEST_EXPECT_MSG_EQ(steps[5].method, CoapCode::DELETE, "DELETE");
        for (const char* bad :
             {"FETCH /x", "GET x", "OBSERVE /t", "WAIT soon", "GET!CON /x", "PUT /x @0"})
        {
            error.clear();
            NS_TEST_EXPECT_MSG_EQ(CoapClientStep::ParseScript(bad, steps, &error),
                                  false,
                                  "accepted: " << bad);
            NS_TEST_EXPECT_MSG_NE(error, "", "no reason for: " << bad);
        }
        Ptr<CoapServerApplication> srv = CreateObject<CoapServerApplication>();
        for (const char* bad :
             {"static info x", "observable /t", "large /l big", "fancy /x", "static /x ct=abc"})
        {
            error.clear();
            NS_TEST_EXPECT_MSG_EQ(srv->AddResources(bad, &error), false, "accepted: " << bad);
            NS_TEST_EXPECT_MSG_NE(error, "", "no reason for: " << bad);
        }
        srv->Dispose();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The CoAP applications test suite.
 */
class CoapApplicationsTestSuite : public TestSuite
{
  public:
    CoapApplicationsTestSuite()
        : TestSuite("iotsec-coap-applications", Type::UNIT)
    {
        AddTestCase(new CoapScriptTestCase, iotsectest::QUICK);
        AddTestCase(new CoapScriptSyntaxTestCase, iotsectest::QUICK);
    }
};

/// Static instance: registers the suite
static CoapApplicationsTestSuite g_coapApplicationsTestSuite;
