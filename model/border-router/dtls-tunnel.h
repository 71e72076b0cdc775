/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_DTLS_TUNNEL_H
#define IOTSEC_DTLS_TUNNEL_H

#include "tls-dtls-mapper.h"

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/object-factory.h"
#include "ns3/socket-factory.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <deque>
#include <map>
#include <utility>

namespace ns3
{

class DtlsSocket;
class Packet;

/**
 * \brief The tunnel header in front of each inner datagram: the inner peer's IPv6 address
 * (16 bytes) and UDP port (2 bytes), network byte order. Towards the border router it names
 * the destination; back from it, the source.
 */
constexpr uint32_t DTLS_TUNNEL_HEADER_BYTES = 18;

/**
 * \ingroup iotsec
 * \brief The back-end's end of a DTLS-in-DTLS tunnel (Brachmann et al., ICCCN 2012, Fig. 2):
 * a datagram socket whose datagrams travel, each behind an 18-byte tunnel header
 * (DTLS_TUNNEL_HEADER_BYTES), as application data of an outer DTLS session to the border
 * router (Gateway), which forwards them to the nodes over UDP and sends the answers back
 * the same way.
 *
 * It is what a DtlsSocket's TransportSocketFactory creates for the inner, end-to-end DTLS
 * session (DtlsTunnelSocketFactory): the inner session runs between the back-end and the
 * node, unchanged; the outer one authenticates the back-end to the border router
 * (OuterPskIdentity, keyed from the node's DtlsPskStore), which never sees the inner keys.
 */
class DtlsTunnelSocket : public Socket
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    DtlsTunnelSocket();
    ~DtlsTunnelSocket() override;

    /// \param node the node the socket belongs to
    void SetNode(Ptr<Node> node);

    /// \return the outer DTLS socket (null before Bind)
    Ptr<DtlsSocket> GetOuterSocket() const;

    // Socket
    enum SocketErrno GetErrno() const override;
    enum SocketType GetSocketType() const override;
    Ptr<Node> GetNode() const override;
    int Bind(const Address& address) override;
    int Bind() override;
    int Bind6() override;
    int Close() override;
    int ShutdownSend() override;
    int ShutdownRecv() override;
    int Connect(const Address& address) override;
    int Listen() override;
    uint32_t GetTxAvailable() const override;
    int Send(Ptr<Packet> p, uint32_t flags) override;
    int SendTo(Ptr<Packet> p, uint32_t flags, const Address& toAddress) override;
    uint32_t GetRxAvailable() const override;
    Ptr<Packet> Recv(uint32_t maxSize, uint32_t flags) override;
    Ptr<Packet> RecvFrom(uint32_t maxSize, uint32_t flags, Address& fromAddress) override;
    int GetSockName(Address& address) const override;
    int GetPeerName(Address& address) const override;
    bool SetAllowBroadcast(bool allowBroadcast) override;
    bool GetAllowBroadcast() const override;

  protected:
    void DoDispose() override;

  private:
    int Open();
    void OuterRead(Ptr<Socket> socket);

    Ptr<Node> m_node;                                 //!< the node
    Ptr<DtlsSocket> m_outer;                          //!< the outer session
    Address m_gateway;                                //!< Gateway
    std::string m_outerIdentity;                      //!< OuterPskIdentity
    Address m_peer;                                   //!< Connect()ed inner peer
    bool m_connected{false};                          //!< Connect() called
    std::deque<std::pair<Ptr<Packet>, Address>> m_rx; //!< inner datagrams received
    uint32_t m_rxBytes{0};                            //!< their bytes
    uint32_t m_maxRxBytes;                            //!< RcvBufSize
    mutable enum SocketErrno m_errno;                 //!< last error
};

/**
 * \ingroup iotsec
 * \brief Creates DtlsTunnelSockets on the node it is aggregated to; give its name to a
 * DtlsSocket's TransportSocketFactory.
 */
class DtlsTunnelSocketFactory : public SocketFactory
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    DtlsTunnelSocketFactory();

    Ptr<Socket> CreateSocket() override;

    /**
     * \param name an attribute of DtlsTunnelSocket
     * \param value its value for the sockets created from now on
     */
    void SetSocketAttribute(const std::string& name, const AttributeValue& value);

  private:
    ObjectFactory m_factory; //!< DtlsTunnelSocket template
};

/**
 * \ingroup iotsec
 * \brief The border router's end of a DTLS-in-DTLS tunnel: an outer DTLS server (Port) for
 * authenticated back-ends; each inner datagram it receives is forwarded over UDP to the node
 * its tunnel header names, from a UDP socket of that back-end's own, and each answer goes
 * back through the tunnel with the node's address in front. The router holds the outer keys
 * only. At most MaxTunnels back-ends at once; datagrams from others are dropped (traced).
 *
 * A tampering router: Tamper names the field it corrupts in every inner datagram it relays,
 * in both directions (TamperDtlsDatagram).
 */
class DtlsTunnelApplication : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    DtlsTunnelApplication();
    ~DtlsTunnelApplication() override;

    /// \return inner datagrams forwarded to nodes
    uint64_t GetForwarded() const;
    /// \return inner datagrams sent back through tunnels
    uint64_t GetReturned() const;
    /// \return the outer DTLS socket (null before start)
    Ptr<DtlsSocket> GetOuterSocket() const;
    /// \return inner datagrams corrupted (Tamper)
    uint32_t GetTampered() const;

    /// Trace signature: a dropped datagram and why
    typedef void (*DropTracedCallback)(const Address& from, const std::string& reason);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;
    void OuterRead(Ptr<Socket> socket);
    void NodeRead(Ptr<Socket> socket);
    /// \param p an inner datagram \return it, or a copy with Tamper's field corrupted
    Ptr<Packet> MaybeTamper(Ptr<Packet> p);

    uint16_t m_port;                                           //!< outer DTLS port
    uint32_t m_maxTunnels;                                     //!< back-ends at once
    TlsDtlsTamperField m_tamper{TAMPER_NONE};                  //!< Tamper
    uint32_t m_tampered{0};                                    //!< datagrams corrupted
    Ptr<DtlsSocket> m_outer;                                   //!< the outer server
    std::map<Address, Ptr<Socket>> m_toNodes;                  //!< per back-end UDP socket
    std::map<Ptr<Socket>, Address> m_backEnds;                 //!< the reverse
    uint64_t m_forwarded{0};                                   //!< to nodes
    uint64_t m_returned{0};                                    //!< back
    TracedCallback<const Address&, const std::string&> m_drop; //!< Drop
};

} // namespace ns3

#endif /* IOTSEC_DTLS_TUNNEL_H */
