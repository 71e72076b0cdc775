/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Jennings' transitive-trust enrolment (the baseline of Kang's OOB secure bootstrapping): the
// wire format byte by byte, the four engines run against each other, one-time OTPs, the
// label reader's attack, retransmission on loss, bounded tables and hostile parser input.

#include "coap-test-wire.h"
#include "iotsec-test.h"

#include "ns3/jennings-enrolment.h"
#include "ns3/test.h"

#include <string>
#include <vector>

using namespace ns3;
using iotsectest::FixedRandom;

namespace
{

/// The controller's network info used throughout
Bytes
Nid()
{
    const std::string s = "[2001:1::5]:5684";
    return Bytes(s.begin(), s.end());
}

/// \param out an output \param kind a kind \return how many events of that kind it holds
std::size_t
CountEvents(const JenningsOutput& out, BootstrapEvent::Kind kind)
{
    std::size_t n = 0;
    for (const auto& e : out.events)
    {
        n += e.kind == kind ? 1 : 0;
    }
    return n;
}

/// \param out an output \return the reason of its first REJECTED event, or nothing
bool
FirstReject(const JenningsOutput& out, BootstrapReject& reason)
{
    for (const auto& e : out.events)
    {
        if (e.kind == BootstrapEvent::REJECTED)
        {
            reason = e.reason;
            return true;
        }
    }
    return false;
}

/// \param out an output \param to a party \return the sends to that party
std::vector<JenningsSend>
SendsTo(const JenningsOutput& out, JenningsParty to)
{
    std::vector<JenningsSend> v;
    for (const auto& s : out.sends)
    {
        if (s.to == to)
        {
            v.push_back(s);
        }
    }
    return v;
}

/// A label for deviceId drawn from a fixed random
JenningsLabel
MakeLabel(const std::string& id, FixedRandom& random)
{
    return JenningsLabel::Generate(id, random, nullptr);
}

/// Run the introducer against agent and controller, delivering every message
void
IntroduceAll(JenningsIntroducerEngine& introducer,
             JenningsTransferAgentEngine& agent,
             JenningsControllerEngine& controller,
             const Bytes& label,
             JenningsOutput* agentOut,
             JenningsOutput* controllerOut,
             JenningsOutput* introducerOut)
{
    JenningsOutput o = introducer.Introduce(Seconds(0), label.data(), label.size(), Nid());
    for (const auto& s : o.sends)
    {
        JenningsOutput r = s.to == JenningsParty::TRANSFER_AGENT
                               ? agent.Receive(Seconds(0),
                                               JenningsParty::INTRODUCER,
                                               s.bytes.data(),
                                               s.bytes.size())
                               : controller.Receive(Seconds(0),
                                                    JenningsParty::INTRODUCER,
                                                    s.bytes.data(),
                                                    s.bytes.size());
        if (s.to == JenningsParty::TRANSFER_AGENT && agentOut != nullptr)
        {
            *agentOut = r;
        }
        if (s.to == JenningsParty::CONTROLLER && controllerOut != nullptr)
        {
            *controllerOut = r;
        }
        for (const auto& a : r.sends)
        {
            JenningsOutput i = introducer.Receive(Seconds(0), s.to, a.bytes.data(), a.bytes.size());
            if (introducerOut != nullptr)
            {
                introducerOut->events.insert(introducerOut->events.end(),
                                             i.events.begin(),
                                             i.events.end());
            }
        }
    }
}

} // namespace

/**
 * \ingroup iotsec-test
 * \brief The full run: the device ends with PSK = the label's secret = the controller's.
 */
class JenningsFullRunTestCase : public TestCase
{
  public:
    JenningsFullRunTestCase()
        : TestCase("introduce, deliver the secret, discover: device and controller share the "
                   "label's secret as PSK")
    {
    }

  private:
    void DoRun() override
    {
        FixedRandom random;
        std::vector<CryptoWork> work;
        JenningsLabel label = JenningsLabel::Generate("lamp-1", random, &work);
        IOTSEC_TEST_REQUIRE((work.size()) == (1u), "the manufacturer's draw is reported");
        NS_TEST_EXPECT_MSG_EQ(work[0].bytes, 32u, "OTP and secret");
        NS_TEST_EXPECT_MSG_EQ((label.otp != label.secret), true, "distinct draws");
        const Bytes labelBytes = label.Serialize();

        JenningsIntroducerEngine introducer(JenningsIntroducerConfig{});
        JenningsTransferAgentEngine agent(JenningsTransferAgentConfig{});
        JenningsControllerEngine controller(JenningsControllerConfig{});
        JenningsOutput agentOut;
        JenningsOutput controllerOut;
        JenningsOutput introducerOut;
        IntroduceAll(introducer,
                     agent,
                     controller,
                     labelBytes,
                     &agentOut,
                     &controllerOut,
                     &introducerOut);
        NS_TEST_EXPECT_MSG_EQ(CountEvents(introducerOut, BootstrapEvent::COMPLETED),
                              1u,
                              "both legs acknowledged");
        NS_TEST_EXPECT_MSG_EQ(introducer.GetPendingCount(), 0u, "nothing left pending");
        NS_TEST_EXPECT_MSG_EQ(introducer.GetDeadline(), Time::Max(), "no timer");
        IOTSEC_TEST_REQUIRE((CountEvents(controllerOut, BootstrapEvent::COMPLETED)) == (1u),
                            "the controller installed the secret");
        NS_TEST_EXPECT_MSG_EQ(controllerOut.events[0].nodeId, "lamp-1", "the device");
        NS_TEST_EXPECT_MSG_EQ((controllerOut.events[0].psk == label.secret), true, "its PSK");
        NS_TEST_EXPECT_MSG_EQ(agent.GetIntroductionCount(), 1u, "introduced");

        JenningsDeviceConfig dc;
        dc.label = labelBytes;
        JenningsDeviceEngine device(dc);
        NS_TEST_EXPECT_MSG_EQ(device.GetDeviceId(), "lamp-1", "identity from the label");
        JenningsOutput s = device.Start(Seconds(1));
        IOTSEC_TEST_REQUIRE((s.sends.size()) == (1u), "DISCOVER");
        NS_TEST_EXPECT_MSG_EQ((s.sends[0].to == JenningsParty::TRANSFER_AGENT), true, "to agent");
        NS_TEST_EXPECT_MSG_EQ(CountEvents(s, BootstrapEvent::STARTED), 1u, "STARTED");
        NS_TEST_EXPECT_MSG_EQ(device.GetDeadline(), Seconds(3), "timer armed");
        JenningsOutput a = agent.Receive(Seconds(1),
                                         JenningsParty::DEVICE,
                                         s.sends[0].bytes.data(),
                                         s.sends[0].bytes.size());
        IOTSEC_TEST_REQUIRE((a.sends.size()) == (1u), "DISCOVER_RESPONSE");
        NS_TEST_EXPECT_MSG_EQ((a.sends[0].to == JenningsParty::DEVICE), true, "to device");
        NS_TEST_EXPECT_MSG_EQ(CountEvents(a, BootstrapEvent::COMPLETED), 1u, "agent reports");
        JenningsOutput d =
            device.Receive(Seconds(1), a.sends[0].bytes.data(), a.sends[0].bytes.size());
        IOTSEC_TEST_REQUIRE((CountEvents(d, BootstrapEvent::COMPLETED)) == (1u), "device done");
        NS_TEST_EXPECT_MSG_EQ((d.events[0].psk == label.secret), true, "event PSK");
        NS_TEST_EXPECT_MSG_EQ((d.events[0].networkInfo == Nid()), true, "event network info");
        NS_TEST_EXPECT_MSG_EQ((device.GetState() == JenningsDeviceState::DONE), true, "DONE");
        NS_TEST_EXPECT_MSG_EQ(device.GetDeadline(), Time::Max(), "timer disarmed");
        Bytes ctrlPsk;
        IOTSEC_TEST_REQUIRE((controller.GetPsk("lamp-1", ctrlPsk)) == (true), "controller knows");
        NS_TEST_EXPECT_MSG_EQ((device.GetPsk() == label.secret), true, "PSK = secret");
        NS_TEST_EXPECT_MSG_EQ((device.GetPsk() == ctrlPsk), true, "device PSK = controller's");
        NS_TEST_EXPECT_MSG_EQ((device.GetNetworkInfo() == Nid()), true, "network info");
        // the same response again changes nothing
        JenningsOutput again =
            device.Receive(Seconds(2), a.sends[0].bytes.data(), a.sends[0].bytes.size());
        BootstrapReject why{};
        NS_TEST_EXPECT_MSG_EQ(FirstReject(again, why), true, "late copy refused");
        NS_TEST_EXPECT_MSG_EQ((why == BootstrapReject::WRONG_STATE), true, "WRONG_STATE");
        NS_TEST_EXPECT_MSG_EQ(d.work.size() + a.work.size(), 0u, "the scheme does no crypto");
    }
};

/**
 * \ingroup iotsec-test
 * \brief The OTP is one time: refused before INTRODUCE, when wrong, and when used again.
 */
class JenningsOtpOneTimeTestCase : public TestCase
{
  public:
    JenningsOtpOneTimeTestCase()
        : TestCase("the transfer agent answers one DISCOVER per introduced OTP")
    {
    }

  private:
    void DoRun() override
    {
        FixedRandom random;
        JenningsLabel label = MakeLabel("lamp-2", random);
        JenningsTransferAgentEngine agent(JenningsTransferAgentConfig{});
        JenningsDiscover disc;
        disc.deviceId = label.deviceId;
        disc.otp = label.otp;
        const Bytes discover = disc.Serialize();
        BootstrapReject why{};

        JenningsOutput early =
            agent.Receive(Seconds(0), JenningsParty::DEVICE, discover.data(), discover.size());
        NS_TEST_EXPECT_MSG_EQ(early.sends.size(), 0u, "no answer before INTRODUCE");
        NS_TEST_EXPECT_MSG_EQ(FirstReject(early, why), true, "refused");
        NS_TEST_EXPECT_MSG_EQ((why == BootstrapReject::UNKNOWN_NODE), true, "UNKNOWN_NODE");

        JenningsIntroduce intro;
        intro.deviceId = label.deviceId;
        intro.otp = label.otp;
        intro.networkInfo = Nid();
        const Bytes ib = intro.Serialize();
        JenningsOutput ack =
            agent.Receive(Seconds(0), JenningsParty::INTRODUCER, ib.data(), ib.size());
        IOTSEC_TEST_REQUIRE((ack.sends.size()) == (1u), "ACK");
        JenningsAck parsed;
        IOTSEC_TEST_REQUIRE((JenningsAck::Parse(ack.sends[0].bytes.data(),
                                                ack.sends[0].bytes.size(),
                                                parsed,
                                                nullptr)) == (true),
                            "an ACK");
        NS_TEST_EXPECT_MSG_EQ((parsed.status == JenningsAckStatus::OK), true, "OK");

        JenningsDiscover wrong = disc;
        wrong.otp[5] ^= 0x01;
        const Bytes wb = wrong.Serialize();
        JenningsOutput w = agent.Receive(Seconds(1), JenningsParty::DEVICE, wb.data(), wb.size());
        NS_TEST_EXPECT_MSG_EQ(w.sends.size(), 0u, "no answer to a wrong OTP");
        NS_TEST_EXPECT_MSG_EQ(FirstReject(w, why), true, "refused");
        NS_TEST_EXPECT_MSG_EQ((why == BootstrapReject::AUTH_FAILED), true, "AUTH_FAILED");
        bool used = true;
        NS_TEST_EXPECT_MSG_EQ(agent.IsOtpUsed("lamp-2", used), true, "introduced");
        NS_TEST_EXPECT_MSG_EQ(used, false, "a wrong OTP does not use it");

        JenningsOutput first =
            agent.Receive(Seconds(2), JenningsParty::DEVICE, discover.data(), discover.size());
        NS_TEST_EXPECT_MSG_EQ(first.sends.size(), 1u, "answered once");
        NS_TEST_EXPECT_MSG_EQ(agent.IsOtpUsed("lamp-2", used), true, "introduced");
        NS_TEST_EXPECT_MSG_EQ(used, true, "now used");

        JenningsOutput second =
            agent.Receive(Seconds(3), JenningsParty::DEVICE, discover.data(), discover.size());
        NS_TEST_EXPECT_MSG_EQ(second.sends.size(), 0u, "not answered twice");
        NS_TEST_EXPECT_MSG_EQ(FirstReject(second, why), true, "reported");
        NS_TEST_EXPECT_MSG_EQ((why == BootstrapReject::REPLAYED), true, "REPLAYED");
        IOTSEC_TEST_REQUIRE(!second.events.empty(), "an event");
        NS_TEST_EXPECT_MSG_EQ(second.events[0].nodeId, "lamp-2", "names the device");

        // the introducer's retransmission is acknowledged, another OTP is a conflict
        JenningsOutput re =
            agent.Receive(Seconds(4), JenningsParty::INTRODUCER, ib.data(), ib.size());
        IOTSEC_TEST_REQUIRE((re.sends.size()) == (1u), "ACK again");
        JenningsAck::Parse(re.sends[0].bytes.data(), re.sends[0].bytes.size(), parsed, nullptr);
        NS_TEST_EXPECT_MSG_EQ((parsed.status == JenningsAckStatus::OK), true, "same contents OK");
        JenningsIntroduce other = intro;
        other.otp[0] ^= 0xff;
        const Bytes ob = other.Serialize();
        JenningsOutput c =
            agent.Receive(Seconds(4), JenningsParty::INTRODUCER, ob.data(), ob.size());
        IOTSEC_TEST_REQUIRE((c.sends.size()) == (1u), "ACK");
        JenningsAck::Parse(c.sends[0].bytes.data(), c.sends[0].bytes.size(), parsed, nullptr);
        NS_TEST_EXPECT_MSG_EQ((parsed.status == JenningsAckStatus::CONFLICT), true, "CONFLICT");
        // a DISCOVER from the wrong party is not taken
        JenningsOutput u =
            agent.Receive(Seconds(5), JenningsParty::INTRODUCER, discover.data(), discover.size());
        NS_TEST_EXPECT_MSG_EQ(FirstReject(u, why), true, "refused");
        NS_TEST_EXPECT_MSG_EQ((why == BootstrapReject::UNEXPECTED_TYPE), true, "UNEXPECTED_TYPE");
    }
};

/**
 * \ingroup iotsec-test
 * \brief Whoever read the label has the PSK the device and the controller use.
 */
class JenningsAttackerTestCase : public TestCase
{
  public:
    JenningsAttackerTestCase()
        : TestCase("the label reader derives the device's PSK")
    {
    }

  private:
    void DoRun() override
    {
        FixedRandom random;
        JenningsLabel label = MakeLabel("lamp-3", random);
        const Bytes labelBytes = label.Serialize();
        JenningsIntroducerEngine introducer(JenningsIntroducerConfig{});
        JenningsTransferAgentEngine agent(JenningsTransferAgentConfig{});
        JenningsControllerEngine controller(JenningsControllerConfig{});
        IntroduceAll(introducer, agent, controller, labelBytes, nullptr, nullptr, nullptr);
        JenningsDeviceConfig dc;
        dc.label = labelBytes;
        JenningsDeviceEngine device(dc);
        JenningsOutput s = device.Start(Seconds(0));
        IOTSEC_TEST_REQUIRE(s.sends.size() == 1, "DISCOVER");
        JenningsOutput a = agent.Receive(Seconds(0),
                                         JenningsParty::DEVICE,
                                         s.sends[0].bytes.data(),
                                         s.sends[0].bytes.size());
        IOTSEC_TEST_REQUIRE(a.sends.size() == 1, "answered");
        device.Receive(Seconds(0), a.sends[0].bytes.data(), a.sends[0].bytes.size());
        IOTSEC_TEST_REQUIRE(device.GetState() == JenningsDeviceState::DONE, "device done");

        Bytes stolen;
        IOTSEC_TEST_REQUIRE((JenningsAttacker::SecretFromLabel(labelBytes, stolen)) == (true),
                            "read");
        NS_TEST_EXPECT_MSG_EQ((stolen == device.GetPsk()), true, "the device's PSK");
        Bytes ctrl;
        controller.GetPsk("lamp-3", ctrl);
        NS_TEST_EXPECT_MSG_EQ((stolen == ctrl), true, "the controller's PSK");
        Bytes broken = labelBytes;
        broken.pop_back();
        Bytes none;
        NS_TEST_EXPECT_MSG_EQ(JenningsAttacker::SecretFromLabel(broken, none),
                              false,
                              "not a label");
        NS_TEST_EXPECT_MSG_EQ(none.size(), 0u, "nothing derived");
    }
};

/**
 * \ingroup iotsec-test
 * \brief Loss of DISCOVER and of INTRODUCE is recovered by retransmission with doubling
 * timeouts; exhaustion fails.
 */
class JenningsRetransmissionTestCase : public TestCase
{
  public:
    JenningsRetransmissionTestCase()
        : TestCase("DISCOVER and INTRODUCE are retransmitted until answered")
    {
    }

  private:
    void DoRun() override
    {
        FixedRandom random;
        JenningsLabel label = MakeLabel("lamp-4", random);
        const Bytes labelBytes = label.Serialize();
        JenningsIntroducerConfig ic;
        ic.retransmitTimeout = Seconds(1);
        ic.maxRetransmissions = 2;
        JenningsIntroducerEngine introducer(ic);
        JenningsTransferAgentEngine agent(JenningsTransferAgentConfig{});
        JenningsControllerEngine controller(JenningsControllerConfig{});

        // INTRODUCE lost, DELIVER_SECRET delivered and acknowledged
        JenningsOutput o =
            introducer.Introduce(Seconds(0), labelBytes.data(), labelBytes.size(), Nid());
        auto toAgent = SendsTo(o, JenningsParty::TRANSFER_AGENT);
        auto toCtrl = SendsTo(o, JenningsParty::CONTROLLER);
        IOTSEC_TEST_REQUIRE(toAgent.size() == 1 && toCtrl.size() == 1, "two legs");
        JenningsOutput c = controller.Receive(Seconds(0),
                                              JenningsParty::INTRODUCER,
                                              toCtrl[0].bytes.data(),
                                              toCtrl[0].bytes.size());
        IOTSEC_TEST_REQUIRE(c.sends.size() == 1, "ACK");
        JenningsOutput i = introducer.Receive(Seconds(0),
                                              JenningsParty::CONTROLLER,
                                              c.sends[0].bytes.data(),
                                              c.sends[0].bytes.size());
        NS_TEST_EXPECT_MSG_EQ(CountEvents(i, BootstrapEvent::COMPLETED), 0u, "one leg only");
        NS_TEST_EXPECT_MSG_EQ(introducer.GetDeadline(), Seconds(1), "INTRODUCE timer");
        NS_TEST_EXPECT_MSG_EQ(introducer.OnTimeout(Seconds(0.5)).sends.size(), 0u, "not yet");
        JenningsOutput r = introducer.OnTimeout(Seconds(1));
        IOTSEC_TEST_REQUIRE((r.sends.size()) == (1u), "only INTRODUCE is retransmitted");
        NS_TEST_EXPECT_MSG_EQ((r.sends[0].to == JenningsParty::TRANSFER_AGENT), true, "to agent");
        NS_TEST_EXPECT_MSG_EQ(r.sends[0].retransmission, true, "marked");
        NS_TEST_EXPECT_MSG_EQ((r.sends[0].bytes == toAgent[0].bytes), true, "identical bytes");
        NS_TEST_EXPECT_MSG_EQ(introducer.GetDeadline(), Seconds(3), "timeout doubled");
        JenningsOutput a = agent.Receive(Seconds(3),
                                         JenningsParty::INTRODUCER,
                                         r.sends[0].bytes.data(),
                                         r.sends[0].bytes.size());
        IOTSEC_TEST_REQUIRE(a.sends.size() == 1, "ACK");
        i = introducer.Receive(Seconds(3),
                               JenningsParty::TRANSFER_AGENT,
                               a.sends[0].bytes.data(),
                               a.sends[0].bytes.size());
        NS_TEST_EXPECT_MSG_EQ(CountEvents(i, BootstrapEvent::COMPLETED), 1u, "both legs now");

        // DISCOVER lost twice, then delivered
        JenningsDeviceConfig dc;
        dc.label = labelBytes;
        dc.retransmitTimeout = Seconds(2);
        dc.maxRetransmissions = 3;
        JenningsDeviceEngine device(dc);
        JenningsOutput s = device.Start(Seconds(10));
        IOTSEC_TEST_REQUIRE(s.sends.size() == 1, "DISCOVER");
        const Bytes first = s.sends[0].bytes;
        NS_TEST_EXPECT_MSG_EQ(device.OnTimeout(Seconds(11)).sends.size(), 0u, "not yet");
        JenningsOutput t1 = device.OnTimeout(Seconds(12));
        IOTSEC_TEST_REQUIRE((t1.sends.size()) == (1u), "retransmitted");
        NS_TEST_EXPECT_MSG_EQ((t1.sends[0].bytes == first), true, "identical bytes");
        NS_TEST_EXPECT_MSG_EQ(t1.sends[0].retransmission, true, "marked");
        NS_TEST_EXPECT_MSG_EQ(device.GetDeadline(), Seconds(16), "4 s");
        JenningsOutput t2 = device.OnTimeout(Seconds(16));
        IOTSEC_TEST_REQUIRE(t2.sends.size() == 1, "again");
        NS_TEST_EXPECT_MSG_EQ(device.GetDeadline(), Seconds(24), "8 s");
        NS_TEST_EXPECT_MSG_EQ(device.GetRetransmissions(), 2u, "two");
        JenningsOutput ans = agent.Receive(Seconds(16),
                                           JenningsParty::DEVICE,
                                           t2.sends[0].bytes.data(),
                                           t2.sends[0].bytes.size());
        IOTSEC_TEST_REQUIRE(ans.sends.size() == 1, "answered");
        JenningsOutput d =
            device.Receive(Seconds(16), ans.sends[0].bytes.data(), ans.sends[0].bytes.size());
        NS_TEST_EXPECT_MSG_EQ(CountEvents(d, BootstrapEvent::COMPLETED), 1u, "done");
        NS_TEST_EXPECT_MSG_EQ(device.OnTimeout(Seconds(100)).sends.size(), 0u, "no more");

        // exhaustion: a device never introduced gives up
        JenningsLabel lost = MakeLabel("lamp-5", random);
        dc.label = lost.Serialize();
        dc.maxRetransmissions = 1;
        JenningsDeviceEngine alone(dc);
        alone.Start(Seconds(0));
        NS_TEST_EXPECT_MSG_EQ(alone.OnTimeout(Seconds(2)).sends.size(), 1u, "one retransmission");
        JenningsOutput f = alone.OnTimeout(Seconds(6));
        NS_TEST_EXPECT_MSG_EQ(f.sends.size(), 0u, "no more");
        NS_TEST_EXPECT_MSG_EQ(CountEvents(f, BootstrapEvent::FAILED), 1u, "FAILED");
        NS_TEST_EXPECT_MSG_EQ((alone.GetState() == JenningsDeviceState::FAILED), true, "state");
        // an introducer whose agent never answers gives up after maxRetransmissions
        JenningsIntroducerEngine lonely(ic);
        const Bytes lb = lost.Serialize();
        lonely.Introduce(Seconds(0), lb.data(), lb.size(), Nid());
        std::size_t sent = 0;
        std::size_t failed = 0;
        for (int k = 0; k < 10 && lonely.GetDeadline() != Time::Max(); ++k)
        {
            JenningsOutput x = lonely.OnTimeout(lonely.GetDeadline());
            sent += x.sends.size();
            failed += CountEvents(x, BootstrapEvent::FAILED);
        }
        NS_TEST_EXPECT_MSG_EQ(sent, 4u, "two retransmissions of each leg");
        NS_TEST_EXPECT_MSG_EQ(failed, 1u, "FAILED once");
        NS_TEST_EXPECT_MSG_EQ(lonely.GetPendingCount(), 0u, "dropped");
    }
};

/**
 * \ingroup iotsec-test
 * \brief Every table is bounded.
 */
class JenningsBoundsTestCase : public TestCase
{
  public:
    JenningsBoundsTestCase()
        : TestCase("transfer agent, controller and introducer tables are bounded")
    {
    }

  private:
    void DoRun() override
    {
        FixedRandom random;
        JenningsTransferAgentConfig tc;
        tc.maxIntroductions = 2;
        JenningsTransferAgentEngine agent(tc);
        JenningsControllerConfig cc;
        cc.maxDevices = 2;
        JenningsControllerEngine controller(cc);
        BootstrapReject why{};
        for (int k = 0; k < 3; ++k)
        {
            JenningsLabel l = MakeLabel("dev-" + std::to_string(k), random);
            JenningsIntroduce in;
            in.deviceId = l.deviceId;
            in.otp = l.otp;
            in.networkInfo = Nid();
            Bytes b = in.Serialize();
            JenningsOutput a =
                agent.Receive(Seconds(0), JenningsParty::INTRODUCER, b.data(), b.size());
            JenningsDeliverSecret ds;
            ds.deviceId = l.deviceId;
            ds.secret = l.secret;
            b = ds.Serialize();
            JenningsOutput c =
                controller.Receive(Seconds(0), JenningsParty::INTRODUCER, b.data(), b.size());
            JenningsAck aa;
            JenningsAck ca;
            IOTSEC_TEST_REQUIRE(a.sends.size() == 1 && c.sends.size() == 1, "ACKs");
            JenningsAck::Parse(a.sends[0].bytes.data(), a.sends[0].bytes.size(), aa, nullptr);
            JenningsAck::Parse(c.sends[0].bytes.data(), c.sends[0].bytes.size(), ca, nullptr);
            const JenningsAckStatus want =
                k < 2 ? JenningsAckStatus::OK : JenningsAckStatus::TABLE_FULL;
            NS_TEST_EXPECT_MSG_EQ((aa.status == want), true, "agent ACK status " << k);
            NS_TEST_EXPECT_MSG_EQ((ca.status == want), true, "controller ACK status " << k);
            if (k == 2)
            {
                NS_TEST_EXPECT_MSG_EQ(FirstReject(a, why), true, "agent refused");
                NS_TEST_EXPECT_MSG_EQ((why == BootstrapReject::TABLE_FULL), true, "TABLE_FULL");
                NS_TEST_EXPECT_MSG_EQ(FirstReject(c, why), true, "controller refused");
                NS_TEST_EXPECT_MSG_EQ((why == BootstrapReject::TABLE_FULL), true, "TABLE_FULL");
                NS_TEST_EXPECT_MSG_EQ(CountEvents(c, BootstrapEvent::COMPLETED),
                                      0u,
                                      "not installed");
            }
        }
        NS_TEST_EXPECT_MSG_EQ(agent.GetIntroductionCount(), 2u, "agent bound");
        NS_TEST_EXPECT_MSG_EQ(controller.GetDeviceCount(), 2u, "controller bound");
        Bytes psk;
        NS_TEST_EXPECT_MSG_EQ(controller.GetPsk("dev-2", psk), false, "not installed");

        JenningsIntroducerConfig ic;
        ic.maxPending = 1;
        JenningsIntroducerEngine introducer(ic);
        const Bytes l1 = MakeLabel("a", random).Serialize();
        const Bytes l2 = MakeLabel("b", random).Serialize();
        NS_TEST_EXPECT_MSG_EQ(
            introducer.Introduce(Seconds(0), l1.data(), l1.size(), Nid()).sends.size(),
            2u,
            "first introduction");
        JenningsOutput full = introducer.Introduce(Seconds(0), l2.data(), l2.size(), Nid());
        NS_TEST_EXPECT_MSG_EQ(full.sends.size(), 0u, "second refused");
        NS_TEST_EXPECT_MSG_EQ(FirstReject(full, why), true, "refused");
        NS_TEST_EXPECT_MSG_EQ((why == BootstrapReject::TABLE_FULL), true, "TABLE_FULL");
        NS_TEST_EXPECT_MSG_EQ(introducer.GetPendingCount(), 1u, "bound");
        JenningsOutput dup = introducer.Introduce(Seconds(0), l1.data(), l1.size(), Nid());
        NS_TEST_EXPECT_MSG_EQ(FirstReject(dup, why), true, "a second scan refused");
        NS_TEST_EXPECT_MSG_EQ((why == BootstrapReject::WRONG_STATE), true, "WRONG_STATE");
        const Bytes longNi(65, 'x');
        JenningsIntroducerEngine other(JenningsIntroducerConfig{});
        JenningsOutput bad = other.Introduce(Seconds(0), l2.data(), l2.size(), longNi);
        NS_TEST_EXPECT_MSG_EQ(FirstReject(bad, why), true, "65-byte network info refused");
        NS_TEST_EXPECT_MSG_EQ((why == BootstrapReject::MALFORMED), true, "MALFORMED");
    }
};

/**
 * \ingroup iotsec-test
 * \brief Parsers take exactly their layouts.
 */
class JenningsParserTestCase : public TestCase
{
  public:
    JenningsParserTestCase()
        : TestCase("parsers reject truncated, extended, mistyped and garbage input")
    {
    }

  private:
    /// \param b bytes \return true if any parser accepts them
    static bool AnyParses(const Bytes& b)
    {
        JenningsLabel l;
        JenningsIntroduce i;
        JenningsDeliverSecret d;
        JenningsDiscover s;
        JenningsDiscoverResponse r;
        JenningsAck a;
        const uint8_t* p = b.data();
        const std::size_t n = b.size();
        return JenningsLabel::Parse(p, n, l, nullptr) ||
               JenningsIntroduce::Parse(p, n, i, nullptr) ||
               JenningsDeliverSecret::Parse(p, n, d, nullptr) ||
               JenningsDiscover::Parse(p, n, s, nullptr) ||
               JenningsDiscoverResponse::Parse(p, n, r, nullptr) ||
               JenningsAck::Parse(p, n, a, nullptr);
    }

    void DoRun() override
    {
        FixedRandom random;
        JenningsLabel label = MakeLabel("sensor-17", random);
        JenningsIntroduce in{label.deviceId, label.otp, Nid()};
        JenningsDeliverSecret ds{label.deviceId, label.secret};
        JenningsDiscover di{label.deviceId, label.otp};
        JenningsDiscoverResponse dr{label.deviceId, Nid()};
        JenningsAck ack{JenningsMessageType::DELIVER_SECRET, JenningsAckStatus::CONFLICT, "x"};
        const std::vector<Bytes> valid = {label.Serialize(),
                                          in.Serialize(),
                                          ds.Serialize(),
                                          di.Serialize(),
                                          dr.Serialize(),
                                          ack.Serialize()};
        for (const Bytes& v : valid)
        {
            const std::string name = JenningsMessageTypeName(v[1]);
            NS_TEST_EXPECT_MSG_EQ(AnyParses(v), true, name << " parses");
            std::string error;
            for (std::size_t cut = 0; cut < v.size(); ++cut)
            {
                Bytes t(v.begin(), v.begin() + cut);
                NS_TEST_EXPECT_MSG_EQ(AnyParses(t), false, name << " truncated to " << cut);
            }
            Bytes ext = v;
            ext.push_back(0x00);
            NS_TEST_EXPECT_MSG_EQ(AnyParses(ext), false, name << " with a trailing byte");
            Bytes ver = v;
            ver[0] = 0x02;
            NS_TEST_EXPECT_MSG_EQ(AnyParses(ver), false, name << " version 2");
            Bytes id0 = v;
            const std::size_t idAt = v[1] == 0x16 ? 4 : 2;
            id0[idAt] = 0;
            NS_TEST_EXPECT_MSG_EQ(AnyParses(id0), false, name << " idLen 0");
            Bytes id65 = v;
            id65[idAt] = 65;
            id65.resize(v.size() + 65 - v[idAt], 0x41);
            NS_TEST_EXPECT_MSG_EQ(AnyParses(id65), false, name << " idLen 65");
        }
        // each type's parser refuses the other types
        JenningsLabel l;
        NS_TEST_EXPECT_MSG_EQ(JenningsLabel::Parse(valid[3].data(), valid[3].size(), l, nullptr),
                              false,
                              "a DISCOVER is not a LABEL");
        // round trips
        JenningsIntroduce in2;
        IOTSEC_TEST_REQUIRE(
            (JenningsIntroduce::Parse(valid[1].data(), valid[1].size(), in2, nullptr)) == (true),
            "INTRODUCE");
        NS_TEST_EXPECT_MSG_EQ((in2.Serialize() == valid[1]), true, "re-serialized");
        NS_TEST_EXPECT_MSG_EQ((in2.networkInfo == Nid()), true, "network info");
        JenningsAck ack2;
        IOTSEC_TEST_REQUIRE((JenningsAck::Parse(valid[5].data(), valid[5].size(), ack2, nullptr)) ==
                                (true),
                            "ACK");
        NS_TEST_EXPECT_MSG_EQ((ack2.status == JenningsAckStatus::CONFLICT), true, "status");
        // network info length 0 and 65
        Bytes ni0 = valid[4];
        ni0[2 + 1 + label.deviceId.size()] = 0;
        ni0.resize(2 + 1 + label.deviceId.size() + 1);
        NS_TEST_EXPECT_MSG_EQ(AnyParses(ni0), false, "niLen 0");
        Bytes ni65 = valid[4];
        ni65[2 + 1 + label.deviceId.size()] = 65;
        ni65.resize(2 + 1 + label.deviceId.size() + 1 + 65, 0x30);
        NS_TEST_EXPECT_MSG_EQ(AnyParses(ni65), false, "niLen 65");
        // ACK of a type that is not acknowledged, unknown status
        Bytes badAcked = valid[5];
        badAcked[2] = 0x14;
        NS_TEST_EXPECT_MSG_EQ(AnyParses(badAcked), false, "ACK of DISCOVER");
        Bytes badStatus = valid[5];
        badStatus[3] = 0x03;
        NS_TEST_EXPECT_MSG_EQ(AnyParses(badStatus), false, "status 3");
        // unknown types around the range
        for (uint8_t t : {uint8_t{0x10}, uint8_t{0x17}, uint8_t{0x01}})
        {
            JenningsMessageType type;
            const Bytes h = {0x01, t};
            NS_TEST_EXPECT_MSG_EQ(JenningsParseHeader(h.data(), h.size(), type, nullptr),
                                  false,
                                  "type " << int(t));
        }
        // garbage: deterministic bytes of every length up to 120 never parse or crash
        uint32_t x = 12345;
        std::size_t accepted = 0;
        for (std::size_t n = 0; n < 120; ++n)
        {
            Bytes g(n);
            for (auto& b : g)
            {
                x = x * 1103515245u + 12345u;
                b = static_cast<uint8_t>(x >> 16);
            }
            accepted += AnyParses(g) ? 1 : 0;
        }
        NS_TEST_EXPECT_MSG_EQ(accepted, 0u, "garbage refused");
        // the engines refuse garbage as MALFORMED
        JenningsTransferAgentEngine agent(JenningsTransferAgentConfig{});
        JenningsOutput o = agent.Receive(Seconds(0), JenningsParty::DEVICE, nullptr, 0);
        BootstrapReject why{};
        NS_TEST_EXPECT_MSG_EQ(FirstReject(o, why), true, "refused");
        NS_TEST_EXPECT_MSG_EQ((why == BootstrapReject::MALFORMED), true, "MALFORMED");
        Bytes badDiscover = valid[3];
        badDiscover.push_back(0);
        o = agent.Receive(Seconds(0),
                          JenningsParty::DEVICE,
                          badDiscover.data(),
                          badDiscover.size());
        NS_TEST_EXPECT_MSG_EQ(FirstReject(o, why), true, "refused");
        NS_TEST_EXPECT_MSG_EQ((why == BootstrapReject::MALFORMED), true, "MALFORMED");
    }
};

/**
 * \ingroup iotsec-test
 * \brief Wire sizes and the byte layout follow the documented format.
 */
class JenningsWireSizeTestCase : public TestCase
{
  public:
    JenningsWireSizeTestCase()
        : TestCase("wire sizes and byte layout follow the documented format")
    {
    }

  private:
    void DoRun() override
    {
        FixedRandom random;
        JenningsLabel label = MakeLabel("lamp-1", random); // 6-byte id
        const Bytes lb = label.Serialize();
        NS_TEST_EXPECT_MSG_EQ(lb.size(), 41u, "LABEL: 2+1+6+16+16");
        NS_TEST_EXPECT_MSG_EQ(lb.size(), JenningsWire::LabelSize(6), "LabelSize");
        NS_TEST_EXPECT_MSG_EQ(int(lb[0]), 0x01, "version");
        NS_TEST_EXPECT_MSG_EQ(int(lb[1]), 0x11, "type");
        NS_TEST_EXPECT_MSG_EQ(int(lb[2]), 6, "idLen");
        NS_TEST_EXPECT_MSG_EQ(std::string(lb.begin() + 3, lb.begin() + 9), "lamp-1", "id");
        NS_TEST_EXPECT_MSG_EQ((Bytes(lb.begin() + 9, lb.begin() + 25) == label.otp), true, "OTP");
        NS_TEST_EXPECT_MSG_EQ((Bytes(lb.begin() + 25, lb.end()) == label.secret), true, "secret");

        const Bytes nid = Nid(); // 16 bytes
        const Bytes ib = JenningsIntroduce{"lamp-1", label.otp, nid}.Serialize();
        NS_TEST_EXPECT_MSG_EQ(ib.size(), 42u, "INTRODUCE: 2+1+6+16+1+16");
        NS_TEST_EXPECT_MSG_EQ(ib.size(), JenningsWire::IntroduceSize(6, 16), "IntroduceSize");
        NS_TEST_EXPECT_MSG_EQ(int(ib[1]), 0x12, "type");
        NS_TEST_EXPECT_MSG_EQ(int(ib[25]), 16, "niLen after the OTP");
        const Bytes db = JenningsDeliverSecret{"lamp-1", label.secret}.Serialize();
        NS_TEST_EXPECT_MSG_EQ(db.size(), 25u, "DELIVER_SECRET: 2+1+6+16");
        NS_TEST_EXPECT_MSG_EQ(db.size(), JenningsWire::DeliverSecretSize(6), "DeliverSecretSize");
        NS_TEST_EXPECT_MSG_EQ(int(db[1]), 0x13, "type");
        const Bytes sb = JenningsDiscover{"lamp-1", label.otp}.Serialize();
        NS_TEST_EXPECT_MSG_EQ(sb.size(), 25u, "DISCOVER: 2+1+6+16");
        NS_TEST_EXPECT_MSG_EQ(sb.size(), JenningsWire::DiscoverSize(6), "DiscoverSize");
        NS_TEST_EXPECT_MSG_EQ(int(sb[1]), 0x14, "type");
        const Bytes rb = JenningsDiscoverResponse{"lamp-1", nid}.Serialize();
        NS_TEST_EXPECT_MSG_EQ(rb.size(), 26u, "DISCOVER_RESPONSE: 2+1+6+1+16");
        NS_TEST_EXPECT_MSG_EQ(rb.size(),
                              JenningsWire::DiscoverResponseSize(6, 16),
                              "DiscoverResponseSize");
        NS_TEST_EXPECT_MSG_EQ(int(rb[1]), 0x15, "type");
        const Bytes ab =
            JenningsAck{JenningsMessageType::INTRODUCE, JenningsAckStatus::OK, "lamp-1"}
                .Serialize();
        NS_TEST_EXPECT_MSG_EQ(ab.size(), 11u, "ACK: 2+2+1+6");
        NS_TEST_EXPECT_MSG_EQ(ab.size(), JenningsWire::AckSize(6), "AckSize");
        const Bytes wantAck = {0x01, 0x16, 0x12, 0x00, 0x06, 'l', 'a', 'm', 'p', '-', '1'};
        NS_TEST_EXPECT_MSG_EQ((ab == wantAck), true, "ACK bytes");
        NS_TEST_EXPECT_MSG_EQ(JenningsWire::LabelSize(64), 99u, "longest LABEL");
        NS_TEST_EXPECT_MSG_EQ(std::string(JenningsMessageTypeName(0x15)),
                              "DISCOVER_RESPONSE",
                              "names");
        NS_TEST_EXPECT_MSG_EQ(std::string(JenningsPartyName(JenningsParty::TRANSFER_AGENT)),
                              "TRANSFER_AGENT",
                              "party names");
    }
};

/**
 * \ingroup iotsec-test
 * \brief The iotsec-jennings-enrolment test suite.
 */
class JenningsEnrolmentTestSuite : public TestSuite
{
  public:
    JenningsEnrolmentTestSuite()
        : TestSuite("iotsec-jennings-enrolment", TestSuite::Type::UNIT)
    {
        AddTestCase(new JenningsFullRunTestCase, iotsectest::QUICK);
        AddTestCase(new JenningsOtpOneTimeTestCase, iotsectest::QUICK);
        AddTestCase(new JenningsAttackerTestCase, iotsectest::QUICK);
        AddTestCase(new JenningsRetransmissionTestCase, iotsectest::QUICK);
        AddTestCase(new JenningsBoundsTestCase, iotsectest::QUICK);
        AddTestCase(new JenningsParserTestCase, iotsectest::QUICK);
        AddTestCase(new JenningsWireSizeTestCase, iotsectest::QUICK);
    }
};

/// The suite's instance
static JenningsEnrolmentTestSuite g_jenningsEnrolmentTestSuite;
