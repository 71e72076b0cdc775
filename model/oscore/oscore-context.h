/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_OSCORE_CONTEXT_H
#define IOTSEC_OSCORE_CONTEXT_H

#include "ns3/coap-message-security.h"
#include "ns3/coap-message.h"
#include "ns3/crypto-work.h"
#include "ns3/dtls-replay-window.h"
#include "ns3/iotsec-crypto.h"

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief The input parameters of an OSCORE security context (RFC 8613 section 3.2).
 *
 * The AEAD algorithm is AES-CCM-16-64-128 (COSE algorithm 10) and the key derivation function
 * HKDF SHA-256, the defaults of section 3.2 and the only ones implemented.
 */
struct OscoreParameters
{
    Bytes masterSecret;             //!< Master Secret (the PSK; not empty)
    Bytes masterSalt;               //!< Master Salt (default: empty)
    Bytes senderId;                 //!< Sender ID (0..7 bytes)
    Bytes recipientId;              //!< Recipient ID (0..7 bytes, different from the Sender ID)
    std::optional<Bytes> idContext; //!< ID Context (default: absent)
    bool sendKidContext{false};     //!< put the ID Context in requests as 'kid context'
    uint32_t replayWindow{32};      //!< Replay Window size (1..64; default 32, section 3.2.2)
    bool responsePartialIv{false};  //!< server: give every response a new Partial IV (else
                                    //!< only responses to Observe registrations have one)

    /**
     * \param[out] error if non-null, what is wrong
     * \return true if the parameters can make a context
     */
    bool Validate(std::string* error) const;

    /**
     * \brief Parameters from hexadecimal text (as attributes give them).
     * \param masterSecret the Master Secret (the PSK)
     * \param masterSalt the Master Salt ("" for none)
     * \param senderId the Sender ID ("" is the empty ID)
     * \param recipientId the Recipient ID
     * \param[out] out the parameters (other fields keep their defaults)
     * \param[out] error if non-null, what is wrong
     * \return true if the text is hexadecimal and the parameters are valid
     */
    static bool FromHex(const std::string& masterSecret,
                        const std::string& masterSalt,
                        const std::string& senderId,
                        const std::string& recipientId,
                        OscoreParameters& out,
                        std::string* error);
};

/**
 * \ingroup iotsec
 * \brief The value of the OSCORE option (RFC 8613 section 6.1): flag bits, Partial IV,
 * 'kid context' and 'kid'.
 */
struct OscoreOptionValue
{
    std::optional<Bytes> partialIv;  //!< Partial IV (1..5 bytes), when present (n > 0)
    std::optional<Bytes> kidContext; //!< 'kid context', when the h flag is set
    std::optional<Bytes> kid;        //!< 'kid', when the k flag is set

    /// \return the option value (empty when every flag bit is zero)
    Bytes Encode() const;

    /**
     * \brief Decode an option value. Total: never asserts.
     *
     * Rejects set reserved flag bits, Partial IV lengths 6 and 7, a Partial IV with a leading
     * zero byte (not the shortest encoding), and fields running past the end.
     * \param value the option value
     * \param[out] out the fields
     * \param[out] error if non-null, why the value was rejected
     * \return true if well-formed
     */
    static bool Decode(const Bytes& value, OscoreOptionValue& out, std::string* error);
};

/**
 * \ingroup iotsec
 * \brief Why OSCORE processing of a message stopped (or OK).
 */
enum class OscoreStatus : uint8_t
{
    OK,                 //!< protected or verified
    NOT_OSCORE,         //!< a message to verify has no OSCORE option
    MALFORMED,          //!< the OSCORE option or COSE object fails to decode (4.02)
    UNKNOWN_CONTEXT,    //!< no Recipient Context for the 'kid' / 'kid context' (4.01)
    REPLAY,             //!< the Partial IV was received before or is too old (4.01)
    DECRYPT_FAILED,     //!< the AEAD tag does not verify (4.00)
    BAD_PLAINTEXT,      //!< the decrypted plaintext is not a valid inner message (4.00)
    SEQUENCE_EXHAUSTED, //!< the Sender Sequence Number passed 2^40 - 1: context unusable
    UNSUPPORTED,        //!< the original message uses what this subset does not (Proxy-Uri)
};

/**
 * \param status a status
 * \return its name ("REPLAY")
 */
const char* OscoreStatusName(OscoreStatus status);

/**
 * \param os a stream
 * \param status a status
 * \return the stream, with the status's name
 */
std::ostream& operator<<(std::ostream& os, OscoreStatus status);

/**
 * \ingroup iotsec
 * \brief Counters of an OSCORE context, for traces and metrics.
 */
struct OscoreCounters
{
    uint64_t requestsProtected{0};  //!< requests protected (client)
    uint64_t responsesProtected{0}; //!< responses and notifications protected (server)
    uint64_t requestsVerified{0};   //!< requests verified (server)
    uint64_t responsesVerified{0};  //!< responses verified (client)
    uint64_t notOscore{0};          //!< messages to verify without an OSCORE option
    uint64_t malformed{0};          //!< option or COSE object failed to decode
    uint64_t unknownContext{0};     //!< unknown 'kid' or 'kid context'
    uint64_t replays{0};            //!< replayed requests or notifications
    uint64_t decryptFailures{0};    //!< AEAD verification failures
    uint64_t badPlaintext{0};       //!< decrypted plaintexts that are no valid inner message

    /// \return every rejection
    uint64_t Rejected() const
    {
        return notOscore + malformed + unknownContext + replays + decryptFailures + badPlaintext;
    }
};

/**
 * \ingroup iotsec
 * \brief An OSCORE security context (RFC 8613) and the protection and verification of CoAP
 * requests and responses with it: the `object` back-end security of the Secure Service
 * Manager study. Sans-I/O: no socket, no clock, no randomness.
 *
 * Derivation (section 3.2.1): Sender Key, Recipient Key and Common IV from the Master Secret,
 * Master Salt, Sender/Recipient ID and ID Context with HKDF SHA-256 (through Crypto), for
 * AES-CCM-16-64-128 (16-byte keys, 13-byte nonce and Common IV, 8-byte tag). The Master
 * Secret and Salt are not kept after the derivation.
 *
 * Messages (sections 4 to 6, 8): the OSCORE option value (flag bits, Partial IV, 'kid
 * context', 'kid'); the plaintext (inner Code, Class E options, payload); the AAD, COSE
 * Enc_structure ["Encrypt0", h'', external_aad] with external_aad the bstr-wrapped
 * [1, [10], request_kid, request_piv, h''] (no Class I options exist); the nonce of section
 * 5.2; outer Code 0.02 POST for requests and 2.04 Changed for responses (0.05 FETCH and 2.05
 * Content with Observe). Outer options are Uri-Host, Uri-Port, Proxy-Scheme and the OSCORE
 * option, plus an outer Observe copying the inner one; every other option, known or not,
 * is Class E. On receipt the outer Class E options are discarded.
 *
 * Sequence numbers and replay (section 7): each request takes a new Partial IV from the
 * Sender Sequence Number (at most 2^40 - 1); a server checks it against a sliding Replay
 * Window (RFC 6347 section 4.1.2.6, size 32 by default) before decrypting and updates the
 * window after a successful decryption. A response reuses the request's nonce, except the
 * responses to an Observe registration (and every response with
 * OscoreParameters::responsePartialIv), which carry a new Partial IV; a client accepts a
 * notification only with a Partial IV greater than those it verified before (its
 * Notification Number), and reports the low 24 bits of it as the Observe value.
 *
 * Errors (section 8.2): MALFORMED 4.02, UNKNOWN_CONTEXT and REPLAY 4.01, DECRYPT_FAILED and
 * BAD_PLAINTEXT 4.00, sent unprotected with Max-Age 0 and a diagnostic payload by the
 * endpoint. Every received byte string is handled without asserting.
 *
 * Work (CryptoWork): three HKDF_SHA256 when the context is derived (reported to the first
 * hook given), AES_CCM_SEAL per protection (bytes = plaintext, aadBytes = AAD), AES_CCM_OPEN
 * per decryption attempt (bytes = ciphertext without tag, aadBytes = AAD).
 */
class OscoreContext : public CoapMessageSecurity
{
  public:
    static constexpr int ALG_AES_CCM_16_64_128 = 10; //!< COSE algorithm of the AEAD
    static constexpr std::size_t KEY_BYTES = 16;     //!< AEAD key length
    static constexpr std::size_t NONCE_BYTES = 13;   //!< AEAD nonce and Common IV length
    static constexpr std::size_t TAG_BYTES = 8;      //!< AEAD tag length
    static constexpr std::size_t MAX_ID_BYTES = NONCE_BYTES - 6;      //!< longest Sender ID
    static constexpr uint64_t MAX_SEQUENCE = (uint64_t{1} << 40) - 1; //!< largest Partial IV
    static constexpr uint64_t OSCORE_VERSION = 1;                     //!< oscore_version in the AAD

    /**
     * \brief Derive a context.
     * \param parameters the input parameters (invalid ones abort: a configuration error)
     * \param hook where to report the derivation's and later operations' work (may be empty)
     */
    explicit OscoreContext(const OscoreParameters& parameters, CryptoWorkHook hook = {});

    // ---- derived context ----------------------------------------------------------------

    /// \return the Sender Key
    const Bytes& GetSenderKey() const;
    /// \return the Recipient Key
    const Bytes& GetRecipientKey() const;
    /// \return the Common IV
    const Bytes& GetCommonIv() const;
    /// \return the Sender ID
    const Bytes& GetSenderId() const;
    /// \return the Recipient ID
    const Bytes& GetRecipientId() const;
    /// \return the Sender Sequence Number (the next Partial IV to use)
    uint64_t GetSenderSequenceNumber() const;
    /**
     * \brief Set the Sender Sequence Number (tests, or a context restored from storage).
     * \param ssn the next Partial IV to use
     */
    void SetSenderSequenceNumber(uint64_t ssn);
    /// \return the size of the Replay Window
    uint32_t GetReplayWindowSize() const;
    /// \return the counters
    const OscoreCounters& GetCounters() const;
    /// \return the status of the last protection or verification
    OscoreStatus GetLastStatus() const;

    // ---- building blocks (RFC 8613 sections 3.2.1, 5.2, 5.3, 5.4), public for tests -------

    /**
     * \param id Sender ID, Recipient ID, or empty (Common IV)
     * \param idContext ID Context (absent: CBOR nil)
     * \param type "Key" or "IV"
     * \param length L
     * \return the CBOR 'info' array of the HKDF
     */
    static Bytes BuildInfo(const Bytes& id,
                           const std::optional<Bytes>& idContext,
                           const std::string& type,
                           uint32_t length);

    /**
     * \param idPiv the Sender ID of the endpoint that generated the Partial IV (<= 7 bytes)
     * \param partialIv the Partial IV (<= 5 bytes)
     * \return the AEAD nonce
     */
    Bytes BuildNonce(const Bytes& idPiv, const Bytes& partialIv) const;

    /**
     * \param requestKid request_kid
     * \param requestPiv request_piv
     * \return the CBOR aad_array (no Class I options)
     */
    static Bytes BuildAadArray(const Bytes& requestKid, const Bytes& requestPiv);

    /**
     * \param requestKid request_kid
     * \param requestPiv request_piv
     * \return the AAD: the CBOR Enc_structure ["Encrypt0", h'', external_aad]
     */
    static Bytes BuildAad(const Bytes& requestKid, const Bytes& requestPiv);

    /**
     * \param original a CoAP request or response
     * \return the plaintext: its Code, its Class E options, and its payload after 0xff
     */
    static Bytes BuildPlaintext(const CoapMessage& original);

    /**
     * \brief Read a plaintext. Total: never asserts.
     * \param plaintext the bytes
     * \param[out] inner code, options and payload (type, message ID and token unset)
     * \param[out] error if non-null, why it was rejected
     * \return true if it is a Code followed by well-formed options and payload
     */
    static bool ParsePlaintext(const Bytes& plaintext, CoapMessage& inner, std::string* error);

    /**
     * \param sequence a sequence number
     * \return the Partial IV: big-endian without leading zero bytes (0 is 0x00)
     */
    static Bytes EncodePartialIv(uint64_t sequence);

    /**
     * \param number an option number
     * \return true if the option is only Outer (Class U) in this subset: Uri-Host, Uri-Port,
     *         Proxy-Uri, Proxy-Scheme and OSCORE
     */
    static bool IsOuterOnly(uint16_t number);

    // ---- CoapMessageSecurity --------------------------------------------------------------

    bool ProtectRequest(CoapMessage& request,
                        CoapRequestBinding& binding,
                        std::string* error) override;
    CoapSecurityVerdict UnprotectResponse(CoapMessage& response,
                                          CoapRequestBinding& binding) override;
    CoapSecurityVerdict UnprotectRequest(CoapMessage& request,
                                         CoapRequestBinding& binding) override;
    bool ProtectResponse(CoapMessage& response,
                         const CoapRequestBinding& binding,
                         std::string* error) override;
    void SetCryptoWorkHook(CryptoWorkHook hook) override;
    /**
     * \return bytes of state: Sender and Recipient Key, Common IV, Sender and Recipient ID,
     *         ID Context, the Sender Sequence Number (5 bytes), and the Replay Window (its
     *         bitmap rounded up to bytes and the 5-byte highest Partial IV)
     */
    uint64_t GetStateBytes() const override;
    std::string GetName() const override;

  private:
    /**
     * \param op the operation
     * \param bytes its size
     * \param aad AAD size
     */
    void Work(CryptoOp op, std::size_t bytes, std::size_t aad = 0);

    /**
     * \brief Encrypt an original message into the OSCORE message.
     * \param[in,out] message original in, protected out
     * \param option the OSCORE option value to carry
     * \param nonce the nonce
     * \param aad the AAD
     * \param outerCode the outer Code
     */
    void Seal(CoapMessage& message,
              const OscoreOptionValue& option,
              const Bytes& nonce,
              const Bytes& aad,
              uint8_t outerCode);

    /**
     * \brief Decrypt the payload of an OSCORE message and rebuild the original message.
     * \param[in,out] message protected in, original out (only on OK)
     * \param nonce the nonce
     * \param aad the AAD
     * \param[out] detail why it failed
     * \return OK, DECRYPT_FAILED or BAD_PLAINTEXT
     */
    OscoreStatus Open(CoapMessage& message,
                      const Bytes& nonce,
                      const Bytes& aad,
                      std::string& detail);

    /**
     * \brief Read the OSCORE option of a received message.
     * \param message the message
     * \param[out] value the decoded value
     * \param[out] detail why it failed
     * \return OK, NOT_OSCORE or MALFORMED
     */
    static OscoreStatus ReadOption(const CoapMessage& message,
                                   OscoreOptionValue& value,
                                   std::string& detail);

    /**
     * \brief Record a rejection.
     * \param status why
     * \param detail details
     * \return the verdict
     */
    CoapSecurityVerdict Reject(OscoreStatus status, const std::string& detail);

    Bytes m_senderId;                 //!< Sender ID
    Bytes m_recipientId;              //!< Recipient ID
    std::optional<Bytes> m_idContext; //!< ID Context
    bool m_sendKidContext;            //!< send 'kid context' in requests
    bool m_responsePartialIv;         //!< every response gets a new Partial IV
    Bytes m_senderKey;                //!< Sender Key
    Bytes m_recipientKey;             //!< Recipient Key
    Bytes m_commonIv;                 //!< Common IV
    uint64_t m_ssn;                   //!< Sender Sequence Number
    DtlsReplayWindow m_window;        //!< Replay Window over Partial IVs
    CryptoWorkHook m_hook;            //!< work reports
    bool m_derivationReported;        //!< the HKDF work was reported
    OscoreCounters m_counters;        //!< counters
    OscoreStatus m_lastStatus;        //!< last outcome
};

} // namespace ns3

#endif /* IOTSEC_OSCORE_CONTEXT_H */
