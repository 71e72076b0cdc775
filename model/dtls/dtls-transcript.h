/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_DTLS_TRANSCRIPT_H
#define IOTSEC_DTLS_TRANSCRIPT_H

#include "dtls-codec.h"

#include <vector>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief The handshake transcript that Finished messages authenticate.
 *
 * It keeps the handshake messages themselves (type, message_seq, body), so that its hash can
 * be computed over either encoding: DTLS, where each message is hashed with its 12-byte DTLS
 * header as if it had been sent unfragmented (RFC 6347, section 4.2.6), or TLS, with the 4-byte
 * TLS header (RFC 5246). A TLS<->DTLS mapping proxy translates headers field by field, so a
 * node behind it can verify a Finished over the transcript re-encoded as TLS.
 */
class DtlsTranscript
{
  public:
    /// How messages are framed when hashed
    enum Encoding
    {
        DTLS, //!< 12-byte DTLS handshake headers
        TLS,  //!< 4-byte TLS handshake headers
        /// a DTLS handshake as the TLS peer behind a TLS<->DTLS mapping border router hashed
        /// it: 4-byte headers, and the ClientHello and ServerHello bodies mapped back to TLS
        /// (MapClientHelloBody, MapServerHelloBody: hello versions {3,3}, no cookie field)
        TLS_MAPPED,
    };

    /// A message of the transcript
    struct Message
    {
        uint8_t type; //!< handshake type
        uint16_t seq; //!< DTLS message_seq
        Bytes body;   //!< body
    };

    /**
     * \brief Append a message.
     * \param type handshake type
     * \param seq message_seq
     * \param body body
     */
    void Add(uint8_t type, uint16_t seq, const Bytes& body);

    /**
     * \brief Choose the encoding whose hash is kept running as messages are added (the one
     * the engine's own Finished uses); the other is computed from the messages when asked.
     * \param encoding the framing (DTLS until set)
     */
    void SetRunningEncoding(Encoding encoding);

    /**
     * \param encoding the framing
     * \return SHA-256 of every message so far
     */
    Bytes Hash(Encoding encoding = DTLS) const;

    /**
     * \param encoding the framing
     * \return the bytes that Hash() hashes
     */
    Bytes Encode(Encoding encoding) const;

    /// \return the messages
    const std::vector<Message>& GetMessages() const;

    /// \brief Forget every message.
    void Clear();

    /// \return total length of the running encoding hashed so far
    uint64_t GetLength() const;

  private:
    std::vector<Message> m_messages; //!< messages
    Encoding m_running{DTLS};        //!< the encoding hashed as messages are added
    Sha256Hash m_runningHash;        //!< its running hash
};

} // namespace ns3

#endif /* IOTSEC_DTLS_TRANSCRIPT_H */
