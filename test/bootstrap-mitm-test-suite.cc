/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// A man in the middle between Kang's controller (SBR) and authentication server (SBS) on
// ns-3: the two on different IPv6 links, joined by a router whose devices carry a
// BootstrapTamperQueueDisc. Flights 2 and 3 are sealed under SK_cs (AES-128-CCM-8), so the
// paper's argument is that every alteration fails: a flipped bit of flight 2's ciphertext or
// of its nonce (AAD) is refused by the server (AUTH_FAILED), one of flight 3's by the
// controller (AUTH_FAILED), and another transaction's flight 3, genuine but for another TID,
// is refused by the controller (UNKNOWN_TRANSACTION). No light gets a key the parties do not
// agree on; an honest router lets the light bootstrap.

#include "border-router-test-topology.h"
#include "iotsec-test.h"

#include "ns3/bootstrap-helper.h"
#include "ns3/bootstrap-message.h"
#include "ns3/bootstrap-tamper.h"
#include "ns3/coap-message.h"
#include "ns3/coap-socket-binding.h"
#include "ns3/dtls-helper.h"
#include "ns3/dtls-psk-store.h"
#include "ns3/hex-encoding.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/iotsec-crypto.h"
#include "ns3/mobility-helper.h"
#include "ns3/oob-channel-helper.h"
#include "ns3/oob-net-device.h"
#include "ns3/simulator.h"

#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// \param datagram a CoAP datagram \return its payload (empty if it is not CoAP)
Bytes
CoapPayload(const Bytes& datagram)
{
    CoapMessage m;
    if (!CoapMessage::Parse(datagram.data(), datagram.size(), m, nullptr))
    {
        return Bytes();
    }
    return m.GetPayload();
}

/// \param datagram a CoAP datagram \return the bootstrap message type its payload starts
/// with (0: none)
uint8_t
FlightType(const Bytes& datagram)
{
    Bytes payload = CoapPayload(datagram);
    BootstrapMessageType type;
    if (!BootstrapParseHeader(payload.data(), payload.size(), type, nullptr))
    {
        return 0;
    }
    return static_cast<uint8_t>(type);
}

/// \param a a datagram \param b another of the same length \return the indices where they
/// differ (all of them if the lengths differ)
std::vector<std::size_t>
Diff(const Bytes& a, const Bytes& b)
{
    std::vector<std::size_t> at;
    for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i)
    {
        if (i >= a.size() || i >= b.size() || a[i] != b[i])
        {
            at.push_back(i);
        }
    }
    return at;
}

/// What the test's parties send and receive, and refuse
struct Observed
{
    std::vector<Bytes> f2Sent;     //!< CoAP datagrams with a flight 2, as the controller sent
    std::vector<Bytes> f2Received; //!< as the server read them
    std::vector<Bytes> f3Sent;     //!< CoAP datagrams with a flight 3, as the server sent
    std::vector<Bytes> f3Received; //!< as the controller read them
    std::vector<std::string> serverRejects;        //!< the server's Rejected reasons
    std::vector<BootstrapEvent> controllerRejects; //!< the controller's REJECTED events
    std::vector<std::string> lightsFailed;         //!< lights that gave up
    uint32_t tamperedTraces{0};                    //!< Tampered traces of the router's discs
};

/// \param into where \param type the flight type to keep \param p a datagram
void
Keep(std::vector<Bytes>* into, uint8_t type, Ptr<const Packet> p)
{
    Bytes data(p->GetSize());
    p->CopyData(data.data(), data.size());
    if (FlightType(data) == type)
    {
        into->push_back(data);
    }
}

/**
 * The server (node 0), the router (node 1) and the controller (node 2) of
 * iotsectest::BorderRouterPath: 2001:2::/64 between server and router, 2001:3::/64 between
 * router and controller, forwarding on the router. The lights (light-0, light-1, ...) hang 5 cm
 * from the controller's handheld, out of band over NFC; each starts 10 s after the previous.
 * Every light is enrolled with IK_N, and every store (light, controller, server) holds IK_N
 * under its identity before the run. The BootstrapTamperQueueDisc is on both router devices.
 */
struct MitmWorld
{
    iotsectest::BorderRouterPath path;                        //!< server, router, controller
    NodeContainer lights;                                     //!< the lights
    std::vector<Ptr<BootstrapNodeApplication>> sbi;           //!< the lights' applications
    Ptr<BootstrapControllerApplication> sbr;                  //!< the controller's
    Ptr<BootstrapServerApplication> sbs;                      //!< the server's
    QueueDiscContainer discs;                                 //!< toward the server, the controller
    Bytes ik = DtlsHelper::DeriveKey("bootstrap-mitm-ik", 0); //!< IK_N
    Bytes skCs = DtlsHelper::DeriveKey("bootstrap-mitm-cs", 0); //!< SK_cs
    Observed seen;                                              //!< what the parties did

    /// \param mode the router's mode \param n the number of lights
    MitmWorld(BootstrapTamperQueueDisc::Mode mode, uint32_t n)
    {
        path.Route();
        discs = BootstrapTamperQueueDisc::Install(
            NetDeviceContainer(path.internet.Get(1), path.lln.Get(0)),
            mode);
        lights.Create(n);
        InternetStackHelper internet;
        internet.SetIpv4StackInstall(false);
        internet.Install(lights);

        MobilityHelper mobility;
        Ptr<ListPositionAllocator> positions = CreateObject<ListPositionAllocator>();
        positions->Add(Vector(0, 0, 2.75)); // the controller's handheld
        for (uint32_t i = 0; i < n; ++i)
        {
            // 5 cm from the handheld, within NFC's 10 cm
            positions->Add(i == 0 ? Vector(0, 0, 2.8) : Vector(0.05 * i, 0, 2.75));
        }
        mobility.SetPositionAllocator(positions);
        mobility.SetMobilityModel("ns3::ConstantPositionMobilityModel");
        NodeContainer oobNodes(Controller());
        oobNodes.Add(lights);
        mobility.Install(oobNodes);
        OobChannelHelper oobHelper;
        oobHelper.SetChannel("ns3::NfcOobChannel");
        NetDeviceContainer oob = oobHelper.Install(oobNodes);

        Ptr<Ipv6> serverIp = Server()->GetObject<Ipv6>();
        Ipv6Address serverAddress =
            serverIp->GetAddress(serverIp->GetInterfaceForDevice(path.internet.Get(0)), 1)
                .GetAddress();
        BootstrapHelper bootstrap;
        sbs = bootstrap.InstallServer(Server());
        sbs->AddController("sbr", skCs);
        sbr = bootstrap.InstallController(Controller(),
                                          "sbr",
                                          skCs,
                                          Inet6SocketAddress(serverAddress, 5683),
                                          DynamicCast<OobNetDevice>(oob.Get(0)));
        ApplicationContainer apps(sbr);
        apps.Add(sbs);
        for (uint32_t i = 0; i < n; ++i)
        {
            std::string id = LightId(i);
            DtlsHelper::InstallPsk(lights.Get(i), id, ik);
            DtlsHelper::InstallPsk(Controller(), id, ik);
            DtlsHelper::InstallPsk(Server(), id, ik);
            sbs->EnrolNode(id, ik);
            sbi.push_back(bootstrap.InstallNode(
                lights.Get(i),
                id,
                ik,
                Inet6SocketAddress(path.nodeAddress, BootstrapApplication::DEFAULT_PORT),
                DynamicCast<OobNetDevice>(oob.Get(i + 1))));
            sbi.back()->SetStartTime(Seconds(1 + 10 * i));
            sbi.back()->TraceConnectWithoutContext(
                "Failed",
                MakeBoundCallback(
                    +[](Observed* o, const std::string& id) { o->lightsFailed.push_back(id); },
                    &seen));
            apps.Add(sbi.back());
        }
        int64_t stream = 1;
        stream += internet.AssignStreams(lights, stream);
        stream += oobHelper.AssignStreams(oob, stream);
        BootstrapHelper::AssignStreams(apps, stream);

        auto keep = +[](std::vector<Bytes>* v, uint8_t type, Ptr<const Packet> p, const Address&) {
            Keep(v, type, p);
        };
        const uint8_t f2 = static_cast<uint8_t>(BootstrapMessageType::VERIFY_REQUEST);
        const uint8_t f3 = static_cast<uint8_t>(BootstrapMessageType::VERIFY_RESPONSE);
        sbr->GetCoapBinding()->TraceConnectWithoutContext(
            "Tx",
            MakeBoundCallback(keep, &seen.f2Sent, f2));
        sbs->GetCoapBinding()->TraceConnectWithoutContext(
            "Rx",
            MakeBoundCallback(keep, &seen.f2Received, f2));
        sbs->GetCoapBinding()->TraceConnectWithoutContext(
            "Tx",
            MakeBoundCallback(keep, &seen.f3Sent, f3));
        sbr->GetCoapBinding()->TraceConnectWithoutContext(
            "Rx",
            MakeBoundCallback(keep, &seen.f3Received, f3));
        sbs->TraceConnectWithoutContext(
            "Rejected",
            MakeBoundCallback(
                +[](Observed* o, const std::string&, uint8_t, const std::string& reason) {
                    o->serverRejects.push_back(reason);
                },
                &seen));
        sbr->TraceConnectWithoutContext("Event",
                                        MakeBoundCallback(
                                            +[](Observed* o, const BootstrapEvent& e) {
                                                if (e.kind == BootstrapEvent::REJECTED)
                                                {
                                                    o->controllerRejects.push_back(e);
                                                }
                                            },
                                            &seen));
        for (uint32_t i = 0; i < discs.GetN(); ++i)
        {
            discs.Get(i)->TraceConnectWithoutContext(
                "Tampered",
                MakeBoundCallback(
                    +[](uint32_t* n, Ptr<const Packet>) { ++*n; },
                    &seen.tamperedTraces));
        }
    }

    /// \return the server's node
    Ptr<Node> Server() const
    {
        return path.nodes.Get(0);
    }

    /// \return the controller's node
    Ptr<Node> Controller() const
    {
        return path.nodes.Get(2);
    }

    /// \param i a light \return its identity
    static std::string LightId(uint32_t i)
    {
        return "light-" + std::to_string(i);
    }

    /// \param node a node \param i a light \return the key the node's store holds for it
    Bytes StoredKey(Ptr<Node> node, uint32_t i) const
    {
        std::string id = LightId(i);
        Bytes key;
        node->GetObject<DtlsPskStore>()->LookupPsk(Bytes(id.begin(), id.end()), key);
        return key;
    }

    /// \return datagrams the router's discs changed
    uint32_t Tampered() const
    {
        uint32_t n = 0;
        for (uint32_t i = 0; i < discs.GetN(); ++i)
        {
            n += DynamicCast<BootstrapTamperQueueDisc>(discs.Get(i))->GetTampered();
        }
        return n;
    }

    /**
     * \brief What the protocol gives the server for a flight 2 (it holds SK_cs): open it and
     * derive PSK_i = AES_{IK_i}(RN_i xor RN_c) from its RN_c and the embedded flight 1's RN_i.
     * \param datagram a CoAP datagram carrying a genuine flight 2
     * \param[out] plain its plaintext
     * \return PSK_i (empty if the flight does not open)
     */
    Bytes ExpectedPsk(const Bytes& datagram, BootstrapVerifyRequestPlain& plain) const
    {
        Bytes f2 = CoapPayload(datagram);
        BootstrapVerifyRequest request;
        Bytes opened;
        BootstrapHello hello;
        if (!BootstrapVerifyRequest::Parse(f2.data(), f2.size(), request, nullptr) ||
            !Crypto::AesCcmOpen(skCs,
                                request.nonce,
                                request.Aad(),
                                request.sealed,
                                BootstrapWire::TAG_BYTES,
                                opened) ||
            !BootstrapVerifyRequestPlain::Parse(opened.data(), opened.size(), plain, nullptr) ||
            !BootstrapHello::Parse(plain.hello.data(), plain.hello.size(), hello, nullptr))
        {
            return Bytes();
        }
        return BootstrapKeys::DerivePsk(ik, hello.rnI, plain.rnC);
    }
};

/**
 * \ingroup iotsec-tests
 * \brief What the cases of the suite check alike.
 */
class MitmTestCase : public TestCase
{
  protected:
    /// \param name the case's name
    explicit MitmTestCase(const std::string& name)
        : TestCase(name)
    {
    }

    /**
     * \brief Expect the keys three stores hold for a light.
     * \param w the world \param i the light
     * \param light the key expected in the light's store
     * \param controller in the controller's
     * \param server in the server's
     */
    void ExpectStores(const MitmWorld& w,
                      uint32_t i,
                      const Bytes& light,
                      const Bytes& controller,
                      const Bytes& server)
    {
        NS_TEST_EXPECT_MSG_EQ(HexEncode(w.StoredKey(w.lights.Get(i), i)),
                              HexEncode(light),
                              "the light's store, " << MitmWorld::LightId(i));
        NS_TEST_EXPECT_MSG_EQ(HexEncode(w.StoredKey(w.Controller(), i)),
                              HexEncode(controller),
                              "the controller's store, " << MitmWorld::LightId(i));
        NS_TEST_EXPECT_MSG_EQ(HexEncode(w.StoredKey(w.Server(), i)),
                              HexEncode(server),
                              "the server's store, " << MitmWorld::LightId(i));
    }

    /**
     * \brief Expect that the controller refused one message: a flight 3, for this reason.
     * \param w the world \param reason BootstrapRejectName() of the reason
     * \return the refusal (null if there was not exactly one)
     */
    const BootstrapEvent* ExpectControllerRefusedFlight3(const MitmWorld& w,
                                                         const std::string& reason)
    {
        NS_TEST_EXPECT_MSG_EQ(w.seen.controllerRejects.size(), 1, "the controller refused one");
        if (w.seen.controllerRejects.size() != 1)
        {
            return nullptr;
        }
        const BootstrapEvent& e = w.seen.controllerRejects[0];
        NS_TEST_EXPECT_MSG_EQ(unsigned{e.flight}, 3u, "a flight 3");
        NS_TEST_EXPECT_MSG_EQ(BootstrapRejectName(e.reason), reason, "the reason");
        return &e;
    }
};

/**
 * \ingroup iotsec-tests
 * \brief An honest router (NONE), the control: the light bootstraps through it; the three
 * stores hold the PSK_i the protocol derives from flight 2's RN_i and RN_c; the discs found
 * flight 2 (toward the server) and flight 3 (toward the controller) and changed nothing.
 */
class MitmHonestRouterTestCase : public MitmTestCase
{
  public:
    MitmHonestRouterTestCase()
        : MitmTestCase("NONE: through an honest router, the light bootstraps")
    {
    }

  private:
    void DoRun() override
    {
        MitmWorld w(BootstrapTamperQueueDisc::NONE, 1);
        Simulator::Stop(Seconds(30));
        Simulator::Run();

        IOTSEC_TEST_REQUIRE(w.seen.f2Sent.size() == 1, "the controller sent one flight 2");
        IOTSEC_TEST_REQUIRE(w.seen.f3Sent.size() == 1, "the server sent one flight 3");
        NS_TEST_EXPECT_MSG_EQ(w.seen.f2Received.size(), 1, "the server read one flight 2");
        NS_TEST_EXPECT_MSG_EQ(w.seen.f3Received.size(), 1, "the controller read one flight 3");
        NS_TEST_EXPECT_MSG_EQ((w.seen.f2Received.front() == w.seen.f2Sent.front()),
                              true,
                              "flight 2 arrived as sent");
        NS_TEST_EXPECT_MSG_EQ((w.seen.f3Received.front() == w.seen.f3Sent.front()),
                              true,
                              "flight 3 arrived as sent");
        auto disc = [&w](uint32_t i) {
            return DynamicCast<BootstrapTamperQueueDisc>(w.discs.Get(i));
        };
        NS_TEST_EXPECT_MSG_EQ(disc(0)->GetSeen(), 1, "the server-side disc found flight 2");
        NS_TEST_EXPECT_MSG_EQ(disc(1)->GetSeen(), 1, "the controller-side disc found flight 3");
        NS_TEST_EXPECT_MSG_EQ(w.Tampered(), 0, "an honest router changed nothing");
        NS_TEST_EXPECT_MSG_EQ(w.seen.tamperedTraces, 0, "and traced nothing");

        IOTSEC_TEST_REQUIRE(w.sbi[0]->IsBootstrapped(), "the light bootstrapped");
        BootstrapVerifyRequestPlain plain;
        Bytes psk = w.ExpectedPsk(w.seen.f2Sent.front(), plain);
        IOTSEC_TEST_REQUIRE(psk.size() == BootstrapWire::KEY_BYTES, "flight 2 opens with SK_cs");
        NS_TEST_EXPECT_MSG_EQ((psk != w.ik), true, "PSK_i is not IK_N");
        NS_TEST_EXPECT_MSG_EQ(plain.tid, w.sbi[0]->GetEngine()->GetTid(), "flight 2's TID");
        NS_TEST_EXPECT_MSG_EQ((w.sbi[0]->GetEngine()->GetPsk() == psk), true, "the light's PSK_i");
        ExpectStores(w, 0, psk, psk, psk);
        NS_TEST_EXPECT_MSG_EQ(w.sbs->GetAnswered(), 1, "the server answered");
        NS_TEST_EXPECT_MSG_EQ(w.sbr->GetCompleted(), 1, "the controller verified flight 5");
        NS_TEST_EXPECT_MSG_EQ(w.seen.serverRejects.size(), 0, "the server refused nothing");
        NS_TEST_EXPECT_MSG_EQ(w.seen.controllerRejects.size(), 0, "nor did the controller");
        Simulator::Destroy();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief FLIP_FLIGHT2 and FLIP_CLEAR: the router flips bit 0 of flight 2's first sealed byte
 * (offset 15: ciphertext) or of its first nonce byte (offset 2: in clear, in the AAD). The
 * server reads exactly that change, still a well-formed flight 2, and refuses it: no SK_cs
 * opens it (AUTH_FAILED). It sends no flight 3, so the light never gets flight 4 and gives up
 * (one flight 2 only: the light's flight-1 retransmissions are duplicates of a pending
 * transaction, and the last of them, 30 s after the first, comes before the controller's
 * transaction expires, 60 s after it). Every store keeps IK_N.
 */
class MitmFlight2TestCase : public MitmTestCase
{
  public:
    /// \param mode FLIP_FLIGHT2 or FLIP_CLEAR
    explicit MitmFlight2TestCase(BootstrapTamperQueueDisc::Mode mode)
        : MitmTestCase(std::string(BootstrapTamperQueueDisc::ModeName(mode)) +
                       ": the server refuses the altered flight 2 (AUTH_FAILED)"),
          m_mode(mode)
    {
    }

  private:
    void DoRun() override
    {
        MitmWorld w(m_mode, 1);
        Simulator::Stop(Seconds(80));
        Simulator::Run();

        IOTSEC_TEST_REQUIRE(w.seen.f2Sent.size() == 1, "the controller sent one flight 2");
        IOTSEC_TEST_REQUIRE(w.seen.f2Received.size() == 1, "the server read one");
        const Bytes& sent = w.seen.f2Sent.front();
        const Bytes& received = w.seen.f2Received.front();
        std::size_t flightAt = sent.size() - CoapPayload(sent).size();
        std::size_t offset = m_mode == BootstrapTamperQueueDisc::FLIP_CLEAR
                                 ? BootstrapWire::HEADER_BYTES
                                 : BootstrapWire::NONCE_AAD_BYTES;
        std::vector<std::size_t> at = Diff(sent, received);
        IOTSEC_TEST_REQUIRE(at.size() == 1, "the router changed one byte");
        NS_TEST_EXPECT_MSG_EQ(at[0], flightAt + offset, "the byte it targets");
        NS_TEST_EXPECT_MSG_EQ((sent[at[0]] ^ received[at[0]]), 0x01, "bit 0");
        Bytes altered = CoapPayload(received);
        BootstrapVerifyRequest parsed;
        NS_TEST_EXPECT_MSG_EQ(
            BootstrapVerifyRequest::Parse(altered.data(), altered.size(), parsed, nullptr),
            true,
            "still a well-formed flight 2");
        NS_TEST_EXPECT_MSG_EQ(w.Tampered(), 1, "the router altered the one flight 2");
        NS_TEST_EXPECT_MSG_EQ(w.seen.tamperedTraces, 1, "and traced it");

        IOTSEC_TEST_REQUIRE(w.seen.serverRejects.size() == 1, "the server refused it");
        NS_TEST_EXPECT_MSG_EQ(w.seen.serverRejects[0], "AUTH_FAILED", "CCM over SK_cs");
        NS_TEST_EXPECT_MSG_EQ(w.sbs->GetAnswered(), 0, "the server answered nothing");
        NS_TEST_EXPECT_MSG_EQ(w.seen.f3Sent.size(), 0, "no flight 3");
        NS_TEST_EXPECT_MSG_EQ(w.sbi[0]->IsBootstrapped(), false, "the light did not bootstrap");
        IOTSEC_TEST_REQUIRE(w.seen.lightsFailed.size() == 1, "the light gave up");
        NS_TEST_EXPECT_MSG_EQ(w.seen.lightsFailed[0], "light-0", "light-0");
        ExpectStores(w, 0, w.ik, w.ik, w.ik);
        Simulator::Destroy();
    }

    BootstrapTamperQueueDisc::Mode m_mode; //!< the router's mode
};

/**
 * \ingroup iotsec-tests
 * \brief FLIP_FLIGHT3: flight 2 goes through untouched, so the server answers and records
 * PSK_i (its part is done when it sends flight 3); the router flips bit 0 of flight 3's first
 * sealed byte (offset 15), and the controller refuses it (AUTH_FAILED). The light gets no
 * flight 4 and gives up; the light and the controller keep IK_N, the server holds the PSK_i
 * the protocol derives from flight 2 (a desynchronisation, not a key the attacker has).
 */
class MitmFlight3TestCase : public MitmTestCase
{
  public:
    MitmFlight3TestCase()
        : MitmTestCase("FLIP_FLIGHT3: the controller refuses the altered flight 3 (AUTH_FAILED)")
    {
    }

  private:
    void DoRun() override
    {
        MitmWorld w(BootstrapTamperQueueDisc::FLIP_FLIGHT3, 1);
        Simulator::Stop(Seconds(80));
        Simulator::Run();

        IOTSEC_TEST_REQUIRE(w.seen.f2Sent.size() == 1, "the controller sent one flight 2");
        IOTSEC_TEST_REQUIRE(w.seen.f2Received.size() == 1, "the server read one");
        NS_TEST_EXPECT_MSG_EQ((w.seen.f2Received[0] == w.seen.f2Sent[0]), true, "untouched");
        IOTSEC_TEST_REQUIRE(w.seen.f3Sent.size() == 1, "the server sent one flight 3");
        IOTSEC_TEST_REQUIRE(w.seen.f3Received.size() == 1, "the controller read one");
        const Bytes& sent = w.seen.f3Sent.front();
        const Bytes& received = w.seen.f3Received.front();
        std::vector<std::size_t> at = Diff(sent, received);
        IOTSEC_TEST_REQUIRE(at.size() == 1, "the router changed one byte");
        NS_TEST_EXPECT_MSG_EQ(at[0],
                              sent.size() - BootstrapWire::VERIFY_RESPONSE_BYTES +
                                  BootstrapWire::NONCE_AAD_BYTES,
                              "flight 3's first sealed byte");
        NS_TEST_EXPECT_MSG_EQ((sent[at[0]] ^ received[at[0]]), 0x01, "bit 0");
        NS_TEST_EXPECT_MSG_EQ(w.Tampered(), 1, "the router altered the one flight 3");
        NS_TEST_EXPECT_MSG_EQ(w.seen.tamperedTraces, 1, "and traced it");

        NS_TEST_EXPECT_MSG_EQ(w.seen.serverRejects.size(), 0, "the server took flight 2");
        NS_TEST_EXPECT_MSG_EQ(w.sbs->GetAnswered(), 1, "and answered it");
        ExpectControllerRefusedFlight3(w, "AUTH_FAILED"); // CCM over SK_cs
        NS_TEST_EXPECT_MSG_EQ(w.sbi[0]->IsBootstrapped(), false, "the light did not bootstrap");
        NS_TEST_EXPECT_MSG_EQ(w.seen.lightsFailed.size(), 1, "the light gave up");
        NS_TEST_EXPECT_MSG_EQ(w.sbr->GetCompleted(), 0, "the controller completed nothing");
        BootstrapVerifyRequestPlain plain;
        Bytes psk = w.ExpectedPsk(w.seen.f2Sent.front(), plain);
        IOTSEC_TEST_REQUIRE(psk.size() == BootstrapWire::KEY_BYTES, "flight 2 opens with SK_cs");
        // the light and the controller keep IK_N; the server holds flight 2's PSK_i
        ExpectStores(w, 0, w.ik, w.ik, psk);
        Simulator::Destroy();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief SWAP_FLIGHT3, two lights one after the other (light-1 10 s after light-0): light-0's
 * flight 3 is the first the router sees, so it only records it, and light-0 bootstraps. In
 * light-1's CoAP response the router puts light-0's flight 3 instead of light-1's. It opens
 * under SK_cs, but carries light-0's TID, whose transaction the controller has completed (it
 * lingers as DONE): the controller refuses it as UNKNOWN_TRANSACTION, about light-0. Light-1
 * gives up; it and the controller keep IK_N for it, the server holds light-1's PSK_i from
 * light-1's flight 2; light-0's PSK_i stays in all three stores.
 */
class MitmSwapTestCase : public MitmTestCase
{
  public:
    MitmSwapTestCase()
        : MitmTestCase("SWAP_FLIGHT3: another transaction's flight 3 is refused "
                       "(UNKNOWN_TRANSACTION)")
    {
    }

  private:
    void DoRun() override
    {
        MitmWorld w(BootstrapTamperQueueDisc::SWAP_FLIGHT3, 2);
        Simulator::Stop(Seconds(90));
        Simulator::Run();

        IOTSEC_TEST_REQUIRE(w.seen.f2Sent.size() == 2, "the controller sent two flights 2");
        IOTSEC_TEST_REQUIRE(w.seen.f3Sent.size() == 2, "the server sent two flights 3");
        IOTSEC_TEST_REQUIRE(w.seen.f3Received.size() == 2, "the controller read two");
        const std::size_t f3 = BootstrapWire::VERIFY_RESPONSE_BYTES;
        NS_TEST_EXPECT_MSG_EQ((w.seen.f3Received[0] == w.seen.f3Sent[0]), true, "light-0's");
        // light-1's CoAP response (its header: token, message ID), light-0's flight 3
        const Bytes& first = w.seen.f3Sent[0];
        const Bytes& second = w.seen.f3Sent[1];
        IOTSEC_TEST_REQUIRE(first.size() > f3 && second.size() > f3, "CoAP around flight 3");
        Bytes expected(second.begin(), second.end() - f3);
        expected.insert(expected.end(), first.end() - f3, first.end());
        NS_TEST_EXPECT_MSG_EQ((w.seen.f3Received[1] == expected), true, "swapped in");
        NS_TEST_EXPECT_MSG_EQ((w.seen.f3Received[1] != w.seen.f3Sent[1]), true, "not as sent");
        NS_TEST_EXPECT_MSG_EQ(w.Tampered(), 1, "the router swapped one flight 3");
        NS_TEST_EXPECT_MSG_EQ(w.seen.tamperedTraces, 1, "and traced it");

        IOTSEC_TEST_REQUIRE(w.sbi[0]->IsBootstrapped(), "light-0 bootstrapped");
        NS_TEST_EXPECT_MSG_EQ(w.sbs->GetAnswered(), 2, "the server answered both");
        NS_TEST_EXPECT_MSG_EQ(w.sbr->GetCompleted(), 1, "the controller completed light-0 only");
        // a completed transaction's flight 3: light-0's
        const BootstrapEvent* e = ExpectControllerRefusedFlight3(w, "UNKNOWN_TRANSACTION");
        IOTSEC_TEST_REQUIRE(e != nullptr, "one refusal");
        NS_TEST_EXPECT_MSG_EQ(e->tid, w.sbi[0]->GetEngine()->GetTid(), "light-0's TID");
        NS_TEST_EXPECT_MSG_EQ(e->nodeId, "light-0", "light-0's transaction");

        BootstrapVerifyRequestPlain plain0;
        BootstrapVerifyRequestPlain plain1;
        Bytes psk0 = w.ExpectedPsk(w.seen.f2Sent[0], plain0);
        Bytes psk1 = w.ExpectedPsk(w.seen.f2Sent[1], plain1);
        IOTSEC_TEST_REQUIRE(psk0.size() == 16 && psk1.size() == 16, "flights 2 open with SK_cs");
        NS_TEST_EXPECT_MSG_EQ((plain0.tid != plain1.tid), true, "two transactions");
        NS_TEST_EXPECT_MSG_EQ(plain0.tid, e->tid, "the refused TID is light-0's flight 2's");
        ExpectStores(w, 0, psk0, psk0, psk0);
        NS_TEST_EXPECT_MSG_EQ(w.sbi[1]->IsBootstrapped(), false, "light-1 did not bootstrap");
        IOTSEC_TEST_REQUIRE(w.seen.lightsFailed.size() == 1, "one light gave up");
        NS_TEST_EXPECT_MSG_EQ(w.seen.lightsFailed[0], "light-1", "light-1");
        // light-1 and the controller keep IK_N; the server holds light-1's PSK_i
        ExpectStores(w, 1, w.ik, w.ik, psk1);
        Simulator::Destroy();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief A man in the middle between the controller and the server, on ns-3.
 */
class BootstrapMitmTestSuite : public TestSuite
{
  public:
    BootstrapMitmTestSuite()
        : TestSuite("iotsec-bootstrap-mitm", TestSuite::Type::UNIT)
    {
        AddTestCase(new MitmHonestRouterTestCase, iotsectest::QUICK);
        AddTestCase(new MitmFlight2TestCase(BootstrapTamperQueueDisc::FLIP_FLIGHT2),
                    iotsectest::QUICK);
        AddTestCase(new MitmFlight2TestCase(BootstrapTamperQueueDisc::FLIP_CLEAR),
                    iotsectest::QUICK);
        AddTestCase(new MitmFlight3TestCase, iotsectest::QUICK);
        AddTestCase(new MitmSwapTestCase, iotsectest::QUICK);
    }
};

/// The suite's single instance
static BootstrapMitmTestSuite g_bootstrapMitmTestSuite;

} // namespace
