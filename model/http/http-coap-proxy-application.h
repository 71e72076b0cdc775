/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_HTTP_COAP_PROXY_APPLICATION_H
#define IOTSEC_HTTP_COAP_PROXY_APPLICATION_H

#include "http-coap-mapping.h"
#include "http-message.h"

#include "ns3/application.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"
#include "ns3/type-id.h"

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

class CoapSocketBinding;

/**
 * \ingroup iotsec
 * \brief An HTTP-to-CoAP proxy (RFC 8075): HTTP requests arrive on a stream socket (TCP, or
 * TLS: HttpSocketFactory), are mapped to CoAP requests by HttpCoapMapping and sent through a
 * CoapSocketBinding (plain UDP, or DTLS: CoapSocketFactory); each CoAP response is mapped
 * back and answered on the connection, in the order the requests came (pipelining).
 *
 * On a border router with HttpSocketFactory TlsSocketFactory and CoapSocketFactory
 * DtlsSocketFactory it is the trusted proxy of the end-to-end study (the WAP gap): it
 * terminates TLS, reads every request and response, and opens its own DTLS session to the
 * node. GetPlaintextBytes() counts the application bytes it handled in the clear: the HTTP
 * requests and responses and the CoAP messages it built and received.
 *
 * Requests whose target is not a CoAP URI the mapping accepts are answered by the mapping's
 * status (404, 501, 415, ...); a CoAP request that times out is answered with 504, one the
 * transport failed (a refused DTLS handshake) with 502.
 */
class HttpCoapProxyApplication : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    HttpCoapProxyApplication();
    ~HttpCoapProxyApplication() override;

    /// \return the CoAP binding (created at start)
    Ptr<CoapSocketBinding> GetBinding() const;
    /// \return application bytes handled in plaintext (HTTP and CoAP)
    uint64_t GetPlaintextBytes() const;
    /// \return requests answered
    uint32_t GetRequests() const;

    /// Trace signature: an HTTP request, the response given, and the CoAP code (0: none)
    typedef void (*ProxiedTracedCallback)(const HttpMessage& request,
                                          const HttpMessage& response,
                                          uint8_t coapCode);

  protected:
    void DoDispose() override;

  private:
    /// A request on a connection awaiting its response
    struct Slot
    {
        bool ready{false};          //!< the response is known
        std::vector<uint8_t> bytes; //!< the serialized response
        bool close{false};          //!< close the connection after it
    };

    /// A client connection
    struct Connection
    {
        std::unique_ptr<HttpParser> parser;      //!< requests
        std::deque<std::shared_ptr<Slot>> slots; //!< responses, in request order
        std::vector<uint8_t> pending;            //!< bytes the socket refused
        bool closing{false};                     //!< close once written
    };

    void StartApplication() override;
    void StopApplication() override;
    void Accepted(Ptr<Socket> socket, const Address& from);
    void Receive(Ptr<Socket> socket);
    void Closed(Ptr<Socket> socket);
    void Handle(Ptr<Socket> socket, const HttpMessage& request);
    void Answer(Ptr<Socket> socket,
                const std::shared_ptr<Slot>& slot,
                const HttpMessage& request,
                HttpMessage response,
                uint8_t coapCode);
    void Flush(Ptr<Socket> socket, uint32_t available);

    TypeId m_httpFactory;                            //!< HTTP side
    TypeId m_coapFactory;                            //!< CoAP side
    uint16_t m_port;                                 //!< HTTP port
    std::string m_fixedHost;                         //!< CoAP server for other paths
    uint16_t m_fixedPort;                            //!< its port
    std::string m_hcPath;                            //!< HC proxy path
    Ptr<Socket> m_listener;                          //!< HTTP listening socket
    Ptr<CoapSocketBinding> m_binding;                //!< CoAP side
    std::map<Ptr<Socket>, Connection> m_connections; //!< open connections
    uint64_t m_plaintext{0};                         //!< bytes handled in the clear
    uint32_t m_requests{0};                          //!< requests answered
    TracedCallback<const HttpMessage&, const HttpMessage&, uint8_t> m_proxied; //!< Proxied
};

} // namespace ns3

#endif /* IOTSEC_HTTP_COAP_PROXY_APPLICATION_H */
