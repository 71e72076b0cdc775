/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_UDP_TAMPER_H
#define IOTSEC_UDP_TAMPER_H

#include "ns3/attribute.h"
#include "ns3/fifo-queue-disc.h"
#include "ns3/iotsec-crypto.h"
#include "ns3/net-device-container.h"
#include "ns3/queue-disc-container.h"
#include "ns3/traced-callback.h"

#include <string>

namespace ns3
{

class Ipv6Header;
class UdpHeader;

/**
 * \ingroup iotsec
 * \brief A FIFO queue disc (ns-3's FifoQueueDisc, MaxSize packets) that rewrites the UDP
 * datagrams it queues: installed on a router's devices (InstallRoot), it makes the router an
 * on-path man in the middle of the traffic it forwards. What it changes is a subclass's choice
 * (TamperPayload(), called with every IPv6 UDP datagram the disc queues); the disc does the rest:
 * it copies the packet (a queued packet may be shared), puts the new payload behind the UDP header,
 * recomputes the UDP checksum when checksums are enabled (as an attacker would), counts the
 * datagram and fires Tampered. Other packets, and datagrams the hook leaves alone, are forwarded as
 * they are. IPv6 only.
 */
class UdpTamperQueueDisc : public FifoQueueDisc
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    UdpTamperQueueDisc();
    ~UdpTamperQueueDisc() override;

    /// \return datagrams changed so far
    uint32_t GetTampered() const;

    /// Trace signature: a changed datagram (the UDP payload after the change)
    typedef void (*TamperedTracedCallback)(Ptr<const Packet> payload);

  protected:
    /**
     * \brief Make each device's root queue disc one of type \p type, replacing the one the
     * stack installed (ns-3 gives devices with flow control a default queue disc). Call it
     * before the simulation starts, on devices of nodes with an Internet stack.
     * \param devices the router's devices
     * \param type the TypeId name of a UdpTamperQueueDisc subclass
     * \param attribute the name of an attribute of that type to set
     * \param value its value
     * \return the queue discs, in the order of the devices
     */
    static QueueDiscContainer InstallRoot(NetDeviceContainer devices,
                                          const std::string& type,
                                          const std::string& attribute,
                                          const AttributeValue& value);

    /**
     * \brief Rewrite one UDP payload (the hook of subclasses).
     * \param ip the datagram's IPv6 header
     * \param udp its UDP header (ports)
     * \param[in,out] payload the UDP payload, to change in place (its length may change)
     * \return true if the payload was changed (the datagram is then counted and traced)
     */
    virtual bool TamperPayload(const Ipv6Header& ip, const UdpHeader& udp, Bytes& payload) = 0;

  private:
    /// FifoQueueDisc's enqueue, of the item Tamper() returns
    bool DoEnqueue(Ptr<QueueDiscItem> item) override;

    /// \param item a queued item \return it, or a copy with its UDP payload rewritten
    Ptr<QueueDiscItem> Tamper(Ptr<QueueDiscItem> item);

    uint32_t m_tampered{0};                       //!< datagrams changed
    TracedCallback<Ptr<const Packet>> m_tamperTr; //!< Tampered
};

} // namespace ns3

#endif /* IOTSEC_UDP_TAMPER_H */
