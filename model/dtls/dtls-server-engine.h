/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_DTLS_SERVER_ENGINE_H
#define IOTSEC_DTLS_SERVER_ENGINE_H

#include "dtls-session.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief What a DtlsServerEngine asks of its binding. Peers are opaque keys the binding
 * chooses (for example "[2001:1::5]:5684").
 */
class DtlsServerListener
{
  public:
    virtual ~DtlsServerListener() = default;
    /**
     * \param peer the peer
     * \param datagram a UDP payload to send to it
     */
    virtual void DtlsSendTo(const std::string& peer, const Bytes& datagram) = 0;
    /**
     * \param peer the peer
     * \param deadline when to call DtlsServerEngine::Timeout for it
     */
    virtual void DtlsSetTimer(const std::string& peer, Time deadline) = 0;
    /// \param peer the peer whose deadline is void
    virtual void DtlsCancelTimer(const std::string& peer) = 0;
    /**
     * \param peer the peer
     * \param data application data received from it
     */
    virtual void DtlsDeliver(const std::string& peer, const Bytes& data) = 0;
    /**
     * \param peer the peer
     * \param event an event to trace
     */
    virtual void DtlsEventOccurred(const std::string& peer, const DtlsEvent& event) = 0;
    /// \param work cryptographic work done
    virtual void DtlsCryptoWork(const CryptoWork& work) = 0;

    /**
     * \brief Asked before a new association is created (after the cookie check).
     * \param peer the peer
     * \return false to refuse it (for example, no RAM left for security state)
     */
    virtual bool DtlsAdmit(const std::string& peer)
    {
        (void)peer;
        return true;
    }
};

/**
 * \ingroup iotsec
 * \brief The server side of DTLS for many peers: a sans-I/O engine.
 *
 * A ClientHello from a peer without an association (or with a new client random) first goes
 * through the stateless cookie exchange (RFC 6347, section 4.2.1): the server answers with a
 * HelloVerifyRequest carrying HMAC-SHA256(secret, peer, ClientHello parameters) truncated to
 * 16 bytes, and keeps no state. Only a ClientHello that echoes a valid cookie creates an
 * association (a DtlsSession), and only if the binding admits it. A cookie-verified
 * ClientHello from a peer that already has an association (or a half-open handshake) replaces
 * it (RFC 6347, section 4.2.8): the old state is released before the binding is asked, so
 * that admission counts what the replacement frees. A handshake that has not completed
 * DtlsConfig::handshakeTimeout after its ClientHello was accepted is given up and its state
 * freed (HANDSHAKE_FAILED with `expired` set). Sessions that failed or closed are forgotten.
 */
class DtlsServerEngine
{
  public:
    /// Cookie length in bytes
    static constexpr std::size_t COOKIE_BYTES = 16;

    /**
     * \param config the configuration (role must be SERVER)
     * \param random randomness (must outlive the engine)
     * \param listener the binding (must outlive the engine)
     * \param psk the PSK store (must outlive the engine)
     * \param cacheCapacity how many sessions to keep for resumption
     */
    DtlsServerEngine(const DtlsConfig& config,
                     EngineRandom& random,
                     DtlsServerListener& listener,
                     const DtlsPskProvider& psk,
                     uint32_t cacheCapacity = 16);
    ~DtlsServerEngine();

    /**
     * \param now the current time
     * \param peer where the datagram came from
     * \param datagram the UDP payload
     */
    void Receive(Time now, const std::string& peer, const Bytes& datagram);
    /**
     * \param now the current time
     * \param peer the peer whose deadline passed
     */
    void Timeout(Time now, const std::string& peer);
    /**
     * \param now the current time
     * \param peer the peer
     * \param data application data
     * \return false if there is no established association with the peer
     */
    bool Send(Time now, const std::string& peer, const Bytes& data);
    /**
     * \param now the current time
     * \param peer the peer to send close_notify to
     */
    void Close(Time now, const std::string& peer);
    /// \param peer a peer whose association to forget without a word
    void Remove(const std::string& peer);
    /**
     * \param peer a peer
     * \return its association, or null
     */
    DtlsSession* Find(const std::string& peer) const;
    /// \return the peers with an association
    std::vector<std::string> GetPeers() const;
    /// \return bytes of security state: every association, the session cache, the secret
    uint32_t GetStateBytes() const;
    /// \return the session cache
    DtlsSessionCache& GetCache();
    /// \return HelloVerifyRequests sent
    uint64_t GetHelloVerifyRequests() const;
    /// \return associations refused by the binding
    uint64_t GetRefused() const;
    /// \return half-open handshakes freed after DtlsConfig::handshakeTimeout
    uint64_t GetExpired() const;
    /// \return associations (or half-open handshakes) replaced by a cookie-verified
    /// ClientHello from the same peer
    uint64_t GetReplaced() const;
    /// \param config the configuration for associations created from now on
    void SetConfig(const DtlsConfig& config);

    /**
     * \brief The stateless cookie for a ClientHello from a peer.
     * \param secret the server's cookie secret
     * \param peer the peer
     * \param hello the ClientHello
     * \return the cookie
     */
    static Bytes MakeCookie(const Bytes& secret,
                            const std::string& peer,
                            const DtlsClientHello& hello);

  private:
    class Adapter;

    void Cleanup(const std::string& peer);

    DtlsConfig m_config;                                     //!< configuration
    EngineRandom& m_random;                                  //!< randomness
    DtlsServerListener& m_listener;                          //!< binding
    const DtlsPskProvider& m_psk;                            //!< PSKs
    DtlsSessionCache m_cache;                                //!< resumable sessions
    Bytes m_cookieSecret;                                    //!< cookie secret
    std::map<std::string, std::unique_ptr<Adapter>> m_peers; //!< associations
    uint64_t m_helloVerifyRequests{0};                       //!< HVRs sent
    uint64_t m_refused{0};                                   //!< refused associations
    uint64_t m_expired{0};                                   //!< half-open handshakes expired
    uint64_t m_replaced{0};                                  //!< associations replaced
};

} // namespace ns3

#endif /* IOTSEC_DTLS_SERVER_ENGINE_H */
