/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "oob-audio-channel.h"

#include "ns3/double.h"
#include "ns3/log.h"

#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("AudioOobChannel");

NS_OBJECT_ENSURE_REGISTERED(AudioOobChannel);

TypeId
AudioOobChannel::GetTypeId()
{
    static TypeId tid = AddCommonAttributes(TypeId("ns3::AudioOobChannel")
                                                .SetParent<OobChannel>()
                                                .SetGroupName("Iotsec")
                                                .AddConstructor<AudioOobChannel>(),
                                            DataRate("2400bps"),
                                            1.0,
                                            MilliSeconds(100),
                                            4,
                                            255)
                            .AddAttribute("SourceLevel",
                                          "The speaker's sound pressure level at 1 m (dB SPL)",
                                          DoubleValue(65),
                                          MakeDoubleAccessor(&AudioOobChannel::m_sourceLevel),
                                          MakeDoubleChecker<double>())
                            .AddAttribute("NoiseLevel",
                                          "The ambient noise level in the signal's band (dB SPL)",
                                          DoubleValue(45),
                                          MakeDoubleAccessor(&AudioOobChannel::m_noiseLevel),
                                          MakeDoubleChecker<double>())
                            .AddAttribute("SoundSpeed",
                                          "The speed of sound (m/s)",
                                          DoubleValue(343),
                                          MakeDoubleAccessor(&AudioOobChannel::m_soundSpeed),
                                          MakeDoubleChecker<double>(1));
    return tid;
}

AudioOobChannel::AudioOobChannel() = default;

double
AudioOobChannel::GetSnrDb(Ptr<MobilityModel> tx, Ptr<MobilityModel> rx, double receiverGainDb) const
{
    const double d = tx->GetDistanceFrom(rx);
    return m_sourceLevel - 20 * std::log10(d / 1.0) - m_noiseLevel + receiverGainDb;
}

double
AudioOobChannel::GetBitErrorRate(double snrDb) const
{
    return 0.5 * std::exp(-std::pow(10.0, snrDb / 10) / 2);
}

bool
AudioOobChannel::IsTwoWay() const
{
    return true;
}

double
AudioOobChannel::GetPropagationSpeed() const
{
    return m_soundSpeed;
}

} // namespace ns3
