/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_DTLS_SESSION_H
#define IOTSEC_DTLS_SESSION_H

#include "dtls-codec.h"
#include "dtls-handshake-framing.h"
#include "dtls-record-layer.h"
#include "dtls-replay-window.h"
#include "dtls-transcript.h"

#include "ns3/crypto-work.h"
#include "ns3/engine-random.h"
#include "ns3/nstime.h"

#include <array>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/// Which side of the handshake an engine plays
enum class DtlsRole
{
    CLIENT,
    SERVER
};

/**
 * \brief What a DTLS engine does when a handshake flight gets no answer in time.
 *
 * An unscoped enum so that it is the value of an EnumValue attribute
 * (DtlsSocket::LossRecovery); write it qualified, DtlsLossRecovery::RETRANSMIT_FLIGHT.
 */
enum DtlsLossRecovery : uint8_t
{
    /// RFC 6347, section 4.2.4: re-send the last flight, doubling the timer each time
    RETRANSMIT_FLIGHT,
    /// The behaviour the SSM paper (Park & Kang) describes: any loss restarts the handshake
    /// from a new ClientHello (the server keeps no retransmission timer)
    RESTART_HANDSHAKE
};

/**
 * \param recovery a loss recovery
 * \return its attribute name: "RetransmitFlight" or "RestartHandshake"
 */
std::string DtlsLossRecoveryName(DtlsLossRecovery recovery);

/// Why a received record was discarded
enum class DtlsRejectReason
{
    REPLAY,         //!< its sequence number was already received, or is too old
    BAD_RECORD_MAC, //!< its AES-CCM tag did not verify (tampered, or wrong keys)
    WRONG_EPOCH,    //!< an epoch the engine has no keys for
    MALFORMED,      //!< the bytes do not parse
    UNEXPECTED,     //!< well-formed, but not acceptable in the current state
};

/**
 * \param reason a reason
 * \return its name, for example "replay"
 */
std::string DtlsRejectReasonName(DtlsRejectReason reason);

/// Why a server refused a new association (or a client's Connect() was refused)
enum class DtlsRefuseReason
{
    TABLE_FULL,   //!< the server holds MaxAssociations already
    RAM_BUDGET,   //!< the node's RamModel has no room for AssociationRamBytes more
    ADMISSION,    //!< the socket's admission callback said no
    APPLICATION,  //!< the application's connection-request callback said no
    NOT_ADMITTED, //!< the binding said no (an engine's binding that gives no detail)
};

/**
 * \param reason a reason
 * \return its name, for example "ram_budget"
 */
std::string DtlsRefuseReasonName(DtlsRefuseReason reason);

/**
 * \ingroup iotsec
 * \brief Looks up pre-shared keys by PSK identity (RFC 4279).
 *
 * A server engine asks it for the key of whatever identity a client presents; a client engine
 * given one asks it for the key of its own identity at every ClientHello (see DtlsSession).
 */
class DtlsPskProvider
{
  public:
    virtual ~DtlsPskProvider() = default;
    /**
     * \param identity a PSK identity
     * \param[out] key its key
     * \return true if the identity is known
     */
    virtual bool LookupPsk(const Bytes& identity, Bytes& key) const = 0;

    /**
     * \brief The key generation of an identity: a number that changes whenever the
     * identity's key is replaced or removed, so that sessions derived from an older key can
     * be told apart (resumption tickets and session cache entries record it).
     *
     * Providers whose keys never change can keep this default.
     * \param identity a PSK identity
     * \return its generation (0 by default)
     */
    virtual uint64_t GetPskGeneration(const Bytes& identity) const
    {
        (void)identity;
        return 0;
    }
};

/**
 * \ingroup iotsec
 * \brief What a client needs to resume a session (RFC 5246, abbreviated handshake), and what
 * a server's session cache keeps of each session.
 *
 * A session is bound to the PSK identity and the key generation (DtlsPskProvider) its master
 * secret was derived from: once that identity's key is replaced or removed, the session is
 * not resumed (see DtlsTicketStaleReason).
 */
struct DtlsSessionTicket
{
    Bytes sessionId;           //!< the session ID the server gave
    Bytes masterSecret;        //!< the 48-byte master secret
    Bytes pskIdentity;         //!< the PSK identity the master secret was derived with
    uint64_t pskGeneration{0}; //!< the generation of that identity's key at the time

    /// \return true if the ticket can be offered
    bool IsValid() const
    {
        return !sessionId.empty() && masterSecret.size() == 48;
    }
};

/**
 * \brief Whether a session may still be resumed under the keys a provider holds now.
 * \param ticket a ticket or session cache entry
 * \param psk where its identity's key is looked up now
 * \return "" if it may be resumed; otherwise why not: "psk removed" (the identity has no key
 * any more) or "psk changed" (the identity's key generation is not the ticket's)
 */
std::string DtlsTicketStaleReason(const DtlsSessionTicket& ticket, const DtlsPskProvider& psk);

/**
 * \ingroup iotsec
 * \brief A server's cache of resumable sessions, shared by its sessions.
 */
class DtlsSessionCache
{
  public:
    /// \param capacity the most sessions kept (oldest evicted first); 0 disables the cache
    explicit DtlsSessionCache(uint32_t capacity = 16);
    /**
     * \param ticket the session to keep
     */
    void Store(const DtlsSessionTicket& ticket);
    /**
     * \param sessionId a session ID
     * \param[out] masterSecret its master secret
     * \return true if found
     */
    bool Lookup(const Bytes& sessionId, Bytes& masterSecret) const;
    /**
     * \param sessionId a session ID
     * \return its entry (with the PSK identity and key generation it is bound to), or null;
     * valid until the cache is next changed
     */
    const DtlsSessionTicket* Find(const Bytes& sessionId) const;
    /**
     * \param sessionId a session ID to forget
     * \return true if it was held
     */
    bool Remove(const Bytes& sessionId);
    /**
     * \brief Forget every session whose key was replaced or removed since it was stored
     * (DtlsTicketStaleReason).
     * \param psk where the keys are looked up now
     * \return the PSK identity and the reason of each session dropped, oldest first
     */
    std::vector<std::pair<Bytes, std::string>> DropStale(const DtlsPskProvider& psk);
    /// \return the number of sessions held
    uint32_t GetSize() const;
    /// \return bytes of state held (session ID + master secret per entry; the identity and
    /// generation an entry is bound to are not charged)
    uint32_t GetStateBytes() const;
    /// \param capacity the new capacity (existing entries beyond it are evicted)
    void SetCapacity(uint32_t capacity);

  private:
    uint32_t m_capacity;                      //!< capacity
    std::vector<DtlsSessionTicket> m_entries; //!< oldest first
};

/**
 * \ingroup iotsec
 * \brief Configuration of a DTLS engine. Every field is an attribute of the ns-3 binding.
 */
struct DtlsConfig
{
    DtlsRole role{DtlsRole::CLIENT}; //!< client or server
    /// DTLS 1.2 over datagrams, or TLS 1.2 over a reliable stream (no cookie exchange, no
    /// retransmission: the fields about them are ignored)
    TlsProtocol protocol{TlsProtocol::DTLS_1_2};
    DtlsLossRecovery lossRecovery{DtlsLossRecovery::RETRANSMIT_FLIGHT}; //!< on a lost flight
    Time initialTimeout{Seconds(1)}; //!< RFC 6347 4.2.4.1: initial retransmission timer
    Time maxTimeout{Seconds(60)};    //!< the timer doubles up to this
    uint32_t maxRetransmissions{7};  //!< retransmissions (or restarts) before giving up
    bool cookieExchange{true};       //!< server: HelloVerifyRequest with a stateless cookie
    /// largest datagram a handshake flight is packed into; messages are fragmented to fit,
    /// except the ClientHello, which a server must be able to check statelessly
    uint32_t handshakeMtu{1232};
    Bytes pskIdentity;              //!< client: the PSK identity to use
    Bytes psk;                      //!< client: the pre-shared key
    Bytes pskIdentityHint;          //!< server: the hint sent in ServerKeyExchange ("" = none)
    uint32_t sessionIdBytes{32};    //!< server: session ID length (0: no resumption)
    uint32_t maxMessageBytes{8192}; //!< longest handshake message accepted
    /// server: a handshake not completed this long after its ClientHello was accepted is
    /// given up and its half-open state freed (zero: never)
    Time handshakeTimeout{Seconds(60)};
    /// server: associations (established or half-open) held at most; a cookie-verified
    /// ClientHello beyond them is refused (zero: no bound but the binding's admission)
    uint32_t maxAssociations{1024};
    /// server: a TLS client behind a TLS<->DTLS mapping border router may complete the
    /// handshake (Brachmann et al., ICCCN 2012, Fig. 3): a Finished that fails over the DTLS
    /// transcript is checked again over the transcript re-encoded as TLS; if that matches,
    /// the session speaks to a TLS peer (its Finished and record protection use TLS's
    /// numbers); if both fail, ATTACK_DETECTED
    bool acceptMappedTls{false};
};

/**
 * \ingroup iotsec
 * \brief Figures of one completed handshake.
 */
struct DtlsHandshakeStats
{
    Time start;                  //!< first flight sent (client) or ClientHello accepted (server)
    Time duration;               //!< until the handshake completed
    uint32_t flights{0};         //!< distinct flights exchanged (both directions)
    uint32_t retransmissions{0}; //!< flights re-sent (timer expiry or peer retransmission)
    uint32_t restarts{0};        //!< handshakes restarted from a new ClientHello
    uint64_t bytesSent{0};       //!< UDP payload bytes sent during the handshake
    uint64_t bytesReceived{0};   //!< UDP payload bytes received during the handshake
    bool resumed{false};         //!< abbreviated handshake (session resumption)
    /// server with DtlsConfig::acceptMappedTls: Finished checks needed (1: a DTLS peer, 2: a
    /// TLS peer behind a mapping border router); 0 otherwise
    uint32_t finishedChecks{0};
    bool mappedTlsPeer{false}; //!< the peer is a TLS client behind a mapping border router
};

/**
 * \ingroup iotsec
 * \brief Something an engine reports: the binding turns these into trace sources.
 *
 * Every datagram an engine sends is announced, just before it is sent, by the event that
 * describes it (FLIGHT_SENT, HELLO_VERIFY_SENT, APP_DATA_SENT or ALERT_SENT), so that a
 * binding can tag each datagram with what it carries.
 */
struct DtlsEvent
{
    /// Event kinds
    enum Type
    {
        HANDSHAKE_STARTED,   //!< a handshake began (client: first ClientHello)
        FLIGHT_SENT,         //!< flight, bytes, retransmission, messageTypes
        HANDSHAKE_COMPLETE,  //!< stats
        HANDSHAKE_FAILED,    //!< reason
        HANDSHAKE_RESTARTED, //!< a new ClientHello after a loss (flight: the unanswered one)
        RECORD_REJECTED,     //!< rejectReason
        ALERT_SENT,          //!< alertLevel, alertDescription
        ALERT_RECEIVED,      //!< alertLevel, alertDescription
        CLOSED,              //!< close_notify exchanged or the peer closed
        APP_DATA_SENT,       //!< bytes (plaintext)
        APP_DATA_RECEIVED,   //!< bytes (plaintext)
        SESSION_REFUSED,     //!< server: a new association was refused (reason)
        HELLO_VERIFY_SENT,   //!< server: a stateless HelloVerifyRequest was sent (bytes)
        /// a session was not resumed because its key changed (pskIdentity, reason): client:
        /// its ticket was not offered; server: the cache entry was dropped
        SESSION_INVALIDATED,
        /// server with DtlsConfig::acceptMappedTls: the client's Finished matched neither
        /// the DTLS transcript nor the transcript re-encoded as TLS, or its record
        /// authenticated under neither protocol's numbers: the handshake was tampered with
        /// (reason); a fatal alert follows
        ATTACK_DETECTED,
    };

    /// \param t the kind
    explicit DtlsEvent(Type t)
        : type(t)
    {
    }

    Type type;                         //!< the kind
    uint32_t flight{0};                //!< FLIGHT_SENT: flight number (RFC 6347 figures 1, 2)
    uint32_t bytes{0};                 //!< FLIGHT_SENT: datagram bytes; APP_DATA_*: plaintext
    bool retransmission{false};        //!< FLIGHT_SENT: a re-sent flight
    std::vector<uint8_t> messageTypes; //!< FLIGHT_SENT: handshake types in the flight
    DtlsHandshakeStats stats;          //!< HANDSHAKE_COMPLETE
    std::string reason;                //!< HANDSHAKE_FAILED, SESSION_REFUSED, SESSION_INVALIDATED
    bool expired{false}; //!< HANDSHAKE_FAILED: a server's half-open handshake timed out
    DtlsRefuseReason refuseReason{DtlsRefuseReason::NOT_ADMITTED}; //!< SESSION_REFUSED
    Bytes pskIdentity; //!< SESSION_INVALIDATED: the session's PSK identity
    DtlsRejectReason rejectReason{DtlsRejectReason::MALFORMED}; //!< RECORD_REJECTED
    uint8_t alertLevel{0};                                      //!< ALERT_*
    uint8_t alertDescription{0};                                //!< ALERT_*
};

/**
 * \ingroup iotsec
 * \brief What a DtlsSession asks of its binding.
 */
class DtlsSessionListener
{
  public:
    virtual ~DtlsSessionListener() = default;
    /// \param datagram a UDP payload to send to the peer
    virtual void DtlsSend(const Bytes& datagram) = 0;
    /// \param deadline when to call DtlsSession::Timeout (replaces any earlier deadline)
    virtual void DtlsSetTimer(Time deadline) = 0;
    /// \brief Forget the deadline.
    virtual void DtlsCancelTimer() = 0;
    /// \param data application data received and authenticated
    virtual void DtlsDeliver(const Bytes& data) = 0;
    /// \param event an event to trace
    virtual void DtlsEventOccurred(const DtlsEvent& event) = 0;
    /// \param work cryptographic work done
    virtual void DtlsCryptoWork(const CryptoWork& work) = 0;
};

/**
 * \ingroup iotsec
 * \brief One DTLS 1.2 association with one peer: a sans-I/O engine (DESIGN.md, principle 3).
 *
 * TLS_PSK_WITH_AES_128_CCM_8 (RFC 6655, the RFC 7925 profile), full and abbreviated handshakes,
 * handshake fragmentation and reassembly, epochs, 48-bit record sequence numbers, the 64-record
 * replay window, alerts, and loss recovery by flight retransmission or by handshake restart.
 * The engine takes bytes and the current time and answers through its listener: datagrams
 * to send, a timer deadline, data to deliver, events, and the cryptographic work it did. It
 * never reads a clock, touches a socket or draws from a global random generator.
 *
 * A client calls Connect(); a server session is created by a DtlsServerEngine once a
 * ClientHello passed the cookie check, and starts with AcceptClientHello().
 *
 * TLS 1.2. With DtlsConfig::protocol TLS_1_2 the same engine speaks TLS over a reliable byte
 * stream (RFC 5246): what differs sits behind two seams chosen at construction, the record
 * layer (RecordLayer: TLS's 5-byte headers, implicit 64-bit sequence numbers, records
 * reassembled from the stream) and the handshake framing (HandshakeFraming: 4-byte headers;
 * Finished is computed over the TLS-framed transcript). The handshake has no cookie exchange
 * and no retransmission (no timer is ever set), Receive() takes the stream cut anywhere, and
 * every record that fails its checks is fatal (RFC 5246, 7.2.2): the engine sends a fatal
 * alert and fails. A TLS server session starts with Accept() when its connection opens.
 *
 * Keys. A server looks the key of the identity a client presents up in its DtlsPskProvider.
 * A client given a DtlsPskProvider looks the key of its PskIdentity up there at every
 * ClientHello it starts a handshake with -- Connect() and every RestartHandshake restart --
 * and holds it for that handshake only; without one, it uses DtlsConfig::psk. Asking at
 * ClientHello time, rather than copying the key into the configuration once, is what lets a
 * key replaced while the simulation runs (out-of-band re-keying) reach the next handshake:
 * the engine stays sans-I/O, since the lookup is a call that returns at once and touches no
 * clock or socket. Sessions are bound to the identity and the key generation
 * (DtlsPskProvider::GetPskGeneration) they were derived from: a client does not offer a
 * ticket whose generation is no longer current, and a server does not resume (and drops) a
 * cached session whose key was replaced or removed; both report SESSION_INVALIDATED and go
 * through a full handshake with the current key instead.
 */
class DtlsSession
{
  public:
    /// Where the association is
    enum State
    {
        IDLE,        //!< nothing sent yet
        HANDSHAKING, //!< handshake in progress
        ESTABLISHED, //!< keys in use, application data flows
        CLOSED,      //!< closed with close_notify
        FAILED,      //!< the handshake failed, or a fatal alert
    };

    /**
     * \param config the configuration
     * \param random randomness for randoms and session IDs (must outlive the session)
     * \param listener the binding (must outlive the session)
     * \param pskProvider where PSKs are looked up (must outlive the session): required by a
     * server; a client looks its key up there at every ClientHello (null: DtlsConfig::psk)
     * \param cache server: resumable sessions (may be null)
     */
    DtlsSession(const DtlsConfig& config,
                EngineRandom& random,
                DtlsSessionListener& listener,
                const DtlsPskProvider* pskProvider = nullptr,
                DtlsSessionCache* cache = nullptr);

    /**
     * \brief Client: start a handshake.
     * \param now the current time
     * \param resume a ticket to offer for an abbreviated handshake (may be null)
     */
    void Connect(Time now, const DtlsSessionTicket* resume = nullptr);

    /**
     * \brief Server: start with a datagram whose first record carries a ClientHello that
     * passed the cookie check (see DtlsServerEngine).
     * \param now the current time
     * \param datagram the datagram
     * \param helloVerified true if the client went through a HelloVerifyRequest first
     */
    void AcceptClientHello(Time now, const Bytes& datagram, bool helloVerified);

    /**
     * \brief TLS server: the transport connection is open; wait for the ClientHello, which
     * Receive() then takes from the stream like everything after it.
     * \param now the current time
     */
    void Accept(Time now);

    /**
     * \brief Process bytes from the peer: DTLS, one datagram; TLS, the next bytes of the
     * stream, cut anywhere.
     * \param now the current time
     * \param datagram the UDP payload, or the stream's bytes
     */
    void Receive(Time now, const Bytes& datagram);

    /**
     * \brief The deadline given through DtlsSetTimer() has passed.
     * \param now the current time
     */
    void Timeout(Time now);

    /**
     * \brief Send application data (one record).
     * \param now the current time
     * \param data the plaintext (at most 2^14 bytes)
     * \return false if the association is not established or the data is too long
     */
    bool Send(Time now, const Bytes& data);

    /**
     * \brief Send close_notify and close.
     * \param now the current time
     */
    void Close(Time now);

    /// \return the state
    State GetState() const;
    /// \return the role
    DtlsRole GetRole() const;
    /// \return the protocol (DtlsConfig::protocol)
    TlsProtocol GetProtocol() const;
    /// \return figures of the current or last handshake
    const DtlsHandshakeStats& GetStats() const;
    /// \return the ticket to resume this session later (valid once established)
    DtlsSessionTicket GetTicket() const;
    /// \return the client random of the current handshake
    const Bytes& GetClientRandom() const;
    /// \return the PSK identity in use (server: the one the client sent, or the resumed
    /// session's)
    const Bytes& GetPskIdentity() const;
    /// \return the key generation of the PSK in use (DtlsPskProvider::GetPskGeneration)
    uint64_t GetPskGeneration() const;
    /**
     * \param reason a reason
     * \return records rejected for it so far
     */
    uint64_t GetRejected(DtlsRejectReason reason) const;
    /**
     * \brief Bytes of state this association holds, as a constrained implementation would:
     * keys, IVs, master secret, randoms, session ID, sequence numbers, replay window, the
     * running transcript hash, the flight kept for retransmission and reassembly buffers.
     * \return bytes
     */
    uint32_t GetStateBytes() const;

    /// \return the handshake transcript (for tests and the TLS mapping)
    const DtlsTranscript& GetTranscript() const;

  private:
    /// Handshake progress
    enum Step
    {
        STEP_NONE,
        C_WAIT_SERVER_HELLO,    //!< client: ClientHello sent
        C_WAIT_HELLO_DONE,      //!< client: ServerHello received (full)
        C_WAIT_SERVER_FINISHED, //!< client: flight 5 sent, or ServerHello (abbreviated)
        S_WAIT_KEY_EXCHANGE,    //!< server: flight 4 sent (full)
        S_WAIT_CLIENT_FINISHED, //!< server: ClientKeyExchange received, or flight 4 (abbr.)
        STEP_DONE,
    };

    /// A message of a flight, kept so that the flight can be re-sent with new record numbers
    struct FlightItem
    {
        bool changeCipherSpec{false}; //!< a ChangeCipherSpec instead of a handshake message
        uint16_t epoch{0};            //!< epoch to send it in
        uint8_t msgType{0};           //!< handshake type
        uint16_t messageSeq{0};       //!< message_seq
        Bytes body;                   //!< message body
    };

    /// Per-direction record protection state
    struct Cipher
    {
        Bytes key; //!< AES-128 key
        Bytes iv;  //!< 4-byte implicit nonce part
    };

    // handshake
    bool LookUpClientKey(Time now);
    void SendClientHello(Time now);
    void StartFlight(uint32_t number);
    void AddHandshake(uint8_t type, const Bytes& body, uint16_t epoch = 0);
    void AddChangeCipherSpec();
    void TransmitFlight(Time now, bool retransmission);
    void ArmTimer(Time now);
    void StopTimer();
    void HandleHandshakeMessage(Time now, uint8_t type, uint16_t seq, const Bytes& body);
    void HandleClientHelloMessage(Time now, uint16_t seq, const Bytes& body);
    void HandleServerHello(Time now, const Bytes& body);
    void HandleHelloVerifyRequest(Time now, const Bytes& body);
    void HandleServerHelloDone(Time now);
    void HandleClientKeyExchange(Time now, const Bytes& body);
    void HandleFinished(Time now, uint16_t seq, const Bytes& body);
    void Complete(Time now);
    void Fail(Time now, const std::string& reason, int alert);

    // keys
    void DeriveMasterSecret(const Bytes& psk);
    void DeriveKeys();
    Bytes VerifyData(bool fromClient);
    Bytes VerifyData(bool fromClient, DtlsTranscript::Encoding encoding);
    void Prf(Bytes& out,
             const Bytes& secret,
             const std::string& label,
             const Bytes& seed,
             std::size_t length);

    // records
    void ProcessRecord(Time now, const DtlsRecord& record, bool& sawOldFlight);
    bool Unprotect(const DtlsRecord& record, Bytes& plaintext, bool tlsNumbers);
    Bytes Protect(uint8_t type, uint16_t epoch, const Bytes& plaintext);
    void SendAlert(Time now, uint8_t level, uint8_t description);
    void Reject(DtlsRejectReason reason, bool fatalOnStream = true);
    void BreakStream(const std::string& reason, uint8_t alert);
    void Emit(DtlsEvent event);
    void Work(CryptoOp op, uint32_t bytes, uint32_t aad = 0);
    void DrawRandom(Bytes& out, std::size_t n);
    void AddToTranscript(uint8_t type, uint16_t seq, const Bytes& body);
    void ResetHandshake();

    DtlsConfig m_config;             //!< configuration
    EngineRandom& m_random;          //!< randomness
    DtlsSessionListener& m_listener; //!< binding
    const DtlsPskProvider* m_psk;    //!< PSK lookup (server; client: optional)
    DtlsSessionCache* m_cache;       //!< server: resumable sessions

    State m_state{IDLE};                         //!< state
    Step m_step{STEP_NONE};                      //!< handshake progress
    bool m_abbreviated{false};                   //!< resuming a session
    bool m_helloVerified{false};                 //!< a HelloVerifyRequest preceded this handshake
    DtlsSessionTicket m_offered;                 //!< client: ticket offered
    Bytes m_clientRandom;                        //!< client random
    Bytes m_serverRandom;                        //!< server random
    Bytes m_sessionId;                           //!< session ID
    Bytes m_cookie;                              //!< client: cookie to echo
    Bytes m_masterSecret;                        //!< master secret
    Bytes m_pskIdentity;                         //!< identity in use
    uint64_t m_pskGeneration{0};                 //!< key generation of the identity in use
    Bytes m_clientPsk;                           //!< client: the key of the current handshake
    Bytes m_pskHint;                             //!< client: hint received
    bool m_secureRenegotiation{false};           //!< server: echo renegotiation_info
    Bytes m_clientHelloBody;                     //!< client: ClientHello body (for duplicates)
    DtlsTranscript m_transcript;                 //!< handshake transcript
    std::unique_ptr<RecordLayer> m_records;      //!< the record-layer seam (DTLS or TLS)
    std::unique_ptr<HandshakeFraming> m_framing; //!< the handshake-framing seam
    Time m_now;                                  //!< the time of the call being processed
    bool m_mappedTls{false};           //!< the peer is a TLS client behind a mapping border router
    bool m_finishedOpenedAsTls{false}; //!< the peer's Finished record opened under TLS numbers
    uint64_t m_tlsWriteSeq{1};         //!< mapped TLS peer: TLS sequence number of our next record
    uint16_t m_nextSendSeq{0};         //!< next handshake message_seq to send
    uint16_t m_peerFlightFirstSeq{0};  //!< message_seq of the first message of the peer's
                                       //!< last complete flight
    bool m_peerFlightKnown{false};     //!< m_peerFlightFirstSeq is set
    uint32_t m_lastPeerFlight{0};      //!< number of the peer's last flight seen

    Cipher m_writeCipher;                       //!< our epoch-1 keys
    Cipher m_readCipher;                        //!< the peer's epoch-1 keys
    bool m_keysReady{false};                    //!< epoch-1 keys derived
    uint16_t m_writeEpoch{0};                   //!< epoch we send in
    std::array<uint64_t, 2> m_writeSeq{{0, 0}}; //!< next record sequence number per epoch
    DtlsReplayWindow m_replay;                  //!< epoch-1 replay window
    DtlsReplayWindow m_replay0;                 //!< epoch-0 duplicate detection

    std::vector<FlightItem> m_flight; //!< our last flight
    uint32_t m_flightNumber{0};       //!< its number
    bool m_flightExpectsReply{false}; //!< a timer guards it
    Time m_timeout;                   //!< current timer interval
    uint32_t m_timerExpiries{0};      //!< expiries for the current flight (or restarts)
    bool m_timerArmed{false};         //!< a deadline is set

    DtlsHandshakeStats m_stats;                      //!< current handshake figures
    std::map<DtlsRejectReason, uint64_t> m_rejected; //!< rejected records per reason
};

} // namespace ns3

#endif /* IOTSEC_DTLS_SESSION_H */
