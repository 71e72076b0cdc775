/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "http-message.h"

#include "ns3/abort.h"
#include "ns3/log.h"

#include <algorithm>
#include <cctype>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("HttpMessage");

namespace HttpStatus
{

std::string
ReasonPhrase(uint16_t code)
{
    // RFC 9110 section 15
    switch (code)
    {
    case 100:
        return "Continue";
    case 101:
        return "Switching Protocols";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 203:
        return "Non-Authoritative Information";
    case 204:
        return "No Content";
    case 205:
        return "Reset Content";
    case 206:
        return "Partial Content";
    case 300:
        return "Multiple Choices";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 303:
        return "See Other";
    case 304:
        return "Not Modified";
    case 307:
        return "Temporary Redirect";
    case 308:
        return "Permanent Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 406:
        return "Not Acceptable";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 410:
        return "Gone";
    case 411:
        return "Length Required";
    case 412:
        return "Precondition Failed";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 417:
        return "Expectation Failed";
    case 422:
        return "Unprocessable Content";
    case 426:
        return "Upgrade Required";
    case 431:
        return "Request Header Fields Too Large"; // RFC 6585 section 5
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "";
    }
}

} // namespace HttpStatus

namespace
{

/// \param c a character \return true for SP or HTAB
bool
IsWs(char c)
{
    return c == ' ' || c == '\t';
}

/// \param c a character \return true for a byte allowed in a field value (VCHAR, obs-text,
/// SP, HTAB)
bool
IsFieldValueChar(char c)
{
    auto u = static_cast<unsigned char>(c);
    return u == '\t' || u == ' ' || (u >= 0x21 && u != 0x7f);
}

/// \param c a character \return ASCII lowercase
char
Lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

/// \param s a string \return it without leading and trailing SP/HTAB
std::string
TrimOws(const std::string& s)
{
    std::size_t b = 0;
    std::size_t e = s.size();
    while (b < e && IsWs(s[b]))
    {
        ++b;
    }
    while (e > b && IsWs(s[e - 1]))
    {
        --e;
    }
    return s.substr(b, e - b);
}

/**
 * \brief Split a list-valued field value at commas outside quoted strings (RFC 9110 5.6.1).
 * \param value the value
 * \param[out] out where to append the trimmed, non-empty elements
 */
void
SplitList(const std::string& value, std::vector<std::string>& out)
{
    std::string current;
    bool quoted = false;
    for (std::size_t i = 0; i < value.size(); ++i)
    {
        char c = value[i];
        if (quoted && c == '\\' && i + 1 < value.size())
        {
            current += c;
            current += value[++i];
            continue;
        }
        if (c == '"')
        {
            quoted = !quoted;
        }
        if (c == ',' && !quoted)
        {
            std::string e = TrimOws(current);
            if (!e.empty())
            {
                out.push_back(e);
            }
            current.clear();
            continue;
        }
        current += c;
    }
    std::string e = TrimOws(current);
    if (!e.empty())
    {
        out.push_back(e);
    }
}

} // namespace

bool
HttpMessage::EqualsIgnoreCase(const std::string& a, const std::string& b)
{
    if (a.size() != b.size())
    {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i)
    {
        if (Lower(a[i]) != Lower(b[i]))
        {
            return false;
        }
    }
    return true;
}

bool
HttpMessage::IsTchar(char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
    {
        return true;
    }
    switch (c)
    {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

bool
HttpMessage::IsToken(const std::string& s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), IsTchar);
}

HttpMessage
HttpMessage::MakeRequest(const std::string& method, const std::string& target)
{
    HttpMessage m;
    m.m_request = true;
    m.m_method = method;
    m.m_target = target;
    return m;
}

HttpMessage
HttpMessage::MakeResponse(uint16_t status, const std::optional<std::string>& reason)
{
    HttpMessage m;
    m.m_request = false;
    m.m_method.clear();
    m.m_target.clear();
    m.m_status = status;
    m.m_reason = reason ? *reason : HttpStatus::ReasonPhrase(status);
    return m;
}

std::string
HttpMessage::GetVersionString() const
{
    std::string v = "HTTP/";
    v += static_cast<char>('0' + m_major % 10);
    v += '.';
    v += static_cast<char>('0' + m_minor % 10);
    return v;
}

void
HttpMessage::AddField(const std::string& name, const std::string& value)
{
    m_fields.push_back(Field{name, value});
}

void
HttpMessage::SetField(const std::string& name, const std::string& value)
{
    RemoveField(name);
    AddField(name, value);
}

void
HttpMessage::RemoveField(const std::string& name)
{
    m_fields.erase(
        std::remove_if(m_fields.begin(),
                       m_fields.end(),
                       [&name](const Field& f) { return EqualsIgnoreCase(f.name, name); }),
        m_fields.end());
}

bool
HttpMessage::HasField(const std::string& name) const
{
    return GetField(name).has_value();
}

std::optional<std::string>
HttpMessage::GetField(const std::string& name) const
{
    for (const Field& f : m_fields)
    {
        if (EqualsIgnoreCase(f.name, name))
        {
            return f.value;
        }
    }
    return std::nullopt;
}

std::vector<std::string>
HttpMessage::GetFieldValues(const std::string& name) const
{
    std::vector<std::string> values;
    for (const Field& f : m_fields)
    {
        if (EqualsIgnoreCase(f.name, name))
        {
            values.push_back(f.value);
        }
    }
    return values;
}

std::vector<std::string>
HttpMessage::GetFieldList(const std::string& name) const
{
    std::vector<std::string> elements;
    for (const Field& f : m_fields)
    {
        if (EqualsIgnoreCase(f.name, name))
        {
            SplitList(f.value, elements);
        }
    }
    return elements;
}

bool
HttpMessage::HasConnectionOption(const std::string& option) const
{
    for (const std::string& e : GetFieldList("Connection"))
    {
        if (EqualsIgnoreCase(e, option))
        {
            return true;
        }
    }
    return false;
}

bool
HttpMessage::KeepsAlive() const
{
    if (HasConnectionOption("close"))
    {
        return false;
    }
    if (m_major > 1 || (m_major == 1 && m_minor >= 1))
    {
        return true;
    }
    return HasConnectionOption("keep-alive");
}

bool
HttpMessage::IsBodyless(const std::string& requestMethod) const
{
    if (m_request)
    {
        return false;
    }
    return (m_status >= 100 && m_status < 200) || m_status == 204 || m_status == 304 ||
           requestMethod == "HEAD" ||
           (requestMethod == "CONNECT" && m_status >= 200 && m_status < 300);
}

bool
HttpMessage::IsValid(const std::string& requestMethod, std::string* error) const
{
    auto reject = [error](const std::string& why) {
        if (error)
        {
            *error = why;
        }
        return false;
    };
    if (m_major > 9 || m_minor > 9)
    {
        return reject("version digits beyond 9");
    }
    if (m_request)
    {
        if (!IsToken(m_method))
        {
            return reject("method is not a token");
        }
        if (m_target.empty())
        {
            return reject("empty request-target");
        }
        for (char c : m_target)
        {
            auto u = static_cast<unsigned char>(c);
            if (u <= 0x20 || u >= 0x7f)
            {
                return reject("request-target with a byte outside visible ASCII");
            }
        }
    }
    else
    {
        if (m_status < 100 || m_status > 599)
        {
            return reject("status code outside 100..599");
        }
        for (char c : m_reason)
        {
            if (!IsFieldValueChar(c))
            {
                return reject("reason phrase with a control character");
            }
        }
        if (IsBodyless(requestMethod) && !m_body.empty())
        {
            return reject("a body in a response that cannot have one");
        }
    }
    for (const Field& f : m_fields)
    {
        if (!IsToken(f.name))
        {
            return reject("field name '" + f.name + "' is not a token");
        }
        if (!f.value.empty() && (IsWs(f.value.front()) || IsWs(f.value.back())))
        {
            return reject("field value of " + f.name + " with surrounding whitespace");
        }
        if (!std::all_of(f.value.begin(), f.value.end(), IsFieldValueChar))
        {
            return reject("field value of " + f.name + " with a control character");
        }
    }
    return true;
}

std::vector<uint8_t>
HttpMessage::Serialize(const std::string& requestMethod) const
{
    std::string why;
    NS_ABORT_MSG_IF(!IsValid(requestMethod, &why), "HttpMessage::Serialize: " << why);
    std::string head;
    if (m_request)
    {
        head = m_method + ' ' + m_target + ' ' + GetVersionString() + "\r\n";
    }
    else
    {
        head = GetVersionString() + ' ' + std::to_string(m_status) + ' ' + m_reason + "\r\n";
    }
    bool bodyless = IsBodyless(requestMethod);
    for (const Field& f : m_fields)
    {
        if (!bodyless && (EqualsIgnoreCase(f.name, "Content-Length") ||
                          EqualsIgnoreCase(f.name, "Transfer-Encoding")))
        {
            continue;
        }
        head += f.name + ": " + f.value + "\r\n";
    }
    if (!bodyless)
    {
        bool contentLength = !m_request || !m_body.empty() || m_method == "POST" ||
                             m_method == "PUT" || m_method == "PATCH";
        if (contentLength)
        {
            head += "Content-Length: " + std::to_string(m_body.size()) + "\r\n";
        }
    }
    head += "\r\n";
    std::vector<uint8_t> out(head.begin(), head.end());
    if (!bodyless)
    {
        out.insert(out.end(), m_body.begin(), m_body.end());
    }
    return out;
}

bool
HttpMessage::operator==(const HttpMessage& other) const
{
    if (m_request != other.m_request || m_major != other.m_major || m_minor != other.m_minor ||
        m_fields != other.m_fields || m_body != other.m_body)
    {
        return false;
    }
    if (m_request)
    {
        return m_method == other.m_method && m_target == other.m_target;
    }
    return m_status == other.m_status && m_reason == other.m_reason;
}

void
HttpMessage::Print(std::ostream& os) const
{
    if (m_request)
    {
        os << m_method << ' ' << m_target << ' ' << GetVersionString();
    }
    else
    {
        os << GetVersionString() << ' ' << m_status << ' ' << m_reason;
    }
    os << " fields=" << m_fields.size() << " body=" << m_body.size() << "B";
}

std::ostream&
operator<<(std::ostream& os, const HttpMessage& m)
{
    m.Print(os);
    return os;
}

// ---------------------------------------------------------------------------------------------
// HttpParser
// ---------------------------------------------------------------------------------------------

HttpParser::HttpParser(Mode mode, const Limits& limits)
    : m_mode(mode),
      m_limits(limits)
{
    ResetMessage();
}

std::size_t
HttpParser::GetMaxBufferedBytes() const
{
    // A line is held with its CR at most (the LF completes it)
    return std::max({m_limits.maxStartLine, m_limits.maxHeaderSection, m_limits.maxChunkLine}) + 1;
}

bool
HttpParser::IsIdle() const
{
    return (m_state == START_LINE && m_line.empty()) || m_state == CLOSED;
}

bool
HttpParser::ExpectResponse(const std::string& requestMethod)
{
    if (m_mode != RESPONSES || m_expected.size() >= m_limits.maxExpectedResponses)
    {
        return false;
    }
    m_expected.push_back(requestMethod);
    return true;
}

bool
HttpParser::Pop(HttpMessage& out, std::string* requestMethod)
{
    if (m_ready.empty())
    {
        return false;
    }
    out = std::move(m_ready.front().first);
    if (requestMethod)
    {
        *requestMethod = m_ready.front().second;
    }
    m_ready.pop_front();
    return true;
}

void
HttpParser::Fail(const std::string& why, uint16_t status)
{
    NS_LOG_FUNCTION(this << why);
    m_state = FAILED;
    m_error = why;
    m_errorStatus = m_mode == REQUESTS ? status : HttpStatus::BAD_GATEWAY;
    m_line.clear();
    m_line.shrink_to_fit();
    ResetMessage();
}

void
HttpParser::ResetMessage()
{
    m_current = HttpMessage();
    if (m_mode == RESPONSES)
    {
        m_current = HttpMessage::MakeResponse(200, std::string());
    }
    m_currentMethod.clear();
    m_sectionBytes = 0;
    m_sectionCount = 0;
    m_remaining = 0;
    m_extBytes = 0;
    m_closeAfter = false;
}

HttpParser::LineResult
HttpParser::ReadLine(const uint8_t*& p, const uint8_t* end, std::size_t limit)
{
    const uint8_t* lf = std::find(p, end, static_cast<uint8_t>('\n'));
    // The line content (without CRLF) may be `limit` bytes: with its CR, limit + 1
    std::size_t room = limit + 1 - std::min(m_line.size(), limit + 1);
    std::size_t take = static_cast<std::size_t>(lf - p);
    if (take > room)
    {
        return LINE_TOO_LONG;
    }
    m_line.append(reinterpret_cast<const char*>(p), take);
    p += take;
    if (lf == end)
    {
        return LINE_INCOMPLETE;
    }
    ++p; // the LF
    if (m_line.empty() || m_line.back() != '\r')
    {
        return LINE_BAD_END;
    }
    m_line.pop_back();
    if (m_line.size() > limit)
    {
        return LINE_TOO_LONG;
    }
    if (m_line.find('\r') != std::string::npos)
    {
        return LINE_BAD_END;
    }
    return LINE_COMPLETE;
}

namespace
{

/**
 * \param s "HTTP/x.y"
 * \param[out] major x
 * \param[out] minor y
 * \return true if s has that form
 */
bool
ParseVersion(const std::string& s, uint8_t& major, uint8_t& minor)
{
    if (s.size() != 8 || s.compare(0, 5, "HTTP/") != 0 || s[6] != '.' || s[5] < '0' || s[5] > '9' ||
        s[7] < '0' || s[7] > '9')
    {
        return false;
    }
    major = static_cast<uint8_t>(s[5] - '0');
    minor = static_cast<uint8_t>(s[7] - '0');
    return true;
}

} // namespace

bool
HttpParser::ParseRequestLine(const std::string& line)
{
    // request-line = method SP request-target SP HTTP-version (RFC 9112 section 3)
    std::size_t sp1 = line.find(' ');
    std::size_t sp2 = sp1 == std::string::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp2 == std::string::npos || line.find(' ', sp2 + 1) != std::string::npos)
    {
        Fail("request line is not method SP request-target SP HTTP-version",
             HttpStatus::BAD_REQUEST);
        return false;
    }
    std::string method = line.substr(0, sp1);
    std::string target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    std::string version = line.substr(sp2 + 1);
    if (!HttpMessage::IsToken(method))
    {
        Fail("method is not a token", HttpStatus::BAD_REQUEST);
        return false;
    }
    if (target.empty())
    {
        Fail("empty request-target", HttpStatus::BAD_REQUEST);
        return false;
    }
    for (char c : target)
    {
        auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f)
        {
            Fail("request-target with a byte outside visible ASCII", HttpStatus::BAD_REQUEST);
            return false;
        }
    }
    uint8_t major;
    uint8_t minor;
    if (!ParseVersion(version, major, minor))
    {
        Fail("malformed HTTP-version '" + version.substr(0, 16) + "'", HttpStatus::BAD_REQUEST);
        return false;
    }
    if (major != 1)
    {
        Fail("HTTP version " + version + " not supported", HttpStatus::VERSION_NOT_SUPPORTED);
        return false;
    }
    m_current = HttpMessage::MakeRequest(method, target);
    m_current.SetVersion(major, minor);
    return true;
}

bool
HttpParser::ParseStatusLine(const std::string& line)
{
    // status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 section 4)
    uint8_t major;
    uint8_t minor;
    if (line.size() < 12 || line[8] != ' ' || !ParseVersion(line.substr(0, 8), major, minor))
    {
        Fail("status line is not HTTP-version SP status-code SP reason-phrase",
             HttpStatus::BAD_REQUEST);
        return false;
    }
    if (major != 1)
    {
        Fail("HTTP version " + line.substr(0, 8) + " not supported",
             HttpStatus::VERSION_NOT_SUPPORTED);
        return false;
    }
    uint16_t status = 0;
    for (std::size_t i = 9; i < 12; ++i)
    {
        if (line[i] < '0' || line[i] > '9')
        {
            Fail("status code is not three digits", HttpStatus::BAD_REQUEST);
            return false;
        }
        status = static_cast<uint16_t>(status * 10 + (line[i] - '0'));
    }
    if (status < 100 || status > 599)
    {
        Fail("status code " + std::to_string(status) + " outside 100..599",
             HttpStatus::BAD_REQUEST);
        return false;
    }
    std::string reason;
    if (line.size() > 12)
    {
        if (line[12] != ' ')
        {
            Fail("status code is not three digits", HttpStatus::BAD_REQUEST);
            return false;
        }
        reason = line.substr(13);
        if (!std::all_of(reason.begin(), reason.end(), IsFieldValueChar))
        {
            Fail("reason phrase with a control character", HttpStatus::BAD_REQUEST);
            return false;
        }
    }
    m_current = HttpMessage::MakeResponse(status, reason);
    m_current.SetVersion(major, minor);
    return true;
}

bool
HttpParser::ParseFieldLine(const std::string& line, HttpMessage::Field& field, const char* what)
{
    // field-line = field-name ":" OWS field-value OWS (RFC 9112 section 5)
    if (IsWs(line[0]))
    {
        Fail(std::string(what) + " line starts with whitespace (obs-fold, RFC 9112 section 5.2)",
             HttpStatus::BAD_REQUEST);
        return false;
    }
    std::size_t colon = line.find(':');
    if (colon == std::string::npos)
    {
        Fail(std::string(what) + " line without a colon", HttpStatus::BAD_REQUEST);
        return false;
    }
    if (colon == 0)
    {
        Fail(std::string(what) + " line with an empty name", HttpStatus::BAD_REQUEST);
        return false;
    }
    if (IsWs(line[colon - 1]))
    {
        Fail("whitespace between " + std::string(what) + " name and colon (RFC 9112 section 5.1)",
             HttpStatus::BAD_REQUEST);
        return false;
    }
    field.name = line.substr(0, colon);
    if (!HttpMessage::IsToken(field.name))
    {
        Fail(std::string(what) + " name is not a token", HttpStatus::BAD_REQUEST);
        return false;
    }
    field.value = TrimOws(line.substr(colon + 1));
    if (!std::all_of(field.value.begin(), field.value.end(), IsFieldValueChar))
    {
        Fail(std::string(what) + " value of " + field.name + " with a control character",
             HttpStatus::BAD_REQUEST);
        return false;
    }
    return true;
}

void
HttpParser::StartBody()
{
    const bool response = m_mode == RESPONSES;
    const uint16_t status = m_current.GetStatus();
    // RFC 9112 section 6.3, rules 1 and 2: no body, whatever the fields say
    if (response && m_current.IsBodyless(m_currentMethod))
    {
        if (status == HttpStatus::SWITCHING_PROTOCOLS ||
            (m_currentMethod == "CONNECT" && status >= 200 && status < 300))
        {
            m_closeAfter = true; // the stream is no longer HTTP/1.1 (a new protocol, a tunnel)
        }
        Complete();
        return;
    }
    bool hasTe = m_current.HasField("Transfer-Encoding");
    bool hasCl = m_current.HasField("Content-Length");
    if (hasTe && hasCl)
    {
        Fail("both Content-Length and Transfer-Encoding (request smuggling, RFC 9112 section 6.3)",
             HttpStatus::BAD_REQUEST);
        return;
    }
    if (hasTe)
    {
        if (m_current.GetVersionMinor() == 0)
        {
            Fail("Transfer-Encoding in an HTTP/1.0 message (RFC 9112 section 6.1)",
                 HttpStatus::BAD_REQUEST);
            return;
        }
        std::vector<std::string> codings = m_current.GetFieldList("Transfer-Encoding");
        if (codings.empty())
        {
            Fail("empty Transfer-Encoding", HttpStatus::BAD_REQUEST);
            return;
        }
        for (std::size_t i = 0; i < codings.size(); ++i)
        {
            std::string name = TrimOws(codings[i].substr(0, codings[i].find(';')));
            if (!HttpMessage::EqualsIgnoreCase(name, "chunked"))
            {
                Fail("transfer coding '" + name.substr(0, 32) + "' not implemented",
                     HttpStatus::NOT_IMPLEMENTED);
                return;
            }
            if (codings[i].find(';') != std::string::npos)
            {
                Fail("parameters on the chunked transfer coding (RFC 9112 section 7.1)",
                     HttpStatus::BAD_REQUEST);
                return;
            }
            if (i > 0)
            {
                Fail("chunked applied more than once (RFC 9112 section 6.1)",
                     HttpStatus::BAD_REQUEST);
                return;
            }
        }
        m_current.RemoveField("Transfer-Encoding");
        m_state = CHUNK_SIZE;
        return;
    }
    if (hasCl)
    {
        // Content-Length = 1*DIGIT; a list of equal values is accepted (RFC 9112 section 6.3)
        std::optional<uint64_t> length;
        bool tooLarge = false;
        for (const std::string& v : m_current.GetFieldValues("Content-Length"))
        {
            std::string current;
            std::vector<std::string> parts;
            for (char c : v + ",")
            {
                if (c == ',')
                {
                    parts.push_back(TrimOws(current));
                    current.clear();
                }
                else
                {
                    current += c;
                }
            }
            for (const std::string& part : parts)
            {
                if (part.empty() || !std::all_of(part.begin(), part.end(), [](char c) {
                        return c >= '0' && c <= '9';
                    }))
                {
                    Fail("invalid Content-Length '" + part.substr(0, 32) + "'",
                         HttpStatus::BAD_REQUEST);
                    return;
                }
                uint64_t n = 0;
                bool big = false;
                for (char c : part)
                {
                    n = n * 10 + static_cast<uint64_t>(c - '0');
                    if (n > m_limits.maxBody)
                    {
                        big = true;
                        n = m_limits.maxBody + 1; // saturate: never overflows
                    }
                }
                if (length && *length != n)
                {
                    Fail("differing Content-Length values", HttpStatus::BAD_REQUEST);
                    return;
                }
                length = n;
                tooLarge = tooLarge || big;
            }
        }
        if (tooLarge)
        {
            Fail("Content-Length larger than the body limit of " +
                     std::to_string(m_limits.maxBody) + " bytes",
                 HttpStatus::CONTENT_TOO_LARGE);
            return;
        }
        m_current.RemoveField("Content-Length");
        m_remaining = length.value_or(0);
        if (m_remaining == 0)
        {
            Complete();
        }
        else
        {
            m_state = BODY_LENGTH;
        }
        return;
    }
    if (response)
    {
        // A response without framing ends with the connection (RFC 9112 section 6.3, rule 8)
        m_closeAfter = true;
        m_state = BODY_CLOSE;
        return;
    }
    Complete(); // a request without framing has no body (rule 7)
}

bool
HttpParser::ParseChunkLine(const std::string& line)
{
    // chunk-size [ chunk-ext ], chunk-size = 1*HEXDIG (RFC 9112 section 7.1)
    std::size_t i = 0;
    uint64_t size = 0;
    bool big = false;
    const uint64_t room = m_limits.maxBody - m_current.GetBody().size();
    while (i < line.size() && std::isxdigit(static_cast<unsigned char>(line[i])))
    {
        char c = Lower(line[i]);
        uint64_t digit =
            (c >= 'a') ? static_cast<uint64_t>(c - 'a' + 10) : static_cast<uint64_t>(c - '0');
        size = size * 16 + digit;
        if (size > room)
        {
            big = true;
            size = room + 1; // saturate: never overflows
        }
        ++i;
    }
    if (i == 0)
    {
        Fail("chunk-size is not hexadecimal", HttpStatus::BAD_REQUEST);
        return false;
    }
    // chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ) (7.1.1)
    std::size_t extStart = i;
    auto skipWs = [&line, &i]() {
        while (i < line.size() && IsWs(line[i]))
        {
            ++i;
        }
    };
    while (true)
    {
        skipWs();
        if (i == line.size())
        {
            break;
        }
        if (line[i] != ';')
        {
            Fail("malformed chunk extension", HttpStatus::BAD_REQUEST);
            return false;
        }
        ++i;
        skipWs();
        std::size_t nameStart = i;
        while (i < line.size() && HttpMessage::IsTchar(line[i]))
        {
            ++i;
        }
        if (i == nameStart)
        {
            Fail("malformed chunk extension", HttpStatus::BAD_REQUEST);
            return false;
        }
        skipWs();
        if (i < line.size() && line[i] == '=')
        {
            ++i;
            skipWs();
            if (i < line.size() && line[i] == '"')
            {
                ++i;
                bool closed = false;
                while (i < line.size())
                {
                    char c = line[i++];
                    if (c == '"')
                    {
                        closed = true;
                        break;
                    }
                    if (c == '\\')
                    {
                        if (i == line.size())
                        {
                            break;
                        }
                        c = line[i++];
                    }
                    if (!IsFieldValueChar(c))
                    {
                        break;
                    }
                }
                if (!closed)
                {
                    Fail("malformed quoted chunk extension value", HttpStatus::BAD_REQUEST);
                    return false;
                }
            }
            else
            {
                std::size_t valueStart = i;
                while (i < line.size() && HttpMessage::IsTchar(line[i]))
                {
                    ++i;
                }
                if (i == valueStart)
                {
                    Fail("malformed chunk extension", HttpStatus::BAD_REQUEST);
                    return false;
                }
            }
        }
    }
    m_extBytes += line.size() - extStart;
    if (m_extBytes > m_limits.maxChunkExtensions)
    {
        Fail("chunk extensions longer than " + std::to_string(m_limits.maxChunkExtensions) +
                 " bytes in one message",
             HttpStatus::BAD_REQUEST);
        return false;
    }
    if (big)
    {
        Fail("chunked body larger than the body limit of " + std::to_string(m_limits.maxBody) +
                 " bytes",
             HttpStatus::CONTENT_TOO_LARGE);
        return false;
    }
    m_remaining = size;
    return true;
}

void
HttpParser::Complete()
{
    NS_LOG_FUNCTION(this << m_current);
    if (m_ready.size() >= m_limits.maxPendingMessages)
    {
        Fail("more than " + std::to_string(m_limits.maxPendingMessages) +
                 " complete messages not popped",
             HttpStatus::SERVICE_UNAVAILABLE);
        return;
    }
    bool interim = m_mode == RESPONSES && m_current.GetStatus() < 200;
    if (m_mode == RESPONSES && (!interim || m_current.GetStatus() == 101))
    {
        m_expected.pop_front(); // the final response (or the switch) answers the request
    }
    bool close = m_closeAfter || !m_current.KeepsAlive();
    m_ready.emplace_back(std::move(m_current), m_currentMethod);
    ResetMessage();
    m_state = close ? CLOSED : START_LINE;
    if (close)
    {
        m_line.clear();
    }
}

void
HttpParser::Feed(const uint8_t* data, std::size_t len)
{
    NS_LOG_FUNCTION(this << len);
    if (!data)
    {
        len = 0;
    }
    const uint8_t* p = data;
    const uint8_t* end = data + len;
    while (p != end)
    {
        switch (m_state)
        {
        case FAILED:
            return;
        case CLOSED:
            m_ignored += static_cast<uint64_t>(end - p);
            return;
        case START_LINE: {
            if (m_mode == RESPONSES && m_expected.empty())
            {
                Fail("response with no request outstanding", HttpStatus::BAD_GATEWAY);
                return;
            }
            LineResult r = ReadLine(p, end, m_limits.maxStartLine);
            if (r == LINE_INCOMPLETE)
            {
                return;
            }
            if (r == LINE_TOO_LONG)
            {
                Fail(std::string(m_mode == REQUESTS ? "request" : "status") + " line longer than " +
                         std::to_string(m_limits.maxStartLine) + " bytes",
                     HttpStatus::URI_TOO_LONG);
                return;
            }
            if (r == LINE_BAD_END)
            {
                Fail("line not terminated by CRLF (bare LF or CR)", HttpStatus::BAD_REQUEST);
                return;
            }
            std::string line;
            line.swap(m_line);
            if (line.empty() && m_mode == REQUESTS)
            {
                break; // an empty line before a request-line is ignored (RFC 9112 2.2)
            }
            if (line.empty())
            {
                Fail("empty status line", HttpStatus::BAD_REQUEST);
                return;
            }
            if (m_mode == REQUESTS ? !ParseRequestLine(line) : !ParseStatusLine(line))
            {
                return;
            }
            if (m_mode == RESPONSES)
            {
                m_currentMethod = m_expected.front();
            }
            m_state = HEADERS;
            break;
        }
        case HEADERS:
        case TRAILERS: {
            const bool trailers = m_state == TRAILERS;
            const std::size_t budget = m_limits.maxHeaderSection - m_sectionBytes;
            LineResult r = ReadLine(p, end, budget >= 2 ? budget - 2 : 0);
            if (r == LINE_INCOMPLETE)
            {
                return;
            }
            if (r == LINE_TOO_LONG)
            {
                Fail(std::string(trailers ? "trailer" : "header") + " section longer than " +
                         std::to_string(m_limits.maxHeaderSection) + " bytes",
                     HttpStatus::HEADER_FIELDS_TOO_LARGE);
                return;
            }
            if (r == LINE_BAD_END)
            {
                Fail("line not terminated by CRLF (bare LF or CR)", HttpStatus::BAD_REQUEST);
                return;
            }
            std::string line;
            line.swap(m_line);
            if (line.empty())
            {
                if (trailers)
                {
                    Complete(); // trailer fields are checked and discarded (7.1.2)
                }
                else
                {
                    StartBody();
                }
                break;
            }
            HttpMessage::Field field;
            if (!ParseFieldLine(line, field, trailers ? "trailer field" : "field"))
            {
                return;
            }
            if (m_sectionCount >= m_limits.maxHeaderCount)
            {
                Fail("more than " + std::to_string(m_limits.maxHeaderCount) +
                         (trailers ? " trailer" : " header") + " fields",
                     HttpStatus::HEADER_FIELDS_TOO_LARGE);
                return;
            }
            ++m_sectionCount;
            m_sectionBytes += line.size() + 2;
            if (!trailers)
            {
                m_current.AddField(field.name, field.value);
            }
            break;
        }
        case BODY_LENGTH:
        case CHUNK_DATA: {
            std::size_t take = static_cast<std::size_t>(std::min<uint64_t>(m_remaining, end - p));
            auto& body = m_current.GetBodyRef();
            body.insert(body.end(), p, p + take);
            p += take;
            m_remaining -= take;
            if (m_remaining == 0)
            {
                if (m_state == BODY_LENGTH)
                {
                    Complete();
                }
                else
                {
                    m_state = CHUNK_DATA_END;
                }
            }
            break;
        }
        case CHUNK_DATA_END: {
            LineResult r = ReadLine(p, end, 0);
            if (r == LINE_INCOMPLETE)
            {
                return;
            }
            if (r != LINE_COMPLETE)
            {
                Fail("chunk-data not followed by CRLF (longer than its chunk-size?)",
                     HttpStatus::BAD_REQUEST);
                return;
            }
            m_line.clear();
            m_state = CHUNK_SIZE;
            break;
        }
        case CHUNK_SIZE: {
            LineResult r = ReadLine(p, end, m_limits.maxChunkLine);
            if (r == LINE_INCOMPLETE)
            {
                return;
            }
            if (r == LINE_TOO_LONG)
            {
                Fail("chunk-size line longer than " + std::to_string(m_limits.maxChunkLine) +
                         " bytes",
                     HttpStatus::BAD_REQUEST);
                return;
            }
            if (r == LINE_BAD_END)
            {
                Fail("line not terminated by CRLF (bare LF or CR)", HttpStatus::BAD_REQUEST);
                return;
            }
            std::string line;
            line.swap(m_line);
            if (!ParseChunkLine(line))
            {
                return;
            }
            if (m_remaining == 0)
            {
                m_state = TRAILERS; // last-chunk
                m_sectionBytes = 0;
                m_sectionCount = 0;
            }
            else
            {
                m_state = CHUNK_DATA;
            }
            break;
        }
        case BODY_CLOSE: {
            auto& body = m_current.GetBodyRef();
            std::size_t room = m_limits.maxBody - body.size();
            std::size_t take = static_cast<std::size_t>(end - p);
            if (take > room)
            {
                Fail("close-delimited body larger than the body limit of " +
                         std::to_string(m_limits.maxBody) + " bytes",
                     HttpStatus::CONTENT_TOO_LARGE);
                return;
            }
            body.insert(body.end(), p, end);
            p = end;
            break;
        }
        }
    }
}

void
HttpParser::FeedEnd()
{
    NS_LOG_FUNCTION(this);
    switch (m_state)
    {
    case FAILED:
    case CLOSED:
        return;
    case BODY_CLOSE:
        Complete();
        if (m_state != FAILED)
        {
            m_state = CLOSED;
        }
        return;
    case START_LINE:
        if (m_line.empty())
        {
            m_state = CLOSED;
            return;
        }
        [[fallthrough]];
    default:
        Fail("stream ended inside a message (RFC 9112 section 8)", HttpStatus::BAD_REQUEST);
        return;
    }
}

} // namespace ns3
