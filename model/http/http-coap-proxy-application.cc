/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "http-coap-proxy-application.h"

#include "ns3/coap-socket-binding.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("HttpCoapProxyApplication");

NS_OBJECT_ENSURE_REGISTERED(HttpCoapProxyApplication);

TypeId
HttpCoapProxyApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::HttpCoapProxyApplication")
            .SetParent<Application>()
            .SetGroupName("Iotsec")
            .AddConstructor<HttpCoapProxyApplication>()
            .AddAttribute("Port",
                          "HTTP port (80; 443 with TLS).",
                          UintegerValue(80),
                          MakeUintegerAccessor(&HttpCoapProxyApplication::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("HttpSocketFactory",
                          "The HTTP side's stream sockets: ns3::TcpSocketFactory or "
                          "ns3::TlsSocketFactory (the proxy terminates TLS).",
                          TypeIdValue(TcpSocketFactory::GetTypeId()),
                          MakeTypeIdAccessor(&HttpCoapProxyApplication::m_httpFactory),
                          MakeTypeIdChecker())
            .AddAttribute("CoapSocketFactory",
                          "The CoAP side's datagram sockets: ns3::UdpSocketFactory or "
                          "ns3::DtlsSocketFactory (the proxy's own DTLS sessions to the nodes).",
                          TypeIdValue(UdpSocketFactory::GetTypeId()),
                          MakeTypeIdAccessor(&HttpCoapProxyApplication::m_coapFactory),
                          MakeTypeIdChecker())
            .AddAttribute("FixedHost",
                          "CoAP server of requests whose target is a plain path (RFC 8075's "
                          "null mapping): an IPv6 literal without brackets. Empty: 404.",
                          StringValue(""),
                          MakeStringAccessor(&HttpCoapProxyApplication::m_fixedHost),
                          MakeStringChecker())
            .AddAttribute("FixedPort",
                          "Its CoAP port.",
                          UintegerValue(5683),
                          MakeUintegerAccessor(&HttpCoapProxyApplication::m_fixedPort),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("HcPath",
                          "RFC 8075's HC proxy path: /hc/coap://[host]/path targets a CoAP URI.",
                          StringValue("/hc/"),
                          MakeStringAccessor(&HttpCoapProxyApplication::m_hcPath),
                          MakeStringChecker())
            .AddTraceSource("Proxied",
                            "A request was answered (HTTP request, HTTP response, the CoAP "
                            "response code or 0).",
                            MakeTraceSourceAccessor(&HttpCoapProxyApplication::m_proxied),
                            "ns3::HttpCoapProxyApplication::ProxiedTracedCallback");
    return tid;
}

HttpCoapProxyApplication::HttpCoapProxyApplication()
{
    NS_LOG_FUNCTION(this);
}

HttpCoapProxyApplication::~HttpCoapProxyApplication()
{
    NS_LOG_FUNCTION(this);
}

void
HttpCoapProxyApplication::DoDispose()
{
    m_listener = nullptr;
    m_connections.clear();
    if (m_binding)
    {
        m_binding->Dispose();
        m_binding = nullptr;
    }
    Application::DoDispose();
}

Ptr<CoapSocketBinding>
HttpCoapProxyApplication::GetBinding() const
{
    return m_binding;
}

uint64_t
HttpCoapProxyApplication::GetPlaintextBytes() const
{
    return m_plaintext;
}

uint32_t
HttpCoapProxyApplication::GetRequests() const
{
    return m_requests;
}

void
HttpCoapProxyApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    m_binding = CreateObject<CoapSocketBinding>();
    m_binding->SetAttribute("SocketFactory", TypeIdValue(m_coapFactory));
    m_binding->Start(GetNode());
    m_listener = Socket::CreateSocket(GetNode(), m_httpFactory);
    NS_ABORT_MSG_UNLESS(m_listener->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), m_port)) == 0 &&
                            m_listener->Listen() == 0,
                        "HttpCoapProxyApplication: cannot listen on port " << m_port);
    m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                  MakeCallback(&HttpCoapProxyApplication::Accepted, this));
}

void
HttpCoapProxyApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    if (m_listener)
    {
        m_listener->Close();
    }
    for (auto& c : m_connections)
    {
        c.first->Close();
    }
    if (m_binding)
    {
        m_binding->Stop();
    }
}

void
HttpCoapProxyApplication::Accepted(Ptr<Socket> socket, const Address& from)
{
    NS_LOG_FUNCTION(this << socket << from);
    Connection& c = m_connections[socket];
    c.parser = std::make_unique<HttpParser>(HttpParser::REQUESTS);
    socket->SetRecvCallback(MakeCallback(&HttpCoapProxyApplication::Receive, this));
    socket->SetSendCallback(MakeCallback(&HttpCoapProxyApplication::Flush, this));
    socket->SetCloseCallbacks(MakeCallback(&HttpCoapProxyApplication::Closed, this),
                              MakeCallback(&HttpCoapProxyApplication::Closed, this));
}

void
HttpCoapProxyApplication::Receive(Ptr<Socket> socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
    {
        return;
    }
    while (Ptr<Packet> p = socket->Recv())
    {
        if (p->GetSize() == 0)
        {
            break;
        }
        std::vector<uint8_t> bytes(p->GetSize());
        p->CopyData(bytes.data(), bytes.size());
        m_plaintext += bytes.size(); // the proxy reads the request in the clear
        it->second.parser->Feed(bytes.data(), bytes.size());
    }
    HttpMessage request;
    while (it->second.parser->Pop(request))
    {
        Handle(socket, request);
        if (m_connections.find(socket) == m_connections.end())
        {
            return;
        }
    }
    if (it->second.parser->IsFailed() && !it->second.closing)
    {
        auto slot = std::make_shared<Slot>();
        it->second.slots.push_back(slot);
        HttpMessage error = HttpCoapMapping::MakeErrorResponse(it->second.parser->GetErrorStatus(),
                                                               it->second.parser->GetError());
        error.SetField("Connection", "close");
        Answer(socket, slot, HttpMessage::MakeRequest("GET", "/"), error, 0);
    }
}

void
HttpCoapProxyApplication::Handle(Ptr<Socket> socket, const HttpMessage& request)
{
    Connection& c = m_connections[socket];
    auto slot = std::make_shared<Slot>();
    slot->close = !request.KeepsAlive();
    c.slots.push_back(slot);
    HttpCoapMapping::Config config;
    config.hcPath = m_hcPath;
    config.fixedHost = m_fixedHost;
    config.fixedPort = m_fixedPort;
    HttpCoapMapping::HttpToCoap mapped = HttpCoapMapping::MapHttpRequest(request, config);
    if (!mapped.ok)
    {
        Answer(socket,
               slot,
               request,
               HttpCoapMapping::MakeErrorResponse(mapped.status, mapped.error, request.GetMethod()),
               0);
        return;
    }
    std::string key = mapped.target.host.find(':') != std::string::npos
                          ? "[" + mapped.target.host + "]:" + std::to_string(mapped.target.port)
                          : mapped.target.host + ":" + std::to_string(mapped.target.port);
    Address peer;
    if (!mapped.target.hostIsIp || !CoapSocketBinding::PeerAddress(key, peer))
    {
        Answer(socket,
               slot,
               request,
               HttpCoapMapping::MakeErrorResponse(502,
                                                  "cannot resolve " + mapped.target.host,
                                                  request.GetMethod()),
               0);
        return;
    }
    m_plaintext += mapped.coap.GetSerializedSize(); // built in the clear
    Ptr<HttpCoapProxyApplication> self = this;
    m_binding->SendRequest(
        peer,
        mapped.coap,
        [self, socket, slot, request, mapped](const CoapResult& r) {
            if (!r.final && !r.ok)
            {
                return;
            }
            if (!r.ok)
            {
                uint16_t status = r.error == "timeout" ? 504 : 502;
                self->Answer(socket,
                             slot,
                             request,
                             HttpCoapMapping::MakeErrorResponse(status,
                                                                "CoAP request failed: " + r.error,
                                                                request.GetMethod()),
                             0);
                return;
            }
            self->m_plaintext += r.response.GetSerializedSize(); // read in the clear
            self->Answer(socket,
                         slot,
                         request,
                         HttpCoapMapping::MapCoapResponse(r.response, mapped),
                         r.response.GetCode());
        });
}

void
HttpCoapProxyApplication::Answer(Ptr<Socket> socket,
                                 const std::shared_ptr<Slot>& slot,
                                 const HttpMessage& request,
                                 HttpMessage response,
                                 uint8_t coapCode)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end() || slot->ready)
    {
        return; // the connection closed meanwhile
    }
    if (slot->close)
    {
        response.SetField("Connection", "close");
    }
    slot->bytes = response.Serialize(request.GetMethod());
    slot->ready = true;
    m_plaintext += slot->bytes.size(); // written in the clear before TLS protects it
    ++m_requests;
    m_proxied(request, response, coapCode);
    Connection& c = it->second;
    // responses leave in the order their requests came
    while (!c.slots.empty() && c.slots.front()->ready)
    {
        auto& front = c.slots.front();
        c.pending.insert(c.pending.end(), front->bytes.begin(), front->bytes.end());
        c.closing |= front->close || response.HasConnectionOption("close");
        c.slots.pop_front();
    }
    Flush(socket, 0);
}

void
HttpCoapProxyApplication::Flush(Ptr<Socket> socket, uint32_t /* available */)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
    {
        return;
    }
    Connection& c = it->second;
    while (!c.pending.empty())
    {
        uint32_t n =
            std::min<uint32_t>(socket->GetTxAvailable(), static_cast<uint32_t>(c.pending.size()));
        if (n == 0)
        {
            break;
        }
        int sent = socket->Send(Create<Packet>(c.pending.data(), n));
        if (sent <= 0)
        {
            break;
        }
        c.pending.erase(c.pending.begin(), c.pending.begin() + sent);
    }
    if (c.pending.empty() && c.closing && c.slots.empty())
    {
        socket->Close();
        m_connections.erase(it);
    }
}

void
HttpCoapProxyApplication::Closed(Ptr<Socket> socket)
{
    m_connections.erase(socket);
}

} // namespace ns3
