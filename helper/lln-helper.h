/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_LLN_HELPER_H
#define IOTSEC_LLN_HELPER_H

#include "ns3/ipv6-address.h"
#include "ns3/ipv6-interface-container.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/spectrum-channel.h"

#include <string>

namespace ns3
{

class PropagationLossModel;

/**
 * \ingroup iotsec
 * \brief Builds a low-power and lossy network (LLN): IEEE 802.15.4 (lr-wpan) devices on one
 * spectrum channel, 6LoWPAN (RFC 4944/6282) on top, and IPv6 with static routes.
 *
 * The helper does in a version-neutral way what the lr-wpan helper's PAN association does in
 * a given ns-3 release: every device gets the PAN ID, a unique 16-bit short address and a
 * unique EUI-64. Routing is route-over: multi-hop paths are IPv6 static host routes to a
 * neighbour on the LLN's on-link prefix, as an RPL DODAG computed offline would install.
 *
 * LLN nodes send no ICMPv6 redirects: on a route-over LLN every router forwards out of the
 * interface a packet arrived on, and a redirect would point a sender at a node it cannot hear.
 *
 * The default channel is a NeighborListSpectrumChannel (the same receptions as ns-3's
 * SingleModelSpectrumChannel, at the cost of the receivers in range) with a log-distance loss
 * model (exponent 3, 46.6777 dB at 1 m, as lr-wpan's own default) and the channel's MaxLossDb
 * attribute set by SetMaxLossDb(): receivers beyond that loss never see the frame at all,
 * which is what keeps large deployments fast and far nodes out of each other's collision
 * domain. The global value IotsecLlnChannel (--IotsecLlnChannel=SingleModel on any example's
 * command line) or SetChannelType() chooses ns-3's stock channel instead.
 */
class LlnHelper
{
  public:
    /// The spectrum channel class of the default channel
    enum ChannelType
    {
        NEIGHBOR_LIST, //!< NeighborListSpectrumChannel (iotsec)
        SINGLE_MODEL   //!< SingleModelSpectrumChannel (ns-3's stock channel)
    };

    /// Radio duty cycling of the devices Install() creates
    enum RdcType
    {
        RDC_NONE, //!< always-on receivers (ns-3's LrWpanNetDevice)
        RDC_LPL   //!< low-power listening (LplNetDevice)
    };

    LlnHelper();

    /**
     * \brief Choose the radio duty cycling of the devices that later Install() calls create.
     * \param type RDC_NONE (default) or RDC_LPL
     */
    void SetRdc(RdcType type);

    /// \return the radio duty cycling that Install() uses
    RdcType GetRdc() const;

    /**
     * \brief Set an attribute of the LplNetDevices that later Install() calls create (with
     * RDC_LPL), e.g. AlwaysOn for a border router, WakeupInterval.
     * \param name the attribute's name
     * \param value its value
     */
    void SetLplAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Choose the class of the default channel (before it is created).
     *
     * Without a call, the global value IotsecLlnChannel decides (default NeighborList).
     * \param type the channel class
     */
    void SetChannelType(ChannelType type);

    /**
     * \brief Use this channel instead of the default one.
     * \param channel a spectrum channel with loss and delay models already set
     */
    void SetChannel(Ptr<SpectrumChannel> channel);

    /**
     * \brief Set the loss beyond which the default channel drops a frame for a receiver.
     * \param maxLossDb the loss in dB (default 100 dB: about 60 m with the default loss model)
     */
    void SetMaxLossDb(double maxLossDb);

    /**
     * \brief Set the loss model of the default channel.
     * \param loss the propagation loss model
     */
    void SetPropagationLossModel(Ptr<PropagationLossModel> loss);

    /// \return the channel, creating the default one on first use
    Ptr<SpectrumChannel> GetChannel();

    /**
     * \param panId the PAN ID that Install() gives every device (default 0x1234)
     */
    void SetPanId(uint16_t panId);

    /**
     * \brief Choose whether IPv6 duplicate address detection runs (default: no).
     *
     * Addresses in an iotsec LLN are assigned statically, so DAD only delays the start of a run
     * and adds traffic to the air that no study asked for.
     * \param enabled true to keep DAD
     */
    void SetDad(bool enabled);

    /**
     * \brief Choose whether receivers discard duplicate 802.15.4 data frames (default: yes).
     *
     * Real 802.15.4 stacks discard a frame whose source and sequence number repeat the
     * previous one (a retry after a lost acknowledgement); ns-3.37's lr-wpan MAC does not.
     * With detection on, an LrWpanDuplicateFilter is aggregated to each node.
     * \param enabled true to discard duplicates
     */
    void SetDuplicateDetection(bool enabled);

    /**
     * \brief Install lr-wpan and 6LoWPAN on nodes that already have an IPv6 internet stack.
     * \param nodes the nodes (each must have a MobilityModel)
     * \return the 6LoWPAN devices, in the order of the nodes
     */
    NetDeviceContainer Install(NodeContainer nodes);

    /// \return the lr-wpan devices created by every Install() so far
    NetDeviceContainer GetLrWpanDevices() const;

    /**
     * \brief Assign global IPv6 addresses from a prefix, and enable forwarding.
     * \param sixDevices 6LoWPAN devices returned by Install()
     * \param network the network prefix (not 2001:db8::/32, which ns-3.37 does not forward)
     * \param prefix its length
     * \return the interfaces
     */
    Ipv6InterfaceContainer AssignAddresses(NetDeviceContainer sixDevices,
                                           Ipv6Address network,
                                           Ipv6Prefix prefix);

    /**
     * \brief Enable pcap tracing on the lr-wpan devices created so far (link type
     * IEEE 802.15.4 with FCS; bind the global ChecksumEnabled to true so that the FCS is real).
     * \param prefix the file name prefix (files are prefix-node-device.pcap)
     * \param promiscuous capture every frame the device hears (default), or only the frames
     * it sends
     */
    void EnablePcap(const std::string& prefix, bool promiscuous = true);

    /**
     * \brief Fix the random streams of the lr-wpan devices created so far and of the default
     * channel's loss models.
     * \param stream the first stream index
     * \return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \param device a device with an IPv6 interface on its node
     * \return the link-local address of the device's IPv6 interface
     */
    static Ipv6Address GetLinkLocalAddress(Ptr<NetDevice> device);

    /**
     * \param device a device with an IPv6 interface on its node
     * \return the first global address of the device's IPv6 interface
     */
    static Ipv6Address GetGlobalAddress(Ptr<NetDevice> device);

    /**
     * \brief Make a neighbour's addresses (global and link-local) permanent entries of a
     * node's neighbor cache.
     *
     * 6LoWPAN nodes register their addresses with their routers (6LoWPAN-ND, RFC 6775)
     * instead of resolving them with multicast neighbor solicitations; permanent entries model
     * that, and keep address resolution off the lossy links.
     * \param from the device whose cache gets the entries
     * \param neighbor the neighbour's 6LoWPAN device
     */
    static void AddNeighbor(Ptr<NetDevice> from, Ptr<NetDevice> neighbor);

    /**
     * \brief Route packets for one destination from one node to a neighbour over the LLN, and
     * make the neighbour a permanent neighbor-cache entry (AddNeighbor).
     * \param from the 6LoWPAN device of the node that forwards
     * \param destination the destination address
     * \param nextHop the 6LoWPAN device of the next-hop neighbour
     */
    static void AddHostRoute(Ptr<NetDevice> from, Ipv6Address destination, Ptr<NetDevice> nextHop);

    /**
     * \brief Make a neighbour the default router of a node on the LLN (the route-over
     * equivalent of an RPL node's preferred parent), and a permanent neighbor-cache entry
     * (AddNeighbor).
     *
     * As in AddHostRoute(), the next hop is named by its global address, so that packets the
     * node originates get a global source address.
     * \param from the 6LoWPAN device of the node
     * \param nextHop the 6LoWPAN device of its default router
     */
    static void AddDefaultRoute(Ptr<NetDevice> from, Ptr<NetDevice> nextHop);

    /**
     * \brief Install host routes in both directions between every pair of devices of a chain,
     * with neighbor-cache entries for adjacent devices.
     * \param chain 6LoWPAN devices in path order, with addresses (each hears its neighbours)
     */
    static void InstallChainRoutes(NetDeviceContainer chain);

  private:
    Ptr<SpectrumChannel> m_channel;     //!< the channel
    int m_channelType{-1};              //!< SetChannelType(), or -1: the global value
    Ptr<PropagationLossModel> m_loss;   //!< loss model of the default channel
    double m_maxLossDb;                 //!< MaxLossDb of the default channel
    uint16_t m_panId;                   //!< PAN ID
    uint16_t m_nextShortAddress;        //!< next 16-bit short address
    bool m_dad;                         //!< keep DAD
    bool m_duplicateDetection;          //!< install duplicate filters
    RdcType m_rdc{RDC_NONE};            //!< SetRdc()
    ObjectFactory m_lplFactory;         //!< creates the LplNetDevices
    NetDeviceContainer m_lrWpanDevices; //!< lr-wpan devices created
};

} // namespace ns3

#endif /* IOTSEC_LLN_HELPER_H */
