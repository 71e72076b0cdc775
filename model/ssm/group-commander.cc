/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "group-commander.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/coap-message-security.h"
#include "ns3/coap-socket-binding.h"
#include "ns3/dtls-socket.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/type-id.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <iomanip>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("GroupCommander");

NS_OBJECT_ENSURE_REGISTERED(GroupCommander);

std::string
GroupCommandResult::Summary() const
{
    std::ostringstream os;
    os << "ok=" << succeeded << "/" << requested << " latency=" << std::fixed
       << std::setprecision(6) << latency.GetSeconds() << " failed=";
    for (std::size_t i = 0; i < failed.size(); ++i)
    {
        os << (i ? "," : "") << failed[i];
    }
    return os.str();
}

bool
GroupCommandResult::ParseSummary(const std::string& text,
                                 GroupCommandResult& out,
                                 std::string* error)
{
    auto fail = [error, &text](const std::string& why) {
        if (error)
        {
            *error = "'" + text + "': " + why;
        }
        return false;
    };
    std::istringstream is(text);
    std::string ok;
    std::string lat;
    std::string failed;
    if (!(is >> ok >> lat) || ok.rfind("ok=", 0) != 0 || lat.rfind("latency=", 0) != 0)
    {
        return fail("expected 'ok=S/N latency=L failed=...'");
    }
    is >> failed; // may be "failed=" or absent after a trailing space
    if (!failed.empty() && failed.rfind("failed=", 0) != 0)
    {
        return fail("expected failed=...");
    }
    GroupCommandResult r;
    std::size_t slash = ok.find('/');
    try
    {
        if (slash == std::string::npos)
        {
            return fail("ok= needs S/N");
        }
        std::size_t used = 0;
        r.succeeded = static_cast<uint32_t>(std::stoul(ok.substr(3, slash - 3), &used));
        if (used != slash - 3)
        {
            return fail("bad count");
        }
        r.requested = static_cast<uint32_t>(std::stoul(ok.substr(slash + 1), &used));
        if (used != ok.size() - slash - 1)
        {
            return fail("bad count");
        }
        double seconds = std::stod(lat.substr(8), &used);
        if (used != lat.size() - 8 || seconds < 0)
        {
            return fail("bad latency");
        }
        r.latency = Seconds(seconds);
    }
    catch (const std::exception&)
    {
        return fail("bad number");
    }
    if (r.succeeded > r.requested)
    {
        return fail("more successes than requests");
    }
    std::string list = failed.size() > 7 ? failed.substr(7) : "";
    std::istringstream ls(list);
    std::string name;
    while (std::getline(ls, name, ','))
    {
        if (name.empty())
        {
            return fail("empty member name");
        }
        r.failed.push_back(name);
    }
    if (r.failed.size() != r.requested - r.succeeded)
    {
        return fail("the failed list does not match the counts");
    }
    out = r;
    return true;
}

TypeId
GroupCommander::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::GroupCommander")
            .SetParent<Object>()
            .SetGroupName("Iotsec")
            .AddConstructor<GroupCommander>()
            .AddAttribute("KeepSessions",
                          "Keep each DTLS association for later commands (else close it after "
                          "each request, so that every command runs a handshake).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&GroupCommander::m_keepSessions),
                          MakeBooleanChecker())
            .AddAttribute("MaxParallel",
                          "Most member requests outstanding at once (0: all members at once).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&GroupCommander::m_maxParallel),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("LocalPort",
                          "UDP port of the shared binding that reaches `none` and `object` "
                          "members (0: ephemeral).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&GroupCommander::m_localPort),
                          MakeUintegerChecker<uint16_t>())
            .AddTraceSource("MemberDone",
                            "A member's request has its outcome (name, ok, latency since the "
                            "command).",
                            MakeTraceSourceAccessor(&GroupCommander::m_memberDone),
                            "ns3::GroupCommander::MemberTracedCallback")
            .AddTraceSource("CommandDone",
                            "A group command completed (requested, succeeded, latency).",
                            MakeTraceSourceAccessor(&GroupCommander::m_commandDone),
                            "ns3::GroupCommander::CommandTracedCallback")
            .AddTraceSource("Session",
                            "A member's DTLS association: established, failed (reason) or "
                            "refused (reason).",
                            MakeTraceSourceAccessor(&GroupCommander::m_session),
                            "ns3::GroupCommander::SessionTracedCallback");
    return tid;
}

GroupCommander::GroupCommander()
{
    NS_LOG_FUNCTION(this);
}

GroupCommander::~GroupCommander()
{
    NS_LOG_FUNCTION(this);
}

void
GroupCommander::DoDispose()
{
    Stop();
    m_node = nullptr;
    Object::DoDispose();
}

void
GroupCommander::AddMember(const GroupMember& member)
{
    NS_LOG_FUNCTION(this << member.name);
    NS_ABORT_MSG_IF(member.name.empty(), "GroupCommander: a member needs a name");
    NS_ABORT_MSG_IF(m_byName.count(member.name),
                    "GroupCommander: member '" << member.name << "' added twice");
    NS_ABORT_MSG_IF(member.address.IsInvalid(),
                    "GroupCommander: member '" << member.name << "' has no address");
    NS_ABORT_MSG_IF(member.security == BackendSecurity::DTLS && member.pskIdentity.empty(),
                    "GroupCommander: DTLS member '" << member.name << "' needs a PSK identity");
    NS_ABORT_MSG_IF(member.security == BackendSecurity::OBJECT && !member.oscore,
                    "GroupCommander: object-security member '" << member.name
                                                               << "' needs an OSCORE context");
    m_byName[member.name] = m_members.size();
    m_members.push_back(member);
    if (m_shared && member.security == BackendSecurity::OBJECT)
    {
        m_shared->SetSecurity(member.address, member.oscore);
    }
}

bool
GroupCommander::HasMember(const std::string& name) const
{
    return m_byName.count(name) > 0;
}

std::vector<std::string>
GroupCommander::GetMemberNames() const
{
    std::vector<std::string> names;
    for (const GroupMember& m : m_members)
    {
        names.push_back(m.name);
    }
    return names;
}

void
GroupCommander::Start(Ptr<Node> node)
{
    NS_LOG_FUNCTION(this << node);
    NS_ABORT_MSG_UNLESS(node, "GroupCommander::Start: null node");
    NS_ABORT_MSG_IF(m_node, "GroupCommander::Start: already started");
    m_node = node;
    m_shared = CreateObject<CoapSocketBinding>();
    m_shared->SetAttribute("Port", UintegerValue(m_localPort));
    if (m_stream >= 0)
    {
        m_shared->AssignStreams(m_stream);
    }
    for (const GroupMember& m : m_members)
    {
        if (m.security == BackendSecurity::OBJECT)
        {
            m_shared->SetSecurity(m.address, m.oscore);
        }
    }
    m_shared->Start(node);
}

void
GroupCommander::Stop()
{
    NS_LOG_FUNCTION(this);
    if (m_shared)
    {
        m_shared->Dispose();
        m_shared = nullptr;
    }
    for (auto& [name, binding] : m_dtls)
    {
        binding->Dispose();
    }
    m_dtls.clear();
    m_established.clear();
    m_pending.clear();
}

Ptr<CoapSocketBinding>
GroupCommander::BindingFor(const std::string& name)
{
    const GroupMember& m = m_members[m_byName.at(name)];
    if (m.security != BackendSecurity::DTLS)
    {
        return m_shared;
    }
    auto it = m_dtls.find(name);
    if (it != m_dtls.end())
    {
        return it->second;
    }
    Ptr<CoapSocketBinding> b = CreateObject<CoapSocketBinding>();
    b->SetAttribute("SocketFactory", TypeIdValue(DtlsSocketFactory::GetTypeId()));
    if (m_stream >= 0)
    {
        b->AssignStreams(m_stream + 2 + 2 * static_cast<int64_t>(m_byName.at(name)));
    }
    b->Start(m_node);
    Ptr<Socket> socket = b->GetSocket();
    NS_ABORT_MSG_UNLESS(DynamicCast<DtlsSocket>(socket),
                        "GroupCommander: node " << m_node->GetId()
                                                << " has no DtlsSocketFactory (install one with "
                                                   "DtlsHelper::InstallSocketFactory)");
    socket->SetAttribute("PskIdentity", StringValue(m.pskIdentity));
    socket->TraceConnectWithoutContext("HandshakeCompleted",
                                       MakeCallback(+[](GroupCommander* self,
                                                        std::string member,
                                                        const Address&,
                                                        const DtlsHandshakeStats&) {
                                           ++self->m_handshakes;
                                           self->m_established[member] = true;
                                           NS_LOG_INFO("DTLS association with " << member
                                                                                << " established");
                                           self->m_session(member, "established");
                                       }).Bind(this, name));
    socket->TraceConnectWithoutContext("HandshakeFailed",
                                       MakeCallback(+[](GroupCommander* self,
                                                        std::string member,
                                                        const Address&,
                                                        const std::string& why) {
                                           self->m_established[member] = false;
                                           NS_LOG_INFO("DTLS handshake with "
                                                       << member << " failed: " << why);
                                           self->m_session(member, "failed: " + why);
                                       }).Bind(this, name));
    socket->TraceConnectWithoutContext("SessionRefused",
                                       MakeCallback(+[](GroupCommander* self,
                                                        std::string member,
                                                        const Address&,
                                                        DtlsRefuseReason reason) {
                                           ++self->m_refused;
                                           std::string why = DtlsRefuseReasonName(reason);
                                           NS_LOG_INFO("DTLS association with "
                                                       << member << " refused: " << why);
                                           self->m_session(member, "refused: " + why);
                                       }).Bind(this, name));
    m_dtls[name] = b;
    return b;
}

void
GroupCommander::Command(const std::vector<std::string>& members,
                        uint8_t method,
                        const std::string& path,
                        const std::string& payload,
                        DoneCallback done)
{
    NS_LOG_FUNCTION(this << members.size() << path);
    NS_ABORT_MSG_UNLESS(m_node, "GroupCommander::Command before Start");
    uint64_t id = m_nextId++;
    Pending& p = m_pending[id];
    p.start = Simulator::Now();
    p.method = method;
    p.path = path;
    p.payload = payload;
    p.done = std::move(done);
    for (const std::string& name : members)
    {
        NS_ABORT_MSG_UNLESS(HasMember(name), "GroupCommander: '" << name << "' is not a member");
        NS_ABORT_MSG_IF(p.index.count(name),
                        "GroupCommander: '" << name << "' named twice in one command");
        p.index[name] = p.result.members.size();
        GroupMemberOutcome o;
        o.name = name;
        p.result.members.push_back(o);
        p.queue.push_back(name);
    }
    p.result.requested = static_cast<uint32_t>(members.size());
    if (members.empty())
    {
        // Nothing to do: complete now, but not from inside the caller
        Simulator::ScheduleNow(&GroupCommander::Pump, this, id);
        return;
    }
    Pump(id);
}

void
GroupCommander::Pump(uint64_t id)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end())
    {
        return;
    }
    Pending& p = it->second;
    if (p.outcomes == p.result.requested)
    {
        GroupCommandResult result = p.result;
        result.latency = Simulator::Now() - p.start;
        DoneCallback done = p.done;
        m_pending.erase(it); // p refers to the erased entry from here on
        NS_LOG_INFO("group command " << id << " done: " << result.Summary());
        m_commandDone(result.requested, result.succeeded, result.latency);
        if (done)
        {
            done(result);
        }
        return;
    }
    while (!p.queue.empty() && (m_maxParallel == 0 || p.inFlight < m_maxParallel))
    {
        std::string name = p.queue.front();
        p.queue.erase(p.queue.begin());
        ++p.inFlight;
        const GroupMember& m = m_members[m_byName.at(name)];
        CoapMessage request;
        request.SetCode(p.method);
        request.SetUriPath(p.path);
        request.SetPayload(p.payload);
        NS_LOG_INFO("command " << id << ": " << CoapCode::Name(p.method) << " " << p.path << " "
                               << p.payload << " to " << name << " over "
                               << BackendSecurityName(m.security));
        Ptr<CoapSocketBinding> b = BindingFor(name);
        Ptr<GroupCommander> self = this;
        b->SendRequest(m.address, request, [self, id, name](const CoapResult& r) {
            if (r.final || !r.notification)
            {
                self->MemberDone(id, name, r);
            }
        });
    }
}

void
GroupCommander::MemberDone(uint64_t id, const std::string& name, const CoapResult& r)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end())
    {
        return;
    }
    Pending& p = it->second;
    GroupMemberOutcome& o = p.result.members[p.index.at(name)];
    o.code = r.ok ? r.response.GetCode() : 0;
    o.ok = r.ok && (o.code >> 5) == 2;
    o.error = r.ok ? (o.ok ? "" : CoapCode::ToString(o.code)) : r.error;
    o.latency = Simulator::Now() - p.start;
    --p.inFlight;
    ++p.outcomes;
    if (o.ok)
    {
        ++p.result.succeeded;
    }
    NS_LOG_INFO("command " << id << ": " << name << " " << (o.ok ? "ok" : "failed: " + o.error)
                           << " after " << o.latency.As(Time::MS));
    m_memberDone(name, o.ok, o.latency);
    const GroupMember& m = m_members[m_byName.at(name)];
    if (m.security == BackendSecurity::DTLS)
    {
        auto b = m_dtls.find(name);
        bool dead = !m_established[name];
        if (b != m_dtls.end() && (dead || !m_keepSessions))
        {
            // A failed association cannot carry data again, and without KeepSessions every
            // command opens its own: close it once this callback has returned
            Ptr<CoapSocketBinding> binding = b->second;
            m_dtls.erase(b);
            m_established.erase(name);
            Simulator::ScheduleNow([binding]() { binding->Dispose(); });
        }
    }
    if (p.outcomes == p.result.requested)
    {
        // Fill the failed list in member order
        for (const GroupMemberOutcome& mo : p.result.members)
        {
            if (!mo.ok)
            {
                p.result.failed.push_back(mo.name);
            }
        }
    }
    Pump(id);
}

void
GroupCommander::Observe(const std::string& member,
                        const std::string& path,
                        std::function<void(const CoapResult&)> notify)
{
    NS_LOG_FUNCTION(this << member << path);
    NS_ABORT_MSG_UNLESS(m_node, "GroupCommander::Observe before Start");
    NS_ABORT_MSG_UNLESS(HasMember(member), "GroupCommander: '" << member << "' is not a member");
    CoapMessage request;
    request.SetCode(CoapCode::GET);
    request.SetUriPath(path);
    CoapRequestOptions options;
    options.observe = true;
    const GroupMember& m = m_members[m_byName.at(member)];
    NS_LOG_INFO("observe " << path << " on " << member << " over "
                           << BackendSecurityName(m.security));
    BindingFor(member)->SendRequest(m.address, request, std::move(notify), options);
}

uint32_t
GroupCommander::GetHandshakes() const
{
    return m_handshakes;
}

uint32_t
GroupCommander::GetRefused() const
{
    return m_refused;
}

uint32_t
GroupCommander::GetEstablished() const
{
    return static_cast<uint32_t>(std::count_if(m_established.begin(),
                                               m_established.end(),
                                               [](const auto& e) { return e.second; }));
}

std::vector<Ptr<CoapSocketBinding>>
GroupCommander::GetBindings() const
{
    std::vector<Ptr<CoapSocketBinding>> all;
    if (m_shared)
    {
        all.push_back(m_shared);
    }
    for (const auto& [name, b] : m_dtls)
    {
        all.push_back(b);
    }
    return all;
}

int64_t
GroupCommander::AssignStreams(int64_t stream)
{
    m_stream = stream;
    if (m_shared)
    {
        m_shared->AssignStreams(stream);
    }
    for (const auto& [name, b] : m_dtls)
    {
        b->AssignStreams(stream + 2 + 2 * static_cast<int64_t>(m_byName.at(name)));
    }
    return 2 + 2 * static_cast<int64_t>(m_members.size());
}

} // namespace ns3
