/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "health-care-helper.h"

#include "coap-helper.h"
#include "dtls-helper.h"
#include "lln-helper.h"
#include "node-energy-helper.h"
#include "node-model-helper.h"

#include "ns3/abort.h"
#include "ns3/air-traffic-monitor.h"
#include "ns3/boolean.h"
#include "ns3/coap-message.h"
#include "ns3/coap-socket-binding.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/device-profile.h"
#include "ns3/double.h"
#include "ns3/dtls-socket.h"
#include "ns3/frame-erasure-loss-model.h"
#include "ns3/hex-encoding.h"
#include "ns3/hierarchical-mobility-model.h"
#include "ns3/icmpv6-l4-protocol.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv6-address-helper.h"
#include "ns3/ipv6-static-routing-helper.h"
#include "ns3/log.h"
#include "ns3/lpl-net-device.h"
#include "ns3/oscore-context.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/pointer.h"
#include "ns3/ram-model.h"
#include "ns3/random-walk-2d-mobility-model.h"
#include "ns3/rectangle.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("HealthCareHelper");

NS_OBJECT_ENSURE_REGISTERED(HealthCareHelper);

const std::string HealthCareHelper::HEART_RATE = "heart_rate";
const std::string HealthCareHelper::BLOOD_PRESSURE = "blood_pressure";

namespace
{
constexpr uint16_t COAP_PORT = 5683;                 //!< plain and OSCORE sensors
constexpr uint16_t COAPS_PORT = 5684;                //!< DTLS sensors and the SSM's front end
const Vector PHONE_OFFSET(0.15, -0.10, 1.00);        //!< the phone, at the hip [m]
const Vector HEART_RATE_OFFSET(0.0, 0.10, 1.30);     //!< the heart-rate sensor, on the chest [m]
const Vector BLOOD_PRESSURE_OFFSET(0.25, 0.0, 1.35); //!< the cuff, on the upper arm [m]

/// \param name a preset \return true if DeviceProfile knows it
bool
IsPreset(const std::string& name)
{
    const auto names = DeviceProfile::GetPresetNames();
    return std::find(names.begin(), names.end(), name) != names.end();
}

/// \param preset a known preset \return its RFC 7228 class
uint32_t
ClassOfPreset(const std::string& preset)
{
    return DeviceProfile::CreatePreset(preset)->GetDeviceClass();
}

/// \param preset a known preset \return whether it runs DTLS
bool
RunsDtls(const std::string& preset)
{
    return ClassOfPreset(preset) != DeviceProfile::CLASS_0;
}
} // namespace

TypeId
HealthCareHelper::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::HealthCareHelper")
            .SetParent<Object>()
            .SetGroupName("Iotsec")
            .AddConstructor<HealthCareHelper>()
            .AddAttribute("HeartRateProfile",
                          "Device preset of the heart-rate sensor (its RFC 7228 class picks "
                          "the back-end security).",
                          StringValue("TelosB"),
                          MakeStringAccessor(&HealthCareHelper::m_hrProfile),
                          MakeStringChecker())
            .AddAttribute("BloodPressureProfile",
                          "Device preset of the blood-pressure sensor.",
                          StringValue("CC2538"),
                          MakeStringAccessor(&HealthCareHelper::m_bpProfile),
                          MakeStringChecker())
            .AddAttribute("PhoneProfile",
                          "Device preset of the phone (the SSM and 6LBR; it must run DTLS).",
                          StringValue("RaspberryPi3"),
                          MakeStringAccessor(&HealthCareHelper::m_phoneProfile),
                          MakeStringChecker())
            .AddAttribute("ClientProfile",
                          "Device preset of the outside client (it must run DTLS).",
                          StringValue("Unconstrained"),
                          MakeStringAccessor(&HealthCareHelper::m_clientProfile),
                          MakeStringChecker())
            .AddAttribute("Policy",
                          "Back-end policy changes (SsmPolicy::Parse), for example "
                          "\"1/high:dtls\"; empty: the default table. Health data is HIGH "
                          "sensitivity.",
                          StringValue(""),
                          MakeStringAccessor(&HealthCareHelper::m_policyText),
                          MakeStringChecker())
            .AddAttribute("VitalsPeriod",
                          "Time between two samples of a sensor.",
                          TimeValue(Seconds(5)),
                          MakeTimeAccessor(&HealthCareHelper::m_vitalsPeriod),
                          MakeTimeChecker())
            .AddAttribute("HeartRate",
                          "Heart rate of each sample [beats per minute], rounded.",
                          StringValue("ns3::NormalRandomVariable[Mean=72.0|Variance=16.0]"),
                          MakePointerAccessor(&HealthCareHelper::m_heartRate),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("Systolic",
                          "Systolic blood pressure of each sample [mmHg], rounded.",
                          StringValue("ns3::NormalRandomVariable[Mean=118.0|Variance=36.0]"),
                          MakePointerAccessor(&HealthCareHelper::m_systolic),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("Diastolic",
                          "Diastolic blood pressure of each sample [mmHg], rounded.",
                          StringValue("ns3::NormalRandomVariable[Mean=76.0|Variance=16.0]"),
                          MakePointerAccessor(&HealthCareHelper::m_diastolic),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("WalkSpeed",
                          "The patient's walking speed [m/s] (RandomWalk2dMobilityModel Speed; "
                          "direction and speed change every 5 s).",
                          StringValue("ns3::UniformRandomVariable[Min=0.5|Max=1.5]"),
                          MakePointerAccessor(&HealthCareHelper::m_walkSpeed),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("WardSize",
                          "Side of the square the patient walks in [m].",
                          DoubleValue(30.0),
                          MakeDoubleAccessor(&HealthCareHelper::m_wardSize),
                          MakeDoubleChecker<double>())
            .AddAttribute("ClientStart",
                          "When the client starts the Fig. 3 sequence.",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&HealthCareHelper::m_clientStart),
                          MakeTimeChecker())
            .AddAttribute("StepInterval",
                          "Pause between a Fig. 3 step's response and the next request.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&HealthCareHelper::m_stepInterval),
                          MakeTimeChecker())
            .AddAttribute("Reads",
                          "GETs of /information/heart_rate after message (3), to measure "
                          "freshness.",
                          UintegerValue(10),
                          MakeUintegerAccessor(&HealthCareHelper::m_reads),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("ReadInterval",
                          "Pause before each of those reads.",
                          TimeValue(Seconds(7)),
                          MakeTimeAccessor(&HealthCareHelper::m_readInterval),
                          MakeTimeChecker())
            .AddAttribute("UplinkDataRate",
                          "Data rate of the phone's IPv6 uplink to the client.",
                          DataRateValue(DataRate("10Mbps")),
                          MakeDataRateAccessor(&HealthCareHelper::m_uplinkRate),
                          MakeDataRateChecker())
            .AddAttribute("UplinkDelay",
                          "One-way delay of the phone's IPv6 uplink to the client.",
                          TimeValue(MilliSeconds(20)),
                          MakeTimeAccessor(&HealthCareHelper::m_uplinkDelay),
                          MakeTimeChecker())
            .AddAttribute("FrameLoss",
                          "Probability that an 802.15.4 frame is lost on a link (0: none).",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&HealthCareHelper::m_frameLoss),
                          MakeDoubleChecker<double>())
            .AddAttribute(
                "Rdc",
                "Radio duty cycling of the sensors: None (always-on receivers) or Lpl "
                "(ContikiMAC-style low-power listening); the phone listens all the "
                "time and sends with strobes.",
                EnumValue(LlnHelper::RDC_NONE),
                iotsec_compat::MakeEnumAccessor<LlnHelper::RdcType>(&HealthCareHelper::m_rdc),
                MakeEnumChecker(LlnHelper::RDC_NONE, "None", LlnHelper::RDC_LPL, "Lpl"))
            .AddAttribute("WakeupInterval",
                          "With Rdc Lpl: the sensors' channel-check interval.",
                          TimeValue(MilliSeconds(125)),
                          MakeTimeAccessor(&HealthCareHelper::m_wakeupInterval),
                          MakeTimeChecker(MicroSeconds(1)))
            .AddTraceSource("VitalsSampled",
                            "A sensor measured a value and set its resource (sensor, value).",
                            MakeTraceSourceAccessor(&HealthCareHelper::m_vitals),
                            "ns3::HealthCareHelper::VitalsTracedCallback");
    return tid;
}

HealthCareHelper::HealthCareHelper()
    : m_vitalsPeriod(Seconds(5)),
      m_wardSize(30.0),
      m_clientStart(Seconds(10)),
      m_stepInterval(Seconds(1)),
      m_reads(10),
      m_readInterval(Seconds(7)),
      m_uplinkRate("10Mbps"),
      m_uplinkDelay(MilliSeconds(20)),
      m_frameLoss(0)
{
    NS_LOG_FUNCTION(this);
    m_phase = CreateObject<UniformRandomVariable>();
}

HealthCareHelper::~HealthCareHelper()
{
    NS_LOG_FUNCTION(this);
}

void
HealthCareHelper::DoDispose()
{
    m_sensors.clear();
    m_ssm = nullptr;
    m_client = nullptr;
    m_phone = nullptr;
    m_clientNode = nullptr;
    m_phoneDevice = nullptr;
    m_patient = nullptr;
    m_air = nullptr;
    m_erasure = nullptr;
    m_heartRate = nullptr;
    m_systolic = nullptr;
    m_diastolic = nullptr;
    m_walkSpeed = nullptr;
    m_phase = nullptr;
    Object::DoDispose();
}

std::string
HealthCareHelper::Validate() const
{
    for (const auto& [what, preset] : {std::make_pair("HeartRateProfile", m_hrProfile),
                                       std::make_pair("BloodPressureProfile", m_bpProfile),
                                       std::make_pair("PhoneProfile", m_phoneProfile),
                                       std::make_pair("ClientProfile", m_clientProfile)})
    {
        if (!IsPreset(preset))
        {
            std::ostringstream why;
            why << what << " '" << preset << "' is not a device preset (presets:";
            for (const auto& n : DeviceProfile::GetPresetNames())
            {
                why << " " << n;
            }
            why << ")";
            return why.str();
        }
    }
    if (!RunsDtls(m_phoneProfile))
    {
        return "PhoneProfile '" + m_phoneProfile +
               "' is a Class 0 device, which cannot run the SSM's DTLS front end";
    }
    if (!RunsDtls(m_clientProfile))
    {
        return "ClientProfile '" + m_clientProfile +
               "' is a Class 0 device, which cannot run DTLS to the SSM";
    }
    SsmPolicy policy;
    std::string error;
    if (!m_policyText.empty() && !SsmPolicy::Parse(m_policyText, policy, &error))
    {
        return "Policy '" + m_policyText + "': " + error;
    }
    if (!m_vitalsPeriod.IsStrictlyPositive())
    {
        return "VitalsPeriod must be positive";
    }
    for (const auto& [what, time] : {std::make_pair("ClientStart", m_clientStart),
                                     std::make_pair("StepInterval", m_stepInterval),
                                     std::make_pair("ReadInterval", m_readInterval),
                                     std::make_pair("UplinkDelay", m_uplinkDelay)})
    {
        if (time.IsStrictlyNegative())
        {
            return std::string(what) + " must not be negative";
        }
    }
    if (!(m_wardSize > 0))
    {
        return "WardSize must be positive";
    }
    if (!(m_frameLoss >= 0 && m_frameLoss < 1))
    {
        return "FrameLoss must be in [0, 1)";
    }
    return "";
}

void
HealthCareHelper::Install()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(m_installed, "HealthCareHelper::Install called twice");
    std::string error = Validate();
    NS_ABORT_MSG_UNLESS(error.empty(), "HealthCareHelper: " << error);
    m_installed = true;
    SsmPolicy policy;
    if (!m_policyText.empty())
    {
        SsmPolicy::Parse(m_policyText, policy, nullptr);
    }

    // Nodes: the phone, the sensors, the client
    m_phone = CreateObject<Node>();
    for (const auto& [name, preset] :
         {std::make_pair(HEART_RATE, m_hrProfile), std::make_pair(BLOOD_PRESSURE, m_bpProfile)})
    {
        Sensor s;
        s.name = name;
        s.profile = preset;
        s.deviceClass = ClassOfPreset(preset);
        s.security = policy.Get(s.deviceClass, SsmPolicy::HIGH);
        s.node = CreateObject<Node>();
        m_sensors.push_back(s);
    }
    m_clientNode = CreateObject<Node>();
    NodeContainer body(m_phone);
    NodeContainer sensorNodes;
    for (const Sensor& s : m_sensors)
    {
        body.Add(s.node);
        sensorNodes.Add(s.node);
    }

    // The patient walks; the phone and the sensors sit on the body at fixed offsets
    Ptr<RandomWalk2dMobilityModel> walk = CreateObject<RandomWalk2dMobilityModel>();
    walk->SetAttribute("Bounds", RectangleValue(Rectangle(0, m_wardSize, 0, m_wardSize)));
    walk->SetAttribute("Speed", PointerValue(m_walkSpeed));
    walk->SetAttribute("Mode", StringValue("Time"));
    walk->SetAttribute("Time", TimeValue(Seconds(5)));
    walk->SetPosition(Vector(m_wardSize / 2, m_wardSize / 2, 0));
    m_patient = walk;
    m_patientStart = walk->GetPosition();
    const Vector offsets[] = {PHONE_OFFSET, HEART_RATE_OFFSET, BLOOD_PRESSURE_OFFSET};
    for (uint32_t i = 0; i < body.GetN(); ++i)
    {
        Ptr<ConstantPositionMobilityModel> place = CreateObject<ConstantPositionMobilityModel>();
        place->SetPosition(offsets[i]);
        Ptr<HierarchicalMobilityModel> on = CreateObject<HierarchicalMobilityModel>();
        on->SetChild(place);
        on->SetParent(m_patient);
        body.Get(i)->AggregateObject(on);
    }

    // IPv6 everywhere; the client's address needs no duplicate address detection either
    InternetStackHelper internet;
    internet.SetIpv4StackInstall(false);
    internet.Install(NodeContainer(body, NodeContainer(m_clientNode)));
    m_clientNode->GetObject<Icmpv6L4Protocol>()->SetAttribute("DAD", BooleanValue(false));

    // The BAN: 802.15.4 and 6LoWPAN, the phone is the root (every sensor's default router)
    m_lln.SetRdc(m_rdc);
    m_lln.SetLplAttribute("WakeupInterval", TimeValue(m_wakeupInterval));
    NetDeviceContainer six = m_lln.Install(body);
    Ptr<LplNetDevice> phoneRadio = DynamicCast<LplNetDevice>(m_lln.GetLrWpanDevices().Get(0));
    if (phoneRadio)
    {
        phoneRadio->SetAttribute("AlwaysOn", BooleanValue(true)); // the phone is recharged daily
    }
    m_lln.AssignAddresses(six, Ipv6Address("2001:1::"), Ipv6Prefix(64));
    m_lrWpan = m_lln.GetLrWpanDevices();
    if (m_frameLoss > 0)
    {
        m_erasure = CreateObject<FrameErasurePropagationLossModel>();
        m_erasure->SetAttribute("ErasureProbability", DoubleValue(m_frameLoss));
        m_lln.GetChannel()->AddPropagationLossModel(m_erasure);
    }
    m_phoneDevice = six.Get(0);
    for (uint32_t i = 0; i < m_sensors.size(); ++i)
    {
        m_sensors[i].device = six.Get(i + 1);
        LlnHelper::AddDefaultRoute(m_sensors[i].device, m_phoneDevice);
        LlnHelper::AddNeighbor(m_phoneDevice, m_sensors[i].device);
    }

    // The uplink: phone to client
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", DataRateValue(m_uplinkRate));
    p2p.SetChannelAttribute("Delay", TimeValue(m_uplinkDelay));
    NetDeviceContainer uplink = p2p.Install(m_phone, m_clientNode);
    Ipv6AddressHelper addresses;
    addresses.SetBase(Ipv6Address("2001:2::"), Ipv6Prefix(64));
    Ipv6InterfaceContainer uplinkIf = addresses.Assign(uplink);
    uplinkIf.SetForwarding(0, true);
    Ipv6Address phoneUplink = LlnHelper::GetGlobalAddress(uplink.Get(0));
    Ipv6StaticRoutingHelper routing;
    routing.GetStaticRouting(m_clientNode->GetObject<Ipv6>())
        ->SetDefaultRoute(phoneUplink,
                          m_clientNode->GetObject<Ipv6>()->GetInterfaceForDevice(uplink.Get(1)));

    // Device profiles and energy
    NodeModelHelper phoneModel;
    phoneModel.SetPreset(m_phoneProfile);
    phoneModel.Install(m_phone);
    for (const Sensor& s : m_sensors)
    {
        NodeModelHelper model;
        model.SetPreset(s.profile);
        model.Install(s.node);
    }
    NodeModelHelper clientModel;
    clientModel.SetPreset(m_clientProfile);
    clientModel.Install(m_clientNode);
    NodeEnergyHelper energy;
    energy.Install(body);

    // DTLS: the client (identity "client"), the phone, and the sensors reached over DTLS
    DtlsHelper clientDtls;
    clientDtls.SetSocketAttribute("PskIdentity", StringValue("client"));
    clientDtls.InstallSocketFactory(m_clientNode);
    DtlsHelper dtls;
    dtls.InstallSocketFactory(m_phone);
    Bytes frontKey = DtlsHelper::DeriveKey("health-front", 0);
    DtlsHelper::InstallPsk(m_clientNode, "client", frontKey);
    DtlsHelper::InstallPsk(m_phone, "client", frontKey);

    // The SSM
    m_ssm = CreateObject<SsmApplication>();
    m_ssm->SetAttribute("Security", StringValue("dtls"));
    m_ssm->SetAttribute("Port", UintegerValue(COAPS_PORT));
    m_ssm->SetDirectory(SsmDirectory::HealthCare());
    m_ssm->SetStartTime(Seconds(0));
    m_phone->AddApplication(m_ssm);

    // The sensors: servers, keys, members of the SSM's commander, proxied by the SSM
    for (uint32_t i = 0; i < m_sensors.size(); ++i)
    {
        Sensor& s = m_sensors[i];
        Ptr<CoapServerApplication> server = CreateObject<CoapServerApplication>();
        std::string path = GetSensorPath(s.name);
        server->AddSettableResource(path, "", {});
        uint16_t port = s.security == BackendSecurity::DTLS ? COAPS_PORT : COAP_PORT;
        server->SetAttribute("Port", UintegerValue(port));
        GroupMember member;
        member.name = s.name;
        member.address = Inet6SocketAddress(LlnHelper::GetGlobalAddress(s.device), port);
        member.security = s.security;
        if (s.security == BackendSecurity::DTLS)
        {
            dtls.InstallSocketFactory(s.node);
            server->GetBinding()->SetAttribute("SocketFactory",
                                               TypeIdValue(DtlsSocketFactory::GetTypeId()));
            member.pskIdentity = "phone@" + s.name;
            Bytes key = DtlsHelper::DeriveKey("health-backend", i);
            DtlsHelper::InstallPsk(s.node, member.pskIdentity, key);
            DtlsHelper::InstallPsk(m_phone, member.pskIdentity, key);
        }
        else if (s.security == BackendSecurity::OBJECT)
        {
            std::string secret = HexEncode(DtlsHelper::DeriveKey("health-oscore", i));
            OscoreParameters sensorSide;
            OscoreParameters phoneSide;
            std::string err;
            NS_ABORT_MSG_UNLESS(OscoreParameters::FromHex(secret, "", "01", "", sensorSide, &err),
                                err);
            NS_ABORT_MSG_UNLESS(OscoreParameters::FromHex(secret, "", "", "01", phoneSide, &err),
                                err);
            server->SetOscoreContext(std::make_shared<OscoreContext>(sensorSide));
            member.oscore = std::make_shared<OscoreContext>(phoneSide);
        }
        else
        {
            NS_LOG_WARN(s.name << " (Class " << s.deviceClass
                               << ") sends health data unprotected: the policy gives it none");
        }
        server->SetStartTime(Seconds(0));
        s.node->AddApplication(server);
        s.server = server;
        server->TraceConnectWithoutContext("Served",
                                           MakeCallback(+[](HealthCareHelper* self,
                                                            std::size_t index,
                                                            const std::string& p,
                                                            uint8_t method,
                                                            uint8_t) {
                                               Sensor& sensor = self->m_sensors[index];
                                               if (method == CoapCode::GET &&
                                                   p == GetSensorPath(sensor.name))
                                               {
                                                   ++sensor.served;
                                               }
                                           }).Bind(this, static_cast<std::size_t>(i)));
        m_ssm->GetCommander()->AddMember(member);
        m_ssm->AddProxiedResource(GetSsmPath(s.name), s.name, path);
        NS_LOG_INFO(s.name << ": " << s.profile << " (Class " << s.deviceClass
                           << "), health data (high sensitivity) -> "
                           << BackendSecurityName(s.security));
        Simulator::Schedule(Seconds(0), &HealthCareHelper::Sample, this, std::size_t(i));
    }
    m_ssm->TraceConnectWithoutContext(
        "ProxiedServed",
        MakeCallback(+[](HealthCareHelper* self, const std::string& path, Time age) {
            self->m_freshness.push_back(age.GetSeconds());
            std::size_t index = self->SensorOfPath(path);
            const SsmApplication::Proxied& px = self->m_ssm->GetProxied(path);
            Time t = self->SampleTime(index, px.value, px.updated);
            if (t != Time::Min())
            {
                self->m_sampleAge.push_back((Simulator::Now() - t).GetSeconds());
            }
        }).Bind(this));
    m_ssm->TraceConnectWithoutContext(
        "ProxiedUpdated",
        MakeCallback(+[](HealthCareHelper* self,
                         const std::string& path,
                         const std::string& value) {
            std::size_t index = self->SensorOfPath(path);
            const Sensor& s = self->m_sensors[index];
            NS_LOG_INFO(s.name << " -> SSM over " << BackendSecurityName(s.security) << ": '"
                               << value << "' (value "
                               << self->m_ssm->GetProxied(path).notifications << ")");
            Time t = self->SampleTime(index, value, Simulator::Now());
            if (t != Time::Min())
            {
                self->m_notificationLatency.push_back((Simulator::Now() - t).GetSeconds());
            }
        }).Bind(this));

    // The client: Fig. 3, then the reads
    CoapHelper coap;
    coap.SetBindingAttribute("SocketFactory", TypeIdValue(DtlsSocketFactory::GetTypeId()));
    coap.SetClientAttribute("Interval", TimeValue(Seconds(0)));
    ApplicationContainer apps =
        coap.InstallClient(m_clientNode, Inet6SocketAddress(phoneUplink, COAPS_PORT));
    m_client = DynamicCast<CoapClientApplication>(apps.Get(0));
    auto get = [](const std::string& p) {
        CoapClientStep step;
        step.kind = CoapClientStep::REQUEST;
        step.method = CoapCode::GET;
        step.path = p;
        return step;
    };
    auto wait = [](Time d) {
        CoapClientStep step;
        step.kind = CoapClientStep::WAIT;
        step.duration = d;
        return step;
    };
    m_client->AddStep(get("/.well-known/core"));
    m_client->AddStep(wait(m_stepInterval));
    m_client->AddStep(get("/hospital"));
    m_client->AddStep(wait(m_stepInterval));
    m_client->AddStep(get(GetSsmPath(HEART_RATE)));
    for (uint32_t r = 0; r < m_reads; ++r)
    {
        m_client->AddStep(wait(m_readInterval));
        m_client->AddStep(get(GetSsmPath(HEART_RATE)));
    }
    m_client->SetStartTime(m_clientStart);
    m_client->TraceConnectWithoutContext(
        "StepDone",
        MakeCallback(+[](HealthCareHelper* self, const CoapClientRecord& rec) {
            // Steps 0, 2, 4 are Fig. 3's (1), (2), (3); WAIT steps in between
            std::string label =
                rec.step <= 4 ? "Fig. 3 (" + std::to_string(rec.step / 2 + 1) + ")" : "read";
            NS_LOG_INFO(label << ": client GET " << rec.path << " -> "
                              << (rec.ok ? CoapCode::ToString(rec.code) + " '" + rec.payload + "'"
                                         : rec.error)
                              << " after " << rec.rtt.As(Time::MS));
            (void)self;
        }).Bind(this));

    m_air = CreateObject<AirTrafficMonitor>();
    m_air->Install(m_lrWpan);
    // The sockets exist once their applications have started
    Simulator::Schedule(NanoSeconds(1), &HealthCareHelper::ConnectSockets, this);
    Simulator::Schedule(m_clientStart + NanoSeconds(1), [this]() {
        m_client->GetBinding()->GetSocket()->TraceConnectWithoutContext(
            "HandshakeCompleted",
            MakeCallback(+[](HealthCareHelper* self, const Address&, const DtlsHandshakeStats& st) {
                if (self->m_clientHandshakes++ == 0)
                {
                    self->m_clientHandshakeDuration = st.duration;
                }
                NS_LOG_INFO("Fig. 3: the client's DTLS session with the SSM is up after "
                            << st.duration.As(Time::MS));
            }).Bind(this));
    });
    Simulator::Schedule(Seconds(0), &HealthCareHelper::WatchBody, this);
}

void
HealthCareHelper::ConnectSockets()
{
    for (std::size_t i = 0; i < m_sensors.size(); ++i)
    {
        Ptr<Socket> socket = m_sensors[i].server->GetBinding()->GetSocket();
        if (DynamicCast<DtlsSocket>(socket))
        {
            socket->TraceConnectWithoutContext("HandshakeCompleted",
                                               MakeCallback(+[](HealthCareHelper* self,
                                                                std::size_t index,
                                                                const Address&,
                                                                const DtlsHandshakeStats&) {
                                                   ++self->m_sensors[index].handshakes;
                                               }).Bind(this, i));
        }
    }
}

void
HealthCareHelper::WatchBody()
{
    Vector phone = m_phone->GetObject<MobilityModel>()->GetPosition();
    for (const Sensor& s : m_sensors)
    {
        m_maxBodyDistance =
            std::max(m_maxBodyDistance,
                     CalculateDistance(phone, s.node->GetObject<MobilityModel>()->GetPosition()));
    }
    Simulator::Schedule(Seconds(1), &HealthCareHelper::WatchBody, this);
}

std::string
HealthCareHelper::Draw(std::size_t index)
{
    std::ostringstream os;
    if (m_sensors[index].name == HEART_RATE)
    {
        os << std::llround(m_heartRate->GetValue()) << " bpm";
    }
    else
    {
        long systolic = std::lround(m_systolic->GetValue());
        long diastolic = std::lround(m_diastolic->GetValue());
        os << systolic << "/" << diastolic << " mmHg";
    }
    return os.str();
}

void
HealthCareHelper::Sample(std::size_t index)
{
    Sensor& s = m_sensors[index];
    std::string value = Draw(index);
    ++s.samples;
    s.history.emplace_back(Simulator::Now(), value);
    NS_LOG_LOGIC(s.name << " measures " << value);
    m_vitals(s.name, value);
    s.server->Update(GetSensorPath(s.name), value);
    // The first sample at start, the next after a phase in (0, period], then every period
    Time next = m_vitalsPeriod;
    if (s.samples == 1)
    {
        double period = m_vitalsPeriod.GetSeconds();
        next = Seconds(period - m_phase->GetValue(0, period));
    }
    Simulator::Schedule(next, &HealthCareHelper::Sample, this, index);
}

Time
HealthCareHelper::SampleTime(std::size_t index, const std::string& value, Time until) const
{
    const auto& h = m_sensors[index].history;
    for (auto it = h.rbegin(); it != h.rend(); ++it)
    {
        if (it->first <= until && it->second == value)
        {
            return it->first;
        }
    }
    return Time::Min();
}

std::size_t
HealthCareHelper::SensorOfPath(const std::string& path) const
{
    for (std::size_t i = 0; i < m_sensors.size(); ++i)
    {
        if (GetSsmPath(m_sensors[i].name) == path)
        {
            return i;
        }
    }
    NS_ABORT_MSG("HealthCareHelper: no sensor behind " << path);
    return 0;
}

int64_t
HealthCareHelper::AssignStreams(int64_t stream)
{
    NS_ABORT_MSG_UNLESS(m_installed, "HealthCareHelper::AssignStreams before Install");
    int64_t current = stream;
    for (const Ptr<RandomVariableStream>& rv : {m_heartRate, m_systolic, m_diastolic})
    {
        rv->SetStream(current++);
    }
    m_phase->SetStream(current++);
    current += m_patient->AssignStreams(current); // speed and direction
    current += m_lln.AssignStreams(current);
    if (m_erasure)
    {
        current += m_erasure->AssignStreams(current);
    }
    InternetStackHelper internet;
    NodeContainer all(m_phone, m_clientNode);
    for (const Sensor& s : m_sensors)
    {
        all.Add(s.node);
        current += s.server->AssignStreams(current);
    }
    current += internet.AssignStreams(all, current);
    current += m_ssm->AssignStreams(current);
    current += m_client->AssignStreams(current);
    return current - stream;
}

Time
HealthCareHelper::GetSuggestedDuration() const
{
    return m_clientStart + 2 * m_stepInterval + m_readInterval * m_reads + Seconds(10);
}

HealthCareHelper::Report
HealthCareHelper::GetReport() const
{
    NS_ABORT_MSG_UNLESS(m_installed, "HealthCareHelper::GetReport before Install");
    Report r;
    const std::vector<CoapClientRecord>& records = m_client->GetRecords();
    std::vector<const CoapClientRecord*> requests;
    for (const CoapClientRecord& rec : records)
    {
        if (rec.method != "WAIT")
        {
            requests.push_back(&rec);
        }
    }
    std::string* payloads[] = {&r.wellKnownCore, &r.hospital, &r.heartRate};
    double* latencies[] = {&r.wellKnownCoreLatency, &r.hospitalLatency, &r.heartRateLatency};
    for (std::size_t i = 0; i < 3; ++i)
    {
        bool done = i < requests.size() && requests[i]->ok;
        r.codes.push_back(done ? requests[i]->code : 0);
        *payloads[i] = done ? requests[i]->payload : "";
        *latencies[i] =
            done ? requests[i]->rtt.GetSeconds() : std::numeric_limits<double>::quiet_NaN();
    }
    for (std::size_t i = 2; i < requests.size(); ++i)
    {
        ++r.reads;
        if (requests[i]->ok && requests[i]->code == CoapCode::CONTENT)
        {
            ++r.readsSucceeded;
            r.readLatency.push_back(requests[i]->rtt.GetSeconds());
        }
    }
    r.clientHandshakes = m_clientHandshakes;
    r.clientHandshake = m_clientHandshakes ? m_clientHandshakeDuration.GetSeconds()
                                           : std::numeric_limits<double>::quiet_NaN();
    r.backendHandshakes = m_ssm->GetCommander()->GetHandshakes();
    r.freshness = m_freshness;
    r.sampleAge = m_sampleAge;
    r.notificationLatency = m_notificationLatency;
    r.llnFrames = m_air->GetTotalFrames();
    r.llnBytes = m_air->GetTotalBytes();
    NodeEnergy phone = NodeEnergyHelper::GetNodeEnergy(m_phone);
    r.phoneEnergy = phone.Total();
    r.phoneRadioEnergy = phone.radio;
    r.patientDistance = CalculateDistance(m_patient->GetPosition(), m_patientStart);
    r.maxBodyDistance = m_maxBodyDistance;
    for (const Sensor& s : m_sensors)
    {
        SensorReport sr;
        sr.name = s.name;
        sr.profile = s.profile;
        sr.deviceClass = s.deviceClass;
        sr.security = s.security;
        sr.samples = s.samples;
        sr.served = s.served;
        sr.notifications = m_ssm->GetProxied(GetSsmPath(s.name)).notifications;
        sr.handshakes = s.handshakes;
        if (auto ctx = s.server->GetOscoreContext())
        {
            sr.oscoreVerified = ctx->GetCounters().requestsVerified;
            sr.oscoreProtected = ctx->GetCounters().responsesProtected;
        }
        NodeEnergy e = NodeEnergyHelper::GetNodeEnergy(s.node);
        sr.energy = e.Total();
        sr.radioEnergy = e.radio;
        sr.cpuEnergy = e.cpu;
        sr.activeEnergy = e.radioFrames + e.cpu;
        sr.dutyCycle = e.DutyCycle();
        Ptr<RamModel> ram = NodeModelHelper::GetRam(s.node);
        sr.ramPeak = std::max(ram->GetPeakBytes(), ram->GetUsedBytes());
        r.sensors.push_back(sr);
    }
    return r;
}

Ptr<SsmApplication>
HealthCareHelper::GetSsm() const
{
    return m_ssm;
}

Ptr<CoapClientApplication>
HealthCareHelper::GetClient() const
{
    return m_client;
}

Ptr<Node>
HealthCareHelper::GetPhone() const
{
    return m_phone;
}

Ptr<Node>
HealthCareHelper::GetClientNode() const
{
    return m_clientNode;
}

std::vector<std::string>
HealthCareHelper::GetSensorNames() const
{
    return {HEART_RATE, BLOOD_PRESSURE};
}

Ptr<Node>
HealthCareHelper::GetSensor(const std::string& sensor) const
{
    return GetSensorServer(sensor)->GetNode();
}

Ptr<CoapServerApplication>
HealthCareHelper::GetSensorServer(const std::string& sensor) const
{
    for (const Sensor& s : m_sensors)
    {
        if (s.name == sensor)
        {
            return s.server;
        }
    }
    NS_ABORT_MSG("HealthCareHelper: no sensor '" << sensor << "' (Install first?)");
    return nullptr;
}

std::string
HealthCareHelper::GetSensorPath(const std::string& sensor)
{
    return "/" + sensor;
}

std::string
HealthCareHelper::GetSsmPath(const std::string& sensor)
{
    return "/information/" + sensor;
}

BackendSecurity
HealthCareHelper::GetSecurity(const std::string& sensor) const
{
    for (const Sensor& s : m_sensors)
    {
        if (s.name == sensor)
        {
            return s.security;
        }
    }
    NS_ABORT_MSG("HealthCareHelper: no sensor '" << sensor << "' (Install first?)");
    return BackendSecurity::NONE;
}

uint32_t
HealthCareHelper::GetDeviceClass(const std::string& sensor) const
{
    for (const Sensor& s : m_sensors)
    {
        if (s.name == sensor)
        {
            return s.deviceClass;
        }
    }
    NS_ABORT_MSG("HealthCareHelper: no sensor '" << sensor << "' (Install first?)");
    return 0;
}

Ptr<MobilityModel>
HealthCareHelper::GetPatientMobility() const
{
    return m_patient;
}

} // namespace ns3
