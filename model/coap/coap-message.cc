/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "coap-message.h"

#include "ns3/abort.h"
#include "ns3/hex-encoding.h"
#include "ns3/log.h"

#include <algorithm>
#include <cctype>
#include <iomanip>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoapMessage");

namespace CoapOption
{

namespace
{

/// Definition of a known option: number, name, length range
struct Definition
{
    uint16_t number;    //!< number
    const char* name;   //!< name
    std::size_t minLen; //!< shortest value
    std::size_t maxLen; //!< longest value
};

/// The options this implementation recognizes (RFC 7252 table 4, RFC 7641, RFC 7959, RFC 8613)
const Definition g_definitions[] = {
    {IF_MATCH, "If-Match", 0, 8},
    {URI_HOST, "Uri-Host", 1, 255},
    {ETAG, "ETag", 1, 8},
    {IF_NONE_MATCH, "If-None-Match", 0, 0},
    {OBSERVE, "Observe", 0, 3},
    {URI_PORT, "Uri-Port", 0, 2},
    {OSCORE, "OSCORE", 0, 255},
    {LOCATION_PATH, "Location-Path", 0, 255},
    {URI_PATH, "Uri-Path", 0, 255},
    {CONTENT_FORMAT, "Content-Format", 0, 2},
    {MAX_AGE, "Max-Age", 0, 4},
    {URI_QUERY, "Uri-Query", 0, 255},
    {ACCEPT, "Accept", 0, 2},
    {LOCATION_QUERY, "Location-Query", 0, 255},
    {BLOCK2, "Block2", 0, 3},
    {BLOCK1, "Block1", 0, 3},
    {SIZE2, "Size2", 0, 4},
    {PROXY_URI, "Proxy-Uri", 1, 1034},
    {PROXY_SCHEME, "Proxy-Scheme", 1, 255},
    {SIZE1, "Size1", 0, 4},
};

/**
 * \param number an option number
 * \return its definition, or nullptr
 */
const Definition*
Find(uint16_t number)
{
    for (const auto& d : g_definitions)
    {
        if (d.number == number)
        {
            return &d;
        }
    }
    return nullptr;
}

} // namespace

bool
IsKnown(uint16_t number)
{
    return Find(number) != nullptr;
}

bool
IsValidLength(uint16_t number, std::size_t length)
{
    const Definition* d = Find(number);
    return d && length >= d->minLen && length <= d->maxLen;
}

std::string
Name(uint16_t number)
{
    const Definition* d = Find(number);
    return d ? std::string(d->name) : "Option" + std::to_string(number);
}

} // namespace CoapOption

namespace CoapCode
{

std::string
ToString(uint8_t code)
{
    std::ostringstream os;
    os << (code >> 5) << '.' << std::setw(2) << std::setfill('0') << (code & 0x1f);
    return os.str();
}

std::string
Name(uint8_t code)
{
    switch (code)
    {
    case GET:
        return "GET";
    case POST:
        return "POST";
    case PUT:
        return "PUT";
    case DELETE:
        return "DELETE";
    case FETCH:
        return "FETCH";
    default:
        return ToString(code);
    }
}

bool
FromString(const std::string& text, uint8_t& code)
{
    if (text == "GET")
    {
        code = GET;
        return true;
    }
    if (text == "POST")
    {
        code = POST;
        return true;
    }
    if (text == "PUT")
    {
        code = PUT;
        return true;
    }
    if (text == "DELETE")
    {
        code = DELETE;
        return true;
    }
    if (text.size() == 4 && text[1] == '.' && text[0] >= '0' && text[0] <= '7' &&
        std::isdigit(static_cast<unsigned char>(text[2])) &&
        std::isdigit(static_cast<unsigned char>(text[3])))
    {
        int detail = (text[2] - '0') * 10 + (text[3] - '0');
        if (detail <= 31)
        {
            code = Make(static_cast<uint8_t>(text[0] - '0'), static_cast<uint8_t>(detail));
            return true;
        }
    }
    return false;
}

} // namespace CoapCode

bool
CoapBlock::Decode(uint32_t value, CoapBlock& out)
{
    if (value > 0xffffff)
    {
        return false;
    }
    out.szx = static_cast<uint8_t>(value & 0x7);
    out.more = (value & 0x8) != 0;
    out.num = value >> 4;
    return out.szx != 7;
}

uint32_t
CoapBlock::Encode() const
{
    NS_ABORT_MSG_IF(szx > 6, "CoapBlock: SZX " << +szx << " is reserved");
    NS_ABORT_MSG_IF(num >= (1u << 20), "CoapBlock: NUM " << num << " does not fit 20 bits");
    return (num << 4) | (more ? 0x8 : 0) | szx;
}

uint8_t
CoapBlock::SzxForSize(uint32_t size)
{
    for (uint8_t szx = 0; szx <= 6; ++szx)
    {
        if ((1u << (szx + 4)) == size)
        {
            return szx;
        }
    }
    return 7;
}

CoapMessage::CoapMessage(Type type, uint8_t code, uint16_t messageId)
    : m_type(type),
      m_code(code),
      m_messageId(messageId)
{
}

namespace
{

/**
 * \param error the error output (may be null)
 * \param why the reason
 * \return false
 */
bool
Reject(std::string* error, const std::string& why)
{
    if (error)
    {
        *error = why;
    }
    return false;
}

} // namespace

bool
CoapMessage::PeekHeader(const uint8_t* data,
                        std::size_t len,
                        Type& type,
                        uint8_t& code,
                        uint16_t& messageId)
{
    if (!data || len < 4 || (data[0] >> 6) != 1)
    {
        return false;
    }
    type = static_cast<Type>((data[0] >> 4) & 0x3);
    code = data[1];
    messageId = static_cast<uint16_t>((data[2] << 8) | data[3]);
    return true;
}

bool
CoapMessage::Parse(const uint8_t* data, std::size_t len, CoapMessage& out, std::string* error)
{
    if (!data && len > 0)
    {
        return Reject(error, "null buffer");
    }
    if (len < 4)
    {
        return Reject(error,
                      "message shorter than the 4-byte header (" + std::to_string(len) + " bytes)");
    }
    uint8_t version = data[0] >> 6;
    if (version != 1)
    {
        return Reject(error, "unknown version " + std::to_string(version));
    }
    out = CoapMessage();
    out.m_type = static_cast<Type>((data[0] >> 4) & 0x3);
    std::size_t tkl = data[0] & 0xf;
    out.m_code = data[1];
    out.m_messageId = static_cast<uint16_t>((data[2] << 8) | data[3]);
    if (tkl > MAX_TOKEN_LENGTH)
    {
        return Reject(error, "token length " + std::to_string(tkl) + " is reserved");
    }
    std::size_t pos = 4;
    if (len - pos < tkl)
    {
        return Reject(error, "token runs past the end");
    }
    out.m_token.assign(data + pos, data + pos + tkl);
    pos += tkl;
    if (out.m_code == CoapCode::EMPTY && (tkl != 0 || len != 4))
    {
        return Reject(error, "Empty message (0.00) with token, options or payload");
    }
    uint32_t number = 0;
    while (pos < len)
    {
        uint8_t head = data[pos++];
        if (head == 0xff)
        {
            if (pos == len)
            {
                return Reject(error, "payload marker followed by no payload");
            }
            out.m_payload.assign(data + pos, data + len);
            return true;
        }
        uint32_t delta = head >> 4;
        uint32_t length = head & 0xf;
        if (delta == 15)
        {
            return Reject(error, "option delta nibble 15 outside the payload marker");
        }
        if (length == 15)
        {
            return Reject(error, "option length nibble 15 is reserved");
        }
        // Extended delta, then extended length (RFC 7252 section 3.1)
        for (uint32_t* field : {&delta, &length})
        {
            if (*field == 13)
            {
                if (pos >= len)
                {
                    return Reject(error, "extended option field runs past the end");
                }
                *field = 13u + data[pos++];
            }
            else if (*field == 14)
            {
                if (len - pos < 2)
                {
                    return Reject(error, "extended option field runs past the end");
                }
                *field = 269u + ((uint32_t{data[pos]} << 8) | data[pos + 1]);
                pos += 2;
            }
        }
        number += delta;
        if (number > 0xffff)
        {
            return Reject(error, "option number " + std::to_string(number) + " exceeds 65535");
        }
        if (len - pos < length)
        {
            return Reject(error,
                          "value of option " + std::to_string(number) + " runs past the end");
        }
        Option o;
        o.number = static_cast<uint16_t>(number);
        o.value.assign(data + pos, data + pos + length);
        out.m_options.push_back(std::move(o));
        pos += length;
    }
    return true;
}

void
CoapMessage::SerializeTo(std::vector<uint8_t>& out) const
{
    NS_ABORT_MSG_IF(m_token.size() > MAX_TOKEN_LENGTH, "CoapMessage: token too long");
    out.push_back(static_cast<uint8_t>(0x40 | (m_type << 4) | m_token.size()));
    out.push_back(m_code);
    out.push_back(static_cast<uint8_t>(m_messageId >> 8));
    out.push_back(static_cast<uint8_t>(m_messageId & 0xff));
    out.insert(out.end(), m_token.begin(), m_token.end());
    uint32_t previous = 0;
    for (const Option& o : m_options)
    {
        uint32_t delta = o.number - previous;
        uint32_t length = static_cast<uint32_t>(o.value.size());
        NS_ABORT_MSG_IF(length > 65535 + 269, "CoapMessage: option value too long");
        auto nibble = [](uint32_t v) -> uint8_t { return v < 13 ? v : (v < 269 ? 13 : 14); };
        out.push_back(static_cast<uint8_t>((nibble(delta) << 4) | nibble(length)));
        for (uint32_t v : {delta, length})
        {
            if (v >= 269)
            {
                out.push_back(static_cast<uint8_t>((v - 269) >> 8));
                out.push_back(static_cast<uint8_t>((v - 269) & 0xff));
            }
            else if (v >= 13)
            {
                out.push_back(static_cast<uint8_t>(v - 13));
            }
        }
        out.insert(out.end(), o.value.begin(), o.value.end());
        previous = o.number;
    }
    if (!m_payload.empty())
    {
        out.push_back(0xff);
        out.insert(out.end(), m_payload.begin(), m_payload.end());
    }
}

std::vector<uint8_t>
CoapMessage::Serialize() const
{
    std::vector<uint8_t> out;
    out.reserve(GetSerializedSize());
    SerializeTo(out);
    return out;
}

std::size_t
CoapMessage::GetSerializedSize() const
{
    std::size_t size = 4 + m_token.size();
    uint32_t previous = 0;
    for (const Option& o : m_options)
    {
        size += 1 + o.value.size();
        for (uint32_t v :
             {static_cast<uint32_t>(o.number - previous), static_cast<uint32_t>(o.value.size())})
        {
            size += v >= 269 ? 2 : (v >= 13 ? 1 : 0);
        }
        previous = o.number;
    }
    if (!m_payload.empty())
    {
        size += 1 + m_payload.size();
    }
    return size;
}

void
CoapMessage::SetToken(const std::vector<uint8_t>& token)
{
    NS_ABORT_MSG_IF(token.size() > MAX_TOKEN_LENGTH,
                    "CoapMessage::SetToken: " << token.size() << " bytes (at most 8)");
    m_token = token;
}

void
CoapMessage::AddOption(uint16_t number, const std::vector<uint8_t>& value)
{
    auto it = std::upper_bound(m_options.begin(),
                               m_options.end(),
                               number,
                               [](uint16_t n, const Option& o) { return n < o.number; });
    m_options.insert(it, Option{number, value});
}

void
CoapMessage::AddOption(uint16_t number, const std::string& value)
{
    AddOption(number, std::vector<uint8_t>(value.begin(), value.end()));
}

void
CoapMessage::AddUintOption(uint16_t number, uint32_t value)
{
    AddOption(number, EncodeUint(value));
}

void
CoapMessage::RemoveOption(uint16_t number)
{
    m_options.erase(std::remove_if(m_options.begin(),
                                   m_options.end(),
                                   [number](const Option& o) { return o.number == number; }),
                    m_options.end());
}

bool
CoapMessage::HasOption(uint16_t number) const
{
    return GetOption(number) != nullptr;
}

const std::vector<uint8_t>*
CoapMessage::GetOption(uint16_t number) const
{
    for (const Option& o : m_options)
    {
        if (o.number == number)
        {
            return &o.value;
        }
    }
    return nullptr;
}

std::vector<std::vector<uint8_t>>
CoapMessage::GetOptionValues(uint16_t number) const
{
    std::vector<std::vector<uint8_t>> values;
    for (const Option& o : m_options)
    {
        if (o.number == number)
        {
            values.push_back(o.value);
        }
    }
    return values;
}

std::vector<uint8_t>
CoapMessage::EncodeUint(uint32_t uint)
{
    std::vector<uint8_t> out;
    for (int shift = 24; shift >= 0; shift -= 8)
    {
        uint8_t b = static_cast<uint8_t>(uint >> shift);
        if (!out.empty() || b != 0)
        {
            out.push_back(b);
        }
    }
    return out;
}

bool
CoapMessage::DecodeUint(const std::vector<uint8_t>& value, uint32_t& out)
{
    if (value.size() > 4)
    {
        return false;
    }
    out = 0;
    for (uint8_t b : value)
    {
        out = (out << 8) | b;
    }
    return true;
}

std::optional<uint32_t>
CoapMessage::GetUintOption(uint16_t number) const
{
    const std::vector<uint8_t>* v = GetOption(number);
    uint32_t value;
    if (!v || !DecodeUint(*v, value))
    {
        return std::nullopt;
    }
    return value;
}

void
CoapMessage::SetUintOption(uint16_t number, uint32_t value)
{
    RemoveOption(number);
    AddUintOption(number, value);
}

namespace
{

/**
 * \param values string option values
 * \return them joined as "/a/b"
 */
std::string
JoinPath(const std::vector<std::vector<uint8_t>>& values)
{
    std::string path;
    for (const auto& v : values)
    {
        path += '/';
        path.append(v.begin(), v.end());
    }
    return path;
}

/**
 * \param text "a/b/c" (no leading '/')
 * \param sep the separator
 * \return the segments
 */
std::vector<std::string>
Split(const std::string& text, char sep)
{
    std::vector<std::string> parts;
    std::string current;
    for (char c : text)
    {
        if (c == sep)
        {
            parts.push_back(current);
            current.clear();
        }
        else
        {
            current += c;
        }
    }
    parts.push_back(current);
    return parts;
}

} // namespace

std::string
CoapMessage::GetUriPath() const
{
    std::string path = JoinPath(GetOptionValues(CoapOption::URI_PATH));
    return path.empty() ? "/" : path;
}

void
CoapMessage::SetUriPath(const std::string& full)
{
    RemoveOption(CoapOption::URI_PATH);
    RemoveOption(CoapOption::URI_QUERY);
    std::string path = full;
    std::string query;
    std::size_t q = path.find('?');
    if (q != std::string::npos)
    {
        query = path.substr(q + 1);
        path = path.substr(0, q);
    }
    if (!path.empty() && path[0] == '/')
    {
        path = path.substr(1);
    }
    if (!path.empty())
    {
        for (const std::string& segment : Split(path, '/'))
        {
            AddOption(CoapOption::URI_PATH, segment);
        }
    }
    if (!query.empty())
    {
        for (const std::string& arg : Split(query, '&'))
        {
            AddOption(CoapOption::URI_QUERY, arg);
        }
    }
}

std::vector<std::string>
CoapMessage::GetUriQueries() const
{
    std::vector<std::string> out;
    for (const auto& v : GetOptionValues(CoapOption::URI_QUERY))
    {
        out.emplace_back(v.begin(), v.end());
    }
    return out;
}

std::string
CoapMessage::GetUriHost() const
{
    const std::vector<uint8_t>* v = GetOption(CoapOption::URI_HOST);
    return v ? std::string(v->begin(), v->end()) : std::string();
}

void
CoapMessage::SetUriHost(const std::string& host)
{
    RemoveOption(CoapOption::URI_HOST);
    AddOption(CoapOption::URI_HOST, host);
}

std::optional<std::vector<uint8_t>>
CoapMessage::GetETag() const
{
    const std::vector<uint8_t>* v = GetOption(CoapOption::ETAG);
    if (!v)
    {
        return std::nullopt;
    }
    return *v;
}

void
CoapMessage::SetETag(const std::vector<uint8_t>& etag)
{
    RemoveOption(CoapOption::ETAG);
    AddOption(CoapOption::ETAG, etag);
}

std::string
CoapMessage::GetLocationPath() const
{
    return JoinPath(GetOptionValues(CoapOption::LOCATION_PATH));
}

void
CoapMessage::SetLocationPath(const std::string& full)
{
    RemoveOption(CoapOption::LOCATION_PATH);
    std::string path = (!full.empty() && full[0] == '/') ? full.substr(1) : full;
    if (!path.empty())
    {
        for (const std::string& segment : Split(path, '/'))
        {
            AddOption(CoapOption::LOCATION_PATH, segment);
        }
    }
}

std::string
CoapMessage::GetProxyUri() const
{
    const std::vector<uint8_t>* v = GetOption(CoapOption::PROXY_URI);
    return v ? std::string(v->begin(), v->end()) : std::string();
}

void
CoapMessage::SetProxyUri(const std::string& uri)
{
    RemoveOption(CoapOption::PROXY_URI);
    AddOption(CoapOption::PROXY_URI, uri);
}

std::optional<CoapBlock>
CoapMessage::GetBlock(uint16_t number) const
{
    const std::vector<uint8_t>* v = GetOption(number);
    uint32_t value;
    CoapBlock block;
    if (!v || v->size() > 3 || !DecodeUint(*v, value) || !CoapBlock::Decode(value, block))
    {
        return std::nullopt;
    }
    return block;
}

std::optional<uint16_t>
CoapMessage::FindUnrecognizedOption(bool criticalOnly) const
{
    for (const Option& o : m_options)
    {
        bool recognized =
            CoapOption::IsKnown(o.number) && CoapOption::IsValidLength(o.number, o.value.size());
        if (o.number == CoapOption::BLOCK1 || o.number == CoapOption::BLOCK2)
        {
            recognized = recognized && GetBlock(o.number).has_value();
        }
        if (!recognized && (!criticalOnly || CoapOption::IsCritical(o.number)))
        {
            return o.number;
        }
    }
    return std::nullopt;
}

bool
CoapMessage::operator==(const CoapMessage& other) const
{
    return m_type == other.m_type && m_code == other.m_code && m_messageId == other.m_messageId &&
           m_token == other.m_token && m_options == other.m_options && m_payload == other.m_payload;
}

void
CoapMessage::Print(std::ostream& os) const
{
    static const char* types[] = {"CON", "NON", "ACK", "RST"};
    os << types[m_type & 3] << ' ' << CoapCode::ToString(m_code) << " mid=" << m_messageId;
    if (!m_token.empty())
    {
        os << " tok=" << HexEncode(m_token);
    }
    if (IsRequest())
    {
        os << ' ' << GetUriPath();
    }
    for (const Option& o : m_options)
    {
        if (o.number == CoapOption::URI_PATH)
        {
            continue;
        }
        os << ' ' << CoapOption::Name(o.number);
        uint32_t v;
        if (o.number == CoapOption::BLOCK1 || o.number == CoapOption::BLOCK2)
        {
            auto b = GetBlock(o.number);
            if (b)
            {
                os << '=' << b->num << '/' << b->more << '/' << b->GetSize();
            }
        }
        else if (o.number != CoapOption::URI_QUERY && o.number != CoapOption::URI_HOST &&
                 o.number != CoapOption::LOCATION_PATH && DecodeUint(o.value, v))
        {
            os << '=' << v;
        }
    }
    if (!m_payload.empty())
    {
        os << " payload=" << m_payload.size() << "B";
    }
}

std::ostream&
operator<<(std::ostream& os, const CoapMessage& m)
{
    m.Print(os);
    return os;
}

} // namespace ns3
