/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Out-of-band channels (OobChannel, its NFC, audio, light and QR subclasses, OobNetDevice,
// OobChannelHelper) against analytic answers: transmission times, the SNR laws per decade and
// per angle, the QR decoding distance and its zoom, (1 - BER)^bits and an empirical delivery
// rate within a binomial bound, delivery decided by mobility, addressed and promiscuous
// reception, roles and one-way channels, MaxPayload, energy and half-duplex.

#include "iotsec-test.h"

#include "ns3/constant-position-mobility-model.h"
#include "ns3/constant-velocity-mobility-model.h"
#include "ns3/data-rate.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/node-container.h"
#include "ns3/node.h"
#include "ns3/oob-audio-channel.h"
#include "ns3/oob-channel-helper.h"
#include "ns3/oob-light-channel.h"
#include "ns3/oob-net-device.h"
#include "ns3/oob-nfc-channel.h"
#include "ns3/oob-qr-channel.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <vector>

using namespace ns3;

namespace
{

/// \return a mobility model at a position
Ptr<MobilityModel>
At(double x, double y, double z)
{
    Ptr<ConstantPositionMobilityModel> m = CreateObject<ConstantPositionMobilityModel>();
    m->SetPosition(Vector(x, y, z));
    return m;
}

/// Nodes at positions with OOB devices on one channel built by a helper
struct OobBed
{
    NodeContainer nodes;               //!< the nodes
    NetDeviceContainer devices;        //!< their devices
    std::vector<uint32_t> received;    //!< frames each device's rx callback got
    std::vector<uint32_t> promiscuous; //!< frames each device's promiscuous callback got
    std::vector<uint32_t> otherHost;   //!< of those, addressed to another device

    /// \param helper the configured helper \param positions one node per position
    OobBed(const OobChannelHelper& helper, const std::vector<Vector>& positions)
        : received(positions.size()),
          promiscuous(positions.size()),
          otherHost(positions.size())
    {
        nodes.Create(positions.size());
        for (uint32_t i = 0; i < positions.size(); ++i)
        {
            Ptr<ConstantPositionMobilityModel> m = CreateObject<ConstantPositionMobilityModel>();
            m->SetPosition(positions[i]);
            nodes.Get(i)->AggregateObject(m);
        }
        devices = helper.Install(nodes);
        for (uint32_t i = 0; i < positions.size(); ++i)
        {
            Dev(i)->SetReceiveCallback(MakeCallback(&OobBed::OnReceive, this));
        }
    }

    /// \return device i
    Ptr<OobNetDevice> Dev(uint32_t i) const
    {
        return DynamicCast<OobNetDevice>(devices.Get(i));
    }

    /// \return the index of a device
    uint32_t Index(Ptr<NetDevice> d) const
    {
        for (uint32_t i = 0; i < devices.GetN(); ++i)
        {
            if (devices.Get(i) == d)
            {
                return i;
            }
        }
        return 0;
    }

    /// Makes device i an eavesdropper (promiscuous callback)
    void Promiscuous(uint32_t i)
    {
        Dev(i)->SetPromiscReceiveCallback(MakeCallback(&OobBed::OnPromiscuous, this));
    }

    /// rx callback
    bool OnReceive(Ptr<NetDevice> d, Ptr<const Packet>, uint16_t, const Address&)
    {
        ++received[Index(d)];
        return true;
    }

    /// promiscuous callback
    bool OnPromiscuous(Ptr<NetDevice> d,
                       Ptr<const Packet>,
                       uint16_t,
                       const Address&,
                       const Address&,
                       NetDevice::PacketType type)
    {
        ++promiscuous[Index(d)];
        if (type == NetDevice::PACKET_OTHERHOST)
        {
            ++otherHost[Index(d)];
        }
        return true;
    }

    /// Device from sends an SDU of size bytes to device to (broadcast if to < 0)
    bool Send(uint32_t from, int to, uint32_t size)
    {
        Address dest = to < 0 ? Dev(from)->GetBroadcast() : Dev(to)->GetAddress();
        return Dev(from)->Send(Create<Packet>(size), dest, 0x88b5);
    }
};

/// The hand formula of OOK/ASK with a matched filter: Q(sqrt(snr)) = erfc(sqrt(snr/2))/2
double
BerOok(double snrDb)
{
    return 0.5 * std::erfc(std::sqrt(std::pow(10.0, snrDb / 10) / 2));
}

} // namespace

/**
 * \brief Transmission time = SetupLatency + (payload + FrameOverhead) * 8 / DataRate for each
 * channel (QR: ScanLatency whatever the size), and the instant a frame ends on the air and
 * reaches a receiver (sound's propagation delay included).
 */
class OobTransmissionTimeTestCase : public TestCase
{
  public:
    OobTransmissionTimeTestCase()
        : TestCase("transmission time = setup + bits over rate, exact")
    {
    }

  private:
    void DoRun() override
    {
        struct Expect
        {
            Ptr<OobChannel> channel;
            Time setup;
            uint32_t overhead;
            double bps;
        };

        std::vector<Expect> cases = {
            {CreateObject<NfcOobChannel>(), MilliSeconds(20), 4, 106e3},
            {CreateObject<AudioOobChannel>(), MilliSeconds(100), 4, 2400},
            {CreateObject<LightOobChannel>(), MilliSeconds(200), 3, 250},
        };
        for (const auto& c : cases)
        {
            for (uint32_t bytes : {1u, 16u, 100u})
            {
                const Time expected = c.setup + Seconds((bytes + c.overhead) * 8.0 / c.bps);
                NS_TEST_EXPECT_MSG_EQ(c.channel->GetTransmissionTime(bytes),
                                      expected,
                                      c.channel->GetInstanceTypeId().GetName()
                                          << " " << bytes << " bytes");
            }
        }
        Ptr<QrOobChannel> qr = CreateObject<QrOobChannel>();
        NS_TEST_EXPECT_MSG_EQ(qr->GetTransmissionTime(1), MilliSeconds(1500), "QR: scan");
        NS_TEST_EXPECT_MSG_EQ(qr->GetTransmissionTime(42), MilliSeconds(1500), "QR: any size");

        // A frame on the air: NFC, 40-byte SDU (+16 header): ends at the transmission time
        {
            OobChannelHelper helper;
            OobBed bed(helper, {Vector(0, 0, 0), Vector(0.05, 0, 0)});
            Time txEnd;
            Time rxEnd;
            bed.Dev(0)->TraceConnectWithoutContext("PhyTxEnd",
                                                   MakeCallback(+[](Time* t, Ptr<const Packet>) {
                                                       *t = Simulator::Now();
                                                   }).Bind(&txEnd));
            bed.Dev(1)->TraceConnectWithoutContext("PhyRxEnd",
                                                   MakeCallback(+[](Time* t, Ptr<const Packet>) {
                                                       *t = Simulator::Now();
                                                   }).Bind(&rxEnd));
            NS_TEST_ASSERT_MSG_EQ(bed.Send(0, 1, 40), true, "sent");
            Simulator::Run();
            const Time airtime = MilliSeconds(20) + Seconds((40 + 16 + 4) * 8.0 / 106e3);
            NS_TEST_EXPECT_MSG_EQ(txEnd, airtime, "NFC: the frame ends at its airtime");
            NS_TEST_EXPECT_MSG_EQ(rxEnd, airtime, "NFC: received then (light speed)");
            Simulator::Destroy();
        }
        // Audio at 3.43 m: 10 ms of sound propagation after the last bit
        {
            OobChannelHelper helper;
            helper.SetChannel("ns3::AudioOobChannel");
            OobBed bed(helper, {Vector(0, 0, 0), Vector(0.343, 0, 0)});
            Time rxEnd;
            bed.Dev(1)->TraceConnectWithoutContext("PhyRxEnd",
                                                   MakeCallback(+[](Time* t, Ptr<const Packet>) {
                                                       *t = Simulator::Now();
                                                   }).Bind(&rxEnd));
            NS_TEST_ASSERT_MSG_EQ(bed.Send(0, 1, 10), true, "sent");
            Simulator::Run();
            const Time airtime = MilliSeconds(100) + Seconds((10 + 16 + 4) * 8.0 / 2400);
            NS_TEST_EXPECT_MSG_EQ(rxEnd, airtime + MilliSeconds(1), "audio: + 1 ms at 0.343 m");
            Simulator::Destroy();
        }
    }
};

/**
 * \brief The SNR laws: NFC 60 dB/decade from ReferenceSnr at Range; audio 20 dB/decade with
 * SourceLevel - NoiseLevel at 1 m; light 40 dB/decade, cos^m(phi), nothing behind the LED,
 * the field of view of parallel receivers; receiver gains add.
 */
class OobSnrLawTestCase : public TestCase
{
  public:
    OobSnrLawTestCase()
        : TestCase("SNR laws: 60, 20, 40 dB per decade, Lambertian angle factor")
    {
    }

  private:
    void DoRun() override
    {
        const double tol = 1e-9;
        Ptr<NfcOobChannel> nfc = CreateObject<NfcOobChannel>();
        Ptr<MobilityModel> o = At(0, 0, 0);
        NS_TEST_EXPECT_MSG_EQ_TOL(nfc->GetSnrDb(o, At(0.1, 0, 0), 0), 20, tol, "NFC at Range");
        NS_TEST_EXPECT_MSG_EQ_TOL(nfc->GetSnrDb(o, At(0, 1.0, 0), 0), -40, tol, "NFC at 10x");
        NS_TEST_EXPECT_MSG_EQ_TOL(nfc->GetSnrDb(o, At(0, 0, 10), 0), -100, tol, "at 100x");
        NS_TEST_EXPECT_MSG_EQ_TOL(nfc->GetSnrDb(o, At(0, 1.0, 0), 55), 15, tol, "+ gain");

        Ptr<AudioOobChannel> audio = CreateObject<AudioOobChannel>();
        NS_TEST_EXPECT_MSG_EQ_TOL(audio->GetSnrDb(o, At(1, 0, 0), 0), 65 - 45, tol, "1 m");
        NS_TEST_EXPECT_MSG_EQ_TOL(audio->GetSnrDb(o, At(10, 0, 0), 0), 0, tol, "10 m");
        NS_TEST_EXPECT_MSG_EQ_TOL(audio->GetSnrDb(o, At(0.1, 0, 0), 0), 40, tol, "0.1 m");
        NS_TEST_EXPECT_MSG_EQ_TOL(audio->GetBitErrorRate(10),
                                  0.5 * std::exp(-5.0),
                                  1e-15,
                                  "non-coherent BFSK at 10 dB");

        // Light: a ceiling LED at 2 m facing down
        Ptr<LightOobChannel> light = CreateObject<LightOobChannel>();
        Ptr<MobilityModel> led = At(0, 0, 2);
        NS_TEST_EXPECT_MSG_EQ_TOL(light->GetLambertianOrder(), 1.0, 1e-12, "m = 1 at 60 deg");
        NS_TEST_EXPECT_MSG_EQ_TOL(light->GetSnrDb(led, At(0, 0, 1), 0), 20, tol, "at Range");
        NS_TEST_EXPECT_MSG_EQ_TOL(light->GetSnrDb(At(0, 0, 10), At(0, 0, 0), 0),
                                  -20,
                                  tol,
                                  "40 dB per decade");
        // phi = 60 degrees at distance 1: cos^1(60) = 0.5, squared in the SNR
        const double s = std::sin(M_PI / 3);
        const double c = std::cos(M_PI / 3);
        NS_TEST_EXPECT_MSG_EQ_TOL(light->GetSnrDb(led, At(s, 0, 2 - c), 0),
                                  20 + 20 * std::log10(0.5),
                                  tol,
                                  "cos^m(phi)");
        NS_TEST_EXPECT_MSG_EQ(light->IsInGeometry(led, At(1, 0, 2), 0), false, "phi = 90");
        NS_TEST_EXPECT_MSG_EQ(light->IsInGeometry(led, At(1, 0, 3), 0), false, "behind");
        NS_TEST_EXPECT_MSG_EQ(light->GetFrameSuccessProbability(led, At(1, 0, 3), 100, 8),
                              0.0,
                              "behind: p = 0 whatever the gain");
        NS_TEST_EXPECT_MSG_EQ(light->IsInGeometry(led, At(1, 0, 1.9), 0), true, "in front");
        // A 30-degree LED: m = -ln 2 / ln cos 30, on-axis (m+1)/2, at 20 degrees cos^m
        light->SetAttribute("SemiAngle", DoubleValue(30));
        const double m = -std::log(2.0) / std::log(std::cos(M_PI / 6));
        NS_TEST_EXPECT_MSG_EQ_TOL(light->GetLambertianOrder(), m, 1e-12, "m at 30 deg");
        const double a = 20 * M_PI / 180;
        NS_TEST_EXPECT_MSG_EQ_TOL(light->GetSnrDb(led, At(std::sin(a), 0, 2 - std::cos(a)), 0),
                                  20 + 20 * std::log10((m + 1) / 2 * std::pow(std::cos(a), m)),
                                  tol,
                                  "(m+1)/2 cos^m(phi)");
        // Parallel receivers: cos(psi) = cos(phi) too, and nothing beyond the field of view
        light->SetAttribute("SemiAngle", DoubleValue(60));
        light->SetAttribute("ReceiverOrientation", EnumValue(LightOobChannel::PARALLEL));
        NS_TEST_EXPECT_MSG_EQ_TOL(light->GetSnrDb(led, At(s, 0, 2 - c), 0),
                                  20 + 20 * std::log10(0.5 * 0.5),
                                  tol,
                                  "cos(phi) cos(psi)");
        // 60 degrees off the axis: inside a 61-degree field of view, outside a 59-degree one
        // (not at exactly 60: cos 60 computed two ways may differ in the last bit, and did
        // on ns-3.48's -O3 build)
        light->SetAttribute("FieldOfView", DoubleValue(61));
        NS_TEST_EXPECT_MSG_EQ(light->IsInGeometry(led, At(s, 0, 2 - c), 0), true, "FOV 61");
        light->SetAttribute("FieldOfView", DoubleValue(59));
        NS_TEST_EXPECT_MSG_EQ(light->IsInGeometry(led, At(s, 0, 2 - c), 0), false, "FOV 59");
    }
};

/**
 * \brief QR: decodable exactly up to d_max = f * moduleSize / MinPixelsPerModule, not
 * beyond; a zoom multiplies d_max; the view angle; the capacity of version 1-L and 40-H.
 */
class OobQrGeometryTestCase : public TestCase
{
  public:
    OobQrGeometryTestCase()
        : TestCase("QR: decoding distance, zoom, view angle, capacity")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<QrOobChannel> qr = CreateObject<QrOobChannel>();
        const double moduleSize = 0.025 / (17 + 4 * 3);
        const double dMax = 3000 * moduleSize / 3;
        NS_TEST_EXPECT_MSG_EQ_TOL(qr->GetModuleSize(), moduleSize, 1e-15, "module size");
        NS_TEST_EXPECT_MSG_EQ_TOL(qr->GetMaxDecodingDistance(0), dMax, 1e-12, "d_max");
        NS_TEST_EXPECT_MSG_EQ_TOL(qr->GetRange(), dMax, 1e-12, "Range is d_max");
        Ptr<MobilityModel> label = At(0, 0, 0);
        const double at = qr->GetMaxDecodingDistance(0);
        NS_TEST_EXPECT_MSG_EQ(qr->IsInGeometry(label, At(0, 0, at), 0), true, "at d_max");
        NS_TEST_EXPECT_MSG_EQ(qr->GetFrameSuccessProbability(label, At(0, 0, at), 0, 8),
                              1.0,
                              "p = 1 at d_max");
        NS_TEST_EXPECT_MSG_EQ(qr->IsInGeometry(label, At(0, 0, at * (1 + 1e-9)), 0),
                              false,
                              "beyond d_max");
        NS_TEST_EXPECT_MSG_EQ(qr->GetFrameSuccessProbability(label, At(0, 0, at * 1.001), 0, 8),
                              0.0,
                              "p = 0 beyond");
        NS_TEST_EXPECT_MSG_EQ_TOL(qr->GetSnrDb(label, At(0, 0, dMax / 2), 0),
                                  20 * std::log10(2.0),
                                  1e-9,
                                  "margin: twice the pixels");
        // A 4x zoom
        const double gain = OobNetDevice::ZoomToGainDb(4);
        NS_TEST_EXPECT_MSG_EQ_TOL(qr->GetMaxDecodingDistance(gain), 4 * dMax, 1e-12, "zoom");
        NS_TEST_EXPECT_MSG_EQ(qr->IsInGeometry(label, At(0, 0, 3.99 * dMax), gain), true, "");
        NS_TEST_EXPECT_MSG_EQ(qr->IsInGeometry(label, At(0, 0, 4.01 * dMax), gain), false, "");
        NS_TEST_EXPECT_MSG_EQ(qr->IsInGeometry(label, At(0, 0, 3.99 * dMax), 0), false, "");
        // View angle: 44 degrees off the normal decodes, 46 does not
        for (double deg : {44.0, 46.0})
        {
            const double r = deg * M_PI / 180;
            NS_TEST_EXPECT_MSG_EQ(
                qr->IsInGeometry(label, At(0.3 * std::sin(r), 0, 0.3 * std::cos(r)), 0),
                (deg < 45),
                "view angle " << deg);
        }
        // Capacity (ISO/IEC 18004 table 7)
        NS_TEST_EXPECT_MSG_EQ(QrOobChannel::GetByteCapacity(1, QrOobChannel::EC_L), 17u, "1-L");
        NS_TEST_EXPECT_MSG_EQ(QrOobChannel::GetByteCapacity(1, QrOobChannel::EC_H), 7u, "1-H");
        NS_TEST_EXPECT_MSG_EQ(QrOobChannel::GetByteCapacity(40, QrOobChannel::EC_L), 2953u, "40-L");
        NS_TEST_EXPECT_MSG_EQ(QrOobChannel::GetByteCapacity(40, QrOobChannel::EC_H), 1273u, "40-H");
        NS_TEST_EXPECT_MSG_EQ(qr->GetMaxPayload(), 42u, "default 3-M");
        NS_TEST_EXPECT_MSG_EQ(qr->IsTwoWay(), false, "one-way");
    }
};

/**
 * \brief Frame success probability (1 - BER)^bits against the hand formula, and 2000 NFC
 * frames at the distance where p = 0.5: the count received lies within 4 sigma of n p.
 */
class OobFrameSuccessTestCase : public TestCase
{
  public:
    OobFrameSuccessTestCase()
        : TestCase("frame success (1-BER)^bits; empirical rate within 4 sigma")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<NfcOobChannel> nfc = CreateObject<NfcOobChannel>();
        Ptr<MobilityModel> o = At(0, 0, 0);
        const uint32_t sdu = 20;
        const uint32_t bits = (sdu + 16 + 4) * 8;
        for (double d : {0.1, 0.11, 0.12, 0.13})
        {
            const double snr = 20 - 60 * std::log10(d / 0.1);
            const double hand = std::pow(1 - BerOok(snr), bits);
            NS_TEST_EXPECT_MSG_EQ_TOL(nfc->GetFrameSuccessProbability(o, At(d, 0, 0), 0, bits),
                                      hand,
                                      1e-9 * hand + 1e-300,
                                      "NFC at " << d);
        }
        Ptr<AudioOobChannel> audio = CreateObject<AudioOobChannel>();
        const double snr = 65 - 20 * std::log10(4.0) - 45;
        const double ber = 0.5 * std::exp(-std::pow(10.0, snr / 10) / 2);
        NS_TEST_EXPECT_MSG_EQ_TOL(audio->GetFrameSuccessProbability(o, At(4, 0, 0), 0, bits),
                                  std::pow(1 - ber, bits),
                                  1e-9,
                                  "audio at 4 m");

        // The distance where p = 0.5, by bisection
        double lo = 0.1;
        double hi = 0.2;
        for (int i = 0; i < 60; ++i)
        {
            const double mid = (lo + hi) / 2;
            (nfc->GetFrameSuccessProbability(o, At(mid, 0, 0), 0, bits) > 0.5 ? lo : hi) = mid;
        }
        OobChannelHelper helper;
        OobBed bed(helper, {Vector(0, 0, 0), Vector(lo, 0, 0)});
        helper.AssignStreams(bed.devices, 7);
        Ptr<OobChannel> channel = bed.Dev(0)->GetOobChannel();
        const double p = channel->GetFrameSuccessProbability(bed.Dev(0)->GetMobility(),
                                                             bed.Dev(1)->GetMobility(),
                                                             0,
                                                             bits);
        NS_TEST_ASSERT_MSG_EQ_TOL(p, 0.5, 1e-6, "p = 0.5 there");
        const uint32_t n = 2000;
        uint32_t biterrors = 0;
        bed.Dev(1)->TraceConnectWithoutContext(
            "PhyRxDrop",
            MakeCallback(+[](uint32_t* k, Ptr<const Packet>, OobNetDevice::DropReason r) {
                *k += (r == OobNetDevice::BIT_ERRORS);
            }).Bind(&biterrors));
        for (uint32_t i = 0; i < n; ++i)
        {
            Simulator::Schedule(Seconds(i * 0.1), [&bed]() { bed.Send(0, 1, 20); });
        }
        Simulator::Run();
        const double k = bed.received[1];
        const double sigma = std::sqrt(n * p * (1 - p));
        NS_TEST_EXPECT_MSG_LT(std::abs(k - n * p), 4 * sigma, "received " << k << " of " << n);
        NS_TEST_EXPECT_MSG_EQ(bed.received[1] + biterrors, n, "the others: bit errors");
        Simulator::Destroy();
    }
};

/**
 * \brief Delivery decided by mobility: a receiver walking towards an NFC transmitter gets
 * nothing while far and every frame once within Range.
 */
class OobWalkInTestCase : public TestCase
{
  public:
    OobWalkInTestCase()
        : TestCase("a receiver walking into range starts receiving")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer nodes;
        nodes.Create(2);
        Ptr<ConstantPositionMobilityModel> fixed = CreateObject<ConstantPositionMobilityModel>();
        fixed->SetPosition(Vector(0, 0, 0));
        nodes.Get(0)->AggregateObject(fixed);
        // From 1 m towards the transmitter at 0.1 m/s: at 0.1 m after 9 s, at 0 after 10 s
        Ptr<ConstantVelocityMobilityModel> walker = CreateObject<ConstantVelocityMobilityModel>();
        walker->SetPosition(Vector(1, 0, 0));
        walker->SetVelocity(Vector(-0.1, 0, 0));
        nodes.Get(1)->AggregateObject(walker);
        OobChannelHelper helper;
        NetDeviceContainer devices = helper.Install(nodes);
        helper.AssignStreams(devices, 1);
        Ptr<OobNetDevice> tx = DynamicCast<OobNetDevice>(devices.Get(0));
        Ptr<OobNetDevice> rx = DynamicCast<OobNetDevice>(devices.Get(1));
        std::vector<double> receivedAt;
        std::vector<double> lostAt;
        rx->TraceConnectWithoutContext(
            "PhyRxEnd",
            MakeCallback(+[](std::vector<double>* v, Ptr<MobilityModel> m, Ptr<const Packet>) {
                v->push_back(m->GetPosition().x);
            }).Bind(&receivedAt, Ptr<MobilityModel>(walker)));
        rx->TraceConnectWithoutContext("PhyRxDrop",
                                       MakeCallback(+[](std::vector<double>* v,
                                                        Ptr<MobilityModel> m,
                                                        Ptr<const Packet>,
                                                        OobNetDevice::DropReason) {
                                           v->push_back(m->GetPosition().x);
                                       }).Bind(&lostAt, Ptr<MobilityModel>(walker)));
        for (int i = 0; i < 19; ++i)
        {
            Simulator::Schedule(Seconds(i * 0.5), [tx, rx]() {
                tx->Send(Create<Packet>(20), rx->GetAddress(), 0x88b5);
            });
        }
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(receivedAt.size() + lostAt.size(), 19u, "every frame decided");
        NS_TEST_EXPECT_MSG_GT(receivedAt.size(), 0u, "it received once near");
        for (double x : receivedAt)
        {
            NS_TEST_EXPECT_MSG_LT(x, 0.2, "nothing received beyond 0.2 m (" << x << ")");
        }
        for (double x : lostAt)
        {
            NS_TEST_EXPECT_MSG_GT(x, 0.1, "nothing lost within Range (" << x << ")");
        }
        Simulator::Destroy();
    }
};

/**
 * \brief Addressed delivery against a promiscuous eavesdropper; roles: a RECEIVER cannot
 * send, a TRANSMITTER receives nothing; QR one-way with MaxPayload; half-duplex.
 */
class OobDeliveryTestCase : public TestCase
{
  public:
    OobDeliveryTestCase()
        : TestCase("addressed, broadcast and promiscuous delivery; roles; QR one-way")
    {
    }

  private:
    void DoRun() override
    {
        // NFC: A at 0, B at 5 cm, C (ordinary) and E (eavesdropper, 60 dB) at 1 m
        {
            OobChannelHelper helper;
            OobBed bed(helper,
                       {Vector(0, 0, 0), Vector(0.05, 0, 0), Vector(0, 1, 0), Vector(0, -1, 0)});
            bed.Dev(3)->SetAttribute("ReceiverGain", DoubleValue(60));
            bed.Promiscuous(3);
            helper.AssignStreams(bed.devices, 3);
            bed.Send(0, 1, 20);  // to B
            bed.Send(0, -1, 20); // broadcast
            Simulator::Run();
            NS_TEST_EXPECT_MSG_EQ(bed.received[1], 2u, "B: addressed + broadcast");
            NS_TEST_EXPECT_MSG_EQ(bed.received[2], 0u, "C at 1 m hears nothing");
            NS_TEST_EXPECT_MSG_EQ(bed.promiscuous[3], 2u, "E hears both");
            NS_TEST_EXPECT_MSG_EQ(bed.otherHost[3], 1u, "one was for another host");
            NS_TEST_EXPECT_MSG_EQ(bed.received[3], 1u, "E's rx callback: the broadcast only");
            Simulator::Destroy();
        }
        // A RECEIVER cannot send; a TRANSMITTER drops what reaches it
        {
            OobChannelHelper helper;
            OobBed bed(helper, {Vector(0, 0, 0), Vector(0.05, 0, 0)});
            bed.Dev(0)->SetAttribute("Role", EnumValue(OobNetDevice::RECEIVER));
            bed.Dev(1)->SetAttribute("Role", EnumValue(OobNetDevice::TRANSMITTER));
            std::vector<int> txDrops;
            std::vector<int> rxDrops;
            bed.Dev(0)->TraceConnectWithoutContext("MacTxDrop",
                                                   MakeCallback(+[](std::vector<int>* v,
                                                                    Ptr<const Packet>,
                                                                    OobNetDevice::TxDropReason r) {
                                                       v->push_back(r);
                                                   }).Bind(&txDrops));
            bed.Dev(0)->TraceConnectWithoutContext("PhyRxDrop",
                                                   MakeCallback(+[](std::vector<int>* v,
                                                                    Ptr<const Packet>,
                                                                    OobNetDevice::DropReason r) {
                                                       v->push_back(r);
                                                   }).Bind(&rxDrops));
            NS_TEST_EXPECT_MSG_EQ(bed.Send(0, 1, 10), false, "a RECEIVER cannot send");
            NS_TEST_EXPECT_MSG_EQ(txDrops.size(), 1u, "MacTxDrop");
            NS_TEST_EXPECT_MSG_EQ(bed.Send(1, 0, 10), true, "a TRANSMITTER sends");
            Simulator::Run();
            NS_TEST_EXPECT_MSG_EQ(bed.received[0], 1u, "the RECEIVER received it");
            NS_TEST_EXPECT_MSG_EQ(rxDrops.size(), 0u, "no drop at the RECEIVER");
            Simulator::Destroy();
        }
        // QR: a version 1-L label and a camera 0.2 m above it, a second camera 2 m above
        {
            OobChannelHelper helper;
            helper.SetChannel("ns3::QrOobChannel",
                              "Version",
                              UintegerValue(1),
                              "ErrorCorrection",
                              EnumValue(QrOobChannel::EC_L));
            helper.SetDeviceAttribute("Role", EnumValue(OobNetDevice::RECEIVER));
            OobBed bed(helper, {Vector(0, 0, 0), Vector(0, 0, 0.2), Vector(0, 0, 2)});
            bed.Dev(0)->SetAttribute("Role", EnumValue(OobNetDevice::TRANSMITTER));
            NS_TEST_EXPECT_MSG_EQ(bed.Dev(0)->GetMtu(), 17u, "MTU = capacity of 1-L");
            NS_TEST_EXPECT_MSG_EQ(bed.Send(1, 0, 5), false, "the camera cannot transmit");
            NS_TEST_EXPECT_MSG_EQ(bed.Send(0, -1, 18), false, "18 bytes do not fit 1-L");
            NS_TEST_EXPECT_MSG_EQ(bed.Send(0, -1, 17), true, "17 bytes do");
            uint32_t geometry = 0;
            bed.Dev(2)->TraceConnectWithoutContext(
                "PhyRxDrop",
                MakeCallback(+[](uint32_t* k, Ptr<const Packet>, OobNetDevice::DropReason r) {
                    *k += (r == OobNetDevice::OUT_OF_GEOMETRY);
                }).Bind(&geometry));
            Time at;
            bed.Dev(1)->TraceConnectWithoutContext(
                "PhyRxEnd",
                MakeCallback(+[](Time* t, Ptr<const Packet>) { *t = Simulator::Now(); }).Bind(&at));
            Simulator::Run();
            NS_TEST_EXPECT_MSG_EQ(bed.received[1], 1u, "the near camera decoded it");
            NS_TEST_EXPECT_MSG_EQ(at,
                                  MilliSeconds(1500) + Seconds(0.2 / 299792458.0),
                                  "after the scan latency (and 0.2 m at light speed)");
            NS_TEST_EXPECT_MSG_EQ(bed.received[2], 0u, "the far camera did not");
            NS_TEST_EXPECT_MSG_EQ(geometry, 1u, "too few pixels per module");
            Simulator::Destroy();
        }
        // Half-duplex: A and B send at once; each was transmitting during the other's frame
        {
            OobChannelHelper helper;
            OobBed bed(helper, {Vector(0, 0, 0), Vector(0.05, 0, 0)});
            uint32_t busy = 0;
            for (uint32_t i = 0; i < 2; ++i)
            {
                bed.Dev(i)->TraceConnectWithoutContext(
                    "PhyRxDrop",
                    MakeCallback(+[](uint32_t* k, Ptr<const Packet>, OobNetDevice::DropReason r) {
                        *k += (r == OobNetDevice::TRANSMITTING);
                    }).Bind(&busy));
            }
            bed.Send(0, 1, 20);
            bed.Send(1, 0, 20);
            Simulator::Run();
            NS_TEST_EXPECT_MSG_EQ(busy, 2u, "both lost to half-duplex");
            NS_TEST_EXPECT_MSG_EQ(bed.received[0] + bed.received[1], 0u, "none received");
            Simulator::Destroy();
        }
    }
};

/**
 * \brief Energy: TxPower x airtime per frame sent, RxPower x airtime per frame received,
 * exactly; queued frames go one after another.
 */
class OobEnergyTestCase : public TestCase
{
  public:
    OobEnergyTestCase()
        : TestCase("energy = power x airtime; frames queue one after another")
    {
    }

  private:
    void DoRun() override
    {
        OobChannelHelper helper;
        helper.SetChannel("ns3::LightOobChannel");
        helper.SetDeviceAttribute("TxPower", DoubleValue(0.25));
        helper.SetDeviceAttribute("RxPower", DoubleValue(0.125));
        OobBed bed(helper, {Vector(0, 0, 1), Vector(0, 0, 0.5)});
        double traced = 0;
        bed.Dev(0)->TraceConnectWithoutContext(
            "EnergyConsumed",
            MakeCallback(+[](double* t, double, double now) { *t = now; }).Bind(&traced));
        std::vector<Time> ends;
        bed.Dev(0)->TraceConnectWithoutContext(
            "PhyTxEnd",
            MakeCallback(+[](std::vector<Time>* v, Ptr<const Packet>) {
                v->push_back(Simulator::Now());
            }).Bind(&ends));
        for (int i = 0; i < 3; ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(bed.Send(0, 1, 10), true, "queued");
        }
        NS_TEST_EXPECT_MSG_EQ(bed.Dev(0)->GetQueueLength(), 2u, "two wait");
        Simulator::Run();
        const Time airtime = bed.Dev(0)->GetOobChannel()->GetTransmissionTime(10 + 16);
        NS_TEST_ASSERT_MSG_EQ(ends.size(), 3u, "three frames");
        for (uint32_t i = 0; i < 3; ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(ends[i], airtime * (i + 1), "back to back");
        }
        NS_TEST_EXPECT_MSG_EQ(bed.received[1], 3u, "all received at 0.5 m");
        NS_TEST_EXPECT_MSG_EQ_TOL(bed.Dev(0)->GetEnergyConsumed(),
                                  3 * 0.25 * airtime.GetSeconds(),
                                  1e-12,
                                  "TxPower x airtime");
        NS_TEST_EXPECT_MSG_EQ_TOL(traced, bed.Dev(0)->GetEnergyConsumed(), 1e-15, "traced");
        NS_TEST_EXPECT_MSG_EQ_TOL(bed.Dev(1)->GetEnergyConsumed(),
                                  3 * 0.125 * airtime.GetSeconds(),
                                  1e-12,
                                  "RxPower x airtime");
        Simulator::Destroy();
    }
};

/**
 * \brief The iotsec-oob-channel test suite.
 */
class OobChannelTestSuite : public TestSuite
{
  public:
    OobChannelTestSuite()
        : TestSuite("iotsec-oob-channel", TestSuite::Type::UNIT)
    {
        AddTestCase(new OobTransmissionTimeTestCase, iotsectest::QUICK);
        AddTestCase(new OobSnrLawTestCase, iotsectest::QUICK);
        AddTestCase(new OobQrGeometryTestCase, iotsectest::QUICK);
        AddTestCase(new OobFrameSuccessTestCase, iotsectest::QUICK);
        AddTestCase(new OobWalkInTestCase, iotsectest::QUICK);
        AddTestCase(new OobDeliveryTestCase, iotsectest::QUICK);
        AddTestCase(new OobEnergyTestCase, iotsectest::QUICK);
    }
};

/// The suite's instance
static OobChannelTestSuite g_oobChannelTestSuite;
