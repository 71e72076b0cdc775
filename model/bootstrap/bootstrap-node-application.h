/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_BOOTSTRAP_NODE_APPLICATION_H
#define IOTSEC_BOOTSTRAP_NODE_APPLICATION_H

#include "ns3/bootstrap-application.h"

#include <memory>

namespace ns3
{

class DtlsPskStore;

/**
 * \ingroup iotsec
 * \brief The joining node (SBI) of Kang's PSK re-configuration: it runs a
 * BootstrapNodeEngine when it starts.
 *
 * It sends flight 1 (HELLO) to its controller, out of band (broadcast on its OobNetDevice:
 * whoever is in range receives it) or in band (to the Controller attribute's address), as
 * BootstrapApplication describes; it answers the controller's flight 4 with flight 5 over the
 * carrier the scheme gives flight 5. When the engine derives PSK_i, the application installs
 * it in its DtlsPskStore (the PskStore attribute, or the node's) under the identity NodeId,
 * replacing the initial key: the store's key generation changes, so sessions resumed under
 * the old key are refused (DtlsPskStore). The node's next DTLS handshake uses PSK_i.
 */
class BootstrapNodeApplication : public BootstrapApplication
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    BootstrapNodeApplication();
    ~BootstrapNodeApplication() override;

    /// \return the engine (null before the application starts)
    const BootstrapNodeEngine* GetEngine() const;

    /// \return true once the node has installed its PSK
    bool IsBootstrapped() const;

    /// \return the time from the start to the PSK installed (zero if not bootstrapped)
    Time GetBootstrapTime() const;

  protected:
    void DoDispose() override;
    void StartEngine() override;
    Time GetEngineDeadline() const override;
    BootstrapOutput EngineTimeout(Time now) override;
    void Received(const Bytes& data, Carrier carrier, const Address& from) override;
    void Transmit(const BootstrapSend& send) override;
    void HandleEvent(const BootstrapEvent& event) override;

  private:
    std::string m_nodeId;                          //!< NodeId attribute
    std::string m_initialKeyHex;                   //!< InitialKey attribute
    Address m_controller;                          //!< Controller attribute
    Time m_retransmitTimeout;                      //!< RetransmitTimeout attribute
    uint32_t m_maxRetransmissions;                 //!< MaxRetransmissions attribute
    std::unique_ptr<BootstrapNodeEngine> m_engine; //!< the engine
    Time m_started;                                //!< when the engine started
    Time m_bootstrapTime;                          //!< start to PSK installed
    bool m_done{false};                            //!< PSK installed
};

} // namespace ns3

#endif /* IOTSEC_BOOTSTRAP_NODE_APPLICATION_H */
