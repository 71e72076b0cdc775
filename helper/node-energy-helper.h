/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_NODE_ENERGY_HELPER_H
#define IOTSEC_NODE_ENERGY_HELPER_H

#include "ns3/node-container.h"

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief One node's energy, split into radio and CPU.
 */
struct NodeEnergy
{
    uint32_t nodeId{0};    //!< the node
    double radio{0};       //!< energy of its lr-wpan radios, in J
    double cpu{0};         //!< energy of its CPU, in J
    double radioFrames{0}; //!< part of `radio` drawn while sending or receiving frames, in J
    double radioOn{0};     //!< time its radios have been on (IotsecLrWpanRadioEnergyModel), s
    double elapsed{0};     //!< simulated time when this was read, s

    /// \return radio-on time over elapsed time (0 before the run)
    double DutyCycle() const
    {
        return elapsed > 0 ? radioOn / elapsed : 0.0;
    }

    /// \return radio + CPU, in J
    double Total() const
    {
        return radio + cpu;
    }
};

/**
 * \ingroup iotsec
 * \brief Energy of a group of nodes: totals, means and maxima, radio and CPU apart.
 */
struct EnergySummary
{
    uint32_t nodes{0};          //!< nodes summarized
    double radioTotal{0};       //!< sum of radio energy, J
    double cpuTotal{0};         //!< sum of CPU energy, J
    double total{0};            //!< sum of both, J
    double radioMean{0};        //!< mean radio energy per node, J
    double cpuMean{0};          //!< mean CPU energy per node, J
    double mean{0};             //!< mean energy per node, J
    double radioMax{0};         //!< largest radio energy of a node, J
    double cpuMax{0};           //!< largest CPU energy of a node, J
    double max{0};              //!< largest energy of a node, J
    double radioFramesTotal{0}; //!< sum of frame (send/receive) radio energy, J
    double radioFramesMean{0};  //!< its mean per node, J
    double radioFramesMax{0};   //!< its largest per node, J
    double dutyCycleMean{0};    //!< mean radio duty cycle (radio-on time / elapsed time)
    double dutyCycleMax{0};     //!< largest radio duty cycle of a node
    double powerMax{0};         //!< largest mean power of a node so far, W
};

/**
 * \ingroup iotsec
 * \brief Gives nodes an energy source, a radio energy model and a CPU energy model, and
 * reports their energy.
 *
 * For each node (which needs a DeviceProfile and a CpuModel: NodeModelHelper first), Install()
 * creates a BasicEnergySource with the profile's SupplyVoltage and the initial energy set
 * here, an ns3::IotsecLrWpanRadioEnergyModel for each LrWpanNetDevice of the node (currents from
 * the profile's Radio* attributes, driven by the PHY's TrxStateValue trace), and an
 * ns3::IotsecCpuEnergyModel driven by the node's CpuModel (CpuActiveCurrent while it computes,
 * CpuSleepCurrent otherwise). Install it before the simulation starts.
 *
 * The models are ordinary DeviceEnergyModels: they are found through the node's
 * EnergySourceContainer (source->FindDeviceEnergyModels("ns3::IotsecLrWpanRadioEnergyModel")), and
 * their attributes and TotalEnergyConsumption trace sources are documented in doc/iotsec.rst.
 * GetNodeEnergy() and Summarize() put them into results:
 *
 * \code
 * EnergySummary e = NodeEnergyHelper::Summarize(sensors);
 * results.SetMetric("sensorEnergy_mean_J", e.mean);
 * results.SetMetric("sensorRadioEnergy_total_J", e.radioTotal);
 * \endcode
 */
class NodeEnergyHelper
{
  public:
    NodeEnergyHelper();

    /**
     * \param joules energy each source starts with (default 27 kJ: two AA alkaline cells,
     * 2 x 1.5 V x 2.5 Ah)
     */
    void SetInitialEnergy(double joules);

    /**
     * \brief Install an energy source with radio and CPU energy models on each node.
     * \param nodes nodes with a DeviceProfile and a CpuModel (NodeModelHelper)
     */
    void Install(NodeContainer nodes) const;

    /**
     * \param node a node with energy models from Install()
     * \return its radio and CPU energy so far
     */
    static NodeEnergy GetNodeEnergy(Ptr<Node> node);

    /**
     * \param nodes nodes with energy models
     * \return the energy of each, in the order of the container
     */
    static std::vector<NodeEnergy> GetNodeEnergies(NodeContainer nodes);

    /**
     * \param nodes nodes with energy models
     * \return totals, means and maxima over them
     */
    static EnergySummary Summarize(NodeContainer nodes);

    /**
     * \param node a node with an energy source from Install()
     * \return the energy its sources have left, in J
     */
    static double GetRemainingEnergy(Ptr<Node> node);

    /// \return the energy each source starts with (the battery), J
    double GetInitialEnergy() const;

    /**
     * \brief Project a battery's lifetime from the mean power so far.
     * \param batteryJ the battery's energy (GetInitialEnergy(): two AA alkaline cells)
     * \param powerW a node's mean power (its energy over the elapsed time)
     * \return the lifetime at that power, in days (infinity at zero power)
     */
    static double LifetimeDays(double batteryJ, double powerW);

  private:
    double m_initialEnergy; //!< initial energy per source, J
};

} // namespace ns3

#endif /* IOTSEC_NODE_ENERGY_HELPER_H */
