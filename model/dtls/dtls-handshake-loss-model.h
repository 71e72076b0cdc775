/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_DTLS_HANDSHAKE_LOSS_MODEL_H
#define IOTSEC_DTLS_HANDSHAKE_LOSS_MODEL_H

#include "dtls-session.h"

#include "ns3/nstime.h"

#include <array>
#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief The exact probability that a full PSK handshake completes when each transmission of
 * each flight is lost independently, for either loss recovery.
 *
 * The model plays the two engines' rules (DtlsSession, DtlsServerEngine) on an abstract time
 * line and sums the probability over every pattern of losses:
 * - each transmission of flight k arrives with probability `arrival[k]` (for example
 *   q^(H n_k): n_k frames over H hops that each frame crosses with probability q), `airtime[k]`
 *   after it was sent; a peer that receives it for the first time answers `processing[k]`
 *   later (the CPU's work on it), a duplicate at once (re-sending a flight costs next to
 *   nothing);
 * - events less than `raceWindow` apart are races: which of them happens first is decided by
 *   the random CSMA/CA backoffs of the frames involved, and the model gives each order the same
 *   probability. Such races are structural: both sides' timers start from the same exchange
 *   and double alike, so a re-sent flight often arrives just as the peer's timer expires;
 * - RetransmitFlight (RFC 6347, section 4.2.4): the client re-sends flights 1, 3 and 5 when
 *   its timer expires, the server re-sends flight 4 when its own timer expires, the timers
 *   start at InitialTimeout and double up to MaxTimeout, a side gives up after
 *   MaxRetransmissions expiries; a side that receives the peer's previous flight again re-sends
 *   its own last flight (re-arming its timer with its current value); the HelloVerifyRequest
 *   is stateless; a server whose half-open handshake failed or expired (HandshakeTimeout)
 *   creates a new one from the next ClientHello with a valid cookie;
 * - RestartHandshake (Park & Kang): every expiry of the client's timer restarts the handshake
 *   from a new ClientHello, at most MaxRetransmissions times, the k-th restart waiting
 *   InitialTimeout x 2^k; nobody re-sends anything. The probability is then the closed form
 *   1 - (1 - prod_k arrival[k])^(MaxRetransmissions + 1), which the model reproduces.
 *
 * What it leaves out is what breaks independence in a real network: MAC retries that compete
 * with the answer on a half-duplex radio, collisions with other traffic, and a sender's
 * queue. With MAC retries off, one hop and independent frame erasures, the simulation and the
 * model must agree (iotsec-dtls-loss-model). The enumeration memoizes states, so it is fast
 * (milliseconds) for the default seven retransmissions.
 */
class DtlsHandshakeLossModel
{
  public:
    /// Flights of a full handshake are numbered 1..6 (RFC 6347, figure 1)
    static constexpr std::size_t FLIGHTS = 7;

    /// The inputs
    struct Parameters
    {
        DtlsLossRecovery lossRecovery{DtlsLossRecovery::RETRANSMIT_FLIGHT}; //!< recovery
        bool cookieExchange{true};              //!< flights 1 and 2 (else 1 is the hello)
        std::array<double, FLIGHTS> arrival{};  //!< [k]: P(a transmission arrives)
        std::array<Time, FLIGHTS> airtime{};    //!< [k]: from its send to its arrival
        std::array<Time, FLIGHTS> processing{}; //!< [k]: the peer's work on it
        Time raceWindow{MilliSeconds(5)};       //!< events closer than this race
        Time initialTimeout{Seconds(1)};        //!< DtlsConfig::initialTimeout
        Time maxTimeout{Seconds(60)};           //!< DtlsConfig::maxTimeout
        uint32_t maxRetransmissions{7};         //!< DtlsConfig::maxRetransmissions
        Time handshakeTimeout{Seconds(60)};     //!< server; zero: never
    };

    /// The largest MaxRetransmissions the enumeration accepts
    static constexpr uint32_t MAX_RETRANSMISSIONS = 12;

    /**
     * \param p the parameters
     * \return "" if the model can be evaluated for them, else why not
     */
    static std::string Check(const Parameters& p);

    /**
     * \param p the parameters (aborts with Check()'s message when they are not valid)
     * \return the probability that the client completes the handshake
     */
    static double SuccessProbability(const Parameters& p);

    /**
     * \brief The closed form of RestartHandshake: 1 - (1 - prod arrival)^(M + 1).
     * \param p the parameters (lossRecovery is ignored)
     * \return the probability
     */
    static double RestartClosedForm(const Parameters& p);

    /**
     * \brief The round model of RetransmitFlight, a lower bound: each round trip (1-2, 3-4,
     * 5-6) gets M + 1 client attempts and nothing else.
     * \param p the parameters (lossRecovery is ignored)
     * \return the probability
     */
    static double RetransmitRoundBound(const Parameters& p);

  private:
    /// \param p parameters: abort with Check()'s message unless they are valid
    static void Validate(const Parameters& p);
};

} // namespace ns3

#endif /* IOTSEC_DTLS_HANDSHAKE_LOSS_MODEL_H */
