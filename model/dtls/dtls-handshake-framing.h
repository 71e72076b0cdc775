/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_DTLS_HANDSHAKE_FRAMING_H
#define IOTSEC_DTLS_HANDSHAKE_FRAMING_H

#include "dtls-reassembler.h"
#include "dtls-record-layer.h"
#include "dtls-transcript.h"

#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief The handshake-framing seam of the (D)TLS engine: how handshake messages are put
 * into and taken out of handshake records.
 *
 * DTLS (RFC 6347, 4.2.2): a 12-byte header with message_seq, fragment_offset and
 * fragment_length; a message may be fragmented over several records, which may arrive out
 * of order, twice, or not at all. TLS (RFC 5246, 7.4): a 4-byte header; messages are
 * concatenated in the stream of handshake records, split across records in any way, and
 * numbered here in the order they arrive (TLS has no message_seq on the wire).
 */
class HandshakeFraming
{
  public:
    /// What Add() saw besides messages
    struct Report
    {
        /// message_seq of every fragment at offset 0 of a message already released (the
        /// peer may be re-sending a flight)
        std::vector<uint16_t> duplicateStarts;
        uint32_t invalid{0};         //!< fragments inconsistent with earlier ones, or too long
        uint32_t tooFar{0};          //!< fragments too far ahead of the next expected message
        uint32_t unexpectedEpoch{0}; //!< messages in the wrong epoch (only Finished is in 1)
    };

    virtual ~HandshakeFraming() = default;

    /// \return bytes of a handshake header (12 or 4)
    virtual std::size_t GetHeaderBytes() const = 0;

    /// \return the framing the handshake transcript (and so Finished) is computed over
    virtual DtlsTranscript::Encoding GetTranscriptEncoding() const = 0;

    /**
     * \brief Frame one message into handshake record payloads.
     * \param type the handshake type
     * \param seq its message_seq (DTLS)
     * \param body its body
     * \param maxPayload the most bytes of one record's payload
     * \return the payloads, in order (DTLS: one fragment each, unless \p maxPayload is 0:
     * then the message is not fragmented; TLS: the framed message split at \p maxPayload)
     */
    virtual std::vector<Bytes> Frame(uint8_t type,
                                     uint16_t seq,
                                     const Bytes& body,
                                     std::size_t maxPayload) const = 0;

    /**
     * \brief Take the payload of one handshake record.
     * \param payload the payload
     * \param epoch the record's epoch
     * \param[out] report what was seen besides messages
     * \param[out] error why the payload does not parse (may be null)
     * \return false if it does not parse (DTLS: the record is dropped; TLS: the stream is
     * broken)
     */
    virtual bool Add(const Bytes& payload, uint16_t epoch, Report& report, std::string* error) = 0;

    /**
     * \brief Release the next complete message, in order.
     * \param[out] type its handshake type
     * \param[out] seq its message_seq (TLS: its position in the handshake)
     * \param[out] body its body
     * \return true if a message was released
     */
    virtual bool PopNext(uint8_t& type, uint16_t& seq, Bytes& body) = 0;

    /**
     * \brief Drop everything and expect a given message_seq next.
     * \param next the next message_seq
     */
    virtual void Reset(uint16_t next) = 0;

    /// \return bytes held of messages not yet released
    virtual uint32_t GetBufferedBytes() const = 0;

    /// \return the message_seq of the next message to be released
    virtual uint16_t GetNextSeq() const = 0;

    /**
     * \param protocol a protocol
     * \param maxMessageBytes the longest message body accepted
     * \return a framing for it
     */
    static std::unique_ptr<HandshakeFraming> Create(TlsProtocol protocol, uint32_t maxMessageBytes);
};

/**
 * \ingroup iotsec
 * \brief DTLS handshake framing: 12-byte headers, fragments reassembled by a DtlsReassembler.
 */
class DtlsHandshakeFraming : public HandshakeFraming
{
  public:
    /// \param maxMessageBytes the longest message body accepted
    explicit DtlsHandshakeFraming(uint32_t maxMessageBytes);

    std::size_t GetHeaderBytes() const override;
    DtlsTranscript::Encoding GetTranscriptEncoding() const override;
    std::vector<Bytes> Frame(uint8_t type,
                             uint16_t seq,
                             const Bytes& body,
                             std::size_t maxPayload) const override;
    bool Add(const Bytes& payload, uint16_t epoch, Report& report, std::string* error) override;
    bool PopNext(uint8_t& type, uint16_t& seq, Bytes& body) override;
    void Reset(uint16_t next) override;
    uint32_t GetBufferedBytes() const override;
    uint16_t GetNextSeq() const override;

  private:
    DtlsReassembler m_reassembler; //!< fragments being reassembled
};

/**
 * \ingroup iotsec
 * \brief TLS handshake framing: 4-byte headers over the stream of handshake records.
 */
class TlsHandshakeFraming : public HandshakeFraming
{
  public:
    /// \param maxMessageBytes the longest message body accepted
    explicit TlsHandshakeFraming(uint32_t maxMessageBytes);

    std::size_t GetHeaderBytes() const override;
    DtlsTranscript::Encoding GetTranscriptEncoding() const override;
    std::vector<Bytes> Frame(uint8_t type,
                             uint16_t seq,
                             const Bytes& body,
                             std::size_t maxPayload) const override;
    bool Add(const Bytes& payload, uint16_t epoch, Report& report, std::string* error) override;
    bool PopNext(uint8_t& type, uint16_t& seq, Bytes& body) override;
    void Reset(uint16_t next) override;
    uint32_t GetBufferedBytes() const override;
    uint16_t GetNextSeq() const override;

  private:
    /// A complete message waiting to be released
    struct Message
    {
        uint8_t type; //!< handshake type
        uint16_t seq; //!< position in the handshake
        Bytes body;   //!< body
    };

    uint32_t m_maxMessageBytes;  //!< longest body accepted
    Bytes m_partial;             //!< bytes of a message not yet complete
    std::deque<Message> m_ready; //!< complete messages
    uint16_t m_next{0};          //!< number of the next message
};

} // namespace ns3

#endif /* IOTSEC_DTLS_HANDSHAKE_FRAMING_H */
