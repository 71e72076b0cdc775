/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The health-care study (Park & Kang, Fig. 3): the three payloads byte for byte, message (3)
// against what the heart-rate sensor itself sent, one client handshake, notifications from
// both sensors, freshness bounded by the vitals period, each sensor's back-end security as
// the policy gives it, and configuration errors.

#include "iotsec-test.h"

#include "ns3/coap-server-application.h"
#include "ns3/core-module.h"
#include "ns3/device-profile.h"
#include "ns3/health-care-helper.h"
#include "ns3/mobility-model.h"
#include "ns3/oscore-context.h"
#include "ns3/ssm-directory.h"
#include "ns3/ssm-policy.h"

#include <cctype>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using namespace ns3;

namespace
{

/// Park & Kang, Fig. 3, message (1), in RFC 6690 serialization (without the paper's spaces)
const std::string MESSAGE_1 = "</exercise>;ct=10,</hospital>;ct=11,</settings>;ct=12";
/// Message (2)
const std::string MESSAGE_2 = "</information/heart_rate>;if=\"information\","
                              "</information/blood_pressure>;if=\"information\"";

/**
 * \brief How long a notification may take from the sensor's sample to the SSM without any
 * retransmission: one 802.15.4 hop of at most a few frames (4.3 ms each at 250 kbit/s for
 * 133 bytes), CSMA/CA backoffs of a few ms, and the sensor's CPU sealing the message
 * (OSCORE on a TelosB: a few AES blocks in software, 2112 cycles or 0.26 ms each at 8 MHz; DTLS on
 * a CC2538 with its AES engine: microseconds). Well below 0.5 s, and below CoAP's smallest
 * ACK_TIMEOUT (2 s), so a bound of 0.5 s also proves that no notification was retransmitted.
 */
const Time DELIVERY_BOUND = MilliSeconds(500);

/// One run of the study, with what the sensors sent and what the SSM answered
struct HealthRun
{
    Ptr<HealthCareHelper> study;     //!< the study
    HealthCareHelper::Report report; //!< its report
    std::string error;               //!< Validate()'s message, if it could not run
    Time duration;                   //!< simulated time
    /// sensor -> every representation its GET handler produced (registration, notifications)
    std::map<std::string, std::vector<std::string>> sent;
    /// every proxied value the SSM served: (path, values it had received by then)
    std::vector<std::pair<std::string, uint32_t>> answers;

    /**
     * \param attributes HealthCareHelper attributes (name, value)
     * \param stream first random stream
     */
    explicit HealthRun(const std::vector<std::pair<std::string, std::string>>& attributes,
                       int64_t stream = 1)
    {
        study = CreateObject<HealthCareHelper>();
        for (const auto& [name, value] : attributes)
        {
            study->SetAttribute(name, StringValue(value));
        }
        error = study->Validate();
        if (!error.empty())
        {
            return;
        }
        study->Install();
        study->AssignStreams(stream);
        for (const std::string& sensor : study->GetSensorNames())
        {
            Ptr<CoapServerApplication> server = study->GetSensorServer(sensor);
            server->TraceConnectWithoutContext(
                "Served",
                MakeCallback(+[](HealthRun* run,
                                 std::string name,
                                 const std::string& path,
                                 uint8_t method,
                                 uint8_t) {
                    if (method == CoapCode::GET && path == HealthCareHelper::GetSensorPath(name))
                    {
                        run->sent[name].push_back(
                            run->study->GetSensorServer(name)->GetValue(path));
                    }
                }).Bind(this, sensor));
        }
        study->GetSsm()->TraceConnectWithoutContext(
            "ProxiedServed",
            MakeCallback(+[](HealthRun* run, const std::string& path, Time) {
                run->answers.emplace_back(path,
                                          run->study->GetSsm()->GetProxied(path).notifications);
            }).Bind(this));
        duration = study->GetSuggestedDuration();
        Simulator::Stop(duration);
        Simulator::Run();
        report = study->GetReport();
    }

    ~HealthRun()
    {
        Simulator::Destroy();
    }

    /**
     * \param index an SSM answer
     * \return what the sensor behind it had sent as the value the SSM held then: the SSM had
     * received n values (registration response included), so the n-th the sensor sent
     */
    std::string Expected(std::size_t index) const
    {
        const auto& [path, n] = answers.at(index);
        std::string sensor = path.substr(path.rfind('/') + 1);
        const std::vector<std::string>& values = sent.at(sensor);
        return n >= 1 && n <= values.size() ? values[n - 1] : "<nothing sent>";
    }

    /// \return the heart-rate payloads the client received, (3) first
    std::vector<std::string> ClientReads() const
    {
        std::vector<std::string> reads;
        uint32_t request = 0;
        for (const CoapClientRecord& rec : study->GetClient()->GetRecords())
        {
            if (rec.method != "WAIT" && request++ >= 2)
            {
                reads.push_back(rec.payload);
            }
        }
        return reads;
    }
};

/// \param preset a device preset \return the back-end security the default policy gives
/// health data on it
BackendSecurity
PolicyFor(const std::string& preset, const SsmPolicy& policy = SsmPolicy())
{
    return policy.Get(DeviceProfile::CreatePreset(preset)->GetDeviceClass(), SsmPolicy::HIGH);
}

/// \param value a value \param unit its expected unit \return true if "<n> unit"-shaped
bool
IsReading(const std::string& value, const std::string& unit)
{
    std::istringstream is(value);
    std::string number;
    std::string rest;
    if (!(is >> number >> rest) || rest != unit || is >> rest)
    {
        return false;
    }
    for (char c : number)
    {
        if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '/'))
        {
            return false;
        }
    }
    return !number.empty();
}

/**
 * \ingroup iotsec-tests
 * \brief The default scenario: a TelosB heart-rate sensor (Class 1: object) and a CC2538
 * blood-pressure sensor (Class 2: dtls).
 */
class HealthCareTestCase : public TestCase
{
  public:
    /**
     * \param name the case's name
     * \param hrProfile heart-rate sensor preset
     * \param bpProfile blood-pressure sensor preset
     * \param policyText the Policy attribute
     * \param reads the Reads attribute
     */
    HealthCareTestCase(const std::string& name,
                       const std::string& hrProfile,
                       const std::string& bpProfile,
                       const std::string& policyText,
                       uint32_t reads)
        : TestCase(name),
          m_hrProfile(hrProfile),
          m_bpProfile(bpProfile),
          m_policyText(policyText),
          m_reads(reads)
    {
    }

  private:
    void DoRun() override
    {
        const Time period = Seconds(5);
        HealthRun run({{"HeartRateProfile", m_hrProfile},
                       {"BloodPressureProfile", m_bpProfile},
                       {"Policy", m_policyText},
                       {"VitalsPeriod", "5s"},
                       {"Reads", std::to_string(m_reads)}});
        IOTSEC_TEST_REQUIRE(run.error.empty(), run.error);
        const HealthCareHelper::Report& r = run.report;
        SsmPolicy policy;
        IOTSEC_TEST_REQUIRE(m_policyText.empty() || SsmPolicy::Parse(m_policyText, policy, nullptr),
                            "the test's policy parses");

        // Fig. 3, byte for byte: (1) and (2) as the paper gives them (and as the directory
        // lists them), (3) the heart-rate sensor's value
        IOTSEC_TEST_REQUIRE(r.codes.size() == 3u, "three steps");
        for (std::size_t i = 0; i < 3; ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(CoapCode::ToString(r.codes[i]),
                                  CoapCode::ToString(CoapCode::CONTENT),
                                  "step " << i + 1 << " answered 2.05");
        }
        NS_TEST_EXPECT_MSG_EQ(r.wellKnownCore, MESSAGE_1, "message (1)");
        NS_TEST_EXPECT_MSG_EQ(r.hospital, MESSAGE_2, "message (2)");
        NS_TEST_EXPECT_MSG_EQ(SsmDirectory::HealthCare().ListChildren("/"),
                              MESSAGE_1,
                              "the directory lists (1)");
        IOTSEC_TEST_REQUIRE(!run.answers.empty(), "the SSM served a proxied value");
        NS_TEST_EXPECT_MSG_EQ(run.answers[0].first,
                              "/information/heart_rate",
                              "the first proxied value served is (3)");
        NS_TEST_EXPECT_MSG_EQ(r.heartRate,
                              run.Expected(0),
                              "message (3) is the heart-rate sensor's value as of its latest "
                              "notification before the SSM answered");
        NS_TEST_EXPECT_MSG_EQ(IsReading(r.heartRate, "bpm"), true, "'" << r.heartRate << "'");
        // Every later read, too
        std::vector<std::string> reads = run.ClientReads();
        NS_TEST_EXPECT_MSG_EQ(reads.size(), 1u + m_reads, "(3) and the reads ran");
        NS_TEST_EXPECT_MSG_EQ(r.readsSucceeded, 1u + m_reads, "all answered 2.05");
        IOTSEC_TEST_REQUIRE(run.answers.size() == reads.size(), "one SSM answer per read");
        for (std::size_t i = 0; i < reads.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(reads[i], run.Expected(i), "read " << i);
        }
        // The blood-pressure sensor's values are "<s>/<d> mmHg"
        IOTSEC_TEST_REQUIRE(!run.sent.at(HealthCareHelper::BLOOD_PRESSURE).empty(),
                            "the cuff sent values");
        NS_TEST_EXPECT_MSG_EQ(
            IsReading(run.sent.at(HealthCareHelper::BLOOD_PRESSURE).back(), "mmHg"),
            true,
            "'" << run.sent.at(HealthCareHelper::BLOOD_PRESSURE).back() << "'");

        // One DTLS handshake, client to SSM
        NS_TEST_EXPECT_MSG_EQ(r.clientHandshakes, 1u, "one client handshake");
        NS_TEST_EXPECT_MSG_GT(r.clientHandshake, 0.0, "it took time");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(r.clientHandshake,
                                    r.wellKnownCoreLatency,
                                    "step (1) includes it");

        // Notifications from both sensors: every representation a sensor sent reached the
        // SSM (the last may still be in flight at the end), and the sensor sampled every
        // period: floor(D/P) or floor(D/P) + 1 samples in D
        uint32_t minSamples = static_cast<uint32_t>(run.duration.GetSeconds() / 5.0);
        uint32_t dtlsSensors = 0;
        IOTSEC_TEST_REQUIRE(r.sensors.size() == 2u, "two sensors");
        for (const auto& s : r.sensors)
        {
            uint32_t sent = static_cast<uint32_t>(run.sent.at(s.name).size());
            NS_TEST_EXPECT_MSG_EQ(s.served, sent, s.name << ": served count");
            NS_TEST_EXPECT_MSG_GT_OR_EQ(s.samples, minSamples, s.name << ": samples");
            NS_TEST_EXPECT_MSG_LT_OR_EQ(s.samples, minSamples + 1, s.name << ": samples");
            NS_TEST_EXPECT_MSG_LT_OR_EQ(s.notifications, sent, s.name);
            NS_TEST_EXPECT_MSG_GT_OR_EQ(s.notifications + 1, sent, s.name << ": none lost");
            NS_TEST_EXPECT_MSG_GT_OR_EQ(s.notifications + 1,
                                        s.samples,
                                        s.name << ": a notification per sample");
            // Back-end security as the policy gives health data (high sensitivity)
            std::string profile =
                s.name == HealthCareHelper::HEART_RATE ? m_hrProfile : m_bpProfile;
            BackendSecurity expected = PolicyFor(profile, policy);
            NS_TEST_EXPECT_MSG_EQ(BackendSecurityName(s.security),
                                  BackendSecurityName(expected),
                                  s.name << " (" << profile << ")");
            NS_TEST_EXPECT_MSG_EQ(BackendSecurityName(run.study->GetSecurity(s.name)),
                                  BackendSecurityName(expected),
                                  s.name);
            auto ctx = run.study->GetSensorServer(s.name)->GetOscoreContext();
            if (expected == BackendSecurity::OBJECT)
            {
                IOTSEC_TEST_REQUIRE(ctx != nullptr, s.name << ": an OSCORE context");
                NS_TEST_EXPECT_MSG_EQ(ctx->GetCounters().requestsVerified,
                                      1u,
                                      s.name << ": the SSM's registration, verified");
                NS_TEST_EXPECT_MSG_EQ(ctx->GetCounters().responsesProtected,
                                      uint64_t(sent),
                                      s.name << ": every representation protected");
                NS_TEST_EXPECT_MSG_EQ(ctx->GetCounters().Rejected(), 0u, s.name);
                NS_TEST_EXPECT_MSG_EQ(s.handshakes, 0u, s.name << ": no DTLS");
            }
            else if (expected == BackendSecurity::DTLS)
            {
                ++dtlsSensors;
                NS_TEST_EXPECT_MSG_EQ(s.handshakes, 1u, s.name << ": one DTLS handshake");
                NS_TEST_EXPECT_MSG_EQ((ctx == nullptr), true, s.name << ": no OSCORE");
                NS_TEST_EXPECT_MSG_GT(s.ramPeak, 0u, s.name << ": holds the association");
            }
            else
            {
                NS_TEST_EXPECT_MSG_EQ(s.handshakes, 0u, s.name << ": no DTLS");
                NS_TEST_EXPECT_MSG_EQ((ctx == nullptr), true, s.name << ": no OSCORE");
                NS_TEST_EXPECT_MSG_EQ(s.ramPeak, 0u, s.name << ": no security state");
            }
            NS_TEST_EXPECT_MSG_GT(s.energy, 0.0, s.name << ": spends energy");
        }
        NS_TEST_EXPECT_MSG_EQ(r.backendHandshakes, dtlsSensors, "one per dtls sensor");

        // Freshness: a value is replaced at least every period, and arrives within
        // DELIVERY_BOUND of its sample
        IOTSEC_TEST_REQUIRE(r.freshness.size() == run.answers.size(), "an age per answer");
        for (std::size_t i = 0; i < r.freshness.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_GT_OR_EQ(r.freshness[i], 0.0, "age " << i);
            NS_TEST_EXPECT_MSG_LT_OR_EQ(r.freshness[i],
                                        (period + DELIVERY_BOUND).GetSeconds(),
                                        "age " << i);
        }
        IOTSEC_TEST_REQUIRE(r.sampleAge.size() == run.answers.size(), "a sample age per answer");
        for (std::size_t i = 0; i < r.sampleAge.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_GT_OR_EQ(r.sampleAge[i], r.freshness[i], "sampled before");
            NS_TEST_EXPECT_MSG_LT_OR_EQ(r.sampleAge[i],
                                        (period + DELIVERY_BOUND).GetSeconds(),
                                        "sample age " << i);
        }
        IOTSEC_TEST_REQUIRE(!r.notificationLatency.empty(), "notifications timed");
        for (double l : r.notificationLatency)
        {
            NS_TEST_EXPECT_MSG_LT_OR_EQ(l, DELIVERY_BOUND.GetSeconds(), "delivery");
        }

        // The patient walked, and the body nodes stayed within a BAN's range of the phone
        NS_TEST_EXPECT_MSG_GT(r.patientDistance, 0.0, "the patient moved");
        NS_TEST_EXPECT_MSG_LT(r.maxBodyDistance, 1.0, "within 1 m of the phone");
        NS_TEST_EXPECT_MSG_GT(r.llnFrames, 0u, "802.15.4 frames");
    }

    std::string m_hrProfile;  //!< heart-rate sensor preset
    std::string m_bpProfile;  //!< blood-pressure sensor preset
    std::string m_policyText; //!< Policy
    uint32_t m_reads;         //!< Reads
};

/**
 * \ingroup iotsec-tests
 * \brief The same streams give the same run; the vitals come from the random variables.
 */
class HealthCareReproducibleTestCase : public TestCase
{
  public:
    HealthCareReproducibleTestCase()
        : TestCase("same streams, same vitals and ages; other streams, other vitals")
    {
    }

  private:
    void DoRun() override
    {
        std::vector<std::pair<std::string, std::string>> attributes{{"Reads", "3"}};
        std::map<std::string, std::vector<std::string>> first;
        std::vector<double> firstAges;
        {
            HealthRun a(attributes, 1);
            IOTSEC_TEST_REQUIRE(a.error.empty(), a.error);
            first = a.sent;
            firstAges = a.report.freshness;
        }
        {
            HealthRun b(attributes, 1);
            NS_TEST_EXPECT_MSG_EQ((b.sent == first), true, "same values sent");
            NS_TEST_EXPECT_MSG_EQ((b.report.freshness == firstAges), true, "same ages");
        }
        {
            HealthRun c(attributes, 1000);
            NS_TEST_EXPECT_MSG_EQ((c.sent == first), false, "other streams, other values");
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief On the same TelosB heart-rate sensor, DTLS costs more than object security: a
 * handshake (six flights, the PRF and the Finished HMACs) that OSCORE does without, and 29
 * bytes of record header, explicit nonce and tag on every notification where OSCORE adds its
 * option and an 8-byte tag. The sensor's active energy (frames and CPU) and the 802.15.4 bytes
 * must show it; listening, the same in both, must not be counted in the active energy.
 */
class HealthCareSecurityCostTestCase : public TestCase
{
  public:
    HealthCareSecurityCostTestCase()
        : TestCase("a TelosB heart-rate sensor: DTLS costs more frames and energy than OSCORE")
    {
    }

  private:
    void DoRun() override
    {
        double active[2];
        double total[2];
        uint64_t bytes[2];
        uint32_t notifications[2];
        const char* policies[2] = {"", "1/high:dtls"};
        const BackendSecurity expected[2] = {BackendSecurity::OBJECT, BackendSecurity::DTLS};
        for (int i = 0; i < 2; ++i)
        {
            HealthRun run(
                {{"HeartRateProfile", "TelosB"}, {"Policy", policies[i]}, {"Reads", "3"}});
            IOTSEC_TEST_REQUIRE(run.error.empty(), run.error);
            const HealthCareHelper::SensorReport& hr = run.report.sensors.at(0);
            IOTSEC_TEST_REQUIRE(hr.name == HealthCareHelper::HEART_RATE, hr.name);
            NS_TEST_EXPECT_MSG_EQ(BackendSecurityName(hr.security),
                                  BackendSecurityName(expected[i]),
                                  "policy '" << policies[i] << "'");
            NS_TEST_EXPECT_MSG_GT(hr.activeEnergy, hr.cpuEnergy, "frames cost energy");
            NS_TEST_EXPECT_MSG_LT(hr.activeEnergy, hr.energy, "listening is left out");
            NS_TEST_EXPECT_MSG_GT(hr.energy - hr.activeEnergy,
                                  0.5 * hr.energy,
                                  "an always-on receiver mostly listens");
            active[i] = hr.activeEnergy;
            total[i] = hr.energy;
            bytes[i] = run.report.llnBytes;
            notifications[i] = hr.notifications;
        }
        NS_TEST_EXPECT_MSG_EQ(notifications[0], notifications[1], "the same vitals either way");
        NS_TEST_EXPECT_MSG_GT(active[1], active[0], "DTLS: more frames and CPU than OSCORE");
        NS_TEST_EXPECT_MSG_GT(bytes[1], bytes[0], "DTLS: more 802.15.4 bytes than OSCORE");
        NS_TEST_EXPECT_MSG_GT(total[1], total[0], "and more energy in all");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Configurations that cannot run are reported, with the attribute at fault.
 */
class HealthCareErrorsTestCase : public TestCase
{
  public:
    HealthCareErrorsTestCase()
        : TestCase("configuration errors: object security on Class 0, unknown presets, bad "
                   "periods")
    {
    }

  private:
    void DoRun() override
    {
        struct Bad
        {
            std::vector<std::pair<std::string, std::string>> attributes; //!< attributes
            std::string expected;                                        //!< in the message
        };

        const std::vector<Bad> cases{
            {{{"Policy", "0/high:object"}}, "Class 0"},
            {{{"Policy", "0/high:dtls"}}, "cannot run dtls"},
            {{{"Policy", "4:dtls"}}, "Policy"},
            {{{"HeartRateProfile", "Pacemaker"}}, "HeartRateProfile 'Pacemaker'"},
            {{{"BloodPressureProfile", "cc2538"}}, "BloodPressureProfile"},
            {{{"PhoneProfile", "Class0Mote"}}, "PhoneProfile"},
            {{{"VitalsPeriod", "0s"}}, "VitalsPeriod"},
            {{{"ReadInterval", "-1s"}}, "ReadInterval"},
            {{{"FrameLoss", "1"}}, "FrameLoss"},
        };
        for (const Bad& b : cases)
        {
            HealthRun run(b.attributes);
            NS_TEST_EXPECT_MSG_NE(run.error.find(b.expected),
                                  std::string::npos,
                                  "'" << run.error << "' should name " << b.expected);
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The health-care study.
 */
class HealthCareTestSuite : public TestSuite
{
  public:
    HealthCareTestSuite()
        : TestSuite("iotsec-health-care", Type::UNIT)
    {
        AddTestCase(new HealthCareTestCase("Fig. 3: TelosB heart rate (object), CC2538 blood "
                                           "pressure (dtls)",
                                           "TelosB",
                                           "CC2538",
                                           "",
                                           10),
                    iotsectest::QUICK);
        AddTestCase(new HealthCareTestCase("Fig. 3: CC2538 heart rate, TelosB blood pressure, "
                                           "both dtls (policy: Class 1, high: dtls)",
                                           "CC2538",
                                           "TelosB",
                                           "1/high:dtls",
                                           3),
                    iotsectest::QUICK);
        AddTestCase(new HealthCareTestCase("Fig. 3: Class 0 heart rate (none), CC2538 blood "
                                           "pressure",
                                           "Class0Mote",
                                           "CC2538",
                                           "",
                                           3),
                    iotsectest::QUICK);
        AddTestCase(new HealthCareSecurityCostTestCase, iotsectest::QUICK);
        AddTestCase(new HealthCareReproducibleTestCase, iotsectest::QUICK);
        AddTestCase(new HealthCareErrorsTestCase, iotsectest::QUICK);
    }
};

/// The suite's instance
HealthCareTestSuite g_healthCareTestSuite;

} // namespace
