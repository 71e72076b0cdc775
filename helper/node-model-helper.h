/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_NODE_MODEL_HELPER_H
#define IOTSEC_NODE_MODEL_HELPER_H

#include "ns3/attribute.h"
#include "ns3/cpu-model.h"
#include "ns3/device-profile.h"
#include "ns3/node-container.h"
#include "ns3/ram-model.h"

#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief Makes nodes constrained: aggregates a DeviceProfile, a CpuModel and a RamModel to
 * each node.
 *
 * Every node gets a profile object of its own, filled from the preset and then from the
 * attributes set with SetProfileAttribute() (in that order, so that an attribute overrides
 * the preset's figure). DtlsSockets created on these nodes afterwards price their work on the
 * node's CpuModel and have their associations charged to its RamModel; a Class 0 profile
 * cannot host DTLS at all.
 *
 * \code
 * NodeModelHelper sensorsModel;
 * sensorsModel.SetPreset("TelosB");
 * sensorsModel.SetProfileAttribute("SecurityRamBytes", UintegerValue(2048));
 * sensorsModel.Install(sensors);
 * NodeModelHelper clientModel;
 * clientModel.SetPreset("Unconstrained");
 * clientModel.Install(client);
 * \endcode
 */
class NodeModelHelper
{
  public:
    /// The helper starts with the "Unconstrained" preset
    NodeModelHelper();

    /**
     * \param name a DeviceProfile preset (DeviceProfile::GetPresetNames()); an unknown name
     * aborts
     */
    void SetPreset(const std::string& name);

    /**
     * \param name a DeviceProfile attribute
     * \param value its value, applied after the preset
     */
    void SetProfileAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Aggregate a DeviceProfile, a CpuModel and a RamModel to each node.
     * \param nodes nodes without a DeviceProfile yet (a second profile aborts)
     */
    void Install(NodeContainer nodes) const;

    /// \param node a node without a DeviceProfile yet
    void Install(Ptr<Node> node) const;

    /// \return a new profile with the preset and the attributes
    Ptr<DeviceProfile> CreateProfile() const;

    /**
     * \param node a node
     * \return its profile (null if it has none)
     */
    static Ptr<DeviceProfile> GetProfile(Ptr<Node> node);

    /**
     * \param node a node
     * \return its CPU model (null if it has none)
     */
    static Ptr<CpuModel> GetCpu(Ptr<Node> node);

    /**
     * \param node a node
     * \return its RAM model (null if it has none)
     */
    static Ptr<RamModel> GetRam(Ptr<Node> node);

  private:
    std::string m_preset;                                                  //!< preset
    std::vector<std::pair<std::string, Ptr<AttributeValue>>> m_attributes; //!< overrides
};

} // namespace ns3

#endif /* IOTSEC_NODE_MODEL_HELPER_H */
