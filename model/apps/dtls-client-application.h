/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_DTLS_CLIENT_APPLICATION_H
#define IOTSEC_DTLS_CLIENT_APPLICATION_H

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/dtls-socket.h"
#include "ns3/event-id.h"

#include <map>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief A DTLS client: opens an association with a server, then sends numbered datagrams of
 * application data and times their echoes.
 *
 * The socket's trace sources HandshakeStarted, HandshakeCompleted, HandshakeFailed,
 * HandshakeRestarted, FlightSent, RecordRejected, SessionRefused and SessionInvalidated are
 * re-exported by the application, so that they can be reached through Config paths
 * (/NodeList/N/ApplicationList/M/$ns3::DtlsClientApplication/HandshakeCompleted).
 */
class DtlsClientApplication : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    DtlsClientApplication();
    ~DtlsClientApplication() override;

    /**
     * \param name a DtlsSocket attribute
     * \param value its value, applied when the socket is created
     */
    void SetSocketAttribute(const std::string& name, const AttributeValue& value);

    /// \return the socket (null before the application starts)
    Ptr<DtlsSocket> GetSocket() const;
    /// \return true once the handshake completed
    bool IsEstablished() const;
    /// \return true if the handshake failed
    bool HasFailed() const;
    /// \return round-trip times of the datagrams echoed so far
    std::vector<Time> GetEchoRtts() const;
    /// \return datagrams sent
    uint32_t GetSent() const;

    /**
     * \param stream first stream index
     * \return streams used
     */
    int64_t AssignStreams(int64_t stream);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;
    void Connected(Ptr<Socket> socket);
    void ConnectionFailed(Ptr<Socket> socket);
    void SendNext();
    void HandleRead(Ptr<Socket> socket);

    Address m_remote;                     //!< Remote
    uint32_t m_maxPackets;                //!< MaxPackets
    Time m_interval;                      //!< Interval
    uint32_t m_size;                      //!< PacketSize
    Ptr<DtlsSocket> m_socket;             //!< socket
    bool m_established{false};            //!< handshake done
    bool m_failed{false};                 //!< handshake failed
    uint32_t m_sent{0};                   //!< datagrams sent
    std::map<uint32_t, Time> m_sendTimes; //!< send time per sequence number
    std::vector<Time> m_rtts;             //!< echo round-trip times
    EventId m_sendEvent;                  //!< next send
    int64_t m_stream{-1};                 //!< stream for the socket
    std::vector<std::pair<std::string, Ptr<AttributeValue>>> m_socketAttributes; //!< to apply

    TracedCallback<const Address&> m_handshakeStarted;                         //!< re-exported
    TracedCallback<const Address&, const DtlsHandshakeStats&> m_handshakeDone; //!< re-exported
    TracedCallback<const Address&, const std::string&> m_handshakeFailed;      //!< re-exported
    TracedCallback<const Address&> m_handshakeRestarted;                       //!< re-exported
    TracedCallback<const Address&, uint32_t, uint32_t, bool> m_flightSent;     //!< re-exported
    TracedCallback<const Address&, DtlsRejectReason> m_recordRejected;         //!< re-exported
    TracedCallback<const Address&, DtlsRefuseReason> m_sessionRefused;         //!< re-exported
    TracedCallback<Time> m_echoRtt;                                            //!< echo RTT

    /// re-exported: SessionInvalidated (PSK identity, reason)
    TracedCallback<const std::string&, const std::string&> m_sessionInvalidated;
};

} // namespace ns3

#endif /* IOTSEC_DTLS_CLIENT_APPLICATION_H */
