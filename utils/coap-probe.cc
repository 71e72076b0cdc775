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
 * poll() loop, a steady clock and HostEngineRandom (OpenSSL's RAND_bytes), over plain UDP or,
 * with --coaps, over the DTLS engine's host binding (utils/host-binding.h). It proves that the
 * engines talk to other implementations (libcoap's coap-client and coap-server).
 *
 *     coap-probe client --server 127.0.0.1:5683 [--timeout 20] [--block-size 1024] STEP...
 *     coap-probe server [--port 5683] [--address 127.0.0.1] [--block-size 1024]
 *                       [--duration 30] [--period 1]
 *     coaps://, DTLS 1.2 with TLS_PSK_WITH_AES_128_CCM_8, in either role:
 *                       --coaps --identity ID --key HEX [--hint HINT (server)]
 *
 * With --coaps the client runs every step over one DTLS association, opened before the first
 * step and closed (close_notify) after the last; the server keeps one association per client.
 * Each completed handshake prints a line `DTLS handshake full|resumed peer=... flights=N
 * full_handshakes=N`, and the end of a run `DTLS handshakes full=N resumed=M`.
 *
 * Client steps (run in order): `discover`, `get PATH`, `put PATH PAYLOAD` (`@N`: N generated
 * bytes, `@N/C`: N bytes of the character C), `observe PATH N` (register, wait for N
 * notifications including the registration's response, deregister with Observe: 1),
 * `getblock PATH SIZE` (GET asking for SIZE-byte Block2 blocks from the first request),
 * `expect TEXT` (the previous step's payload must equal TEXT; `@N`: have N bytes).
 * Each outcome is printed on one line; the exit status is 0 when every step succeeded with a
 * 2.xx code, 1 when one failed (or the DTLS handshake, or the peer is unreachable), 2 for usage
 * errors.
 *
 * The server hosts `/hello` (text), `/lights/3` (GET, PUT), `/temp` (observable, a new value
 * every --period seconds) and `/large` (1500 bytes: Block2, replaced by PUT with Block1).
 */

#include "host-binding.h"

#include "ns3/coap-endpoint.h"
#include "ns3/coap-link-format.h"
#include "ns3/coap-message.h"
#include "ns3/engine-random.h"
#include "ns3/hex-encoding.h"
#include "ns3/log.h"

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <string>
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
 * \brief The CoAP engine on a host transport (plain UDP or DTLS): its sender, its timer, and
 * its peers failed when the transport loses them.
 */
class CoapHost : public CoapEndpointListener
{
  public:
    /**
     * \param transport the transport (must outlive this object)
     * \param config the engine parameters
     */
    CoapHost(HostTransport& transport, const CoapEngineConfig& config)
        : m_transport(transport),
          m_endpoint(*this, m_random, config)
    {
        transport.SetReceiver([this](const std::string& peer, const Bytes& data) {
            m_endpoint.Receive(HostNow(), peer, data.data(), data.size());
        });
        transport.SetFailureHandler([this](const std::string& peer, const std::string& why) {
            m_endpoint.AbortPeer(HostNow(), peer, why);
        });
    }

    /// \return the engine
    CoapEndpoint& Endpoint()
    {
        return m_endpoint;
    }

    void SendDatagram(const std::string& peer, const std::vector<uint8_t>& datagram) override
    {
        if (!m_transport.SendTo(peer, datagram))
        {
            std::cerr << "coap-probe: " << m_transport.GetError() << std::endl;
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
            std::cerr << HostNow().GetSeconds() << " " << CoapEvent::KindName(event.kind) << " "
                      << event.peer << " mid=" << event.messageId << " "
                      << CoapCode::ToString(event.code) << " " << event.detail << std::endl;
        }
    }

    /**
     * \brief Wait for input or the engine's deadline, at most until a time.
     * \param until the latest time to return at
     */
    void RunOnce(Time until)
    {
        m_transport.Poll(std::min(until, m_deadline));
        if (m_deadline <= HostNow())
        {
            m_endpoint.OnTimer(HostNow());
        }
    }

    bool m_verbose{false}; //!< print engine events on stderr

  private:
    HostTransport& m_transport;   //!< datagrams
    HostEngineRandom m_random;    //!< OS randomness
    CoapEndpoint m_endpoint;      //!< the engine
    Time m_deadline{Time::Max()}; //!< engine timer
};

/// Usage text
const char* g_usage =
    "usage: coap-probe client --server HOST:PORT [--timeout S] [--block-size B] [-v] [COAPS]\n"
    "                         STEP...\n"
    "       coap-probe server [--address A] [--port P] [--block-size B] [--duration S]\n"
    "                         [--period S] [-v] [COAPS [--hint HINT]]\n"
    "COAPS: --coaps --identity ID --key HEX (DTLS 1.2, PSK, TLS_PSK_WITH_AES_128_CCM_8)\n"
    "steps: discover | get PATH | put PATH PAYLOAD|@N|@N/C | observe PATH N |\n"
    "       getblock PATH SIZE | expect TEXT|@N\n";

/**
 * \brief Print DTLS events: handshakes always (stdout), the others with -v (stderr).
 * \param dtls the transport
 * \param verbose print every event
 */
void
ReportDtls(HostDtlsTransport& dtls, bool verbose)
{
    dtls.SetEventSink([&dtls, verbose](const std::string& peer, const DtlsEvent& e) {
        if (e.type == DtlsEvent::HANDSHAKE_COMPLETE)
        {
            std::cout << "DTLS handshake " << (e.stats.resumed ? "resumed" : "full")
                      << " peer=" << peer << " flights=" << e.stats.flights
                      << " ms=" << e.stats.duration.GetMilliSeconds()
                      << " full_handshakes=" << dtls.GetFullHandshakes() << std::endl;
        }
        else if (e.type == DtlsEvent::HANDSHAKE_FAILED)
        {
            std::cout << "DTLS handshake failed peer=" << peer << ": " << e.reason << std::endl;
        }
        else if (verbose)
        {
            std::cerr << HostNow().GetSeconds() << " DTLS " << peer << " "
                      << HostDescribeDtlsEvent(e) << std::endl;
        }
    });
}

/// The --coaps options of either role
struct CoapsOptions
{
    bool enabled{false};  //!< --coaps
    std::string identity; //!< --identity
    std::string keyHex;   //!< --key
    std::string hint;     //!< --hint (server)
    Bytes key;            //!< the key, decoded

    /**
     * \brief Take one of the options.
     * \param args the arguments
     * \param i the index of the one to look at (advanced past its value)
     * \return true if it was a --coaps option
     */
    bool Take(const std::vector<std::string>& args, std::size_t& i)
    {
        if (args[i] == "--coaps")
        {
            enabled = true;
            return true;
        }
        for (auto [name, field] : {std::make_pair("--identity", &identity),
                                   std::make_pair("--key", &keyHex),
                                   std::make_pair("--hint", &hint)})
        {
            if (args[i] == name && i + 1 < args.size())
            {
                *field = args[++i];
                return true;
            }
        }
        return false;
    }

    /// \return false (after an error message) if the options do not make sense together
    bool Validate()
    {
        bool ok = enabled ? !identity.empty() && HexDecode(keyHex, key) && !key.empty()
                          : identity.empty() && keyHex.empty() && hint.empty();
        if (!ok)
        {
            std::cerr << "coap-probe: "
                      << (enabled ? "--coaps needs --identity ID and --key HEX (an even number "
                                    "of hex digits)"
                                  : "--identity, --key and --hint need --coaps")
                      << "\n"
                      << g_usage;
        }
        return ok;
    }

    /**
     * \brief Open the transport of a role: plain UDP, or DTLS with these options.
     * \param role CLIENT (connect to the endpoint) or SERVER (bind to it)
     * \param endpoint "HOST:PORT"
     * \param verbose print every DTLS event
     * \return the transport, or null (after an error message)
     */
    std::unique_ptr<HostTransport> Open(DtlsRole role, const std::string& endpoint, bool verbose)
    {
        std::unique_ptr<HostTransport> transport;
        DtlsConfig c;
        c.role = role;
        c.pskIdentity = Bytes(identity.begin(), identity.end());
        c.psk = key;
        c.pskIdentityHint = Bytes(hint.begin(), hint.end());
        if (!enabled)
        {
            transport = std::make_unique<HostUdpTransport>();
        }
        else if (role == DtlsRole::CLIENT)
        {
            auto client = std::make_unique<HostDtlsClient>(c);
            dtlsClient = client.get();
            transport = std::move(client);
        }
        else
        {
            psk = std::make_unique<HostSinglePsk>(c.pskIdentity, key);
            transport = std::make_unique<HostDtlsServer>(c, *psk);
        }
        dtls = dynamic_cast<HostDtlsTransport*>(transport.get());
        if (dtls)
        {
            ReportDtls(*dtls, verbose);
        }
        if (!(role == DtlsRole::CLIENT ? transport->Connect(endpoint) : transport->Bind(endpoint)))
        {
            std::cerr << "coap-probe: " << transport->GetError() << std::endl;
            return nullptr;
        }
        return transport;
    }

    HostDtlsTransport* dtls{nullptr};    //!< the DTLS transport Open() made, if any
    HostDtlsClient* dtlsClient{nullptr}; //!< the same, as a client
    std::unique_ptr<HostSinglePsk> psk;  //!< the server's key store
};

/**
 * \param dtls a DTLS transport, or null
 */
void
PrintHandshakes(const HostDtlsTransport* dtls)
{
    if (dtls)
    {
        std::cout << "DTLS handshakes full=" << dtls->GetFullHandshakes()
                  << " resumed=" << dtls->GetResumedHandshakes() << std::endl;
    }
}

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
    CoapsOptions coaps;
    std::vector<std::string> steps;
    for (std::size_t i = 0; i < args.size(); ++i)
    {
        if (coaps.Take(args, i))
        {
            continue;
        }
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
        else if (args[i].rfind("--", 0) == 0)
        {
            std::cerr << "coap-probe: unknown option, or no value for it: '" << args[i] << "'\n"
                      << g_usage;
            return 2;
        }
        else
        {
            steps.push_back(args[i]);
        }
    }
    sockaddr_storage addr;
    socklen_t len;
    if (server.empty() || steps.empty())
    {
        std::cerr << "coap-probe: need --server HOST:PORT and at least one step\n" << g_usage;
        return 2;
    }
    if (!HostParseEndpoint(server, addr, len))
    {
        std::cerr << "coap-probe: --server " << server
                  << ": not HOST:PORT or [HOST]:PORT with a known host" << std::endl;
        return 2;
    }
    if (!coaps.Validate())
    {
        return 2;
    }
    std::unique_ptr<HostTransport> transport = coaps.Open(DtlsRole::CLIENT, server, verbose);
    if (!transport)
    {
        return 1;
    }
    HostDtlsClient* dtls = coaps.dtlsClient;
    CoapEngineConfig config;
    config.blockSzx = CoapBlock::SzxForSize(static_cast<uint32_t>(blockSize));
    config.maxBodySize = 1 << 20;
    CoapHost binding(*transport, config);
    binding.m_verbose = verbose;
    std::string key = transport->GetRemoteKey();

    Time deadline = HostNow() + Seconds(timeout);
    if (dtls)
    {
        // One association for every step
        dtls->Handshake();
        if (!dtls->WaitEstablished(deadline))
        {
            std::cout << "FAILED dtls-handshake: " << dtls->GetError() << std::endl;
            PrintHandshakes(dtls);
            return 1;
        }
    }
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
            HostNow(),
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
        while (!done && HostNow() < deadline && !g_stop)
        {
            if (options.observe && !cancelled && notifications >= wantNotifications &&
                binding.Endpoint().IsOpen(id))
            {
                // Deregister (GET with Observe: 1); its response closes the step
                binding.Endpoint().CancelObserve(HostNow(), id, true);
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
    if (dtls)
    {
        dtls->Close();
    }
    PrintHandshakes(dtls);
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
    CoapsOptions coaps;
    for (std::size_t i = 0; i < args.size(); ++i)
    {
        bool ok = true;
        if (coaps.Take(args, i))
        {
            continue;
        }
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
    if (!HostParseEndpoint(local, addr, len))
    {
        std::cerr << "coap-probe: bad --address " << address << std::endl;
        return 2;
    }
    if (!coaps.Validate())
    {
        return 2;
    }
    std::unique_ptr<HostTransport> transport = coaps.Open(DtlsRole::SERVER, local, verbose);
    if (!transport)
    {
        return 1;
    }
    CoapEngineConfig config;
    config.blockSzx = CoapBlock::SzxForSize(static_cast<uint32_t>(blockSize));
    config.maxBodySize = 1 << 20;
    CoapHost binding(*transport, config);
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
    std::cout << "LISTENING " << (coaps.dtls ? "coaps " : "coap ") << local << std::endl;
    Time end = HostNow() + Seconds(duration);
    Time nextTick = HostNow() + Seconds(period);
    uint32_t ticks = 0;
    while (!g_stop && HostNow() < end)
    {
        binding.RunOnce(std::min(end, nextTick));
        if (HostNow() >= nextTick)
        {
            ++ticks;
            values["/temp"] =
                std::to_string(21 + ticks % 5) + "." + std::to_string(ticks % 10) + " C";
            e.NotifyObservers(HostNow(), "/temp");
            nextTick = nextTick + Seconds(period);
        }
    }
    PrintHandshakes(coaps.dtls);
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
