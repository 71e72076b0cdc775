/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_COAP_TEST_WIRE_H
#define IOTSEC_COAP_TEST_WIRE_H

// Test-only (not installed): a client and a server CoapEndpoint wired back to back on a
// virtual clock, with deterministic randomness, shared by the engine test suites.

#include "ns3/coap-endpoint.h"
#include "ns3/engine-random.h"

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace iotsectest
{

/// Deterministic randomness: Uniform returns a fixed fraction of its range
class FixedRandom : public EngineRandom
{
  public:
    void Fill(uint8_t* out, std::size_t n) override
    {
        for (std::size_t i = 0; i < n; ++i)
        {
            out[i] = ++m_next;
        }
    }

    double Uniform(double min, double max) override
    {
        return min + fraction * (max - min);
    }

    double fraction{0}; //!< where in [min, max) Uniform lands

  private:
    uint8_t m_next{0x40}; //!< next byte
};

/// One side's binding: records what the engine hands it
class Side : public CoapEndpointListener
{
  public:
    void SendDatagram(const std::string& peer, const std::vector<uint8_t>& d) override
    {
        outbox.emplace_back(peer, d);
    }

    void SetTimer(Time d) override
    {
        deadline = d;
    }

    void OnEvent(const CoapEvent& e) override
    {
        events.push_back(e);
    }

    /// \param kind an event kind \return how many were seen
    uint32_t Count(CoapEvent::Kind kind) const
    {
        uint32_t n = 0;
        for (const auto& e : events)
        {
            n += e.kind == kind ? 1 : 0;
        }
        return n;
    }

    std::vector<std::pair<std::string, std::vector<uint8_t>>> outbox; //!< datagrams sent
    Time deadline{Time::Max()};                                       //!< timer
    std::vector<CoapEvent> events;                                    //!< events
};

/// A message on the virtual wire
struct Logged
{
    bool fromClient;     //!< direction
    CoapMessage message; //!< the message
    Time at;             //!< when
    bool dropped;        //!< lost on the wire
};

/// A client and a server engine on a lossless (or filtered) virtual wire
class Wire
{
  public:
    /// Drop predicate: return true to lose the message
    using Drop = std::function<bool(const Logged&)>;

    /**
     * \param clientConfig client parameters
     * \param serverConfig server parameters
     */
    Wire(const CoapEngineConfig& clientConfig = CoapEngineConfig(),
         const CoapEngineConfig& serverConfig = CoapEngineConfig())
    {
        client = std::make_unique<CoapEndpoint>(c, rc, clientConfig);
        rs.fraction = 0.5; // the server's message IDs start elsewhere
        server = std::make_unique<CoapEndpoint>(s, rs, serverConfig);
        rs.fraction = 0;
    }

    /// Deliver every datagram in flight (and those they cause) at the current time
    void Pump()
    {
        while (!c.outbox.empty() || !s.outbox.empty())
        {
            bool fromClient = !c.outbox.empty();
            Side& from = fromClient ? c : s;
            auto d = from.outbox.front();
            from.outbox.erase(from.outbox.begin());
            Logged l;
            l.fromClient = fromClient;
            l.at = now;
            std::string error;
            CoapMessage::Parse(d.second.data(), d.second.size(), l.message, &error);
            l.dropped = drop && drop(l);
            log.push_back(l);
            if (l.dropped)
            {
                continue;
            }
            CoapEndpoint& to = fromClient ? *server : *client;
            to.Receive(now, fromClient ? "client" : "server", d.second.data(), d.second.size());
        }
    }

    /**
     * \brief Run timers and deliveries up to a time.
     * \param end the time
     */
    void RunUntil(Time end)
    {
        Pump();
        while (true)
        {
            Time next = std::min(c.deadline, s.deadline);
            if (next > end)
            {
                break;
            }
            now = next;
            if (c.deadline <= now)
            {
                client->OnTimer(now);
            }
            if (s.deadline <= now)
            {
                server->OnTimer(now);
            }
            Pump();
        }
        now = end;
    }

    /**
     * \brief Inject raw bytes into an engine as if they came from the other side.
     * \param toServer true: to the server (from "client")
     * \param bytes the datagram
     */
    void Inject(bool toServer, const std::vector<uint8_t>& bytes)
    {
        (toServer ? *server : *client)
            .Receive(now, toServer ? "client" : "server", bytes.data(), bytes.size());
    }

    /// \param fromClient direction \return the messages sent that way
    std::vector<CoapMessage> Sent(bool fromClient) const
    {
        std::vector<CoapMessage> out;
        for (const auto& l : log)
        {
            if (l.fromClient == fromClient)
            {
                out.push_back(l.message);
            }
        }
        return out;
    }

    FixedRandom rc;                       //!< client randomness
    FixedRandom rs;                       //!< server randomness
    Side c;                               //!< client side
    Side s;                               //!< server side
    std::unique_ptr<CoapEndpoint> client; //!< client engine
    std::unique_ptr<CoapEndpoint> server; //!< server engine
    std::vector<Logged> log;              //!< every message
    Time now{Seconds(0)};                 //!< virtual clock
    Drop drop;                            //!< loss
};

} // namespace iotsectest
} // namespace ns3

#endif /* IOTSEC_COAP_TEST_WIRE_H */
