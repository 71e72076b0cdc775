/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_COAP_MESSAGE_SECURITY_H
#define IOTSEC_COAP_MESSAGE_SECURITY_H

#include "coap-message.h"

#include "ns3/crypto-work.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief What ties a response to the request it answers, kept by the endpoint from the
 * protection (client) or verification (server) of a request until its last response.
 *
 * For OSCORE (RFC 8613 sections 7.1 and 8) these are the request's 'kid' and Partial IV, which
 * enter the AAD of every response and the nonce of responses without a Partial IV, and, for an
 * Observe registration, the client's Notification Number (section 7.4.1).
 */
struct CoapRequestBinding
{
    bool active{false};             //!< the request was protected: its responses must verify
    std::vector<uint8_t> kid;       //!< the request's 'kid' (the client's Sender ID)
    std::vector<uint8_t> partialIv; //!< the request's Partial IV
    bool observe{false};            //!< the request registers an observation (Observe: 0)
    bool haveNotification{false};   //!< client: a notification with a Partial IV was verified
    uint64_t notificationNumber{0}; //!< client: the largest such Partial IV
    bool nonceReused{false};        //!< client: a response reusing the request's nonce was
                                    //!< verified (at most one is accepted)
};

/**
 * \ingroup iotsec
 * \brief Why the message security rejected a message (like sixlowpan's DropReason): the
 * SecurityRejected trace of CoapSocketBinding and CoapEvent::securityFailure carry it.
 *
 * The first values are what a verification can find (RFC 8613 section 8 names the OSCORE
 * ones, with the error response each gets); the last ones are found by the endpoint around
 * the security.
 */
enum class CoapSecurityFailure : uint8_t
{
    NONE,             //!< no failure
    NOT_PROTECTED,    //!< no protection where it is required (an unprotected request, 4.01,
                      //!< or an unprotected success response to a protected request)
    MALFORMED,        //!< the security option or object does not decode (4.02)
    UNKNOWN_CONTEXT,  //!< no security context for the sender ('kid', 'kid context') (4.01)
    REPLAY,           //!< received before, or too old for the replay window (4.01)
    DECRYPT_FAILED,   //!< the integrity check failed: forged, or another key (4.00)
    BAD_PLAINTEXT,    //!< decrypted, but not a valid inner message (4.00)
    UNSUPPORTED,      //!< uses what the security does not support
    BAD_INNER_OPTION, //!< verified, but an unrecognized critical option inside
    NO_SECURITY,      //!< the peer's security was removed while its exchange was open
    PROTECT_FAILED,   //!< a message to send could not be protected (not sent): for example
                      //!< the sequence numbers are exhausted
};

/**
 * \param failure a failure
 * \return its name ("REPLAY")
 */
const char* CoapSecurityFailureName(CoapSecurityFailure failure);

/**
 * \ingroup iotsec
 * \brief The outcome of verifying a received message.
 */
struct CoapSecurityVerdict
{
    bool ok{false}; //!< verified: the message now holds the original (inner) message
    /// why not ok (NONE when ok)
    CoapSecurityFailure failure{CoapSecurityFailure::NONE};
    /// Server side: the code of the unprotected error response to send (RFC 8613 section 8.2:
    /// 4.00, 4.01 or 4.02), or 0 to stop processing silently
    uint8_t errorCode{0};
    std::string reason; //!< why it was rejected (the diagnostic payload of the error response)
};

/**
 * \ingroup iotsec
 * \brief An object-security protocol that protects CoAP messages one by one at the
 * request/response layer, under the message layer (RFC 8613 Figure 1): OSCORE.
 *
 * A CoapEndpoint given one for a peer (CoapEndpoint::SetSecurity) protects each request it
 * sends there and verifies each response, or, as a server, verifies each request before the
 * resource tree sees it and protects each response, notification and separate response. The
 * message layer (type, message ID, token, retransmission, deduplication) works on the
 * protected messages; block-wise transfers and Observe work on the original ones (inner
 * block-wise, RFC 8613 section 4.1.3.4.1).
 *
 * Implementations must never assert on received bytes: every rejection is a verdict.
 */
class CoapMessageSecurity
{
  public:
    virtual ~CoapMessageSecurity() = default;

    /**
     * \brief Client: protect a request in place (type, message ID and token are kept).
     * \param[in,out] request the original request; the protected one on success
     * \param[out] binding what its responses must be verified against
     * \param[out] error why it could not be protected
     * \return false if the request cannot be protected (it must not be sent)
     */
    virtual bool ProtectRequest(CoapMessage& request,
                                CoapRequestBinding& binding,
                                std::string* error) = 0;

    /**
     * \brief Client: verify a response in place.
     * \param[in,out] response the received response; the original one when verified
     * \param[in,out] binding the binding of the request it answers (notification state)
     * \return the verdict
     */
    virtual CoapSecurityVerdict UnprotectResponse(CoapMessage& response,
                                                  CoapRequestBinding& binding) = 0;

    /**
     * \brief Server: verify a request in place.
     * \param[in,out] request the received request; the original one when verified
     * \param[out] binding what its responses must be protected with
     * \return the verdict (errorCode says which error response to send)
     */
    virtual CoapSecurityVerdict UnprotectRequest(CoapMessage& request,
                                                 CoapRequestBinding& binding) = 0;

    /**
     * \brief Server: protect a response (piggybacked, separate, or a notification) in place.
     * \param[in,out] response the original response; the protected one on success
     * \param binding the binding of the request it answers
     * \param[out] error why it could not be protected
     * \return false if it cannot be protected (it must not be sent)
     */
    virtual bool ProtectResponse(CoapMessage& response,
                                 const CoapRequestBinding& binding,
                                 std::string* error) = 0;

    /**
     * \brief Report the cryptographic work of each protection and verification here.
     * \param hook the hook (empty: none)
     */
    virtual void SetCryptoWorkHook(CryptoWorkHook hook) = 0;

    /// \return bytes of security state held (keys, IVs, IDs, counters, replay window)
    virtual uint64_t GetStateBytes() const = 0;

    /// \return a short name for traces ("oscore")
    virtual std::string GetName() const = 0;
};

} // namespace ns3

#endif /* IOTSEC_COAP_MESSAGE_SECURITY_H */
