/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_TLS_DTLS_MAPPING_APPLICATION_H
#define IOTSEC_TLS_DTLS_MAPPING_APPLICATION_H

#include "tls-dtls-mapper.h"

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/ipv6-address.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <map>
#include <memory>

namespace ns3
{

class RamModel;

/**
 * \ingroup iotsec
 * \brief The ns-3 binding of TlsDtlsMapper on a border router: TLS clients connect over TCP
 * to Port, and each connection is mapped to DTLS datagrams to one node (NodeAddress,
 * NodePort) over UDP, and back. The router holds no key; see TlsDtlsMapper for the mapping
 * and doc/iotsec.rst for where it departs from the paper.
 *
 * A tampering router: Tamper chooses the mapped field, TamperConnection which connection
 * (counted from 0 in the order they were accepted) has it corrupted.
 *
 * On a node with a RamModel (NodeModelHelper) the application registers as a holder of kind
 * "tls-dtls-mapping" that reports GetStateBytes(): what the router holds for the mapping.
 */
class TlsDtlsMappingApplication : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TlsDtlsMappingApplication();
    ~TlsDtlsMappingApplication() override;

    /// \return connections accepted so far
    uint32_t GetConnections() const;
    /// \return connections whose mapping failed
    uint32_t GetFailures() const;
    /// \return the largest header state one connection held (bytes)
    uint32_t GetHeaderStateBytes() const;
    /// \return the largest buffered state one connection held (bytes)
    uint32_t GetMaxBufferedBytes() const;
    /// \return the bytes the open connections' mappers hold now: header state and buffers
    uint32_t GetStateBytes() const;
    /// \return handshake flights re-sent towards nodes, over all connections
    uint32_t GetRetransmissions() const;
    /// \return records mapped to DTLS, over all connections
    uint64_t GetRecordsToNode() const;
    /// \return records mapped to TLS, over all connections
    uint64_t GetRecordsToTls() const;

    /// Trace signature: a connection and why its mapping failed
    typedef void (*FailedTracedCallback)(const Address& client, const std::string& reason);

  protected:
    void DoDispose() override;

  private:
    class Connection;

    void StartApplication() override;
    void StopApplication() override;
    bool ConnectionRequest(Ptr<Socket> socket, const Address& from);
    void Accepted(Ptr<Socket> socket, const Address& from);
    void Done(Connection* connection, const std::string& reason);

    uint16_t m_port;               //!< TCP port
    Ipv6Address m_nodeAddress;     //!< the node
    uint16_t m_nodePort;           //!< its DTLS port
    uint32_t m_mtu;                //!< largest datagram towards the node
    Time m_initialTimeout;         //!< RFC 6347 timer
    Time m_maxTimeout;             //!< its ceiling
    uint32_t m_maxRetransmissions; //!< re-sends before giving up
    TlsDtlsTamperField m_tamper;   //!< field a tampering router corrupts
    uint32_t m_tamperConnection;   //!< which connection
    Ptr<Socket> m_listener;        //!< TCP listening socket
    Ptr<RamModel> m_ram;           //!< the node's RAM model (null: none)
    uint32_t m_ramHolder{0};       //!< the holder at m_ram
    std::map<Connection*, std::unique_ptr<Connection>> m_connections; //!< open connections
    uint32_t m_accepted{0};                                           //!< connections accepted
    uint32_t m_failures{0};                                           //!< mappings failed
    uint32_t m_headerState{0};                                        //!< largest header state
    uint32_t m_buffered{0};                                           //!< largest buffered state
    uint32_t m_retransmissions{0};                       //!< flights re-sent (closed connections)
    uint64_t m_toNode{0};                                //!< records to DTLS (closed connections)
    uint64_t m_toTls{0};                                 //!< records to TLS (closed connections)
    TracedCallback<const Address&> m_connectionAccepted; //!< accepted
    TracedCallback<const Address&, const std::string&> m_mappingFailed; //!< failed
};

} // namespace ns3

#endif /* IOTSEC_TLS_DTLS_MAPPING_APPLICATION_H */
