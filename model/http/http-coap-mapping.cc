/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "http-coap-mapping.h"

#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("HttpCoapMapping");

namespace
{

/// \param c a character \return ASCII lowercase
char
Lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

/// \param s a string \return ASCII lowercase
std::string
LowerString(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), Lower);
    return s;
}

/// \param c a character \return its value as a hex digit, or -1
int
HexValue(char c)
{
    if (c >= '0' && c <= '9')
    {
        return c - '0';
    }
    c = Lower(c);
    if (c >= 'a' && c <= 'f')
    {
        return c - 'a' + 10;
    }
    return -1;
}

/// \param s a string \return it without leading and trailing SP/HTAB
std::string
TrimOws(const std::string& s)
{
    std::size_t b = s.find_first_not_of(" \t");
    if (b == std::string::npos)
    {
        return "";
    }
    std::size_t e = s.find_last_not_of(" \t");
    return s.substr(b, e - b + 1);
}

/**
 * \param text a string
 * \param sep a separator
 * \return the parts (at least one)
 */
std::vector<std::string>
Split(const std::string& text, char sep)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true)
    {
        std::size_t pos = text.find(sep, start);
        if (pos == std::string::npos)
        {
            parts.push_back(text.substr(start));
            return parts;
        }
        parts.push_back(text.substr(start, pos - start));
        start = pos + 1;
    }
}

/**
 * \param text decimal digits
 * \param max the largest value accepted
 * \param[out] out the value
 * \return false if not 1*DIGIT or larger than max
 */
bool
ParseDecimal(const std::string& text, uint64_t max, uint64_t& out)
{
    if (text.empty() || text.size() > 20)
    {
        return false;
    }
    out = 0;
    for (char c : text)
    {
        if (c < '0' || c > '9')
        {
            return false;
        }
        out = out * 10 + static_cast<uint64_t>(c - '0');
        if (out > max)
        {
            return false;
        }
    }
    return true;
}

/// Largest value ParseDecimal() is asked for where any large number will do (no overflow)
constexpr uint64_t BIG_DECIMAL = 1000000000000000000ULL;

/**
 * \brief qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ) (RFC 9110 section
 * 12.4.2), in thousandths.
 * \param text the text
 * \return 0..1000, or 0 (not acceptable) when malformed
 */
int
ParseQvalue(const std::string& text)
{
    if (text.empty() || (text[0] != '0' && text[0] != '1') || text.size() > 5 ||
        (text.size() > 1 && text[1] != '.'))
    {
        return 0;
    }
    int value = (text[0] - '0') * 1000;
    int scale = 100;
    for (std::size_t i = 2; i < text.size(); ++i, scale /= 10)
    {
        if (text[i] < '0' || text[i] > '9')
        {
            return 0;
        }
        value += (text[i] - '0') * scale;
    }
    return value > 1000 ? 0 : value;
}

/// A parsed media type (RFC 9110 section 8.3.1), type and names in lowercase
struct MediaType
{
    std::string type;                                        //!< type
    std::string subtype;                                     //!< subtype
    std::vector<std::pair<std::string, std::string>> params; //!< parameters (values unquoted)
};

/**
 * \brief Parse type "/" subtype *( OWS ";" OWS [ parameter ] ).
 * \param text the text
 * \param[out] out the media type
 * \return false if malformed
 */
bool
ParseMediaType(const std::string& text, MediaType& out)
{
    std::size_t i = 0;
    auto token = [&text, &i]() {
        std::size_t start = i;
        while (i < text.size() && HttpMessage::IsTchar(text[i]))
        {
            ++i;
        }
        return LowerString(text.substr(start, i - start));
    };
    auto skipWs = [&text, &i]() {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
        {
            ++i;
        }
    };
    skipWs();
    out.type = token();
    if (out.type.empty() || i >= text.size() || text[i] != '/')
    {
        return false;
    }
    ++i;
    out.subtype = token();
    if (out.subtype.empty())
    {
        return false;
    }
    out.params.clear();
    while (true)
    {
        skipWs();
        if (i == text.size())
        {
            return true;
        }
        if (text[i] != ';')
        {
            return false;
        }
        ++i;
        skipWs();
        if (i == text.size() || text[i] == ';')
        {
            continue; // an empty parameter
        }
        std::string name = token();
        if (name.empty() || i >= text.size() || text[i] != '=')
        {
            return false;
        }
        ++i;
        std::string value;
        if (i < text.size() && text[i] == '"')
        {
            ++i;
            bool closed = false;
            while (i < text.size())
            {
                char c = text[i++];
                if (c == '"')
                {
                    closed = true;
                    break;
                }
                if (c == '\\' && i < text.size())
                {
                    c = text[i++];
                }
                value += c;
            }
            if (!closed)
            {
                return false;
            }
        }
        else
        {
            std::size_t start = i;
            while (i < text.size() && HttpMessage::IsTchar(text[i]))
            {
                ++i;
            }
            value = text.substr(start, i - start);
            if (value.empty())
            {
                return false;
            }
        }
        out.params.emplace_back(name, value);
    }
}

/// One entry of the Content-Format table
struct FormatEntry
{
    uint16_t format;       //!< Content-Format
    const char* mediaType; //!< type/subtype
    const char* wire;      //!< the Content-Type written for it
};

/// RFC 7252 section 12.3 (and cbor, RFC 8949 section 9.5)
const FormatEntry g_formats[] = {
    {0, "text/plain", "text/plain;charset=utf-8"},
    {40, "application/link-format", "application/link-format"},
    {41, "application/xml", "application/xml"},
    {42, "application/octet-stream", "application/octet-stream"},
    {47, "application/exi", "application/exi"},
    {50, "application/json", "application/json"},
    {60, "application/cbor", "application/cbor"},
};

/**
 * \param m a media type
 * \return its Content-Format in the table, if its parameters allow
 */
std::optional<uint16_t>
LookupFormat(const MediaType& m)
{
    std::string full = m.type + "/" + m.subtype;
    for (const FormatEntry& e : g_formats)
    {
        if (full != e.mediaType)
        {
            continue;
        }
        for (const auto& [name, value] : m.params)
        {
            std::string v = LowerString(value);
            bool ok = (e.format == 0 && name == "charset" && (v == "utf-8" || v == "us-ascii")) ||
                      (e.format == 50 && name == "charset" && v == "utf-8");
            if (!ok)
            {
                return std::nullopt;
            }
        }
        return e.format;
    }
    return std::nullopt;
}

/**
 * \brief RFC 8075 section 6.3, Table 1: the generalized media type of a type the table
 * misses, most specific first.
 * \param m a media type
 * \return the generalized type (no parameters but a text charset)
 */
MediaType
Generalize(const MediaType& m)
{
    auto suffix = [&m](const std::string& s) {
        return m.subtype.size() > s.size() &&
               m.subtype.compare(m.subtype.size() - s.size(), s.size(), s) == 0;
    };
    MediaType g;
    if (m.type == "application" && suffix("+xml"))
    {
        g.type = "application";
        g.subtype = "xml";
    }
    else if (m.type == "application" && suffix("+json"))
    {
        g.type = "application";
        g.subtype = "json";
    }
    else if (m.type == "application" && suffix("+cbor"))
    {
        g.type = "application";
        g.subtype = "cbor";
    }
    else if (m.type == "text" && m.subtype == "xml")
    {
        g.type = "application";
        g.subtype = "xml";
    }
    else if (m.type == "text")
    {
        g.type = "text";
        g.subtype = "plain";
        for (const auto& p : m.params)
        {
            if (p.first == "charset")
            {
                g.params.push_back(p); // text/html;charset=iso-8859-1 is not UTF-8 text
            }
        }
    }
    else
    {
        g.type = "application";
        g.subtype = "octet-stream"; // */*
    }
    return g;
}

/// \param c a character \return true if unreserved or a sub-delim (RFC 3986 section 2)
bool
IsUnreservedOrSubDelim(char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
    {
        return true;
    }
    return std::string("-._~!$&'()*+,;=").find(c) != std::string::npos;
}

/// An absolute URI split into the parts the mappings use
struct UriParts
{
    std::string scheme;               //!< lowercase
    std::string authority;            //!< as written
    std::string host;                 //!< decoded; an IP literal without brackets
    bool hostIsIp{false};             //!< IP-literal or IPv4address
    std::optional<uint16_t> port;     //!< the port, if given
    std::string path;                 //!< path-abempty, raw
    std::optional<std::string> query; //!< query, raw
};

/// \param s a host \return true if it is an IPv4address (four dec-octets)
bool
IsIpv4(const std::string& s)
{
    std::vector<std::string> parts = Split(s, '.');
    if (parts.size() != 4)
    {
        return false;
    }
    for (const std::string& p : parts)
    {
        uint64_t v;
        if (p.size() > 3 || !ParseDecimal(p, 255, v))
        {
            return false;
        }
    }
    return true;
}

/**
 * \brief Split an absolute URI "scheme://authority/path?query" (RFC 3986 section 3). The
 * brackets of an IP literal may be percent-encoded (RFC 8075 section 5.3.2).
 * \param uri the URI
 * \param[out] out the parts
 * \param[out] error why it was rejected
 * \return false if the URI is not of that form
 */
bool
SplitUri(const std::string& uri, UriParts& out, std::string& error)
{
    if (uri.find('#') != std::string::npos)
    {
        error = "URI with a fragment";
        return false;
    }
    for (char c : uri)
    {
        auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f)
        {
            error = "URI with a byte outside visible ASCII";
            return false;
        }
    }
    std::size_t colon = uri.find(':');
    if (colon == std::string::npos || colon == 0 || uri.compare(colon, 3, "://") != 0)
    {
        error = "not an absolute URI with an authority";
        return false;
    }
    out.scheme = LowerString(uri.substr(0, colon));
    std::size_t start = colon + 3;
    std::size_t end = uri.find_first_of("/?", start);
    if (end == std::string::npos)
    {
        end = uri.size();
    }
    out.authority = uri.substr(start, end - start);
    std::size_t q = uri.find('?', end);
    out.path = uri.substr(end, (q == std::string::npos ? uri.size() : q) - end);
    if (q != std::string::npos)
    {
        out.query = uri.substr(q + 1);
    }
    std::string a = out.authority;
    if (a.find('@') != std::string::npos)
    {
        error = "URI with a user part";
        return false;
    }
    std::string portText;
    bool hasPort = false;
    auto startsWithCi = [&a](const std::string& p) {
        return a.size() >= p.size() && HttpMessage::EqualsIgnoreCase(a.substr(0, p.size()), p);
    };
    if (!a.empty() && (a[0] == '[' || startsWithCi("%5B")))
    {
        std::size_t open = a[0] == '[' ? 1 : 3;
        std::size_t close = a[0] == '[' ? a.find(']') : std::string::npos;
        std::size_t closeLen = 1;
        if (a[0] != '[')
        {
            std::string upper = a;
            std::transform(upper.begin(), upper.end(), upper.begin(), [](char c) {
                return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
            });
            close = upper.find("%5D");
            closeLen = 3;
        }
        if (close == std::string::npos)
        {
            error = "IP literal without its closing bracket";
            return false;
        }
        out.host = a.substr(open, close - open);
        out.hostIsIp = true;
        if (out.host.empty() ||
            out.host.find_first_not_of("0123456789abcdefABCDEF:.") != std::string::npos)
        {
            error = "malformed IP literal";
            return false;
        }
        std::string rest = a.substr(close + closeLen);
        if (!rest.empty())
        {
            if (rest[0] != ':')
            {
                error = "malformed authority";
                return false;
            }
            hasPort = true;
            portText = rest.substr(1);
        }
    }
    else
    {
        std::size_t c = a.find(':');
        std::string raw = a.substr(0, c);
        if (c != std::string::npos)
        {
            hasPort = true;
            portText = a.substr(c + 1);
        }
        for (char ch : raw)
        {
            if (!IsUnreservedOrSubDelim(ch) && ch != '%')
            {
                error = "malformed host";
                return false;
            }
        }
        std::string decoded;
        if (!HttpCoapMapping::PercentDecode(raw, decoded))
        {
            error = "bad percent-encoding in the host";
            return false;
        }
        out.host = LowerString(decoded);
        if (out.host.empty() || out.host.size() > 255)
        {
            error = "empty or over-long host";
            return false;
        }
        out.hostIsIp = IsIpv4(out.host);
    }
    if (hasPort && !portText.empty())
    {
        uint64_t port;
        if (!ParseDecimal(portText, 65535, port))
        {
            error = "malformed port";
            return false;
        }
        out.port = static_cast<uint16_t>(port);
    }
    return true;
}

/**
 * \brief The segments of a path after removing dot segments (RFC 3986 section 5.2.4); none
 * for "" and "/".
 * \param path a path-abempty
 * \return the raw segments
 */
std::vector<std::string>
PathSegments(const std::string& path)
{
    std::vector<std::string> out;
    if (path.empty() || path == "/")
    {
        return out;
    }
    std::vector<std::string> in = Split(path.substr(1), '/');
    for (std::size_t i = 0; i < in.size(); ++i)
    {
        bool last = i + 1 == in.size();
        if (in[i] == ".")
        {
            if (last)
            {
                out.emplace_back();
            }
        }
        else if (in[i] == "..")
        {
            if (!out.empty())
            {
                out.pop_back();
            }
            if (last)
            {
                out.emplace_back();
            }
        }
        else
        {
            out.push_back(in[i]);
        }
    }
    if (out.size() == 1 && out[0].empty())
    {
        out.clear(); // "/." is "/"
    }
    return out;
}

/**
 * \param host a host (IP literal without brackets, IPv4 or name)
 * \param hostIsIp whether it is an IP address
 * \return the host as written in a URI authority ("[2001:db8::1]")
 */
std::string
AuthorityHost(const std::string& host, bool hostIsIp)
{
    return (hostIsIp && host.find(':') != std::string::npos) ? "[" + host + "]" : host;
}

/// The outcome of a failed mapping in the HTTP-to-CoAP direction
HttpCoapMapping::HttpToCoap
Refuse(HttpCoapMapping::HttpToCoap& r, uint16_t status, const std::string& why)
{
    r.ok = false;
    r.status = status;
    r.error = why;
    return r;
}

/// The outcome of a failed mapping in the CoAP-to-HTTP direction
HttpCoapMapping::CoapToHttp
Refuse(HttpCoapMapping::CoapToHttp& r, uint8_t code, const std::string& why)
{
    r.ok = false;
    r.code = code;
    r.error = why;
    return r;
}

} // namespace

// ---- helpers --------------------------------------------------------------------------

bool
HttpCoapMapping::PercentDecode(const std::string& in, std::string& out)
{
    out.clear();
    for (std::size_t i = 0; i < in.size(); ++i)
    {
        if (in[i] != '%')
        {
            out += in[i];
            continue;
        }
        if (i + 2 >= in.size() || HexValue(in[i + 1]) < 0 || HexValue(in[i + 2]) < 0)
        {
            return false;
        }
        out += static_cast<char>(HexValue(in[i + 1]) * 16 + HexValue(in[i + 2]));
        i += 2;
    }
    return true;
}

std::string
HttpCoapMapping::PercentEncode(const std::string& in,
                               const std::string& extra,
                               const std::string& exclude)
{
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : in)
    {
        bool keep = (IsUnreservedOrSubDelim(c) || c == ':' || c == '@' ||
                     extra.find(c) != std::string::npos) &&
                    exclude.find(c) == std::string::npos;
        if (keep)
        {
            out += c;
        }
        else
        {
            auto u = static_cast<unsigned char>(c);
            out += '%';
            out += hex[u >> 4];
            out += hex[u & 0xf];
        }
    }
    return out;
}

std::string
HttpCoapMapping::EtagToHttp(const std::vector<uint8_t>& etag)
{
    static const char hex[] = "0123456789abcdef";
    std::string out = "\"";
    for (uint8_t b : etag)
    {
        out += hex[b >> 4];
        out += hex[b & 0xf];
    }
    return out + "\"";
}

std::optional<std::vector<uint8_t>>
HttpCoapMapping::EtagFromHttp(const std::string& entityTag)
{
    std::string t = TrimOws(entityTag);
    if (t.size() < 4 || t.size() > 18 || t.front() != '"' || t.back() != '"' || t.size() % 2)
    {
        return std::nullopt; // weak tags (W/"...") and other lengths included
    }
    std::vector<uint8_t> etag;
    for (std::size_t i = 1; i + 1 < t.size(); i += 2)
    {
        int hi = HexValue(t[i]);
        int lo = HexValue(t[i + 1]);
        if (hi < 0 || lo < 0)
        {
            return std::nullopt;
        }
        etag.push_back(static_cast<uint8_t>(hi * 16 + lo));
    }
    return etag;
}

// ---- tables -------------------------------------------------------------------------------

std::optional<uint8_t>
HttpCoapMapping::CoapMethodForHttpMethod(const std::string& method)
{
    if (method == "GET" || method == "HEAD")
    {
        return CoapCode::GET;
    }
    if (method == "POST")
    {
        return CoapCode::POST;
    }
    if (method == "PUT")
    {
        return CoapCode::PUT;
    }
    if (method == "DELETE")
    {
        return CoapCode::DELETE;
    }
    return std::nullopt;
}

std::optional<uint16_t>
HttpCoapMapping::HttpStatusForCoapCode(uint8_t code,
                                       bool hasPayload,
                                       bool conditional,
                                       bool criticalFromHeaders)
{
    switch (code)
    {
    case CoapCode::CREATED:
        return HttpStatus::CREATED;
    case CoapCode::DELETED:
    case CoapCode::CHANGED:
        return hasPayload ? HttpStatus::OK : HttpStatus::NO_CONTENT;
    case CoapCode::VALID:
        if (conditional)
        {
            return HttpStatus::NOT_MODIFIED;
        }
        return std::nullopt;
    case CoapCode::CONTENT:
        return HttpStatus::OK;
    case CoapCode::CONTINUE:
    case CoapCode::REQUEST_ENTITY_INCOMPLETE:
        return std::nullopt;
    case CoapCode::BAD_REQUEST:
        return HttpStatus::BAD_REQUEST;
    case CoapCode::UNAUTHORIZED:
        return HttpStatus::FORBIDDEN;
    case CoapCode::BAD_OPTION:
        return criticalFromHeaders ? HttpStatus::BAD_REQUEST : HttpStatus::INTERNAL_SERVER_ERROR;
    case CoapCode::FORBIDDEN:
        return HttpStatus::FORBIDDEN;
    case CoapCode::NOT_FOUND:
        return HttpStatus::NOT_FOUND;
    case CoapCode::METHOD_NOT_ALLOWED:
        return HttpStatus::BAD_REQUEST;
    case CoapCode::NOT_ACCEPTABLE:
        return HttpStatus::NOT_ACCEPTABLE;
    case CoapCode::PRECONDITION_FAILED:
        return HttpStatus::PRECONDITION_FAILED;
    case CoapCode::REQUEST_ENTITY_TOO_LARGE:
        return HttpStatus::CONTENT_TOO_LARGE;
    case CoapCode::UNSUPPORTED_CONTENT_FORMAT:
        return HttpStatus::UNSUPPORTED_MEDIA_TYPE;
    case CoapCode::INTERNAL_SERVER_ERROR:
        return HttpStatus::INTERNAL_SERVER_ERROR;
    case CoapCode::NOT_IMPLEMENTED:
        return HttpStatus::NOT_IMPLEMENTED;
    case CoapCode::BAD_GATEWAY:
        return HttpStatus::BAD_GATEWAY;
    case CoapCode::SERVICE_UNAVAILABLE:
        return HttpStatus::SERVICE_UNAVAILABLE;
    case CoapCode::GATEWAY_TIMEOUT:
        return HttpStatus::GATEWAY_TIMEOUT;
    case CoapCode::Make(5, 5): // 5.05 Proxying Not Supported
        return HttpStatus::BAD_GATEWAY;
    default:
        break;
    }
    switch (code >> 5)
    {
    case 2:
        return HttpStatus::OK;
    case 4:
        return HttpStatus::BAD_REQUEST;
    case 5:
        return HttpStatus::INTERNAL_SERVER_ERROR;
    default:
        return std::nullopt;
    }
}

uint8_t
HttpCoapMapping::CoapCodeForHttpStatus(uint16_t status, uint8_t coapMethod, bool conditional)
{
    if (status >= 200 && status <= 299)
    {
        switch (coapMethod)
        {
        case CoapCode::PUT:
        case CoapCode::POST:
            return status == HttpStatus::CREATED ? CoapCode::CREATED : CoapCode::CHANGED;
        case CoapCode::DELETE:
            return CoapCode::DELETED;
        default:
            return CoapCode::CONTENT;
        }
    }
    if (status == HttpStatus::NOT_MODIFIED && coapMethod == CoapCode::GET && conditional)
    {
        return CoapCode::VALID;
    }
    if (coapMethod == CoapCode::DELETE &&
        (status == HttpStatus::NOT_FOUND || status == HttpStatus::GONE))
    {
        return CoapCode::DELETED;
    }
    switch (status)
    {
    case HttpStatus::BAD_REQUEST:
        return CoapCode::BAD_REQUEST;
    case HttpStatus::UNAUTHORIZED:
        return CoapCode::UNAUTHORIZED;
    case HttpStatus::FORBIDDEN:
        return CoapCode::FORBIDDEN;
    case HttpStatus::NOT_FOUND:
        return CoapCode::NOT_FOUND;
    case HttpStatus::METHOD_NOT_ALLOWED:
        return CoapCode::METHOD_NOT_ALLOWED;
    case HttpStatus::NOT_ACCEPTABLE:
        return CoapCode::NOT_ACCEPTABLE;
    case HttpStatus::PRECONDITION_FAILED:
        return CoapCode::PRECONDITION_FAILED;
    case HttpStatus::CONTENT_TOO_LARGE:
        return CoapCode::REQUEST_ENTITY_TOO_LARGE;
    case HttpStatus::UNSUPPORTED_MEDIA_TYPE:
        return CoapCode::UNSUPPORTED_CONTENT_FORMAT;
    case HttpStatus::INTERNAL_SERVER_ERROR:
        return CoapCode::INTERNAL_SERVER_ERROR;
    case HttpStatus::NOT_IMPLEMENTED:
        return CoapCode::NOT_IMPLEMENTED;
    case HttpStatus::BAD_GATEWAY:
        return CoapCode::BAD_GATEWAY;
    case HttpStatus::SERVICE_UNAVAILABLE:
        return CoapCode::SERVICE_UNAVAILABLE;
    case HttpStatus::GATEWAY_TIMEOUT:
        return CoapCode::GATEWAY_TIMEOUT;
    default:
        break;
    }
    if (status >= 400 && status <= 499)
    {
        return CoapCode::BAD_REQUEST;
    }
    if (status >= 500 && status <= 599)
    {
        return CoapCode::INTERNAL_SERVER_ERROR;
    }
    return CoapCode::BAD_GATEWAY; // 1xx, 3xx: a result not understood
}

std::optional<uint16_t>
HttpCoapMapping::ContentFormatForMediaType(const std::string& mediaType,
                                           bool loose,
                                           bool coapPayload)
{
    MediaType m;
    if (!ParseMediaType(mediaType, m))
    {
        return std::nullopt;
    }
    if (m.type == "application" && m.subtype == "coap-payload")
    {
        if (!coapPayload || m.params.size() != 1 || m.params[0].first != "cf")
        {
            return std::nullopt;
        }
        uint64_t cf;
        if (!ParseDecimal(m.params[0].second, 65535, cf))
        {
            return std::nullopt;
        }
        return static_cast<uint16_t>(cf);
    }
    std::optional<uint16_t> format = LookupFormat(m);
    if (!format && loose && m.type != "*")
    {
        format = LookupFormat(Generalize(m));
    }
    return format;
}

std::string
HttpCoapMapping::MediaTypeForContentFormat(uint16_t contentFormat)
{
    for (const FormatEntry& e : g_formats)
    {
        if (e.format == contentFormat)
        {
            return e.wire;
        }
    }
    return "application/coap-payload;cf=" + std::to_string(contentFormat);
}

bool
HttpCoapMapping::IsKnownContentFormat(uint16_t contentFormat)
{
    return std::any_of(std::begin(g_formats), std::end(g_formats), [contentFormat](auto& e) {
        return e.format == contentFormat;
    });
}

// ---- HTTP to CoAP -----------------------------------------------------------------------

HttpCoapMapping::HttpToCoap
HttpCoapMapping::MapHttpRequest(const HttpMessage& request, const Config& config)
{
    HttpToCoap r;
    r.httpMethod = request.GetMethod();
    std::optional<uint8_t> method = CoapMethodForHttpMethod(request.GetMethod());
    if (!request.IsRequest() || !method)
    {
        return Refuse(r,
                      HttpStatus::NOT_IMPLEMENTED,
                      "method " + request.GetMethod() + " has no CoAP equivalent");
    }
    r.coap = CoapMessage(CoapMessage::CON, *method, 0);

    // The Target CoAP URI (RFC 8075 section 5)
    std::string target = request.GetTarget();
    std::string error;
    UriParts uri;
    bool coapUri = false;
    std::string lowered = LowerString(target.substr(0, 8));
    if (lowered.compare(0, 7, "coap://") == 0 || lowered.compare(0, 8, "coaps://") == 0)
    {
        coapUri = true; // absolute-form: a forward proxy (RFC 7252 section 10.2)
        r.target.uriPrefix.clear();
    }
    else if (lowered.compare(0, 7, "http://") == 0 || lowered.compare(0, 8, "https://") == 0)
    {
        UriParts hosting;
        if (!SplitUri(target, hosting, error))
        {
            return Refuse(r, HttpStatus::BAD_REQUEST, error);
        }
        target = (hosting.path.empty() ? std::string("/") : hosting.path) +
                 (hosting.query ? "?" + *hosting.query : std::string());
    }
    else if (target.empty() || target[0] != '/')
    {
        return Refuse(r, HttpStatus::BAD_REQUEST, "request-target is not a path or a URI");
    }
    if (!coapUri && !config.hcPath.empty() &&
        target.compare(0, config.hcPath.size(), config.hcPath) == 0)
    {
        std::string embedded = target.substr(config.hcPath.size());
        std::string head = LowerString(embedded.substr(0, 8));
        if (head.compare(0, 7, "coap://") != 0 && head.compare(0, 8, "coaps://") != 0)
        {
            return Refuse(r,
                          HttpStatus::BAD_REQUEST,
                          "Target CoAP URI without its scheme (RFC 8075 section 5.3.1)");
        }
        r.target.uriPrefix = config.hcPath;
        target = embedded;
        coapUri = true;
    }
    std::string path;
    std::optional<std::string> query;
    if (coapUri)
    {
        if (!SplitUri(target, uri, error))
        {
            return Refuse(r, HttpStatus::BAD_REQUEST, error);
        }
        r.target.secure = uri.scheme == "coaps";
        r.target.host = uri.host;
        r.target.hostIsIp = uri.hostIsIp;
        r.target.port = uri.port.value_or(r.target.secure ? 5684 : 5683);
        r.target.uriPrefix += uri.scheme + "://" + uri.authority;
        path = uri.path;
        query = uri.query;
    }
    else
    {
        if (config.fixedHost.empty())
        {
            return Refuse(r, HttpStatus::NOT_FOUND, "no CoAP server for " + target);
        }
        if (target.find('#') != std::string::npos)
        {
            return Refuse(r, HttpStatus::BAD_REQUEST, "request-target with a fragment");
        }
        r.target.secure = config.fixedSecure;
        r.target.host = config.fixedHost;
        r.target.hostIsIp =
            config.fixedHost.find(':') != std::string::npos || IsIpv4(config.fixedHost);
        r.target.port = config.fixedPort;
        std::size_t q = target.find('?');
        path = target.substr(0, q);
        if (q != std::string::npos)
        {
            query = target.substr(q + 1);
        }
    }
    if (!r.target.hostIsIp)
    {
        r.coap.AddOption(CoapOption::URI_HOST, r.target.host);
    }
    for (const std::string& segment : PathSegments(path))
    {
        std::string decoded;
        if (!PercentDecode(segment, decoded))
        {
            return Refuse(r, HttpStatus::BAD_REQUEST, "bad percent-encoding in the path");
        }
        if (decoded.size() > 255)
        {
            return Refuse(r, HttpStatus::URI_TOO_LONG, "path segment longer than 255 bytes");
        }
        r.coap.AddOption(CoapOption::URI_PATH, decoded);
    }
    if (query)
    {
        for (const std::string& argument : Split(*query, '&'))
        {
            std::string decoded;
            if (!PercentDecode(argument, decoded))
            {
                return Refuse(r, HttpStatus::BAD_REQUEST, "bad percent-encoding in the query");
            }
            if (decoded.size() > 255)
            {
                return Refuse(r, HttpStatus::URI_TOO_LONG, "query argument longer than 255 bytes");
            }
            r.coap.AddOption(CoapOption::URI_QUERY, decoded);
        }
    }

    // Content-Type and Content-Encoding to Content-Format (RFC 8075 section 6.1)
    bool carriesBody = *method == CoapCode::POST || *method == CoapCode::PUT;
    if (carriesBody)
    {
        std::vector<std::string> types = request.GetFieldValues("Content-Type");
        if (types.size() > 1)
        {
            return Refuse(r, HttpStatus::BAD_REQUEST, "more than one Content-Type");
        }
        for (const std::string& coding : request.GetFieldList("Content-Encoding"))
        {
            if (!HttpMessage::EqualsIgnoreCase(coding, "identity"))
            {
                return Refuse(r,
                              HttpStatus::UNSUPPORTED_MEDIA_TYPE,
                              "Content-Encoding " + coding + " has no Content-Format");
            }
        }
        if (!types.empty())
        {
            std::optional<uint16_t> format = ContentFormatForMediaType(types[0],
                                                                       config.looseMediaTypes,
                                                                       config.allowCoapPayload);
            if (!format)
            {
                return Refuse(r,
                              HttpStatus::UNSUPPORTED_MEDIA_TYPE,
                              "media type " + types[0] + " has no Content-Format");
            }
            r.coap.SetContentFormat(*format);
        }
        r.coap.SetPayload(request.GetBody());
    }

    // Accept: the most preferred media type, if it maps (RFC 7252 10.2.2, RFC 8075 6.1)
    std::optional<std::string> best;
    int bestQ = 0;
    for (const std::string& element : request.GetFieldList("Accept"))
    {
        MediaType m;
        if (!ParseMediaType(element, m))
        {
            continue;
        }
        int q = 1000;
        std::string range = m.type + "/" + m.subtype;
        for (const auto& [name, value] : m.params)
        {
            if (name == "q")
            {
                q = ParseQvalue(value);
                break; // accept-ext parameters follow q
            }
            range += ";" + name + "=" + value;
        }
        if (q > bestQ)
        {
            bestQ = q;
            best = m.type == "*" || m.subtype == "*" ? std::string() : range;
        }
    }
    if (best && !best->empty())
    {
        std::optional<uint16_t> accept =
            ContentFormatForMediaType(*best, config.looseMediaTypes, config.allowCoapPayload);
        if (accept)
        {
            r.coap.SetAccept(*accept);
            r.criticalFromHeaders = true;
        }
    }

    // Conditional requests (RFC 7252 section 10.2.2)
    for (const std::string& element : request.GetFieldList("If-Match"))
    {
        if (element == "*")
        {
            r.coap.AddOption(CoapOption::IF_MATCH, std::vector<uint8_t>());
        }
        else
        {
            std::optional<std::vector<uint8_t>> etag = EtagFromHttp(element);
            if (!etag)
            {
                return Refuse(r,
                              HttpStatus::PRECONDITION_FAILED,
                              "If-Match " + element + " matches no CoAP ETag");
            }
            r.coap.AddOption(CoapOption::IF_MATCH, *etag);
        }
        r.criticalFromHeaders = true;
    }
    for (const std::string& element : request.GetFieldList("If-None-Match"))
    {
        if (element == "*")
        {
            if (!r.coap.HasOption(CoapOption::IF_NONE_MATCH))
            {
                r.coap.AddOption(CoapOption::IF_NONE_MATCH, std::vector<uint8_t>());
            }
            r.criticalFromHeaders = true;
            continue;
        }
        if (*method != CoapCode::GET)
        {
            return Refuse(r,
                          HttpStatus::NOT_IMPLEMENTED,
                          "If-None-Match with entity-tags on " + request.GetMethod() +
                              " has no CoAP equivalent");
        }
        std::optional<std::vector<uint8_t>> etag = EtagFromHttp(element);
        if (etag)
        {
            r.coap.AddOption(CoapOption::ETAG, *etag);
            r.conditional = true;
        }
    }
    r.ok = true;
    return r;
}

HttpMessage
HttpCoapMapping::MakeErrorResponse(uint16_t status,
                                   const std::string& diagnostic,
                                   const std::string& requestMethod)
{
    HttpMessage m = HttpMessage::MakeResponse(status);
    if (!diagnostic.empty() && !m.IsBodyless())
    {
        m.AddField("Content-Type", "text/plain;charset=utf-8");
        if (requestMethod == "HEAD")
        {
            m.AddField("Content-Length", std::to_string(diagnostic.size()));
        }
        else
        {
            m.SetBody(diagnostic);
        }
    }
    return m;
}

HttpMessage
HttpCoapMapping::MapCoapResponse(const CoapMessage& response, const HttpToCoap& request)
{
    const uint8_t code = response.GetCode();
    const bool hasPayload = !response.GetPayload().empty();
    std::optional<uint16_t> status = response.IsResponse()
                                         ? HttpStatusForCoapCode(code,
                                                                 hasPayload,
                                                                 request.conditional,
                                                                 request.criticalFromHeaders)
                                         : std::nullopt;
    if (!status)
    {
        return MakeErrorResponse(HttpStatus::BAD_GATEWAY,
                                 "CoAP response " + CoapCode::ToString(code) +
                                     " has no HTTP mapping (RFC 8075 section 7)",
                                 request.httpMethod);
    }
    HttpMessage m = HttpMessage::MakeResponse(*status);
    if (code == CoapCode::METHOD_NOT_ALLOWED)
    {
        m.SetReason("CoAP server returned 4.05"); // Table 2, note 7
    }
    const bool head = request.httpMethod == "HEAD";
    const bool bodyless = m.IsBodyless();
    std::optional<uint32_t> format = response.GetContentFormat();
    if (hasPayload && !bodyless)
    {
        if (format)
        {
            m.AddField("Content-Type", MediaTypeForContentFormat(static_cast<uint16_t>(*format)));
        }
        else if ((code >> 5) >= 4)
        {
            m.AddField("Content-Type", "text/plain;charset=utf-8"); // a diagnostic payload
        }
    }
    if (std::optional<std::vector<uint8_t>> etag = response.GetETag())
    {
        m.AddField("ETag", EtagToHttp(*etag));
    }
    std::optional<uint32_t> maxAge = response.GetMaxAge();
    if (code == CoapCode::SERVICE_UNAVAILABLE)
    {
        if (maxAge)
        {
            m.AddField("Retry-After", std::to_string(*maxAge)); // Table 2, note 8
        }
    }
    else if (code == CoapCode::CONTENT || code == CoapCode::VALID || maxAge)
    {
        m.AddField("Cache-Control", "max-age=" + std::to_string(maxAge.value_or(60)));
    }
    std::vector<std::vector<uint8_t>> locationPath =
        response.GetOptionValues(CoapOption::LOCATION_PATH);
    std::vector<std::vector<uint8_t>> locationQuery =
        response.GetOptionValues(CoapOption::LOCATION_QUERY);
    if (!locationPath.empty() || !locationQuery.empty())
    {
        std::string location;
        for (const auto& segment : locationPath)
        {
            location += "/" + PercentEncode(std::string(segment.begin(), segment.end()));
        }
        if (location.empty())
        {
            location = "/";
        }
        for (std::size_t i = 0; i < locationQuery.size(); ++i)
        {
            location += (i == 0 ? "?" : "&") +
                        PercentEncode(std::string(locationQuery[i].begin(), locationQuery[i].end()),
                                      "/?",
                                      "&");
        }
        m.AddField("Location", request.target.uriPrefix + location);
    }
    if (!bodyless)
    {
        if (head)
        {
            m.AddField("Content-Length", std::to_string(response.GetPayload().size()));
        }
        else
        {
            m.SetBody(response.GetPayload());
        }
    }
    return m;
}

// ---- CoAP to HTTP -----------------------------------------------------------------------

HttpCoapMapping::CoapToHttp
HttpCoapMapping::MapCoapRequest(const CoapMessage& request, const CoapConfig& config)
{
    CoapToHttp r;
    r.coapMethod = request.GetCode();
    std::string method;
    switch (request.GetCode())
    {
    case CoapCode::GET:
        method = "GET";
        break;
    case CoapCode::POST:
        method = "POST";
        break;
    case CoapCode::PUT:
        method = "PUT";
        break;
    case CoapCode::DELETE:
        method = "DELETE";
        break;
    default:
        return Refuse(r,
                      CoapCode::METHOD_NOT_ALLOWED,
                      "code " + CoapCode::ToString(request.GetCode()) + " has no HTTP method");
    }
    std::string targetPath;
    std::string query;
    bool hasQuery = false;
    std::string hostField;
    auto fromOptions = [&]() {
        for (const auto& v : request.GetOptionValues(CoapOption::URI_PATH))
        {
            targetPath += "/" + PercentEncode(std::string(v.begin(), v.end()));
        }
        auto queries = request.GetOptionValues(CoapOption::URI_QUERY);
        for (std::size_t i = 0; i < queries.size(); ++i)
        {
            query += (i == 0 ? "" : "&") +
                     PercentEncode(std::string(queries[i].begin(), queries[i].end()), "/?", "&");
        }
        hasQuery = !queries.empty();
    };
    // host as written in Host: an IP literal in brackets, a name percent-encoded
    auto authority = [&r]() {
        bool ip = IsIpv4(r.host) ||
                  (r.host.find(':') != std::string::npos &&
                   r.host.find_first_not_of("0123456789abcdefABCDEF:.") == std::string::npos);
        std::string written = ip ? AuthorityHost(r.host, true) : PercentEncode(r.host);
        bool defaultPort = r.port == (r.secure ? 443 : 80);
        return written + (defaultPort ? "" : ":" + std::to_string(r.port));
    };
    if (request.HasOption(CoapOption::PROXY_URI))
    {
        // Proxy-Uri takes precedence over Uri-Host, Uri-Port, Uri-Path and Uri-Query
        // (RFC 7252 section 5.10.2): they are ignored
        UriParts uri;
        std::string error;
        if (!SplitUri(request.GetProxyUri(), uri, error))
        {
            return Refuse(r, CoapCode::BAD_REQUEST, "Proxy-Uri: " + error);
        }
        if (uri.scheme != "http" && uri.scheme != "https")
        {
            return Refuse(r,
                          CoapCode::Make(5, 5),
                          "Proxy-Uri scheme " + uri.scheme + " is not proxied");
        }
        r.secure = uri.scheme == "https";
        r.host = uri.host;
        r.port = uri.port.value_or(r.secure ? 443 : 80);
        targetPath = uri.path;
        hasQuery = uri.query.has_value();
        query = uri.query.value_or("");
        hostField = uri.authority; // as written (visible ASCII, checked)
    }
    else if (request.HasOption(CoapOption::PROXY_SCHEME))
    {
        const std::vector<uint8_t>* s = request.GetOption(CoapOption::PROXY_SCHEME);
        std::string scheme = LowerString(std::string(s->begin(), s->end()));
        if (scheme != "http" && scheme != "https")
        {
            return Refuse(r, CoapCode::Make(5, 5), "Proxy-Scheme " + scheme + " is not proxied");
        }
        r.host = request.GetUriHost();
        if (r.host.empty())
        {
            return Refuse(r, CoapCode::BAD_REQUEST, "Proxy-Scheme without Uri-Host");
        }
        r.secure = scheme == "https";
        r.port = static_cast<uint16_t>(
            std::min<uint32_t>(request.GetUriPort().value_or(r.secure ? 443 : 80), 65535));
        hostField = authority();
        fromOptions();
    }
    else
    {
        if (config.fixedHost.empty())
        {
            return Refuse(r, CoapCode::NOT_FOUND, "no HTTP server for this request");
        }
        r.secure = config.fixedSecure;
        r.host = config.fixedHost;
        r.port = config.fixedPort;
        hostField = authority();
        fromOptions();
    }
    std::string target = (targetPath.empty() ? "/" : targetPath) + (hasQuery ? "?" + query : "");
    HttpMessage http = HttpMessage::MakeRequest(method, target);
    http.AddField("Host", hostField);
    std::string why;
    if (!http.IsValid("", &why))
    {
        return Refuse(r, CoapCode::BAD_REQUEST, "no valid HTTP request: " + why);
    }
    if (request.GetCode() == CoapCode::POST || request.GetCode() == CoapCode::PUT)
    {
        if (std::optional<uint32_t> format = request.GetContentFormat())
        {
            if (*format > 65535 || !IsKnownContentFormat(static_cast<uint16_t>(*format)))
            {
                return Refuse(r,
                              CoapCode::UNSUPPORTED_CONTENT_FORMAT,
                              "Content-Format " + std::to_string(*format) +
                                  " has no media type here");
            }
            http.AddField("Content-Type",
                          MediaTypeForContentFormat(static_cast<uint16_t>(*format)));
        }
        http.SetBody(request.GetPayload());
    }
    if (std::optional<uint32_t> accept = request.GetAccept())
    {
        if (*accept <= 65535 && IsKnownContentFormat(static_cast<uint16_t>(*accept)))
        {
            http.AddField("Accept", MediaTypeForContentFormat(static_cast<uint16_t>(*accept)));
        }
    }
    std::string ifMatch;
    for (const auto& v : request.GetOptionValues(CoapOption::IF_MATCH))
    {
        ifMatch += (ifMatch.empty() ? "" : ", ") + (v.empty() ? std::string("*") : EtagToHttp(v));
    }
    if (!ifMatch.empty())
    {
        http.AddField("If-Match", ifMatch);
    }
    if (request.HasOption(CoapOption::IF_NONE_MATCH))
    {
        http.AddField("If-None-Match", "*");
    }
    else if (request.GetCode() == CoapCode::GET)
    {
        std::string tags;
        for (const auto& v : request.GetOptionValues(CoapOption::ETAG))
        {
            if (!v.empty())
            {
                tags += (tags.empty() ? "" : ", ") + EtagToHttp(v);
            }
        }
        if (!tags.empty())
        {
            http.AddField("If-None-Match", tags);
            r.conditional = true;
        }
    }
    r.http = http;
    r.ok = true;
    return r;
}

CoapMessage
HttpCoapMapping::MapHttpResponse(const HttpMessage& response, const CoapToHttp& request)
{
    CoapMessage m;
    uint8_t code =
        CoapCodeForHttpStatus(response.GetStatus(), request.coapMethod, request.conditional);
    m.SetCode(code);
    bool error = (code >> 5) >= 4;
    std::vector<uint8_t> payload = response.GetBody();
    if (code == CoapCode::VALID)
    {
        payload.clear();
    }
    std::optional<std::string> type = response.GetField("Content-Type");
    if (!payload.empty() && type)
    {
        std::optional<uint16_t> format = ContentFormatForMediaType(*type);
        if (format)
        {
            m.SetContentFormat(*format);
        }
        else if (!error)
        {
            CoapMessage bad;
            bad.SetCode(CoapCode::BAD_GATEWAY);
            bad.SetMaxAge(0);
            bad.SetPayload("media type " + type->substr(0, 64) + " has no Content-Format");
            return bad;
        }
        else
        {
            payload.clear(); // an error body CoAP could not label
        }
    }
    if (code == CoapCode::CONTENT || code == CoapCode::VALID || error)
    {
        uint64_t maxAge = 0;
        for (const std::string& directive : response.GetFieldList("Cache-Control"))
        {
            std::string d = LowerString(directive);
            if (d == "no-store" || d == "no-cache")
            {
                maxAge = 0;
                break;
            }
            std::size_t eq = d.find('=');
            std::string name = TrimOws(d.substr(0, eq));
            if (eq != std::string::npos && (name == "max-age" || name == "s-maxage"))
            {
                std::string v = TrimOws(d.substr(eq + 1));
                if (v.size() >= 2 && v.front() == '"' && v.back() == '"')
                {
                    v = v.substr(1, v.size() - 2);
                }
                uint64_t seconds;
                if (ParseDecimal(v, BIG_DECIMAL, seconds))
                {
                    maxAge = std::min<uint64_t>(seconds, 0xffffffffu);
                }
            }
        }
        if (code == CoapCode::SERVICE_UNAVAILABLE)
        {
            uint64_t seconds;
            std::optional<std::string> retry = response.GetField("Retry-After");
            if (retry && ParseDecimal(TrimOws(*retry), BIG_DECIMAL, seconds))
            {
                maxAge = std::min<uint64_t>(seconds, 0xffffffffu);
            }
        }
        m.SetMaxAge(static_cast<uint32_t>(maxAge));
    }
    if (std::optional<std::string> tag = response.GetField("ETag"))
    {
        if (std::optional<std::vector<uint8_t>> etag = EtagFromHttp(*tag))
        {
            m.SetETag(*etag);
        }
    }
    if (std::optional<std::string> location = response.GetField("Location"))
    {
        std::string loc = *location;
        std::size_t scheme = loc.find("://");
        if (scheme != std::string::npos)
        {
            std::size_t slash = loc.find_first_of("/?", scheme + 3);
            loc = slash == std::string::npos ? "/" : loc.substr(slash);
        }
        if (!loc.empty() && loc[0] == '/' && loc.find('#') == std::string::npos)
        {
            std::size_t q = loc.find('?');
            std::vector<std::string> segments = PathSegments(loc.substr(0, q));
            std::vector<std::string> args =
                q == std::string::npos ? std::vector<std::string>() : Split(loc.substr(q + 1), '&');
            CoapMessage tmp;
            bool ok = true;
            for (const std::string& s : segments)
            {
                std::string d;
                ok = ok && PercentDecode(s, d) && d.size() <= 255;
                tmp.AddOption(CoapOption::LOCATION_PATH, d);
            }
            for (const std::string& a : args)
            {
                std::string d;
                ok = ok && PercentDecode(a, d) && d.size() <= 255;
                tmp.AddOption(CoapOption::LOCATION_QUERY, d);
            }
            if (ok)
            {
                for (const auto& o : tmp.GetOptions())
                {
                    m.AddOption(o.number, o.value);
                }
            }
        }
    }
    m.SetPayload(payload);
    return m;
}

} // namespace ns3
