/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_DTLS_HELPER_H
#define IOTSEC_DTLS_HELPER_H

#include "ns3/application-container.h"
#include "ns3/attribute.h"
#include "ns3/dtls-psk-store.h"
#include "ns3/node-container.h"

#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief Installs DTLS keys, DTLS servers and clients, and DTLS socket factories on nodes.
 *
 * \code
 * DtlsHelper dtls;
 * dtls.SetSocketAttribute("LossRecovery", StringValue("RestartHandshake"));
 * for (uint32_t i = 0; i < sensors.GetN(); ++i) {
 *     Bytes key = DtlsHelper::DeriveKey("building-1", i);
 *     DtlsHelper::InstallPsk(sensors.Get(i), "sensor-" + std::to_string(i), key);
 *     DtlsHelper::InstallPsk(client, "sensor-" + std::to_string(i), key);
 * }
 * ApplicationContainer servers = dtls.InstallServer(sensors);
 * ApplicationContainer c = dtls.InstallClient(client, Inet6SocketAddress(addr, 5684), "sensor-0");
 * \endcode
 */
class DtlsHelper
{
  public:
    DtlsHelper();

    /**
     * \param name a DtlsSocket attribute (for example "LossRecovery", "HandshakeMtu")
     * \param value its value for every socket of the applications installed from now on
     */
    void SetSocketAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Give a node a pre-shared key (creating its DtlsPskStore if needed).
     * \param node the node
     * \param identity the PSK identity
     * \param key the key
     * \return the node's store
     */
    static Ptr<DtlsPskStore> InstallPsk(Ptr<Node> node,
                                        const std::string& identity,
                                        const Bytes& key);

    /**
     * \brief Give every node the same pre-shared key.
     * \param nodes the nodes
     * \param identity the PSK identity
     * \param key the key
     */
    static void InstallPsk(NodeContainer nodes, const std::string& identity, const Bytes& key);

    /**
     * \brief A reproducible 16-byte key for scenario setup:
     * HMAC-SHA256(label, index) truncated to 16 bytes.
     * \param label a label naming the deployment
     * \param index the device's index
     * \return the key
     */
    static Bytes DeriveKey(const std::string& label, uint32_t index);

    /**
     * \brief Install a DtlsServerApplication on each node.
     * \param nodes the nodes (each needs a DtlsPskStore and an internet stack)
     * \param port the UDP port
     * \param echo echo application data back
     * \return the applications
     */
    ApplicationContainer InstallServer(NodeContainer nodes,
                                       uint16_t port = 5684,
                                       bool echo = true) const;

    /**
     * \brief Install a DtlsClientApplication.
     * \param client the client node
     * \param remote the server's Inet6SocketAddress
     * \param identity the PSK identity to present
     * \param maxPackets datagrams of data to send after the handshake
     * \return the application
     */
    ApplicationContainer InstallClient(Ptr<Node> client,
                                       const Address& remote,
                                       const std::string& identity,
                                       uint32_t maxPackets = 1) const;

    /**
     * \brief Aggregate a DtlsSocketFactory to each node, with this helper's socket
     * attributes, so that Socket::CreateSocket(node, DtlsSocketFactory::GetTypeId()) works.
     * \param nodes the nodes
     */
    void InstallSocketFactory(NodeContainer nodes) const;

    /**
     * \brief Fix the random streams of DTLS applications.
     * \param apps applications installed by this helper
     * \param stream first stream index
     * \return streams used
     */
    static int64_t AssignStreams(ApplicationContainer apps, int64_t stream);

  private:
    std::vector<std::pair<std::string, Ptr<AttributeValue>>> m_socketAttributes; //!< for sockets
};

} // namespace ns3

#endif /* IOTSEC_DTLS_HELPER_H */
