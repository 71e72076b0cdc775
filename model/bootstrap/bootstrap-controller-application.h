/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_BOOTSTRAP_CONTROLLER_APPLICATION_H
#define IOTSEC_BOOTSTRAP_CONTROLLER_APPLICATION_H

#include "ns3/bootstrap-application.h"

#include <map>
#include <memory>

namespace ns3
{

class CoapSocketBinding;
class DtlsPskStore;

/**
 * \ingroup iotsec
 * \brief The controller (SBR) of Kang's PSK re-configuration: it runs a
 * BootstrapControllerEngine.
 *
 * Nodes reach it out of band (its OobNetDevice) or in band (UDP, the Port attribute). It
 * reaches the authentication server (SBS) with CoAP: flight 2 is the payload of a confirmable
 * POST to the server's /bs resource (the Server attribute), flight 3 the payload of its
 * 2.04 (Changed) response, so CoAP's retransmission and deduplication make that leg
 * reliable. An error response or a failed request leaves the transaction to expire.
 *
 * It answers a node where the node's flight 1 came from: out of band to the sender's OOB
 * address, if the scheme sends flight 4 out of band and its device can send; otherwise in
 * band, to the UDP address the node used or, when flight 1 came out of band over a one-way
 * channel (a QR label read by a camera), to the node's in-band address from the
 * administrator's order (AddNode()).
 *
 * When a node's flight 5 verifies, PSK_i goes into the PskStore attribute's store (default:
 * the node's DtlsPskStore) under the node's identity, so a DTLS server on the controller
 * accepts the node's next handshake.
 */
class BootstrapControllerApplication : public BootstrapApplication
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    BootstrapControllerApplication();
    ~BootstrapControllerApplication() override;

    /**
     * \brief Record a node's in-band address (from the administrator's order), used when a
     * flight to it cannot go out of band and it has not written in band.
     * \param nodeId the node's ID_i
     * \param address an Inet6SocketAddress (its bootstrap port)
     */
    void AddNode(const std::string& nodeId, const Address& address);

    /// \return nodes whose flight 5 verified
    uint32_t GetCompleted() const;

    /// \return the CoAP binding to the server (null before the application starts)
    Ptr<CoapSocketBinding> GetCoapBinding() const;

    int64_t AssignStreams(int64_t stream) override;

  protected:
    void DoDispose() override;
    void StartEngine() override;
    void StopApplication() override;
    Time GetEngineDeadline() const override;
    BootstrapOutput EngineTimeout(Time now) override;
    void Received(const Bytes& data, Carrier carrier, const Address& from) override;
    void Transmit(const BootstrapSend& send) override;
    void HandleEvent(const BootstrapEvent& event) override;

  private:
    /// Where a node can be reached
    struct NodeRoute
    {
        bool viaOob{false}; //!< its last flight came out of band
        Address oob;        //!< its OOB address
        bool hasUdp{false}; //!< an in-band address is known
        Address udp;        //!< its in-band address
    };

    std::string m_controllerId;                          //!< ControllerId attribute
    std::string m_keyHex;                                //!< ControllerKey attribute
    Address m_server;                                    //!< Server attribute
    Time m_pendingTimeout;                               //!< PendingTimeout attribute
    uint32_t m_maxPending;                               //!< MaxPending attribute
    Time m_retransmitTimeout;                            //!< RetransmitTimeout attribute
    uint32_t m_maxRetransmissions;                       //!< MaxRetransmissions attribute
    Ptr<CoapSocketBinding> m_coap;                       //!< CoAP client to the server
    std::unique_ptr<BootstrapControllerEngine> m_engine; //!< the engine
    std::map<std::string, NodeRoute> m_routes;           //!< node ID -> where to answer
    uint32_t m_maxRoutes{256};                           //!< bound of m_routes
    uint32_t m_completed{0};                             //!< flights 5 verified
    int64_t m_coapStream{-1};                            //!< stream for the CoAP binding
};

} // namespace ns3

#endif /* IOTSEC_BOOTSTRAP_CONTROLLER_APPLICATION_H */
