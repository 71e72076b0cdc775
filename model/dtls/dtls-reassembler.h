/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_DTLS_REASSEMBLER_H
#define IOTSEC_DTLS_REASSEMBLER_H

#include "dtls-codec.h"

#include <map>
#include <vector>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief Reassembles DTLS handshake messages from fragments (RFC 6347, section 4.2.3).
 *
 * Fragments may arrive out of order, overlap, or be duplicated. Messages are released in
 * message_seq order, starting at the next expected sequence number. Memory is bounded: a
 * message longer than the configured maximum, or more than a few messages ahead of the next
 * expected one, is refused.
 */
class DtlsReassembler
{
  public:
    /// What happened to a fragment
    enum Result
    {
        BUFFERED,  //!< kept (the message may be complete now: see PopNext)
        DUPLICATE, //!< for a message already released (the peer may be retransmitting)
        TOO_FAR,   //!< for a message too far ahead of the next expected one; dropped
        INVALID,   //!< inconsistent with other fragments of the message, or too long
    };

    /**
     * \param maxMessageBytes the longest message body accepted
     * \param maxAhead how many messages beyond the next expected one may be buffered
     */
    DtlsReassembler(uint32_t maxMessageBytes = 8192, uint16_t maxAhead = 8);

    /**
     * \param fragment a fragment
     * \return what happened to it
     */
    Result Add(const DtlsHandshakeFragment& fragment);

    /**
     * \brief Release the next message in sequence, if it is complete.
     * \param[out] type its handshake type
     * \param[out] seq its message_seq
     * \param[out] body its body
     * \return true if a message was released
     */
    bool PopNext(uint8_t& type, uint16_t& seq, Bytes& body);

    /// \return the next message_seq expected
    uint16_t GetNextSeq() const;

    /**
     * \brief Drop everything and expect a given message_seq next.
     * \param next the next message_seq
     */
    void Reset(uint16_t next);

    /// \return bytes held in reassembly buffers
    uint32_t GetBufferedBytes() const;

  private:
    /// A message being reassembled
    struct Pending
    {
        uint8_t type{0};        //!< handshake type
        uint32_t length{0};     //!< body length
        Bytes body;             //!< body bytes
        std::vector<bool> have; //!< which bytes arrived
        uint32_t received{0};   //!< how many distinct bytes arrived
    };

    uint32_t m_maxMessageBytes;            //!< longest body accepted
    uint16_t m_maxAhead;                   //!< buffering window
    uint16_t m_next;                       //!< next message_seq to release
    std::map<uint16_t, Pending> m_pending; //!< messages being reassembled
};

} // namespace ns3

#endif /* IOTSEC_DTLS_REASSEMBLER_H */
