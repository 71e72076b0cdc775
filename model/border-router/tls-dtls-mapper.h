/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_TLS_DTLS_MAPPER_H
#define IOTSEC_TLS_DTLS_MAPPER_H

#include "ns3/dtls-codec.h"
#include "ns3/dtls-handshake-framing.h"
#include "ns3/dtls-reassembler.h"
#include "ns3/dtls-record-layer.h"
#include "ns3/nstime.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief Which mapped field a tampering border router corrupts (TlsDtlsMapper::SetTamper).
 *
 * An unscoped enum so that it can be the value of an EnumValue attribute.
 */
enum TlsDtlsTamperField : uint8_t
{
    TAMPER_NONE,              //!< an honest router
    TAMPER_CLIENT_RANDOM,     //!< a byte of ClientHello.random, on its way to the node
    TAMPER_SERVER_RANDOM,     //!< a byte of ServerHello.random, on its way to the client
    TAMPER_FINISHED_SEQUENCE, //!< the sequence number of the client's Finished record
};

/**
 * \param field a field
 * \return its attribute name: "None", "ClientRandom", "ServerRandom", "FinishedSequence"
 */
std::string TlsDtlsTamperFieldName(TlsDtlsTamperField field);

/**
 * \param name an attribute name ("None", "ClientRandom", "ServerRandom", "FinishedSequence")
 * \param[out] field the field it names
 * \return false if it names none (field is left alone)
 */
bool TlsDtlsTamperFieldFromName(const std::string& name, TlsDtlsTamperField& field);

/**
 * \ingroup iotsec
 * \brief Configuration of a TlsDtlsMapper.
 */
struct TlsDtlsMapperConfig
{
    uint32_t mtu{1232};              //!< largest datagram towards the node
    Time initialTimeout{Seconds(1)}; //!< RFC 6347 timer for the client's flights in the LLN
    Time maxTimeout{Seconds(60)};    //!< the timer doubles up to this
    uint32_t maxRetransmissions{7};  //!< re-sent flights before the connection is given up
    uint32_t maxMessageBytes{8192};  //!< longest handshake message accepted either way
    /// most bytes of the client's flight kept for retransmission; a client that sends more
    /// handshake bytes before the node answers fails the mapping
    uint32_t maxFlightBytes{16384};
};

/**
 * \ingroup iotsec
 * \brief What a TlsDtlsMapper asks of its binding.
 */
class TlsDtlsMapperListener
{
  public:
    virtual ~TlsDtlsMapperListener() = default;
    /// \param datagram a UDP payload for the node
    virtual void MapperToNode(const Bytes& datagram) = 0;
    /// \param bytes bytes for the TLS client's TCP connection
    virtual void MapperToTls(const Bytes& bytes) = 0;
    /// \param deadline when to call TlsDtlsMapper::Timeout (replaces any earlier deadline)
    virtual void MapperSetTimer(Time deadline) = 0;
    /// \brief Forget the deadline.
    virtual void MapperCancelTimer() = 0;
    /// \param reason why the mapping cannot go on: close the TCP connection
    virtual void MapperFailed(const std::string& reason) = 0;
};

/**
 * \ingroup iotsec
 * \brief The TLS<->DTLS record mapping of a 6LoWPAN border router for one connection, a
 * sans-I/O engine (Brachmann, Keoh, Garcia-Morchon, Kumar, ICCCN 2012, section V-B and
 * Table I).
 *
 * A TLS client on the Internet reaches a DTLS server node in the LLN through it; the router
 * translates every field and holds no key. From TLS to DTLS: record version {3,3} becomes
 * {254,253}; the epoch and 48-bit sequence number TLS leaves implicit are written into the
 * header (epoch 1 after the ChangeCipherSpec, the sequence number TLS's own count, so that
 * the node can check the record's MAC with TLS's numbers); handshake messages get message_seq,
 * fragment_offset and fragment_length, and are fragmented to the LLN's MTU (the ClientHello
 * excepted); the ClientHello body gets client_version {254,253} and an empty cookie (no
 * cookie exchange: TCP's handshake proved the client's address, so the node runs without
 * CookieExchange). From DTLS to TLS: the node's fragments are reassembled, the DTLS fields
 * dropped, the ServerHello's version mapped back, and the node's handshake retransmissions
 * and duplicated datagrams are not forwarded (TCP delivered the first copy). Protected
 * records (the Finished messages, application data, alerts) cross with only their header
 * rewritten.
 *
 * The LLN leg is lossy and TLS has no retransmission: the router runs RFC 6347's timer for
 * the client's handshake flights on the client's behalf (it re-sends the flight it mapped,
 * epoch-0 records with new sequence numbers, the Finished with its TLS number) and re-sends
 * it when it sees the node re-send its previous flight. An application-data record from the
 * node lost in the LLN leaves a gap TLS cannot cross: the client's next MAC check fails and
 * the connection breaks (counted as GetGaps()).
 *
 * State: the sequence numbers and message_seq counters of both directions, a few flags, the
 * last client flight (for retransmission) and incomplete records and messages; never a key.
 */
class TlsDtlsMapper
{
  public:
    /**
     * \param config the configuration
     * \param listener the binding (must outlive the mapper)
     */
    TlsDtlsMapper(const TlsDtlsMapperConfig& config, TlsDtlsMapperListener& listener);

    /**
     * \param now the current time
     * \param bytes the next bytes of the TLS client's stream
     */
    void FromTls(Time now, const Bytes& bytes);

    /**
     * \param now the current time
     * \param datagram a datagram from the node
     */
    void FromNode(Time now, const Bytes& datagram);

    /**
     * \brief The deadline given through MapperSetTimer() has passed.
     * \param now the current time
     */
    void Timeout(Time now);

    /**
     * \brief Corrupt a mapped field (a tampering router): once, on the first occasion.
     * \param field the field
     */
    void SetTamper(TlsDtlsTamperField field);

    /// \return true once the mapping failed (MapperFailed was called)
    bool IsFailed() const;
    /// \return header state held per connection: counters and flags (never a key)
    uint32_t GetHeaderStateBytes() const;
    /// \return bytes buffered: the kept flight, incomplete records and messages
    uint32_t GetBufferedBytes() const;
    /// \return handshake flights re-sent towards the node
    uint32_t GetRetransmissions() const;
    /// \return datagrams or records from the node not forwarded (duplicates, retransmissions)
    uint32_t GetDuplicatesDropped() const;
    /// \return gaps in the node's record numbers forwarded to TLS (records lost in the LLN)
    uint32_t GetGaps() const;
    /// \return records mapped TLS -> DTLS
    uint64_t GetRecordsToNode() const;
    /// \return records mapped DTLS -> TLS
    uint64_t GetRecordsToTls() const;
    /// \return true once the node's Finished was forwarded
    bool IsHandshakeForwarded() const;

  private:
    void MapHandshakeToNode(uint8_t type, Bytes body, std::vector<Bytes>& fragments);
    void NodeAnswered();
    void ResendFlight(Time now);
    void ArmTimer(Time now);
    void StopTimer();
    void TlsRecord(uint8_t type, const Bytes& fragment, Bytes& out) const;
    void Failed(const std::string& reason);

    /// A record towards the node; those of the client's last flight are kept to re-send it
    struct Kept
    {
        uint8_t type;         //!< content type
        uint16_t epoch;       //!< epoch
        uint64_t tlsSequence; //!< epoch 1: the TLS sequence number it must keep
        Bytes fragment;       //!< payload
    };

    void SendToNode(const std::vector<Kept>& items);

    TlsDtlsMapperConfig m_config;        //!< configuration
    TlsDtlsMapperListener& m_listener;   //!< binding
    TlsRecordLayer m_tlsIn;              //!< the client's stream, numbered
    TlsHandshakeFraming m_tlsHandshake;  //!< the client's handshake messages
    DtlsReassembler m_nodeHandshake;     //!< the node's handshake fragments
    uint64_t m_toNodeSeq0{0};            //!< next epoch-0 sequence number towards the node
    uint16_t m_toNodeMessageSeq{0};      //!< next message_seq towards the node
    uint64_t m_lastNodeSeq1{0};          //!< highest epoch-1 sequence number from the node + 1
    uint64_t m_lastNodeAppSeq{0};        //!< sequence number of the node's last application record
    bool m_nodeAnswered{true};           //!< the node answered the client's last flight
    bool m_nodeCcsForwarded{false};      //!< the node's ChangeCipherSpec went to TLS
    bool m_nodeFinishedForwarded{false}; //!< the node's Finished went to TLS
    bool m_clientFinishedSeen{false};    //!< the client's Finished was mapped
    uint16_t m_nodeFlightFirstSeq{0};    //!< message_seq of the first message of the node's flight
    bool m_nodeFlightKnown{false};       //!< m_nodeFlightFirstSeq is set
    std::vector<Kept> m_flight;          //!< the client's last handshake flight
    uint32_t m_flightBytes{0};           //!< its payload bytes
    Time m_timeout;                      //!< current timer interval
    uint32_t m_expiries{0};              //!< expiries for the kept flight
    bool m_timerArmed{false};            //!< a deadline is set
    bool m_failed{false};                //!< the mapping failed
    TlsDtlsTamperField m_tamper{TAMPER_NONE}; //!< field to corrupt
    uint32_t m_retransmissions{0};            //!< flights re-sent
    uint32_t m_duplicates{0};                 //!< not forwarded
    uint32_t m_gaps{0};                       //!< gaps forwarded
    uint64_t m_recordsToNode{0};              //!< records mapped to DTLS
    uint64_t m_recordsToTls{0};               //!< records mapped to TLS
};

} // namespace ns3

#endif /* IOTSEC_TLS_DTLS_MAPPER_H */
