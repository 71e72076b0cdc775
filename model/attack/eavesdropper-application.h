/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_EAVESDROPPER_APPLICATION_H
#define IOTSEC_EAVESDROPPER_APPLICATION_H

#include "ns3/application.h"
#include "ns3/ipv6-address.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/spectrum-channel.h"
#include "ns3/traced-callback.h"
#include "ns3/vector.h"

#include <cstdint>
#include <deque>
#include <unordered_set>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief A passive eavesdropper: counts the application bytes it could read from the UDP
 * datagrams it overhears, so that security modes (NoSec, DTLS, OSCORE, a trusted proxy...)
 * can be compared on exposure. It never sends.
 *
 * SetDevice() names where it listens:
 * - a device on a shared wired link (a CsmaNetDevice on the LAN in front of a border router):
 *   the application registers a promiscuous IPv6 protocol handler on it and reads every IPv6
 *   frame on the link (frames its own device sent are skipped);
 * - the SixLowPanNetDevice of an 802.15.4 sniffer node built by CreateLlnSniffer(): an
 *   always-on LrWpanNetDevice under a SixLowPanNetDevice, and no IPv6 stack. ns-3.37's
 *   LrWpanMac has no setter for its promiscuous mode, so the sniffer's MAC is left in no PAN
 *   (its own filter rejects, and so never acknowledges, every frame of the building's PAN)
 *   and every data frame it receives with a good FCS (its PromiscSniffer trace) is handed up
 *   to the device as an accepted frame would be. 6LoWPAN decompression and fragment
 *   reassembly are then ns-3's own; the application reads the IPv6 packets the
 *   SixLowPanNetDevice delivers. Without an IPv6 stack nothing on the node can send (an IPv6
 *   stack with forwarding off would answer every overheard datagram with an ICMPv6
 *   Destination Unreachable: Ipv6L3Protocol::RouteInputError).
 *
 * Each UDP datagram (IPv6 next header 17, no extension header) is counted once: a datagram
 * seen again (forwarded over another hop, retransmitted by the MAC, or a CoAP/DTLS
 * retransmission with the same bytes) is recognised by a 64-bit FNV-1a hash over IPv6
 * source, destination, UDP ports and payload; the MaxRemembered most recent hashes are kept
 * (oldest forgotten first), so memory is bounded. It is then classified:
 * - DTLS: the payload parses as whole DTLS records (DtlsRecord::ParseDatagram). The fragments
 *   of records of epoch >= 1 are protected bytes; epoch-0 handshake, alert and
 *   change_cipher_spec records are metadata (0 readable application bytes); the fragment of
 *   an epoch-0 application_data record (never sent by a conforming peer) is readable.
 * - OSCORE: a CoAP message (CoapMessage::Parse) carrying the OSCORE option. Its payload is
 *   protected; readable are the values of the outer Uri-Path and Uri-Query options (OSCORE
 *   moves them inside, so normally 0).
 * - NOSEC_COAP: any other CoAP message. Readable are its payload bytes plus the value bytes
 *   of its Uri-Path and Uri-Query options ("PUT /light on": 5 + 2). Option headers, the
 *   token and other options (Uri-Host, Content-Format, Observe...) are not counted.
 * - OTHER: anything else; its payload bytes are other bytes.
 *
 * Limitations: a datagram with an IPv6 extension header is not read; the LLN sniffer hears
 * only what its radio receives (collisions and range apply, an incomplete fragmented
 * datagram is lost); ns-3.37's lr-wpan device hands frames up without their link-layer
 * destination, so an IPv6 destination elided by 6LoWPAN (derived from the MAC destination,
 * as for link-local unicast) decompresses against the sniffer's own address.
 */
class EavesdropperApplication : public Application
{
  public:
    /// What an overheard datagram is
    enum Kind
    {
        NOSEC_COAP, //!< CoAP without OSCORE
        DTLS,       //!< DTLS records
        OSCORE,     //!< CoAP with the OSCORE option
        OTHER       //!< anything else
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    EavesdropperApplication();
    ~EavesdropperApplication() override;

    /**
     * \brief Where to listen. Call before the application starts.
     * \param device a device of the node the application is installed on: a device that
     * delivers IPv6 frames to promiscuous handlers (CSMA) or the SixLowPanNetDevice of a node
     * built by CreateLlnSniffer()
     */
    void SetDevice(Ptr<NetDevice> device);

    /**
     * \brief Build an 802.15.4 sniffer node: an always-on LrWpanNetDevice on the channel that
     * hands up every data frame it hears (see the class description), a
     * ConstantPositionMobilityModel at the position, and a
     * SixLowPanNetDevice on top (device 1 of the node: pass it to SetDevice()); no IPv6 stack.
     * Create it after the network it listens to: an lr-wpan MAC allocates an extended address
     * and draws from a random stream when it is built, which would shift those of devices
     * built after it.
     * \param channel the building's channel
     * \param position where the sniffer is
     * \return the node
     */
    static Ptr<Node> CreateLlnSniffer(Ptr<SpectrumChannel> channel, const Vector& position);

    /**
     * \brief Install an EavesdropperApplication on a node built by CreateLlnSniffer(),
     * listening on its SixLowPanNetDevice, started at time 0.
     * \param sniffer the node
     * \return the application
     */
    static Ptr<EavesdropperApplication> InstallOnLlnSniffer(Ptr<Node> sniffer);

    /// \return distinct UDP datagrams seen
    uint64_t GetDatagrams() const;

    /// \param kind a kind \return distinct UDP datagrams of that kind seen
    uint64_t GetDatagrams(Kind kind) const;

    /// \return UDP payload bytes of the distinct datagrams seen
    uint64_t GetBytes() const;

    /// \return readable application bytes (see the class description)
    uint64_t GetReadableBytes() const;

    /// \return protected bytes: DTLS epoch >= 1 record fragments, OSCORE payloads
    uint64_t GetProtectedBytes() const;

    /// \return payload bytes of datagrams of kind OTHER
    uint64_t GetOtherBytes() const;

    /// \return datagrams seen again (not counted)
    uint64_t GetDuplicates() const;

    /**
     * \brief Classify a UDP payload as the application does.
     * \param data the payload
     * \param length its length
     * \param[out] readable readable application bytes
     * \param[out] protectedBytes protected bytes
     * \return its kind
     */
    static Kind Classify(const uint8_t* data,
                         std::size_t length,
                         uint64_t& readable,
                         uint64_t& protectedBytes);

    /**
     * TracedCallback signature of a datagram seen (once).
     * \param payload the UDP payload
     * \param source the IPv6 source
     * \param destination the IPv6 destination
     * \param kind its Kind
     * \param readable the readable application bytes in it
     */
    typedef void (*SeenTracedCallback)(Ptr<const Packet> payload,
                                       Ipv6Address source,
                                       Ipv6Address destination,
                                       Kind kind,
                                       uint32_t readable);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /**
     * \brief The protocol handler.
     * \param device the device
     * \param packet the IPv6 packet
     * \param protocol the EtherType
     * \param from the link-layer source
     * \param to the link-layer destination
     * \param type the packet type (every type is read)
     */
    void Tap(Ptr<NetDevice> device,
             Ptr<const Packet> packet,
             uint16_t protocol,
             const Address& from,
             const Address& to,
             NetDevice::PacketType type);

    /// \param hash a datagram's hash \return true if it was seen before (else remember it)
    bool SeenBefore(uint64_t hash);

    Ptr<NetDevice> m_device;             //!< where the application listens
    uint32_t m_maxRemembered;            //!< MaxRemembered attribute
    bool m_registered;                   //!< the handler is registered
    uint64_t m_datagrams;                //!< distinct datagrams
    uint64_t m_perKind[4];               //!< distinct datagrams per Kind
    uint64_t m_bytes;                    //!< their payload bytes
    uint64_t m_readable;                 //!< readable application bytes
    uint64_t m_protected;                //!< protected bytes
    uint64_t m_other;                    //!< bytes of OTHER datagrams
    uint64_t m_duplicates;               //!< datagrams seen again
    std::unordered_set<uint64_t> m_seen; //!< hashes remembered
    std::deque<uint64_t> m_seenOrder;    //!< the same, oldest first
    TracedCallback<Ptr<const Packet>, Ipv6Address, Ipv6Address, Kind, uint32_t>
        m_seenTrace; //!< Seen
};

} // namespace ns3

#endif /* IOTSEC_EAVESDROPPER_APPLICATION_H */
