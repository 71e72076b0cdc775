/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_BUILDING_TEST_UTIL_H
#define IOTSEC_BUILDING_TEST_UTIL_H

// Test-only (not installed), shared by the building test suites: a UDP echo prober that sends
// numbered echo requests from one node and records which were answered, and by whom; and a
// reader of the lines boost::write_graphviz writes.

#include "ns3/inet6-socket-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/udp-socket-factory.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <string>
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

/// One line of a GraphViz file written by boost::write_graphviz: a vertex or an edge
struct DotLine
{
    bool edge{false};                         //!< an edge ("a--b [...]"), else a vertex
    uint32_t a{0};                            //!< the vertex, or the edge's first vertex
    uint32_t b{0};                            //!< the edge's second vertex
    std::map<std::string, std::string> attrs; //!< attributes, quotes removed
};

/**
 * \brief Read a vertex line `N[k=v, k="v", ...];` or an edge line `N--M [k=v, ...];`.
 * \param line the line
 * \param[out] out what it says
 * \return false if the line is neither
 */
inline bool
ParseDotLine(const std::string& line, DotLine& out)
{
    out = DotLine();
    std::size_t i = 0;
    auto number = [&](uint32_t& value) {
        std::size_t start = i;
        while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i])))
        {
            ++i;
        }
        if (i == start)
        {
            return false;
        }
        value = static_cast<uint32_t>(std::stoul(line.substr(start, i - start)));
        return true;
    };
    if (!number(out.a))
    {
        return false;
    }
    if (line.compare(i, 2, "--") == 0)
    {
        i += 2;
        out.edge = true;
        if (!number(out.b) || line.compare(i, 1, " ") != 0)
        {
            return false;
        }
        ++i;
    }
    if (line.compare(i, 1, "[") != 0 || line.size() < i + 3 ||
        line.compare(line.size() - 2, 2, "];") != 0)
    {
        return false;
    }
    ++i;
    const std::size_t end = line.size() - 2;
    while (i < end)
    {
        std::size_t eq = line.find('=', i);
        if (eq == std::string::npos || eq >= end)
        {
            return false;
        }
        std::string key = line.substr(i, eq - i);
        std::string value;
        i = eq + 1;
        if (line[i] == '"')
        {
            std::size_t close = line.find('"', i + 1);
            if (close == std::string::npos || close >= end)
            {
                return false;
            }
            value = line.substr(i + 1, close - i - 1);
            i = close + 1;
        }
        else
        {
            std::size_t stop = std::min(line.find(',', i), end);
            value = line.substr(i, stop - i);
            i = stop;
        }
        out.attrs[key] = value;
        if (line.compare(i, 2, ", ") == 0)
        {
            i += 2;
        }
        else if (i != end)
        {
            return false;
        }
    }
    return true;
}

} // namespace iotsectest
} // namespace ns3

#endif /* IOTSEC_BUILDING_TEST_UTIL_H */
