/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "oob-light-channel.h"

#include "ns3/abort.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/iotsec-compat.h"
#include "ns3/log.h"
#include "ns3/oob-net-device.h"

#include <cmath>
#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("LightOobChannel");

NS_OBJECT_ENSURE_REGISTERED(LightOobChannel);

namespace
{
/// degrees to radians
double
Radians(double degrees)
{
    return degrees * M_PI / 180;
}
} // namespace

TypeId
LightOobChannel::GetTypeId()
{
    static TypeId tid =
        AddCommonAttributes(TypeId("ns3::LightOobChannel")
                                .SetParent<OobChannel>()
                                .SetGroupName("Iotsec")
                                .AddConstructor<LightOobChannel>(),
                            DataRate("250bps"),
                            1.0,
                            MilliSeconds(200),
                            3,
                            64)
            .AddAttribute("ReferenceSnr",
                          "The on-axis SNR at Range of a first-order Lambertian LED (dB)",
                          DoubleValue(20),
                          MakeDoubleAccessor(&LightOobChannel::m_referenceSnrDb),
                          MakeDoubleChecker<double>())
            .AddAttribute("SemiAngle",
                          "The LED's half-power semi-angle (degrees)",
                          DoubleValue(60),
                          MakeDoubleAccessor(&LightOobChannel::m_semiAngleDeg),
                          MakeDoubleChecker<double>(0.1, 89.9))
            .AddAttribute("TxDirection",
                          "The direction the LEDs face (normalised; default down: ceiling "
                          "lights)",
                          VectorValue(Vector(0, 0, -1)),
                          MakeVectorAccessor(&LightOobChannel::m_txDirection),
                          MakeVectorChecker())
            .AddAttribute("FieldOfView",
                          "The receiver's field of view, half-angle (degrees); applies to "
                          "Parallel receivers",
                          DoubleValue(60),
                          MakeDoubleAccessor(&LightOobChannel::m_fovDeg),
                          MakeDoubleChecker<double>(0, 90))
            .AddAttribute("ReceiverOrientation",
                          "Aimed: receivers point at the LED; Parallel: they face "
                          "-TxDirection",
                          EnumValue(LightOobChannel::AIMED),
                          iotsec_compat::MakeEnumAccessor<ReceiverOrientation>(
                              &LightOobChannel::m_orientation),
                          MakeEnumChecker(LightOobChannel::AIMED,
                                          "Aimed",
                                          LightOobChannel::PARALLEL,
                                          "Parallel"));
    return tid;
}

LightOobChannel::LightOobChannel() = default;

double
LightOobChannel::GetLambertianOrder() const
{
    return -std::log(2.0) / std::log(std::cos(Radians(m_semiAngleDeg)));
}

double
LightOobChannel::GetCosEmissionAngle(Ptr<MobilityModel> tx, Ptr<MobilityModel> rx) const
{
    const Vector a = tx->GetPosition();
    const Vector b = rx->GetPosition();
    const Vector v(b.x - a.x, b.y - a.y, b.z - a.z);
    const double dist = v.GetLength();
    Vector direction = m_txDirection;
    for (std::size_t i = 0; i < GetNDevices(); ++i)
    {
        Ptr<OobNetDevice> device = DynamicCast<OobNetDevice>(GetDevice(i));
        if (device->GetMobility() == tx && device->GetDirection().GetLength() > 0)
        {
            direction = device->GetDirection(); // the transmitter's own axis
            break;
        }
    }
    const double axis = direction.GetLength();
    NS_ABORT_MSG_UNLESS(axis > 0, "LightOobChannel: TxDirection must not be zero");
    if (dist == 0)
    {
        return 1;
    }
    return (v.x * direction.x + v.y * direction.y + v.z * direction.z) / (dist * axis);
}

bool
LightOobChannel::IsInGeometry(Ptr<MobilityModel> tx,
                              Ptr<MobilityModel> rx,
                              double /* receiverGainDb */) const
{
    const double cosPhi = GetCosEmissionAngle(tx, rx);
    if (cosPhi <= 0)
    {
        return false; // behind the LED
    }
    if (m_orientation == PARALLEL)
    {
        return cosPhi >= std::cos(Radians(m_fovDeg)); // psi = phi within the field of view
    }
    return true;
}

double
LightOobChannel::GetSnrDb(Ptr<MobilityModel> tx, Ptr<MobilityModel> rx, double receiverGainDb) const
{
    const double cosPhi = GetCosEmissionAngle(tx, rx);
    if (cosPhi <= 0)
    {
        return -std::numeric_limits<double>::infinity();
    }
    const double m = GetLambertianOrder();
    const double d = tx->GetDistanceFrom(rx);
    double power = (m + 1) / 2 * std::pow(cosPhi, m) * std::pow(m_range / d, 2);
    if (m_orientation == PARALLEL)
    {
        power *= cosPhi; // cos(psi), psi = phi
    }
    return m_referenceSnrDb + 20 * std::log10(power) + receiverGainDb;
}

double
LightOobChannel::GetBitErrorRate(double snrDb) const
{
    return OobQFunction(std::sqrt(std::pow(10.0, snrDb / 10)));
}

bool
LightOobChannel::IsTwoWay() const
{
    return true;
}

} // namespace ns3
