/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The SSM's directories against the link-format payloads of Park and Kang's figures 3 and 4,
// in RFC 6690 serialization (the paper's cosmetic spaces removed), byte for byte.

#include "iotsec-test.h"

#include "ns3/ssm-directory.h"

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
    }
};

/// Static instance: registers the suite
static SsmDirectoryTestSuite g_ssmDirectoryTestSuite;
