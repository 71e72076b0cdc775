/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_COAP_TEST_TOPOLOGY_H
#define IOTSEC_COAP_TEST_TOPOLOGY_H

// Test-only (not installed): two IPv6 nodes on a point-to-point link, and an error model
// that loses chosen CoAP datagrams, shared by the CoAP simulation test suites.

#include "ns3/error-model.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv6-address-helper.h"
#include "ns3/ipv6-header.h"
#include "ns3/node-container.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/pointer.h"
#include "ns3/ppp-header.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/udp-header.h"

#include <vector>

namespace ns3
{
namespace iotsectest
{

/**
 * \brief Loses the first `count` UDP datagrams whose source or destination port matches, as
 * they arrive at a point-to-point device, and records when each matching datagram arrived.
 */
class CoapDropModel : public ErrorModel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::iotsectest::CoapDropModel")
                                .SetParent<ErrorModel>()
                                .SetGroupName("Iotsec")
                                .AddConstructor<CoapDropModel>();
        return tid;
    }

    uint32_t count{0};          //!< how many matching datagrams to lose
    uint16_t port{5683};        //!< the port that matches
    bool matchSource{false};    //!< match the source port (else the destination port)
    uint32_t seen{0};           //!< matching datagrams seen
    std::vector<Time> arrivals; //!< when each matching datagram arrived

  private:
    bool DoCorrupt(Ptr<Packet> p) override
    {
        Ptr<Packet> copy = p->Copy();
        PppHeader ppp;
        copy->RemoveHeader(ppp);
        if (ppp.GetProtocol() != 0x0057) // IPv6
        {
            return false;
        }
        Ipv6Header ip;
        copy->RemoveHeader(ip);
        if (ip.GetNextHeader() != 17)
        {
            return false;
        }
        UdpHeader udp;
        copy->RemoveHeader(udp);
        if ((matchSource ? udp.GetSourcePort() : udp.GetDestinationPort()) != port)
        {
            return false;
        }
        arrivals.push_back(Simulator::Now());
        return ++seen <= count;
    }

    void DoReset() override
    {
        seen = 0;
        arrivals.clear();
    }
};

/**
 * \brief Two nodes (0: client, 1: server) on a 250 kb/s, 5 ms point-to-point link, IPv6
 * 2001:2::/64.
 */
struct CoapPair
{
    NodeContainer nodes;               //!< the two nodes
    NetDeviceContainer devices;        //!< their devices
    Ipv6InterfaceContainer interfaces; //!< their interfaces

    CoapPair()
    {
        nodes.Create(2);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("250kbps"));
        p2p.SetChannelAttribute("Delay", StringValue("5ms"));
        devices = p2p.Install(nodes);
        InternetStackHelper internet;
        internet.SetIpv4StackInstall(false);
        internet.Install(nodes);
        Ipv6AddressHelper addresses;
        addresses.SetBase(Ipv6Address("2001:2::"), Ipv6Prefix(64));
        interfaces = addresses.Assign(devices);
    }

    /**
     * \param node 0 or 1
     * \param model the model to install on that node's device (receive side)
     */
    void SetReceiveErrorModel(uint32_t node, Ptr<ErrorModel> model)
    {
        devices.Get(node)->SetAttribute("ReceiveErrorModel", PointerValue(model));
    }

    /// \param node 0 or 1 \return its global address
    Ipv6Address Address(uint32_t node) const
    {
        return interfaces.GetAddress(node, 1);
    }
};

} // namespace iotsectest
} // namespace ns3

#endif /* IOTSEC_COAP_TEST_TOPOLOGY_H */
