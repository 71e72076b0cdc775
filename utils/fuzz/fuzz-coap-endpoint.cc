/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// libFuzzer target: the CoapEndpoint engine on untrusted datagrams. The input is a sequence of
// datagrams (each a 2-byte big-endian length, then that many bytes, the first byte of each
// choosing which of two peers sent it) fed to an engine that hosts resources of every kind
// (static, observable, block-wise, PUT) and has client requests open. The engine must never
// crash or assert; any datagram it sends must itself be a well-formed CoAP message. Its tables
// are capped at a few entries, so that inputs reach the evictions and refusals, and after
// every step its bookkeeping must be consistent (CoapEndpoint::CheckConsistency: tables within
// their caps, deadline indexes mirroring their tables).

#include "ns3/coap-endpoint.h"
#include "ns3/engine-random.h"
#include "ns3/log.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

NS_LOG_COMPONENT_DEFINE("FuzzCoapEndpoint");

namespace
{

/// Deterministic randomness, so that a crash reproduces
class CountingRandom : public ns3::EngineRandom
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
        return min + 0.25 * (max - min);
    }

  private:
    uint32_t m_next{0}; //!< counter
};

/// Checks what the engine sends
class Listener : public ns3::CoapEndpointListener
{
  public:
    void SendDatagram(const std::string&, const std::vector<uint8_t>& d) override
    {
        ns3::CoapMessage m;
        std::string error;
        if (!ns3::CoapMessage::Parse(d.data(), d.size(), m, &error))
        {
            __builtin_trap(); // the engine only sends well-formed messages
        }
    }

    void SetTimer(ns3::Time deadline) override
    {
        next = deadline;
    }

    ns3::Time next{ns3::Time::Max()}; //!< the engine's deadline
};

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    Listener listener;
    CountingRandom random;
    ns3::CoapEngineConfig config;
    config.blockSzx = 1;
    config.maxBodySize = 4096;
    config.maxDedupEntries = 3;
    config.maxExchanges = 2;
    config.maxTransmissions = 2;
    config.maxObservers = 1;
    config.maxBlock1Transfers = 1;
    config.maxDeferred = 2;
    ns3::CoapEndpoint e(listener, random, config);
    std::string value(300, 'v');
    ns3::CoapResource r;
    r.path = "/r";
    r.observable = true;
    r.handlers[ns3::CoapCode::GET] = [&value](const ns3::CoapServerRequest&,
                                              ns3::CoapServerResponse& resp) {
        resp.message.SetPayload(value);
    };
    r.handlers[ns3::CoapCode::PUT] = [&value](const ns3::CoapServerRequest& req,
                                              ns3::CoapServerResponse& resp) {
        value = req.message.GetPayloadString();
        resp.message.SetCode(ns3::CoapCode::CHANGED);
    };
    e.AddResource(r);
    ns3::CoapResource d;
    d.path = "/later";
    std::vector<uint64_t> deferred;
    d.handlers[ns3::CoapCode::GET] = [&deferred](const ns3::CoapServerRequest& req,
                                                 ns3::CoapServerResponse& resp) {
        deferred.push_back(req.deferredId);
        resp.defer = true;
    };
    e.AddResource(d);
    ns3::Time now = ns3::Seconds(1);
    ns3::CoapMessage get;
    get.SetCode(ns3::CoapCode::GET);
    get.SetUriPath("/r");
    ns3::CoapRequestOptions observe;
    observe.observe = true;
    e.SendRequest(now, "a", get, nullptr, observe);
    ns3::CoapMessage put;
    put.SetCode(ns3::CoapCode::PUT);
    put.SetUriPath("/r");
    put.SetPayload(std::string(100, 'p'));
    e.SendRequest(now, "b", put, nullptr);
    e.SendRequest(now, "a", get, nullptr); // beyond maxExchanges: refused

    std::size_t pos = 0;
    while (pos + 2 <= size)
    {
        std::size_t len = (static_cast<std::size_t>(data[pos]) << 8) | data[pos + 1];
        pos += 2;
        if (len > size - pos)
        {
            len = size - pos;
        }
        std::string peer = (len > 0 && (data[pos] & 0x80)) ? "b" : "a";
        now += ns3::MilliSeconds(len % 7 == 0 ? 2500 : 10);
        if (listener.next <= now)
        {
            e.OnTimer(now);
        }
        e.Receive(now, peer, data + pos, len);
        if (len % 5 == 0)
        {
            e.NotifyObservers(now, "/r");
        }
        if (!deferred.empty() && len % 3 == 0)
        {
            ns3::CoapMessage answer;
            answer.SetCode(ns3::CoapCode::CONTENT);
            e.SendDeferredResponse(now, deferred.back(), answer);
            deferred.pop_back();
        }
        pos += len;
        if (!e.CheckConsistency())
        {
            __builtin_trap(); // a table outgrew its cap or its deadline index
        }
    }
    (void)e.GetStateSize();
    return 0;
}
