/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "bootstrap-helper.h"

#include "ns3/address.h"
#include "ns3/enum.h"
#include "ns3/hex-encoding.h"
#include "ns3/node.h"
#include "ns3/oob-net-device.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ns3
{

BootstrapHelper::BootstrapHelper()
{
    m_node.SetTypeId(BootstrapNodeApplication::GetTypeId());
    m_controller.SetTypeId(BootstrapControllerApplication::GetTypeId());
    m_server.SetTypeId(BootstrapServerApplication::GetTypeId());
}

void
BootstrapHelper::SetScheme(BootstrapApplication::Scheme scheme)
{
    m_node.Set("Scheme", EnumValue(scheme));
    m_controller.Set("Scheme", EnumValue(scheme));
    m_server.Set("Scheme", EnumValue(scheme));
}

void
BootstrapHelper::SetNodeAttribute(const std::string& name, const AttributeValue& value)
{
    m_node.Set(name, value);
}

void
BootstrapHelper::SetControllerAttribute(const std::string& name, const AttributeValue& value)
{
    m_controller.Set(name, value);
}

void
BootstrapHelper::SetServerAttribute(const std::string& name, const AttributeValue& value)
{
    m_server.Set(name, value);
}

Ptr<BootstrapServerApplication>
BootstrapHelper::InstallServer(Ptr<Node> node) const
{
    Ptr<BootstrapServerApplication> app = m_server.Create<BootstrapServerApplication>();
    node->AddApplication(app);
    return app;
}

Ptr<BootstrapControllerApplication>
BootstrapHelper::InstallController(Ptr<Node> node,
                                   const std::string& controllerId,
                                   const Bytes& key,
                                   const Address& server,
                                   Ptr<OobNetDevice> oob) const
{
    Ptr<BootstrapControllerApplication> app = m_controller.Create<BootstrapControllerApplication>();
    app->SetAttribute("ControllerId", StringValue(controllerId));
    app->SetAttribute("ControllerKey", StringValue(HexEncode(key)));
    app->SetAttribute("Server", AddressValue(server));
    node->AddApplication(app);
    app->SetOobDevice(oob);
    return app;
}

Ptr<BootstrapNodeApplication>
BootstrapHelper::InstallNode(Ptr<Node> node,
                             const std::string& nodeId,
                             const Bytes& initialKey,
                             const Address& controller,
                             Ptr<OobNetDevice> oob) const
{
    Ptr<BootstrapNodeApplication> app = m_node.Create<BootstrapNodeApplication>();
    app->SetAttribute("NodeId", StringValue(nodeId));
    app->SetAttribute("InitialKey", StringValue(HexEncode(initialKey)));
    app->SetAttribute("Controller", AddressValue(controller));
    node->AddApplication(app);
    app->SetOobDevice(oob);
    return app;
}

int64_t
BootstrapHelper::AssignStreams(ApplicationContainer apps, int64_t stream)
{
    int64_t used = 0;
    for (uint32_t i = 0; i < apps.GetN(); ++i)
    {
        Ptr<BootstrapApplication> app = DynamicCast<BootstrapApplication>(apps.Get(i));
        if (app)
        {
            used += app->AssignStreams(stream + used);
        }
    }
    return used;
}

JenningsHelper::JenningsHelper()
{
    m_factory.SetTypeId(JenningsApplication::GetTypeId());
}

void
JenningsHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

Ptr<JenningsApplication>
JenningsHelper::Create(Ptr<Node> node, JenningsApplication::Party party, uint16_t port) const
{
    Ptr<JenningsApplication> app = m_factory.Create<JenningsApplication>();
    app->SetAttribute("Party", EnumValue(party));
    app->SetAttribute("Port", UintegerValue(port));
    node->AddApplication(app);
    return app;
}

Ptr<JenningsApplication>
JenningsHelper::InstallTransferAgent(Ptr<Node> node, uint16_t port) const
{
    return Create(node, JenningsApplication::TRANSFER_AGENT, port);
}

Ptr<JenningsApplication>
JenningsHelper::InstallController(Ptr<Node> node, uint16_t port) const
{
    return Create(node, JenningsApplication::CONTROLLER, port);
}

Ptr<JenningsApplication>
JenningsHelper::InstallIntroducer(Ptr<Node> node,
                                  const Address& transferAgent,
                                  const Address& controller,
                                  const std::string& networkInfo,
                                  Ptr<OobNetDevice> oob) const
{
    Ptr<JenningsApplication> app =
        Create(node, JenningsApplication::INTRODUCER, BootstrapApplication::DEFAULT_PORT);
    app->SetAttribute("TransferAgent", AddressValue(transferAgent));
    app->SetAttribute("Controller", AddressValue(controller));
    app->SetAttribute("NetworkInfo", StringValue(networkInfo));
    app->SetOobDevice(oob);
    return app;
}

Ptr<JenningsApplication>
JenningsHelper::InstallDevice(Ptr<Node> node,
                              const Bytes& label,
                              const Address& transferAgent,
                              Ptr<OobNetDevice> oob) const
{
    Ptr<JenningsApplication> app =
        Create(node, JenningsApplication::DEVICE, BootstrapApplication::DEFAULT_PORT);
    app->SetAttribute("Label", StringValue(HexEncode(label)));
    app->SetAttribute("TransferAgent", AddressValue(transferAgent));
    app->SetOobDevice(oob);
    return app;
}

} // namespace ns3
