/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \brief The host binding of iotsec's DTLS engine: the same DtlsSession / DtlsServerEngine
 * that the simulations use, driven by a real UDP socket and the wall clock.
 *
 * It exists to prove that the engine talks to real DTLS 1.2 implementations (OpenSSL's
 * s_server and s_client in the interop tests).
 *
 *   dtls-probe --role=client --host=127.0.0.1 --port=4433 --identity=ID --psk=HEX \
 *              [--send=TEXT] [--expect=TEXT] [--timeout=SECONDS] [--mtu=BYTES] \
 *              [--retransmissions=N] [--resume]
 *   dtls-probe --role=server --port=4433 --identity=ID --psk=HEX [--hint=HINT] \
 *              [--reply=PREFIX] [--expect=TEXT] [--timeout=SECONDS] [--once]
 *
 * The client completes a handshake, sends --send, and waits for data containing --expect
 * (with --resume it then closes and resumes the session with an abbreviated handshake). The
 * server accepts associations, prints the data it receives and answers each datagram with
 * --reply followed by the data; with --once it exits after the first association that
 * exchanged data (or, with --expect, after receiving it). Exit status: 0 on success, 1 when
 * the handshake failed or the expected data never came, 2 on bad usage.
 */

#include "ns3/dtls-server-engine.h"
#include "ns3/dtls-session.h"
#include "ns3/engine-random.h"
#include "ns3/hex-encoding.h"

#include <arpa/inet.h>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <netdb.h>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

using namespace ns3;

namespace
{

/// Command-line options
struct Options
{
    std::string role;              //!< client or server
    std::string host{"127.0.0.1"}; //!< server host (client role)
    int port{0};                   //!< UDP port
    std::string identity;          //!< PSK identity
    std::string pskHex;            //!< PSK in hex
    std::string hint;              //!< server PSK identity hint
    std::string send;              //!< client: data to send
    std::string expect;            //!< data to wait for
    std::string reply{"echo:"};    //!< server: reply prefix
    double timeout{20};            //!< overall time limit, seconds
    uint32_t mtu{1232};            //!< handshake MTU
    uint32_t retransmissions{4};   //!< MaxRetransmissions
    bool resume{false};            //!< client: resume after the first handshake
    bool once{false};              //!< server: exit after one association
};

/// \return the wall clock as an ns-3 Time, from an arbitrary origin
Time
Now()
{
    static const auto origin = std::chrono::steady_clock::now();
    return NanoSeconds(std::chrono::duration_cast<std::chrono::nanoseconds>(
                           std::chrono::steady_clock::now() - origin)
                           .count());
}

/**
 * \param hex hexadecimal digits
 * \param[out] out bytes
 * \return false if the string is not an even number of hex digits
 */

/**
 * \param addr a socket address
 * \return "ip:port"
 */
std::string
PeerKey(const sockaddr_storage& addr)
{
    char host[INET6_ADDRSTRLEN] = "";
    int port = 0;
    if (addr.ss_family == AF_INET)
    {
        const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
        inet_ntop(AF_INET, &a->sin_addr, host, sizeof(host));
        port = ntohs(a->sin_port);
    }
    else
    {
        const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
        inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof(host));
        port = ntohs(a->sin6_port);
    }
    return std::string(host) + ":" + std::to_string(port);
}

/// One PSK, for the server
class SinglePsk : public DtlsPskProvider
{
  public:
    /**
     * \param identity the identity
     * \param key its key
     */
    SinglePsk(const Bytes& identity, const Bytes& key)
        : m_identity(identity),
          m_key(key)
    {
    }

    bool LookupPsk(const Bytes& identity, Bytes& key) const override
    {
        if (identity != m_identity)
        {
            return false;
        }
        key = m_key;
        return true;
    }

  private:
    Bytes m_identity; //!< identity
    Bytes m_key;      //!< key
};

/**
 * \param e an event
 * \return a one-line description
 */
std::string
Describe(const DtlsEvent& e)
{
    switch (e.type)
    {
    case DtlsEvent::HANDSHAKE_STARTED:
        return "handshake started";
    case DtlsEvent::FLIGHT_SENT:
        return "flight " + std::to_string(e.flight) + " sent (" + std::to_string(e.bytes) +
               " bytes" + (e.retransmission ? ", retransmission)" : ")");
    case DtlsEvent::HANDSHAKE_COMPLETE:
        return std::string("handshake complete") + (e.stats.resumed ? " (resumed)" : "") + ", " +
               std::to_string(e.stats.flights) + " flights";
    case DtlsEvent::HANDSHAKE_FAILED:
        return "handshake failed: " + e.reason;
    case DtlsEvent::HANDSHAKE_RESTARTED:
        return "handshake restarted";
    case DtlsEvent::RECORD_REJECTED:
        return "record rejected: " + DtlsRejectReasonName(e.rejectReason);
    case DtlsEvent::ALERT_SENT:
        return "alert sent: " + dtls::AlertName(e.alertDescription);
    case DtlsEvent::ALERT_RECEIVED:
        return "alert received: " + dtls::AlertName(e.alertDescription);
    case DtlsEvent::CLOSED:
        return "closed " + e.reason;
    case DtlsEvent::APP_DATA_SENT:
        return "sent " + std::to_string(e.bytes) + " bytes of data";
    case DtlsEvent::APP_DATA_RECEIVED:
        return "received " + std::to_string(e.bytes) + " bytes of data";
    case DtlsEvent::SESSION_REFUSED:
        return "association refused";
    case DtlsEvent::HELLO_VERIFY_SENT:
        return "HelloVerifyRequest sent";
    case DtlsEvent::SESSION_INVALIDATED:
        return "session not resumed: " + e.reason;
    }
    return "event";
}

/// The client role: one DtlsSession on a connected UDP socket
class ProbeClient : public DtlsSessionListener
{
  public:
    /// \param o options
    explicit ProbeClient(const Options& o)
        : m_options(o)
    {
    }

    /// \return the exit status
    int Run()
    {
        addrinfo hints{};
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_DGRAM;
        addrinfo* res = nullptr;
        std::string port = std::to_string(m_options.port);
        if (getaddrinfo(m_options.host.c_str(), port.c_str(), &hints, &res) != 0 || !res)
        {
            std::cerr << "dtls-probe: cannot resolve " << m_options.host << std::endl;
            return 2;
        }
        m_fd = socket(res->ai_family, SOCK_DGRAM, 0);
        if (m_fd < 0 || connect(m_fd, res->ai_addr, res->ai_addrlen) != 0)
        {
            std::cerr << "dtls-probe: socket: " << std::strerror(errno) << std::endl;
            freeaddrinfo(res);
            return 2;
        }
        freeaddrinfo(res);

        DtlsConfig c;
        c.role = DtlsRole::CLIENT;
        c.pskIdentity = Bytes(m_options.identity.begin(), m_options.identity.end());
        HexDecode(m_options.pskHex, c.psk);
        c.handshakeMtu = m_options.mtu;
        c.maxRetransmissions = m_options.retransmissions;
        Time deadline = Now() + Seconds(m_options.timeout);
        int rounds = m_options.resume ? 2 : 1;
        DtlsSessionTicket ticket;
        for (int round = 0; round < rounds; ++round)
        {
            m_session = std::make_unique<DtlsSession>(c, m_random, *this);
            m_gotExpected = m_options.expect.empty();
            m_sentData = false;
            m_session->Connect(Now(), ticket.IsValid() ? &ticket : nullptr);
            if (!Loop(deadline))
            {
                return 1;
            }
            if (round == 0 && m_options.resume && !m_resumed)
            {
                ticket = m_session->GetTicket();
                m_session->Close(Now());
            }
        }
        if (m_options.resume && !m_resumed)
        {
            std::cerr << "dtls-probe: the second handshake was not resumed" << std::endl;
            return 1;
        }
        m_session->Close(Now());
        return 0;
    }

    void DtlsSend(const Bytes& d) override
    {
        if (send(m_fd, d.data(), d.size(), 0) < 0)
        {
            std::cerr << "dtls-probe: send: " << std::strerror(errno) << std::endl;
        }
    }

    void DtlsSetTimer(Time deadline) override
    {
        m_timer = deadline;
        m_timerArmed = true;
    }

    void DtlsCancelTimer() override
    {
        m_timerArmed = false;
    }

    void DtlsDeliver(const Bytes& data) override
    {
        std::string text(data.begin(), data.end());
        std::cout << "dtls-probe: data: " << text << std::endl;
        if (!m_options.expect.empty() && text.find(m_options.expect) != std::string::npos)
        {
            m_gotExpected = true;
        }
    }

    void DtlsEventOccurred(const DtlsEvent& e) override
    {
        std::cout << "dtls-probe: " << Describe(e) << std::endl;
        if (e.type == DtlsEvent::HANDSHAKE_COMPLETE && e.stats.resumed)
        {
            m_resumed = true;
        }
    }

    void DtlsCryptoWork(const CryptoWork&) override
    {
    }

  private:
    /**
     * \param deadline give up then
     * \return true when the exchange succeeded
     */
    bool Loop(Time deadline)
    {
        while (true)
        {
            DtlsSession::State state = m_session->GetState();
            if (state == DtlsSession::FAILED || state == DtlsSession::CLOSED)
            {
                return false;
            }
            if (state == DtlsSession::ESTABLISHED && !m_sentData)
            {
                m_sentData = true;
                if (!m_options.send.empty())
                {
                    m_session->Send(Now(), Bytes(m_options.send.begin(), m_options.send.end()));
                }
            }
            if (state == DtlsSession::ESTABLISHED && m_gotExpected)
            {
                return true;
            }
            Time now = Now();
            if (now >= deadline)
            {
                std::cerr << "dtls-probe: time limit reached" << std::endl;
                return false;
            }
            Time wake = deadline;
            if (m_timerArmed && m_timer < wake)
            {
                wake = m_timer;
            }
            pollfd p{m_fd, POLLIN, 0};
            int ms = static_cast<int>(std::max<int64_t>(0, (wake - now).GetMilliSeconds()) + 1);
            if (poll(&p, 1, ms) > 0)
            {
                uint8_t buf[65536];
                ssize_t n = recv(m_fd, buf, sizeof(buf), 0);
                if (n > 0)
                {
                    m_session->Receive(Now(), Bytes(buf, buf + n));
                }
            }
            if (m_timerArmed && Now() >= m_timer)
            {
                m_timerArmed = false;
                m_session->Timeout(Now());
            }
        }
    }

    const Options& m_options;               //!< options
    HostEngineRandom m_random;              //!< randomness
    std::unique_ptr<DtlsSession> m_session; //!< the association
    int m_fd{-1};                           //!< socket
    Time m_timer;                           //!< engine deadline
    bool m_timerArmed{false};               //!< deadline set
    bool m_gotExpected{false};              //!< expected data received
    bool m_sentData{false};                 //!< --send sent
    bool m_resumed{false};                  //!< a resumed handshake completed
};

/// The server role: a DtlsServerEngine on a bound UDP socket
class ProbeServer : public DtlsServerListener
{
  public:
    /// \param o options
    explicit ProbeServer(const Options& o)
        : m_options(o),
          m_psk(Bytes(o.identity.begin(), o.identity.end()), Key(o.pskHex))
    {
    }

    /// \return the exit status
    int Run()
    {
        m_fd = socket(AF_INET6, SOCK_DGRAM, 0);
        int off = 0;
        setsockopt(m_fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
        sockaddr_in6 a{};
        a.sin6_family = AF_INET6;
        a.sin6_addr = in6addr_any;
        a.sin6_port = htons(static_cast<uint16_t>(m_options.port));
        if (m_fd < 0 || bind(m_fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0)
        {
            std::cerr << "dtls-probe: bind: " << std::strerror(errno) << std::endl;
            return 2;
        }
        DtlsConfig c;
        c.role = DtlsRole::SERVER;
        c.pskIdentityHint = Bytes(m_options.hint.begin(), m_options.hint.end());
        c.handshakeMtu = m_options.mtu;
        c.maxRetransmissions = m_options.retransmissions;
        m_engine = std::make_unique<DtlsServerEngine>(c, m_random, *this, m_psk);
        std::cout << "dtls-probe: listening on port " << m_options.port << std::endl;
        Time deadline = Now() + Seconds(m_options.timeout);
        while (Now() < deadline)
        {
            if (m_options.once && m_done)
            {
                return 0;
            }
            Time now = Now();
            Time wake = deadline;
            for (const auto& t : m_timers)
            {
                wake = std::min(wake, t.second);
            }
            pollfd p{m_fd, POLLIN, 0};
            int ms = static_cast<int>(std::max<int64_t>(0, (wake - now).GetMilliSeconds()) + 1);
            if (poll(&p, 1, ms) > 0)
            {
                uint8_t buf[65536];
                sockaddr_storage from{};
                socklen_t len = sizeof(from);
                ssize_t n =
                    recvfrom(m_fd, buf, sizeof(buf), 0, reinterpret_cast<sockaddr*>(&from), &len);
                if (n > 0)
                {
                    std::string peer = PeerKey(from);
                    m_addresses[peer] = {from, len};
                    m_engine->Receive(Now(), peer, Bytes(buf, buf + n));
                }
            }
            auto timers = m_timers;
            for (const auto& t : timers)
            {
                if (Now() >= t.second)
                {
                    m_timers.erase(t.first);
                    m_engine->Timeout(Now(), t.first);
                }
            }
        }
        if (m_options.once && !m_done)
        {
            std::cerr << "dtls-probe: time limit reached" << std::endl;
            return 1;
        }
        return 0;
    }

    void DtlsSendTo(const std::string& peer, const Bytes& d) override
    {
        auto it = m_addresses.find(peer);
        if (it == m_addresses.end())
        {
            return;
        }
        sendto(m_fd,
               d.data(),
               d.size(),
               0,
               reinterpret_cast<const sockaddr*>(&it->second.first),
               it->second.second);
    }

    void DtlsSetTimer(const std::string& peer, Time deadline) override
    {
        m_timers[peer] = deadline;
    }

    void DtlsCancelTimer(const std::string& peer) override
    {
        m_timers.erase(peer);
    }

    void DtlsDeliver(const std::string& peer, const Bytes& data) override
    {
        std::string text(data.begin(), data.end());
        std::cout << "dtls-probe: data from " << peer << ": " << text << std::endl;
        std::string answer = m_options.reply + text;
        m_engine->Send(Now(), peer, Bytes(answer.begin(), answer.end()));
        if (m_options.expect.empty() || text.find(m_options.expect) != std::string::npos)
        {
            m_done = true;
        }
    }

    void DtlsEventOccurred(const std::string& peer, const DtlsEvent& e) override
    {
        std::cout << "dtls-probe: " << peer << ": " << Describe(e) << std::endl;
        if (e.type == DtlsEvent::HANDSHAKE_FAILED && m_options.once)
        {
            m_failed = true;
            m_done = true;
        }
    }

    void DtlsCryptoWork(const CryptoWork&) override
    {
    }

    /// \return true if an association failed
    bool Failed() const
    {
        return m_failed;
    }

  private:
    /**
     * \param hex a key in hex
     * \return its bytes
     */
    static Bytes Key(const std::string& hex)
    {
        Bytes b;
        HexDecode(hex, b);
        return b;
    }

    const Options& m_options;                                                  //!< options
    HostEngineRandom m_random;                                                 //!< randomness
    SinglePsk m_psk;                                                           //!< the PSK
    std::unique_ptr<DtlsServerEngine> m_engine;                                //!< engine
    int m_fd{-1};                                                              //!< socket
    std::map<std::string, std::pair<sockaddr_storage, socklen_t>> m_addresses; //!< peers
    std::map<std::string, Time> m_timers;                                      //!< deadlines
    bool m_done{false};                                                        //!< exchange done
    bool m_failed{false}; //!< a handshake failed
};

} // namespace

int
main(int argc, char* argv[])
{
    Options o;
    for (int i = 1; i < argc; ++i)
    {
        std::string a = argv[i];
        auto value = [&a]() { return a.substr(a.find('=') + 1); };
        if (a.rfind("--role=", 0) == 0)
        {
            o.role = value();
        }
        else if (a.rfind("--host=", 0) == 0)
        {
            o.host = value();
        }
        else if (a.rfind("--port=", 0) == 0)
        {
            o.port = std::atoi(value().c_str());
        }
        else if (a.rfind("--identity=", 0) == 0)
        {
            o.identity = value();
        }
        else if (a.rfind("--psk=", 0) == 0)
        {
            o.pskHex = value();
        }
        else if (a.rfind("--hint=", 0) == 0)
        {
            o.hint = value();
        }
        else if (a.rfind("--send=", 0) == 0)
        {
            o.send = value();
        }
        else if (a.rfind("--expect=", 0) == 0)
        {
            o.expect = value();
        }
        else if (a.rfind("--reply=", 0) == 0)
        {
            o.reply = value();
        }
        else if (a.rfind("--timeout=", 0) == 0)
        {
            o.timeout = std::atof(value().c_str());
        }
        else if (a.rfind("--mtu=", 0) == 0)
        {
            o.mtu = static_cast<uint32_t>(std::atoi(value().c_str()));
        }
        else if (a.rfind("--retransmissions=", 0) == 0)
        {
            o.retransmissions = static_cast<uint32_t>(std::atoi(value().c_str()));
        }
        else if (a == "--resume")
        {
            o.resume = true;
        }
        else if (a == "--once")
        {
            o.once = true;
        }
        else
        {
            std::cerr << "dtls-probe: unknown argument " << a << " (see the header of "
                      << "utils/dtls-probe.cc)" << std::endl;
            return 2;
        }
    }
    Bytes psk;
    if ((o.role != "client" && o.role != "server") || o.port <= 0 || o.port > 65535 ||
        o.identity.empty() || !HexDecode(o.pskHex, psk) || psk.empty() || o.timeout <= 0)
    {
        std::cerr << "usage: dtls-probe --role=client|server --port=N --identity=ID --psk=HEX "
                     "[options]"
                  << std::endl;
        return 2;
    }
    if (o.role == "client")
    {
        ProbeClient client(o);
        return client.Run();
    }
    ProbeServer server(o);
    int status = server.Run();
    return status == 0 && server.Failed() ? 1 : status;
}
