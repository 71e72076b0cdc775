/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_SSM_POLICY_H
#define IOTSEC_SSM_POLICY_H

#include <cstdint>
#include <map>
#include <string>
#include <utility>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief How the SSM protects a channel of its own: the clients' front end, and the channel to
 * the application server (the EnumValue attributes SsmApplication::Security,
 * SsmApplication::ApplicationServerSecurity and SsmApplicationServer::Security, "dtls" or
 * "none").
 */
enum SsmChannelSecurity : uint8_t
{
    SSM_CHANNEL_DTLS = 0, //!< coaps:// (the node needs a DtlsSocketFactory and the PSKs)
    SSM_CHANNEL_NONE = 1, //!< coap://: a trusted segment
};

/// How the SSM's back-end protects the channel to one sensor
enum class BackendSecurity
{
    DTLS,   //!< a full DTLS session (handshake, then AES-CCM-8 records)
    OBJECT, //!< each CoAP message protected on its own (OSCORE: PSK-keyed AES-CCM, no handshake)
    NONE,   //!< no protection: a trusted segment
};

/**
 * \param security a protection
 * \return its name: "dtls", "object" or "none"
 */
std::string BackendSecurityName(BackendSecurity security);

/**
 * \ingroup iotsec
 * \brief The SSM's back-end security policy: which protection the back-end uses towards a
 * sensor, by the sensor's RFC 7228 device class and the sensitivity of its data (Park and
 * Kang, section 3: "various security protocols can be applied between the SSM and sensors
 * depending on the performance of each sensor and the importance of sensed data").
 *
 * Device classes are 0, 1, 2 (RFC 7228) and 3 for unconstrained devices. The default policy:
 * Class 2 and above use DTLS, Class 1 OSCORE-style object security, Class 0 none (a trusted
 * segment), whatever the sensitivity. A protection a device cannot run (DTLS or object
 * security on Class 0, whose RAM cannot hold their state) is a configuration error.
 */
class SsmPolicy
{
  public:
    /// Data sensitivity levels
    enum Sensitivity
    {
        NORMAL = 0, //!< ordinary data
        HIGH = 1,   //!< sensitive data (for example health data)
    };

    /// The default policy
    SsmPolicy();

    /**
     * \brief Set the protection for a device class and sensitivity.
     * \param deviceClass 0..3
     * \param sensitivity the sensitivity
     * \param security the protection (checked with CanRun)
     */
    void Set(uint32_t deviceClass, Sensitivity sensitivity, BackendSecurity security);

    /**
     * \param deviceClass 0..3
     * \param sensitivity the sensitivity
     * \return the protection to use
     */
    BackendSecurity Get(uint32_t deviceClass, Sensitivity sensitivity = NORMAL) const;

    /**
     * \param deviceClass 0..3
     * \param security a protection
     * \return true if a device of that class can run it
     */
    static bool CanRun(uint32_t deviceClass, BackendSecurity security);

    /**
     * \brief Read a policy from text: comma-separated `CLASS[/SENSITIVITY]:PROTECTION`
     * entries, for example "2:dtls,1:object,0:none,1/high:dtls". Entries not given keep the
     * default.
     * \param text the text
     * \param[out] policy the policy
     * \param[out] error what is wrong with the text
     * \return true on success
     */
    static bool Parse(const std::string& text, SsmPolicy& policy, std::string* error);

    /// \return the policy as text (every class, both sensitivities)
    std::string ToString() const;

  private:
    std::map<std::pair<uint32_t, int>, BackendSecurity> m_table; //!< (class, sensitivity)
};

} // namespace ns3

#endif /* IOTSEC_SSM_POLICY_H */
