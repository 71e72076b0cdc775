/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Fuzz target: the three bootstrap engines (node SBI, controller SBR, server SBS) of Kang's
// five-flight PSK re-configuration, with small tables. The input is a script of operations:
// deliver bytes cut from the input to one engine (as any sender), deliver a message an engine
// sent (queued, possibly with one byte changed), start the node, let time pass and fire the
// timers. After each operation: no table exceeds its bound, every send is a flight 1..5 of its
// documented size range, and the controller never completes unless the node has completed with
// the same PSK (nobody but the node can seal flight 5 under PSK_i). (Not checked: that the
// controller's transaction names light-1. Flight 4 does not carry ID_i, so a HELLO for another
// node of the same installer (same IK_N) that repeats light-1's RN_i yields a flight 4 that
// light-1 accepts; see the model documentation.)

#include "ns3/bootstrap-engine.h"
#include "ns3/nstime.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

using namespace ns3;

namespace
{

/// Deterministic randomness (so that a crash reproduces)
class CounterRandom : public EngineRandom
{
  public:
    /// \param seed where the counter starts
    explicit CounterRandom(uint32_t seed)
        : m_next(seed)
    {
    }

    void Fill(uint8_t* out, std::size_t n) override
    {
        for (std::size_t i = 0; i < n; ++i)
        {
            out[i] = static_cast<uint8_t>(m_next++ * 131 + 7);
        }
    }

    double Uniform(double min, double max) override
    {
        return min + (max - min) * ((m_next++ % 1000) / 1000.0);
    }

  private:
    uint32_t m_next; //!< counter
};

/// Reads the script: bytes in order, 0 past the end
class Script
{
  public:
    /// \param data the bytes \param size their number
    Script(const uint8_t* data, std::size_t size)
        : m_data(data),
          m_size(size)
    {
    }

    /// \return true while bytes are left
    bool More() const
    {
        return m_at < m_size;
    }

    /// \return the next byte (0 past the end)
    uint8_t Next()
    {
        return m_at < m_size ? m_data[m_at++] : 0;
    }

    /// \param n at most this many \param[out] len how many \return the next bytes
    const uint8_t* Take(std::size_t n, std::size_t& len)
    {
        len = std::min(n, m_size - m_at);
        const uint8_t* p = m_data + m_at;
        m_at += len;
        return p;
    }

  private:
    const uint8_t* m_data; //!< the bytes
    std::size_t m_size;    //!< their number
    std::size_t m_at{0};   //!< read position
};

/// A message in flight
struct Queued
{
    BootstrapParty from; //!< sender
    BootstrapSend send;  //!< the send
};

/// The world: three engines and the messages they sent
struct World
{
    CounterRandom nodeRandom{1};          //!< node
    CounterRandom controllerRandom{2};    //!< controller
    CounterRandom serverRandom{3};        //!< server
    BootstrapNodeEngine node;             //!< SBI
    BootstrapControllerEngine controller; //!< SBR
    BootstrapServerEngine server;         //!< SBS
    std::deque<Queued> queue;             //!< sent, not delivered (bounded)

    /// \return a node config
    static BootstrapNodeConfig NodeConfig()
    {
        BootstrapNodeConfig c;
        c.nodeId = "light-1";
        c.initialKey = Bytes(16, 0x11);
        c.maxRetransmissions = 2;
        return c;
    }

    /// \return a controller config with a small table
    static BootstrapControllerConfig ControllerConfig()
    {
        BootstrapControllerConfig c;
        c.controllerId = "sbr-1";
        c.skCs = Bytes(16, 0x22);
        c.maxPending = 3;
        c.maxRetransmissions = 2;
        c.pendingTimeout = Seconds(20);
        return c;
    }

    /// \return a server config with small tables
    static BootstrapServerConfig ServerConfig()
    {
        BootstrapServerConfig c;
        c.maxReplayEntries = 4;
        c.maxControllers = 2;
        c.maxNodes = 4;
        return c;
    }

    World()
        : node(NodeConfig(), nodeRandom),
          controller(ControllerConfig(), controllerRandom),
          server(ServerConfig(), serverRandom)
    {
        server.AddController("sbr-1", Bytes(16, 0x22));
        server.AddController("sbr-2", Bytes(16, 0x33));
        server.EnrolNode("light-1", Bytes(16, 0x11));
        server.EnrolNode("light-2", Bytes(16, 0x11));
    }
};

/// \param s a send \return false if it is not a flight 1..5 of its documented size
bool
ValidSend(const BootstrapSend& s)
{
    const std::size_t n = s.bytes.size();
    switch (s.flight)
    {
    case 1:
        return n >= BootstrapWire::MIN_HELLO_BYTES && n <= BootstrapWire::MAX_HELLO_BYTES;
    case 2:
        return n >= BootstrapWire::VerifyRequestSize(1, 1) &&
               n <= BootstrapWire::VerifyRequestSize(64, 64);
    case 3:
        return n == BootstrapWire::VERIFY_RESPONSE_BYTES;
    case 4:
        return n == BootstrapWire::KEY_MESSAGE_BYTES;
    case 5:
        return n == BootstrapWire::CONFIRM_MESSAGE_BYTES;
    default:
        return false;
    }
}

/// Check an output and queue its sends
void
Take(World& w, BootstrapParty from, const BootstrapOutput& out)
{
    for (const auto& s : out.sends)
    {
        if (!ValidSend(s) || s.bytes.empty() || s.bytes[1] != s.flight)
        {
            __builtin_trap();
        }
        if (w.queue.size() < 16)
        {
            w.queue.push_back(Queued{from, s});
        }
    }
    for (const auto& e : out.events)
    {
        if (e.kind == BootstrapEvent::COMPLETED && e.psk.size() != 16)
        {
            __builtin_trap();
        }
        if (e.kind == BootstrapEvent::COMPLETED && from == BootstrapParty::CONTROLLER &&
            (w.node.GetState() != BootstrapNodeState::DONE || e.psk != w.node.GetPsk()))
        {
            __builtin_trap(); // only the node can seal flight 5
        }
    }
}

/// Deliver bytes to a party
void
Deliver(World& w, Time now, BootstrapParty to, BootstrapParty from, const uint8_t* p, std::size_t n)
{
    switch (to)
    {
    case BootstrapParty::NODE:
        Take(w, BootstrapParty::NODE, w.node.Receive(now, p, n));
        break;
    case BootstrapParty::CONTROLLER:
        Take(w, BootstrapParty::CONTROLLER, w.controller.Receive(now, from, p, n));
        break;
    case BootstrapParty::SERVER:
        Take(w, BootstrapParty::SERVER, w.server.Receive(now, p, n));
        break;
    }
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    World w;
    Script s(data, size);
    Time now = Seconds(1);
    while (s.More())
    {
        uint8_t op = s.Next();
        now += MilliSeconds(op >> 3);
        switch (op % 6)
        {
        case 0: { // raw bytes to an engine
            uint8_t b = s.Next();
            auto to = static_cast<BootstrapParty>(b % 3);
            auto from = static_cast<BootstrapParty>((b >> 2) % 3);
            std::size_t len = 0;
            const uint8_t* p = s.Take(s.Next(), len);
            Deliver(w, now, to, from, p, len);
            break;
        }
        case 1:
        case 2: { // the next queued message, maybe changed
            if (w.queue.empty())
            {
                break;
            }
            Queued q = w.queue.front();
            w.queue.pop_front();
            uint8_t b = s.Next();
            if (b & 1)
            {
                q.send.bytes[s.Next() % q.send.bytes.size()] ^= s.Next() | 1;
            }
            if (b & 2)
            {
                break; // lost
            }
            Deliver(w, now, q.send.to, q.from, q.send.bytes.data(), q.send.bytes.size());
            if ((b & 4) && w.queue.size() < 16)
            {
                w.queue.push_back(q); // and duplicated later
            }
            break;
        }
        case 3:
            Take(w, BootstrapParty::NODE, w.node.Start(now));
            break;
        case 4: { // time passes; timers fire
            now += Seconds(s.Next() % 40);
            Take(w, BootstrapParty::NODE, w.node.OnTimeout(now));
            Take(w, BootstrapParty::CONTROLLER, w.controller.OnTimeout(now));
            Take(w, BootstrapParty::SERVER, w.server.OnTimeout(now));
            break;
        }
        default: { // a HELLO for a chosen node, with a chosen RN_i
            BootstrapHello h;
            h.nodeId = "light-" + std::to_string(s.Next() % 8);
            h.rnI = Bytes(16, s.Next());
            Bytes hb = h.Serialize();
            Deliver(w, now, BootstrapParty::CONTROLLER, BootstrapParty::NODE, hb.data(), hb.size());
            break;
        }
        }
        if (w.controller.GetTransactionCount() > w.controller.GetConfig().maxPending ||
            w.server.GetReplayEntryCount() > w.server.GetConfig().maxReplayEntries ||
            w.server.GetControllerCount() > 2 || w.server.GetNodeCount() > 4 || w.queue.size() > 16)
        {
            __builtin_trap();
        }
        if (w.node.GetState() == BootstrapNodeState::DONE && w.node.GetPsk().size() != 16)
        {
            __builtin_trap();
        }
    }
    return 0;
}
