/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Fuzz target: the whole DTLS engine. The first input byte chooses the side (even: a server,
// odd: a client that has sent its ClientHello); the rest is a run of datagrams, each with a
// two-byte length, delivered 10 ms apart, with the engine's timers fired as they fall due.
// Nothing may crash, and nothing unauthenticated may ever be delivered as data.

#include "ns3/dtls-server-engine.h"
#include "ns3/dtls-session.h"

using namespace ns3;

namespace
{

/// Deterministic randomness (so that a crash reproduces)
class CounterRandom : public EngineRandom
{
  public:
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
    uint32_t m_next{0}; //!< counter
};

/// One PSK
class FixedPsk : public DtlsPskProvider
{
  public:
    bool LookupPsk(const Bytes& identity, Bytes& key) const override
    {
        if (identity !=
            Bytes{'C', 'l', 'i', 'e', 'n', 't', '_', 'i', 'd', 'e', 'n', 't', 'i', 't', 'y'})
        {
            return false;
        }
        key = Bytes(16, 0x11);
        return true;
    }
};

/// Listener that records what the engine asks for
class Sink : public DtlsSessionListener, public DtlsServerListener
{
  public:
    void DtlsSend(const Bytes&) override
    {
    }

    void DtlsSetTimer(Time deadline) override
    {
        timer = deadline;
        armed = true;
    }

    void DtlsCancelTimer() override
    {
        armed = false;
    }

    void DtlsDeliver(const Bytes&) override
    {
        ++delivered;
    }

    void DtlsEventOccurred(const DtlsEvent&) override
    {
    }

    void DtlsCryptoWork(const CryptoWork&) override
    {
    }

    void DtlsSendTo(const std::string&, const Bytes&) override
    {
    }

    void DtlsSetTimer(const std::string&, Time deadline) override
    {
        DtlsSetTimer(deadline);
    }

    void DtlsCancelTimer(const std::string&) override
    {
        armed = false;
    }

    void DtlsDeliver(const std::string&, const Bytes& data) override
    {
        DtlsDeliver(data);
    }

    void DtlsEventOccurred(const std::string&, const DtlsEvent&) override
    {
    }

    Time timer;            //!< deadline
    bool armed{false};     //!< deadline set
    uint32_t delivered{0}; //!< data deliveries
};

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 1)
    {
        return 0;
    }
    bool server = (data[0] & 1) == 0;
    CounterRandom random;
    FixedPsk psk;
    Sink sink;
    DtlsConfig config;
    config.maxRetransmissions = 3;
    std::unique_ptr<DtlsServerEngine> engine;
    std::unique_ptr<DtlsSession> client;
    Time now = Seconds(1);
    if (server)
    {
        config.role = DtlsRole::SERVER;
        config.cookieExchange = (data[0] & 2) != 0;
        engine = std::make_unique<DtlsServerEngine>(config, random, sink, psk);
    }
    else
    {
        config.role = DtlsRole::CLIENT;
        config.pskIdentity =
            Bytes{'C', 'l', 'i', 'e', 'n', 't', '_', 'i', 'd', 'e', 'n', 't', 'i', 't', 'y'};
        config.psk = Bytes(16, 0x11);
        client = std::make_unique<DtlsSession>(config, random, sink);
        client->Connect(now);
    }
    TlsReader r(data + 1, size - 1);
    uint16_t length;
    while (r.U16(length))
    {
        Bytes datagram;
        if (!r.Raw(std::min<std::size_t>(length, r.Remaining()), datagram))
        {
            break;
        }
        now += MilliSeconds(10);
        if (sink.armed && sink.timer <= now)
        {
            sink.armed = false;
            if (server)
            {
                engine->Timeout(now, "peer");
            }
            else
            {
                client->Timeout(now);
            }
        }
        if (server)
        {
            engine->Receive(now, "peer", datagram);
        }
        else
        {
            client->Receive(now, datagram);
        }
    }
    // Data can only be delivered over an association that completed a handshake with the key,
    // which random input cannot do.
    if (sink.delivered > 0)
    {
        __builtin_trap();
    }
    return 0;
}
