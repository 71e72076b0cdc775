/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_COAP_LINK_FORMAT_H
#define IOTSEC_COAP_LINK_FORMAT_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief One target attribute of a link (RFC 6690 section 3): `name`, `name=value` or
 * `name="value"`.
 */
struct CoapLinkAttribute
{
    std::string name;    //!< parameter name (for example "rt")
    std::string value;   //!< value, unescaped
    bool hasValue{true}; //!< false for a flag such as `obs`
    bool quoted{false};  //!< the value is written as a quoted-string

    /// \param o another attribute \return true if equal
    bool operator==(const CoapLinkAttribute& o) const
    {
        return name == o.name && value == o.value && hasValue == o.hasValue && quoted == o.quoted;
    }
};

/**
 * \ingroup iotsec
 * \brief One link of a CoRE Link Format document: `<target>;attr;attr=value`.
 */
struct CoapLink
{
    std::string target;                        //!< the URI-reference between < and >
    std::vector<CoapLinkAttribute> attributes; //!< attributes in order

    /**
     * \param name an attribute name
     * \return the value of its first occurrence ("" for a flag), or nothing
     */
    std::optional<std::string> Get(const std::string& name) const;

    /// \param name an attribute name \return true if present
    bool Has(const std::string& name) const;

    /**
     * \brief Append an attribute with a value. rt, if, title, anchor, rel and rev are written
     * quoted (RFC 6690 relation-types and quoted-string), others quoted only when the value is
     * not a ptoken.
     * \param name the name
     * \param value the value
     * \return this link
     */
    CoapLink& Add(const std::string& name, const std::string& value);

    /**
     * \brief Append a flag attribute (no value), for example `obs`.
     * \param name the name
     * \return this link
     */
    CoapLink& AddFlag(const std::string& name);

    /// \return the ct values (a space-separated list in RFC 7252 section 7.2.1)
    std::vector<uint32_t> GetContentFormats() const;

    /// \param o another link \return true if equal
    bool operator==(const CoapLink& o) const
    {
        return target == o.target && attributes == o.attributes;
    }
};

/**
 * \ingroup iotsec
 * \brief Parser and serializer of the CoRE Link Format (RFC 6690, application/link-format).
 */
class CoapLinkFormat
{
  public:
    /// Content-Format of application/link-format
    static constexpr uint16_t CONTENT_FORMAT = 40;

    /**
     * \brief Parse a link-format document. Total: never asserts on any input.
     *
     * Whitespace after a comma or around a semicolon is accepted (documents in the RFCs are
     * wrapped for print). Rejected: a link that does not start with '<', a target without
     * '>', an empty or malformed parameter name, an unterminated quoted-string, a value with
     * characters outside ptoken, and trailing garbage.
     * \param text the document
     * \param[out] out the links
     * \param[out] error if non-null, why the text was rejected
     * \return true if the text is well-formed
     */
    static bool Parse(const std::string& text, std::vector<CoapLink>& out, std::string* error);

    /**
     * \brief Serialize links exactly, with no whitespace: `</a>;ct=20,</b>;ct=21`.
     * \param links the links
     * \return the document
     */
    static std::string Serialize(const std::vector<CoapLink>& links);

    /**
     * \param c a character
     * \return true if it may appear in an unquoted parameter value (RFC 6690 ptokenchar)
     */
    static bool IsPtokenChar(char c);
};

} // namespace ns3

#endif /* IOTSEC_COAP_LINK_FORMAT_H */
