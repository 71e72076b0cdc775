/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "coap-client-application.h"

#include "ns3/abort.h"
#include "ns3/address.h"
#include "ns3/boolean.h"
#include "ns3/coap-socket-binding.h"
#include "ns3/dtls-socket.h"
#include "ns3/enum.h"
#include "ns3/iotsec-compat.h"
#include "ns3/log.h"
#include "ns3/oscore-context.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <cstdlib>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoapClientApplication");

NS_OBJECT_ENSURE_REGISTERED(CoapClientApplication);

namespace
{

/// \param code a method code \return its name
std::string
MethodName(uint8_t code)
{
    switch (code)
    {
    case CoapCode::GET:
        return "GET";
    case CoapCode::POST:
        return "POST";
    case CoapCode::PUT:
        return "PUT";
    case CoapCode::DELETE:
        return "DELETE";
    default:
        return CoapCode::ToString(code);
    }
}

} // namespace

bool
CoapClientStep::ParseScript(const std::string& script,
                            std::vector<CoapClientStep>& steps,
                            std::string* error)
{
    std::istringstream entries(script);
    std::string entry;
    auto fail = [&](const std::string& why) {
        if (error)
        {
            *error = "'" + entry + "': " + why;
        }
        return false;
    };
    std::vector<CoapClientStep> out;
    while (std::getline(entries, entry, ';'))
    {
        std::istringstream words(entry);
        std::string verb;
        if (!(words >> verb))
        {
            continue;
        }
        CoapClientStep s;
        std::size_t bang = verb.find('!');
        if (bang != std::string::npos)
        {
            if (verb.substr(bang) != "!NON")
            {
                return fail("unknown suffix (only !NON)");
            }
            s.confirmable = false;
            verb = verb.substr(0, bang);
        }
        if (verb == "WAIT")
        {
            std::string d;
            if (!(words >> d) || !CoapParseDuration(d, s.duration))
            {
                return fail("WAIT needs a duration such as 5s");
            }
            s.kind = WAIT;
            out.push_back(s);
            continue;
        }
        if (!(words >> s.path) || s.path[0] != '/')
        {
            return fail("expected a path starting with /");
        }
        if (verb == "OBSERVE")
        {
            std::string d;
            if (!(words >> d) || !CoapParseDuration(d, s.duration))
            {
                return fail("OBSERVE needs a duration such as 30s");
            }
            s.kind = OBSERVE;
            s.method = CoapCode::GET;
            out.push_back(s);
            continue;
        }
        if (!CoapCode::FromString(verb, s.method) || !CoapCode::IsRequest(s.method))
        {
            return fail("unknown method '" + verb + "' (GET, PUT, POST, DELETE, OBSERVE, WAIT)");
        }
        std::string rest;
        std::getline(words, rest);
        std::size_t first = rest.find_first_not_of(" \t");
        rest = first == std::string::npos ? "" : rest.substr(first);
        while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t'))
        {
            rest.pop_back();
        }
        if (rest.size() > 1 && rest[0] == '@')
        {
            char* end = nullptr;
            unsigned long n = std::strtoul(rest.c_str() + 1, &end, 10);
            if (*end != '\0' || n == 0 || n > 16 * 1024 * 1024)
            {
                return fail("@N needs a size in bytes (1..16 MiB)");
            }
            rest.clear();
            for (unsigned long i = 0; i < n; ++i)
            {
                rest += static_cast<char>('A' + (i % 26));
            }
        }
        s.payload = rest;
        out.push_back(s);
    }
    steps = out;
    return true;
}

TypeId
CoapClientApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CoapClientApplication")
            .SetParent<Application>()
            .SetGroupName("Iotsec")
            .AddConstructor<CoapClientApplication>()
            .AddAttribute("Remote",
                          "The server's address and port (Inet6SocketAddress or "
                          "InetSocketAddress)",
                          AddressValue(),
                          MakeAddressAccessor(&CoapClientApplication::m_remote),
                          MakeAddressChecker())
            .AddAttribute("Script",
                          "Steps separated by ';': GET PATH, PUT PATH PAYLOAD (or @N bytes), "
                          "POST PATH PAYLOAD, DELETE PATH, OBSERVE PATH DURATION, WAIT "
                          "DURATION; METHOD!NON sends non-confirmable",
                          StringValue(""),
                          MakeStringAccessor(&CoapClientApplication::m_script),
                          MakeStringChecker())
            .AddAttribute("Interval",
                          "Time between the outcome of a step and the start of the next",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&CoapClientApplication::m_interval),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("ConnectFirst",
                          "Over coaps:// (a DtlsSocket), open the DTLS association with the "
                          "server at start and run the script once it is established (as "
                          "libcoap's delay queue does), so that CoAP's retransmission timer "
                          "does not run during the handshake. Ignored over coap://",
                          BooleanValue(false),
                          MakeBooleanAccessor(&CoapClientApplication::m_connectFirst),
                          MakeBooleanChecker())
            .AddAttribute("CloseWhenDone",
                          "Close the socket once every step has its outcome (a DTLS "
                          "association ends with a close_notify)",
                          BooleanValue(false),
                          MakeBooleanAccessor(&CoapClientApplication::m_closeWhenDone),
                          MakeBooleanChecker())
            .AddAttribute(
                "Security",
                "Security of the exchanges with the server: none (plain CoAP) or "
                "object (OSCORE, RFC 8613, keyed by OscoreMasterSecret)",
                EnumValue(COAP_SECURITY_NONE),
                iotsec_compat::MakeEnumAccessor<CoapSecurityMode>(
                    &CoapClientApplication::m_security),
                MakeEnumChecker(COAP_SECURITY_NONE, "none", COAP_SECURITY_OBJECT, "object"))
            .AddAttribute("OscoreMasterSecret",
                          "OSCORE Master Secret (the PSK), in hexadecimal",
                          StringValue(""),
                          MakeStringAccessor(&CoapClientApplication::m_masterSecret),
                          MakeStringChecker())
            .AddAttribute("OscoreMasterSalt",
                          "OSCORE Master Salt, in hexadecimal (empty: none)",
                          StringValue(""),
                          MakeStringAccessor(&CoapClientApplication::m_masterSalt),
                          MakeStringChecker())
            .AddAttribute("OscoreSenderId",
                          "OSCORE Sender ID of the client, in hexadecimal (0..7 bytes)",
                          StringValue(""),
                          MakeStringAccessor(&CoapClientApplication::m_senderId),
                          MakeStringChecker())
            .AddAttribute("OscoreRecipientId",
                          "OSCORE Recipient ID (the server's Sender ID), in hexadecimal",
                          StringValue("01"),
                          MakeStringAccessor(&CoapClientApplication::m_recipientId),
                          MakeStringChecker())
            .AddAttribute("OscoreReplayWindow",
                          "OSCORE Replay Window size (1..64)",
                          UintegerValue(32),
                          MakeUintegerAccessor(&CoapClientApplication::m_replayWindow),
                          MakeUintegerChecker<uint32_t>(1, 64))
            .AddTraceSource("StepDone",
                            "A step has its outcome (code, payload, RTT, retransmissions)",
                            MakeTraceSourceAccessor(&CoapClientApplication::m_recordTrace),
                            "ns3::CoapClientApplication::RecordTracedCallback")
            .AddTraceSource("Notification",
                            "An Observe notification arrived",
                            MakeTraceSourceAccessor(&CoapClientApplication::m_notificationTrace),
                            "ns3::CoapClientApplication::NotificationTracedCallback");
    return tid;
}

CoapClientApplication::CoapClientApplication()
    : m_next(0),
      m_observeId(0),
      m_running(false),
      m_connectFirst(false),
      m_closeWhenDone(false),
      m_connecting(false),
      m_security(COAP_SECURITY_NONE),
      m_replayWindow(32)
{
    NS_LOG_FUNCTION(this);
    m_binding = CreateObject<CoapSocketBinding>();
}

CoapClientApplication::~CoapClientApplication()
{
    NS_LOG_FUNCTION(this);
}

void
CoapClientApplication::DoDispose()
{
    Simulator::Cancel(m_event);
    Simulator::Cancel(m_closeEvent);
    if (m_binding)
    {
        m_binding->Dispose();
        m_binding = nullptr;
    }
    Application::DoDispose();
}

void
CoapClientApplication::AddStep(const CoapClientStep& step)
{
    m_steps.push_back(step);
}

void
CoapClientApplication::SetRemote(const Address& server)
{
    m_remote = server;
}

const std::vector<CoapClientRecord>&
CoapClientApplication::GetRecords() const
{
    return m_records;
}

const std::vector<CoapLink>&
CoapClientApplication::GetDiscoveredLinks() const
{
    return m_links;
}

bool
CoapClientApplication::IsDone() const
{
    return m_next >= m_steps.size() && m_records.size() == m_steps.size() && m_event.IsExpired() &&
           m_observeId == 0;
}

Ptr<CoapSocketBinding>
CoapClientApplication::GetBinding() const
{
    return m_binding;
}

void
CoapClientApplication::SetOscoreContext(std::shared_ptr<OscoreContext> context)
{
    m_oscore = std::move(context);
}

std::shared_ptr<OscoreContext>
CoapClientApplication::GetOscoreContext() const
{
    return m_oscore;
}

int64_t
CoapClientApplication::AssignStreams(int64_t stream)
{
    return m_binding->AssignStreams(stream);
}

void
CoapClientApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    std::vector<CoapClientStep> scripted;
    std::string error;
    NS_ABORT_MSG_UNLESS(CoapClientStep::ParseScript(m_script, scripted, &error),
                        "CoapClientApplication: invalid Script attribute: " << error);
    m_steps.insert(m_steps.begin(), scripted.begin(), scripted.end());
    m_script.clear(); // parsed once, even if the application is restarted
    NS_ABORT_MSG_IF(m_remote.IsInvalid(), "CoapClientApplication: no Remote address set");
    if (m_security == COAP_SECURITY_OBJECT && !m_oscore)
    {
        OscoreParameters p;
        p.replayWindow = m_replayWindow;
        NS_ABORT_MSG_UNLESS(OscoreParameters::FromHex(m_masterSecret,
                                                      m_masterSalt,
                                                      m_senderId,
                                                      m_recipientId,
                                                      p,
                                                      &error),
                            "CoapClientApplication: invalid OSCORE attributes: " << error);
        m_oscore = std::make_shared<OscoreContext>(p);
    }
    if (m_oscore)
    {
        m_binding->SetSecurity(m_remote, m_oscore);
    }
    m_running = true;
    m_binding->Start(GetNode());
    Ptr<DtlsSocket> dtls = DynamicCast<DtlsSocket>(m_binding->GetSocket());
    if (m_connectFirst && dtls && !dtls->IsEstablished(m_remote) && m_next < m_steps.size())
    {
        dtls->TraceConnectWithoutContext("HandshakeCompleted",
                                         MakeCallback(+[](CoapClientApplication* app,
                                                          const Address& peer,
                                                          const DtlsHandshakeStats&) {
                                             app->Connected(peer);
                                         }).Bind(this));
        dtls->TraceConnectWithoutContext("HandshakeFailed",
                                         MakeCallback(&CoapClientApplication::ConnectFailed, this));
        m_connecting = true;
        NS_ABORT_MSG_IF(
            dtls->Connect(m_remote) != 0,
            "CoapClientApplication: cannot connect to the server: " << dtls->GetErrno());
        return;
    }
    m_event = Simulator::ScheduleNow(&CoapClientApplication::NextStep, this);
}

void
CoapClientApplication::Connected(const Address& /* peer */)
{
    if (!m_connecting || !m_running)
    {
        return;
    }
    m_connecting = false;
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " DTLS association with the server is up");
    m_event = Simulator::ScheduleNow(&CoapClientApplication::NextStep, this);
}

void
CoapClientApplication::ConnectFailed(const Address& /* peer */, const std::string& reason)
{
    if (!m_connecting || !m_running)
    {
        return;
    }
    m_connecting = false;
    uint32_t index = m_next++;
    const CoapClientStep& s = m_steps[index];
    CoapClientRecord rec;
    rec.step = index;
    rec.path = s.path;
    rec.method = s.kind == CoapClientStep::OBSERVE ? "OBSERVE"
                 : s.kind == CoapClientStep::WAIT  ? "WAIT"
                                                   : MethodName(s.method);
    rec.start = Simulator::Now();
    rec.error = "transport: " + reason; // as a request failed by the transport
    m_records.push_back(rec);
    StepDone();
}

void
CoapClientApplication::Close()
{
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " every step is done: closing the socket");
    m_binding->Stop();
}

void
CoapClientApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_running = false;
    m_connecting = false;
    Simulator::Cancel(m_event);
    Simulator::Cancel(m_closeEvent);
    m_binding->Stop();
}

void
CoapClientApplication::NextStep()
{
    if (!m_running || m_next >= m_steps.size())
    {
        return;
    }
    uint32_t index = m_next++;
    const CoapClientStep& s = m_steps[index];
    CoapClientRecord rec;
    rec.step = index;
    rec.path = s.path;
    rec.start = Simulator::Now();
    if (s.kind == CoapClientStep::WAIT)
    {
        rec.method = "WAIT";
        rec.ok = true;
        m_records.push_back(rec);
        m_event = Simulator::Schedule(s.duration, &CoapClientApplication::NextStep, this);
        return;
    }
    rec.method = s.kind == CoapClientStep::OBSERVE ? "OBSERVE" : MethodName(s.method);
    m_records.push_back(rec);
    CoapMessage request;
    request.SetCode(s.method);
    request.SetUriPath(s.path);
    if (!s.payload.empty())
    {
        request.SetPayload(s.payload);
    }
    CoapRequestOptions options;
    options.confirmable = s.confirmable;
    options.observe = s.kind == CoapClientStep::OBSERVE;
    uint64_t id = m_binding->SendRequest(
        m_remote,
        request,
        [this, index](const CoapResult& r) { OnResult(r, index); },
        options);
    if (options.observe)
    {
        m_observeId = id;
    }
}

void
CoapClientApplication::StepDone()
{
    const CoapClientRecord& rec = m_records.back();
    NS_LOG_INFO(Simulator::Now().As(Time::S)
                << " step " << rec.step << " " << rec.method << " " << rec.path << " -> "
                << (rec.ok ? CoapCode::ToString(rec.code) : rec.error) << " rtt "
                << rec.rtt.As(Time::MS) << " retransmissions " << rec.retransmissions);
    m_recordTrace(rec);
    if (m_running && m_next < m_steps.size())
    {
        m_event = Simulator::Schedule(m_interval, &CoapClientApplication::NextStep, this);
    }
    else if (m_running && m_closeWhenDone && m_observeId == 0)
    {
        // after the step that delivered the outcome, not inside it
        m_closeEvent = Simulator::ScheduleNow(&CoapClientApplication::Close, this);
    }
}

void
CoapClientApplication::OnResult(const CoapResult& result, uint32_t index)
{
    if (m_records.empty() || m_records.back().step != index)
    {
        return;
    }
    CoapClientRecord& rec = m_records.back();
    const CoapClientStep& s = m_steps[index];
    bool first = rec.notifications == 0 && rec.code == 0 && !rec.ok;
    if (result.ok)
    {
        rec.code = result.response.GetCode();
        rec.payload = result.response.GetPayloadString();
    }
    if (first)
    {
        rec.ok = result.ok;
        rec.error = result.error;
        rec.rtt = result.rtt;
        rec.retransmissions = result.retransmissions;
        rec.blocks = result.blocks;
        rec.secured = result.secured;
        if (result.ok && s.path == "/.well-known/core" &&
            result.response.GetCode() == CoapCode::CONTENT)
        {
            std::string error;
            std::vector<CoapLink> links;
            if (CoapLinkFormat::Parse(rec.payload, links, &error))
            {
                m_links = links;
            }
            else
            {
                NS_LOG_WARN("malformed /.well-known/core: " << error);
            }
        }
    }
    else
    {
        rec.retransmissions += result.retransmissions;
    }
    if (result.notification)
    {
        ++rec.notifications;
        m_notificationTrace(s.path,
                            result.response.GetPayloadString(),
                            result.response.GetObserve().value_or(0));
        if (rec.notifications == 1)
        {
            m_event =
                Simulator::Schedule(s.duration, &CoapClientApplication::EndObserve, this, index);
        }
    }
    if (result.final)
    {
        if (m_observeId == result.requestId)
        {
            m_observeId = 0;
            Simulator::Cancel(m_event);
        }
        StepDone();
    }
}

void
CoapClientApplication::EndObserve(uint32_t index)
{
    (void)index;
    if (m_observeId != 0 && m_running)
    {
        m_binding->GetEndpoint().CancelObserve(Simulator::Now(), m_observeId, true);
    }
}

} // namespace ns3
