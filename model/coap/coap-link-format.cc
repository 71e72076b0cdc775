/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "coap-link-format.h"

#include "ns3/log.h"

#include <cctype>
#include <cstdlib>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoapLinkFormat");

std::optional<std::string>
CoapLink::Get(const std::string& name) const
{
    for (const CoapLinkAttribute& a : attributes)
    {
        if (a.name == name)
        {
            return a.value;
        }
    }
    return std::nullopt;
}

bool
CoapLink::Has(const std::string& name) const
{
    return Get(name).has_value();
}

CoapLink&
CoapLink::Add(const std::string& name, const std::string& value)
{
    CoapLinkAttribute a;
    a.name = name;
    a.value = value;
    a.hasValue = true;
    bool alwaysQuoted = name == "rt" || name == "if" || name == "title" || name == "anchor" ||
                        name == "rel" || name == "rev";
    bool ptoken = !value.empty();
    for (char c : value)
    {
        ptoken = ptoken && CoapLinkFormat::IsPtokenChar(c);
    }
    a.quoted = alwaysQuoted || !ptoken;
    attributes.push_back(a);
    return *this;
}

CoapLink&
CoapLink::AddFlag(const std::string& name)
{
    CoapLinkAttribute a;
    a.name = name;
    a.hasValue = false;
    attributes.push_back(a);
    return *this;
}

std::vector<uint32_t>
CoapLink::GetContentFormats() const
{
    std::vector<uint32_t> formats;
    for (const CoapLinkAttribute& a : attributes)
    {
        if (a.name != "ct")
        {
            continue;
        }
        std::string current;
        for (std::size_t i = 0; i <= a.value.size(); ++i)
        {
            if (i == a.value.size() || a.value[i] == ' ')
            {
                if (!current.empty() && current.size() <= 5)
                {
                    bool digits = true;
                    for (char c : current)
                    {
                        digits = digits && std::isdigit(static_cast<unsigned char>(c));
                    }
                    if (digits)
                    {
                        formats.push_back(
                            static_cast<uint32_t>(std::strtoul(current.c_str(), nullptr, 10)));
                    }
                }
                current.clear();
            }
            else
            {
                current += a.value[i];
            }
        }
    }
    return formats;
}

bool
CoapLinkFormat::IsPtokenChar(char c)
{
    if (std::isalnum(static_cast<unsigned char>(c)))
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
    case '(':
    case ')':
    case '*':
    case '+':
    case '-':
    case '.':
    case '/':
    case ':':
    case '<':
    case '=':
    case '>':
    case '?':
    case '@':
    case '[':
    case ']':
    case '^':
    case '_':
    case '`':
    case '{':
    case '|':
    case '}':
    case '~':
        return true;
    default:
        return false;
    }
}

namespace
{

/**
 * \param c a character
 * \return true if it may appear in a parameter name (RFC 5988 parmname, plus '*')
 */
bool
IsNameChar(char c)
{
    if (std::isalnum(static_cast<unsigned char>(c)))
    {
        return true;
    }
    switch (c)
    {
    case '!':
    case '#':
    case '$':
    case '&':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
    case '*':
        return true;
    default:
        return false;
    }
}

/// A cursor over the document
struct Cursor
{
    const std::string& text; //!< the document
    std::size_t pos;         //!< current position

    /// \return true at the end
    bool End() const
    {
        return pos >= text.size();
    }

    /// \return the current character (0 at the end)
    char Peek() const
    {
        return End() ? '\0' : text[pos];
    }

    /// Skip spaces, tabs and line breaks
    void SkipSpace()
    {
        while (!End() &&
               (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\r' || text[pos] == '\n'))
        {
            ++pos;
        }
    }
};

/**
 * \param error the error output (may be null)
 * \param why the reason
 * \param pos the offset
 * \return false
 */
bool
Fail(std::string* error, const std::string& why, std::size_t pos)
{
    if (error)
    {
        *error = why + " at offset " + std::to_string(pos);
    }
    return false;
}

} // namespace

bool
CoapLinkFormat::Parse(const std::string& text, std::vector<CoapLink>& out, std::string* error)
{
    out.clear();
    Cursor c{text, 0};
    c.SkipSpace();
    if (c.End())
    {
        return true; // an empty link-value-list
    }
    while (true)
    {
        c.SkipSpace();
        if (c.Peek() != '<')
        {
            return Fail(error, "expected '<' starting a link", c.pos);
        }
        ++c.pos;
        std::size_t close = text.find('>', c.pos);
        if (close == std::string::npos)
        {
            return Fail(error, "link target without '>'", c.pos);
        }
        CoapLink link;
        link.target = text.substr(c.pos, close - c.pos);
        for (char ch : link.target)
        {
            if (ch == '<' || ch == '"' || ch == ' ' || static_cast<unsigned char>(ch) < 0x21 ||
                static_cast<unsigned char>(ch) > 0x7e)
            {
                return Fail(error, "invalid character in link target", c.pos);
            }
        }
        c.pos = close + 1;
        while (true)
        {
            c.SkipSpace();
            if (c.Peek() != ';')
            {
                break;
            }
            ++c.pos;
            c.SkipSpace();
            CoapLinkAttribute a;
            std::size_t start = c.pos;
            while (!c.End() && IsNameChar(c.Peek()))
            {
                ++c.pos;
            }
            a.name = text.substr(start, c.pos - start);
            if (a.name.empty())
            {
                return Fail(error, "empty or malformed parameter name", c.pos);
            }
            if (c.Peek() == '=')
            {
                ++c.pos;
                if (c.Peek() == '"')
                {
                    a.quoted = true;
                    ++c.pos;
                    bool closed = false;
                    while (!c.End())
                    {
                        char ch = text[c.pos++];
                        if (ch == '"')
                        {
                            closed = true;
                            break;
                        }
                        if (ch == '\\')
                        {
                            if (c.End())
                            {
                                break;
                            }
                            ch = text[c.pos++];
                        }
                        a.value += ch;
                    }
                    if (!closed)
                    {
                        return Fail(error, "unterminated quoted-string", c.pos);
                    }
                }
                else
                {
                    start = c.pos;
                    while (!c.End() && IsPtokenChar(c.Peek()))
                    {
                        ++c.pos;
                    }
                    a.value = text.substr(start, c.pos - start);
                    if (a.value.empty())
                    {
                        return Fail(error, "empty parameter value", c.pos);
                    }
                }
            }
            else
            {
                a.hasValue = false;
            }
            link.attributes.push_back(a);
        }
        out.push_back(link);
        c.SkipSpace();
        if (c.End())
        {
            return true;
        }
        if (c.Peek() != ',')
        {
            return Fail(error, "expected ',' or ';'", c.pos);
        }
        ++c.pos;
    }
}

std::string
CoapLinkFormat::Serialize(const std::vector<CoapLink>& links)
{
    std::string out;
    for (std::size_t i = 0; i < links.size(); ++i)
    {
        if (i > 0)
        {
            out += ',';
        }
        out += '<';
        out += links[i].target;
        out += '>';
        for (const CoapLinkAttribute& a : links[i].attributes)
        {
            out += ';';
            out += a.name;
            if (!a.hasValue)
            {
                continue;
            }
            out += '=';
            bool quote = a.quoted || a.value.empty();
            for (char ch : a.value)
            {
                quote = quote || !IsPtokenChar(ch);
            }
            if (!quote)
            {
                out += a.value;
                continue;
            }
            out += '"';
            for (char ch : a.value)
            {
                if (ch == '"' || ch == '\\')
                {
                    out += '\\';
                }
                out += ch;
            }
            out += '"';
        }
    }
    return out;
}

} // namespace ns3
