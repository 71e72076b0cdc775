/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \brief coap-flood-bench: what one packet costs a CoapEndpoint as the requests it has seen
 * grow, under a flood of distinct CON requests from spoofed peers.
 *
 *     coap-flood-bench [--requests N] [--rate R] [--max-dedup N]
 *
 * One server engine (the defaults of CoapEngineConfig, unless --max-dedup) receives N CON
 * GETs (default 1,000,000), each from a peer key of its own ("[2001:db8::X:Y]:5683") with a
 * message ID and token of its own, R per second of virtual time (default 1000), and answers
 * each with a piggybacked 2.05. The loop drives the engine as a binding does: OnTimer() when
 * the deadline it asked for has come, then Receive(). The process's CPU time and the wall
 * clock are read at the ends of each decade of requests seen (1..1k, 1k..10k, 10k..100k,
 * 100k..1M, ...) and printed as nanoseconds per packet (making each request's bytes and peer
 * key is included), with the engine's deduplication entries, its state bytes, the evictions
 * so far and the process's peak RSS at the end of each decade. CPU time is the figure to
 * compare: the wall clock also counts whatever else the machine runs.
 *
 * Speed is measured, never asserted (timings depend on the machine). What is checked, and
 * fails the run with exit status 1: every table within its cap and every deadline index
 * consistent at each decade (CoapEndpoint::CheckConsistency), and every request answered.
 * Usage errors exit with status 2.
 */

#include "ns3/coap-endpoint.h"
#include "ns3/coap-message.h"
#include "ns3/engine-random.h"
#include "ns3/simulator.h"

#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <string>
#include <sys/resource.h>
#include <vector>

using namespace ns3;

namespace
{

/// Deterministic randomness (the server's only use: the first message ID of its own)
class BenchRandom : public EngineRandom
{
  public:
    void Fill(uint8_t* out, std::size_t n) override
    {
        for (std::size_t i = 0; i < n; ++i)
        {
            out[i] = static_cast<uint8_t>(++m_next);
        }
    }

    double Uniform(double min, double max) override
    {
        return min + 0.5 * (max - min);
    }

  private:
    uint32_t m_next{0}; //!< counter
};

/// The binding: counts what the engine sends and keeps its deadline
class BenchListener : public CoapEndpointListener
{
  public:
    void SendDatagram(const std::string&, const std::vector<uint8_t>&) override
    {
        ++sent;
    }

    void SetTimer(Time d) override
    {
        deadline = d;
        ++timerChanges;
    }

    void OnEvent(const CoapEvent& e) override
    {
        if (e.kind == CoapEvent::TABLE_EVICTED)
        {
            ++evicted;
        }
    }

    uint64_t sent{0};           //!< datagrams sent
    uint64_t timerChanges{0};   //!< SetTimer calls
    uint64_t evicted{0};        //!< TABLE_EVICTED events
    Time deadline{Time::Max()}; //!< the engine's deadline
};

/// \return the process's CPU time, s
double
CpuSeconds()
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/// \return the process's peak resident set, KiB
long
PeakRssKib()
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

/**
 * \param text a whole number
 * \param[out] value it
 * \return false unless the text is a positive whole number
 */
bool
ParsePositive(const std::string& text, uint64_t& value)
{
    char* end = nullptr;
    errno = 0;
    unsigned long long v = std::strtoull(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || errno != 0 || v == 0 || text[0] == '-')
    {
        return false;
    }
    value = v;
    return true;
}

/// Print the usage to a stream
void
Usage(std::ostream& os)
{
    os << "usage: coap-flood-bench [--requests N] [--rate R] [--max-dedup N]\n"
          "  --requests N   distinct CON requests from spoofed peers (default 1000000)\n"
          "  --rate R       requests per second of virtual time (default 1000)\n"
          "  --max-dedup N  MaxDedupEntries (default: CoapEngineConfig's, 4096)\n";
}

} // namespace

int
main(int argc, char* argv[])
{
    uint64_t requests = 1000000;
    uint64_t rate = 1000;
    CoapEngineConfig config;
    std::vector<std::string> args(argv + 1, argv + argc);
    for (std::size_t i = 0; i < args.size(); ++i)
    {
        const std::string& a = args[i];
        if (a == "-h" || a == "--help")
        {
            Usage(std::cout);
            return 0;
        }
        uint64_t value = 0;
        bool known = a == "--requests" || a == "--rate" || a == "--max-dedup";
        if (!known || i + 1 >= args.size() || !ParsePositive(args[i + 1], value) ||
            value > 0xffffffffu)
        {
            std::cerr << "coap-flood-bench: error: "
                      << (known ? "'" + a + "' needs a whole number from 1 to 4294967295"
                                : "unknown argument '" + a + "'")
                      << "\n";
            Usage(std::cerr);
            return 2;
        }
        ++i;
        if (a == "--requests")
        {
            requests = value;
        }
        else if (a == "--rate")
        {
            rate = value;
        }
        else
        {
            config.maxDedupEntries = static_cast<uint32_t>(value);
        }
    }

    // Until the simulator runs, ns-3 keeps every Time object in a set (so that a change of
    // resolution can convert it), which would dominate the cost measured here; in a
    // simulation the engine runs after Simulator::Run() has ended that
    Simulator::Run();

    BenchListener listener;
    BenchRandom random;
    CoapEndpoint server(listener, random, config);
    CoapResource r;
    r.path = "/r";
    r.handlers[CoapCode::GET] = [](const CoapServerRequest&, CoapServerResponse& resp) {
        resp.message.SetCode(CoapCode::CONTENT);
        resp.message.SetPayload("ok");
    };
    server.AddResource(r);

    // A template request; each packet gets its own message ID and token
    CoapMessage get(CoapMessage::CON, CoapCode::GET, 0);
    get.SetToken({0, 0, 0, 0});
    get.SetUriPath("/r");
    std::vector<uint8_t> bytes = get.Serialize();

    std::printf("coap-flood-bench: %" PRIu64 " CON requests from as many spoofed peers, %" PRIu64
                " per second of virtual time\n",
                requests,
                rate);
    std::printf("EXCHANGE_LIFETIME %.0f s, NON_LIFETIME %.0f s, MaxDedupEntries %u, "
                "MaxExchanges %u, MaxTransmissions %u, MaxObservers %u, MaxBlock1Transfers %u, "
                "MaxDeferred %u\n",
                config.GetExchangeLifetime().GetSeconds(),
                config.GetNonLifetime().GetSeconds(),
                config.maxDedupEntries,
                config.maxExchanges,
                config.maxTransmissions,
                config.maxObservers,
                config.maxBlock1Transfers,
                config.maxDeferred);
    std::printf("%14s %12s %13s %14s %8s %12s %10s %12s\n",
                "requests seen",
                "in window",
                "CPU ns/packet",
                "wall ns/packet",
                "dedup",
                "state bytes",
                "evicted",
                "peak RSS");

    using Clock = std::chrono::steady_clock;
    Clock::time_point wallStart = Clock::now();
    double cpuStart = CpuSeconds();
    uint64_t windowStart = 0;
    uint64_t checkpoint = std::min<uint64_t>(1000, requests);
    char peer[64];
    bool ok = true;
    for (uint64_t i = 0; i < requests; ++i)
    {
        Time now = Seconds(1) + NanoSeconds(static_cast<int64_t>(i * 1000000000ull / rate));
        std::snprintf(peer,
                      sizeof(peer),
                      "[2001:db8::%x:%x]:5683",
                      static_cast<unsigned>(i >> 16),
                      static_cast<unsigned>(i & 0xffff));
        bytes[2] = static_cast<uint8_t>(i >> 8); // message ID
        bytes[3] = static_cast<uint8_t>(i);
        bytes[4] = static_cast<uint8_t>(i >> 24); // token
        bytes[5] = static_cast<uint8_t>(i >> 16);
        bytes[6] = static_cast<uint8_t>(i >> 8);
        bytes[7] = static_cast<uint8_t>(i);
        std::string key(peer);
        if (listener.deadline <= now)
        {
            server.OnTimer(now);
        }
        server.Receive(now, key, bytes.data(), bytes.size());
        uint64_t seen = i + 1;
        if (seen != checkpoint && seen != requests)
        {
            continue;
        }
        double cpu = CpuSeconds() - cpuStart;
        double wall = std::chrono::duration<double>(Clock::now() - wallStart).count();
        std::string error;
        if (!server.CheckConsistency(&error))
        {
            std::fprintf(stderr, "coap-flood-bench: FAIL: %s\n", error.c_str());
            ok = false;
        }
        if (listener.sent != seen)
        {
            std::fprintf(stderr,
                         "coap-flood-bench: FAIL: %" PRIu64 " answers to %" PRIu64 " requests\n",
                         listener.sent,
                         seen);
            ok = false;
        }
        uint64_t window = seen - windowStart;
        std::printf("%14" PRIu64 " %12" PRIu64 " %13.0f %14.0f %8" PRIu64 " %12" PRIu64
                    " %10" PRIu64 " %8ld KiB\n",
                    seen,
                    window,
                    cpu * 1e9 / window,
                    wall * 1e9 / window,
                    server.GetTableSize(CoapTable::DEDUP),
                    server.GetStateSize().Total(),
                    listener.evicted,
                    PeakRssKib());
        std::fflush(stdout);
        windowStart = seen;
        checkpoint = std::min<uint64_t>(checkpoint * 10, requests);
        cpuStart = CpuSeconds(); // the checks above are not counted
        wallStart = Clock::now();
    }
    std::printf("SetTimer calls: %" PRIu64 "; %s\n",
                listener.timerChanges,
                ok ? "every table within its cap, indexes consistent, every request answered"
                   : "FAILED");
    Simulator::Destroy();
    return ok ? 0 : 1;
}
