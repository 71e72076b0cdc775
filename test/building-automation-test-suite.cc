/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The headline study on a small building (2 floors x 3 lights): exact handshake and session
// counts in each mode, the paper's discovery payloads byte for byte, refused sessions when
// more clients than a light's session budget use 1:N DTLS, and configuration errors.

#include "iotsec-test.h"

#include "ns3/building-automation-helper.h"
#include "ns3/building-topology-helper.h"
#include "ns3/coap-server-application.h"
#include "ns3/core-module.h"
#include "ns3/dtls-socket.h"
#include "ns3/oscore-context.h"

#include <string>

using namespace ns3;

namespace
{

/// One run of the study on 2 floors x 3 lights
struct SmallBuilding
{
    Ptr<BuildingTopologyHelper> building;    //!< the building
    Ptr<BuildingAutomationHelper> study;     //!< the study
    BuildingAutomationHelper::Report report; //!< its report
    std::string error;                       //!< Validate() message, if it could not run

    /**
     * \param mode ssm, dtls-1n or nosec
     * \param clients clients
     * \param pattern ClassPattern
     * \param policy Policy
     * \param duration simulated time
     * \param rounds commands per client
     */
    SmallBuilding(const std::string& mode,
                  uint32_t clients,
                  const std::string& pattern,
                  const std::string& policy = "",
                  Time duration = Seconds(60),
                  uint32_t rounds = 2)
    {
        building = CreateObject<BuildingTopologyHelper>();
        building->SetAttribute("Floors", UintegerValue(2));
        building->SetAttribute("RoomsPerFloor", UintegerValue(3));
        building->SetAttribute("NodesPerRoom", UintegerValue(1));
        study = CreateObject<BuildingAutomationHelper>();
        study->SetAttribute("Mode", StringValue(mode));
        study->SetAttribute("Clients", UintegerValue(clients));
        study->SetAttribute("ClassPattern", StringValue(pattern));
        study->SetAttribute("Policy", StringValue(policy));
        study->SetAttribute("CommandFloors", StringValue("1"));
        study->SetAttribute("Rounds", UintegerValue(rounds));
        building->SetAttribute("InternetHosts", UintegerValue(study->RequiredInternetHosts()));
        building->Build();
        int64_t stream = 1 + building->AssignStreams(1);
        NS_ABORT_UNLESS(building->ComputeRoutes().empty());
        building->InstallRoutes();
        error = study->Validate(building);
        if (!error.empty())
        {
            return;
        }
        study->Install(building);
        study->AssignStreams(stream);
        Simulator::Stop(duration);
        Simulator::Run();
        report = study->GetReport();
    }

    ~SmallBuilding()
    {
        Simulator::Destroy();
    }

    /// \param value the expected value \return how many floor-1 lights hold it
    uint32_t LightsAt(const std::string& value) const
    {
        uint32_t n = 0;
        NodeContainer lights = building->GetFloorLights(0);
        for (uint32_t i = 0; i < lights.GetN(); ++i)
        {
            n += study->GetLightServer(lights.Get(i))->GetValue("/light") == value;
        }
        return n;
    }
};

/**
 * \ingroup iotsec-tests
 * \brief dtls-1n: one client commanding floor 1 runs exactly 3 handshakes and holds 3
 * sessions; the second round reuses them.
 */
class Dtls1nCountsTestCase : public TestCase
{
  public:
    Dtls1nCountsTestCase()
        : TestCase("dtls-1n: one client, floor 1 of 2 x 3: 3 handshakes, 3 sessions held")
    {
    }

  private:
    void DoRun() override
    {
        SmallBuilding b("dtls-1n", 1, "21");
        IOTSEC_TEST_REQUIRE(b.error.empty(), b.error);
        const auto& r = b.report;
        NS_TEST_EXPECT_MSG_EQ(r.lights, 3u, "floor 1 has 3 lights");
        NS_TEST_EXPECT_MSG_EQ(r.clientHandshakes, 3u, "one handshake per light, two rounds");
        NS_TEST_EXPECT_MSG_EQ(r.llnHandshakes, 3u, "all of them with lights");
        NS_TEST_EXPECT_MSG_EQ(r.clientSessions, 3u, "the client holds 3 sessions");
        NS_TEST_EXPECT_MSG_EQ(b.study->GetClients()[0]->GetCommander()->GetEstablished(),
                              3u,
                              "3 established associations");
        NS_TEST_EXPECT_MSG_EQ(r.backendHandshakes, 0u, "no SSM");
        NS_TEST_EXPECT_MSG_EQ(r.requested, 6u, "3 lights x 2 rounds");
        NS_TEST_EXPECT_MSG_EQ(r.succeeded, 6u, "all switched");
        NS_TEST_EXPECT_MSG_EQ(r.refusedSessions, 0u, "none refused");
        NS_TEST_EXPECT_MSG_EQ(b.LightsAt("off"), 3u, "round 2 switched floor 1 off");
        // The client's RAM holds three sessions of equal size; a light's peak is one
        // association, within what a new association is admitted for (AssociationRamBytes)
        NS_TEST_EXPECT_MSG_EQ(r.clientRam % 3, 0u, "three equal sessions");
        NS_TEST_EXPECT_MSG_GT(r.clientRam, 0u, "session state counted");
        NS_TEST_EXPECT_MSG_GT(r.sensorRamMax, 0u, "a light holds its session");
        TypeId::AttributeInformation info;
        DtlsSocket::GetTypeId().LookupAttributeByName("AssociationRamBytes", &info);
        NS_TEST_EXPECT_MSG_LT_OR_EQ(r.sensorRamMax,
                                    DynamicCast<const UintegerValue>(info.initialValue)->Get(),
                                    "one association at most");
        NS_TEST_EXPECT_MSG_LT(r.repeatCommandLatency,
                              r.firstCommandLatency,
                              "the repeat command needs no handshake");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief ssm: exactly one client handshake; back-end handshakes equal the dtls-policy lights;
 * discovery payloads (1), (2), (3) byte for byte; object lights verified OSCORE.
 */
class SsmCountsTestCase : public TestCase
{
  public:
    SsmCountsTestCase()
        : TestCase("ssm: 1 client handshake, back-end handshakes = dtls-policy lights, Fig. 4 "
                   "payloads")
    {
    }

  private:
    void DoRun() override
    {
        // Floor 1: Class 2, Class 1, Class 2 -> dtls, object, dtls
        SmallBuilding b("ssm", 1, "21");
        IOTSEC_TEST_REQUIRE(b.error.empty(), b.error);
        const auto& r = b.report;
        NS_TEST_EXPECT_MSG_EQ(r.clientHandshakes, 1u, "one handshake, with the SSM");
        NS_TEST_EXPECT_MSG_EQ(r.clientSessions, 1u, "one session");
        NS_TEST_EXPECT_MSG_EQ(r.llnHandshakes, 2u, "the two Class 2 (dtls) lights of floor 1");
        NS_TEST_EXPECT_MSG_EQ(r.backendHandshakes, 1u, "SSM to application server");
        NS_TEST_EXPECT_MSG_EQ(r.lightsBySecurity.at("dtls"), 4u, "Class 2 lights: dtls");
        NS_TEST_EXPECT_MSG_EQ(r.lightsBySecurity.at("object"), 2u, "Class 1 lights: object");
        NS_TEST_EXPECT_MSG_EQ(r.requested, 6u, "3 lights x 2 rounds");
        NS_TEST_EXPECT_MSG_EQ(r.succeeded, 6u, "all switched");
        NS_TEST_EXPECT_MSG_EQ(b.LightsAt("off"), 3u, "round 2 switched floor 1 off");
        NS_TEST_EXPECT_MSG_EQ(b.building->GetFloorLights(1).GetN(), 3u, "floor 2");
        for (uint32_t i = 0; i < 3; ++i)
        {
            Ptr<Node> other = b.building->GetFloorLights(1).Get(i);
            NS_TEST_EXPECT_MSG_EQ(b.study->GetLightServer(other)->GetValue("/light"),
                                  "off",
                                  "floor 2 untouched");
        }
        // Park & Kang, Fig. 4, messages (1), (2), (3), in RFC 6690 serialization
        const auto& d = b.study->GetClients()[0]->GetDiscovery();
        IOTSEC_TEST_REQUIRE(d.size() == 3u, "three discovery responses");
        NS_TEST_EXPECT_MSG_EQ(d[0], "</settings>;ct=20,</controls>;ct=21", "message (1)");
        NS_TEST_EXPECT_MSG_EQ(d[1],
                              "</settings/lights>;if=\"settings\",</settings/security>;"
                              "if=\"settings\"",
                              "message (2)");
        NS_TEST_EXPECT_MSG_EQ(d[2],
                              "</settings/lights/floor1>;if=\"lights\","
                              "</settings/lights/floor2>;if=\"lights\"",
                              "message (3)");
        // The Class 1 light of floor 1 verified two OSCORE requests (one per round)
        Ptr<Node> classOne = b.building->GetFloorLights(0).Get(1);
        NS_TEST_EXPECT_MSG_EQ(b.study->GetDeviceClass(classOne), 1u, "light 1 is Class 1");
        auto ctx = b.study->GetLightServer(classOne)->GetOscoreContext();
        IOTSEC_TEST_REQUIRE(ctx != nullptr, "an OSCORE context");
        NS_TEST_EXPECT_MSG_EQ(ctx->GetCounters().requestsVerified, 2u, "two verified requests");
        NS_TEST_EXPECT_MSG_EQ(r.refusedSessions, 0u, "none refused");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief With more clients than a light's session budget (TelosB: one DTLS association),
 * dtls-1n refuses sessions and fails commands; ssm, even with DTLS to those same lights,
 * does not.
 */
class SessionBudgetTestCase : public TestCase
{
  public:
    SessionBudgetTestCase()
        : TestCase("2 clients on TelosB lights: dtls-1n refuses sessions, ssm does not")
    {
    }

  private:
    void DoRun() override
    {
        const Time duration = Seconds(500); // a refused handshake gives up after ~4 minutes
        {
            SmallBuilding b("dtls-1n", 2, "1", "", duration, 1);
            IOTSEC_TEST_REQUIRE(b.error.empty(), b.error);
            const auto& r = b.report;
            NS_TEST_EXPECT_MSG_EQ(r.requested, 6u, "2 clients x 3 lights");
            NS_TEST_EXPECT_MSG_EQ(r.refusedSessions, 3u, "each light refused the second client");
            NS_TEST_EXPECT_MSG_EQ(r.succeeded, 3u, "only the first client's commands");
            NS_TEST_EXPECT_MSG_EQ(r.successRatio, 0.5, "success ratio below 1");
            NS_TEST_EXPECT_MSG_EQ(r.clientHandshakes, 3u, "only the first client's handshakes");
        }
        {
            // The same lights reached over DTLS by the back end: one session per light
            SmallBuilding b("ssm", 2, "1", "1:dtls", duration, 1);
            IOTSEC_TEST_REQUIRE(b.error.empty(), b.error);
            const auto& r = b.report;
            NS_TEST_EXPECT_MSG_EQ(r.refusedSessions, 0u, "no session refused");
            NS_TEST_EXPECT_MSG_EQ(r.successRatio, 1.0, "every command succeeded");
            NS_TEST_EXPECT_MSG_EQ(r.clientHandshakes, 2u, "one per client, with the SSM");
            NS_TEST_EXPECT_MSG_EQ(r.llnHandshakes, 3u, "one per light, from the back end");
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief nosec: the same commands without security; configuration errors are reported.
 */
class NosecAndErrorsTestCase : public TestCase
{
  public:
    NosecAndErrorsTestCase()
        : TestCase("nosec baseline; DTLS on Class 0 and other configuration errors")
    {
    }

  private:
    void DoRun() override
    {
        {
            SmallBuilding b("nosec", 1, "210");
            IOTSEC_TEST_REQUIRE(b.error.empty(), b.error);
            NS_TEST_EXPECT_MSG_EQ(b.report.clientHandshakes, 0u, "no handshake");
            NS_TEST_EXPECT_MSG_EQ(b.report.succeeded, 6u, "all switched");
            NS_TEST_EXPECT_MSG_EQ(b.report.sensorRamMax, 0u, "no security state on lights");
        }
        {
            SmallBuilding b("dtls-1n", 1, "210");
            NS_TEST_EXPECT_MSG_NE(b.error.find("Class 0"), std::string::npos, b.error);
        }
        {
            SmallBuilding b("ssm", 1, "210", "0:dtls");
            NS_TEST_EXPECT_MSG_NE(b.error.find("Policy"), std::string::npos, b.error);
        }
        {
            SmallBuilding b("ssm", 1, "2x1");
            NS_TEST_EXPECT_MSG_NE(b.error.find("ClassPattern"), std::string::npos, b.error);
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The building-automation study.
 */
class BuildingAutomationTestSuite : public TestSuite
{
  public:
    BuildingAutomationTestSuite()
        : TestSuite("iotsec-building-automation", Type::UNIT)
    {
        AddTestCase(new Dtls1nCountsTestCase, iotsectest::QUICK);
        AddTestCase(new SsmCountsTestCase, iotsectest::QUICK);
        AddTestCase(new SessionBudgetTestCase, iotsectest::QUICK);
        AddTestCase(new NosecAndErrorsTestCase, iotsectest::QUICK);
    }
};

/// The suite's instance
BuildingAutomationTestSuite g_buildingAutomationTestSuite;

} // namespace
