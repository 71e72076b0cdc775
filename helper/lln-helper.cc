/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lln-helper.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/global-value.h"
#include "ns3/icmpv6-l4-protocol.h"
#include "ns3/iotsec-compat.h"
#include "ns3/ipv6-address-helper.h"
#include "ns3/ipv6-interface.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/ipv6-static-routing-helper.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/lpl-net-device.h"
#include "ns3/lr-wpan-duplicate-filter.h"
#include "ns3/lr-wpan-net-device.h"
#include "ns3/mac16-address.h"
#include "ns3/mac64-address.h"
#include "ns3/mobility-model.h"
#include "ns3/ndisc-cache.h"
#include "ns3/neighbor-list-spectrum-channel.h"
#include "ns3/pcap-file-wrapper.h"
#include "ns3/propagation-delay-model.h"
#include "ns3/propagation-loss-model.h"
#include "ns3/simulator.h"
#include "ns3/single-model-spectrum-channel.h"
#include "ns3/sixlowpan-helper.h"
#include "ns3/string.h"
#include "ns3/trace-helper.h"

namespace ns3
{

using namespace lrwpan; // NOLINT: ns-3 >= 3.42 keeps lr-wpan in ns3::lrwpan (iotsec-compat.h)

NS_LOG_COMPONENT_DEFINE("LlnHelper");

namespace
{
/// The class of LlnHelper's default channel, for every helper and example at once
GlobalValue g_llnChannel("IotsecLlnChannel",
                         "The spectrum channel LlnHelper creates for the LLN: NeighborList "
                         "(iotsec's NeighborListSpectrumChannel: the receptions of the stock "
                         "channel at the cost of the receivers in range) or SingleModel "
                         "(ns-3's SingleModelSpectrumChannel)",
                         EnumValue(LlnHelper::NEIGHBOR_LIST),
                         MakeEnumChecker(LlnHelper::NEIGHBOR_LIST,
                                         "NeighborList",
                                         LlnHelper::SINGLE_MODEL,
                                         "SingleModel"));
} // namespace

LlnHelper::LlnHelper()
    : m_maxLossDb(100.0),
      m_panId(0x1234),
      m_nextShortAddress(1),
      m_dad(false),
      m_duplicateDetection(true)
{
    m_lplFactory.SetTypeId(LplNetDevice::GetTypeId());
}

void
LlnHelper::SetRdc(RdcType type)
{
    m_rdc = type;
}

LlnHelper::RdcType
LlnHelper::GetRdc() const
{
    return m_rdc;
}

void
LlnHelper::SetLplAttribute(const std::string& name, const AttributeValue& value)
{
    m_lplFactory.Set(name, value);
}

void
LlnHelper::SetChannel(Ptr<SpectrumChannel> channel)
{
    NS_ABORT_MSG_IF(!channel, "LlnHelper::SetChannel: null channel");
    m_channel = channel;
}

void
LlnHelper::SetMaxLossDb(double maxLossDb)
{
    NS_ABORT_MSG_IF(m_channel, "LlnHelper::SetMaxLossDb must come before the channel is used");
    NS_ABORT_MSG_UNLESS(maxLossDb > 0, "LlnHelper::SetMaxLossDb: " << maxLossDb << " dB");
    m_maxLossDb = maxLossDb;
}

void
LlnHelper::SetPropagationLossModel(Ptr<PropagationLossModel> loss)
{
    NS_ABORT_MSG_IF(m_channel,
                    "LlnHelper::SetPropagationLossModel must come before the channel is used");
    m_loss = loss;
}

void
LlnHelper::SetChannelType(ChannelType type)
{
    NS_ABORT_MSG_IF(m_channel, "LlnHelper::SetChannelType must come before the channel is used");
    m_channelType = type;
}

Ptr<SpectrumChannel>
LlnHelper::GetChannel()
{
    if (!m_channel)
    {
        bool stock = m_channelType == SINGLE_MODEL;
        if (m_channelType < 0)
        {
            StringValue type; // EnumValue is a template from ns-3.41 on: read the name
            g_llnChannel.GetValue(type);
            stock = type.Get() == "SingleModel";
        }
        Ptr<SpectrumChannel> channel;
        if (stock)
        {
            channel = CreateObject<SingleModelSpectrumChannel>();
        }
        else
        {
            channel = CreateObject<NeighborListSpectrumChannel>();
        }
        if (!m_loss)
        {
            m_loss = CreateObject<LogDistancePropagationLossModel>();
        }
        channel->AddPropagationLossModel(m_loss);
        channel->SetPropagationDelayModel(CreateObject<ConstantSpeedPropagationDelayModel>());
        channel->SetAttribute("MaxLossDb", DoubleValue(m_maxLossDb));
        m_channel = channel;
    }
    return m_channel;
}

void
LlnHelper::SetPanId(uint16_t panId)
{
    m_panId = panId;
}

void
LlnHelper::SetDad(bool enabled)
{
    m_dad = enabled;
}

void
LlnHelper::SetDuplicateDetection(bool enabled)
{
    m_duplicateDetection = enabled;
}

NetDeviceContainer
LlnHelper::Install(NodeContainer nodes)
{
    NS_LOG_FUNCTION(this << nodes.GetN());
    // lr-wpan devices are created here rather than with LrWpanHelper, whose destructor
    // disposes its channel (and so detaches every PHY) in ns-3.37.
    NetDeviceContainer lrDevices;
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        Ptr<Node> node = nodes.Get(i);
        Ptr<LrWpanNetDevice> dev;
        if (m_rdc == RDC_LPL)
        {
            dev = m_lplFactory.Create<LplNetDevice>();
        }
        else
        {
            dev = CreateObject<LrWpanNetDevice>();
        }
        dev->SetChannel(GetChannel());
        node->AddDevice(dev);
        dev->SetNode(node);
        lrDevices.Add(dev);
        Ptr<MobilityModel> mobility = node->GetObject<MobilityModel>();
        NS_ABORT_MSG_UNLESS(mobility,
                            "LlnHelper::Install: node " << node->GetId()
                                                        << " has no MobilityModel");
        NS_ABORT_MSG_UNLESS(node->GetObject<Ipv6>(),
                            "LlnHelper::Install: node " << node->GetId()
                                                        << " has no IPv6 stack (install it first)");
        NS_ABORT_MSG_IF(m_nextShortAddress == 0xfffe,
                        "LlnHelper::Install: 16-bit short addresses exhausted");
        dev->GetPhy()->SetMobility(mobility);
        uint8_t buf[2] = {static_cast<uint8_t>(m_nextShortAddress >> 8),
                          static_cast<uint8_t>(m_nextShortAddress & 0xff)};
        Mac16Address shortAddress;
        shortAddress.CopyFrom(buf);
        ++m_nextShortAddress;
        dev->GetMac()->SetPanId(m_panId);
        dev->GetMac()->SetShortAddress(shortAddress);
        dev->GetMac()->SetExtendedAddress(Mac64Address::Allocate());
        // Every LLN node sits on one prefix and one interface, so a router forwards out of
        // the interface a packet came in on; ICMPv6 redirects would tell the sender to reach a
        // destination directly that it cannot hear. Route-over 6LoWPAN routers do not send them.
        node->GetObject<Ipv6>()->SetAttribute("SendIcmpv6Redirect", BooleanValue(false));
        if (m_duplicateDetection)
        {
            Ptr<LrWpanDuplicateFilter> filter = CreateObject<LrWpanDuplicateFilter>();
            filter->Install(dev);
            node->AggregateObject(filter);
        }
        if (!m_dad)
        {
            node->GetObject<Icmpv6L4Protocol>()->SetAttribute("DAD", BooleanValue(false));
        }
        m_lrWpanDevices.Add(dev);
    }
    SixLowPanHelper sixLowPan;
    return sixLowPan.Install(lrDevices);
}

NetDeviceContainer
LlnHelper::GetLrWpanDevices() const
{
    return m_lrWpanDevices;
}

Ipv6InterfaceContainer
LlnHelper::AssignAddresses(NetDeviceContainer sixDevices, Ipv6Address network, Ipv6Prefix prefix)
{
    NS_LOG_FUNCTION(this << network << prefix);
    Ipv6AddressHelper addresses;
    addresses.SetBase(network, prefix);
    Ipv6InterfaceContainer interfaces = addresses.Assign(sixDevices);
    for (uint32_t i = 0; i < interfaces.GetN(); ++i)
    {
        interfaces.SetForwarding(i, true);
    }
    return interfaces;
}

namespace
{

/**
 * \brief Write one 802.15.4 frame to a pcap file.
 * \param file the file
 * \param packet the frame (MAC header, payload and FCS)
 */
void
PcapSniff(Ptr<PcapFileWrapper> file, Ptr<const Packet> packet)
{
    file->Write(Simulator::Now(), packet);
}

} // namespace

void
LlnHelper::EnablePcap(const std::string& prefix, bool promiscuous)
{
    PcapHelper pcap;
    for (uint32_t i = 0; i < m_lrWpanDevices.GetN(); ++i)
    {
        Ptr<LrWpanNetDevice> dev = DynamicCast<LrWpanNetDevice>(m_lrWpanDevices.Get(i));
        Ptr<PcapFileWrapper> file = pcap.CreateFile(pcap.GetFilenameFromDevice(prefix, dev),
                                                    std::ios::out,
                                                    PcapHelper::DLT_IEEE802_15_4);
        // ns-3.37's "Sniffer" sees only the frames a device sends; "PromiscSniffer" sees every
        // frame it hears, which is what a capture at the node's position should show.
        dev->GetMac()->TraceConnectWithoutContext(promiscuous ? "PromiscSniffer" : "Sniffer",
                                                  MakeBoundCallback(&PcapSniff, file));
    }
}

int64_t
LlnHelper::AssignStreams(int64_t stream)
{
    int64_t current = stream;
    if (m_loss)
    {
        current += m_loss->AssignStreams(current); // the whole chain of loss models
    }
    for (uint32_t i = 0; i < m_lrWpanDevices.GetN(); ++i)
    {
        Ptr<LplNetDevice> lpl = DynamicCast<LplNetDevice>(m_lrWpanDevices.Get(i));
        current +=
            lpl ? lpl->AssignStreams(current)
                : DynamicCast<LrWpanNetDevice>(m_lrWpanDevices.Get(i))->AssignStreams(current);
    }
    return current - stream;
}

namespace
{

/**
 * \param device a device with an IPv6 interface
 * \param scope the scope wanted
 * \return the first address of that scope on the device's interface
 */
Ipv6Address
AddressOfScope(Ptr<NetDevice> device, Ipv6InterfaceAddress::Scope_e scope)
{
    Ptr<Ipv6> ipv6 = device->GetNode()->GetObject<Ipv6>();
    NS_ABORT_MSG_UNLESS(ipv6, "LlnHelper: node " << device->GetNode()->GetId() << " has no IPv6");
    int32_t ifIndex = ipv6->GetInterfaceForDevice(device);
    NS_ABORT_MSG_IF(ifIndex < 0, "LlnHelper: device has no IPv6 interface");
    for (uint32_t j = 0; j < ipv6->GetNAddresses(ifIndex); ++j)
    {
        Ipv6InterfaceAddress address = ipv6->GetAddress(ifIndex, j);
        if (address.GetScope() == scope)
        {
            return address.GetAddress();
        }
    }
    NS_FATAL_ERROR("LlnHelper: interface " << ifIndex << " of node " << device->GetNode()->GetId()
                                           << " has no address of scope " << scope);
}

} // namespace

Ipv6Address
LlnHelper::GetLinkLocalAddress(Ptr<NetDevice> device)
{
    return AddressOfScope(device, Ipv6InterfaceAddress::LINKLOCAL);
}

Ipv6Address
LlnHelper::GetGlobalAddress(Ptr<NetDevice> device)
{
    return AddressOfScope(device, Ipv6InterfaceAddress::GLOBAL);
}

void
LlnHelper::AddNeighbor(Ptr<NetDevice> from, Ptr<NetDevice> neighbor)
{
    Ptr<Ipv6L3Protocol> ipv6 = from->GetNode()->GetObject<Ipv6L3Protocol>();
    NS_ABORT_MSG_UNLESS(ipv6,
                        "LlnHelper::AddNeighbor: no IPv6 on node " << from->GetNode()->GetId());
    int32_t ifIndex = ipv6->GetInterfaceForDevice(from);
    NS_ABORT_MSG_IF(ifIndex < 0, "LlnHelper::AddNeighbor: device has no IPv6 interface");
    Ptr<NdiscCache> cache = ipv6->GetInterface(ifIndex)->GetNdiscCache();
    NS_ABORT_MSG_UNLESS(cache, "LlnHelper::AddNeighbor: interface has no neighbor cache");
    for (Ipv6Address address : {GetGlobalAddress(neighbor), GetLinkLocalAddress(neighbor)})
    {
        NdiscCache::Entry* entry = cache->Lookup(address);
        if (entry == nullptr)
        {
            entry = cache->Add(address);
        }
        entry->SetMacAddress(neighbor->GetAddress());
        entry->MarkPermanent();
    }
}

void
LlnHelper::AddHostRoute(Ptr<NetDevice> from, Ipv6Address destination, Ptr<NetDevice> nextHop)
{
    Ptr<Ipv6> ipv6 = from->GetNode()->GetObject<Ipv6>();
    int32_t ifIndex = ipv6->GetInterfaceForDevice(from);
    NS_ABORT_MSG_IF(ifIndex < 0, "LlnHelper::AddHostRoute: device has no IPv6 interface");
    Ipv6StaticRoutingHelper helper;
    Ptr<Ipv6StaticRouting> routing = helper.GetStaticRouting(ipv6);
    NS_ABORT_MSG_UNLESS(routing, "LlnHelper::AddHostRoute: no static routing on the node");
    // The next hop is named by its global address, which is on-link in the LLN's prefix. With a
    // link-local next hop, ns-3's static routing would pick a link-local source address for
    // the packets it originates (source selection follows the gateway's scope), and routers
    // must not forward packets with a link-local source (RFC 4291, section 2.5.6).
    routing->AddHostRouteTo(destination, GetGlobalAddress(nextHop), static_cast<uint32_t>(ifIndex));
}

void
LlnHelper::AddDefaultRoute(Ptr<NetDevice> from, Ptr<NetDevice> nextHop)
{
    Ptr<Ipv6> ipv6 = from->GetNode()->GetObject<Ipv6>();
    int32_t ifIndex = ipv6->GetInterfaceForDevice(from);
    NS_ABORT_MSG_IF(ifIndex < 0, "LlnHelper::AddDefaultRoute: device has no IPv6 interface");
    Ipv6StaticRoutingHelper helper;
    Ptr<Ipv6StaticRouting> routing = helper.GetStaticRouting(ipv6);
    NS_ABORT_MSG_UNLESS(routing, "LlnHelper::AddDefaultRoute: no static routing on the node");
    AddNeighbor(from, nextHop);
    routing->SetDefaultRoute(GetGlobalAddress(nextHop), static_cast<uint32_t>(ifIndex));
}

void
LlnHelper::InstallChainRoutes(NetDeviceContainer chain)
{
    for (uint32_t i = 0; i < chain.GetN(); ++i)
    {
        if (i > 0)
        {
            AddNeighbor(chain.Get(i), chain.Get(i - 1));
        }
        if (i + 1 < chain.GetN())
        {
            AddNeighbor(chain.Get(i), chain.Get(i + 1));
        }
        for (uint32_t j = 0; j < chain.GetN(); ++j)
        {
            // Neighbours are on-link; farther destinations go one hop towards them.
            if (j + 1 < i)
            {
                AddHostRoute(chain.Get(i), GetGlobalAddress(chain.Get(j)), chain.Get(i - 1));
            }
            else if (j > i + 1)
            {
                AddHostRoute(chain.Get(i), GetGlobalAddress(chain.Get(j)), chain.Get(i + 1));
            }
        }
    }
}

} // namespace ns3
