/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "coap-helper.h"

#include "ns3/coap-client-application.h"
#include "ns3/coap-server-application.h"
#include "ns3/coap-socket-binding.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/string.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoapHelper");

CoapHelper::CoapHelper()
{
    m_server.SetTypeId(CoapServerApplication::GetTypeId());
    m_client.SetTypeId(CoapClientApplication::GetTypeId());
}

void
CoapHelper::SetServerAttribute(const std::string& name, const AttributeValue& value)
{
    m_server.Set(name, value);
}

void
CoapHelper::SetClientAttribute(const std::string& name, const AttributeValue& value)
{
    m_client.Set(name, value);
}

void
CoapHelper::SetOscore(const std::string& masterSecret,
                      const std::string& clientId,
                      const std::string& serverId,
                      const std::string& masterSalt)
{
    for (ObjectFactory* f : {&m_server, &m_client})
    {
        bool server = f == &m_server;
        f->Set("Security", EnumValue(COAP_SECURITY_OBJECT));
        f->Set("OscoreMasterSecret", StringValue(masterSecret));
        f->Set("OscoreMasterSalt", StringValue(masterSalt));
        f->Set("OscoreSenderId", StringValue(server ? serverId : clientId));
        f->Set("OscoreRecipientId", StringValue(server ? clientId : serverId));
    }
}

void
CoapHelper::SetBindingAttribute(const std::string& name, const AttributeValue& value)
{
    // Checked now, so that a misspelt name fails where it was written
    TypeId::AttributeInformation info;
    NS_ABORT_MSG_UNLESS(CoapSocketBinding::GetTypeId().LookupAttributeByName(name, &info),
                        "CoapHelper::SetBindingAttribute: ns3::CoapSocketBinding has no "
                        "attribute '"
                            << name << "'");
    m_binding.emplace_back(name, value.Copy());
}

Ptr<Application>
CoapHelper::ConfigureBinding(Ptr<Application> app) const
{
    Ptr<CoapSocketBinding> binding;
    if (auto server = DynamicCast<CoapServerApplication>(app))
    {
        binding = server->GetBinding();
    }
    else if (auto client = DynamicCast<CoapClientApplication>(app))
    {
        binding = client->GetBinding();
    }
    for (const auto& [name, value] : m_binding)
    {
        binding->SetAttribute(name, *value);
    }
    return app;
}

ApplicationContainer
CoapHelper::InstallServer(NodeContainer nodes) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<Application> app = ConfigureBinding(m_server.Create<Application>());
        (*it)->AddApplication(app);
        apps.Add(app);
    }
    return apps;
}

ApplicationContainer
CoapHelper::InstallClient(NodeContainer nodes, const Address& server) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<CoapClientApplication> app = m_client.Create<CoapClientApplication>();
        app->SetRemote(server);
        ConfigureBinding(app);
        (*it)->AddApplication(app);
        apps.Add(app);
    }
    return apps;
}

int64_t
CoapHelper::AssignStreams(ApplicationContainer apps, int64_t stream)
{
    int64_t current = stream;
    for (auto it = apps.Begin(); it != apps.End(); ++it)
    {
        if (auto server = DynamicCast<CoapServerApplication>(*it))
        {
            current += server->AssignStreams(current);
        }
        else if (auto client = DynamicCast<CoapClientApplication>(*it))
        {
            current += client->AssignStreams(current);
        }
    }
    return current - stream;
}

} // namespace ns3
