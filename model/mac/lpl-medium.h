/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_LPL_MEDIUM_H
#define IOTSEC_LPL_MEDIUM_H

#include "ns3/frame-erasure-loss-model.h"
#include "ns3/iotsec-compat.h"
#include "ns3/link-pricer.h"
#include "ns3/lr-wpan-net-device.h"
#include "ns3/mac16-address.h"
#include "ns3/object.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

namespace ns3
{

class LplNetDevice;
class SpectrumChannel;

/**
 * \ingroup iotsec
 * \brief Who hears whom on one 802.15.4 channel, and what is on the air: the part of
 * low-power listening that wakes sleeping radios only when they have something to hear.
 *
 * A duty-cycled radio (LplNetDevice) wakes up at deterministic instants to check the channel.
 * Checks that find the channel clear change nothing but energy, which the radio energy model
 * computes in closed form; so a check is simulated only when something is on the air within
 * the radio's range. The medium tracks that: a sender is *active* from the first frame of a
 * strobe (an LplNetDevice) or of a frame (a device added with AddTransmitter()) until the
 * strobe or the frame ends. When a sender becomes active, every sleeping LplNetDevice in its
 * range is told, and wakes up at its next check if the sender is still active then.
 *
 * **Range.** A receiver is in a sender's range when the channel would deliver the sender's
 * frames to it: the chain's loss (its FrameErasurePropagationLossModels bypassed, as they
 * erase frames, not energy) is at most the channel's MaxLossDb, which is the range of
 * ns-3's lr-wpan (it has no receiver-sensitivity cut-off). The loss is priced by a
 * LinkPricer, once per pair of nodes that do not move (ConstantPositionMobilityModel), and at
 * every activity for the others.
 *
 * One medium is aggregated to each channel that carries duty-cycled devices; Get() finds or
 * creates it.
 */
class LplMedium : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * \param channel a channel
     * \return the medium aggregated to it, created on first use
     */
    static Ptr<LplMedium> Get(Ptr<SpectrumChannel> channel);

    /// \param device a low-power-listening device on the medium's channel
    void Add(Ptr<LplNetDevice> device);

    /**
     * \brief Make a device without low-power listening (an always-on node of another kind,
     * an attacker) wake the sleeping radios in its range: each frame it sends is activity.
     * \param device an lr-wpan device on the medium's channel
     */
    void AddTransmitter(Ptr<iotsec_compat::LrWpanNetDevice> device);

    /**
     * \brief A sender starts a strobe or a frame; sleeping devices in its range are told.
     * \param sender the sender
     */
    void BeginActivity(Ptr<iotsec_compat::LrWpanNetDevice> sender);

    /// \param sender a sender whose strobe or frame ended
    void EndActivity(Ptr<iotsec_compat::LrWpanNetDevice> sender);

    /**
     * \param receiver a device on the medium
     * \return whether an active sender other than the receiver has it in range
     */
    bool IsActiveInRange(const LplNetDevice* receiver);

    /**
     * \param address a short address
     * \return the low-power-listening device with that address (null if none)
     */
    Ptr<LplNetDevice> Find(Mac16Address address) const;

    /// \return the links priced so far
    uint64_t GetPricedLinks() const;

  protected:
    void DoDispose() override;

  private:
    /// What the medium keeps of one sender
    struct Sender
    {
        Ptr<iotsec_compat::LrWpanNetDevice> device; //!< the sender
        bool listed{false};                         //!< static receivers listed
        std::vector<LplNetDevice*> reach;           //!< static receivers in range, ascending
        uint32_t active{0};                         //!< activities begun and not ended
    };

    /**
     * \param sender a sender
     * \return its entry, created on first use
     */
    Sender& Entry(Ptr<iotsec_compat::LrWpanNetDevice> sender);
    /**
     * \param sender a sender
     * \return the indices in m_devices of the receivers that may be in its range
     */
    std::vector<uint32_t> Candidates(Ptr<iotsec_compat::LrWpanNetDevice> sender);
    /**
     * \param entry a sender
     * \param receiver a device
     * \return whether the receiver is in the sender's range
     */
    bool Reaches(Sender& entry, const LplNetDevice* receiver);
    /**
     * \param a a transmitting device
     * \param b a receiving device
     * \return whether the loss between them is at most MaxLossDb
     */
    bool InRange(Ptr<iotsec_compat::LrWpanNetDevice> a, Ptr<iotsec_compat::LrWpanNetDevice> b);
    /**
     * \param device a device
     * \return whether its node does not move
     */
    static bool IsStatic(Ptr<iotsec_compat::LrWpanNetDevice> device);
    /**
     * \brief A transmitter's PHY started or ended a frame.
     * \param sender the transmitter
     * \param begin true at the start
     */
    void TransmitterFrame(Ptr<iotsec_compat::LrWpanNetDevice> sender, bool begin);

    /// The channel's loss-model chain, priced, and its erasure models
    struct ChainPricer
    {
        LinkPricer pricer;                                           //!< prices the chain
        std::vector<Ptr<FrameErasurePropagationLossModel>> erasures; //!< bypassed to price
    };

    /// \return the chain's pricer, made on first use (the chain is fixed by then)
    ChainPricer& Pricer();

    Ptr<SpectrumChannel> m_channel;                        //!< the channel
    std::vector<Ptr<LplNetDevice>> m_devices;              //!< the LPL devices, in order of Add()
    std::vector<LplNetDevice*> m_mobile;                   //!< those that move
    std::map<const void*, Sender> m_senders;               //!< senders by device
    std::vector<Sender*> m_active;                         //!< the active senders
    std::map<Mac16Address, Ptr<LplNetDevice>> m_byAddress; //!< LPL devices by short address
    uint64_t m_pricedLinks{0};                             //!< GetPricedLinks()
    std::unique_ptr<ChainPricer> m_pricer;                 //!< Pricer()
    std::unique_ptr<BuildingLinkPruner> m_pruner;          //!< buildings out of each other's range
};

} // namespace ns3

#endif /* IOTSEC_LPL_MEDIUM_H */
