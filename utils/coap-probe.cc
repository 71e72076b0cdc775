/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \brief coap-probe: the iotsec CoAP engine on real UDP sockets and wall-clock time.
 *
 * The host binding of CoapEndpoint: the same sans-I/O engine as in simulations, driven by a
 * poll() loop, a steady clock and HostEngineRandom (OpenSSL's RAND_bytes). It proves that the
 * engine talks to other implementations (libcoap's coap-client and coap-server).
 *
 *     coap-probe client --server 127.0.0.1:5683 [--timeout 20] [--block-size 1024] STEP...
 *     coap-probe server [--port 5683] [--address 127.0.0.1] [--block-size 1024]
 *                       [--duration 30] [--period 1]
 *
 * Client steps (run in order): `discover`, `get PATH`, `put PATH PAYLOAD` (`@N`: N generated
 * bytes, `@N/C`: N bytes of the character C), `observe PATH N` (register, wait for N
 * notifications including the registration's response, deregister with Observe: 1),
 * `getblock PATH SIZE` (GET asking for SIZE-byte Block2 blocks from the first request),
 * `expect TEXT` (the previous step's payload must equal TEXT; `@N`: have N bytes).
 * Each outcome is printed on one line; the exit status is 0 when every step succeeded with a
 * 2.xx code, 1 when one failed, 2 for usage errors.
 *
 * The server hosts `/hello` (text), `/lights/3` (GET, PUT), `/temp` (observable, a new value
 * every --period seconds) and `/large` (1500 bytes: Block2, replaced by PUT with Block1).
 */

#include "ns3/coap-endpoint.h"
#include "ns3/coap-link-format.h"
#include "ns3/coap-message.h"
#include "ns3/engine-random.h"
#include "ns3/log.h"

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <netinet/in.h>
#include <poll.h>
#include <sstream>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CoapProbe");

namespace
{

volatile std::sig_atomic_t g_stop = 0; //!< set by SIGTERM/SIGINT

/// \param sig the signal
void
OnSignal(int sig)
{
    (void)sig;
    g_stop = 1;
}

/// \return wall-clock time since the program started, as an ns-3 Time
Time
Now()
{
    static const auto start = std::chrono::steady_clock::now();
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                  std::chrono::steady_clock::now() - start)
                  .count();
    return NanoSeconds(ns);
}

/**
 * \param text "HOST:PORT" or "[HOST]:PORT"
 * \param[out] out the socket address
 * \param[out] len its length
 * \return false if unparsable
 */
bool
ParseEndpoint(const std::string& text, sockaddr_storage& out, socklen_t& len)
{
    std::memset(&out, 0, sizeof(out));
    std::string host;
    std::string port;
    if (!text.empty() && text[0] == '[')
    {
        std::size_t close = text.find("]:");
        if (close == std::string::npos)
        {
            return false;
        }
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    }
    else
    {
        std::size_t colon = text.rfind(':');
        if (colon == std::string::npos)
        {
            return false;
        }
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
    }
    char* end = nullptr;
    long p = std::strtol(port.c_str(), &end, 10);
    if (port.empty() || *end != '\0' || p <= 0 || p > 65535)
    {
        return false;
    }
    auto* v4 = reinterpret_cast<sockaddr_in*>(&out);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&out);
    if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1)
    {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(static_cast<uint16_t>(p));
        len = sizeof(sockaddr_in);
        return true;
    }
    if (inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1)
    {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(static_cast<uint16_t>(p));
        len = sizeof(sockaddr_in6);
        return true;
    }
    return false;
}

/**
 * \param a a socket address
 * \return its peer key ("127.0.0.1:5683" or "[::1]:5683")
 */
std::string
KeyOf(const sockaddr_storage& a)
{
    char buf[INET6_ADDRSTRLEN] = {0};
    if (a.ss_family == AF_INET)
    {
        const auto* v4 = reinterpret_cast<const sockaddr_in*>(&a);
        inet_ntop(AF_INET, &v4->sin_addr, buf, sizeof(buf));
        return std::string(buf) + ":" + std::to_string(ntohs(v4->sin_port));
    }
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&a);
    inet_ntop(AF_INET6, &v6->sin6_addr, buf, sizeof(buf));
    return "[" + std::string(buf) + "]:" + std::to_string(ntohs(v6->sin6_port));
}

/**
 * \param text a payload
 * \return it, shortened and with non-printable bytes escaped, for one output line
 */
std::string
Printable(const std::string& text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size() && i < 80; ++i)
    {
        unsigned char c = static_cast<unsigned char>(text[i]);
        out += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '.';
    }
    if (text.size() > 80)
    {
        out += "...";
    }
    return out;
}

/**
 * \param spec "@N", "@N/C" or literal text
 * \return the payload
 */
std::string
MakePayload(const std::string& spec)
{
    if (spec.size() < 2 || spec[0] != '@')
    {
        return spec;
    }
    std::size_t slash = spec.find('/');
    long n = std::strtol(spec.substr(1, slash - 1).c_str(), nullptr, 10);
    std::string out;
    for (long i = 0; i < n && i < (16 << 20); ++i)
    {
        out += slash != std::string::npos && slash + 1 < spec.size()
                   ? spec[slash + 1]
                   : static_cast<char>('A' + (i % 26));
    }
    return out;
}

/**
 * \brief The host binding: one UDP socket, a poll() loop and the engine's timer.
 */
class HostBinding : public CoapEndpointListener
{
  public:
    /**
     * \param fd a bound UDP socket
     * \param config the engine parameters
     */
    HostBinding(int fd, const CoapEngineConfig& config)
        : m_fd(fd),
          m_endpoint(*this, m_random, config)
    {
    }

    /// \return the engine
    CoapEndpoint& Endpoint()
    {
        return m_endpoint;
    }

    /**
     * \param key a peer key
     * \param addr its address
     * \param len the address length
     */
    void AddPeer(const std::string& key, const sockaddr_storage& addr, socklen_t len)
    {
        m_peers[key] = {addr, len};
    }

    void SendDatagram(const std::string& peer, const std::vector<uint8_t>& datagram) override
    {
        auto it = m_peers.find(peer);
        if (it == m_peers.end())
        {
            std::cerr << "coap-probe: no address for peer " << peer << std::endl;
            return;
        }
        ssize_t n = ::sendto(m_fd,
                             datagram.data(),
                             datagram.size(),
                             0,
                             reinterpret_cast<const sockaddr*>(&it->second.first),
                             it->second.second);
        if (n < 0)
        {
            std::cerr << "coap-probe: sendto " << peer << ": " << std::strerror(errno) << std::endl;
        }
    }

    void SetTimer(Time deadline) override
    {
        m_deadline = deadline;
    }

    void OnEvent(const CoapEvent& event) override
    {
        if (m_verbose)
        {
            std::cerr << Now().GetSeconds() << " " << CoapEvent::KindName(event.kind) << " "
                      << event.peer << " mid=" << event.messageId << " "
                      << CoapCode::ToString(event.code) << " " << event.detail << std::endl;
        }
    }

    /**
     * \brief Wait for datagrams or the engine's deadline, at most until a time.
     * \param until the latest time to return at
     */
    void RunOnce(Time until)
    {
        Time now = Now();
        Time wake = std::min(until, m_deadline);
        int timeoutMs = 0;
        if (wake > now)
        {
            timeoutMs =
                static_cast<int>(std::min<int64_t>((wake - now).GetMilliSeconds() + 1, 1000));
        }
        pollfd p{m_fd, POLLIN, 0};
        int ready = ::poll(&p, 1, timeoutMs);
        if (ready > 0 && (p.revents & POLLIN))
        {
            uint8_t buf[65536];
            sockaddr_storage from;
            socklen_t fromLen = sizeof(from);
            ssize_t n =
                ::recvfrom(m_fd, buf, sizeof(buf), 0, reinterpret_cast<sockaddr*>(&from), &fromLen);
            if (n >= 0)
            {
                std::string key = KeyOf(from);
                m_peers[key] = {from, fromLen};
                m_endpoint.Receive(Now(), key, buf, static_cast<std::size_t>(n));
            }
        }
        if (m_deadline <= Now())
        {
            m_endpoint.OnTimer(Now());
        }
    }

    bool m_verbose{false}; //!< print engine events on stderr

  private:
    int m_fd;                                                              //!< the socket
    HostEngineRandom m_random;                                             //!< OS randomness
    CoapEndpoint m_endpoint;                                               //!< the engine
    std::map<std::string, std::pair<sockaddr_storage, socklen_t>> m_peers; //!< addresses
    Time m_deadline{Time::Max()};                                          //!< engine timer
};

/**
 * \param family AF_INET or AF_INET6
 * \param bindTo the local address to bind ("" for none)
 * \return a UDP socket, or -1
 */
int
OpenSocket(int family, const std::string& bindTo)
{
    int fd = ::socket(family, SOCK_DGRAM, 0);
    if (fd < 0)
    {
        std::cerr << "coap-probe: socket: " << std::strerror(errno) << std::endl;
        return -1;
    }
    if (!bindTo.empty())
    {
        sockaddr_storage local;
        socklen_t len;
        if (!ParseEndpoint(bindTo, local, len) ||
            ::bind(fd, reinterpret_cast<sockaddr*>(&local), len) != 0)
        {
            std::cerr << "coap-probe: cannot bind " << bindTo << ": " << std::strerror(errno)
                      << std::endl;
            ::close(fd);
            return -1;
        }
    }
    return fd;
}

/// Usage text
const char* g_usage =
    "usage: coap-probe client --server HOST:PORT [--timeout S] [--block-size B] [-v] STEP...\n"
    "       coap-probe server [--address A] [--port P] [--block-size B] [--duration S]\n"
    "                         [--period S] [-v]\n"
    "steps: discover | get PATH | put PATH PAYLOAD|@N|@N/C | observe PATH N |\n"
    "       getblock PATH SIZE | expect TEXT|@N\n";

/**
 * \param text a number
 * \param[out] out the value
 * \return false if not a positive number
 */
bool
ParsePositive(const std::string& text, double& out)
{
    char* end = nullptr;
    out = std::strtod(text.c_str(), &end);
    return !text.empty() && *end == '\0' && out > 0;
}

/**
 * \brief Run the client role.
 * \param args the arguments after "client"
 * \return the exit status
 */
int
RunClient(const std::vector<std::string>& args)
{
    std::string server;
    double timeout = 20;
    double blockSize = 1024;
    bool verbose = false;
    std::vector<std::string> steps;
    for (std::size_t i = 0; i < args.size(); ++i)
    {
        if (args[i] == "--server" && i + 1 < args.size())
        {
            server = args[++i];
        }
        else if (args[i] == "--timeout" && i + 1 < args.size())
        {
            if (!ParsePositive(args[++i], timeout))
            {
                std::cerr << "coap-probe: bad --timeout\n" << g_usage;
                return 2;
            }
        }
        else if (args[i] == "--block-size" && i + 1 < args.size())
        {
            if (!ParsePositive(args[++i], blockSize) ||
                CoapBlock::SzxForSize(static_cast<uint32_t>(blockSize)) > 6)
            {
                std::cerr << "coap-probe: --block-size must be 16, 32, ..., 1024\n";
                return 2;
            }
        }
        else if (args[i] == "-v")
        {
            verbose = true;
        }
        else
        {
            steps.push_back(args[i]);
        }
    }
    sockaddr_storage addr;
    socklen_t len;
    if (server.empty() || !ParseEndpoint(server, addr, len) || steps.empty())
    {
        std::cerr << "coap-probe: need --server HOST:PORT and at least one step\n" << g_usage;
        return 2;
    }
    int fd = OpenSocket(addr.ss_family, "");
    if (fd < 0)
    {
        return 1;
    }
    CoapEngineConfig config;
    config.blockSzx = CoapBlock::SzxForSize(static_cast<uint32_t>(blockSize));
    config.maxBodySize = 1 << 20;
    HostBinding binding(fd, config);
    binding.m_verbose = verbose;
    std::string key = KeyOf(addr);
    binding.AddPeer(key, addr, len);

    Time deadline = Now() + Seconds(timeout);
    bool failed = false;
    std::string lastPayload;
    std::size_t i = 0;
    auto need = [&](std::size_t n) {
        if (i + n >= steps.size())
        {
            std::cerr << "coap-probe: step '" << steps[i] << "' needs " << n << " argument(s)\n"
                      << g_usage;
            return false;
        }
        return true;
    };
    while (i < steps.size() && !failed)
    {
        std::string step = steps[i];
        CoapMessage request;
        request.SetCode(CoapCode::GET);
        CoapRequestOptions options;
        uint32_t wantNotifications = 0;
        std::string label;
        if (step == "expect")
        {
            if (!need(1))
            {
                return 2;
            }
            std::string want = steps[++i];
            bool ok = want.size() > 1 && want[0] == '@'
                          ? lastPayload.size() ==
                                static_cast<std::size_t>(std::strtol(want.c_str() + 1, nullptr, 10))
                          : lastPayload == want;
            std::cout << "EXPECT " << (ok ? "ok" : "FAILED") << " want=" << Printable(want)
                      << " got=" << Printable(lastPayload) << " (" << lastPayload.size()
                      << " bytes)" << std::endl;
            failed = !ok;
            ++i;
            continue;
        }
        if (step == "discover")
        {
            request.SetUriPath("/.well-known/core");
            label = "discover";
        }
        else if (step == "get" && need(1))
        {
            request.SetUriPath(steps[++i]);
            label = "get " + steps[i];
        }
        else if (step == "put" && need(2))
        {
            request.SetCode(CoapCode::PUT);
            request.SetUriPath(steps[++i]);
            request.SetPayload(MakePayload(steps[++i]));
            request.SetContentFormat(0);
            label = "put " + steps[i - 1];
        }
        else if (step == "observe" && need(2))
        {
            request.SetUriPath(steps[++i]);
            wantNotifications =
                static_cast<uint32_t>(std::strtoul(steps[++i].c_str(), nullptr, 10));
            options.observe = true;
            label = "observe " + steps[i - 1];
        }
        else if (step == "getblock" && need(2))
        {
            request.SetUriPath(steps[++i]);
            uint8_t szx = CoapBlock::SzxForSize(
                static_cast<uint32_t>(std::strtoul(steps[++i].c_str(), nullptr, 10)));
            if (szx > 6)
            {
                std::cerr << "coap-probe: getblock SIZE must be 16, 32, ..., 1024\n";
                return 2;
            }
            options.block2Szx = szx;
            label = "getblock " + steps[i - 1];
        }
        else
        {
            std::cerr << "coap-probe: unknown step '" << step << "'\n" << g_usage;
            return 2;
        }
        ++i;

        bool done = false;
        bool cancelled = false;
        uint32_t notifications = 0;
        uint64_t id = 0;
        id = binding.Endpoint().SendRequest(
            Now(),
            key,
            request,
            [&](const CoapResult& r) {
                std::string payload = r.response.GetPayloadString();
                if (r.notification)
                {
                    ++notifications;
                    std::cout << "NOTIFY " << label
                              << " observe=" << r.response.GetObserve().value_or(0)
                              << " payload=" << Printable(payload) << std::endl;
                    lastPayload = payload;
                }
                if (r.final)
                {
                    done = true;
                    bool ok = r.ok && (r.response.GetCode() >> 5) == 2;
                    std::cout << (ok ? "OK " : "FAILED ") << label << " code="
                              << (r.ok ? CoapCode::ToString(r.response.GetCode()) : r.error)
                              << " bytes=" << payload.size() << " blocks=" << r.blocks
                              << " retransmissions=" << r.retransmissions
                              << " rtt_ms=" << r.rtt.GetMilliSeconds();
                    if (options.observe)
                    {
                        std::cout << " notifications=" << notifications;
                        ok = ok && notifications >= wantNotifications;
                    }
                    std::cout << " payload=" << Printable(payload) << std::endl;
                    if (!options.observe)
                    {
                        lastPayload = payload;
                    }
                    if (label == "discover" && r.ok)
                    {
                        std::vector<CoapLink> links;
                        std::string error;
                        if (CoapLinkFormat::Parse(payload, links, &error))
                        {
                            for (const auto& l : links)
                            {
                                std::cout << "LINK " << l.target << (l.Has("obs") ? " obs" : "")
                                          << std::endl;
                            }
                        }
                        else
                        {
                            std::cout << "FAILED discover: malformed link format: " << error
                                      << std::endl;
                            ok = false;
                        }
                    }
                    failed = failed || !ok;
                }
            },
            options);
        while (!done && Now() < deadline && !g_stop)
        {
            if (options.observe && !cancelled && notifications >= wantNotifications &&
                binding.Endpoint().IsOpen(id))
            {
                // Deregister (GET with Observe: 1); its response closes the step
                binding.Endpoint().CancelObserve(Now(), id, true);
                cancelled = true;
            }
            binding.RunOnce(deadline);
        }
        if (!done)
        {
            std::cout << "FAILED " << label << " code=no-outcome-before-timeout" << std::endl;
            failed = true;
        }
    }
    ::close(fd);
    return failed ? 1 : 0;
}

/**
 * \brief Run the server role.
 * \param args the arguments after "server"
 * \return the exit status
 */
int
RunServer(const std::vector<std::string>& args)
{
    std::string address = "127.0.0.1";
    double port = 5683;
    double duration = 30;
    double period = 1;
    double blockSize = 1024;
    bool verbose = false;
    for (std::size_t i = 0; i < args.size(); ++i)
    {
        bool ok = true;
        if (args[i] == "--address" && i + 1 < args.size())
        {
            address = args[++i];
        }
        else if (args[i] == "--port" && i + 1 < args.size())
        {
            ok = ParsePositive(args[++i], port) && port <= 65535;
        }
        else if (args[i] == "--duration" && i + 1 < args.size())
        {
            ok = ParsePositive(args[++i], duration);
        }
        else if (args[i] == "--period" && i + 1 < args.size())
        {
            ok = ParsePositive(args[++i], period);
        }
        else if (args[i] == "--block-size" && i + 1 < args.size())
        {
            ok = ParsePositive(args[++i], blockSize) &&
                 CoapBlock::SzxForSize(static_cast<uint32_t>(blockSize)) <= 6;
        }
        else if (args[i] == "-v")
        {
            verbose = true;
        }
        else
        {
            ok = false;
        }
        if (!ok)
        {
            std::cerr << "coap-probe: bad server argument '" << args[i] << "'\n" << g_usage;
            return 2;
        }
    }
    std::string local = (address.find(':') != std::string::npos ? "[" + address + "]" : address) +
                        ":" + std::to_string(static_cast<int>(port));
    sockaddr_storage addr;
    socklen_t len;
    if (!ParseEndpoint(local, addr, len))
    {
        std::cerr << "coap-probe: bad --address " << address << std::endl;
        return 2;
    }
    int fd = OpenSocket(addr.ss_family, local);
    if (fd < 0)
    {
        return 1;
    }
    CoapEngineConfig config;
    config.blockSzx = CoapBlock::SzxForSize(static_cast<uint32_t>(blockSize));
    config.maxBodySize = 1 << 20;
    HostBinding binding(fd, config);
    binding.m_verbose = verbose;
    CoapEndpoint& e = binding.Endpoint();

    std::map<std::string, std::string> values;
    values["/hello"] = "Hello from iotsec";
    values["/lights/3"] = "off";
    values["/temp"] = "21.0 C";
    std::string large;
    for (int i = 0; i < 1500; ++i)
    {
        large += static_cast<char>('a' + (i / 10) % 26);
    }
    values["/large"] = large;
    auto getter = [&values](const std::string& path) {
        return [&values, path](const CoapServerRequest&, CoapServerResponse& resp) {
            resp.message.SetCode(CoapCode::CONTENT);
            resp.message.SetContentFormat(0);
            resp.message.SetPayload(values[path]);
        };
    };
    auto setter = [&values, &e](const std::string& path) {
        return [&values, &e, path](const CoapServerRequest& req, CoapServerResponse& resp) {
            values[path] = req.message.GetPayloadString();
            resp.message.SetCode(CoapCode::CHANGED);
            std::cout << "PUT " << path << " bytes=" << values[path].size() << std::endl;
            e.NotifyObservers(req.now, path);
        };
    };

    struct Spec
    {
        const char* path;
        const char* rt;
        bool settable;
        bool observable;
    };

    for (const Spec& s : {Spec{"/hello", "greeting", false, false},
                          Spec{"/lights/3", "light", true, true},
                          Spec{"/temp", "temperature", false, true},
                          Spec{"/large", "data", true, false}})
    {
        CoapResource r;
        r.path = s.path;
        r.attributes.push_back({"ct", "0", true, false});
        r.attributes.push_back({"rt", s.rt, true, true});
        r.observable = s.observable;
        r.handlers[CoapCode::GET] = getter(s.path);
        if (s.settable)
        {
            r.handlers[CoapCode::PUT] = setter(s.path);
        }
        e.AddResource(r);
    }
    std::cout << "LISTENING " << local << std::endl;
    Time end = Now() + Seconds(duration);
    Time nextTick = Now() + Seconds(period);
    uint32_t ticks = 0;
    while (!g_stop && Now() < end)
    {
        binding.RunOnce(std::min(end, nextTick));
        if (Now() >= nextTick)
        {
            ++ticks;
            values["/temp"] =
                std::to_string(21 + ticks % 5) + "." + std::to_string(ticks % 10) + " C";
            e.NotifyObservers(Now(), "/temp");
            nextTick = nextTick + Seconds(period);
        }
    }
    ::close(fd);
    return 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::signal(SIGTERM, OnSignal);
    std::signal(SIGINT, OnSignal);
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "-h" || args[0] == "--help")
    {
        std::cout << g_usage;
        return args.empty() ? 2 : 0;
    }
    std::string role = args[0];
    args.erase(args.begin());
    if (role == "client")
    {
        return RunClient(args);
    }
    if (role == "server")
    {
        return RunServer(args);
    }
    std::cerr << "coap-probe: unknown role '" << role << "'\n" << g_usage;
    return 2;
}
