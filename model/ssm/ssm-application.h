/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_SSM_APPLICATION_H
#define IOTSEC_SSM_APPLICATION_H

#include "group-commander.h"
#include "ssm-directory.h"

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/ssm-policy.h"
#include "ns3/traced-callback.h"

#include <map>
#include <string>

namespace ns3
{

class CoapSocketBinding;

/**
 * \ingroup iotsec
 * \brief The Secure Service Manager (Park & Kang): a coaps:// server on an unconstrained node
 * (gateway, phone) that clients reach over one DTLS session, and that serves a tree of grouped
 * resources in their place.
 *
 * Front end: a CoapSocketBinding on Port, over DTLS (Security = dtls) or plain CoAP. It lists
 * the directory root's children in /.well-known/core (message (1) of the paper).
 *
 * Back end, one of two arrangements:
 * - with an ApplicationServer address (Fig. 4): every request below the root is forwarded to
 *   the SsmApplicationServer over a channel secured as ApplicationServerSecurity says (DTLS
 *   with the PSK identity ApplicationServerIdentity, opened with the first forwarded request),
 *   and its response is relayed (code, Content-Format, payload);
 * - without one: the SSM serves the directory itself (SsmDirectoryService) and reaches the
 *   group members directly with its own GroupCommander (GetCommander()).
 *
 * Proxied resources (the health-care scenario, Fig. 3): AddProxiedResource() makes a
 * directory path answer with the latest value of a member sensor's resource, which the SSM
 * observes over the member's back-end security from the start.
 */
class SsmApplication : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    SsmApplication();
    ~SsmApplication() override;

    /// \param directory the resource tree (with the groups' members for direct access)
    void SetDirectory(const SsmDirectory& directory);

    /// \return the directory
    const SsmDirectory& GetDirectory() const;

    /// \return the commander for direct access and proxied resources
    Ptr<GroupCommander> GetCommander() const;

    /// \return the front-end binding (clients)
    Ptr<CoapSocketBinding> GetBinding() const;

    /// \return DTLS handshakes completed with the application server
    uint32_t GetBackendHandshakes() const;

    /// \return the binding toward the application server (null without one)
    Ptr<CoapSocketBinding> GetBackendBinding() const;

    /**
     * \brief Serve a path with the latest value of a member's observable resource.
     * \param path the path clients GET (for example "/information/heart_rate")
     * \param member the member (a GroupCommander member)
     * \param memberPath the resource on the member (for example "/heart_rate")
     */
    void AddProxiedResource(const std::string& path,
                            const std::string& member,
                            const std::string& memberPath);

    /// A proxied resource's state
    struct Proxied
    {
        std::string member;        //!< the member
        std::string memberPath;    //!< its resource
        std::string value;         //!< latest value ("" before the first)
        Time updated{Time::Max()}; //!< when it arrived (Max: never)
        uint32_t notifications{0}; //!< values received
    };

    /// \param path a proxied path \return its state
    const Proxied& GetProxied(const std::string& path) const;

    /**
     * \brief Fix the random streams (front end, back end, commander).
     * \param stream the first stream index
     * \return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

    /// TracedCallback signature: a client request (peer, method, path, forwarded).
    typedef void (*RequestTracedCallback)(const std::string& peer,
                                          uint8_t method,
                                          const std::string& path,
                                          bool forwarded);
    /// TracedCallback signature: a proxied value served (path, its age).
    typedef void (*ProxiedTracedCallback)(const std::string& path, Time age);
    /// TracedCallback signature: a member's new value for a proxied path (path, value).
    typedef void (*ProxiedUpdatedTracedCallback)(const std::string& path, const std::string& value);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// \brief register the forwarding handlers for every path below the root
    void ServeForwarding();

    Ptr<CoapSocketBinding> m_binding;                         //!< front end
    Ptr<CoapSocketBinding> m_backend;                         //!< toward the application server
    Ptr<GroupCommander> m_commander;                          //!< direct access and proxies
    SsmDirectory m_directory;                                 //!< the tree
    std::map<std::string, Proxied> m_proxied;                 //!< proxied paths
    uint16_t m_port;                                          //!< Port
    SsmChannelSecurity m_security{SSM_CHANNEL_DTLS};          //!< Security (front end)
    Address m_appServer;                                      //!< ApplicationServer
    SsmChannelSecurity m_appServerSecurity{SSM_CHANNEL_DTLS}; //!< ApplicationServerSecurity
    std::string m_appServerIdentity;                          //!< ApplicationServerIdentity
    std::string m_memberPath;                                 //!< MemberPath
    int64_t m_backendStream{-1};     //!< first stream of the back-end binding
    uint32_t m_backendHandshakes{0}; //!< handshakes with the application server
    TracedCallback<const std::string&, uint8_t, const std::string&, bool> m_request; //!< trace
    TracedCallback<const std::string&, Time> m_proxiedServed;                        //!< trace
    TracedCallback<const std::string&, const std::string&> m_proxiedUpdated;         //!< trace
    TracedCallback<const std::string&, uint32_t, uint32_t, Time> m_group;            //!< trace
};

} // namespace ns3

#endif /* IOTSEC_SSM_APPLICATION_H */
