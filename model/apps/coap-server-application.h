/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_COAP_SERVER_APPLICATION_H
#define IOTSEC_COAP_SERVER_APPLICATION_H

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/coap-endpoint.h"
#include "ns3/coap-link-format.h"
#include "ns3/coap-security-mode.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/traced-callback.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

class OscoreContext;
class CoapSocketBinding;

/**
 * \ingroup iotsec
 * \brief A CoAP server hosting configurable resources over a CoapSocketBinding.
 *
 * Resource kinds:
 * - **static**: a fixed representation with a content-format and link attributes (GET);
 * - **settable**: GET returns the value, PUT replaces it (2.04 Changed), a resource an actuator
 *   would expose (`/lights/3`);
 * - **observable**: a sensor value (`"<n> C"`, n counting updates) updated every period;
 *   observers are notified of each update (RFC 7641);
 * - **large**: a representation of a given size, served block-wise (RFC 7959 Block2) and
 *   replaceable by a block-wise PUT (Block1).
 *
 * They are declared with the Add* methods or with the Resources attribute, a list separated
 * by ';' of `KIND PATH [VALUE...] [ct=N] [rt=X] [if=X] [title=X]`, where VALUE is the
 * representation (static, settable), the update period (observable, "5s") or the size in
 * bytes (large). For example:
 * `static /info hello ct=0;settable /lights/3 off rt=light;observable /temp 10s
 * rt=temperature;large /fw 1500`. A malformed specification is a configuration error: the program
 * stops with a message.
 *
 * Security `object` (attribute Security) requires OSCORE (RFC 8613) from every client: a
 * context derived at start from OscoreMasterSecret (the PSK), OscoreMasterSalt,
 * OscoreSenderId and OscoreRecipientId (or given with SetOscoreContext()) verifies each
 * request before a resource sees it and protects each response; AddOscorePeer() gives one
 * client a context of its own. The resources are the same as over plain CoAP.
 */
class CoapServerApplication : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    CoapServerApplication();
    ~CoapServerApplication() override;

    /**
     * \brief Host a static resource.
     * \param path the path
     * \param representation its representation
     * \param contentFormat its Content-Format
     * \param attributes link attributes for /.well-known/core (ct is added)
     */
    void AddStaticResource(const std::string& path,
                           const std::string& representation,
                           uint16_t contentFormat = 0,
                           const std::vector<CoapLinkAttribute>& attributes = {});

    /**
     * \brief Host a settable resource (GET and PUT).
     * \param path the path
     * \param initial its initial value
     * \param attributes link attributes
     */
    void AddSettableResource(const std::string& path,
                             const std::string& initial,
                             const std::vector<CoapLinkAttribute>& attributes = {});

    /**
     * \brief Host an observable resource whose value changes every period.
     * \param path the path
     * \param period the update period (zero: updated only by Update())
     * \param attributes link attributes
     */
    void AddObservableResource(const std::string& path,
                               Time period,
                               const std::vector<CoapLinkAttribute>& attributes = {});

    /**
     * \brief Host a large resource (served with Block2, replaceable with Block1 PUT).
     * \param path the path
     * \param size its size in bytes
     * \param attributes link attributes
     */
    void AddLargeResource(const std::string& path,
                          uint32_t size,
                          const std::vector<CoapLinkAttribute>& attributes = {});

    /**
     * \brief Set a resource's value now and notify its observers.
     * \param path a settable, observable or large resource
     * \param value the new representation
     */
    void Update(const std::string& path, const std::string& value);

    /**
     * \param path a resource
     * \return its current representation ("" if there is none)
     */
    std::string GetValue(const std::string& path) const;

    /**
     * \param path a resource
     * \return how many requests its handlers ran for
     */
    uint32_t GetHandlerCount(const std::string& path) const;

    /// \return the binding
    Ptr<CoapSocketBinding> GetBinding() const;

    /**
     * \brief Use this OSCORE context for every client without one of its own (instead of one
     * derived from the attributes). Call before the application starts.
     * \param context the context (nullptr: use the attributes)
     */
    void SetOscoreContext(std::shared_ptr<OscoreContext> context);

    /// \return the OSCORE context for clients without their own (nullptr if none)
    std::shared_ptr<OscoreContext> GetOscoreContext() const;

    /**
     * \brief Protect the exchanges with one client with its own OSCORE context.
     * \param client the client's address and port
     * \param context the context (nullptr: that client falls back to the default)
     */
    void AddOscorePeer(const Address& client, std::shared_ptr<OscoreContext> context);

    /**
     * \brief Fix the random streams.
     * \param stream first stream index
     * \return streams used
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief Parse a Resources specification (see the class description).
     * \param spec the specification
     * \param[out] error why it is malformed
     * \return true if well-formed (the resources are then added)
     */
    bool AddResources(const std::string& spec, std::string* error);

    /**
     * TracedCallback signature for a request served.
     * \param path the resource path
     * \param method the method code
     * \param code the response code
     */
    typedef void (*ServedTracedCallback)(const std::string& path, uint8_t method, uint8_t code);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// \param path an observable resource: change its value and notify
    void Tick(std::string path);

    /// One hosted resource
    struct Hosted
    {
        std::string kind;       //!< static, settable, observable, large
        std::string value;      //!< representation
        uint16_t contentFormat; //!< Content-Format
        Time period;            //!< update period (observable)
        uint32_t updates;       //!< updates so far
        uint32_t handled;       //!< requests handled
        EventId event;          //!< next update
    };

    /**
     * \param path the path
     * \param hosted the resource
     * \param attributes link attributes
     * \param observable whether observers may register
     * \param settable whether PUT is allowed
     */
    void Register(const std::string& path,
                  const Hosted& hosted,
                  std::vector<CoapLinkAttribute> attributes,
                  bool observable,
                  bool settable);

    Ptr<CoapSocketBinding> m_binding;                              //!< the binding
    uint16_t m_port;                                               //!< port
    std::string m_spec;                                            //!< Resources attribute
    std::map<std::string, Hosted> m_hosted;                        //!< resources by path
    CoapSecurityMode m_security;                                   //!< Security attribute
    std::string m_masterSecret;                                    //!< OscoreMasterSecret (hex)
    std::string m_masterSalt;                                      //!< OscoreMasterSalt (hex)
    std::string m_senderId;                                        //!< OscoreSenderId (hex)
    std::string m_recipientId;                                     //!< OscoreRecipientId (hex)
    uint32_t m_replayWindow;                                       //!< OscoreReplayWindow
    std::shared_ptr<OscoreContext> m_oscore;                       //!< default OSCORE context
    TracedCallback<const std::string&, uint8_t, uint8_t> m_served; //!< Served
};

} // namespace ns3

#endif /* IOTSEC_COAP_SERVER_APPLICATION_H */
