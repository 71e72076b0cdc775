/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// A DTLS handshake with a Class 1 (TelosB) server takes longer than with an unconstrained one
// by exactly the time the server's CPU needs for the work its engine reported, priced by hand
// from the TelosB figures.

#include "iotsec-test.h"
#include "node-test-topology.h"

#include "ns3/dtls-socket.h"

#include <map>

using namespace ns3;
using namespace ns3::iotsectest;

namespace
{

/**
 * \param a a size
 * \param b a block size
 * \return ceil(a / b)
 */
uint64_t
Ceil(uint64_t a, uint64_t b)
{
    return (a + b - 1) / b;
}

/**
 * \brief The TelosB price of one operation, from the figures in doc/iotsec.rst (an
 * implementation of the documented formulas independent of DeviceProfile::GetCycles).
 * \param w the operation
 * \return its cycles
 */
uint64_t
TelosCycles(const CryptoWork& w)
{
    const uint64_t aes = 2112;    // 132 cycles/byte x 16
    const uint64_t sha = 16240;   // per 64-byte block
    const uint64_t prf = 9 * sha; // per 32-byte output block
    const uint64_t rnd = 132;     // per byte
    switch (w.op)
    {
    case CryptoOp::AES_BLOCK:
        return Ceil(w.bytes, 16) * aes;
    case CryptoOp::AES_CCM_SEAL:
    case CryptoOp::AES_CCM_OPEN:
        return (2 + (w.aadBytes ? Ceil(w.aadBytes + 2, 16) : 0) + 2 * Ceil(w.bytes, 16)) * aes;
    case CryptoOp::SHA256:
        return Ceil(w.bytes, 64) * sha;
    case CryptoOp::HMAC_SHA256:
        return (Ceil(64 + w.bytes + 9, 64) + 2) * sha;
    case CryptoOp::PRF_SHA256:
        return Ceil(w.bytes, 32) * prf;
    case CryptoOp::RANDOM:
        return w.bytes * rnd;
    default:
        return 0; // no public-key operation in a PSK handshake
    }
}

/// One handshake between an unconstrained client and a server with a given preset
struct HandshakeRun
{
    Time completed;                       //!< client's HandshakeCompleted
    std::map<Time, uint64_t> serverSteps; //!< server engine steps: start time -> cycles
    uint32_t serverOps{0};                //!< operations the server reported
    uint64_t serverJobs{0};               //!< jobs its CPU model priced
    bool established{false};              //!< client established

    /// \param serverPreset the server's preset
    explicit HandshakeRun(const std::string& serverPreset)
    {
        NodeModelHelper client;
        NodeModelHelper server;
        server.SetPreset(serverPreset);
        NodeTestbed t(client, server);
        Ptr<DtlsClientApplication> app = t.AddClient(Seconds(2));
        app->TraceConnectWithoutContext(
            "HandshakeCompleted",
            MakeCallback(+[](Time* at, const Address&, const DtlsHandshakeStats&) {
                *at = Simulator::Now();
            }).Bind(&completed));
        // The work of one engine step is reported at the step's start, before it is priced
        Simulator::Schedule(Seconds(1), [this, &t]() {
            t.server->GetSocket()->TraceConnectWithoutContext(
                "CryptoWork",
                MakeCallback(&HandshakeRun::OnWork, this));
        });
        t.Run(Seconds(10));
        established = app->IsEstablished();
        serverJobs = NodeModelHelper::GetCpu(t.nodes.Get(1))->GetJobs();
    }

    /// \param w work the server's engine reported
    void OnWork(const CryptoWork& w)
    {
        serverSteps[Simulator::Now()] += TelosCycles(w);
        ++serverOps;
    }
};

} // namespace

/**
 * \ingroup iotsec-tests
 * \brief The handshake's completion time on a Class 1 server against an unconstrained one.
 */
class NodeDtlsHandshakeTestCase : public TestCase
{
  public:
    NodeDtlsHandshakeTestCase()
        : TestCase("DTLS on a Class 1 server: slower by exactly the priced server work")
    {
    }

  private:
    void DoRun() override
    {
        HandshakeRun unconstrained("Unconstrained");
        HandshakeRun telos("TelosB");
        NS_TEST_EXPECT_MSG_EQ(unconstrained.established, true, "unconstrained: established");
        NS_TEST_EXPECT_MSG_EQ(telos.established, true, "TelosB: established");
        // The server takes three steps (ClientHello, ClientHello with cookie, the client's
        // second flight), each on the path to the client's completion; each is delayed by its
        // cycles at 8 MHz, 125 ns per cycle
        NS_TEST_EXPECT_MSG_EQ(telos.serverSteps.size(), 3u, "three server steps");
        NS_TEST_EXPECT_MSG_EQ(telos.serverOps, unconstrained.serverOps, "the same work");
        Time expected;
        for (const auto& step : telos.serverSteps)
        {
            NS_TEST_EXPECT_MSG_GT(step.first, Time(0), "step time");
            NS_TEST_EXPECT_MSG_LT(step.first, telos.completed, "before the client completes");
            expected += NanoSeconds(125 * step.second);
        }
        NS_TEST_EXPECT_MSG_GT(expected, MilliSeconds(100), "a TelosB takes a while");
        NS_TEST_EXPECT_MSG_EQ(telos.completed - unconstrained.completed,
                              expected,
                              "slower by exactly the priced work");
        NS_TEST_EXPECT_MSG_GT_OR_EQ(telos.serverJobs, 3u, "the CPU model priced the steps");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The node-model and DTLS test suite.
 */
class NodeDtlsTestSuite : public TestSuite
{
  public:
    NodeDtlsTestSuite()
        : TestSuite("iotsec-node-dtls", Type::UNIT)
    {
        AddTestCase(new NodeDtlsHandshakeTestCase, iotsectest::QUICK);
    }
};

/// Static instance: registers the suite
static NodeDtlsTestSuite g_nodeDtlsTestSuite;
