/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_JENNINGS_ENROLMENT_H
#define IOTSEC_JENNINGS_ENROLMENT_H

#include "bootstrap-engine.h"

#include "ns3/crypto-work.h"
#include "ns3/engine-random.h"
#include "ns3/iotsec-crypto.h"
#include "ns3/nstime.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup iotsec
 * \brief Jennings' transitive-trust enrolment (draft-jennings-core-transitive-trust-enrollment,
 * 2012), the baseline of Kang's OOB secure bootstrapping (Kang, section 2, Figure 1), as a wire
 * format and four sans-I/O engines.
 *
 * \verbatim
 *   manufacturer prints LABEL = deviceId | OTP | secret as a QR code on the device's box
 *   1 INTRODUCER scans the LABEL                                  (QR, out of band)
 *   2 INTRODUCE       INTRODUCER -> TRANSFER_AGENT: deviceId, OTP, network info  (ACK)
 *   3 DELIVER_SECRET  INTRODUCER -> CONTROLLER:     deviceId, secret             (ACK)
 *   4 DISCOVER        DEVICE -> TRANSFER_AGENT:     deviceId, OTP (one time)
 *     DISCOVER_RESPONSE TRANSFER_AGENT -> DEVICE:   network info
 *   5 DEVICE <-> CONTROLLER: DTLS with PSK = secret, PSK identity = deviceId
 * \endverbatim
 *
 * The draft gives the contents, not an encoding; this is the encoding iotsec uses. All
 * messages start with version (0x01, as Kang's) and type (0x11..0x16); identifiers and network
 * info carry a one-byte length:
 *
 * \verbatim
 *   type                     body after version|type               total
 *   0x11 LABEL               idLen|id|OTP(16)|secret(16)           2+1+idLen+32
 *   0x12 INTRODUCE           idLen|id|OTP(16)|niLen|networkInfo    2+1+idLen+16+1+niLen
 *   0x13 DELIVER_SECRET      idLen|id|secret(16)                   2+1+idLen+16
 *   0x14 DISCOVER            idLen|id|OTP(16)                      2+1+idLen+16
 *   0x15 DISCOVER_RESPONSE   idLen|id|niLen|networkInfo            2+1+idLen+1+niLen
 *   0x16 ACK                 ackedType|status|idLen|id             2+2+1+idLen
 *   idLen in 1..64, niLen in 1..64
 * \endverbatim
 *
 * DELIVER_SECRET carries the secret in plaintext bytes: in the draft this leg runs over the
 * introducer's own secured channel to its controller, which a binding may model by carrying
 * the message over DTLS. The point of the baseline is that the secret is printed on the box:
 * whoever read the label (JenningsAttacker) knows the device's PSK.
 *
 * Parsers accept exactly these layouts: a wrong version, another type, a length out of range,
 * a truncated message or trailing bytes are rejected, and no input makes them read out of
 * bounds.
 */

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief The message types of Jennings' enrolment.
 */
enum class JenningsMessageType : uint8_t
{
    LABEL = 0x11,             //!< the QR label: deviceId, OTP, secret (message 1)
    INTRODUCE = 0x12,         //!< introducer -> transfer agent: deviceId, OTP, network info (2)
    DELIVER_SECRET = 0x13,    //!< introducer -> controller: deviceId, secret (3)
    DISCOVER = 0x14,          //!< device -> transfer agent: deviceId, OTP (4)
    DISCOVER_RESPONSE = 0x15, //!< transfer agent -> device: network info (4)
    ACK = 0x16,               //!< transfer agent or controller -> introducer: status
};

/**
 * \ingroup iotsec
 * \param type a type byte
 * \return its name ("LABEL" .. "ACK"), or "UNKNOWN"
 */
const char* JenningsMessageTypeName(uint8_t type);

/**
 * \ingroup iotsec
 * \brief The status an ACK carries.
 */
enum class JenningsAckStatus : uint8_t
{
    OK = 0x00,         //!< stored (or already stored with the same contents)
    TABLE_FULL = 0x01, //!< the receiver's bounded table is full
    CONFLICT = 0x02,   //!< the device is known with other contents
};

/**
 * \ingroup iotsec
 * \param status a status byte
 * \return its name ("OK", "TABLE_FULL", "CONFLICT"), or "UNKNOWN"
 */
const char* JenningsAckStatusName(uint8_t status);

/**
 * \ingroup iotsec
 * \brief Sizes of the wire format.
 */
struct JenningsWire
{
    static constexpr uint8_t VERSION = 0x01;                  //!< the version byte
    static constexpr std::size_t HEADER_BYTES = 2;            //!< version and type
    static constexpr std::size_t OTP_BYTES = 16;              //!< the one-time password
    static constexpr std::size_t SECRET_BYTES = 16;           //!< the secret (the PSK)
    static constexpr std::size_t MIN_ID_BYTES = 1;            //!< shortest deviceId
    static constexpr std::size_t MAX_ID_BYTES = 64;           //!< longest deviceId
    static constexpr std::size_t MIN_NETWORK_INFO_BYTES = 1;  //!< shortest network info
    static constexpr std::size_t MAX_NETWORK_INFO_BYTES = 64; //!< longest network info

    /// \param idLen deviceId length \return size of a LABEL
    static constexpr std::size_t LabelSize(std::size_t idLen)
    {
        return HEADER_BYTES + 1 + idLen + OTP_BYTES + SECRET_BYTES;
    }

    /// \param idLen deviceId length \param niLen network info length \return INTRODUCE size
    static constexpr std::size_t IntroduceSize(std::size_t idLen, std::size_t niLen)
    {
        return HEADER_BYTES + 1 + idLen + OTP_BYTES + 1 + niLen;
    }

    /// \param idLen deviceId length \return size of a DELIVER_SECRET
    static constexpr std::size_t DeliverSecretSize(std::size_t idLen)
    {
        return HEADER_BYTES + 1 + idLen + SECRET_BYTES;
    }

    /// \param idLen deviceId length \return size of a DISCOVER
    static constexpr std::size_t DiscoverSize(std::size_t idLen)
    {
        return HEADER_BYTES + 1 + idLen + OTP_BYTES;
    }

    /// \param idLen deviceId length \param niLen network info length
    /// \return size of a DISCOVER_RESPONSE
    static constexpr std::size_t DiscoverResponseSize(std::size_t idLen, std::size_t niLen)
    {
        return HEADER_BYTES + 1 + idLen + 1 + niLen;
    }

    /// \param idLen deviceId length \return size of an ACK
    static constexpr std::size_t AckSize(std::size_t idLen)
    {
        return HEADER_BYTES + 2 + 1 + idLen;
    }
};

/**
 * \ingroup iotsec
 * \brief Read the two-byte header of a Jennings message.
 * \param data the message
 * \param size its length
 * \param[out] type its type, when the header is valid
 * \param[out] error why not (may be null)
 * \return false if the message is shorter than the header, has another version or an
 * unknown type
 */
bool JenningsParseHeader(const uint8_t* data,
                         std::size_t size,
                         JenningsMessageType& type,
                         std::string* error);

/**
 * \ingroup iotsec
 * \brief The QR label the manufacturer prints: deviceId, OTP, secret.
 */
struct JenningsLabel
{
    std::string deviceId; //!< 1..64 bytes; the DTLS PSK identity
    Bytes otp;            //!< 16 bytes
    Bytes secret;         //!< 16 bytes; the DTLS PSK

    /**
     * \brief The manufacturer: draw a fresh OTP and secret for a device.
     * \param deviceId the device (1..64 bytes: aborts otherwise)
     * \param random the randomness
     * \param[out] work the random bytes drawn, reported (may be null)
     * \return the label
     */
    static JenningsLabel Generate(const std::string& deviceId,
                                  EngineRandom& random,
                                  std::vector<CryptoWork>* work);

    /// \return the wire bytes (the fields must have valid lengths: aborts otherwise)
    Bytes Serialize() const;
    /**
     * \param data bytes \param size their length \param[out] out the label
     * \param[out] error why not (may be null) \return true if the bytes are exactly one LABEL
     */
    static bool Parse(const uint8_t* data,
                      std::size_t size,
                      JenningsLabel& out,
                      std::string* error);
};

/**
 * \ingroup iotsec
 * \brief Message 2, INTRODUCE: deviceId, OTP and the controller's network info.
 */
struct JenningsIntroduce
{
    std::string deviceId; //!< 1..64 bytes
    Bytes otp;            //!< 16 bytes
    Bytes networkInfo;    //!< the controller's NID, 1..64 opaque bytes

    /// \return the wire bytes (aborts on invalid field lengths)
    Bytes Serialize() const;
    /**
     * \param data bytes \param size their length \param[out] out the message
     * \param[out] error why not (may be null) \return true if the bytes are exactly one INTRODUCE
     */
    static bool Parse(const uint8_t* data,
                      std::size_t size,
                      JenningsIntroduce& out,
                      std::string* error);
};

/**
 * \ingroup iotsec
 * \brief Message 3, DELIVER_SECRET: deviceId and secret.
 */
struct JenningsDeliverSecret
{
    std::string deviceId; //!< 1..64 bytes
    Bytes secret;         //!< 16 bytes

    /// \return the wire bytes (aborts on invalid field lengths)
    Bytes Serialize() const;
    /**
     * \param data bytes \param size their length \param[out] out the message
     * \param[out] error why not (may be null)
     * \return true if the bytes are exactly one DELIVER_SECRET
     */
    static bool Parse(const uint8_t* data,
                      std::size_t size,
                      JenningsDeliverSecret& out,
                      std::string* error);
};

/**
 * \ingroup iotsec
 * \brief Message 4, DISCOVER: deviceId and OTP.
 */
struct JenningsDiscover
{
    std::string deviceId; //!< 1..64 bytes
    Bytes otp;            //!< 16 bytes

    /// \return the wire bytes (aborts on invalid field lengths)
    Bytes Serialize() const;
    /**
     * \param data bytes \param size their length \param[out] out the message
     * \param[out] error why not (may be null) \return true if the bytes are exactly one DISCOVER
     */
    static bool Parse(const uint8_t* data,
                      std::size_t size,
                      JenningsDiscover& out,
                      std::string* error);
};

/**
 * \ingroup iotsec
 * \brief Message 4's answer, DISCOVER_RESPONSE: deviceId and network info.
 */
struct JenningsDiscoverResponse
{
    std::string deviceId; //!< 1..64 bytes
    Bytes networkInfo;    //!< 1..64 bytes

    /// \return the wire bytes (aborts on invalid field lengths)
    Bytes Serialize() const;
    /**
     * \param data bytes \param size their length \param[out] out the message
     * \param[out] error why not (may be null)
     * \return true if the bytes are exactly one DISCOVER_RESPONSE
     */
    static bool Parse(const uint8_t* data,
                      std::size_t size,
                      JenningsDiscoverResponse& out,
                      std::string* error);
};

/**
 * \ingroup iotsec
 * \brief ACK of an INTRODUCE or a DELIVER_SECRET.
 */
struct JenningsAck
{
    JenningsMessageType acked{JenningsMessageType::INTRODUCE}; //!< INTRODUCE or DELIVER_SECRET
    JenningsAckStatus status{JenningsAckStatus::OK};           //!< the outcome
    std::string deviceId;                                      //!< 1..64 bytes

    /// \return the wire bytes (aborts on invalid field lengths)
    Bytes Serialize() const;
    /**
     * \param data bytes \param size their length \param[out] out the message
     * \param[out] error why not (may be null)
     * \return true if the bytes are exactly one ACK (acked type INTRODUCE or DELIVER_SECRET,
     * a known status)
     */
    static bool Parse(const uint8_t* data, std::size_t size, JenningsAck& out, std::string* error);
};

/**
 * \ingroup iotsec
 * \brief The four parties of Jennings' enrolment.
 */
enum class JenningsParty : uint8_t
{
    DEVICE,         //!< the new node
    INTRODUCER,     //!< the phone that scans the label
    TRANSFER_AGENT, //!< run by the manufacturer
    CONTROLLER,     //!< the network's controller
};

/**
 * \ingroup iotsec
 * \param party a party
 * \return its name ("DEVICE", "INTRODUCER", "TRANSFER_AGENT", "CONTROLLER")
 */
const char* JenningsPartyName(JenningsParty party);

/**
 * \ingroup iotsec
 * \brief One message an engine wants sent.
 */
struct JenningsSend
{
    JenningsParty to{JenningsParty::DEVICE};              //!< the receiving party
    std::string deviceId;                                 //!< the device concerned
    JenningsMessageType type{JenningsMessageType::LABEL}; //!< the message type
    Bytes bytes;                                          //!< the message
    bool retransmission{false};                           //!< a copy of bytes sent before
};

/**
 * \ingroup iotsec
 * \brief An event: a BootstrapEvent (nodeId = deviceId; flight = the message type byte of a
 * REJECTED message, 0 if not even its type; tid unused) and the network info.
 */
struct JenningsEvent : public BootstrapEvent
{
    Bytes networkInfo; //!< COMPLETED at the device and the transfer agent: the network info
};

/**
 * \ingroup iotsec
 * \brief What one call into a Jennings engine produced.
 */
struct JenningsOutput
{
    std::vector<JenningsSend> sends;   //!< messages to send, in order
    std::vector<JenningsEvent> events; //!< events, in order
    std::vector<CryptoWork> work;      //!< cryptographic work done (none: the scheme has none)
};

/**
 * \ingroup iotsec
 * \brief What an attacker who read the label knows.
 */
class JenningsAttacker
{
  public:
    /**
     * \brief Whoever read the label (photographed the box, handled it in the supply chain)
     * has the device's PSK: the secret is printed in it.
     * \param labelBytes the label's bytes
     * \param[out] psk the device's PSK, on success
     * \return false if the bytes are not a LABEL
     */
    static bool SecretFromLabel(const Bytes& labelBytes, Bytes& psk);
};

/**
 * \ingroup iotsec
 * \brief Configuration of a JenningsDeviceEngine.
 */
struct JenningsDeviceConfig
{
    Bytes label;                        //!< the label's bytes (what the manufacturer flashed)
    Time retransmitTimeout{Seconds(2)}; //!< first DISCOVER timeout; doubles each time
    uint32_t maxRetransmissions{4};     //!< DISCOVER retransmissions before FAILED
};

/**
 * \ingroup iotsec
 * \brief States of a JenningsDeviceEngine.
 */
enum class JenningsDeviceState : uint8_t
{
    IDLE,          //!< not started
    WAIT_RESPONSE, //!< DISCOVER sent, waiting for DISCOVER_RESPONSE
    DONE,          //!< network info known, PSK installed
    FAILED,        //!< retransmissions exhausted (Start() may run again)
};

/**
 * \ingroup iotsec
 * \param state a state
 * \return its name
 */
const char* JenningsDeviceStateName(JenningsDeviceState state);

/**
 * \ingroup iotsec
 * \brief The new device: sends DISCOVER to the transfer agent until it gets the network info;
 * its PSK for DTLS with the controller is the label's secret (identity = deviceId).
 */
class JenningsDeviceEngine
{
  public:
    /**
     * \param config the configuration (a valid label: aborts otherwise)
     */
    explicit JenningsDeviceEngine(const JenningsDeviceConfig& config);

    /**
     * \brief Send DISCOVER to the transfer agent and arm its timer (event STARTED). Only from
     * IDLE or FAILED; otherwise nothing happens.
     * \param now the current time
     * \return the output
     */
    JenningsOutput Start(Time now);

    /**
     * \brief Take a message from the transfer agent. A DISCOVER_RESPONSE for this device while
     * WAIT_RESPONSE installs the PSK and reports COMPLETED (psk, networkInfo); anything else is
     * REJECTED with the state unchanged (MALFORMED, UNEXPECTED_TYPE, UNKNOWN_NODE for another
     * device's response, WRONG_STATE when not waiting).
     * \param now the current time
     * \param data the message
     * \param size its length
     * \return the output
     */
    JenningsOutput Receive(Time now, const uint8_t* data, std::size_t size);

    /// \return when OnTimeout() should be called (Time::Max() when no timer is armed)
    Time GetDeadline() const;

    /**
     * \brief Retransmit DISCOVER (the identical bytes) or give up (FAILED) when the timer
     * expired; nothing before the deadline.
     * \param now the current time
     * \return the output
     */
    JenningsOutput OnTimeout(Time now);

    /// \return the state
    JenningsDeviceState GetState() const;
    /// \return the PSK (the label's secret) once DONE (empty before)
    const Bytes& GetPsk() const;
    /// \return the network info once DONE (empty before)
    const Bytes& GetNetworkInfo() const;
    /// \return the PSK identity: the deviceId
    const std::string& GetDeviceId() const;
    /// \return DISCOVER retransmissions of the current attempt
    uint32_t GetRetransmissions() const;

  private:
    JenningsDeviceConfig m_config;                          //!< configuration
    JenningsLabel m_label;                                  //!< the parsed label
    JenningsDeviceState m_state{JenningsDeviceState::IDLE}; //!< state
    Bytes m_discover;                                       //!< DISCOVER as sent
    Bytes m_psk;                                            //!< PSK, once DONE
    Bytes m_networkInfo;                                    //!< network info, once DONE
    uint32_t m_retransmissions{0};                          //!< DISCOVER retransmissions
    Time m_deadline{Time::Max()};                           //!< the DISCOVER timer
};

/**
 * \ingroup iotsec
 * \brief Configuration of a JenningsIntroducerEngine.
 */
struct JenningsIntroducerConfig
{
    Time retransmitTimeout{Seconds(2)}; //!< first timeout of each leg; doubles each time
    uint32_t maxRetransmissions{4};     //!< retransmissions of a leg before FAILED
    uint32_t maxPending{8};             //!< introductions in progress at most
};

/**
 * \ingroup iotsec
 * \brief The introducer (a phone): from a scanned label, sends INTRODUCE to the transfer agent
 * and DELIVER_SECRET to the controller, each retransmitted until acknowledged. COMPLETED when
 * both legs are acknowledged OK; FAILED when a leg is refused or its retransmissions run out.
 */
class JenningsIntroducerEngine
{
  public:
    /// \param config the configuration (positive timeout, maxPending >= 1: aborts otherwise)
    explicit JenningsIntroducerEngine(const JenningsIntroducerConfig& config);

    /**
     * \brief Introduce a device whose label was scanned (event STARTED). REJECTED MALFORMED if
     * the label or the network info is invalid, TABLE_FULL if maxPending introductions are in
     * progress, WRONG_STATE if this device's introduction is already in progress.
     * \param now the current time
     * \param label the scanned label's bytes
     * \param size their length
     * \param networkInfo the controller's network info (1..64 bytes)
     * \return the output
     */
    JenningsOutput Introduce(Time now,
                             const uint8_t* label,
                             std::size_t size,
                             const Bytes& networkInfo);

    /**
     * \brief Take an ACK from the transfer agent (of INTRODUCE) or the controller (of
     * DELIVER_SECRET).
     * \param now the current time
     * \param from the party it came from
     * \param data the message
     * \param size its length
     * \return the output
     */
    JenningsOutput Receive(Time now, JenningsParty from, const uint8_t* data, std::size_t size);

    /// \return the earliest retransmission (Time::Max() if none)
    Time GetDeadline() const;

    /**
     * \brief Retransmit the legs whose timers expired, FAILED when exhausted.
     * \param now the current time
     * \return the output
     */
    JenningsOutput OnTimeout(Time now);

    /// \return introductions in progress
    std::size_t GetPendingCount() const;

  private:
    /// One leg: INTRODUCE or DELIVER_SECRET
    struct Leg
    {
        Bytes bytes;                    //!< the message as sent
        bool acked{false};              //!< acknowledged OK
        uint32_t retransmissions{0};    //!< retransmissions
        Time retransmitAt{Time::Max()}; //!< timer
    };

    /// An introduction in progress
    struct Pending
    {
        Leg introduce; //!< to the transfer agent
        Leg deliver;   //!< to the controller
    };

    JenningsIntroducerConfig m_config;        //!< configuration
    std::map<std::string, Pending> m_pending; //!< by deviceId
};

/**
 * \ingroup iotsec
 * \brief Configuration of a JenningsTransferAgentEngine.
 */
struct JenningsTransferAgentConfig
{
    uint32_t maxIntroductions{64}; //!< introductions kept at most (used ones included)
};

/**
 * \ingroup iotsec
 * \brief The manufacturer's transfer agent: stores introductions (deviceId -> OTP, network
 * info) and answers one DISCOVER per OTP. A DISCOVER for an unknown device (or before its
 * INTRODUCE), with a wrong OTP, or with an OTP already used is refused (REJECTED: UNKNOWN_NODE,
 * AUTH_FAILED, REPLAYED) and not answered: the reuse is what lets the installer detect that
 * someone else used the OTP. Used introductions stay in the table, so the bound counts them.
 */
class JenningsTransferAgentEngine
{
  public:
    /// \param config the configuration (maxIntroductions >= 1: aborts otherwise)
    explicit JenningsTransferAgentEngine(const JenningsTransferAgentConfig& config);

    /**
     * \brief Take INTRODUCE from the INTRODUCER or DISCOVER from a DEVICE. INTRODUCE is
     * answered by an ACK: OK when stored or already stored with the same contents (a
     * retransmission), CONFLICT (event REJECTED WRONG_STATE) when the device was introduced with
     * another OTP or network info, TABLE_FULL (event REJECTED TABLE_FULL) when maxIntroductions
     * are stored. A DISCOVER that matches an unused introduction is answered by
     * DISCOVER_RESPONSE (event COMPLETED with the network info); others are refused, unanswered.
     * \param now the current time
     * \param from the party it came from
     * \param data the message
     * \param size its length
     * \return the output
     */
    JenningsOutput Receive(Time now, JenningsParty from, const uint8_t* data, std::size_t size);

    /// \return Time::Max(): the agent has no timers
    Time GetDeadline() const;
    /// \param now the current time \return nothing
    JenningsOutput OnTimeout(Time now);

    /// \return introductions stored (used or not)
    std::size_t GetIntroductionCount() const;
    /**
     * \param deviceId a device
     * \param[out] used whether its OTP has been used
     * \return false if the device was not introduced
     */
    bool IsOtpUsed(const std::string& deviceId, bool& used) const;

  private:
    /// An introduction
    struct Introduction
    {
        Bytes otp;         //!< the OTP
        Bytes networkInfo; //!< the network info
        bool used{false};  //!< a DISCOVER was answered
    };

    /// INTRODUCE from the introducer
    void OnIntroduce(const uint8_t* data, std::size_t size, JenningsOutput& out);
    /// DISCOVER from a device
    void OnDiscover(const uint8_t* data, std::size_t size, JenningsOutput& out);

    JenningsTransferAgentConfig m_config;             //!< configuration
    std::map<std::string, Introduction> m_introduced; //!< by deviceId
};

/**
 * \ingroup iotsec
 * \brief Configuration of a JenningsControllerEngine.
 */
struct JenningsControllerConfig
{
    uint32_t maxDevices{64}; //!< devices (deviceId -> secret) kept at most
};

/**
 * \ingroup iotsec
 * \brief The controller: installs deviceId -> PSK (= secret) when DELIVER_SECRET arrives
 * (event COMPLETED with nodeId and psk), and acknowledges it.
 */
class JenningsControllerEngine
{
  public:
    /// \param config the configuration (maxDevices >= 1: aborts otherwise)
    explicit JenningsControllerEngine(const JenningsControllerConfig& config);

    /**
     * \brief Take DELIVER_SECRET from the INTRODUCER. The same secret again is acknowledged
     * without a second COMPLETED; another secret for a known device is refused (ACK CONFLICT,
     * REJECTED WRONG_STATE); a new device when the table is full is refused (ACK TABLE_FULL,
     * REJECTED TABLE_FULL).
     * \param now the current time
     * \param from the party it came from
     * \param data the message
     * \param size its length
     * \return the output
     */
    JenningsOutput Receive(Time now, JenningsParty from, const uint8_t* data, std::size_t size);

    /// \return Time::Max(): the controller has no timers
    Time GetDeadline() const;
    /// \param now the current time \return nothing
    JenningsOutput OnTimeout(Time now);

    /**
     * \param deviceId a device (its PSK identity)
     * \param[out] psk its PSK
     * \return false if no secret was delivered for it
     */
    bool GetPsk(const std::string& deviceId, Bytes& psk) const;
    /// \return devices installed
    std::size_t GetDeviceCount() const;

  private:
    JenningsControllerConfig m_config;      //!< configuration
    std::map<std::string, Bytes> m_secrets; //!< deviceId -> secret
};

} // namespace ns3

#endif /* IOTSEC_JENNINGS_ENROLMENT_H */
