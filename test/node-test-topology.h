/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_NODE_TEST_TOPOLOGY_H
#define IOTSEC_NODE_TEST_TOPOLOGY_H

// Test-only (not installed): a client node and a server node on an IPv6 point-to-point link,
// with device profiles, for the node-model test suites that run real DTLS handshakes.

#include "ns3/dtls-client-application.h"
#include "ns3/dtls-helper.h"
#include "ns3/dtls-server-application.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv6-address-helper.h"
#include "ns3/node-model-helper.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <functional>
#include <string>
#include <vector>

namespace ns3
{
namespace iotsectest
{

/**
 * \brief Node 0 (client) and node 1 (server, a DtlsServerApplication on port 5684) joined by
 * a 1 Mb/s, 10 ms IPv6 point-to-point link. The constructor gives both nodes their profiles;
 * AddClient() adds client applications on node 0, each with its own socket and PSK identity.
 */
struct NodeTestbed
{
    NodeContainer nodes;                             //!< client (0) and server (1)
    Ipv6InterfaceContainer interfaces;               //!< addresses
    Ptr<DtlsServerApplication> server;               //!< the server application
    std::vector<Ptr<DtlsClientApplication>> clients; //!< client applications
    DtlsHelper dtls;                                 //!< installs the applications

    /**
     * \param clientModel the client node's profile
     * \param serverModel the server node's profile
     * \param configure sets socket attributes of the helper before the server is installed
     * (they then apply to the server and to every client)
     */
    NodeTestbed(const NodeModelHelper& clientModel,
                const NodeModelHelper& serverModel,
                const std::function<void(DtlsHelper&)>& configure = {})
    {
        if (configure)
        {
            configure(dtls);
        }
        nodes.Create(2);
        clientModel.Install(nodes.Get(0));
        serverModel.Install(nodes.Get(1));
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("1Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("10ms"));
        NetDeviceContainer devices = p2p.Install(nodes);
        InternetStackHelper internet;
        internet.SetIpv4StackInstall(false);
        internet.Install(nodes);
        Ipv6AddressHelper addresses;
        addresses.SetBase(Ipv6Address("2001:5::"), Ipv6Prefix(64));
        interfaces = addresses.Assign(devices);
        ApplicationContainer s = dtls.InstallServer(nodes.Get(1), 5684, false);
        DtlsHelper::AssignStreams(s, 500);
        s.Start(Seconds(0));
        server = DynamicCast<DtlsServerApplication>(s.Get(0));
    }

    ~NodeTestbed()
    {
        Simulator::Destroy();
    }

    /**
     * \brief Add a client application on node 0 that starts at a given time.
     * \param start its start time
     * \return the application
     */
    Ptr<DtlsClientApplication> AddClient(Time start)
    {
        uint32_t index = static_cast<uint32_t>(clients.size());
        std::string identity = "client-" + std::to_string(index);
        Bytes key = DtlsHelper::DeriveKey("node-tests", index);
        DtlsHelper::InstallPsk(nodes.Get(0), identity, key);
        DtlsHelper::InstallPsk(nodes.Get(1), identity, key);
        ApplicationContainer c =
            dtls.InstallClient(nodes.Get(0),
                               Inet6SocketAddress(interfaces.GetAddress(1, 1), 5684),
                               identity,
                               0);
        DtlsHelper::AssignStreams(c, 600 + index);
        c.Start(start);
        Ptr<DtlsClientApplication> app = DynamicCast<DtlsClientApplication>(c.Get(0));
        clients.push_back(app);
        return app;
    }

    /// \param until when to stop
    void Run(Time until)
    {
        Simulator::Stop(until);
        Simulator::Run();
    }
};

} // namespace iotsectest
} // namespace ns3

#endif /* IOTSEC_NODE_TEST_TOPOLOGY_H */
