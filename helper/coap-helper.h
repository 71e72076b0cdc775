/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_COAP_HELPER_H
#define IOTSEC_COAP_HELPER_H

#include "ns3/address.h"
#include "ns3/application-container.h"
#include "ns3/attribute.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief Installs CoapServerApplication and CoapClientApplication on nodes.
 *
 * \code
 * CoapHelper coap;
 * coap.SetServerAttribute("Resources", StringValue("settable /lights/3 off;observable /temp 5s"));
 * ApplicationContainer servers = coap.InstallServer(sensors);
 * coap.SetClientAttribute("Script", StringValue("GET /.well-known/core; PUT /lights/3 on"));
 * ApplicationContainer clients = coap.InstallClient(client, Inet6SocketAddress(addr, 5683));
 * coap.AssignStreams(servers, 10);
 * \endcode
 *
 * Engine parameters (ACK_TIMEOUT, ...) are attributes of ns3::CoapSocketBinding: set them
 * with Config::SetDefault or per application through GetBinding().
 *
 * The same resources and scripts run over OSCORE (security `object`) after
 * \code
 * coap.SetOscore("0102030405060708090a0b0c0d0e0f10");   // the PSK, as Master Secret
 * \endcode
 * which sets the Security and Oscore* attributes of the servers and clients installed from
 * then on. Each server-client pair needs its own PSK or its own pair of IDs (a server's
 * default context admits one client: two clients with the same Sender ID and key would reuse
 * nonces); for several clients give each its context with
 * CoapServerApplication::AddOscorePeer().
 */
class CoapHelper
{
  public:
    CoapHelper();

    /**
     * \param name an attribute of ns3::CoapServerApplication
     * \param value its value
     */
    void SetServerAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \param name an attribute of ns3::CoapClientApplication
     * \param value its value
     */
    void SetClientAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Set an attribute of the CoapSocketBinding of every application installed from
     * now on, for example `SocketFactory` = `ns3::DtlsSocketFactory` to run CoAP over DTLS
     * (coaps://; the nodes need DtlsHelper::InstallSocketFactory()).
     * \param name an attribute of ns3::CoapSocketBinding
     * \param value its value
     */
    void SetBindingAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Protect the applications installed from now on with OSCORE (RFC 8613).
     * \param masterSecret the PSK (the Master Secret), in hexadecimal
     * \param clientId the clients' Sender ID (the servers' Recipient ID), in hexadecimal
     * \param serverId the servers' Sender ID (the clients' Recipient ID), in hexadecimal
     * \param masterSalt the Master Salt, in hexadecimal ("" for none)
     */
    void SetOscore(const std::string& masterSecret,
                   const std::string& clientId = "",
                   const std::string& serverId = "01",
                   const std::string& masterSalt = "");

    /**
     * \brief Install a server on each node.
     * \param nodes the nodes
     * \return the applications
     */
    ApplicationContainer InstallServer(NodeContainer nodes) const;

    /**
     * \brief Install a client on each node, talking to one server.
     * \param nodes the nodes
     * \param server the server's address and port
     * \return the applications
     */
    ApplicationContainer InstallClient(NodeContainer nodes, const Address& server) const;

    /**
     * \brief Fix the random streams of CoAP applications.
     * \param apps applications (others are skipped)
     * \param stream first stream index
     * \return streams used
     */
    static int64_t AssignStreams(ApplicationContainer apps, int64_t stream);

  private:
    /// \param app an application \return it, with the binding attributes applied
    Ptr<Application> ConfigureBinding(Ptr<Application> app) const;

    std::vector<std::pair<std::string, Ptr<AttributeValue>>> m_binding; //!< binding attributes
    ObjectFactory m_server;                                             //!< server factory
    ObjectFactory m_client;                                             //!< client factory
};

} // namespace ns3

#endif /* IOTSEC_COAP_HELPER_H */
