/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_BUILDING_TEST_ECHO_H
#define IOTSEC_BUILDING_TEST_ECHO_H

// Test-only (not installed): a UDP echo prober shared by the building test suites. It sends
// numbered echo requests from one node and records which were answered, and by whom.

#include "ns3/inet6-socket-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/udp-socket-factory.h"

#include <map>
#include <vector>

namespace ns3
{
namespace iotsectest
{

/**
 * \brief Sends numbered UDP echo requests (4-byte index) from a node; records the answers.
 */
class EchoProber
{
  public:
    /// \param node the sending node
    explicit EchoProber(Ptr<Node> node)
    {
        m_socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        m_socket->Bind6();
        m_socket->SetRecvCallback(MakeCallback(&EchoProber::Receive, this));
    }

    EchoProber(const EchoProber&) = delete;
    EchoProber& operator=(const EchoProber&) = delete;

    /**
     * \brief Send request `index` to `to`, port 7, now.
     * \param index the request's number
     * \param to the echo server's address
     */
    void Send(uint32_t index, Ipv6Address to)
    {
        uint8_t payload[8] = {static_cast<uint8_t>(index >> 24),
                              static_cast<uint8_t>(index >> 16),
                              static_cast<uint8_t>(index >> 8),
                              static_cast<uint8_t>(index)};
        m_socket->SendTo(Create<Packet>(payload, sizeof(payload)), 0, Inet6SocketAddress(to, 7));
        ++m_sent;
    }

    /**
     * \brief Schedule Send(index, to) at a time.
     * \param at the time
     * \param index the request's number
     * \param to the echo server's address
     */
    void SendAt(Time at, uint32_t index, Ipv6Address to)
    {
        Simulator::Schedule(at, &EchoProber::Send, this, index, to);
    }

    /// \return requests sent
    uint32_t GetSent() const
    {
        return m_sent;
    }

    /// \return answered request numbers, each with the address that answered
    const std::map<uint32_t, Ipv6Address>& GetAnswers() const
    {
        return m_answers;
    }

  private:
    /// \param socket the socket with echoes to read
    void Receive(Ptr<Socket> socket)
    {
        Address from;
        Ptr<Packet> p;
        while ((p = socket->RecvFrom(from)))
        {
            uint8_t head[4] = {0, 0, 0, 0};
            if (p->GetSize() < 4)
            {
                continue;
            }
            p->CopyData(head, 4);
            uint32_t index = (uint32_t{head[0]} << 24) | (uint32_t{head[1]} << 16) |
                             (uint32_t{head[2]} << 8) | head[3];
            m_answers[index] = Inet6SocketAddress::ConvertFrom(from).GetIpv6();
        }
    }

    Ptr<Socket> m_socket;                      //!< the socket
    uint32_t m_sent{0};                        //!< requests sent
    std::map<uint32_t, Ipv6Address> m_answers; //!< answers
};

} // namespace iotsectest
} // namespace ns3

#endif /* IOTSEC_BUILDING_TEST_ECHO_H */
