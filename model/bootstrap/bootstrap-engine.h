/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_BOOTSTRAP_ENGINE_H
#define IOTSEC_BOOTSTRAP_ENGINE_H

#include "bootstrap-message.h"

#include "ns3/crypto-work.h"
#include "ns3/engine-random.h"
#include "ns3/iotsec-crypto.h"
#include "ns3/nstime.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

/**
 * \file
 * \ingroup iotsec
 * \brief Sans-I/O engines of Kang's five-flight PSK re-configuration (OOB secure
 * bootstrapping): the node (SBI), the controller (SBR) and the authentication server (SBS).
 *
 * \verbatim
 *   SBI (node)                 SBR (controller)                 SBS (server)
 *   1 HELLO ID_i,RN_i  --OOB-->
 *                              2 VERIFY_REQUEST {ID_c,RN_c,TID,TS,flight 1}SK_cs -->
 *                              <-- 3 VERIFY_RESPONSE {IK_i,TS,TID}SK_cs
 *   <--OOB-- 4 KEY TID,{RN_i,RN_c}IK_i
 *   5 CONFIRM TID,{RN_c}PSK_i --OOB-->
 *   PSK_i = AES-128_{IK_i}(RN_i xor RN_c)
 * \endverbatim
 *
 * Each engine takes bytes and the current time and returns a BootstrapOutput: the messages to
 * send (and to which party), the events, and the cryptographic work done. None touches a
 * socket, a clock or a global RNG; randomness comes from the EngineRandom it is given.
 */

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief The three parties of the protocol.
 */
enum class BootstrapParty : uint8_t
{
    NODE,       //!< SBI: the new node (a light)
    CONTROLLER, //!< SBR: the node's controller
    SERVER,     //!< SBS: the authentication server
};

/**
 * \ingroup iotsec
 * \param party a party
 * \return its name ("NODE", "CONTROLLER", "SERVER")
 */
const char* BootstrapPartyName(BootstrapParty party);

/**
 * \ingroup iotsec
 * \brief Why an engine refused a message.
 */
enum class BootstrapReject : uint8_t
{
    MALFORMED,           //!< not a well-formed message (or plaintext) of its type
    UNEXPECTED_TYPE,     //!< a valid message this party does not take (from that sender)
    AUTH_FAILED,         //!< the CCM tag did not verify, or ID_c is not the opening key's
    STALE,               //!< TS outside the freshness window, or not the TS sent
    REPLAYED,            //!< (ID_c, TID) already served
    UNKNOWN_NODE,        //!< ID_i not enrolled
    UNKNOWN_TRANSACTION, //!< no pending transaction with this TID at this step
    WRONG_NONCE,         //!< RN_i or RN_c does not match
    TABLE_FULL,          //!< a bounded table is full
    WRONG_STATE,         //!< the engine is not in a state that takes this message
};

/**
 * \ingroup iotsec
 * \param reason a reason
 * \return its name, for example "AUTH_FAILED"
 */
const char* BootstrapRejectName(BootstrapReject reason);

/**
 * \ingroup iotsec
 * \brief One message an engine wants sent.
 */
struct BootstrapSend
{
    BootstrapParty to{BootstrapParty::NODE}; //!< the receiving party
    std::string nodeId;         //!< the node concerned (controller -> node: which node)
    uint8_t flight{0};          //!< 1..5
    Bytes bytes;                //!< the message
    bool retransmission{false}; //!< a copy of bytes sent before
};

/**
 * \ingroup iotsec
 * \brief Something that happened in an engine.
 */
struct BootstrapEvent
{
    /// What happened
    enum Kind : uint8_t
    {
        STARTED,     //!< node: flight 1 sent; controller: flight 2 sent for a new transaction
        COMPLETED,   //!< node: PSK installed; controller: flight 5 verified; server: flight 3 sent
        FAILED,      //!< retransmissions exhausted, a pending transaction expired or was replaced
        REJECTED,    //!< a message refused, with reason
    } kind{STARTED}; //!< the kind

    std::string nodeId;       //!< the node concerned, when known
    uint32_t tid{0};          //!< the transaction, when known
    BootstrapReject reason{}; //!< REJECTED: why
    Bytes psk;                //!< COMPLETED: PSK_i
    uint8_t flight{0};        //!< REJECTED: the flight refused (0 if not even its type)
};

/**
 * \ingroup iotsec
 * \param kind an event kind
 * \return its name, for example "COMPLETED"
 */
const char* BootstrapEventKindName(BootstrapEvent::Kind kind);

/**
 * \ingroup iotsec
 * \brief What one call into an engine produced.
 */
struct BootstrapOutput
{
    std::vector<BootstrapSend> sends;   //!< messages to send, in order
    std::vector<BootstrapEvent> events; //!< events, in order
    std::vector<CryptoWork> work;       //!< cryptographic work done
};

/**
 * \ingroup iotsec
 * \brief The protocol's key derivation.
 */
class BootstrapKeys
{
  public:
    /**
     * \brief PSK_i = AES-128_{IK_i}(RN_i xor RN_c): one block through
     * Crypto::Aes128EncryptBlock (the caller reports one AES_BLOCK).
     * \param ik IK_i (16 bytes)
     * \param rnI RN_i (16 bytes)
     * \param rnC RN_c (16 bytes)
     * \return PSK_i (16 bytes)
     */
    static Bytes DerivePsk(const Bytes& ik, const Bytes& rnI, const Bytes& rnC);
};

/**
 * \ingroup iotsec
 * \brief What an attacker can compute from what it knows.
 */
class BootstrapAttacker
{
  public:
    /**
     * \brief The installer's attack: it set IK_N on the node, and it overhears flight 4.
     * \param ik the key the attacker knows (IK_N)
     * \param flight4 bytes it overheard
     * \param size their length
     * \param[out] psk PSK_i, on success
     * \param[out] rnI RN_i, on success (may be null)
     * \param[out] rnC RN_c, on success (may be null)
     * \return false if the bytes are not a KEY message that opens under ik
     */
    static bool TryDerivePsk(const Bytes& ik,
                             const uint8_t* flight4,
                             std::size_t size,
                             Bytes& psk,
                             Bytes* rnI,
                             Bytes* rnC);
};

/**
 * \ingroup iotsec
 * \brief Configuration of a BootstrapNodeEngine.
 */
struct BootstrapNodeConfig
{
    std::string nodeId;                 //!< ID_i (1..64 bytes); also the DTLS PSK identity
    Bytes initialKey;                   //!< IK_i = the installer's IK_N (16 bytes)
    Time retransmitTimeout{Seconds(2)}; //!< first flight-1 timeout; doubles each time
    uint32_t maxRetransmissions{4};     //!< flight-1 retransmissions before FAILED
};

/**
 * \ingroup iotsec
 * \brief States of a BootstrapNodeEngine.
 */
enum class BootstrapNodeState : uint8_t
{
    IDLE,     //!< not started
    WAIT_KEY, //!< flight 1 sent, waiting for flight 4
    DONE,     //!< PSK_i installed
    FAILED,   //!< retransmissions exhausted (Start() may run again)
};

/**
 * \ingroup iotsec
 * \param state a state
 * \return its name
 */
const char* BootstrapNodeStateName(BootstrapNodeState state);

/**
 * \ingroup iotsec
 * \brief The new node (SBI): sends flight 1, takes flight 4, sends flight 5.
 */
class BootstrapNodeEngine
{
  public:
    /**
     * \param config the configuration (ID of 1..64 bytes, 16-byte key: aborts otherwise)
     * \param random the randomness (must outlive the engine)
     */
    BootstrapNodeEngine(const BootstrapNodeConfig& config, EngineRandom& random);

    /**
     * \brief Draw RN_i, send HELLO to the controller, arm the flight-1 timer (event STARTED).
     * Only from IDLE or FAILED; otherwise nothing happens.
     * \param now the current time
     * \return the output
     */
    BootstrapOutput Start(Time now);

    /**
     * \brief Take a message from the controller. A KEY (flight 4) that opens under IK and
     * carries this node's RN_i installs PSK_i, sends CONFIRM and reports COMPLETED; the same
     * KEY again after DONE re-sends the same CONFIRM bytes. Anything else is REJECTED with
     * the state unchanged.
     * \param now the current time
     * \param data the message
     * \param size its length
     * \return the output
     */
    BootstrapOutput Receive(Time now, const uint8_t* data, std::size_t size);

    /// \return when OnTimeout() should be called (Time::Max() when no timer is armed)
    Time GetDeadline() const;

    /**
     * \brief Retransmit flight 1 (the identical bytes) or give up (FAILED) when the timer
     * expired; nothing before the deadline.
     * \param now the current time
     * \return the output
     */
    BootstrapOutput OnTimeout(Time now);

    /// \return the state
    BootstrapNodeState GetState() const;
    /// \return PSK_i once DONE (empty before)
    const Bytes& GetPsk() const;
    /// \return the PSK identity: ID_i
    const std::string& GetNodeId() const;
    /// \return the TID of the completed transaction (0 before DONE)
    uint32_t GetTid() const;
    /// \return flight-1 retransmissions of the current attempt
    uint32_t GetRetransmissions() const;

  private:
    /// \param out where \param reason why \param flight the flight refused
    void Reject(BootstrapOutput& out, BootstrapReject reason, uint8_t flight) const;

    BootstrapNodeConfig m_config;                         //!< configuration
    EngineRandom& m_random;                               //!< randomness
    BootstrapNodeState m_state{BootstrapNodeState::IDLE}; //!< state
    Bytes m_rnI;                                          //!< RN_i
    Bytes m_rnC;                                          //!< RN_c, once DONE
    Bytes m_hello;                                        //!< flight 1 as sent
    Bytes m_confirm;                                      //!< flight 5 as sent
    Bytes m_psk;                                          //!< PSK_i, once DONE
    uint32_t m_tid{0};                                    //!< TID, once DONE
    uint32_t m_retransmissions{0};                        //!< flight-1 retransmissions
    Time m_deadline{Time::Max()};                         //!< the flight-1 timer
};

/**
 * \ingroup iotsec
 * \brief Configuration of a BootstrapControllerEngine.
 */
struct BootstrapControllerConfig
{
    std::string controllerId;           //!< ID_c (1..64 bytes)
    Bytes skCs;                         //!< SK_cs shared with the server (16 bytes)
    Time pendingTimeout{Seconds(60)};   //!< a transaction's lifetime (and a done one's linger)
    uint32_t maxPending{16};            //!< transactions kept at most
    Time retransmitTimeout{Seconds(2)}; //!< first flight-4 timeout; doubles each time
    uint32_t maxRetransmissions{4};     //!< flight-4 retransmissions before FAILED
};

/**
 * \ingroup iotsec
 * \brief Steps of a controller's transaction.
 */
enum class BootstrapTransactionState : uint8_t
{
    AWAIT_RESPONSE, //!< flight 2 sent, waiting for flight 3
    AWAIT_CONFIRM,  //!< flight 4 sent, waiting for flight 5
    DONE,           //!< flight 5 verified (kept to ignore a re-sent CONFIRM)
};

/**
 * \ingroup iotsec
 * \param state a state
 * \return its name
 */
const char* BootstrapTransactionStateName(BootstrapTransactionState state);

/**
 * \ingroup iotsec
 * \brief The controller (SBR): relays flight 1 into flight 2, flight 3 into flight 4, and
 * verifies flight 5. Its transaction table is bounded (maxPending).
 */
class BootstrapControllerEngine
{
  public:
    /**
     * \param config the configuration (ID of 1..64 bytes, 16-byte key: aborts otherwise)
     * \param random the randomness (must outlive the engine)
     */
    BootstrapControllerEngine(const BootstrapControllerConfig& config, EngineRandom& random);

    /**
     * \brief Take a message: HELLO or CONFIRM from a NODE, VERIFY_RESPONSE from the SERVER.
     * Expired transactions are dropped first (as OnTimeout() would).
     * \param now the current time
     * \param from the party it came from
     * \param data the message
     * \param size its length
     * \return the output
     */
    BootstrapOutput Receive(Time now, BootstrapParty from, const uint8_t* data, std::size_t size);

    /// \return the earliest flight-4 retransmission or transaction expiry (Time::Max() if none)
    Time GetDeadline() const;

    /**
     * \brief Retransmit flight 4 whose timer expired (FAILED when exhausted) and drop expired
     * transactions (FAILED if they had not completed).
     * \param now the current time
     * \return the output
     */
    BootstrapOutput OnTimeout(Time now);

    /// \return transactions in the table (any state)
    std::size_t GetTransactionCount() const;

    /**
     * \param tid a transaction
     * \param[out] state its step
     * \return false if no such transaction is in the table
     */
    bool GetTransactionState(uint32_t tid, BootstrapTransactionState& state) const;

    /// \return the configuration
    const BootstrapControllerConfig& GetConfig() const;

  private:
    /// One transaction
    struct Transaction
    {
        std::string nodeId;  //!< ID_i
        Bytes rnI;           //!< RN_i
        Bytes rnC;           //!< RN_c
        int64_t tsMicros{0}; //!< TS sent in flight 2
        BootstrapTransactionState state{BootstrapTransactionState::AWAIT_RESPONSE}; //!< step
        Bytes psk;                      //!< PSK_i, after flight 3
        Bytes flight4;                  //!< flight 4 as sent
        uint32_t retransmissions{0};    //!< flight-4 retransmissions
        Time retransmitAt{Time::Max()}; //!< flight-4 timer
        Time expiresAt{Time::Max()};    //!< when the transaction is dropped
    };

    /// HELLO from a node
    void OnHello(Time now, const uint8_t* data, std::size_t size, BootstrapOutput& out);
    /// VERIFY_RESPONSE from the server
    void OnVerifyResponse(Time now, const uint8_t* data, std::size_t size, BootstrapOutput& out);
    /// CONFIRM from a node
    void OnConfirm(Time now, const uint8_t* data, std::size_t size, BootstrapOutput& out);
    /// Drop expired transactions and fire flight-4 timers
    void Expire(Time now, BootstrapOutput& out, bool retransmit);

    BootstrapControllerConfig m_config;       //!< configuration
    EngineRandom& m_random;                   //!< randomness
    std::map<uint32_t, Transaction> m_byTid;  //!< transactions by TID
    std::map<std::string, uint32_t> m_byNode; //!< TID of each node's transaction
    bool m_tidDrawn{false};                   //!< the first TID has been drawn
    uint32_t m_nextTid{0};                    //!< the next TID
};

/**
 * \ingroup iotsec
 * \brief Configuration of a BootstrapServerEngine.
 */
struct BootstrapServerConfig
{
    Time maxAge{Seconds(30)};       //!< freshness window: |now - TS| <= maxAge
    uint32_t maxReplayEntries{256}; //!< (ID_c, TID) pairs remembered at most
    uint32_t maxControllers{16};    //!< controllers (SK_cs) at most
    uint32_t maxNodes{65536};       //!< enrolled nodes at most
};

/**
 * \ingroup iotsec
 * \brief The authentication server (SBS): serves flight 2 with flight 3.
 *
 * Deviation from the paper: the paper's SBS replaces IK_i by PSK_i in its repository. This
 * engine keeps IK_i as the node's enrolment key and records PSK_i as the node's current key
 * (GetNodeKey()), so that a node whose flight 4 was lost can run the protocol again.
 */
class BootstrapServerEngine
{
  public:
    /**
     * \param config the configuration
     * \param random the randomness, for nonces (must outlive the engine)
     */
    BootstrapServerEngine(const BootstrapServerConfig& config, EngineRandom& random);

    /**
     * \brief Share SK_cs with a controller (replaces the key of a known controller).
     * \param controllerId ID_c (1..64 bytes)
     * \param skCs SK_cs (16 bytes)
     * \return false if the arguments are invalid or maxControllers are known
     */
    bool AddController(const std::string& controllerId, const Bytes& skCs);

    /**
     * \brief The administrator's enrolment: the node's initial key (replaces a known node's).
     * \param nodeId ID_i (1..64 bytes)
     * \param ik IK_i (16 bytes)
     * \return false if the arguments are invalid or maxNodes are enrolled
     */
    bool EnrolNode(const std::string& nodeId, const Bytes& ik);

    /**
     * \param nodeId ID_i
     * \param[out] psk the node's current PSK_i
     * \return false if the node is unknown or not re-configured yet
     */
    bool GetNodeKey(const std::string& nodeId, Bytes& psk) const;

    /**
     * \brief Take a VERIFY_REQUEST (the server cannot tell which controller sent it: ID_c is
     * sealed, so every controller's SK_cs is tried).
     * \param now the current time
     * \param data the message
     * \param size its length
     * \return the output
     */
    BootstrapOutput Receive(Time now, const uint8_t* data, std::size_t size);

    /// \return Time::Max(): the server has no timers (replay entries age out lazily)
    Time GetDeadline() const;

    /// \param now the current time \return nothing (the server has no timers)
    BootstrapOutput OnTimeout(Time now);

    /// \return (ID_c, TID) pairs remembered
    std::size_t GetReplayEntryCount() const;
    /// \return controllers known
    std::size_t GetControllerCount() const;
    /// \return nodes enrolled
    std::size_t GetNodeCount() const;
    /// \return the configuration
    const BootstrapServerConfig& GetConfig() const;

  private:
    /// An enrolled node
    struct Node
    {
        Bytes ik;  //!< IK_i, from enrolment
        Bytes psk; //!< PSK_i, once re-configured (empty before)
    };

    BootstrapServerConfig m_config;                               //!< configuration
    EngineRandom& m_random;                                       //!< randomness
    std::vector<std::pair<std::string, Bytes>> m_controllers;     //!< (ID_c, SK_cs)
    std::map<std::string, Node> m_nodes;                          //!< the repository
    std::map<std::pair<std::string, uint32_t>, int64_t> m_replay; //!< (ID_c, TID) -> TS
};

} // namespace ns3

#endif /* IOTSEC_BOOTSTRAP_ENGINE_H */
