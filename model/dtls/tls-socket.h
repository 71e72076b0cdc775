/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_TLS_SOCKET_H
#define IOTSEC_TLS_SOCKET_H

#include "dtls-session.h"

#include "ns3/address.h"
#include "ns3/engine-random.h"
#include "ns3/object-factory.h"
#include "ns3/random-variable-stream.h"
#include "ns3/secure-element.h"
#include "ns3/socket-factory.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <array>
#include <memory>
#include <set>
#include <string>

namespace ns3
{

class DtlsPskStore;
class EngineExecutor;
class Node;
class RamModel;

/**
 * \ingroup iotsec
 * \brief TLS 1.2 over ns-3's TCP: the ns-3 binding of the (D)TLS engine configured for TLS
 * (TlsProtocol::TLS_1_2), as an ns-3 stream Socket.
 *
 * An application uses it as it would a TCP socket. A client Connect()s: the socket opens a
 * TCP connection, runs the TLS handshake over it, and reports ConnectionSucceeded once the
 * handshake completed (ConnectionFailed if the TCP connection or the handshake failed). A
 * server Bind()s and Listen()s: every TCP connection it accepts gets its own TlsSocket,
 * which is handed to the application (NewConnectionCreated) once its handshake completed;
 * connections whose handshake fails never reach the application. Send() protects the bytes
 * in records of at most 2^14 bytes; Recv() returns authenticated plaintext, as a stream.
 * Close() sends close_notify and closes the TCP connection.
 *
 * A listening socket's trace sources also report every connection it accepted (each
 * connection's own socket has them too).
 *
 * Every engine step runs on the socket's EngineExecutor: the node's CpuModel prices the
 * work the engine reports before the step's effects (bytes to TCP, deliveries, traces) take
 * place, as for DtlsSocket. On a node with a RamModel (NodeModelHelper), each connection
 * registers as a holder of kind "tls" that reports GetSecurityStateBytes().
 *
 * With a SecureElement (attribute, server only), the server's engine runs in the card: a
 * connection asks the card for a session when TCP accepts it (SecureElement::Enqueue) and
 * waits in the card's backlog while another session uses it (its bytes wait in TCP); a
 * connection request that finds the backlog full is refused (its SYN dropped). Each step of
 * the engine is priced by SecureElement::PriceStep() with the bytes it moved into and out of
 * the card. The session releases the card when its connection closes or, when the card
 * exports sessions (TLS-Tandem), once its last handshake step and the key export are done;
 * from then on its steps are priced on the node's CpuModel.
 *
 * Keys: a client presents PskIdentity with the key found in the PskStore attribute, the
 * node's DtlsPskStore, or the Psk attribute, looked up at Connect(); a server looks up the
 * identity a client presents in the PskStore attribute or the node's DtlsPskStore.
 */
class TlsSocket : public Socket, private DtlsSessionListener
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TlsSocket();
    ~TlsSocket() override;

    /// \param node the node the socket belongs to
    void SetNode(Ptr<Node> node);

    /**
     * \param stream first stream index to use
     * \return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

    // Socket
    enum SocketErrno GetErrno() const override;
    enum SocketType GetSocketType() const override;
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

    /// \return the executor that runs the engine's steps (to price them on another CPU)
    Ptr<EngineExecutor> GetExecutor() const;

    /// \return client: a ticket to resume the session later (invalid before a handshake)
    DtlsSessionTicket GetResumptionTicket() const;

    /**
     * \param ticket client: a session to offer at the next Connect() (an abbreviated
     * handshake if the server still has it)
     */
    void SetResumptionTicket(const DtlsSessionTicket& ticket);

    /// \return the engine (null before a connection)
    const DtlsSession* GetSession() const;

    /// \return the TCP socket below (null before Connect() or Listen())
    Ptr<Socket> GetTcpSocket() const;

    /// \return the bytes of security state the connection holds now (its engine's, while it
    /// is handshaking or established; 0 for a listening socket)
    uint32_t GetSecurityStateBytes() const;

  protected:
    void DoDispose() override;

  private:
    class ClientKeys;

    // TCP callbacks
    void TcpConnected(Ptr<Socket> tcp);
    void TcpConnectFailed(Ptr<Socket> tcp);
    bool TcpConnectionRequest(Ptr<Socket> tcp, const Address& from);
    void TcpAccepted(Ptr<Socket> tcp, const Address& from);
    void TcpReceive(Ptr<Socket> tcp);
    void TcpSendSpace(Ptr<Socket> tcp, uint32_t available);
    void TcpClosed(Ptr<Socket> tcp);
    void TcpError(Ptr<Socket> tcp);

    void Start(Ptr<Socket> tcp, const Address& peer, DtlsRole role);
    void DetachTcp();
    /// Stop being a holder at the node's RamModel
    void ReleaseRam();
    void ChildDone(Ptr<TlsSocket> child, bool established);
    /// \brief The secure element is this connection's: start the handshake
    void SecureElementGranted();
    /**
     * \brief Give the secure element back (idempotent)
     * \param startNext let the next connection have it now (false while torn down)
     */
    void ReleaseSecureElement(bool startNext = true);
    /**
     * \brief Price a step on the secure element (see the class description).
     * \param work the step's work \param in bytes into the engine \param out bytes out
     * \return the time until the step's effects
     */
    Time PriceOnSecureElement(const std::vector<CryptoWork>& work, uint32_t in, uint32_t out);
    void Flush();
    DtlsConfig MakeConfig(DtlsRole role) const;
    const DtlsPskProvider* ServerKeys();

    // DtlsSessionListener
    void DtlsSend(const Bytes& bytes) override;
    void DtlsSetTimer(Time deadline) override;
    void DtlsCancelTimer() override;
    void DtlsDeliver(const Bytes& data) override;
    void DtlsEventOccurred(const DtlsEvent& event) override;
    void DtlsCryptoWork(const CryptoWork& work) override;

    /**
     * \brief Fire one of this socket's trace sources, and the same source of the listening
     * socket that accepted this connection: a server's traces report every connection.
     * \param source the trace source
     * \param args its arguments
     */
    template <typename Source, typename... Args>
    void Traced(Source TlsSocket::*source, const Args&... args)
    {
        (this->*source)(args...);
        if (m_parent)
        {
            (PeekPointer(m_parent)->*source)(args...);
        }
    }

    Ptr<Node> m_node;                 //!< the node
    Ptr<Socket> m_tcp;                //!< the TCP socket (listening or connected)
    Ptr<EngineExecutor> m_executor;   //!< runs and prices the engine's steps
    Ptr<RamModel> m_ram;              //!< the node's RAM model (null: none)
    uint32_t m_ramHolder{0};          //!< this connection's holder at m_ram
    Ptr<UniformRandomVariable> m_rng; //!< randomness for the engine
    std::shared_ptr<StreamEngineRandom>
        m_random; //!< the engine's view of it (shared by a server's connections)
    std::unique_ptr<DtlsSession> m_session;    //!< the engine
    std::unique_ptr<ClientKeys> m_clientKeys;  //!< client: where the key is looked up
    std::shared_ptr<DtlsSessionCache> m_cache; //!< server: resumable sessions (shared)
    Ptr<TlsSocket> m_parent;                   //!< server connection: its listening socket
    std::set<Ptr<TlsSocket>> m_handshaking;    //!< listening: connections in handshake
    Address m_local;                           //!< the address bound
    bool m_bound{false};                       //!< Bind() called
    Address m_peer;                            //!< the peer
    Bytes m_txQueue;                           //!< bytes TCP could not take yet
    Bytes m_rxBuffer;                          //!< plaintext for the application
    bool m_shutdownSend{false};                //!< ShutdownSend() or Close() called
    bool m_shutdownRecv{false};                //!< ShutdownRecv() or Close() called
    bool m_closeTcpWhenFlushed{false};         //!< Close() waits for the queue to drain
    bool m_notified{false};                    //!< the application was told the outcome
    mutable enum SocketErrno m_errno;          //!< last error
    DtlsSessionTicket m_ticket;                //!< client: offered at the next Connect()
    Ptr<SecureElement> m_se;                   //!< server: the card the engine runs in
    uint64_t m_seTicket{0};                    //!< the card's ticket (0: none)
    bool m_seExported{false};                  //!< the session left the card (TLS-Tandem)

    // attributes
    std::string m_pskIdentity;    //!< client: identity
    std::string m_pskHex;         //!< client: key in hex
    std::string m_pskHint;        //!< server: identity hint
    Ptr<DtlsPskStore> m_pskStore; //!< keys
    uint32_t m_sessionCacheSize;  //!< server: sessions kept
    uint32_t m_maxMessageBytes;   //!< longest handshake message
    uint32_t m_rxBufferSize;      //!< plaintext buffered for the application

    // traces
    TracedCallback<const Address&> m_handshakeStarted;                         //!< started
    TracedCallback<const Address&, const DtlsHandshakeStats&> m_handshakeDone; //!< completed
    TracedCallback<const Address&, const std::string&> m_handshakeFailed;      //!< failed
    TracedCallback<const Address&, uint32_t, uint32_t, bool> m_flightSent;     //!< flight
    TracedCallback<const Address&, DtlsRejectReason> m_recordRejected;         //!< rejected
    TracedCallback<const Address&, uint32_t> m_appDataSent;                    //!< data out
    TracedCallback<const Address&, uint32_t> m_appDataReceived;                //!< data in
    TracedCallback<const Address&, const std::string&> m_alertSent;            //!< alert out
    TracedCallback<const Address&, const std::string&> m_alertReceived;        //!< alert in
    TracedCallback<const Address&> m_closed;                                   //!< closed
    TracedCallback<const CryptoWork&> m_cryptoWork;                            //!< work
};

/**
 * \ingroup iotsec
 * \brief Creates TlsSockets on the node it is aggregated to (Socket::CreateSocket(node,
 * TlsSocketFactory::GetTypeId())).
 */
class TlsSocketFactory : public SocketFactory
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TlsSocketFactory();

    Ptr<Socket> CreateSocket() override;

    /**
     * \param name an attribute of TlsSocket
     * \param value its value for the sockets created from now on
     */
    void SetSocketAttribute(const std::string& name, const AttributeValue& value);

  private:
    ObjectFactory m_factory; //!< TlsSocket template
};

} // namespace ns3

#endif /* IOTSEC_TLS_SOCKET_H */
