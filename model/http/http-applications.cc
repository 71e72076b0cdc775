/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "http-applications.h"

#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/secure-element.h"
#include "ns3/simulator.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/tls-socket.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("HttpApplications");

NS_OBJECT_ENSURE_REGISTERED(HttpServerApplication);
NS_OBJECT_ENSURE_REGISTERED(HttpClientApplication);

namespace
{

/**
 * \param socket a socket
 * \return every byte it has for the application
 */
std::vector<uint8_t>
ReadAll(Ptr<Socket> socket)
{
    std::vector<uint8_t> bytes;
    while (Ptr<Packet> p = socket->Recv())
    {
        if (p->GetSize() == 0)
        {
            break;
        }
        std::size_t at = bytes.size();
        bytes.resize(at + p->GetSize());
        p->CopyData(bytes.data() + at, p->GetSize());
    }
    return bytes;
}

} // namespace

// ------------------------------------------------------------------------------------------
// Server
// ------------------------------------------------------------------------------------------

TypeId
HttpServerApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::HttpServerApplication")
            .SetParent<Application>()
            .SetGroupName("Iotsec")
            .AddConstructor<HttpServerApplication>()
            .AddAttribute("Port",
                          "Port to listen on (80; 443 for TLS).",
                          UintegerValue(80),
                          MakeUintegerAccessor(&HttpServerApplication::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("SocketFactory",
                          "The stream sockets' factory: ns3::TcpSocketFactory (HTTP) or "
                          "ns3::TlsSocketFactory (HTTPS; aggregated to the node, keys from its "
                          "attributes or the node's DtlsPskStore).",
                          TypeIdValue(TcpSocketFactory::GetTypeId()),
                          MakeTypeIdAccessor(&HttpServerApplication::m_factory),
                          MakeTypeIdChecker())
            .AddAttribute("SecureElement",
                          "HTTPS: the secure element the TLS server runs in (null: the host's "
                          "CPU). Needs ns3::TlsSocketFactory.",
                          PointerValue(),
                          MakePointerAccessor(&HttpServerApplication::m_se),
                          MakePointerChecker<SecureElement>())
            .AddAttribute("MaxPeers",
                          "Datagram sockets: peers whose streams are parsed at once.",
                          UintegerValue(64),
                          MakeUintegerAccessor(&HttpServerApplication::m_maxPeers),
                          MakeUintegerChecker<uint32_t>(1))
            .AddTraceSource("Exchange",
                            "A request was answered (request, response).",
                            MakeTraceSourceAccessor(&HttpServerApplication::m_exchange),
                            "ns3::HttpServerApplication::ExchangeTracedCallback");
    return tid;
}

HttpServerApplication::HttpServerApplication()
{
    NS_LOG_FUNCTION(this);
}

HttpServerApplication::~HttpServerApplication()
{
    NS_LOG_FUNCTION(this);
}

void
HttpServerApplication::DoDispose()
{
    m_listener = nullptr;
    m_parsers.clear();
    m_peers.clear();
    m_pending.clear();
    m_closeAfterFlush.clear();
    Application::DoDispose();
}

void
HttpServerApplication::AddResource(const std::string& path,
                                   const std::string& body,
                                   const std::string& contentType)
{
    m_resources[path] = {body, contentType};
}

std::string
HttpServerApplication::GetResource(const std::string& path) const
{
    auto it = m_resources.find(path);
    return it == m_resources.end() ? "" : it->second.body;
}

uint32_t
HttpServerApplication::GetRequests() const
{
    return m_requests;
}

uint32_t
HttpServerApplication::GetConnections() const
{
    return m_connections;
}

Ptr<Socket>
HttpServerApplication::GetSocket() const
{
    return m_listener;
}

void
HttpServerApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    m_listener = Socket::CreateSocket(GetNode(), m_factory);
    if (m_se)
    {
        NS_ABORT_MSG_UNLESS(m_factory == TlsSocketFactory::GetTypeId(),
                            "HttpServerApplication: a SecureElement needs ns3::TlsSocketFactory");
        m_listener->SetAttribute("SecureElement", PointerValue(m_se));
    }
    NS_ABORT_MSG_UNLESS(m_listener->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), m_port)) == 0 &&
                            m_listener->Listen() == 0,
                        "HttpServerApplication: cannot listen on port " << m_port);
    if (m_listener->GetSocketType() == Socket::NS3_SOCK_DGRAM)
    {
        m_listener->SetRecvCallback(MakeCallback(&HttpServerApplication::ReceiveDatagrams, this));
        return;
    }
    m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                  MakeCallback(&HttpServerApplication::Accepted, this));
}

void
HttpServerApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    if (m_listener)
    {
        m_listener->Close();
    }
    for (auto& p : m_parsers)
    {
        p.first->Close();
    }
}

void
HttpServerApplication::Accepted(Ptr<Socket> socket, const Address& from)
{
    NS_LOG_FUNCTION(this << socket << from);
    ++m_connections;
    m_parsers[socket] = std::make_unique<HttpParser>(HttpParser::REQUESTS);
    socket->SetRecvCallback(MakeCallback(&HttpServerApplication::Receive, this));
    socket->SetSendCallback(MakeCallback(&HttpServerApplication::Flush, this));
    socket->SetCloseCallbacks(MakeCallback(&HttpServerApplication::Closed, this),
                              MakeCallback(&HttpServerApplication::Closed, this));
}

void
HttpServerApplication::Receive(Ptr<Socket> socket)
{
    auto it = m_parsers.find(socket);
    if (it == m_parsers.end())
    {
        return;
    }
    HttpParser& parser = *it->second;
    std::vector<uint8_t> bytes = ReadAll(socket);
    parser.Feed(bytes.data(), bytes.size());
    HttpMessage request;
    while (parser.Pop(request))
    {
        HttpMessage response = Answer(request);
        bool close = !request.KeepsAlive();
        if (close)
        {
            response.SetField("Connection", "close");
        }
        ++m_requests;
        m_exchange(request, response);
        Write(socket, response.Serialize(request.GetMethod()));
        if (close)
        {
            m_closeAfterFlush[socket] = true;
            Flush(socket, 0);
            return;
        }
    }
    if (parser.IsFailed())
    {
        // answer with the parser's status and close: the stream cannot be resynchronized
        NS_LOG_INFO("malformed request: " << parser.GetError());
        HttpMessage error = HttpMessage::MakeResponse(parser.GetErrorStatus());
        error.SetField("Connection", "close");
        error.SetField("Content-Type", "text/plain;charset=utf-8");
        error.SetBody(parser.GetError());
        Write(socket, error.Serialize());
        m_closeAfterFlush[socket] = true;
        Flush(socket, 0);
    }
}

void
HttpServerApplication::ReceiveDatagrams(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> p = socket->RecvFrom(from))
    {
        auto it = m_peers.find(from);
        if (it == m_peers.end())
        {
            if (m_peers.size() >= m_maxPeers)
            {
                NS_LOG_WARN("HttpServerApplication: " << m_maxPeers << " peers already");
                continue;
            }
            it = m_peers.emplace(from, std::make_unique<HttpParser>(HttpParser::REQUESTS)).first;
            ++m_connections;
        }
        std::vector<uint8_t> bytes(p->GetSize());
        p->CopyData(bytes.data(), bytes.size());
        HttpParser& parser = *it->second;
        parser.Feed(bytes.data(), bytes.size());
        std::vector<uint8_t> out;
        HttpMessage request;
        bool close = false;
        while (!close && parser.Pop(request))
        {
            HttpMessage response = Answer(request);
            close = !request.KeepsAlive();
            if (close)
            {
                response.SetField("Connection", "close");
            }
            ++m_requests;
            m_exchange(request, response);
            std::vector<uint8_t> r = response.Serialize(request.GetMethod());
            out.insert(out.end(), r.begin(), r.end());
        }
        if (!close && parser.IsFailed())
        {
            HttpMessage error = HttpMessage::MakeResponse(parser.GetErrorStatus());
            error.SetField("Connection", "close");
            error.SetBody(parser.GetError());
            std::vector<uint8_t> r = error.Serialize();
            out.insert(out.end(), r.begin(), r.end());
            close = true;
        }
        for (std::size_t at = 0; at < out.size(); at += 16384)
        {
            std::size_t n = std::min<std::size_t>(16384, out.size() - at);
            socket->SendTo(Create<Packet>(out.data() + at, static_cast<uint32_t>(n)), 0, from);
        }
        if (close)
        {
            m_peers.erase(it); // the next bytes from this peer start a new stream
        }
    }
}

HttpMessage
HttpServerApplication::Answer(const HttpMessage& request)
{
    std::string path = request.GetTarget().substr(0, request.GetTarget().find('?'));
    const std::string& method = request.GetMethod();
    auto it = m_resources.find(path);
    if (method == "GET" || method == "HEAD")
    {
        if (it == m_resources.end())
        {
            return HttpMessage::MakeResponse(404);
        }
        HttpMessage r = HttpMessage::MakeResponse(200);
        r.SetField("Content-Type", it->second.contentType);
        if (method == "HEAD")
        {
            // no body, but the fields a GET would have had (RFC 9110, 9.3.2)
            r.SetField("Content-Length", std::to_string(it->second.body.size()));
        }
        else
        {
            r.SetBody(it->second.body);
        }
        return r;
    }
    if (method == "PUT")
    {
        bool created = it == m_resources.end();
        std::string type = request.GetField("Content-Type").value_or("application/octet-stream");
        m_resources[path] = {request.GetBodyString(), type};
        return HttpMessage::MakeResponse(created ? 201 : 204);
    }
    if (method == "DELETE")
    {
        if (it == m_resources.end())
        {
            return HttpMessage::MakeResponse(404);
        }
        m_resources.erase(it);
        return HttpMessage::MakeResponse(204);
    }
    HttpMessage r = HttpMessage::MakeResponse(405);
    r.SetField("Allow", "GET, HEAD, PUT, DELETE");
    return r;
}

void
HttpServerApplication::Write(Ptr<Socket> socket, const std::vector<uint8_t>& bytes)
{
    auto& pending = m_pending[socket];
    pending.insert(pending.end(), bytes.begin(), bytes.end());
    Flush(socket, 0);
}

void
HttpServerApplication::Flush(Ptr<Socket> socket, uint32_t /* available */)
{
    auto it = m_pending.find(socket);
    if (it == m_pending.end())
    {
        return;
    }
    auto& pending = it->second;
    while (!pending.empty())
    {
        uint32_t n =
            std::min<uint32_t>(socket->GetTxAvailable(), static_cast<uint32_t>(pending.size()));
        if (n == 0)
        {
            break;
        }
        int sent = socket->Send(Create<Packet>(pending.data(), n));
        if (sent <= 0)
        {
            break;
        }
        pending.erase(pending.begin(), pending.begin() + sent);
    }
    if (pending.empty() && m_closeAfterFlush[socket])
    {
        socket->Close();
        Closed(socket);
    }
}

void
HttpServerApplication::Closed(Ptr<Socket> socket)
{
    m_parsers.erase(socket);
    m_pending.erase(socket);
    m_closeAfterFlush.erase(socket);
}

// ------------------------------------------------------------------------------------------
// Client
// ------------------------------------------------------------------------------------------

TypeId
HttpClientApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::HttpClientApplication")
            .SetParent<Application>()
            .SetGroupName("Iotsec")
            .AddConstructor<HttpClientApplication>()
            .AddAttribute("Remote",
                          "The server's address and port.",
                          AddressValue(),
                          MakeAddressAccessor(&HttpClientApplication::m_remote),
                          MakeAddressChecker())
            .AddAttribute("SocketFactory",
                          "The stream socket's factory: ns3::TcpSocketFactory (HTTP) or "
                          "ns3::TlsSocketFactory (HTTPS).",
                          TypeIdValue(TcpSocketFactory::GetTypeId()),
                          MakeTypeIdAccessor(&HttpClientApplication::m_factory),
                          MakeTypeIdChecker())
            .AddTraceSource("Response",
                            "A response arrived (request, response, latency).",
                            MakeTraceSourceAccessor(&HttpClientApplication::m_response),
                            "ns3::HttpClientApplication::ResponseTracedCallback")
            .AddTraceSource("Failed",
                            "The connection failed or closed with requests left (reason).",
                            MakeTraceSourceAccessor(&HttpClientApplication::m_failed),
                            "ns3::TracedValueCallback::String");
    return tid;
}

HttpClientApplication::HttpClientApplication()
{
    NS_LOG_FUNCTION(this);
}

HttpClientApplication::~HttpClientApplication()
{
    NS_LOG_FUNCTION(this);
}

void
HttpClientApplication::DoDispose()
{
    m_socket = nullptr;
    Application::DoDispose();
}

void
HttpClientApplication::AddRequest(const HttpMessage& request)
{
    NS_ABORT_MSG_UNLESS(request.IsRequest(), "HttpClientApplication::AddRequest: not a request");
    m_queue.push_back(request);
}

const std::vector<HttpMessage>&
HttpClientApplication::GetResponses() const
{
    return m_responses;
}

uint32_t
HttpClientApplication::GetFailures() const
{
    return m_failures;
}

Time
HttpClientApplication::GetConnectedAt() const
{
    return m_connectedAt;
}

void
HttpClientApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(m_remote.IsInvalid(), "HttpClientApplication: set Remote");
    m_parser = std::make_unique<HttpParser>(HttpParser::RESPONSES);
    m_socket = Socket::CreateSocket(GetNode(), m_factory);
    if (Inet6SocketAddress::IsMatchingType(m_remote))
    {
        m_socket->Bind6();
    }
    else
    {
        m_socket->Bind();
    }
    m_socket->SetConnectCallback(MakeCallback(&HttpClientApplication::Connected, this),
                                 MakeCallback(&HttpClientApplication::ConnectFailed, this));
    m_socket->SetRecvCallback(MakeCallback(&HttpClientApplication::Receive, this));
    m_socket->SetCloseCallbacks(MakeCallback(&HttpClientApplication::Closed, this),
                                MakeCallback(&HttpClientApplication::Closed, this));
    m_socket->Connect(m_remote);
}

void
HttpClientApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    if (m_socket)
    {
        m_socket->Close();
    }
}

void
HttpClientApplication::Connected(Ptr<Socket>)
{
    m_connectedAt = Simulator::Now();
    SendNext();
}

void
HttpClientApplication::ConnectFailed(Ptr<Socket>)
{
    FailRemaining("connection failed");
}

void
HttpClientApplication::Closed(Ptr<Socket>)
{
    m_parser->FeedEnd(); // a close-delimited response ends here
    HttpMessage response;
    if (m_waiting && m_parser->Pop(response))
    {
        m_waiting = false;
        m_responses.push_back(response);
        m_response(m_inFlight, response, Simulator::Now() - m_sentAt);
    }
    FailRemaining("connection closed");
}

void
HttpClientApplication::SendNext()
{
    if (m_waiting || m_queue.empty() || !m_socket)
    {
        return;
    }
    m_inFlight = m_queue.front();
    m_queue.pop_front();
    m_parser->ExpectResponse(m_inFlight.GetMethod());
    std::vector<uint8_t> bytes = m_inFlight.Serialize();
    m_socket->Send(Create<Packet>(bytes.data(), bytes.size()));
    m_sentAt = Simulator::Now();
    m_waiting = true;
}

void
HttpClientApplication::Receive(Ptr<Socket> socket)
{
    std::vector<uint8_t> bytes = ReadAll(socket);
    m_parser->Feed(bytes.data(), bytes.size());
    HttpMessage response;
    while (m_parser->Pop(response))
    {
        m_waiting = false;
        m_responses.push_back(response);
        m_response(m_inFlight, response, Simulator::Now() - m_sentAt);
        SendNext();
    }
    if (m_parser->IsFailed())
    {
        FailRemaining("malformed response: " + m_parser->GetError());
        m_socket->Close();
    }
}

void
HttpClientApplication::FailRemaining(const std::string& why)
{
    uint32_t left = static_cast<uint32_t>(m_queue.size()) + (m_waiting ? 1 : 0);
    if (left == 0)
    {
        return;
    }
    NS_LOG_INFO(left << " requests failed: " << why);
    m_failures += left;
    m_queue.clear();
    m_waiting = false;
    m_failed(why);
}

} // namespace ns3
