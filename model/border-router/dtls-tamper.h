/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_DTLS_TAMPER_H
#define IOTSEC_DTLS_TAMPER_H

#include "tls-dtls-mapper.h"
#include "udp-tamper.h"

#include "ns3/attribute.h"
#include "ns3/net-device-container.h"
#include "ns3/queue-disc-container.h"

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief What a tampering border router does to a DTLS datagram it forwards: corrupt one
 * field, in place.
 *
 * - TAMPER_CLIENT_RANDOM: bit 0 of byte 7 of ClientHello.random, in every handshake record of
 *   epoch 0 that carries the start of a ClientHello (every ClientHello alike, so that the one
 *   a cookie exchange lets through is corrupted too);
 * - TAMPER_SERVER_RANDOM: the same byte of ServerHello.random;
 * - TAMPER_FINISHED_SEQUENCE: the sequence number of every handshake record of epoch 1 (the
 *   Finished messages), incremented by one.
 *
 * These are the fields TlsDtlsMapper's Tamper corrupts while it maps: in DTLS end to end they
 * are protected by the Finished messages (the randoms) and by the record MAC (the sequence
 * number, part of its additional data).
 *
 * \param field the field (TAMPER_NONE: nothing)
 * \param[in,out] datagram a UDP payload; left alone unless it parses as DTLS records
 * \return true if the datagram was changed
 */
bool TamperDtlsDatagram(TlsDtlsTamperField field, Bytes& datagram);

/**
 * \ingroup iotsec
 * \return the EnumChecker of a TlsDtlsTamperField attribute, with the names of
 * TlsDtlsTamperFieldName()
 */
Ptr<const AttributeChecker> MakeTlsDtlsTamperFieldChecker();

/**
 * \ingroup iotsec
 * \brief A FIFO queue disc that corrupts the DTLS datagrams it queues (TamperDtlsDatagram):
 * installed on a router's devices (TrafficControlHelper), it makes the router a man in the
 * middle of every DTLS session it forwards. UDP checksums are recomputed when checksums are
 * enabled, as an attacker would (UdpTamperQueueDisc does the queueing and the packet surgery).
 * IPv6 only.
 *
 * \code
 * QueueDiscContainer q = DtlsTamperQueueDisc::Install(routerDevices, TAMPER_CLIENT_RANDOM);
 * \endcode
 */
class DtlsTamperQueueDisc : public UdpTamperQueueDisc
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    DtlsTamperQueueDisc();
    ~DtlsTamperQueueDisc() override;

    /**
     * \brief Make each device's root queue disc a DtlsTamperQueueDisc, replacing the one
     * the stack installed (ns-3 gives devices with flow control a default queue disc).
     * Call it before the simulation starts, on devices of nodes with an Internet stack.
     * \param devices the router's devices
     * \param field the field to corrupt
     * \return the queue discs, in the order of the devices
     */
    static QueueDiscContainer Install(NetDeviceContainer devices, TlsDtlsTamperField field);

  private:
    bool TamperPayload(const Ipv6Header& ip, const UdpHeader& udp, Bytes& payload) override;

    TlsDtlsTamperField m_field{TAMPER_NONE}; //!< the field
};

} // namespace ns3

#endif /* IOTSEC_DTLS_TAMPER_H */
