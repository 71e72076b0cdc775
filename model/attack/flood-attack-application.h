/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_FLOOD_ATTACK_APPLICATION_H
#define IOTSEC_FLOOD_ATTACK_APPLICATION_H

#include "udp-attack-application.h"

#include "ns3/attribute.h"
#include "ns3/iotsec-crypto.h"

#include <string>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief A flooding attacker on the Internet (Brachmann et al., ICCCN 2012, section IV):
 * well-formed or garbage datagrams sent at a rate to nodes of a 6LoWPAN network, from one
 * address or from many spoofed ones.
 *
 * Payloads (attribute Payload), each freshly built for every datagram:
 * - DtlsClientHello: a DTLS 1.2 ClientHello record (epoch 0, sequence 0, message_seq 0) with
 *   a fresh 32-byte random, an empty session ID, an empty cookie, the one cipher suite
 *   TLS_PSK_WITH_AES_128_CCM_8 (0xC0A8), null compression and no extension: the first flight
 *   of a new client, which makes a DTLS server answer (HelloVerifyRequest) or, without cookies,
 *   allocate a session;
 * - DtlsBadRecord: an epoch-1 application_data record (type 23) of 32 random bytes (an 8-byte
 *   explicit nonce, 16 bytes of "ciphertext" and an 8-byte CCM-8 tag), with sequence numbers
 *   1, 2, 3, ...: fresh for a replay window, so that a node with a session from that address
 *   runs the AES-CCM check, which fails; a node without one drops it;
 * - CoapCon, CoapNon: a NoSec CoAP GET of UriPath, confirmable or not, with a fresh message
 *   ID (consecutive from a random start) and a fresh random 4-byte token.
 *
 * Sources (attribute SpoofedSources): 0 sends from the attacker's own address; N > 0 draws
 * each source uniformly from the N addresses SpoofPrefix::1 ... SpoofPrefix::N (the /64 of
 * SpoofPrefix with interface IDs 1..N), which needs SetDevice(): an ordinary socket cannot
 * spoof, and the application refuses to start. DestinationPort is 5683 by default: set 5684
 * for the DTLS payloads against a CoAP-over-DTLS server.
 */
class FloodAttackApplication : public UdpAttackApplication
{
  public:
    /// What the datagrams carry
    enum Payload
    {
        DTLS_CLIENT_HELLO, //!< a well-formed DTLS 1.2 ClientHello record
        DTLS_BAD_RECORD,   //!< an epoch-1 application_data record that fails authentication
        COAP_CON,          //!< a NoSec confirmable CoAP GET
        COAP_NON           //!< a NoSec non-confirmable CoAP GET
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    FloodAttackApplication();
    ~FloodAttackApplication() override;

    /**
     * \param payload a payload kind
     * \return its attribute name ("DtlsClientHello", ...)
     */
    static std::string PayloadName(Payload payload);

    /**
     * \param prefix a /64 prefix (the last 64 bits are ignored)
     * \param index an interface ID
     * \return the address prefix::index
     */
    static Ipv6Address SpoofedAddress(Ipv6Address prefix, uint64_t index);

  private:
    void CheckConfiguration() override;
    void Prepare() override;
    Ptr<Packet> MakePayload(Ipv6Address target) override;
    Ipv6Address ChooseSource() override;
    uint16_t GetSourcePort() const override;

    /// \return a DTLS ClientHello record with a fresh random
    Bytes MakeClientHello();
    /// \return an epoch-1 application_data record of random bytes
    Bytes MakeBadRecord();
    /// \param confirmable CON or NON \return a CoAP GET of the Uri-Path
    Bytes MakeCoapGet(bool confirmable);
    /// \param n how many \return n random bytes
    Bytes RandomBytes(std::size_t n);

    Payload m_payload;         //!< Payload attribute
    std::string m_uriPath;     //!< UriPath attribute
    uint32_t m_spoofed;        //!< SpoofedSources attribute
    Ipv6Address m_spoofPrefix; //!< SpoofPrefix attribute
    uint16_t m_sourcePort;     //!< SourcePort attribute
    Ipv6Address m_own;         //!< the attacker's own address (SpoofedSources 0)
    uint16_t m_messageId;      //!< next CoAP message ID
    uint64_t m_recordSequence; //!< next sequence number of a bad record
};

/**
 * \ingroup iotsec
 * \return the EnumChecker of a FloodAttackApplication::Payload attribute
 */
Ptr<const AttributeChecker> MakeFloodPayloadChecker();

} // namespace ns3

#endif /* IOTSEC_FLOOD_ATTACK_APPLICATION_H */
