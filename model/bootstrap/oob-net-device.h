/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_OOB_NET_DEVICE_H
#define IOTSEC_OOB_NET_DEVICE_H

#include "ns3/event-id.h"
#include "ns3/iotsec-compat.h"
#include "ns3/mac48-address.h"
#include "ns3/mobility-model.h"
#include "ns3/net-device.h"
#include "ns3/nstime.h"
#include "ns3/traced-callback.h"
#include "ns3/traced-value.h"
#include "ns3/vector.h"

#include <cstdint>
#include <deque>

namespace ns3
{

class OobChannel;

/**
 * \ingroup iotsec
 * \brief A device on an out-of-band channel (OobChannel): an NFC controller, a speaker and
 * microphone, an LED (which can also sense light), a printed QR label or a camera.
 *
 * Shaped after ns-3's SimpleNetDevice: Mac48Address addressing (broadcast
 * ff:ff:ff:ff:ff:ff), an OobFrameHeader on every frame, a receive callback for frames to the
 * device's address or broadcast, and a promiscuous receive callback that gets every frame the
 * device receives, addressed to it or not: that is how an eavesdropper listens.
 *
 * **Role.** TRANSCEIVER sends and receives; TRANSMITTER only sends (a QR label); RECEIVER
 * only receives (a camera): its Send() returns false, and a TRANSMITTER drops every frame
 * (NOT_RECEIVER). On a one-way channel (OobChannel::IsTwoWay() false: QrOobChannel) every
 * device must be a TRANSMITTER or a RECEIVER; a TRANSCEIVER there is a configuration error
 * (Send() aborts naming the node).
 *
 * **Transmission.** Half-duplex, one frame at a time: Send() appends the OobFrameHeader and
 * queues the frame (at most MaxQueueLength frames wait); each frame occupies the device for
 * OobChannel::GetTransmissionTime(frame size). A frame that arrives while the device is
 * transmitting is lost (TRANSMITTING).
 *
 * **Reception.** ReceiverGain (dB) is the receiver's advantage over ordinary hardware: 0 for a
 * phone, larger for an attacker's special equipment (a large loop antenna and a low-noise
 * amplifier for NFC, a parabolic microphone for audio, a telescope on a photodiode for light,
 * a zoom lens for QR: 20 log10(zoom), ZoomToGainDb()).
 *
 * **Energy.** TxPower (W) for each frame's transmission time, RxPower (W) for the
 * transmission time of each frame the device receives or fails to decode with bit errors (not
 * for frames out of its geometry, which it never sees). GetEnergyConsumed() and the
 * EnergyConsumed trace give the total (J).
 *
 * The node needs a MobilityModel: the channel's physics reads positions from it.
 */
class OobNetDevice : public NetDevice
{
  public:
    /// What the device can do
    enum Role
    {
        TRANSCEIVER = 0, //!< sends and receives
        TRANSMITTER = 1, //!< only sends (a printed QR label, a display)
        RECEIVER = 2,    //!< only receives (a camera)
    };

    /// Why a frame was not received (PhyRxDrop)
    enum DropReason
    {
        BIT_ERRORS = 0,      //!< the draw against (1 - BER)^bits failed
        OUT_OF_GEOMETRY = 1, //!< out of line of sight, beyond the view angle, too few pixels
        NOT_RECEIVER = 2,    //!< the device's Role does not receive
        TRANSMITTING = 3,    //!< the device was transmitting during the frame (half-duplex)
    };

    /// Why Send() refused a frame (MacTxDrop)
    enum TxDropReason
    {
        NOT_TRANSMITTER = 0, //!< the device's Role does not send
        TOO_LARGE = 1,       //!< the SDU exceeds the channel's MaxPayload
        QUEUE_FULL = 2,      //!< MaxQueueLength frames are already waiting
        NO_CHANNEL = 3,      //!< the device is not attached to a channel
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    OobNetDevice();
    ~OobNetDevice() override;

    /**
     * Attaches the device to a channel (and the channel to the device).
     * \param channel the channel
     */
    void SetChannel(Ptr<OobChannel> channel);
    /// \return the channel (null if not attached)
    Ptr<OobChannel> GetOobChannel() const;

    /// \return the Role attribute
    Role GetRole() const;
    /// \param role the Role
    void SetRole(Role role);
    /// \return whether the Role can send
    bool CanTransmit() const;
    /// \return whether the Role can receive
    bool CanReceive() const;
    /// \return the ReceiverGain attribute (dB)
    double GetReceiverGain() const;
    /// \return the Direction attribute (the zero vector: the channel's default)
    Vector GetDirection() const;
    /// \return the total energy spent transmitting and receiving (J)
    double GetEnergyConsumed() const;
    /// \return whether a frame is on the air from this device
    bool IsTransmitting() const;
    /// \return the number of frames waiting behind the one on the air
    uint32_t GetQueueLength() const;

    /**
     * \param zoom an optical zoom factor
     * \return the ReceiverGain that stands for it on a QrOobChannel: 20 log10(zoom)
     */
    static double ZoomToGainDb(double zoom);

    /**
     * \return the node's MobilityModel; aborts, naming the node, if it has none
     */
    Ptr<MobilityModel> GetMobility() const;

    /**
     * \param start an instant
     * \return whether the device transmitted at any time since start
     */
    bool TransmittedSince(Time start) const;

    /**
     * Called by the channel: a frame's last bit arrived and the frame is received.
     * \param frame the frame (OobFrameHeader + SDU)
     * \param airtime its transmission time (RxPower is spent for it)
     */
    void Receive(Ptr<Packet> frame, Time airtime);

    /**
     * Called by the channel: a frame reached the device and was lost.
     * \param frame the frame
     * \param reason why
     * \param airtime its transmission time (RxPower is spent for it on BIT_ERRORS only)
     */
    void NotifyRxDrop(Ptr<const Packet> frame, DropReason reason, Time airtime);

    // NetDevice
    void SetIfIndex(const uint32_t index) override;
    uint32_t GetIfIndex() const override;
    Ptr<Channel> GetChannel() const override;
    void SetAddress(Address address) override;
    Address GetAddress() const override;
    bool SetMtu(const uint16_t mtu) override;
    uint16_t GetMtu() const override;
    bool IsLinkUp() const override;
    void AddLinkChangeCallback(Callback<void> callback) override;
    bool IsBroadcast() const override;
    Address GetBroadcast() const override;
    bool IsMulticast() const override;
    Address GetMulticast(Ipv4Address multicastGroup) const override;
    Address GetMulticast(Ipv6Address addr) const override;
    bool IsPointToPoint() const override;
    bool IsBridge() const override;
    bool Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber) override;
    bool SendFrom(Ptr<Packet> packet,
                  const Address& source,
                  const Address& dest,
                  uint16_t protocolNumber) override;
    Ptr<Node> GetNode() const override;
    void SetNode(Ptr<Node> node) override;
    bool NeedsArp() const override;
    void SetReceiveCallback(NetDevice::ReceiveCallback cb) override;
    void SetPromiscReceiveCallback(PromiscReceiveCallback cb) override;
    bool SupportsSendFrom() const override;

    /**
     * TracedCallback signature for a frame lost at reception.
     * \param frame the frame
     * \param reason the DropReason
     */
    typedef void (*RxDropTracedCallback)(Ptr<const Packet> frame, DropReason reason);
    /**
     * TracedCallback signature for a frame Send() refused.
     * \param packet the SDU
     * \param reason the TxDropReason
     */
    typedef void (*TxDropTracedCallback)(Ptr<const Packet> packet, TxDropReason reason);

  protected:
    void DoDispose() override;

  private:
    /// Starts the transmission of the frame at the head of the queue
    void StartTransmission();
    /// Ends the current transmission and starts the next one
    void EndTransmission();
    /**
     * Adds energy.
     * \param joules the energy (J)
     */
    void Spend(double joules);

    Ptr<OobChannel> m_channel;                           //!< the channel
    Ptr<Node> m_node;                                    //!< the node
    Mac48Address m_address;                              //!< the device's address
    uint32_t m_ifIndex{0};                               //!< interface index
    Role m_role{TRANSCEIVER};                            //!< what the device can do
    double m_receiverGainDb{0};                          //!< receiver gain (dB)
    Vector m_direction{0, 0, 0};                         //!< emission axis (0: channel's)
    double m_txPower{0};                                 //!< power while transmitting (W)
    double m_rxPower{0};                                 //!< power while receiving (W)
    uint32_t m_maxQueue{0};                              //!< bound of the transmit queue
    std::deque<Ptr<Packet>> m_queue;                     //!< frames waiting to be sent
    Ptr<Packet> m_current;                               //!< the frame on the air
    EventId m_txEnd;                                     //!< end of the current transmission
    Time m_lastTxEnd{Time::Min()};                       //!< when the last transmission ended
    TracedValue<double> m_energy;                        //!< energy consumed (J)
    NetDevice::ReceiveCallback m_rxCallback;             //!< upper layer
    NetDevice::PromiscReceiveCallback m_promiscCallback; //!< promiscuous upper layer
    TracedCallback<> m_linkChanged; //!< link-change callbacks (never fired: always up)

    TracedCallback<Ptr<const Packet>> m_macTxTrace;                   //!< MacTx
    TracedCallback<Ptr<const Packet>, TxDropReason> m_macTxDropTrace; //!< MacTxDrop
    TracedCallback<Ptr<const Packet>> m_macRxTrace;                   //!< MacRx
    TracedCallback<Ptr<const Packet>> m_phyTxBeginTrace;              //!< PhyTxBegin
    TracedCallback<Ptr<const Packet>> m_phyTxEndTrace;                //!< PhyTxEnd
    TracedCallback<Ptr<const Packet>> m_phyRxEndTrace;                //!< PhyRxEnd
    TracedCallback<Ptr<const Packet>, DropReason> m_phyRxDropTrace;   //!< PhyRxDrop
    TracedCallback<Ptr<const Packet>> m_snifferTrace;                 //!< Sniffer
};

} // namespace ns3

#endif /* IOTSEC_OOB_NET_DEVICE_H */
