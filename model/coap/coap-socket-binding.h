/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_COAP_SOCKET_BINDING_H
#define IOTSEC_COAP_SOCKET_BINDING_H

#include "coap-endpoint.h"

#include "ns3/address.h"
#include "ns3/dtls-session.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/ptr.h"
#include "ns3/traced-callback.h"
#include "ns3/type-id.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

class EngineExecutor;
class Node;
class Packet;
class RamModel;
class Socket;
class StreamEngineRandom;
class UniformRandomVariable;

/**
 * \ingroup iotsec
 * \brief The ns-3 binding of a CoapEndpoint: `coap://` over an ns-3 datagram socket.
 *
 * It drives the sans-I/O engine with Simulator::Now(), one Simulator::Schedule'd timer, and a
 * StreamEngineRandom over a UniformRandomVariable (AssignStreams fixes it). The socket is
 * created through the factory named by the SocketFactory attribute (UdpSocketFactory by
 * default) and used only through the datagram API: Bind/Bind6, SendTo, RecvFrom and
 * SetRecvCallback. A DTLS socket factory with the same datagram semantics makes it
 * `coaps://`.
 *
 * Peers are keyed by their address as text: `[2001:1::2]:5683` or `10.0.0.1:5683`.
 *
 * Message security (OSCORE, `object` security): SetSecurity() gives the engine a
 * CoapMessageSecurity for one peer, SetDefaultSecurity() for every other peer; the
 * security's cryptographic work is reported by the CryptoWork trace source and its
 * rejections by SecurityRejected.
 *
 * Bounds: the engine's per-peer and per-message tables are capped by the MaxDedupEntries,
 * MaxExchanges, MaxTransmissions, MaxObservers, MaxBlock1Transfers and MaxDeferred
 * attributes (CoapEngineConfig); a full table traces TableFull. The binding itself keeps
 * addresses only for the peers it was given (SendRequest, SetSecurity): a datagram's sender
 * is answered at the address its peer key spells, so a flood of spoofed sources leaves no
 * state here.
 *
 * Processing time: every call into the engine -- a datagram received, the timer, a request
 * sent, an observed resource notified, a deferred response completed, whether through this
 * binding or through GetEndpoint() -- is one step on the binding's EngineExecutor
 * (GetExecutor()). The message security's work in that step (AES-CCM seal and open; the HKDF
 * derivations of a context when it is installed) is priced on the node's CpuModel, and the
 * step's effects -- datagrams sent, the timer armed (measured from when the effects happen),
 * traces, and the client callbacks of SendRequest() -- take place only once the CPU has done
 * it. A resource handler runs inside the step, when the request has arrived: it computes the
 * response that the step then protects and sends. Work of a context installed before Start()
 * is priced when the binding starts on its node.
 */
class CoapSocketBinding : public Object, public CoapEndpointListener
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    CoapSocketBinding();
    ~CoapSocketBinding() override;

    /**
     * \brief Create and bind the socket on a node and start the engine.
     * \param node the node
     */
    void Start(Ptr<Node> node);

    /// Close the socket and cancel the timer (the engine's state is kept)
    void Stop();

    /// \return the engine (created with the attributes' values at Start())
    CoapEndpoint& GetEndpoint();

    /**
     * \brief Send a request (see CoapEndpoint::SendRequest).
     * \param peer the server's address (Inet6SocketAddress or InetSocketAddress)
     * \param request the request
     * \param callback called with the outcome
     * \param options request options
     * \return the request id
     */
    uint64_t SendRequest(const Address& peer,
                         const CoapMessage& request,
                         CoapResponseCallback callback,
                         const CoapRequestOptions& options = CoapRequestOptions());

    /**
     * \param address an Inet6SocketAddress or InetSocketAddress
     * \return its peer key ("[2001:1::2]:5683")
     */
    static std::string PeerKey(const Address& address);

    /**
     * \brief Fix the random streams: the engine's (token, message IDs, timeouts) and, when
     * the socket is a DtlsSocket (coaps://), the DTLS engine's, now or once it is created.
     * \param stream the first stream index
     * \return the number of streams used (2)
     */
    int64_t AssignStreams(int64_t stream);

    /// \return the engine parameters from the attributes
    CoapEngineConfig GetEngineConfig() const;

    /// \return the local port the socket is bound to (0 before Start)
    uint16_t GetLocalPort() const;

    /// \return bytes of message-security (OSCORE) state: contexts and request bindings,
    /// charged to the node's RamModel (kind "oscore") while the binding runs
    uint32_t GetSecurityStateBytes() const;

    /// \return the socket (null before Start()): for example a DtlsSocket, to set its
    /// PskIdentity before the first request or to connect to its trace sources
    Ptr<Socket> GetSocket() const;

    /**
     * \brief Protect the exchanges with one peer (CoapEndpoint::SetSecurity).
     * \param peer the peer's address (Inet6SocketAddress or InetSocketAddress)
     * \param security the security (nullptr: plain CoAP); its work goes to CryptoWork
     */
    void SetSecurity(const Address& peer, std::shared_ptr<CoapMessageSecurity> security);

    /**
     * \brief Protect the exchanges with every peer that has no security of its own.
     * \param security the security (nullptr: plain CoAP); its work goes to CryptoWork
     */
    void SetDefaultSecurity(std::shared_ptr<CoapMessageSecurity> security);

    /// \return a hook that fires the CryptoWork trace source and reports the work to the
    /// executor (valid while the binding lives)
    CryptoWorkHook GetCryptoWorkHook();

    /// \return the executor that runs the engine's steps (to price them on another CPU)
    Ptr<EngineExecutor> GetExecutor() const;

    // CoapEndpointListener
    void SendDatagram(const std::string& peer, const std::vector<uint8_t>& datagram) override;
    void SetTimer(Time deadline) override;
    void OnEvent(const CoapEvent& event) override;
    void OnEnter() override;
    void OnLeave() override;

    /**
     * TracedCallback signature for a request sent or a response received.
     * \param peer the peer key
     * \param code the code
     * \param messageId the message ID
     * \param rtt the round-trip time (zero for requests)
     */
    typedef void (*MessageTracedCallback)(const std::string& peer,
                                          uint8_t code,
                                          uint16_t messageId,
                                          Time rtt);

    /**
     * TracedCallback signature for retransmissions, timeouts and duplicates.
     * \param peer the peer key
     * \param messageId the message ID
     * \param retransmissions retransmissions of the message so far
     */
    typedef void (*ReliabilityTracedCallback)(const std::string& peer,
                                              uint16_t messageId,
                                              uint32_t retransmissions);

    /**
     * TracedCallback signature for any engine event.
     * \param event the event
     */
    typedef void (*EventTracedCallback)(const CoapEvent& event);

    /**
     * TracedCallback signature for cryptographic work of the message security.
     * \param work the operation
     */
    typedef void (*CryptoWorkTracedCallback)(const CryptoWork& work);

    /**
     * TracedCallback signature for a message rejected by the message security.
     * \param peer the peer key
     * \param code the error response sent (0: none: a response discarded, or a message that
     *        could not be protected and was not sent)
     * \param reason why (CoapSecurityFailureName() names it)
     */
    typedef void (*SecurityRejectedTracedCallback)(const std::string& peer,
                                                   uint8_t code,
                                                   CoapSecurityFailure reason);

    /// Why the transport below failed for a peer (the TransportFailed trace)
    enum TransportFailure : uint8_t
    {
        HANDSHAKE_FAILED, //!< the DTLS handshake failed (the socket's HandshakeFailed)
        SESSION_REFUSED,  //!< the DTLS socket refused the association (SessionRefused: RAM
                          //!< budget, session limit)
    };

    /**
     * \param reason a reason
     * \return its name ("HANDSHAKE_FAILED")
     */
    static const char* TransportFailureName(TransportFailure reason);

    /**
     * TracedCallback signature: a bounded table of the engine was full.
     * \param peer the peer of the entry evicted (EVICTED) or refused (REFUSED)
     * \param table the table (CoapTableName() names it)
     * \param action what the table did (CoapTableActionName() names it)
     */
    typedef void (*TableFullTracedCallback)(const std::string& peer,
                                            CoapTable table,
                                            CoapTableAction action);

    /**
     * TracedCallback signature for datagrams in or out.
     * \param packet the datagram
     * \param peer the peer address
     */
    typedef void (*PacketTracedCallback)(Ptr<const Packet> packet, const Address& peer);

    /**
     * TracedCallback signature: the transport failed for a peer.
     * \param peer the peer's key
     * \param reason why (the DTLS socket's words are in the failed requests' errors)
     * \param failed the number of open requests to the peer that were failed
     */
    typedef void (*TransportFailedTracedCallback)(const std::string& peer,
                                                  TransportFailure reason,
                                                  uint32_t failed);

    /**
     * \brief The address a peer key spells (the inverse of PeerKey).
     * \param key a peer key ("[2001:1::2]:5683" or "10.0.0.1:5683")
     * \param[out] address the Inet6SocketAddress or InetSocketAddress
     * \return false if the key is no such address
     */
    static bool PeerAddress(const std::string& key, Address& address);

  protected:
    void DoDispose() override;

  private:
    /// \param socket the socket with datagrams to read
    void HandleRead(Ptr<Socket> socket);
    /// \brief The DTLS socket below failed the handshake with a peer
    /// \param peer the peer \param reason why
    void HandshakeFailed(const Address& peer, const std::string& reason);
    /// \brief The DTLS socket below refused the association with a peer
    /// \param peer the peer \param reason why
    void SessionRefused(const Address& peer, DtlsRefuseReason reason);
    /// \brief The transport below failed for a peer: fail its requests
    /// \param peer the peer \param failure which failure \param reason the socket's words
    void TransportFailed(const Address& peer, TransportFailure failure, const std::string& reason);
    /// The timer fired
    void Fire();
    /// \param peer the peer's key \param datagram send it (now, not deferred)
    void Transmit(const std::string& peer, const std::vector<uint8_t>& datagram);
    /// \param deadline arm the engine's timer for it (now, not deferred)
    void ArmTimer(Time deadline);
    /// \param event fire the trace sources of an engine event (now, not deferred)
    void TraceEvent(const CoapEvent& event);

    // attributes
    uint16_t m_port;           //!< local port (0: ephemeral)
    bool m_ipv6;               //!< bind IPv6 (else IPv4)
    TypeId m_socketFactory;    //!< socket factory
    Time m_ackTimeout;         //!< ACK_TIMEOUT
    double m_ackRandomFactor;  //!< ACK_RANDOM_FACTOR
    uint32_t m_maxRetransmit;  //!< MAX_RETRANSMIT
    uint32_t m_nstart;         //!< NSTART
    Time m_maxLatency;         //!< MAX_LATENCY
    uint32_t m_tokenLength;    //!< token length
    uint32_t m_blockSize;      //!< preferred block size
    uint32_t m_maxBodySize;    //!< Block1 reassembly limit
    uint32_t m_notifyConEvery; //!< every Nth notification CON
    uint32_t m_maxDedup;       //!< MaxDedupEntries
    uint32_t m_maxExchanges;   //!< MaxExchanges
    uint32_t m_maxTransmits;   //!< MaxTransmissions
    uint32_t m_maxObservers;   //!< MaxObservers
    uint32_t m_maxBlock1;      //!< MaxBlock1Transfers
    uint32_t m_maxDeferred;    //!< MaxDeferred

    Ptr<Node> m_node;                             //!< the node
    Ptr<Socket> m_socket;                         //!< the socket
    Ptr<RamModel> m_ram;                          //!< the node's RAM model (if any)
    uint32_t m_ramHolder{0};                      //!< our holder id there
    int64_t m_socketStream{-1};                   //!< stream for a DTLS socket (-1: none)
    Ptr<UniformRandomVariable> m_rng;             //!< random stream
    std::unique_ptr<StreamEngineRandom> m_random; //!< engine randomness
    std::unique_ptr<CoapEndpoint> m_endpoint;     //!< the engine
    std::map<std::string, Address> m_peers;       //!< peer key -> address (given peers only)
    EventId m_timer;                              //!< engine timer
    Time m_deadline;                              //!< its deadline
    Ptr<EngineExecutor> m_executor;               //!< runs and prices the engine steps

    TracedCallback<const std::string&, uint8_t, uint16_t, Time> m_requestSent;      //!< RequestSent
    TracedCallback<const std::string&, uint8_t, uint16_t, Time> m_responseReceived; //!< trace
    TracedCallback<const std::string&, uint16_t, uint32_t> m_retransmission; //!< Retransmission
    TracedCallback<const std::string&, uint16_t, uint32_t> m_timeout;        //!< Timeout
    TracedCallback<const std::string&, uint16_t, uint32_t> m_duplicate;      //!< Duplicate
    TracedCallback<const CoapEvent&> m_event;                                //!< Event
    TracedCallback<Ptr<const Packet>, const Address&> m_tx;                  //!< Tx
    TracedCallback<Ptr<const Packet>, const Address&> m_rx;                  //!< Rx
    std::vector<std::weak_ptr<CoapMessageSecurity>> m_hooked; //!< securities given our hook
    TracedCallback<const CryptoWork&> m_cryptoWork;           //!< CryptoWork
    TracedCallback<const std::string&, uint8_t, CoapSecurityFailure> m_securityRejected; //!< trace
    TracedCallback<const std::string&, TransportFailure, uint32_t> m_transportFailed;    //!< trace
    TracedCallback<const std::string&, CoapTable, CoapTableAction> m_tableFull; //!< TableFull
};

} // namespace ns3

#endif /* IOTSEC_COAP_SOCKET_BINDING_H */
