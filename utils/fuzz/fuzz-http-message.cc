/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// libFuzzer target: HttpParser on an untrusted byte stream. The first input byte chooses the
// direction (bit 0: requests or responses), the size of the pieces the stream is cut into
// (bits 1-6: 1 to 63 bytes, or 64: the whole input at once) and the limits (bit 7: small
// limits, so that every bound is reached, or the defaults); in response mode the second byte
// says which of the first eight requests were HEAD (the others are GET; every later one is
// GET). The rest is the stream. Nothing may crash; the parser never buffers more than its
// bounds allow; once it failed it stays failed with the same reason; every message it pops
// re-serializes to bytes that parse back to an equal message, and re-serializing that message
// gives the same bytes. Each message also goes through the HTTP<->CoAP mapping, which must
// give CoAP messages that parse back equal and HTTP messages that can be serialized.

#include "ns3/coap-message.h"
#include "ns3/http-coap-mapping.h"
#include "ns3/http-message.h"
#include "ns3/log.h"

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

NS_LOG_COMPONENT_DEFINE("FuzzHttpMessage");

using namespace ns3;

namespace
{

/**
 * \brief Check one popped message: it re-serializes, re-parses equal, and is a fixed point.
 * \param m the message
 * \param mode the parser's mode
 * \param method for a response, the method of its request
 * \param limits the limits it was parsed under
 */
void
CheckRoundTrip(const HttpMessage& m,
               HttpParser::Mode mode,
               const std::string& method,
               const HttpParser::Limits& limits)
{
    std::string why;
    if (!m.IsValid(method, &why))
    {
        __builtin_trap(); // the parser produced something it cannot write back
    }
    std::vector<uint8_t> bytes = m.Serialize(method);
    // The written message may be a little larger than the parsed one (a Content-Length field
    // replaces chunked framing or a close-delimited body): give the re-parse that room
    HttpParser::Limits roomy = limits;
    roomy.maxStartLine += 1; // "HTTP/1.1 204" is written back with its SP
    roomy.maxHeaderSection += 64;
    roomy.maxHeaderCount += 1;
    HttpParser again(mode, roomy);
    if (mode == HttpParser::RESPONSES)
    {
        again.ExpectResponse(method);
    }
    again.Feed(bytes);
    HttpMessage back;
    std::string backMethod;
    if (again.IsFailed() || !again.Pop(back, &backMethod) || back != m || backMethod != method ||
        again.GetPendingCount() != 0 || again.GetBufferedBytes() != 0)
    {
        __builtin_trap();
    }
    if (back.Serialize(method) != bytes)
    {
        __builtin_trap();
    }
    std::ostringstream os;
    os << back;
}

/**
 * \brief A CoAP message must survive its own wire format.
 * \param m the message
 */
void
CheckCoap(const CoapMessage& m)
{
    std::vector<uint8_t> wire = m.Serialize();
    CoapMessage back;
    std::string error;
    if (!CoapMessage::Parse(wire.data(), wire.size(), back, &error) || back != m)
    {
        __builtin_trap();
    }
}

/**
 * \brief Map a popped message: a request to CoAP (and a CoAP response back to HTTP), a
 * response to a CoAP response.
 * \param m the message
 * \param method for a response, the method of its request
 */
void
CheckMapping(const HttpMessage& m, const std::string& method)
{
    if (m.IsRequest())
    {
        HttpCoapMapping::Config config;
        config.fixedHost = "2001:db8::1";
        config.looseMediaTypes = m.GetBody().size() % 2 == 1;
        HttpCoapMapping::HttpToCoap r = HttpCoapMapping::MapHttpRequest(m, config);
        if (!r.ok)
        {
            if (r.status < 400 || r.status > 599 || r.error.empty())
            {
                __builtin_trap();
            }
            return;
        }
        CheckCoap(r.coap);
        // Answer with the request's own options turned into a response's
        CoapMessage resp(CoapMessage::ACK, CoapCode::CONTENT, 1);
        for (const std::vector<uint8_t>& v : r.coap.GetOptionValues(CoapOption::URI_PATH))
        {
            resp.AddOption(CoapOption::LOCATION_PATH, v);
        }
        for (const std::vector<uint8_t>& v : r.coap.GetOptionValues(CoapOption::URI_QUERY))
        {
            resp.AddOption(CoapOption::LOCATION_QUERY, v);
        }
        for (const std::vector<uint8_t>& v : r.coap.GetOptionValues(CoapOption::ETAG))
        {
            resp.SetETag(v);
        }
        resp.SetPayload(m.GetBody());
        for (uint8_t code : {CoapCode::CONTENT,
                             CoapCode::CREATED,
                             CoapCode::VALID,
                             CoapCode::CHANGED,
                             CoapCode::METHOD_NOT_ALLOWED,
                             CoapCode::CONTINUE})
        {
            resp.SetCode(code);
            HttpMessage http = HttpCoapMapping::MapCoapResponse(resp, r);
            if (!http.IsValid(r.httpMethod))
            {
                __builtin_trap();
            }
            (void)http.Serialize(r.httpMethod);
        }
    }
    else
    {
        HttpCoapMapping::CoapToHttp request;
        request.coapMethod = method == "HEAD" ? CoapCode::GET : CoapCode::PUT;
        request.conditional = m.GetStatus() == 304;
        CheckCoap(HttpCoapMapping::MapHttpResponse(m, request));
    }
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 2)
    {
        return 0;
    }
    const uint8_t control = data[0];
    const uint8_t heads = data[1];
    const HttpParser::Mode mode = (control & 1) ? HttpParser::RESPONSES : HttpParser::REQUESTS;
    std::size_t cut = (control >> 1) & 0x3f;
    HttpParser::Limits limits;
    if (control & 0x80)
    {
        limits.maxStartLine = 40;
        limits.maxHeaderSection = 96;
        limits.maxHeaderCount = 4;
        limits.maxBody = 64;
        limits.maxChunkLine = 16;
        limits.maxChunkExtensions = 24;
        limits.maxPendingMessages = 3;
        limits.maxExpectedResponses = 12;
    }
    HttpParser parser(mode, limits);
    std::vector<std::string> methods;
    if (mode == HttpParser::RESPONSES)
    {
        for (std::size_t i = 0; i < limits.maxExpectedResponses; ++i)
        {
            methods.push_back((i < 8 && ((heads >> i) & 1)) ? "HEAD" : "GET");
            if (!parser.ExpectResponse(methods.back()))
            {
                __builtin_trap();
            }
        }
        if (parser.ExpectResponse("GET"))
        {
            __builtin_trap(); // the bound holds
        }
    }
    const uint8_t* stream = data + 2;
    std::size_t len = size - 2;
    std::size_t step = cut == 0 ? len : cut;
    bool failed = false;
    std::string error;
    std::size_t popped = 0;
    for (std::size_t off = 0; off < len || off == 0; off += step)
    {
        std::size_t n = std::min(step, len - off);
        std::size_t pendingBefore = parser.GetPendingCount();
        parser.Feed(stream + off, n);
        if (parser.GetBufferedBytes() > parser.GetMaxBufferedBytes() ||
            parser.GetPendingCount() > limits.maxPendingMessages)
        {
            __builtin_trap();
        }
        if (failed)
        {
            // A failed parser stays failed, with the same reason, and produces nothing
            if (!parser.IsFailed() || parser.GetError() != error ||
                parser.GetPendingCount() != pendingBefore || parser.GetBufferedBytes() != 0)
            {
                __builtin_trap();
            }
        }
        else if (parser.IsFailed())
        {
            failed = true;
            error = parser.GetError();
            if (error.empty() || parser.GetErrorStatus() < 400 || parser.GetErrorStatus() > 599)
            {
                __builtin_trap(); // every rejection has a reason and a status
            }
        }
        HttpMessage m;
        std::string method;
        while (parser.Pop(m, &method))
        {
            if (mode == HttpParser::RESPONSES && method != "GET" && method != "HEAD")
            {
                __builtin_trap();
            }
            CheckRoundTrip(m, mode, method, limits);
            CheckMapping(m, method);
            ++popped;
        }
        if (len == 0)
        {
            break;
        }
    }
    bool closedBefore = parser.IsClosed();
    parser.FeedEnd();
    if (failed && (!parser.IsFailed() || parser.GetError() != error))
    {
        __builtin_trap();
    }
    if (closedBefore && !parser.IsClosed())
    {
        __builtin_trap();
    }
    if (!parser.IsFailed() && !parser.IsClosed())
    {
        __builtin_trap(); // the end of the stream ends the parser one way or the other
    }
    HttpMessage m;
    std::string method;
    while (parser.Pop(m, &method))
    {
        CheckRoundTrip(m, mode, method, limits); // a close-delimited response
        CheckMapping(m, method);
        ++popped;
    }
    if (mode == HttpParser::RESPONSES && parser.GetExpectedCount() > limits.maxExpectedResponses)
    {
        __builtin_trap();
    }
    (void)popped;
    return 0;
}
