/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_SSM_APPLICATION_SERVER_H
#define IOTSEC_SSM_APPLICATION_SERVER_H

#include "group-commander.h"
#include "ssm-directory.h"

#include "ns3/application.h"
#include "ns3/coap-endpoint.h"
#include "ns3/ptr.h"
#include "ns3/ssm-policy.h"
#include "ns3/traced-callback.h"

#include <functional>
#include <string>

namespace ns3
{

class CoapSocketBinding;

/**
 * \ingroup iotsec
 * \brief Serves an SsmDirectory on a CoAP binding: the part of the SSM architecture that both
 * the application server and an SSM without one run.
 *
 * - GET on a path with children answers 2.05 with the children in link format (ct=40), for
 *   example `</settings/lights>;if="settings",</settings/security>;if="settings"`.
 * - PUT on a group (a path with members) sends the payload to every member's MemberPath with
 *   the GroupCommander and answers, once every member has an outcome, with
 *   GroupCommandResult::Summary(): 2.04 Changed if every member succeeded, else 5.02 Bad
 *   Gateway (the payload says which failed).
 * - Anything else: 4.05 Method Not Allowed; unknown paths 4.04 (the endpoint's default).
 * Only the root's children are listed in /.well-known/core (message (1) of the paper).
 */
class SsmDirectoryService
{
  public:
    /// Called when a group command completes (path, aggregate)
    using GroupDone = std::function<void(const std::string&, const GroupCommandResult&)>;

    /**
     * \brief Register the directory's resources on a binding.
     * \param binding the binding (its endpoint gets the resources)
     * \param directory the directory
     * \param commander reaches the members
     * \param memberPath the resource commanded on each member ("/light")
     * \param listed list the root's children in /.well-known/core
     * \param done called with each completed group command (may be empty)
     * \param skip paths not to register (served otherwise)
     */
    static void Serve(Ptr<CoapSocketBinding> binding,
                      const SsmDirectory& directory,
                      Ptr<GroupCommander> commander,
                      const std::string& memberPath,
                      bool listed,
                      GroupDone done,
                      const std::vector<std::string>& skip = {});

    /**
     * \param result a group command's aggregate
     * \return the response to send for it (code, ct=0 and the summary)
     */
    static CoapMessage MakeResponse(const GroupCommandResult& result);
};

/**
 * \ingroup iotsec
 * \brief The application server of the SSM architecture (Park & Kang, Fig. 4): the back-end
 * node that holds the grouped resources, takes the SSM's requests over a secured channel
 * (coaps:// by default), and commands each member sensor over the protection the back-end
 * policy picked for it (its GroupCommander's members).
 *
 * The directory is given with SetDirectory(), the members with GetCommander()->AddMember()
 * and SsmDirectory::SetMembers(); see SsmHelper, which does both for a building.
 */
class SsmApplicationServer : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    SsmApplicationServer();
    ~SsmApplicationServer() override;

    /// \param directory the resource tree (with its groups' members)
    void SetDirectory(const SsmDirectory& directory);

    /// \return the directory
    const SsmDirectory& GetDirectory() const;

    /// \return the commander that reaches the sensors
    Ptr<GroupCommander> GetCommander() const;

    /// \return the binding the SSM talks to
    Ptr<CoapSocketBinding> GetBinding() const;

    /**
     * \brief Fix the random streams (the binding's, then the commander's).
     * \param stream the first stream index
     * \return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

    /// TracedCallback signature: a group command completed.
    typedef void (*GroupTracedCallback)(const std::string& path,
                                        uint32_t requested,
                                        uint32_t succeeded,
                                        Time latency);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    Ptr<CoapSocketBinding> m_binding;                                     //!< toward the SSM
    Ptr<GroupCommander> m_commander;                                      //!< toward the sensors
    SsmDirectory m_directory;                                             //!< the tree
    uint16_t m_port;                                                      //!< Port
    SsmChannelSecurity m_security{SSM_CHANNEL_DTLS};                      //!< Security
    std::string m_memberPath;                                             //!< MemberPath
    TracedCallback<const std::string&, uint32_t, uint32_t, Time> m_group; //!< GroupCommand
};

} // namespace ns3

#endif /* IOTSEC_SSM_APPLICATION_SERVER_H */
