/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_OOB_CHANNEL_HELPER_H
#define IOTSEC_OOB_CHANNEL_HELPER_H

#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/oob-channel.h"

#include <string>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief Installs OobNetDevices on nodes, attached to one OobChannel (NFC by default).
 *
 * \code
 *   OobChannelHelper oob;
 *   oob.SetChannel("ns3::QrOobChannel", "Version", UintegerValue(2));
 *   NetDeviceContainer devices = oob.Install(nodes); // one channel, a device per node
 *   oob.AssignStreams(devices, 100);
 * \endcode
 *
 * Every device gets a fresh Mac48Address (Mac48Address::Allocate). The nodes need a
 * MobilityModel. Per-device settings (an eavesdropper's ReceiverGain, a camera's Role) are
 * set on the device after Install, or on the helper before the Install of that device.
 */
class OobChannelHelper
{
  public:
    /// A helper for ns3::NfcOobChannel
    OobChannelHelper();

    /**
     * Chooses the channel type and its attributes.
     * \param type the TypeId name (ns3::NfcOobChannel, ns3::AudioOobChannel,
     *        ns3::LightOobChannel, ns3::QrOobChannel)
     * \param args name and AttributeValue pairs
     */
    template <typename... Args>
    void SetChannel(std::string type, Args&&... args);

    /**
     * \param name a channel attribute
     * \param value its value
     */
    void SetChannelAttribute(std::string name, const AttributeValue& value);

    /**
     * \param name an OobNetDevice attribute
     * \param value its value, for the devices installed from now on
     */
    void SetDeviceAttribute(std::string name, const AttributeValue& value);

    /// \return a new channel of the configured type and attributes
    Ptr<OobChannel> CreateChannel() const;

    /**
     * Creates one channel and a device on each node.
     * \param c the nodes
     * \return the devices
     */
    NetDeviceContainer Install(NodeContainer c) const;

    /**
     * Creates a device on each node, attached to a given channel.
     * \param c the nodes
     * \param channel the channel
     * \return the devices
     */
    NetDeviceContainer Install(NodeContainer c, Ptr<OobChannel> channel) const;

    /**
     * Creates a device on a node, attached to a given channel.
     * \param node the node
     * \param channel the channel
     * \return the device (in a container)
     */
    NetDeviceContainer Install(Ptr<Node> node, Ptr<OobChannel> channel) const;

    /**
     * Assigns fixed random variable streams to the channels of the devices (each channel
     * once, in the order the devices list them).
     * \param devices the devices
     * \param stream the first stream index
     * \return the number of stream indices assigned
     */
    int64_t AssignStreams(NetDeviceContainer devices, int64_t stream);

  private:
    ObjectFactory m_channelFactory; //!< channels
    ObjectFactory m_deviceFactory;  //!< devices
};

template <typename... Args>
void
OobChannelHelper::SetChannel(std::string type, Args&&... args)
{
    m_channelFactory.SetTypeId(type);
    m_channelFactory.Set(std::forward<Args>(args)...);
}

} // namespace ns3

#endif /* IOTSEC_OOB_CHANNEL_HELPER_H */
