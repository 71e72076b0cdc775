/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_OOB_AUDIO_CHANNEL_H
#define IOTSEC_OOB_AUDIO_CHANNEL_H

#include "oob-channel.h"

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief Sound from a speaker to a microphone as an out-of-band channel (an acoustic modem).
 *
 * Spherical spreading from a source of SourceLevel dB SPL at 1 m over ambient noise of
 * NoiseLevel dB SPL, 20 dB per decade:
 *
 *     SNR(d) = SourceLevel - 20 log10(d / 1 m) - NoiseLevel + ReceiverGain   [dB]
 *
 * so the SNR at 1 m is SourceLevel - NoiseLevel (the acoustic reference distance is 1 m;
 * Range is the nominal design range, 1 m by default). Bits are binary FSK detected
 * non-coherently: BER = exp(-snr/2) / 2. Sound travels at SoundSpeed (343 m/s): the
 * propagation delay is not negligible.
 *
 * Defaults: SourceLevel 65 dB SPL (conversational speech at 1 m, order of magnitude);
 * NoiseLevel 45 dB SPL (a quiet office); DataRate 2400 bit/s (Nandakumar et al., "Dhwani:
 * Secure Peer-to-Peer Acoustic NFC", SIGCOMM 2013, report about 2.4 kbit/s between phones;
 * audible-band FSK modems are slower, so this is the optimistic end); FrameOverhead 4 bytes
 * (a 2-byte preamble/sync word and a CRC-16, our choice); MaxPayload 255 bytes (our choice);
 * SetupLatency 100 ms (audio path start-up and preamble detection, order of magnitude).
 *
 * An eavesdropper's ReceiverGain stands for a directional (parabolic or shotgun) microphone:
 * each 20 dB multiplies the distance by 10. Two-way.
 */
class AudioOobChannel : public OobChannel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    AudioOobChannel();

    double GetSnrDb(Ptr<MobilityModel> tx,
                    Ptr<MobilityModel> rx,
                    double receiverGainDb) const override;
    double GetBitErrorRate(double snrDb) const override;
    bool IsTwoWay() const override;
    double GetPropagationSpeed() const override;

  private:
    double m_sourceLevel{0}; //!< dB SPL at 1 m
    double m_noiseLevel{0};  //!< dB SPL
    double m_soundSpeed{0};  //!< m/s
};

} // namespace ns3

#endif /* IOTSEC_OOB_AUDIO_CHANNEL_H */
