/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Tests of the HTTP/1.1 codec (RFC 9112): the example exchange of RFC 9110 section 3.9, the
// chunked coding of RFC 9112 section 7.1, a stream cut into single bytes, pipelining, every
// bound exceeded by one, request smuggling and other malformed input.

#include "iotsec-test.h"

#include "ns3/http-message.h"

#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// RFC 9110 section 3.9: the client's request, lines ending in CRLF
const std::string RFC9110_REQUEST = "GET /hello.txt HTTP/1.1\r\n"
                                    "User-Agent: curl/7.64.1\r\n"
                                    "Host: www.example.com\r\n"
                                    "Accept-Language: en, mi\r\n"
                                    "\r\n";

/// RFC 9110 section 3.9: the header section of the server's response
const std::string RFC9110_RESPONSE_HEAD = "HTTP/1.1 200 OK\r\n"
                                          "Date: Mon, 27 Jul 2009 12:28:53 GMT\r\n"
                                          "Server: Apache\r\n"
                                          "Last-Modified: Wed, 22 Jul 2009 19:15:56 GMT\r\n"
                                          "ETag: \"34aa387-d-1568eb00\"\r\n"
                                          "Accept-Ranges: bytes\r\n"
                                          "Content-Length: 51\r\n"
                                          "Vary: Accept-Encoding\r\n"
                                          "Content-Type: text/plain\r\n"
                                          "\r\n";

/// RFC 9110 section 3.9: the content, "[which] includes a trailing CRLF" (51 octets)
const std::string RFC9110_CONTENT = "Hello World! My content includes a trailing CRLF.\r\n";

/**
 * \param mode requests or responses
 * \param bytes a stream
 * \param method for responses, the method of the one request
 * \param limits the limits
 * \return a parser that was fed the stream
 */
HttpParser
FeedAll(HttpParser::Mode mode,
        const std::string& bytes,
        const std::string& method = "GET",
        const HttpParser::Limits& limits = HttpParser::Limits())
{
    HttpParser p(mode, limits);
    if (mode == HttpParser::RESPONSES)
    {
        p.ExpectResponse(method);
    }
    p.Feed(bytes);
    return p;
}

/// \param v bytes \return them as a string
std::string
Str(const std::vector<uint8_t>& v)
{
    return std::string(v.begin(), v.end());
}

} // namespace

/**
 * \ingroup iotsec-tests
 * \brief RFC 9110 section 3.9: the example exchange parses, and serializes back.
 */
class HttpRfc9110ExampleTestCase : public TestCase
{
  public:
    HttpRfc9110ExampleTestCase()
        : TestCase("RFC 9110 section 3.9 example request and response")
    {
    }

  private:
    void DoRun() override
    {
        NS_TEST_EXPECT_MSG_EQ(RFC9110_CONTENT.size(), 51u, "the RFC's Content-Length");

        HttpParser server = FeedAll(HttpParser::REQUESTS, RFC9110_REQUEST);
        HttpMessage req;
        IOTSEC_TEST_REQUIRE(server.Pop(req), "request parsed: " << server.GetError());
        NS_TEST_EXPECT_MSG_EQ(req.IsRequest(), true, "a request");
        NS_TEST_EXPECT_MSG_EQ(req.GetMethod(), "GET", "method");
        NS_TEST_EXPECT_MSG_EQ(req.GetTarget(), "/hello.txt", "request-target");
        NS_TEST_EXPECT_MSG_EQ(req.GetVersionString(), "HTTP/1.1", "version");
        NS_TEST_EXPECT_MSG_EQ(req.GetFields().size(), 3u, "three fields");
        NS_TEST_EXPECT_MSG_EQ(req.GetField("host").value_or(""), "www.example.com", "Host");
        NS_TEST_EXPECT_MSG_EQ(req.GetField("USER-AGENT").value_or(""), "curl/7.64.1", "UA");
        std::vector<std::string> langs = req.GetFieldList("Accept-Language");
        IOTSEC_TEST_REQUIRE(langs.size() == 2, "Accept-Language is a list of two");
        NS_TEST_EXPECT_MSG_EQ(langs[0], "en", "first language");
        NS_TEST_EXPECT_MSG_EQ(langs[1], "mi", "second language");
        NS_TEST_EXPECT_MSG_EQ(req.GetBody().size(), 0u, "no body");
        NS_TEST_EXPECT_MSG_EQ(req.KeepsAlive(), true, "HTTP/1.1 persists");
        NS_TEST_EXPECT_MSG_EQ(server.IsIdle(), true, "idle after the message");
        // A GET without a body has no Content-Length: the bytes are the RFC's
        NS_TEST_EXPECT_MSG_EQ(Str(req.Serialize()), RFC9110_REQUEST, "request serializes back");

        HttpParser client = FeedAll(HttpParser::RESPONSES, RFC9110_RESPONSE_HEAD + RFC9110_CONTENT);
        HttpMessage resp;
        std::string method;
        IOTSEC_TEST_REQUIRE(client.Pop(resp, &method), "response parsed: " << client.GetError());
        NS_TEST_EXPECT_MSG_EQ(method, "GET", "answers the GET");
        NS_TEST_EXPECT_MSG_EQ(client.GetExpectedCount(), 0u, "the GET is answered");
        NS_TEST_EXPECT_MSG_EQ(resp.GetStatus(), 200, "status");
        NS_TEST_EXPECT_MSG_EQ(resp.GetReason(), "OK", "reason");
        NS_TEST_EXPECT_MSG_EQ(resp.GetBodyString(), RFC9110_CONTENT, "51-octet content");
        NS_TEST_EXPECT_MSG_EQ(resp.GetField("etag").value_or(""),
                              "\"34aa387-d-1568eb00\"",
                              "ETag keeps its quotes");
        // Framing belongs to the codec: the 8 fields but Content-Length
        NS_TEST_EXPECT_MSG_EQ(resp.GetFields().size(), 7u, "Content-Length consumed");
        NS_TEST_EXPECT_MSG_EQ(resp.HasField("Content-Length"), false, "no Content-Length");
        // Written back, Content-Length (the body's 51 octets) comes after the other fields
        std::string expected = "HTTP/1.1 200 OK\r\n"
                               "Date: Mon, 27 Jul 2009 12:28:53 GMT\r\n"
                               "Server: Apache\r\n"
                               "Last-Modified: Wed, 22 Jul 2009 19:15:56 GMT\r\n"
                               "ETag: \"34aa387-d-1568eb00\"\r\n"
                               "Accept-Ranges: bytes\r\n"
                               "Vary: Accept-Encoding\r\n"
                               "Content-Type: text/plain\r\n"
                               "Content-Length: 51\r\n"
                               "\r\n" +
                               RFC9110_CONTENT;
        NS_TEST_EXPECT_MSG_EQ(Str(resp.Serialize()), expected, "response serializes");

        // The same header section answering HEAD (RFC 9110 section 9.3.2): no content follows,
        // and Content-Length stays (it describes the representation)
        HttpParser head = FeedAll(HttpParser::RESPONSES, RFC9110_RESPONSE_HEAD, "HEAD");
        HttpMessage headResp;
        IOTSEC_TEST_REQUIRE(head.Pop(headResp), "HEAD response parsed: " << head.GetError());
        NS_TEST_EXPECT_MSG_EQ(headResp.GetBody().size(), 0u, "no body");
        NS_TEST_EXPECT_MSG_EQ(headResp.GetField("Content-Length").value_or(""), "51", "kept");
        NS_TEST_EXPECT_MSG_EQ(Str(headResp.Serialize("HEAD")),
                              RFC9110_RESPONSE_HEAD,
                              "written back as received");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief A stream fed one byte at a time gives each message exactly when its last byte comes.
 */
class HttpByteAtATimeTestCase : public TestCase
{
  public:
    HttpByteAtATimeTestCase()
        : TestCase("messages fed one byte at a time")
    {
    }

  private:
    void DoRun() override
    {
        // A request with a Content-Length body, then a chunked one
        std::string stream = "PUT /light HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\non" +
                             std::string("POST /log HTTP/1.1\r\nHost: h\r\n"
                                         "Transfer-Encoding: chunked\r\n\r\n"
                                         "3\r\nabc\r\n0\r\n\r\n");
        std::size_t firstEnd = stream.find("POST");
        HttpParser p(HttpParser::REQUESTS);
        std::vector<HttpMessage> got;
        for (std::size_t i = 0; i < stream.size(); ++i)
        {
            p.Feed(stream.substr(i, 1));
            NS_TEST_EXPECT_MSG_LT_OR_EQ(p.GetBufferedBytes(), p.GetMaxBufferedBytes(), "bounded");
            HttpMessage m;
            while (p.Pop(m))
            {
                got.push_back(m);
                NS_TEST_EXPECT_MSG_EQ((i + 1 == firstEnd || i + 1 == stream.size()),
                                      true,
                                      "popped at byte " << i + 1);
            }
        }
        NS_TEST_EXPECT_MSG_EQ(p.IsFailed(), false, p.GetError());
        IOTSEC_TEST_REQUIRE(got.size() == 2, "two messages");
        NS_TEST_EXPECT_MSG_EQ(got[0].GetBodyString(), "on", "first body");
        NS_TEST_EXPECT_MSG_EQ(got[1].GetBodyString(), "abc", "chunked body decoded");
        NS_TEST_EXPECT_MSG_EQ(got[1].HasField("Transfer-Encoding"), false, "TE consumed");
        NS_TEST_EXPECT_MSG_EQ(p.IsIdle(), true, "idle");

        // RFC 9110 section 3.9's response, byte by byte
        HttpParser c(HttpParser::RESPONSES);
        c.ExpectResponse("GET");
        std::string resp = RFC9110_RESPONSE_HEAD + RFC9110_CONTENT;
        for (std::size_t i = 0; i < resp.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(c.GetPendingCount(), 0u, "not before the last byte");
            c.Feed(resp.substr(i, 1));
        }
        HttpMessage m;
        IOTSEC_TEST_REQUIRE(c.Pop(m), "response after its last byte: " << c.GetError());
        NS_TEST_EXPECT_MSG_EQ(m.GetBodyString(), RFC9110_CONTENT, "body");

        // Empty lines before a request-line are skipped (RFC 9112 section 2.2)
        HttpParser e = FeedAll(HttpParser::REQUESTS, "\r\n\r\nGET / HTTP/1.1\r\n\r\n");
        NS_TEST_EXPECT_MSG_EQ(e.Pop(m), true, "leading CRLFs skipped: " << e.GetError());
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Pipelined requests and responses; interim responses; the request method a response
 * needs (HEAD, 204, 304 have no body).
 */
class HttpPipelineTestCase : public TestCase
{
  public:
    HttpPipelineTestCase()
        : TestCase("pipelined requests and responses; HEAD, 1xx, 204 and 304 without body")
    {
    }

  private:
    void DoRun() override
    {
        HttpParser p = FeedAll(HttpParser::REQUESTS,
                               "GET /a HTTP/1.1\r\nHost: h\r\n\r\n"
                               "POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
                               "DELETE /c HTTP/1.1\r\nHost: h\r\n\r\n");
        NS_TEST_EXPECT_MSG_EQ(p.GetPendingCount(), 3u, "three requests");
        HttpMessage m;
        p.Pop(m);
        NS_TEST_EXPECT_MSG_EQ(m.GetMethod() + m.GetTarget(), "GET/a", "first");
        p.Pop(m);
        NS_TEST_EXPECT_MSG_EQ(m.GetMethod() + m.GetTarget() + m.GetBodyString(),
                              "POST/bhello",
                              "second");
        p.Pop(m);
        NS_TEST_EXPECT_MSG_EQ(m.GetMethod() + m.GetTarget(), "DELETE/c", "third");
        NS_TEST_EXPECT_MSG_EQ(p.Pop(m), false, "no more");

        // Responses to HEAD, POST (100 Continue, then 201), GET (304), DELETE (204), GET (200)
        HttpParser c(HttpParser::RESPONSES);
        for (const char* method : {"HEAD", "POST", "GET", "DELETE", "GET"})
        {
            c.ExpectResponse(method);
        }
        c.Feed("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"     // HEAD: no body
               "HTTP/1.1 100 Continue\r\n\r\n"                       // interim
               "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok" // POST
               "HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n"    // GET: no body
               "HTTP/1.1 204 No Content\r\n\r\n"                     // DELETE: no body
               "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nend");
        NS_TEST_EXPECT_MSG_EQ(c.IsFailed(), false, c.GetError());
        const std::vector<std::pair<uint16_t, std::string>> expected = {{200, "HEAD"},
                                                                        {100, "POST"},
                                                                        {201, "POST"},
                                                                        {304, "GET"},
                                                                        {204, "DELETE"},
                                                                        {200, "GET"}};
        const std::vector<std::string> bodies = {"", "", "ok", "", "", "end"};
        for (std::size_t i = 0; i < expected.size(); ++i)
        {
            std::string method;
            IOTSEC_TEST_REQUIRE(c.Pop(m, &method), "response " << i);
            NS_TEST_EXPECT_MSG_EQ(m.GetStatus(), expected[i].first, "status " << i);
            NS_TEST_EXPECT_MSG_EQ(method, expected[i].second, "answers " << i);
            NS_TEST_EXPECT_MSG_EQ(m.GetBodyString(), bodies[i], "body " << i);
        }
        NS_TEST_EXPECT_MSG_EQ(c.GetExpectedCount(), 0u, "every request answered");

        // A 2xx to CONNECT and a 101 end HTTP on the stream (RFC 9112 section 6.3 rule 2)
        for (const auto& [method, status] : {std::make_pair("CONNECT", "200 OK"),
                                             std::make_pair("GET", "101 Switching Protocols")})
        {
            HttpParser t(HttpParser::RESPONSES);
            t.ExpectResponse(method);
            std::string tunnel = "\x16\x03\x03 not HTTP";
            t.Feed("HTTP/1.1 " + std::string(status) + "\r\nContent-Length: 5\r\n\r\n" + tunnel);
            NS_TEST_EXPECT_MSG_EQ(t.Pop(m), true, method << ": " << t.GetError());
            NS_TEST_EXPECT_MSG_EQ(m.GetBody().size(), 0u, method << ": no body");
            NS_TEST_EXPECT_MSG_EQ(t.IsClosed(), true, method << ": HTTP ends");
            NS_TEST_EXPECT_MSG_EQ(t.GetIgnoredBytes(), tunnel.size(), method << ": not parsed");
        }

        // A response before any request is refused
        HttpParser unsolicited(HttpParser::RESPONSES);
        unsolicited.Feed("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        NS_TEST_EXPECT_MSG_EQ(unsolicited.IsFailed(), true, "no request outstanding");
        NS_TEST_EXPECT_MSG_EQ(unsolicited.GetErrorStatus(), 502, "a proxy answers 502");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The chunked transfer coding (RFC 9112 section 7.1): decoding, extensions, trailers.
 */
class HttpChunkedTestCase : public TestCase
{
  public:
    HttpChunkedTestCase()
        : TestCase("RFC 9112 section 7.1 chunked transfer coding")
    {
    }

  private:
    void DoRun() override
    {
        // chunked-body = *chunk last-chunk trailer-section CRLF: a chunk with a size in upper
        // case hex (0x1A = 26), one with chunk-ext (a token value and a quoted-string), a
        // last-chunk of several zeros with an extension, and a trailer field
        std::string alphabet = "abcdefghijklmnopqrstuvwxyz";
        std::string stream = "POST /upload HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n"
                             "\r\n"
                             "1A\r\n" +
                             alphabet +
                             "\r\n"
                             "3 ; sig=abc ;note=\"a \\\"b\\\"\"\r\n123\r\n"
                             "000;last\r\n"
                             "Checksum: 42\r\n"
                             "\r\n";
        HttpParser p = FeedAll(HttpParser::REQUESTS, stream);
        HttpMessage m;
        IOTSEC_TEST_REQUIRE(p.Pop(m), "parsed: " << p.GetError());
        // RFC 9112 7.1.3: content is the chunk-data in order; length := 26 + 3
        NS_TEST_EXPECT_MSG_EQ(m.GetBodyString(), alphabet + "123", "decoded body");
        NS_TEST_EXPECT_MSG_EQ(m.GetBody().size(), 29u, "length");
        NS_TEST_EXPECT_MSG_EQ(m.HasField("Transfer-Encoding"), false, "chunked removed");
        NS_TEST_EXPECT_MSG_EQ(m.HasField("Checksum"), false, "trailer discarded, not merged");
        NS_TEST_EXPECT_MSG_EQ(Str(m.Serialize()),
                              "POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 29\r\n\r\n" +
                                  alphabet + "123",
                              "re-framed by Content-Length");

        // A chunked response, cut into pieces of 3 bytes
        HttpParser c(HttpParser::RESPONSES);
        c.ExpectResponse("GET");
        std::string resp = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                           "4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n";
        for (std::size_t i = 0; i < resp.size(); i += 3)
        {
            c.Feed(resp.substr(i, 3));
        }
        IOTSEC_TEST_REQUIRE(c.Pop(m), "chunked response: " << c.GetError());
        NS_TEST_EXPECT_MSG_EQ(m.GetBodyString(), "Wikipedia", "9 octets");

        // Malformed chunking
        const std::vector<std::pair<std::string, std::string>> bad = {
            {"4\r\nWikiX\r\n0\r\n\r\n", "chunk-data longer than its size"},
            {"4\r\nWik\r\n\r\n0\r\n\r\n", "chunk-data shorter than its size"},
            {"g\r\n", "chunk-size not hex"},
            {"\r\n", "empty chunk-size"},
            {"4;\r\nWiki\r\n0\r\n\r\n", "';' without a name"},
            {"4;a=\r\nWiki\r\n0\r\n\r\n", "'=' without a value"},
            {"4;a=\"open\r\nWiki\r\n0\r\n\r\n", "unterminated quoted-string"},
            {"4 x\r\nWiki\r\n0\r\n\r\n", "garbage after the size"},
            {"0\r\n bad: trailer\r\n\r\n", "obs-fold in the trailer section"},
            {"0\r\nno-colon\r\n\r\n", "trailer field without colon"},
        };
        for (const auto& [body, what] : bad)
        {
            HttpParser b = FeedAll(HttpParser::REQUESTS,
                                   "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + body);
            NS_TEST_EXPECT_MSG_EQ(b.IsFailed(), true, what);
            NS_TEST_EXPECT_MSG_EQ(b.GetPendingCount(), 0u, what << ": nothing delivered");
            NS_TEST_EXPECT_MSG_NE(b.GetError(), "", what << ": with a reason");
        }
        // A chunk-size beyond 64 bits is refused as too large, without overflowing
        HttpParser huge = FeedAll(HttpParser::REQUESTS,
                                  "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                                  "10000000000000000000000000000000001\r\nx");
        NS_TEST_EXPECT_MSG_EQ(huge.GetErrorStatus(), 413, huge.GetError());
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Every bound accepts its limit and rejects the limit plus one, with its status code.
 */
class HttpBoundsTestCase : public TestCase
{
  public:
    HttpBoundsTestCase()
        : TestCase("every bound: the limit passes, the limit plus one fails")
    {
    }

  private:
    /// \return small limits
    static HttpParser::Limits Small()
    {
        HttpParser::Limits l;
        l.maxStartLine = 64;
        l.maxHeaderSection = 128;
        l.maxHeaderCount = 5;
        l.maxBody = 100;
        l.maxChunkLine = 20;
        l.maxChunkExtensions = 30;
        l.maxPendingMessages = 3;
        l.maxExpectedResponses = 4;
        return l;
    }

    /**
     * \brief Parse a stream under the small limits, expect one message or a failure.
     * \param stream the bytes
     * \param ok whether it must parse
     * \param status the error status expected when it must fail
     * \param what a label
     */
    void Check(const std::string& stream, bool ok, uint16_t status, const std::string& what)
    {
        HttpParser p = FeedAll(HttpParser::REQUESTS, stream, "GET", Small());
        NS_TEST_EXPECT_MSG_LT_OR_EQ(p.GetBufferedBytes(), p.GetMaxBufferedBytes(), what);
        if (ok)
        {
            NS_TEST_EXPECT_MSG_EQ(p.GetPendingCount(), 1u, what << ": " << p.GetError());
        }
        else
        {
            NS_TEST_EXPECT_MSG_EQ(p.IsFailed(), true, what << ": must fail");
            NS_TEST_EXPECT_MSG_EQ(p.GetErrorStatus(), status, what << ": " << p.GetError());
        }
    }

    void DoRun() override
    {
        const HttpParser::Limits l = Small();
        // Start line: "GET " + target + " HTTP/1.1" is 13 bytes plus the target
        std::string target64 = "/" + std::string(l.maxStartLine - 13 - 1, 'a');
        Check("GET " + target64 + " HTTP/1.1\r\n\r\n", true, 0, "start line at 64");
        Check("GET " + target64 + "a HTTP/1.1\r\n\r\n", false, 414, "start line at 65");

        // Header section: field lines with their CRLFs. "X: " + value + CRLF = 5 + value
        std::string fill(l.maxHeaderSection - 5, 'v');
        Check("GET / HTTP/1.1\r\nX: " + fill + "\r\n\r\n", true, 0, "header section at 128");
        Check("GET / HTTP/1.1\r\nX: " + fill + "v\r\n\r\n", false, 431, "header section 129");

        // Header count
        std::string fields;
        for (std::size_t i = 0; i < l.maxHeaderCount; ++i)
        {
            fields += "F" + std::to_string(i) + ": x\r\n";
        }
        Check("GET / HTTP/1.1\r\n" + fields + "\r\n", true, 0, "5 fields");
        Check("GET / HTTP/1.1\r\n" + fields + "G: x\r\n\r\n", false, 431, "6 fields");

        // Body by Content-Length: refused from the field, before any body byte
        std::string body(l.maxBody, 'b');
        Check("POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n" + body, true, 0, "body 100");
        Check("POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n", false, 413, "body 101");
        // Body by chunks: 0x32 + 0x32 = 100, then one more octet
        std::string chunked = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n32\r\n" +
                              body.substr(0, 50) + "\r\n32\r\n" + body.substr(0, 50) + "\r\n";
        Check(chunked + "0\r\n\r\n", true, 0, "chunked body 100");
        Check(chunked + "1\r\nb\r\n0\r\n\r\n", false, 413, "chunked body 101");

        // Chunk-size line (20 bytes) and chunk extensions (30 bytes per message)
        std::string te = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
        std::string ext18 = ";" + std::string(17, 'e'); // 18 bytes of chunk-ext
        Check(te + "1" + ext18 + "0\r\nb\r\n0\r\n\r\n", true, 0, "chunk line at 20");
        Check(te + "1" + ext18 + "00\r\nb\r\n0\r\n\r\n", false, 400, "chunk line at 21");
        std::string ext15 = ";" + std::string(14, 'e');
        Check(te + "1" + ext15 + "\r\nb\r\n0" + ext15 + "\r\n\r\n", true, 0, "extensions 30");
        Check(te + "1" + ext15 + "e\r\nb\r\n0" + ext15 + "\r\n\r\n", false, 400, "extensions 31");

        // Complete messages not popped: three wait, the fourth fails the parser
        std::string get = "GET / HTTP/1.1\r\n\r\n";
        HttpParser pending = FeedAll(HttpParser::REQUESTS, get + get + get, "GET", l);
        NS_TEST_EXPECT_MSG_EQ(pending.GetPendingCount(), 3u, "three pending");
        NS_TEST_EXPECT_MSG_EQ(pending.IsFailed(), false, "three allowed");
        pending.Feed(get);
        NS_TEST_EXPECT_MSG_EQ(pending.IsFailed(), true, "a fourth not popped fails");
        NS_TEST_EXPECT_MSG_EQ(pending.GetPendingCount(), 3u, "the three are still there");

        // Requests awaiting a response
        HttpParser client(HttpParser::RESPONSES, l);
        for (std::size_t i = 0; i < l.maxExpectedResponses; ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(client.ExpectResponse("GET"), true, "request " << i);
        }
        NS_TEST_EXPECT_MSG_EQ(client.ExpectResponse("GET"), false, "one more is refused");

        // An endless line held byte by byte never grows past the bound
        HttpParser endless(HttpParser::REQUESTS, l);
        for (int i = 0; i < 1000 && !endless.IsFailed(); ++i)
        {
            endless.Feed("a");
            NS_TEST_EXPECT_MSG_LT_OR_EQ(endless.GetBufferedBytes(), l.maxStartLine + 1, "line");
        }
        NS_TEST_EXPECT_MSG_EQ(endless.GetErrorStatus(), 414, "URI too long");
        NS_TEST_EXPECT_MSG_EQ(endless.GetBufferedBytes(), 0u, "released");

        // The defaults are the documented ones
        HttpParser::Limits d;
        NS_TEST_EXPECT_MSG_EQ(d.maxStartLine, 8192u, "8 KiB start line");
        NS_TEST_EXPECT_MSG_EQ(d.maxHeaderSection, 16384u, "16 KiB header section");
        NS_TEST_EXPECT_MSG_EQ(d.maxHeaderCount, 100u, "100 fields");
        NS_TEST_EXPECT_MSG_EQ(d.maxBody, 1048576u, "1 MiB body");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Request smuggling and malformed messages are refused (RFC 9112 sections 2.2, 3, 4,
 * 5, 6.1, 6.3), and a failed parser stays failed.
 */
class HttpMalformedTestCase : public TestCase
{
  public:
    HttpMalformedTestCase()
        : TestCase("request smuggling and malformed messages are refused for good")
    {
    }

  private:
    void DoRun() override
    {
        struct Case
        {
            std::string bytes;  //!< the stream
            uint16_t status;    //!< the status a server answers
            std::string reason; //!< a word the reason must contain
        };

        const std::vector<Case> cases = {
            // Request smuggling (RFC 9112 section 6.3, 6.1, 5.1)
            {"POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
             400,
             "smuggling"},
            {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
             400,
             "smuggling"},
            {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
             400,
             "more than once"},
            {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", 400, "more than"},
            {"POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501, "gzip"},
            {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 501, "gzip"},
            {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked;q=1\r\n\r\n", 400, "parameters"},
            {"POST / HTTP/1.1\r\nTransfer-Encoding:\r\n\r\n", 400, "empty"},
            {"POST / HTTP/1.1\r\nTransfer-Encoding : chunked\r\n\r\n", 400, "colon"},
            {"POST / HTTP/1.1\r\nContent-Length : 3\r\n\r\nabc", 400, "colon"},
            {"POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400, "HTTP/1.0"},
            {"POST / HTTP/1.1\r\nContent-Length: 5, 6\r\n\r\nhello", 400, "differing"},
            {"POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400, "diff"},
            // Invalid numbers
            {"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400, "invalid Content-Length"},
            {"POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\n", 400, "invalid Content-Length"},
            {"POST / HTTP/1.1\r\nContent-Length: 0x10\r\n\r\n", 400, "invalid Content-Length"},
            {"POST / HTTP/1.1\r\nContent-Length:\r\n\r\n", 400, "invalid Content-Length"},
            {"POST / HTTP/1.1\r\nContent-Length: 1 2\r\n\r\n", 400, "invalid Content-Length"},
            {"POST / HTTP/1.1\r\nContent-Length: 184467440737095516160000\r\n\r\n",
             413,
             "body limit"},
            // Line endings (RFC 9112 section 2.2: this parser requires CRLF)
            {"GET / HTTP/1.1\nHost: h\r\n\r\n", 400, "CRLF"},
            {"GET / HTTP/1.1\r\nHost: h\n\r\n", 400, "CRLF"},
            {"GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", 400, "CRLF"},
            // Field syntax (RFC 9112 section 5)
            {"GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n", 400, "obs-fold"},
            {"GET / HTTP/1.1\r\n Host: h\r\n\r\n", 400, "obs-fold"},
            {"GET / HTTP/1.1\r\nNoColon\r\n\r\n", 400, "colon"},
            {"GET / HTTP/1.1\r\n: empty\r\n\r\n", 400, "empty name"},
            {"GET / HTTP/1.1\r\nBad(Name): x\r\n\r\n", 400, "token"},
            {"GET / HTTP/1.1\r\nX: a\x01z\r\n\r\n", 400, "control"},
            {std::string("GET / HTTP/1.1\r\nX: a\0z\r\n\r\n", 26), 400, "control"},
            // Request line (RFC 9112 section 3)
            {"GET  / HTTP/1.1\r\n\r\n", 400, "request line"},
            {"GET / HTTP/1.1 \r\n\r\n", 400, "request line"},
            {"GET /\r\n\r\n", 400, "request line"},
            {"G(T / HTTP/1.1\r\n\r\n", 400, "token"},
            {"GET / http/1.1\r\n\r\n", 400, "HTTP-version"},
            {"GET / HTTP/1.10\r\n\r\n", 400, "HTTP-version"},
            {"GET / HTTP/2.0\r\n\r\n", 505, "not supported"},
            {"GET /\x80 HTTP/1.1\r\n\r\n", 400, "visible ASCII"},
        };
        for (const Case& c : cases)
        {
            HttpParser p = FeedAll(HttpParser::REQUESTS, c.bytes);
            NS_TEST_EXPECT_MSG_EQ(p.IsFailed(), true, "refused: " << c.bytes);
            NS_TEST_EXPECT_MSG_EQ(p.GetPendingCount(), 0u, "nothing delivered: " << c.bytes);
            NS_TEST_EXPECT_MSG_EQ(p.GetErrorStatus(), c.status, p.GetError());
            NS_TEST_EXPECT_MSG_NE(p.GetError().find(c.reason),
                                  std::string::npos,
                                  "'" << p.GetError() << "' says " << c.reason);
            // Failed for good: a valid request afterwards changes nothing
            std::string error = p.GetError();
            p.Feed("GET / HTTP/1.1\r\n\r\n");
            p.FeedEnd();
            NS_TEST_EXPECT_MSG_EQ(p.IsFailed(), true, "stays failed");
            NS_TEST_EXPECT_MSG_EQ(p.GetError(), error, "same reason");
            NS_TEST_EXPECT_MSG_EQ(p.GetPendingCount(), 0u, "still nothing");
        }

        // Equal repeated Content-Length values are one value (RFC 9112 section 6.3)
        HttpParser same = FeedAll(HttpParser::REQUESTS,
                                  "POST / HTTP/1.1\r\nContent-Length: 5, 5\r\n"
                                  "Content-Length: 5\r\n\r\nhello");
        HttpMessage m;
        NS_TEST_EXPECT_MSG_EQ(same.Pop(m), true, "equal values: " << same.GetError());
        NS_TEST_EXPECT_MSG_EQ(m.GetBodyString(), "hello", "body");

        // Status lines (RFC 9112 section 4)
        const std::vector<std::string> badStatus = {"HTTP/1.1 20 OK\r\n\r\n",
                                                    "HTTP/1.1 2000 OK\r\n\r\n",
                                                    "HTTP/1.1 600 Nope\r\n\r\n",
                                                    "HTTP/1.1 099 Low\r\n\r\n",
                                                    "HTTP/1.1200 OK\r\n\r\n",
                                                    "HTTP/1.1 200 O\x7f\r\n\r\n",
                                                    "\r\nHTTP/1.1 200 OK\r\n\r\n"};
        for (const std::string& s : badStatus)
        {
            HttpParser c = FeedAll(HttpParser::RESPONSES, s);
            NS_TEST_EXPECT_MSG_EQ(c.IsFailed(), true, "refused: " << s);
            NS_TEST_EXPECT_MSG_EQ(c.GetErrorStatus(), 502, "a proxy answers 502");
        }
        // An empty reason phrase, even without its SP, is accepted
        for (const std::string& s :
             {std::string("HTTP/1.1 204 \r\n\r\n"), std::string("HTTP/1.1 204\r\n\r\n")})
        {
            HttpParser c = FeedAll(HttpParser::RESPONSES, s);
            NS_TEST_EXPECT_MSG_EQ(c.Pop(m), true, "accepted: " << c.GetError());
            NS_TEST_EXPECT_MSG_EQ(m.GetReason(), "", "empty reason");
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Connection persistence (RFC 9112 section 9.3, 9.6) and close-delimited responses.
 */
class HttpConnectionTestCase : public TestCase
{
  public:
    HttpConnectionTestCase()
        : TestCase("Connection: close, HTTP 1.0, close-delimited responses, end of stream")
    {
    }

  private:
    void DoRun() override
    {
        std::string second = "GET /ignored HTTP/1.1\r\n\r\n";
        HttpParser p = FeedAll(HttpParser::REQUESTS,
                               "GET / HTTP/1.1\r\nConnection: keep-alive, Close\r\n\r\n" + second);
        HttpMessage m;
        NS_TEST_EXPECT_MSG_EQ(p.Pop(m), true, "first request");
        NS_TEST_EXPECT_MSG_EQ(m.KeepsAlive(), false, "close (case-insensitive)");
        NS_TEST_EXPECT_MSG_EQ(p.IsClosed(), true, "no further request is processed");
        NS_TEST_EXPECT_MSG_EQ(p.GetPendingCount(), 0u, "second not parsed");
        NS_TEST_EXPECT_MSG_EQ(p.GetIgnoredBytes(), second.size(), "its bytes ignored");

        HttpParser old = FeedAll(HttpParser::REQUESTS, "GET / HTTP/1.0\r\n\r\n" + second);
        NS_TEST_EXPECT_MSG_EQ(old.IsClosed(), true, "HTTP/1.0 closes by default");
        HttpParser kept = FeedAll(HttpParser::REQUESTS,
                                  "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n" + second);
        NS_TEST_EXPECT_MSG_EQ(kept.GetPendingCount(), 2u, "HTTP/1.0 with keep-alive persists");

        // A response without Content-Length or chunked ends with the stream
        HttpParser c = FeedAll(HttpParser::RESPONSES, "HTTP/1.1 200 OK\r\n\r\nuntil the end");
        NS_TEST_EXPECT_MSG_EQ(c.GetPendingCount(), 0u, "not complete yet");
        c.Feed(std::string(" of it"));
        c.FeedEnd();
        IOTSEC_TEST_REQUIRE(c.Pop(m), "complete at the end: " << c.GetError());
        NS_TEST_EXPECT_MSG_EQ(m.GetBodyString(), "until the end of it", "body");
        NS_TEST_EXPECT_MSG_EQ(c.IsClosed(), true, "closed");
        // Written back with a Content-Length, it parses to the same message
        HttpParser again = FeedAll(HttpParser::RESPONSES, Str(m.Serialize()));
        HttpMessage back;
        NS_TEST_EXPECT_MSG_EQ(again.Pop(back), true, "re-parsed");
        NS_TEST_EXPECT_MSG_EQ((back == m), true, "equal");

        // The end of the stream inside a message is an error (RFC 9112 section 8)
        HttpParser cut =
            FeedAll(HttpParser::REQUESTS, "POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nshort");
        cut.FeedEnd();
        NS_TEST_EXPECT_MSG_EQ(cut.IsFailed(), true, "incomplete message");
        HttpParser clean = FeedAll(HttpParser::REQUESTS, "GET / HTTP/1.1\r\n\r\n");
        clean.FeedEnd();
        NS_TEST_EXPECT_MSG_EQ(clean.IsClosed(), true, "a clean end");
        NS_TEST_EXPECT_MSG_EQ(clean.IsFailed(), false, "not an error");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Building and serializing messages: fields, framing, validity.
 */
class HttpSerializeTestCase : public TestCase
{
  public:
    HttpSerializeTestCase()
        : TestCase("building and serializing messages")
    {
    }

  private:
    void DoRun() override
    {
        HttpMessage r = HttpMessage::MakeResponse(404);
        NS_TEST_EXPECT_MSG_EQ(r.GetReason(), "Not Found", "RFC 9110 reason phrase");
        NS_TEST_EXPECT_MSG_EQ(HttpStatus::ReasonPhrase(431),
                              "Request Header Fields Too Large",
                              "RFC 6585");
        r.AddField("X-A", "1");
        r.AddField("x-a", "2");
        NS_TEST_EXPECT_MSG_EQ(r.GetFieldValues("X-a").size(), 2u, "two, any case");
        r.SetField("X-A", "3");
        NS_TEST_EXPECT_MSG_EQ(r.GetFieldValues("x-A").size(), 1u, "replaced");
        NS_TEST_EXPECT_MSG_EQ(r.GetField("x-a").value_or(""), "3", "new value");
        r.RemoveField("X-A");
        NS_TEST_EXPECT_MSG_EQ(r.HasField("x-a"), false, "removed");
        // A response always gets Content-Length (0 here); a user's framing fields are ignored
        r.AddField("Transfer-Encoding", "chunked");
        NS_TEST_EXPECT_MSG_EQ(Str(r.Serialize()),
                              "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
                              "404");
        // A POST always carries Content-Length, a GET only with a body
        HttpMessage post = HttpMessage::MakeRequest("POST", "/x");
        NS_TEST_EXPECT_MSG_EQ(Str(post.Serialize()),
                              "POST /x HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
                              "empty POST");
        HttpMessage get = HttpMessage::MakeRequest("GET", "/x");
        NS_TEST_EXPECT_MSG_EQ(Str(get.Serialize()), "GET /x HTTP/1.1\r\n\r\n", "GET");
        // A 204 is written without Content-Length
        NS_TEST_EXPECT_MSG_EQ(Str(HttpMessage::MakeResponse(204).Serialize()),
                              "HTTP/1.1 204 No Content\r\n\r\n",
                              "204");
        // Validity: header injection, bodies where none may be
        HttpMessage inject = HttpMessage::MakeResponse(200);
        inject.AddField("Location", "/a\r\nSet-Cookie: x");
        std::string why;
        NS_TEST_EXPECT_MSG_EQ(inject.IsValid("", &why), false, "CRLF in a value");
        NS_TEST_EXPECT_MSG_NE(why, "", "with a reason");
        HttpMessage notModified = HttpMessage::MakeResponse(304);
        notModified.SetBody("x");
        NS_TEST_EXPECT_MSG_EQ(notModified.IsValid(), false, "no body in a 304");
        HttpMessage headBody = HttpMessage::MakeResponse(200);
        headBody.SetBody("x");
        NS_TEST_EXPECT_MSG_EQ(headBody.IsValid("HEAD"), false, "no body answering HEAD");
        NS_TEST_EXPECT_MSG_EQ(headBody.IsValid("GET"), true, "a body answering GET");
        HttpMessage space = HttpMessage::MakeRequest("GET", "/a b");
        NS_TEST_EXPECT_MSG_EQ(space.IsValid(), false, "SP in a request-target");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The HTTP message test suite.
 */
class HttpMessageTestSuite : public TestSuite
{
  public:
    HttpMessageTestSuite()
        : TestSuite("iotsec-http-message", Type::UNIT)
    {
        AddTestCase(new HttpRfc9110ExampleTestCase, iotsectest::QUICK);
        AddTestCase(new HttpByteAtATimeTestCase, iotsectest::QUICK);
        AddTestCase(new HttpPipelineTestCase, iotsectest::QUICK);
        AddTestCase(new HttpChunkedTestCase, iotsectest::QUICK);
        AddTestCase(new HttpBoundsTestCase, iotsectest::QUICK);
        AddTestCase(new HttpMalformedTestCase, iotsectest::QUICK);
        AddTestCase(new HttpConnectionTestCase, iotsectest::QUICK);
        AddTestCase(new HttpSerializeTestCase, iotsectest::QUICK);
    }
};

/// Static instance: registers the suite
static HttpMessageTestSuite g_httpMessageTestSuite;
