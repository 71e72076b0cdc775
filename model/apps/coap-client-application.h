/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_COAP_CLIENT_APPLICATION_H
#define IOTSEC_COAP_CLIENT_APPLICATION_H

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/coap-endpoint.h"
#include "ns3/coap-link-format.h"
#include "ns3/coap-security-mode.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/traced-callback.h"

#include <memory>
#include <string>
#include <vector>

namespace ns3
{

class OscoreContext;
class CoapSocketBinding;

/**
 * \ingroup iotsec
 * \brief One step of a CoapClientApplication script.
 */
struct CoapClientStep
{
    /// What the step does
    enum Kind
    {
        REQUEST, //!< send a request and wait for its outcome
        OBSERVE, //!< register as an observer, stay registered for a duration, deregister
        WAIT     //!< wait for a duration
    };

    Kind kind{REQUEST};            //!< kind
    uint8_t method{CoapCode::GET}; //!< method (REQUEST)
    std::string path;              //!< path, with an optional ?query
    std::string payload;           //!< request payload (PUT, POST)
    Time duration;                 //!< OBSERVE: time to stay registered; WAIT: time to wait
    bool confirmable{true};        //!< CON or NON

    /**
     * \brief Parse a script: steps separated by ';'. A step is `GET PATH`, `DELETE PATH`,
     * `PUT PATH PAYLOAD...`, `POST PATH PAYLOAD...`, `OBSERVE PATH DURATION` or
     * `WAIT DURATION`; a method may be suffixed with `!NON` to send it non-confirmable.
     * `PUT PATH @N` sends a generated payload of N bytes.
     * \param script the script
     * \param[out] steps the steps
     * \param[out] error why the script is malformed
     * \return true if well-formed
     */
    static bool ParseScript(const std::string& script,
                            std::vector<CoapClientStep>& steps,
                            std::string* error);
};

/**
 * \ingroup iotsec
 * \brief The outcome of one step of a CoapClientApplication.
 */
struct CoapClientRecord
{
    uint32_t step{0};            //!< index of the step
    std::string method;          //!< "GET", "OBSERVE", ...
    std::string path;            //!< path
    bool ok{false};              //!< a response arrived
    std::string error;           //!< why not
    uint8_t code{0};             //!< response code
    std::string payload;         //!< response payload (whole body)
    Time start;                  //!< when the step started
    Time rtt;                    //!< first transmission to (first) response
    uint32_t retransmissions{0}; //!< retransmissions
    uint32_t blocks{0};          //!< messages exchanged
    uint32_t notifications{0};   //!< OBSERVE: notifications received (registration included)
    bool secured{false};         //!< the (first) response was verified by OSCORE
};

/**
 * \ingroup iotsec
 * \brief A CoAP client that runs a scripted sequence of requests against one server.
 *
 * Steps run one after another, Interval apart: a step starts when the previous one has its
 * outcome (a response, or a failure after MAX_RETRANSMIT). The script comes from the Script
 * attribute (see CoapClientStep::ParseScript), for example
 * `GET /.well-known/core; PUT /lights/3 on; OBSERVE /temp 30s; GET /large`, or from
 * AddStep(). Links discovered with `GET /.well-known/core` are kept (GetDiscoveredLinks()).
 *
 * Security `object` (attribute Security) protects every request to the server with OSCORE
 * (RFC 8613): a context derived at start from OscoreMasterSecret (the PSK), OscoreMasterSalt,
 * OscoreSenderId and OscoreRecipientId, or the one given with SetOscoreContext(). The script
 * is the same as over plain CoAP.
 *
 * Over `coaps://` (a DTLS socket factory in the binding's SocketFactory), ConnectFirst opens
 * the DTLS association with the server when the application starts and runs the script once
 * it is established, as libcoap holds a request in its session's delay queue until the DTLS
 * session is up: CoAP's retransmission timer does not run during the handshake. Without it
 * (the default) the first request goes to the socket at once; the DtlsSocket holds it, and
 * CoAP's retransmissions of it, until the handshake completes, and CoAP may give up on a
 * handshake that takes longer than MAX_TRANSMIT_WAIT. If the ConnectFirst handshake fails,
 * the first step fails with the transport's reason (as a request failed by a handshake does)
 * and the script goes on.
 * CloseWhenDone closes the socket once every step has its outcome; a DTLS association then
 * ends with a close_notify, which frees the server's state for it at once.
 */
class CoapClientApplication : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    CoapClientApplication();
    ~CoapClientApplication() override;

    /**
     * \brief Append a step to the script.
     * \param step the step
     */
    void AddStep(const CoapClientStep& step);

    /**
     * \param server the server's address and port (Inet6SocketAddress or InetSocketAddress)
     */
    void SetRemote(const Address& server);

    /// \return the outcome of each step completed so far
    const std::vector<CoapClientRecord>& GetRecords() const;

    /// \return links from the last /.well-known/core response
    const std::vector<CoapLink>& GetDiscoveredLinks() const;

    /// \return true when every step has completed
    bool IsDone() const;

    /// \return the binding
    Ptr<CoapSocketBinding> GetBinding() const;

    /**
     * \brief Protect the exchanges with the server with this OSCORE context (instead of one
     * derived from the attributes). Call before the application starts.
     * \param context the context (nullptr: use the attributes)
     */
    void SetOscoreContext(std::shared_ptr<OscoreContext> context);

    /// \return the OSCORE context in use (nullptr with Security none, before start)
    std::shared_ptr<OscoreContext> GetOscoreContext() const;

    /**
     * \brief Fix the random streams.
     * \param stream first stream index
     * \return streams used
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * TracedCallback signature for a step's outcome.
     * \param record the outcome
     */
    typedef void (*RecordTracedCallback)(const CoapClientRecord& record);

    /**
     * TracedCallback signature for an Observe notification.
     * \param path the observed path
     * \param payload the notification's payload
     * \param observe its Observe value
     */
    typedef void (*NotificationTracedCallback)(const std::string& path,
                                               const std::string& payload,
                                               uint32_t observe);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// Run the next step
    void NextStep();
    /// Schedule the next step after Interval
    void StepDone();
    /**
     * \param result a request's outcome
     * \param index the step
     */
    void OnResult(const CoapResult& result, uint32_t index);
    /// \param index the OBSERVE step to end
    void EndObserve(uint32_t index);
    /**
     * \brief ConnectFirst: the DTLS association with the server is up
     * \param peer the server
     */
    void Connected(const Address& peer);
    /**
     * \brief ConnectFirst: the DTLS handshake failed; the first step fails
     * \param peer the server
     * \param reason why
     */
    void ConnectFailed(const Address& peer, const std::string& reason);
    /// CloseWhenDone: close the binding's socket
    void Close();

    Ptr<CoapSocketBinding> m_binding;                      //!< binding
    Address m_remote;                                      //!< server
    std::string m_script;                                  //!< Script attribute
    Time m_interval;                                       //!< Interval attribute
    std::vector<CoapClientStep> m_steps;                   //!< steps
    std::vector<CoapClientRecord> m_records;               //!< outcomes
    std::vector<CoapLink> m_links;                         //!< discovered links
    uint32_t m_next;                                       //!< next step
    uint64_t m_observeId;                                  //!< the observing request
    bool m_running;                                        //!< between start and stop
    EventId m_event;                                       //!< next step / end of observe
    bool m_connectFirst;                                   //!< ConnectFirst attribute
    bool m_closeWhenDone;                                  //!< CloseWhenDone attribute
    bool m_connecting;                                     //!< ConnectFirst handshake running
    EventId m_closeEvent;                                  //!< CloseWhenDone
    CoapSecurityMode m_security;                           //!< Security attribute
    std::string m_masterSecret;                            //!< OscoreMasterSecret (hex)
    std::string m_masterSalt;                              //!< OscoreMasterSalt (hex)
    std::string m_senderId;                                //!< OscoreSenderId (hex)
    std::string m_recipientId;                             //!< OscoreRecipientId (hex)
    uint32_t m_replayWindow;                               //!< OscoreReplayWindow
    std::shared_ptr<OscoreContext> m_oscore;               //!< the OSCORE context
    TracedCallback<const CoapClientRecord&> m_recordTrace; //!< StepDone
    TracedCallback<const std::string&, const std::string&, uint32_t> m_notificationTrace; //!< trace
};

} // namespace ns3

#endif /* IOTSEC_COAP_CLIENT_APPLICATION_H */
