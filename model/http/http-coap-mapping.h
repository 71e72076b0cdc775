/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_HTTP_COAP_MAPPING_H
#define IOTSEC_HTTP_COAP_MAPPING_H

#include "ns3/coap-message.h"
#include "ns3/http-message.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief The HTTP<->CoAP cross-protocol mapping of RFC 8075 and RFC 7252 section 10, as pure
 * functions: no I/O, no state, no clock.
 *
 * HTTP to CoAP (an HC proxy, RFC 8075): MapHttpRequest() turns an HTTP request into a CoAP
 * request and the CoAP server to send it to, or into the HTTP status code to refuse it with;
 * MapCoapResponse() turns the CoAP response into the HTTP response.
 *
 * CoAP to HTTP (a CoAP-HTTP proxy, RFC 7252 section 10.1, for a node that talks CoAP to an
 * HTTP server): MapCoapRequest() and MapHttpResponse().
 *
 * The tables (methods, status codes, media types) are public so that tests and bindings can
 * use them entry by entry. Choices made where the RFCs leave room are given with each
 * function.
 */
class HttpCoapMapping
{
  public:
    /// Configuration of the HTTP-to-CoAP direction
    struct Config
    {
        /**
         * HC Proxy URI path (RFC 8075 section 5.3): a request-target "/hc/coap://s/light"
         * holds the Target CoAP URI coap://s/light. Empty: no default mapping.
         */
        std::string hcPath{"/hc/"};
        /**
         * CoAP server for any other path (the null mapping, RFC 8075 section 5.2): an IP
         * literal (no brackets) or a host name. Empty: such requests get 404.
         */
        std::string fixedHost;
        uint16_t fixedPort{5683}; //!< its port
        bool fixedSecure{false};  //!< coaps for the fixed server
        /// Use the "loose" media type generalizations of RFC 8075 section 6.3, Table 1
        bool looseMediaTypes{false};
        /// Pass "application/coap-payload;cf=N" through (RFC 8075 section 6.2: off by default)
        bool allowCoapPayload{false};
    };

    /// Where a mapped CoAP request goes
    struct CoapTarget
    {
        bool secure{false};    //!< coaps
        std::string host;      //!< reg-name (lowercase) or IP literal (no brackets)
        bool hostIsIp{false};  //!< an IP-literal or IPv4address: no Uri-Host option
        uint16_t port{5683};   //!< UDP port
        std::string uriPrefix; //!< what precedes the CoAP path in the HTTP URI space
    };

    /// The outcome of MapHttpRequest()
    struct HttpToCoap
    {
        bool ok{false};         //!< mapped
        uint16_t status{0};     //!< when not mapped: the HTTP status code to answer with
        std::string error;      //!< when not mapped: why
        CoapMessage coap;       //!< the CoAP request (CON; message ID and token left to the engine)
        CoapTarget target;      //!< where it goes
        std::string httpMethod; //!< the HTTP method (HEAD: answer without body)
        bool conditional{false};         //!< ETag options stand for If-None-Match
        bool criticalFromHeaders{false}; //!< Accept/If-Match/If-None-Match came from fields
    };

    /// Configuration of the CoAP-to-HTTP direction
    struct CoapConfig
    {
        /**
         * HTTP server for a request without Proxy-Uri or Proxy-Scheme (a reverse proxy).
         * Empty: such requests get 4.04.
         */
        std::string fixedHost;
        uint16_t fixedPort{80};  //!< its port
        bool fixedSecure{false}; //!< https
    };

    /// The outcome of MapCoapRequest()
    struct CoapToHttp
    {
        bool ok{false};          //!< mapped
        uint8_t code{0};         //!< when not mapped: the CoAP response code to answer with
        std::string error;       //!< when not mapped: why
        HttpMessage http;        //!< the HTTP request (origin-form, Host field)
        bool secure{false};      //!< https
        std::string host;        //!< server host (IP literal without brackets, or name)
        uint16_t port{80};       //!< server TCP port
        uint8_t coapMethod{0};   //!< the CoAP method
        bool conditional{false}; //!< ETag options became If-None-Match
    };

    // ---- HTTP to CoAP (RFC 8075) ------------------------------------------------------

    /**
     * \brief Map an HTTP request to a CoAP request (RFC 8075 sections 5 and 6, RFC 7252
     * section 10.2).
     *
     * Methods: GET, POST, PUT and DELETE map to the CoAP method of the same name; HEAD maps
     * to GET and its response has no body (RFC 7252 section 10.2.3); any other method gets
     * 501 (RFC 7252 sections 10.2.1 and 10.2.7).
     *
     * Target: "/hc/coap://host[:port]/path?query" (the default mapping, with the IPv6
     * brackets percent-encoded or not, section 5.3.2), an absolute-form "coap://..." (a
     * forward proxy, RFC 7252 section 10.2), an absolute-form "http://authority/..." (its
     * path is used), or any other path for Config::fixedHost (the null mapping). A CoAP URI
     * without its scheme gets 400 (section 5.3.1); a fragment, a user part, a bad port or a
     * bad percent-encoding 400; a path segment or query argument longer than 255 bytes 414;
     * no fixed host 404. Dot segments are removed, then each segment and argument is
     * percent-decoded into Uri-Path and Uri-Query (RFC 7252 section 6.4); a host name goes
     * into Uri-Host (lowercase), an IP address does not; Uri-Port is never needed since the
     * request goes to the target's port.
     *
     * Fields: Content-Type maps to Content-Format (ContentFormatForMediaType(); unknown: 415;
     * a Content-Encoding other than identity: 415); the most preferred media type of Accept
     * maps to Accept, and "*" ranges or unmappable types are dropped (RFC 8075 section 6.1);
     * If-None-Match: * maps to If-None-Match; If-None-Match with entity-tags on a GET maps to
     * ETag options (a validation request, so that 2.03 becomes 304), If-Match to If-Match.
     * Entity-tags map to CoAP ETags as their hexadecimal spelling (EtagFromHttp()); an If-Match
     * tag that is not one cannot match any CoAP resource and gets 412. A body is carried for
     * POST and PUT only.
     * \param request the HTTP request
     * \param config the configuration
     * \return the outcome
     */
    static HttpToCoap MapHttpRequest(const HttpMessage& request, const Config& config);

    /**
     * \brief Map a CoAP response to the HTTP response (RFC 8075 section 7 and 6.5.3).
     *
     * The status code is HttpStatusForCoapCode(); a code it cannot map (2.31, 4.08, not a
     * response) gives 502. The reason phrase is RFC 9110's, except 4.05: "CoAP server
     * returned 4.05" (Table 2 note 7); a diagnostic payload becomes the body, never the
     * reason phrase. Content-Format maps to Content-Type (MediaTypeForContentFormat()); an
     * error payload without Content-Format is labelled text/plain;charset=utf-8 (RFC 7252
     * section 5.5.2). ETag maps to a strong entity-tag; Max-Age to Cache-Control: max-age
     * (60 s when absent, RFC 7252 section 5.10.5) for 2.05 and 2.03 and whenever present, and
     * to Retry-After for 5.03 (note 8); Location-Path and Location-Query to Location, below the
     * same URI prefix as the request. A response to HEAD has no body and a Content-Length.
     * \param response the CoAP response
     * \param request the mapping of the request it answers
     * \return the HTTP response
     */
    static HttpMessage MapCoapResponse(const CoapMessage& response, const HttpToCoap& request);

    /**
     * \brief An HTTP error response with a text/plain diagnostic body.
     * \param status the status code
     * \param diagnostic the body
     * \param requestMethod the method of the request it answers: to HEAD, the response
     * carries the diagnostic's Content-Length and no body
     * \return the response
     */
    static HttpMessage MakeErrorResponse(uint16_t status,
                                         const std::string& diagnostic,
                                         const std::string& requestMethod = "");

    /**
     * \brief RFC 8075 section 7, Table 2 (CoAP-HTTP Response Code Mappings).
     *
     * 2.01->201; 2.02 and 2.04->200 with a payload, 204 without (note 2); 2.03->304 for a
     * conditional request (note 3; 200 needs a cache, note 4, which this mapping has not: an
     * unsolicited 2.03 gives nothing); 2.05->200; 4.00->400; 4.01->403 (note 5); 4.02->400 when
     * the request carried a critical option mapped from a client field (Accept, If-Match,
     * If-None-Match: the only ones a server may not recognize), else 500 (note 6);
     * 4.03->403; 4.04->404; 4.05->400 (note 7: 405 would need the Allow field); 4.06->406;
     * 4.12->412; 4.13->413 (note 11); 4.15->415; 5.00->500; 5.01->501; 5.02->502; 5.03->503;
     * 5.04->504; 5.05->502 (note 9). 2.31 and 4.08 are N/A (note 10: block-wise transfer
     * between proxy and server only): nothing. Codes outside the table are read as x.00 of
     * their class (RFC 7252 section 5.9): 200, 400, 500; anything else (a request code,
     * classes 1, 3, 6, 7): nothing.
     * \param code the CoAP response code
     * \param hasPayload the response has a payload
     * \param conditional the request was a validation request (ETag options)
     * \param criticalFromHeaders the request carried critical options mapped from fields
     * \return the HTTP status code, or nothing when the code has no HTTP mapping
     */
    static std::optional<uint16_t> HttpStatusForCoapCode(uint8_t code,
                                                         bool hasPayload,
                                                         bool conditional,
                                                         bool criticalFromHeaders);

    /**
     * \brief The method mapping (RFC 7252 section 10.2): GET, POST, PUT, DELETE to the same
     * CoAP method, HEAD to GET.
     * \param method an HTTP method
     * \return the CoAP method code, or nothing (501)
     */
    static std::optional<uint8_t> CoapMethodForHttpMethod(const std::string& method);

    // ---- media types (RFC 7252 section 12.3, RFC 8075 section 6) ---------------------

    /**
     * \brief Map a media type to a CoAP Content-Format.
     *
     * The CoAP Content-Formats registry entries of RFC 7252 section 12.3 plus cbor:
     * text/plain;charset=utf-8 = 0 (text/plain with no charset, or charset us-ascii, is
     * accepted too: ASCII is a subset of UTF-8), application/link-format = 40,
     * application/xml = 41, application/octet-stream = 42, application/exi = 47,
     * application/json = 50 (a charset=utf-8 parameter is accepted), application/cbor = 60
     * (RFC 8949). Types and parameter names are case-insensitive. Any other parameter makes
     * the type unmappable. With \p loose, RFC 8075 Table 1 generalizes first-miss types
     * (application/ *+xml, *+json, *+cbor, text/xml, text/ *, * / *); with \p coapPayload,
     * "application/coap-payload;cf=N" gives N (RFC 8075 section 6.2).
     * \param mediaType a Content-Type or Accept element value
     * \param loose use RFC 8075 Table 1
     * \param coapPayload accept application/coap-payload
     * \return the Content-Format, or nothing
     */
    static std::optional<uint16_t> ContentFormatForMediaType(const std::string& mediaType,
                                                             bool loose = false,
                                                             bool coapPayload = false);

    /**
     * \param contentFormat a CoAP Content-Format
     * \return its media type ("text/plain;charset=utf-8" for 0), or for a Content-Format not in
     * the table "application/coap-payload;cf=N" (RFC 8075 section 6.2)
     */
    static std::string MediaTypeForContentFormat(uint16_t contentFormat);

    /**
     * \param contentFormat a CoAP Content-Format
     * \return true if MediaTypeForContentFormat() knows it
     */
    static bool IsKnownContentFormat(uint16_t contentFormat);

    // ---- CoAP to HTTP (RFC 7252 section 10.1) -------------------------------------------

    /**
     * \brief Map a CoAP request to an HTTP request (RFC 7252 section 10.1).
     *
     * The HTTP URI is Proxy-Uri (http or https), or Proxy-Scheme with Uri-Host (required),
     * Uri-Port, Uri-Path and Uri-Query (RFC 7252 section 6.5), or CoapConfig::fixedHost with
     * the request's Uri-Path and Uri-Query. Another scheme gets 5.05 (section 10.1); a
     * malformed URI 4.00; no URI and no fixed host 4.04. GET, POST, PUT and DELETE map to the
     * same method; others get 4.05 (RFC 7252 section 5.8). Content-Format maps to
     * Content-Type (a Content-Format outside the table: 4.15), Accept to Accept (outside the
     * table: dropped), ETag options on a GET to If-None-Match, If-Match to If-Match (an empty
     * value to "*"), If-None-Match to If-None-Match: *. The payload is the body of a POST or
     * PUT.
     * \param request the CoAP request
     * \param config the configuration
     * \return the outcome
     */
    static CoapToHttp MapCoapRequest(const CoapMessage& request, const CoapConfig& config);

    /**
     * \brief Map an HTTP response to a CoAP response (RFC 7252 sections 10.1.1 to 10.1.4).
     *
     * The code is CoapCodeForHttpStatus(). Content-Type maps to Content-Format (a type
     * outside the table on a response with a body: 5.02, "not understood"); the freshness of
     * Cache-Control max-age (or s-maxage) to Max-Age, 0 when there is none (RFC 7252 section
     * 10.1.1 allows no more than the HTTP freshness; CoAP's default would be 60 s), on 2.05,
     * 2.03 and error responses; Retry-After (seconds) on 503 to Max-Age; a strong entity-tag
     * of at most 8 bytes in hexadecimal to ETag (others cannot be carried and are dropped);
     * Location to Location-Path and Location-Query. The body becomes the payload (not for
     * 2.03).
     * \param response the HTTP response
     * \param request the mapping of the request it answers
     * \return the CoAP response (type, message ID and token left to the engine)
     */
    static CoapMessage MapHttpResponse(const HttpMessage& response, const CoapToHttp& request);

    /**
     * \brief The response code of a CoAP-HTTP proxy (RFC 7252 sections 10.1.1 to 10.1.4).
     *
     * Success: GET 2xx->2.05, GET 304->2.03 for a conditional request; PUT and POST
     * 201->2.01, other 2xx->2.04; DELETE 2xx->2.02, and 404 or 410->2.02 ("or if the
     * resource does not exist", 10.1.3). Errors: the inverse of RFC 8075 Table 2 where it is
     * one-to-one (400, 401, 403, 404, 405, 406, 412, 413, 415, 500, 501, 502, 503, 504),
     * other 4xx->4.00 and 5xx->5.00. 1xx and other 3xx (redirects are not followed) are
     * results not understood: 5.02 (10.1).
     * \param status the HTTP status code
     * \param coapMethod the CoAP method of the request
     * \param conditional the request carried ETag options
     * \return the CoAP response code
     */
    static uint8_t CoapCodeForHttpStatus(uint16_t status, uint8_t coapMethod, bool conditional);

    // ---- helpers -------------------------------------------------------------------------

    /**
     * \brief Decode every "%XX" (RFC 3986 section 2.1).
     * \param in the text
     * \param[out] out the bytes
     * \return false if a '%' is not followed by two hexadecimal digits
     */
    static bool PercentDecode(const std::string& in, std::string& out);

    /**
     * \brief Percent-encode (uppercase hex) every byte that is not unreserved, a sub-delim,
     * ':' or '@', nor one of \p extra (RFC 7252 section 6.5 steps 6 and 8).
     * \param in the bytes
     * \param extra further characters kept as they are ("/?" for a query argument)
     * \param exclude sub-delims to encode anyway ("&" for a query argument)
     * \return the text
     */
    static std::string PercentEncode(const std::string& in,
                                     const std::string& extra = "",
                                     const std::string& exclude = "");

    /**
     * \param etag a CoAP ETag (1..8 bytes)
     * \return the strong entity-tag: its lowercase hexadecimal spelling in quotes
     */
    static std::string EtagToHttp(const std::vector<uint8_t>& etag);

    /**
     * \param entityTag an entity-tag ("\"0a1b\"")
     * \return the CoAP ETag it spells (1..8 bytes in hexadecimal, strong), or nothing
     */
    static std::optional<std::vector<uint8_t>> EtagFromHttp(const std::string& entityTag);
};

} // namespace ns3

#endif /* IOTSEC_HTTP_COAP_MAPPING_H */
