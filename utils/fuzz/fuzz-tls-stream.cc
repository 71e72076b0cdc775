/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Fuzz target: the (D)TLS engine speaking TLS 1.2 over a byte stream, and the TLS record
// layer and handshake framing on their own. The first input byte chooses the side (even: a
// server whose connection just opened, odd: a client that has sent its ClientHello); the rest
// is the peer's stream, cut into pieces each preceded by a two-byte length. Nothing may crash;
// no timer may ever be set (TLS has no retransmission); nothing unauthenticated may be
// delivered; once the engine failed it stays failed; the record layer never holds more than
// one incomplete record.

#include "ns3/dtls-handshake-framing.h"
#include "ns3/dtls-record-layer.h"
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
class Sink : public DtlsSessionListener
{
  public:
    void DtlsSend(const Bytes&) override
    {
    }

    void DtlsSetTimer(Time) override
    {
        __builtin_trap(); // retransmission is DTLS's alone
    }

    void DtlsCancelTimer() override
    {
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
    DtlsSessionCache cache;
    DtlsConfig config;
    config.protocol = TlsProtocol::TLS_1_2;
    config.maxMessageBytes = 2048;
    Time now = Seconds(1);
    if (server)
    {
        config.role = DtlsRole::SERVER;
    }
    else
    {
        config.role = DtlsRole::CLIENT;
        config.pskIdentity =
            Bytes{'C', 'l', 'i', 'e', 'n', 't', '_', 'i', 'd', 'e', 'n', 't', 'i', 't', 'y'};
        config.psk = Bytes(16, 0x11);
    }
    DtlsSession session(config, random, sink, server ? &psk : nullptr, server ? &cache : nullptr);
    if (server)
    {
        session.Accept(now);
    }
    else
    {
        session.Connect(now);
    }
    TlsRecordLayer records;
    TlsHandshakeFraming framing(2048);
    bool recordsBroken = false;
    bool failed = false;
    TlsReader r(data + 1, size - 1);
    uint16_t length;
    while (r.U16(length))
    {
        Bytes piece;
        if (!r.Raw(std::min<std::size_t>(length, r.Remaining()), piece))
        {
            break;
        }
        now += MilliSeconds(10);
        session.Receive(now, piece);
        if (failed && session.GetState() != DtlsSession::FAILED)
        {
            __builtin_trap(); // a failed stream came back
        }
        failed = session.GetState() == DtlsSession::FAILED;

        std::vector<DtlsRecord> out;
        bool ok = records.Input(piece, out, nullptr);
        if ((recordsBroken && (ok || !out.empty())) ||
            records.GetBufferedBytes() >=
                dtls::TLS_RECORD_HEADER_BYTES + dtls::MAX_PLAINTEXT_BYTES + 2048)
        {
            __builtin_trap(); // a broken stream stays broken; at most one record is held
        }
        recordsBroken = !ok;
        for (const auto& record : out)
        {
            if (record.type != dtls::HANDSHAKE)
            {
                continue;
            }
            HandshakeFraming::Report report;
            if (framing.Add(record.fragment, record.epoch, report, nullptr))
            {
                uint8_t type;
                uint16_t seq;
                Bytes body;
                while (framing.PopNext(type, seq, body))
                {
                    if (body.size() > 2048)
                    {
                        __builtin_trap(); // longer than maxMessageBytes
                    }
                }
            }
        }
    }
    // Data can only be delivered over a connection that completed a handshake with the key,
    // which random input cannot do.
    if (sink.delivered > 0)
    {
        __builtin_trap();
    }
    return 0;
}
