/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The SSM's directories against the link-format payloads of Park and Kang's figures 3 and 4,
// in RFC 6690 serialization (the paper's cosmetic spaces removed), byte for byte.

#include "iotsec-test.h"

#include "ns3/enum.h"
#include "ns3/ssm-application-server.h"
#include "ns3/ssm-application.h"
#include "ns3/ssm-directory.h"
#include "ns3/ssm-policy.h"
#include "ns3/string.h"

using namespace ns3;

/**
 * \ingroup iotsec-tests
 * \brief Figure 4 (building automation) messages (1), (2) and (3).
 */
class SsmBuildingDirectoryTestCase : public TestCase
{
  public:
    SsmBuildingDirectoryTestCase()
        : TestCase("building-automation directory: the paper's messages (1), (2), (3)")
    {
    }

  private:
    void DoRun() override
    {
        SsmDirectory d = SsmDirectory::BuildingAutomation(3);
        NS_TEST_ASSERT_MSG_EQ(d.ListChildren("/"),
                              "</settings>;ct=20,</controls>;ct=21",
                              "message (1)");
        NS_TEST_ASSERT_MSG_EQ(
            d.ListChildren("/settings"),
            "</settings/lights>;if=\"settings\",</settings/security>;if=\"settings\"",
            "message (2)");
        NS_TEST_ASSERT_MSG_EQ(d.ListChildren("/settings/lights"),
                              "</settings/lights/floor1>;if=\"lights\","
                              "</settings/lights/floor2>;if=\"lights\","
                              "</settings/lights/floor3>;if=\"lights\"",
                              "message (3)");
        NS_TEST_ASSERT_MSG_EQ(d.ListChildren("/settings/lights/floor2"),
                              "",
                              "a leaf lists nothing");
        SsmDirectory ten = SsmDirectory::BuildingAutomation(10);
        std::vector<CoapLink> links;
        NS_TEST_ASSERT_MSG_EQ(
            CoapLinkFormat::Parse(ten.ListChildren("/settings/lights"), links, nullptr),
            true,
            "valid link format");
        NS_TEST_ASSERT_MSG_EQ(links.size(), 10u, "ten floors");
        NS_TEST_ASSERT_MSG_EQ(links[9].target, "/settings/lights/floor10", "floor 10");
        d.SetMembers("/settings/lights/floor3", {"a", "b"});
        NS_TEST_ASSERT_MSG_EQ(d.Get("/settings/lights/floor3").members.size(), 2u, "members");
        NS_TEST_ASSERT_MSG_EQ(d.Has("/settings/lights/floor4"), false, "no floor 4");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Figure 3 (health care) messages (1) and (2).
 */
class SsmHealthDirectoryTestCase : public TestCase
{
  public:
    SsmHealthDirectoryTestCase()
        : TestCase("health-care directory: the paper's messages (1) and (2)")
    {
    }

  private:
    void DoRun() override
    {
        SsmDirectory d = SsmDirectory::HealthCare();
        NS_TEST_ASSERT_MSG_EQ(d.ListChildren("/"),
                              "</exercise>;ct=10,</hospital>;ct=11,</settings>;ct=12",
                              "message (1)");
        NS_TEST_ASSERT_MSG_EQ(d.ListChildren("/hospital"),
                              "</information/heart_rate>;if=\"information\","
                              "</information/blood_pressure>;if=\"information\"",
                              "message (2)");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The back-end security policy table: defaults, parsing, and refusing what a device
 * class cannot run.
 */
class SsmPolicyTestCase : public TestCase
{
  public:
    SsmPolicyTestCase()
        : TestCase("back-end policy: defaults, text form, impossible protections refused")
    {
    }

  private:
    void DoRun() override
    {
        SsmPolicy p;
        NS_TEST_ASSERT_MSG_EQ(BackendSecurityName(p.Get(2)), "dtls", "Class 2 -> dtls");
        NS_TEST_ASSERT_MSG_EQ(BackendSecurityName(p.Get(1)), "object", "Class 1 -> object");
        NS_TEST_ASSERT_MSG_EQ(BackendSecurityName(p.Get(0)), "none", "Class 0 -> none");
        NS_TEST_ASSERT_MSG_EQ(BackendSecurityName(p.Get(3, SsmPolicy::HIGH)), "dtls", "Class 3");
        std::string error;
        SsmPolicy q;
        NS_TEST_ASSERT_MSG_EQ(SsmPolicy::Parse("1:none,1/high:dtls", q, &error), true, error);
        NS_TEST_ASSERT_MSG_EQ(BackendSecurityName(q.Get(1)), "none", "Class 1 normal");
        NS_TEST_ASSERT_MSG_EQ(BackendSecurityName(q.Get(1, SsmPolicy::HIGH)), "dtls", "high");
        NS_TEST_ASSERT_MSG_EQ(BackendSecurityName(q.Get(2)), "dtls", "untouched default");
        SsmPolicy r;
        NS_TEST_ASSERT_MSG_EQ(SsmPolicy::Parse(q.ToString(), r, &error), true, error);
        NS_TEST_ASSERT_MSG_EQ(r.ToString(), q.ToString(), "text round trip");
        for (const char* bad : {"0:dtls", "0/high:object", "4:none", "2:tls", "2", "2/urgent:dtls"})
        {
            error.clear();
            NS_TEST_EXPECT_MSG_EQ(SsmPolicy::Parse(bad, q, &error), false, "accepted: " << bad);
            NS_TEST_EXPECT_MSG_NE(error, "", "no reason for: " << bad);
        }
        NS_TEST_ASSERT_MSG_EQ(SsmPolicy::CanRun(0, BackendSecurity::DTLS), false, "Class 0");
        NS_TEST_ASSERT_MSG_EQ(SsmPolicy::CanRun(1, BackendSecurity::DTLS), true, "Class 1");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The SSM's channel protections are EnumValue attributes: "dtls" and "none" are
 * accepted, anything else is refused by the checker.
 */
class SsmChannelSecurityTestCase : public TestCase
{
  public:
    SsmChannelSecurityTestCase()
        : TestCase("SSM channel security attributes take dtls or none, nothing else")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<SsmApplication> ssm = CreateObject<SsmApplication>();
        Ptr<SsmApplicationServer> server = CreateObject<SsmApplicationServer>();
        StringValue v; // the value's name, whichever EnumValue the ns-3 release has
        for (const char* name : {"Security", "ApplicationServerSecurity"})
        {
            ssm->GetAttribute(name, v);
            NS_TEST_EXPECT_MSG_EQ(v.Get(), "dtls", name << ": dtls by default");
            ssm->SetAttribute(name, StringValue("none"));
            ssm->GetAttribute(name, v);
            NS_TEST_EXPECT_MSG_EQ(v.Get(), "none", name << ": none by name");
            NS_TEST_EXPECT_MSG_EQ(ssm->SetAttributeFailSafe(name, StringValue("object")),
                                  false,
                                  name << ": object is a back-end policy, not a channel");
        }
        NS_TEST_EXPECT_MSG_EQ(server->SetAttributeFailSafe("Security", StringValue("none")),
                              true,
                              "the application server's");
        NS_TEST_EXPECT_MSG_EQ(server->SetAttributeFailSafe("Security", StringValue("tls")),
                              false,
                              "an unknown protection");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The SSM directory test suite.
 */
class SsmDirectoryTestSuite : public TestSuite
{
  public:
    SsmDirectoryTestSuite()
        : TestSuite("iotsec-ssm-directory", Type::UNIT)
    {
        AddTestCase(new SsmBuildingDirectoryTestCase, iotsectest::QUICK);
        AddTestCase(new SsmHealthDirectoryTestCase, iotsectest::QUICK);
        AddTestCase(new SsmPolicyTestCase, iotsectest::QUICK);
        AddTestCase(new SsmChannelSecurityTestCase, iotsectest::QUICK);
    }
};

/// Static instance: registers the suite
static SsmDirectoryTestSuite g_ssmDirectoryTestSuite;
