/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "device-profile.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/iotsec-compat.h"
#include "ns3/log.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <limits>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DeviceProfile");

NS_OBJECT_ENSURE_REGISTERED(DeviceProfile);

namespace
{

/// Radio currents of one transceiver (doc/iotsec.rst lists the sources)
struct RadioFigures
{
    const char* name;  //!< radio
    double txPowerDbm; //!< output power the TX current is given for
    double tx;         //!< TX current [A]
    double rx;         //!< RX current [A]
    double idle;       //!< idle current [A]
    double sleep;      //!< sleep current [A]
};

/// TI CC2420 datasheet (SWRS041): TX 17.4 mA at 0 dBm, RX 18.8 mA, idle 426 uA, power down
/// 20 uA
const RadioFigures CC2420_RADIO = {"CC2420", 0.0, 17.4e-3, 18.8e-3, 426e-6, 20e-6};

/// TI CC2538 datasheet (SWRS096): active-mode TX 24 mA at 0 dBm and RX 20 mA (CPU idle),
/// power mode 1 0.6 mA (idle), power mode 2 1.3 uA (sleep)
const RadioFigures CC2538_RADIO = {"CC2538", 0.0, 24e-3, 20e-3, 0.6e-3, 1.3e-6};

/// Every figure of a preset (doc/iotsec.rst, "Device profiles", gives each one's source)
struct PresetFigures
{
    const char* name;                 //!< preset name
    DeviceProfile::DeviceClass klass; //!< RFC 7228 class
    uint32_t ramBytes;                //!< RAM
    uint32_t securityRamBytes;        //!< RAM for security state
    uint32_t flashBytes;              //!< flash
    double cpuFrequency;              //!< [Hz]
    double supplyVoltage;             //!< [V]
    double cpuActiveCurrent;          //!< [A]
    double cpuSleepCurrent;           //!< [A]
    bool hardwareAes;                 //!< AES engine in use
    uint64_t aesBlockCycles;          //!< software AES-128 block
    uint64_t aesBlockCyclesHw;        //!< AES-128 block on the engine
    uint64_t ccmSetupCycles;          //!< per CCM operation, software
    uint64_t ccmSetupCyclesHw;        //!< per CCM operation, engine
    uint64_t ccmByteCycles;           //!< per CCM byte (payload + AAD)
    uint64_t sha256BlockCycles;       //!< SHA-256 compression
    uint64_t prfBlockCycles;          //!< 32-byte PRF output block
    uint64_t randomByteCycles;        //!< random byte
    uint64_t ecdhCycles;              //!< ECDH
    uint64_t ecdsaSignCycles;         //!< ECDSA sign
    uint64_t ecdsaVerifyCycles;       //!< ECDSA verify
    const RadioFigures* radio;        //!< radio currents
};

// MSP430 software crypto (TelosB and the Class 0 mote share the CPU core):
//  - AES-128: 132 cycles/byte (Buhrow et al. 2015) x 16 = 2112 cycles per block;
//  - SHA-256: 16240 cycles per 64-byte block, derived from the 40.6k cycles of a SHA-512
//    compression on an MSP430F1611 (Franck & Grosschaedl 2021) scaled by the 16-bit work per
//    block: 64 rounds on 32-bit words against 80 rounds on 64-bit words, 64 / (80 x 2) = 0.4;
//  - PRF: 9 SHA-256 compressions per 32-byte output block (two HMACs, no cached pads);
//  - RANDOM: a CTR-DRBG, one AES block per 16 bytes: 2112 / 16 = 132 cycles per byte;
//  - ECC: X25519 on MSP430X with a 16-bit multiplier, 7933296 cycles (Duell et al. 2015),
//    as a proxy for one P-256 scalar multiplication; verify = two multiplications.
constexpr uint64_t MSP430_AES = 2112;
constexpr uint64_t MSP430_SHA = 16240;
constexpr uint64_t MSP430_ECC = 7933296;

// Cortex-M3 (CC2538):
//  - software AES-128: 645 cycles per block (Schwabe & Stoffelen 2016, CTR mode on M3);
//  - AES engine: 110 cycles per AES block and 5400 cycles per CCM operation, derived from TI's
//    AES-CCM driver timings on a comparable TI Cortex-M AES engine (MSP432E4 at 120 MHz,
//    polling: 47 us for 16 bytes, 512 us for 4096 bytes): (512-47) us / 255 blocks = 1.82 us
//    = 219 cycles per 16-byte CCM block (two AES operations), and 47 us - 1.82 us = 45 us =
//    5400 cycles of set-up; no CC2538 driver benchmark was found;
//  - SHA-256 in software: 3100 cycles per block, an estimate (64 rounds of about 40 cycles
//    and a 48-word message schedule), not a measurement; the CC2538's SHA engine is not used;
//  - ECC: X25519 on Cortex-M0, 3589850 cycles (Duell et al. 2015), as an upper-bound proxy;
//    the CC2538's public-key accelerator is not modelled.
constexpr uint64_t CM3_SHA = 3100;
constexpr uint64_t CM3_ECC = 3589850;

// Raspberry Pi 3 B+ (Cortex-A53 at 1.4 GHz, no ARMv8 crypto extensions):
//  - AES-128: OpenSSL aes-128-cbc on 16-byte calls, 30500 kB/s (sbc-bench results, Raspbian
//    Stretch, kernel 4.14): 1.4e9 x 16 / 30.5e6 = 734 cycles per block;
//  - SHA-256: 1500 cycles per block and ECC 1e6 cycles per operation are estimates, not
//    measurements.
constexpr uint64_t RPI_AES = 734;
constexpr uint64_t RPI_SHA = 1500;
constexpr uint64_t RPI_ECC = 1000000;

// Java Card secure element (JavaCardSE): every cryptographic call pays the card's bytecode
// interpreter and API dispatch, about a millisecond per call on current cards (JCAlgTest's
// knowledge base: a target operation takes "~one ms" against the tens of ms of its APDU
// exchange). At a 25 MHz core clock, 1 ms is 25000 cycles. The figures are calibrated
// against Urien's ranges for a whole handshake (full 1-10 s, resumed 0.5-5 s), not measured
// per operation:
//  - SHA-256: 1 ms per 64-byte block (the MessageDigest call);
//  - AES-128 block on the card's engine: 0.5 ms; CCM in bytecode around it: 4 ms per
//    operation and 20 us (500 cycles) per byte;
//  - PRF: an HMAC-SHA256 in bytecode, 20 ms per 32-byte output block;
//  - RANDOM: 0.2 ms per byte (RandomData);
//  - ECC: 100 ms per P-256 operation (the card's PKI engine), unused by the PSK suites.
constexpr double JC_CLOCK = 25e6;
constexpr uint64_t JC_SHA = 100000;
constexpr uint64_t JC_AES = 12500;
constexpr uint64_t JC_CCM = 500000;
constexpr uint64_t JC_CCM_BYTE = 500;
constexpr uint64_t JC_PRF = 6000000;
constexpr uint64_t JC_RANDOM_BYTE = 10000;
constexpr uint64_t JC_ECC = 2500000;

// clang-format off
const PresetFigures PRESETS[] = {
    // Class 0: TI MSP430F1232 (SLAS312C): 256 B RAM, 8 KiB flash, 8 MHz; 300 uA/MHz at 3 V
    // (active current scales with the clock); LPM3 1.6 uA at 3 V. CC2420 radio. No RAM for
    // security state: a Class 0 device cannot run DTLS.
    {"Class0Mote", DeviceProfile::CLASS_0, 256, 0, 8 * 1024, 8e6, 3.0, 8 * 300e-6, 1.6e-6,
     false, MSP430_AES, MSP430_AES, 0, 0, 0, MSP430_SHA, 9 * MSP430_SHA, MSP430_AES / 16,
     MSP430_ECC, MSP430_ECC, 2 * MSP430_ECC, &CC2420_RADIO},
    // Class 1: TelosB / Tmote Sky: MSP430F1611 at 8 MHz, 10 KiB RAM, 48 KiB flash (Moteiv
    // Tmote Sky datasheet); 500 uA/MHz at 3 V and LPM3 2.6 uA at 3 V (SLAS368G); CC2420.
    // 768 bytes of the 10 KiB are left for security state (an assumption: OS, network stack,
    // buffers and the DTLS code take the rest), chosen so that with this engine's state
    // sizes it holds one DTLS association, like tinydtls's default of one peer.
    {"TelosB", DeviceProfile::CLASS_1, 10 * 1024, 768, 48 * 1024, 8e6, 3.0, 8 * 500e-6, 2.6e-6,
     false, MSP430_AES, MSP430_AES, 0, 0, 0, MSP430_SHA, 9 * MSP430_SHA, MSP430_AES / 16,
     MSP430_ECC, MSP430_ECC, 2 * MSP430_ECC, &CC2420_RADIO},
    // Class 2: TI CC2538 (SWRS096): Cortex-M3 at 32 MHz, 32 KiB RAM, 512 KiB flash, 13 mA
    // with the CPU running at 32 MHz, power mode 2 1.3 uA; AES engine in use. 8 KiB for
    // security state (assumption).
    {"CC2538", DeviceProfile::CLASS_2, 32 * 1024, 8 * 1024, 512 * 1024, 32e6, 3.0, 13e-3,
     1.3e-6, true, 645, 110, 0, 5400, 0, CM3_SHA, 9 * CM3_SHA, 7, CM3_ECC, CM3_ECC,
     2 * CM3_ECC, &CC2538_RADIO},
    // Unconstrained SSM-class host: Raspberry Pi 3 B+, 1.4 GHz, 1 GiB RAM; 500 mA typical
    // bare-board active current at 5 V (Raspberry Pi documentation), used for busy and idle
    // alike; 64 MiB for security state (assumption); an 802.15.4 radio with CC2538 figures.
    {"RaspberryPi3", DeviceProfile::UNCONSTRAINED, 1024u * 1024 * 1024, 64u * 1024 * 1024,
     std::numeric_limits<uint32_t>::max(), 1.4e9, 5.0, 0.5, 0.5, false, RPI_AES, RPI_AES, 0,
     0, 0, RPI_SHA, 9 * RPI_SHA, RPI_AES / 16, RPI_ECC, RPI_ECC, 2 * RPI_ECC, &CC2538_RADIO},
    // 6LoWPAN border router: the same Raspberry Pi 3 B+ host with a CC2538 radio (as in
    // 6LBR deployments with a slip-radio), mains-powered.
    {"BorderRouter", DeviceProfile::UNCONSTRAINED, 1024u * 1024 * 1024, 64u * 1024 * 1024,
     std::numeric_limits<uint32_t>::max(), 1.4e9, 5.0, 0.5, 0.5, false, RPI_AES, RPI_AES, 0,
     0, 0, RPI_SHA, 9 * RPI_SHA, RPI_AES / 16, RPI_ECC, RPI_ECC, 2 * RPI_ECC, &CC2538_RADIO},
    // Secure element: a Java Card's TLS stack (Urien 2016). Calibrated, not measured: the
    // figures below (JC_*) make a PSK TLS handshake in the card, with its APDUs at 9600 bit/s,
    // fall inside the paper's ranges (doc/iotsec.rst, "Secure elements"). 25 MHz core, 8 KiB
    // RAM, 4 mA at 1.8 V (order of magnitude for a smart-card controller); no radio.
    {"JavaCardSE", DeviceProfile::CLASS_1, 8 * 1024, 2 * 1024, 512 * 1024, JC_CLOCK, 1.8, 4e-3,
     50e-6, true, JC_AES, JC_AES, JC_CCM, JC_CCM, JC_CCM_BYTE, JC_SHA, JC_PRF, JC_RANDOM_BYTE,
     JC_ECC, JC_ECC, 2 * JC_ECC, &CC2538_RADIO},
    // Reference host for studies that leave the client's own costs out: cryptography takes
    // no time and no energy, RAM is unbounded; CC2538 radio currents.
    {"Unconstrained", DeviceProfile::UNCONSTRAINED, std::numeric_limits<uint32_t>::max(),
     std::numeric_limits<uint32_t>::max(), std::numeric_limits<uint32_t>::max(), 1e9, 3.0, 0,
     0, false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, &CC2538_RADIO},
};

// clang-format on

/**
 * \param a a size
 * \param b a block size
 * \return ceil(a / b)
 */
uint64_t
Blocks(uint64_t a, uint64_t b)
{
    return (a + b - 1) / b;
}

} // namespace

TypeId
DeviceProfile::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::DeviceProfile")
            .SetParent<Object>()
            .SetGroupName("Iotsec")
            .AddConstructor<DeviceProfile>()
            .AddAttribute("Name",
                          "The preset the figures came from (informational).",
                          StringValue("custom"),
                          MakeStringAccessor(&DeviceProfile::m_name),
                          MakeStringChecker())
            .AddAttribute("DeviceClass",
                          "RFC 7228 class: Class0 (cannot run DTLS), Class1, Class2 or "
                          "Unconstrained.",
                          EnumValue(DeviceProfile::UNCONSTRAINED),
                          iotsec_compat::MakeEnumAccessor<DeviceProfile::DeviceClass>(
                              &DeviceProfile::m_class),
                          MakeEnumChecker(DeviceProfile::CLASS_0,
                                          "Class0",
                                          DeviceProfile::CLASS_1,
                                          "Class1",
                                          DeviceProfile::CLASS_2,
                                          "Class2",
                                          DeviceProfile::UNCONSTRAINED,
                                          "Unconstrained"))
            .AddAttribute("RamBytes",
                          "Total RAM in bytes (informational).",
                          UintegerValue(std::numeric_limits<uint32_t>::max()),
                          MakeUintegerAccessor(&DeviceProfile::m_ramBytes),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("SecurityRamBytes",
                          "RAM available for security state (DTLS associations, CoAP "
                          "exchanges), in bytes: the RamModel's budget.",
                          UintegerValue(std::numeric_limits<uint32_t>::max()),
                          MakeUintegerAccessor(&DeviceProfile::m_securityRamBytes),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("FlashBytes",
                          "Flash (code) size in bytes (informational).",
                          UintegerValue(std::numeric_limits<uint32_t>::max()),
                          MakeUintegerAccessor(&DeviceProfile::m_flashBytes),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("CpuFrequency",
                          "CPU clock in Hz.",
                          DoubleValue(1e9),
                          MakeDoubleAccessor(&DeviceProfile::m_cpuFrequency),
                          MakeDoubleChecker<double>())
            .AddAttribute("SupplyVoltage",
                          "Supply voltage in V (the energy source's voltage).",
                          DoubleValue(3.0),
                          MakeDoubleAccessor(&DeviceProfile::m_supplyVoltage),
                          MakeDoubleChecker<double>())
            .AddAttribute("CpuActiveCurrent",
                          "CPU current while computing, at CpuFrequency and SupplyVoltage, "
                          "in A. Energy per cycle = CpuActiveCurrent x SupplyVoltage / "
                          "CpuFrequency.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&DeviceProfile::m_cpuActiveCurrent),
                          MakeDoubleChecker<double>())
            .AddAttribute("CpuSleepCurrent",
                          "CPU current while waiting for work (low-power mode), in A.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&DeviceProfile::m_cpuSleepCurrent),
                          MakeDoubleChecker<double>())
            .AddAttribute("HardwareAes",
                          "Use the AES engine (AesBlockCyclesHw, CcmSetupCyclesHw) instead of "
                          "software AES.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&DeviceProfile::m_hardwareAes),
                          MakeBooleanChecker())
            .AddAttribute("AesBlockCycles",
                          "Cycles of one AES-128 block encryption in software.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&DeviceProfile::m_aesBlockCycles),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("AesBlockCyclesHw",
                          "Cycles of one AES-128 block on the AES engine.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&DeviceProfile::m_aesBlockCyclesHw),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("CcmSetupCycles",
                          "Cycles per AES-CCM operation in software besides its AES blocks "
                          "(nonce and B0 formatting, tag check).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&DeviceProfile::m_ccmSetupCycles),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("CcmSetupCyclesHw",
                          "Cycles per AES-CCM operation on the AES engine besides its AES "
                          "blocks (driver and engine set-up).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&DeviceProfile::m_ccmSetupCyclesHw),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("CcmByteCycles",
                          "Cycles per byte of AES-CCM payload and AAD besides the AES blocks "
                          "(XOR, copies).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&DeviceProfile::m_ccmByteCycles),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("Sha256BlockCycles",
                          "Cycles of one SHA-256 compression (64-byte block); HMAC-SHA256 is "
                          "priced from it.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&DeviceProfile::m_sha256BlockCycles),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("PrfBlockCycles",
                          "Cycles per 32-byte output block of the TLS 1.2 PRF (P_SHA256).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&DeviceProfile::m_prfBlockCycles),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("RandomByteCycles",
                          "Cycles per random byte drawn.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&DeviceProfile::m_randomByteCycles),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("EcdhCycles",
                          "Cycles of one ECDH P-256 key agreement.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&DeviceProfile::m_ecdhCycles),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("EcdsaSignCycles",
                          "Cycles of one ECDSA P-256 signature.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&DeviceProfile::m_ecdsaSignCycles),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("EcdsaVerifyCycles",
                          "Cycles of one ECDSA P-256 verification.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&DeviceProfile::m_ecdsaVerifyCycles),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("RadioName",
                          "The radio the currents are taken from (informational).",
                          StringValue("CC2538"),
                          MakeStringAccessor(&DeviceProfile::m_radioName),
                          MakeStringChecker())
            .AddAttribute("RadioTxPower",
                          "Output power in dBm that RadioTxCurrent is given for "
                          "(informational: set RadioTxCurrent for another power).",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&DeviceProfile::m_radioTxPowerDbm),
                          MakeDoubleChecker<double>())
            .AddAttribute("RadioTxCurrent",
                          "Radio current while transmitting (lr-wpan TX_ON, BUSY_TX), in A.",
                          DoubleValue(CC2538_RADIO.tx),
                          MakeDoubleAccessor(&DeviceProfile::m_radioTxCurrent),
                          MakeDoubleChecker<double>())
            .AddAttribute("RadioRxCurrent",
                          "Radio current while listening or receiving (RX_ON, BUSY_RX), in A.",
                          DoubleValue(CC2538_RADIO.rx),
                          MakeDoubleAccessor(&DeviceProfile::m_radioRxCurrent),
                          MakeDoubleChecker<double>())
            .AddAttribute("RadioIdleCurrent",
                          "Radio current in the transceiver's other states, in A.",
                          DoubleValue(CC2538_RADIO.idle),
                          MakeDoubleAccessor(&DeviceProfile::m_radioIdleCurrent),
                          MakeDoubleChecker<double>())
            .AddAttribute("RadioSleepCurrent",
                          "Radio current with the transceiver off (TRX_OFF, FORCE_TRX_OFF), "
                          "in A.",
                          DoubleValue(CC2538_RADIO.sleep),
                          MakeDoubleAccessor(&DeviceProfile::m_radioSleepCurrent),
                          MakeDoubleChecker<double>());
    return tid;
}

DeviceProfile::DeviceProfile()
    : m_class(UNCONSTRAINED)
{
    NS_LOG_FUNCTION(this);
}

std::vector<std::string>
DeviceProfile::GetPresetNames()
{
    std::vector<std::string> names;
    for (const auto& p : PRESETS)
    {
        names.emplace_back(p.name);
    }
    return names;
}

void
DeviceProfile::ApplyPreset(const std::string& name)
{
    NS_LOG_FUNCTION(this << name);
    for (const auto& p : PRESETS)
    {
        if (name == p.name)
        {
            m_name = p.name;
            m_class = p.klass;
            m_ramBytes = p.ramBytes;
            m_securityRamBytes = p.securityRamBytes;
            m_flashBytes = p.flashBytes;
            m_cpuFrequency = p.cpuFrequency;
            m_supplyVoltage = p.supplyVoltage;
            m_cpuActiveCurrent = p.cpuActiveCurrent;
            m_cpuSleepCurrent = p.cpuSleepCurrent;
            m_hardwareAes = p.hardwareAes;
            m_aesBlockCycles = p.aesBlockCycles;
            m_aesBlockCyclesHw = p.aesBlockCyclesHw;
            m_ccmSetupCycles = p.ccmSetupCycles;
            m_ccmSetupCyclesHw = p.ccmSetupCyclesHw;
            m_ccmByteCycles = p.ccmByteCycles;
            m_sha256BlockCycles = p.sha256BlockCycles;
            m_prfBlockCycles = p.prfBlockCycles;
            m_randomByteCycles = p.randomByteCycles;
            m_ecdhCycles = p.ecdhCycles;
            m_ecdsaSignCycles = p.ecdsaSignCycles;
            m_ecdsaVerifyCycles = p.ecdsaVerifyCycles;
            ApplyRadioPreset(p.radio->name);
            return;
        }
    }
    std::ostringstream names;
    for (const auto& n : GetPresetNames())
    {
        names << " " << n;
    }
    NS_FATAL_ERROR("DeviceProfile: unknown preset '" << name << "' (presets:" << names.str()
                                                     << ")");
}

void
DeviceProfile::ApplyRadioPreset(const std::string& name)
{
    for (const RadioFigures* r : {&CC2420_RADIO, &CC2538_RADIO})
    {
        if (name == r->name)
        {
            m_radioName = r->name;
            m_radioTxPowerDbm = r->txPowerDbm;
            m_radioTxCurrent = r->tx;
            m_radioRxCurrent = r->rx;
            m_radioIdleCurrent = r->idle;
            m_radioSleepCurrent = r->sleep;
            return;
        }
    }
    NS_FATAL_ERROR("DeviceProfile: unknown radio '" << name << "' (radios: CC2420 CC2538)");
}

Ptr<DeviceProfile>
DeviceProfile::CreatePreset(const std::string& name)
{
    Ptr<DeviceProfile> p = CreateObject<DeviceProfile>();
    p->ApplyPreset(name);
    return p;
}

void
DeviceProfile::Validate() const
{
    auto check = [this](const char* attribute, double value, bool strictlyPositive) {
        NS_ABORT_MSG_IF(std::isnan(value) || value < 0 || (strictlyPositive && value == 0),
                        "DeviceProfile '" << m_name << "': " << attribute << " must be "
                                          << (strictlyPositive ? "> 0" : ">= 0") << " (got "
                                          << value << ")");
    };
    check("CpuFrequency", m_cpuFrequency, true);
    check("SupplyVoltage", m_supplyVoltage, true);
    check("CpuActiveCurrent", m_cpuActiveCurrent, false);
    check("CpuSleepCurrent", m_cpuSleepCurrent, false);
    check("RadioTxCurrent", m_radioTxCurrent, false);
    check("RadioRxCurrent", m_radioRxCurrent, false);
    check("RadioIdleCurrent", m_radioIdleCurrent, false);
    check("RadioSleepCurrent", m_radioSleepCurrent, false);
}

std::string
DeviceProfile::GetDeviceClassName() const
{
    switch (m_class)
    {
    case CLASS_0:
        return "Class0";
    case CLASS_1:
        return "Class1";
    case CLASS_2:
        return "Class2";
    case UNCONSTRAINED:
        return "Unconstrained";
    }
    return "Unconstrained";
}

std::string
DeviceProfile::GetName() const
{
    return m_name;
}

DeviceProfile::DeviceClass
DeviceProfile::GetDeviceClass() const
{
    return m_class;
}

bool
DeviceProfile::CanHostDtls() const
{
    return m_class != CLASS_0;
}

uint32_t
DeviceProfile::GetSecurityRamBytes() const
{
    return m_securityRamBytes;
}

double
DeviceProfile::GetCpuFrequency() const
{
    return m_cpuFrequency;
}

double
DeviceProfile::GetSupplyVoltage() const
{
    return m_supplyVoltage;
}

double
DeviceProfile::GetCpuActiveCurrent() const
{
    return m_cpuActiveCurrent;
}

double
DeviceProfile::GetCpuSleepCurrent() const
{
    return m_cpuSleepCurrent;
}

double
DeviceProfile::GetEnergyPerCycle() const
{
    return m_cpuActiveCurrent * m_supplyVoltage / m_cpuFrequency;
}

double
DeviceProfile::GetRadioTxCurrent() const
{
    return m_radioTxCurrent;
}

double
DeviceProfile::GetRadioRxCurrent() const
{
    return m_radioRxCurrent;
}

double
DeviceProfile::GetRadioIdleCurrent() const
{
    return m_radioIdleCurrent;
}

double
DeviceProfile::GetRadioSleepCurrent() const
{
    return m_radioSleepCurrent;
}

uint64_t
DeviceProfile::AesCycles() const
{
    return m_hardwareAes ? m_aesBlockCyclesHw : m_aesBlockCycles;
}

uint64_t
DeviceProfile::GetCycles(const CryptoWork& w) const
{
    const uint64_t n = w.bytes;
    switch (w.op)
    {
    case CryptoOp::AES_BLOCK:
        return Blocks(n, 16) * AesCycles();
    case CryptoOp::AES_CCM_SEAL:
    case CryptoOp::AES_CCM_OPEN: {
        // CBC-MAC: B0, the AAD with its 2-byte length, the payload; CTR: payload and A0
        uint64_t aadBlocks = w.aadBytes > 0 ? Blocks(w.aadBytes + 2, 16) : 0;
        uint64_t aesBlocks = 2 + aadBlocks + 2 * Blocks(n, 16);
        uint64_t setup = m_hardwareAes ? m_ccmSetupCyclesHw : m_ccmSetupCycles;
        return setup + m_ccmByteCycles * (n + w.aadBytes) + aesBlocks * AesCycles();
    }
    case CryptoOp::SHA256:
        return Blocks(n, 64) * m_sha256BlockCycles;
    case CryptoOp::HMAC_SHA256:
        return (Blocks(64 + n + 9, 64) + 2) * m_sha256BlockCycles;
    case CryptoOp::PRF_SHA256:
        return Blocks(n, 32) * m_prfBlockCycles;
    case CryptoOp::HKDF_SHA256:
        // RFC 5869: one HMAC to extract, one per 32 output bytes to expand; each HMAC over a
        // short input costs four SHA-256 blocks (inner key block and message, outer two)
        return (1 + Blocks(n, 32)) * 4 * m_sha256BlockCycles;
    case CryptoOp::RANDOM:
        return n * m_randomByteCycles;
    case CryptoOp::ECDH_P256:
        return m_ecdhCycles;
    case CryptoOp::ECDSA_P256_SIGN:
        return m_ecdsaSignCycles;
    case CryptoOp::ECDSA_P256_VERIFY:
        return m_ecdsaVerifyCycles;
    }
    return 0;
}

uint64_t
DeviceProfile::GetCycles(const std::vector<CryptoWork>& work) const
{
    uint64_t cycles = 0;
    for (const auto& w : work)
    {
        cycles += GetCycles(w);
    }
    return cycles;
}

Time
DeviceProfile::GetDuration(uint64_t cycles) const
{
    NS_ABORT_MSG_UNLESS(m_cpuFrequency > 0,
                        "DeviceProfile '" << m_name << "': CpuFrequency must be > 0");
    return NanoSeconds(static_cast<int64_t>(std::llround(double(cycles) * 1e9 / m_cpuFrequency)));
}

} // namespace ns3
