/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ssm-application-server.h"

#include "ns3/abort.h"
#include "ns3/coap-link-format.h"
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

NS_LOG_COMPONENT_DEFINE("SsmApplicationServer");

NS_OBJECT_ENSURE_REGISTERED(SsmApplicationServer);

CoapMessage
SsmDirectoryService::MakeResponse(const GroupCommandResult& result)
{
    CoapMessage m;
    m.SetCode(result.succeeded == result.requested ? CoapCode::CHANGED : CoapCode::BAD_GATEWAY);
    m.SetContentFormat(0);
    m.SetPayload(result.Summary());
    return m;
}

void
SsmDirectoryService::Serve(Ptr<CoapSocketBinding> binding,
                           const SsmDirectory& directory,
                           Ptr<GroupCommander> commander,
                           const std::string& memberPath,
                           bool listed,
                           GroupDone done,
                           const std::vector<std::string>& skip)
{
    const std::vector<std::string>& rootChildren = directory.Get("/").children;
    for (const std::string& path : directory.GetPaths())
    {
        if (std::find(skip.begin(), skip.end(), path) != skip.end())
        {
            continue;
        }
        const SsmDirectory::Entry& entry = directory.Get(path);
        CoapResource r;
        r.path = path;
        r.attributes = entry.attributes;
        r.listed = listed &&
                   std::find(rootChildren.begin(), rootChildren.end(), path) != rootChildren.end();
        std::string children = directory.ListChildren(path);
        r.handlers[CoapCode::GET] = [children, path](const CoapServerRequest& req,
                                                     CoapServerResponse& resp) {
            NS_LOG_INFO("GET " << path << " from " << req.peer << ": " << children);
            resp.message.SetCode(CoapCode::CONTENT);
            resp.message.SetContentFormat(CoapLinkFormat::CONTENT_FORMAT);
            resp.message.SetPayload(children);
        };
        if (!entry.members.empty())
        {
            std::vector<std::string> members = entry.members;
            r.handlers[CoapCode::PUT] = [binding, commander, members, memberPath, path, done](
                                            const CoapServerRequest& req,
                                            CoapServerResponse& resp) {
                NS_LOG_INFO("PUT " << path << " '" << req.message.GetPayloadString() << "' from "
                                   << req.peer << ": commanding " << members.size() << " members");
                resp.defer = true;
                uint64_t deferred = req.deferredId;
                Ptr<CoapSocketBinding> b = binding;
                commander->Command(members,
                                   CoapCode::PUT,
                                   memberPath,
                                   req.message.GetPayloadString(),
                                   [b, deferred, path, done](const GroupCommandResult& result) {
                                       NS_LOG_INFO("group " << path << ": " << result.Summary());
                                       b->GetEndpoint().SendDeferredResponse(Simulator::Now(),
                                                                             deferred,
                                                                             MakeResponse(result));
                                       if (done)
                                       {
                                           done(path, result);
                                       }
                                   });
            };
        }
        binding->GetEndpoint().AddResource(r);
    }
}

TypeId
SsmApplicationServer::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SsmApplicationServer")
            .SetParent<Application>()
            .SetGroupName("Iotsec")
            .AddConstructor<SsmApplicationServer>()
            .AddAttribute("Port",
                          "The port the SSM reaches this server on.",
                          UintegerValue(5684),
                          MakeUintegerAccessor(&SsmApplicationServer::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("Security",
                          "Protection of the channel from the SSM: dtls (coaps://; the node "
                          "needs a DtlsSocketFactory) or none (a trusted segment).",
                          EnumValue(SSM_CHANNEL_DTLS),
                          iotsec_compat::MakeEnumAccessor<SsmChannelSecurity>(
                              &SsmApplicationServer::m_security),
                          MakeEnumChecker(SSM_CHANNEL_DTLS, "dtls", SSM_CHANNEL_NONE, "none"))
            .AddAttribute("MemberPath",
                          "The resource a group command sets on each member.",
                          StringValue("/light"),
                          MakeStringAccessor(&SsmApplicationServer::m_memberPath),
                          MakeStringChecker())
            .AddTraceSource("GroupCommand",
                            "A group command completed (path, requested, succeeded, latency).",
                            MakeTraceSourceAccessor(&SsmApplicationServer::m_group),
                            "ns3::SsmApplicationServer::GroupTracedCallback");
    return tid;
}

SsmApplicationServer::SsmApplicationServer()
    : m_port(5684)
{
    NS_LOG_FUNCTION(this);
    m_binding = CreateObject<CoapSocketBinding>();
    m_commander = CreateObject<GroupCommander>();
}

SsmApplicationServer::~SsmApplicationServer()
{
    NS_LOG_FUNCTION(this);
}

void
SsmApplicationServer::DoDispose()
{
    if (m_binding)
    {
        m_binding->Dispose();
        m_binding = nullptr;
    }
    if (m_commander)
    {
        m_commander->Dispose();
        m_commander = nullptr;
    }
    Application::DoDispose();
}

void
SsmApplicationServer::SetDirectory(const SsmDirectory& directory)
{
    m_directory = directory;
}

const SsmDirectory&
SsmApplicationServer::GetDirectory() const
{
    return m_directory;
}

Ptr<GroupCommander>
SsmApplicationServer::GetCommander() const
{
    return m_commander;
}

Ptr<CoapSocketBinding>
SsmApplicationServer::GetBinding() const
{
    return m_binding;
}

int64_t
SsmApplicationServer::AssignStreams(int64_t stream)
{
    int64_t used = m_binding->AssignStreams(stream);
    return used + m_commander->AssignStreams(stream + used);
}

void
SsmApplicationServer::StartApplication()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(m_directory.GetPaths().empty(),
                    "SsmApplicationServer: no directory (SetDirectory)");
    for (const std::string& path : m_directory.GetPaths())
    {
        for (const std::string& member : m_directory.Get(path).members)
        {
            NS_ABORT_MSG_UNLESS(m_commander->HasMember(member),
                                "SsmApplicationServer: group " << path << " names '" << member
                                                               << "', which is not a member");
        }
    }
    m_binding->SetAttribute("Port", UintegerValue(m_port));
    if (m_security == SSM_CHANNEL_DTLS)
    {
        m_binding->SetAttribute("SocketFactory", TypeIdValue(DtlsSocketFactory::GetTypeId()));
    }
    Ptr<SsmApplicationServer> self = this;
    SsmDirectoryService::Serve(m_binding,
                               m_directory,
                               m_commander,
                               m_memberPath,
                               true,
                               [self](const std::string& path, const GroupCommandResult& r) {
                                   self->m_group(path, r.requested, r.succeeded, r.latency);
                               });
    m_binding->Start(GetNode());
    m_commander->Start(GetNode());
}

void
SsmApplicationServer::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_binding->Stop();
    m_commander->Stop();
}

} // namespace ns3
