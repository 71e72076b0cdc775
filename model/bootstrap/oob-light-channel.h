/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_OOB_LIGHT_CHANNEL_H
#define IOTSEC_OOB_LIGHT_CHANNEL_H

#include "oob-channel.h"

#include "ns3/vector.h"

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief An LED blinking to a photodiode (or to another LED used as a light sensor) as an
 * out-of-band channel, in line of sight.
 *
 * The LED is a Lambertian emitter of order m = -ln 2 / ln(cos SemiAngle) facing
 * TxDirection; at a receiver at distance d and angle phi off that axis the received optical
 * power is proportional to (m + 1) / (2 pi d^2) cos^m(phi) (Kahn and Barry, "Wireless
 * Infrared Communications", Proc. IEEE 1997), and the electrical SNR of a direct-detection
 * receiver to the square of the optical power, so it falls 40 dB per decade:
 *
 *     SNR = ReferenceSnr + 20 log10( (m + 1) / 2 * cos^m(phi) * cos(psi) * (Range / d)^2 )
 *           + ReceiverGain   [dB]
 *
 * ReferenceSnr holds on the axis at Range for a first-order emitter (SemiAngle 60 degrees,
 * m = 1); a narrower beam concentrates the same power on the axis ((m + 1) / 2). No light
 * reaches a receiver at phi >= 90 degrees (behind the LED): OUT_OF_GEOMETRY. Bits are on-off
 * keyed: BER = Q(sqrt(snr)).
 *
 * The receiver: by default (ReceiverOrientation Aimed) it is aimed at the LED (psi = 0; the
 * installer points the device, an eavesdropper aims a telescope). Parallel is the usual
 * indoor optical-wireless geometry instead: the receiver faces -TxDirection (a device lying
 * face up under a ceiling light), so its incidence angle psi equals phi, the cos(psi) factor
 * applies and nothing is received beyond the field of view (psi > FieldOfView).
 *
 * Defaults: DataRate 250 bit/s (LED-to-LED links with an LED as the sensor run at hundreds of
 * bit/s: Dietz, Yerazunis and Leigh, "Very Low-Cost Sensing and Communication Using
 * Bidirectional LEDs", UbiComp 2003; order of magnitude); SemiAngle 60 degrees (m = 1, a
 * bare LED); TxDirection (0, 0, -1) (a ceiling light); Range 1 m and ReferenceSnr 20 dB (our
 * choice: the installer holds the device within about a metre of the light); FieldOfView 60
 * degrees; FrameOverhead 3 bytes (a sync byte and a CRC-16, our choice); MaxPayload 64 bytes
 * (our choice: a frame of a few seconds); SetupLatency 200 ms (aiming and clock
 * synchronisation, order of magnitude). Two-way: the LED also senses light.
 */
class LightOobChannel : public OobChannel
{
  public:
    /// Where the receiver's photodiode points
    enum ReceiverOrientation
    {
        AIMED = 0,    //!< at the transmitter (psi = 0)
        PARALLEL = 1, //!< opposite to TxDirection (psi = phi), limited by FieldOfView
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    LightOobChannel();

    double GetSnrDb(Ptr<MobilityModel> tx,
                    Ptr<MobilityModel> rx,
                    double receiverGainDb) const override;
    double GetBitErrorRate(double snrDb) const override;
    bool IsInGeometry(Ptr<MobilityModel> tx,
                      Ptr<MobilityModel> rx,
                      double receiverGainDb) const override;
    bool IsTwoWay() const override;

    /// \return the Lambertian order m = -ln 2 / ln(cos SemiAngle)
    double GetLambertianOrder() const;

    /**
     * \param tx the transmitter's mobility
     * \param rx the receiver's mobility
     * \return the cosine of the angle between the transmitter's axis (its OobNetDevice's
     * Direction, or else TxDirection) and the direction to the receiver
     */
    double GetCosEmissionAngle(Ptr<MobilityModel> tx, Ptr<MobilityModel> rx) const;

  private:
    double m_referenceSnrDb{0};               //!< on-axis SNR at Range, m = 1 (dB)
    double m_semiAngleDeg{0};                 //!< half-power semi-angle (degrees)
    double m_fovDeg{0};                       //!< receiver field of view (degrees)
    Vector m_txDirection;                     //!< the LED's axis
    ReceiverOrientation m_orientation{AIMED}; //!< receiver geometry
};

} // namespace ns3

#endif /* IOTSEC_OOB_LIGHT_CHANNEL_H */
