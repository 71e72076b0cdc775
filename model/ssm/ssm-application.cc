/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ssm-application.h"

#include "ssm-application-server.h"

#include "ns3/abort.h"
#include "ns3/coap-socket-binding.h"
#include "ns3/dtls-socket.h"
#include "ns3/enum.h"
#include "ns3/iotsec-compat.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SsmApplication");

NS_OBJECT_ENSURE_REGISTERED(SsmApplication);

TypeId
SsmApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SsmApplication")
            .SetParent<Application>()
            .SetGroupName("Iotsec")
            .AddConstructor<SsmApplication>()
            .AddAttribute("Port",
                          "The port clients reach the SSM on.",
                          UintegerValue(5684),
                          MakeUintegerAccessor(&SsmApplication::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute(
                "Security",
                "Protection of the front end: dtls (coaps://; the node needs a "
                "DtlsSocketFactory and the clients' PSKs) or none.",
                EnumValue(SSM_CHANNEL_DTLS),
                iotsec_compat::MakeEnumAccessor<SsmChannelSecurity>(&SsmApplication::m_security),
                MakeEnumChecker(SSM_CHANNEL_DTLS, "dtls", SSM_CHANNEL_NONE, "none"))
            .AddAttribute("ApplicationServer",
                          "The application server requests below the root are forwarded to "
                          "(an Inet6SocketAddress); unset: the SSM serves the directory and "
                          "reaches the members itself.",
                          AddressValue(),
                          MakeAddressAccessor(&SsmApplication::m_appServer),
                          MakeAddressChecker())
            .AddAttribute("ApplicationServerSecurity",
                          "Protection of the channel to the application server: dtls or none.",
                          EnumValue(SSM_CHANNEL_DTLS),
                          iotsec_compat::MakeEnumAccessor<SsmChannelSecurity>(
                              &SsmApplication::m_appServerSecurity),
                          MakeEnumChecker(SSM_CHANNEL_DTLS, "dtls", SSM_CHANNEL_NONE, "none"))
            .AddAttribute("ApplicationServerIdentity",
                          "The PSK identity the SSM presents to the application server.",
                          StringValue("ssm"),
                          MakeStringAccessor(&SsmApplication::m_appServerIdentity),
                          MakeStringChecker())
            .AddAttribute("MemberPath",
                          "Direct access: the resource a group command sets on each member.",
                          StringValue("/light"),
                          MakeStringAccessor(&SsmApplication::m_memberPath),
                          MakeStringChecker())
            .AddTraceSource("ClientRequest",
                            "A client request reached the SSM (peer, method, path, whether it "
                            "was forwarded to the application server).",
                            MakeTraceSourceAccessor(&SsmApplication::m_request),
                            "ns3::SsmApplication::RequestTracedCallback")
            .AddTraceSource("ProxiedServed",
                            "A proxied value was served (path, age of the value).",
                            MakeTraceSourceAccessor(&SsmApplication::m_proxiedServed),
                            "ns3::SsmApplication::ProxiedTracedCallback")
            .AddTraceSource("ProxiedUpdated",
                            "A proxied path got a new value from its member: the registration "
                            "response or an Observe notification (path, value).",
                            MakeTraceSourceAccessor(&SsmApplication::m_proxiedUpdated),
                            "ns3::SsmApplication::ProxiedUpdatedTracedCallback")
            .AddTraceSource("GroupCommand",
                            "Direct access: a group command completed (path, requested, "
                            "succeeded, latency).",
                            MakeTraceSourceAccessor(&SsmApplication::m_group),
                            "ns3::SsmApplicationServer::GroupTracedCallback");
    return tid;
}

SsmApplication::SsmApplication()
    : m_port(5684)
{
    NS_LOG_FUNCTION(this);
    m_binding = CreateObject<CoapSocketBinding>();
    m_commander = CreateObject<GroupCommander>();
}

SsmApplication::~SsmApplication()
{
    NS_LOG_FUNCTION(this);
}

void
SsmApplication::DoDispose()
{
    for (Ptr<CoapSocketBinding>* b : {&m_binding, &m_backend})
    {
        if (*b)
        {
            (*b)->Dispose();
            *b = nullptr;
        }
    }
    if (m_commander)
    {
        m_commander->Dispose();
        m_commander = nullptr;
    }
    Application::DoDispose();
}

void
SsmApplication::SetDirectory(const SsmDirectory& directory)
{
    m_directory = directory;
}

const SsmDirectory&
SsmApplication::GetDirectory() const
{
    return m_directory;
}

Ptr<GroupCommander>
SsmApplication::GetCommander() const
{
    return m_commander;
}

Ptr<CoapSocketBinding>
SsmApplication::GetBinding() const
{
    return m_binding;
}

uint32_t
SsmApplication::GetBackendHandshakes() const
{
    return m_backendHandshakes;
}

Ptr<CoapSocketBinding>
SsmApplication::GetBackendBinding() const
{
    return m_backend;
}

void
SsmApplication::AddProxiedResource(const std::string& path,
                                   const std::string& member,
                                   const std::string& memberPath)
{
    NS_ABORT_MSG_IF(path.empty() || path[0] != '/',
                    "SsmApplication: proxied path '" << path << "' must start with /");
    NS_ABORT_MSG_IF(m_proxied.count(path), "SsmApplication: " << path << " proxied twice");
    Proxied p;
    p.member = member;
    p.memberPath = memberPath;
    m_proxied[path] = p;
}

const SsmApplication::Proxied&
SsmApplication::GetProxied(const std::string& path) const
{
    auto it = m_proxied.find(path);
    NS_ABORT_MSG_IF(it == m_proxied.end(), "SsmApplication: " << path << " is not proxied");
    return it->second;
}

int64_t
SsmApplication::AssignStreams(int64_t stream)
{
    int64_t used = m_binding->AssignStreams(stream);
    // The back-end binding is made at start: reserve its streams now
    m_backendStream = stream + used;
    used += 2;
    if (m_backend)
    {
        m_backend->AssignStreams(m_backendStream);
    }
    return used + m_commander->AssignStreams(stream + used);
}

void
SsmApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(m_directory.GetPaths().empty(), "SsmApplication: no directory (SetDirectory)");
    m_binding->SetAttribute("Port", UintegerValue(m_port));
    if (m_security == SSM_CHANNEL_DTLS)
    {
        m_binding->SetAttribute("SocketFactory", TypeIdValue(DtlsSocketFactory::GetTypeId()));
    }
    const std::vector<std::string>& root = m_directory.Get("/").children;
    // Proxied resources: the latest value of a member's resource
    std::vector<std::string> proxiedPaths;
    for (auto& [path, p] : m_proxied)
    {
        NS_ABORT_MSG_UNLESS(m_commander->HasMember(p.member),
                            "SsmApplication: " << path << " proxies '" << p.member
                                               << "', which is not a member");
        proxiedPaths.push_back(path);
        CoapResource r;
        r.path = path;
        if (m_directory.Has(path))
        {
            r.attributes = m_directory.Get(path).attributes;
        }
        r.listed = std::find(root.begin(), root.end(), path) != root.end();
        std::string key = path;
        r.handlers[CoapCode::GET] = [this, key](const CoapServerRequest& req,
                                                CoapServerResponse& resp) {
            const Proxied& px = m_proxied.at(key);
            m_request(req.peer, CoapCode::GET, key, false);
            if (px.notifications == 0)
            {
                NS_LOG_INFO("GET " << key << " from " << req.peer << ": no value yet");
                resp.message.SetCode(CoapCode::SERVICE_UNAVAILABLE);
                return;
            }
            Time age = Simulator::Now() - px.updated;
            NS_LOG_INFO("GET " << key << " from " << req.peer << ": '" << px.value << "', "
                               << age.As(Time::MS) << " old");
            m_proxiedServed(key, age);
            resp.message.SetCode(CoapCode::CONTENT);
            resp.message.SetContentFormat(0);
            resp.message.SetPayload(px.value);
        };
        m_binding->GetEndpoint().AddResource(r);
    }
    if (m_appServer.IsInvalid())
    {
        Ptr<SsmApplication> self = this;
        SsmDirectoryService::Serve(
            m_binding,
            m_directory,
            m_commander,
            m_memberPath,
            true,
            [self](const std::string& path, const GroupCommandResult& r) {
                self->m_group(path, r.requested, r.succeeded, r.latency);
            },
            proxiedPaths);
    }
    else
    {
        m_backend = CreateObject<CoapSocketBinding>();
        if (m_backendStream >= 0)
        {
            m_backend->AssignStreams(m_backendStream);
        }
        if (m_appServerSecurity == SSM_CHANNEL_DTLS)
        {
            m_backend->SetAttribute("SocketFactory", TypeIdValue(DtlsSocketFactory::GetTypeId()));
        }
        ServeForwarding();
    }
    m_binding->Start(GetNode());
    if (m_backend)
    {
        m_backend->Start(GetNode());
        if (m_appServerSecurity == SSM_CHANNEL_DTLS)
        {
            m_backend->GetSocket()->SetAttribute("PskIdentity", StringValue(m_appServerIdentity));
            m_backend->GetSocket()->TraceConnectWithoutContext(
                "HandshakeCompleted",
                MakeCallback(+[](SsmApplication* self, const Address&, const DtlsHandshakeStats&) {
                    ++self->m_backendHandshakes;
                    NS_LOG_INFO("Fig.4: secure channel to the application server "
                                "established");
                }).Bind(this));
        }
    }
    m_commander->Start(GetNode());
    for (auto& [path, p] : m_proxied)
    {
        std::string key = path;
        m_commander->Observe(p.member, p.memberPath, [this, key](const CoapResult& r) {
            if (!r.ok || (r.response.GetCode() >> 5) != 2)
            {
                NS_LOG_WARN("observation for "
                            << key << " failed: "
                            << (r.ok ? CoapCode::ToString(r.response.GetCode()) : r.error));
                return;
            }
            Proxied& px = m_proxied.at(key);
            px.value = r.response.GetPayloadString();
            px.updated = Simulator::Now();
            ++px.notifications;
            NS_LOG_LOGIC(key << " <- " << px.member << ": '" << px.value << "'");
            m_proxiedUpdated(key, px.value);
        });
    }
}

void
SsmApplication::ServeForwarding()
{
    const std::vector<std::string>& root = m_directory.Get("/").children;
    for (const std::string& path : m_directory.GetPaths())
    {
        if (m_proxied.count(path))
        {
            continue;
        }
        CoapResource r;
        r.path = path;
        r.attributes = m_directory.Get(path).attributes;
        r.listed = std::find(root.begin(), root.end(), path) != root.end();
        for (uint8_t method : {CoapCode::GET, CoapCode::PUT, CoapCode::POST, CoapCode::DELETE})
        {
            r.handlers[method] = [this, path, method](const CoapServerRequest& req,
                                                      CoapServerResponse& resp) {
                m_request(req.peer, method, path, true);
                NS_LOG_INFO(CoapCode::Name(method) << " " << path << " from " << req.peer
                                                   << ": forwarded to the application server");
                CoapMessage fwd;
                fwd.SetCode(method);
                fwd.SetUriPath(path);
                if (auto ct = req.message.GetContentFormat())
                {
                    fwd.SetContentFormat(*ct);
                }
                fwd.SetPayload(req.message.GetPayloadString());
                resp.defer = true;
                uint64_t deferred = req.deferredId;
                Ptr<CoapSocketBinding> front = m_binding;
                m_backend->SendRequest(
                    m_appServer,
                    fwd,
                    [front, deferred, path](const CoapResult& res) {
                        CoapMessage back;
                        if (res.ok)
                        {
                            back.SetCode(res.response.GetCode());
                            if (auto ct = res.response.GetContentFormat())
                            {
                                back.SetContentFormat(*ct);
                            }
                            back.SetPayload(res.response.GetPayloadString());
                        }
                        else
                        {
                            back.SetCode(CoapCode::GATEWAY_TIMEOUT);
                            back.SetContentFormat(0);
                            back.SetPayload("application server: " + res.error);
                        }
                        NS_LOG_INFO(path << ": application server answered "
                                         << CoapCode::ToString(back.GetCode()) << ", relayed");
                        front->GetEndpoint().SendDeferredResponse(Simulator::Now(), deferred, back);
                    });
            };
        }
        m_binding->GetEndpoint().AddResource(r);
    }
}

void
SsmApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_binding->Stop();
    if (m_backend)
    {
        m_backend->Stop();
    }
    m_commander->Stop();
}

} // namespace ns3
