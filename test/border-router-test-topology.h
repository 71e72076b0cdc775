/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_BORDER_ROUTER_TEST_TOPOLOGY_H
#define IOTSEC_BORDER_ROUTER_TEST_TOPOLOGY_H

// Test-only: the three nodes the border-router tests share (not installed).

#include "ns3/internet-stack-helper.h"
#include "ns3/ipv6-address-helper.h"
#include "ns3/ipv6-static-routing-helper.h"
#include "ns3/ipv6-static-routing.h"
#include "ns3/ipv6.h"
#include "ns3/node-container.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/string.h"

namespace ns3
{
namespace iotsectest
{

/**
 * \brief A host on the Internet (node 0), a border router (node 1) and a node (node 2):
 * 10 Mbit/s and 10 ms between host and router (2001:2::/64), 250 kbit/s and 5 ms between
 * router and node (2001:3::/64, a stand-in for the LLN), IPv6 only. Without Route(), the
 * host talks to the router and the router to the node.
 */
struct BorderRouterPath
{
    NodeContainer nodes;          //!< host, router, node
    NetDeviceContainer internet;  //!< host and router
    NetDeviceContainer lln;       //!< router and node
    Ipv6Address routerAddress;    //!< the router's address on the Internet link
    Ipv6Address nodeAddress;      //!< the node's address on the LLN link
    Ipv6Address routerLlnAddress; //!< the router's address on the LLN link

    BorderRouterPath()
    {
        nodes.Create(3);
        PointToPointHelper fast;
        fast.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
        fast.SetChannelAttribute("Delay", StringValue("10ms"));
        PointToPointHelper slow;
        slow.SetDeviceAttribute("DataRate", StringValue("250kbps"));
        slow.SetChannelAttribute("Delay", StringValue("5ms"));
        internet = fast.Install(nodes.Get(0), nodes.Get(1));
        lln = slow.Install(nodes.Get(1), nodes.Get(2));
        InternetStackHelper stack;
        stack.SetIpv4StackInstall(false);
        stack.Install(nodes);
        Ipv6AddressHelper addresses;
        addresses.SetBase(Ipv6Address("2001:2::"), Ipv6Prefix(64));
        routerAddress = addresses.Assign(internet).GetAddress(1, 1);
        addresses.SetBase(Ipv6Address("2001:3::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer llnIfs = addresses.Assign(lln);
        nodeAddress = llnIfs.GetAddress(1, 1);
        routerLlnAddress = llnIfs.GetAddress(0, 1);
    }

    /// Let the host and the node reach each other through the router: forwarding on the
    /// router, a route to the LLN's /64 on the host and a default route on the node
    void Route()
    {
        Ptr<Ipv6> router = nodes.Get(1)->GetObject<Ipv6>();
        router->SetForwarding(router->GetInterfaceForDevice(internet.Get(1)), true);
        router->SetForwarding(router->GetInterfaceForDevice(lln.Get(0)), true);
        Ipv6StaticRoutingHelper routing;
        Ptr<Ipv6> host = nodes.Get(0)->GetObject<Ipv6>();
        routing.GetStaticRouting(host)->AddNetworkRouteTo(
            Ipv6Address("2001:3::"),
            Ipv6Prefix(64),
            routerAddress,
            host->GetInterfaceForDevice(internet.Get(0)));
        Ptr<Ipv6> node = nodes.Get(2)->GetObject<Ipv6>();
        routing.GetStaticRouting(node)->SetDefaultRoute(routerLlnAddress,
                                                        node->GetInterfaceForDevice(lln.Get(1)));
    }
};

} // namespace iotsectest
} // namespace ns3

#endif /* IOTSEC_BORDER_ROUTER_TEST_TOPOLOGY_H */
