/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "building-automation-helper.h"

#include "dtls-helper.h"
#include "node-energy-helper.h"
#include "node-model-helper.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/coap-server-application.h"
#include "ns3/coap-socket-binding.h"
#include "ns3/device-profile.h"
#include "ns3/dtls-socket.h"
#include "ns3/enum.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/iotsec-compat.h"
#include "ns3/log.h"
#include "ns3/oscore-context.h"
#include "ns3/ram-model.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("BuildingAutomationHelper");

NS_OBJECT_ENSURE_REGISTERED(BuildingAutomationHelper);

namespace
{
constexpr uint16_t COAP_PORT = 5683;  //!< plain and OSCORE light servers
constexpr uint16_t COAPS_PORT = 5684; //!< DTLS light servers, SSM, application server

/// \param bytes a key \return it in hexadecimal
std::string
Hex(const Bytes& bytes)
{
    static const char* digits = "0123456789abcdef";
    std::string s;
    for (uint8_t b : bytes)
    {
        s += digits[b >> 4];
        s += digits[b & 15];
    }
    return s;
}

/// \param klass an RFC 7228 class \return the device preset of a light of that class
const char*
PresetOf(uint32_t klass)
{
    return klass == 2 ? "CC2538" : (klass == 1 ? "TelosB" : "Class0Mote");
}

/// \param text comma-separated floor numbers \param[out] floors them \return true if valid
bool
ParseFloors(const std::string& text, std::vector<uint32_t>& floors)
{
    floors.clear();
    std::istringstream is(text);
    std::string item;
    while (std::getline(is, item, ','))
    {
        std::size_t used = 0;
        unsigned long v = 0;
        try
        {
            v = std::stoul(item, &used);
        }
        catch (const std::exception&)
        {
            return false;
        }
        if (used != item.size() || v == 0)
        {
            return false;
        }
        floors.push_back(static_cast<uint32_t>(v));
    }
    return !floors.empty();
}
} // namespace

TypeId
BuildingAutomationHelper::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::BuildingAutomationHelper")
            .SetParent<Object>()
            .SetGroupName("Iotsec")
            .AddConstructor<BuildingAutomationHelper>()
            .AddAttribute("Mode",
                          "ssm (through the SSM), dtls-1n (a DTLS session per light) or nosec "
                          "(plain CoAP to every light).",
                          EnumValue(GroupClientApplication::SSM),
                          iotsec_compat::MakeEnumAccessor<GroupClientApplication::Mode>(
                              &BuildingAutomationHelper::m_mode),
                          MakeEnumChecker(GroupClientApplication::SSM,
                                          "ssm",
                                          GroupClientApplication::DTLS_1N,
                                          "dtls-1n",
                                          GroupClientApplication::NOSEC,
                                          "nosec"))
            .AddAttribute("Clients",
                          "CoAP clients, each commanding the same floors.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&BuildingAutomationHelper::m_clients),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("ClassPattern",
                          "RFC 7228 classes of the lights of each floor, repeated: digits 0, 1, "
                          "2 (\"21\": Class 2, Class 1, Class 2, ...).",
                          StringValue("21"),
                          MakeStringAccessor(&BuildingAutomationHelper::m_classPattern),
                          MakeStringChecker())
            .AddAttribute("Policy",
                          "Back-end policy changes (SsmPolicy::Parse), for example "
                          "\"1:dtls,0:none\"; empty: the default table.",
                          StringValue(""),
                          MakeStringAccessor(&BuildingAutomationHelper::m_policyText),
                          MakeStringChecker())
            .AddAttribute("DirectAccess",
                          "ssm mode: the SSM reaches the lights itself instead of through the "
                          "application server.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&BuildingAutomationHelper::m_direct),
                          MakeBooleanChecker())
            .AddAttribute("CommandFloors",
                          "Floors each round commands, comma-separated, from 1.",
                          StringValue("3"),
                          MakeStringAccessor(&BuildingAutomationHelper::m_commandFloors),
                          MakeStringChecker())
            .AddAttribute("Rounds",
                          "Rounds of commands per client.",
                          UintegerValue(2),
                          MakeUintegerAccessor(&BuildingAutomationHelper::m_rounds),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("RoundInterval",
                          "Pause between a client's rounds.",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&BuildingAutomationHelper::m_roundInterval),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("StartTime",
                          "When the first client starts.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&BuildingAutomationHelper::m_start),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("ClientStagger",
                          "Time between the starts of two clients.",
                          TimeValue(Seconds(0.5)),
                          MakeTimeAccessor(&BuildingAutomationHelper::m_clientStagger),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("KeepSessions",
                          "Keep DTLS sessions (clients in dtls-1n, the back end in ssm) for "
                          "later rounds.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&BuildingAutomationHelper::m_keepSessions),
                          MakeBooleanChecker())
            .AddAttribute("ClientProfile",
                          "Device preset of the clients (their RAM budget bounds the sessions "
                          "they keep).",
                          StringValue("Unconstrained"),
                          MakeStringAccessor(&BuildingAutomationHelper::m_clientProfile),
                          MakeStringChecker());
    return tid;
}

BuildingAutomationHelper::BuildingAutomationHelper()
    : m_mode(GroupClientApplication::SSM),
      m_clients(1),
      m_direct(false),
      m_rounds(2),
      m_keepSessions(true)
{
}

BuildingAutomationHelper::~BuildingAutomationHelper()
{
}

void
BuildingAutomationHelper::DoDispose()
{
    m_building = nullptr;
    m_servers.clear();
    m_ssm = nullptr;
    m_appServer = nullptr;
    m_clientApps.clear();
    m_air = nullptr;
    Object::DoDispose();
}

uint32_t
BuildingAutomationHelper::RequiredInternetHosts() const
{
    return m_clients + 2;
}

uint32_t
BuildingAutomationHelper::ClassOf(uint32_t index) const
{
    return static_cast<uint32_t>(m_classPattern[index % m_classPattern.size()] - '0');
}

std::string
BuildingAutomationHelper::Validate(Ptr<BuildingTopologyHelper> building) const
{
    std::ostringstream why;
    if (!building)
    {
        return "no building";
    }
    if (m_classPattern.empty() || m_classPattern.find_first_not_of("012") != std::string::npos)
    {
        why << "ClassPattern '" << m_classPattern << "' must be a string of the digits 0, 1, 2";
        return why.str();
    }
    SsmPolicy policy;
    std::string error;
    if (!m_policyText.empty() && !SsmPolicy::Parse(m_policyText, policy, &error))
    {
        return "Policy: " + error;
    }
    std::vector<uint32_t> floors;
    if (!ParseFloors(m_commandFloors, floors))
    {
        why << "CommandFloors '" << m_commandFloors
            << "' must be floor numbers from 1, comma-separated";
        return why.str();
    }
    UintegerValue nFloors;
    building->GetAttribute("Floors", nFloors);
    for (uint32_t f : floors)
    {
        if (f > nFloors.Get())
        {
            why << "CommandFloors names floor " << f << " but the building has " << nFloors.Get()
                << " floors";
            return why.str();
        }
    }
    if (building->GetInternetHosts().GetN() < RequiredInternetHosts())
    {
        why << "the building has " << building->GetInternetHosts().GetN()
            << " Internet hosts; this study needs " << RequiredInternetHosts()
            << " (SSM, application server and " << m_clients << " client(s))";
        return why.str();
    }
    if (m_mode == GroupClientApplication::DTLS_1N && m_classPattern.find('0') != std::string::npos)
    {
        return "mode dtls-1n puts a DTLS session on every light, but ClassPattern '" +
               m_classPattern +
               "' has Class 0 lights, which cannot hold DTLS state (RFC 7228); use the ssm "
               "mode, or a pattern of Class 1 and 2 only";
    }
    return "";
}

void
BuildingAutomationHelper::Install(Ptr<BuildingTopologyHelper> building)
{
    std::string error = Validate(building);
    NS_ABORT_MSG_UNLESS(error.empty(), "BuildingAutomationHelper: " << error);
    m_building = building;
    SsmPolicy policy;
    if (!m_policyText.empty())
    {
        SsmPolicy::Parse(m_policyText, policy, nullptr);
    }
    UintegerValue nFloors;
    building->GetAttribute("Floors", nFloors);
    NodeContainer hosts = building->GetInternetHosts();
    Ptr<Node> ssmNode = hosts.Get(0);
    Ptr<Node> appNode = hosts.Get(1);
    m_clientNodes = NodeContainer();
    for (uint32_t i = 0; i < m_clients; ++i)
    {
        m_clientNodes.Add(hosts.Get(2 + i));
    }
    bool ssmMode = (m_mode == GroupClientApplication::SSM);

    // Device profiles and energy: lights by class, 6LBRs, unconstrained hosts
    m_lights = building->GetLights();
    NodeModelHelper routers;
    routers.SetPreset("BorderRouter");
    routers.Install(building->GetBorderRouters());
    NodeModelHelper hostsModel;
    hostsModel.SetPreset("RaspberryPi3");
    hostsModel.Install(NodeContainer(ssmNode, appNode));
    NodeModelHelper clientsModel;
    clientsModel.SetPreset(m_clientProfile);
    clientsModel.Install(m_clientNodes);

    // Every host can run DTLS; lights get a factory too (only DTLS lights create sockets)
    DtlsHelper dtls;
    dtls.InstallSocketFactory(NodeContainer(NodeContainer(ssmNode, appNode), m_clientNodes));
    dtls.InstallSocketFactory(m_lights);

    // The clients
    for (uint32_t i = 0; i < m_clients; ++i)
    {
        Ptr<GroupClientApplication> c = CreateObject<GroupClientApplication>();
        c->SetAttribute("Mode", EnumValue(m_mode));
        c->SetAttribute("Floors", StringValue(m_commandFloors));
        c->SetAttribute("Rounds", UintegerValue(m_rounds));
        c->SetAttribute("RoundInterval", TimeValue(m_roundInterval));
        c->SetAttribute("SsmIdentity", StringValue("client-" + std::to_string(i)));
        c->SetAttribute(
            "Ssm",
            AddressValue(Inet6SocketAddress(building->GetAddress(ssmNode), COAPS_PORT)));
        c->GetCommander()->SetAttribute("KeepSessions", BooleanValue(m_keepSessions));
        c->SetStartTime(m_start + m_clientStagger * i);
        m_clientNodes.Get(i)->AddApplication(c);
        m_clientApps.push_back(c);
        // client <-> SSM key
        Bytes key = DtlsHelper::DeriveKey("ssm-front", i);
        DtlsHelper::InstallPsk(m_clientNodes.Get(i), "client-" + std::to_string(i), key);
        DtlsHelper::InstallPsk(ssmNode, "client-" + std::to_string(i), key);
    }

    // The SSM and the application server (ssm mode)
    Ptr<GroupCommander> backend;
    std::string backendName = m_direct ? "ssm" : "backend";
    SsmDirectory directory = SsmDirectory::BuildingAutomation(nFloors.Get());
    if (ssmMode)
    {
        m_ssm = CreateObject<SsmApplication>();
        ssmNode->AddApplication(m_ssm);
        m_ssm->SetStartTime(Seconds(0));
        if (!m_direct)
        {
            m_appServer = CreateObject<SsmApplicationServer>();
            appNode->AddApplication(m_appServer);
            m_appServer->SetStartTime(Seconds(0));
            m_ssm->SetAttribute(
                "ApplicationServer",
                AddressValue(Inet6SocketAddress(building->GetAddress(appNode), COAPS_PORT)));
            Bytes key = DtlsHelper::DeriveKey("ssm-backend", 0);
            DtlsHelper::InstallPsk(ssmNode, "ssm", key);
            DtlsHelper::InstallPsk(appNode, "ssm", key);
            backend = m_appServer->GetCommander();
        }
        else
        {
            backend = m_ssm->GetCommander();
        }
        backend->SetAttribute("KeepSessions", BooleanValue(m_keepSessions));
    }

    // The lights
    std::map<uint32_t, std::vector<std::string>> floorMembers;
    for (uint32_t f = 1; f <= nFloors.Get(); ++f)
    {
        NodeContainer floorLights = building->GetFloorLights(f - 1);
        for (uint32_t j = 0; j < floorLights.GetN(); ++j)
        {
            Ptr<Node> light = floorLights.Get(j);
            uint32_t index = static_cast<uint32_t>(m_names.size()); // over the building
            std::string name = "f" + std::to_string(f) + "/l" + std::to_string(j);
            uint32_t klass = ClassOf(j);
            BackendSecurity security = BackendSecurity::NONE;
            if (m_mode == GroupClientApplication::DTLS_1N)
            {
                security = BackendSecurity::DTLS;
            }
            else if (ssmMode)
            {
                security = policy.Get(klass);
            }
            m_names[light->GetId()] = name;
            m_classes[light->GetId()] = klass;
            m_security[light->GetId()] = security;
            floorMembers[f].push_back(name);

            NodeModelHelper model;
            model.SetPreset(PresetOf(klass));
            model.Install(light);

            Ptr<CoapServerApplication> server = CreateObject<CoapServerApplication>();
            server->AddSettableResource("/light", "off", {});
            uint16_t port = (security == BackendSecurity::DTLS) ? COAPS_PORT : COAP_PORT;
            server->SetAttribute("Port", UintegerValue(port));
            Address address = Inet6SocketAddress(building->GetAddress(light), port);
            GroupMember member;
            member.name = name;
            member.address = address;
            member.security = security;
            if (security == BackendSecurity::DTLS)
            {
                server->GetBinding()->SetAttribute("SocketFactory",
                                                   TypeIdValue(DtlsSocketFactory::GetTypeId()));
            }
            else if (security == BackendSecurity::OBJECT)
            {
                Bytes secret = DtlsHelper::DeriveKey("oscore", index);
                OscoreParameters serverSide;
                OscoreParameters clientSide;
                std::string err;
                NS_ABORT_UNLESS(
                    OscoreParameters::FromHex(Hex(secret), "", "01", "", serverSide, &err));
                NS_ABORT_UNLESS(
                    OscoreParameters::FromHex(Hex(secret), "", "", "01", clientSide, &err));
                server->SetOscoreContext(std::make_shared<OscoreContext>(serverSide));
                member.oscore = std::make_shared<OscoreContext>(clientSide);
            }
            server->SetStartTime(Seconds(0));
            light->AddApplication(server);
            m_servers[light->GetId()] = server;

            if (m_mode == GroupClientApplication::SSM)
            {
                if (security == BackendSecurity::DTLS)
                {
                    member.pskIdentity = backendName + "@" + name;
                    Bytes key = DtlsHelper::DeriveKey(backendName, index);
                    DtlsHelper::InstallPsk(light, member.pskIdentity, key);
                    DtlsHelper::InstallPsk(m_direct ? ssmNode : appNode, member.pskIdentity, key);
                }
                backend->AddMember(member);
            }
            else
            {
                for (uint32_t i = 0; i < m_clients; ++i)
                {
                    GroupMember m = member;
                    if (security == BackendSecurity::DTLS)
                    {
                        std::string client = "client-" + std::to_string(i);
                        m.pskIdentity = client + "@" + name;
                        Bytes key = DtlsHelper::DeriveKey(client, index);
                        DtlsHelper::InstallPsk(light, m.pskIdentity, key);
                        DtlsHelper::InstallPsk(m_clientNodes.Get(i), m.pskIdentity, key);
                    }
                    m_clientApps[i]->GetCommander()->AddMember(m);
                }
            }
        }
    }
    for (auto& [floor, members] : floorMembers)
    {
        directory.SetMembers("/settings/lights/floor" + std::to_string(floor), members);
        for (auto& c : m_clientApps)
        {
            c->SetFloorMembers(floor, members);
        }
    }
    if (m_ssm)
    {
        m_ssm->SetDirectory(directory);
    }
    if (m_appServer)
    {
        m_appServer->SetDirectory(directory);
    }

    // Sessions the lights refuse: a refused client retransmits its ClientHello, and each
    // copy is refused again; count each (light, client) pair once. The lights' DTLS sockets
    // exist once their servers have started (at 0 s).
    Ptr<BuildingAutomationHelper> self = this;
    Simulator::Schedule(NanoSeconds(1), [self]() {
        for (auto& [id, server] : self->m_servers)
        {
            Ptr<Socket> s = server->GetBinding()->GetSocket();
            if (DynamicCast<DtlsSocket>(s))
            {
                s->TraceConnectWithoutContext("SessionRefused",
                                              MakeCallback(+[](BuildingAutomationHelper* h,
                                                               uint32_t light,
                                                               const Address& peer,
                                                               DtlsRefuseReason) {
                                                  h->m_refusedPairs.insert(
                                                      std::to_string(light) + " " +
                                                      DtlsSocket::PeerKey(peer));
                                              }).Bind(PeekPointer(self), id));
            }
        }
    });

    NodeEnergyHelper energy;
    energy.Install(building->GetLlnNodes());
    m_air = CreateObject<AirTrafficMonitor>();
    m_air->Install(building->GetLrWpanDevices());
}

int64_t
BuildingAutomationHelper::AssignStreams(int64_t stream)
{
    int64_t current = stream;
    for (auto& [id, server] : m_servers)
    {
        current += server->AssignStreams(current);
    }
    if (m_ssm)
    {
        current += m_ssm->AssignStreams(current);
    }
    if (m_appServer)
    {
        current += m_appServer->AssignStreams(current);
    }
    for (auto& c : m_clientApps)
    {
        current += c->AssignStreams(current);
    }
    return current - stream;
}

BuildingAutomationHelper::Report
BuildingAutomationHelper::GetReport() const
{
    Report r;
    r.mode = GroupClientApplication::ModeName(m_mode);
    double firstSum = 0;
    uint32_t firstN = 0;
    double repeatSum = 0;
    uint32_t repeatN = 0;
    for (uint32_t i = 0; i < m_clientApps.size(); ++i)
    {
        Ptr<GroupClientApplication> c = m_clientApps[i];
        r.clientHandshakes += c->GetHandshakes();
        r.refusedSessions += c->GetRefused();
        if (m_mode != GroupClientApplication::SSM)
        {
            r.llnHandshakes += c->GetCommander()->GetHandshakes();
            r.clientSessions = std::max(r.clientSessions, c->GetCommander()->GetEstablished());
        }
        else
        {
            r.clientSessions = std::max<uint32_t>(r.clientSessions, c->GetHandshakes() > 0);
        }
        for (const auto& ro : c->GetRoundOutcomes())
        {
            r.requested += ro.requested;
            r.succeeded += ro.succeeded;
            if (ro.round == 0)
            {
                firstSum += ro.latency.GetSeconds();
                ++firstN;
            }
            else
            {
                repeatSum += ro.latency.GetSeconds();
                ++repeatN;
            }
        }
        // Rounds that never completed count as requested and failed
        std::vector<uint32_t> floors;
        ParseFloors(m_commandFloors, floors);
        uint32_t perRound = 0;
        for (uint32_t f : floors)
        {
            perRound += m_building->GetFloorLights(f - 1).GetN();
        }
        r.lights = perRound;
        r.requested += uint64_t(perRound) * (m_rounds - c->GetRoundOutcomes().size());
        r.clientRam =
            std::max(r.clientRam, NodeModelHelper::GetRam(m_clientNodes.Get(i))->GetUsedBytes());
    }
    r.firstCommandLatency = firstN ? firstSum / firstN : std::numeric_limits<double>::quiet_NaN();
    r.repeatCommandLatency =
        repeatN ? repeatSum / repeatN : std::numeric_limits<double>::quiet_NaN();
    r.successRatio = r.requested ? double(r.succeeded) / r.requested : 0;
    if (m_ssm)
    {
        Ptr<GroupCommander> backend =
            m_appServer ? m_appServer->GetCommander() : m_ssm->GetCommander();
        r.llnHandshakes += backend->GetHandshakes();
        r.refusedSessions += backend->GetRefused();
        r.ssmRam = NodeModelHelper::GetRam(m_ssm->GetNode())->GetUsedBytes();
        r.backendHandshakes = m_ssm->GetBackendHandshakes();
    }
    r.refusedSessions += m_refusedPairs.size();
    for (auto& [id, server] : m_servers)
    {
        Ptr<RamModel> ram = NodeModelHelper::GetRam(server->GetNode());
        r.sensorRamMax = std::max({r.sensorRamMax, ram->GetPeakBytes(), ram->GetUsedBytes()});
        r.lightsBySecurity[BackendSecurityName(m_security.at(id))]++;
    }
    EnergySummary lights = NodeEnergyHelper::Summarize(m_lights);
    r.energyPerLightMean = lights.mean;
    r.energyPerLightMax = lights.max;
    r.energyTotal = lights.total;
    r.cpuEnergyPerLightMean = lights.cpuMean;
    r.dutyCyclePerLightMean = lights.dutyCycleMean;
    r.dutyCyclePerLightMax = lights.dutyCycleMax;
    r.lifetimeMinDays =
        NodeEnergyHelper::LifetimeDays(NodeEnergyHelper().GetInitialEnergy(), lights.powerMax);
    // What the traffic and the crypto cost a light, without the listening an always-on
    // 802.15.4 receiver pays in every mode alike
    for (const NodeEnergy& e : NodeEnergyHelper::GetNodeEnergies(m_lights))
    {
        double active = e.radioFrames + e.cpu;
        r.activeEnergyPerLightMean += active / m_lights.GetN();
        r.activeEnergyPerLightMax = std::max(r.activeEnergyPerLightMax, active);
    }
    r.llnFrames = m_air->GetTotalFrames();
    r.llnBytes = m_air->GetTotalBytes();
    return r;
}

Ptr<SsmApplication>
BuildingAutomationHelper::GetSsm() const
{
    return m_ssm;
}

Ptr<SsmApplicationServer>
BuildingAutomationHelper::GetApplicationServer() const
{
    return m_appServer;
}

std::vector<Ptr<GroupClientApplication>>
BuildingAutomationHelper::GetClients() const
{
    return m_clientApps;
}

Ptr<CoapServerApplication>
BuildingAutomationHelper::GetLightServer(Ptr<Node> light) const
{
    auto it = m_servers.find(light->GetId());
    NS_ABORT_MSG_IF(it == m_servers.end(), "BuildingAutomationHelper: not a light");
    return it->second;
}

std::string
BuildingAutomationHelper::GetMemberName(Ptr<Node> light) const
{
    return m_names.at(light->GetId());
}

uint32_t
BuildingAutomationHelper::GetDeviceClass(Ptr<Node> light) const
{
    return m_classes.at(light->GetId());
}

BackendSecurity
BuildingAutomationHelper::GetSecurity(Ptr<Node> light) const
{
    return m_security.at(light->GetId());
}

} // namespace ns3
