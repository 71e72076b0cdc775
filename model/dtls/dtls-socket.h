/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_DTLS_SOCKET_H
#define IOTSEC_DTLS_SOCKET_H

#include "dtls-psk-store.h"
#include "dtls-server-engine.h"
#include "dtls-session.h"

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/object-factory.h"
#include "ns3/random-variable-stream.h"
#include "ns3/secure-element.h"
#include "ns3/socket-factory.h"
#include "ns3/socket.h"
#include "ns3/tag.h"
#include "ns3/traced-callback.h"

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <vector>

namespace ns3
{

class EngineExecutor;
class Node;
class RamModel;

/**
 * \ingroup iotsec
 * \brief Tags every datagram a DtlsSocket sends with what it carries (simulation metadata,
 * not on the wire): the handshake flight, whether it is a retransmission, or data.
 */
class DtlsFlightTag : public Tag
{
  public:
    /// What the datagram carries
    enum Content : uint8_t
    {
        HANDSHAKE = 0,    //!< a handshake flight (see GetFlight)
        HELLO_VERIFY = 1, //!< a stateless HelloVerifyRequest (flight 2)
        DATA = 2,         //!< application data
        ALERT = 3,        //!< an alert
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(TagBuffer i) const override;
    void Deserialize(TagBuffer i) override;
    void Print(std::ostream& os) const override;

    DtlsFlightTag();
    /**
     * \param content what the datagram carries
     * \param flight the flight number (RFC 6347 figures 1 and 2), 0 for data and alerts
     * \param retransmission whether the flight is re-sent
     */
    DtlsFlightTag(Content content, uint8_t flight, bool retransmission);

    /// \return what the datagram carries
    Content GetContent() const;
    /// \return the flight number
    uint8_t GetFlight() const;
    /// \return true for a re-sent flight
    bool IsRetransmission() const;

  private:
    uint8_t m_content;        //!< Content
    uint8_t m_flight;         //!< flight number
    uint8_t m_retransmission; //!< 1 if re-sent
};

/**
 * \ingroup iotsec
 * \brief DTLS 1.2 over an ns-3 UDP socket: the ns-3 binding of the DTLS engine.
 *
 * It behaves like a datagram socket to its application, so that an application written for
 * UDP runs over DTLS unchanged:
 * - SendTo(peer) on a socket that neither connected nor listens opens the association with
 *   the peer (as Connect(peer) would) and sends the datagram once the handshake completes;
 * - a bound socket that neither connected nor listens starts serving (as Listen() would) when
 *   the first datagram arrives.
 *
 * In more detail:
 * - a **client** calls Connect(peer): the handshake starts, and the connect callbacks
 *   (SetConnectCallback) report its success or failure; Send() then protects data for the
 *   peer, and received data is read with Recv()/RecvFrom() after the receive callback;
 * - a **server** calls Bind() and Listen(): every peer that completes a handshake is
 *   reported through the accept callbacks (the connection-request callback may refuse it;
 *   the new-connection callback gets this same socket, since one socket carries every
 *   association), SendTo(peer) protects data for that peer, and RecvFrom() tells which peer
 *   data came from.
 *
 * Keys: a client uses its PskIdentity attribute and finds the key in the PskStore attribute,
 * else in the DtlsPskStore aggregated to its node, else in the Psk attribute. It looks the key
 * up at every ClientHello that starts a handshake (Connect(), and every restart in
 * RestartHandshake mode), so a key replaced in the store is used by the next handshake. A
 * server looks up whatever identity a client presents in the same places (store attribute,
 * then node).
 *
 * A replaced or removed key ends the sessions derived from it (see DtlsPskStore): a client
 * does not offer a resumption ticket (SetResumptionTicket) derived from an older key, and a
 * server drops its cached sessions of that identity as soon as its store reports the change;
 * both report it through the SessionInvalidated trace source, and the next handshake is a
 * full one with the current key.
 *
 * Processing time: every engine step (a received datagram, a timer, a send, a connect or a
 * close) runs on the socket's EngineExecutor (GetExecutor()): the work the step reports is
 * priced, and everything the step produced -- datagrams, data, notifications, timers, traces
 * -- takes effect only once that work is done.
 *
 * The node model (model/node) is reached when the socket is attached to its node (SetNode),
 * through two interfaces and nothing else:
 * - a CpuModel aggregated to the node prices the steps, through the executor (unless a
 *   processing-delay callback was set already; a later SetProcessingDelayCallback(), or
 *   GetExecutor()->SetCpu(), replaces it, for example to run the engine on a secure
 *   element's CPU);
 * - with a SecureElement (attribute, server only), the server's engine runs in the card for
 *   one peer at a time: the first datagram of a peer that finds the card in use waits in
 *   the card's backlog (the peer's latest datagram is kept: a retransmitted ClientHello
 *   replaces it), and is dropped if the backlog is full or the card has no rendezvous; the
 *   client's retransmission timer tries again. The peer that holds the card has its steps
 *   priced by SecureElement::PriceStep() (the bytes they move into and out of the card); it
 *   releases the card when its handshake fails or its association closes or, with
 *   ExportSession, once its handshake and the key export are done, after which the host's
 *   CpuModel prices its steps (a datagram of that peer that arrives before the keys are out
 *   waits for them). A peer that gets the card but opens no association within the
 *   InitialTimeout after the card's answer is out (a client that gave up while it waited)
 *   releases it too;
 * - a RamModel aggregated to the node charges the socket's security state
 *   (GetSecurityStateBytes()) against the node's budget, and is asked for AssociationRamBytes
 *   before every new association: a server refuses the association (SessionRefused trace,
 *   GetRefused()), and a client's Connect() fails (SessionRefused trace, then the
 *   connect-failed callback). On a node whose profile is RFC 7228 Class 0 the RamModel aborts
 *   the simulation: such a device cannot run DTLS.
 */
class DtlsSocket : public Socket
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    DtlsSocket();
    ~DtlsSocket() override;

    /**
     * \brief Attach the socket to its node, and to the node's CpuModel and RamModel if it has
     * them (see the class description).
     * \param node the node this socket lives on
     */
    void SetNode(Ptr<Node> node);

    // Socket API (the convenience overloads of Socket stay visible)
    using Socket::Recv;
    using Socket::RecvFrom;
    using Socket::Send;
    enum Socket::SocketErrno GetErrno() const override;
    enum Socket::SocketType GetSocketType() const override;
    Ptr<Node> GetNode() const override;
    int Bind(const Address& address) override;
    int Bind() override;
    int Bind6() override;
    int Close() override;
    int ShutdownSend() override;
    int ShutdownRecv() override;
    int Connect(const Address& address) override;
    int Listen() override;
    uint32_t GetTxAvailable() const override;
    int Send(Ptr<Packet> p, uint32_t flags) override;
    int SendTo(Ptr<Packet> p, uint32_t flags, const Address& toAddress) override;
    uint32_t GetRxAvailable() const override;
    Ptr<Packet> Recv(uint32_t maxSize, uint32_t flags) override;
    Ptr<Packet> RecvFrom(uint32_t maxSize, uint32_t flags, Address& fromAddress) override;
    int GetSockName(Address& address) const override;
    int GetPeerName(Address& address) const override;
    bool SetAllowBroadcast(bool allowBroadcast) override;
    bool GetAllowBroadcast() const override;

    /**
     * \param peer a peer (ignored by a client, which has one)
     * \return true if the association with the peer is established
     */
    bool IsEstablished(const Address& peer = Address()) const;

    /// \return bytes of security state held by the socket's associations (RAM model)
    uint32_t GetSecurityStateBytes() const;

    /// \return the number of associations (established or in handshake)
    uint32_t GetAssociationCount() const;

    /**
     * \brief Set a callback asked before a server creates an association (after the node's
     * RamModel, if any, has admitted it). Returning false refuses it.
     * \param admit the callback
     */
    void SetAdmissionCallback(Callback<bool, const Address&> admit);

    /**
     * \brief Set the callback that prices an engine step's cryptographic work (the
     * executor's pricer: EngineExecutor::SetPricer).
     * \param delay returns how long the node takes to do the given work
     */
    void SetProcessingDelayCallback(Callback<Time, const std::vector<CryptoWork>&> delay);

    /// \return the executor that runs the engine's steps (to price them on another CPU)
    Ptr<EngineExecutor> GetExecutor() const;

    /// \return client: a ticket to resume the current session later (invalid if none)
    DtlsSessionTicket GetResumptionTicket() const;

    /// \param ticket client: a session to offer at the next Connect()
    void SetResumptionTicket(const DtlsSessionTicket& ticket);

    /**
     * \param peer a peer (ignored by a client)
     * \return the figures of the last handshake with it (zeros if none)
     */
    DtlsHandshakeStats GetHandshakeStats(const Address& peer = Address()) const;

    /**
     * \param reason a reason
     * \return records this socket rejected for it
     */
    uint64_t GetRejected(DtlsRejectReason reason) const;

    /// \return HelloVerifyRequests this server sent
    uint64_t GetHelloVerifyRequests() const;

    /// \return associations refused: by this server, or this client's refused Connect()s
    uint64_t GetRefused() const;
    /// \return server: peers whose address and handshake figures the socket keeps (those with
    /// an association or a timer, and at most 16 + twice as many others between two prunes)
    uint32_t GetKnownPeers() const;
    /// \return server: half-open handshakes freed after HandshakeTimeout
    uint64_t GetExpiredHandshakes() const;
    /// \return server: associations or half-open handshakes replaced by a cookie-verified
    /// ClientHello from the same peer (RFC 6347, section 4.2.8)
    uint64_t GetReplacedAssociations() const;

    /**
     * \brief Fix the random stream of the engine (randoms, cookies, session IDs).
     * \param stream the stream index
     * \return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \param address an InetSocketAddress or Inet6SocketAddress
     * \return its key for the engine, for example "[2001:1::2]:5684"
     */
    static std::string PeerKey(const Address& address);

    /// TracedCallback signature: peer only.
    typedef void (*PeerTracedCallback)(const Address& peer);
    /// TracedCallback signature: a completed handshake.
    typedef void (*HandshakeTracedCallback)(const Address& peer, const DtlsHandshakeStats& stats);
    /// TracedCallback signature: peer and a reason.
    typedef void (*ReasonTracedCallback)(const Address& peer, const std::string& reason);
    /**
     * TracedCallback signature for a record discarded.
     * \param peer the peer
     * \param reason why (DtlsRejectReasonName() prints it)
     */
    typedef void (*RejectTracedCallback)(const Address& peer, DtlsRejectReason reason);
    /**
     * TracedCallback signature for an association refused.
     * \param peer the peer
     * \param reason why (DtlsRefuseReasonName() prints it)
     */
    typedef void (*RefuseTracedCallback)(const Address& peer, DtlsRefuseReason reason);
    /// TracedCallback signature: a flight sent.
    typedef void (*FlightTracedCallback)(const Address& peer,
                                         uint32_t flight,
                                         uint32_t bytes,
                                         bool retransmission);
    /// TracedCallback signature: peer and a size.
    typedef void (*BytesTracedCallback)(const Address& peer, uint32_t bytes);
    /// TracedCallback signature: cryptographic work.
    typedef void (*CryptoWorkTracedCallback)(const CryptoWork& work);
    /**
     * TracedCallback signature: a session that will not be resumed because its key changed.
     * \param identity the session's PSK identity
     * \param reason "psk changed", "psk removed" or "psk identity changed"
     */
    typedef void (*SessionInvalidatedTracedCallback)(const std::string& identity,
                                                     const std::string& reason);

  protected:
    void DoDispose() override;

  private:
    class ClientAdapter;
    class ServerAdapter;
    class ClientKeys;

    DtlsConfig MakeConfig(DtlsRole role) const;
    bool CreateUdpSocket(const Address& local, bool ipv6);
    void HandleRead(Ptr<Socket> socket);
    void FlushPendingSends();
    void SendDatagram(const Address& to, const Bytes& datagram);
    void OnEvent(const Address& peer, const DtlsEvent& event);
    void OnDeliver(const Address& peer, const Bytes& data);
    void OnWork(const CryptoWork& work);
    void SetTimerFor(const std::string& key, Time deadline);
    void CancelTimerFor(const std::string& key);
    void TimerExpired(std::string key);
    bool Admit(const std::string& key);
    /**
     * \brief Server with a secure element: a datagram from a peer that does not hold the
     * card (kept for when it does)
     * \param key the peer \param from its address \param data the datagram
     */
    void WaitForSecureElement(const std::string& key, const Address& from, const Bytes& data);
    /**
     * \brief The card is the peer's: process its waiting datagram
     * \param key the peer \param ticket its ticket
     */
    void SecureElementGranted(std::string key, uint64_t ticket);
    /**
     * \param key a peer done with the card (or leaving its backlog); a copy, since callers
     *        may pass a key the release erases
     * \param startNext let the next peer have it now (false while torn down)
     */
    void ReleaseSecureElement(std::string key, bool startNext = true);
    /// \param key the peer that got the card: release it if it has no association
    void CheckSecureElementHolder(std::string key);
    /// \brief Give the card back and leave its backlog (disposal)
    void DropSecureElement();
    /**
     * \brief Price a step: on the card for the peer that holds it, else on the host.
     * \param work the work \param in bytes into the engine \param out bytes out
     * \return the time until its effects
     */
    Time PriceStep(const std::vector<CryptoWork>& work, uint32_t in, uint32_t out);
    /// \param key the peer of the step about to run: is it on the card?
    void SetStepPeer(const std::string& key);
    /**
     * \brief Run one received datagram through the engine as a step.
     * \param from the source \param data the datagram
     */
    void ReceiveDatagram(const Address& from, const Bytes& data);
    bool FindClientKey(const Bytes& identity, Bytes& key, uint64_t& generation) const;
    void PskChanged(const std::string& identity, bool added, bool removed);
    void DisconnectPskStore();
    void AttachNodeModel();
    Address AddressOf(const std::string& key) const;
    /// Forget the addresses and handshake figures of peers without an association, once they
    /// outnumber the associations (amortized: the maps stay bounded by what the server holds)
    void PruneServerMaps();

    // attributes
    Time m_initialTimeout;                                                //!< InitialTimeout
    Time m_maxTimeout;                                                    //!< MaxTimeout
    uint32_t m_maxRetransmissions;                                        //!< MaxRetransmissions
    DtlsLossRecovery m_lossRecovery{DtlsLossRecovery::RETRANSMIT_FLIGHT}; //!< LossRecovery
    bool m_cookieExchange;                                                //!< CookieExchange
    bool m_acceptMappedTls;                                               //!< AcceptMappedTls
    uint32_t m_handshakeMtu;                                              //!< HandshakeMtu
    std::string m_pskIdentity;                                            //!< PskIdentity
    std::string m_pskHex;                                                 //!< Psk
    std::string m_pskHint;                                                //!< PskIdentityHint
    Ptr<DtlsPskStore> m_pskStore;                                         //!< PskStore
    bool m_resumption;                                                    //!< SessionResumption
    uint32_t m_sessionCacheSize;                                          //!< SessionCacheSize
    uint32_t m_maxMessageBytes;                                           //!< MaxHandshakeMessage
    Time m_handshakeTimeout;                                              //!< HandshakeTimeout
    uint32_t m_maxAssociations;                                           //!< MaxAssociations
    DtlsRefuseReason m_lastRefusal{DtlsRefuseReason::NOT_ADMITTED};       //!< Admit() said why
    uint32_t m_rxBufferSize;                                              //!< RcvBufSize
    uint32_t m_associationBytes;                                          //!< AssociationRamBytes

    Ptr<Node> m_node;                 //!< node
    Ptr<Socket> m_udp;                //!< the UDP socket underneath
    TypeId m_transportFactory;        //!< TransportSocketFactory: what m_udp is created from
    mutable enum SocketErrno m_errno; //!< last error
    bool m_listening{false};          //!< server
    bool m_shutdownSend{false};       //!< no more sends
    bool m_shutdownRecv{false};       //!< no more receives
    Address m_peer;                   //!< client: the server
    Ptr<UniformRandomVariable> m_rng; //!< randomness
    std::unique_ptr<StreamEngineRandom> m_random;          //!< engine view of m_rng
    std::unique_ptr<ClientAdapter> m_clientAdapter;        //!< client listener
    std::unique_ptr<DtlsSession> m_session;                //!< client engine
    std::unique_ptr<ServerAdapter> m_serverAdapter;        //!< server listener
    std::unique_ptr<DtlsServerEngine> m_server;            //!< server engine
    DtlsSessionTicket m_ticket;                            //!< client: ticket to offer
    std::map<std::string, Address> m_addresses;            //!< peer key -> address (peers
                                                           //!< with an association)
    std::string m_fromKey;                                 //!< the datagram being processed:
    Address m_from;                                        //!< its source
    std::map<std::string, EventId> m_timers;               //!< peer key -> engine timer
    std::map<std::string, DtlsHandshakeStats> m_stats;     //!< last handshake per peer
    std::map<DtlsRejectReason, uint64_t> m_rejected;       //!< rejected records
    std::deque<std::pair<Ptr<Packet>, Address>> m_rxQueue; //!< data to read
    uint32_t m_rxBytes{0};                                 //!< bytes in m_rxQueue
    std::deque<Ptr<Packet>> m_pendingSends; //!< client: data waiting for the handshake
    Callback<bool, const Address&> m_admit; //!< admission (user callback)
    Ptr<RamModel> m_ram;                    //!< the node's RAM model (null if none)
    uint32_t m_ramHolder{0};                //!< this socket's holder ID in m_ram
    uint64_t m_clientRefused{0};            //!< client: Connect()s refused for RAM
    Ptr<EngineExecutor> m_executor;         //!< runs and prices the engine steps
    DtlsFlightTag m_nextTag;                //!< tag for the next datagram
    Ptr<SecureElement> m_se;                //!< server: the card the engine runs in
    std::string m_seHolder;                 //!< the peer that holds the card ("": none)
    uint64_t m_seTicket{0};                 //!< its ticket
    Time m_seHolderBusyUntil;               //!< when the card's last step for the holder is done
    bool m_stepOnCard{false};               //!< the step being run is the holder's
    std::map<std::string, uint64_t> m_seWaitingTickets;           //!< peers in the card's backlog
    std::map<std::string, std::pair<Address, Bytes>> m_seWaiting; //!< their latest datagram
    std::map<std::string, Time> m_seExported; //!< peers whose session left the card: when
                                              //!< its keys are out of the card
    std::string m_stepPeer;                   //!< server: the peer of the step being run ("": none)

    TracedCallback<const Address&> m_handshakeStarted;                         //!< trace
    TracedCallback<const Address&, const DtlsHandshakeStats&> m_handshakeDone; //!< trace
    TracedCallback<const Address&, const std::string&> m_handshakeFailed;      //!< trace
    TracedCallback<const Address&> m_handshakeRestarted;                       //!< trace
    TracedCallback<const Address&, uint32_t, uint32_t, bool> m_flightSent;     //!< trace
    TracedCallback<const Address&, DtlsRejectReason> m_recordRejected;         //!< trace
    TracedCallback<const Address&, uint32_t> m_appDataSent;                    //!< trace
    TracedCallback<const Address&, uint32_t> m_appDataReceived;                //!< trace
    TracedCallback<const Address&, const std::string&> m_alertSent;            //!< trace
    TracedCallback<const Address&, const std::string&> m_alertReceived;        //!< trace
    TracedCallback<const Address&, DtlsRefuseReason> m_sessionRefused;         //!< trace
    TracedCallback<const Address&> m_closed;                                   //!< trace
    TracedCallback<const CryptoWork&> m_cryptoWork;                            //!< trace
    TracedCallback<Ptr<const Packet>, const Address&> m_tx;                    //!< trace
    TracedCallback<Ptr<const Packet>, const Address&> m_rx;                    //!< trace

    // Key changes (see DtlsPskStore): the client's key lookup, the server's cache upkeep
    /// client: the engine's key provider (the engine only calls it while it runs)
    std::unique_ptr<ClientKeys> m_clientKeys;
    /// server: connected to m_pskStore's PskChanged
    bool m_watchingPskStore{false};
    /// trace SessionInvalidated (PSK identity, reason)
    TracedCallback<const std::string&, const std::string&> m_sessionInvalidated;
    /// AttackDetected: peer, reason
    TracedCallback<const Address&, const std::string&> m_attackDetected;
};

/**
 * \ingroup iotsec
 * \brief Creates DtlsSockets: aggregate one to a node so that
 * Socket::CreateSocket(node, DtlsSocketFactory::GetTypeId()) gives DTLS sockets.
 *
 * Attributes set with SetSocketAttribute() apply to every socket the factory creates.
 */
class DtlsSocketFactory : public SocketFactory
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    DtlsSocketFactory();

    Ptr<Socket> CreateSocket() override;

    /**
     * \param name a DtlsSocket attribute
     * \param value its value for every socket created from now on
     */
    void SetSocketAttribute(const std::string& name, const AttributeValue& value);

  private:
    ObjectFactory m_factory; //!< DtlsSocket template
};

} // namespace ns3

#endif /* IOTSEC_DTLS_SOCKET_H */
