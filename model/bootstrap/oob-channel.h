/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_OOB_CHANNEL_H
#define IOTSEC_OOB_CHANNEL_H

#include "ns3/channel.h"
#include "ns3/data-rate.h"
#include "ns3/mobility-model.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>
#include <vector>

namespace ns3
{

class OobNetDevice;

/**
 * \ingroup iotsec
 * \brief An out-of-band (OOB) channel for secure bootstrapping (Kang, "A First Step Towards
 * Security for Internet of Small Things"): NFC, audio, light or a QR code, with the physics
 * that decides, from the nodes' MobilityModels, who receives a frame.
 *
 * The abstract base holds what every OOB channel has:
 *  - a DataRate, a SetupLatency (link activation, aiming, synchronisation before the first bit)
 *    and a FrameOverhead (bytes of physical framing: preamble, start/end of frame, CRC), so
 *    that a PHY payload of B bytes (OobFrameHeader + SDU) occupies the channel for
 *    GetTransmissionTime(B) = SetupLatency + (B + FrameOverhead) * 8 / DataRate;
 *  - a Range: the nominal design range, the distance at which the reference SNR holds;
 *  - a MaxPayload: the largest SDU a frame carries (OobNetDevice::Send refuses a larger one).
 * Each subclass registers these attributes itself, with defaults taken from its standard or
 * from the literature.
 *
 * **Reception.** A frame transmitted by one device reaches every other device on the channel
 * when its last bit arrives: after the transmission time plus the propagation delay (distance
 * / GetPropagationSpeed(): light speed, except for sound). At that instant, with the positions
 * the MobilityModels give then, the channel decides per receiver:
 *  1. a device whose Role cannot receive drops it (NOT_RECEIVER);
 *  2. a half-duplex device that was transmitting during the frame drops it (TRANSMITTING);
 *  3. if the geometry forbids reception (out of line of sight, beyond the view angle, too few
 *     pixels per QR module: IsInGeometry()) it is dropped (OUT_OF_GEOMETRY);
 *  4. otherwise the receiver spends RxPower for the frame's airtime and receives the frame
 *     with probability GetFrameSuccessProbability() = (1 - BER(SNR))^bits, bits = (B +
 *     FrameOverhead) * 8: one draw of a UniformRandomVariable (AssignStreams) per receiver
 *     and frame, no draw when the probability is 0 or 1; a failed draw is BIT_ERRORS.
 *
 * **Not modelled.** Collisions between frames: the bootstrap protocol is sequential (one
 * flight at a time), so two transmitters whose frames overlap both get through to whoever
 * the geometry and the bit errors allow. Interference from other sources than the
 * configured noise level, multipath, fading and the SNR's variation during a frame (the
 * positions at the last bit decide) are not modelled either.
 */
class OobChannel : public Channel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    OobChannel();
    ~OobChannel() override;

    std::size_t GetNDevices() const override;
    Ptr<NetDevice> GetDevice(std::size_t i) const override;

    /**
     * Attaches a device (OobNetDevice::SetChannel calls this).
     * \param device the device
     */
    void Add(Ptr<OobNetDevice> device);

    /**
     * The signal-to-noise ratio at a receiver.
     * \param tx the transmitter's mobility
     * \param rx the receiver's mobility
     * \param receiverGainDb the receiver's gain over ordinary hardware (dB)
     * \return the SNR (dB); -infinity where no signal arrives
     */
    virtual double GetSnrDb(Ptr<MobilityModel> tx,
                            Ptr<MobilityModel> rx,
                            double receiverGainDb) const = 0;

    /**
     * The bit error rate of the channel's modulation.
     * \param snrDb the SNR (dB)
     * \return the probability that one bit is received wrong
     */
    virtual double GetBitErrorRate(double snrDb) const = 0;

    /**
     * Whether the geometry allows reception at all (line of sight, angles, resolution).
     * \param tx the transmitter's mobility
     * \param rx the receiver's mobility
     * \param receiverGainDb the receiver's gain (dB)
     * \return true by default
     */
    virtual bool IsInGeometry(Ptr<MobilityModel> tx,
                              Ptr<MobilityModel> rx,
                              double receiverGainDb) const;

    /**
     * The probability that a receiver gets a frame without a bit error: (1 - BER)^bits, 0
     * where the geometry forbids reception.
     * \param tx the transmitter's mobility
     * \param rx the receiver's mobility
     * \param receiverGainDb the receiver's gain (dB)
     * \param bits the frame's length on the air, in bits (FrameOverhead included)
     * \return the probability
     */
    virtual double GetFrameSuccessProbability(Ptr<MobilityModel> tx,
                                              Ptr<MobilityModel> rx,
                                              double receiverGainDb,
                                              uint32_t bits) const;

    /**
     * The time a frame occupies the channel: SetupLatency + (payloadBytes + FrameOverhead) * 8
     * / DataRate.
     * \param payloadBytes the PHY payload (OobFrameHeader + SDU), in bytes
     * \return the transmission time
     */
    virtual Time GetTransmissionTime(uint32_t payloadBytes) const;

    /**
     * \param tx the transmitter's mobility
     * \param rx the receiver's mobility
     * \return the propagation delay: distance / GetPropagationSpeed()
     */
    Time GetPropagationDelay(Ptr<MobilityModel> tx, Ptr<MobilityModel> rx) const;

    /// \return the propagation speed (m/s): the speed of light unless overridden
    virtual double GetPropagationSpeed() const;

    /// \return whether the channel carries frames in both directions
    virtual bool IsTwoWay() const = 0;

    /// \return the DataRate attribute
    DataRate GetDataRate() const;
    /// \return the nominal range (m)
    virtual double GetRange() const;
    /// \return the SetupLatency attribute
    Time GetSetupLatency() const;
    /// \return the FrameOverhead attribute (bytes)
    uint32_t GetFrameOverhead() const;
    /// \return the largest SDU a frame carries (bytes)
    virtual uint32_t GetMaxPayload() const;

    /**
     * Assigns a fixed random variable stream number to the reception draws.
     * \param stream the first stream index to use
     * \return the number of stream indices assigned (1)
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * Transmits a frame (called by OobNetDevice when its transmission begins).
     * \param frame the frame (OobFrameHeader + SDU)
     * \param sender the transmitting device
     * \param airtime the frame's transmission time
     */
    void Transmit(Ptr<const Packet> frame, Ptr<OobNetDevice> sender, Time airtime);

  protected:
    /**
     * Adds the attributes every OOB channel has, with the subclass's defaults.
     * \param tid the subclass's TypeId
     * \param dataRate the DataRate default
     * \param range the Range default (m)
     * \param setupLatency the SetupLatency default
     * \param frameOverhead the FrameOverhead default (bytes)
     * \param maxPayload the MaxPayload default (bytes)
     * \return tid
     */
    static TypeId AddCommonAttributes(TypeId tid,
                                      DataRate dataRate,
                                      double range,
                                      Time setupLatency,
                                      uint32_t frameOverhead,
                                      uint32_t maxPayload);

    void DoDispose() override;

    DataRate m_dataRate;      //!< the bit rate
    double m_range{0};        //!< nominal range (m)
    Time m_setupLatency;      //!< activation time before the first bit
    uint32_t m_overhead{0};   //!< physical framing (bytes)
    uint32_t m_maxPayload{0}; //!< the largest SDU (bytes)

  private:
    /**
     * Decides whether a receiver gets a frame, when its last bit arrives.
     * \param frame the frame
     * \param sender the transmitting device
     * \param receiver the receiving device
     * \param start when the transmission began
     * \param airtime the frame's transmission time
     */
    void Deliver(Ptr<Packet> frame,
                 Ptr<OobNetDevice> sender,
                 Ptr<OobNetDevice> receiver,
                 Time start,
                 Time airtime);

    std::vector<Ptr<OobNetDevice>> m_devices; //!< the attached devices
    Ptr<UniformRandomVariable> m_uniform;     //!< reception draws
};

/**
 * \ingroup iotsec
 * \return Q(x), the tail probability of the standard normal distribution: erfc(x/sqrt 2)/2
 * \param x the argument
 */
double OobQFunction(double x);

} // namespace ns3

#endif /* IOTSEC_OOB_CHANNEL_H */
