/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \brief The host binding of the border router's TLS<->DTLS mapping (TlsDtlsMapper): TLS
 * clients connect over TCP, and each connection is mapped, field by field, to DTLS datagrams
 * to one node over UDP, and back. The same engine the simulations use, on real sockets and
 * the wall clock, so that real implementations can be put on both sides of it.
 *
 *   mapping-proxy --listen=4433 --node=127.0.0.1:5684 [--timeout=SECONDS] [--once]
 *                 [--tamper=ClientRandom|ServerRandom|FinishedSequence] [--mtu=BYTES]
 *                 [--record=FILE]
 *
 * --record writes what the mapper was given, in the input format of the tls-dtls-mapper fuzz
 * target (a direction byte, 0 from TLS or 1 from the node, a two-byte length, the bytes), so
 * that a real exchange becomes a seed.
 * With --once it exits after the first connection closes. Exit status: 0 when every
 * connection it mapped ended without a mapping failure, 1 otherwise, 2 on bad usage.
 */

#include "host-binding.h"

#include "ns3/tls-dtls-mapper.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

using namespace ns3;

namespace
{

/// One mapped connection: a TCP socket to the client, a UDP socket to the node
class Connection : public TlsDtlsMapperListener
{
  public:
    /**
     * \param tcp the accepted TCP connection
     * \param udp a UDP socket connected to the node
     * \param config the mapper's configuration
     */
    Connection(int tcp, int udp, const TlsDtlsMapperConfig& config)
        : m_tcp(tcp),
          m_udp(udp),
          mapper(config, *this)
    {
    }

    ~Connection() override
    {
        ::close(m_tcp);
        ::close(m_udp);
    }

    /**
     * \brief Map until the client closes, the mapping fails or the deadline passes.
     * \param deadline the latest wall-clock time
     */
    void Run(Time deadline)
    {
        bool open = true;
        while (open && !mapper.IsFailed() && HostNow() < deadline)
        {
            Time wake = std::min(deadline, m_timerArmed ? m_timer : deadline);
            int waitMs = static_cast<int>(std::max<int64_t>(
                0,
                std::min<int64_t>((wake - HostNow()).GetMilliSeconds() + 1, 500)));
            pollfd fds[2] = {{m_tcp, POLLIN, 0}, {m_udp, POLLIN, 0}};
            ::poll(fds, 2, waitMs);
            uint8_t buffer[65536];
            if (fds[0].revents & (POLLIN | POLLHUP | POLLERR))
            {
                ssize_t n = ::recv(m_tcp, buffer, sizeof(buffer), 0);
                if (n <= 0)
                {
                    open = false;
                }
                else
                {
                    Record(0, buffer, n);
                    mapper.FromTls(HostNow(), Bytes(buffer, buffer + n));
                }
            }
            if (fds[1].revents & POLLIN)
            {
                ssize_t n = ::recv(m_udp, buffer, sizeof(buffer), 0);
                if (n > 0)
                {
                    Record(1, buffer, n);
                    mapper.FromNode(HostNow(), Bytes(buffer, buffer + n));
                }
            }
            if (m_timerArmed && HostNow() >= m_timer)
            {
                m_timerArmed = false;
                mapper.Timeout(HostNow());
            }
        }
    }

    void MapperToNode(const Bytes& datagram) override
    {
        ::send(m_udp, datagram.data(), datagram.size(), 0);
    }

    void MapperToTls(const Bytes& bytes) override
    {
        std::size_t sent = 0;
        while (sent < bytes.size())
        {
            ssize_t n = ::send(m_tcp, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
            if (n <= 0)
            {
                return;
            }
            sent += static_cast<std::size_t>(n);
        }
    }

    void MapperSetTimer(Time deadline) override
    {
        m_timer = deadline;
        m_timerArmed = true;
    }

    void MapperCancelTimer() override
    {
        m_timerArmed = false;
    }

    void MapperFailed(const std::string& reason) override
    {
        failure = reason;
        std::cout << "mapping-proxy: mapping failed: " << reason << std::endl;
    }

    std::string failure;               //!< why the mapping failed
    std::ofstream* recording{nullptr}; //!< where inputs are recorded (may be null)

  private:
    /**
     * \param direction 0 from TLS, 1 from the node
     * \param data the bytes
     * \param n how many
     */
    void Record(uint8_t direction, const uint8_t* data, ssize_t n)
    {
        if (recording == nullptr || n <= 0 || n > 65535)
        {
            return;
        }
        char header[3] = {static_cast<char>(direction),
                          static_cast<char>(n >> 8),
                          static_cast<char>(n & 0xff)};
        recording->write(header, 3);
        recording->write(reinterpret_cast<const char*>(data), n);
    }

    int m_tcp;                //!< to the client
    int m_udp;                //!< to the node
    Time m_timer;             //!< the mapper's deadline
    bool m_timerArmed{false}; //!< a deadline is set

  public:
    TlsDtlsMapper mapper; //!< the engine
};

} // namespace

int
main(int argc, char* argv[])
{
    int listenPort = 0;
    std::string node;
    double timeout = 20;
    bool once = false;
    TlsDtlsMapperConfig config;
    TlsDtlsTamperField tamper = TAMPER_NONE;
    std::string recordPath;
    for (int i = 1; i < argc; ++i)
    {
        std::string a = argv[i];
        std::string value = a.substr(a.find('=') + 1);
        if (a.rfind("--listen=", 0) == 0)
        {
            listenPort = std::atoi(value.c_str());
        }
        else if (a.rfind("--node=", 0) == 0)
        {
            node = value;
        }
        else if (a.rfind("--timeout=", 0) == 0)
        {
            timeout = std::atof(value.c_str());
        }
        else if (a.rfind("--mtu=", 0) == 0)
        {
            config.mtu = static_cast<uint32_t>(std::atoi(value.c_str()));
        }
        else if (a.rfind("--record=", 0) == 0)
        {
            recordPath = value;
        }
        else if (a == "--once")
        {
            once = true;
        }
        else if (a.rfind("--tamper=", 0) == 0)
        {
            bool known = false;
            for (auto f : {TAMPER_CLIENT_RANDOM, TAMPER_SERVER_RANDOM, TAMPER_FINISHED_SEQUENCE})
            {
                if (TlsDtlsTamperFieldName(f) == value)
                {
                    tamper = f;
                    known = true;
                }
            }
            if (!known)
            {
                std::cerr << "mapping-proxy: unknown --tamper field " << value << std::endl;
                return 2;
            }
        }
        else
        {
            std::cerr << "mapping-proxy: unknown argument " << a << std::endl;
            return 2;
        }
    }
    sockaddr_storage nodeAddress;
    socklen_t nodeLength = 0;
    if (listenPort <= 0 || listenPort > 65535 || timeout <= 0 ||
        !HostParseEndpoint(node, nodeAddress, nodeLength) || config.mtu < 64)
    {
        std::cerr << "usage: mapping-proxy --listen=PORT --node=HOST:PORT [--timeout=SECONDS] "
                     "[--once] [--tamper=FIELD] [--mtu=BYTES]"
                  << std::endl;
        return 2;
    }
    HostTcpListener listener;
    if (!listener.Listen(listenPort))
    {
        std::cerr << "mapping-proxy: " << listener.GetError() << std::endl;
        return 2;
    }
    std::cout << "mapping-proxy: TLS on TCP port " << listenPort << ", DTLS to " << node
              << std::endl;
    Time deadline = HostNow() + Seconds(timeout);
    bool failed = false;
    std::ofstream recording;
    if (!recordPath.empty())
    {
        recording.open(recordPath, std::ios::binary);
        if (!recording)
        {
            std::cerr << "mapping-proxy: cannot write " << recordPath << std::endl;
            return 2;
        }
    }
    while (HostNow() < deadline)
    {
        std::string peer;
        int tcp = listener.Accept(deadline, peer);
        if (tcp < 0)
        {
            break;
        }
        int udp = ::socket(nodeAddress.ss_family, SOCK_DGRAM, 0);
        if (udp < 0 || ::connect(udp, reinterpret_cast<sockaddr*>(&nodeAddress), nodeLength) != 0)
        {
            std::cerr << "mapping-proxy: cannot reach " << node << ": " << std::strerror(errno)
                      << std::endl;
            ::close(tcp);
            return 2;
        }
        std::cout << "mapping-proxy: connection from " << peer << std::endl;
        Connection c(tcp, udp, config);
        c.mapper.SetTamper(tamper);
        c.recording = recording.is_open() ? &recording : nullptr;
        c.Run(deadline);
        std::cout << "mapping-proxy: closed: " << c.mapper.GetRecordsToNode()
                  << " records to the node, " << c.mapper.GetRecordsToTls()
                  << " to TLS, header state " << c.mapper.GetHeaderStateBytes() << " bytes, "
                  << c.mapper.GetRetransmissions() << " flights re-sent"
                  << (c.failure.empty() ? "" : ", failed") << std::endl;
        failed |= !c.failure.empty();
        if (once)
        {
            break;
        }
    }
    return failed ? 1 : 0;
}
