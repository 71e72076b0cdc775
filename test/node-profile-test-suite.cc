/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Device profiles: a known sequence of cryptographic work priced on two profiles (and one
// of them without its AES engine), against cycles, delays and energies computed by hand from
// the figures documented in doc/iotsec.rst.

#include "iotsec-test.h"

#include "ns3/boolean.h"
#include "ns3/cpu-model.h"
#include "ns3/device-profile.h"
#include "ns3/dtls-socket.h"
#include "ns3/enum.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

using namespace ns3;

namespace
{

/// The work priced: what a DTLS server might do in one handshake step
std::vector<CryptoWork>
KnownWork()
{
    return {
        {CryptoOp::RANDOM, 32, 0},        // a random
        {CryptoOp::SHA256, 120, 0},       // transcript update
        {CryptoOp::HMAC_SHA256, 64, 0},   // cookie
        {CryptoOp::PRF_SHA256, 48, 0},    // master secret
        {CryptoOp::PRF_SHA256, 40, 0},    // key block
        {CryptoOp::AES_CCM_SEAL, 12, 13}, // Finished
        {CryptoOp::AES_CCM_OPEN, 100, 13},
        {CryptoOp::AES_BLOCK, 32, 0},
    };
}

} // namespace

/**
 * \ingroup iotsec-tests
 * \brief Cycles, delays and energies of known work on TelosB and CC2538, by hand.
 */
class NodeProfilePricingTestCase : public TestCase
{
  public:
    NodeProfilePricingTestCase()
        : TestCase("profiles: known work priced on TelosB and CC2538 as computed by hand")
    {
    }

  private:
    void DoRun() override
    {
        // TelosB (MSP430F1611, 8 MHz, 4 mA at 3 V): AES block 2112 cycles, SHA-256 block
        // 16240, PRF block 146160, random byte 132.
        //   RANDOM 32            32 x 132                                =   4224
        //   SHA256 120           ceil(120/64) = 2 blocks x 16240         =  32480
        //   HMAC 64              (ceil(137/64) + 2) = 5 blocks x 16240   =  81200
        //   PRF 48, PRF 40       2 x 146160 each                         = 584640
        //   CCM 12 B, AAD 13     2 + ceil(15/16) + 2 x 1 = 5 AES blocks  =  10560
        //   CCM 100 B, AAD 13    2 + 1 + 2 x 7 = 17 AES blocks           =  35904
        //   AES_BLOCK 32         2 blocks                                =   4224
        //                                                          total = 753232
        Ptr<DeviceProfile> telos = DeviceProfile::CreatePreset("TelosB");
        std::vector<CryptoWork> work = KnownWork();
        const uint64_t telosCycles[] = {4224, 32480, 81200, 292320, 292320, 10560, 35904, 4224};
        for (std::size_t i = 0; i < work.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(telos->GetCycles(work[i]),
                                  telosCycles[i],
                                  "TelosB: " << CryptoOpName(work[i].op));
        }
        NS_TEST_EXPECT_MSG_EQ(telos->GetCycles(work), 753232u, "TelosB: total cycles");
        // 125 ns per cycle: 94.154 ms
        NS_TEST_EXPECT_MSG_EQ(telos->GetDuration(753232), NanoSeconds(94154000), "TelosB time");
        // 4 mA x 3 V / 8 MHz = 1.5 nJ per cycle: 1.129848 mJ
        NS_TEST_EXPECT_MSG_EQ_TOL(telos->GetEnergyPerCycle(), 1.5e-9, 1e-21, "TelosB J/cycle");

        // CC2538 (Cortex-M3, 32 MHz, 13 mA at 3 V) with its AES engine: AES block 110
        // cycles, CCM set-up 5400, SHA-256 block 3100, PRF block 27900, random byte 7.
        //   RANDOM 32            32 x 7                                  =    224
        //   SHA256 120           2 x 3100                                =   6200
        //   HMAC 64              5 x 3100                                =  15500
        //   PRF 48, PRF 40       2 x 27900 each                          = 111600
        //   CCM 12 B, AAD 13     5400 + 5 x 110                          =   5950
        //   CCM 100 B, AAD 13    5400 + 17 x 110                         =   7270
        //   AES_BLOCK 32         2 x 110                                 =    220
        //                                                          total = 146964
        Ptr<DeviceProfile> cc = DeviceProfile::CreatePreset("CC2538");
        const uint64_t ccCycles[] = {224, 6200, 15500, 55800, 55800, 5950, 7270, 220};
        for (std::size_t i = 0; i < work.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(cc->GetCycles(work[i]),
                                  ccCycles[i],
                                  "CC2538: " << CryptoOpName(work[i].op));
        }
        NS_TEST_EXPECT_MSG_EQ(cc->GetCycles(work), 146964u, "CC2538: total cycles");
        // 31.25 ns per cycle: 4.592625 ms
        NS_TEST_EXPECT_MSG_EQ(cc->GetDuration(146964), NanoSeconds(4592625), "CC2538 time");
        // 13 mA x 3 V / 32 MHz = 1.21875 nJ per cycle
        NS_TEST_EXPECT_MSG_EQ_TOL(cc->GetEnergyPerCycle(), 1.21875e-9, 1e-21, "CC2538 J/cycle");

        // The same CC2538 without its AES engine: software AES at 645 cycles per block, no
        // engine set-up: CCM 5 x 645 = 3225 and 17 x 645 = 10965, AES_BLOCK 2 x 645 = 1290
        cc->SetAttribute("HardwareAes", BooleanValue(false));
        NS_TEST_EXPECT_MSG_EQ(cc->GetCycles(work),
                              224u + 6200 + 15500 + 111600 + 3225 + 10965 + 1290,
                              "CC2538 in software");

        // The CPU model turns the work into delay and energy: one job on an idle CPU
        Ptr<CpuModel> telosCpu = CreateObject<CpuModel>();
        telosCpu->SetProfile(telos);
        Ptr<CpuModel> ccCpu = CreateObject<CpuModel>();
        ccCpu->SetProfile(DeviceProfile::CreatePreset("CC2538"));
        Time telosDelay;
        Time ccDelay;
        Simulator::Schedule(Seconds(1), [&]() {
            telosDelay = telosCpu->Submit(work);
            ccDelay = ccCpu->Submit(work);
        });
        Simulator::Run();
        Simulator::Destroy();
        NS_TEST_EXPECT_MSG_EQ(telosDelay, NanoSeconds(94154000), "TelosB delay");
        NS_TEST_EXPECT_MSG_EQ(ccDelay, NanoSeconds(4592625), "CC2538 delay");
        NS_TEST_EXPECT_MSG_EQ_TOL(telosCpu->GetActiveEnergy(),
                                  1.129848e-3,
                                  1e-15,
                                  "TelosB: 753232 x 1.5 nJ");
        NS_TEST_EXPECT_MSG_EQ_TOL(ccCpu->GetActiveEnergy(),
                                  1.79112375e-4,
                                  1e-15,
                                  "CC2538: 146964 x 1.21875 nJ");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Every preset is complete and consistent with its RFC 7228 class.
 */
class NodeProfilePresetsTestCase : public TestCase
{
  public:
    NodeProfilePresetsTestCase()
        : TestCase("profiles: presets are valid and ordered by class")
    {
    }

  private:
    void DoRun() override
    {
        std::vector<std::string> names = DeviceProfile::GetPresetNames();
        NS_TEST_EXPECT_MSG_EQ(names.size(), 7u, "seven presets");
        for (const auto& name : names)
        {
            Ptr<DeviceProfile> p = DeviceProfile::CreatePreset(name);
            p->Validate(); // aborts on a bad figure
            NS_TEST_EXPECT_MSG_EQ(p->GetName(), name, "Name attribute");
            bool class0 = p->GetDeviceClass() == DeviceProfile::CLASS_0;
            NS_TEST_EXPECT_MSG_EQ(p->CanHostDtls(), !class0, name << ": only Class 0 cannot");
        }
        Ptr<DeviceProfile> mote = DeviceProfile::CreatePreset("Class0Mote");
        Ptr<DeviceProfile> telos = DeviceProfile::CreatePreset("TelosB");
        Ptr<DeviceProfile> cc = DeviceProfile::CreatePreset("CC2538");
        NS_TEST_EXPECT_MSG_EQ(mote->GetDeviceClassName(), "Class0", "Class 0");
        NS_TEST_EXPECT_MSG_EQ(telos->GetDeviceClassName(), "Class1", "Class 1");
        NS_TEST_EXPECT_MSG_EQ(cc->GetDeviceClassName(), "Class2", "Class 2");
        NS_TEST_EXPECT_MSG_LT(telos->GetSecurityRamBytes(), cc->GetSecurityRamBytes(), "RAM");
        // DeviceClass is an EnumValue: set by name, read back as the enum, unknown names refused
        Ptr<DeviceProfile> custom = CreateObject<DeviceProfile>();
        NS_TEST_EXPECT_MSG_EQ(custom->GetDeviceClass(), DeviceProfile::UNCONSTRAINED, "default");
        custom->SetAttribute("DeviceClass", StringValue("Class1"));
        NS_TEST_EXPECT_MSG_EQ(custom->GetDeviceClass(), DeviceProfile::CLASS_1, "by name");
        custom->SetAttribute("DeviceClass", EnumValue(DeviceProfile::CLASS_0));
        NS_TEST_EXPECT_MSG_EQ(custom->GetDeviceClassName(), "Class0", "by value");
        NS_TEST_EXPECT_MSG_EQ(custom->SetAttributeFailSafe("DeviceClass", StringValue("Class3")),
                              false,
                              "an unknown class is refused");
        NS_TEST_EXPECT_MSG_EQ(custom->GetDeviceClass(),
                              DeviceProfile::CLASS_0,
                              "and changes nothing");
        // So is DtlsSocket::LossRecovery
        Ptr<DtlsSocket> socket = CreateObject<DtlsSocket>();
        StringValue recovery; // the value's name, whichever EnumValue the ns-3 release has
        socket->GetAttribute("LossRecovery", recovery);
        NS_TEST_EXPECT_MSG_EQ(recovery.Get(), "RetransmitFlight", "default");
        socket->SetAttribute("LossRecovery", StringValue("RestartHandshake"));
        socket->GetAttribute("LossRecovery", recovery);
        NS_TEST_EXPECT_MSG_EQ(recovery.Get(), "RestartHandshake", "by name");
        NS_TEST_EXPECT_MSG_EQ(socket->SetAttributeFailSafe("LossRecovery", StringValue("Retry")),
                              false,
                              "an unknown recovery is refused");
        NS_TEST_EXPECT_MSG_EQ(DtlsLossRecoveryName(DtlsLossRecovery::RESTART_HANDSHAKE),
                              "RestartHandshake",
                              "its name for printing");
        // CC2420 on TelosB, the CC2538's own radio on the CC2538
        NS_TEST_EXPECT_MSG_EQ_TOL(telos->GetRadioRxCurrent(), 18.8e-3, 1e-12, "CC2420 RX");
        NS_TEST_EXPECT_MSG_EQ_TOL(telos->GetRadioTxCurrent(), 17.4e-3, 1e-12, "CC2420 TX");
        NS_TEST_EXPECT_MSG_EQ_TOL(cc->GetRadioRxCurrent(), 20e-3, 1e-12, "CC2538 RX");
        NS_TEST_EXPECT_MSG_EQ_TOL(cc->GetRadioTxCurrent(), 24e-3, 1e-12, "CC2538 TX");
        // the reference host prices nothing
        Ptr<DeviceProfile> ideal = DeviceProfile::CreatePreset("Unconstrained");
        NS_TEST_EXPECT_MSG_EQ(ideal->GetCycles(KnownWork()), 0u, "Unconstrained: free");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The profile test suite.
 */
class NodeProfileTestSuite : public TestSuite
{
  public:
    NodeProfileTestSuite()
        : TestSuite("iotsec-node-profile", Type::UNIT)
    {
        AddTestCase(new NodeProfilePricingTestCase, iotsectest::QUICK);
        AddTestCase(new NodeProfilePresetsTestCase, iotsectest::QUICK);
    }
};

/// Static instance: registers the suite
static NodeProfileTestSuite g_nodeProfileTestSuite;
