/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_BOOTSTRAP_HELPER_H
#define IOTSEC_BOOTSTRAP_HELPER_H

#include "ns3/application-container.h"
#include "ns3/bootstrap-application.h"
#include "ns3/bootstrap-controller-application.h"
#include "ns3/bootstrap-node-application.h"
#include "ns3/bootstrap-server-application.h"
#include "ns3/jennings-application.h"
#include "ns3/object-factory.h"

#include <string>

namespace ns3
{

class OobNetDevice;

/**
 * \ingroup iotsec
 * \brief Installs the three parties of Kang's PSK re-configuration: the authentication
 * server (SBS), the controller (SBR) and the joining nodes (SBI).
 *
 * \code
 *   BootstrapHelper bootstrap;
 *   bootstrap.SetScheme(BootstrapApplication::OUT_OF_BAND);
 *   Ptr<BootstrapServerApplication> sbs = bootstrap.InstallServer(serverNode);
 *   sbs->AddController("sbr", skCs);
 *   sbs->EnrolNode("light-0", ik);
 *   Ptr<BootstrapControllerApplication> sbr =
 *       bootstrap.InstallController(controllerNode, "sbr", skCs, sbsCoapAddress, controllerOob);
 *   Ptr<BootstrapNodeApplication> sbi =
 *       bootstrap.InstallNode(lightNode, "light-0", ik, sbrAddress, lightOob);
 * \endcode
 */
class BootstrapHelper
{
  public:
    BootstrapHelper();

    /**
     * \brief The scheme of every application installed from now on.
     * \param scheme OUT_OF_BAND (Kang) or IN_BAND (the baseline)
     */
    void SetScheme(BootstrapApplication::Scheme scheme);

    /**
     * \param name an attribute of BootstrapNodeApplication
     * \param value its value for nodes installed from now on
     */
    void SetNodeAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \param name an attribute of BootstrapControllerApplication
     * \param value its value for controllers installed from now on
     */
    void SetControllerAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \param name an attribute of BootstrapServerApplication
     * \param value its value for servers installed from now on
     */
    void SetServerAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Install an authentication server, started at time 0.
     * \param node the node (an IPv6 stack)
     * \return the application (enrol nodes and controllers on it)
     */
    Ptr<BootstrapServerApplication> InstallServer(Ptr<Node> node) const;

    /**
     * \brief Install a controller, started at time 0.
     * \param node the node (an IPv6 stack)
     * \param controllerId ID_c
     * \param key SK_cs (16 bytes)
     * \param server the server's CoAP address (Inet6SocketAddress)
     * \param oob the controller's out-of-band device (nullptr: none)
     * \return the application
     */
    Ptr<BootstrapControllerApplication> InstallController(Ptr<Node> node,
                                                          const std::string& controllerId,
                                                          const Bytes& key,
                                                          const Address& server,
                                                          Ptr<OobNetDevice> oob) const;

    /**
     * \brief Install a joining node; it starts bootstrapping when the application starts
     * (time 0 unless SetStartTime() says otherwise).
     * \param node the node (an IPv6 stack)
     * \param nodeId ID_i (also its PSK identity)
     * \param initialKey IK_N (16 bytes)
     * \param controller the controller's in-band address (Inet6SocketAddress)
     * \param oob the node's out-of-band device (nullptr: none)
     * \return the application
     */
    Ptr<BootstrapNodeApplication> InstallNode(Ptr<Node> node,
                                              const std::string& nodeId,
                                              const Bytes& initialKey,
                                              const Address& controller,
                                              Ptr<OobNetDevice> oob) const;

    /**
     * \brief Fix the random streams of bootstrap applications.
     * \param apps applications installed by this helper
     * \param stream first stream index
     * \return streams used
     */
    static int64_t AssignStreams(ApplicationContainer apps, int64_t stream);

  private:
    ObjectFactory m_node;       //!< BootstrapNodeApplication factory
    ObjectFactory m_controller; //!< BootstrapControllerApplication factory
    ObjectFactory m_server;     //!< BootstrapServerApplication factory
};

/**
 * \ingroup iotsec
 * \brief Installs the four parties of Jennings' transitive-trust enrolment (the baseline):
 * the transfer agent, the controller, the introducer (a phone) and the devices.
 *
 * \code
 *   JenningsHelper jennings;
 *   jennings.InstallTransferAgent(serverNode, 5691);
 *   jennings.InstallController(serverNode, 5692);
 *   jennings.InstallIntroducer(phoneNode, agentAddress, controllerAddress, "nid", phoneOob);
 *   Bytes label = JenningsLabel::Generate("light-0", random, nullptr).Serialize();
 *   jennings.InstallDevice(lightNode, label, agentAddressSeenFromTheLight, lightOob);
 * \endcode
 */
class JenningsHelper
{
  public:
    JenningsHelper();

    /**
     * \brief Set an attribute of every JenningsApplication created afterwards.
     * \param name the attribute \param value its value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \param node the host \param port its UDP port
     * \return the transfer agent
     */
    Ptr<JenningsApplication> InstallTransferAgent(Ptr<Node> node, uint16_t port) const;

    /**
     * \param node the host \param port its UDP port
     * \return the controller; it installs each delivered secret in the node's DtlsPskStore
     */
    Ptr<JenningsApplication> InstallController(Ptr<Node> node, uint16_t port) const;

    /**
     * \param node the phone
     * \param transferAgent the transfer agent's Inet6SocketAddress
     * \param controller the controller's Inet6SocketAddress
     * \param networkInfo what the transfer agent hands the devices (1 to 64 bytes)
     * \param oob the camera (or NFC, audio, light receiver) that scans labels
     * \return the introducer
     */
    Ptr<JenningsApplication> InstallIntroducer(Ptr<Node> node,
                                               const Address& transferAgent,
                                               const Address& controller,
                                               const std::string& networkInfo,
                                               Ptr<OobNetDevice> oob) const;

    /**
     * \param node the device
     * \param label its LABEL (JenningsLabel::Serialize)
     * \param transferAgent the transfer agent's Inet6SocketAddress
     * \param oob the device that shows the label (null: the label is not shown)
     * \return the device
     */
    Ptr<JenningsApplication> InstallDevice(Ptr<Node> node,
                                           const Bytes& label,
                                           const Address& transferAgent,
                                           Ptr<OobNetDevice> oob) const;

  private:
    /// \param node the host \param party the party \param port the port
    /// \return a new application on the node
    Ptr<JenningsApplication> Create(Ptr<Node> node,
                                    JenningsApplication::Party party,
                                    uint16_t port) const;

    ObjectFactory m_factory; //!< JenningsApplication factory
};

} // namespace ns3

#endif /* IOTSEC_BOOTSTRAP_HELPER_H */
