/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_NEIGHBOR_LIST_SPECTRUM_CHANNEL_H
#define IOTSEC_NEIGHBOR_LIST_SPECTRUM_CHANNEL_H

#include "link-pricer.h"

#include "ns3/nstime.h"
#include "ns3/spectrum-channel.h"

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

namespace ns3
{

class AntennaModel;
class MobilityModel;

/**
 * \ingroup iotsec
 * \brief A spectrum channel whose cost per frame is the receivers in range: the same
 * receptions, in the same order, as ns-3's SingleModelSpectrumChannel.
 *
 * SingleModelSpectrumChannel prices the link from the transmitter to every attached PHY for
 * every frame: O(N) loss-model calls (with the buildings model, the dearest part of a
 * building-scale run) and O(N) lookups per frame, although most PHYs are out of range and
 * most nodes never move. This channel prices a link between two PHYs that do not move once:
 * on the first frame a static PHY sends, it prices every receiver in the channel's order,
 * exactly as the stock channel does on that frame, and keeps the static receivers whose loss
 * is within MaxLossDb (path loss, linear gain, propagation delay). Later frames are copied to
 * those receivers only, and to the receivers that move, whose links are priced at transmit
 * time. Everything the stock channel does per receiver (the same-node skip, antenna gains,
 * MaxLossDb, the delay model, scheduling StartRx in the receiver's context, the spectrum
 * propagation loss at reception) is done the same way and in the same order, so a run's
 * events, and so its results, are the same with either channel.
 *
 * **Static.** A PHY is static while its mobility model is a ConstantPositionMobilityModel
 * that has not reported a course change since the channel first saw it. A course change (a
 * SetPosition) makes the PHY mobile for the rest of the run and drops every list; mobile
 * PHYs (random walks, waypoints, anything else) are priced at every frame they send or might
 * hear, as the stock channel prices every PHY.
 *
 * **Which loss models can be cached.** A link's loss is cached only when every model of the
 * chain is deterministic for static nodes: ns-3's distance, terrain and buildings models
 * (the buildings models draw their shadowing once per ordered pair, on the pair's first
 * pricing, which happens on the same frame with either channel) and iotsec's
 * FrameErasurePropagationLossModel, whose per-frame draws this channel makes itself, one
 * per receiver the stock channel would price, in the stock channel's order, so that the
 * same frames are erased. A chain with any other model (Nakagami, random or 3GPP models,
 * user models), a connected PathLoss or Gain trace source (which report every pair), or a
 * transmitter that is not attached to the channel makes the frame take the stock path: every
 * receiver evaluated at transmit time.
 *
 * Links for the lists are priced by a LinkPricer: a buildings loss model whose shadowing is
 * zero is priced without its per-pair shadowing table (the same values, no table), and the
 * receivers in buildings that a BuildingLinkPruner proves out of range of the transmitter's
 * building are not priced at all (a campus: each list costs its own building, not N).
 *
 * **Cost.** Per frame: the receivers in range, plus the mobile PHYs, plus one random draw
 * per attached PHY when a FrameErasurePropagationLossModel is in the chain (the stock
 * channel's draw order). Per static transmitter, once: one loss-model call per attached PHY
 * that is not in a building proven out of range.
 *
 * Assumed fixed once the first frame is sent (as in every ns-3 scenario the module ships):
 * each PHY's antenna model and its orientation, the node a PHY belongs to. Not supported:
 * ns-3's WraparoundModel (ns-3.48, cellular), which the channel refuses.
 */
class NeighborListSpectrumChannel : public SpectrumChannel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    NeighborListSpectrumChannel();
    ~NeighborListSpectrumChannel() override;

    void AddRx(Ptr<SpectrumPhy> phy) override;
    void RemoveRx(Ptr<SpectrumPhy> phy) override;
    void StartTx(Ptr<SpectrumSignalParameters> params) override;
    std::size_t GetNDevices() const override;
    Ptr<NetDevice> GetDevice(std::size_t i) const override;

    /// \return links priced with the loss models so far (by lists and by per-frame pricing)
    uint64_t GetPricedLinks() const;

    /// \return frames delivered from a transmitter's neighbour list
    uint64_t GetListedFrames() const;

    /// \return frames for which every attached PHY was evaluated at transmit time
    uint64_t GetScannedFrames() const;

    /**
     * \param phy an attached PHY
     * \return the static receivers in its neighbour list, or -1 while it has no list
     */
    int64_t GetNeighborCount(Ptr<const SpectrumPhy> phy) const;

  protected:
    void DoDispose() override;

  private:
    /// A static receiver within MaxLossDb of a static transmitter
    struct Link
    {
        uint32_t rx; //!< index of the receiver in m_radios
        bool scaled; //!< whether the stock channel scales the PSD (both have mobility)
        double gain; //!< linear path gain (10^(-pathLoss/10))
        Time delay;  //!< propagation delay (valid when m_constantDelay)
    };

    /// What the channel knows of an attached PHY
    struct Radio
    {
        Ptr<SpectrumPhy> phy;             //!< the PHY
        Ptr<MobilityModel> mobility;      //!< its mobility model (may be null)
        Ptr<AntennaModel> antenna;        //!< its antenna, as an AntennaModel (may be null)
        bool hasNode{false};              //!< whether it has a NetDevice on a node
        uint32_t node{0};                 //!< the node's ID
        bool isStatic{false};             //!< see the class description
        bool listed{false};               //!< whether links holds its neighbour list
        const void* listAntenna{nullptr}; //!< the transmit antenna the list was priced with
        std::vector<Link> links;          //!< its neighbour list (receivers in channel order)
    };

    /// The outcome of pricing one link as the stock channel does
    struct Price
    {
        bool scaled{false};          //!< both ends have mobility: the PSD is scaled
        double txGainDb{0};          //!< transmit antenna gain [dB]
        double rxGainDb{0};          //!< receive antenna gain [dB]
        double propagationGainDb{0}; //!< the loss chain's gain (minus its loss) [dB]
        double lossDb{0};            //!< the total path loss [dB]
        double gain{1};              //!< 10^(-lossDb/10)

        /// \param maxLossDb the channel's MaxLossDb \return whether the frame is dropped
        bool Beyond(double maxLossDb) const
        {
            return scaled && lossDb > maxLossDb;
        }
    };

    /// Learn mobility, node, antenna and whether each PHY is static; watch course changes
    void Resolve();
    /// Classify the loss and delay models; drop the lists if the chain or MaxLossDb changed
    void CheckModels();
    /// Drop every neighbour list (and, if \p resolve, what is known of each PHY)
    void Invalidate(bool resolve);
    /// A mobility model reported a course change
    void CourseChanged(Ptr<const MobilityModel> mobility);

    /**
     * Price the link from a transmitter to a receiver exactly as the stock channel does.
     * \param txMobility the transmitter's mobility
     * \param txAntenna the transmitter's antenna (params->txAntenna)
     * \param rxMobility the receiver's mobility
     * \param rxAntenna the receiver's antenna
     * \return the price
     */
    template <typename A>
    Price PriceLink(const Ptr<MobilityModel>& txMobility,
                    const A& txAntenna,
                    const Ptr<MobilityModel>& rxMobility,
                    const Ptr<AntennaModel>& rxAntenna);

    /**
     * Price the link to a moving receiver for a listed frame (the erasure models bypassed:
     * ListedTx draws for them itself).
     * \param params the transmitted signal
     * \param txMobility the transmitter's mobility
     * \param rx the receiver
     * \return the price
     */
    Price PriceMoving(const Ptr<SpectrumSignalParameters>& params,
                      const Ptr<MobilityModel>& txMobility,
                      const Radio& rx);

    /// Build the neighbour list of static transmitter \p t
    void BuildList(uint32_t t, Ptr<SpectrumSignalParameters> params);
    /// Send a frame from a static transmitter through its list
    void ListedTx(uint32_t t, Ptr<SpectrumSignalParameters> params);
    /// Send a frame as the stock channel does, evaluating every attached PHY
    void ScannedTx(Ptr<SpectrumSignalParameters> params);

    /**
     * Copy the signal to one receiver and schedule its StartRx, as the stock channel does.
     * \param params the transmitted signal
     * \param txMobility the transmitter's mobility
     * \param rx the receiver
     * \param scaled whether to scale the PSD and compute a delay
     * \param gain the linear gain
     * \param delay the delay, or a negative time to ask the delay model now
     */
    void Deliver(const Ptr<SpectrumSignalParameters>& params,
                 const Ptr<MobilityModel>& txMobility,
                 const Radio& rx,
                 bool scaled,
                 double gain,
                 Time delay);

    /// Start the reception at a receiver (scheduled in its context)
    void StartRx(Ptr<SpectrumSignalParameters> params, Ptr<SpectrumPhy> receiver);

    /// \return whether frames from \p t skip \p r (the same PHY, or two PHYs of one node)
    bool SameNode(const Radio& t, const Radio& r) const;

    std::vector<Radio> m_radios;                              //!< attached PHYs, in order
    std::unordered_map<const SpectrumPhy*, uint32_t> m_index; //!< PHY -> index in m_radios
    std::vector<uint32_t> m_mobile;                           //!< non-static PHYs, ascending
    std::vector<Ptr<MobilityModel>> m_watched;                //!< CourseChange connected
    bool m_resolved{false};                                   //!< Resolve() is current
    Ptr<const SpectrumModel> m_spectrumModel;                 //!< of the first signal

    bool m_classified{false};                           //!< CheckModels() ran once
    std::vector<const PropagationLossModel*> m_chain;   //!< the loss chain last classified
    const PropagationDelayModel* m_delayModel{nullptr}; //!< the delay model last classified
    double m_listMaxLossDb{0};                          //!< MaxLossDb the lists were built with
    bool m_cacheable{false};                            //!< the chain can be cached
    bool m_constantDelay{false};                        //!< delays can be cached
    std::vector<Ptr<FrameErasurePropagationLossModel>> m_erasures; //!< in the chain
    LinkPricer m_pricer; //!< prices links for the lists (buildings models without their table)
    std::unique_ptr<BuildingLinkPruner> m_pruner; //!< buildings out of each other's range

    uint64_t m_pricedLinks{0};   //!< GetPricedLinks()
    uint64_t m_listedFrames{0};  //!< GetListedFrames()
    uint64_t m_scannedFrames{0}; //!< GetScannedFrames()
};

} // namespace ns3

#endif /* IOTSEC_NEIGHBOR_LIST_SPECTRUM_CHANNEL_H */
