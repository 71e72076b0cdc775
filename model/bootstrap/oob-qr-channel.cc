/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "oob-qr-channel.h"

#include "ns3/abort.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/iotsec-compat.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <array>
#include <cmath>
#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("QrOobChannel");

NS_OBJECT_ENSURE_REGISTERED(QrOobChannel);

namespace
{
/// Byte-mode capacity (bytes) of versions 1..40 at levels L, M, Q, H (ISO/IEC 18004:2015
/// table 7)
const std::array<std::array<uint16_t, 4>, 40> BYTE_CAPACITY = {{
    {17, 14, 11, 7},          {32, 26, 20, 14},         {53, 42, 32, 24},
    {78, 62, 46, 34},         {106, 84, 60, 44},        {134, 106, 74, 58},
    {154, 122, 86, 64},       {192, 152, 108, 84},      {230, 180, 130, 98},
    {271, 213, 151, 119},     {321, 251, 177, 137},     {367, 287, 203, 155},
    {425, 331, 241, 177},     {458, 362, 258, 194},     {520, 412, 292, 220},
    {586, 450, 322, 250},     {644, 504, 364, 280},     {718, 560, 394, 310},
    {792, 624, 442, 338},     {858, 666, 482, 382},     {929, 711, 509, 403},
    {1003, 779, 565, 439},    {1091, 857, 611, 461},    {1171, 911, 661, 511},
    {1273, 997, 715, 535},    {1367, 1059, 751, 593},   {1465, 1125, 805, 625},
    {1528, 1190, 868, 658},   {1628, 1264, 908, 698},   {1732, 1370, 982, 742},
    {1840, 1452, 1030, 790},  {1952, 1538, 1112, 842},  {2068, 1628, 1168, 898},
    {2188, 1722, 1228, 958},  {2303, 1809, 1283, 983},  {2431, 1911, 1351, 1051},
    {2563, 1989, 1423, 1093}, {2699, 2099, 1499, 1139}, {2809, 2213, 1579, 1219},
    {2953, 2331, 1663, 1273},
}};
} // namespace

TypeId
QrOobChannel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::QrOobChannel")
            .SetParent<OobChannel>()
            .SetGroupName("Iotsec")
            .AddConstructor<QrOobChannel>()
            .AddAttribute("Version",
                          "The symbol version, 1 to 40 (17 + 4 Version modules a side)",
                          UintegerValue(3),
                          MakeUintegerAccessor(&QrOobChannel::m_version),
                          MakeUintegerChecker<uint32_t>(1, 40))
            .AddAttribute("ErrorCorrection",
                          "The error-correction level",
                          EnumValue(QrOobChannel::EC_M),
                          iotsec_compat::MakeEnumAccessor<ErrorCorrection>(&QrOobChannel::m_level),
                          MakeEnumChecker(QrOobChannel::EC_L,
                                          "L",
                                          QrOobChannel::EC_M,
                                          "M",
                                          QrOobChannel::EC_Q,
                                          "Q",
                                          QrOobChannel::EC_H,
                                          "H"))
            .AddAttribute("SymbolSize",
                          "The printed or displayed symbol's side (m)",
                          DoubleValue(0.025),
                          MakeDoubleAccessor(&QrOobChannel::m_symbolSize),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("FocalLengthPixels",
                          "The camera's focal length, in pixels",
                          DoubleValue(3000),
                          MakeDoubleAccessor(&QrOobChannel::m_focalLengthPixels),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("MinPixelsPerModule",
                          "The fewest pixels per module a decoder reads",
                          DoubleValue(3),
                          MakeDoubleAccessor(&QrOobChannel::m_minPixelsPerModule),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("MaxViewAngle",
                          "The largest angle between the label's normal and the camera "
                          "(degrees)",
                          DoubleValue(45),
                          MakeDoubleAccessor(&QrOobChannel::m_maxViewAngleDeg),
                          MakeDoubleChecker<double>(0, 90))
            .AddAttribute("LabelNormal",
                          "The direction the labels face (default up)",
                          VectorValue(Vector(0, 0, 1)),
                          MakeVectorAccessor(&QrOobChannel::m_labelNormal),
                          MakeVectorChecker())
            .AddAttribute("ScanLatency",
                          "Aiming, focusing and decoding: the time a frame takes",
                          TimeValue(MilliSeconds(1500)),
                          MakeTimeAccessor(&QrOobChannel::m_setupLatency),
                          MakeTimeChecker(Seconds(0)));
    return tid;
}

QrOobChannel::QrOobChannel() = default;

uint32_t
QrOobChannel::GetByteCapacity(uint32_t version, ErrorCorrection level)
{
    NS_ABORT_MSG_UNLESS(version >= 1 && version <= 40,
                        "QrOobChannel: version " << version << " is not in 1..40");
    NS_ABORT_MSG_UNLESS(level >= EC_L && level <= EC_H, "QrOobChannel: no such EC level");
    return BYTE_CAPACITY[version - 1][level];
}

double
QrOobChannel::GetModuleSize() const
{
    return m_symbolSize / (17 + 4 * m_version);
}

double
QrOobChannel::GetMaxDecodingDistance(double receiverGainDb) const
{
    const double zoom = std::pow(10.0, receiverGainDb / 20);
    return m_focalLengthPixels * zoom * GetModuleSize() / m_minPixelsPerModule;
}

double
QrOobChannel::GetSnrDb(Ptr<MobilityModel> tx, Ptr<MobilityModel> rx, double receiverGainDb) const
{
    const double d = tx->GetDistanceFrom(rx);
    const double zoom = std::pow(10.0, receiverGainDb / 20);
    const double pixelsPerModule = m_focalLengthPixels * zoom * GetModuleSize() / d;
    return 20 * std::log10(pixelsPerModule / m_minPixelsPerModule);
}

double
QrOobChannel::GetBitErrorRate(double snrDb) const
{
    return snrDb >= 0 ? 0 : 1;
}

bool
QrOobChannel::IsInGeometry(Ptr<MobilityModel> tx,
                           Ptr<MobilityModel> rx,
                           double receiverGainDb) const
{
    const Vector a = tx->GetPosition();
    const Vector b = rx->GetPosition();
    const Vector v(b.x - a.x, b.y - a.y, b.z - a.z);
    const double d = v.GetLength();
    if (d > GetMaxDecodingDistance(receiverGainDb))
    {
        return false; // too few pixels per module
    }
    const double n = m_labelNormal.GetLength();
    NS_ABORT_MSG_UNLESS(n > 0, "QrOobChannel: LabelNormal must not be zero");
    if (d == 0)
    {
        return true;
    }
    const double cosAngle =
        (v.x * m_labelNormal.x + v.y * m_labelNormal.y + v.z * m_labelNormal.z) / (d * n);
    return cosAngle >= std::cos(m_maxViewAngleDeg * M_PI / 180);
}

double
QrOobChannel::GetFrameSuccessProbability(Ptr<MobilityModel> tx,
                                         Ptr<MobilityModel> rx,
                                         double receiverGainDb,
                                         uint32_t /* bits */) const
{
    return IsInGeometry(tx, rx, receiverGainDb) ? 1 : 0;
}

Time
QrOobChannel::GetTransmissionTime(uint32_t /* payloadBytes */) const
{
    return m_setupLatency;
}

bool
QrOobChannel::IsTwoWay() const
{
    return false;
}

double
QrOobChannel::GetRange() const
{
    return GetMaxDecodingDistance(0);
}

uint32_t
QrOobChannel::GetMaxPayload() const
{
    return GetByteCapacity(m_version, m_level);
}

} // namespace ns3
