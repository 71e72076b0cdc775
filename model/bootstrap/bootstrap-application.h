/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_BOOTSTRAP_APPLICATION_H
#define IOTSEC_BOOTSTRAP_APPLICATION_H

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/bootstrap-engine.h"
#include "ns3/event-id.h"
#include "ns3/mac48-address.h"
#include "ns3/traced-callback.h"

#include <functional>
#include <memory>
#include <string>

namespace ns3
{

class DtlsPskStore;
class EngineExecutor;
class OobNetDevice;
class Packet;
class Socket;
class StreamEngineRandom;
class UniformRandomVariable;

/**
 * \ingroup iotsec
 * \brief The ns-3 binding shared by the three parties of Kang's PSK re-configuration
 * (BootstrapNodeApplication, BootstrapControllerApplication, BootstrapServerApplication).
 *
 * It drives one sans-I/O bootstrap engine (bootstrap-engine.h) with Simulator::Now(), one
 * timer, and a StreamEngineRandom (AssignStreams fixes it). Every call into the engine is one
 * step on an EngineExecutor: the engine's AES work is priced on the node's CpuModel, and the
 * step's effects -- messages sent, traces, the timer -- happen once the CPU has done it.
 *
 * Carriers. A message between a node and its controller travels either out of band, as one
 * frame of an OobNetDevice (protocol number OOB_PROTOCOL), or in band, as one UDP datagram to
 * the Port attribute's port (5690). The Scheme attribute chooses: OUT_OF_BAND (Kang's scheme:
 * flights 1, 4 and 5 out of band) or IN_BAND (the earlier in-band-only scheme, the baseline:
 * every flight over the radio). A flight whose sender's OOB device cannot send (a QR label
 * only transmits, a camera only receives) goes in band: with a one-way channel, the return
 * flight is exposed on the radio, and the FlightSent trace says which carrier each flight
 * took.
 */
class BootstrapApplication : public Application
{
  public:
    /// Which flights go out of band
    enum Scheme : uint8_t
    {
        OUT_OF_BAND, //!< Kang: flights 1, 4 and 5 out of band where the device can carry them
        IN_BAND,     //!< the baseline: every flight over the radio
    };

    /// What carried a message
    enum Carrier : uint8_t
    {
        CARRIER_OOB,     //!< a frame of the OobNetDevice
        CARRIER_IN_BAND, //!< a UDP datagram (or CoAP between controller and server)
    };

    /// The protocol number of bootstrap frames on an OobNetDevice (IEEE 802 Local
    /// Experimental EtherType 1)
    static constexpr uint16_t OOB_PROTOCOL = 0x88B5;
    /// The UDP port of in-band node-controller messages
    static constexpr uint16_t DEFAULT_PORT = 5690;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    BootstrapApplication();
    ~BootstrapApplication() override;

    /**
     * \brief The out-of-band device this party uses (a device of its own node). Call before
     * the application starts.
     * \param device the device (nullptr: none, everything in band)
     */
    void SetOobDevice(Ptr<OobNetDevice> device);

    /// \return the out-of-band device (nullptr if none)
    Ptr<OobNetDevice> GetOobDevice() const;

    /// \return the executor that prices the engine's steps
    Ptr<EngineExecutor> GetExecutor() const;

    /**
     * \param stream first stream index
     * \return streams used (1)
     */
    virtual int64_t AssignStreams(int64_t stream);

    /**
     * \param scheme a scheme
     * \return its name ("OUT_OF_BAND")
     */
    static const char* SchemeName(Scheme scheme);

    /**
     * \param carrier a carrier
     * \return its name ("OOB")
     */
    static const char* CarrierName(Carrier carrier);

    /**
     * TracedCallback signature of a flight sent.
     * \param nodeId the node the transaction is about
     * \param flight the flight (1..5)
     * \param bytes its size
     * \param carrier what carried it
     * \param retransmission a retransmission
     */
    typedef void (*FlightTracedCallback)(const std::string& nodeId,
                                         uint8_t flight,
                                         uint32_t bytes,
                                         Carrier carrier,
                                         bool retransmission);

    /**
     * TracedCallback signature of an engine event.
     * \param event the event
     */
    typedef void (*EventTracedCallback)(const BootstrapEvent& event);

    /**
     * TracedCallback signature of a party's part done for a node.
     * \param nodeId the node
     * \param tid the transaction ID
     */
    typedef void (*CompletedTracedCallback)(const std::string& nodeId, uint32_t tid);

    /**
     * TracedCallback signature of a transaction given up.
     * \param nodeId the node
     */
    typedef void (*FailedTracedCallback)(const std::string& nodeId);

    /**
     * TracedCallback signature of a message refused.
     * \param nodeId the node, if known
     * \param flight the flight refused
     * \param reason BootstrapRejectName() of the reason
     */
    typedef void (*RejectedTracedCallback)(const std::string& nodeId,
                                           uint8_t flight,
                                           const std::string& reason);

  protected:
    void DoDispose() override;
    void StartApplication() override;
    void StopApplication() override;

    /// \brief Called once the carriers are open: start the engine (default: nothing)
    virtual void StartEngine();
    /// \return true if the party talks to nodes (opens the UDP port and the OOB device;
    /// default true)
    virtual bool TalksToNodes() const;
    /// \return the engine's next deadline (Time::Max(): none)
    virtual Time GetEngineDeadline() const = 0;
    /**
     * \param now the current time
     * \return what the engine's timer produced
     */
    virtual BootstrapOutput EngineTimeout(Time now) = 0;
    /**
     * \brief A message arrived from a peer (the node's controller, or a node).
     * \param data the message
     * \param carrier what carried it
     * \param from the sender: a Mac48Address (OOB) or an Inet6SocketAddress (in band)
     */
    virtual void Received(const Bytes& data, Carrier carrier, const Address& from) = 0;
    /**
     * \brief Send what the engine asked to send (an effect of a step).
     * \param send the message
     */
    virtual void Transmit(const BootstrapSend& send) = 0;
    /**
     * \brief An engine event (an effect of a step): fires the Event, Completed, Failed and
     * Rejected traces. Subclasses extend it (install a key).
     * \param event the event
     */
    virtual void HandleEvent(const BootstrapEvent& event);

    /**
     * \brief Run one engine call as a step: its work is priced, and its sends, events and the
     * timer take effect afterwards.
     * \param call the engine call
     */
    void RunStep(const std::function<BootstrapOutput()>& call);

    /**
     * \param flight which flight
     * \return true if this party sends it out of band (the scheme wants it and the device can)
     */
    bool SendsOutOfBand(uint8_t flight) const;

    /**
     * \brief Send a message out of band.
     * \param to the destination (broadcast: whoever is in range)
     * \param send the message
     * \return false if the device refused it (too large for the channel, cannot send)
     */
    bool SendOob(const Mac48Address& to, const BootstrapSend& send);

    /**
     * \brief Send a message in band.
     * \param to the destination (Inet6SocketAddress)
     * \param send the message
     */
    void SendUdp(const Address& to, const BootstrapSend& send);

    /**
     * \return what a retransmission timeout adds for the out-of-band channel: the airtime
     * of a flight out and of flight 4 back (the largest message that crosses it), each with
     * the channel's setup latency and the device's frame header; zero without an OOB device
     * or in band. A slow channel (250 bit/s light, 1.5 s QR scans) then does not time out
     * while flight 4 is still on the air.
     */
    Time GetOobRoundTrip() const;

    /// \return the store PSK_i goes into (the PskStore attribute, or the node's once the
    /// application has started)
    Ptr<DtlsPskStore> GetPskStore() const;

    /// \return the engine randomness (valid after the application was created)
    EngineRandom& GetRandom();

    /// \return the scheme
    Scheme GetScheme() const;

    TracedCallback<const std::string&, uint8_t, uint32_t, Carrier, bool>
        m_flightSent;                              //!< FlightSent
    TracedCallback<const BootstrapEvent&> m_event; //!< Event

  private:
    void ReceiveUdp(Ptr<Socket> socket);
    void ReceiveOob(Ptr<NetDevice> device,
                    Ptr<const Packet> packet,
                    uint16_t protocol,
                    const Address& from,
                    const Address& to,
                    NetDevice::PacketType type);
    void RearmTimer();
    void Fire();

    Scheme m_scheme{OUT_OF_BAND};                             //!< Scheme attribute
    uint16_t m_port{DEFAULT_PORT};                            //!< Port attribute
    Ptr<OobNetDevice> m_oob;                                  //!< out-of-band device
    Ptr<DtlsPskStore> m_pskStore;                             //!< PskStore attribute
    Ptr<Socket> m_socket;                                     //!< in-band socket
    Ptr<EngineExecutor> m_executor;                           //!< prices the steps
    Ptr<UniformRandomVariable> m_rng;                         //!< the engine's random stream
    std::unique_ptr<StreamEngineRandom> m_random;             //!< EngineRandom over m_rng
    EventId m_timer;                                          //!< the engine's timer
    bool m_running{false};                                    //!< between start and stop
    TracedCallback<const std::string&, uint32_t> m_completed; //!< Completed
    TracedCallback<const std::string&> m_failed;              //!< Failed
    TracedCallback<const std::string&, uint8_t, const std::string&> m_rejected; //!< Rejected
};

} // namespace ns3

#endif /* IOTSEC_BOOTSTRAP_APPLICATION_H */
