/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_GROUP_COMMANDER_H
#define IOTSEC_GROUP_COMMANDER_H

#include "ssm-policy.h"

#include "ns3/address.h"
#include "ns3/coap-endpoint.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/ptr.h"
#include "ns3/traced-callback.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

class CoapMessageSecurity;
class CoapSocketBinding;
class Node;

/**
 * \ingroup iotsec
 * \brief One device a GroupCommander can command.
 */
struct GroupMember
{
    std::string name; //!< a unique name, for example "floor3/light2"
    Address address;  //!< its CoAP server (Inet6SocketAddress: 5683, or 5684 for DTLS)
    BackendSecurity security{BackendSecurity::NONE}; //!< how it is reached
    std::string pskIdentity;                         //!< DTLS: the identity presented to it
    std::shared_ptr<CoapMessageSecurity> oscore;     //!< OBJECT: the context shared with it
};

/**
 * \ingroup iotsec
 * \brief The outcome of one member's request within a group command.
 */
struct GroupMemberOutcome
{
    std::string name;  //!< the member
    bool ok{false};    //!< a 2.xx response arrived
    uint8_t code{0};   //!< the response code (0: none)
    std::string error; //!< why not ok
    Time latency;      //!< from the group command to this outcome
};

/**
 * \ingroup iotsec
 * \brief The aggregate outcome of a group command.
 */
struct GroupCommandResult
{
    uint32_t requested{0};                   //!< members commanded
    uint32_t succeeded{0};                   //!< members that answered 2.xx
    std::vector<std::string> failed;         //!< members that did not, in member order
    Time latency;                            //!< from the command to its last outcome
    std::vector<GroupMemberOutcome> members; //!< per member, in member order

    /**
     * \brief The aggregate as the text an SSM returns: `ok=S/N latency=L failed=a,b`.
     * \return the text
     */
    std::string Summary() const;

    /**
     * \brief Read a Summary() back.
     * \param text the text
     * \param[out] out requested, succeeded, failed and latency (no per-member outcomes)
     * \param[out] error why the text is malformed
     * \return true if well-formed
     */
    static bool ParseSummary(const std::string& text, GroupCommandResult& out, std::string* error);
};

/**
 * \ingroup iotsec
 * \brief Sends one CoAP request to each member of a group, each over the security its member
 * is reached with, and reports the aggregate: the fan-out of the 1:N DTLS client, of the
 * application server (Park & Kang, Fig. 4) and of an SSM that reaches sensors directly.
 *
 * - `dtls` members: one CoapSocketBinding per member over a DtlsSocket (coaps://); the
 *   handshake runs with the first request. With KeepSessions the association is kept for
 *   later commands; a failed or refused association is dropped and opened anew next time.
 *   The PSK is looked up under the member's pskIdentity in the node's DtlsPskStore. Every
 *   association counts against the node's RamModel, which may refuse it (SessionRefused).
 * - `object` members: a single shared plain binding, with the member's OSCORE context set
 *   for its address: no handshake, each message protected on its own.
 * - `none` members: the same shared binding, unprotected.
 *
 * Requests go out together (or at most MaxParallel at a time); the command completes when
 * every member has an outcome: a response, a CoAP timeout, or a failed DTLS association.
 */
class GroupCommander : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    GroupCommander();
    ~GroupCommander() override;

    /**
     * \brief Add a member. Names are unique.
     * \param member the member
     */
    void AddMember(const GroupMember& member);

    /// \param name a name \return true if it is a member
    bool HasMember(const std::string& name) const;

    /// \return the members' names, in the order they were added
    std::vector<std::string> GetMemberNames() const;

    /**
     * \brief Start on a node (opens the shared binding; DTLS bindings open when first used).
     * \param node the node
     */
    void Start(Ptr<Node> node);

    /// \brief Stop: close every binding; open commands get no outcome
    void Stop();

    /// Called with the aggregate outcome of a command
    using DoneCallback = std::function<void(const GroupCommandResult&)>;

    /**
     * \brief Send one request to each named member.
     * \param members the members (each must have been added)
     * \param method the CoAP method code (CoapCode::PUT, ...)
     * \param path the path on each member, for example "/light"
     * \param payload the payload
     * \param done called once with the aggregate
     */
    void Command(const std::vector<std::string>& members,
                 uint8_t method,
                 const std::string& path,
                 const std::string& payload,
                 DoneCallback done);

    /**
     * \brief Observe a resource of one member (RFC 7641) over its security; every
     * notification (and the registration's response) is passed on.
     * \param member the member
     * \param path the resource on it
     * \param notify called with each outcome (CoapResult::notification for notifications)
     */
    void Observe(const std::string& member,
                 const std::string& path,
                 std::function<void(const CoapResult&)> notify);

    /// \return DTLS handshakes completed by this commander
    uint32_t GetHandshakes() const;

    /// \return DTLS associations refused (by this node's RAM budget or lost to the member's)
    uint32_t GetRefused() const;

    /// \return DTLS associations currently established
    uint32_t GetEstablished() const;

    /// \return the bindings (shared first, then one per DTLS member that has been used)
    std::vector<Ptr<CoapSocketBinding>> GetBindings() const;

    /**
     * \brief Fix the random streams: the shared binding's and each member's DTLS binding's
     * (two per member, in member order).
     * \param stream the first stream index
     * \return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

    /// TracedCallback signature: a member's outcome.
    typedef void (*MemberTracedCallback)(const std::string& name, bool ok, Time latency);
    /// TracedCallback signature: a command's aggregate.
    typedef void (*CommandTracedCallback)(uint32_t requested, uint32_t succeeded, Time latency);
    /// TracedCallback signature: a member's DTLS association event.
    typedef void (*SessionTracedCallback)(const std::string& name, const std::string& detail);

  protected:
    void DoDispose() override;

  private:
    /// A command in progress
    struct Pending
    {
        GroupCommandResult result;                //!< the aggregate so far
        std::vector<std::string> queue;           //!< members not yet sent to
        uint32_t inFlight{0};                     //!< requests outstanding
        uint32_t outcomes{0};                     //!< outcomes so far
        Time start;                               //!< when it was commanded
        uint8_t method{0};                        //!< method
        std::string path;                         //!< path
        std::string payload;                      //!< payload
        DoneCallback done;                        //!< the callback
        std::map<std::string, std::size_t> index; //!< member -> position in result.members
    };

    /// \param name a member \return the binding that reaches it (opening a DTLS one)
    Ptr<CoapSocketBinding> BindingFor(const std::string& name);
    /// \param id the command \brief send to queued members while MaxParallel allows
    void Pump(uint64_t id);
    /// \brief a member's outcome
    void MemberDone(uint64_t id, const std::string& name, const CoapResult& r);

    std::vector<GroupMember> m_members;                   //!< members in order
    std::map<std::string, std::size_t> m_byName;          //!< name -> index
    Ptr<Node> m_node;                                     //!< the node
    Ptr<CoapSocketBinding> m_shared;                      //!< binding for none/object members
    std::map<std::string, Ptr<CoapSocketBinding>> m_dtls; //!< DTLS binding per member
    std::map<std::string, bool> m_established;            //!< member -> association established
    std::map<uint64_t, Pending> m_pending;                //!< commands in progress
    uint64_t m_nextId{1};                                 //!< next command id
    int64_t m_stream{-1};                                 //!< first stream (-1: not fixed)
    bool m_keepSessions{true};                            //!< KeepSessions
    uint32_t m_maxParallel{0};                            //!< MaxParallel (0: all)
    uint16_t m_localPort{0};                              //!< LocalPort of the shared binding
    uint32_t m_handshakes{0};                             //!< handshakes completed
    uint32_t m_refused{0};                                //!< associations refused

    TracedCallback<const std::string&, bool, Time> m_memberDone;      //!< MemberDone
    TracedCallback<uint32_t, uint32_t, Time> m_commandDone;           //!< CommandDone
    TracedCallback<const std::string&, const std::string&> m_session; //!< Session
};

} // namespace ns3

#endif /* IOTSEC_GROUP_COMMANDER_H */
