/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_JENNINGS_APPLICATION_H
#define IOTSEC_JENNINGS_APPLICATION_H

#include "ns3/bootstrap-application.h"
#include "ns3/event-id.h"
#include "ns3/jennings-enrolment.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief Jennings' transitive-trust enrolment (Kang's Figure 1, the baseline) on ns-3: one
 * application class that plays the party its `Party` attribute names, around the sans-I/O
 * engines of jennings-enrolment.h.
 *
 * - DEVICE (the new light): at its start it shows its LABEL on its OobNetDevice (a printed
 *   QR code, or a frame on NFC, audio or light), waits until the frame has gone out plus
 *   `BootDelay` (the installer switches it on once the label is scanned), then sends
 *   DISCOVER to the `TransferAgent` in band and retransmits it until the DISCOVER_RESPONSE
 *   comes, showing its label again with each retransmission (the user scans once more);
 *   then it installs the label's secret as its PSK (identity = deviceId).
 * - INTRODUCER (the phone): each LABEL its OobNetDevice receives starts an introduction:
 *   INTRODUCE (deviceId, OTP, `NetworkInfo`) to the `TransferAgent` and DELIVER_SECRET to
 *   the `Controller`, each retransmitted until acknowledged.
 * - TRANSFER_AGENT (the manufacturer's): acknowledges INTRODUCE, answers the first DISCOVER
 *   with the matching OTP.
 * - CONTROLLER (the network's): stores the secret DELIVER_SECRET brings, acknowledges it,
 *   and installs it in its DtlsPskStore, so that the device's DTLS handshake succeeds.
 *
 * Replies (ACK, DISCOVER_RESPONSE) go to the address the request came from. Every message
 * but LABEL is a UDP datagram on the `Port`; the draft leaves the introducer's legs to the
 * phone's own secured channel, which a scenario models by the link it routes them over.
 * The FlightSent trace reports the message type byte (0x11..0x16) as the flight; Completed
 * reports transaction 0. The Scheme attribute is not used: the LABEL is always out of band,
 * the rest always in band.
 */
class JenningsApplication : public BootstrapApplication
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// The party an application plays (the Party attribute)
    enum Party : uint8_t
    {
        DEVICE,         //!< the new device (JenningsParty::DEVICE)
        INTRODUCER,     //!< the phone that scans labels
        TRANSFER_AGENT, //!< the manufacturer's transfer agent
        CONTROLLER,     //!< the network's controller
    };

    JenningsApplication();
    ~JenningsApplication() override;

    /// \return the party this application plays
    JenningsParty GetParty() const;

    /// \return true once the device has its network info and PSK installed (DEVICE)
    bool IsBootstrapped() const;

    /// \return the time from the label shown to the PSK installed (DEVICE; zero if not)
    Time GetBootstrapTime() const;

    /// \return the PSK the device installed (DEVICE; empty if not bootstrapped)
    Bytes GetPsk() const;

    /**
     * \return devices this party finished: DEVICE 0 or 1, INTRODUCER both legs acknowledged,
     * TRANSFER_AGENT DISCOVERs answered, CONTROLLER secrets stored
     */
    uint32_t GetCompleted() const;

  protected:
    void DoDispose() override;
    void StopApplication() override;
    void StartEngine() override;
    Time GetEngineDeadline() const override;
    BootstrapOutput EngineTimeout(Time now) override;
    void Received(const Bytes& data, Carrier carrier, const Address& from) override;
    void Transmit(const BootstrapSend& send) override;
    void HandleEvent(const BootstrapEvent& event) override;

  private:
    /**
     * \brief Run one engine call as a step; remember where its replies go.
     * \param call the engine call
     * \param from the address replies go to (ignored if no reply is produced)
     */
    void RunJenningsStep(const std::function<JenningsOutput()>& call, const Address& from);
    /// \brief The device: send DISCOVER (the engine's Start)
    void Boot();
    /// \brief The device: show its label on its OOB device
    /// \return the frame's airtime (zero if it could not be shown)
    Time ShowLabel();
    /// \param a an address \param b another \return true if both are the same IPv6 and port
    static bool SameEndpoint(const Address& a, const Address& b);

    Party m_party{DEVICE};            //!< Party attribute
    std::string m_labelHex;           //!< Label attribute
    Address m_transferAgent;          //!< TransferAgent attribute
    Address m_controller;             //!< Controller attribute
    std::string m_networkInfo;        //!< NetworkInfo attribute
    Time m_retransmitTimeout;         //!< RetransmitTimeout attribute
    uint32_t m_maxRetransmissions{4}; //!< MaxRetransmissions attribute
    uint32_t m_tableSize{64};         //!< TableSize attribute
    Time m_bootDelay;                 //!< BootDelay attribute

    std::unique_ptr<JenningsDeviceEngine> m_device;            //!< DEVICE's engine
    std::unique_ptr<JenningsIntroducerEngine> m_introducer;    //!< INTRODUCER's
    std::unique_ptr<JenningsTransferAgentEngine> m_agent;      //!< TRANSFER_AGENT's
    std::unique_ptr<JenningsControllerEngine> m_controllerEng; //!< CONTROLLER's
    /// where a pending reply goes: (deviceId, message type) -> the requester
    std::map<std::pair<std::string, uint8_t>, Address> m_replyTo;
    EventId m_boot;           //!< the device's first DISCOVER
    Time m_started;           //!< when the device showed its label
    Time m_bootstrapTime;     //!< label shown to PSK installed
    uint32_t m_completed{0};  //!< see GetCompleted
    Bytes m_label;            //!< DEVICE: the label's bytes
    bool m_labelShown{false}; //!< the label was shown once
};

} // namespace ns3

#endif /* IOTSEC_JENNINGS_APPLICATION_H */
