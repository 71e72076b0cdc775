/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_RAM_MODEL_H
#define IOTSEC_RAM_MODEL_H

#include "ns3/callback.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <map>
#include <string>

namespace ns3
{

class DeviceProfile;

/**
 * \ingroup iotsec
 * \brief The RAM a node has for security state, and who holds it.
 *
 * The budget is the profile's SecurityRamBytes. Components that keep security state register
 * as holders (AddHolder): a callback that reports the bytes they hold now -- a DtlsSocket
 * reports GetSecurityStateBytes(), and a CoAP binding can report its endpoint's state the
 * same way. Before a component creates new state (a DTLS association, a CoAP exchange) it
 * asks Admit() with the bytes that state will need; Admit() refuses when the bytes held now
 * plus those would exceed the budget, counts the refusal and fires the Refused trace.
 *
 * NodeModelHelper aggregates one RamModel, with the node's profile, to each node; a
 * DtlsSocket on such a node registers itself and asks before each new association (both as
 * a server and at Connect()). A node whose profile is RFC 7228 Class 0 cannot host DTLS:
 * Require("DTLS") aborts the simulation with a message naming the node and its profile.
 */
class RamModel : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    RamModel();
    ~RamModel() override;

    /// \param profile the device whose SecurityRamBytes is the budget
    void SetProfile(Ptr<DeviceProfile> profile);
    /// \return the profile
    Ptr<DeviceProfile> GetProfile() const;

    /**
     * \brief Abort if this node cannot host a security protocol (an RFC 7228 Class 0 device
     * cannot run DTLS).
     * \param protocol the protocol's name, for the message (for example "DTLS")
     */
    void Require(const std::string& protocol) const;

    /**
     * \brief Register a component that holds security state.
     * \param kind what it holds (for example "dtls" or "coap")
     * \param bytes reports the bytes it holds now
     * \return an identifier for RemoveHolder()
     */
    uint32_t AddHolder(const std::string& kind, Callback<uint32_t> bytes);

    /// \param id an identifier from AddHolder(); the holder's state is no longer counted
    void RemoveHolder(uint32_t id);

    /**
     * \brief Ask for room for new state.
     * \param kind what it is (for example "dtls")
     * \param bytes the bytes it will need
     * \return true if GetUsedBytes() + bytes fits in the budget; otherwise the refusal is
     * counted and traced
     */
    bool Admit(const std::string& kind, uint32_t bytes);

    /// \return the budget: the profile's SecurityRamBytes (0 without a profile)
    uint32_t GetBudgetBytes() const;
    /// \return the bytes all holders hold now
    uint32_t GetUsedBytes() const;
    /**
     * \param kind a kind of holder
     * \return the bytes the holders of that kind hold now
     */
    uint32_t GetUsedBytes(const std::string& kind) const;
    /// \return the largest GetUsedBytes() seen by Admit() or Sample()
    uint32_t GetPeakBytes() const;
    /// \brief Record GetUsedBytes() in the peak (call it when state may have grown)
    void Sample();
    /// \return requests refused
    uint64_t GetRefused() const;
    /// \return requests admitted
    uint64_t GetAdmitted() const;

    /**
     * TracedCallback signature for an admission decision.
     * \param kind what was asked for
     * \param used bytes held at the time
     * \param requested bytes asked for
     * \param budget the budget
     */
    typedef void (*AdmissionTracedCallback)(const std::string& kind,
                                            uint32_t used,
                                            uint32_t requested,
                                            uint32_t budget);

  protected:
    void DoDispose() override;

  private:
    /// A registered holder
    struct Holder
    {
        std::string kind;         //!< what it holds
        Callback<uint32_t> bytes; //!< what it holds now
    };

    Ptr<DeviceProfile> m_profile;         //!< Profile
    std::map<uint32_t, Holder> m_holders; //!< registered holders
    uint32_t m_nextId{1};                 //!< next holder identifier
    uint32_t m_peak{0};                   //!< peak usage seen
    uint64_t m_refused{0};                //!< refusals
    uint64_t m_admitted{0};               //!< admissions
    TracedCallback<const std::string&, uint32_t, uint32_t, uint32_t> m_refusedTrace;  //!< trace
    TracedCallback<const std::string&, uint32_t, uint32_t, uint32_t> m_admittedTrace; //!< trace
};

} // namespace ns3

#endif /* IOTSEC_RAM_MODEL_H */
