/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The attackers of model/attack (Brachmann et al., ICCCN 2012, section IV): the raw IPv6
// injector they send with, the flood (rate, spoofed sources, payloads), the replaying tap and
// the amplification attacker, on the border-router path and on a LAN in front of the router.

#include "border-router-test-topology.h"
#include "iotsec-test.h"

#include "ns3/amplification-attack-application.h"
#include "ns3/attack-helper.h"
#include "ns3/boolean.h"
#include "ns3/coap-helper.h"
#include "ns3/coap-message.h"
#include "ns3/config.h"
#include "ns3/csma-helper.h"
#include "ns3/data-rate.h"
#include "ns3/double.h"
#include "ns3/dtls-codec.h"
#include "ns3/enum.h"
#include "ns3/flood-attack-application.h"
#include "ns3/global-value.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/raw-ipv6-injector.h"
#include "ns3/replay-attack-application.h"
#include "ns3/simulator.h"
#include "ns3/sixlowpan-helper.h"
#include "ns3/string.h"
#include "ns3/udp-header.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <set>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// A datagram received by a test socket
struct Received
{
    Time at;             //!< when
    Bytes payload;       //!< UDP payload
    Ipv6Address source;  //!< IPv6 source
    uint16_t sourcePort; //!< UDP source port
};

/// A datagram an attacker sent (its Tx trace)
struct Sent
{
    Bytes payload;      //!< UDP payload
    Ipv6Address source; //!< IPv6 source
    Ipv6Address target; //!< IPv6 destination
};

/// UDP datagrams seen by a node's IPv6 layer (Ipv6L3Protocol Rx or Tx trace)
struct Ipv6Count
{
    uint16_t port{0};         //!< count datagrams to this UDP destination port (0: any)
    uint32_t packets{0};      //!< UDP datagrams
    uint64_t ipv6Bytes{0};    //!< their IPv6 bytes
    uint64_t payloadBytes{0}; //!< their UDP payload bytes
    uint32_t checksumsOk{0};  //!< those whose UDP checksum verifies (checksums enabled)
};

/// \param p a packet \return its bytes
Bytes
ToBytes(Ptr<const Packet> p)
{
    Bytes b(p->GetSize());
    p->CopyData(b.data(), b.size());
    return b;
}

/// \param out where to record \param socket a socket with data
void
OnReceive(std::vector<Received>* out, Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> p = socket->RecvFrom(from))
    {
        Inet6SocketAddress a = Inet6SocketAddress::ConvertFrom(from);
        out->push_back({Simulator::Now(), ToBytes(p), a.GetIpv6(), a.GetPort()});
    }
}

/// \param node a node \param port a port \param out where to record \return a UDP sink
Ptr<Socket>
MakeSink(Ptr<Node> node, uint16_t port, std::vector<Received>* out)
{
    Ptr<Socket> s = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    s->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), port));
    s->SetRecvCallback(MakeBoundCallback(&OnReceive, out));
    return s;
}

/// \param out where to record \param p payload \param s source \param t target
void
OnTx(std::vector<Sent>* out, Ptr<const Packet> p, Ipv6Address s, Ipv6Address t)
{
    out->push_back({ToBytes(p), s, t});
}

/// \param count the count \param packet an IPv6 packet
void
OnIpv6(Ipv6Count* count, Ptr<const Packet> packet, Ptr<Ipv6>, uint32_t)
{
    Ptr<Packet> p = packet->Copy();
    Ipv6Header ip;
    if (p->GetSize() < 48 || p->RemoveHeader(ip) == 0 || ip.GetNextHeader() != 17)
    {
        return;
    }
    UdpHeader udp;
    if (Node::ChecksumEnabled())
    {
        udp.EnableChecksums();
        udp.InitializeChecksum(ip.GetSource(), ip.GetDestination(), 17);
    }
    p->RemoveHeader(udp);
    if (count->port != 0 && udp.GetDestinationPort() != count->port)
    {
        return;
    }
    ++count->packets;
    count->ipv6Bytes += packet->GetSize();
    count->payloadBytes += p->GetSize();
    if (Node::ChecksumEnabled() && udp.IsChecksumOk())
    {
        ++count->checksumsOk;
    }
}

/// \param node a node \param trace "Rx" or "Tx" \param count what to count
void
CountIpv6(Ptr<Node> node, const std::string& trace, Ipv6Count* count)
{
    node->GetObject<Ipv6L3Protocol>()->TraceConnectWithoutContext(
        trace,
        MakeBoundCallback(&OnIpv6, count));
}

/// \param a an address \return its last 64 bits
uint64_t
InterfaceId(Ipv6Address a)
{
    uint8_t b[16];
    a.GetBytes(b);
    uint64_t id = 0;
    for (int i = 8; i < 16; ++i)
    {
        id = (id << 8) | b[i];
    }
    return id;
}

/// \param start first datagram \param stop application stop \param gap the gap
/// \return how many datagrams a constant-rate attacker sends: one at start + k * gap for
/// every k >= 0 with start + k * gap < stop (the stop event, scheduled first, wins a tie)
uint32_t
ConstantRateCount(Time start, Time stop, Time gap)
{
    uint32_t n = 0;
    for (Time t = start; t < stop; t += gap)
    {
        ++n;
    }
    return n;
}

/// Enables UDP checksums for the lifetime of the object, then restores the previous value
class ChecksumScope
{
  public:
    /// \param enable the value to set
    explicit ChecksumScope(bool enable)
    {
        BooleanValue old;
        GlobalValue::GetValueByName("ChecksumEnabled", old);
        m_old = old.Get();
        Config::SetGlobal("ChecksumEnabled", BooleanValue(enable));
    }

    ~ChecksumScope()
    {
        Config::SetGlobal("ChecksumEnabled", BooleanValue(m_old));
    }

  private:
    bool m_old; //!< the value before
};

/**
 * \brief A back-end host (node 0), an attacker (node 1) and a border router (node 2) on a
 * CSMA LAN (10 Mbit/s, 10 us, 2001:2::/64), and a node (node 3) behind the router (250 kbit/s
 * and 5 ms, 2001:3::/64), IPv6 only, routed: the back-end reaches the node through the router.
 */
struct AttackLan
{
    NodeContainer nodes;                   //!< back-end, attacker, router, node
    NetDeviceContainer lan;                //!< back-end, attacker, router
    NetDeviceContainer lln;                //!< router, node
    Ipv6Address backendAddress;            //!< the back-end's address
    Ipv6Address nodeAddress;               //!< the node's address
    const DataRate lanRate{"10Mbps"};      //!< LAN rate
    const Time lanDelay{MicroSeconds(10)}; //!< LAN delay

    AttackLan()
    {
        nodes.Create(4);
        CsmaHelper csma;
        csma.SetChannelAttribute("DataRate", DataRateValue(lanRate));
        csma.SetChannelAttribute("Delay", TimeValue(lanDelay));
        lan = csma.Install(NodeContainer(nodes.Get(0), nodes.Get(1), nodes.Get(2)));
        PointToPointHelper slow;
        slow.SetDeviceAttribute("DataRate", DataRateValue(llnRate));
        slow.SetChannelAttribute("Delay", TimeValue(llnDelay));
        lln = slow.Install(nodes.Get(2), nodes.Get(3));
        InternetStackHelper stack;
        stack.SetIpv4StackInstall(false);
        stack.Install(nodes);
        Ipv6AddressHelper addresses;
        addresses.SetBase(Ipv6Address("2001:2::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer lanIfs = addresses.Assign(lan);
        backendAddress = lanIfs.GetAddress(0, 1);
        Ipv6Address routerAddress = lanIfs.GetAddress(2, 1);
        addresses.SetBase(Ipv6Address("2001:3::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer llnIfs = addresses.Assign(lln);
        nodeAddress = llnIfs.GetAddress(1, 1);
        Ptr<Ipv6> router = nodes.Get(2)->GetObject<Ipv6>();
        router->SetForwarding(router->GetInterfaceForDevice(lan.Get(2)), true);
        router->SetForwarding(router->GetInterfaceForDevice(lln.Get(0)), true);
        Ipv6StaticRoutingHelper routing;
        Ptr<Ipv6> backend = nodes.Get(0)->GetObject<Ipv6>();
        routing.GetStaticRouting(backend)->AddNetworkRouteTo(
            Ipv6Address("2001:3::"),
            Ipv6Prefix(64),
            routerAddress,
            backend->GetInterfaceForDevice(lan.Get(0)));
        Ptr<Ipv6> node = nodes.Get(3)->GetObject<Ipv6>();
        routing.GetStaticRouting(node)->SetDefaultRoute(llnIfs.GetAddress(0, 1),
                                                        node->GetInterfaceForDevice(lln.Get(1)));
    }

    const DataRate llnRate{"250kbps"};    //!< LLN rate
    const Time llnDelay{MilliSeconds(5)}; //!< LLN delay

    /// \param ipv6Bytes an IPv6 packet's size \return the time it takes from the node to the
    /// back-end: the LLN link (PPP header 2) and the LAN, transmission and propagation
    Time NodeToBackend(uint32_t ipv6Bytes) const
    {
        return llnRate.CalculateBytesTxTime(2 + ipv6Bytes) + llnDelay + LanTxTime(ipv6Bytes) +
               lanDelay;
    }

    /// \param ipv6Bytes an IPv6 packet's size \return its transmission time on the LAN
    /// (Ethernet header 14 and FCS 4 around it, DIX encapsulation, no padding above 46 bytes)
    Time LanTxTime(uint32_t ipv6Bytes) const
    {
        return lanRate.CalculateBytesTxTime(14 + ipv6Bytes + 4);
    }
};

} // namespace

/**
 * \ingroup iotsec-tests
 * \brief RawIpv6Injector: the next hop on a link, the attacker's own address, and the IPv6
 * packet it builds (header fields, and a UDP checksum over the spoofed source).
 */
class AttackInjectorTestCase : public TestCase
{
  public:
    AttackInjectorTestCase()
        : TestCase("RawIpv6Injector: next hop, own address, headers and checksum")
    {
    }

  private:
    void DoRun() override
    {
        iotsectest::BorderRouterPath path;
        Ptr<NetDevice> host = path.internet.Get(0);
        NS_TEST_ASSERT_MSG_EQ((RawIpv6Injector::NextHopOnLink(host, path.nodes.Get(1)) ==
                               path.internet.Get(1)->GetAddress()),
                              true,
                              "the router's device on the host's link");
        NS_TEST_ASSERT_MSG_EQ(RawIpv6Injector::NextHopOnLink(host, path.nodes.Get(2)).IsInvalid(),
                              true,
                              "the node has no device on the host's link");
        Ptr<Ipv6> ipv6 = path.nodes.Get(0)->GetObject<Ipv6>();
        Ipv6Address own = ipv6->GetAddress(ipv6->GetInterfaceForDevice(host), 1).GetAddress();
        NS_TEST_ASSERT_MSG_EQ(RawIpv6Injector::OwnAddress(host), own, "the host's global address");

        const Ipv6Address spoofed("2001:db8::7");
        Ptr<Packet> payload = Create<Packet>(10);
        for (bool checksums : {false, true})
        {
            ChecksumScope scope(checksums);
            Ptr<Packet> p =
                RawIpv6Injector::BuildUdp(payload, spoofed, 1234, path.nodeAddress, 5683);
            IOTSEC_TEST_REQUIRE(p, "built");
            NS_TEST_ASSERT_MSG_EQ(p->GetSize(), 40u + 8u + 10u, "IPv6, UDP, payload");
            Ipv6Header ip;
            p->RemoveHeader(ip);
            NS_TEST_ASSERT_MSG_EQ(ip.GetSource(), spoofed, "spoofed source");
            NS_TEST_ASSERT_MSG_EQ(ip.GetDestination(), path.nodeAddress, "destination");
            NS_TEST_ASSERT_MSG_EQ(static_cast<int>(ip.GetHopLimit()), 64, "hop limit");
            NS_TEST_ASSERT_MSG_EQ(ip.GetNextHeader(), 17, "UDP");
            NS_TEST_ASSERT_MSG_EQ(ip.GetPayloadLength(), 18, "UDP header and payload");
            Ptr<Packet> copy = p->Copy();
            UdpHeader udp;
            udp.EnableChecksums();
            udp.InitializeChecksum(spoofed, path.nodeAddress, 17);
            p->RemoveHeader(udp);
            NS_TEST_ASSERT_MSG_EQ(udp.GetSourcePort(), 1234, "source port");
            NS_TEST_ASSERT_MSG_EQ(udp.GetDestinationPort(), 5683, "destination port");
            // The checksum field itself (UDP header bytes 6 and 7): how ns-3 judges a zero
            // checksum differs between releases
            uint8_t raw[8];
            copy->CopyData(raw, sizeof(raw));
            uint16_t field = static_cast<uint16_t>((raw[6] << 8) | raw[7]);
            if (!checksums)
            {
                NS_TEST_ASSERT_MSG_EQ(field, 0, "no checksum when disabled");
                continue;
            }
            NS_TEST_ASSERT_MSG_NE(field, 0, "a checksum");
            NS_TEST_ASSERT_MSG_EQ(udp.IsChecksumOk(), true, "over the spoofed source");
            UdpHeader other;
            other.EnableChecksums();
            other.InitializeChecksum(own, path.nodeAddress, 17);
            copy->RemoveHeader(other);
            NS_TEST_ASSERT_MSG_EQ(other.IsChecksumOk(), false, "not over the real source");
        }
        NS_TEST_ASSERT_MSG_EQ(
            (RawIpv6Injector::BuildUdp(Create<Packet>(65535 - 7), own, 1, own, 1) == nullptr),
            true,
            "too large for UDP: refused, no crash");
        Simulator::Destroy();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief A constant-rate flood from N spoofed sources on the border-router path: exactly the
 * datagrams the rate puts between start and stop reach the node, each from
 * SpoofPrefix::1..N, and all N sources appear.
 */
class AttackFloodRateTestCase : public TestCase
{
  public:
    /// \param sources SpoofedSources
    explicit AttackFloodRateTestCase(uint32_t sources)
        : TestCase("flood at a constant rate from " + std::to_string(sources) + " spoofed sources"),
          m_sources(sources)
    {
    }

  private:
    void DoRun() override
    {
        iotsectest::BorderRouterPath path;
        path.Route();
        const double rate = 40;
        const Time start = Seconds(2);
        const Time stop = Seconds(4.5);
        const Ipv6Address prefix("2001:db8:bad::");
        AttackHelper attack;
        attack.SetAttribute("Rate", DoubleValue(rate));
        attack.SetAttribute("Payload", EnumValue(FloodAttackApplication::COAP_NON));
        attack.SetAttribute("SpoofedSources", UintegerValue(m_sources));
        attack.SetAttribute("SpoofPrefix", Ipv6AddressValue(prefix));
        ApplicationContainer apps = attack.InstallFlood(NetDeviceContainer(path.internet.Get(0)),
                                                        path.nodes.Get(1),
                                                        {path.nodeAddress});
        attack.AssignStreams(apps, 7);
        apps.Start(start);
        apps.Stop(stop);
        std::vector<Received> received;
        Ptr<Socket> sink = MakeSink(path.nodes.Get(2), 5683, &received);
        Simulator::Stop(stop + Seconds(2));
        Simulator::Run();

        const uint32_t expected = ConstantRateCount(start, stop, Seconds(1.0 / rate));
        const double nominal = rate * (stop - start).GetSeconds();
        NS_TEST_ASSERT_MSG_EQ((std::abs(expected - std::floor(nominal)) <= 1),
                              true,
                              "floor(rate * duration) +/- 1");
        auto app = DynamicCast<FloodAttackApplication>(apps.Get(0));
        NS_TEST_ASSERT_MSG_EQ(app->GetSentPackets(), expected, "sent");
        NS_TEST_ASSERT_MSG_EQ(received.size(), expected, "every datagram reached the node");
        std::set<uint64_t> ids;
        for (const Received& r : received)
        {
            NS_TEST_ASSERT_MSG_EQ(Ipv6Prefix(64).IsMatch(r.source, prefix),
                                  true,
                                  "source " << r.source << " in the spoof prefix");
            uint64_t id = InterfaceId(r.source);
            NS_TEST_ASSERT_MSG_EQ((id >= 1 && id <= m_sources), true, "IID " << id << " in 1..N");
            ids.insert(id);
        }
        NS_TEST_ASSERT_MSG_EQ(ids.size(), m_sources, "all N sources appear");
        sink->Close();
        Simulator::Destroy();
    }

    uint32_t m_sources; //!< SpoofedSources
};

/**
 * \ingroup iotsec-tests
 * \brief A Poisson flood: the count is within five standard deviations of Rate x duration,
 * the gaps vary, and AssignStreams makes a run reproducible (the same stream gives the same
 * datagrams at the same times from the same sources; another stream does not).
 */
class AttackPoissonTestCase : public TestCase
{
  public:
    AttackPoissonTestCase()
        : TestCase("Poisson flood, reproducible with AssignStreams")
    {
    }

  private:
    /// What one run produced
    struct Run
    {
        std::vector<Sent> sent;  //!< the Tx trace
        std::vector<Time> at;    //!< when each datagram was received
        uint64_t sentPackets{0}; //!< the counter
    };

    /// \param stream the first stream \return what the run produced
    Run Flood(int64_t stream)
    {
        iotsectest::BorderRouterPath path;
        path.Route();
        AttackHelper attack;
        attack.SetAttribute("Rate", DoubleValue(m_rate));
        attack.SetAttribute("Poisson", BooleanValue(true));
        attack.SetAttribute("SpoofedSources", UintegerValue(3));
        ApplicationContainer apps = attack.InstallFlood(NetDeviceContainer(path.internet.Get(0)),
                                                        path.nodes.Get(1),
                                                        {path.nodeAddress});
        NS_TEST_EXPECT_MSG_EQ(attack.AssignStreams(apps, stream), 2, "two streams");
        apps.Start(m_start);
        apps.Stop(m_stop);
        Run run;
        apps.Get(0)->TraceConnectWithoutContext("Tx", MakeBoundCallback(&OnTx, &run.sent));
        std::vector<Received> received;
        Ptr<Socket> sink = MakeSink(path.nodes.Get(2), 5683, &received);
        Simulator::Stop(m_stop + Seconds(2));
        Simulator::Run();
        run.sentPackets = DynamicCast<FloodAttackApplication>(apps.Get(0))->GetSentPackets();
        for (const Received& r : received)
        {
            run.at.push_back(r.at);
        }
        sink->Close();
        Simulator::Destroy();
        return run;
    }

    void DoRun() override
    {
        Run a = Flood(5);
        Run b = Flood(5);
        Run c = Flood(9);
        const double mean = m_rate * (m_stop - m_start).GetSeconds();
        NS_TEST_ASSERT_MSG_EQ_TOL(static_cast<double>(a.sentPackets),
                                  mean,
                                  5 * std::sqrt(mean),
                                  "Poisson count within five standard deviations");
        NS_TEST_ASSERT_MSG_EQ(a.at.size(), a.sentPackets, "every datagram arrived");
        std::set<int64_t> gaps;
        for (std::size_t i = 1; i < a.at.size(); ++i)
        {
            gaps.insert((a.at[i] - a.at[i - 1]).GetNanoSeconds());
        }
        NS_TEST_ASSERT_MSG_GT(gaps.size(), a.at.size() / 2, "the gaps vary");
        NS_TEST_ASSERT_MSG_EQ((a.at == b.at), true, "the same stream, the same times");
        IOTSEC_TEST_REQUIRE(a.sent.size() == b.sent.size(), "the same count");
        bool same = true;
        for (std::size_t i = 0; i < a.sent.size(); ++i)
        {
            same = same && a.sent[i].payload == b.sent[i].payload &&
                   a.sent[i].source == b.sent[i].source;
        }
        NS_TEST_ASSERT_MSG_EQ(same, true, "the same datagrams from the same sources");
        NS_TEST_ASSERT_MSG_EQ((a.at != c.at), true, "another stream, other times");
    }

    const double m_rate{100};       //!< mean rate
    const Time m_start{Seconds(2)}; //!< start
    const Time m_stop{Seconds(4)};  //!< stop
};

/**
 * \ingroup iotsec-tests
 * \brief Each payload kind, sent through the injector from the attacker's own address: what
 * reaches the node is byte for byte what the Tx trace reported, and parses as the kind says
 * (a ClientHello record with an empty cookie and fresh randoms, an epoch-1 application_data
 * record, a CoAP GET of the Uri-Path with fresh message IDs).
 */
class AttackFloodPayloadTestCase : public TestCase
{
  public:
    /// \param payload the payload kind
    explicit AttackFloodPayloadTestCase(FloodAttackApplication::Payload payload)
        : TestCase("flood payload " + FloodAttackApplication::PayloadName(payload)),
          m_payload(payload)
    {
    }

  private:
    void DoRun() override
    {
        iotsectest::BorderRouterPath path;
        path.Route();
        const uint32_t count = 6;
        const uint16_t port = m_payload == FloodAttackApplication::DTLS_CLIENT_HELLO ||
                                      m_payload == FloodAttackApplication::DTLS_BAD_RECORD
                                  ? 5684
                                  : 5683;
        AttackHelper attack;
        attack.SetAttribute("Payload", EnumValue(m_payload));
        attack.SetAttribute("DestinationPort", UintegerValue(port));
        attack.SetAttribute("MaxPackets", UintegerValue(count));
        attack.SetAttribute("Rate", DoubleValue(20));
        attack.SetAttribute("UriPath", StringValue("lights/3"));
        ApplicationContainer apps = attack.InstallFlood(NetDeviceContainer(path.internet.Get(0)),
                                                        path.nodes.Get(1),
                                                        {path.nodeAddress});
        attack.AssignStreams(apps, 3);
        apps.Start(Seconds(2));
        std::vector<Sent> sent;
        apps.Get(0)->TraceConnectWithoutContext("Tx", MakeBoundCallback(&OnTx, &sent));
        std::vector<Received> received;
        Ptr<Socket> sink = MakeSink(path.nodes.Get(2), port, &received);
        Simulator::Stop(Seconds(5));
        Simulator::Run();

        const Ipv6Address own = RawIpv6Injector::OwnAddress(path.internet.Get(0));
        IOTSEC_TEST_REQUIRE(sent.size() == count, "MaxPackets datagrams sent");
        IOTSEC_TEST_REQUIRE(received.size() == count, "all received");
        auto app = DynamicCast<FloodAttackApplication>(apps.Get(0));
        uint64_t bytes = 0;
        for (uint32_t i = 0; i < count; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ((received[i].payload == sent[i].payload), true, "byte for byte");
            NS_TEST_ASSERT_MSG_EQ(received[i].source, own, "from the attacker's own address");
            NS_TEST_ASSERT_MSG_EQ(sent[i].source, own, "traced source");
            NS_TEST_ASSERT_MSG_EQ(sent[i].target, path.nodeAddress, "traced target");
            bytes += sent[i].payload.size();
        }
        NS_TEST_ASSERT_MSG_EQ(app->GetSentBytes(), bytes, "UDP payload bytes");
        NS_TEST_ASSERT_MSG_EQ(app->GetSentIpv6Bytes(), bytes + 48 * count, "IPv6 bytes");

        if (m_payload == FloodAttackApplication::DTLS_CLIENT_HELLO)
        {
            std::vector<Bytes> randoms;
            for (const Sent& s : sent)
            {
                std::vector<DtlsRecord> records;
                std::string error;
                IOTSEC_TEST_REQUIRE(
                    DtlsRecord::ParseDatagram(s.payload.data(), s.payload.size(), records, &error),
                    "a DTLS datagram: " << error);
                IOTSEC_TEST_REQUIRE(records.size() == 1, "one record");
                NS_TEST_ASSERT_MSG_EQ(records[0].type, dtls::HANDSHAKE, "handshake");
                NS_TEST_ASSERT_MSG_EQ(records[0].epoch, 0, "epoch 0");
                NS_TEST_ASSERT_MSG_EQ(records[0].version, dtls::DTLS_1_2, "DTLS 1.2");
                std::vector<DtlsHandshakeFragment> fragments;
                IOTSEC_TEST_REQUIRE(
                    DtlsHandshakeFragment::ParseAll(records[0].fragment, fragments, &error),
                    "a handshake message: " << error);
                IOTSEC_TEST_REQUIRE(fragments.size() == 1, "one message");
                NS_TEST_ASSERT_MSG_EQ(fragments[0].msgType, dtls::CLIENT_HELLO, "ClientHello");
                NS_TEST_ASSERT_MSG_EQ(fragments[0].fragmentOffset, 0u, "whole");
                NS_TEST_ASSERT_MSG_EQ(fragments[0].length, fragments[0].body.size(), "whole");
                DtlsClientHello hello;
                IOTSEC_TEST_REQUIRE(hello.Parse(fragments[0].body, true, &error),
                                    "a ClientHello: " << error);
                NS_TEST_ASSERT_MSG_EQ(hello.cookie.size(), 0u, "empty cookie");
                NS_TEST_ASSERT_MSG_EQ(hello.random.size(), 32u, "32-byte random");
                IOTSEC_TEST_REQUIRE(hello.cipherSuites.size() == 1, "one suite");
                NS_TEST_ASSERT_MSG_EQ(hello.cipherSuites[0], 0xc0a8, "PSK_WITH_AES_128_CCM_8");
                randoms.push_back(hello.random);
            }
            for (std::size_t i = 1; i < randoms.size(); ++i)
            {
                NS_TEST_ASSERT_MSG_EQ((randoms[i] != randoms[i - 1]), true, "fresh random");
            }
        }
        else if (m_payload == FloodAttackApplication::DTLS_BAD_RECORD)
        {
            uint64_t last = 0;
            for (const Sent& s : sent)
            {
                std::vector<DtlsRecord> records;
                IOTSEC_TEST_REQUIRE(
                    DtlsRecord::ParseDatagram(s.payload.data(), s.payload.size(), records, nullptr),
                    "a DTLS datagram");
                IOTSEC_TEST_REQUIRE(records.size() == 1, "one record");
                NS_TEST_ASSERT_MSG_EQ(records[0].type, dtls::APPLICATION_DATA, "type 23");
                NS_TEST_ASSERT_MSG_EQ(records[0].epoch, 1, "epoch 1");
                NS_TEST_ASSERT_MSG_EQ(records[0].fragment.size(),
                                      8u + 16u + 8u,
                                      "nonce, data, tag");
                NS_TEST_ASSERT_MSG_GT(records[0].sequence, last, "fresh sequence numbers");
                last = records[0].sequence;
            }
        }
        else
        {
            const bool con = m_payload == FloodAttackApplication::COAP_CON;
            std::vector<CoapMessage> messages;
            for (const Sent& s : sent)
            {
                CoapMessage m;
                std::string error;
                IOTSEC_TEST_REQUIRE(
                    CoapMessage::Parse(s.payload.data(), s.payload.size(), m, &error),
                    "CoAP: " << error);
                NS_TEST_ASSERT_MSG_EQ(m.GetCode(), CoapCode::GET, "GET");
                NS_TEST_ASSERT_MSG_EQ(m.GetType(),
                                      (con ? CoapMessage::CON : CoapMessage::NON),
                                      "type");
                NS_TEST_ASSERT_MSG_EQ(m.GetUriPath(), "/lights/3", "Uri-Path");
                NS_TEST_ASSERT_MSG_EQ(m.GetToken().size(), 4u, "token");
                messages.push_back(m);
            }
            for (std::size_t i = 1; i < messages.size(); ++i)
            {
                NS_TEST_ASSERT_MSG_NE(messages[i].GetMessageId(),
                                      messages[i - 1].GetMessageId(),
                                      "fresh message ID");
            }
        }
        sink->Close();
        Simulator::Destroy();
    }

    FloodAttackApplication::Payload m_payload; //!< the payload kind
};

/**
 * \ingroup iotsec-tests
 * \brief A flood without SetDevice(): through the node's UDP socket, from its own address.
 */
class AttackFloodSocketTestCase : public TestCase
{
  public:
    AttackFloodSocketTestCase()
        : TestCase("flood through a socket, from the attacker's own address")
    {
    }

  private:
    void DoRun() override
    {
        iotsectest::BorderRouterPath path;
        path.Route();
        const uint32_t count = 4;
        AttackHelper attack;
        attack.SetAttribute("MaxPackets", UintegerValue(count));
        attack.SetAttribute("SourcePort", UintegerValue(40000));
        ApplicationContainer apps =
            attack.InstallFlood(NodeContainer(path.nodes.Get(0)), {path.nodeAddress});
        attack.AssignStreams(apps, 1);
        apps.Start(Seconds(2));
        std::vector<Sent> sent;
        apps.Get(0)->TraceConnectWithoutContext("Tx", MakeBoundCallback(&OnTx, &sent));
        std::vector<Received> received;
        Ptr<Socket> sink = MakeSink(path.nodes.Get(2), 5683, &received);
        Simulator::Stop(Seconds(5));
        Simulator::Run();

        const Ipv6Address own = RawIpv6Injector::OwnAddress(path.internet.Get(0));
        auto app = DynamicCast<FloodAttackApplication>(apps.Get(0));
        NS_TEST_ASSERT_MSG_EQ(app->GetSentPackets(), count, "MaxPackets");
        IOTSEC_TEST_REQUIRE(received.size() == count, "all received");
        IOTSEC_TEST_REQUIRE(sent.size() == count, "all traced");
        for (uint32_t i = 0; i < count; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(received[i].source, own, "the host's own address");
            NS_TEST_ASSERT_MSG_EQ(sent[i].source, own, "traced as the source");
            NS_TEST_ASSERT_MSG_EQ(received[i].sourcePort, 40000, "SourcePort");
            NS_TEST_ASSERT_MSG_EQ((received[i].payload == sent[i].payload), true, "the payload");
        }
        NS_TEST_ASSERT_MSG_EQ(app->GetSentIpv6Bytes(), app->GetSentBytes() + 48 * count, "IPv6");
        sink->Close();
        Simulator::Destroy();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief With checksums enabled, every spoofed datagram's UDP checksum verifies at the
 * receiving node (which drops a datagram whose checksum fails), through the router or through
 * 6LoWPAN (the injector on a SixLowPanNetDevice over CSMA: compressed, then decompressed).
 */
class AttackSpoofedChecksumTestCase : public TestCase
{
  public:
    /// \param sixLowPan through 6LoWPAN over CSMA instead of the border-router path
    /// \param checksums checksums enabled
    AttackSpoofedChecksumTestCase(bool sixLowPan, bool checksums)
        : TestCase(std::string("spoofed datagrams ") +
                   (sixLowPan ? "through 6LoWPAN" : "through the router") +
                   (checksums ? ", checksums verified" : ", checksums disabled")),
          m_sixLowPan(sixLowPan),
          m_checksums(checksums)
    {
    }

  private:
    void DoRun() override
    {
        ChecksumScope scope(m_checksums);
        const uint32_t count = 10;
        const uint32_t sources = 3;
        NodeContainer nodes;
        Ptr<NetDevice> attackerDevice;
        Ptr<Node> nextHop;
        Ptr<Node> receiver;
        Ipv6Address target;
        iotsectest::BorderRouterPath path;
        if (m_sixLowPan)
        {
            nodes.Create(2);
            CsmaHelper csma;
            NetDeviceContainer lan = csma.Install(nodes);
            SixLowPanHelper sixLowPan;
            NetDeviceContainer six = sixLowPan.Install(lan);
            InternetStackHelper stack;
            stack.SetIpv4StackInstall(false);
            stack.Install(nodes);
            Ipv6AddressHelper addresses;
            addresses.SetBase(Ipv6Address("2001:5::"), Ipv6Prefix(64));
            target = addresses.Assign(six).GetAddress(1, 1);
            attackerDevice = six.Get(0);
            nextHop = nodes.Get(1);
            receiver = nodes.Get(1);
        }
        else
        {
            path.Route();
            attackerDevice = path.internet.Get(0);
            nextHop = path.nodes.Get(1);
            receiver = path.nodes.Get(2);
            target = path.nodeAddress;
        }
        AttackHelper attack;
        attack.SetAttribute("MaxPackets", UintegerValue(count));
        attack.SetAttribute("SpoofedSources", UintegerValue(sources));
        attack.SetAttribute("Rate", DoubleValue(20));
        ApplicationContainer apps =
            attack.InstallFlood(NetDeviceContainer(attackerDevice), nextHop, {target});
        attack.AssignStreams(apps, 11);
        apps.Start(Seconds(2));
        std::vector<Sent> sent;
        apps.Get(0)->TraceConnectWithoutContext("Tx", MakeBoundCallback(&OnTx, &sent));
        std::vector<Received> received;
        Ptr<Socket> sink = MakeSink(receiver, 5683, &received);
        Ipv6Count atNode;
        atNode.port = 5683;
        CountIpv6(receiver, "Rx", &atNode);
        Simulator::Stop(Seconds(5));
        Simulator::Run();

        IOTSEC_TEST_REQUIRE(sent.size() == count, "sent");
        NS_TEST_ASSERT_MSG_EQ(atNode.packets, count, "reached the node's IPv6 layer");
        NS_TEST_ASSERT_MSG_EQ(atNode.checksumsOk, (m_checksums ? count : 0), "checksums verify");
        IOTSEC_TEST_REQUIRE(received.size() == count, "and its socket");
        for (uint32_t i = 0; i < count; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(received[i].source, sent[i].source, "the spoofed source");
            NS_TEST_ASSERT_MSG_EQ(
                Ipv6Prefix(64).IsMatch(received[i].source, Ipv6Address("2001:db8:bad::")),
                true,
                "in the default spoof prefix");
            NS_TEST_ASSERT_MSG_EQ((received[i].payload == sent[i].payload), true, "the payload");
        }
        sink->Close();
        Simulator::Destroy();
    }

    bool m_sixLowPan; //!< through 6LoWPAN
    bool m_checksums; //!< checksums enabled
};

/**
 * \ingroup iotsec-tests
 * \brief The replaying tap on the LAN in front of the border router: the back-end sends K
 * CoAP NON datagrams to the node; the tap captures them and sends them again Delay later; the
 * node's socket receives each twice, byte-identical, the copy exactly Delay plus one LAN hop
 * (transmission and propagation) after the original, from the original source (or from
 * SpoofedSource). The tap's own frames are not captured again (no third copy).
 */
class AttackReplayTestCase : public TestCase
{
  public:
    /// \param spoof replay from SpoofedSource instead of the original source
    explicit AttackReplayTestCase(bool spoof)
        : TestCase(spoof ? "replay with a spoofed source" : "replay with the original source"),
          m_spoof(spoof)
    {
    }

  private:
    void DoRun() override
    {
        AttackLan net;
        const uint32_t k = 3;
        const Time delay = MilliSeconds(300);
        const Ipv6Address spoofed("2001:db8::99");
        AttackHelper attack;
        attack.SetAttribute("CapturePrefix", Ipv6AddressValue(Ipv6Address("2001:3::")));
        attack.SetAttribute("CapturePort", UintegerValue(5683));
        attack.SetAttribute("Delay", TimeValue(delay));
        if (m_spoof)
        {
            attack.SetAttribute("SpoofedSource", Ipv6AddressValue(spoofed));
        }
        ApplicationContainer apps =
            attack.InstallReplay(NetDeviceContainer(net.lan.Get(1)), net.nodes.Get(2));
        apps.Start(Seconds(1));
        std::vector<Sent> captured;
        std::vector<Sent> replayed;
        apps.Get(0)->TraceConnectWithoutContext("Captured", MakeBoundCallback(&OnTx, &captured));
        apps.Get(0)->TraceConnectWithoutContext("Replayed", MakeBoundCallback(&OnTx, &replayed));

        std::vector<Received> received;
        Ptr<Socket> sink = MakeSink(net.nodes.Get(3), 5683, &received);
        Ptr<Socket> backend = Socket::CreateSocket(net.nodes.Get(0), UdpSocketFactory::GetTypeId());
        backend->Bind6();
        std::vector<Bytes> originals;
        for (uint32_t i = 0; i < k; ++i)
        {
            CoapMessage m(CoapMessage::NON, CoapCode::PUT, static_cast<uint16_t>(0x100 + i));
            m.SetToken({static_cast<uint8_t>(i)});
            m.SetUriPath("/lights/3");
            m.SetPayload(i % 2 ? "on" : "off");
            originals.push_back(m.Serialize());
            const Bytes bytes = originals.back();
            Simulator::Schedule(Seconds(3 + i), [backend, bytes, to = net.nodeAddress]() {
                backend->SendTo(Create<Packet>(bytes.data(), bytes.size()),
                                0,
                                Inet6SocketAddress(to, 5683));
            });
        }
        // a datagram to another port of the node is not captured
        Simulator::Schedule(Seconds(6.5), [backend, to = net.nodeAddress]() {
            backend->SendTo(Create<Packet>(20), 0, Inet6SocketAddress(to, 9));
        });
        Simulator::Stop(Seconds(9));
        Simulator::Run();

        auto app = DynamicCast<ReplayAttackApplication>(apps.Get(0));
        NS_TEST_ASSERT_MSG_EQ(app->GetCapturedPackets(), k, "captured the K datagrams only");
        NS_TEST_ASSERT_MSG_EQ(app->GetReplayedPackets(), k, "replayed each once");
        NS_TEST_ASSERT_MSG_EQ(captured.size(), k, "Captured trace");
        NS_TEST_ASSERT_MSG_EQ(replayed.size(), k, "Replayed trace");
        IOTSEC_TEST_REQUIRE(received.size() == 2 * k, "each received twice, no third copy");
        const Ipv6Address backendAddress = net.backendAddress;
        for (uint32_t i = 0; i < k; ++i)
        {
            const Received& original = received[2 * i];
            const Received& copy = received[2 * i + 1];
            NS_TEST_ASSERT_MSG_EQ((original.payload == originals[i]), true, "the original");
            NS_TEST_ASSERT_MSG_EQ((copy.payload == original.payload), true, "byte-identical");
            NS_TEST_ASSERT_MSG_EQ(original.source, backendAddress, "from the back-end");
            NS_TEST_ASSERT_MSG_EQ(copy.source,
                                  (m_spoof ? spoofed : backendAddress),
                                  "the replay's source");
            NS_TEST_ASSERT_MSG_EQ(copy.sourcePort, original.sourcePort, "the same port");
            const Time expected =
                delay + net.LanTxTime(40 + 8 + originals[i].size()) + net.lanDelay;
            NS_TEST_ASSERT_MSG_EQ(copy.at - original.at,
                                  expected,
                                  "Delay plus one LAN hop after the original");
            NS_TEST_ASSERT_MSG_EQ((captured[i].payload == originals[i]), true, "captured bytes");
            NS_TEST_ASSERT_MSG_EQ(captured[i].source, backendAddress, "captured source");
            NS_TEST_ASSERT_MSG_EQ(captured[i].target, net.nodeAddress, "captured destination");
        }
        sink->Close();
        backend->Close();
        Simulator::Destroy();
    }

    bool m_spoof; //!< SpoofedSource set
};

/**
 * \ingroup iotsec-tests
 * \brief Amplification: the attacker sends CoAP GETs from the back-end's address (the victim)
 * to a node running a CoAP server; the victim receives the node's answers although it never
 * sent a datagram; the request bytes the attacker counts are the bytes the node received; the
 * answers are larger (the amplification), or block-sized with Block2, or keep coming after
 * the attack with Observe.
 */
class AttackAmplificationTestCase : public TestCase
{
  public:
    /// \param block2Size Block2Size \param observe Observe
    AttackAmplificationTestCase(uint32_t block2Size, bool observe)
        : TestCase("amplification" +
                   (block2Size ? " with Block2 " + std::to_string(block2Size) : std::string()) +
                   (observe ? " with Observe" : "")),
          m_block2Size(block2Size),
          m_observe(observe)
    {
    }

  private:
    void DoRun() override
    {
        AttackLan net;
        const uint32_t requests = m_observe ? 1 : 5;
        CoapHelper coap;
        coap.SetServerAttribute(
            "Resources",
            StringValue("static /info hello ct=0 rt=info title=information;settable /lights/3 "
                        "off rt=light if=actuator;observable /temp 1s rt=temperature"));
        ApplicationContainer server = coap.InstallServer(NodeContainer(net.nodes.Get(3)));
        CoapHelper::AssignStreams(server, 50);
        server.Start(Seconds(1));

        AttackHelper attack;
        attack.SetAttribute("Victim", Ipv6AddressValue(net.backendAddress));
        attack.SetAttribute("VictimPort", UintegerValue(5683));
        attack.SetAttribute("MaxPackets", UintegerValue(requests));
        attack.SetAttribute("Rate", DoubleValue(10));
        attack.SetAttribute("Block2Size", UintegerValue(m_block2Size));
        attack.SetAttribute("Observe", BooleanValue(m_observe));
        if (m_observe)
        {
            attack.SetAttribute("UriPath", StringValue("temp"));
        }
        ApplicationContainer apps = attack.InstallAmplification(NetDeviceContainer(net.lan.Get(1)),
                                                                net.nodes.Get(2),
                                                                {net.nodeAddress});
        attack.AssignStreams(apps, 20);
        apps.Start(Seconds(3));
        std::vector<Sent> sent;
        apps.Get(0)->TraceConnectWithoutContext("Tx", MakeBoundCallback(&OnTx, &sent));

        std::vector<Received> atVictim;
        Ptr<Socket> victim = MakeSink(net.nodes.Get(0), 5683, &atVictim);
        Ipv6Count victimSent;
        CountIpv6(net.nodes.Get(0), "Tx", &victimSent);
        Ipv6Count atNode;
        atNode.port = 5683;
        CountIpv6(net.nodes.Get(3), "Rx", &atNode);
        Simulator::Stop(Seconds(8));
        Simulator::Run();

        auto app = DynamicCast<AmplificationAttackApplication>(apps.Get(0));
        IOTSEC_TEST_REQUIRE(sent.size() == requests, "requests sent");
        NS_TEST_ASSERT_MSG_EQ(app->GetSentPackets(), requests, "counted");
        NS_TEST_ASSERT_MSG_EQ(atNode.packets, requests, "the node received every request");
        NS_TEST_ASSERT_MSG_EQ(app->GetSentBytes(), atNode.payloadBytes, "UDP payload bytes");
        NS_TEST_ASSERT_MSG_EQ(app->GetSentIpv6Bytes(), atNode.ipv6Bytes, "IPv6 bytes");
        NS_TEST_ASSERT_MSG_EQ(victimSent.packets, 0u, "the victim never sent a datagram");

        std::set<uint16_t> ids;
        for (const Sent& s : sent)
        {
            NS_TEST_ASSERT_MSG_EQ(s.source, net.backendAddress, "the victim's address");
            CoapMessage m;
            IOTSEC_TEST_REQUIRE(CoapMessage::Parse(s.payload.data(), s.payload.size(), m, nullptr),
                                "a CoAP request");
            NS_TEST_ASSERT_MSG_EQ(m.GetType(), CoapMessage::CON, "CON by default");
            NS_TEST_ASSERT_MSG_EQ(m.GetUriPath(),
                                  (m_observe ? "/temp" : "/.well-known/core"),
                                  "Uri-Path");
            NS_TEST_ASSERT_MSG_EQ(m.GetObserve().has_value(), m_observe, "Observe");
            NS_TEST_ASSERT_MSG_EQ(m.GetBlock2().has_value(), (m_block2Size != 0), "Block2");
            ids.insert(m.GetMessageId());
        }
        NS_TEST_ASSERT_MSG_EQ(ids.size(), requests, "fresh message IDs");

        uint64_t answered = 0;
        uint32_t acks = 0;
        for (const Received& r : atVictim)
        {
            answered += r.payload.size();
            NS_TEST_ASSERT_MSG_EQ(r.source, net.nodeAddress, "from the node");
            CoapMessage m;
            IOTSEC_TEST_REQUIRE(CoapMessage::Parse(r.payload.data(), r.payload.size(), m, nullptr),
                                "a CoAP response");
            NS_TEST_ASSERT_MSG_EQ(m.GetCode(), CoapCode::CONTENT, "2.05 Content");
            if (m.GetType() == CoapMessage::ACK)
            {
                ++acks;
                NS_TEST_ASSERT_MSG_EQ(ids.count(m.GetMessageId()), 1u, "answers a request");
            }
            if (m_block2Size != 0)
            {
                IOTSEC_TEST_REQUIRE(m.GetBlock2().has_value(), "Block2 in the answer");
                NS_TEST_ASSERT_MSG_EQ(m.GetBlock2()->num, 0u, "block 0");
                NS_TEST_ASSERT_MSG_EQ(m.GetPayload().size(), m_block2Size, "one block");
            }
        }
        NS_TEST_ASSERT_MSG_EQ(acks, requests, "one piggy-backed answer per request");
        if (m_observe)
        {
            // /temp changes every second from the server's start (1 s): the first change after
            // the registration (3 s plus the path) is at 4 s, and the node notifies the victim
            // then, although the attacker sent nothing more
            const Received* first = nullptr;
            for (const Received& r : atVictim)
            {
                CoapMessage m;
                CoapMessage::Parse(r.payload.data(), r.payload.size(), m, nullptr);
                if (!first && m.GetType() != CoapMessage::ACK && m.GetObserve().has_value())
                {
                    first = &r;
                }
            }
            IOTSEC_TEST_REQUIRE(first, "a notification reached the victim");
            NS_TEST_ASSERT_MSG_EQ(first->at,
                                  Seconds(4) + net.NodeToBackend(40 + 8 + first->payload.size()),
                                  "the first change after the registration, one path later");
            NS_TEST_ASSERT_MSG_GT(atVictim.size(), requests, "more answers than requests");
        }
        else
        {
            NS_TEST_ASSERT_MSG_EQ(atVictim.size(), requests, "one answer per request");
        }
        NS_TEST_ASSERT_MSG_GT(answered, app->GetSentBytes(), "the victim gets more than was sent");
        victim->Close();
        Simulator::Destroy();
    }

    uint32_t m_block2Size; //!< Block2Size
    bool m_observe;        //!< Observe
};

/**
 * \ingroup iotsec-tests
 * \brief The attackers of model/attack.
 */
class AttackApplicationsTestSuite : public TestSuite
{
  public:
    AttackApplicationsTestSuite()
        : TestSuite("iotsec-attack-applications", TestSuite::Type::UNIT)
    {
        AddTestCase(new AttackInjectorTestCase, iotsectest::QUICK);
        AddTestCase(new AttackFloodRateTestCase(1), iotsectest::QUICK);
        AddTestCase(new AttackFloodRateTestCase(4), iotsectest::QUICK);
        AddTestCase(new AttackPoissonTestCase, iotsectest::QUICK);
        for (auto p : {FloodAttackApplication::DTLS_CLIENT_HELLO,
                       FloodAttackApplication::DTLS_BAD_RECORD,
                       FloodAttackApplication::COAP_CON,
                       FloodAttackApplication::COAP_NON})
        {
            AddTestCase(new AttackFloodPayloadTestCase(p), iotsectest::QUICK);
        }
        AddTestCase(new AttackFloodSocketTestCase, iotsectest::QUICK);
        for (bool sixLowPan : {false, true})
        {
            for (bool checksums : {false, true})
            {
                AddTestCase(new AttackSpoofedChecksumTestCase(sixLowPan, checksums),
                            iotsectest::QUICK);
            }
        }
        AddTestCase(new AttackReplayTestCase(false), iotsectest::QUICK);
        AddTestCase(new AttackReplayTestCase(true), iotsectest::QUICK);
        AddTestCase(new AttackAmplificationTestCase(0, false), iotsectest::QUICK);
        AddTestCase(new AttackAmplificationTestCase(16, false), iotsectest::QUICK);
        AddTestCase(new AttackAmplificationTestCase(0, true), iotsectest::QUICK);
    }
};

/// The suite's single instance
static AttackApplicationsTestSuite g_attackApplicationsTestSuite;
