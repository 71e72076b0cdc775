/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Tests of the HTTP<->CoAP mapping: RFC 8075 (URI mapping of section 5 and its examples,
// media types of section 6, Table 2 of section 7 entry by entry) and RFC 7252 section 10
// (the methods, and the CoAP-HTTP direction of section 10.1).

#include "iotsec-test.h"

#include "ns3/coap-message.h"
#include "ns3/http-coap-mapping.h"
#include "ns3/http-message.h"

#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// \param values option values \return them as strings
std::vector<std::string>
Strings(const std::vector<std::vector<uint8_t>>& values)
{
    std::vector<std::string> out;
    for (const auto& v : values)
    {
        out.emplace_back(v.begin(), v.end());
    }
    return out;
}

/// \param v bytes \return them as a string
std::string
Str(const std::vector<uint8_t>& v)
{
    return std::string(v.begin(), v.end());
}

/**
 * \param method the method
 * \param target the request-target
 * \param config the configuration
 * \return the mapping of a request without fields
 */
HttpCoapMapping::HttpToCoap
Map(const std::string& method,
    const std::string& target,
    const HttpCoapMapping::Config& config = HttpCoapMapping::Config())
{
    return HttpCoapMapping::MapHttpRequest(HttpMessage::MakeRequest(method, target), config);
}

/// \param v a Content-Format or nothing \return it, or -1
int
Cf(std::optional<uint32_t> v)
{
    return v ? static_cast<int>(*v) : -1;
}

/// \param code a CoAP code \param payload a payload \return a response
CoapMessage
Response(uint8_t code, const std::string& payload = "")
{
    CoapMessage m(CoapMessage::ACK, code, 1);
    if (!payload.empty())
    {
        m.SetPayload(payload);
    }
    return m;
}

} // namespace

/**
 * \ingroup iotsec-tests
 * \brief RFC 8075 section 7, Table 2, every row, with the conditions of its notes.
 */
class HttpCoapStatusTableTestCase : public TestCase
{
  public:
    HttpCoapStatusTableTestCase()
        : TestCase("RFC 8075 Table 2: CoAP response code to HTTP status, row by row")
    {
    }

  private:
    void DoRun() override
    {
        struct Row
        {
            uint8_t cls;      //!< class
            uint8_t detail;   //!< detail
            bool payload;     //!< the response has a payload
            bool conditional; //!< the request was a validation
            bool fromHeaders; //!< critical options mapped from fields
            int status;       //!< Table 2's HTTP status; 0 for N/A
        };

        const std::vector<Row> rows = {
            {2, 1, false, false, false, 201}, // Created (note 1)
            {2, 1, true, false, false, 201},
            {2, 2, true, false, false, 200},  // Deleted with a payload (note 2)
            {2, 2, false, false, false, 204}, // Deleted without
            {2, 3, false, true, false, 304},  // Valid, conditional request (note 3)
            {2, 3, false, false, false, 0},   // 200 needs a cache (note 4): none here
            {2, 4, true, false, false, 200},  // Changed (note 2)
            {2, 4, false, false, false, 204},
            {2, 5, true, false, false, 200},   // Content
            {2, 31, false, false, false, 0},   // Continue: N/A (note 10)
            {4, 0, false, false, false, 400},  // Bad Request
            {4, 1, false, false, false, 403},  // Unauthorized -> 403 (note 5)
            {4, 2, false, false, true, 400},   // Bad Option from a client field (note 6)
            {4, 2, false, false, false, 500},  // Bad Option otherwise
            {4, 3, false, false, false, 403},  // Forbidden
            {4, 4, false, false, false, 404},  // Not Found
            {4, 5, false, false, false, 400},  // Method Not Allowed -> 400 (note 7)
            {4, 6, false, false, false, 406},  // Not Acceptable
            {4, 8, false, false, false, 0},    // Request Entity Incomplete: N/A (note 10)
            {4, 12, false, false, false, 412}, // Precondition Failed
            {4, 13, false, false, false, 413}, // Request Entity Too Large (note 11)
            {4, 15, false, false, false, 415}, // Unsupported Content-Format
            {5, 0, false, false, false, 500},  // Internal Server Error
            {5, 1, false, false, false, 501},  // Not Implemented
            {5, 2, false, false, false, 502},  // Bad Gateway
            {5, 3, false, false, false, 503},  // Service Unavailable (note 8)
            {5, 4, false, false, false, 504},  // Gateway Timeout
            {5, 5, false, false, false, 502},  // Proxying Not Supported (note 9)
            // Outside the table: x.00 of the class (RFC 7252 section 5.9), or nothing
            {2, 6, true, false, false, 200},
            {4, 9, false, false, false, 400},
            {5, 9, false, false, false, 500},
            {0, 1, false, false, false, 0}, // a request code
            {3, 0, false, false, false, 0}, // class 3 is reserved
            {0, 0, false, false, false, 0}, // Empty
        };
        for (const Row& r : rows)
        {
            std::optional<uint16_t> s =
                HttpCoapMapping::HttpStatusForCoapCode(CoapCode::Make(r.cls, r.detail),
                                                       r.payload,
                                                       r.conditional,
                                                       r.fromHeaders);
            NS_TEST_EXPECT_MSG_EQ(s.value_or(0),
                                  r.status,
                                  "CoAP " << +r.cls << "." << +r.detail << " payload=" << r.payload
                                          << " conditional=" << r.conditional);
        }

        // Through MapCoapResponse: the reason phrase of note 7, Retry-After of note 8, and 502
        // for what Table 2 cannot map
        HttpCoapMapping::HttpToCoap req = Map("GET", "/hc/coap://s.example.com/light");
        IOTSEC_TEST_REQUIRE(req.ok, req.error);
        HttpMessage m405 = HttpCoapMapping::MapCoapResponse(Response(CoapCode::Make(4, 5)), req);
        NS_TEST_EXPECT_MSG_EQ(m405.GetStatus(), 400, "4.05 -> 400");
        NS_TEST_EXPECT_MSG_EQ(m405.GetReason().rfind("CoAP server returned 4.05", 0),
                              0u,
                              "note 7 reason phrase");
        CoapMessage busy = Response(CoapCode::SERVICE_UNAVAILABLE);
        busy.SetMaxAge(30);
        HttpMessage m503 = HttpCoapMapping::MapCoapResponse(busy, req);
        NS_TEST_EXPECT_MSG_EQ(m503.GetStatus(), 503, "5.03");
        NS_TEST_EXPECT_MSG_EQ(m503.GetField("Retry-After").value_or(""), "30", "note 8");
        NS_TEST_EXPECT_MSG_EQ(m503.HasField("Cache-Control"), false, "not a freshness");
        HttpMessage m231 = HttpCoapMapping::MapCoapResponse(Response(CoapCode::CONTINUE), req);
        NS_TEST_EXPECT_MSG_EQ(m231.GetStatus(), 502, "2.31 has no HTTP response");
        HttpMessage valid = HttpCoapMapping::MapCoapResponse(Response(CoapCode::VALID), req);
        NS_TEST_EXPECT_MSG_EQ(valid.GetStatus(), 502, "an unsolicited 2.03");
        // A 4.04 diagnostic payload is the body, not the reason phrase (section 6.5.3)
        HttpMessage m404 =
            HttpCoapMapping::MapCoapResponse(Response(CoapCode::NOT_FOUND, "no\r\nlight"), req);
        NS_TEST_EXPECT_MSG_EQ(m404.GetReason(), "Not Found", "RFC 9110 reason phrase");
        NS_TEST_EXPECT_MSG_EQ(m404.GetBodyString(), "no\r\nlight", "diagnostic as body");
        NS_TEST_EXPECT_MSG_EQ(m404.GetField("Content-Type").value_or(""),
                              "text/plain;charset=utf-8",
                              "diagnostic payloads are UTF-8 text (RFC 7252 5.5.2)");
        // 2.02 and 2.04 with and without a payload through the whole mapping
        HttpMessage changed = HttpCoapMapping::MapCoapResponse(Response(CoapCode::CHANGED),
                                                               Map("PUT", "/hc/coap://s/x"));
        NS_TEST_EXPECT_MSG_EQ(changed.GetStatus(), 204, "2.04 without payload");
        NS_TEST_EXPECT_MSG_EQ(Str(changed.Serialize()),
                              "HTTP/1.1 204 No Content\r\n\r\n",
                              "no Content-Length on a 204");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The CoAP-HTTP direction (RFC 7252 sections 10.1.1 to 10.1.4): HTTP status to CoAP
 * code, per method.
 */
class CoapHttpStatusTableTestCase : public TestCase
{
  public:
    CoapHttpStatusTableTestCase()
        : TestCase("RFC 7252 section 10.1: HTTP status to CoAP response code")
    {
    }

  private:
    void DoRun() override
    {
        struct Row
        {
            uint16_t status;  //!< HTTP status
            uint8_t method;   //!< CoAP method
            bool conditional; //!< ETag options sent
            const char* code; //!< expected CoAP code
        };

        const std::vector<Row> rows = {
            {200, CoapCode::GET, false, "2.05"}, // 10.1.1: 2.05 on success
            {203, CoapCode::GET, false, "2.05"},
            {304, CoapCode::GET, true, "2.03"},  // 10.1.1: ETag in the requested set
            {304, CoapCode::GET, false, "5.02"}, // a 304 nobody asked for
            {201, CoapCode::PUT, false, "2.01"}, // 10.1.2: created
            {200, CoapCode::PUT, false, "2.04"}, // 10.1.2: modified
            {204, CoapCode::PUT, false, "2.04"},
            {200, CoapCode::DELETE, false, "2.02"}, // 10.1.3
            {204, CoapCode::DELETE, false, "2.02"},
            {404, CoapCode::DELETE, false, "2.02"}, // "or if the resource does not exist"
            {410, CoapCode::DELETE, false, "2.02"},
            {201, CoapCode::POST, false, "2.01"}, // 10.1.4: created
            {200, CoapCode::POST, false, "2.04"}, // 10.1.4: no resource
            {204, CoapCode::POST, false, "2.04"},
            // Errors: Table 2 read backwards where it is one-to-one
            {400, CoapCode::GET, false, "4.00"},
            {401, CoapCode::GET, false, "4.01"},
            {403, CoapCode::GET, false, "4.03"},
            {404, CoapCode::GET, false, "4.04"},
            {405, CoapCode::GET, false, "4.05"},
            {406, CoapCode::GET, false, "4.06"},
            {412, CoapCode::PUT, false, "4.12"},
            {413, CoapCode::PUT, false, "4.13"},
            {415, CoapCode::PUT, false, "4.15"},
            {500, CoapCode::GET, false, "5.00"},
            {501, CoapCode::GET, false, "5.01"},
            {502, CoapCode::GET, false, "5.02"},
            {503, CoapCode::GET, false, "5.03"},
            {504, CoapCode::GET, false, "5.04"},
            {409, CoapCode::PUT, false, "4.00"}, // other 4xx
            {505, CoapCode::GET, false, "5.00"}, // other 5xx
            {301, CoapCode::GET, false, "5.02"}, // redirects are not followed
            {100, CoapCode::GET, false, "5.02"},
        };
        for (const Row& r : rows)
        {
            uint8_t code =
                HttpCoapMapping::CoapCodeForHttpStatus(r.status, r.method, r.conditional);
            NS_TEST_EXPECT_MSG_EQ(CoapCode::ToString(code),
                                  r.code,
                                  "HTTP " << r.status << " to " << CoapCode::Name(r.method));
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Media types and Content-Formats (RFC 7252 section 12.3, RFC 8075 sections 6.1 to
 * 6.3), entry by entry.
 */
class HttpCoapMediaTypeTestCase : public TestCase
{
  public:
    HttpCoapMediaTypeTestCase()
        : TestCase("media type <-> Content-Format, strict and loose (RFC 8075 Table 1)")
    {
    }

  private:
    void DoRun() override
    {
        // RFC 7252 section 12.3 (and application/cbor = 60)
        const std::vector<std::pair<std::string, int>> table = {
            {"text/plain;charset=utf-8", 0},
            {"application/link-format", 40},
            {"application/xml", 41},
            {"application/octet-stream", 42},
            {"application/exi", 47},
            {"application/json", 50},
            {"application/cbor", 60},
        };
        for (const auto& [type, format] : table)
        {
            NS_TEST_EXPECT_MSG_EQ(Cf(HttpCoapMapping::ContentFormatForMediaType(type)),
                                  format,
                                  type);
            NS_TEST_EXPECT_MSG_EQ(
                HttpCoapMapping::MediaTypeForContentFormat(static_cast<uint16_t>(format)),
                type,
                "back to " << type);
        }
        // Spelling variants
        const std::vector<std::pair<std::string, int>> variants = {
            {"Text/Plain; Charset=\"UTF-8\"", 0},
            {"text/plain", 0},
            {"text/plain;charset=us-ascii", 0},
            {"APPLICATION/JSON", 50},
            {"application/json; charset=utf-8", 50},
            {"text/plain;charset=iso-8859-1", -1},
            {"application/json;profile=x", -1},
            {"application/cbor;x=1", -1},
            {"text/html", -1},
            {"application/senml+json", -1},
            {"application", -1},
            {"/json", -1},
            {"application/json;", 50},
            {"application/coap-payload;cf=60", -1}, // pass-through is off by default
        };
        for (const auto& [type, format] : variants)
        {
            NS_TEST_EXPECT_MSG_EQ(Cf(HttpCoapMapping::ContentFormatForMediaType(type)),
                                  format,
                                  type);
        }
        // RFC 8075 Table 1, row by row (loose mapping)
        const std::vector<std::pair<std::string, int>> loose = {
            {"application/soap+xml", 41}, // the RFC's own example
            {"application/senml+json", 50},
            {"application/senml+cbor", 60},
            {"text/xml", 41},
            {"text/html", 0},
            {"text/csv;charset=iso-8859-1", -1}, // not UTF-8 text
            {"image/png", 42},                   // */* -> application/octet-stream
        };
        for (const auto& [type, format] : loose)
        {
            NS_TEST_EXPECT_MSG_EQ(Cf(HttpCoapMapping::ContentFormatForMediaType(type, true)),
                                  format,
                                  "loose " << type);
        }
        // RFC 8075 section 6.2: application/coap-payload
        NS_TEST_EXPECT_MSG_EQ(HttpCoapMapping::MediaTypeForContentFormat(65000),
                              "application/coap-payload;cf=65000",
                              "an unknown Content-Format");
        NS_TEST_EXPECT_MSG_EQ(
            Cf(HttpCoapMapping::ContentFormatForMediaType("application/coap-payload;cf=60",
                                                          false,
                                                          true)),
            60,
            "pass-through when allowed");
        NS_TEST_EXPECT_MSG_EQ(
            HttpCoapMapping::ContentFormatForMediaType("application/coap-payload;cf=70000",
                                                       false,
                                                       true)
                .has_value(),
            false,
            "cf beyond 16 bits");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief RFC 8075 section 5: the default mapping and its examples, the null mapping, the
 * decomposition into options (RFC 7252 section 6.4), and the methods (RFC 7252 10.2).
 */
class HttpCoapUriMappingTestCase : public TestCase
{
  public:
    HttpCoapUriMappingTestCase()
        : TestCase("RFC 8075 section 5 URI mapping and RFC 7252 section 10.2 methods")
    {
    }

  private:
    void DoRun() override
    {
        // Section 5.3: HC Proxy URI https://p.example.com/hc/ + coap://s.example.com/light
        HttpCoapMapping::HttpToCoap r = Map("GET", "/hc/coap://s.example.com/light");
        IOTSEC_TEST_REQUIRE(r.ok, r.error);
        NS_TEST_EXPECT_MSG_EQ(r.coap.GetCode(), CoapCode::GET, "GET");
        NS_TEST_EXPECT_MSG_EQ(r.target.host, "s.example.com", "host");
        NS_TEST_EXPECT_MSG_EQ(r.target.port, 5683, "coap default port");
        NS_TEST_EXPECT_MSG_EQ(r.target.secure, false, "coap");
        NS_TEST_EXPECT_MSG_EQ(r.coap.GetUriHost(), "s.example.com", "a reg-name: Uri-Host");
        NS_TEST_EXPECT_MSG_EQ(r.coap.GetUriPath(), "/light", "Uri-Path");
        NS_TEST_EXPECT_MSG_EQ(r.coap.HasOption(CoapOption::URI_PORT), false, "no Uri-Port");
        // The Hosting HTTP URI in absolute-form gives the same
        HttpCoapMapping::HttpToCoap abs =
            Map("GET", "https://p.example.com/hc/coap://s.example.com/light");
        IOTSEC_TEST_REQUIRE(abs.ok, abs.error);
        NS_TEST_EXPECT_MSG_EQ((abs.coap == r.coap), true, "absolute-form hosting URI");
        // Section 5.3.2: coap://[2001:db8::1]/light?on with the brackets percent-encoded
        HttpCoapMapping::HttpToCoap v6 = Map("GET", "/hc/coap://%5B2001:db8::1%5D/light?on");
        IOTSEC_TEST_REQUIRE(v6.ok, v6.error);
        NS_TEST_EXPECT_MSG_EQ(v6.target.host, "2001:db8::1", "brackets reverted and removed");
        NS_TEST_EXPECT_MSG_EQ(v6.target.hostIsIp, true, "an IP literal");
        NS_TEST_EXPECT_MSG_EQ(v6.coap.HasOption(CoapOption::URI_HOST), false, "no Uri-Host");
        NS_TEST_EXPECT_MSG_EQ(v6.coap.GetUriPath(), "/light", "path");
        IOTSEC_TEST_REQUIRE(v6.coap.GetUriQueries().size() == 1, "one query argument");
        NS_TEST_EXPECT_MSG_EQ(v6.coap.GetUriQueries()[0], "on", "Uri-Query");
        // coaps, a port, an IPv4 host, a forward proxy's absolute-form coap URI
        HttpCoapMapping::HttpToCoap s = Map("PUT", "coaps://192.0.2.1:61616/a/b/");
        IOTSEC_TEST_REQUIRE(s.ok, s.error);
        NS_TEST_EXPECT_MSG_EQ(s.target.secure, true, "coaps");
        NS_TEST_EXPECT_MSG_EQ(s.target.port, 61616, "port");
        NS_TEST_EXPECT_MSG_EQ(s.coap.HasOption(CoapOption::URI_HOST), false, "IPv4: no Uri-Host");
        std::vector<std::string> segs = Strings(s.coap.GetOptionValues(CoapOption::URI_PATH));
        IOTSEC_TEST_REQUIRE(segs.size() == 3, "a, b and the empty last segment");
        NS_TEST_EXPECT_MSG_EQ(segs[2], "", "trailing slash: empty segment");
        HttpCoapMapping::HttpToCoap secureDefault = Map("GET", "/hc/coaps://S.Example.COM");
        NS_TEST_EXPECT_MSG_EQ(secureDefault.target.port, 5684, "coaps default port");
        NS_TEST_EXPECT_MSG_EQ(secureDefault.coap.GetUriHost(), "s.example.com", "lowercase");
        NS_TEST_EXPECT_MSG_EQ(secureDefault.coap.HasOption(CoapOption::URI_PATH), false, "'/'");

        // Percent-decoding (RFC 7252 section 6.4 steps 8 and 9) and dot segments
        HttpCoapMapping::HttpToCoap pct =
            Map("GET", "/hc/coap://s/a%20b/./x/../c%2Fd?k=%26v&w=%3D");
        IOTSEC_TEST_REQUIRE(pct.ok, pct.error);
        segs = Strings(pct.coap.GetOptionValues(CoapOption::URI_PATH));
        IOTSEC_TEST_REQUIRE(segs.size() == 2, "two segments: " << pct.coap.GetUriPath());
        NS_TEST_EXPECT_MSG_EQ(segs[0], "a b", "%20");
        NS_TEST_EXPECT_MSG_EQ(segs[1], "c/d", "an encoded slash stays in its segment");
        std::vector<std::string> q = pct.coap.GetUriQueries();
        IOTSEC_TEST_REQUIRE(q.size() == 2, "two arguments");
        NS_TEST_EXPECT_MSG_EQ(q[0], "k=&v", "an encoded & stays in its argument");
        NS_TEST_EXPECT_MSG_EQ(q[1], "w==", "%3D");

        // The null mapping (section 5.2): RFC 8075 section 5.5.1's discovery request on the
        // HTTP side, sent to a configured CoAP server
        HttpCoapMapping::Config fixed;
        fixed.fixedHost = "2001:db8::2";
        HttpCoapMapping::HttpToCoap wk = Map("GET", "/.well-known/core?rt=core.hc", fixed);
        IOTSEC_TEST_REQUIRE(wk.ok, wk.error);
        NS_TEST_EXPECT_MSG_EQ(wk.target.host, "2001:db8::2", "fixed host");
        NS_TEST_EXPECT_MSG_EQ(wk.target.port, 5683, "fixed port");
        NS_TEST_EXPECT_MSG_EQ(wk.coap.GetUriPath(), "/.well-known/core", "path");
        NS_TEST_EXPECT_MSG_EQ(wk.coap.GetUriQueries().at(0), "rt=core.hc", "query");
        NS_TEST_EXPECT_MSG_EQ(wk.coap.HasOption(CoapOption::URI_HOST), false, "an address");

        // Refusals
        struct Bad
        {
            std::string method; //!< method
            std::string target; //!< request-target
            int status;         //!< expected status
        };

        const std::vector<Bad> bad = {
            {"GET", "/hc/s.example.com/light", 400}, // scheme omitted (section 5.3.1)
            {"GET", "/hc/coap://s/light#frag", 400}, // a fragment
            {"GET", "/hc/coap://u@s/light", 400},    // a user part
            {"GET", "/hc/coap://s:99999/", 400},     // port beyond 65535
            {"GET", "/hc/coap://s:x/", 400},         // port not decimal
            {"GET", "/hc/coap://s/%zz", 400},        // bad percent-encoding
            {"GET", "/hc/coap://s/a?%2", 400},
            {"GET", "/hc/coap://[2001:db8::1/", 400},              // unterminated literal
            {"GET", "/hc/coap://[zz]/", 400},                      // not an IP literal
            {"GET", "/hc/coap:///light", 400},                     // no host
            {"GET", "/hc/coap://s/" + std::string(256, 'x'), 414}, // Uri-Path holds 255
            {"GET", "/hc/coap://s/?" + std::string(256, 'x'), 414},
            {"GET", "/light", 404}, // no fixed host configured
            {"GET", "*", 400},
            {"OPTIONS", "/hc/coap://s/", 501}, // RFC 7252 section 10.2.1
            {"TRACE", "/hc/coap://s/", 501},
            {"CONNECT", "s:443", 501}, // section 10.2.7
            {"PATCH", "/hc/coap://s/", 501},
            {"get", "/hc/coap://s/", 501}, // methods are case-sensitive
        };
        for (const Bad& b : bad)
        {
            HttpCoapMapping::HttpToCoap m = Map(b.method, b.target);
            NS_TEST_EXPECT_MSG_EQ(m.ok, false, b.method << " " << b.target);
            NS_TEST_EXPECT_MSG_EQ(m.status,
                                  b.status,
                                  b.method << " " << b.target << ": " << m.error);
            NS_TEST_EXPECT_MSG_NE(m.error, "", "with a reason");
        }
        HttpCoapMapping::HttpToCoap max = Map("GET", "/hc/coap://s/" + std::string(255, 'x'));
        NS_TEST_EXPECT_MSG_EQ(max.ok, true, "a 255-byte segment fits: " << max.error);

        // Methods (RFC 7252 section 10.2)
        const std::vector<std::pair<std::string, uint8_t>> methods = {{"GET", CoapCode::GET},
                                                                      {"HEAD", CoapCode::GET},
                                                                      {"POST", CoapCode::POST},
                                                                      {"PUT", CoapCode::PUT},
                                                                      {"DELETE", CoapCode::DELETE}};
        for (const auto& [method, code] : methods)
        {
            HttpCoapMapping::HttpToCoap m = Map(method, "/hc/coap://s/r");
            NS_TEST_EXPECT_MSG_EQ(m.ok, true, method);
            NS_TEST_EXPECT_MSG_EQ(+m.coap.GetCode(), +code, method);
            NS_TEST_EXPECT_MSG_EQ(m.coap.GetType(), CoapMessage::CON, "confirmable");
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Fields: Content-Type, Content-Encoding, Accept, conditional requests; bodies.
 */
class HttpCoapFieldsTestCase : public TestCase
{
  public:
    HttpCoapFieldsTestCase()
        : TestCase("Content-Type, Accept and conditional fields to CoAP options")
    {
    }

  private:
    /**
     * \param method the method
     * \param fields name/value pairs
     * \param body the body
     * \return the mapping
     */
    static HttpCoapMapping::HttpToCoap MapWith(
        const std::string& method,
        const std::vector<std::pair<std::string, std::string>>& fields,
        const std::string& body = "")
    {
        HttpMessage m = HttpMessage::MakeRequest(method, "/hc/coap://s/r");
        for (const auto& [name, value] : fields)
        {
            m.AddField(name, value);
        }
        m.SetBody(body);
        return HttpCoapMapping::MapHttpRequest(m, HttpCoapMapping::Config());
    }

    void DoRun() override
    {
        HttpCoapMapping::HttpToCoap put =
            MapWith("PUT", {{"Content-Type", "application/json"}}, "{\"on\":true}");
        IOTSEC_TEST_REQUIRE(put.ok, put.error);
        NS_TEST_EXPECT_MSG_EQ(put.coap.GetContentFormat().value_or(99), 50u, "json");
        NS_TEST_EXPECT_MSG_EQ(put.coap.GetPayloadString(), "{\"on\":true}", "payload");
        NS_TEST_EXPECT_MSG_EQ(put.criticalFromHeaders, false, "Content-Format is elective");

        HttpCoapMapping::HttpToCoap plain = MapWith("POST", {}, "raw");
        NS_TEST_EXPECT_MSG_EQ(plain.coap.HasOption(CoapOption::CONTENT_FORMAT), false, "none");
        NS_TEST_EXPECT_MSG_EQ(plain.coap.GetPayloadString(), "raw", "payload");

        HttpCoapMapping::HttpToCoap html = MapWith("PUT", {{"Content-Type", "text/html"}}, "<p>");
        NS_TEST_EXPECT_MSG_EQ(html.status, 415, "unknown media type (RFC 8075 section 6.1)");
        HttpCoapMapping::HttpToCoap gz =
            MapWith("PUT",
                    {{"Content-Type", "application/json"}, {"Content-Encoding", "gzip"}},
                    "x");
        NS_TEST_EXPECT_MSG_EQ(gz.status, 415, "a content coding");
        HttpCoapMapping::HttpToCoap two =
            MapWith("PUT",
                    {{"Content-Type", "application/json"}, {"Content-Type", "application/cbor"}},
                    "x");
        NS_TEST_EXPECT_MSG_EQ(two.status, 400, "two Content-Types");
        HttpCoapMapping::HttpToCoap getBody = MapWith("GET", {{"Content-Type", "text/html"}}, "x");
        NS_TEST_EXPECT_MSG_EQ(getBody.ok, true, "a GET's body and its type are not mapped");
        NS_TEST_EXPECT_MSG_EQ(getBody.coap.GetPayload().size(), 0u, "no payload on GET");

        // Accept: the most preferred type (RFC 7252 section 10.2.2), */* and failures dropped
        const std::vector<std::pair<std::string, int>> accepts = {
            {"application/json", 50},
            {"application/cbor;q=0.5, application/json", 50},
            {"application/cbor;q=0.9, application/json;q=0.8", 60},
            {"text/html, application/json;q=0.1", -1}, // the preferred one has no format
            {"*/*", -1},                               // MUST be no Accept (section 6.1)
            {"application/*", -1},
            {"application/json;q=0", -1},
            {"application/link-format;q=1.0", 40},
        };
        for (const auto& [accept, format] : accepts)
        {
            HttpCoapMapping::HttpToCoap a = MapWith("GET", {{"Accept", accept}});
            IOTSEC_TEST_REQUIRE(a.ok, a.error);
            NS_TEST_EXPECT_MSG_EQ(Cf(a.coap.GetAccept()), format, "Accept: " << accept);
            NS_TEST_EXPECT_MSG_EQ(a.criticalFromHeaders, (format >= 0), "Accept is critical");
        }

        // Conditional requests: entity-tags are the hexadecimal spelling of CoAP ETags
        HttpCoapMapping::HttpToCoap inm =
            MapWith("GET", {{"If-None-Match", "\"0a1b\", \"not-hex\", W/\"0c\""}});
        IOTSEC_TEST_REQUIRE(inm.ok, inm.error);
        std::vector<std::vector<uint8_t>> etags = inm.coap.GetOptionValues(CoapOption::ETAG);
        IOTSEC_TEST_REQUIRE(etags.size() == 1, "one mappable tag");
        NS_TEST_EXPECT_MSG_EQ((etags[0] == std::vector<uint8_t>{0x0a, 0x1b}), true, "ETag bytes");
        NS_TEST_EXPECT_MSG_EQ(inm.conditional, true, "a validation request");
        HttpCoapMapping::HttpToCoap star = MapWith("PUT", {{"If-None-Match", "*"}}, "x");
        NS_TEST_EXPECT_MSG_EQ(star.coap.HasOption(CoapOption::IF_NONE_MATCH), true, "*");
        HttpCoapMapping::HttpToCoap putTags = MapWith("PUT", {{"If-None-Match", "\"0a\""}}, "x");
        NS_TEST_EXPECT_MSG_EQ(putTags.status, 501, "no CoAP equivalent");
        HttpCoapMapping::HttpToCoap im = MapWith("PUT", {{"If-Match", "\"0102030405060708\""}});
        IOTSEC_TEST_REQUIRE(im.ok, im.error);
        NS_TEST_EXPECT_MSG_EQ(im.coap.GetOptionValues(CoapOption::IF_MATCH).at(0).size(),
                              8u,
                              "an 8-byte ETag");
        HttpCoapMapping::HttpToCoap im9 = MapWith("PUT", {{"If-Match", "\"010203040506070809\""}});
        NS_TEST_EXPECT_MSG_EQ(im9.status, 412, "9 bytes: matches no CoAP ETag");
        HttpCoapMapping::HttpToCoap imAny = MapWith("PUT", {{"If-Match", "*"}});
        NS_TEST_EXPECT_MSG_EQ(imAny.coap.GetOptionValues(CoapOption::IF_MATCH).at(0).size(),
                              0u,
                              "If-Match: * is the empty If-Match");
        NS_TEST_EXPECT_MSG_EQ(HttpCoapMapping::EtagToHttp({0xde, 0xad}), "\"dead\"", "to HTTP");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief CoAP responses to HTTP responses: RFC 8075 section 5.5.1's discovery exchange on the
 * wire, Location, ETag, Max-Age, HEAD.
 */
class HttpCoapResponseTestCase : public TestCase
{
  public:
    HttpCoapResponseTestCase()
        : TestCase("CoAP response to HTTP response, and a whole exchange on the wire")
    {
    }

  private:
    void DoRun() override
    {
        // RFC 8075 section 5.5.1 (HTTP side): GET /.well-known/core?rt=core.hc HTTP/1.1,
        // answered with application/link-format </hc/>;rt="core.hc". The RFC prints
        // Content-Length: 18, but the body it shows has 19 octets; a correct message carries 19.
        const std::string link = "</hc/>;rt=\"core.hc\"";
        NS_TEST_EXPECT_MSG_EQ(link.size(), 19u, "the RFC's body, counted");
        HttpCoapMapping::Config fixed;
        fixed.fixedHost = "2001:db8::2";
        HttpParser server(HttpParser::REQUESTS);
        server.Feed(std::string("GET /.well-known/core?rt=core.hc HTTP/1.1\r\n"
                                "Host: p.example.com\r\n\r\n"));
        HttpMessage req;
        IOTSEC_TEST_REQUIRE(server.Pop(req), "request parsed: " << server.GetError());
        HttpCoapMapping::HttpToCoap mapped = HttpCoapMapping::MapHttpRequest(req, fixed);
        IOTSEC_TEST_REQUIRE(mapped.ok, mapped.error);
        // The CoAP request crosses the wire, and so does the response
        CoapMessage coapReq;
        std::vector<uint8_t> wire = mapped.coap.Serialize();
        IOTSEC_TEST_REQUIRE(CoapMessage::Parse(wire.data(), wire.size(), coapReq, nullptr),
                            "CoAP request parses");
        NS_TEST_EXPECT_MSG_EQ(coapReq.GetUriPath(), "/.well-known/core", "path on the wire");
        CoapMessage coapResp(CoapMessage::ACK, CoapCode::CONTENT, coapReq.GetMessageId());
        coapResp.SetContentFormat(40);
        coapResp.SetPayload(link);
        HttpMessage resp = HttpCoapMapping::MapCoapResponse(coapResp, mapped);
        std::string expected = "HTTP/1.1 200 OK\r\n"
                               "Content-Type: application/link-format\r\n"
                               "Cache-Control: max-age=60\r\n" // RFC 7252 5.10.5 default
                               "Content-Length: 19\r\n"
                               "\r\n" +
                               link;
        NS_TEST_EXPECT_MSG_EQ(Str(resp.Serialize()), expected, "the HTTP response");
        HttpParser client(HttpParser::RESPONSES);
        client.ExpectResponse("GET");
        client.Feed(resp.Serialize());
        HttpMessage back;
        NS_TEST_EXPECT_MSG_EQ(client.Pop(back), true, "parses: " << client.GetError());
        NS_TEST_EXPECT_MSG_EQ(back.GetBodyString(), link, "body");

        // The same to HEAD: no body, the Content-Length of the representation
        HttpCoapMapping::HttpToCoap head = Map("HEAD", "/.well-known/core", fixed);
        HttpMessage headResp = HttpCoapMapping::MapCoapResponse(coapResp, head);
        NS_TEST_EXPECT_MSG_EQ(Str(headResp.Serialize("HEAD")),
                              "HTTP/1.1 200 OK\r\n"
                              "Content-Type: application/link-format\r\n"
                              "Cache-Control: max-age=60\r\n"
                              "Content-Length: 19\r\n\r\n",
                              "HEAD response");
        // A response without HTTP mapping, to HEAD: the 502's diagnostic is not a body (the
        // fuzz target found it was)
        HttpMessage head502 =
            HttpCoapMapping::MapCoapResponse(Response(CoapCode::CONTINUE, "x"), head);
        NS_TEST_EXPECT_MSG_EQ(head502.GetStatus(), 502, "2.31");
        NS_TEST_EXPECT_MSG_EQ(head502.GetBody().size(), 0u, "no body answering HEAD");
        NS_TEST_EXPECT_MSG_EQ(head502.IsValid("HEAD"), true, "serializable");

        // 2.01 with Location-Path and Location-Query: below the same HC Proxy URI; a segment
        // holding a CRLF is percent-encoded, not injected as a field
        HttpCoapMapping::HttpToCoap post = Map("POST", "/hc/coap://s.example.com/sensors");
        CoapMessage created = Response(CoapCode::CREATED);
        created.SetLocationPath("/sensors/42");
        created.AddOption(CoapOption::LOCATION_QUERY, std::string("a=1&b"));
        HttpMessage m201 = HttpCoapMapping::MapCoapResponse(created, post);
        NS_TEST_EXPECT_MSG_EQ(m201.GetStatus(), 201, "2.01");
        NS_TEST_EXPECT_MSG_EQ(m201.GetField("Location").value_or(""),
                              "/hc/coap://s.example.com/sensors/42?a=1%26b",
                              "Location");
        CoapMessage evil = Response(CoapCode::CREATED);
        evil.AddOption(CoapOption::LOCATION_PATH, std::string("x\r\nSet-Cookie: y"));
        HttpMessage m = HttpCoapMapping::MapCoapResponse(evil, post);
        NS_TEST_EXPECT_MSG_EQ(m.GetField("Location").value_or(""),
                              "/hc/coap://s.example.com/x%0D%0ASet-Cookie:%20y",
                              "percent-encoded (RFC 7252 section 6.5 step 6)");
        NS_TEST_EXPECT_MSG_EQ(m.IsValid(), true, "serializable");

        // 2.03 to a validation request: 304 with the ETag; Max-Age to Cache-Control
        HttpMessage cond = HttpMessage::MakeRequest("GET", "/hc/coap://s/r");
        cond.AddField("If-None-Match", "\"beef\"");
        HttpCoapMapping::HttpToCoap validation =
            HttpCoapMapping::MapHttpRequest(cond, HttpCoapMapping::Config());
        CoapMessage v = Response(CoapCode::VALID);
        v.SetETag({0xbe, 0xef});
        v.SetMaxAge(120);
        HttpMessage m304 = HttpCoapMapping::MapCoapResponse(v, validation);
        NS_TEST_EXPECT_MSG_EQ(m304.GetStatus(), 304, "2.03 -> 304");
        NS_TEST_EXPECT_MSG_EQ(m304.GetField("ETag").value_or(""), "\"beef\"", "ETag");
        NS_TEST_EXPECT_MSG_EQ(m304.GetField("Cache-Control").value_or(""),
                              "max-age=120",
                              "Max-Age");
        // An unknown Content-Format (RFC 8075 section 6.2)
        CoapMessage odd = Response(CoapCode::CONTENT, "x");
        odd.SetContentFormat(11050);
        NS_TEST_EXPECT_MSG_EQ(
            HttpCoapMapping::MapCoapResponse(odd, validation).GetField("Content-Type").value_or(""),
            "application/coap-payload;cf=11050",
            "coap-payload");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The CoAP-HTTP direction (RFC 7252 section 10.1): requests and responses.
 */
class CoapHttpMappingTestCase : public TestCase
{
  public:
    CoapHttpMappingTestCase()
        : TestCase("CoAP request to HTTP request, HTTP response to CoAP response")
    {
    }

  private:
    void DoRun() override
    {
        HttpCoapMapping::CoapConfig none;
        CoapMessage get(CoapMessage::CON, CoapCode::GET, 7);
        get.SetProxyUri("http://example.com:8080/a/b?c=d");
        get.SetAccept(50);
        HttpCoapMapping::CoapToHttp r = HttpCoapMapping::MapCoapRequest(get, none);
        IOTSEC_TEST_REQUIRE(r.ok, r.error);
        NS_TEST_EXPECT_MSG_EQ(r.host, "example.com", "host");
        NS_TEST_EXPECT_MSG_EQ(r.port, 8080, "port");
        NS_TEST_EXPECT_MSG_EQ(Str(r.http.Serialize()),
                              "GET /a/b?c=d HTTP/1.1\r\n"
                              "Host: example.com:8080\r\n"
                              "Accept: application/json\r\n\r\n",
                              "the HTTP request");

        // Proxy-Scheme with Uri-Host, Uri-Path, Uri-Query (RFC 7252 section 6.5 encoding)
        CoapMessage put(CoapMessage::CON, CoapCode::PUT, 8);
        put.AddOption(CoapOption::PROXY_SCHEME, std::string("https"));
        put.SetUriHost("example.com");
        put.SetUriPath("/x y/z?q=a&r=b/c");
        put.SetContentFormat(0);
        put.SetPayload("on");
        put.AddOption(CoapOption::IF_MATCH, std::vector<uint8_t>{0x01, 0x02});
        r = HttpCoapMapping::MapCoapRequest(put, none);
        IOTSEC_TEST_REQUIRE(r.ok, r.error);
        NS_TEST_EXPECT_MSG_EQ(r.secure, true, "https");
        NS_TEST_EXPECT_MSG_EQ(r.port, 443, "https default port");
        NS_TEST_EXPECT_MSG_EQ(Str(r.http.Serialize()),
                              "PUT /x%20y/z?q=a&r=b/c HTTP/1.1\r\n"
                              "Host: example.com\r\n"
                              "Content-Type: text/plain;charset=utf-8\r\n"
                              "If-Match: \"0102\"\r\n"
                              "Content-Length: 2\r\n\r\non",
                              "the HTTP request");

        // Refusals
        CoapMessage coapScheme(CoapMessage::CON, CoapCode::GET, 9);
        coapScheme.SetProxyUri("coap://example.com/x");
        NS_TEST_EXPECT_MSG_EQ(
            CoapCode::ToString(HttpCoapMapping::MapCoapRequest(coapScheme, none).code),
            "5.05",
            "not an HTTP URI (section 10.1)");
        CoapMessage inject(CoapMessage::CON, CoapCode::GET, 10);
        inject.SetProxyUri("http://example.com/a\r\nX: y");
        NS_TEST_EXPECT_MSG_EQ(
            CoapCode::ToString(HttpCoapMapping::MapCoapRequest(inject, none).code),
            "4.00",
            "no request line injection");
        CoapMessage fetch(CoapMessage::CON, CoapCode::FETCH, 11);
        fetch.SetProxyUri("http://example.com/");
        NS_TEST_EXPECT_MSG_EQ(CoapCode::ToString(HttpCoapMapping::MapCoapRequest(fetch, none).code),
                              "4.05",
                              "RFC 7252 section 5.8");
        CoapMessage local(CoapMessage::CON, CoapCode::GET, 12);
        local.SetUriPath("/x");
        NS_TEST_EXPECT_MSG_EQ(CoapCode::ToString(HttpCoapMapping::MapCoapRequest(local, none).code),
                              "4.04",
                              "no HTTP server");
        CoapMessage oddFormat(CoapMessage::CON, CoapCode::POST, 13);
        oddFormat.SetProxyUri("http://example.com/");
        oddFormat.SetContentFormat(9999);
        oddFormat.SetPayload("x");
        NS_TEST_EXPECT_MSG_EQ(
            CoapCode::ToString(HttpCoapMapping::MapCoapRequest(oddFormat, none).code),
            "4.15",
            "Content-Format without media type");

        // A fixed HTTP server (reverse proxy)
        HttpCoapMapping::CoapConfig fixed;
        fixed.fixedHost = "2001:db8::80";
        fixed.fixedPort = 8080;
        CoapMessage cond(CoapMessage::CON, CoapCode::GET, 14);
        cond.SetUriPath("/temp");
        cond.AddOption(CoapOption::ETAG, std::vector<uint8_t>{0xab});
        r = HttpCoapMapping::MapCoapRequest(cond, fixed);
        IOTSEC_TEST_REQUIRE(r.ok, r.error);
        NS_TEST_EXPECT_MSG_EQ(r.http.GetField("Host").value_or(""), "[2001:db8::80]:8080", "Host");
        NS_TEST_EXPECT_MSG_EQ(r.http.GetField("If-None-Match").value_or(""), "\"ab\"", "ETag");
        NS_TEST_EXPECT_MSG_EQ(r.conditional, true, "a validation");

        // HTTP responses to CoAP (sections 10.1.1 to 10.1.4)
        HttpMessage ok = HttpMessage::MakeResponse(200);
        ok.AddField("Content-Type", "text/plain; charset=utf-8");
        ok.AddField("Cache-Control", "public, max-age=30");
        ok.AddField("ETag", "\"00ff\"");
        ok.SetBody("22.5 C");
        CoapMessage c = HttpCoapMapping::MapHttpResponse(ok, r);
        NS_TEST_EXPECT_MSG_EQ(CoapCode::ToString(c.GetCode()), "2.05", "GET 200");
        NS_TEST_EXPECT_MSG_EQ(c.GetContentFormat().value_or(99), 0u, "text/plain");
        NS_TEST_EXPECT_MSG_EQ(c.GetMaxAge().value_or(99), 30u, "max-age");
        NS_TEST_EXPECT_MSG_EQ(
            (c.GetETag().value_or(std::vector<uint8_t>()) == std::vector<uint8_t>{0x00, 0xff}),
            true,
            "ETag");
        NS_TEST_EXPECT_MSG_EQ(c.GetPayloadString(), "22.5 C", "payload");
        HttpMessage notModified = HttpMessage::MakeResponse(304);
        c = HttpCoapMapping::MapHttpResponse(notModified, r);
        NS_TEST_EXPECT_MSG_EQ(CoapCode::ToString(c.GetCode()), "2.03", "304 to a validation");
        NS_TEST_EXPECT_MSG_EQ(c.GetMaxAge().value_or(99), 0u, "no freshness: Max-Age 0");
        HttpMessage html = HttpMessage::MakeResponse(200);
        html.AddField("Content-Type", "text/html");
        html.SetBody("<p>");
        c = HttpCoapMapping::MapHttpResponse(html, r);
        NS_TEST_EXPECT_MSG_EQ(CoapCode::ToString(c.GetCode()), "5.02", "not understood");
        HttpMessage busy = HttpMessage::MakeResponse(503);
        busy.AddField("Retry-After", "120");
        c = HttpCoapMapping::MapHttpResponse(busy, r);
        NS_TEST_EXPECT_MSG_EQ(CoapCode::ToString(c.GetCode()), "5.03", "503");
        NS_TEST_EXPECT_MSG_EQ(c.GetMaxAge().value_or(0), 120u, "Retry-After to Max-Age");

        HttpCoapMapping::CoapToHttp postReq;
        postReq.coapMethod = CoapCode::POST;
        HttpMessage created = HttpMessage::MakeResponse(201);
        created.AddField("Location", "http://example.com/items/7?v=1");
        c = HttpCoapMapping::MapHttpResponse(created, postReq);
        NS_TEST_EXPECT_MSG_EQ(CoapCode::ToString(c.GetCode()), "2.01", "POST 201");
        NS_TEST_EXPECT_MSG_EQ(c.GetLocationPath(), "/items/7", "Location-Path");
        NS_TEST_EXPECT_MSG_EQ(Strings(c.GetOptionValues(CoapOption::LOCATION_QUERY)).at(0),
                              "v=1",
                              "Location-Query");
        NS_TEST_EXPECT_MSG_EQ(c.HasOption(CoapOption::MAX_AGE), false, "2.01 is not cacheable");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The HTTP<->CoAP mapping test suite.
 */
class HttpCoapMappingTestSuite : public TestSuite
{
  public:
    HttpCoapMappingTestSuite()
        : TestSuite("iotsec-http-coap-mapping", Type::UNIT)
    {
        AddTestCase(new HttpCoapStatusTableTestCase, iotsectest::QUICK);
        AddTestCase(new CoapHttpStatusTableTestCase, iotsectest::QUICK);
        AddTestCase(new HttpCoapMediaTypeTestCase, iotsectest::QUICK);
        AddTestCase(new HttpCoapUriMappingTestCase, iotsectest::QUICK);
        AddTestCase(new HttpCoapFieldsTestCase, iotsectest::QUICK);
        AddTestCase(new HttpCoapResponseTestCase, iotsectest::QUICK);
        AddTestCase(new CoapHttpMappingTestCase, iotsectest::QUICK);
    }
};

/// Static instance: registers the suite
static HttpCoapMappingTestSuite g_httpCoapMappingTestSuite;
