/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The ns-3 binding of Kang's PSK re-configuration (BootstrapNodeApplication,
// BootstrapControllerApplication, BootstrapServerApplication) on a one-hop 802.15.4 link and
// an out-of-band channel: the three parties end with one PSK; the node's DTLS handshake
// afterwards succeeds with PSK_i and fails with IK_N; the installer who hears flight 4 learns
// the PSK in band and not out of band beyond the channel's reach; flight 2 replayed from
// another host is refused (REPLAYED, then STALE); a controller without SK_cs gets nothing;
// the retransmission timeout allows for a slow channel's airtime.

#include "iotsec-test.h"

#include "ns3/bootstrap-helper.h"
#include "ns3/coap-message.h"
#include "ns3/coap-socket-binding.h"
#include "ns3/dtls-client-application.h"
#include "ns3/dtls-helper.h"
#include "ns3/dtls-psk-store.h"
#include "ns3/dtls-server-application.h"
#include "ns3/eavesdropper-application.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/lln-helper.h"
#include "ns3/mobility-helper.h"
#include "ns3/oob-channel-helper.h"
#include "ns3/oob-channel.h"
#include "ns3/oob-frame-header.h"
#include "ns3/oob-net-device.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/string.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// One light, its controller (a handheld under it), the authentication server and the
/// installer, on one 802.15.4 link and one out-of-band channel
struct BootstrapWorld
{
    NodeContainer nodes;                     //!< light, controller, server, installer
    NetDeviceContainer six;                  //!< their 6LoWPAN devices
    NetDeviceContainer oob;                  //!< light, controller, installer OOB devices
    Ptr<OobChannel> channel;                 //!< the OOB channel
    Ptr<BootstrapNodeApplication> sbi;       //!< the light's application
    Ptr<BootstrapControllerApplication> sbr; //!< the controller's
    Ptr<BootstrapServerApplication> sbs;     //!< the server's
    Ptr<EavesdropperApplication> sniffer;    //!< the installer's 802.15.4 sniffer
    Bytes ik = DtlsHelper::DeriveKey("bootstrap-test-ik", 0);   //!< IK_N
    Bytes skCs = DtlsHelper::DeriveKey("bootstrap-test-cs", 0); //!< SK_cs
    std::vector<Bytes> overheard;           //!< what the installer heard (both carriers)
    std::vector<Bytes> flights2;            //!< CoAP payloads the controller sent
    std::vector<std::string> serverRejects; //!< the server's Rejected reasons

    /**
     * \param scheme the scheme
     * \param channelType the OOB channel's TypeId name
     * \param installerDistance the installer's distance from the light (m)
     * \param controllerKey the key the controller uses (empty: SK_cs)
     */
    BootstrapWorld(BootstrapApplication::Scheme scheme,
                   const std::string& channelType,
                   double installerDistance,
                   const Bytes& controllerKey = Bytes())
    {
        nodes.Create(4);
        MobilityHelper mobility;
        Ptr<ListPositionAllocator> positions = CreateObject<ListPositionAllocator>();
        positions->Add(Vector(0, 0, 2.8));                 // the light
        positions->Add(Vector(0, 0, 2.75));                // the handheld, 5 cm under
        positions->Add(Vector(10, 0, 1));                  // the server
        positions->Add(Vector(installerDistance, 0, 2.8)); // the installer
        mobility.SetPositionAllocator(positions);
        mobility.SetMobilityModel("ns3::ConstantPositionMobilityModel");
        mobility.Install(nodes);

        OobChannelHelper oobHelper;
        oobHelper.SetChannel(channelType);
        channel = oobHelper.CreateChannel();
        oob.Add(oobHelper.Install(nodes.Get(0), channel));
        oob.Add(oobHelper.Install(nodes.Get(1), channel));
        oobHelper.SetDeviceAttribute("Role", EnumValue(OobNetDevice::RECEIVER));
        oob.Add(oobHelper.Install(nodes.Get(3), channel));

        InternetStackHelper internet;
        internet.SetIpv4StackInstall(false);
        internet.Install(nodes);
        LlnHelper lln;
        six = lln.Install(nodes);
        lln.AssignAddresses(six, Ipv6Address("2001:1::"), Ipv6Prefix(64));
        Ptr<Node> sniff =
            EavesdropperApplication::CreateLlnSniffer(lln.GetChannel(), Vector(2, 0, 1));
        sniffer = EavesdropperApplication::InstallOnLlnSniffer(sniff);

        DtlsHelper::InstallPsk(nodes.Get(0), "light-0", ik);
        DtlsHelper::InstallPsk(nodes.Get(2), "light-0", ik);

        BootstrapHelper bootstrap;
        bootstrap.SetScheme(scheme);
        sbs = bootstrap.InstallServer(nodes.Get(2));
        sbs->AddController("sbr", skCs);
        sbs->EnrolNode("light-0", ik);
        sbr = bootstrap.InstallController(nodes.Get(1),
                                          "sbr",
                                          controllerKey.empty() ? skCs : controllerKey,
                                          Inet6SocketAddress(ServerAddress(), 5683),
                                          DynamicCast<OobNetDevice>(oob.Get(1)));
        sbi = bootstrap.InstallNode(nodes.Get(0),
                                    "light-0",
                                    ik,
                                    Inet6SocketAddress(LlnHelper::GetGlobalAddress(six.Get(1)),
                                                       BootstrapApplication::DEFAULT_PORT),
                                    DynamicCast<OobNetDevice>(oob.Get(0)));
        sbi->SetStartTime(Seconds(1));

        int64_t stream = 1;
        stream += lln.AssignStreams(stream);
        stream += internet.AssignStreams(nodes, stream);
        stream += oobHelper.AssignStreams(oob, stream);
        ApplicationContainer apps(sbi);
        apps.Add(sbr);
        apps.Add(sbs);
        BootstrapHelper::AssignStreams(apps, stream);

        sniffer->TraceConnectWithoutContext("Seen",
                                            MakeBoundCallback(
                                                +[](BootstrapWorld* w,
                                                    Ptr<const Packet> payload,
                                                    Ipv6Address,
                                                    Ipv6Address,
                                                    EavesdropperApplication::Kind,
                                                    uint32_t) {
                                                    Bytes data(payload->GetSize());
                                                    payload->CopyData(data.data(), data.size());
                                                    w->overheard.push_back(data);
                                                },
                                                this));
        nodes.Get(3)->RegisterProtocolHandler(MakeBoundCallback(
                                                  +[](BootstrapWorld* w,
                                                      Ptr<NetDevice>,
                                                      Ptr<const Packet> packet,
                                                      uint16_t,
                                                      const Address&,
                                                      const Address&,
                                                      NetDevice::PacketType) {
                                                      Bytes data(packet->GetSize());
                                                      packet->CopyData(data.data(), data.size());
                                                      w->overheard.push_back(data);
                                                  },
                                                  this),
                                              BootstrapApplication::OOB_PROTOCOL,
                                              oob.Get(2),
                                              true);
        sbr->GetCoapBinding()->TraceConnectWithoutContext(
            "Tx",
            MakeBoundCallback(
                +[](BootstrapWorld* w, Ptr<const Packet> p, const Address&) {
                    Bytes data(p->GetSize());
                    p->CopyData(data.data(), data.size());
                    CoapMessage m;
                    if (CoapMessage::Parse(data.data(), data.size(), m, nullptr) &&
                        m.GetCode() == CoapCode::POST)
                    {
                        w->flights2.push_back(data); // the whole CoAP datagram
                    }
                },
                this));
        sbs->TraceConnectWithoutContext(
            "Rejected",
            MakeBoundCallback(
                +[](BootstrapWorld* w, const std::string&, uint8_t, const std::string& reason) {
                    w->serverRejects.push_back(reason);
                },
                this));
    }

    /// \return the server's global address
    Ipv6Address ServerAddress() const
    {
        return LlnHelper::GetGlobalAddress(six.Get(2));
    }

    /// \return the PSK in a node's store under light-0 (empty if none)
    Bytes StoredKey(uint32_t node) const
    {
        Ptr<DtlsPskStore> store = nodes.Get(node)->GetObject<DtlsPskStore>();
        Bytes key;
        if (store)
        {
            store->LookupPsk(Bytes{'l', 'i', 'g', 'h', 't', '-', '0'}, key);
        }
        return key;
    }

    /// \return true if the installer derived the node's PSK from what it overheard
    bool InstallerLearned() const
    {
        for (const Bytes& m : overheard)
        {
            Bytes psk;
            if (BootstrapAttacker::TryDerivePsk(ik, m.data(), m.size(), psk, nullptr, nullptr) &&
                sbi->IsBootstrapped() && psk == sbi->GetEngine()->GetPsk())
            {
                return true;
            }
        }
        return false;
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The five flights on ns-3, out of band over NFC and in band: one PSK in the three
 * stores; the installer learns it in band only; DTLS afterwards with PSK_i and IK_N.
 */
class BootstrapAppsEndToEndTestCase : public TestCase
{
  public:
    /// \param scheme the scheme
    explicit BootstrapAppsEndToEndTestCase(BootstrapApplication::Scheme scheme)
        : TestCase(std::string("Kang's five flights on ns-3, ") +
                   BootstrapApplication::SchemeName(scheme)),
          m_scheme(scheme)
    {
    }

  private:
    void DoRun() override
    {
        BootstrapWorld w(m_scheme, "ns3::NfcOobChannel", 1.0);
        uint64_t generationBefore =
            w.nodes.Get(0)->GetObject<DtlsPskStore>()->GetGeneration("light-0");
        uint32_t oobFlights = 0;
        uint32_t inBandFlights = 0;
        w.sbi->TraceConnectWithoutContext(
            "FlightSent",
            MakeBoundCallback(
                +[](uint32_t* o,
                    uint32_t* b,
                    const std::string&,
                    uint8_t,
                    uint32_t,
                    BootstrapApplication::Carrier c,
                    bool) { ++*(c == BootstrapApplication::CARRIER_OOB ? o : b); },
                &oobFlights,
                &inBandFlights));
        // DTLS afterwards, from the light to the server: one client with the node's store
        // (PSK_i), one with a store that still holds IK_N
        DtlsHelper dtls;
        ApplicationContainer server = dtls.InstallServer(NodeContainer(w.nodes.Get(2)), 5684);
        Address remote(Inet6SocketAddress(w.ServerAddress(), 5684));
        ApplicationContainer withPsk = dtls.InstallClient(w.nodes.Get(0), remote, "light-0", 0);
        withPsk.Start(Seconds(5));
        Ptr<DtlsPskStore> old = CreateObject<DtlsPskStore>();
        old->SetPsk("light-0", w.ik);
        DtlsHelper oldDtls;
        oldDtls.SetSocketAttribute("PskStore", PointerValue(old));
        oldDtls.SetSocketAttribute("MaxRetransmissions", UintegerValue(2));
        ApplicationContainer withIk = oldDtls.InstallClient(w.nodes.Get(0), remote, "light-0", 0);
        withIk.Start(Seconds(6));
        int pskOutcome = 0;
        int ikOutcome = 0;
        auto ok = +[](int* flag, const Address&, const DtlsHandshakeStats&) { *flag = 1; };
        auto bad = +[](int* flag, const Address&, const std::string&) { *flag = -1; };
        withPsk.Get(0)->TraceConnectWithoutContext("HandshakeCompleted",
                                                   MakeBoundCallback(ok, &pskOutcome));
        withPsk.Get(0)->TraceConnectWithoutContext("HandshakeFailed",
                                                   MakeBoundCallback(bad, &pskOutcome));
        withIk.Get(0)->TraceConnectWithoutContext("HandshakeCompleted",
                                                  MakeBoundCallback(ok, &ikOutcome));
        withIk.Get(0)->TraceConnectWithoutContext("HandshakeFailed",
                                                  MakeBoundCallback(bad, &ikOutcome));
        ApplicationContainer dtlsApps(server);
        dtlsApps.Add(withPsk);
        dtlsApps.Add(withIk);
        DtlsHelper::AssignStreams(dtlsApps, 100);
        Simulator::Stop(Seconds(60));
        Simulator::Run();

        IOTSEC_TEST_REQUIRE(w.sbi->IsBootstrapped(), "the light did not bootstrap");
        Bytes psk = w.sbi->GetEngine()->GetPsk();
        NS_TEST_EXPECT_MSG_EQ(psk.size(), 16, "PSK_i is an AES-128 key");
        NS_TEST_EXPECT_MSG_EQ((psk != w.ik), true, "PSK_i differs from IK_N");
        NS_TEST_EXPECT_MSG_EQ((w.StoredKey(0) == psk), true, "the light's store holds PSK_i");
        NS_TEST_EXPECT_MSG_EQ((w.StoredKey(1) == psk), true, "the controller's store too");
        NS_TEST_EXPECT_MSG_EQ((w.StoredKey(2) == psk), true, "the server's store too");
        NS_TEST_EXPECT_MSG_GT(w.nodes.Get(0)->GetObject<DtlsPskStore>()->GetGeneration("light-0"),
                              generationBefore,
                              "the key change is a new generation (old sessions invalid)");
        NS_TEST_EXPECT_MSG_EQ(w.sbr->GetCompleted(), 1, "the controller verified flight 5");
        NS_TEST_EXPECT_MSG_EQ(w.sbs->GetAnswered(), 1, "the server answered flight 2 once");
        if (m_scheme == BootstrapApplication::OUT_OF_BAND)
        {
            NS_TEST_EXPECT_MSG_EQ(oobFlights, 2, "flights 1 and 5 left the light out of band");
            NS_TEST_EXPECT_MSG_EQ(inBandFlights, 0, "nothing of the light's went in band");
            NS_TEST_EXPECT_MSG_EQ(w.InstallerLearned(),
                                  false,
                                  "NFC at 1 m: the installer heard no flight 4");
        }
        else
        {
            NS_TEST_EXPECT_MSG_EQ(oobFlights, 0, "in band: no OOB flight");
            NS_TEST_EXPECT_MSG_EQ(inBandFlights, 2, "flights 1 and 5 went over the radio");
            NS_TEST_EXPECT_MSG_EQ(w.InstallerLearned(),
                                  true,
                                  "in band, the installer opens flight 4 with IK_N");
        }
        NS_TEST_EXPECT_MSG_EQ(pskOutcome, 1, "the handshake with PSK_i succeeded");
        NS_TEST_EXPECT_MSG_EQ(ikOutcome, -1, "the handshake with IK_N failed");
        Simulator::Destroy();
    }

    BootstrapApplication::Scheme m_scheme; //!< the scheme
};

/**
 * \ingroup iotsec-tests
 * \brief The installer's reach out of band: NFC at 1 m hears nothing even with 40 dB of
 * special equipment; audio at 1 m, inside its reach, gives it the PSK.
 */
class BootstrapAppsReachTestCase : public TestCase
{
  public:
    BootstrapAppsReachTestCase()
        : TestCase("the installer learns PSK_i out of band only within the channel's reach")
    {
    }

  private:
    void DoRun() override
    {
        {
            BootstrapWorld w(BootstrapApplication::OUT_OF_BAND, "ns3::AudioOobChannel", 1.0);
            Simulator::Stop(Seconds(30));
            Simulator::Run();
            IOTSEC_TEST_REQUIRE(w.sbi->IsBootstrapped(), "audio: the light did not bootstrap");
            NS_TEST_EXPECT_MSG_EQ(w.InstallerLearned(), true, "audio at 1 m: within reach");
            Simulator::Destroy();
        }
        {
            BootstrapWorld w(BootstrapApplication::OUT_OF_BAND, "ns3::AudioOobChannel", 30.0);
            Simulator::Stop(Seconds(30));
            Simulator::Run();
            IOTSEC_TEST_REQUIRE(w.sbi->IsBootstrapped(), "audio: the light did not bootstrap");
            // 65 dB SPL - 20 log10(30) - 45 dB SPL = -9.5 dB: BFSK's BER is about 0.4
            NS_TEST_EXPECT_MSG_EQ(w.InstallerLearned(), false, "audio at 30 m: out of reach");
            Simulator::Destroy();
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Flight 2 sent again from another host (a replay on the radio): REPLAYED within the
 * freshness window, STALE after it, and no second PSK change.
 */
class BootstrapAppsReplayTestCase : public TestCase
{
  public:
    BootstrapAppsReplayTestCase()
        : TestCase("a replayed flight 2 is refused by the server (REPLAYED, then STALE)")
    {
    }

  private:
    void DoRun() override
    {
        BootstrapWorld w(BootstrapApplication::OUT_OF_BAND, "ns3::NfcOobChannel", 1.0);
        w.sbs->SetAttribute("MaxAge", TimeValue(Seconds(10)));
        // Each replay from its own socket: CoAP's deduplication would answer a second copy
        // from one source port from its cache, without the engine (another refusal)
        uint32_t answers = 0;
        std::vector<Ptr<Socket>> replayers;
        for (int i = 0; i < 2; ++i)
        {
            Ptr<Socket> s = Socket::CreateSocket(w.nodes.Get(3), UdpSocketFactory::GetTypeId());
            s->Bind6();
            s->SetRecvCallback(MakeBoundCallback(
                +[](uint32_t* n, Ptr<Socket> socket) {
                    while (socket->Recv())
                    {
                        ++*n;
                    }
                },
                &answers));
            replayers.push_back(s);
        }
        Address server(Inet6SocketAddress(w.ServerAddress(), 5683));
        auto replay = [&w, server](Ptr<Socket> replayer) {
            if (!w.flights2.empty())
            {
                const Bytes& d = w.flights2.front();
                replayer->SendTo(Create<Packet>(d.data(), d.size()), 0, server);
            }
        };
        Ptr<Socket> first = replayers[0];
        Ptr<Socket> second = replayers[1];
        Simulator::Schedule(Seconds(5), [replay, first]() { replay(first); });    // within MaxAge
        Simulator::Schedule(Seconds(30), [replay, second]() { replay(second); }); // long after
        Simulator::Stop(Seconds(40));
        Simulator::Run();

        IOTSEC_TEST_REQUIRE(w.sbi->IsBootstrapped(), "the light did not bootstrap");
        NS_TEST_EXPECT_MSG_EQ(w.flights2.size(), 1, "one flight 2 was sent");
        NS_TEST_EXPECT_MSG_EQ(w.sbs->GetAnswered(), 1, "the server answered only the original");
        IOTSEC_TEST_REQUIRE(w.serverRejects.size() == 2, "both replays were refused");
        NS_TEST_EXPECT_MSG_EQ(w.serverRejects[0], "REPLAYED", "within the window: REPLAYED");
        NS_TEST_EXPECT_MSG_EQ(w.serverRejects[1], "STALE", "after the window: STALE");
        NS_TEST_EXPECT_MSG_EQ(answers, 2, "each replay got an error response, no flight 3");
        NS_TEST_EXPECT_MSG_EQ((w.StoredKey(2) == w.sbi->GetEngine()->GetPsk()),
                              true,
                              "the server's key is still the light's PSK_i");
        Simulator::Destroy();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief A controller without SK_cs (the installer impersonating the controller) gets no
 * flight 3: the server refuses (AUTH_FAILED), the light never gets a flight 4 and gives up,
 * and every store keeps IK_N.
 */
class BootstrapAppsImpersonationTestCase : public TestCase
{
  public:
    BootstrapAppsImpersonationTestCase()
        : TestCase("a controller without SK_cs gets nothing from the server")
    {
    }

  private:
    void DoRun() override
    {
        BootstrapWorld w(BootstrapApplication::OUT_OF_BAND,
                         "ns3::NfcOobChannel",
                         1.0,
                         DtlsHelper::DeriveKey("not-sk-cs", 0));
        bool failed = false;
        w.sbi->TraceConnectWithoutContext("Failed",
                                          MakeBoundCallback(
                                              +[](bool* f, const std::string&) { *f = true; },
                                              &failed));
        Simulator::Stop(Seconds(120));
        Simulator::Run();

        NS_TEST_EXPECT_MSG_EQ(w.sbi->IsBootstrapped(), false, "the light did not bootstrap");
        NS_TEST_EXPECT_MSG_EQ(failed, true, "it gave up after its retransmissions");
        NS_TEST_EXPECT_MSG_EQ(w.sbs->GetAnswered(), 0, "the server answered nothing");
        IOTSEC_TEST_REQUIRE(!w.serverRejects.empty(), "the server refused flight 2");
        NS_TEST_EXPECT_MSG_EQ(w.serverRejects[0], "AUTH_FAILED", "no controller key opens it");
        NS_TEST_EXPECT_MSG_EQ((w.StoredKey(0) == w.ik), true, "the light keeps IK_N");
        NS_TEST_EXPECT_MSG_EQ((w.StoredKey(2) == w.ik), true, "the server keeps IK_N");
        Simulator::Destroy();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief On a slow channel the retransmission timeout allows for the airtime: over light
 * (250 bit/s) the five flights complete without a retransmission, and the bootstrap time
 * equals the two out-of-band flights' airtime plus what NFC's run spends in band.
 */
class BootstrapAppsAirtimeTestCase : public TestCase
{
  public:
    BootstrapAppsAirtimeTestCase()
        : TestCase("bootstrap time = OOB airtime of flights 1 and 4 + the in-band part")
    {
    }

  private:
    /// \return (bootstrap time, retransmissions, OOB airtime of flights 1 and 4)
    static std::tuple<Time, uint32_t, Time> Run(const std::string& type)
    {
        BootstrapWorld w(BootstrapApplication::OUT_OF_BAND, type, 1.0);
        // the handheld's LED points up at the ceiling light
        DynamicCast<OobNetDevice>(w.oob.Get(1))
            ->SetAttribute("Direction", VectorValue(Vector(0, 0, 1)));
        uint32_t retransmissions = 0;
        auto count = +[](uint32_t* n,
                         const std::string&,
                         uint8_t,
                         uint32_t,
                         BootstrapApplication::Carrier,
                         bool r) { *n += r ? 1 : 0; };
        w.sbi->TraceConnectWithoutContext("FlightSent", MakeBoundCallback(count, &retransmissions));
        w.sbr->TraceConnectWithoutContext("FlightSent", MakeBoundCallback(count, &retransmissions));
        Simulator::Stop(Seconds(60));
        Simulator::Run();
        Time t = w.sbi->IsBootstrapped() ? w.sbi->GetBootstrapTime() : Time::Max();
        uint32_t header = OobFrameHeader().GetSerializedSize();
        // ID "light-0": HELLO 2 + 1 + 7 + 16 = 26 bytes; KEY 59 bytes
        Time airtime = w.channel->GetTransmissionTime(26 + header) +
                       w.channel->GetTransmissionTime(59 + header);
        Simulator::Destroy();
        return {t, retransmissions, airtime};
    }

    void DoRun() override
    {
        auto [nfcTime, nfcRetx, nfcAir] = Run("ns3::NfcOobChannel");
        auto [lightTime, lightRetx, lightAir] = Run("ns3::LightOobChannel");
        IOTSEC_TEST_REQUIRE(nfcTime != Time::Max(), "NFC: the light did not bootstrap");
        IOTSEC_TEST_REQUIRE(lightTime != Time::Max(), "light: the light did not bootstrap");
        NS_TEST_EXPECT_MSG_EQ(nfcRetx, 0, "NFC: no retransmission");
        NS_TEST_EXPECT_MSG_EQ(lightRetx, 0, "light: no retransmission at 250 bit/s");
        // light: 200 ms setup + (26 + 16 + 3) * 8 / 250 = 1.64 s; + 200 ms + (59 + 19) * 8 /
        // 250 = 2.696 s
        NS_TEST_EXPECT_MSG_EQ_TOL(lightAir.GetSeconds(), 4.336, 1e-9, "light airtime");
        // What is not OOB airtime (CPU, the radio legs to the server) is the same on both
        // channels, up to the propagation delays (nanoseconds)
        NS_TEST_EXPECT_MSG_EQ_TOL((lightTime - lightAir).GetSeconds(),
                                  (nfcTime - nfcAir).GetSeconds(),
                                  1e-6,
                                  "bootstrap time - OOB airtime does not depend on the channel");
        NS_TEST_EXPECT_MSG_GT((nfcTime - nfcAir).GetSeconds(), 0, "the in-band part takes time");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief SBR and SBS on one host (Kang, section 3: "on one host or two"): the controller
 * reaches the server at the host's own address; the light bootstraps and the light's and the
 * host's stores hold one PSK_i.
 */
class BootstrapAppsOneHostTestCase : public TestCase
{
  public:
    BootstrapAppsOneHostTestCase()
        : TestCase("controller and server on one host")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer nodes; // the light, the host under it
        nodes.Create(2);
        MobilityHelper mobility;
        Ptr<ListPositionAllocator> positions = CreateObject<ListPositionAllocator>();
        positions->Add(Vector(0, 0, 2.8));
        positions->Add(Vector(0, 0, 2.75));
        mobility.SetPositionAllocator(positions);
        mobility.SetMobilityModel("ns3::ConstantPositionMobilityModel");
        mobility.Install(nodes);
        OobChannelHelper oobHelper;
        oobHelper.SetChannel("ns3::NfcOobChannel");
        Ptr<OobChannel> channel = oobHelper.CreateChannel();
        NetDeviceContainer oob = oobHelper.Install(nodes, channel);
        InternetStackHelper internet;
        internet.SetIpv4StackInstall(false);
        internet.Install(nodes);
        LlnHelper lln;
        NetDeviceContainer six = lln.Install(nodes);
        lln.AssignAddresses(six, Ipv6Address("2001:1::"), Ipv6Prefix(64));
        const Bytes ik = DtlsHelper::DeriveKey("bootstrap-test-ik", 0);
        const Bytes skCs = DtlsHelper::DeriveKey("bootstrap-test-cs", 0);
        DtlsHelper::InstallPsk(nodes.Get(0), "light-0", ik);
        DtlsHelper::InstallPsk(nodes.Get(1), "light-0", ik);
        const Ipv6Address host = LlnHelper::GetGlobalAddress(six.Get(1));

        BootstrapHelper bootstrap;
        Ptr<BootstrapServerApplication> sbs = bootstrap.InstallServer(nodes.Get(1));
        sbs->AddController("sbr", skCs);
        sbs->EnrolNode("light-0", ik);
        Ptr<BootstrapControllerApplication> sbr =
            bootstrap.InstallController(nodes.Get(1),
                                        "sbr",
                                        skCs,
                                        Inet6SocketAddress(host, 5683),
                                        DynamicCast<OobNetDevice>(oob.Get(1)));
        Ptr<BootstrapNodeApplication> sbi =
            bootstrap.InstallNode(nodes.Get(0),
                                  "light-0",
                                  ik,
                                  Inet6SocketAddress(host, BootstrapApplication::DEFAULT_PORT),
                                  DynamicCast<OobNetDevice>(oob.Get(0)));
        sbi->SetStartTime(Seconds(1));
        int64_t stream = 1;
        stream += lln.AssignStreams(stream);
        stream += internet.AssignStreams(nodes, stream);
        stream += oobHelper.AssignStreams(oob, stream);
        ApplicationContainer apps(sbi);
        apps.Add(sbr);
        apps.Add(sbs);
        BootstrapHelper::AssignStreams(apps, stream);
        Simulator::Stop(Seconds(30));
        Simulator::Run();

        IOTSEC_TEST_REQUIRE(sbi->IsBootstrapped(), "the light did not bootstrap");
        const Bytes psk = sbi->GetEngine()->GetPsk();
        NS_TEST_EXPECT_MSG_EQ((psk != ik), true, "PSK_i differs from IK_N");
        NS_TEST_EXPECT_MSG_EQ(sbs->GetAnswered(), 1, "the server answered flight 2");
        NS_TEST_EXPECT_MSG_EQ(sbr->GetCompleted(), 1, "the controller verified flight 5");
        Bytes hostKey;
        nodes.Get(1)->GetObject<DtlsPskStore>()->LookupPsk(Bytes{'l', 'i', 'g', 'h', 't', '-', '0'},
                                                           hostKey);
        NS_TEST_EXPECT_MSG_EQ((hostKey == psk), true, "the host's store holds PSK_i");
        Simulator::Destroy();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The bootstrap applications' test suite.
 */
class BootstrapApplicationsTestSuite : public TestSuite
{
  public:
    BootstrapApplicationsTestSuite()
        : TestSuite("iotsec-bootstrap-applications", TestSuite::Type::UNIT)
    {
        AddTestCase(new BootstrapAppsEndToEndTestCase(BootstrapApplication::OUT_OF_BAND),
                    iotsectest::QUICK);
        AddTestCase(new BootstrapAppsEndToEndTestCase(BootstrapApplication::IN_BAND),
                    iotsectest::QUICK);
        AddTestCase(new BootstrapAppsReachTestCase, iotsectest::QUICK);
        AddTestCase(new BootstrapAppsReplayTestCase, iotsectest::QUICK);
        AddTestCase(new BootstrapAppsImpersonationTestCase, iotsectest::QUICK);
        AddTestCase(new BootstrapAppsAirtimeTestCase, iotsectest::QUICK);
        AddTestCase(new BootstrapAppsOneHostTestCase, iotsectest::QUICK);
    }
};

/// The suite's single instance
static BootstrapApplicationsTestSuite g_bootstrapApplicationsTestSuite;

} // namespace
