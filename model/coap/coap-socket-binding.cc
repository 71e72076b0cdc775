/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "coap-socket-binding.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/dtls-socket.h"
#include "ns3/engine-executor.h"
#include "ns3/engine-random.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/ram-model.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/type-id.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <arpa/inet.h>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoapSocketBinding");

NS_OBJECT_ENSURE_REGISTERED(CoapSocketBinding);

TypeId
CoapSocketBinding::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CoapSocketBinding")
            .SetParent<Object>()
            .SetGroupName("Iotsec")
            .AddConstructor<CoapSocketBinding>()
            .AddAttribute("Port",
                          "Local port to bind (0: an ephemeral port)",
                          UintegerValue(0),
                          MakeUintegerAccessor(&CoapSocketBinding::m_port),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("Ipv6",
                          "Bind an IPv6 socket (else IPv4)",
                          BooleanValue(true),
                          MakeBooleanAccessor(&CoapSocketBinding::m_ipv6),
                          MakeBooleanChecker())
            .AddAttribute("SocketFactory",
                          "TypeId of the socket factory: any factory of datagram sockets "
                          "(UDP for coap://, a DTLS factory for coaps://)",
                          TypeIdValue(UdpSocketFactory::GetTypeId()),
                          MakeTypeIdAccessor(&CoapSocketBinding::m_socketFactory),
                          MakeTypeIdChecker())
            .AddAttribute("AckTimeout",
                          "ACK_TIMEOUT (RFC 7252 section 4.8)",
                          TimeValue(Seconds(2)),
                          MakeTimeAccessor(&CoapSocketBinding::m_ackTimeout),
                          MakeTimeChecker(NanoSeconds(1)))
            .AddAttribute("AckRandomFactor",
                          "ACK_RANDOM_FACTOR (RFC 7252 section 4.8)",
                          DoubleValue(1.5),
                          MakeDoubleAccessor(&CoapSocketBinding::m_ackRandomFactor),
                          MakeDoubleChecker<double>(1.0))
            .AddAttribute("MaxRetransmit",
                          "MAX_RETRANSMIT (RFC 7252 section 4.8)",
                          UintegerValue(4),
                          MakeUintegerAccessor(&CoapSocketBinding::m_maxRetransmit),
                          MakeUintegerChecker<uint32_t>(0, 20))
            .AddAttribute("NStart",
                          "NSTART: outstanding interactions per peer (RFC 7252 section 4.7)",
                          UintegerValue(1),
                          MakeUintegerAccessor(&CoapSocketBinding::m_nstart),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MaxLatency",
                          "MAX_LATENCY (RFC 7252 section 4.8.2), for EXCHANGE_LIFETIME",
                          TimeValue(Seconds(100)),
                          MakeTimeAccessor(&CoapSocketBinding::m_maxLatency),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("TokenLength",
                          "Length of the tokens this endpoint makes (0..8 bytes)",
                          UintegerValue(4),
                          MakeUintegerAccessor(&CoapSocketBinding::m_tokenLength),
                          MakeUintegerChecker<uint32_t>(0, 8))
            .AddAttribute("BlockSize",
                          "Preferred block size for Block1 and Block2 (16, 32, ..., 1024)",
                          UintegerValue(1024),
                          MakeUintegerAccessor(&CoapSocketBinding::m_blockSize),
                          MakeUintegerChecker<uint32_t>(16, 1024))
            .AddAttribute("MaxBodySize",
                          "Largest request body the server reassembles from Block1 blocks",
                          UintegerValue(65536),
                          MakeUintegerAccessor(&CoapSocketBinding::m_maxBodySize),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("NotifyConfirmableEvery",
                          "Every Nth Observe notification is confirmable (1: all, 0: none)",
                          UintegerValue(1),
                          MakeUintegerAccessor(&CoapSocketBinding::m_notifyConEvery),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MaxDedupEntries",
                          "Received messages remembered for deduplication (with their cached "
                          "replies). Full: the entry expiring first is evicted (a late "
                          "duplicate of it is processed again, RFC 7252 section 4.5). 4096 "
                          "keeps 16 requests/s for EXCHANGE_LIFETIME.",
                          UintegerValue(4096),
                          MakeUintegerAccessor(&CoapSocketBinding::m_maxDedup),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MaxExchanges",
                          "Open client requests (queued, in flight or observing). Full: a "
                          "new request is refused and fails with 'refused: ...'. 1024 lets a "
                          "client command every light of a 30 x 30 building at once.",
                          UintegerValue(1024),
                          MakeUintegerAccessor(&CoapSocketBinding::m_maxExchanges),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MaxTransmissions",
                          "Outstanding CON messages (retransmission buffers). Full: the "
                          "oldest is given up (its request fails with 'evicted: ...'). 2048: "
                          "MaxExchanges requests plus as many notifications and separate "
                          "responses.",
                          UintegerValue(2048),
                          MakeUintegerAccessor(&CoapSocketBinding::m_maxTransmits),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MaxObservers",
                          "Observe registrations a server keeps. Full: a new registration is "
                          "answered without Observe and not kept (RFC 7641 section 4.1).",
                          UintegerValue(256),
                          MakeUintegerAccessor(&CoapSocketBinding::m_maxObservers),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MaxBlock1Transfers",
                          "Block1 bodies a server reassembles at once, each up to MaxBodySize "
                          "(16 x 64 KiB = 1 MiB). Full: the least recently active one is "
                          "evicted (its next block gets 4.08).",
                          UintegerValue(16),
                          MakeUintegerAccessor(&CoapSocketBinding::m_maxBlock1),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MaxDeferred",
                          "Requests whose handler deferred the (separate) response. Full: "
                          "the oldest is evicted; each expires after the request's lifetime.",
                          UintegerValue(256),
                          MakeUintegerAccessor(&CoapSocketBinding::m_maxDeferred),
                          MakeUintegerChecker<uint32_t>(1))
            .AddTraceSource("RequestSent",
                            "A request message was sent for the first time",
                            MakeTraceSourceAccessor(&CoapSocketBinding::m_requestSent),
                            "ns3::CoapSocketBinding::MessageTracedCallback")
            .AddTraceSource("ResponseReceived",
                            "A response matched a request, with the message's round-trip time",
                            MakeTraceSourceAccessor(&CoapSocketBinding::m_responseReceived),
                            "ns3::CoapSocketBinding::MessageTracedCallback")
            .AddTraceSource("Retransmission",
                            "A confirmable message was retransmitted",
                            MakeTraceSourceAccessor(&CoapSocketBinding::m_retransmission),
                            "ns3::CoapSocketBinding::ReliabilityTracedCallback")
            .AddTraceSource("Timeout",
                            "A confirmable message was given up after MAX_RETRANSMIT",
                            MakeTraceSourceAccessor(&CoapSocketBinding::m_timeout),
                            "ns3::CoapSocketBinding::ReliabilityTracedCallback")
            .AddTraceSource("Duplicate",
                            "A duplicate message was detected (the cached reply was resent)",
                            MakeTraceSourceAccessor(&CoapSocketBinding::m_duplicate),
                            "ns3::CoapSocketBinding::ReliabilityTracedCallback")
            .AddTraceSource("Event",
                            "Every engine event",
                            MakeTraceSourceAccessor(&CoapSocketBinding::m_event),
                            "ns3::CoapSocketBinding::EventTracedCallback")
            .AddTraceSource("Tx",
                            "A datagram was handed to the socket",
                            MakeTraceSourceAccessor(&CoapSocketBinding::m_tx),
                            "ns3::CoapSocketBinding::PacketTracedCallback")
            .AddTraceSource("Rx",
                            "A datagram was read from the socket",
                            MakeTraceSourceAccessor(&CoapSocketBinding::m_rx),
                            "ns3::CoapSocketBinding::PacketTracedCallback")
            .AddTraceSource("CryptoWork",
                            "A cryptographic operation of the message security (OSCORE): key "
                            "derivation, AES-CCM seal or open, with its sizes",
                            MakeTraceSourceAccessor(&CoapSocketBinding::m_cryptoWork),
                            "ns3::CoapSocketBinding::CryptoWorkTracedCallback")
            .AddTraceSource("SecurityRejected",
                            "A message failed its message security (replay, forgery, unknown "
                            "kid, unprotected) or could not be protected: the peer, the error "
                            "response sent (0: none) and why (a CoapSecurityFailure)",
                            MakeTraceSourceAccessor(&CoapSocketBinding::m_securityRejected),
                            "ns3::CoapSocketBinding::SecurityRejectedTracedCallback")
            .AddTraceSource("TransportFailed",
                            "The secure transport below failed or refused the association "
                            "with a peer (DTLS HandshakeFailed or SessionRefused): the peer, "
                            "which of the two (a TransportFailure) and how many open requests "
                            "to it were failed.",
                            MakeTraceSourceAccessor(&CoapSocketBinding::m_transportFailed),
                            "ns3::CoapSocketBinding::TransportFailedTracedCallback")
            .AddTraceSource("TableFull",
                            "A bounded table of the engine was full: the peer of the entry "
                            "evicted or refused, the table (a CoapTable) and what was done "
                            "(a CoapTableAction)",
                            MakeTraceSourceAccessor(&CoapSocketBinding::m_tableFull),
                            "ns3::CoapSocketBinding::TableFullTracedCallback");
    return tid;
}

CoapSocketBinding::CoapSocketBinding()
    : m_deadline(Time::Max())
{
    NS_LOG_FUNCTION(this);
    m_rng = CreateObject<UniformRandomVariable>();
    m_random = std::make_unique<StreamEngineRandom>(m_rng);
    m_executor = CreateObject<EngineExecutor>();
    m_executor->SetOwner(this);
}

CoapSocketBinding::~CoapSocketBinding()
{
    NS_LOG_FUNCTION(this);
}

void
CoapSocketBinding::DoDispose()
{
    Stop();
    m_executor->Dispose(); // effects still waiting for the CPU are dropped
    for (auto& weak : m_hooked)
    {
        if (auto security = weak.lock())
        {
            security->SetCryptoWorkHook(CryptoWorkHook()); // the hook points at this binding
        }
    }
    m_hooked.clear();
    m_endpoint.reset();
    m_node = nullptr;
    m_peers.clear();
    Object::DoDispose();
}

CoapEngineConfig
CoapSocketBinding::GetEngineConfig() const
{
    CoapEngineConfig c;
    c.ackTimeout = m_ackTimeout;
    c.ackRandomFactor = m_ackRandomFactor;
    c.maxRetransmit = m_maxRetransmit;
    c.nstart = m_nstart;
    c.maxLatency = m_maxLatency;
    c.tokenLength = m_tokenLength;
    c.blockSzx = CoapBlock::SzxForSize(m_blockSize);
    NS_ABORT_MSG_IF(c.blockSzx > 6,
                    "CoapSocketBinding: BlockSize " << m_blockSize
                                                    << " is not a power of two in 16..1024");
    c.maxBodySize = m_maxBodySize;
    c.notifyConfirmableEvery = m_notifyConEvery;
    c.maxDedupEntries = m_maxDedup;
    c.maxExchanges = m_maxExchanges;
    c.maxTransmissions = m_maxTransmits;
    c.maxObservers = m_maxObservers;
    c.maxBlock1Transfers = m_maxBlock1;
    c.maxDeferred = m_maxDeferred;
    return c;
}

CoapEndpoint&
CoapSocketBinding::GetEndpoint()
{
    if (!m_endpoint)
    {
        m_endpoint = std::make_unique<CoapEndpoint>(*this, *m_random, GetEngineConfig());
    }
    return *m_endpoint;
}

int64_t
CoapSocketBinding::AssignStreams(int64_t stream)
{
    m_rng->SetStream(stream);
    m_socketStream = stream + 1; // the socket's, if it has randomness (DTLS)
    if (auto dtls = DynamicCast<DtlsSocket>(m_socket))
    {
        dtls->AssignStreams(m_socketStream);
    }
    return 2;
}

void
CoapSocketBinding::Start(Ptr<Node> node)
{
    NS_LOG_FUNCTION(this << node);
    NS_ABORT_MSG_UNLESS(node, "CoapSocketBinding::Start: null node");
    NS_ABORT_MSG_IF(m_socket, "CoapSocketBinding::Start: already started");
    GetEndpoint().SetConfig(GetEngineConfig());
    m_node = node;
    m_executor->SetNode(node); // the node's CpuModel prices the steps (and earlier work)
    m_socket = Socket::CreateSocket(node, m_socketFactory);
    if (auto dtls = DynamicCast<DtlsSocket>(m_socket); dtls && m_socketStream >= 0)
    {
        dtls->AssignStreams(m_socketStream);
    }
    int status;
    if (m_ipv6)
    {
        status = m_socket->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), m_port));
    }
    else
    {
        status = m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port));
    }
    NS_ABORT_MSG_IF(status != 0,
                    "CoapSocketBinding: cannot bind port " << m_port << " on node "
                                                           << node->GetId());
    m_socket->SetRecvCallback(MakeCallback(&CoapSocketBinding::HandleRead, this));
    // Message security (OSCORE) state counts against the node's RAM budget, like DTLS state
    Ptr<RamModel> ram = node->GetObject<RamModel>();
    if (ram)
    {
        if (GetEndpoint().GetStateSize().security > 0)
        {
            ram->Require("OSCORE"); // aborts on an RFC 7228 Class 0 node
        }
        m_ram = ram;
        m_ramHolder =
            ram->AddHolder("oscore", MakeCallback(&CoapSocketBinding::GetSecurityStateBytes, this));
    }
    // A secure transport (DtlsSocket) reports associations that failed or were refused: no
    // response can come over them, so the requests to that peer fail at once instead of
    // running out their CoAP retransmissions. Plain UDP sockets have no such trace sources.
    m_socket->TraceConnectWithoutContext("HandshakeFailed",
                                         MakeCallback(&CoapSocketBinding::HandshakeFailed, this));
    m_socket->TraceConnectWithoutContext("SessionRefused",
                                         MakeCallback(&CoapSocketBinding::SessionRefused, this));
    if (m_deadline != Time::Max())
    {
        ArmTimer(m_deadline);
    }
}

void
CoapSocketBinding::Stop()
{
    NS_LOG_FUNCTION(this);
    Simulator::Cancel(m_timer);
    if (m_ram)
    {
        m_ram->RemoveHolder(m_ramHolder);
        m_ram = nullptr;
    }
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Close();
        m_socket = nullptr;
    }
}

const char*
CoapSocketBinding::TransportFailureName(TransportFailure reason)
{
    switch (reason)
    {
    case HANDSHAKE_FAILED:
        return "HANDSHAKE_FAILED";
    case SESSION_REFUSED:
        return "SESSION_REFUSED";
    }
    return "?";
}

void
CoapSocketBinding::HandshakeFailed(const Address& peer, const std::string& reason)
{
    TransportFailed(peer, HANDSHAKE_FAILED, reason);
}

void
CoapSocketBinding::SessionRefused(const Address& peer, DtlsRefuseReason reason)
{
    TransportFailed(peer, SESSION_REFUSED, "refused: " + DtlsRefuseReasonName(reason));
}

void
CoapSocketBinding::TransportFailed(const Address& peer,
                                   TransportFailure failure,
                                   const std::string& reason)
{
    // Reported from inside a socket call (a refused Connect() fires within SendTo(), itself
    // within the engine): fail the requests once that call has returned
    std::string key = PeerKey(peer);
    Ptr<CoapSocketBinding> self = this;
    Simulator::ScheduleNow([self, key, failure, reason]() {
        uint32_t failed =
            self->m_endpoint
                ? self->m_endpoint->AbortPeer(Simulator::Now(), key, "transport: " + reason)
                : 0;
        NS_LOG_INFO("transport to " << key << " failed (" << TransportFailureName(failure) << ": "
                                    << reason << "): " << failed << " request(s) failed");
        self->m_transportFailed(key, failure, failed);
    });
}

uint32_t
CoapSocketBinding::GetSecurityStateBytes() const
{
    return m_endpoint ? static_cast<uint32_t>(m_endpoint->GetStateSize().security) : 0;
}

Ptr<Socket>
CoapSocketBinding::GetSocket() const
{
    return m_socket;
}

uint16_t
CoapSocketBinding::GetLocalPort() const
{
    if (!m_socket)
    {
        return 0;
    }
    Address local;
    m_socket->GetSockName(local);
    if (Inet6SocketAddress::IsMatchingType(local))
    {
        return Inet6SocketAddress::ConvertFrom(local).GetPort();
    }
    if (InetSocketAddress::IsMatchingType(local))
    {
        return InetSocketAddress::ConvertFrom(local).GetPort();
    }
    return 0;
}

std::string
CoapSocketBinding::PeerKey(const Address& address)
{
    std::ostringstream os;
    if (Inet6SocketAddress::IsMatchingType(address))
    {
        Inet6SocketAddress a = Inet6SocketAddress::ConvertFrom(address);
        os << '[' << a.GetIpv6() << "]:" << a.GetPort();
    }
    else if (InetSocketAddress::IsMatchingType(address))
    {
        InetSocketAddress a = InetSocketAddress::ConvertFrom(address);
        os << a.GetIpv4() << ':' << a.GetPort();
    }
    else
    {
        os << address;
    }
    return os.str();
}

bool
CoapSocketBinding::PeerAddress(const std::string& key, Address& address)
{
    std::size_t colon = key.rfind(':');
    if (colon == std::string::npos || colon + 1 >= key.size() || colon + 6 < key.size())
    {
        return false;
    }
    std::string port = key.substr(colon + 1);
    if (port.find_first_not_of("0123456789") != std::string::npos || std::stoul(port) > 65535)
    {
        return false;
    }
    std::string host = key.substr(0, colon);
    auto number = static_cast<uint16_t>(std::stoul(port));
    Address candidate;
    // inet_pton first: ns-3 aborts on a malformed address string
    unsigned char buffer[sizeof(struct in6_addr)];
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    {
        std::string ip = host.substr(1, host.size() - 2);
        if (inet_pton(AF_INET6, ip.c_str(), buffer) != 1)
        {
            return false;
        }
        candidate = Inet6SocketAddress(Ipv6Address(ip.c_str()), number);
    }
    else if (inet_pton(AF_INET, host.c_str(), buffer) == 1)
    {
        candidate = InetSocketAddress(Ipv4Address(host.c_str()), number);
    }
    else
    {
        return false;
    }
    if (PeerKey(candidate) != key)
    {
        return false; // not how PeerKey spells an address: not one of ours
    }
    address = candidate;
    return true;
}

CryptoWorkHook
CoapSocketBinding::GetCryptoWorkHook()
{
    return [this](const CryptoWork& work) {
        m_executor->Report(work);
        m_cryptoWork(work);
    };
}

Ptr<EngineExecutor>
CoapSocketBinding::GetExecutor() const
{
    return m_executor;
}

void
CoapSocketBinding::SetSecurity(const Address& peer, std::shared_ptr<CoapMessageSecurity> security)
{
    NS_LOG_FUNCTION(this << peer);
    EngineExecutor::Step step(m_executor); // the context's key derivations are priced
    std::string key = PeerKey(peer);
    m_peers[key] = peer;
    if (security)
    {
        security->SetCryptoWorkHook(GetCryptoWorkHook());
        m_hooked.push_back(security);
        if (m_ram)
        {
            m_ram->Require("OSCORE"); // aborts on an RFC 7228 Class 0 node
        }
    }
    GetEndpoint().SetSecurity(key, std::move(security));
    if (m_ram)
    {
        m_ram->Sample();
    }
}

void
CoapSocketBinding::SetDefaultSecurity(std::shared_ptr<CoapMessageSecurity> security)
{
    NS_LOG_FUNCTION(this);
    EngineExecutor::Step step(m_executor); // the context's key derivations are priced
    if (security)
    {
        security->SetCryptoWorkHook(GetCryptoWorkHook());
        m_hooked.push_back(security);
        if (m_ram)
        {
            m_ram->Require("OSCORE"); // aborts on an RFC 7228 Class 0 node
        }
    }
    GetEndpoint().SetSecurity("", std::move(security));
}

uint64_t
CoapSocketBinding::SendRequest(const Address& peer,
                               const CoapMessage& request,
                               CoapResponseCallback callback,
                               const CoapRequestOptions& options)
{
    NS_ABORT_MSG_UNLESS(m_socket, "CoapSocketBinding::SendRequest before Start");
    std::string key = PeerKey(peer);
    m_peers[key] = peer;
    CoapResponseCallback delivered;
    if (callback)
    {
        // The application learns an outcome once the work of the step that produced it (the
        // response's verification) is done, and outside the engine
        Ptr<EngineExecutor> executor = m_executor;
        delivered = [executor, callback](const CoapResult& result) {
            executor->Defer([callback, result]() { callback(result); });
        };
    }
    return GetEndpoint().SendRequest(Simulator::Now(), key, request, delivered, options);
}

void
CoapSocketBinding::OnEnter()
{
    m_executor->BeginStep();
}

void
CoapSocketBinding::OnLeave()
{
    m_executor->EndStep();
}

void
CoapSocketBinding::SendDatagram(const std::string& peer, const std::vector<uint8_t>& datagram)
{
    m_executor->Defer([this, peer, datagram]() { Transmit(peer, datagram); });
}

void
CoapSocketBinding::Transmit(const std::string& peer, const std::vector<uint8_t>& datagram)
{
    auto it = m_peers.find(peer);
    Address to;
    if (it != m_peers.end())
    {
        to = it->second;
    }
    if ((it == m_peers.end() && !PeerAddress(peer, to)) || !m_socket)
    {
        NS_LOG_WARN("no socket or unknown peer " << peer << ": datagram dropped");
        return;
    }
    Ptr<Packet> p = Create<Packet>(datagram.data(), static_cast<uint32_t>(datagram.size()));
    m_tx(p, to);
    if (m_socket->SendTo(p, 0, to) < 0)
    {
        NS_LOG_WARN("SendTo " << peer << " failed: errno " << m_socket->GetErrno());
    }
}

void
CoapSocketBinding::SetTimer(Time deadline)
{
    m_executor->Defer([this, deadline]() {
        m_deadline = deadline;
        ArmTimer(deadline);
    });
}

void
CoapSocketBinding::ArmTimer(Time deadline)
{
    Simulator::Cancel(m_timer);
    if (deadline == Time::Max() || !m_socket)
    {
        return;
    }
    // measured from when the step's effects happen, not from when the engine ran
    m_timer = Simulator::Schedule(m_executor->TimeUntil(deadline), &CoapSocketBinding::Fire, this);
}

void
CoapSocketBinding::Fire()
{
    if (m_endpoint)
    {
        m_endpoint->OnTimer(Simulator::Now());
    }
}

void
CoapSocketBinding::OnEvent(const CoapEvent& event)
{
    m_executor->Defer([this, event]() { TraceEvent(event); });
}

void
CoapSocketBinding::TraceEvent(const CoapEvent& event)
{
    m_event(event);
    switch (event.kind)
    {
    case CoapEvent::REQUEST_SENT:
        m_requestSent(event.peer, event.code, event.messageId, Time(0));
        break;
    case CoapEvent::RESPONSE_RECEIVED:
        m_responseReceived(event.peer, event.code, event.messageId, event.rtt);
        break;
    case CoapEvent::RETRANSMISSION:
        m_retransmission(event.peer, event.messageId, event.retransmissions);
        break;
    case CoapEvent::TIMEOUT:
        m_timeout(event.peer, event.messageId, event.retransmissions);
        break;
    case CoapEvent::DUPLICATE:
        m_duplicate(event.peer, event.messageId, 0);
        break;
    case CoapEvent::SECURITY_REJECTED:
        m_securityRejected(event.peer, event.code, event.securityFailure);
        break;
    case CoapEvent::TABLE_EVICTED:
        m_tableFull(event.peer, event.table, CoapTableAction::EVICTED);
        break;
    case CoapEvent::TABLE_REFUSED:
        m_tableFull(event.peer, event.table, CoapTableAction::REFUSED);
        break;
    default:
        break;
    }
}

void
CoapSocketBinding::HandleRead(Ptr<Socket> socket)
{
    Address from;
    Ptr<Packet> p;
    while ((p = socket->RecvFrom(from)))
    {
        m_rx(p, from);
        std::string key = PeerKey(from);
        if (!Inet6SocketAddress::IsMatchingType(from) && !InetSocketAddress::IsMatchingType(from))
        {
            m_peers[key] = from; // no address in the key: remember it (IP peers leave no state)
        }
        std::vector<uint8_t> bytes(p->GetSize());
        p->CopyData(bytes.data(), static_cast<uint32_t>(bytes.size()));
        GetEndpoint().Receive(Simulator::Now(), key, bytes.data(), bytes.size());
    }
}

} // namespace ns3
