/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_AMPLIFICATION_ATTACK_APPLICATION_H
#define IOTSEC_AMPLIFICATION_ATTACK_APPLICATION_H

#include "udp-attack-application.h"

#include <string>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief An amplification (reflection) attacker (Brachmann et al., ICCCN 2012, section IV):
 * small NoSec CoAP GET requests whose source is the victim's address, sent to nodes whose
 * answers are larger, so that the nodes flood the victim.
 *
 * Each request is a GET of UriPath (default ".well-known/core", whose link-format answer
 * grows with the resources a node hosts), confirmable unless Confirmable is false, with a
 * fresh message ID (consecutive from a random start) and a fresh random 4-byte token; with
 * Block2Size > 0 it carries Block2 (RFC 7959) asking for block 0 of that size (16, 32, ...,
 * 1024), and with Observe it carries Observe = 0 (RFC 7641): a registration, after which the
 * node keeps notifying the victim on its own. The requests go from VictimPort to
 * DestinationPort of the targets, at Rate (as FloodAttackApplication).
 *
 * Spoofing the victim needs SetDevice(): the application refuses to start without it, or
 * without a Victim address.
 *
 * The application counts what it sends (GetSentPackets(), GetSentBytes() for the UDP
 * payloads, GetSentIpv6Bytes()); the amplification factor is measured by whoever counts what
 * reaches the victim (a socket, a device trace or an Ipv6L3Protocol Rx trace on the victim)
 * and divides it by these counters. The attacker never sees the answers.
 */
class AmplificationAttackApplication : public UdpAttackApplication
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    AmplificationAttackApplication();
    ~AmplificationAttackApplication() override;

  private:
    void CheckConfiguration() override;
    void Prepare() override;
    Ptr<Packet> MakePayload(Ipv6Address target) override;
    Ipv6Address ChooseSource() override;
    uint16_t GetSourcePort() const override;

    Ipv6Address m_victim;  //!< Victim attribute
    uint16_t m_victimPort; //!< VictimPort attribute
    std::string m_uriPath; //!< UriPath attribute
    uint32_t m_block2Size; //!< Block2Size attribute (0: no Block2)
    bool m_observe;        //!< Observe attribute
    bool m_confirmable;    //!< Confirmable attribute
    uint16_t m_messageId;  //!< next message ID
};

} // namespace ns3

#endif /* IOTSEC_AMPLIFICATION_ATTACK_APPLICATION_H */
