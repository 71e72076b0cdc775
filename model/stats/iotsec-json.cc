/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "iotsec-json.h"

#include "ns3/abort.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace ns3
{

namespace
{

/**
 * \param v a finite double
 * \return the shortest decimal form that reads back as exactly v, with a ".0" added to
 * integral values so that they stay recognisably floating point
 */
std::string
ShortestDecimal(double v)
{
    char buf[64];
#if defined(__cpp_lib_to_chars) && __cpp_lib_to_chars >= 201611L
    auto res = std::to_chars(buf, buf + sizeof(buf), v);
    std::string s(buf, res.ptr);
#else
    std::string s;
    for (int precision = 1; precision <= 17; ++precision)
    {
        std::snprintf(buf, sizeof(buf), "%.*g", precision, v);
        if (std::strtod(buf, nullptr) == v)
        {
            break;
        }
    }
    s = buf;
#endif
    if (s.find_first_of(".eE") == std::string::npos)
    {
        s += ".0";
    }
    return s;
}

} // namespace

JsonValue::JsonValue()
    : m_type(NUL)
{
}

JsonValue::JsonValue(bool value)
    : m_type(BOOL),
      m_bool(value)
{
}

JsonValue::JsonValue(double value)
    : m_type(NUMBER),
      m_number(value)
{
}

JsonValue::JsonValue(const std::string& value)
    : m_type(STRING),
      m_string(value)
{
}

JsonValue::JsonValue(const char* value)
    : m_type(STRING),
      m_string(value)
{
}

JsonValue
JsonValue::Array()
{
    JsonValue v;
    v.m_type = ARRAY;
    return v;
}

JsonValue
JsonValue::Object()
{
    JsonValue v;
    v.m_type = OBJECT;
    return v;
}

JsonValue::Type
JsonValue::GetType() const
{
    return m_type;
}

bool
JsonValue::IsNull() const
{
    return m_type == NUL;
}

bool
JsonValue::IsNumeric() const
{
    return m_type == INTEGER || m_type == NUMBER;
}

bool
JsonValue::AsBool() const
{
    NS_ABORT_MSG_UNLESS(m_type == BOOL, "JsonValue is not a bool");
    return m_bool;
}

int64_t
JsonValue::AsInteger() const
{
    NS_ABORT_MSG_UNLESS(m_type == INTEGER, "JsonValue is not an integer");
    return m_integer;
}

double
JsonValue::AsDouble() const
{
    NS_ABORT_MSG_UNLESS(IsNumeric(), "JsonValue is not a number");
    return m_type == INTEGER ? static_cast<double>(m_integer) : m_number;
}

const std::string&
JsonValue::AsString() const
{
    NS_ABORT_MSG_UNLESS(m_type == STRING, "JsonValue is not a string");
    return m_string;
}

JsonValue&
JsonValue::Append(JsonValue value)
{
    NS_ABORT_MSG_UNLESS(m_type == ARRAY, "JsonValue::Append on a non-array");
    m_array.push_back(std::move(value));
    return *this;
}

std::size_t
JsonValue::Size() const
{
    if (m_type == ARRAY)
    {
        return m_array.size();
    }
    if (m_type == OBJECT)
    {
        return m_object.size();
    }
    return 0;
}

const JsonValue&
JsonValue::At(std::size_t i) const
{
    NS_ABORT_MSG_UNLESS(m_type == ARRAY && i < m_array.size(), "JsonValue::At out of range");
    return m_array[i];
}

JsonValue&
JsonValue::Set(const std::string& key, JsonValue value)
{
    NS_ABORT_MSG_UNLESS(m_type == OBJECT, "JsonValue::Set on a non-object");
    for (auto& member : m_object)
    {
        if (member.first == key)
        {
            member.second = std::move(value);
            return *this;
        }
    }
    m_object.emplace_back(key, std::move(value));
    return *this;
}

bool
JsonValue::Has(const std::string& key) const
{
    if (m_type != OBJECT)
    {
        return false;
    }
    for (const auto& member : m_object)
    {
        if (member.first == key)
        {
            return true;
        }
    }
    return false;
}

const JsonValue&
JsonValue::Get(const std::string& key) const
{
    NS_ABORT_MSG_UNLESS(m_type == OBJECT, "JsonValue::Get on a non-object");
    for (const auto& member : m_object)
    {
        if (member.first == key)
        {
            return member.second;
        }
    }
    NS_FATAL_ERROR("JsonValue::Get: no member '" << key << "'");
}

std::vector<std::string>
JsonValue::Keys() const
{
    std::vector<std::string> keys;
    for (const auto& member : m_object)
    {
        keys.push_back(member.first);
    }
    return keys;
}

std::string
JsonValue::Quote(const std::string& s)
{
    std::string out = "\"";
    for (unsigned char c : s)
    {
        switch (c)
        {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            if (c < 0x20)
            {
                char buf[8];
                std::snprintf(buf, sizeof(buf), "\\u%04x", c);
                out += buf;
            }
            else
            {
                out += static_cast<char>(c);
            }
        }
    }
    out += '"';
    return out;
}

std::string
JsonValue::Dump(int indent) const
{
    std::string out;
    DumpTo(out, indent, 0);
    return out;
}

void
JsonValue::DumpTo(std::string& out, int indent, int level) const
{
    auto newline = [&](int lvl) {
        if (indent >= 0)
        {
            out += '\n';
            out.append(static_cast<std::size_t>(indent * lvl), ' ');
        }
    };
    switch (m_type)
    {
    case NUL:
        out += "null";
        break;
    case BOOL:
        out += m_bool ? "true" : "false";
        break;
    case INTEGER:
        out += std::to_string(m_integer);
        break;
    case NUMBER:
        if (!std::isfinite(m_number))
        {
            out += "null";
        }
        else
        {
            out += ShortestDecimal(m_number);
        }
        break;
    case STRING:
        out += Quote(m_string);
        break;
    case ARRAY:
        out += '[';
        for (std::size_t i = 0; i < m_array.size(); ++i)
        {
            if (i > 0)
            {
                out += indent >= 0 ? "," : ", ";
            }
            newline(level + 1);
            m_array[i].DumpTo(out, indent, level + 1);
        }
        if (!m_array.empty())
        {
            newline(level);
        }
        out += ']';
        break;
    case OBJECT:
        out += '{';
        for (std::size_t i = 0; i < m_object.size(); ++i)
        {
            if (i > 0)
            {
                out += indent >= 0 ? "," : ", ";
            }
            newline(level + 1);
            out += Quote(m_object[i].first);
            out += ": ";
            m_object[i].second.DumpTo(out, indent, level + 1);
        }
        if (!m_object.empty())
        {
            newline(level);
        }
        out += '}';
        break;
    }
}

namespace
{

/// Recursive-descent JSON parser (RFC 8259).
class JsonParser
{
  public:
    /// \param text the text to parse
    explicit JsonParser(const std::string& text)
        : m_text(text)
    {
    }

    /**
     * \param[out] out the value
     * \param[out] error description of the first error
     * \return true on success
     */
    bool Run(JsonValue& out, std::string& error)
    {
        if (!ParseValue(out, 0))
        {
            error = m_error;
            return false;
        }
        SkipSpace();
        if (m_pos != m_text.size())
        {
            error = "trailing characters at offset " + std::to_string(m_pos);
            return false;
        }
        return true;
    }

  private:
    static constexpr int kMaxDepth = 256; //!< nesting limit

    /// Skip JSON whitespace.
    void SkipSpace()
    {
        while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' ||
                                         m_text[m_pos] == '\n' || m_text[m_pos] == '\r'))
        {
            ++m_pos;
        }
    }

    /**
     * \param what description
     * \return false
     */
    bool Fail(const std::string& what)
    {
        m_error = what + " at offset " + std::to_string(m_pos);
        return false;
    }

    /**
     * \param word literal to match
     * \return true if it matched (and was consumed)
     */
    bool Literal(const char* word)
    {
        std::size_t n = std::strlen(word);
        if (m_text.compare(m_pos, n, word) == 0)
        {
            m_pos += n;
            return true;
        }
        return false;
    }

    /**
     * \param[out] out value
     * \param depth nesting depth
     * \return success
     */
    bool ParseValue(JsonValue& out, int depth)
    {
        if (depth > kMaxDepth)
        {
            return Fail("nesting too deep");
        }
        SkipSpace();
        if (m_pos >= m_text.size())
        {
            return Fail("unexpected end of input");
        }
        char c = m_text[m_pos];
        if (c == '{')
        {
            return ParseObject(out, depth);
        }
        if (c == '[')
        {
            return ParseArray(out, depth);
        }
        if (c == '"')
        {
            std::string s;
            if (!ParseString(s))
            {
                return false;
            }
            out = JsonValue(s);
            return true;
        }
        if (Literal("true"))
        {
            out = JsonValue(true);
            return true;
        }
        if (Literal("false"))
        {
            out = JsonValue(false);
            return true;
        }
        if (Literal("null"))
        {
            out = JsonValue();
            return true;
        }
        if (c == '-' || (c >= '0' && c <= '9'))
        {
            return ParseNumber(out);
        }
        return Fail(std::string("unexpected character '") + c + "'");
    }

    /**
     * \param[out] out value
     * \param depth nesting depth
     * \return success
     */
    bool ParseObject(JsonValue& out, int depth)
    {
        ++m_pos; // '{'
        out = JsonValue::Object();
        SkipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == '}')
        {
            ++m_pos;
            return true;
        }
        while (true)
        {
            SkipSpace();
            if (m_pos >= m_text.size() || m_text[m_pos] != '"')
            {
                return Fail("expected a string key");
            }
            std::string key;
            if (!ParseString(key))
            {
                return false;
            }
            SkipSpace();
            if (m_pos >= m_text.size() || m_text[m_pos] != ':')
            {
                return Fail("expected ':'");
            }
            ++m_pos;
            JsonValue member;
            if (!ParseValue(member, depth + 1))
            {
                return false;
            }
            out.Set(key, std::move(member));
            SkipSpace();
            if (m_pos < m_text.size() && m_text[m_pos] == ',')
            {
                ++m_pos;
                continue;
            }
            if (m_pos < m_text.size() && m_text[m_pos] == '}')
            {
                ++m_pos;
                return true;
            }
            return Fail("expected ',' or '}'");
        }
    }

    /**
     * \param[out] out value
     * \param depth nesting depth
     * \return success
     */
    bool ParseArray(JsonValue& out, int depth)
    {
        ++m_pos; // '['
        out = JsonValue::Array();
        SkipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == ']')
        {
            ++m_pos;
            return true;
        }
        while (true)
        {
            JsonValue element;
            if (!ParseValue(element, depth + 1))
            {
                return false;
            }
            out.Append(std::move(element));
            SkipSpace();
            if (m_pos < m_text.size() && m_text[m_pos] == ',')
            {
                ++m_pos;
                continue;
            }
            if (m_pos < m_text.size() && m_text[m_pos] == ']')
            {
                ++m_pos;
                return true;
            }
            return Fail("expected ',' or ']'");
        }
    }

    /**
     * \param cp code point
     * \param out UTF-8 output
     */
    static void AppendUtf8(uint32_t cp, std::string& out)
    {
        if (cp < 0x80)
        {
            out += static_cast<char>(cp);
        }
        else if (cp < 0x800)
        {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
        else if (cp < 0x10000)
        {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
        else
        {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    /**
     * \param[out] cp four hex digits read at the current position
     * \return success
     */
    bool ParseHex4(uint32_t& cp)
    {
        if (m_pos + 4 > m_text.size())
        {
            return Fail("truncated \\u escape");
        }
        cp = 0;
        for (int i = 0; i < 4; ++i)
        {
            char h = m_text[m_pos++];
            cp <<= 4;
            if (h >= '0' && h <= '9')
            {
                cp |= static_cast<uint32_t>(h - '0');
            }
            else if (h >= 'a' && h <= 'f')
            {
                cp |= static_cast<uint32_t>(h - 'a' + 10);
            }
            else if (h >= 'A' && h <= 'F')
            {
                cp |= static_cast<uint32_t>(h - 'A' + 10);
            }
            else
            {
                return Fail("bad hex digit in \\u escape");
            }
        }
        return true;
    }

    /**
     * \param[out] out string
     * \return success
     */
    bool ParseString(std::string& out)
    {
        ++m_pos; // '"'
        while (m_pos < m_text.size())
        {
            unsigned char c = static_cast<unsigned char>(m_text[m_pos++]);
            if (c == '"')
            {
                return true;
            }
            if (c < 0x20)
            {
                return Fail("control character in string");
            }
            if (c != '\\')
            {
                out += static_cast<char>(c);
                continue;
            }
            if (m_pos >= m_text.size())
            {
                break;
            }
            char e = m_text[m_pos++];
            switch (e)
            {
            case '"':
            case '\\':
            case '/':
                out += e;
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                uint32_t cp = 0;
                if (!ParseHex4(cp))
                {
                    return false;
                }
                if (cp >= 0xD800 && cp <= 0xDBFF)
                {
                    uint32_t low = 0;
                    if (m_text.compare(m_pos, 2, "\\u") != 0)
                    {
                        return Fail("unpaired surrogate");
                    }
                    m_pos += 2;
                    if (!ParseHex4(low) || low < 0xDC00 || low > 0xDFFF)
                    {
                        return Fail("bad low surrogate");
                    }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                }
                else if (cp >= 0xDC00 && cp <= 0xDFFF)
                {
                    return Fail("unpaired surrogate");
                }
                AppendUtf8(cp, out);
                break;
            }
            default:
                return Fail("bad escape");
            }
        }
        return Fail("unterminated string");
    }

    /**
     * \param[out] out number
     * \return success
     */
    bool ParseNumber(JsonValue& out)
    {
        std::size_t start = m_pos;
        bool isInteger = true;
        if (m_text[m_pos] == '-')
        {
            ++m_pos;
        }
        auto digits = [&]() {
            std::size_t n = 0;
            while (m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9')
            {
                ++m_pos;
                ++n;
            }
            return n;
        };
        std::size_t intStart = m_pos;
        std::size_t nInt = digits();
        if (nInt == 0 || (nInt > 1 && m_text[intStart] == '0'))
        {
            return Fail("bad number");
        }
        if (m_pos < m_text.size() && m_text[m_pos] == '.')
        {
            ++m_pos;
            isInteger = false;
            if (digits() == 0)
            {
                return Fail("bad fraction");
            }
        }
        if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E'))
        {
            ++m_pos;
            isInteger = false;
            if (m_pos < m_text.size() && (m_text[m_pos] == '+' || m_text[m_pos] == '-'))
            {
                ++m_pos;
            }
            if (digits() == 0)
            {
                return Fail("bad exponent");
            }
        }
        std::string token = m_text.substr(start, m_pos - start);
        if (isInteger)
        {
            errno = 0;
            long long v = std::strtoll(token.c_str(), nullptr, 10);
            if (errno == 0)
            {
                out = JsonValue(static_cast<int64_t>(v));
                return true;
            }
        }
        out = JsonValue(std::strtod(token.c_str(), nullptr));
        return true;
    }

    const std::string& m_text; //!< input
    std::size_t m_pos{0};      //!< read position
    std::string m_error;       //!< first error
};

} // namespace

bool
JsonValue::Parse(const std::string& text, JsonValue& out, std::string* error)
{
    JsonParser parser(text);
    std::string message;
    JsonValue value;
    if (!parser.Run(value, message))
    {
        if (error != nullptr)
        {
            *error = message;
        }
        return false;
    }
    out = std::move(value);
    return true;
}

} // namespace ns3
