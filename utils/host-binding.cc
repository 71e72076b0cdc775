/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "host-binding.h"

#include "ns3/log.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <netdb.h>
#include <poll.h>
#include <unistd.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IotsecHostBinding");

Time
HostNow()
{
    static const auto start = std::chrono::steady_clock::now();
    return NanoSeconds(std::chrono::duration_cast<std::chrono::nanoseconds>(
                           std::chrono::steady_clock::now() - start)
                           .count());
}

bool
HostParseEndpoint(const std::string& text, sockaddr_storage& out, socklen_t& len)
{
    std::memset(&out, 0, sizeof(out));
    std::string host;
    std::string port;
    if (!text.empty() && text[0] == '[')
    {
        std::size_t close = text.find("]:");
        if (close == std::string::npos)
        {
            return false;
        }
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    }
    else
    {
        std::size_t colon = text.rfind(':');
        if (colon == std::string::npos)
        {
            return false;
        }
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
    }
    char* end = nullptr;
    long p = std::strtol(port.c_str(), &end, 10);
    if (port.empty() || *end != '\0' || p <= 0 || p > 65535)
    {
        return false;
    }
    auto* v4 = reinterpret_cast<sockaddr_in*>(&out);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&out);
    if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1)
    {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(static_cast<uint16_t>(p));
        len = sizeof(sockaddr_in);
        return true;
    }
    if (inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1)
    {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(static_cast<uint16_t>(p));
        len = sizeof(sockaddr_in6);
        return true;
    }
    // A host name: its first address
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;
    addrinfo* found = nullptr;
    if (host.empty() || getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0 || !found)
    {
        return false;
    }
    std::memcpy(&out, found->ai_addr, found->ai_addrlen);
    len = static_cast<socklen_t>(found->ai_addrlen);
    freeaddrinfo(found);
    return true;
}

std::string
HostPeerKey(const sockaddr_storage& address)
{
    char buf[INET6_ADDRSTRLEN] = {0};
    if (address.ss_family == AF_INET)
    {
        const auto* v4 = reinterpret_cast<const sockaddr_in*>(&address);
        inet_ntop(AF_INET, &v4->sin_addr, buf, sizeof(buf));
        return std::string(buf) + ":" + std::to_string(ntohs(v4->sin_port));
    }
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&address);
    inet_ntop(AF_INET6, &v6->sin6_addr, buf, sizeof(buf));
    return "[" + std::string(buf) + "]:" + std::to_string(ntohs(v6->sin6_port));
}

std::string
HostDescribeDtlsEvent(const DtlsEvent& e)
{
    switch (e.type)
    {
    case DtlsEvent::HANDSHAKE_STARTED:
        return "handshake started";
    case DtlsEvent::FLIGHT_SENT:
        return "flight " + std::to_string(e.flight) + " sent (" + std::to_string(e.bytes) +
               " bytes" + (e.retransmission ? ", retransmission)" : ")");
    case DtlsEvent::HANDSHAKE_COMPLETE:
        return std::string("handshake complete") + (e.stats.resumed ? " (resumed)" : "") + ", " +
               std::to_string(e.stats.flights) + " flights" +
               (e.stats.finishedChecks > 0
                    ? ", " + std::to_string(e.stats.finishedChecks) + " Finished check" +
                          (e.stats.finishedChecks > 1 ? "s" : "") +
                          (e.stats.mappedTlsPeer ? " (TLS peer)" : " (DTLS peer)")
                    : std::string());
    case DtlsEvent::HANDSHAKE_FAILED:
        return "handshake failed: " + e.reason;
    case DtlsEvent::HANDSHAKE_RESTARTED:
        return "handshake restarted";
    case DtlsEvent::RECORD_REJECTED:
        return "record rejected: " + DtlsRejectReasonName(e.rejectReason);
    case DtlsEvent::ALERT_SENT:
        return "alert sent: " + dtls::AlertName(e.alertDescription);
    case DtlsEvent::ALERT_RECEIVED:
        return "alert received: " + dtls::AlertName(e.alertDescription);
    case DtlsEvent::CLOSED:
        return "closed " + e.reason;
    case DtlsEvent::APP_DATA_SENT:
        return "sent " + std::to_string(e.bytes) + " bytes of data";
    case DtlsEvent::APP_DATA_RECEIVED:
        return "received " + std::to_string(e.bytes) + " bytes of data";
    case DtlsEvent::SESSION_REFUSED:
        return "association refused";
    case DtlsEvent::HELLO_VERIFY_SENT:
        return "HelloVerifyRequest sent";
    case DtlsEvent::SESSION_INVALIDATED:
        return "session not resumed: " + e.reason;
    case DtlsEvent::ATTACK_DETECTED:
        return "attack detected: " + e.reason;
    }
    return "event";
}

// ------------------------------------------------------------------------------------------
// HostSinglePsk
// ------------------------------------------------------------------------------------------

HostSinglePsk::HostSinglePsk(const Bytes& identity, const Bytes& key)
    : m_identity(identity),
      m_key(key)
{
}

bool
HostSinglePsk::LookupPsk(const Bytes& identity, Bytes& key) const
{
    if (identity != m_identity)
    {
        return false;
    }
    key = m_key;
    return true;
}

// ------------------------------------------------------------------------------------------
// HostTransport
// ------------------------------------------------------------------------------------------

HostTransport::~HostTransport()
{
    if (m_fd >= 0)
    {
        ::close(m_fd);
    }
}

bool
HostTransport::Open(const std::string& text, bool connectToIt)
{
    sockaddr_storage address;
    socklen_t len;
    if (!HostParseEndpoint(text, address, len))
    {
        return SetError("not HOST:PORT or [HOST]:PORT with a known host: '" + text + "'");
    }
    if (m_fd >= 0)
    {
        return SetError("the socket is already open");
    }
    m_fd = ::socket(address.ss_family, SOCK_DGRAM, 0);
    if (m_fd < 0)
    {
        return SetError(std::string("socket: ") + std::strerror(errno));
    }
    if (connectToIt)
    {
        if (::connect(m_fd, reinterpret_cast<sockaddr*>(&address), len) != 0)
        {
            return SetError("cannot connect to " + text + ": " + std::strerror(errno));
        }
        m_remoteKey = HostPeerKey(address);
        m_peers[m_remoteKey] = {address, len};
        return true;
    }
    if (address.ss_family == AF_INET6)
    {
        int off = 0; // "[::]:PORT" takes IPv4 peers too
        ::setsockopt(m_fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
    }
    if (::bind(m_fd, reinterpret_cast<sockaddr*>(&address), len) != 0)
    {
        return SetError("cannot bind " + text + ": " + std::strerror(errno));
    }
    return true;
}

bool
HostTransport::Bind(const std::string& local)
{
    return Open(local, false);
}

bool
HostTransport::Connect(const std::string& remote)
{
    return Open(remote, true);
}

const std::string&
HostTransport::GetRemoteKey() const
{
    return m_remoteKey;
}

const std::string&
HostTransport::GetError() const
{
    return m_error;
}

bool
HostTransport::IsUnreachable() const
{
    return m_unreachable;
}

void
HostTransport::SetReceiver(Receiver receiver)
{
    m_receiver = std::move(receiver);
}

void
HostTransport::SetFailureHandler(FailureHandler handler)
{
    m_failure = std::move(handler);
}

bool
HostTransport::SetError(const std::string& error)
{
    NS_LOG_LOGIC(error);
    m_error = error;
    return false;
}

bool
HostTransport::SendDatagram(const std::string& peer, const Bytes& datagram)
{
    ssize_t n;
    if (!m_remoteKey.empty() && peer == m_remoteKey)
    {
        n = ::send(m_fd, datagram.data(), datagram.size(), 0);
    }
    else
    {
        auto it = m_peers.find(peer);
        if (it == m_peers.end())
        {
            return SetError("no address for peer " + peer);
        }
        n = ::sendto(m_fd,
                     datagram.data(),
                     datagram.size(),
                     0,
                     reinterpret_cast<const sockaddr*>(&it->second.first),
                     it->second.second);
    }
    if (n < 0)
    {
        if (errno == ECONNREFUSED && !m_remoteKey.empty())
        {
            m_unreachable = true;
            Fail(m_remoteKey, "unreachable");
        }
        return SetError("send to " + peer + ": " + std::strerror(errno));
    }
    return true;
}

void
HostTransport::Deliver(const std::string& peer, const Bytes& data)
{
    if (m_receiver)
    {
        m_receiver(peer, data);
    }
}

void
HostTransport::Fail(const std::string& peer, const std::string& why)
{
    m_failed.emplace_back(peer, why);
}

Time
HostTransport::GetDeadline() const
{
    return Time::Max();
}

void
HostTransport::RunDeadlines(Time now)
{
    (void)now;
}

void
HostTransport::Poll(Time until)
{
    Time now = HostNow();
    Time wake = std::min(until, GetDeadline());
    int timeoutMs = 0;
    if (wake > now)
    {
        timeoutMs = static_cast<int>(std::min<int64_t>((wake - now).GetMilliSeconds() + 1, 1000));
    }
    pollfd p{m_fd, POLLIN, 0};
    if (m_fd >= 0 && ::poll(&p, 1, timeoutMs) > 0 && (p.revents & (POLLIN | POLLERR)))
    {
        uint8_t buf[65536];
        sockaddr_storage from;
        socklen_t fromLen = sizeof(from);
        ssize_t n =
            ::recvfrom(m_fd, buf, sizeof(buf), 0, reinterpret_cast<sockaddr*>(&from), &fromLen);
        if (n >= 0)
        {
            std::string key = HostPeerKey(from);
            m_peers.emplace(key, std::make_pair(from, fromLen));
            ReceiveDatagram(HostNow(), key, Bytes(buf, buf + n));
        }
        else if (errno == ECONNREFUSED && !m_remoteKey.empty())
        {
            // The ICMP port unreachable of a datagram sent earlier
            m_unreachable = true;
            SetError(m_remoteKey + " is unreachable (" + std::strerror(errno) + ")");
            Fail(m_remoteKey, "unreachable");
        }
    }
    else if (m_fd < 0 && timeoutMs > 0)
    {
        ::poll(nullptr, 0, timeoutMs);
    }
    RunDeadlines(HostNow());
    auto failed = std::move(m_failed);
    m_failed.clear();
    for (const auto& f : failed)
    {
        if (m_failure)
        {
            m_failure(f.first, f.second);
        }
    }
}

// ------------------------------------------------------------------------------------------
// HostUdpTransport
// ------------------------------------------------------------------------------------------

bool
HostUdpTransport::SendTo(const std::string& peer, const Bytes& data)
{
    return SendDatagram(peer, data);
}

void
HostUdpTransport::ReceiveDatagram(Time now, const std::string& peer, const Bytes& datagram)
{
    (void)now;
    Deliver(peer, datagram);
}

// ------------------------------------------------------------------------------------------
// HostDtlsTransport
// ------------------------------------------------------------------------------------------

void
HostDtlsTransport::SetEventSink(EventSink sink)
{
    m_sink = std::move(sink);
}

uint32_t
HostDtlsTransport::GetFullHandshakes() const
{
    return m_full;
}

uint32_t
HostDtlsTransport::GetResumedHandshakes() const
{
    return m_resumed;
}

void
HostDtlsTransport::SetTimer(const std::string& peer, Time deadline)
{
    if (deadline == Time::Max())
    {
        m_timers.erase(peer);
    }
    else
    {
        m_timers[peer] = deadline;
    }
}

Time
HostDtlsTransport::GetDeadline() const
{
    Time next = Time::Max();
    for (const auto& t : m_timers)
    {
        next = std::min(next, t.second);
    }
    return next;
}

void
HostDtlsTransport::RunDeadlines(Time now)
{
    auto timers = m_timers;
    for (const auto& t : timers)
    {
        if (now >= t.second)
        {
            m_timers.erase(t.first);
            Expire(now, t.first);
        }
    }
}

void
HostDtlsTransport::Report(const std::string& peer, const DtlsEvent& event)
{
    if (event.type == DtlsEvent::HANDSHAKE_COMPLETE)
    {
        ++(event.stats.resumed ? m_resumed : m_full);
    }
    if (m_sink)
    {
        m_sink(peer, event);
    }
    if (event.type == DtlsEvent::HANDSHAKE_FAILED)
    {
        Fail(peer, "dtls: handshake failed: " + event.reason);
    }
    else if (event.type == DtlsEvent::CLOSED)
    {
        Fail(peer, "dtls: closed" + (event.reason.empty() ? "" : ": " + event.reason));
    }
}

// ------------------------------------------------------------------------------------------
// HostDtlsClient
// ------------------------------------------------------------------------------------------

HostDtlsClient::HostDtlsClient(const DtlsConfig& config)
    : m_config(config)
{
    m_config.role = DtlsRole::CLIENT;
}

void
HostDtlsClient::Handshake(const DtlsSessionTicket* resume)
{
    SetTimer(GetRemoteKey(), Time::Max());
    m_failReason.clear();
    m_session = std::make_unique<DtlsSession>(m_config, m_random, *this);
    m_session->Connect(HostNow(), resume);
}

bool
HostDtlsClient::WaitEstablished(Time deadline)
{
    while (m_session)
    {
        DtlsSession::State state = m_session->GetState();
        if (state == DtlsSession::ESTABLISHED)
        {
            return true;
        }
        if (state == DtlsSession::FAILED || state == DtlsSession::CLOSED)
        {
            return SetError("handshake with " + GetRemoteKey() +
                            " failed: " + (m_failReason.empty() ? "closed" : m_failReason));
        }
        if (IsUnreachable())
        {
            return SetError(GetRemoteKey() + " is unreachable (ICMP port unreachable)");
        }
        if (HostNow() >= deadline)
        {
            return SetError("no answer from " + GetRemoteKey() + " before the time limit");
        }
        Poll(deadline);
    }
    return SetError("no DTLS handshake started");
}

DtlsSession*
HostDtlsClient::GetSession() const
{
    return m_session.get();
}

void
HostDtlsClient::Close()
{
    if (m_session)
    {
        m_session->Close(HostNow());
    }
}

bool
HostDtlsClient::SendTo(const std::string& peer, const Bytes& data)
{
    if (peer != GetRemoteKey())
    {
        return SetError("no DTLS association with " + peer);
    }
    if (!m_session || !m_session->Send(HostNow(), data))
    {
        return SetError("the DTLS association with " + peer + " is not established");
    }
    return true;
}

void
HostDtlsClient::DtlsSend(const Bytes& datagram)
{
    SendDatagram(GetRemoteKey(), datagram);
}

void
HostDtlsClient::DtlsSetTimer(Time deadline)
{
    SetTimer(GetRemoteKey(), deadline);
}

void
HostDtlsClient::DtlsCancelTimer()
{
    SetTimer(GetRemoteKey(), Time::Max());
}

void
HostDtlsClient::DtlsDeliver(const Bytes& data)
{
    Deliver(GetRemoteKey(), data);
}

void
HostDtlsClient::DtlsEventOccurred(const DtlsEvent& event)
{
    if (event.type == DtlsEvent::HANDSHAKE_FAILED)
    {
        m_failReason = event.reason;
    }
    Report(GetRemoteKey(), event);
}

void
HostDtlsClient::DtlsCryptoWork(const CryptoWork& work)
{
    (void)work;
}

void
HostDtlsClient::ReceiveDatagram(Time now, const std::string& peer, const Bytes& datagram)
{
    if (m_session && peer == GetRemoteKey())
    {
        m_session->Receive(now, datagram);
    }
}

void
HostDtlsClient::Expire(Time now, const std::string& peer)
{
    (void)peer;
    if (m_session)
    {
        m_session->Timeout(now);
    }
}

// ------------------------------------------------------------------------------------------
// HostDtlsServer
// ------------------------------------------------------------------------------------------

HostDtlsServer::HostDtlsServer(const DtlsConfig& config, const DtlsPskProvider& psk)
    : m_engine(config, m_random, *this, psk)
{
}

DtlsServerEngine&
HostDtlsServer::GetEngine()
{
    return m_engine;
}

bool
HostDtlsServer::SendTo(const std::string& peer, const Bytes& data)
{
    if (!m_engine.Send(HostNow(), peer, data))
    {
        return SetError("no established DTLS association with " + peer);
    }
    return true;
}

void
HostDtlsServer::DtlsSendTo(const std::string& peer, const Bytes& datagram)
{
    SendDatagram(peer, datagram);
}

void
HostDtlsServer::DtlsSetTimer(const std::string& peer, Time deadline)
{
    SetTimer(peer, deadline);
}

void
HostDtlsServer::DtlsCancelTimer(const std::string& peer)
{
    SetTimer(peer, Time::Max());
}

void
HostDtlsServer::DtlsDeliver(const std::string& peer, const Bytes& data)
{
    Deliver(peer, data);
}

void
HostDtlsServer::DtlsEventOccurred(const std::string& peer, const DtlsEvent& event)
{
    Report(peer, event);
}

void
HostDtlsServer::DtlsCryptoWork(const CryptoWork& work)
{
    (void)work;
}

void
HostDtlsServer::ReceiveDatagram(Time now, const std::string& peer, const Bytes& datagram)
{
    m_engine.Receive(now, peer, datagram);
}

void
HostDtlsServer::Expire(Time now, const std::string& peer)
{
    m_engine.Timeout(now, peer);
}

// ------------------------------------------------------------------------------------------
// TLS over TCP
// ------------------------------------------------------------------------------------------

HostTlsConnection::HostTlsConnection(const DtlsConfig& config, const DtlsPskProvider* psk)
    : m_config(config),
      m_psk(psk)
{
    m_config.protocol = TlsProtocol::TLS_1_2;
}

HostTlsConnection::~HostTlsConnection()
{
    if (m_fd >= 0)
    {
        ::close(m_fd);
    }
}

bool
HostTlsConnection::Connect(const std::string& remote, const DtlsSessionTicket* resume)
{
    sockaddr_storage address;
    socklen_t length = 0;
    if (!HostParseEndpoint(remote, address, length))
    {
        m_error = "cannot parse the address " + remote;
        return false;
    }
    m_fd = ::socket(address.ss_family, SOCK_STREAM, 0);
    if (m_fd < 0 || ::connect(m_fd, reinterpret_cast<sockaddr*>(&address), length) != 0)
    {
        m_error = "cannot connect to " + remote + ": " + std::strerror(errno);
        return false;
    }
    m_config.role = DtlsRole::CLIENT;
    m_session = std::make_unique<DtlsSession>(m_config, m_random, *this, m_psk);
    m_session->Connect(HostNow(), resume);
    return true;
}

void
HostTlsConnection::Adopt(int fd)
{
    m_fd = fd;
    m_config.role = DtlsRole::SERVER;
    m_session = std::make_unique<DtlsSession>(m_config, m_random, *this, m_psk, m_cache);
    m_session->Accept(HostNow());
}

bool
HostTlsConnection::WaitEstablished(Time deadline)
{
    Poll(deadline, [this]() { return m_session->GetState() != DtlsSession::HANDSHAKING; });
    if (m_session->GetState() == DtlsSession::ESTABLISHED)
    {
        return true;
    }
    if (m_error.empty())
    {
        m_error = m_session->GetState() == DtlsSession::HANDSHAKING ? "time limit reached"
                                                                    : "handshake failed";
    }
    return false;
}

bool
HostTlsConnection::Poll(Time deadline, const std::function<bool()>& done)
{
    while (m_fd >= 0 && !(done && done()))
    {
        Time now = HostNow();
        if (now >= deadline)
        {
            return true;
        }
        pollfd p{m_fd, POLLIN, 0};
        int waitMs =
            static_cast<int>(std::min<int64_t>((deadline - now).GetMilliSeconds() + 1, 1000));
        if (::poll(&p, 1, waitMs) <= 0)
        {
            continue;
        }
        uint8_t buffer[16384];
        ssize_t n = ::recv(m_fd, buffer, sizeof(buffer), 0);
        if (n <= 0)
        {
            m_error = n == 0 ? "the peer closed the connection" : std::strerror(errno);
            ::close(m_fd);
            m_fd = -1;
            return false;
        }
        m_session->Receive(HostNow(), Bytes(buffer, buffer + n));
    }
    return m_fd >= 0;
}

bool
HostTlsConnection::Send(const Bytes& data)
{
    return m_session && m_session->Send(HostNow(), data);
}

void
HostTlsConnection::Close()
{
    if (m_session)
    {
        m_session->Close(HostNow());
    }
    if (m_fd >= 0)
    {
        ::shutdown(m_fd, SHUT_WR);
        ::close(m_fd);
        m_fd = -1;
    }
}

DtlsSession*
HostTlsConnection::GetSession() const
{
    return m_session.get();
}

const std::string&
HostTlsConnection::GetError() const
{
    return m_error;
}

void
HostTlsConnection::SetReceiver(Receiver receiver)
{
    m_receiver = std::move(receiver);
}

void
HostTlsConnection::SetEventSink(EventSink sink)
{
    m_sink = std::move(sink);
}

void
HostTlsConnection::SetSessionCache(DtlsSessionCache* cache)
{
    m_cache = cache;
}

void
HostTlsConnection::DtlsSend(const Bytes& datagram)
{
    std::size_t sent = 0;
    while (m_fd >= 0 && sent < datagram.size())
    {
        ssize_t n = ::send(m_fd, datagram.data() + sent, datagram.size() - sent, MSG_NOSIGNAL);
        if (n <= 0)
        {
            m_error = std::string("send: ") + std::strerror(errno);
            return;
        }
        sent += static_cast<std::size_t>(n);
    }
}

void
HostTlsConnection::DtlsSetTimer(Time /* deadline */)
{
    NS_FATAL_ERROR("HostTlsConnection: a TLS engine set a retransmission timer");
}

void
HostTlsConnection::DtlsCancelTimer()
{
}

void
HostTlsConnection::DtlsDeliver(const Bytes& data)
{
    if (m_receiver)
    {
        m_receiver(data);
    }
}

void
HostTlsConnection::DtlsEventOccurred(const DtlsEvent& event)
{
    if (m_sink)
    {
        m_sink(event);
    }
}

void
HostTlsConnection::DtlsCryptoWork(const CryptoWork& /* work */)
{
}

HostTcpListener::~HostTcpListener()
{
    if (m_fd >= 0)
    {
        ::close(m_fd);
    }
}

bool
HostTcpListener::Listen(int port)
{
    m_fd = ::socket(AF_INET6, SOCK_STREAM, 0);
    int off = 0;
    int on = 1;
    sockaddr_in6 any{};
    any.sin6_family = AF_INET6;
    any.sin6_addr = in6addr_any;
    any.sin6_port = htons(static_cast<uint16_t>(port));
    if (m_fd < 0 || ::setsockopt(m_fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)) != 0 ||
        ::setsockopt(m_fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) != 0 ||
        ::bind(m_fd, reinterpret_cast<sockaddr*>(&any), sizeof(any)) != 0 ||
        ::listen(m_fd, 16) != 0)
    {
        m_error = "cannot listen on TCP port " + std::to_string(port) + ": " + std::strerror(errno);
        return false;
    }
    return true;
}

int
HostTcpListener::Accept(Time deadline, std::string& peer)
{
    while (HostNow() < deadline)
    {
        pollfd p{m_fd, POLLIN, 0};
        int waitMs =
            static_cast<int>(std::min<int64_t>((deadline - HostNow()).GetMilliSeconds() + 1, 1000));
        if (::poll(&p, 1, waitMs) <= 0)
        {
            continue;
        }
        sockaddr_storage from{};
        socklen_t length = sizeof(from);
        int fd = ::accept(m_fd, reinterpret_cast<sockaddr*>(&from), &length);
        if (fd >= 0)
        {
            peer = HostPeerKey(from);
            return fd;
        }
    }
    return -1;
}

const std::string&
HostTcpListener::GetError() const
{
    return m_error;
}

} // namespace ns3
