/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_BOOTSTRAP_TAMPER_H
#define IOTSEC_BOOTSTRAP_TAMPER_H

#include "ns3/udp-tamper.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief A man in the middle between the controller (SBR) and the authentication server
 * (SBS) of Kang's PSK re-configuration: a FIFO queue disc on a router's devices that alters
 * flights 2 and 3 as the router forwards them.
 *
 * It looks for the flights where the controller and the server carry them: a UDP payload that
 * parses as a CoAP message (CoapMessage) whose payload parses as a VERIFY_REQUEST (flight 2)
 * or a VERIFY_RESPONSE (flight 3). It changes the flight in place, inside the CoAP message,
 * and forwards everything else unchanged. The Mode attribute says what it does:
 *
 * - NONE: nothing (an honest router; flights are still counted, GetSeen());
 * - FLIP_FLIGHT2: bit 0 of the first sealed byte (ciphertext under SK_cs) of every flight 2;
 * - FLIP_FLIGHT3: the same in every flight 3;
 * - SWAP_FLIGHT3: it records every flight 3 it forwards, and replaces a flight 3 by the latest
 *   recorded one of another transaction, when it has one (otherwise it forwards it unchanged).
 *   The TID is sealed, so it tells transactions apart by the nonce, in clear: the server seals
 *   at most one flight 3 per transaction, each under a fresh nonce, and a CoAP retransmission
 *   of a response repeats its bytes;
 * - FLIP_CLEAR: bit 0 of the first nonce byte of every flight 2: a field in clear, part of the
 *   additional authenticated data (version, type and nonce; the TID is sealed), whose change
 *   keeps the message well formed.
 *
 * A changed datagram is counted (GetTampered()) and traced (Tampered).
 *
 * \code
 * QueueDiscContainer q = BootstrapTamperQueueDisc::Install(routerDevices,
 *                                                          BootstrapTamperQueueDisc::FLIP_FLIGHT2);
 * \endcode
 */
class BootstrapTamperQueueDisc : public UdpTamperQueueDisc
{
  public:
    /// What the router does to flights 2 and 3
    enum Mode : uint8_t
    {
        NONE,         //!< forward unchanged
        FLIP_FLIGHT2, //!< flip a bit of flight 2's sealed part
        FLIP_FLIGHT3, //!< flip a bit of flight 3's sealed part
        SWAP_FLIGHT3, //!< replace flight 3 by a recorded one of another transaction
        FLIP_CLEAR,   //!< flip a bit of flight 2's nonce (in clear, authenticated)
    };

    /// Flights 3 recorded at most (SWAP_FLIGHT3); the oldest is forgotten first
    static constexpr std::size_t MAX_RECORDED = 16;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    BootstrapTamperQueueDisc();
    ~BootstrapTamperQueueDisc() override;

    /**
     * \param mode a mode
     * \return its name ("NONE", "FLIP_FLIGHT2", ...)
     */
    static const char* ModeName(Mode mode);

    /**
     * \brief Make each device's root queue disc a BootstrapTamperQueueDisc, replacing the one
     * the stack installed. Call it before the simulation starts, on devices of nodes with an
     * Internet stack.
     * \param devices the router's devices
     * \param mode what to do
     * \return the queue discs, in the order of the devices
     */
    static QueueDiscContainer Install(NetDeviceContainer devices, Mode mode);

    /// \return flights 2 and 3 found in the datagrams queued so far (changed or not)
    uint32_t GetSeen() const;

  private:
    bool TamperPayload(const Ipv6Header& ip, const UdpHeader& udp, Bytes& payload) override;

    /**
     * \brief SWAP_FLIGHT3: record a flight 3 and put a recorded one of another transaction in
     * its place, if there is one.
     * \param[in,out] flight the flight 3 (51 bytes)
     * \return true if it was replaced
     */
    bool Swap(uint8_t* flight);

    Mode m_mode{NONE};        //!< Mode attribute
    uint32_t m_seen{0};       //!< flights 2 and 3 found
    std::vector<Bytes> m_rec; //!< recorded flights 3, oldest first
};

} // namespace ns3

#endif /* IOTSEC_BOOTSTRAP_TAMPER_H */
