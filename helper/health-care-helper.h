/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_HEALTH_CARE_HELPER_H
#define IOTSEC_HEALTH_CARE_HELPER_H

#include "lln-helper.h"

#include "ns3/coap-client-application.h"
#include "ns3/coap-server-application.h"
#include "ns3/data-rate.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/ptr.h"
#include "ns3/random-variable-stream.h"
#include "ns3/ssm-application.h"
#include "ns3/ssm-policy.h"
#include "ns3/traced-callback.h"
#include "ns3/vector.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

class AirTrafficMonitor;
class FrameErasurePropagationLossModel;
class MobilityModel;

/**
 * \ingroup iotsec
 * \brief Builds and runs the health-care study of Park & Kang (section 4.1, Fig. 3): a body
 * area network whose smartphone is the Secure Service Manager, and an outside CoAP client that
 * reads the patient's vitals through it.
 *
 * Nodes (Install() creates them):
 * - the phone: the SSM (SsmApplication, front end `dtls` on 5684, no application server,
 *   directory SsmDirectory::HealthCare()) and the 6LBR of the BAN: an 802.15.4 radio
 *   (6LoWPAN, prefix 2001:1::/64) and a point-to-point IPv6 uplink (2001:2::/64,
 *   UplinkDataRate, UplinkDelay) to the client; device preset PhoneProfile (RaspberryPi3);
 * - two sensors, "heart_rate" (preset HeartRateProfile) and "blood_pressure" (preset
 *   BloodPressureProfile), each a CoapServerApplication with a settable resource
 *   (`/heart_rate`, `/blood_pressure`);
 * - the client (preset ClientProfile), a CoapClientApplication over DTLS (PSK identity
 *   "client") on the far end of the uplink.
 *
 * Vitals: every sensor samples at start and then every VitalsPeriod from a phase drawn
 * uniformly in (0, VitalsPeriod]; a sample sets its resource with
 * CoapServerApplication::Update(), which notifies the observers. Heart rate is
 * `"<n> bpm"` with n = round(HeartRate); blood pressure is `"<s>/<d> mmHg"` with
 * s = round(Systolic) and d = round(Diastolic) (plain text, Content-Format 0).
 *
 * Mobility: the patient walks (RandomWalk2dMobilityModel in a WardSize x WardSize square,
 * speed WalkSpeed); the phone and the sensors are on the body: each has a
 * HierarchicalMobilityModel whose parent is the patient and whose child is a fixed offset
 * (heart-rate sensor on the chest, blood-pressure cuff on the upper arm, phone at the hip;
 * at most 0.6 m apart), so they move together and stay in radio range. FrameLoss erases
 * every 802.15.4 frame on every link with a fixed probability, on top of the propagation loss.
 *
 * Back-end security: health data is SsmPolicy::HIGH sensitivity; each sensor is reached with
 * Policy.Get(its RFC 7228 class, HIGH) (defaults: Class 2 and above `dtls`, Class 1 `object`,
 * Class 0 `none`). The sensors are members of the SSM's GroupCommander, with pairwise keys
 * derived with DtlsHelper::DeriveKey: DTLS identity "phone@<sensor>" (label
 * "health-backend"), OSCORE master secret (label "health-oscore"; the SSM's Sender ID is
 * empty, the sensor's 01). The SSM observes `/heart_rate` and `/blood_pressure` from the start
 * and serves them as `/information/heart_rate` and `/information/blood_pressure`
 * (SsmApplication::AddProxiedResource). In the paper the sensors open the channel to the
 * SSM; here the SSM, as the CoAP client and observer, opens it (the DTLS handshake or the
 * first OSCORE request), and the sensors then push notifications over it.
 *
 * The client (from ClientStart) walks Fig. 3: GET /.well-known/core (message (1)), GET
 * /hospital (2), GET /information/heart_rate (3), StepInterval apart; then Reads more GETs of
 * /information/heart_rate, ReadInterval apart, to measure how fresh the served vitals are.
 *
 * Call order: Validate(), Install(), AssignStreams(); Simulator::Stop() and Run(); GetReport().
 */
class HealthCareHelper : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    HealthCareHelper();
    ~HealthCareHelper() override;

    /// The heart-rate sensor's member name (and resource "/heart_rate")
    static const std::string HEART_RATE;
    /// The blood-pressure sensor's member name (and resource "/blood_pressure")
    static const std::string BLOOD_PRESSURE;

    /// \return "" if this configuration can run, else why not
    std::string Validate() const;

    /// \brief Create the nodes and install everything (aborts with Validate()'s message)
    void Install();

    /**
     * \brief Fix every random stream of the scenario: the vitals, the sampling phases, the
     * patient's walk, the radios, the IPv6 stacks and the CoAP applications.
     * \param stream the first stream index
     * \return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \return the simulated time by which the client has normally finished: ClientStart, the
     * three Fig. 3 steps and the reads, with 10 s to spare for each request
     */
    Time GetSuggestedDuration() const;

    /// One sensor's figures
    struct SensorReport
    {
        std::string name;                                //!< member name
        std::string profile;                             //!< device preset
        uint32_t deviceClass{0};                         //!< RFC 7228 class (3: unconstrained)
        BackendSecurity security{BackendSecurity::NONE}; //!< how the SSM reaches it
        uint32_t samples{0};                             //!< values it measured
        uint32_t served{0};          //!< representations it sent (registration + notifications)
        uint32_t notifications{0};   //!< values the SSM received (registration included)
        uint32_t handshakes{0};      //!< DTLS handshakes it completed (dtls)
        uint64_t oscoreVerified{0};  //!< OSCORE requests it verified (object)
        uint64_t oscoreProtected{0}; //!< OSCORE responses/notifications it protected (object)
        double energy{0};            //!< radio + CPU [J]
        double radioEnergy{0};       //!< radio [J]
        double cpuEnergy{0};         //!< CPU [J]
        double activeEnergy{0};      //!< frames sent and received, and CPU [J] (no listening)
        double dutyCycle{0};         //!< radio-on time / simulated time
        uint32_t ramPeak{0};         //!< security state, peak [bytes]
    };

    /// The study's metrics (names as in analysis/scenarios.py)
    struct Report
    {
        std::string wellKnownCore;       //!< payload of message (1) ("" if it did not arrive)
        std::string hospital;            //!< payload of message (2)
        std::string heartRate;           //!< payload of message (3)
        std::vector<uint8_t> codes;      //!< response codes of the three steps (0: none)
        double wellKnownCoreLatency{0};  //!< step (1), request to response, handshake included [s]
        double hospitalLatency{0};       //!< step (2) [s]
        double heartRateLatency{0};      //!< step (3) [s]
        double clientHandshake{0};       //!< the client's DTLS handshake [s]
        uint32_t clientHandshakes{0};    //!< DTLS handshakes the client completed
        uint32_t backendHandshakes{0};   //!< DTLS handshakes the SSM completed with sensors
        uint32_t reads{0};               //!< GETs of /information/heart_rate sent, (3) included
        uint32_t readsSucceeded{0};      //!< of which answered 2.05
        std::vector<double> readLatency; //!< their latencies [s]
        std::vector<double> freshness;   //!< age of each vital served, at the SSM [s]
        std::vector<double> sampleAge;   //!< time since the sensor measured each vital served [s]
        std::vector<double> notificationLatency; //!< sample to arrival at the SSM [s]
        uint64_t llnFrames{0};                   //!< 802.15.4 frames on the air
        uint64_t llnBytes{0};                    //!< 802.15.4 bytes on the air
        double phoneEnergy{0};                   //!< the phone [J]
        double phoneRadioEnergy{0};              //!< its 802.15.4 radio [J]
        double patientDistance{0};               //!< the patient's displacement from the start [m]
        double maxBodyDistance{0};               //!< largest phone-sensor distance seen [m]
        std::vector<SensorReport> sensors;       //!< heart rate, blood pressure
    };

    /// \return the report (after the run)
    Report GetReport() const;

    /// \return the SSM
    Ptr<SsmApplication> GetSsm() const;

    /// \return the client
    Ptr<CoapClientApplication> GetClient() const;

    /// \return the phone
    Ptr<Node> GetPhone() const;

    /// \return the client's node
    Ptr<Node> GetClientNode() const;

    /// \return the sensors' member names, heart rate first
    std::vector<std::string> GetSensorNames() const;

    /// \param sensor a member name \return its node
    Ptr<Node> GetSensor(const std::string& sensor) const;

    /// \param sensor a member name \return its CoAP server
    Ptr<CoapServerApplication> GetSensorServer(const std::string& sensor) const;

    /// \param sensor a member name \return its resource ("/heart_rate")
    static std::string GetSensorPath(const std::string& sensor);

    /// \param sensor a member name \return the SSM path serving it ("/information/heart_rate")
    static std::string GetSsmPath(const std::string& sensor);

    /// \param sensor a member name \return how the SSM reaches it
    BackendSecurity GetSecurity(const std::string& sensor) const;

    /// \param sensor a member name \return its RFC 7228 class (3: unconstrained)
    uint32_t GetDeviceClass(const std::string& sensor) const;

    /// \return the patient's mobility model (the parent of every body node)
    Ptr<MobilityModel> GetPatientMobility() const;

    /// TracedCallback signature: a sensor measured a value (sensor, value).
    typedef void (*VitalsTracedCallback)(const std::string& sensor, const std::string& value);

  protected:
    void DoDispose() override;

  private:
    /// One sensor as installed
    struct Sensor
    {
        std::string name;                                  //!< member name
        std::string profile;                               //!< preset
        uint32_t deviceClass{0};                           //!< class
        BackendSecurity security{BackendSecurity::NONE};   //!< back-end security
        Ptr<Node> node;                                    //!< node
        Ptr<NetDevice> device;                             //!< its 6LoWPAN device
        Ptr<CoapServerApplication> server;                 //!< its server
        uint32_t samples{0};                               //!< values measured
        uint32_t served{0};                                //!< representations sent
        uint32_t handshakes{0};                            //!< DTLS handshakes completed
        std::vector<std::pair<Time, std::string>> history; //!< (time, value) of every sample
    };

    /// \param index a sensor \brief take a sample now and schedule the next
    void Sample(std::size_t index);
    /// \param index a sensor \return a new value, formatted
    std::string Draw(std::size_t index);
    /// \param index a sensor \param value a value \param until a time \return the time of the
    /// latest sample of that value at or before the time (Time::Min() if none)
    Time SampleTime(std::size_t index, const std::string& value, Time until) const;
    /// \param path an SSM path \return the index of the sensor behind it
    std::size_t SensorOfPath(const std::string& path) const;
    /// \brief hook the sockets that exist once the applications have started
    void ConnectSockets();
    /// \brief remember the largest phone-sensor distance, every second
    void WatchBody();

    // Attributes
    std::string m_hrProfile;               //!< HeartRateProfile
    std::string m_bpProfile;               //!< BloodPressureProfile
    std::string m_phoneProfile;            //!< PhoneProfile
    std::string m_clientProfile;           //!< ClientProfile
    std::string m_policyText;              //!< Policy
    Time m_vitalsPeriod;                   //!< VitalsPeriod
    Ptr<RandomVariableStream> m_heartRate; //!< HeartRate
    Ptr<RandomVariableStream> m_systolic;  //!< Systolic
    Ptr<RandomVariableStream> m_diastolic; //!< Diastolic
    Ptr<RandomVariableStream> m_walkSpeed; //!< WalkSpeed
    double m_wardSize;                     //!< WardSize
    Time m_clientStart;                    //!< ClientStart
    Time m_stepInterval;                   //!< StepInterval
    uint32_t m_reads;                      //!< Reads
    Time m_readInterval;                   //!< ReadInterval
    DataRate m_uplinkRate;                 //!< UplinkDataRate
    Time m_uplinkDelay;                    //!< UplinkDelay
    double m_frameLoss;                    //!< FrameLoss
    LlnHelper::RdcType m_rdc;              //!< Rdc
    Time m_wakeupInterval;                 //!< WakeupInterval

    // What Install() made
    bool m_installed{false};                         //!< Install() ran
    Ptr<UniformRandomVariable> m_phase;              //!< sampling phases
    Ptr<MobilityModel> m_patient;                    //!< the patient's walk
    Ptr<Node> m_phone;                               //!< phone: SSM and 6LBR
    Ptr<Node> m_clientNode;                          //!< client
    Ptr<NetDevice> m_phoneDevice;                    //!< the phone's 6LoWPAN device
    NetDeviceContainer m_lrWpan;                     //!< every 802.15.4 device
    std::vector<Sensor> m_sensors;                   //!< heart rate, blood pressure
    Ptr<SsmApplication> m_ssm;                       //!< SSM
    Ptr<CoapClientApplication> m_client;             //!< client
    Ptr<AirTrafficMonitor> m_air;                    //!< 802.15.4 frames and bytes
    LlnHelper m_lln;                                 //!< the BAN's radios
    Ptr<FrameErasurePropagationLossModel> m_erasure; //!< FrameLoss (null without loss)
    Vector m_patientStart;                           //!< where the patient started
    double m_maxBodyDistance{0};                     //!< largest phone-sensor distance
    uint32_t m_clientHandshakes{0};                  //!< client handshakes completed
    Time m_clientHandshakeDuration;                  //!< the first one's duration
    std::vector<double> m_freshness;                 //!< ProxiedServed ages [s]
    std::vector<double> m_sampleAge;                 //!< sample ages of the values served [s]
    std::vector<double> m_notificationLatency;       //!< sample to SSM [s]
    TracedCallback<const std::string&, const std::string&> m_vitals; //!< VitalsSampled
};

} // namespace ns3

#endif /* IOTSEC_HEALTH_CARE_HELPER_H */
