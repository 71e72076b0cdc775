/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// OSCORE costs CPU: a TelosB light answers an OSCORE request later than a plain one by exactly
// the time its CPU needs for the AES-CCM work its engine reported, priced by hand from the
// TelosB figures, and its CPU energy grows by those cycles x the energy of a cycle.

#include "coap-test-topology.h"
#include "iotsec-test.h"

#include "ns3/coap-client-application.h"
#include "ns3/coap-helper.h"
#include "ns3/coap-server-application.h"
#include "ns3/coap-socket-binding.h"
#include "ns3/config.h"
#include "ns3/cpu-model.h"
#include "ns3/engine-executor.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/node-energy-helper.h"
#include "ns3/node-model-helper.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <string>
#include <utility>
#include <vector>

using namespace ns3;

namespace
{

/// The PSK of the tests
const char* const PSK = "000102030405060708090a0b0c0d0e0f";

/// TelosB (doc/iotsec.rst, Device profiles): MSP430F1611 at 8 MHz, 125 ns per cycle
const int64_t TELOSB_NS_PER_CYCLE = 125;
/// TelosB: 4 mA active at 3 V and 8 MHz, 1.5 nJ per cycle
const double TELOSB_J_PER_CYCLE = 4e-3 * 3.0 / 8e6;
/// TelosB: 2.6 uA LPM3 at 3 V, in W
const double TELOSB_SLEEP_W = 2.6e-6 * 3.0;

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
 * \brief The TelosB price of an OSCORE operation, from the figures in doc/iotsec.rst (an
 * implementation of the documented formulas independent of DeviceProfile::GetCycles).
 * \param w the operation
 * \return its cycles
 */
uint64_t
TelosCycles(const CryptoWork& w)
{
    const uint64_t aes = 2112;  // 132 cycles/byte x 16; no CCM set-up or per-byte cost
    const uint64_t sha = 16240; // per 64-byte block
    switch (w.op)
    {
    case CryptoOp::AES_CCM_SEAL:
    case CryptoOp::AES_CCM_OPEN:
        // CBC-MAC over B0, the AAD with its 2-byte length and the payload; CTR over the
        // payload and A0
        return (2 + (w.aadBytes ? Ceil(w.aadBytes + 2, 16) : 0) + 2 * Ceil(w.bytes, 16)) * aes;
    case CryptoOp::HKDF_SHA256:
        // an extract HMAC and one expand HMAC per 32 output bytes, four SHA-256 blocks each
        return (1 + Ceil(w.bytes, 32)) * 4 * sha;
    default:
        return 0; // OSCORE reports nothing else
    }
}

/// One PUT from an unconstrained client to a light with a given preset
struct LightRun
{
    Time requestSent;                              //!< client: request handed to the socket
    Time requestArrived;                           //!< light: request read from the socket
    Time responseSent;                             //!< light: response handed to the socket
    Time answered;                                 //!< client: response read
    std::vector<std::pair<Time, CryptoWork>> work; //!< what the light's engine reported
    std::vector<CoapClientRecord> records;         //!< the client's outcome
    uint64_t lightCycles{0};                       //!< cycles the light's CPU model priced
    double lightCpuEnergy{0};                      //!< light: its CPU energy model's joules
    double lightActiveEnergy{0};                   //!< light: CpuModel::GetActiveEnergy
    uint64_t delayedSteps{0};                      //!< light: steps whose effects waited
    std::string value;                             //!< the light's value at the end

    /**
     * \param lightPreset the light's device preset
     * \param oscore protect the exchange with OSCORE (else plain CoAP)
     */
    LightRun(const std::string& lightPreset, bool oscore)
    {
        // No router solicitations after the first two (at about 1 s and 2 s): nothing else
        // shares the link when the client sends its request, at 5 s
        Config::SetDefault("ns3::Icmpv6L4Protocol::RsMaxRetransmissionCount", UintegerValue(1));
        iotsectest::CoapPair pair;
        NodeModelHelper clientModel; // Unconstrained: its work costs nothing
        clientModel.Install(pair.nodes.Get(0));
        NodeModelHelper lightModel;
        lightModel.SetPreset(lightPreset);
        lightModel.Install(pair.nodes.Get(1));
        NodeEnergyHelper energy;
        energy.Install(pair.nodes);
        CoapHelper coap;
        if (oscore)
        {
            coap.SetOscore(PSK);
        }
        coap.SetServerAttribute("Resources", StringValue("settable /light off"));
        ApplicationContainer server = coap.InstallServer(pair.nodes.Get(1));
        coap.SetClientAttribute("Script", StringValue("PUT /light on"));
        ApplicationContainer client =
            coap.InstallClient(pair.nodes.Get(0), Inet6SocketAddress(pair.Address(1), 5683));
        CoapHelper::AssignStreams(server, 10);
        CoapHelper::AssignStreams(client, 20);
        server.Start(Seconds(0));
        client.Start(Seconds(5));
        Ptr<CoapServerApplication> light = DynamicCast<CoapServerApplication>(server.Get(0));
        Ptr<CoapClientApplication> app = DynamicCast<CoapClientApplication>(client.Get(0));
        // The bindings exist from the applications' creation; the light's context is derived
        // when it starts, the request sent when the client starts
        Ptr<CoapSocketBinding> lb = light->GetBinding();
        lb->TraceConnectWithoutContext("CryptoWork", MakeCallback(&LightRun::LightWork, this));
        lb->TraceConnectWithoutContext("Rx", MakeCallback(&LightRun::LightRx, this));
        lb->TraceConnectWithoutContext("Tx", MakeCallback(&LightRun::LightTx, this));
        Ptr<CoapSocketBinding> cb = app->GetBinding();
        cb->TraceConnectWithoutContext("Tx", MakeCallback(&LightRun::ClientTx, this));
        cb->TraceConnectWithoutContext("Rx", MakeCallback(&LightRun::ClientRx, this));
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        records = app->GetRecords();
        value = light->GetValue("/light");
        Ptr<CpuModel> cpu = NodeModelHelper::GetCpu(pair.nodes.Get(1));
        lightCycles = cpu->GetCycles();
        lightActiveEnergy = cpu->GetActiveEnergy();
        lightCpuEnergy = NodeEnergyHelper::GetNodeEnergy(pair.nodes.Get(1)).cpu;
        delayedSteps = light->GetBinding()->GetExecutor()->GetDelayedSteps();
        Simulator::Destroy();
        Config::Reset();
    }

    /// \param w work the light's engine reported
    void LightWork(const CryptoWork& w)
    {
        work.emplace_back(Simulator::Now(), w);
    }

    /// light: a datagram read
    void LightRx(Ptr<const Packet>, const Address&)
    {
        requestArrived = Simulator::Now();
    }

    /// light: a datagram sent
    void LightTx(Ptr<const Packet>, const Address&)
    {
        responseSent = Simulator::Now();
    }

    /// client: a datagram sent
    void ClientTx(Ptr<const Packet>, const Address&)
    {
        requestSent = Simulator::Now();
    }

    /// client: a datagram read
    void ClientRx(Ptr<const Packet>, const Address&)
    {
        answered = Simulator::Now();
    }

    /// \return the time the light's CPU needs for the work reported while it handled the
    /// request (the request's step), priced by hand
    Time RequestStepPrice() const
    {
        uint64_t cycles = 0;
        for (const auto& [at, w] : work)
        {
            if (at == requestArrived)
            {
                cycles += TelosCycles(w);
            }
        }
        return NanoSeconds(TELOSB_NS_PER_CYCLE * static_cast<int64_t>(cycles));
    }

    /// \param op an operation \return how many the light reported during the request's step
    uint32_t RequestStepOps(CryptoOp op) const
    {
        uint32_t n = 0;
        for (const auto& [at, w] : work)
        {
            n += (at == requestArrived && w.op == op) ? 1 : 0;
        }
        return n;
    }

    /// \return the cycles of all the work the light reported, priced by hand
    uint64_t AllCycles() const
    {
        uint64_t cycles = 0;
        for (const auto& [at, w] : work)
        {
            cycles += TelosCycles(w);
        }
        return cycles;
    }
};

} // namespace

/**
 * \ingroup iotsec-tests
 * \brief A PUT to a TelosB light with and without OSCORE, and to an unconstrained light with
 * OSCORE: the light answers the protected request later by exactly its priced AES-CCM work.
 */
class NodeOscoreLatencyTestCase : public TestCase
{
  public:
    NodeOscoreLatencyTestCase()
        : TestCase("OSCORE on a Class 1 light: answered later by exactly the priced AES-CCM work")
    {
    }

  private:
    void DoRun() override
    {
        LightRun plain("TelosB", false);
        LightRun telos("TelosB", true);
        LightRun fast("Unconstrained", true);
        for (const LightRun* r : {&plain, &telos, &fast})
        {
            IOTSEC_TEST_REQUIRE(r->records.size() == 1, "one step");
            NS_TEST_EXPECT_MSG_EQ(r->records[0].ok, true, "answered: " << r->records[0].error);
            NS_TEST_EXPECT_MSG_EQ(r->value, "on", "the light was switched");
            NS_TEST_EXPECT_MSG_GT(r->requestArrived, r->requestSent, "request crossed the link");
            NS_TEST_EXPECT_MSG_GT(r->answered, r->responseSent, "response crossed the link");
        }
        NS_TEST_EXPECT_MSG_EQ(plain.records[0].secured, false, "plain CoAP");
        NS_TEST_EXPECT_MSG_EQ(telos.records[0].secured, true, "OSCORE verified");

        // The request's step on the light: one AES-CCM open of the request, one seal of the
        // response, nothing else
        NS_TEST_EXPECT_MSG_EQ(plain.work.size(), 0u, "no crypto without OSCORE");
        NS_TEST_EXPECT_MSG_EQ(telos.RequestStepOps(CryptoOp::AES_CCM_OPEN), 1u, "one open");
        NS_TEST_EXPECT_MSG_EQ(telos.RequestStepOps(CryptoOp::AES_CCM_SEAL), 1u, "one seal");
        Time price = telos.RequestStepPrice();
        // each AES-CCM costs at least B0, A0 and one AAD and one payload block pair
        NS_TEST_EXPECT_MSG_GT_OR_EQ(price,
                                    NanoSeconds(2 * 5 * 2112 * TELOSB_NS_PER_CYCLE),
                                    "a TelosB takes a while");

        // At the light: a plain request is answered at once; a protected one once the CPU has
        // opened the request and sealed the response
        NS_TEST_EXPECT_MSG_EQ(plain.responseSent - plain.requestArrived,
                              Time(0),
                              "plain: answered at once");
        NS_TEST_EXPECT_MSG_EQ(telos.responseSent - telos.requestArrived,
                              price,
                              "OSCORE: answered after exactly the priced AES-CCM work");
        NS_TEST_EXPECT_MSG_EQ((telos.responseSent - telos.requestArrived) -
                                  (plain.responseSent - plain.requestArrived),
                              price,
                              "later than the plain request by exactly that work");
        NS_TEST_EXPECT_MSG_EQ(fast.responseSent - fast.requestArrived,
                              Time(0),
                              "an unconstrained light's work costs nothing");

        // End to end, the same bytes: slower than an unconstrained light by exactly that work
        NS_TEST_EXPECT_MSG_EQ(telos.requestSent, fast.requestSent, "sent at the same time");
        NS_TEST_EXPECT_MSG_EQ(telos.answered - fast.answered,
                              price,
                              "the client waits exactly the priced work longer");
        // Two of the light's steps waited for its CPU: the request's, and the one the PUT
        // handler starts at the same instant to notify the resource's observers (it has none
        // and reports no work, but the CPU is a FIFO: it waits for the request's work)
        NS_TEST_EXPECT_MSG_EQ(telos.delayedSteps, 2u, "the request's step and the next");
        NS_TEST_EXPECT_MSG_EQ(plain.delayedSteps, 0u, "no step waited without OSCORE");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The light's CPU energy: OSCORE adds its cycles (the context's three HKDF
 * derivations when the light starts, the request's AES-CCM open and the response's seal) x
 * the energy of a cycle, less the sleep current the busy time no longer draws.
 */
class NodeOscoreEnergyTestCase : public TestCase
{
  public:
    NodeOscoreEnergyTestCase()
        : TestCase("OSCORE on a Class 1 light: CPU energy grows by cycles x energy per cycle")
    {
    }

  private:
    void DoRun() override
    {
        LightRun plain("TelosB", false);
        LightRun telos("TelosB", true);
        uint32_t hkdf = 0;
        for (const auto& [at, w] : telos.work)
        {
            hkdf += w.op == CryptoOp::HKDF_SHA256 ? 1 : 0;
        }
        NS_TEST_EXPECT_MSG_EQ(hkdf, 3u, "the context's three derivations");
        uint64_t cycles = telos.AllCycles();
        NS_TEST_EXPECT_MSG_EQ(plain.lightCycles, 0u, "plain CoAP costs no cycles");
        NS_TEST_EXPECT_MSG_EQ(telos.lightCycles,
                              cycles,
                              "every operation reported was priced, the derivations included");
        NS_TEST_EXPECT_MSG_EQ_TOL(telos.lightActiveEnergy - plain.lightActiveEnergy,
                                  cycles * TELOSB_J_PER_CYCLE,
                                  1e-15,
                                  "active energy: cycles x 1.5 nJ");
        double busy = cycles * TELOSB_NS_PER_CYCLE * 1e-9;
        NS_TEST_EXPECT_MSG_EQ_TOL(telos.lightCpuEnergy - plain.lightCpuEnergy,
                                  cycles * TELOSB_J_PER_CYCLE - TELOSB_SLEEP_W * busy,
                                  1e-12,
                                  "CPU energy model: the active cycles instead of sleep");
        NS_TEST_EXPECT_MSG_GT(telos.lightCpuEnergy, plain.lightCpuEnergy, "OSCORE costs energy");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The OSCORE and CPU model test suite.
 */
class NodeOscoreTestSuite : public TestSuite
{
  public:
    NodeOscoreTestSuite()
        : TestSuite("iotsec-node-oscore", Type::UNIT)
    {
        AddTestCase(new NodeOscoreLatencyTestCase, iotsectest::QUICK);
        AddTestCase(new NodeOscoreEnergyTestCase, iotsectest::QUICK);
    }
};

/// Static instance: registers the suite
static NodeOscoreTestSuite g_nodeOscoreTestSuite;
