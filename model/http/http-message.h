/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_HTTP_MESSAGE_H
#define IOTSEC_HTTP_MESSAGE_H

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief HTTP status codes (RFC 9110 section 15) used by the module, and their reason phrases.
 */
namespace HttpStatus
{
constexpr uint16_t CONTINUE = 100;                //!< 100 Continue
constexpr uint16_t SWITCHING_PROTOCOLS = 101;     //!< 101 Switching Protocols
constexpr uint16_t OK = 200;                      //!< 200 OK
constexpr uint16_t CREATED = 201;                 //!< 201 Created
constexpr uint16_t NO_CONTENT = 204;              //!< 204 No Content
constexpr uint16_t NOT_MODIFIED = 304;            //!< 304 Not Modified
constexpr uint16_t BAD_REQUEST = 400;             //!< 400 Bad Request
constexpr uint16_t UNAUTHORIZED = 401;            //!< 401 Unauthorized
constexpr uint16_t FORBIDDEN = 403;               //!< 403 Forbidden
constexpr uint16_t NOT_FOUND = 404;               //!< 404 Not Found
constexpr uint16_t METHOD_NOT_ALLOWED = 405;      //!< 405 Method Not Allowed
constexpr uint16_t NOT_ACCEPTABLE = 406;          //!< 406 Not Acceptable
constexpr uint16_t GONE = 410;                    //!< 410 Gone
constexpr uint16_t PRECONDITION_FAILED = 412;     //!< 412 Precondition Failed
constexpr uint16_t CONTENT_TOO_LARGE = 413;       //!< 413 Content Too Large
constexpr uint16_t URI_TOO_LONG = 414;            //!< 414 URI Too Long
constexpr uint16_t UNSUPPORTED_MEDIA_TYPE = 415;  //!< 415 Unsupported Media Type
constexpr uint16_t HEADER_FIELDS_TOO_LARGE = 431; //!< 431 Request Header Fields Too Large
constexpr uint16_t INTERNAL_SERVER_ERROR = 500;   //!< 500 Internal Server Error
constexpr uint16_t NOT_IMPLEMENTED = 501;         //!< 501 Not Implemented
constexpr uint16_t BAD_GATEWAY = 502;             //!< 502 Bad Gateway
constexpr uint16_t SERVICE_UNAVAILABLE = 503;     //!< 503 Service Unavailable
constexpr uint16_t GATEWAY_TIMEOUT = 504;         //!< 504 Gateway Timeout
constexpr uint16_t VERSION_NOT_SUPPORTED = 505;   //!< 505 HTTP Version Not Supported

/**
 * \param code a status code
 * \return its reason phrase from RFC 9110 section 15 ("Not Found"), or "" when unknown
 */
std::string ReasonPhrase(uint16_t code);
} // namespace HttpStatus

/**
 * \ingroup iotsec
 * \brief An HTTP/1.1 message (RFC 9112): a request or a response, and its serializer.
 *
 * A request has a method, a request-target and a version; a response has a version, a status
 * code and a reason phrase. Both have header fields, kept in order with the case of their
 * names as given (lookup is case-insensitive, RFC 9110 section 5.1), and a body.
 *
 * Content-Length and Transfer-Encoding are framing, owned by the codec: HttpParser removes
 * them from a message that has a body (the body is decoded) and Serialize() ignores them and
 * writes `Content-Length` itself. A response without a body (1xx, 204, 304, or a response to
 * HEAD) keeps its header fields as they are, since Content-Length there describes the
 * representation, not the message.
 */
class HttpMessage
{
  public:
    /// One header field: name and value (without surrounding whitespace)
    struct Field
    {
        std::string name;  //!< field name (a token)
        std::string value; //!< field value

        /// \param o another field \return true if equal (names compared exactly)
        bool operator==(const Field& o) const
        {
            return name == o.name && value == o.value;
        }
    };

    /// A request "GET / HTTP/1.1" with no header field
    HttpMessage() = default;

    /**
     * \param method the method (a token, case-sensitive: "GET")
     * \param target the request-target ("/a/b?c", an absolute URI, "*", or an authority)
     * \return an HTTP/1.1 request
     */
    static HttpMessage MakeRequest(const std::string& method, const std::string& target);

    /**
     * \param status the status code (100..599)
     * \param reason the reason phrase; by default the one of RFC 9110 for the code
     * \return an HTTP/1.1 response
     */
    static HttpMessage MakeResponse(uint16_t status, const std::optional<std::string>& reason = {});

    /// \return true for a request
    bool IsRequest() const
    {
        return m_request;
    }

    /// \return true for a response
    bool IsResponse() const
    {
        return !m_request;
    }

    /// \return the method (requests)
    const std::string& GetMethod() const
    {
        return m_method;
    }

    /// \param method the method; makes this message a request
    void SetMethod(const std::string& method)
    {
        m_request = true;
        m_method = method;
    }

    /// \return the request-target (requests)
    const std::string& GetTarget() const
    {
        return m_target;
    }

    /// \param target the request-target
    void SetTarget(const std::string& target)
    {
        m_target = target;
    }

    /// \return the major version digit (1)
    uint8_t GetVersionMajor() const
    {
        return m_major;
    }

    /// \return the minor version digit (1 for HTTP/1.1, 0 for HTTP/1.0)
    uint8_t GetVersionMinor() const
    {
        return m_minor;
    }

    /**
     * \param major the major digit (0..9)
     * \param minor the minor digit (0..9)
     */
    void SetVersion(uint8_t major, uint8_t minor)
    {
        m_major = major;
        m_minor = minor;
    }

    /// \return "HTTP/1.1"
    std::string GetVersionString() const;

    /// \return the status code (responses)
    uint16_t GetStatus() const
    {
        return m_status;
    }

    /// \param status the status code; makes this message a response
    void SetStatus(uint16_t status)
    {
        m_request = false;
        m_status = status;
    }

    /// \return the reason phrase (responses)
    const std::string& GetReason() const
    {
        return m_reason;
    }

    /// \param reason the reason phrase
    void SetReason(const std::string& reason)
    {
        m_reason = reason;
    }

    /// \return every header field, in order
    const std::vector<Field>& GetFields() const
    {
        return m_fields;
    }

    /**
     * \brief Append a header field (a field may repeat).
     * \param name the name
     * \param value the value
     */
    void AddField(const std::string& name, const std::string& value);

    /**
     * \brief Replace every field of that name by one field, at the end.
     * \param name the name (case-insensitive match)
     * \param value the value
     */
    void SetField(const std::string& name, const std::string& value);

    /// \param name a field name: remove every field of that name (case-insensitive)
    void RemoveField(const std::string& name);

    /// \param name a field name \return true if present (case-insensitive)
    bool HasField(const std::string& name) const;

    /**
     * \param name a field name (case-insensitive)
     * \return the value of its first occurrence, or nothing
     */
    std::optional<std::string> GetField(const std::string& name) const;

    /**
     * \param name a field name (case-insensitive)
     * \return the values of every occurrence, in order
     */
    std::vector<std::string> GetFieldValues(const std::string& name) const;

    /**
     * \brief The elements of a list-valued field (RFC 9110 section 5.6.1) over every line of
     * that field: split at commas outside quoted strings, whitespace trimmed, empty elements
     * dropped.
     * \param name a field name
     * \return the elements in order
     */
    std::vector<std::string> GetFieldList(const std::string& name) const;

    /**
     * \param option a connection option ("close", "keep-alive")
     * \return true if the Connection field lists it (case-insensitive)
     */
    bool HasConnectionOption(const std::string& option) const;

    /**
     * \brief Whether the connection persists after this message (RFC 9112 section 9.3): not
     * when "close" is a connection option; yes for HTTP/1.1 and later; for HTTP/1.0 only with
     * "keep-alive".
     * \return true if the connection persists
     */
    bool KeepsAlive() const;

    /// \return the body
    const std::vector<uint8_t>& GetBody() const
    {
        return m_body;
    }

    /// \return the body as a string
    std::string GetBodyString() const
    {
        return std::string(m_body.begin(), m_body.end());
    }

    /// \param body the body
    void SetBody(const std::vector<uint8_t>& body)
    {
        m_body = body;
    }

    /// \param body the body (bytes of the string)
    void SetBody(const std::string& body)
    {
        m_body.assign(body.begin(), body.end());
    }

    /// \return a mutable reference to the body (the parser appends to it)
    std::vector<uint8_t>& GetBodyRef()
    {
        return m_body;
    }

    /**
     * \param requestMethod for a response, the method of the request it answers
     * \return true if this message has no body by definition: a 1xx, 204 or 304 response, a
     * response to HEAD (RFC 9112 section 6.3, rule 1), or a 2xx response to CONNECT (rule 2)
     */
    bool IsBodyless(const std::string& requestMethod = "") const;

    /**
     * \brief Check what Serialize() needs: a token method, a request-target of visible ASCII,
     * version digits 0..9, a status code 100..599, a reason phrase without CR, LF or other
     * controls but HTAB, token field names, field values without controls (but HTAB) and
     * without leading or trailing whitespace, and no body where the message cannot have one.
     * \param requestMethod for a response, the method of the request it answers
     * \param[out] error if non-null, what is wrong
     * \return true if the message can be serialized
     */
    bool IsValid(const std::string& requestMethod = "", std::string* error = nullptr) const;

    /**
     * \brief The wire format (RFC 9112): start line, header fields, CRLF, body.
     *
     * A message with a body-capable framing gets `Content-Length` (always for a response, for
     * a request when the body is not empty or the method is POST, PUT or PATCH) and never
     * Transfer-Encoding; any Content-Length or Transfer-Encoding field it holds is left out.
     * A bodyless response is written with its fields as they are and no body. Aborts when
     * IsValid() is false (header injection through a CR or LF is a programming error).
     * \param requestMethod for a response, the method of the request it answers ("HEAD"
     * writes no body)
     * \return the bytes
     */
    std::vector<uint8_t> Serialize(const std::string& requestMethod = "") const;

    /// \param other another message \return true if every field is equal
    bool operator==(const HttpMessage& other) const;

    /// \param other another message \return true if some field differs
    bool operator!=(const HttpMessage& other) const
    {
        return !(*this == other);
    }

    /**
     * \brief Print a one-line summary ("GET /a HTTP/1.1 fields=2 body=0B").
     * \param os the stream
     */
    void Print(std::ostream& os) const;

    /**
     * \param a a string
     * \param b another
     * \return true if equal ignoring ASCII case
     */
    static bool EqualsIgnoreCase(const std::string& a, const std::string& b);

    /// \param c a character \return true if it is a tchar (RFC 9110 section 5.6.2)
    static bool IsTchar(char c);

    /// \param s a string \return true if it is a non-empty token (RFC 9110 section 5.6.2)
    static bool IsToken(const std::string& s);

  private:
    bool m_request{true};        //!< request or response
    std::string m_method{"GET"}; //!< method
    std::string m_target{"/"};   //!< request-target
    uint8_t m_major{1};          //!< major version digit
    uint8_t m_minor{1};          //!< minor version digit
    uint16_t m_status{200};      //!< status code
    std::string m_reason;        //!< reason phrase
    std::vector<Field> m_fields; //!< header fields in order
    std::vector<uint8_t> m_body; //!< body (decoded)
};

/**
 * \param os the stream
 * \param m the message
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, const HttpMessage& m);

/**
 * \ingroup iotsec
 * \brief Bounds on what one HttpParser holds (its Limits); exceeding one is an error.
 */
struct HttpParserLimits
{
    std::size_t maxStartLine{8192};       //!< request or status line, without CRLF (414)
    std::size_t maxHeaderSection{16384};  //!< field lines with their CRLFs (431)
    std::size_t maxHeaderCount{100};      //!< header fields per message (431)
    std::size_t maxBody{1048576};         //!< decoded body bytes (413)
    std::size_t maxChunkLine{1024};       //!< one chunk-size line, without CRLF
    std::size_t maxChunkExtensions{4096}; //!< chunk-ext bytes per message
    std::size_t maxPendingMessages{64};   //!< complete messages not popped yet
    std::size_t maxExpectedResponses{64}; //!< requests awaiting a response (RESPONSES)
};

/**
 * \ingroup iotsec
 * \brief An incremental HTTP/1.1 parser for one direction of a connection (RFC 9112).
 *
 * Sans-I/O: Feed() takes the bytes a stream delivered, cut anywhere; Pop() returns each
 * complete message in order. Several messages may follow each other on the stream (keep-alive
 * and pipelining). Bodies are framed by Content-Length or by the chunked transfer coding
 * (decoded; chunk extensions are checked and ignored, trailer fields are checked and
 * discarded); a response without either is delimited by the end of the stream (FeedEnd()).
 * A response parser must be told, with ExpectResponse(), the method of each request sent, in
 * order: a response to HEAD, and every 1xx, 204 and 304 response, has no body. An interim
 * (1xx) response does not use up the request it answers.
 *
 * Every table and buffer has a bound (Limits, constructor parameter). The parser holds at
 * most one incomplete line (GetBufferedBytes() <= GetMaxBufferedBytes()), one message being
 * read (header section, body) and Limits::maxPendingMessages complete messages not popped.
 *
 * Any input is accepted without asserting. Malformed or over-limit input makes the parser
 * fail: it says why (GetError()) and which status code a server would answer
 * (GetErrorStatus()), and stays failed; messages completed before the failure can still be
 * popped. Choices where RFC 9112 leaves room:
 * - lines must end in CRLF: a bare LF is rejected (section 2.2 allows accepting it), as is a
 *   CR not followed by LF;
 * - empty lines before a request-line are skipped (section 2.2);
 * - the start line's parts are separated by exactly one SP; a status line may omit the SP
 *   before an empty reason phrase;
 * - obs-fold, and whitespace between the start line and the first field, are rejected
 *   (sections 5.2 and 2.2); so is whitespace between a field name and the colon (5.1);
 * - a message with both Content-Length and Transfer-Encoding is rejected (request smuggling,
 *   section 6.3), as is Transfer-Encoding in an HTTP/1.0 message (section 6.1); the only
 *   transfer coding implemented is chunked, alone (others: 501);
 * - repeated Content-Length values are accepted when they are all equal (section 6.3);
 * - once a message ends the connection (Connection: close, HTTP/1.0 without keep-alive, a
 *   close-delimited response, 101 Switching Protocols, a 2xx response to CONNECT), later bytes
 *   are ignored (IsClosed(), GetIgnoredBytes()).
 */
class HttpParser
{
  public:
    /// What the stream carries
    enum Mode : uint8_t
    {
        REQUESTS, //!< the server side: requests
        RESPONSES //!< the client side: responses
    };

    /// Bounds on what one parser holds
    using Limits = HttpParserLimits;

    /**
     * \param mode requests or responses
     * \param limits the bounds
     */
    explicit HttpParser(Mode mode, const Limits& limits = Limits());

    /**
     * \brief Parse bytes of the stream (cut anywhere).
     * \param data the bytes
     * \param len their number
     */
    void Feed(const uint8_t* data, std::size_t len);

    /// \param data bytes of the stream
    void Feed(const std::vector<uint8_t>& data)
    {
        Feed(data.data(), data.size());
    }

    /// \param data bytes of the stream
    void Feed(const std::string& data)
    {
        Feed(reinterpret_cast<const uint8_t*>(data.data()), data.size());
    }

    /**
     * \brief The peer closed its direction of the stream: completes a close-delimited
     * response; fails if a message was incomplete (RFC 9112 section 8).
     */
    void FeedEnd();

    /**
     * \brief Take the oldest complete message.
     * \param[out] out the message
     * \param[out] requestMethod if non-null, for a response the method of its request
     * \return false if there is none
     */
    bool Pop(HttpMessage& out, std::string* requestMethod = nullptr);

    /// \return the number of complete messages not popped
    std::size_t GetPendingCount() const
    {
        return m_ready.size();
    }

    /**
     * \brief Record that a request was sent on the connection (RESPONSES).
     * \param requestMethod its method
     * \return false if Limits::maxExpectedResponses requests are already waiting, or in
     * REQUESTS mode
     */
    bool ExpectResponse(const std::string& requestMethod);

    /// \return the number of requests still waiting for their response
    std::size_t GetExpectedCount() const
    {
        return m_expected.size();
    }

    /// \return true once the input was rejected (for good)
    bool IsFailed() const
    {
        return m_state == FAILED;
    }

    /// \return why the input was rejected ("" when not failed)
    const std::string& GetError() const
    {
        return m_error;
    }

    /**
     * \return the status code a server answers a rejected request with (400, 413, 414, 431,
     * 501, 505), or 502 for a rejected response (what a proxy answers); 0 when not failed
     */
    uint16_t GetErrorStatus() const
    {
        return m_errorStatus;
    }

    /// \return true once a message ended the connection, or after FeedEnd()
    bool IsClosed() const
    {
        return m_state == CLOSED;
    }

    /// \return bytes received after the connection ended (not parsed)
    uint64_t GetIgnoredBytes() const
    {
        return m_ignored;
    }

    /// \return the bytes of the incomplete line held
    std::size_t GetBufferedBytes() const
    {
        return m_line.size();
    }

    /// \return the bound on GetBufferedBytes() that the limits imply
    std::size_t GetMaxBufferedBytes() const;

    /// \return true if no part of a message is held (between messages)
    bool IsIdle() const;

    /// \return the mode
    Mode GetMode() const
    {
        return m_mode;
    }

    /// \return the limits
    const Limits& GetLimits() const
    {
        return m_limits;
    }

  private:
    /// Parser states
    enum State : uint8_t
    {
        START_LINE,     //!< reading a request or status line
        HEADERS,        //!< reading field lines
        BODY_LENGTH,    //!< reading a Content-Length body
        CHUNK_SIZE,     //!< reading a chunk-size line
        CHUNK_DATA,     //!< reading chunk-data
        CHUNK_DATA_END, //!< reading the CRLF after chunk-data
        TRAILERS,       //!< reading the trailer section
        BODY_CLOSE,     //!< reading a close-delimited body
        CLOSED,         //!< the connection ended; bytes are ignored
        FAILED          //!< rejected; stays so
    };

    /// Outcome of reading a line
    enum LineResult : uint8_t
    {
        LINE_INCOMPLETE, //!< no LF yet (bytes kept)
        LINE_COMPLETE,   //!< m_line holds the line without CRLF
        LINE_TOO_LONG,   //!< longer than the limit
        LINE_BAD_END     //!< bare LF, or CR inside the line
    };

    /**
     * \brief Accumulate a line into m_line.
     * \param p the read position (advanced)
     * \param end the end of the input
     * \param limit the longest line content accepted
     * \return the outcome
     */
    LineResult ReadLine(const uint8_t*& p, const uint8_t* end, std::size_t limit);

    /**
     * \brief Enter the failed state.
     * \param why the reason
     * \param status the status code for a request (502 is used for responses)
     */
    void Fail(const std::string& why, uint16_t status);

    /**
     * \param line a request line \return false (after Fail) if malformed
     */
    bool ParseRequestLine(const std::string& line);

    /**
     * \param line a status line \return false (after Fail) if malformed
     */
    bool ParseStatusLine(const std::string& line);

    /**
     * \brief Check a field line.
     * \param line the line
     * \param[out] field the field
     * \param what "field" or "trailer field" (for the error)
     * \return false (after Fail) if malformed
     */
    bool ParseFieldLine(const std::string& line, HttpMessage::Field& field, const char* what);

    /// \brief After the header section: decide how the body is framed
    void StartBody();

    /// \param line a chunk-size line \return false (after Fail) if malformed or too large
    bool ParseChunkLine(const std::string& line);

    /// \brief The current message is complete: queue it and prepare for the next
    void Complete();

    /// \brief Forget the message being read
    void ResetMessage();

    Mode m_mode;                   //!< requests or responses
    Limits m_limits;               //!< bounds
    State m_state{START_LINE};     //!< state
    std::string m_line;            //!< incomplete line
    HttpMessage m_current;         //!< message being read
    std::string m_currentMethod;   //!< method of the request the response answers
    std::size_t m_sectionBytes{0}; //!< header (or trailer) section bytes so far
    std::size_t m_sectionCount{0}; //!< header (or trailer) fields so far
    uint64_t m_remaining{0};       //!< body or chunk bytes still to read
    std::size_t m_extBytes{0};     //!< chunk-ext bytes of this message
    bool m_closeAfter{false};      //!< the message ends the connection
    std::deque<std::pair<HttpMessage, std::string>> m_ready; //!< complete messages, methods
    std::deque<std::string> m_expected; //!< methods of requests awaiting a response
    std::string m_error;                //!< why it failed
    uint16_t m_errorStatus{0};          //!< status code for the failure
    uint64_t m_ignored{0};              //!< bytes after the end of the connection
};

} // namespace ns3

#endif /* IOTSEC_HTTP_MESSAGE_H */
