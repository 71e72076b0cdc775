/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// OSCORE in simulation: the CoAP applications over ns-3 sockets with security `none` and
// `object`, the same resources and scripts; RTTs, bytes, crypto work; a client with the wrong
// key is refused.

#include "coap-test-topology.h"
#include "iotsec-test.h"

#include "ns3/coap-client-application.h"
#include "ns3/coap-helper.h"
#include "ns3/coap-server-application.h"
#include "ns3/coap-socket-binding.h"
#include "ns3/config.h"
#include "ns3/enum.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/oscore-context.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <map>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// The PSK of the tests
const char* const PSK = "00112233445566778899aabbccddeeff";

/// What one run of the script measured
struct ScriptRun
{
    std::vector<CoapClientRecord> records;    //!< the client's step outcomes
    uint64_t clientBytes{0};                  //!< CoAP bytes the client sent
    uint64_t serverBytes{0};                  //!< CoAP bytes the server sent
    std::map<std::string, uint32_t> work;     //!< crypto operations, both sides
    uint32_t rejected{0};                     //!< SecurityRejected, both sides
    uint32_t handled{0};                      //!< handler calls for /lights/3
    std::string light;                        //!< /lights/3 at the end
    std::shared_ptr<OscoreContext> serverCtx; //!< the server's OSCORE context
};

/// \param bytes counter \param p a datagram sent
void
CountBytes(uint64_t* bytes, Ptr<const Packet> p, const Address&)
{
    *bytes += p->GetSize();
}

/// \param work counters \param w an operation
void
CountWork(std::map<std::string, uint32_t>* work, const CryptoWork& w)
{
    ++(*work)[CryptoOpName(w.op)];
}

/// \param n counter
void
CountRejected(uint32_t* n, const std::string&, uint8_t, CoapSecurityFailure)
{
    ++*n;
}

/// \param reasons where to record \param reason why a message was rejected
void
RecordRejected(std::vector<CoapSecurityFailure>* reasons,
               const std::string&,
               uint8_t,
               CoapSecurityFailure reason)
{
    reasons->push_back(reason);
}

/**
 * \brief Run the script between a client and a server on a point-to-point link.
 * \param script the client's script
 * \param secure security `object` (else `none`)
 * \return what was measured
 */
ScriptRun
RunScript(const std::string& script, bool secure)
{
    Config::SetDefault("ns3::CoapSocketBinding::BlockSize", UintegerValue(64));
    iotsectest::CoapPair pair;
    CoapHelper coap;
    if (secure)
    {
        coap.SetOscore(PSK);
    }
    coap.SetServerAttribute("Resources",
                            StringValue("static /info hello;settable /lights/3 off;"
                                        "observable /temp 2s;large /large 300"));
    ApplicationContainer server = coap.InstallServer(pair.nodes.Get(1));
    coap.SetClientAttribute("Script", StringValue(script));
    ApplicationContainer client =
        coap.InstallClient(pair.nodes.Get(0), Inet6SocketAddress(pair.Address(1), 5683));
    CoapHelper::AssignStreams(server, 10);
    CoapHelper::AssignStreams(client, 20);
    client.Start(Seconds(1));
    Ptr<CoapClientApplication> app = DynamicCast<CoapClientApplication>(client.Get(0));
    Ptr<CoapServerApplication> srv = DynamicCast<CoapServerApplication>(server.Get(0));
    ScriptRun run;
    app->GetBinding()->TraceConnectWithoutContext("Tx",
                                                  MakeBoundCallback(&CountBytes, &run.clientBytes));
    srv->GetBinding()->TraceConnectWithoutContext("Tx",
                                                  MakeBoundCallback(&CountBytes, &run.serverBytes));
    for (Ptr<CoapSocketBinding> b : {app->GetBinding(), srv->GetBinding()})
    {
        b->TraceConnectWithoutContext("CryptoWork", MakeBoundCallback(&CountWork, &run.work));
        b->TraceConnectWithoutContext("SecurityRejected",
                                      MakeBoundCallback(&CountRejected, &run.rejected));
    }
    Simulator::Stop(Seconds(60));
    Simulator::Run();
    run.records = app->GetRecords();
    run.handled = srv->GetHandlerCount("/lights/3");
    run.light = srv->GetValue("/lights/3");
    run.serverCtx = srv->GetOscoreContext();
    Simulator::Destroy();
    Config::Reset();
    return run;
}

} // namespace

/**
 * \ingroup iotsec-tests
 * \brief The same script against the same resources with security `none` and `object`:
 * every step has the same outcome; with `object` every response is verified, the bytes grow
 * by the OSCORE overhead, RTTs are reported, and each message costs one AES-CCM operation
 * on each side.
 */
class OscoreScriptTestCase : public TestCase
{
  public:
    OscoreScriptTestCase()
        : TestCase("GET, PUT, OBSERVE, Block2, Block1 over ns-3 sockets: none and object")
    {
    }

  private:
    void DoRun() override
    {
        const std::string script = "GET /info; PUT /lights/3 on; GET /lights/3; OBSERVE /temp "
                                   "5s; GET /large; PUT /large @200; GET /nothing";
        ScriptRun plain = RunScript(script, false);
        ScriptRun object = RunScript(script, true);
        IOTSEC_TEST_REQUIRE(plain.records.size() == 7u, "plain: seven steps");
        IOTSEC_TEST_REQUIRE(object.records.size() == 7u, "object: seven steps");
        for (std::size_t i = 0; i < 7; ++i)
        {
            const CoapClientRecord& p = plain.records[i];
            const CoapClientRecord& o = object.records[i];
            NS_TEST_EXPECT_MSG_EQ(o.ok, true, o.method << " " << o.path << ": " << o.error);
            NS_TEST_EXPECT_MSG_EQ(CoapCode::ToString(o.code),
                                  CoapCode::ToString(p.code),
                                  o.method << " " << o.path << ": same code");
            NS_TEST_EXPECT_MSG_EQ(o.payload, p.payload, o.method << " " << o.path);
            NS_TEST_EXPECT_MSG_EQ(o.blocks, p.blocks, o.method << " " << o.path << ": blocks");
            NS_TEST_EXPECT_MSG_EQ(o.secured, true, o.method << " " << o.path << ": verified");
            NS_TEST_EXPECT_MSG_EQ(p.secured, false, "plain is not secured");
            NS_TEST_EXPECT_MSG_GT(o.rtt, Seconds(0), "RTT reported");
            NS_TEST_EXPECT_MSG_GT_OR_EQ(o.rtt, p.rtt, "OSCORE bytes take longer on 250 kb/s");
        }
        NS_TEST_EXPECT_MSG_EQ(object.records[2].payload, "on", "PUT then GET");
        NS_TEST_EXPECT_MSG_GT_OR_EQ(object.records[3].notifications, 3u, "notifications");
        NS_TEST_EXPECT_MSG_EQ(object.records[4].payload.size(), 300u, "Block2 body");
        NS_TEST_EXPECT_MSG_EQ(CoapCode::ToString(object.records[6].code), "4.04", "4.04");
        NS_TEST_EXPECT_MSG_EQ(object.light, "on", "the server's value");
        NS_TEST_EXPECT_MSG_EQ(object.rejected, 0u, "nothing rejected");
        NS_TEST_EXPECT_MSG_EQ(plain.work.size(), 0u, "no crypto without security");
        NS_TEST_EXPECT_MSG_EQ(object.work["HKDF_SHA256"], 6u, "two contexts derived");
        NS_TEST_EXPECT_MSG_GT(object.work["AES_CCM_SEAL"], 20u, "seals");
        NS_TEST_EXPECT_MSG_EQ(object.work["AES_CCM_SEAL"],
                              object.work["AES_CCM_OPEN"],
                              "every protected message is opened once");
        NS_TEST_EXPECT_MSG_GT(object.clientBytes, plain.clientBytes, "client bytes grow");
        NS_TEST_EXPECT_MSG_GT(object.serverBytes, plain.serverBytes, "server bytes grow");
        IOTSEC_TEST_REQUIRE(object.serverCtx != nullptr, "server context");
        NS_TEST_EXPECT_MSG_EQ(object.serverCtx->GetCounters().Rejected(), 0u, "none rejected");
        NS_TEST_EXPECT_MSG_GT(object.serverCtx->GetCounters().requestsVerified, 10u, "verified");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief A client with the wrong PSK next to the genuine one: its request is refused with
 * 4.00 (it fails decryption) and never reaches a resource; the genuine client, whose first
 * request has the same Partial IV, is served.
 */
class OscoreWrongKeyTestCase : public TestCase
{
  public:
    OscoreWrongKeyTestCase()
        : TestCase("a client with the wrong PSK is refused (4.00), the genuine one is served")
    {
    }

  private:
    void DoRun() override
    {
        iotsectest::CoapPair pair;
        CoapHelper coap;
        coap.SetOscore(PSK);
        coap.SetServerAttribute("Resources", StringValue("settable /lights/3 off"));
        ApplicationContainer server = coap.InstallServer(pair.nodes.Get(1));
        Inet6SocketAddress address(pair.Address(1), 5683);
        coap.SetClientAttribute("Script", StringValue("PUT /lights/3 on; GET /lights/3"));
        ApplicationContainer good = coap.InstallClient(pair.nodes.Get(0), address);
        coap.SetOscore("ffeeddccbbaa99887766554433221100");
        coap.SetClientAttribute("Script", StringValue("PUT /lights/3 hacked"));
        ApplicationContainer bad = coap.InstallClient(pair.nodes.Get(0), address);
        CoapHelper::AssignStreams(server, 10);
        CoapHelper::AssignStreams(good, 20);
        CoapHelper::AssignStreams(bad, 30);
        // The bad client goes first: its Partial IV 0 fails decryption and does not take
        // Partial IV 0 away from the genuine client (the window moves only on success)
        bad.Start(Seconds(0.5));
        good.Start(Seconds(1));
        uint32_t rejected = 0;
        Ptr<CoapServerApplication> srv = DynamicCast<CoapServerApplication>(server.Get(0));
        srv->GetBinding()->TraceConnectWithoutContext("SecurityRejected",
                                                      MakeBoundCallback(&CountRejected, &rejected));
        std::vector<CoapSecurityFailure> reasons;
        srv->GetBinding()->TraceConnectWithoutContext("SecurityRejected",
                                                      MakeBoundCallback(&RecordRejected, &reasons));
        Simulator::Stop(Seconds(30));
        Simulator::Run();
        const auto& g = DynamicCast<CoapClientApplication>(good.Get(0))->GetRecords();
        const auto& b = DynamicCast<CoapClientApplication>(bad.Get(0))->GetRecords();
        IOTSEC_TEST_REQUIRE(g.size() == 2u && b.size() == 1u, "every step ran");
        NS_TEST_EXPECT_MSG_EQ(CoapCode::ToString(g[0].code), "2.04", "genuine PUT");
        NS_TEST_EXPECT_MSG_EQ(g[1].payload, "on", "genuine value");
        NS_TEST_EXPECT_MSG_EQ(b[0].ok, true, b[0].error);
        NS_TEST_EXPECT_MSG_EQ(CoapCode::ToString(b[0].code), "4.00", "wrong key: 4.00");
        NS_TEST_EXPECT_MSG_EQ(b[0].payload, "Decryption failed", "diagnostic");
        NS_TEST_EXPECT_MSG_EQ(b[0].secured, false, "an unprotected error");
        NS_TEST_EXPECT_MSG_EQ(srv->GetValue("/lights/3"), "on", "not hacked");
        NS_TEST_EXPECT_MSG_EQ(srv->GetHandlerCount("/lights/3"), 2u, "genuine requests only");
        NS_TEST_EXPECT_MSG_EQ(rejected, 1u, "SecurityRejected traced");
        IOTSEC_TEST_REQUIRE(reasons.size() == 1u, "one reason traced");
        NS_TEST_EXPECT_MSG_EQ(CoapSecurityFailureName(reasons[0]),
                              std::string("DECRYPT_FAILED"),
                              "the wrong key fails the integrity check");
        Simulator::Destroy();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The OSCORE applications test suite.
 */
class OscoreApplicationsTestSuite : public TestSuite
{
  public:
    OscoreApplicationsTestSuite()
        : TestSuite("iotsec-oscore-applications", Type::UNIT)
    {
        AddTestCase(new OscoreScriptTestCase, iotsectest::QUICK);
        AddTestCase(new OscoreWrongKeyTestCase, iotsectest::QUICK);
    }
};

/// Static instance: registers the suite
static OscoreApplicationsTestSuite g_oscoreApplicationsTestSuite;
