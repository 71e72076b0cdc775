/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// A tampering border router where DTLS runs end to end or inside a tunnel: the datagram
// surgery (TamperDtlsDatagram), the queue disc that applies it to forwarded traffic, and the
// node that detects it (Brachmann et al.: the record MACs and the Finished messages).

#include "border-router-test-topology.h"
#include "iotsec-test.h"

#include "ns3/coap-client-application.h"
#include "ns3/coap-helper.h"
#include "ns3/coap-server-application.h"
#include "ns3/coap-socket-binding.h"
#include "ns3/dtls-codec.h"
#include "ns3/dtls-helper.h"
#include "ns3/dtls-socket.h"
#include "ns3/dtls-tamper.h"
#include "ns3/dtls-tunnel.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// \param type content type \param epoch epoch \param seq sequence \param fragment payload
/// \return one DTLS record
Bytes
Record(uint8_t type, uint16_t epoch, uint64_t seq, const Bytes& fragment)
{
    DtlsRecord r;
    r.type = type;
    r.version = dtls::DTLS_1_2;
    r.epoch = epoch;
    r.sequence = seq;
    r.fragment = fragment;
    return r.Serialize();
}

/// \param msgType handshake type \param body body \param seq message_seq
/// \return one whole handshake message (header and body)
Bytes
Message(uint8_t msgType, const Bytes& body, uint16_t seq)
{
    DtlsHandshakeFragment f;
    f.msgType = msgType;
    f.length = static_cast<uint32_t>(body.size());
    f.messageSeq = seq;
    f.body = body;
    return f.Serialize();
}

/// \param a a datagram \param b another \return the indices where they differ
std::vector<std::size_t>
Diff(const Bytes& a, const Bytes& b)
{
    std::vector<std::size_t> at;
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i)
    {
        if (a[i] != b[i])
        {
            at.push_back(i);
        }
    }
    return at;
}

} // namespace

/**
 * \ingroup iotsec-tests
 * \brief TamperDtlsDatagram on hand-built datagrams: each field changes exactly the byte it
 * names (byte 7 of a hello's random, bit 0; the 48-bit sequence number of an epoch-1
 * handshake record, plus one) and nothing else; datagrams without the field, and bytes that
 * are not DTLS, are left alone.
 */
class TamperDatagramTestCase : public TestCase
{
  public:
    TamperDatagramTestCase()
        : TestCase("TamperDtlsDatagram: one field, exactly, and nothing else")
    {
    }

  private:
    void DoRun() override
    {
        DtlsClientHello ch;
        for (uint8_t i = 0; i < 32; ++i)
        {
            ch.random.push_back(i);
        }
        ch.cookie = Bytes(16, 0xcc);
        ch.cipherSuites = {0xc0a8};
        const Bytes clientHello =
            Record(dtls::HANDSHAKE, 0, 1, Message(dtls::CLIENT_HELLO, ch.Serialize(), 1));

        Bytes d = clientHello;
        IOTSEC_TEST_REQUIRE(TamperDtlsDatagram(TAMPER_CLIENT_RANDOM, d), "tampered");
        std::vector<std::size_t> at = Diff(clientHello, d);
        IOTSEC_TEST_REQUIRE(at.size() == 1, "one byte");
        // record header 13, handshake header 12, client_version 2, then the random
        NS_TEST_ASSERT_MSG_EQ(at[0], 13u + 12u + 2u + 7u, "byte 7 of the random");
        NS_TEST_ASSERT_MSG_EQ((clientHello[at[0]] ^ d[at[0]]), 0x01, "bit 0");
        std::vector<DtlsRecord> records;
        IOTSEC_TEST_REQUIRE(DtlsRecord::ParseDatagram(d.data(), d.size(), records, nullptr),
                            "still DTLS");
        std::vector<DtlsHandshakeFragment> fragments;
        IOTSEC_TEST_REQUIRE(
            DtlsHandshakeFragment::ParseAll(records[0].fragment, fragments, nullptr),
            "still a handshake message");
        DtlsClientHello parsed;
        IOTSEC_TEST_REQUIRE(parsed.Parse(fragments[0].body, true, nullptr), "still a ClientHello");
        NS_TEST_ASSERT_MSG_EQ(parsed.random[7], (7 ^ 1), "the random changed");
        NS_TEST_ASSERT_MSG_EQ((parsed.cookie == ch.cookie), true, "the cookie did not");

        d = clientHello;
        NS_TEST_ASSERT_MSG_EQ(TamperDtlsDatagram(TAMPER_SERVER_RANDOM, d), false, "no ServerHello");
        NS_TEST_ASSERT_MSG_EQ(TamperDtlsDatagram(TAMPER_FINISHED_SEQUENCE, d), false, "epoch 0");
        NS_TEST_ASSERT_MSG_EQ(TamperDtlsDatagram(TAMPER_NONE, d), false, "an honest router");
        NS_TEST_ASSERT_MSG_EQ((d == clientHello), true, "untouched");

        // ServerHello, ServerKeyExchange and ServerHelloDone in one record: the ServerHello's
        // random, at its own offset
        DtlsServerHello sh;
        sh.random = Bytes(32, 0x55);
        sh.cipherSuite = 0xc0a8;
        Bytes flight = Message(dtls::SERVER_HELLO, sh.Serialize(), 1);
        Bytes ske = Message(12, Bytes{0, 2, 'i', 'd'}, 2);
        Bytes shd = Message(dtls::SERVER_HELLO_DONE, Bytes(), 3);
        Bytes both = ske;
        both.insert(both.end(), flight.begin(), flight.end()); // the ServerHello second
        both.insert(both.end(), shd.begin(), shd.end());
        const Bytes serverFlight = Record(dtls::HANDSHAKE, 0, 2, both);
        d = serverFlight;
        IOTSEC_TEST_REQUIRE(TamperDtlsDatagram(TAMPER_SERVER_RANDOM, d), "tampered");
        at = Diff(serverFlight, d);
        IOTSEC_TEST_REQUIRE(at.size() == 1, "one byte");
        NS_TEST_ASSERT_MSG_EQ(at[0], 13u + ske.size() + 12u + 2u + 7u, "in the ServerHello");
        d = serverFlight;
        NS_TEST_ASSERT_MSG_EQ(TamperDtlsDatagram(TAMPER_CLIENT_RANDOM, d), false, "no ClientHello");

        // ClientKeyExchange (epoch 0), ChangeCipherSpec, Finished (epoch 1, sequence
        // 0x0000ffffffff)
        Bytes cke = Record(dtls::HANDSHAKE, 0, 3, Message(16, Bytes{0, 2, 'i', 'd'}, 2));
        Bytes ccs = Record(dtls::CHANGE_CIPHER_SPEC, 0, 4, Bytes{1});
        Bytes fin = Record(dtls::HANDSHAKE, 1, 0xffffffff, Bytes(40, 0xee));
        Bytes app = Record(dtls::APPLICATION_DATA, 1, 7, Bytes(20, 0xaa));
        Bytes flight5 = cke;
        flight5.insert(flight5.end(), ccs.begin(), ccs.end());
        flight5.insert(flight5.end(), fin.begin(), fin.end());
        flight5.insert(flight5.end(), app.begin(), app.end());
        d = flight5;
        IOTSEC_TEST_REQUIRE(TamperDtlsDatagram(TAMPER_FINISHED_SEQUENCE, d), "tampered");
        records.clear();
        IOTSEC_TEST_REQUIRE(DtlsRecord::ParseDatagram(d.data(), d.size(), records, nullptr),
                            "still DTLS");
        IOTSEC_TEST_REQUIRE(records.size() == 4, "four records");
        NS_TEST_ASSERT_MSG_EQ(records[0].sequence, 3u, "epoch 0 untouched");
        NS_TEST_ASSERT_MSG_EQ(records[2].sequence, 0x100000000u, "the Finished's, plus one");
        NS_TEST_ASSERT_MSG_EQ(records[3].sequence, 7u, "application data untouched");
        at = Diff(flight5, d);
        NS_TEST_ASSERT_MSG_EQ(at.size(), 5u, "0x0000ffffffff -> 0x000100000000: five bytes");
        NS_TEST_ASSERT_MSG_EQ(at.front(), cke.size() + ccs.size() + 6u, "in its header");

        Bytes garbage = {23, 3, 3, 0, 5, 1, 2, 3, 4, 5}; // a TLS record: not a DTLS datagram
        d = garbage;
        NS_TEST_ASSERT_MSG_EQ(TamperDtlsDatagram(TAMPER_FINISHED_SEQUENCE, d), false, "not DTLS");
        NS_TEST_ASSERT_MSG_EQ((d == garbage), true, "forwarded as it is");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief A back-end's coaps:// client, a router and the node's coaps:// server (with
 * AcceptMappedTls, as in e2e-security), DTLS end to end with the cookie exchange. The router
 * corrupts a field of every DTLS datagram it forwards, with DtlsTamperQueueDisc on both its
 * devices (coap-e2e), or of every inner datagram it relays, with DtlsTunnelApplication's
 * Tamper (tunnel). Whatever the field, the node detects the attack when the client's Finished
 * record authenticates under neither protocol's numbers (the randoms feed the keys; the
 * sequence number is in the MAC's additional data), alerts, and no request succeeds; an
 * honest router lets every request through.
 */
class TamperDetectedTestCase : public TestCase
{
  public:
    /// \param field the field \param tunnel through DtlsTunnelApplication
    TamperDetectedTestCase(TlsDtlsTamperField field, bool tunnel)
        : TestCase(std::string("tampering router, ") + (tunnel ? "tunnel" : "DTLS end to end") +
                   ": " + TlsDtlsTamperFieldName(field)),
          m_field(field),
          m_tunnel(tunnel)
    {
    }

  private:
    void DoRun() override
    {
        iotsectest::BorderRouterPath path;
        NodeContainer& nodes = path.nodes;
        Bytes inner = DtlsHelper::DeriveKey("tamper-inner", 0);
        DtlsHelper::InstallPsk(nodes.Get(0), "backend", inner);
        DtlsHelper::InstallPsk(nodes.Get(2), "backend", inner);
        DtlsHelper node;
        node.SetSocketAttribute("AcceptMappedTls", BooleanValue(true));
        node.InstallSocketFactory(NodeContainer(nodes.Get(2)));
        DtlsHelper backEnd;
        backEnd.SetSocketAttribute("PskIdentity", StringValue("backend"));
        Ptr<QueueDisc> disc[2];
        Ptr<DtlsTunnelApplication> router;
        std::string field = TlsDtlsTamperFieldName(m_field);
        if (m_tunnel)
        {
            Bytes outer = DtlsHelper::DeriveKey("tamper-outer", 0);
            DtlsHelper::InstallPsk(nodes.Get(0), "router", outer);
            DtlsHelper::InstallPsk(nodes.Get(1), "router", outer);
            Ptr<DtlsTunnelSocketFactory> tunnel = CreateObject<DtlsTunnelSocketFactory>();
            tunnel->SetSocketAttribute("Gateway",
                                       AddressValue(Inet6SocketAddress(path.routerAddress, 5685)));
            tunnel->SetSocketAttribute("OuterPskIdentity", StringValue("router"));
            nodes.Get(0)->AggregateObject(tunnel);
            backEnd.SetSocketAttribute("TransportSocketFactory",
                                       TypeIdValue(DtlsTunnelSocketFactory::GetTypeId()));
            router = CreateObject<DtlsTunnelApplication>();
            router->SetAttribute("Tamper", StringValue(field));
            nodes.Get(1)->AddApplication(router);
            router->SetStartTime(Seconds(0));
        }
        else
        {
            path.Route();
            QueueDiscContainer q = DtlsTamperQueueDisc::Install(
                NetDeviceContainer(path.internet.Get(1), path.lln.Get(0)),
                m_field);
            disc[0] = q.Get(0);
            disc[1] = q.Get(1);
        }
        backEnd.InstallSocketFactory(NodeContainer(nodes.Get(0)));

        CoapHelper coap;
        coap.SetBindingAttribute("SocketFactory", TypeIdValue(DtlsSocketFactory::GetTypeId()));
        coap.SetServerAttribute("Port", UintegerValue(5684));
        coap.SetServerAttribute("Resources", StringValue("settable /light off"));
        ApplicationContainer s = coap.InstallServer(nodes.Get(2));
        coap.SetClientAttribute("Script", StringValue("PUT /light on; GET /light"));
        ApplicationContainer c =
            coap.InstallClient(nodes.Get(0), Inet6SocketAddress(path.nodeAddress, 5684));
        c.Start(Seconds(1));
        Ptr<CoapClientApplication> client = DynamicCast<CoapClientApplication>(c.Get(0));
        Ptr<CoapServerApplication> server = DynamicCast<CoapServerApplication>(s.Get(0));
        uint32_t attacks = 0;
        uint32_t handshakes = 0;
        std::vector<std::string> alerts;
        Simulator::Schedule(Seconds(0.5), [&]() {
            Ptr<Socket> socket = server->GetBinding()->GetSocket();
            socket->TraceConnectWithoutContext(
                "AttackDetected",
                MakeBoundCallback(
                    +[](uint32_t* n, const Address&, const std::string&) { ++*n; },
                    &attacks));
            socket->TraceConnectWithoutContext(
                "HandshakeCompleted",
                MakeBoundCallback(
                    +[](uint32_t* n, const Address&, const DtlsHandshakeStats&) { ++*n; },
                    &handshakes));
            socket->TraceConnectWithoutContext(
                "AlertSent",
                MakeBoundCallback(
                    +[](std::vector<std::string>* a, const Address&, const std::string& d) {
                        a->push_back(d);
                    },
                    &alerts));
        });
        Simulator::Stop(Seconds(120));
        Simulator::Run();

        uint32_t tampered = m_tunnel ? router->GetTampered()
                                     : DynamicCast<DtlsTamperQueueDisc>(disc[0])->GetTampered() +
                                           DynamicCast<DtlsTamperQueueDisc>(disc[1])->GetTampered();
        if (m_field == TAMPER_NONE)
        {
            NS_TEST_ASSERT_MSG_EQ(tampered, 0u, "an honest router");
            NS_TEST_ASSERT_MSG_EQ(handshakes, 1u, "one handshake");
            NS_TEST_ASSERT_MSG_EQ(attacks, 0u, "no attack");
            NS_TEST_ASSERT_MSG_EQ(server->GetValue("/light"), "on", "the PUT went through");
            NS_TEST_ASSERT_MSG_EQ(client->IsDone(), true, "both requests answered");
        }
        else
        {
            NS_TEST_ASSERT_MSG_GT(tampered, 0u, "the router corrupted the field");
            NS_TEST_ASSERT_MSG_EQ(handshakes, 0u, "no handshake completed");
            NS_TEST_ASSERT_MSG_GT_OR_EQ(attacks, 1u, "the node detected the attack");
            NS_TEST_ASSERT_MSG_GT_OR_EQ(alerts.size(), 1u, "and alerted");
            NS_TEST_ASSERT_MSG_EQ(server->GetValue("/light"), "off", "no request reached it");
        }
        Simulator::Destroy();
    }

    TlsDtlsTamperField m_field; //!< the field
    bool m_tunnel;              //!< through the tunnel
};

/**
 * \ingroup iotsec-tests
 * \brief The tampering border router where DTLS runs end to end or in a tunnel.
 */
class DtlsTamperTestSuite : public TestSuite
{
  public:
    DtlsTamperTestSuite()
        : TestSuite("iotsec-dtls-tamper", TestSuite::Type::UNIT)
    {
        AddTestCase(new TamperDatagramTestCase, iotsectest::QUICK);
        for (bool tunnel : {false, true})
        {
            for (TlsDtlsTamperField f : {TAMPER_NONE,
                                         TAMPER_CLIENT_RANDOM,
                                         TAMPER_SERVER_RANDOM,
                                         TAMPER_FINISHED_SEQUENCE})
            {
                AddTestCase(new TamperDetectedTestCase(f, tunnel), iotsectest::QUICK);
            }
        }
    }
};

/// The suite's single instance
static DtlsTamperTestSuite g_dtlsTamperTestSuite;
