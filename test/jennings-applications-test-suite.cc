/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Jennings' transitive-trust enrolment (Kang's Figure 1, the baseline) on ns-3
// (JenningsApplication): a light shows its label over NFC to a phone under it; the phone
// introduces it to the transfer agent and delivers its secret to the controller over its own
// IP link (CSMA); the light discovers the controller through the transfer agent over
// 802.15.4. The light ends with the label's secret as its PSK and the controller holds it:
// the light's DTLS handshake succeeds, and so does that of whoever read the label (the
// baseline's weakness). The OTP is one-time: a second DISCOVER is refused, and one sent
// first by the label's reader locks the light out. A label that was never scanned leaves
// the light to give up.

#include "iotsec-test.h"

#include "ns3/bootstrap-helper.h"
#include "ns3/csma-helper.h"
#include "ns3/dtls-client-application.h"
#include "ns3/dtls-helper.h"
#include "ns3/dtls-psk-store.h"
#include "ns3/eavesdropper-application.h"
#include "ns3/engine-random.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv6-address-helper.h"
#include "ns3/lln-helper.h"
#include "ns3/mobility-helper.h"
#include "ns3/mobility-model.h"
#include "ns3/oob-channel-helper.h"
#include "ns3/oob-channel.h"
#include "ns3/oob-frame-header.h"
#include "ns3/oob-net-device.h"
#include "ns3/pointer.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/string.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

const uint16_t AGENT_PORT = 5691;      //!< the transfer agent's port
const uint16_t CONTROLLER_PORT = 5692; //!< the controller's port

/// A light and the installer on 802.15.4 with the server; the phone and the server on CSMA;
/// the light and the phone on one NFC channel
struct JenningsWorld
{
    NodeContainer nodes;                   //!< light, phone, server, installer
    NetDeviceContainer six;                //!< light, server, installer 6LoWPAN devices
    Ipv6InterfaceContainer csmaIf;         //!< phone, server on CSMA
    NetDeviceContainer oob;                //!< light, phone NFC devices
    Ptr<OobChannel> channel;               //!< the NFC channel
    Ptr<JenningsApplication> device;       //!< the light's
    Ptr<JenningsApplication> introducer;   //!< the phone's
    Ptr<JenningsApplication> agent;        //!< the transfer agent (server)
    Ptr<JenningsApplication> controller;   //!< the controller (server)
    Ptr<EavesdropperApplication> sniffer;  //!< an 802.15.4 sniffer
    JenningsLabel label;                   //!< the light's label
    std::vector<Bytes> overheard;          //!< UDP payloads the sniffer saw
    std::vector<std::string> agentRejects; //!< the transfer agent's Rejected reasons
    Time discoverAt{Time::Max()};          //!< the first DISCOVER sent
    uint32_t discovers{0};                 //!< DISCOVERs sent (retransmissions included)
    uint32_t labels{0};                    //!< label frames the light sent

    /// \param phoneDistance the phone below the light (m) \param bootDelay the BootDelay
    JenningsWorld(double phoneDistance, Time bootDelay)
    {
        nodes.Create(4);
        MobilityHelper mobility;
        Ptr<ListPositionAllocator> positions = CreateObject<ListPositionAllocator>();
        positions->Add(Vector(0, 0, 2.8));                 // the light
        positions->Add(Vector(0, 0, 2.8 - phoneDistance)); // the phone
        positions->Add(Vector(10, 0, 1));                  // the server
        positions->Add(Vector(3, 0, 1));                   // the installer
        mobility.SetPositionAllocator(positions);
        mobility.SetMobilityModel("ns3::ConstantPositionMobilityModel");
        mobility.Install(nodes);

        OobChannelHelper oobHelper;
        oobHelper.SetChannel("ns3::NfcOobChannel");
        channel = oobHelper.CreateChannel();
        oob.Add(oobHelper.Install(nodes.Get(0), channel));
        oob.Add(oobHelper.Install(nodes.Get(1), channel));

        InternetStackHelper internet;
        internet.SetIpv4StackInstall(false);
        internet.Install(nodes);
        NodeContainer radio(nodes.Get(0), nodes.Get(2), nodes.Get(3));
        LlnHelper lln;
        six = lln.Install(radio);
        lln.AssignAddresses(six, Ipv6Address("2001:1::"), Ipv6Prefix(64));
        CsmaHelper csma;
        NetDeviceContainer wired = csma.Install(NodeContainer(nodes.Get(1), nodes.Get(2)));
        Ipv6AddressHelper ipv6;
        ipv6.SetBase(Ipv6Address("2001:2::"), Ipv6Prefix(64));
        csmaIf = ipv6.Assign(wired);
        Ptr<Node> sniff =
            EavesdropperApplication::CreateLlnSniffer(lln.GetChannel(), Vector(2, 0, 1));
        sniffer = EavesdropperApplication::InstallOnLlnSniffer(sniff);

        // The manufacturer's label, from a stream of its own
        Ptr<UniformRandomVariable> maker = CreateObject<UniformRandomVariable>();
        maker->SetStream(50);
        StreamEngineRandom random(maker);
        label = JenningsLabel::Generate("light-0", random, nullptr);

        // The server's DTLS store, which the controller fills
        nodes.Get(2)->AggregateObject(CreateObject<DtlsPskStore>());

        JenningsHelper jennings;
        agent = jennings.InstallTransferAgent(nodes.Get(2), AGENT_PORT);
        controller = jennings.InstallController(nodes.Get(2), CONTROLLER_PORT);
        introducer =
            jennings.InstallIntroducer(nodes.Get(1),
                                       Inet6SocketAddress(csmaIf.GetAddress(1, 1), AGENT_PORT),
                                       Inet6SocketAddress(csmaIf.GetAddress(1, 1), CONTROLLER_PORT),
                                       "controller [2001:1::] 5684",
                                       DynamicCast<OobNetDevice>(oob.Get(1)));
        jennings.SetAttribute("BootDelay", TimeValue(bootDelay));
        device = jennings.InstallDevice(nodes.Get(0),
                                        label.Serialize(),
                                        Inet6SocketAddress(ServerAddress(), AGENT_PORT),
                                        DynamicCast<OobNetDevice>(oob.Get(0)));
        device->SetStartTime(Seconds(1));

        int64_t stream = 1;
        stream += lln.AssignStreams(stream);
        stream += internet.AssignStreams(nodes, stream);
        stream += oobHelper.AssignStreams(oob, stream);
        ApplicationContainer apps(device);
        apps.Add(introducer);
        apps.Add(agent);
        apps.Add(controller);
        BootstrapHelper::AssignStreams(apps, stream);

        sniffer->TraceConnectWithoutContext("Seen",
                                            MakeBoundCallback(
                                                +[](JenningsWorld* w,
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
        agent->TraceConnectWithoutContext(
            "Rejected",
            MakeBoundCallback(
                +[](JenningsWorld* w, const std::string&, uint8_t, const std::string& reason) {
                    w->agentRejects.push_back(reason);
                },
                this));
        device->TraceConnectWithoutContext(
            "FlightSent",
            MakeBoundCallback(
                +[](JenningsWorld* w,
                    const std::string&,
                    uint8_t type,
                    uint32_t,
                    BootstrapApplication::Carrier,
                    bool) {
                    if (type == static_cast<uint8_t>(JenningsMessageType::DISCOVER))
                    {
                        w->discoverAt = std::min(w->discoverAt, Simulator::Now());
                        ++w->discovers;
                    }
                    if (type == static_cast<uint8_t>(JenningsMessageType::LABEL))
                    {
                        ++w->labels;
                    }
                },
                this));
    }

    /// \return the server's 802.15.4 address
    Ipv6Address ServerAddress() const
    {
        return LlnHelper::GetGlobalAddress(six.Get(1));
    }

    /// \param node a node \return the PSK in its store under light-0 (empty if none)
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

    /// \return a DISCOVER of the light's, as the label's reader can forge it
    Bytes ForgedDiscover() const
    {
        JenningsDiscover d;
        d.deviceId = label.deviceId;
        d.otp = label.otp;
        return d.Serialize();
    }

    /// \brief Send a datagram to the transfer agent from the installer
    /// \param socket the installer's socket \param data the datagram
    void SendToAgent(Ptr<Socket> socket, const Bytes& data) const
    {
        socket->SendTo(Create<Packet>(data.data(), data.size()),
                       0,
                       Inet6SocketAddress(ServerAddress(), AGENT_PORT));
    }
};

/// \brief Watch a DTLS client's handshake
/// \param client the client \param flag set to 1 on success, -1 on failure
void
WatchHandshake(Ptr<Application> client, int* flag)
{
    client->TraceConnectWithoutContext(
        "HandshakeCompleted",
        MakeBoundCallback(
            +[](int* f, const Address&, const DtlsHandshakeStats&) { *f = 1; },
            flag));
    client->TraceConnectWithoutContext(
        "HandshakeFailed",
        MakeBoundCallback(
            +[](int* f, const Address&, const std::string&) { *f = -1; },
            flag));
}

/**
 * \ingroup iotsec-tests
 * \brief The four parties end to end: the light's PSK is the label's secret, in its store
 * and the controller's; DISCOVER leaves once the label's frame is out plus BootDelay; the
 * secret never crosses 802.15.4; the light's DTLS handshake succeeds, and so does that of
 * whoever read the label.
 */
class JenningsAppsEndToEndTestCase : public TestCase
{
  public:
    JenningsAppsEndToEndTestCase()
        : TestCase("Jennings' enrolment on ns-3: the label's secret is the PSK, for its reader "
                   "too")
    {
    }

  private:
    void DoRun() override
    {
        const Time bootDelay = MilliSeconds(500);
        JenningsWorld w(0.05, bootDelay);
        DtlsHelper dtls;
        ApplicationContainer server = dtls.InstallServer(NodeContainer(w.nodes.Get(2)), 5684);
        Address remote(Inet6SocketAddress(w.ServerAddress(), 5684));
        ApplicationContainer light = dtls.InstallClient(w.nodes.Get(0), remote, "light-0", 0);
        light.Start(Seconds(5));
        // The installer read the label on the box: it holds the secret under the light's name
        Bytes readFromLabel;
        IOTSEC_TEST_REQUIRE(JenningsAttacker::SecretFromLabel(w.label.Serialize(), readFromLabel),
                            "the label parses");
        DtlsHelper::InstallPsk(w.nodes.Get(3), "light-0", readFromLabel);
        ApplicationContainer reader = dtls.InstallClient(w.nodes.Get(3), remote, "light-0", 0);
        reader.Start(Seconds(6));
        ApplicationContainer dtlsApps(server);
        dtlsApps.Add(light);
        dtlsApps.Add(reader);
        DtlsHelper::AssignStreams(dtlsApps, 100);
        int lightOutcome = 0;
        int readerOutcome = 0;
        WatchHandshake(light.Get(0), &lightOutcome);
        WatchHandshake(reader.Get(0), &readerOutcome);
        Simulator::Stop(Seconds(30));
        Simulator::Run();

        IOTSEC_TEST_REQUIRE(w.device->IsBootstrapped(), "the light did not bootstrap");
        NS_TEST_EXPECT_MSG_EQ((w.device->GetPsk() == w.label.secret),
                              true,
                              "the PSK is the label's secret");
        NS_TEST_EXPECT_MSG_EQ((w.StoredKey(0) == w.label.secret), true, "in the light's store");
        NS_TEST_EXPECT_MSG_EQ((w.StoredKey(2) == w.label.secret), true, "and in the controller's");
        NS_TEST_EXPECT_MSG_EQ(w.introducer->GetCompleted(), 1, "both legs acknowledged");
        NS_TEST_EXPECT_MSG_EQ(w.agent->GetCompleted(), 1, "one DISCOVER answered");
        NS_TEST_EXPECT_MSG_EQ(w.controller->GetCompleted(), 1, "one secret stored");
        NS_TEST_EXPECT_MSG_EQ(w.discovers, 1, "no DISCOVER retransmission");
        NS_TEST_EXPECT_MSG_EQ(w.labels, 1, "the label shown once");
        // DISCOVER leaves when the label's frame is out, plus BootDelay
        const Time labelAir = w.channel->GetTransmissionTime(JenningsWire::LabelSize(7) +
                                                             OobFrameHeader().GetSerializedSize());
        NS_TEST_EXPECT_MSG_EQ(w.discoverAt, Seconds(1) + labelAir + bootDelay, "boot time");
        NS_TEST_EXPECT_MSG_GT(w.device->GetBootstrapTime(),
                              labelAir + bootDelay,
                              "then a round trip to the transfer agent");
        // DELIVER_SECRET went over the phone's link, not over 802.15.4
        IOTSEC_TEST_REQUIRE(!w.overheard.empty(), "the sniffer saw DISCOVER");
        for (const Bytes& m : w.overheard)
        {
            bool holdsSecret =
                std::search(m.begin(), m.end(), w.label.secret.begin(), w.label.secret.end()) !=
                m.end();
            NS_TEST_EXPECT_MSG_EQ(holdsSecret, false, "the secret was not on the air");
        }
        NS_TEST_EXPECT_MSG_EQ(lightOutcome, 1, "the light's handshake succeeded");
        NS_TEST_EXPECT_MSG_EQ(readerOutcome, 1, "the label's reader's handshake succeeded too");
        Simulator::Destroy();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The OTP is one-time: a DISCOVER sent again after the light's is refused
 * (REPLAYED); one sent first by whoever read the label takes the network info, and the
 * light's own is refused, so the light gives up (the theft is detected, not prevented).
 */
class JenningsAppsOneTimeTestCase : public TestCase
{
  public:
    /// \param readerFirst the label's reader DISCOVERs before the light boots
    explicit JenningsAppsOneTimeTestCase(bool readerFirst)
        : TestCase(readerFirst ? "a DISCOVER forged before the light's locks the light out"
                               : "a DISCOVER replayed after the light's is refused"),
          m_readerFirst(readerFirst)
    {
    }

  private:
    void DoRun() override
    {
        // The light boots 2 s after its label is scanned; the phone introduced it long before
        JenningsWorld w(0.05, Seconds(2));
        w.device->SetAttribute("MaxRetransmissions", UintegerValue(1));
        bool lightFailed = false;
        w.device->TraceConnectWithoutContext("Failed",
                                             MakeBoundCallback(
                                                 +[](bool* f, const std::string&) { *f = true; },
                                                 &lightFailed));
        Ptr<Socket> rogue = Socket::CreateSocket(w.nodes.Get(3), UdpSocketFactory::GetTypeId());
        rogue->Bind6();
        uint32_t rogueAnswers = 0;
        rogue->SetRecvCallback(MakeBoundCallback(
            +[](uint32_t* n, Ptr<Socket> s) {
                while (s->Recv())
                {
                    ++*n;
                }
            },
            &rogueAnswers));
        Bytes forged = w.ForgedDiscover();
        const JenningsWorld* world = &w;
        Simulator::Schedule(m_readerFirst ? Seconds(2) : Seconds(10),
                            [world, rogue, forged]() { world->SendToAgent(rogue, forged); });
        Simulator::Stop(Seconds(30));
        Simulator::Run();

        NS_TEST_EXPECT_MSG_EQ(w.controller->GetCompleted(), 1, "the controller has the secret");
        NS_TEST_EXPECT_MSG_EQ(w.agent->GetCompleted(), 1, "exactly one DISCOVER was answered");
        if (m_readerFirst)
        {
            NS_TEST_EXPECT_MSG_EQ(rogueAnswers, 1, "the reader got the network info");
            NS_TEST_EXPECT_MSG_EQ(w.device->IsBootstrapped(), false, "the light did not");
            NS_TEST_EXPECT_MSG_EQ(lightFailed, true, "it gave up");
            NS_TEST_EXPECT_MSG_EQ(w.discovers, 2, "after one retransmission");
            IOTSEC_TEST_REQUIRE(w.agentRejects.size() == 2, "both of its DISCOVERs refused");
            NS_TEST_EXPECT_MSG_EQ(w.agentRejects[0], "REPLAYED", "the OTP was used");
            NS_TEST_EXPECT_MSG_EQ(w.agentRejects[1], "REPLAYED", "the OTP was used");
        }
        else
        {
            NS_TEST_EXPECT_MSG_EQ(w.device->IsBootstrapped(), true, "the light bootstrapped");
            NS_TEST_EXPECT_MSG_EQ(rogueAnswers, 0, "the replay got nothing");
            IOTSEC_TEST_REQUIRE(w.agentRejects.size() == 1, "the replay was refused");
            NS_TEST_EXPECT_MSG_EQ(w.agentRejects[0], "REPLAYED", "the OTP was used");
        }
        Simulator::Destroy();
    }

    bool m_readerFirst; //!< the reader DISCOVERs first
};

/**
 * \ingroup iotsec-tests
 * \brief A label out of the phone's reach is never scanned: the transfer agent does not know
 * the light, refuses each of its DISCOVERs (UNKNOWN_NODE) and the light gives up; the
 * controller holds no secret.
 */
class JenningsAppsUnscannedTestCase : public TestCase
{
  public:
    JenningsAppsUnscannedTestCase()
        : TestCase("a label the phone could not scan leaves the light unenrolled")
    {
    }

  private:
    void DoRun() override
    {
        JenningsWorld w(1.0, Seconds(0)); // NFC reaches about 10 cm
        bool lightFailed = false;
        w.device->TraceConnectWithoutContext("Failed",
                                             MakeBoundCallback(
                                                 +[](bool* f, const std::string&) { *f = true; },
                                                 &lightFailed));
        Simulator::Stop(Seconds(60)); // 2 + 4 + 8 + 16 + 32 s of retransmissions end at 62 s
        Simulator::Run();
        // MaxRetransmissions 4: DISCOVER at 1 s (+ airtime), then 2, 4, 8, 16 s later; the
        // FAILED comes 32 s after the last, outside the 60 s run
        NS_TEST_EXPECT_MSG_EQ(w.discovers, 5, "DISCOVER and four retransmissions");
        NS_TEST_EXPECT_MSG_EQ(w.labels, 5, "the label shown again with each retransmission");
        NS_TEST_EXPECT_MSG_EQ(w.agentRejects.size(), 5, "each refused");
        for (const std::string& r : w.agentRejects)
        {
            NS_TEST_EXPECT_MSG_EQ(r, "UNKNOWN_NODE", "the light was never introduced");
        }
        NS_TEST_EXPECT_MSG_EQ(w.device->IsBootstrapped(), false, "the light did not bootstrap");
        NS_TEST_EXPECT_MSG_EQ(lightFailed, false, "not yet given up at 60 s");
        NS_TEST_EXPECT_MSG_EQ(w.controller->GetCompleted(), 0, "the controller has no secret");
        NS_TEST_EXPECT_MSG_EQ(w.StoredKey(2).empty(), true, "no key under light-0");
        Simulator::Destroy();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief A label missed at first is read when shown again: the phone is 1 m away when the
 * light starts (1 s) and under it from 2 s. The first DISCOVER (1 s plus the label's airtime)
 * is refused as UNKNOWN_NODE; the first retransmission, 2 s later, shows the label again,
 * which the phone now reads, but races it and is refused too; the second, 4 s after that,
 * is answered. Three labels, three DISCOVERs, two refusals.
 */
class JenningsAppsRescanTestCase : public TestCase
{
  public:
    JenningsAppsRescanTestCase()
        : TestCase("a label missed at first is read when shown with a DISCOVER retransmission")
    {
    }

  private:
    void DoRun() override
    {
        JenningsWorld w(1.0, Seconds(0));
        Ptr<MobilityModel> phone = w.nodes.Get(1)->GetObject<MobilityModel>();
        Simulator::Schedule(Seconds(2), [phone]() { phone->SetPosition(Vector(0, 0, 2.75)); });
        Simulator::Stop(Seconds(30));
        Simulator::Run();

        const Time labelAir = w.channel->GetTransmissionTime(JenningsWire::LabelSize(7) +
                                                             OobFrameHeader().GetSerializedSize());
        IOTSEC_TEST_REQUIRE(w.device->IsBootstrapped(), "the light bootstrapped");
        NS_TEST_EXPECT_MSG_EQ(w.labels, 3, "the label shown at the start and twice again");
        NS_TEST_EXPECT_MSG_EQ(w.discovers, 3, "DISCOVER and two retransmissions");
        IOTSEC_TEST_REQUIRE(w.agentRejects.size() == 2, "two DISCOVERs refused");
        NS_TEST_EXPECT_MSG_EQ(w.agentRejects[0], "UNKNOWN_NODE", "before any introduction");
        NS_TEST_EXPECT_MSG_EQ(w.agentRejects[1], "UNKNOWN_NODE", "it raced the label");
        NS_TEST_EXPECT_MSG_EQ(w.agent->GetCompleted(), 1, "the third was answered");
        NS_TEST_EXPECT_MSG_GT(w.device->GetBootstrapTime(),
                              labelAir + Seconds(6),
                              "after the second retransmission (2 s + 4 s)");
        NS_TEST_EXPECT_MSG_LT(w.device->GetBootstrapTime(),
                              labelAir + Seconds(7),
                              "and before the third");
        NS_TEST_EXPECT_MSG_EQ((w.StoredKey(2) == w.label.secret), true, "the controller has it");
        Simulator::Destroy();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The Jennings applications' test suite.
 */
class JenningsApplicationsTestSuite : public TestSuite
{
  public:
    JenningsApplicationsTestSuite()
        : TestSuite("iotsec-jennings-applications", TestSuite::Type::UNIT)
    {
        AddTestCase(new JenningsAppsEndToEndTestCase, iotsectest::QUICK);
        AddTestCase(new JenningsAppsOneTimeTestCase(false), iotsectest::QUICK);
        AddTestCase(new JenningsAppsOneTimeTestCase(true), iotsectest::QUICK);
        AddTestCase(new JenningsAppsUnscannedTestCase, iotsectest::QUICK);
        AddTestCase(new JenningsAppsRescanTestCase, iotsectest::QUICK);
    }
};

/// The suite's single instance
static JenningsApplicationsTestSuite g_jenningsApplicationsTestSuite;

} // namespace
