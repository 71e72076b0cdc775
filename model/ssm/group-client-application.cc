/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "group-client-application.h"

#include "ns3/abort.h"
#include "ns3/coap-socket-binding.h"
#include "ns3/dtls-socket.h"
#include "ns3/enum.h"
#include "ns3/iotsec-compat.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("GroupClientApplication");

NS_OBJECT_ENSURE_REGISTERED(GroupClientApplication);

namespace
{
/// The paper's discovery walk (Fig. 4): messages (1), (2), (3)
const char* const DISCOVERY[] = {"/.well-known/core", "/settings", "/settings/lights"};
} // namespace

TypeId
GroupClientApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::GroupClientApplication")
            .SetParent<Application>()
            .SetGroupName("Iotsec")
            .AddConstructor<GroupClientApplication>()
            .AddAttribute("Mode",
                          "How the lights are reached: ssm, dtls-1n or nosec.",
                          EnumValue(SSM),
                          iotsec_compat::MakeEnumAccessor<GroupClientApplication::Mode>(
                              &GroupClientApplication::m_mode),
                          MakeEnumChecker(SSM, "ssm", DTLS_1N, "dtls-1n", NOSEC, "nosec"))
            .AddAttribute("Ssm",
                          "ssm mode: the SSM's address and port (Inet6SocketAddress).",
                          AddressValue(),
                          MakeAddressAccessor(&GroupClientApplication::m_ssm),
                          MakeAddressChecker())
            .AddAttribute("SsmIdentity",
                          "ssm mode: the PSK identity presented to the SSM.",
                          StringValue("client-0"),
                          MakeStringAccessor(&GroupClientApplication::m_ssmIdentity),
                          MakeStringChecker())
            .AddAttribute("Floors",
                          "The floors each round commands, comma-separated (1-based).",
                          StringValue("1"),
                          MakeStringAccessor(&GroupClientApplication::m_floorsText),
                          MakeStringChecker())
            .AddAttribute("Rounds",
                          "How many rounds of commands.",
                          UintegerValue(2),
                          MakeUintegerAccessor(&GroupClientApplication::m_rounds),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("RoundInterval",
                          "Time from the end of a round to the start of the next.",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&GroupClientApplication::m_interval),
                          MakeTimeChecker(Seconds(0)))
            .AddTraceSource("RoundDone",
                            "A round completed (round, lights requested, lights switched, "
                            "latency).",
                            MakeTraceSourceAccessor(&GroupClientApplication::m_roundDone),
                            "ns3::GroupClientApplication::RoundTracedCallback");
    return tid;
}

GroupClientApplication::GroupClientApplication()
    : m_mode(SSM),
      m_rounds(2),
      m_round(0),
      m_pendingFloors(0),
      m_ssmHandshakes(0),
      m_ssmRefused(0),
      m_running(false)
{
    NS_LOG_FUNCTION(this);
    m_commander = CreateObject<GroupCommander>();
    m_binding = CreateObject<CoapSocketBinding>();
}

GroupClientApplication::~GroupClientApplication()
{
    NS_LOG_FUNCTION(this);
}

void
GroupClientApplication::DoDispose()
{
    Simulator::Cancel(m_event);
    if (m_commander)
    {
        m_commander->Dispose();
        m_commander = nullptr;
    }
    if (m_binding)
    {
        m_binding->Dispose();
        m_binding = nullptr;
    }
    Application::DoDispose();
}

bool
GroupClientApplication::ParseMode(const std::string& name, Mode& mode)
{
    if (name == "ssm")
    {
        mode = SSM;
    }
    else if (name == "dtls-1n")
    {
        mode = DTLS_1N;
    }
    else if (name == "nosec")
    {
        mode = NOSEC;
    }
    else
    {
        return false;
    }
    return true;
}

std::string
GroupClientApplication::ModeName(Mode mode)
{
    switch (mode)
    {
    case SSM:
        return "ssm";
    case DTLS_1N:
        return "dtls-1n";
    case NOSEC:
        return "nosec";
    }
    return "?";
}

void
GroupClientApplication::SetFloorMembers(uint32_t floor, const std::vector<std::string>& members)
{
    NS_ABORT_MSG_IF(floor == 0, "GroupClientApplication: floors are numbered from 1");
    m_members[floor] = members;
}

Ptr<GroupCommander>
GroupClientApplication::GetCommander() const
{
    return m_commander;
}

Ptr<CoapSocketBinding>
GroupClientApplication::GetSsmBinding() const
{
    return m_binding;
}

const std::vector<GroupClientApplication::FloorOutcome>&
GroupClientApplication::GetFloorOutcomes() const
{
    return m_floorOutcomes;
}

const std::vector<GroupClientApplication::RoundOutcome>&
GroupClientApplication::GetRoundOutcomes() const
{
    return m_rounds_;
}

const std::vector<std::string>&
GroupClientApplication::GetDiscovery() const
{
    return m_discovery;
}

uint32_t
GroupClientApplication::GetHandshakes() const
{
    return m_mode == SSM ? m_ssmHandshakes : m_commander->GetHandshakes();
}

uint32_t
GroupClientApplication::GetRefused() const
{
    return m_mode == SSM ? m_ssmRefused : m_commander->GetRefused();
}

bool
GroupClientApplication::IsDone() const
{
    return m_rounds_.size() == m_rounds;
}

int64_t
GroupClientApplication::AssignStreams(int64_t stream)
{
    int64_t used = m_binding->AssignStreams(stream);
    return used + m_commander->AssignStreams(stream + used);
}

void
GroupClientApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    m_floors.clear();
    std::istringstream is(m_floorsText);
    std::string item;
    while (std::getline(is, item, ','))
    {
        uint32_t floor = 0;
        std::size_t used = 0;
        try
        {
            floor = static_cast<uint32_t>(std::stoul(item, &used));
        }
        catch (const std::exception&)
        {
            used = 0;
        }
        NS_ABORT_MSG_IF(used != item.size() || floor == 0,
                        "GroupClientApplication: Floors '" << m_floorsText
                                                           << "': expected floor numbers "
                                                              "(from 1), comma-separated");
        NS_ABORT_MSG_UNLESS(m_members.count(floor),
                            "GroupClientApplication: floor " << floor
                                                             << " has no lights declared "
                                                                "(SetFloorMembers)");
        m_floors.push_back(floor);
    }
    NS_ABORT_MSG_IF(m_floors.empty(), "GroupClientApplication: no floors to command");
    m_running = true;
    if (m_mode == SSM)
    {
        NS_ABORT_MSG_IF(m_ssm.IsInvalid(), "GroupClientApplication: ssm mode needs Ssm");
        m_binding->SetAttribute("SocketFactory", TypeIdValue(DtlsSocketFactory::GetTypeId()));
        m_binding->Start(GetNode());
        Ptr<Socket> socket = m_binding->GetSocket();
        socket->SetAttribute("PskIdentity", StringValue(m_ssmIdentity));
        socket->TraceConnectWithoutContext("HandshakeCompleted",
                                           MakeCallback(+[](GroupClientApplication* self,
                                                            const Address&,
                                                            const DtlsHandshakeStats&) {
                                               ++self->m_ssmHandshakes;
                                               NS_LOG_INFO(
                                                   "Fig.4: DTLS session with the SSM established");
                                           }).Bind(this));
        socket->TraceConnectWithoutContext(
            "SessionRefused",
            MakeCallback(+[](GroupClientApplication* self, const Address&, DtlsRefuseReason) {
                ++self->m_ssmRefused;
            }).Bind(this));
        m_roundStart = Simulator::Now();
        Discover();
    }
    else
    {
        m_commander->Start(GetNode());
        StartRound();
    }
}

void
GroupClientApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_running = false;
    Simulator::Cancel(m_event);
    m_binding->Stop();
    m_commander->Stop();
}

void
GroupClientApplication::Discover()
{
    if (!m_running)
    {
        return;
    }
    if (m_discovery.size() == 3)
    {
        StartRound();
        return;
    }
    std::size_t step = m_discovery.size();
    CoapMessage request;
    request.SetCode(CoapCode::GET);
    request.SetUriPath(DISCOVERY[step]);
    NS_LOG_INFO("Fig.4: GET " << DISCOVERY[step] << " to the SSM");
    Ptr<GroupClientApplication> self = this;
    m_binding->SendRequest(m_ssm, request, [self, step](const CoapResult& r) {
        if (!r.ok || r.response.GetCode() != CoapCode::CONTENT)
        {
            std::string why = r.ok ? CoapCode::ToString(r.response.GetCode()) : r.error;
            NS_LOG_WARN("discovery GET " << DISCOVERY[step] << " failed: " << why);
            // Without the directory the client cannot name the groups: every round fails
            for (uint32_t round = 0; round < self->m_rounds; ++round)
            {
                RoundOutcome ro;
                ro.round = round;
                ro.start = self->m_roundStart;
                ro.latency = Simulator::Now() - self->m_roundStart;
                for (uint32_t floor : self->m_floors)
                {
                    ro.requested += static_cast<uint32_t>(self->m_members[floor].size());
                }
                self->m_rounds_.push_back(ro);
                self->m_roundDone(ro.round, ro.requested, 0, ro.latency);
            }
            return;
        }
        NS_LOG_INFO("Fig.4 (" << step + 1 << "): " << r.response.GetPayloadString());
        self->m_discovery.push_back(r.response.GetPayloadString());
        self->Discover();
    });
}

void
GroupClientApplication::StartRound()
{
    if (!m_running)
    {
        return;
    }
    if (m_round > 0 || m_mode != SSM)
    {
        m_roundStart = Simulator::Now(); // the first ssm round counts from the discovery
    }
    m_pendingFloors = static_cast<uint32_t>(m_floors.size());
    std::string payload = (m_round % 2 == 0) ? "on" : "off";
    uint32_t round = m_round;
    Ptr<GroupClientApplication> self = this;
    for (uint32_t floor : m_floors)
    {
        Time start = Simulator::Now();
        const std::vector<std::string>& members = m_members[floor];
        if (m_mode == SSM)
        {
            std::string path = "/settings/lights/floor" + std::to_string(floor);
            CoapMessage request;
            request.SetCode(CoapCode::PUT);
            request.SetUriPath(path);
            request.SetContentFormat(0);
            request.SetPayload(payload);
            NS_LOG_INFO("Fig.4: round " << round << ": PUT " << path << " " << payload
                                        << " to the SSM");
            uint32_t expected = static_cast<uint32_t>(members.size());
            m_binding->SendRequest(
                m_ssm,
                request,
                [self, round, floor, start, expected, path](const CoapResult& r) {
                    FloorOutcome o;
                    o.round = round;
                    o.floor = floor;
                    o.start = start;
                    o.latency = Simulator::Now() - start;
                    o.requested = expected;
                    GroupCommandResult agg;
                    std::string error;
                    if (!r.ok)
                    {
                        o.error = r.error;
                    }
                    else if (!GroupCommandResult::ParseSummary(r.response.GetPayloadString(),
                                                               agg,
                                                               &error))
                    {
                        o.error = CoapCode::ToString(r.response.GetCode()) + " " + error;
                    }
                    else
                    {
                        o.requested = agg.requested;
                        o.succeeded = agg.succeeded;
                    }
                    NS_LOG_INFO("Fig.4: " << path << ": SSM answered "
                                          << (r.ok ? CoapCode::ToString(r.response.GetCode()) +
                                                         " " + r.response.GetPayloadString()
                                                   : r.error));
                    self->FloorDone(o);
                });
        }
        else
        {
            m_commander->Command(members,
                                 CoapCode::PUT,
                                 "/light",
                                 payload,
                                 [self, round, floor, start](const GroupCommandResult& r) {
                                     FloorOutcome o;
                                     o.round = round;
                                     o.floor = floor;
                                     o.start = start;
                                     o.latency = Simulator::Now() - start;
                                     o.requested = r.requested;
                                     o.succeeded = r.succeeded;
                                     self->FloorDone(o);
                                 });
        }
    }
}

void
GroupClientApplication::FloorDone(const FloorOutcome& outcome)
{
    m_floorOutcomes.push_back(outcome);
    if (--m_pendingFloors > 0)
    {
        return;
    }
    RoundOutcome ro;
    ro.round = m_round;
    ro.start = m_roundStart;
    ro.latency = Simulator::Now() - m_roundStart;
    for (const FloorOutcome& f : m_floorOutcomes)
    {
        if (f.round == m_round)
        {
            ro.requested += f.requested;
            ro.succeeded += f.succeeded;
        }
    }
    m_rounds_.push_back(ro);
    NS_LOG_INFO("round " << ro.round << ": " << ro.succeeded << "/" << ro.requested << " lights in "
                         << ro.latency.As(Time::MS));
    m_roundDone(ro.round, ro.requested, ro.succeeded, ro.latency);
    if (++m_round < m_rounds)
    {
        m_event = Simulator::Schedule(m_interval, &GroupClientApplication::StartRound, this);
    }
}

} // namespace ns3
