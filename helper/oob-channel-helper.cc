/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "oob-channel-helper.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/mac48-address.h"
#include "ns3/node.h"
#include "ns3/oob-net-device.h"

#include <set>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("OobChannelHelper");

OobChannelHelper::OobChannelHelper()
{
    m_channelFactory.SetTypeId("ns3::NfcOobChannel");
    m_deviceFactory.SetTypeId("ns3::OobNetDevice");
}

void
OobChannelHelper::SetChannelAttribute(std::string name, const AttributeValue& value)
{
    m_channelFactory.Set(name, value);
}

void
OobChannelHelper::SetDeviceAttribute(std::string name, const AttributeValue& value)
{
    m_deviceFactory.Set(name, value);
}

Ptr<OobChannel>
OobChannelHelper::CreateChannel() const
{
    Ptr<OobChannel> channel = m_channelFactory.Create<OobChannel>();
    NS_ABORT_MSG_UNLESS(channel,
                        "OobChannelHelper: " << m_channelFactory.GetTypeId().GetName()
                                             << " is not an OobChannel");
    return channel;
}

NetDeviceContainer
OobChannelHelper::Install(NodeContainer c) const
{
    return Install(c, CreateChannel());
}

NetDeviceContainer
OobChannelHelper::Install(NodeContainer c, Ptr<OobChannel> channel) const
{
    NetDeviceContainer devices;
    for (auto i = c.Begin(); i != c.End(); ++i)
    {
        devices.Add(Install(*i, channel));
    }
    return devices;
}

NetDeviceContainer
OobChannelHelper::Install(Ptr<Node> node, Ptr<OobChannel> channel) const
{
    Ptr<OobNetDevice> device = m_deviceFactory.Create<OobNetDevice>();
    device->SetAddress(Mac48Address::Allocate());
    node->AddDevice(device);
    device->SetChannel(channel);
    return NetDeviceContainer(device);
}

int64_t
OobChannelHelper::AssignStreams(NetDeviceContainer devices, int64_t stream)
{
    int64_t current = stream;
    std::set<Ptr<OobChannel>> done;
    for (auto i = devices.Begin(); i != devices.End(); ++i)
    {
        Ptr<OobNetDevice> device = DynamicCast<OobNetDevice>(*i);
        if (!device || !device->GetOobChannel() || done.count(device->GetOobChannel()))
        {
            continue;
        }
        done.insert(device->GetOobChannel());
        current += device->GetOobChannel()->AssignStreams(current);
    }
    return current - stream;
}

} // namespace ns3
