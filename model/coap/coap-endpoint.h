/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_COAP_ENDPOINT_H
#define IOTSEC_COAP_ENDPOINT_H

#include "coap-deadline-index.h"
#include "coap-link-format.h"
#include "coap-message-security.h"
#include "coap-message.h"

#include "ns3/nstime.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

class EngineRandom;

/**
 * \ingroup iotsec
 * \brief Parse a duration such as "5s", "250ms", "1.5min" without aborting on bad input.
 * \param text a non-negative number followed by a unit: ns, us, ms, s, min or h
 * \param[out] out the duration
 * \return false if the text is not such a duration
 */
bool CoapParseDuration(const std::string& text, Time& out);

/**
 * \ingroup iotsec
 * \brief The bounded tables of a CoapEndpoint (principle 4: an attacker must not be able to
 * grow the simulator's memory). Each has a cap in CoapEngineConfig.
 */
enum class CoapTable : uint8_t
{
    DEDUP,         //!< received CON/NON messages and the replies cached for them (maxDedupEntries)
    EXCHANGES,     //!< client requests: queued, in flight or observing (maxExchanges)
    TRANSMISSIONS, //!< outstanding CON messages awaiting ACK or RST (maxTransmissions)
    OBSERVERS,     //!< server-side Observe registrations (maxObservers)
    BLOCK1,        //!< server-side Block1 reassemblies (maxBlock1Transfers)
    DEFERRED,      //!< requests whose handler deferred the response (maxDeferred)
};

/**
 * \param table a table
 * \return its name ("DEDUP")
 */
const char* CoapTableName(CoapTable table);

/**
 * \ingroup iotsec
 * \brief What a full table did with a new entry (the TableFull trace of CoapSocketBinding).
 */
enum class CoapTableAction : uint8_t
{
    EVICTED, //!< an old entry was dropped to make room for the new one
    REFUSED, //!< the new entry was refused (the old ones are kept)
};

/**
 * \param action an action
 * \return its name ("EVICTED")
 */
const char* CoapTableActionName(CoapTableAction action);

/**
 * \ingroup iotsec
 * \brief Transmission parameters and limits of a CoAP endpoint (RFC 7252 section 4.8).
 *
 * The derived times (EXCHANGE_LIFETIME and friends) follow RFC 7252 section 4.8.2 from these.
 *
 * Every per-peer and per-message table of the engine is bounded twice: its entries expire
 * (deduplication entries after EXCHANGE_LIFETIME or NON_LIFETIME, Block1 reassemblies
 * EXCHANGE_LIFETIME after their last block, deferred requests after the lifetime of the
 * request, outstanding CON messages after MAX_RETRANSMIT retransmissions), and the number of
 * entries is capped by the max* fields below. The defaults are sized for a gateway-class
 * endpoint (an SSM, a border router, a phone) so that none binds in the module's studies
 * without an attack; a constrained node's stack would set them much lower.
 */
struct CoapEngineConfig
{
    Time ackTimeout{Seconds(2)};        //!< ACK_TIMEOUT
    double ackRandomFactor{1.5};        //!< ACK_RANDOM_FACTOR (>= 1)
    uint32_t maxRetransmit{4};          //!< MAX_RETRANSMIT
    uint32_t nstart{1};                 //!< NSTART: outstanding interactions per peer
    Time maxLatency{Seconds(100)};      //!< MAX_LATENCY
    uint32_t tokenLength{4};            //!< length of the tokens this endpoint makes (0..8)
    uint8_t blockSzx{6};                //!< preferred block size exponent (0..6: 16..1024 bytes)
    uint32_t maxBodySize{65536};        //!< largest Block1 body a server reassembles (4.13 beyond)
    uint32_t notifyConfirmableEvery{1}; //!< every Nth notification is CON (1: all, 0: none)

    /// Received messages remembered for deduplication (CoapTable::DEDUP). Full: the entry
    /// that expires first (the oldest of its kind) is evicted, and a late duplicate of it
    /// would be processed again (RFC 7252 section 4.5 lets a constrained server relax
    /// deduplication). 4096 keeps every message of 16 requests/s for EXCHANGE_LIFETIME.
    uint32_t maxDedupEntries{4096};
    /// Open client requests, queued, in flight or observing (CoapTable::EXCHANGES; the
    /// per-peer NSTART queues and slot counts exist only while a peer has one). Full: a new
    /// request is refused and fails with "refused: ..." from the next timer. 1024 lets a
    /// client command every light of a 30 x 30 building at once.
    uint32_t maxExchanges{1024};
    /// Outstanding CON messages awaiting ACK or RST: retransmission buffers
    /// (CoapTable::TRANSMISSIONS). Full: the oldest is given up as if it had timed out (its
    /// request fails with "evicted: ...", its observer is removed). 2048: the requests of
    /// maxExchanges plus as many notifications and separate responses.
    uint32_t maxTransmissions{2048};
    /// Server-side Observe registrations (CoapTable::OBSERVERS). Full: a new registration is
    /// refused and the GET answered without Observe (RFC 7641 section 4.1). 256.
    uint32_t maxObservers{256};
    /// Concurrent server-side Block1 reassemblies (CoapTable::BLOCK1), each up to
    /// maxBodySize bytes. Full: the least recently active one is evicted (its next block
    /// gets 4.08). 16 x 64 KiB = 1 MiB at most.
    uint32_t maxBlock1Transfers{16};
    /// Requests whose handler deferred the response (CoapTable::DEFERRED). Full: the oldest
    /// is evicted (SendDeferredResponse then returns false for it). 256.
    uint32_t maxDeferred{256};

    /// \return MAX_TRANSMIT_SPAN = ACK_TIMEOUT * (2^MAX_RETRANSMIT - 1) * ACK_RANDOM_FACTOR
    Time GetMaxTransmitSpan() const;
    /// \return MAX_TRANSMIT_WAIT = ACK_TIMEOUT * (2^(MAX_RETRANSMIT+1) - 1) * ACK_RANDOM_FACTOR
    Time GetMaxTransmitWait() const;
    /// \return EXCHANGE_LIFETIME = MAX_TRANSMIT_SPAN + 2 * MAX_LATENCY + PROCESSING_DELAY
    Time GetExchangeLifetime() const;
    /// \return NON_LIFETIME = MAX_TRANSMIT_SPAN + MAX_LATENCY
    Time GetNonLifetime() const;
    /**
     * \param table a table
     * \return its cap (the max* field)
     */
    uint32_t GetCap(CoapTable table) const;
    /**
     * \brief Check the values.
     * \param[out] error if non-null, what is wrong
     * \return true if valid
     */
    bool Validate(std::string* error) const;
};

/**
 * \ingroup iotsec
 * \brief Something that happened in a CoAP endpoint, for tracing.
 */
struct CoapEvent
{
    /// What happened
    enum Kind
    {
        REQUEST_SENT,          //!< a request message was sent for the first time
        RESPONSE_RECEIVED,     //!< a response matched a request (rtt set)
        RETRANSMISSION,        //!< a CON message was retransmitted
        TIMEOUT,               //!< a CON message was given up after MAX_RETRANSMIT
        DUPLICATE,             //!< a duplicate CON/NON was detected (cached reply resent)
        REQUEST_RECEIVED,      //!< a request reached the server side (handler about to run)
        RESPONSE_SENT,         //!< a response (piggybacked, separate or NON) was sent
        NOTIFICATION_SENT,     //!< an Observe notification was sent
        NOTIFICATION_RECEIVED, //!< an Observe notification was delivered
        OBSERVE_REORDERED,     //!< a stale notification was dropped (RFC 7641 section 3.4)
        OBSERVER_ADDED,        //!< an observer registered
        OBSERVER_REMOVED,      //!< an observer was removed
        RST_SENT,              //!< a message was rejected with RST
        RST_RECEIVED,          //!< a RST matched one of our messages
        REJECTED,              //!< a message was rejected (malformed, bad option, unexpected)
        BLOCK_SENT,            //!< a follow-up block request was sent (Block1 or Block2)
        SECURITY_REJECTED,     //!< a message failed its message security (OSCORE):
                               //!< securityFailure says why, detail in words, code is the
                               //!< error response sent (0: none)
        TABLE_EVICTED,         //!< a full table dropped an old entry (table; peer: the entry's)
        TABLE_REFUSED,         //!< a full table refused a new entry (table; peer: the new entry's)
    };

    Kind kind;                   //!< what happened
    std::string peer;            //!< the peer
    uint16_t messageId{0};       //!< the message ID concerned
    std::vector<uint8_t> token;  //!< the token concerned
    uint8_t code{0};             //!< the code concerned
    Time rtt;                    //!< round-trip time of the message (RESPONSE_RECEIVED)
    uint32_t retransmissions{0}; //!< retransmissions of the message so far
    std::string detail;          //!< human-readable detail
    /// the table concerned (TABLE_EVICTED, TABLE_REFUSED)
    CoapTable table{CoapTable::DEDUP};
    /// why message security rejected a message (SECURITY_REJECTED)
    CoapSecurityFailure securityFailure{CoapSecurityFailure::NONE};

    /// \param kind a kind \return its name ("RETRANSMISSION")
    static const char* KindName(Kind kind);
};

/**
 * \ingroup iotsec
 * \brief What a CoapEndpoint needs from its binding: a way to send, a timer, and an event sink.
 */
class CoapEndpointListener
{
  public:
    virtual ~CoapEndpointListener() = default;

    /**
     * \brief Send one datagram to a peer.
     * \param peer the peer's key, as the binding gave it
     * \param datagram the bytes
     */
    virtual void SendDatagram(const std::string& peer, const std::vector<uint8_t>& datagram) = 0;

    /**
     * \brief The engine's next deadline changed: call CoapEndpoint::OnTimer() then.
     * \param deadline the absolute time, or Time::Max() for none
     */
    virtual void SetTimer(Time deadline) = 0;

    /**
     * \brief Something happened (for traces and counters).
     * \param event the event
     */
    virtual void OnEvent(const CoapEvent& event)
    {
        (void)event;
    }

    /**
     * \brief The engine was entered from outside (a datagram, a timer, an application's
     * call): until OnLeave() everything it does is one step, whose work a binding can price
     * before the step's effects (SendDatagram, SetTimer, OnEvent, the client callbacks it
     * wraps) take place. Calls made from inside the engine (a handler's, a callback's) are
     * part of the step and are not reported again.
     */
    virtual void OnEnter()
    {
    }

    /// \brief The outermost engine call returns (its last SetTimer() has been made).
    virtual void OnLeave()
    {
    }
};

/**
 * \ingroup iotsec
 * \brief The outcome of a client request, or one Observe notification.
 */
struct CoapResult
{
    uint64_t requestId{0};       //!< the id SendRequest returned
    bool ok{false};              //!< a response arrived (any code); false: timeout, reset, error
    std::string error;           //!< why not ok ("timeout", "reset", ...)
    CoapMessage response;        //!< the response; its payload is the whole reassembled body
    Time rtt;                    //!< from the first transmission of the request to this response
    uint32_t retransmissions{0}; //!< retransmissions over every message of the request
    uint32_t blocks{0};          //!< messages exchanged for the request (1 without block-wise)
    bool notification{false};    //!< an Observe notification (more may follow)
    bool final{true};            //!< no more callbacks for this request
    bool secured{false};         //!< the response was verified by the message security (OSCORE)
};

/// Called with each outcome of a client request
using CoapResponseCallback = std::function<void(const CoapResult&)>;

/**
 * \ingroup iotsec
 * \brief Options of one client request.
 */
struct CoapRequestOptions
{
    bool confirmable{true};           //!< send CON (else NON)
    bool observe{false};              //!< register as an observer (Observe: 0)
    std::optional<uint8_t> block2Szx; //!< ask for this block size early (Block2 0/0/SZX)
};

/**
 * \ingroup iotsec
 * \brief A request as a server-side handler sees it.
 */
struct CoapServerRequest
{
    std::string peer;    //!< the client
    CoapMessage message; //!< the request; its payload is the whole (Block1-reassembled) body
    Time now;            //!< the current time
    uint64_t deferredId; //!< the id to complete a deferred (separate) response with
    bool secured{false}; //!< the request was verified by the message security (OSCORE)
};

/**
 * \ingroup iotsec
 * \brief The response a server-side handler fills in.
 */
struct CoapServerResponse
{
    CoapMessage message; //!< code, options and payload (type, ID and token are the engine's)
    bool defer{false};   //!< answer later with CoapEndpoint::SendDeferredResponse()
};

/// A server-side request handler
using CoapHandler = std::function<void(const CoapServerRequest&, CoapServerResponse&)>;

/**
 * \ingroup iotsec
 * \brief A resource hosted by a CoapEndpoint.
 */
struct CoapResource
{
    std::string path;                          //!< "/sensors/temp"
    std::vector<CoapLinkAttribute> attributes; //!< link attributes (ct, rt, if, title, ...)
    std::map<uint8_t, CoapHandler> handlers;   //!< handler per method code
    bool observable{false}; //!< GET with Observe registers observers (`obs` is listed)
    bool listed{true};      //!< listed in /.well-known/core
};

/**
 * \ingroup iotsec
 * \brief Bytes of state a constrained implementation of this endpoint would hold.
 *
 * Model: a peer's address is 18 bytes (IPv6 address and port), a timer 4 bytes. An open
 * exchange holds its retransmission buffer (the serialized message), the peer, token, message
 * ID and a timer, plus reassembly buffers; a deduplication entry holds the peer, message ID,
 * an expiry timer and the cached reply; an observer holds the peer, token, path and the
 * sequence state. Message security adds its contexts' state (CoapMessageSecurity::
 * GetStateBytes) and, per open exchange, observer or deferred response, the request binding
 * ('kid' and Partial IV).
 */
struct CoapStateSize
{
    uint64_t exchanges{0}; //!< client exchanges and outstanding CON messages
    uint64_t dedup{0};     //!< deduplication cache
    uint64_t observers{0}; //!< observe registrations (server) and observations (client)
    uint64_t blockwise{0}; //!< server-side Block1 reassembly
    uint64_t security{0};  //!< message security: contexts and request bindings

    /// \return the sum
    uint64_t Total() const
    {
        return exchanges + dedup + observers + blockwise + security;
    }
};

/**
 * \ingroup iotsec
 * \brief A sans-I/O CoAP endpoint (RFC 7252, RFC 7641 Observe, RFC 7959 block-wise):
 * client and server in one state machine.
 *
 * The engine never touches a socket, a clock or a global RNG. Its binding passes in received
 * datagrams and the current time, calls OnTimer() when the deadline it was given by
 * CoapEndpointListener::SetTimer() comes, and sends the datagrams the engine hands it. Peers
 * are opaque keys chosen by the binding (for example "[2001:1::2]:5683"). Randomness (the
 * initial retransmission timeout, message IDs, tokens) comes from an EngineRandom.
 *
 * Message layer: CON retransmission with exponential back-off (initial timeout uniform in
 * [ACK_TIMEOUT, ACK_TIMEOUT * ACK_RANDOM_FACTOR], doubled each time, given up after
 * MAX_RETRANSMIT retransmissions); at most NSTART outstanding interactions per peer (further
 * requests wait in a queue); deduplication of received CON and NON messages by (peer, message
 * ID) for EXCHANGE_LIFETIME and NON_LIFETIME (a duplicate CON gets the cached reply, the
 * handler does not run again); RST for unexpected or malformed CON messages.
 *
 * Request/response layer: token matching; piggybacked, separate (empty ACK, then a CON
 * response) and NON responses; a resource tree with a handler per method, 4.04, 4.05, 4.02
 * (unrecognized critical options, RFC 7252 section 5.4.1), 4.00, 5.05 (proxying), and a
 * generated /.well-known/core (RFC 6690, with query filtering).
 *
 * Observe: registration, notifications with increasing sequence numbers, deregistration by
 * GET with Observe: 1 or by RST, removal of an observer whose CON notification times out, and
 * the client's reordering check. Block-wise: Block2 (server slices, client reassembles and
 * asks for the next blocks, checking ETag), Block1 (client uploads, server reassembles and
 * answers 2.31 Continue, 4.08 or 4.13), and block-size negotiation in both directions.
 *
 * Message security (optional, per peer): with a CoapMessageSecurity for a peer
 * (SetSecurity), each request to that peer is protected after the message layer has given it
 * its type, ID and token (each block and each Observe (de)registration is a request of its
 * own), and each response from it is verified before the request/response layer sees it; as a
 * server, each request from the peer is verified before it reaches the resource tree and each
 * response (piggybacked, separate, notification, error) is protected. Deduplication and
 * retransmission work on the protected bytes. A request that fails verification never reaches
 * a handler: it is answered with the unprotected error the security names (OSCORE: 4.00, 4.01
 * or 4.02, Max-Age 0, diagnostic payload), and an unprotected request from such a peer with
 * 4.01. A response that fails verification is discarded; if the request then has nothing left
 * to wait for, it fails after MAX_TRANSMIT_WAIT unless a valid response comes. An unprotected
 * error response (4.xx, 5.xx) to a protected request is delivered with CoapResult::secured
 * false; an unprotected success is discarded. Without security for a peer, a message carrying
 * an OSCORE option is treated as one with an unrecognized critical option (4.02 or rejection).
 *
 * Bounds (principle 4): every per-peer and per-message table (CoapTable) expires its entries
 * and is capped by CoapEngineConfig: deduplication entries after EXCHANGE_LIFETIME (CON) or
 * NON_LIFETIME (NON), Block1 reassemblies EXCHANGE_LIFETIME after their last block, deferred
 * requests after their request's lifetime, CON messages after MAX_RETRANSMIT retransmissions,
 * exchanges at their response deadline. A full table evicts (deduplication: the entry that
 * expires first; Block1: the least recently active; deferred and outstanding CON messages: the
 * oldest) or refuses (a new client request fails with "refused: ..." from the next timer; a
 * new observer gets the GET answered without Observe, RFC 7641 section 4.1), and says so with
 * a TABLE_EVICTED or TABLE_REFUSED event. The per-peer NSTART queues and slot counts exist
 * only while the peer has an exchange. OSCORE's per-request state (the request bindings) lives
 * in the exchanges, observers and deferred responses, and so has their bounds. Each table's
 * deadlines are kept in time order (CoapDeadlineIndex): GetNextDeadline() is O(1) and a
 * packet or a timer costs O(log n), whatever the number of messages seen.
 */
class CoapEndpoint
{
  public:
    /**
     * \param listener the binding (must outlive the engine)
     * \param random the randomness (must outlive the engine)
     * \param config the parameters (invalid ones abort: a configuration error)
     */
    CoapEndpoint(CoapEndpointListener& listener,
                 EngineRandom& random,
                 const CoapEngineConfig& config = CoapEngineConfig());

    CoapEndpoint(const CoapEndpoint&) = delete;
    CoapEndpoint& operator=(const CoapEndpoint&) = delete;

    /// \return the parameters
    const CoapEngineConfig& GetConfig() const;

    /**
     * \brief Change the parameters (applies to messages sent from now on).
     * \param config the parameters (invalid ones abort)
     */
    void SetConfig(const CoapEngineConfig& config);

    // ---- server side -------------------------------------------------------------------

    /**
     * \brief Host a resource (replacing one with the same path).
     * \param resource the resource
     */
    void AddResource(const CoapResource& resource);

    /**
     * \brief Stop hosting a resource; its observers are notified with 4.04 and removed.
     * \param now the current time
     * \param path a path
     * \return true if a resource was removed
     */
    bool RemoveResource(Time now, const std::string& path);

    /// \return the links /.well-known/core lists, in the order the resources were added
    std::vector<CoapLink> GetLinks() const;

    /**
     * \brief A resource changed: run its GET handler for every observer and notify them.
     * \param now the current time
     * \param path the resource
     */
    void NotifyObservers(Time now, const std::string& path);

    /**
     * \param path a path, or "" for every resource
     * \return the number of observers registered
     */
    uint32_t GetObserverCount(const std::string& path = "") const;

    /**
     * \brief Complete a request whose handler set CoapServerResponse::defer.
     * \param now the current time
     * \param deferredId CoapServerRequest::deferredId
     * \param response the response (code, options, payload)
     * \return false if there is no such deferred request
     */
    bool SendDeferredResponse(Time now, uint64_t deferredId, const CoapMessage& response);

    // ---- client side -------------------------------------------------------------------

    /**
     * \brief Send a request. Its code, options (Uri-Path, ...) and payload are taken from
     * the message; the engine sets type, message ID and token, and splits a payload larger
     * than the block size into Block1 blocks.
     * \param now the current time
     * \param peer the server
     * \param request the request
     * \param callback called with the outcome (and with each notification when observing)
     * \param options CON or NON, Observe, early Block2 size
     * \return the request's id (never 0)
     */
    uint64_t SendRequest(Time now,
                         const std::string& peer,
                         const CoapMessage& request,
                         CoapResponseCallback callback,
                         const CoapRequestOptions& options = CoapRequestOptions());

    /**
     * \brief Stop observing.
     * \param now the current time
     * \param requestId the id of the observing request
     * \param proactive true: send a GET with Observe: 1 (RFC 7641 section 3.6); false: forget
     * the observation and answer the next notification with RST
     * \return false if the request is not observing
     */
    bool CancelObserve(Time now, uint64_t requestId, bool proactive = true);

    /// \param requestId a request id \return true if the request is still open
    bool IsOpen(uint64_t requestId) const;

    /**
     * \brief Fail every open request to a peer at once, for example because the transport
     * below (a DTLS association) failed or was refused and no response can arrive. Each
     * request's callback gets ok = false and the reason as its error; queued requests are
     * failed before the one in flight, so that none of them is sent.
     * \param now the current time
     * \param peer the peer's key
     * \param why the error given to the callbacks
     * \return the number of requests failed
     */
    uint32_t AbortPeer(Time now, const std::string& peer, const std::string& why);

    // ---- input -------------------------------------------------------------------------

    /**
     * \brief A datagram arrived. Malformed datagrams are rejected (RST for a readable CON
     * header), never asserted on.
     * \param now the current time
     * \param peer the sender's key
     * \param data the bytes
     * \param len their number
     */
    void Receive(Time now, const std::string& peer, const uint8_t* data, std::size_t len);

    /**
     * \brief The deadline given to SetTimer() came (calling it early or late is harmless).
     * \param now the current time
     */
    void OnTimer(Time now);

    /// \return the next deadline, or Time::Max() for none (O(1): the tables' deadlines are
    /// kept in time order)
    Time GetNextDeadline() const;

    /// \return the state held, in bytes (O(entries), which the caps bound)
    CoapStateSize GetStateSize() const;

    /**
     * \param table a table
     * \return its number of entries (O(1); at most CoapEngineConfig::GetCap(table))
     */
    uint64_t GetTableSize(CoapTable table) const;

    /**
     * \brief Check the engine's bookkeeping (for tests and fuzzing; O(entries)): every
     * table within its cap, every deadline index exactly mirroring its table, the per-peer
     * records matching the exchanges.
     * \param[out] error if non-null, the first inconsistency found
     * \return true if consistent
     */
    bool CheckConsistency(std::string* error = nullptr) const;

    // ---- message security ---------------------------------------------------------------

    /**
     * \brief Protect the exchanges with a peer (see the class description).
     * \param peer the peer's key, or "" for every peer without one of its own
     * \param security the security (nullptr: none, plain CoAP)
     */
    void SetSecurity(const std::string& peer, std::shared_ptr<CoapMessageSecurity> security);

    /**
     * \param peer a peer's key
     * \return the security that applies to it (its own, else the default), or nullptr
     */
    std::shared_ptr<CoapMessageSecurity> GetSecurity(const std::string& peer) const;

  private:
    /// Who owns an outstanding CON message
    enum Owner
    {
        OWNER_CLIENT,       //!< a client exchange's request
        OWNER_NOTIFICATION, //!< an observer's notification
        OWNER_SEPARATE      //!< a separate response
    };

    /// An outstanding CON message awaiting ACK or RST
    struct Transmission
    {
        std::string peer;           //!< destination
        uint16_t messageId;         //!< message ID
        std::vector<uint8_t> bytes; //!< the datagram
        uint32_t retransmissions;   //!< retransmissions so far
        Time timeout;               //!< current timeout
        Time deadline;              //!< next retransmission or give-up
        Time firstSent;             //!< first transmission
        Owner owner;                //!< who owns it
        uint64_t ownerId;           //!< exchange id or observer id
        std::vector<uint8_t> token; //!< token of the message
    };

    /// States of a client exchange
    enum ExchangeState
    {
        QUEUED,    //!< waiting for an NSTART slot
        WAITING,   //!< a request is in flight, response awaited
        OBSERVING, //!< registered observation: notifications arrive
    };

    /// A client request (possibly spanning blocks and notifications)
    struct Exchange
    {
        uint64_t id;                              //!< request id
        std::string peer;                         //!< server
        CoapMessage request;                      //!< template: code, options, whole payload
        CoapRequestOptions options;               //!< options
        CoapResponseCallback callback;            //!< outcome
        ExchangeState state;                      //!< state
        std::vector<uint8_t> token;               //!< token (kept for the whole request)
        uint16_t messageId;                       //!< message ID of the message in flight
        bool confirmableInFlight;                 //!< the message in flight is CON, not yet ACKed
        Time messageSent;                         //!< first transmission of the message in flight
        Time firstSent;                           //!< first transmission of the request
        Time responseDeadline;                    //!< give up waiting for a response (Max: none)
        uint32_t retransmissions;                 //!< over all messages
        uint32_t messages;                        //!< messages sent
        std::size_t block1Offset;                 //!< bytes of the body acknowledged so far
        uint8_t block1Szx;                        //!< Block1 size in use
        bool block1Active;                        //!< the body is sent block-wise
        std::vector<uint8_t> body;                //!< Block2 reassembly
        uint32_t block2Next;                      //!< next Block2 NUM expected
        uint8_t block2Szx;                        //!< Block2 size in use
        bool block2Active;                        //!< a Block2 transfer is going on
        std::optional<std::vector<uint8_t>> etag; //!< ETag of the first block
        bool haveObserve;                         //!< a notification was received
        uint32_t lastObserve;                     //!< its sequence number
        Time lastObserveTime;                     //!< its arrival time
        bool holdsSlot;                           //!< counts against NSTART
        CoapRequestBinding binding;               //!< security binding of the message in flight
        std::string pendingError;                 //!< why it fails at responseDeadline
    };

    /// A server-side observer
    struct Observer
    {
        uint64_t id;                //!< id
        std::string peer;           //!< client
        std::vector<uint8_t> token; //!< token of the registration
        std::string path;           //!< resource
        CoapMessage request;        //!< the registering request (for re-running the handler)
        bool inFlight;              //!< a CON notification awaits its ACK
        bool pending;               //!< a newer state waits for that ACK
        uint16_t lastMessageId;     //!< ID of the latest notification (to match an RST)
        uint32_t sent;              //!< notifications sent
        CoapRequestBinding binding; //!< security binding of the registration
    };

    /// A received message remembered for deduplication
    struct DedupEntry
    {
        Time expires;               //!< end of its lifetime
        std::vector<uint8_t> reply; //!< the reply sent (empty: none to resend)
    };

    /// A deferred (separate) response
    struct Deferred
    {
        std::string peer;           //!< client
        std::vector<uint8_t> token; //!< token
        bool confirmable;           //!< the request was CON
        uint16_t requestMessageId;  //!< ID of the request
        std::string path;           //!< resource
        CoapRequestBinding binding; //!< security binding of the request
        Time expires;               //!< the client has given up by then: forget it
    };

    /// A request refused because the exchange table was full: failed from the next timer
    struct Refused
    {
        uint64_t id;                   //!< the id SendRequest returned
        CoapResponseCallback callback; //!< its callback
        Time at;                       //!< when it was refused
    };

    /// Server-side Block1 reassembly
    struct Block1State
    {
        std::vector<uint8_t> body; //!< bytes received so far
        Time expires;              //!< forget after this
    };

    /// Keeps the timer up to date when the outermost entry point returns, and tells the
    /// listener where that call begins and ends (OnEnter, OnLeave)
    class Entry
    {
      public:
        /// \param e the engine
        explicit Entry(CoapEndpoint* e);
        ~Entry();

      private:
        CoapEndpoint* m_e; //!< engine
    };

    // helpers
    uint16_t NextMessageId();
    std::vector<uint8_t> NewToken();
    Time InitialTimeout();
    void Emit(CoapEvent::Kind kind,
              const std::string& peer,
              uint16_t mid,
              const std::vector<uint8_t>& token,
              uint8_t code,
              const std::string& detail = "",
              Time rtt = Time(0),
              uint32_t retransmissions = 0);
    void Send(const std::string& peer, const std::vector<uint8_t>& bytes);
    void SendConfirmable(Time now,
                         const std::string& peer,
                         const CoapMessage& m,
                         Owner owner,
                         uint64_t ownerId);
    void SendReset(const std::string& peer, uint16_t mid, const std::string& why);
    void ProcessTimers(Time now);
    void UpdateTimer();
    static std::string TokenKey(const std::string& peer, const std::vector<uint8_t>& token);
    static std::string MidKey(const std::string& peer, uint16_t mid);
    /// \param key a MidKey \return its peer
    static std::string PeerOfMidKey(const std::string& key);

    void EmitSecurityRejected(const std::string& peer,
                              const CoapMessage& m,
                              uint8_t code,
                              CoapSecurityFailure failure,
                              const std::string& detail);

    // bounded tables: every change of an entry's deadline goes through these
    void EmitTable(CoapEvent::Kind kind,
                   CoapTable table,
                   const std::string& peer,
                   uint16_t mid,
                   const std::vector<uint8_t>& token,
                   const std::string& detail);
    void PutDedup(const std::string& key, Time expires, std::vector<uint8_t> reply);
    void EraseDedup(const std::string& key);
    void EraseTransmission(const std::string& key);
    void EvictOldestTransmission(Time now);
    void SetResponseDeadline(Exchange& e, Time deadline);
    void TakeSlot(Exchange& e);
    void DropSlot(Exchange& e);
    Block1State& PutBlock1(const std::string& key, Time expires);
    void EraseBlock1(const std::string& key);
    void EraseDeferred(uint64_t id);
    // client
    void StartQueued(Time now, const std::string& peer);
    uint32_t SlotsInUse(const std::string& peer) const;
    void SendExchangeMessage(Time now, Exchange& e);
    void HandleResponse(Time now,
                        Exchange& e,
                        const CoapMessage& m,
                        bool verified = false,
                        bool secured = false);
    void FinishExchange(Time now, uint64_t id, CoapResult result);
    void FailExchange(Time now, uint64_t id, const std::string& why);
    void ReleaseSlot(Time now, Exchange& e);

    // server
    void HandleRequest(Time now, const std::string& peer, const CoapMessage& m);
    void ProcessRequest(Time now,
                        const std::string& peer,
                        const CoapMessage& m,
                        CoapServerResponse& resp,
                        uint64_t deferredId,
                        const CoapRequestBinding& binding);
    void DispatchToResource(Time now,
                            const std::string& peer,
                            const CoapMessage& request,
                            CoapServerResponse& resp,
                            uint64_t deferredId,
                            const CoapRequestBinding& binding);
    void SendErrorResponse(Time now,
                           const std::string& peer,
                           const CoapMessage& request,
                           uint8_t code,
                           const std::string& diagnostic);
    bool SecureResponse(const std::string& peer,
                        CoapMessage& response,
                        const CoapRequestBinding& binding);
    bool VerifyResponse(Time now, Exchange& e, CoapMessage& m, bool& secured);
    void ApplyBlock2(const CoapMessage& request, CoapMessage& response);
    void SendNotification(Time now, Observer& o);
    /// \param path a normalized path \return the IDs of its observers (a copy: sending may remove
    /// some)
    std::vector<uint64_t> ObserversOf(const std::string& path) const;
    void RemoveObserver(uint64_t id, const std::string& why);
    void WellKnownCore(const CoapServerRequest& req, CoapServerResponse& resp);

    CoapEndpointListener& m_listener; //!< binding
    EngineRandom& m_random;           //!< randomness
    CoapEngineConfig m_config;        //!< parameters
    uint16_t m_nextMessageId;         //!< next message ID
    uint64_t m_nextId;                //!< next exchange/observer/deferred id
    int m_depth;                      //!< entry-point nesting
    Time m_reportedDeadline;          //!< last deadline given to SetTimer
    Time m_now;                       //!< time of the current entry

    std::map<std::string, Transmission> m_transmissions;  //!< outstanding CON, by MidKey
    std::map<uint64_t, Exchange> m_exchanges;             //!< client exchanges
    std::map<std::string, uint64_t> m_tokens;             //!< TokenKey -> exchange
    std::map<std::string, std::deque<uint64_t>> m_queues; //!< per peer: queued exchanges
    std::map<std::string, uint32_t> m_slots;              //!< per peer: NSTART slots in use
    std::deque<Refused> m_refused;                        //!< refused requests to fail
    std::map<std::string, DedupEntry> m_dedup;            //!< received messages, by MidKey
    std::map<std::string, CoapResource> m_resources;      //!< resources by path
    std::vector<std::string> m_resourceOrder;             //!< paths in registration order
    std::map<std::string, uint32_t> m_observeSeq;         //!< per path: sequence number
    std::map<uint64_t, Observer> m_observers;             //!< observers
    std::map<uint64_t, Deferred> m_deferred;              //!< deferred responses
    std::map<std::string, Block1State> m_block1;          //!< per peer+path reassembly
    std::map<std::string, std::shared_ptr<CoapMessageSecurity>> m_security; //!< per peer ("")

    // The tables' deadlines in time order (see CoapDeadlineIndex)
    CoapDeadlineIndex<std::string> m_transmissionTimers; //!< retransmission or give-up
    CoapDeadlineIndex<std::string> m_transmissionAge;    //!< first transmission (eviction)
    CoapDeadlineIndex<uint64_t> m_exchangeTimers;        //!< response deadlines
    CoapDeadlineIndex<std::string> m_dedupTimers;        //!< deduplication expiry
    CoapDeadlineIndex<std::string> m_block1Timers;       //!< reassembly expiry
    CoapDeadlineIndex<uint64_t> m_deferredTimers;        //!< deferred response expiry
};

} // namespace ns3

#endif /* IOTSEC_COAP_ENDPOINT_H */
