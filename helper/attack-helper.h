/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_ATTACK_HELPER_H
#define IOTSEC_ATTACK_HELPER_H

#include "ns3/application-container.h"
#include "ns3/attribute.h"
#include "ns3/ipv6-address.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief Installs the attackers of model/attack: FloodAttackApplication,
 * ReplayAttackApplication and AmplificationAttackApplication.
 *
 * \code
 * AttackHelper attack;
 * attack.SetAttribute("Rate", DoubleValue(100));
 * attack.SetAttribute("SpoofedSources", UintegerValue(50));
 * // the attacker's LAN device, and the border router as next hop on that LAN
 * ApplicationContainer flood = attack.InstallFlood(attackerDevices, router, lightAddresses);
 * attack.AssignStreams(flood, 100);
 * \endcode
 *
 * SetAttribute() applies to every attacker type that has the attribute (Rate applies to the
 * flood and the amplification, Delay to the replay, ...).
 */
class AttackHelper
{
  public:
    AttackHelper();

    /**
     * \brief Set an attribute of the applications installed from now on, on each attacker
     * type that has it (aborts if none has it).
     * \param name an attribute of ns3::FloodAttackApplication, ns3::ReplayAttackApplication
     * or ns3::AmplificationAttackApplication
     * \param value its value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Install a flood on each node, sent through the node's UDP socket from its own
     * address (no spoofing: SpoofedSources must be 0).
     * \param nodes the attackers
     * \param targets the addresses flooded, in round robin
     * \return the applications
     */
    ApplicationContainer InstallFlood(NodeContainer nodes,
                                      const std::vector<Ipv6Address>& targets) const;

    /**
     * \brief Install a flood on the node of each device, sent out of that device below the
     * node's IPv6 stack (spoofing possible), to the device of nextHop on the same link.
     * \param devices the attackers' devices
     * \param nextHop the node the datagrams are sent to first (the border router, or the
     * Internet router in front of it)
     * \param targets the addresses flooded, in round robin
     * \return the applications
     */
    ApplicationContainer InstallFlood(NetDeviceContainer devices,
                                      Ptr<Node> nextHop,
                                      const std::vector<Ipv6Address>& targets) const;

    /**
     * \brief Install a replaying tap on the node of each device.
     * \param taps the devices tapped (CSMA devices on the link in front of the border router)
     * \param nextHop the node the replays are sent to (nullptr: each captured frame's
     * link-layer destination)
     * \return the applications
     */
    ApplicationContainer InstallReplay(NetDeviceContainer taps, Ptr<Node> nextHop = nullptr) const;

    /**
     * \brief Install an amplification attacker on the node of each device (the Victim
     * attribute must be set).
     * \param devices the attackers' devices
     * \param nextHop the node the requests are sent to first
     * \param targets the nodes whose answers are aimed at the victim, in round robin
     * \return the applications
     */
    ApplicationContainer InstallAmplification(NetDeviceContainer devices,
                                              Ptr<Node> nextHop,
                                              const std::vector<Ipv6Address>& targets) const;

    /**
     * \brief Fix the random streams of attack applications.
     * \param apps applications (others are skipped)
     * \param stream first stream index
     * \return streams used
     */
    static int64_t AssignStreams(ApplicationContainer apps, int64_t stream);

  private:
    /**
     * \param device a device
     * \param nextHop a node on its link
     * \return the link-layer address of nextHop's device on that link (aborts if none)
     */
    static Address NextHop(Ptr<NetDevice> device, Ptr<Node> nextHop);

    ObjectFactory m_flood;         //!< FloodAttackApplication factory
    ObjectFactory m_replay;        //!< ReplayAttackApplication factory
    ObjectFactory m_amplification; //!< AmplificationAttackApplication factory
};

} // namespace ns3

#endif /* IOTSEC_ATTACK_HELPER_H */
