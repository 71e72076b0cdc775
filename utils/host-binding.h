/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_HOST_BINDING_H
#define IOTSEC_HOST_BINDING_H

/**
 * \file
 * \brief The host binding of iotsec's engines (DESIGN.md, principle 3): real UDP sockets and
 * the wall clock, shared by the interop tools (utils/coap-probe, utils/dtls-probe).
 *
 * A HostTransport is one UDP socket under an engine. HostUdpTransport hands datagrams through
 * as they are; HostDtlsClient (one DtlsSession with a connected peer) and HostDtlsServer (a
 * DtlsServerEngine for many peers) carry application data in DTLS 1.2 records, so that a
 * CoapEndpoint on top of them speaks coaps://. Every engine is the same sans-I/O engine the
 * simulations use; only the socket, the clock and the randomness (HostEngineRandom) are the
 * host's.
 */

#include "ns3/dtls-server-engine.h"
#include "ns3/dtls-session.h"
#include "ns3/engine-random.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <utility>
#include <vector>

namespace ns3
{

/// \return the steady wall clock as an ns-3 Time, counted from its first call
Time HostNow();

/**
 * \param text "HOST:PORT" or "[HOST]:PORT": an IPv4 or IPv6 address, or a name resolved to
 *        its first address
 * \param[out] out the socket address
 * \param[out] len its length
 * \return false if the text is not such an endpoint
 */
bool HostParseEndpoint(const std::string& text, sockaddr_storage& out, socklen_t& len);

/**
 * \param address a socket address
 * \return its peer key: "127.0.0.1:5683" or "[::1]:5683"
 */
std::string HostPeerKey(const sockaddr_storage& address);

/**
 * \param event a DTLS engine event
 * \return a one-line description, for example "handshake complete, 6 flights"
 */
std::string HostDescribeDtlsEvent(const DtlsEvent& event);

/**
 * \ingroup iotsec
 * \brief One PSK identity and its key: the key store of a host server.
 */
class HostSinglePsk : public DtlsPskProvider
{
  public:
    /**
     * \param identity the PSK identity
     * \param key its key
     */
    HostSinglePsk(const Bytes& identity, const Bytes& key);

    bool LookupPsk(const Bytes& identity, Bytes& key) const override;

  private:
    Bytes m_identity; //!< identity
    Bytes m_key;      //!< key
};

/**
 * \ingroup iotsec
 * \brief One UDP socket under a sans-I/O engine, driven by poll() and the wall clock.
 *
 * Open it with Bind() (a server) or Connect() (a client, whose socket then reports an
 * unreachable peer at once, from the ICMP error). Poll() waits for one datagram, at most until
 * a given time or the transport's own next deadline, and runs what is due; data for the
 * engine above comes out through the receiver. Peers are named by HostPeerKey().
 */
class HostTransport
{
  public:
    /// Takes application data from a peer
    using Receiver = std::function<void(const std::string& peer, const Bytes& data)>;
    /// Told that a peer can no longer be reached (why: "unreachable", "dtls: ...")
    using FailureHandler = std::function<void(const std::string& peer, const std::string& why)>;

    HostTransport() = default;
    virtual ~HostTransport();
    HostTransport(const HostTransport&) = delete;
    HostTransport& operator=(const HostTransport&) = delete;

    /**
     * \param local "HOST:PORT" to receive on
     * \return false (GetError() says why) if the socket cannot be opened or bound
     */
    bool Bind(const std::string& local);

    /**
     * \param remote "HOST:PORT" of the one peer
     * \return false (GetError() says why) if the socket cannot be opened or connected
     */
    bool Connect(const std::string& remote);

    /// \return the key of the peer given to Connect() ("" before)
    const std::string& GetRemoteKey() const;

    /// \return what went wrong last, for an error message
    const std::string& GetError() const;

    /// \return true once the connected peer was reported unreachable
    bool IsUnreachable() const;

    /// \param receiver where application data goes
    void SetReceiver(Receiver receiver);

    /// \param handler told when a peer fails
    void SetFailureHandler(FailureHandler handler);

    /**
     * \brief Send application data.
     * \param peer the peer's key
     * \param data the data (one datagram, or one DTLS record)
     * \return false (GetError() says why) if nothing was sent
     */
    virtual bool SendTo(const std::string& peer, const Bytes& data) = 0;

    /**
     * \brief Wait for one datagram, at most until a time or this transport's next deadline;
     * process it and every deadline that has passed.
     * \param until the latest time to return at
     */
    void Poll(Time until);

  protected:
    /**
     * \param peer a peer's key
     * \param datagram a UDP payload
     * \return false (GetError() says why) if it was not sent
     */
    bool SendDatagram(const std::string& peer, const Bytes& datagram);

    /**
     * \param peer a peer's key
     * \param data application data for the receiver
     */
    void Deliver(const std::string& peer, const Bytes& data);

    /**
     * \brief Tell the failure handler, once the engine call under way has returned.
     * \param peer a peer's key
     * \param why what failed
     */
    void Fail(const std::string& peer, const std::string& why);

    /**
     * \param error what went wrong
     * \return false
     */
    bool SetError(const std::string& error);

    /**
     * \brief A datagram arrived.
     * \param now the current time
     * \param peer the sender's key
     * \param datagram the UDP payload
     */
    virtual void ReceiveDatagram(Time now, const std::string& peer, const Bytes& datagram) = 0;

    /// \return this transport's next deadline (Time::Max() for none)
    virtual Time GetDeadline() const;

    /// \param now the current time: run every deadline that has passed
    virtual void RunDeadlines(Time now);

  private:
    /**
     * \param text "HOST:PORT"
     * \param connectToIt connect to it (else bind to it)
     * \return false (GetError() says why) if the socket cannot be opened, bound or connected
     */
    bool Open(const std::string& text, bool connectToIt);

    int m_fd{-1};              //!< the socket
    std::string m_remoteKey;   //!< the connected peer
    std::string m_error;       //!< last error
    bool m_unreachable{false}; //!< the connected peer was reported unreachable
    Receiver m_receiver;       //!< application data
    FailureHandler m_failure;  //!< peer failures
    std::vector<std::pair<std::string, std::string>> m_failed; //!< failures not yet told
    std::map<std::string, std::pair<sockaddr_storage, socklen_t>> m_peers; //!< addresses
};

/**
 * \ingroup iotsec
 * \brief Plain UDP: coap://.
 */
class HostUdpTransport : public HostTransport
{
  public:
    bool SendTo(const std::string& peer, const Bytes& data) override;

  protected:
    void ReceiveDatagram(Time now, const std::string& peer, const Bytes& datagram) override;
};

/**
 * \ingroup iotsec
 * \brief What the two DTLS transports share: events to a sink, and the handshakes counted.
 */
class HostDtlsTransport : public HostTransport
{
  public:
    /// Takes each engine event, with the peer it concerns
    using EventSink = std::function<void(const std::string& peer, const DtlsEvent& event)>;

    /// \param sink where events go
    void SetEventSink(EventSink sink);

    /// \return full handshakes completed so far
    uint32_t GetFullHandshakes() const;

    /// \return abbreviated (resumed) handshakes completed so far
    uint32_t GetResumedHandshakes() const;

  protected:
    /**
     * \brief Count, forward, and fail the peer on a failed handshake, a fatal alert or a
     * close.
     * \param peer the peer
     * \param event the event
     */
    void Report(const std::string& peer, const DtlsEvent& event);

    /**
     * \param peer a peer
     * \param deadline when to call Expire() for it (Time::Max(): never)
     */
    void SetTimer(const std::string& peer, Time deadline);

    /**
     * \brief A peer's deadline passed: tell the engine.
     * \param now the current time
     * \param peer the peer
     */
    virtual void Expire(Time now, const std::string& peer) = 0;

    Time GetDeadline() const override;
    void RunDeadlines(Time now) override;

    HostEngineRandom m_random; //!< randoms, session IDs, cookie secret

  private:
    std::map<std::string, Time> m_timers; //!< the engines' deadlines, per peer
    EventSink m_sink;                     //!< events
    uint32_t m_full{0};                   //!< full handshakes completed
    uint32_t m_resumed{0};                //!< resumed handshakes completed
};

/**
 * \ingroup iotsec
 * \brief The client side: one DtlsSession with the peer given to Connect().
 */
class HostDtlsClient : public HostDtlsTransport, public DtlsSessionListener
{
  public:
    /// \param config the engine's configuration (role CLIENT, identity, key)
    explicit HostDtlsClient(const DtlsConfig& config);

    /**
     * \brief Start a new association (after Connect()).
     * \param resume a ticket for an abbreviated handshake (may be null)
     */
    void Handshake(const DtlsSessionTicket* resume = nullptr);

    /**
     * \brief Poll until the association is established, fails, the peer is unreachable, or
     * a deadline passes.
     * \param deadline give up then
     * \return true if established; else GetError() says why
     */
    bool WaitEstablished(Time deadline);

    /// \return the association (null before Handshake())
    DtlsSession* GetSession() const;

    /// \brief Send close_notify.
    void Close();

    bool SendTo(const std::string& peer, const Bytes& data) override;

    void DtlsSend(const Bytes& datagram) override;
    void DtlsSetTimer(Time deadline) override;
    void DtlsCancelTimer() override;
    void DtlsDeliver(const Bytes& data) override;
    void DtlsEventOccurred(const DtlsEvent& event) override;
    void DtlsCryptoWork(const CryptoWork& work) override;

  protected:
    void ReceiveDatagram(Time now, const std::string& peer, const Bytes& datagram) override;
    void Expire(Time now, const std::string& peer) override;

  private:
    DtlsConfig m_config;                    //!< configuration
    std::unique_ptr<DtlsSession> m_session; //!< the association
    std::string m_failReason;               //!< why the handshake failed
};

/**
 * \ingroup iotsec
 * \brief The server side: a DtlsServerEngine (cookie exchange, one association per peer) on
 * the socket given to Bind().
 */
class HostDtlsServer : public HostDtlsTransport, public DtlsServerListener
{
  public:
    /**
     * \param config the engine's configuration (role SERVER, identity hint)
     * \param psk the keys (must outlive the server)
     */
    HostDtlsServer(const DtlsConfig& config, const DtlsPskProvider& psk);

    /// \return the engine
    DtlsServerEngine& GetEngine();

    bool SendTo(const std::string& peer, const Bytes& data) override;

    void DtlsSendTo(const std::string& peer, const Bytes& datagram) override;
    void DtlsSetTimer(const std::string& peer, Time deadline) override;
    void DtlsCancelTimer(const std::string& peer) override;
    void DtlsDeliver(const std::string& peer, const Bytes& data) override;
    void DtlsEventOccurred(const std::string& peer, const DtlsEvent& event) override;
    void DtlsCryptoWork(const CryptoWork& work) override;

  protected:
    void ReceiveDatagram(Time now, const std::string& peer, const Bytes& datagram) override;
    void Expire(Time now, const std::string& peer) override;

  private:
    DtlsServerEngine m_engine; //!< the engine
};

/**
 * \brief The host binding of the TLS engine: one TCP connection over a real socket, on the
 * wall clock. The engine is the same DtlsSession the simulation drives, configured with
 * TlsProtocol::TLS_1_2; the binding writes what it sends to the socket and feeds it every
 * byte the socket reads, cut wherever the kernel cut it.
 */
class HostTlsConnection : public DtlsSessionListener
{
  public:
    /// Takes application data
    using Receiver = std::function<void(const Bytes& data)>;
    /// Takes each engine event
    using EventSink = std::function<void(const DtlsEvent& event)>;

    /**
     * \param config the engine's configuration (its protocol is set to TLS_1_2)
     * \param psk the server's keys (a server needs them; a client may pass null)
     */
    HostTlsConnection(const DtlsConfig& config, const DtlsPskProvider* psk);
    ~HostTlsConnection() override;
    HostTlsConnection(const HostTlsConnection&) = delete;
    HostTlsConnection& operator=(const HostTlsConnection&) = delete;

    /**
     * \brief Client: open a TCP connection and start the handshake.
     * \param remote "host:port" or "[v6]:port"
     * \param resume a ticket to offer, or null
     * \return false if the connection could not be opened (GetError says why)
     */
    bool Connect(const std::string& remote, const DtlsSessionTicket* resume = nullptr);

    /**
     * \brief Server: take a connection a HostTcpListener accepted, and wait for the
     * ClientHello.
     * \param fd the connected socket (closed by this object)
     */
    void Adopt(int fd);

    /**
     * \param deadline the latest wall-clock time
     * \return true once the handshake completed; false if it failed, the connection closed
     * or the deadline passed
     */
    bool WaitEstablished(Time deadline);

    /**
     * \brief Read and process whatever arrives until the deadline or until \p done says so.
     * \param deadline the latest wall-clock time
     * \param done checked after every read (may be null)
     * \return false once the connection is closed
     */
    bool Poll(Time deadline, const std::function<bool()>& done = nullptr);

    /**
     * \param data application data (one record)
     * \return false if the session is not established
     */
    bool Send(const Bytes& data);

    /// \brief Send close_notify and close the socket.
    void Close();

    /// \return the engine (null before Connect() or Adopt())
    DtlsSession* GetSession() const;
    /// \return what went wrong last
    const std::string& GetError() const;
    /// \param receiver where application data goes
    void SetReceiver(Receiver receiver);
    /// \param sink where events go
    void SetEventSink(EventSink sink);
    /// \param cache server: resumable sessions shared by connections (may be null)
    void SetSessionCache(DtlsSessionCache* cache);

    void DtlsSend(const Bytes& datagram) override;
    void DtlsSetTimer(Time deadline) override;
    void DtlsCancelTimer() override;
    void DtlsDeliver(const Bytes& data) override;
    void DtlsEventOccurred(const DtlsEvent& event) override;
    void DtlsCryptoWork(const CryptoWork& work) override;

    DtlsConfig m_config;                    //!< configuration
    const DtlsPskProvider* m_psk;           //!< keys
    HostEngineRandom m_random;              //!< randoms and session IDs
    DtlsSessionCache* m_cache{nullptr};     //!< server: resumable sessions (SetSessionCache)
    std::unique_ptr<DtlsSession> m_session; //!< the engine
    int m_fd{-1};                           //!< the socket
    std::string m_error;                    //!< last error
    Receiver m_receiver;                    //!< application data
    EventSink m_sink;                       //!< events
};

/**
 * \brief A listening TCP socket for HostTlsConnection servers.
 */
class HostTcpListener
{
  public:
    HostTcpListener() = default;
    ~HostTcpListener();
    HostTcpListener(const HostTcpListener&) = delete;
    HostTcpListener& operator=(const HostTcpListener&) = delete;

    /**
     * \param port the TCP port, on every IPv6 and IPv4 address
     * \return false if it cannot listen (GetError says why)
     */
    bool Listen(int port);

    /**
     * \param deadline the latest wall-clock time
     * \param[out] peer the peer's address, "host:port"
     * \return a connected socket, or -1 if none arrived in time
     */
    int Accept(Time deadline, std::string& peer);

    /// \return what went wrong last
    const std::string& GetError() const;

  private:
    int m_fd{-1};        //!< the socket
    std::string m_error; //!< last error
};

} // namespace ns3

#endif /* IOTSEC_HOST_BINDING_H */
