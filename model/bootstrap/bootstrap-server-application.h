/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_BOOTSTRAP_SERVER_APPLICATION_H
#define IOTSEC_BOOTSTRAP_SERVER_APPLICATION_H

#include "ns3/bootstrap-application.h"

#include <memory>
#include <vector>

namespace ns3
{

class CoapSocketBinding;
class DtlsPskStore;

/**
 * \ingroup iotsec
 * \brief The authentication server (SBS) of Kang's PSK re-configuration: it runs a
 * BootstrapServerEngine behind a CoAP resource.
 *
 * Controllers POST flight 2 to /bs on the CoAP port (the Port attribute of the CoAP binding,
 * 5683 by default); a flight 2 that verifies is answered by 2.04 (Changed) carrying flight 3,
 * one that does not by 4.01 (Unauthorized: no controller key opens it), 4.03 (Forbidden:
 * stale, replayed, unknown node) or 4.00 (Bad Request: malformed). The engine runs inside
 * the CoAP binding's step, so its AES work is priced on the server node's CPU together with
 * the CoAP work.
 *
 * The administrator's enrolment is EnrolNode() (ID_i and IK_i) and AddController() (ID_c
 * and SK_cs), before the application starts. When the server derives a node's PSK_i it puts
 * it in the PskStore attribute's store (default: the node's DtlsPskStore) under the node's
 * identity, replacing the initial key there: a DTLS server on the same host then refuses the
 * initial key and accepts PSK_i.
 */
class BootstrapServerApplication : public BootstrapApplication
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    BootstrapServerApplication();
    ~BootstrapServerApplication() override;

    /**
     * \brief Enrol a node: its initial key, as the administrator stored it.
     * \param nodeId ID_i
     * \param initialKey IK_i (16 bytes)
     */
    void EnrolNode(const std::string& nodeId, const Bytes& initialKey);

    /**
     * \brief Share a key with a controller.
     * \param controllerId ID_c
     * \param key SK_cs (16 bytes)
     */
    void AddController(const std::string& controllerId, const Bytes& key);

    /// \return flights 2 answered
    uint32_t GetAnswered() const;

    /// \return the CoAP binding
    Ptr<CoapSocketBinding> GetCoapBinding() const;

    int64_t AssignStreams(int64_t stream) override;

  protected:
    void DoDispose() override;
    void StartEngine() override;
    void StopApplication() override;
    bool TalksToNodes() const override;
    Time GetEngineDeadline() const override;
    BootstrapOutput EngineTimeout(Time now) override;
    void Received(const Bytes& data, Carrier carrier, const Address& from) override;
    void Transmit(const BootstrapSend& send) override;
    void HandleEvent(const BootstrapEvent& event) override;

  private:
    Time m_maxAge;                                            //!< MaxAge attribute
    uint32_t m_maxReplayEntries;                              //!< MaxReplayEntries
    uint16_t m_coapPort;                                      //!< CoapPort attribute
    Ptr<CoapSocketBinding> m_coap;                            //!< the CoAP server
    std::unique_ptr<BootstrapServerEngine> m_engine;          //!< the engine
    std::vector<std::pair<std::string, Bytes>> m_nodes;       //!< enrolled before start
    std::vector<std::pair<std::string, Bytes>> m_controllers; //!< controllers before start
    uint32_t m_answered{0};                                   //!< flights 3 sent
};

} // namespace ns3

#endif /* IOTSEC_BOOTSTRAP_SERVER_APPLICATION_H */
