/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_DTLS_RECORD_LAYER_H
#define IOTSEC_DTLS_RECORD_LAYER_H

#include "dtls-codec.h"

#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief Which protocol an engine speaks: DTLS 1.2 over datagrams or TLS 1.2 over a stream.
 *
 * An unscoped enum so that it can be the value of an EnumValue attribute; write it
 * qualified, TlsProtocol::TLS_1_2.
 */
enum TlsProtocol : uint8_t
{
    DTLS_1_2, //!< RFC 6347: explicit epoch and 48-bit sequence, replay window, datagrams
    TLS_1_2,  //!< RFC 5246: implicit 64-bit sequence, one reliable ordered byte stream
};

/**
 * \param protocol a protocol
 * \return its name: "DTLS 1.2" or "TLS 1.2"
 */
std::string TlsProtocolName(TlsProtocol protocol);

/**
 * \ingroup iotsec
 * \brief The record-layer seam of the (D)TLS engine: how records are read from and written
 * to the transport, and which 64-bit sequence number protects each one.
 *
 * Both variants hand the engine the same DtlsRecord: content type, version, epoch, sequence
 * number and fragment. DTLS records carry their epoch and 48-bit sequence number on the
 * wire; a TLS record layer gives each record the epoch and sequence number TLS leaves
 * implicit (the epoch is 1 after the peer's ChangeCipherSpec; the sequence counts the
 * records of an epoch from 0), so that the engine's record protection and state machine are
 * one code for both, and the TLS<->DTLS mapping can reuse the TLS layer to track the numbers
 * it adds (Brachmann et al., Table I).
 *
 * Record protection (TLS_PSK_WITH_AES_128_CCM_8, RFC 6655) uses GetNonceSequence() as
 * nonce_explicit and as the seq_num of the additional data: DTLS's epoch || sequence_number
 * (RFC 6347, 4.1.2.1), TLS's 64-bit implicit sequence number (RFC 5246, 6.2.3.3).
 */
class RecordLayer
{
  public:
    virtual ~RecordLayer() = default;

    /// \return the protocol
    virtual TlsProtocol GetProtocol() const = 0;

    /// \return the version written in record headers and hellos ({254,253} or {3,3})
    virtual uint16_t GetVersion() const = 0;

    /// \return bytes of a record header (13 or 5)
    virtual std::size_t GetHeaderBytes() const = 0;

    /// \return the largest sequence number an epoch may use
    virtual uint64_t GetMaxSequence() const = 0;

    /**
     * \return true if the transport delivers every byte once and in order (TLS over TCP):
     * no replay window, no retransmission timers, and a record that fails its checks breaks
     * the connection (RFC 5246, 7.2.2)
     */
    virtual bool IsReliable() const = 0;

    /**
     * \brief Read records from bytes the transport delivered.
     *
     * DTLS: \p bytes is one datagram; its records, in order, up to the first that does not
     * parse. TLS: \p bytes continue the byte stream; every record completed so far, with
     * its implicit epoch and sequence number; an incomplete record waits for more bytes.
     * \param bytes the bytes
     * \param[out] records the records read (appended)
     * \param[out] error why the input does not parse (may be null)
     * \return false if the input does not parse: DTLS drops the rest of the datagram; a TLS
     * stream is broken for good and every later Input() fails too
     */
    virtual bool Input(const Bytes& bytes,
                       std::vector<DtlsRecord>& records,
                       std::string* error) = 0;

    /**
     * \param record a record to send (DTLS writes its epoch and sequence number; TLS leaves
     * them implicit)
     * \return its header followed by its fragment
     */
    virtual Bytes Serialize(const DtlsRecord& record) const = 0;

    /**
     * \param record a record
     * \return the 64-bit sequence number its protection uses
     */
    virtual uint64_t GetNonceSequence(const DtlsRecord& record) const = 0;

    /// \return bytes of incomplete records held (TLS)
    virtual uint32_t GetBufferedBytes() const = 0;

    /// \brief Forget buffered bytes and start reading epoch 0 again.
    virtual void Reset() = 0;

    /**
     * \param protocol a protocol
     * \return a record layer for it
     */
    static std::unique_ptr<RecordLayer> Create(TlsProtocol protocol);
};

/**
 * \ingroup iotsec
 * \brief DTLS 1.2 records (RFC 6347, 4.1): 13-byte headers with epoch and 48-bit sequence
 * number, several records per datagram.
 */
class DtlsRecordLayer : public RecordLayer
{
  public:
    TlsProtocol GetProtocol() const override;
    uint16_t GetVersion() const override;
    std::size_t GetHeaderBytes() const override;
    uint64_t GetMaxSequence() const override;
    bool IsReliable() const override;
    bool Input(const Bytes& bytes, std::vector<DtlsRecord>& records, std::string* error) override;
    Bytes Serialize(const DtlsRecord& record) const override;
    uint64_t GetNonceSequence(const DtlsRecord& record) const override;
    uint32_t GetBufferedBytes() const override;
    void Reset() override;
};

/**
 * \ingroup iotsec
 * \brief TLS 1.2 records over a byte stream (RFC 5246, 6.2): 5-byte headers, records split
 * across and packed into the stream's segments in any way.
 *
 * Input() reassembles records from the stream and numbers them: epoch 0 until a
 * ChangeCipherSpec record, epoch 1 after it, each epoch's records counted from 0 (the
 * implicit sequence number). A record whose header is not a TLS record (unknown content
 * type, a version whose major is not 3, a length beyond 2^14 + 2048, or a second
 * ChangeCipherSpec) breaks the stream.
 */
class TlsRecordLayer : public RecordLayer
{
  public:
    TlsProtocol GetProtocol() const override;
    uint16_t GetVersion() const override;
    std::size_t GetHeaderBytes() const override;
    uint64_t GetMaxSequence() const override;
    bool IsReliable() const override;
    bool Input(const Bytes& bytes, std::vector<DtlsRecord>& records, std::string* error) override;
    Bytes Serialize(const DtlsRecord& record) const override;
    uint64_t GetNonceSequence(const DtlsRecord& record) const override;
    uint32_t GetBufferedBytes() const override;
    void Reset() override;

    /// \return the epoch the next record read will be given
    uint16_t GetReadEpoch() const;
    /// \return the implicit sequence number the next record read will be given
    uint64_t GetReadSequence() const;

  private:
    Bytes m_buffer;          //!< bytes of records not yet complete
    uint16_t m_readEpoch{0}; //!< epoch of the next record
    uint64_t m_readSeq{0};   //!< implicit sequence number of the next record
    bool m_broken{false};    //!< the stream did not parse
    std::string m_brokenWhy; //!< why
};

} // namespace ns3

#endif /* IOTSEC_DTLS_RECORD_LAYER_H */
