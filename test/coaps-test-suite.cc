/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// CoAP over DTLS (coaps://): the CoAP applications on a CoapSocketBinding whose socket factory
// is DtlsSocketFactory. Every CoAP message travels as DTLS application data after one PSK
// handshake; a handshake that fails fails the CoAP requests at once.

#include "coap-test-topology.h"
#include "iotsec-test.h"

#include "ns3/boolean.h"
#include "ns3/coap-client-application.h"
#include "ns3/coap-helper.h"
#include "ns3/coap-server-application.h"
#include "ns3/coap-socket-binding.h"
#include "ns3/double.h"
#include "ns3/dtls-helper.h"
#include "ns3/dtls-socket.h"
#include "ns3/nstime.h"
#include "ns3/string.h"
#include "ns3/type-id.h"

#include <algorithm>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// What crossed the client's DTLS socket
struct Wire
{
    std::vector<std::vector<uint8_t>> datagrams;        //!< UDP payloads the client sent
    uint32_t handshakes{0};                             //!< HandshakeCompleted
    uint32_t appData{0};                                //!< AppDataSent
    std::vector<std::string> failures;                  //!< HandshakeFailed reasons
    Time handshakeAt;                                   //!< when the (last) handshake completed
    std::vector<std::pair<Time, Address>> serverClosed; //!< the server's Closed trace
};

/// Client settings of a CoapsRun beyond the defaults
struct CoapsOptions
{
    bool connectFirst{false};  //!< CoapClientApplication ConnectFirst
    bool closeWhenDone{false}; //!< CoapClientApplication CloseWhenDone
    Time ackTimeout;           //!< the client's AckTimeout, with AckRandomFactor 1 (0: default)
};

/// A coaps:// client and server on a CoapPair, with the given client and server PSKs
struct CoapsRun
{
    Ptr<CoapClientApplication> client; //!< the client
    Ptr<CoapServerApplication> server; //!< the server
    Wire wire;                         //!< client side of the wire
    std::vector<std::pair<CoapSocketBinding::TransportFailure, uint32_t>>
        transportFailed; //!< binding trace

    /**
     * \param clientKey the client's key for identity "client-0"
     * \param serverKey the server's key for it
     * \param script the client's script
     * \param options client settings
     */
    CoapsRun(const Bytes& clientKey,
             const Bytes& serverKey,
             const std::string& script,
             const CoapsOptions& options = CoapsOptions())
    {
        iotsectest::CoapPair pair;
        DtlsHelper dtls;
        dtls.SetSocketAttribute("PskIdentity", StringValue("client-0"));
        DtlsHelper::InstallPsk(pair.nodes.Get(0), "client-0", clientKey);
        DtlsHelper::InstallPsk(pair.nodes.Get(1), "client-0", serverKey);
        dtls.InstallSocketFactory(pair.nodes);

        CoapHelper coap;
        coap.SetBindingAttribute("SocketFactory", TypeIdValue(DtlsSocketFactory::GetTypeId()));
        coap.SetServerAttribute("Port", UintegerValue(5684));
        coap.SetServerAttribute("Resources", StringValue("settable /light off rt=light"));
        ApplicationContainer s = coap.InstallServer(pair.nodes.Get(1));
        coap.SetClientAttribute("Script", StringValue(script));
        coap.SetClientAttribute("ConnectFirst", BooleanValue(options.connectFirst));
        coap.SetClientAttribute("CloseWhenDone", BooleanValue(options.closeWhenDone));
        ApplicationContainer c =
            coap.InstallClient(pair.nodes.Get(0), Inet6SocketAddress(pair.Address(1), 5684));
        if (options.ackTimeout.IsStrictlyPositive())
        {
            Ptr<CoapSocketBinding> b = DynamicCast<CoapClientApplication>(c.Get(0))->GetBinding();
            b->SetAttribute("AckTimeout", TimeValue(options.ackTimeout));
            b->SetAttribute("AckRandomFactor", DoubleValue(1.0));
        }
        CoapHelper::AssignStreams(s, 10);
        CoapHelper::AssignStreams(c, 20);
        c.Start(Seconds(1));
        client = DynamicCast<CoapClientApplication>(c.Get(0));
        server = DynamicCast<CoapServerApplication>(s.Get(0));
        client->GetBinding()->TraceConnectWithoutContext(
            "TransportFailed",
            MakeCallback(&CoapsRun::OnTransportFailed, this));
        // The server's socket exists once it has started (at 0)
        Simulator::Schedule(MilliSeconds(500), [this]() {
            server->GetBinding()->GetSocket()->TraceConnectWithoutContext(
                "Closed",
                MakeCallback(+[](Wire* w, const Address& peer) {
                    w->serverClosed.emplace_back(Simulator::Now(), peer);
                }).Bind(&wire));
        });
        // The client's socket exists once the application has started
        Simulator::Schedule(Seconds(1) + NanoSeconds(1), [this]() {
            Ptr<Socket> socket = client->GetBinding()->GetSocket();
            socket->TraceConnectWithoutContext(
                "Tx",
                MakeCallback(+[](Wire* w, Ptr<const Packet> p, const Address&) {
                    std::vector<uint8_t> b(p->GetSize());
                    p->CopyData(b.data(), b.size());
                    w->datagrams.push_back(b);
                }).Bind(&wire));
            socket->TraceConnectWithoutContext(
                "HandshakeCompleted",
                MakeCallback(+[](Wire* w, const Address&, const DtlsHandshakeStats&) {
                    ++w->handshakes;
                    w->handshakeAt = Simulator::Now();
                }).Bind(&wire));
            socket->TraceConnectWithoutContext(
                "AppDataSent",
                MakeCallback(+[](Wire* w, const Address&, uint32_t) { ++w->appData; }).Bind(&wire));
            socket->TraceConnectWithoutContext(
                "HandshakeFailed",
                MakeCallback(+[](Wire* w, const Address&, const std::string& why) {
                    w->failures.push_back(why);
                }).Bind(&wire));
        });
        Simulator::Stop(Seconds(300));
        Simulator::Run();
    }

    ~CoapsRun()
    {
        Simulator::Destroy();
    }

    /// \param peer the peer \param reason why \param failed requests failed
    void OnTransportFailed(const std::string& /* peer */,
                           CoapSocketBinding::TransportFailure reason,
                           uint32_t failed)
    {
        transportFailed.emplace_back(reason, failed);
    }
};

/// \param haystack bytes \param needle a string \return true if the string occurs in them
bool
Contains(const std::vector<uint8_t>& haystack, const std::string& needle)
{
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) !=
           haystack.end();
}

/**
 * \ingroup iotsec-tests
 * \brief Discovery, PUT and GET over coaps://: one handshake, then every request as DTLS
 * application data, and no CoAP plaintext on the wire.
 */
class CoapsRoundTripTestCase : public TestCase
{
  public:
    CoapsRoundTripTestCase()
        : TestCase("coaps: discovery, PUT and GET over one DTLS association")
    {
    }

  private:
    void DoRun() override
    {
        Bytes key = DtlsHelper::DeriveKey("coaps-test", 0);
        CoapsRun run(key, key, "GET /.well-known/core; PUT /light on; GET /light");
        NS_TEST_EXPECT_MSG_EQ(run.client->IsDone(), true, "every step completed");
        const std::vector<CoapClientRecord>& r = run.client->GetRecords();
        IOTSEC_TEST_REQUIRE(r.size() == 3u, "three steps");
        for (const CoapClientRecord& rec : r)
        {
            NS_TEST_EXPECT_MSG_EQ(rec.ok, true, rec.method << " " << rec.path << ": " << rec.error);
        }
        // a settable resource is plain text (ct=0) and observable
        NS_TEST_EXPECT_MSG_EQ(r[0].payload,
                              "</light>;rt=\"light\";ct=0;obs",
                              "discovery over DTLS");
        NS_TEST_EXPECT_MSG_EQ(r[1].code, CoapCode::CHANGED, "PUT: 2.04");
        NS_TEST_EXPECT_MSG_EQ(r[2].payload, "on", "GET returns what PUT set");
        NS_TEST_EXPECT_MSG_EQ(run.server->GetValue("/light"), "on", "server state");
        NS_TEST_EXPECT_MSG_EQ(run.wire.handshakes, 1u, "one handshake for the three requests");
        NS_TEST_EXPECT_MSG_EQ(run.wire.appData, 3u, "three requests as application data");
        // Every datagram is DTLS 1.2 (version 0xfefd, or 0xfeff in the first ClientHello),
        // handshake (22), change_cipher_spec (20) or application data (23); no CoAP text
        uint32_t appRecords = 0;
        for (const auto& d : run.wire.datagrams)
        {
            IOTSEC_TEST_REQUIRE(d.size() >= 13u, "a DTLS record header");
            NS_TEST_EXPECT_MSG_EQ((d[0] == 20 || d[0] == 22 || d[0] == 23), true, "content type");
            NS_TEST_EXPECT_MSG_EQ(d[1], 0xfe, "DTLS version major");
            appRecords += (d[0] == 23);
            NS_TEST_EXPECT_MSG_EQ(Contains(d, "light"), false, "no plaintext URI on the wire");
            NS_TEST_EXPECT_MSG_EQ(Contains(d, "well-known"), false, "no plaintext URI");
        }
        NS_TEST_EXPECT_MSG_EQ(appRecords, 3u, "three application-data records from the client");
        NS_TEST_EXPECT_MSG_EQ(run.transportFailed.size(), 0u, "no transport failure");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief A wrong PSK: the handshake fails (the server's Finished does not verify), and the
 * CoAP request fails at once with the transport's reason instead of after MAX_TRANSMIT_WAIT.
 */
class CoapsHandshakeFailureTestCase : public TestCase
{
  public:
    CoapsHandshakeFailureTestCase()
        : TestCase("coaps: a failed handshake fails the CoAP requests at once")
    {
    }

  private:
    void DoRun() override
    {
        CoapsRun run(DtlsHelper::DeriveKey("coaps-test", 0),
                     DtlsHelper::DeriveKey("coaps-test", 1),
                     "PUT /light on; GET /light");
        NS_TEST_EXPECT_MSG_EQ(run.client->IsDone(), true, "the script ran to its end");
        const std::vector<CoapClientRecord>& r = run.client->GetRecords();
        IOTSEC_TEST_REQUIRE(r.size() == 2u, "two steps");
        NS_TEST_EXPECT_MSG_EQ(run.wire.handshakes, 0u, "no handshake completed");
        IOTSEC_TEST_REQUIRE(!run.wire.failures.empty(), "the handshake failed");
        NS_TEST_EXPECT_MSG_EQ(r[0].ok, false, "PUT failed");
        NS_TEST_EXPECT_MSG_EQ(r[0].error.rfind("transport: ", 0), 0u, r[0].error);
        NS_TEST_EXPECT_MSG_EQ(r[0].error, "transport: " + run.wire.failures[0], "its reason");
        // CoAP alone would give up after MAX_TRANSMIT_WAIT = 93 s; the handshake fails within
        // its own flight timers
        NS_TEST_EXPECT_MSG_LT(r[0].rtt, Seconds(10), "failed at the handshake's failure");
        IOTSEC_TEST_REQUIRE(!run.transportFailed.empty(), "TransportFailed traced");
        NS_TEST_EXPECT_MSG_EQ(run.transportFailed[0].second, 1u, "one request open at the time");
        NS_TEST_EXPECT_MSG_EQ(CoapSocketBinding::TransportFailureName(run.transportFailed[0].first),
                              std::string("HANDSHAKE_FAILED"),
                              "the handshake failed (wrong PSK), no session was refused");
        NS_TEST_EXPECT_MSG_EQ(r[1].ok, false, "a later request on the dead association fails");
        NS_TEST_EXPECT_MSG_EQ(run.server->GetValue("/light"), "off", "nothing reached the light");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief ConnectFirst and CloseWhenDone. The client's ACK_TIMEOUT (25 ms, no random factor)
 * is shorter than the handshake (three round trips of the 5 ms link plus the flights'
 * serialisation) but longer than one request's round trip. Without ConnectFirst the GET
 * enters the DtlsSocket at start and CoAP retransmits it during the handshake; with it, the
 * GET starts when the handshake completes and needs no retransmission. CloseWhenDone: the
 * client's close_notify reaches the server, which closes the association one link delay and
 * one serialisation after the response arrived.
 */
class CoapsConnectFirstTestCase : public TestCase
{
  public:
    /// \param connectFirst ConnectFirst
    CoapsConnectFirstTestCase(bool connectFirst)
        : TestCase(std::string("coaps: ConnectFirst ") + (connectFirst ? "true" : "false") +
                   ", CloseWhenDone"),
          m_connectFirst(connectFirst)
    {
    }

  private:
    void DoRun() override
    {
        Bytes key = DtlsHelper::DeriveKey("coaps-test", 0);
        CoapsOptions o;
        o.connectFirst = m_connectFirst;
        o.closeWhenDone = true;
        o.ackTimeout = MilliSeconds(25);
        CoapsRun run(key, key, "GET /light", o);
        const std::vector<CoapClientRecord>& r = run.client->GetRecords();
        IOTSEC_TEST_REQUIRE(r.size() == 1u, "one step");
        NS_TEST_EXPECT_MSG_EQ(r[0].ok, true, r[0].error);
        NS_TEST_EXPECT_MSG_EQ(r[0].payload, "off", "GET");
        NS_TEST_EXPECT_MSG_EQ(run.wire.handshakes, 1u, "one handshake");
        const Time handshake = run.wire.handshakeAt - Seconds(1);
        // the premise: the handshake outlasts ACK_TIMEOUT, one request's round trip does not
        IOTSEC_TEST_REQUIRE(handshake > MilliSeconds(25), "handshake " << handshake.As(Time::MS));
        const Time responseAt = r[0].start + r[0].rtt;
        NS_TEST_EXPECT_MSG_GT(responseAt, run.wire.handshakeAt, "the response after it");
        if (m_connectFirst)
        {
            NS_TEST_EXPECT_MSG_EQ(r[0].start, run.wire.handshakeAt, "GET once it is up");
            NS_TEST_EXPECT_MSG_EQ(r[0].retransmissions, 0u, "no retransmission");
            NS_TEST_EXPECT_MSG_LT(r[0].rtt, MilliSeconds(25), "one round trip");
        }
        else
        {
            NS_TEST_EXPECT_MSG_EQ(r[0].start, Seconds(1), "GET at start");
            // CoAP's timer expires at 25, 75, 175 ms ... of the handshake
            uint32_t expiries = 0;
            for (Time t = MilliSeconds(25); t < handshake; t = 2 * t + MilliSeconds(25))
            {
                ++expiries;
            }
            NS_TEST_EXPECT_MSG_GT_OR_EQ(r[0].retransmissions,
                                        expiries,
                                        "retransmitted while the handshake ran ("
                                            << handshake.As(Time::MS) << ")");
            NS_TEST_EXPECT_MSG_GT(r[0].retransmissions, 0u, "retransmitted");
        }
        // CloseWhenDone: the client's socket is closed, its close_notify closes the server's
        // association once it arrives (5 ms of delay, a 250 kbit/s serialisation)
        NS_TEST_EXPECT_MSG_EQ((run.client->GetBinding()->GetSocket() == nullptr),
                              true,
                              "the client closed its socket");
        IOTSEC_TEST_REQUIRE(run.wire.serverClosed.size() == 1u, "the server closed one");
        const Time closedAt = run.wire.serverClosed[0].first;
        NS_TEST_EXPECT_MSG_GT_OR_EQ(closedAt, responseAt + MilliSeconds(5), "after the delay");
        NS_TEST_EXPECT_MSG_LT(closedAt, responseAt + MilliSeconds(10), "at its arrival");
    }

    bool m_connectFirst; //!< ConnectFirst
};

/**
 * \ingroup iotsec-tests
 * \brief CoAP over DTLS.
 */
class CoapsTestSuite : public TestSuite
{
  public:
    CoapsTestSuite()
        : TestSuite("iotsec-coaps", Type::UNIT)
    {
        AddTestCase(new CoapsRoundTripTestCase, iotsectest::QUICK);
        AddTestCase(new CoapsHandshakeFailureTestCase, iotsectest::QUICK);
        AddTestCase(new CoapsConnectFirstTestCase(false), iotsectest::QUICK);
        AddTestCase(new CoapsConnectFirstTestCase(true), iotsectest::QUICK);
    }
};

/// The suite's instance
CoapsTestSuite g_coapsTestSuite;

} // namespace
