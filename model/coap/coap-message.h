/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_COAP_MESSAGE_H
#define IOTSEC_COAP_MESSAGE_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief CoAP option numbers (RFC 7252 section 12.2, RFC 7641, RFC 7959, RFC 8613).
 */
namespace CoapOption
{
constexpr uint16_t IF_MATCH = 1;        //!< If-Match (opaque 0-8, repeatable)
constexpr uint16_t URI_HOST = 3;        //!< Uri-Host (string 1-255)
constexpr uint16_t ETAG = 4;            //!< ETag (opaque 1-8, repeatable in requests)
constexpr uint16_t IF_NONE_MATCH = 5;   //!< If-None-Match (empty)
constexpr uint16_t OBSERVE = 6;         //!< Observe (uint 0-3, RFC 7641)
constexpr uint16_t URI_PORT = 7;        //!< Uri-Port (uint 0-2)
constexpr uint16_t OSCORE = 9;          //!< OSCORE (opaque 0-255, RFC 8613 section 2)
constexpr uint16_t LOCATION_PATH = 8;   //!< Location-Path (string 0-255, repeatable)
constexpr uint16_t URI_PATH = 11;       //!< Uri-Path (string 0-255, repeatable)
constexpr uint16_t CONTENT_FORMAT = 12; //!< Content-Format (uint 0-2)
constexpr uint16_t MAX_AGE = 14;        //!< Max-Age (uint 0-4)
constexpr uint16_t URI_QUERY = 15;      //!< Uri-Query (string 0-255, repeatable)
constexpr uint16_t ACCEPT = 17;         //!< Accept (uint 0-2)
constexpr uint16_t LOCATION_QUERY = 20; //!< Location-Query (string 0-255, repeatable)
constexpr uint16_t BLOCK2 = 23;         //!< Block2 (uint 0-3, RFC 7959)
constexpr uint16_t BLOCK1 = 27;         //!< Block1 (uint 0-3, RFC 7959)
constexpr uint16_t SIZE2 = 28;          //!< Size2 (uint 0-4, RFC 7959)
constexpr uint16_t PROXY_URI = 35;      //!< Proxy-Uri (string 1-1034)
constexpr uint16_t PROXY_SCHEME = 39;   //!< Proxy-Scheme (string 1-255)
constexpr uint16_t SIZE1 = 60;          //!< Size1 (uint 0-4)

/**
 * \param number an option number
 * \return true if the option is critical (odd number, RFC 7252 section 5.4.1)
 */
inline bool
IsCritical(uint16_t number)
{
    return (number & 1) != 0;
}

/**
 * \param number an option number
 * \return true if this implementation recognizes the option
 */
bool IsKnown(uint16_t number);

/**
 * \brief Check an option value against its definition's format and length (section 5.4.3).
 * \param number an option number (known)
 * \param length the value length
 * \return true if the length is permitted
 */
bool IsValidLength(uint16_t number, std::size_t length);

/**
 * \param number an option number
 * \return its name ("Uri-Path"), or "Option<n>" for an unknown number
 */
std::string Name(uint16_t number);
} // namespace CoapOption

/**
 * \ingroup iotsec
 * \brief CoAP codes (RFC 7252 section 12.1), as the 8-bit class.detail value.
 */
namespace CoapCode
{
/**
 * \param cls the class (0..7)
 * \param detail the detail (0..31)
 * \return the code byte
 */
constexpr uint8_t
Make(uint8_t cls, uint8_t detail)
{
    return static_cast<uint8_t>((cls << 5) | detail);
}

constexpr uint8_t EMPTY = Make(0, 0);                       //!< 0.00 Empty
constexpr uint8_t GET = Make(0, 1);                         //!< 0.01 GET
constexpr uint8_t POST = Make(0, 2);                        //!< 0.02 POST
constexpr uint8_t PUT = Make(0, 3);                         //!< 0.03 PUT
constexpr uint8_t DELETE = Make(0, 4);                      //!< 0.04 DELETE
constexpr uint8_t FETCH = Make(0, 5);                       //!< 0.05 FETCH (RFC 8132)
constexpr uint8_t CREATED = Make(2, 1);                     //!< 2.01 Created
constexpr uint8_t DELETED = Make(2, 2);                     //!< 2.02 Deleted
constexpr uint8_t VALID = Make(2, 3);                       //!< 2.03 Valid
constexpr uint8_t CHANGED = Make(2, 4);                     //!< 2.04 Changed
constexpr uint8_t CONTENT = Make(2, 5);                     //!< 2.05 Content
constexpr uint8_t CONTINUE = Make(2, 31);                   //!< 2.31 Continue (RFC 7959)
constexpr uint8_t BAD_REQUEST = Make(4, 0);                 //!< 4.00 Bad Request
constexpr uint8_t UNAUTHORIZED = Make(4, 1);                //!< 4.01 Unauthorized
constexpr uint8_t BAD_OPTION = Make(4, 2);                  //!< 4.02 Bad Option
constexpr uint8_t FORBIDDEN = Make(4, 3);                   //!< 4.03 Forbidden
constexpr uint8_t NOT_FOUND = Make(4, 4);                   //!< 4.04 Not Found
constexpr uint8_t METHOD_NOT_ALLOWED = Make(4, 5);          //!< 4.05 Method Not Allowed
constexpr uint8_t NOT_ACCEPTABLE = Make(4, 6);              //!< 4.06 Not Acceptable
constexpr uint8_t REQUEST_ENTITY_INCOMPLETE = Make(4, 8);   //!< 4.08 (RFC 7959)
constexpr uint8_t PRECONDITION_FAILED = Make(4, 12);        //!< 4.12 Precondition Failed
constexpr uint8_t REQUEST_ENTITY_TOO_LARGE = Make(4, 13);   //!< 4.13 Request Entity Too Large
constexpr uint8_t UNSUPPORTED_CONTENT_FORMAT = Make(4, 15); //!< 4.15
constexpr uint8_t INTERNAL_SERVER_ERROR = Make(5, 0);       //!< 5.00
constexpr uint8_t NOT_IMPLEMENTED = Make(5, 1);             //!< 5.01
constexpr uint8_t BAD_GATEWAY = Make(5, 2);                 //!< 5.02
constexpr uint8_t SERVICE_UNAVAILABLE = Make(5, 3);         //!< 5.03
constexpr uint8_t GATEWAY_TIMEOUT = Make(5, 4);             //!< 5.04

/**
 * \param code a code byte
 * \return "c.dd" (for example "2.05")
 */
std::string ToString(uint8_t code);

/**
 * \param code a code byte
 * \return the method name for a method (GET, POST, PUT, DELETE, FETCH), else ToString()
 */
std::string Name(uint8_t code);

/**
 * \param text "c.dd", or a method name (GET, POST, PUT, DELETE)
 * \param[out] code the code byte
 * \return true if the text names a code
 */
bool FromString(const std::string& text, uint8_t& code);

/// \param code a code byte \return true for a request (0.01..0.31)
inline bool
IsRequest(uint8_t code)
{
    return (code >> 5) == 0 && code != 0;
}

/// \param code a code byte \return true for a response (2.00..5.31)
inline bool
IsResponse(uint8_t code)
{
    return (code >> 5) >= 2 && (code >> 5) <= 5;
}
} // namespace CoapCode

/**
 * \ingroup iotsec
 * \brief The value of a Block1 or Block2 option (RFC 7959 section 2.2): NUM, M and SZX.
 */
struct CoapBlock
{
    uint32_t num{0};  //!< block number (0 .. 2^20-1)
    bool more{false}; //!< M: more blocks follow
    uint8_t szx{6};   //!< size exponent: the block size is 2^(szx+4), szx in 0..6

    /// \return the block size in bytes (16..1024)
    uint32_t GetSize() const
    {
        return 1u << (szx + 4);
    }

    /// \return the byte offset of this block (num * size)
    uint64_t GetOffset() const
    {
        return static_cast<uint64_t>(num) * GetSize();
    }

    /**
     * \param value the option's uint value
     * \param[out] out the decoded block
     * \return false if SZX is the reserved value 7 or the value exceeds 3 bytes
     */
    static bool Decode(uint32_t value, CoapBlock& out);

    /// \return the option's uint value
    uint32_t Encode() const;

    /**
     * \param size a block size (a power of two in 16..1024)
     * \return its SZX, or 7 (invalid) when the size is not one
     */
    static uint8_t SzxForSize(uint32_t size);

    /// \param other another block \return true if equal
    bool operator==(const CoapBlock& other) const
    {
        return num == other.num && more == other.more && szx == other.szx;
    }
};

/**
 * \ingroup iotsec
 * \brief A CoAP message (RFC 7252 section 3) and its one codec.
 *
 * A message has a type, a code, a message ID, a token of 0 to 8 bytes, options (kept sorted by
 * number; options of the same number keep their order) and a payload. Serialize() writes the
 * wire format; Parse() reads it and is total: it accepts any byte string without asserting,
 * and reports why it rejected one. Typed accessors read and write the options of RFC 7252,
 * 7641 and 7959.
 */
class CoapMessage
{
  public:
    /// Message types (RFC 7252 section 3)
    enum Type : uint8_t
    {
        CON = 0, //!< Confirmable
        NON = 1, //!< Non-confirmable
        ACK = 2, //!< Acknowledgement
        RST = 3  //!< Reset
    };

    /// One option: number and raw value
    struct Option
    {
        uint16_t number;            //!< option number
        std::vector<uint8_t> value; //!< value bytes

        /// \param o another option \return true if equal
        bool operator==(const Option& o) const
        {
            return number == o.number && value == o.value;
        }
    };

    CoapMessage() = default;

    /**
     * \param type the message type
     * \param code the code
     * \param messageId the message ID
     */
    CoapMessage(Type type, uint8_t code, uint16_t messageId);

    /**
     * \brief Parse a datagram (RFC 7252 section 3). Never asserts on any input.
     *
     * Rejects: fewer than 4 bytes, version other than 1, token length 9..15, an Empty message
     * (0.00) with a token, options or payload, option delta or length nibble 15 other than the
     * payload marker, option numbers beyond 65535, option values running past the end, and a
     * payload marker followed by no payload.
     * \param data the bytes
     * \param len their number
     * \param[out] out the message (unspecified when rejected)
     * \param[out] error if non-null, why the bytes were rejected
     * \return true if the bytes are a well-formed CoAP message
     */
    static bool Parse(const uint8_t* data, std::size_t len, CoapMessage& out, std::string* error);

    /**
     * \brief Read the fixed 4-byte header only (for rejecting a malformed message with RST).
     * \param data the bytes
     * \param len their number
     * \param[out] type the type
     * \param[out] code the code
     * \param[out] messageId the message ID
     * \return true if there are at least 4 bytes and the version is 1
     */
    static bool PeekHeader(const uint8_t* data,
                           std::size_t len,
                           Type& type,
                           uint8_t& code,
                           uint16_t& messageId);

    /// \return the wire format
    std::vector<uint8_t> Serialize() const;

    /**
     * \brief Append the wire format to a buffer.
     * \param out the buffer
     */
    void SerializeTo(std::vector<uint8_t>& out) const;

    /// \return the size of the wire format in bytes
    std::size_t GetSerializedSize() const;

    /// \return the type
    Type GetType() const
    {
        return m_type;
    }

    /// \param type the type
    void SetType(Type type)
    {
        m_type = type;
    }

    /// \return the code
    uint8_t GetCode() const
    {
        return m_code;
    }

    /// \param code the code
    void SetCode(uint8_t code)
    {
        m_code = code;
    }

    /// \return the message ID
    uint16_t GetMessageId() const
    {
        return m_messageId;
    }

    /// \param id the message ID
    void SetMessageId(uint16_t id)
    {
        m_messageId = id;
    }

    /// \return the token
    const std::vector<uint8_t>& GetToken() const
    {
        return m_token;
    }

    /// \param token the token (0..8 bytes; longer is a programming error)
    void SetToken(const std::vector<uint8_t>& token);

    /// \return the payload
    const std::vector<uint8_t>& GetPayload() const
    {
        return m_payload;
    }

    /// \return the payload as a string
    std::string GetPayloadString() const
    {
        return std::string(m_payload.begin(), m_payload.end());
    }

    /// \param payload the payload
    void SetPayload(const std::vector<uint8_t>& payload)
    {
        m_payload = payload;
    }

    /// \param payload the payload (bytes of the string)
    void SetPayload(const std::string& payload)
    {
        m_payload.assign(payload.begin(), payload.end());
    }

    /// \return true for an Empty message (code 0.00)
    bool IsEmpty() const
    {
        return m_code == CoapCode::EMPTY;
    }

    /// \return true for a request
    bool IsRequest() const
    {
        return CoapCode::IsRequest(m_code);
    }

    /// \return true for a response
    bool IsResponse() const
    {
        return CoapCode::IsResponse(m_code);
    }

    /// \return every option, sorted by number
    const std::vector<Option>& GetOptions() const
    {
        return m_options;
    }

    /**
     * \brief Add an option (kept sorted; after options of the same number).
     * \param number the number
     * \param value the raw value
     */
    void AddOption(uint16_t number, const std::vector<uint8_t>& value);

    /**
     * \brief Add an option with a string value.
     * \param number the number
     * \param value the value
     */
    void AddOption(uint16_t number, const std::string& value);

    /**
     * \brief Add an option with a uint value (minimal length: 0 is the empty value).
     * \param number the number
     * \param value the value
     */
    void AddUintOption(uint16_t number, uint32_t value);

    /// \param number an option number: remove every option of that number
    void RemoveOption(uint16_t number);

    /// \param number an option number \return true if present
    bool HasOption(uint16_t number) const;

    /**
     * \param number an option number
     * \return the first value of that option, or nullptr
     */
    const std::vector<uint8_t>* GetOption(uint16_t number) const;

    /**
     * \param number an option number
     * \return every value of that option, in order
     */
    std::vector<std::vector<uint8_t>> GetOptionValues(uint16_t number) const;

    /**
     * \brief Read a uint option (RFC 7252 section 3.2).
     * \param number the number
     * \return its value; nothing when absent or longer than 4 bytes
     */
    std::optional<uint32_t> GetUintOption(uint16_t number) const;

    /**
     * \brief Replace the options of a number by one uint option.
     * \param number the number
     * \param value the value
     */
    void SetUintOption(uint16_t number, uint32_t value);

    // Typed access

    /// \return Uri-Path segments joined with '/' and a leading '/' ("/" when none)
    std::string GetUriPath() const;

    /**
     * \brief Set Uri-Path (and Uri-Query) from a path such as "/a/b?x=1&y=2".
     * \param path the path; a leading '/' is optional; "" and "/" mean no segment
     */
    void SetUriPath(const std::string& path);

    /// \return Uri-Query values in order
    std::vector<std::string> GetUriQueries() const;

    /// \return Uri-Host, or "" when absent
    std::string GetUriHost() const;

    /// \param host the Uri-Host
    void SetUriHost(const std::string& host);

    /// \return Uri-Port, if present
    std::optional<uint32_t> GetUriPort() const
    {
        return GetUintOption(CoapOption::URI_PORT);
    }

    /// \param port the Uri-Port
    void SetUriPort(uint16_t port)
    {
        SetUintOption(CoapOption::URI_PORT, port);
    }

    /// \return Content-Format, if present
    std::optional<uint32_t> GetContentFormat() const
    {
        return GetUintOption(CoapOption::CONTENT_FORMAT);
    }

    /// \param format the Content-Format
    void SetContentFormat(uint16_t format)
    {
        SetUintOption(CoapOption::CONTENT_FORMAT, format);
    }

    /// \return Accept, if present
    std::optional<uint32_t> GetAccept() const
    {
        return GetUintOption(CoapOption::ACCEPT);
    }

    /// \param format the Accept value
    void SetAccept(uint16_t format)
    {
        SetUintOption(CoapOption::ACCEPT, format);
    }

    /// \return Max-Age, if present
    std::optional<uint32_t> GetMaxAge() const
    {
        return GetUintOption(CoapOption::MAX_AGE);
    }

    /// \param seconds the Max-Age
    void SetMaxAge(uint32_t seconds)
    {
        SetUintOption(CoapOption::MAX_AGE, seconds);
    }

    /// \return Observe, if present
    std::optional<uint32_t> GetObserve() const
    {
        return GetUintOption(CoapOption::OBSERVE);
    }

    /// \param value the Observe value (24 bits)
    void SetObserve(uint32_t value)
    {
        SetUintOption(CoapOption::OBSERVE, value & 0xffffff);
    }

    /// \return the first ETag, if present
    std::optional<std::vector<uint8_t>> GetETag() const;

    /// \param etag the ETag (replaces any)
    void SetETag(const std::vector<uint8_t>& etag);

    /// \return Location-Path segments joined with '/' and a leading '/' ("" when none)
    std::string GetLocationPath() const;

    /// \param path the Location-Path, as "/a/b"
    void SetLocationPath(const std::string& path);

    /// \return Proxy-Uri, or "" when absent
    std::string GetProxyUri() const;

    /// \param uri the Proxy-Uri
    void SetProxyUri(const std::string& uri);

    /**
     * \param number CoapOption::BLOCK1 or BLOCK2
     * \return the block, if present and valid
     */
    std::optional<CoapBlock> GetBlock(uint16_t number) const;

    /**
     * \param number CoapOption::BLOCK1 or BLOCK2
     * \param block the value
     */
    void SetBlock(uint16_t number, const CoapBlock& block)
    {
        SetUintOption(number, block.Encode());
    }

    /// \return Block1, if present and valid
    std::optional<CoapBlock> GetBlock1() const
    {
        return GetBlock(CoapOption::BLOCK1);
    }

    /// \return Block2, if present and valid
    std::optional<CoapBlock> GetBlock2() const
    {
        return GetBlock(CoapOption::BLOCK2);
    }

    /// \return Size1, if present
    std::optional<uint32_t> GetSize1() const
    {
        return GetUintOption(CoapOption::SIZE1);
    }

    /// \return Size2, if present
    std::optional<uint32_t> GetSize2() const
    {
        return GetUintOption(CoapOption::SIZE2);
    }

    /**
     * \brief Find the first option this implementation does not recognize, or whose value
     * length is outside its definition (treated as unrecognized, RFC 7252 section 5.4.3).
     * \param criticalOnly only report critical options
     * \return its number, or nothing
     */
    std::optional<uint16_t> FindUnrecognizedOption(bool criticalOnly) const;

    /// \param other another message \return true if every field is equal
    bool operator==(const CoapMessage& other) const;

    /// \param other another message \return true if some field differs
    bool operator!=(const CoapMessage& other) const
    {
        return !(*this == other);
    }

    /**
     * \brief Print a one-line summary ("CON 0.01 mid=0x7d34 tok=20 GET /temperature").
     * \param os the stream
     */
    void Print(std::ostream& os) const;

    /**
     * \param uint a uint option value
     * \return the minimal big-endian encoding (empty for 0)
     */
    static std::vector<uint8_t> EncodeUint(uint32_t uint);

    /**
     * \param value a uint option value
     * \param[out] out the integer
     * \return false if longer than 4 bytes
     */
    static bool DecodeUint(const std::vector<uint8_t>& value, uint32_t& out);

    /// Largest token length (RFC 7252 section 3)
    static constexpr std::size_t MAX_TOKEN_LENGTH = 8;

  private:
    Type m_type{CON};               //!< type
    uint8_t m_code{0};              //!< code
    uint16_t m_messageId{0};        //!< message ID
    std::vector<uint8_t> m_token;   //!< token
    std::vector<Option> m_options;  //!< options, sorted by number
    std::vector<uint8_t> m_payload; //!< payload
};

/**
 * \param os the stream
 * \param m the message
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, const CoapMessage& m);

} // namespace ns3

#endif /* IOTSEC_COAP_MESSAGE_H */
