/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "bootstrap-server-application.h"

#include "ns3/coap-endpoint.h"
#include "ns3/coap-message.h"
#include "ns3/coap-socket-binding.h"
#include "ns3/dtls-psk-store.h"
#include "ns3/engine-executor.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/oob-net-device.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("BootstrapServerApplication");
NS_OBJECT_ENSURE_REGISTERED(BootstrapServerApplication);

TypeId
BootstrapServerApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::BootstrapServerApplication")
            .SetParent<BootstrapApplication>()
            .SetGroupName("Iotsec")
            .AddConstructor<BootstrapServerApplication>()
            .AddAttribute("MaxAge",
                          "Freshness window: a flight 2 whose time stamp is further than this "
                          "from the server's clock is refused (STALE).",
                          TimeValue(Seconds(30)),
                          MakeTimeAccessor(&BootstrapServerApplication::m_maxAge),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("MaxReplayEntries",
                          "Transactions remembered against replay (bounded; when it is full "
                          "of fresh entries new flights 2 are refused: TABLE_FULL).",
                          UintegerValue(256),
                          MakeUintegerAccessor(&BootstrapServerApplication::m_maxReplayEntries),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("CoapPort",
                          "The CoAP port of the /bs resource.",
                          UintegerValue(5683),
                          MakeUintegerAccessor(&BootstrapServerApplication::m_coapPort),
                          MakeUintegerChecker<uint16_t>(1));
    return tid;
}

BootstrapServerApplication::BootstrapServerApplication()
{
    m_coap = CreateObject<CoapSocketBinding>();
}

BootstrapServerApplication::~BootstrapServerApplication() = default;

void
BootstrapServerApplication::DoDispose()
{
    if (m_coap)
    {
        m_coap->Dispose();
        m_coap = nullptr;
    }
    BootstrapApplication::DoDispose();
}

int64_t
BootstrapServerApplication::AssignStreams(int64_t stream)
{
    int64_t used = BootstrapApplication::AssignStreams(stream);
    return used + m_coap->AssignStreams(stream + used);
}

void
BootstrapServerApplication::EnrolNode(const std::string& nodeId, const Bytes& initialKey)
{
    NS_ABORT_MSG_IF(nodeId.empty() || nodeId.size() > 64 || initialKey.size() != 16,
                    "BootstrapServerApplication::EnrolNode: an ID of 1 to 64 bytes and a "
                    "16-byte key are needed");
    m_nodes.emplace_back(nodeId, initialKey);
    if (m_engine)
    {
        m_engine->EnrolNode(nodeId, initialKey);
    }
}

void
BootstrapServerApplication::AddController(const std::string& controllerId, const Bytes& key)
{
    NS_ABORT_MSG_IF(controllerId.empty() || controllerId.size() > 64 || key.size() != 16,
                    "BootstrapServerApplication::AddController: an ID of 1 to 64 bytes and a "
                    "16-byte key are needed");
    m_controllers.emplace_back(controllerId, key);
    if (m_engine)
    {
        m_engine->AddController(controllerId, key);
    }
}

uint32_t
BootstrapServerApplication::GetAnswered() const
{
    return m_answered;
}

Ptr<CoapSocketBinding>
BootstrapServerApplication::GetCoapBinding() const
{
    return m_coap;
}

bool
BootstrapServerApplication::TalksToNodes() const
{
    return false;
}

void
BootstrapServerApplication::StartEngine()
{
    BootstrapServerConfig config;
    config.maxAge = m_maxAge;
    config.maxReplayEntries = m_maxReplayEntries;
    m_engine = std::make_unique<BootstrapServerEngine>(config, GetRandom());
    for (const auto& [id, key] : m_controllers)
    {
        m_engine->AddController(id, key);
    }
    for (const auto& [id, key] : m_nodes)
    {
        m_engine->EnrolNode(id, key);
    }
    m_coap->SetAttribute("Port", UintegerValue(m_coapPort));
    m_coap->Start(GetNode());

    CoapResource resource;
    resource.path = "/bs";
    resource.listed = false;
    // The handler lives in m_coap, which this application owns: a raw pointer, no cycle.
    BootstrapServerApplication* app = this;
    resource.handlers[CoapCode::POST] = [app](const CoapServerRequest& request,
                                              CoapServerResponse& response) {
        Ptr<BootstrapServerApplication> self(app);
        const Bytes& payload = request.message.GetPayload();
        BootstrapOutput out = self->m_engine->Receive(request.now, payload.data(), payload.size());
        CryptoWorkHook hook = self->m_coap->GetCryptoWorkHook();
        for (const CryptoWork& w : out.work)
        {
            hook(w);
        }
        Ptr<EngineExecutor> executor = self->m_coap->GetExecutor();
        for (const BootstrapEvent& e : out.events)
        {
            executor->Defer([self, e]() { self->HandleEvent(e); });
        }
        if (!out.sends.empty())
        {
            const BootstrapSend& s = out.sends.front();
            response.message.SetCode(CoapCode::CHANGED);
            response.message.SetPayload(s.bytes);
            executor->Defer([self, s]() {
                self->m_flightSent(s.nodeId, s.flight, s.bytes.size(), CARRIER_IN_BAND, false);
            });
            return;
        }
        uint8_t code = CoapCode::FORBIDDEN;
        for (const BootstrapEvent& e : out.events)
        {
            if (e.kind == BootstrapEvent::REJECTED)
            {
                if (e.reason == BootstrapReject::AUTH_FAILED)
                {
                    code = CoapCode::UNAUTHORIZED;
                }
                else if (e.reason == BootstrapReject::MALFORMED ||
                         e.reason == BootstrapReject::UNEXPECTED_TYPE)
                {
                    code = CoapCode::BAD_REQUEST;
                }
            }
        }
        response.message.SetCode(code);
    };
    m_coap->GetEndpoint().AddResource(resource);
}

void
BootstrapServerApplication::StopApplication()
{
    m_coap->Stop();
    BootstrapApplication::StopApplication();
}

Time
BootstrapServerApplication::GetEngineDeadline() const
{
    return m_engine ? m_engine->GetDeadline() : Time::Max();
}

BootstrapOutput
BootstrapServerApplication::EngineTimeout(Time now)
{
    return m_engine->OnTimeout(now);
}

void
BootstrapServerApplication::Received(const Bytes& data, Carrier carrier, const Address& from)
{
    (void)data;
    (void)carrier;
    (void)from; // the server hears controllers through CoAP only
}

void
BootstrapServerApplication::Transmit(const BootstrapSend& send)
{
    (void)send; // flight 3 is the CoAP response (see the /bs handler)
}

void
BootstrapServerApplication::HandleEvent(const BootstrapEvent& event)
{
    if (event.kind == BootstrapEvent::COMPLETED)
    {
        ++m_answered;
        GetPskStore()->SetPsk(event.nodeId, event.psk);
    }
    BootstrapApplication::HandleEvent(event);
}

} // namespace ns3
