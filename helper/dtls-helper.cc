/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dtls-helper.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/dtls-client-application.h"
#include "ns3/dtls-server-application.h"
#include "ns3/dtls-socket.h"
#include "ns3/iotsec-crypto.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DtlsHelper");

DtlsHelper::DtlsHelper() = default;

void
DtlsHelper::SetSocketAttribute(const std::string& name, const AttributeValue& value)
{
    // fail now, not when the simulation starts, if the attribute does not exist
    TypeId::AttributeInformation info;
    NS_ABORT_MSG_UNLESS(DtlsSocket::GetTypeId().LookupAttributeByName(name, &info),
                        "DtlsHelper: ns3::DtlsSocket has no attribute '" << name << "'");
    m_socketAttributes.emplace_back(name, value.Copy());
}

Ptr<DtlsPskStore>
DtlsHelper::InstallPsk(Ptr<Node> node, const std::string& identity, const Bytes& key)
{
    Ptr<DtlsPskStore> store = node->GetObject<DtlsPskStore>();
    if (!store)
    {
        store = CreateObject<DtlsPskStore>();
        node->AggregateObject(store);
    }
    store->SetPsk(identity, key);
    return store;
}

void
DtlsHelper::InstallPsk(NodeContainer nodes, const std::string& identity, const Bytes& key)
{
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        InstallPsk(*it, identity, key);
    }
}

Bytes
DtlsHelper::DeriveKey(const std::string& label, uint32_t index)
{
    Bytes message = {static_cast<uint8_t>(index >> 24),
                     static_cast<uint8_t>(index >> 16),
                     static_cast<uint8_t>(index >> 8),
                     static_cast<uint8_t>(index)};
    Bytes key = Crypto::HmacSha256(Bytes(label.begin(), label.end()), message);
    key.resize(16);
    return key;
}

ApplicationContainer
DtlsHelper::InstallServer(NodeContainer nodes, uint16_t port, bool echo) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<DtlsServerApplication> app = CreateObject<DtlsServerApplication>();
        app->SetAttribute("Port", UintegerValue(port));
        app->SetAttribute("Echo", BooleanValue(echo));
        for (const auto& a : m_socketAttributes)
        {
            app->SetSocketAttribute(a.first, *a.second);
        }
        (*it)->AddApplication(app);
        apps.Add(app);
    }
    return apps;
}

ApplicationContainer
DtlsHelper::InstallClient(Ptr<Node> client,
                          const Address& remote,
                          const std::string& identity,
                          uint32_t maxPackets) const
{
    Ptr<DtlsClientApplication> app = CreateObject<DtlsClientApplication>();
    app->SetAttribute("Remote", AddressValue(remote));
    app->SetAttribute("MaxPackets", UintegerValue(maxPackets));
    for (const auto& a : m_socketAttributes)
    {
        app->SetSocketAttribute(a.first, *a.second);
    }
    app->SetSocketAttribute("PskIdentity", StringValue(identity));
    client->AddApplication(app);
    return ApplicationContainer(app);
}

void
DtlsHelper::InstallSocketFactory(NodeContainer nodes) const
{
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        if ((*it)->GetObject<DtlsSocketFactory>())
        {
            continue;
        }
        Ptr<DtlsSocketFactory> factory = CreateObject<DtlsSocketFactory>();
        for (const auto& a : m_socketAttributes)
        {
            factory->SetSocketAttribute(a.first, *a.second);
        }
        (*it)->AggregateObject(factory);
    }
}

int64_t
DtlsHelper::AssignStreams(ApplicationContainer apps, int64_t stream)
{
    int64_t current = stream;
    for (auto it = apps.Begin(); it != apps.End(); ++it)
    {
        if (Ptr<DtlsClientApplication> c = DynamicCast<DtlsClientApplication>(*it))
        {
            current += c->AssignStreams(current);
        }
        else if (Ptr<DtlsServerApplication> s = DynamicCast<DtlsServerApplication>(*it))
        {
            current += s->AssignStreams(current);
        }
    }
    return current - stream;
}

} // namespace ns3
