/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_GROUP_CLIENT_APPLICATION_H
#define IOTSEC_GROUP_CLIENT_APPLICATION_H

#include "group-commander.h"

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/traced-callback.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{

class CoapSocketBinding;

/**
 * \ingroup iotsec
 * \brief A CoAP client outside the building that switches floors of lights, in one of three
 * ways (the `mode` of the building-automation study):
 *
 * - `ssm`: one coaps:// session with the SsmApplication at Ssm; it walks the paper's Fig. 4
 *   discovery, GET /.well-known/core (1), GET /settings (2), GET /settings/lights (3), then
 *   sends one PUT /settings/lights/floor<k> per commanded floor and reads the aggregate from
 *   the response (GroupCommandResult::Summary);
 * - `dtls-1n`: its GroupCommander runs a DTLS handshake with every light it commands and sends
 *   each a PUT (the members, with their DTLS identities, are added by the scenario);
 * - `nosec`: the same 1:N traffic as `dtls-1n` with plain CoAP (members with security none).
 *
 * It runs Rounds rounds, RoundInterval apart; each round commands every floor in Floors, with
 * payloads alternating "on" and "off". A round's latency runs from its start to the last
 * floor's outcome; the first round's latency includes session set-up (and, for `ssm`, the
 * discovery), later rounds reuse the sessions.
 */
class GroupClientApplication : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    GroupClientApplication();
    ~GroupClientApplication() override;

    /// The client's modes
    enum Mode
    {
        SSM,     //!< through the SSM
        DTLS_1N, //!< a DTLS session with every light
        NOSEC,   //!< plain CoAP to every light
    };

    /// \param name "ssm", "dtls-1n" or "nosec" \param[out] mode the mode \return true if valid
    static bool ParseMode(const std::string& name, Mode& mode);

    /// \param mode a mode \return its name
    static std::string ModeName(Mode mode);

    /**
     * \brief Declare a floor's lights: the members to command in the 1:N modes, and the
     * count a floor command expects in every mode.
     * \param floor the floor (1-based, as in /settings/lights/floor<k>)
     * \param members the lights' GroupCommander member names
     */
    void SetFloorMembers(uint32_t floor, const std::vector<std::string>& members);

    /// \return the commander of the 1:N modes (add the lights as members)
    Ptr<GroupCommander> GetCommander() const;

    /// \return the binding toward the SSM (ssm mode; its socket exists once started)
    Ptr<CoapSocketBinding> GetSsmBinding() const;

    /// The outcome of one floor command
    struct FloorOutcome
    {
        uint32_t round{0};     //!< round (0-based)
        uint32_t floor{0};     //!< floor
        uint32_t requested{0}; //!< lights commanded
        uint32_t succeeded{0}; //!< lights that answered 2.xx
        Time start;            //!< when the command was sent
        Time latency;          //!< until its outcome
        std::string error;     //!< why the whole command failed ("" if it got an aggregate)
    };

    /// The outcome of one round
    struct RoundOutcome
    {
        uint32_t round{0};     //!< round
        Time start;            //!< start
        Time latency;          //!< until the last floor's outcome
        uint32_t requested{0}; //!< lights commanded
        uint32_t succeeded{0}; //!< lights switched
    };

    /// \return every floor command's outcome, in completion order
    const std::vector<FloorOutcome>& GetFloorOutcomes() const;

    /// \return every completed round
    const std::vector<RoundOutcome>& GetRoundOutcomes() const;

    /// \return the discovery payloads of the ssm mode: (1), (2), (3) in order
    const std::vector<std::string>& GetDiscovery() const;

    /// \return DTLS handshakes this client completed (with the SSM, or with the lights)
    uint32_t GetHandshakes() const;

    /// \return DTLS sessions this client's node refused to open for lack of RAM
    uint32_t GetRefused() const;

    /// \return true once every round has completed
    bool IsDone() const;

    /**
     * \brief Fix the random streams (the SSM binding, then the commander).
     * \param stream the first stream index
     * \return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

    /// TracedCallback signature: a round completed (round, requested, succeeded, latency).
    typedef void (*RoundTracedCallback)(uint32_t round,
                                        uint32_t requested,
                                        uint32_t succeeded,
                                        Time latency);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// \brief ssm mode: the next discovery GET, or the first round when done
    void Discover();
    /// \brief start a round
    void StartRound();
    /// \brief a floor command has its outcome
    void FloorDone(const FloorOutcome& outcome);

    Mode m_mode;                                            //!< Mode
    Address m_ssm;                                          //!< Ssm
    std::string m_ssmIdentity;                              //!< SsmIdentity
    std::string m_floorsText;                               //!< Floors attribute
    std::vector<uint32_t> m_floors;                         //!< floors to command
    uint32_t m_rounds;                                      //!< Rounds
    Time m_interval;                                        //!< RoundInterval
    std::map<uint32_t, std::vector<std::string>> m_members; //!< floor -> lights
    Ptr<GroupCommander> m_commander;                        //!< 1:N modes
    Ptr<CoapSocketBinding> m_binding;                       //!< ssm mode
    std::vector<std::string> m_discovery;                   //!< ssm: (1) (2) (3)
    std::vector<FloorOutcome> m_floorOutcomes;              //!< outcomes
    std::vector<RoundOutcome> m_rounds_;                    //!< completed rounds
    uint32_t m_round;                                       //!< current round
    uint32_t m_pendingFloors;                               //!< floors of the round still open
    Time m_roundStart;                                      //!< its start
    uint32_t m_ssmHandshakes;                               //!< handshakes with the SSM
    uint32_t m_ssmRefused;                                  //!< refused at Connect (ssm mode)
    bool m_running;                                         //!< started and not stopped
    EventId m_event;                                        //!< next round
    TracedCallback<uint32_t, uint32_t, uint32_t, Time> m_roundDone; //!< RoundDone
};

} // namespace ns3

#endif /* IOTSEC_GROUP_CLIENT_APPLICATION_H */
