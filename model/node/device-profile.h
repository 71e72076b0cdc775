/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_DEVICE_PROFILE_H
#define IOTSEC_DEVICE_PROFILE_H

#include "ns3/crypto-work.h"
#include "ns3/nstime.h"
#include "ns3/object.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief What a device is made of: its RFC 7228 class, memory, CPU, the cycle cost of each
 * cryptographic operation, and the currents of its CPU and IEEE 802.15.4 radio.
 *
 * A DeviceProfile is aggregated to a node (NodeModelHelper does this), where the node's
 * CpuModel turns the work that protocol engines report (CryptoWork) into processing delay and
 * CPU energy, its RamModel charges security state against SecurityRamBytes, and the energy
 * models (NodeEnergyHelper) take the CPU and radio currents from it.
 *
 * Every figure is an attribute. Presets (ApplyPreset, CreatePreset) fill them with figures
 * taken from datasheets and papers; doc/iotsec.rst ("Device profiles") lists the source of
 * each figure and how derived figures were obtained:
 *
 * | preset         | class         | device                                              |
 * |----------------|---------------|-----------------------------------------------------|
 * | Class0Mote     | Class0        | MSP430F1232 (256 B RAM, 8 KiB flash) + CC2420       |
 * | TelosB         | Class1        | TelosB/Tmote Sky: MSP430F1611 at 8 MHz + CC2420     |
 * | CC2538         | Class2        | CC2538 SoC: Cortex-M3 at 32 MHz, AES engine, radio  |
 * | RaspberryPi3   | Unconstrained | Raspberry Pi 3 B+ (SSM-class host) + CC2538 radio   |
 * | BorderRouter   | Unconstrained | 6LBR: Raspberry Pi 3 B+ host + CC2538 radio, mains  |
 * | Unconstrained  | Unconstrained | reference host: crypto takes no time, RAM unbounded |
 *
 * Pricing (GetCycles), with B = AesBlockCycles (or AesBlockCyclesHw when HardwareAes) and
 * H = Sha256BlockCycles, for an operation of n bytes:
 * - AES_BLOCK: ceil(n/16) B;
 * - AES_CCM_SEAL/OPEN with a bytes of AAD: CcmSetupCycles (or CcmSetupCyclesHw) +
 *   CcmByteCycles (n + a) + B (2 + ceil((a+2)/16) [a > 0] + 2 ceil(n/16)): CBC-MAC over B0,
 *   the length-prefixed AAD and the payload, CTR over the payload and the tag block A0;
 * - SHA256: ceil(n/64) H (a running hash: padding is not charged per update);
 * - HMAC_SHA256: (ceil((64 + n + 9)/64) + 2) H (inner hash over ipad and message, outer hash
 *   over opad and the inner digest);
 * - PRF_SHA256: ceil(n/32) PrfBlockCycles;
 * - RANDOM: n RandomByteCycles;
 * - ECDH_P256, ECDSA_P256_SIGN, ECDSA_P256_VERIFY: EcdhCycles, EcdsaSignCycles,
 *   EcdsaVerifyCycles per operation.
 *
 * Time is cycles / CpuFrequency, rounded to the nanosecond; energy is cycles times
 * GetEnergyPerCycle() = CpuActiveCurrent x SupplyVoltage / CpuFrequency.
 *
 * Sources of the presets' figures (full references in doc/iotsec.rst):
 * - Class0Mote: TI MSP430F1232 datasheet SLAS312C (256 B RAM, 8 KiB flash, 300 uA/MHz at
 *   3 V, LPM3 1.6 uA); no RAM for security state; MSP430 crypto figures as TelosB; CC2420.
 * - TelosB: Moteiv Tmote Sky datasheet (8 MHz MSP430F1611, 10 KiB RAM, 48 KiB flash);
 *   SLAS368G (500 uA/MHz at 3 V, LPM3 2.6 uA); AES 132 cycles/byte (Buhrow et al. 2015), 2112
 *   per block; SHA-256 16240 cycles per block, derived from a 40.6k-cycle SHA-512
 *   compression on the MSP430F1611 (Franck & Grosschaedl 2021) x 0.4; ECC 7933296 cycles
 *   (X25519 on MSP430X, Duell et al. 2015); 768 bytes of security RAM (assumption: one
 *   association); CC2420 (SWRS041: TX 17.4 mA, RX 18.8 mA, idle 426 uA, off 20 uA).
 * - CC2538: TI SWRS096 (32 MHz Cortex-M3, 32 KiB RAM, 512 KiB flash, 13 mA at 32 MHz, PM2
 *   1.3 uA, RX 20 mA, TX 24 mA); AES engine 110 cycles per block and 5400 per CCM operation,
 *   derived from TI's MSP432E4 AES-CCM driver timings; software AES 645 cycles per block
 *   (Schwabe & Stoffelen 2016); SHA-256 3100 cycles per block (estimate); ECC 3589850 cycles
 *   (X25519 on Cortex-M0, Duell et al. 2015); 8 KiB of security RAM (assumption).
 * - RaspberryPi3, BorderRouter: Raspberry Pi 3 B+ at 1.4 GHz; AES 734 cycles per block,
 *   derived from OpenSSL aes-128-cbc at 30500 kB/s on 16-byte blocks (sbc-bench); SHA-256
 *   and ECC estimates; 500 mA at 5 V (Raspberry Pi documentation); CC2538 radio currents.
 * - Unconstrained: a reference that prices nothing; CC2538 radio currents.
 */
class DeviceProfile : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    DeviceProfile();

    /// RFC 7228 device classes
    enum DeviceClass : uint8_t
    {
        CLASS_0 = 0,       //!< << 10 KiB RAM, << 100 KiB flash: no DTLS
        CLASS_1 = 1,       //!< ~ 10 KiB RAM, ~ 100 KiB flash
        CLASS_2 = 2,       //!< ~ 50 KiB RAM, ~ 250 KiB flash
        UNCONSTRAINED = 3, //!< beyond Class 2
    };

    /**
     * \brief Fill every figure from a named preset (see the class description).
     * \param name a preset name; an unknown name aborts with the list of presets
     */
    void ApplyPreset(const std::string& name);

    /**
     * \brief Set the four radio currents (and RadioName) from a radio datasheet.
     * \param name "CC2420" or "CC2538"; another name aborts
     */
    void ApplyRadioPreset(const std::string& name);

    /**
     * \param name a preset name
     * \return a new profile with that preset's figures
     */
    static Ptr<DeviceProfile> CreatePreset(const std::string& name);

    /// \return the names of the presets
    static std::vector<std::string> GetPresetNames();

    /**
     * \brief Abort with a clear message if a figure is out of range (negative currents, a
     * zero clock or voltage).
     */
    void Validate() const;

    /// \return the preset the figures came from ("custom" if none)
    std::string GetName() const;
    /// \return the RFC 7228 class
    DeviceClass GetDeviceClass() const;
    /// \return the class's name: "Class0", "Class1", "Class2" or "Unconstrained"
    std::string GetDeviceClassName() const;
    /// \return false for RFC 7228 Class 0 devices, which cannot run DTLS
    bool CanHostDtls() const;
    /// \return RAM available for security state, in bytes
    uint32_t GetSecurityRamBytes() const;
    /// \return the CPU clock in Hz
    double GetCpuFrequency() const;
    /// \return the supply voltage in V
    double GetSupplyVoltage() const;
    /// \return the CPU's current while it computes, in A
    double GetCpuActiveCurrent() const;
    /// \return the CPU's current while it waits for work, in A
    double GetCpuSleepCurrent() const;
    /// \return CpuActiveCurrent x SupplyVoltage / CpuFrequency, in J
    double GetEnergyPerCycle() const;
    /// \return radio current while transmitting, in A
    double GetRadioTxCurrent() const;
    /// \return radio current while receiving or listening, in A
    double GetRadioRxCurrent() const;
    /// \return radio current in the transceiver's other states, in A
    double GetRadioIdleCurrent() const;
    /// \return radio current with the transceiver off, in A
    double GetRadioSleepCurrent() const;

    /**
     * \param work one operation
     * \return the CPU cycles it takes on this device
     */
    uint64_t GetCycles(const CryptoWork& work) const;

    /**
     * \param work operations
     * \return the CPU cycles they take on this device
     */
    uint64_t GetCycles(const std::vector<CryptoWork>& work) const;

    /**
     * \param cycles CPU cycles
     * \return how long they take: cycles / CpuFrequency, rounded to the nanosecond
     */
    Time GetDuration(uint64_t cycles) const;

  private:
    /// \return AES block cycles in use (hardware or software)
    uint64_t AesCycles() const;

    std::string m_name;           //!< Name
    DeviceClass m_class;          //!< DeviceClass
    uint32_t m_ramBytes;          //!< RamBytes
    uint32_t m_securityRamBytes;  //!< SecurityRamBytes
    uint32_t m_flashBytes;        //!< FlashBytes
    double m_cpuFrequency;        //!< CpuFrequency [Hz]
    double m_supplyVoltage;       //!< SupplyVoltage [V]
    double m_cpuActiveCurrent;    //!< CpuActiveCurrent [A]
    double m_cpuSleepCurrent;     //!< CpuSleepCurrent [A]
    bool m_hardwareAes;           //!< HardwareAes
    uint64_t m_aesBlockCycles;    //!< AesBlockCycles
    uint64_t m_aesBlockCyclesHw;  //!< AesBlockCyclesHw
    uint64_t m_ccmSetupCycles;    //!< CcmSetupCycles
    uint64_t m_ccmSetupCyclesHw;  //!< CcmSetupCyclesHw
    uint64_t m_ccmByteCycles;     //!< CcmByteCycles
    uint64_t m_sha256BlockCycles; //!< Sha256BlockCycles
    uint64_t m_prfBlockCycles;    //!< PrfBlockCycles
    uint64_t m_randomByteCycles;  //!< RandomByteCycles
    uint64_t m_ecdhCycles;        //!< EcdhCycles
    uint64_t m_ecdsaSignCycles;   //!< EcdsaSignCycles
    uint64_t m_ecdsaVerifyCycles; //!< EcdsaVerifyCycles
    std::string m_radioName;      //!< RadioName
    double m_radioTxPowerDbm;     //!< RadioTxPower [dBm]
    double m_radioTxCurrent;      //!< RadioTxCurrent [A]
    double m_radioRxCurrent;      //!< RadioRxCurrent [A]
    double m_radioIdleCurrent;    //!< RadioIdleCurrent [A]
    double m_radioSleepCurrent;   //!< RadioSleepCurrent [A]
};

} // namespace ns3

#endif /* IOTSEC_DEVICE_PROFILE_H */
