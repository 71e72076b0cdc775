/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_HTTP_APPLICATIONS_H
#define IOTSEC_HTTP_APPLICATIONS_H

#include "http-message.h"

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/nstime.h"
#include "ns3/secure-element.h"
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

/**
 * \ingroup iotsec
 * \brief An HTTP/1.1 origin server on a stream socket: TCP (TcpSocketFactory) or TLS
 * (TlsSocketFactory, whose attributes configure the keys), chosen by SocketFactory.
 *
 * It serves a table of resources (AddResource): GET and HEAD return a resource, PUT replaces
 * its body (204), DELETE removes it (204); an unknown path is 404, another method 405. Each
 * connection has its own bounded HttpParser; requests on a connection are answered in order
 * (keep-alive and pipelining), and a connection is closed after a response to a request that
 * asked for it (Connection: close, HTTP/1.0) or after a malformed request, which is answered
 * with the parser's status (400, 413, 414, 431, 501, 505) first.
 *
 * Datagram sockets: with a factory of datagram sockets (DtlsSocketFactory) the server keeps
 * one parser per peer and reads each peer's datagrams as its byte stream, answering with
 * SendTo (one datagram per response of at most 2^14 bytes, split beyond): this is the
 * node's end of the TLS<->DTLS mapping, where a TLS client's HTTP arrives as DTLS records.
 * At most MaxPeers peers are served at once; others are ignored until one closes.
 *
 * With a SecureElement (HTTPS only), the TLS server runs in the card (TlsSocket's
 * SecureElement attribute): connections take turns in the card, and its backlog refuses
 * those beyond it (Urien's SE-based HTTP server).
 */
class HttpServerApplication : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    HttpServerApplication();
    ~HttpServerApplication() override;

    /**
     * \param path a request-target ("/light")
     * \param body its representation
     * \param contentType its media type
     */
    void AddResource(const std::string& path,
                     const std::string& body,
                     const std::string& contentType = "text/plain;charset=utf-8");

    /**
     * \param path a request-target
     * \return its current body ("" if it does not exist)
     */
    std::string GetResource(const std::string& path) const;

    /// \return requests answered so far
    uint32_t GetRequests() const;
    /// \return connections accepted so far
    uint32_t GetConnections() const;
    /// \return the listening socket (a DtlsSocket in datagram mode; null before the start)
    Ptr<Socket> GetSocket() const;

    /// Trace signature: a request and the response it got
    typedef void (*ExchangeTracedCallback)(const HttpMessage& request, const HttpMessage& response);

  protected:
    void DoDispose() override;

  private:
    /// A resource
    struct Resource
    {
        std::string body;        //!< representation
        std::string contentType; //!< media type
    };

    void StartApplication() override;
    void StopApplication() override;
    void Accepted(Ptr<Socket> socket, const Address& from);
    void Receive(Ptr<Socket> socket);
    void Closed(Ptr<Socket> socket);
    HttpMessage Answer(const HttpMessage& request);
    void Write(Ptr<Socket> socket, const std::vector<uint8_t>& bytes);
    void Flush(Ptr<Socket> socket, uint32_t available);
    void ReceiveDatagrams(Ptr<Socket> socket);

    TypeId m_factory;                                             //!< socket factory
    Ptr<SecureElement> m_se;                                      //!< TLS in a secure element
    uint32_t m_maxPeers;                                          //!< datagram mode: peers at once
    std::map<Address, std::unique_ptr<HttpParser>> m_peers;       //!< datagram mode: per peer
    uint16_t m_port;                                              //!< port
    Ptr<Socket> m_listener;                                       //!< listening socket
    std::map<Ptr<Socket>, std::unique_ptr<HttpParser>> m_parsers; //!< one per connection
    std::map<Ptr<Socket>, std::vector<uint8_t>> m_pending;        //!< bytes the socket refused
    std::map<Ptr<Socket>, bool> m_closeAfterFlush;                //!< close once written
    std::map<std::string, Resource> m_resources;                  //!< the resources
    uint32_t m_requests{0};                                       //!< requests answered
    uint32_t m_connections{0};                                    //!< connections accepted
    TracedCallback<const HttpMessage&, const HttpMessage&> m_exchange; //!< Exchange
};

/**
 * \ingroup iotsec
 * \brief An HTTP/1.1 client on a stream socket (TCP or TLS, chosen by SocketFactory): it
 * opens one connection to Remote at its start and sends its requests (AddRequest) one after
 * the other on it, each when the previous response arrived (keep-alive), and traces each
 * exchange with its latency. A connection that fails or closes fails the requests left.
 */
class HttpClientApplication : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    HttpClientApplication();
    ~HttpClientApplication() override;

    /// \param request a request to send (in the order added)
    void AddRequest(const HttpMessage& request);

    /// \return responses received so far, in order
    const std::vector<HttpMessage>& GetResponses() const;
    /// \return requests that got no response (the connection failed or closed)
    uint32_t GetFailures() const;
    /// \return when the connection was established (zero before)
    Time GetConnectedAt() const;

    /// Trace signature: a request, its response and the time between them
    typedef void (*ResponseTracedCallback)(const HttpMessage& request,
                                           const HttpMessage& response,
                                           Time latency);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;
    void Connected(Ptr<Socket> socket);
    void ConnectFailed(Ptr<Socket> socket);
    void Receive(Ptr<Socket> socket);
    void Closed(Ptr<Socket> socket);
    void SendNext();
    void FailRemaining(const std::string& why);

    TypeId m_factory;                     //!< socket factory
    Address m_remote;                     //!< the server
    Ptr<Socket> m_socket;                 //!< the connection
    std::deque<HttpMessage> m_queue;      //!< requests not sent yet
    HttpMessage m_inFlight;               //!< the request awaiting its response
    bool m_waiting{false};                //!< a request awaits its response
    Time m_sentAt;                        //!< when it was sent
    Time m_connectedAt;                   //!< when the connection was established
    std::unique_ptr<HttpParser> m_parser; //!< responses
    std::vector<HttpMessage> m_responses; //!< responses received
    uint32_t m_failures{0};               //!< requests without a response
    TracedCallback<const HttpMessage&, const HttpMessage&, Time> m_response; //!< Response
    TracedCallback<const std::string&> m_failed;                             //!< Failed
};

} // namespace ns3

#endif /* IOTSEC_HTTP_APPLICATIONS_H */
