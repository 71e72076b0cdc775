/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_FRAME_ERASURE_LOSS_MODEL_H
#define IOTSEC_FRAME_ERASURE_LOSS_MODEL_H

#include "ns3/propagation-loss-model.h"
#include "ns3/random-variable-stream.h"

#include <vector>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief Erases each frame on each link with a fixed probability.
 *
 * A propagation loss model that, for every (transmission, receiver) pair the channel asks
 * about, draws once: with probability ErasureProbability the receiver gets the frame at
 * -1000 dBm (so far below any sensitivity, and beyond any channel MaxLossDb, that it never
 * sees the frame), otherwise the power passes unchanged. Chained with a distance-based model
 * (PropagationLossModel::SetNext), it gives every link an independent frame loss probability
 * -- the loss model of handshake-loss studies -- on top of geometry. Data frames and MAC
 * acknowledgements are erased alike and independently, so MAC retries recover part of the
 * loss: a frame crosses a hop unless all 1 + macMaxFrameRetries attempts are erased.
 */
class FrameErasurePropagationLossModel : public PropagationLossModel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    FrameErasurePropagationLossModel();

    /// \return the erasure probability
    double GetErasureProbability() const;

    /// \return frames erased so far
    uint64_t GetErased() const;

    /// \return frames passed so far
    uint64_t GetPassed() const;

    /**
     * \brief Draw the fate of one frame on one link, as DoCalcRxPower() does, and count it.
     *
     * NeighborListSpectrumChannel calls this once per (transmission, receiver) pair that
     * SingleModelSpectrumChannel would price, in the same order, so that the draws of the
     * stream, the counters and so every erasure are those of the stock channel.
     * \return true if the frame is erased
     */
    bool DrawErasure() const;

    /**
     * \brief Pass power through without drawing or counting (while true).
     *
     * NeighborListSpectrumChannel prices the deterministic rest of a loss-model chain this
     * way once per link, and draws the erasures itself with DrawErasure().
     * \param bypass true to pass power through unchanged
     */
    void SetBypass(bool bypass);

    /**
     * \brief What DoCalcRxPower() does, without the models chained after this one: draw and
     * count unless bypassed, and return -1000 dBm for an erased frame.
     * \param txPowerDbm the power arriving at this model
     * \return the power it passes on
     */
    double PassOrErase(double txPowerDbm) const;

  private:
    double DoCalcRxPower(double txPowerDbm,
                         Ptr<MobilityModel> a,
                         Ptr<MobilityModel> b) const override;
    int64_t DoAssignStreams(int64_t stream) override;

    double m_probability;                 //!< ErasureProbability
    Ptr<UniformRandomVariable> m_uniform; //!< the draw
    mutable uint64_t m_erased{0};         //!< erased frames
    mutable uint64_t m_passed{0};         //!< passed frames
    bool m_bypass{false};                 //!< pass through without drawing (SetBypass)
};

/**
 * \ingroup iotsec
 * \brief Bypasses FrameErasurePropagationLossModels for one scope: a chain is priced for its
 * geometry without drawing (or counting) an erasure.
 *
 * The models are not bypassed when the scope starts, and are not when it ends. Used by
 * NeighborListSpectrumChannel (which draws the erasures itself) and LplMedium (for which an
 * erased frame is still energy on the air).
 */
class FrameErasureBypass
{
  public:
    /// \param erasures the models to bypass until the scope ends (must outlive the scope)
    explicit FrameErasureBypass(const std::vector<Ptr<FrameErasurePropagationLossModel>>& erasures);
    ~FrameErasureBypass();

    FrameErasureBypass(const FrameErasureBypass&) = delete;
    FrameErasureBypass& operator=(const FrameErasureBypass&) = delete;

  private:
    const std::vector<Ptr<FrameErasurePropagationLossModel>>& m_erasures; //!< bypassed
};

} // namespace ns3

#endif /* IOTSEC_FRAME_ERASURE_LOSS_MODEL_H */
