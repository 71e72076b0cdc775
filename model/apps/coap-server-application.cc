/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "coap-server-application.h"

#include "ns3/abort.h"
#include "ns3/coap-socket-binding.h"
#include "ns3/enum.h"
#include "ns3/iotsec-compat.h"
#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/oscore-context.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <cstdlib>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoapServerApplication");

NS_OBJECT_ENSURE_REGISTERED(CoapServerApplication);

TypeId
CoapServerApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CoapServerApplication")
            .SetParent<Application>()
            .SetGroupName("Iotsec")
            .AddConstructor<CoapServerApplication>()
            .AddAttribute("Port",
                          "UDP port the server listens on",
                          UintegerValue(5683),
                          MakeUintegerAccessor(&CoapServerApplication::m_port),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("Resources",
                          "Resources added at start: 'KIND PATH [VALUE] [ct=N] [rt=X] [if=X] "
                          "[title=X]' separated by ';', KIND one of static, settable, "
                          "observable (VALUE: period), large (VALUE: size in bytes)",
                          StringValue(""),
                          MakeStringAccessor(&CoapServerApplication::m_spec),
                          MakeStringChecker())
            .AddAttribute(
                "Security",
                "Security required from clients: none (plain CoAP) or object "
                "(OSCORE, RFC 8613, keyed by OscoreMasterSecret)",
                EnumValue(COAP_SECURITY_NONE),
                iotsec_compat::MakeEnumAccessor<CoapSecurityMode>(
                    &CoapServerApplication::m_security),
                MakeEnumChecker(COAP_SECURITY_NONE, "none", COAP_SECURITY_OBJECT, "object"))
            .AddAttribute("OscoreMasterSecret",
                          "OSCORE Master Secret (the PSK), in hexadecimal",
                          StringValue(""),
                          MakeStringAccessor(&CoapServerApplication::m_masterSecret),
                          MakeStringChecker())
            .AddAttribute("OscoreMasterSalt",
                          "OSCORE Master Salt, in hexadecimal (empty: none)",
                          StringValue(""),
                          MakeStringAccessor(&CoapServerApplication::m_masterSalt),
                          MakeStringChecker())
            .AddAttribute("OscoreSenderId",
                          "OSCORE Sender ID of the server, in hexadecimal (0..7 bytes)",
                          StringValue("01"),
                          MakeStringAccessor(&CoapServerApplication::m_senderId),
                          MakeStringChecker())
            .AddAttribute("OscoreRecipientId",
                          "OSCORE Recipient ID (the client's Sender ID), in hexadecimal",
                          StringValue(""),
                          MakeStringAccessor(&CoapServerApplication::m_recipientId),
                          MakeStringChecker())
            .AddAttribute("OscoreReplayWindow",
                          "OSCORE Replay Window size (1..64)",
                          UintegerValue(32),
                          MakeUintegerAccessor(&CoapServerApplication::m_replayWindow),
                          MakeUintegerChecker<uint32_t>(1, 64))
            .AddTraceSource("Served",
                            "A resource handler answered a request",
                            MakeTraceSourceAccessor(&CoapServerApplication::m_served),
                            "ns3::CoapServerApplication::ServedTracedCallback");
    return tid;
}

CoapServerApplication::CoapServerApplication()
    : m_port(5683),
      m_security(COAP_SECURITY_NONE),
      m_replayWindow(32)
{
    NS_LOG_FUNCTION(this);
    m_binding = CreateObject<CoapSocketBinding>();
}

CoapServerApplication::~CoapServerApplication()
{
    NS_LOG_FUNCTION(this);
}

void
CoapServerApplication::DoDispose()
{
    for (auto& [path, h] : m_hosted)
    {
        Simulator::Cancel(h.event);
    }
    if (m_binding)
    {
        m_binding->Dispose();
        m_binding = nullptr;
    }
    Application::DoDispose();
}

Ptr<CoapSocketBinding>
CoapServerApplication::GetBinding() const
{
    return m_binding;
}

void
CoapServerApplication::SetOscoreContext(std::shared_ptr<OscoreContext> context)
{
    m_oscore = std::move(context);
}

std::shared_ptr<OscoreContext>
CoapServerApplication::GetOscoreContext() const
{
    return m_oscore;
}

void
CoapServerApplication::AddOscorePeer(const Address& client, std::shared_ptr<OscoreContext> context)
{
    m_binding->SetSecurity(client, std::move(context));
}

int64_t
CoapServerApplication::AssignStreams(int64_t stream)
{
    return m_binding->AssignStreams(stream);
}

void
CoapServerApplication::Register(const std::string& path,
                                const Hosted& hosted,
                                std::vector<CoapLinkAttribute> attributes,
                                bool observable,
                                bool settable)
{
    NS_ABORT_MSG_IF(path.empty() || path[0] != '/',
                    "CoapServerApplication: resource path '" << path << "' must start with /");
    m_hosted[path] = hosted;
    bool hasCt = false;
    for (const auto& a : attributes)
    {
        hasCt = hasCt || a.name == "ct";
    }
    CoapLink link;
    link.attributes = attributes;
    if (!hasCt)
    {
        link.Add("ct", std::to_string(hosted.contentFormat));
    }
    CoapResource r;
    r.path = path;
    r.attributes = link.attributes;
    r.observable = observable;
    r.handlers[CoapCode::GET] = [this, path](const CoapServerRequest& req,
                                             CoapServerResponse& resp) {
        (void)req;
        Hosted& h = m_hosted[path];
        ++h.handled;
        resp.message.SetCode(CoapCode::CONTENT);
        resp.message.SetContentFormat(h.contentFormat);
        resp.message.SetPayload(h.value);
        m_served(path, CoapCode::GET, CoapCode::CONTENT);
    };
    if (settable)
    {
        r.handlers[CoapCode::PUT] = [this, path](const CoapServerRequest& req,
                                                 CoapServerResponse& resp) {
            Hosted& h = m_hosted[path];
            ++h.handled;
            auto ct = req.message.GetContentFormat();
            if (ct && *ct != h.contentFormat)
            {
                resp.message.SetCode(CoapCode::UNSUPPORTED_CONTENT_FORMAT);
                m_served(path, CoapCode::PUT, CoapCode::UNSUPPORTED_CONTENT_FORMAT);
                return;
            }
            h.value = req.message.GetPayloadString();
            resp.message.SetCode(CoapCode::CHANGED);
            m_served(path, CoapCode::PUT, CoapCode::CHANGED);
            // Observers of a settable resource learn the new value
            Simulator::ScheduleNow(&CoapServerApplication::Update, this, path, h.value);
        };
    }
    m_binding->GetEndpoint().AddResource(r);
}

void
CoapServerApplication::AddStaticResource(const std::string& path,
                                         const std::string& representation,
                                         uint16_t contentFormat,
                                         const std::vector<CoapLinkAttribute>& attributes)
{
    Hosted h{"static", representation, contentFormat, Time(0), 0, 0, EventId()};
    Register(path, h, attributes, false, false);
}

void
CoapServerApplication::AddSettableResource(const std::string& path,
                                           const std::string& initial,
                                           const std::vector<CoapLinkAttribute>& attributes)
{
    Hosted h{"settable", initial, 0, Time(0), 0, 0, EventId()};
    Register(path, h, attributes, true, true);
}

void
CoapServerApplication::AddObservableResource(const std::string& path,
                                             Time period,
                                             const std::vector<CoapLinkAttribute>& attributes)
{
    NS_ABORT_MSG_IF(period.IsStrictlyNegative(), "CoapServerApplication: negative period");
    Hosted h{"observable", "0 C", 0, period, 0, 0, EventId()};
    Register(path, h, attributes, true, false);
}

void
CoapServerApplication::AddLargeResource(const std::string& path,
                                        uint32_t size,
                                        const std::vector<CoapLinkAttribute>& attributes)
{
    std::string value;
    value.reserve(size);
    // A recognisable, position-dependent pattern: a block in the wrong place shows
    const char* alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (uint32_t i = 0; i < size; ++i)
    {
        value += alphabet[(i / 16 + i) % 36];
    }
    Hosted h{"large", value, 42, Time(0), 0, 0, EventId()}; // application/octet-stream
    Register(path, h, attributes, false, true);
}

void
CoapServerApplication::Update(const std::string& path, const std::string& value)
{
    auto it = m_hosted.find(path);
    NS_ABORT_MSG_IF(it == m_hosted.end(), "CoapServerApplication::Update: no resource " << path);
    it->second.value = value;
    m_binding->GetEndpoint().NotifyObservers(Simulator::Now(), path);
}

std::string
CoapServerApplication::GetValue(const std::string& path) const
{
    auto it = m_hosted.find(path);
    return it == m_hosted.end() ? std::string() : it->second.value;
}

uint32_t
CoapServerApplication::GetHandlerCount(const std::string& path) const
{
    auto it = m_hosted.find(path);
    return it == m_hosted.end() ? 0 : it->second.handled;
}

void
CoapServerApplication::Tick(std::string path)
{
    Hosted& h = m_hosted[path];
    ++h.updates;
    std::ostringstream os;
    os << (20 + h.updates % 10) << '.' << (h.updates % 10) << " C";
    Update(path, os.str());
    h.event = Simulator::Schedule(h.period, &CoapServerApplication::Tick, this, path);
}

bool
CoapServerApplication::AddResources(const std::string& spec, std::string* error)
{
    std::istringstream entries(spec);
    std::string entry;
    auto fail = [&](const std::string& why) {
        if (error)
        {
            *error = "'" + entry + "': " + why;
        }
        return false;
    };
    while (std::getline(entries, entry, ';'))
    {
        std::istringstream words(entry);
        std::string kind;
        std::string path;
        if (!(words >> kind))
        {
            continue; // empty entry
        }
        if (!(words >> path) || path[0] != '/')
        {
            return fail("expected a path starting with /");
        }
        std::vector<CoapLinkAttribute> attributes;
        std::string value;
        std::optional<uint16_t> ct;
        std::string word;
        while (words >> word)
        {
            std::size_t eq = word.find('=');
            std::string name = eq == std::string::npos ? "" : word.substr(0, eq);
            if (name == "ct" || name == "rt" || name == "if" || name == "title")
            {
                std::string v = word.substr(eq + 1);
                if (name == "ct")
                {
                    char* end = nullptr;
                    unsigned long n = std::strtoul(v.c_str(), &end, 10);
                    if (v.empty() || *end != '\0' || n > 65535)
                    {
                        return fail("ct must be a number in 0..65535");
                    }
                    ct = static_cast<uint16_t>(n);
                }
                CoapLink l;
                l.Add(name, v);
                attributes.push_back(l.attributes.front());
                continue;
            }
            value += (value.empty() ? "" : " ") + word;
        }
        if (kind == "static")
        {
            AddStaticResource(path, value, ct.value_or(0), attributes);
        }
        else if (kind == "settable")
        {
            AddSettableResource(path, value, attributes);
        }
        else if (kind == "observable")
        {
            Time period;
            if (!CoapParseDuration(value, period))
            {
                return fail("observable needs a period such as 5s");
            }
            AddObservableResource(path, period, attributes);
        }
        else if (kind == "large")
        {
            char* end = nullptr;
            unsigned long n = std::strtoul(value.c_str(), &end, 10);
            if (value.empty() || *end != '\0' || n == 0 || n > 16 * 1024 * 1024)
            {
                return fail("large needs a size in bytes (1..16 MiB)");
            }
            AddLargeResource(path, static_cast<uint32_t>(n), attributes);
        }
        else
        {
            return fail("unknown kind '" + kind + "' (static, settable, observable, large)");
        }
    }
    return true;
}

void
CoapServerApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    std::string error;
    NS_ABORT_MSG_UNLESS(AddResources(m_spec, &error),
                        "CoapServerApplication: invalid Resources attribute: " << error);
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
                            "CoapServerApplication: invalid OSCORE attributes: " << error);
        m_oscore = std::make_shared<OscoreContext>(p);
    }
    if (m_oscore)
    {
        m_binding->SetDefaultSecurity(m_oscore);
    }
    m_binding->SetAttribute("Port", UintegerValue(m_port));
    m_binding->Start(GetNode());
    for (auto& [path, h] : m_hosted)
    {
        if (h.kind == "observable" && h.period.IsStrictlyPositive())
        {
            h.event = Simulator::Schedule(h.period, &CoapServerApplication::Tick, this, path);
        }
    }
}

void
CoapServerApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    for (auto& [path, h] : m_hosted)
    {
        Simulator::Cancel(h.event);
    }
    m_binding->Stop();
}

} // namespace ns3
