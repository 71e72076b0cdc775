/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_BUILDING_AUTOMATION_HELPER_H
#define IOTSEC_BUILDING_AUTOMATION_HELPER_H

#include "building-topology-helper.h"

#include "ns3/air-traffic-monitor.h"
#include "ns3/application-container.h"
#include "ns3/group-client-application.h"
#include "ns3/node-container.h"
#include "ns3/object.h"
#include "ns3/ptr.h"
#include "ns3/ssm-application-server.h"
#include "ns3/ssm-application.h"
#include "ns3/ssm-policy.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace ns3
{

class CoapServerApplication;

/**
 * \ingroup iotsec
 * \brief Puts the building-automation study (Park & Kang, Fig. 4) on a building: light
 * servers with per-class device profiles and security, clients, and either the SSM with its
 * application server or nothing (the 1:N modes); then collects the same metrics in every mode.
 *
 * Roles on the BuildingTopologyHelper's Internet hosts: host 0 is the SSM, host 1 the
 * application server, hosts 2 .. 2+Clients-1 the clients (so the building needs
 * InternetHosts >= Clients + 2; RequiredInternetHosts() says how many).
 *
 * The lights: every light of floor f (BuildingTopologyHelper floor f-1) is a CoAP server with
 * a settable `/light`, and an RFC 7228 device class from ClassPattern, which repeats over the
 * lights of each floor ("21": Class 2, Class 1, Class 2, ...). Class 2 lights get the CC2538
 * profile, Class 1 TelosB, Class 0 Class0Mote. A light's security is:
 * - mode `dtls-1n`: DTLS (coaps:// on 5684) for every light; a Class 0 light is a
 *   configuration error;
 * - mode `ssm`: what Policy gives its class (default Class 2 `dtls`, Class 1 `object`, Class 0
 *   `none`);
 * - mode `nosec`: none.
 *
 * Keys: pairwise PSKs, identity "<commander>@<light>" (for example "client-0@f3/l2" or
 * "backend@f3/l2"), client to SSM "client-<i>", SSM to application server "ssm"; OSCORE
 * master secrets per light. All are derived with DtlsHelper::DeriveKey.
 *
 * Call order: building Build(), AssignStreams(), ComputeRoutes(), InstallRoutes(); then
 * Validate(), Install(building), AssignStreams(); run; GetReport().
 */
class BuildingAutomationHelper : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    BuildingAutomationHelper();
    ~BuildingAutomationHelper() override;

    /**
     * \param building the building (built, with routes)
     * \return "" if this configuration can run on it, else why not
     */
    std::string Validate(Ptr<BuildingTopologyHelper> building) const;

    /// \return the Internet hosts the building needs (Clients + 2)
    uint32_t RequiredInternetHosts() const;

    /**
     * \brief Install everything (aborts with Validate()'s message if it cannot run).
     * \param building the building (built, with routes)
     */
    void Install(Ptr<BuildingTopologyHelper> building);

    /**
     * \brief Fix the random streams of every application this helper installed.
     * \param stream the first stream index
     * \return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

    /// The study's metrics (names as in analysis/scenarios.py)
    struct Report
    {
        std::string mode;                   //!< the mode
        uint32_t lights{0};                 //!< lights commanded per round (all clients)
        uint32_t clientHandshakes{0};       //!< DTLS handshakes the clients completed
        uint32_t llnHandshakes{0};          //!< DTLS handshakes completed with lights
        uint32_t backendHandshakes{0};      //!< SSM to application server handshakes
        double firstCommandLatency{0};      //!< first round, mean over clients [s]
        double repeatCommandLatency{0};     //!< later rounds, mean [s] (NaN with one round)
        uint64_t llnFrames{0};              //!< 802.15.4 frames on the air
        uint64_t llnBytes{0};               //!< 802.15.4 bytes on the air
        double energyPerLightMean{0};       //!< [J]
        double energyPerLightMax{0};        //!< [J]
        double energyTotal{0};              //!< all lights [J]
        double cpuEnergyPerLightMean{0};    //!< CPU part of energyPerLightMean [J]
        double activeEnergyPerLightMean{0}; //!< frames sent/received + CPU, mean [J]
        double activeEnergyPerLightMax{0};  //!< the same, largest [J]
        double dutyCyclePerLightMean{0};    //!< radio-on time / elapsed time, mean
        double dutyCyclePerLightMax{0};     //!< the same, largest
        double lifetimeMinDays{0};          //!< the hungriest light on two AA cells [days]
        uint32_t clientRam{0};              //!< largest client security state [bytes]
        uint32_t clientSessions{0};         //!< largest number of DTLS sessions a client holds
        uint32_t ssmRam{0};                 //!< SSM security state [bytes]
        uint32_t sensorRamMax{0};           //!< largest light security state, peak [bytes]
        uint64_t refusedSessions{0}; //!< DTLS sessions refused for lack of RAM: by a client's
                                     //!< node at Connect(), or by a light (each light and
                                     //!< client pair once, however many ClientHellos)
        uint64_t requested{0};       //!< light commands requested, all rounds
        uint64_t succeeded{0};       //!< of which succeeded
        double successRatio{0};      //!< succeeded / requested
        std::map<std::string, uint32_t> lightsBySecurity; //!< "dtls"/"object"/"none" -> count
    };

    /// \return the report (after the run)
    Report GetReport() const;

    /// \return the SSM (null in the 1:N modes)
    Ptr<SsmApplication> GetSsm() const;

    /// \return the application server (null in the 1:N modes or with DirectAccess)
    Ptr<SsmApplicationServer> GetApplicationServer() const;

    /// \return the clients
    std::vector<Ptr<GroupClientApplication>> GetClients() const;

    /// \param light a light \return its CoAP server
    Ptr<CoapServerApplication> GetLightServer(Ptr<Node> light) const;

    /// \param light a light \return its member name, "f<floor>/l<index>" (floor from 1)
    std::string GetMemberName(Ptr<Node> light) const;

    /// \param light a light \return its RFC 7228 class (0, 1, 2)
    uint32_t GetDeviceClass(Ptr<Node> light) const;

    /// \param light a light \return how it is reached in this mode
    BackendSecurity GetSecurity(Ptr<Node> light) const;

  protected:
    void DoDispose() override;

  private:
    /// \param floor floor from 1 \param index light on it \return its class
    uint32_t ClassOf(uint32_t index) const;

    // Attributes
    GroupClientApplication::Mode m_mode; //!< Mode
    uint32_t m_clients;                  //!< Clients
    std::string m_classPattern;          //!< ClassPattern
    std::string m_policyText;            //!< Policy
    bool m_direct;                       //!< DirectAccess
    std::string m_commandFloors;         //!< CommandFloors
    uint32_t m_rounds;                   //!< Rounds
    Time m_roundInterval;                //!< RoundInterval
    Time m_start;                        //!< StartTime
    Time m_clientStagger;                //!< ClientStagger
    bool m_keepSessions;                 //!< KeepSessions
    std::string m_clientProfile;         //!< ClientProfile

    // What Install() made
    Ptr<BuildingTopologyHelper> m_building;                   //!< the building
    NodeContainer m_lights;                                   //!< lights
    std::map<uint32_t, std::string> m_names;                  //!< node id -> member name
    std::map<uint32_t, uint32_t> m_classes;                   //!< node id -> class
    std::map<uint32_t, BackendSecurity> m_security;           //!< node id -> security
    std::map<uint32_t, Ptr<CoapServerApplication>> m_servers; //!< node id -> server
    Ptr<SsmApplication> m_ssm;                                //!< SSM
    Ptr<SsmApplicationServer> m_appServer;                    //!< application server
    std::vector<Ptr<GroupClientApplication>> m_clientApps;    //!< clients
    NodeContainer m_clientNodes;                              //!< client nodes
    Ptr<AirTrafficMonitor> m_air;                             //!< 802.15.4 frames and bytes
    std::set<std::string> m_refusedPairs;                     //!< "light peer" refused by lights
};

} // namespace ns3

#endif /* IOTSEC_BUILDING_AUTOMATION_HELPER_H */
