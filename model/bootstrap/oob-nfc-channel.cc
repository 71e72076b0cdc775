/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "oob-nfc-channel.h"

#include "ns3/double.h"
#include "ns3/log.h"

#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NfcOobChannel");

NS_OBJECT_ENSURE_REGISTERED(NfcOobChannel);

TypeId
NfcOobChannel::GetTypeId()
{
    static TypeId tid =
        AddCommonAttributes(TypeId("ns3::NfcOobChannel")
                                .SetParent<OobChannel>()
                                .SetGroupName("Iotsec")
                                .AddConstructor<NfcOobChannel>(),
                            DataRate("106kbps"),
                            0.1,
                            MilliSeconds(20),
                            4,
                            238)
            .AddAttribute("ReferenceSnr",
                          "The SNR at Range for ordinary hardware (dB)",
                          DoubleValue(20),
                          MakeDoubleAccessor(&NfcOobChannel::m_referenceSnrDb),
                          MakeDoubleChecker<double>())
            .AddAttribute("PathLossExponent",
                          "The received power falls as distance^-n: 6 for near-field "
                          "magnetic coupling (field ~ 1/r^3), 60 dB per decade",
                          DoubleValue(6),
                          MakeDoubleAccessor(&NfcOobChannel::m_pathLossExponent),
                          MakeDoubleChecker<double>(0));
    return tid;
}

NfcOobChannel::NfcOobChannel() = default;

double
NfcOobChannel::GetSnrDb(Ptr<MobilityModel> tx, Ptr<MobilityModel> rx, double receiverGainDb) const
{
    const double d = tx->GetDistanceFrom(rx);
    return m_referenceSnrDb - 10 * m_pathLossExponent * std::log10(d / m_range) + receiverGainDb;
}

double
NfcOobChannel::GetBitErrorRate(double snrDb) const
{
    return OobQFunction(std::sqrt(std::pow(10.0, snrDb / 10)));
}

bool
NfcOobChannel::IsTwoWay() const
{
    return true;
}

} // namespace ns3
