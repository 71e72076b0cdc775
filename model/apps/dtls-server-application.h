/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_DTLS_SERVER_APPLICATION_H
#define IOTSEC_DTLS_SERVER_APPLICATION_H

#include "ns3/application.h"
#include "ns3/dtls-socket.h"

#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief A DTLS server: accepts associations on a port and echoes the data it receives (or
 * only counts it).
 *
 * The keys come from the DtlsPskStore aggregated to the node (DtlsHelper::InstallPsk). The
 * socket's trace sources HandshakeCompleted, HandshakeFailed, SessionRefused, RecordRejected,
 * FlightSent and SessionInvalidated are re-exported here, so that Config paths reach them
 * (/NodeList/3/ApplicationList/0/$ns3::DtlsServerApplication/HandshakeCompleted); GetSocket()
 * gives the others.
 */
class DtlsServerApplication : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    DtlsServerApplication();
    ~DtlsServerApplication() override;

    /**
     * \param name a DtlsSocket attribute
     * \param value its value, applied when the socket is created
     */
    void SetSocketAttribute(const std::string& name, const AttributeValue& value);

    /// \return the listening socket (null before the application starts)
    Ptr<DtlsSocket> GetSocket() const;

    /// \return application data bytes received
    uint64_t GetReceivedBytes() const;

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
    void HandleRead(Ptr<Socket> socket);

    uint16_t m_port;          //!< Port
    bool m_echo;              //!< Echo
    Ptr<DtlsSocket> m_socket; //!< listening socket
    uint64_t m_received{0};   //!< bytes received
    int64_t m_stream{-1};     //!< stream to assign to the socket
    std::vector<std::pair<std::string, Ptr<AttributeValue>>> m_socketAttributes; //!< to apply

    TracedCallback<const Address&, const DtlsHandshakeStats&> m_handshakeDone; //!< re-exported
    TracedCallback<const Address&, const std::string&> m_handshakeFailed;      //!< re-exported
    TracedCallback<const Address&, DtlsRefuseReason> m_sessionRefused;         //!< re-exported
    TracedCallback<const Address&, DtlsRejectReason> m_recordRejected;         //!< re-exported
    TracedCallback<const Address&, uint32_t, uint32_t, bool> m_flightSent;     //!< re-exported

    /// re-exported: SessionInvalidated (PSK identity, reason)
    TracedCallback<const std::string&, const std::string&> m_sessionInvalidated;
};

} // namespace ns3

#endif /* IOTSEC_DTLS_SERVER_APPLICATION_H */
