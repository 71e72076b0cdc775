/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_OOB_NFC_CHANNEL_H
#define IOTSEC_OOB_NFC_CHANNEL_H

#include "oob-channel.h"

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief Near Field Communication (ISO/IEC 14443, ISO/IEC 18092 NFCIP-1) as an out-of-band
 * channel.
 *
 * Near-field magnetic coupling: the field falls as 1/r^3, so the received power, and the
 * SNR, fall 60 dB per decade of distance (PathLossExponent 6):
 *
 *     SNR(d) = ReferenceSnr - 10 PathLossExponent log10(d / Range) + ReceiverGain   [dB]
 *
 * and the bits are on-off/amplitude-shift keyed with a matched filter: BER = Q(sqrt(snr)).
 *
 * Defaults: DataRate 106 kbit/s (the base rate of ISO/IEC 14443 and 18092; 212 and 424
 * kbit/s are the others); Range 0.1 m (the 10 cm operating distance of the standards, and
 * Kang's "short communication radius within 10 cm"); ReferenceSnr 20 dB (our choice: a
 * working link at the design range, BER 8e-24); FrameOverhead 4 bytes (NFCIP-1 at 106
 * kbit/s: start byte, LEN, 2-byte CRC); MaxPayload 238 bytes (NFC-DEP's LEN field admits 254
 * bytes after it, minus the 16-byte OobFrameHeader); SetupLatency 20 ms (field on, polling,
 * anticollision and the ATR exchange: order of magnitude).
 *
 * Eavesdropping: Haselsteiner and Breitfuss ("Security in Near Field Communication",
 * RFIDSec 2006) put the eavesdropping distance with special equipment at up to about 10 m
 * for a device sending in active mode and about 1 m in passive mode. With these defaults a
 * frame carrying a 20-byte SDU (320 bits on the air) is received with probability 0.5 at an
 * SNR of 9.1 dB: ordinary hardware (gain 0) at 0.15 m, and a receiver gain G reaches
 * 0.152 m x 10^(G/60): G = 49 dB reaches 1 m (the passive-mode figure), G = 109 dB reaches
 * 10 m (the active-mode figure). Each tenfold of distance costs the eavesdropper 60 dB; the
 * 60 dB between the two figures stands for the weaker load-modulated answer of a passive
 * device, which this model does not otherwise distinguish.
 *
 * Two-way.
 */
class NfcOobChannel : public OobChannel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    NfcOobChannel();

    double GetSnrDb(Ptr<MobilityModel> tx,
                    Ptr<MobilityModel> rx,
                    double receiverGainDb) const override;
    double GetBitErrorRate(double snrDb) const override;
    bool IsTwoWay() const override;

  private:
    double m_referenceSnrDb{0};   //!< SNR at Range (dB)
    double m_pathLossExponent{0}; //!< power falls as d^-n
};

} // namespace ns3

#endif /* IOTSEC_OOB_NFC_CHANNEL_H */
