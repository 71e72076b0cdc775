/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Tests of the CoRE Link Format parser and serializer with the examples of RFC 6690.

#include "iotsec-test.h"

#include "ns3/coap-link-format.h"

#include <string>
#include <vector>

using namespace ns3;

/**
 * \ingroup iotsec-tests
 * \brief RFC 6690 section 5 examples parse, and serialize back exactly.
 */
class CoapLinkFormatRfcTestCase : public TestCase
{
  public:
    CoapLinkFormatRfcTestCase()
        : TestCase("RFC 6690 examples parse and serialize exactly")
    {
    }

  private:
    void DoRun() override
    {
        // RFC 6690 section 5, as printed (wrapped after each comma)
        const std::string printed =
            "</sensors>;ct=40;title=\"Sensor Index\",\n"
            "   </sensors/temp>;rt=\"temperature-c\";if=\"sensor\",\n"
            "   </sensors/light>;rt=\"light-lux\";if=\"sensor\",\n"
            "   <http://www.example.com/sensors/t123>;anchor=\"/sensors/temp\""
            ";rel=\"describedby\",\n"
            "   </t>;anchor=\"/sensors/temp\";rel=\"alternate\"";
        const std::string wire = "</sensors>;ct=40;title=\"Sensor Index\","
                                 "</sensors/temp>;rt=\"temperature-c\";if=\"sensor\","
                                 "</sensors/light>;rt=\"light-lux\";if=\"sensor\","
                                 "<http://www.example.com/sensors/t123>;anchor=\"/sensors/temp\""
                                 ";rel=\"describedby\","
                                 "</t>;anchor=\"/sensors/temp\";rel=\"alternate\"";
        std::vector<CoapLink> links;
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(CoapLinkFormat::Parse(printed, links, &error), true, error);
        NS_TEST_ASSERT_MSG_EQ(links.size(), 5u, "five links");
        if (links.size() != 5u)
        {
            return;
        }
        NS_TEST_EXPECT_MSG_EQ(links[0].target, "/sensors", "target");
        NS_TEST_EXPECT_MSG_EQ(links[0].Get("ct").value_or(""), "40", "ct");
        NS_TEST_EXPECT_MSG_EQ(links[0].GetContentFormats().size(), 1u, "one ct");
        NS_TEST_EXPECT_MSG_EQ(links[0].GetContentFormats()[0], 40u, "ct 40");
        NS_TEST_EXPECT_MSG_EQ(links[0].Get("title").value_or(""), "Sensor Index", "title");
        NS_TEST_EXPECT_MSG_EQ(links[1].Get("rt").value_or(""), "temperature-c", "rt");
        NS_TEST_EXPECT_MSG_EQ(links[2].Get("if").value_or(""), "sensor", "if");
        NS_TEST_EXPECT_MSG_EQ(links[3].target, "http://www.example.com/sensors/t123", "abs");
        NS_TEST_EXPECT_MSG_EQ(links[4].Get("rel").value_or(""), "alternate", "rel");
        NS_TEST_EXPECT_MSG_EQ(CoapLinkFormat::Serialize(links), wire, "exact serialization");

        // The same links built programmatically serialize to the same bytes
        std::vector<CoapLink> built(2);
        built[0].target = "/sensors/temp";
        built[0].Add("rt", "temperature-c").Add("if", "sensor");
        built[1].target = "/sensors/light";
        built[1].Add("rt", "light-lux").Add("if", "sensor");
        NS_TEST_EXPECT_MSG_EQ(CoapLinkFormat::Serialize(built),
                              "</sensors/temp>;rt=\"temperature-c\";if=\"sensor\","
                              "</sensors/light>;rt=\"light-lux\";if=\"sensor\"",
                              "RFC 6690 section 5 filtered example");

        // The serialization the SSM study relies on: no spaces
        std::vector<CoapLink> ssm(2);
        ssm[0].target = "/a";
        ssm[0].Add("ct", "20");
        ssm[1].target = "/b";
        ssm[1].Add("ct", "21");
        NS_TEST_EXPECT_MSG_EQ(CoapLinkFormat::Serialize(ssm), "</a>;ct=20,</b>;ct=21", "exact");

        // obs is a flag (RFC 7641 section 6); ct may be a quoted list (RFC 7252 7.2.1)
        NS_TEST_ASSERT_MSG_EQ(
            CoapLinkFormat::Parse("</temp>;obs;ct=\"0 40\";title=\"a \\\"b\\\"\"", links, &error),
            true,
            error);
        NS_TEST_EXPECT_MSG_EQ(links[0].Has("obs"), true, "obs flag");
        NS_TEST_EXPECT_MSG_EQ(links[0].attributes[0].hasValue, false, "flag has no value");
        NS_TEST_EXPECT_MSG_EQ(links[0].GetContentFormats().size(), 2u, "ct list");
        NS_TEST_EXPECT_MSG_EQ(links[0].GetContentFormats()[1], 40u, "second ct");
        NS_TEST_EXPECT_MSG_EQ(links[0].Get("title").value_or(""), "a \"b\"", "escapes");
        NS_TEST_EXPECT_MSG_EQ(CoapLinkFormat::Serialize(links),
                              "</temp>;obs;ct=\"0 40\";title=\"a \\\"b\\\"\"",
                              "flags, lists and escapes serialize back");
        NS_TEST_EXPECT_MSG_EQ(CoapLinkFormat::Parse("", links, &error), true, "empty document");
        NS_TEST_EXPECT_MSG_EQ(links.size(), 0u, "no links");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Malformed documents are rejected with a reason.
 */
class CoapLinkFormatMalformedTestCase : public TestCase
{
  public:
    CoapLinkFormatMalformedTestCase()
        : TestCase("malformed link-format documents are rejected with a reason")
    {
    }

  private:
    void DoRun() override
    {
        const char* bad[] = {"/a>",
                             "</a",
                             "</a>;",
                             "</a>;=x",
                             "</a>;ct=",
                             "</a>;title=\"abc",
                             "</a>x",
                             "</a>,",
                             "</a>;ct=2 0",
                             "</a b>",
                             "</a>;ct=\"0\",,</b>",
                             "</a>;title=\"x\\"};
        for (const char* text : bad)
        {
            std::vector<CoapLink> links;
            std::string error;
            NS_TEST_EXPECT_MSG_EQ(CoapLinkFormat::Parse(text, links, &error),
                                  false,
                                  "accepted: " << text);
            NS_TEST_EXPECT_MSG_NE(error, "", "no reason for: " << text);
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The link-format test suite.
 */
class CoapLinkFormatTestSuite : public TestSuite
{
  public:
    CoapLinkFormatTestSuite()
        : TestSuite("iotsec-coap-link-format", Type::UNIT)
    {
        AddTestCase(new CoapLinkFormatRfcTestCase, iotsectest::QUICK);
        AddTestCase(new CoapLinkFormatMalformedTestCase, iotsectest::QUICK);
    }
};

/// Static instance: registers the suite
static CoapLinkFormatTestSuite g_coapLinkFormatTestSuite;
