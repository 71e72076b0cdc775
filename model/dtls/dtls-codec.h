/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_DTLS_CODEC_H
#define IOTSEC_DTLS_CODEC_H

#include "ns3/iotsec-crypto.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief Wire constants of (D)TLS 1.2 (RFC 5246, RFC 6347, RFC 4279, RFC 6655).
 */
namespace dtls
{

/// Record content types
enum ContentType : uint8_t
{
    CHANGE_CIPHER_SPEC = 20,
    ALERT = 21,
    HANDSHAKE = 22,
    APPLICATION_DATA = 23,
};

/// Handshake message types
enum HandshakeType : uint8_t
{
    HELLO_REQUEST = 0,
    CLIENT_HELLO = 1,
    SERVER_HELLO = 2,
    HELLO_VERIFY_REQUEST = 3,
    SERVER_KEY_EXCHANGE = 12,
    SERVER_HELLO_DONE = 14,
    CLIENT_KEY_EXCHANGE = 16,
    FINISHED = 20,
};

/// Alert levels
enum AlertLevel : uint8_t
{
    WARNING = 1,
    FATAL = 2,
};

/// Alert descriptions used by the engine
enum AlertDescription : uint8_t
{
    CLOSE_NOTIFY = 0,
    UNEXPECTED_MESSAGE = 10,
    BAD_RECORD_MAC = 20,
    HANDSHAKE_FAILURE = 40,
    ILLEGAL_PARAMETER = 47,
    DECODE_ERROR = 50,
    DECRYPT_ERROR = 51,
    PROTOCOL_VERSION = 70,
    INTERNAL_ERROR = 80,
    UNKNOWN_PSK_IDENTITY = 115,
};

/// DTLS 1.2 version on the wire ({254, 253})
constexpr uint16_t DTLS_1_2 = 0xfefd;
/// DTLS 1.0 version on the wire ({254, 255}), accepted in epoch-0 record headers
constexpr uint16_t DTLS_1_0 = 0xfeff;
/// TLS 1.2 version on the wire ({3, 3})
constexpr uint16_t TLS_1_2 = 0x0303;
/// TLS_PSK_WITH_AES_128_CCM_8 (RFC 6655)
constexpr uint16_t TLS_PSK_WITH_AES_128_CCM_8 = 0xc0a8;
/// TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746)
constexpr uint16_t TLS_EMPTY_RENEGOTIATION_INFO_SCSV = 0x00ff;
/// renegotiation_info extension (RFC 5746)
constexpr uint16_t EXT_RENEGOTIATION_INFO = 0xff01;
/// DTLS record header length
constexpr std::size_t RECORD_HEADER_BYTES = 13;
/// TLS record header length
constexpr std::size_t TLS_RECORD_HEADER_BYTES = 5;
/// DTLS handshake header length
constexpr std::size_t HANDSHAKE_HEADER_BYTES = 12;
/// TLS handshake header length
constexpr std::size_t TLS_HANDSHAKE_HEADER_BYTES = 4;
/// Explicit nonce carried by each AES-CCM record (RFC 6655)
constexpr std::size_t CCM_EXPLICIT_NONCE_BYTES = 8;
/// AES-CCM-8 tag length
constexpr std::size_t CCM_8_TAG_BYTES = 8;
/// Random length in hellos
constexpr std::size_t RANDOM_BYTES = 32;
/// Finished verify_data length
constexpr std::size_t VERIFY_DATA_BYTES = 12;
/// Largest sequence number a record can carry (48 bits)
constexpr uint64_t MAX_SEQUENCE = (uint64_t{1} << 48) - 1;
/// Largest plaintext of one record (RFC 5246: 2^14)
constexpr std::size_t MAX_PLAINTEXT_BYTES = 16384;

/**
 * \param description an alert description
 * \return its RFC name, for example "bad_record_mac"
 */
std::string AlertName(uint8_t description);

/**
 * \param type a handshake type
 * \return its RFC name, for example "client_hello"
 */
std::string HandshakeTypeName(uint8_t type);

} // namespace dtls

/**
 * \ingroup iotsec
 * \brief Bounds-checked reader for TLS presentation-language structures.
 *
 * Every read returns false instead of reading past the end: parsers of untrusted bytes are
 * built on it, so malformed input is rejected, never trusted.
 */
class TlsReader
{
  public:
    /**
     * \param data the bytes
     * \param length their length
     */
    TlsReader(const uint8_t* data, std::size_t length);
    /// \param data the bytes (must outlive the reader)
    explicit TlsReader(const Bytes& data);

    /**
     * \param[out] v value
     * \return false if too short
     */
    bool U8(uint8_t& v);
    /**
     * \param[out] v value
     * \return false if too short
     */
    bool U16(uint16_t& v);
    /**
     * \param[out] v value
     * \return false if too short
     */
    bool U24(uint32_t& v);
    /**
     * \param[out] v value
     * \return false if too short
     */
    bool U48(uint64_t& v);
    /**
     * \param[out] v value
     * \return false if too short
     */
    bool U32(uint32_t& v);
    /**
     * \param[out] v value
     * \return false if too short
     */
    bool U64(uint64_t& v);
    /**
     * \param n how many bytes
     * \param[out] out the bytes
     * \return false if too short
     */
    bool Raw(std::size_t n, Bytes& out);
    /**
     * \brief A vector with a one-byte length prefix.
     * \param[out] out the bytes
     * \param min minimum length
     * \param max maximum length
     * \return false if too short or out of bounds
     */
    bool Vector8(Bytes& out, std::size_t min = 0, std::size_t max = 255);
    /**
     * \brief A vector with a two-byte length prefix.
     * \param[out] out the bytes
     * \param min minimum length
     * \param max maximum length
     * \return false if too short or out of bounds
     */
    bool Vector16(Bytes& out, std::size_t min = 0, std::size_t max = 65535);
    /// \return bytes left
    std::size_t Remaining() const;
    /// \return true if nothing is left
    bool AtEnd() const;

  private:
    const uint8_t* m_data; //!< data
    std::size_t m_length;  //!< length
    std::size_t m_pos;     //!< read position
};

/**
 * \ingroup iotsec
 * \brief Writer for TLS presentation-language structures.
 */
class TlsWriter
{
  public:
    /// \param v value
    void U8(uint8_t v);
    /// \param v value
    void U16(uint16_t v);
    /// \param v value (24 bits)
    void U24(uint32_t v);
    /// \param v value (48 bits)
    void U48(uint64_t v);
    /// \param v value
    void U64(uint64_t v);
    /// \param b bytes
    void Raw(const Bytes& b);
    /// \param b bytes, after a one-byte length
    void Vector8(const Bytes& b);
    /// \param b bytes, after a two-byte length
    void Vector16(const Bytes& b);
    /// \return the bytes written
    const Bytes& Data() const;
    /// \return the bytes written, moved out
    Bytes Take();

  private:
    Bytes m_data; //!< output
};

/**
 * \ingroup iotsec
 * \brief One DTLS record (RFC 6347, section 4.1).
 */
struct DtlsRecord
{
    uint8_t type{0};      //!< content type
    uint16_t version{0};  //!< protocol version on the wire
    uint16_t epoch{0};    //!< epoch
    uint64_t sequence{0}; //!< 48-bit sequence number
    Bytes fragment;       //!< the (possibly protected) payload

    /// \return the 13-byte header followed by the fragment
    Bytes Serialize() const;

    /**
     * \brief Parse every record of a datagram.
     * \param data the datagram
     * \param length its length
     * \param[out] records the records parsed, in order, up to the first malformed one
     * \param[out] error why parsing stopped early ("" if the whole datagram parsed)
     * \return true if the whole datagram parsed
     */
    static bool ParseDatagram(const uint8_t* data,
                              std::size_t length,
                              std::vector<DtlsRecord>& records,
                              std::string* error);
};

/**
 * \ingroup iotsec
 * \brief One DTLS handshake message fragment (RFC 6347, section 4.2.2).
 */
struct DtlsHandshakeFragment
{
    uint8_t msgType{0};         //!< handshake type
    uint32_t length{0};         //!< length of the whole message body
    uint16_t messageSeq{0};     //!< message sequence number
    uint32_t fragmentOffset{0}; //!< offset of this fragment in the body
    Bytes body;                 //!< the fragment's bytes (fragment_length of them)

    /// \return the 12-byte header followed by the fragment's bytes
    Bytes Serialize() const;

    /**
     * \brief Parse every handshake fragment in the payload of a handshake record.
     * \param data the record payload
     * \param[out] fragments the fragments parsed, in order
     * \param[out] error why parsing failed
     * \return true if the whole payload parsed into consistent fragments
     */
    static bool ParseAll(const Bytes& data,
                         std::vector<DtlsHandshakeFragment>& fragments,
                         std::string* error);
};

/**
 * \ingroup iotsec
 * \brief A hello extension: type and opaque data.
 */
struct TlsExtension
{
    uint16_t type{0}; //!< extension type
    Bytes data;       //!< extension data
};

/**
 * \ingroup iotsec
 * \brief ClientHello body (RFC 6347, section 4.2.1: with a cookie).
 */
struct DtlsClientHello
{
    uint16_t clientVersion{dtls::DTLS_1_2}; //!< client_version
    Bytes random;                           //!< 32 bytes
    Bytes sessionId;                        //!< 0..32 bytes
    Bytes cookie;                           //!< 0..255 bytes (DTLS only)
    std::vector<uint16_t> cipherSuites;     //!< offered suites
    Bytes compressionMethods{0};            //!< offered compression methods
    std::vector<TlsExtension> extensions;   //!< extensions
    bool extensionBlock{false};             //!< write an extensions block even when it is empty

    /**
     * \param withCookie write the cookie field (DTLS) or not (TLS)
     * \return the body
     */
    Bytes Serialize(bool withCookie = true) const;
    /**
     * \param body the body
     * \param withCookie expect a cookie field
     * \param[out] error why parsing failed
     * \return true on success
     */
    bool Parse(const Bytes& body, bool withCookie, std::string* error);
    /**
     * \param type an extension type
     * \return true if the hello carries it
     */
    bool HasExtension(uint16_t type) const;
};

/**
 * \ingroup iotsec
 * \brief ServerHello body.
 */
struct DtlsServerHello
{
    uint16_t serverVersion{dtls::DTLS_1_2}; //!< server_version
    Bytes random;                           //!< 32 bytes
    Bytes sessionId;                        //!< 0..32 bytes
    uint16_t cipherSuite{0};                //!< chosen suite
    uint8_t compressionMethod{0};           //!< chosen compression
    std::vector<TlsExtension> extensions;   //!< extensions
    bool extensionBlock{false};             //!< write an extensions block even when it is empty

    /// \return the body
    Bytes Serialize() const;
    /**
     * \param body the body
     * \param[out] error why parsing failed
     * \return true on success
     */
    bool Parse(const Bytes& body, std::string* error);
};

/**
 * \ingroup iotsec
 * \brief HelloVerifyRequest body.
 */
struct DtlsHelloVerifyRequest
{
    uint16_t serverVersion{dtls::DTLS_1_2}; //!< server_version
    Bytes cookie;                           //!< 0..255 bytes

    /// \return the body
    Bytes Serialize() const;
    /**
     * \param body the body
     * \param[out] error why parsing failed
     * \return true on success
     */
    bool Parse(const Bytes& body, std::string* error);
};

/**
 * \brief Table I of Brachmann et al. (ICCCN 2012), the hello bodies: the version a TLS
 * ClientHello or ServerHello carries, as DTLS writes it, and back: {3,3} <-> {254,253}
 * (TLS 1.2, DTLS 1.2) and {3,2} or {3,1} <-> {254,255} (DTLS 1.0, which has no 1.1).
 * \param version a version
 * \param toDtls true: TLS to DTLS; false: DTLS to TLS
 * \param[out] mapped the other protocol's version
 * \return false if the version has no counterpart
 */
bool MapHelloVersion(uint16_t version, bool toDtls, uint16_t& mapped);

/**
 * \brief A ClientHello body mapped between TLS and DTLS by byte surgery, every byte other
 * than the version and the cookie field kept as it was (a mapping proxy must not change what
 * it does not understand): TLS to DTLS inserts an empty cookie after the session ID; DTLS to
 * TLS removes the cookie field, whatever it holds.
 * \param body the ClientHello body
 * \param toDtls true: TLS to DTLS; false: DTLS to TLS
 * \param[out] mapped the mapped body
 * \param[out] error why the body cannot be mapped (may be null)
 * \return false if the body is too short to hold a version, a random, a session ID (and, from
 * DTLS, a cookie), or its version has no counterpart
 */
bool MapClientHelloBody(const Bytes& body, bool toDtls, Bytes& mapped, std::string* error);

/**
 * \brief A ServerHello body mapped between TLS and DTLS: only server_version changes.
 * \param body the ServerHello body
 * \param toDtls true: TLS to DTLS; false: DTLS to TLS
 * \param[out] mapped the mapped body
 * \param[out] error why the body cannot be mapped (may be null)
 * \return false if the body has no version or its version has no counterpart
 */
bool MapServerHelloBody(const Bytes& body, bool toDtls, Bytes& mapped, std::string* error);

/**
 * \ingroup iotsec
 * \brief Parse an opaque<0..2^16-1> that must fill a body exactly (the PSK identity hint of a
 * ServerKeyExchange, the PSK identity of a ClientKeyExchange; RFC 4279).
 * \param body the body
 * \param[out] value the opaque value
 * \param[out] error why parsing failed
 * \return true on success
 */
bool ParsePskOpaque(const Bytes& body, Bytes& value, std::string* error);

/**
 * \param value an opaque value
 * \return it as opaque<0..2^16-1>
 */
Bytes SerializePskOpaque(const Bytes& value);

} // namespace ns3

#endif /* IOTSEC_DTLS_CODEC_H */
