/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// TLS 1.2 on the shared (D)TLS engine: the TLS record layer and handshake framing seams, and
// a TLS client and server engine joined by an in-memory byte stream that cuts their bytes
// anywhere. Expected values come from RFC 5246 / 6655 and from an independent re-computation
// with the crypto primitives (key block, Finished, record nonce and AAD), not from the engine.

#include "iotsec-test.h"

#include "ns3/dtls-handshake-framing.h"
#include "ns3/dtls-record-layer.h"
#include "ns3/dtls-session.h"
#include "ns3/random-variable-stream.h"

#include <algorithm>
#include <functional>
#include <map>
#include <memory>

using namespace ns3;

namespace
{

/**
 * \param s a string
 * \return its bytes
 */
Bytes
B(const std::string& s)
{
    return Bytes(s.begin(), s.end());
}

/**
 * \param b bytes
 * \return them as a string
 */
std::string
S(const Bytes& b)
{
    return std::string(b.begin(), b.end());
}

/// One identity and its key
class OnePsk : public DtlsPskProvider
{
  public:
    bool LookupPsk(const Bytes& identity, Bytes& key) const override
    {
        if (identity != B("backend"))
        {
            return false;
        }
        key = serverKey;
        return true;
    }

    Bytes serverKey = B("0123456789abcdef"); //!< the key the server holds
};

/// One side of the stream: what its engine did
class Side : public DtlsSessionListener
{
  public:
    void DtlsSend(const Bytes& d) override
    {
        out.insert(out.end(), d.begin(), d.end());
        writes.push_back(d);
    }

    void DtlsSetTimer(Time) override
    {
        ++timersArmed;
    }

    void DtlsCancelTimer() override
    {
    }

    void DtlsDeliver(const Bytes& data) override
    {
        delivered.push_back(data);
    }

    void DtlsEventOccurred(const DtlsEvent& e) override
    {
        events.push_back(e);
    }

    void DtlsCryptoWork(const CryptoWork& w) override
    {
        ++work[w.op];
    }

    /**
     * \param type an event type
     * \return how many of them occurred
     */
    uint32_t Count(DtlsEvent::Type type) const
    {
        return static_cast<uint32_t>(
            std::count_if(events.begin(), events.end(), [type](const DtlsEvent& e) {
                return e.type == type;
            }));
    }

    Bytes out;                         //!< bytes written and not yet delivered
    std::vector<Bytes> writes;         //!< every write, in order
    std::vector<Bytes> delivered;      //!< application data delivered
    std::vector<DtlsEvent> events;     //!< events
    std::map<CryptoOp, uint32_t> work; //!< crypto operations
    uint32_t timersArmed{0};           //!< DtlsSetTimer calls (TLS must make none)
    Bytes everything;                  //!< every byte written, for the wire checks
};

/**
 * \brief A TLS client and server engine over an in-memory byte stream. Pump() moves the
 * bytes each side wrote to the other in chunks whose sizes a function chooses, so that
 * records and handshake messages arrive split at every possible point.
 */
class TlsStreamPair
{
  public:
    /// \param chunk the size of the next piece of the stream (at least 1)
    explicit TlsStreamPair(std::function<std::size_t()> chunk = nullptr)
        : m_chunk(std::move(chunk))
    {
        Ptr<UniformRandomVariable> cr = CreateObject<UniformRandomVariable>();
        cr->SetStream(21);
        Ptr<UniformRandomVariable> sr = CreateObject<UniformRandomVariable>();
        sr->SetStream(22);
        m_clientRandom = std::make_unique<StreamEngineRandom>(cr);
        m_serverRandom = std::make_unique<StreamEngineRandom>(sr);
        clientConfig.role = DtlsRole::CLIENT;
        clientConfig.protocol = TlsProtocol::TLS_1_2;
        clientConfig.pskIdentity = B("backend");
        clientConfig.psk = B("0123456789abcdef");
        serverConfig.role = DtlsRole::SERVER;
        serverConfig.protocol = TlsProtocol::TLS_1_2;
        serverConfig.pskIdentityHint = B("iotsec");
    }

    /// \brief Create both engines (after changing the configurations).
    void Create()
    {
        client = std::make_unique<DtlsSession>(clientConfig, *m_clientRandom, c);
        server = std::make_unique<DtlsSession>(serverConfig, *m_serverRandom, s, &psks, &cache);
    }

    /// \param ticket a ticket to offer, or null
    void Connect(const DtlsSessionTicket* ticket = nullptr)
    {
        Create();
        server->Accept(Seconds(1));
        client->Connect(Seconds(1), ticket);
        Pump();
    }

    /// \brief Move bytes both ways until neither side has anything to send.
    void Pump()
    {
        for (int guard = 0; guard < 100000 && (!c.out.empty() || !s.out.empty()); ++guard)
        {
            Move(c, *server);
            Move(s, *client);
        }
    }

    std::unique_ptr<DtlsSession> client; //!< client engine
    std::unique_ptr<DtlsSession> server; //!< server engine
    Side c;                              //!< the client's listener
    Side s;                              //!< the server's listener
    OnePsk psks;                         //!< the server's keys
    DtlsSessionCache cache;              //!< the server's session cache
    DtlsConfig clientConfig;             //!< client configuration
    DtlsConfig serverConfig;             //!< server configuration
    /// applied to each piece of the client's stream before the server reads it
    std::function<void(Bytes&)> tamperToServer;

  private:
    void Move(Side& from, DtlsSession& to)
    {
        if (from.out.empty())
        {
            return;
        }
        std::size_t n = from.out.size();
        if (m_chunk)
        {
            n = std::min(n, std::max<std::size_t>(m_chunk(), 1));
        }
        Bytes piece(from.out.begin(), from.out.begin() + static_cast<std::ptrdiff_t>(n));
        from.out.erase(from.out.begin(), from.out.begin() + static_cast<std::ptrdiff_t>(n));
        from.everything.insert(from.everything.end(), piece.begin(), piece.end());
        if (&from == &c && tamperToServer)
        {
            tamperToServer(piece);
        }
        to.Receive(Seconds(2), piece);
    }

    std::function<std::size_t()> m_chunk;               //!< chunk sizes
    std::unique_ptr<StreamEngineRandom> m_clientRandom; //!< client randomness
    std::unique_ptr<StreamEngineRandom> m_serverRandom; //!< server randomness
};

/// A TLS record as it appears on the wire
struct WireRecord
{
    uint8_t type;     //!< content type
    uint16_t version; //!< version
    Bytes fragment;   //!< fragment
};

/**
 * \brief Split a TLS byte stream into records by the RFC 5246 header alone (the test's own
 * parser, not the record layer under test).
 * \param stream the bytes
 * \return the records
 */
std::vector<WireRecord>
SplitRecords(const Bytes& stream)
{
    std::vector<WireRecord> out;
    std::size_t pos = 0;
    while (pos + 5 <= stream.size())
    {
        std::size_t length = (std::size_t{stream[pos + 3]} << 8) | stream[pos + 4];
        if (pos + 5 + length > stream.size())
        {
            break;
        }
        out.push_back({stream[pos],
                       static_cast<uint16_t>((stream[pos + 1] << 8) | stream[pos + 2]),
                       Bytes(stream.begin() + static_cast<std::ptrdiff_t>(pos + 5),
                             stream.begin() + static_cast<std::ptrdiff_t>(pos + 5 + length))});
        pos += 5 + length;
    }
    return out;
}

/**
 * \param v a 64-bit value
 * \return its 8 big-endian bytes
 */
Bytes
Be64(uint64_t v)
{
    Bytes out(8);
    for (int i = 0; i < 8; ++i)
    {
        out[i] = static_cast<uint8_t>(v >> (56 - 8 * i));
    }
    return out;
}

} // namespace

/**
 * \ingroup iotsec-tests
 * \brief The TLS record layer: 5-byte headers, records reassembled from a stream fed one byte
 * at a time, implicit epochs and sequence numbers, and a broken stream stays broken.
 */
class TlsRecordLayerTestCase : public TestCase
{
  public:
    TlsRecordLayerTestCase()
        : TestCase("TLS record layer: stream reassembly, implicit epoch and sequence, framing")
    {
    }

  private:
    void DoRun() override
    {
        TlsRecordLayer tls;
        DtlsRecord hs;
        hs.type = dtls::HANDSHAKE;
        hs.version = dtls::TLS_1_2;
        hs.fragment = {1, 2, 3};
        Bytes wire = tls.Serialize(hs);
        // RFC 5246, 6.2.1: type, {3,3}, uint16 length, fragment
        NS_TEST_ASSERT_MSG_EQ(wire.size(), 8u, "5-byte header + 3");
        NS_TEST_ASSERT_MSG_EQ((Bytes(wire.begin(), wire.begin() + 5) == Bytes{22, 3, 3, 0, 3}),
                              true,
                              "TLS record header");
        DtlsRecord ccs;
        ccs.type = dtls::CHANGE_CIPHER_SPEC;
        ccs.version = dtls::TLS_1_2;
        ccs.fragment = {1};
        DtlsRecord app;
        app.type = dtls::APPLICATION_DATA;
        app.version = dtls::TLS_1_2;
        app.fragment = Bytes(20, 0xab);
        Bytes stream = wire;
        for (const auto& r : {ccs, app, app})
        {
            Bytes b = tls.Serialize(r);
            stream.insert(stream.end(), b.begin(), b.end());
        }
        std::vector<DtlsRecord> records;
        for (uint8_t byte : stream)
        {
            NS_TEST_ASSERT_MSG_EQ(tls.Input({byte}, records, nullptr), true, "byte by byte");
        }
        IOTSEC_TEST_REQUIRE(records.size() == 4, "four records");
        NS_TEST_ASSERT_MSG_EQ(tls.GetBufferedBytes(), 0u, "nothing left over");
        // epoch 0: handshake (seq 0), ChangeCipherSpec (seq 1); then epoch 1 from 0
        NS_TEST_ASSERT_MSG_EQ(records[0].epoch, 0, "handshake in epoch 0");
        NS_TEST_ASSERT_MSG_EQ(records[1].sequence, 1u, "CCS is epoch 0's second record");
        NS_TEST_ASSERT_MSG_EQ(records[2].epoch, 1, "after CCS: epoch 1");
        NS_TEST_ASSERT_MSG_EQ(records[2].sequence, 0u, "sequence restarts at 0");
        NS_TEST_ASSERT_MSG_EQ(records[3].sequence, 1u, "then counts up");
        NS_TEST_ASSERT_MSG_EQ((records[3].fragment == app.fragment), true, "fragment intact");
        // nonce_explicit / AAD seq_num: TLS's implicit 64-bit number; DTLS's epoch || seq
        NS_TEST_ASSERT_MSG_EQ(tls.GetNonceSequence(records[3]), 1u, "TLS nonce sequence");
        DtlsRecordLayer dtlsLayer;
        DtlsRecord d;
        d.epoch = 1;
        d.sequence = 5;
        NS_TEST_ASSERT_MSG_EQ(dtlsLayer.GetNonceSequence(d),
                              (uint64_t{1} << 48) + 5,
                              "DTLS nonce sequence");

        // a partial header waits; a bad header breaks the stream for good
        TlsRecordLayer broken;
        std::vector<DtlsRecord> none;
        NS_TEST_ASSERT_MSG_EQ(broken.Input({22, 0xfe}, none, nullptr),
                              true,
                              "partial header waits");
        NS_TEST_ASSERT_MSG_EQ(broken.GetBufferedBytes(), 2u, "held");
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(broken.Input({0xfd, 0, 1, 0}, none, &error), false, "DTLS version");
        NS_TEST_ASSERT_MSG_EQ(error, "not a TLS version", "why");
        NS_TEST_ASSERT_MSG_EQ(broken.Input(wire, none, nullptr), false, "stays broken");
        NS_TEST_ASSERT_MSG_EQ(none.size(), 0u, "nothing read");
        TlsRecordLayer twoCcs;
        Bytes c = tls.Serialize(ccs);
        Bytes cc = c;
        cc.insert(cc.end(), c.begin(), c.end());
        NS_TEST_ASSERT_MSG_EQ(twoCcs.Input(cc, none, &error), false, "second CCS");
        TlsRecordLayer tooLong;
        NS_TEST_ASSERT_MSG_EQ(tooLong.Input({23, 3, 3, 0x48, 0x01}, none, &error),
                              false,
                              "2^14 + 2048 + 1 bytes");
        NS_TEST_ASSERT_MSG_EQ(error, "record too long", "why");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief TLS handshake framing: 4-byte headers, messages concatenated and split across
 * records, numbered in arrival order; Finished only in epoch 1; bounded message length.
 */
class TlsHandshakeFramingTestCase : public TestCase
{
  public:
    TlsHandshakeFramingTestCase()
        : TestCase("TLS handshake framing: 4-byte headers across record boundaries")
    {
    }

  private:
    void DoRun() override
    {
        TlsHandshakeFraming framing(100);
        auto pieces = framing.Frame(dtls::SERVER_HELLO, 7, Bytes(10, 0x55), 0);
        IOTSEC_TEST_REQUIRE(pieces.size() == 1, "one piece");
        NS_TEST_ASSERT_MSG_EQ((Bytes(pieces[0].begin(), pieces[0].begin() + 4) ==
                               Bytes{dtls::SERVER_HELLO, 0, 0, 10}),
                              true,
                              "RFC 5246 7.4 header: type, uint24 length (no message_seq)");
        auto split = framing.Frame(dtls::SERVER_HELLO, 0, Bytes(10, 0x55), 6);
        NS_TEST_ASSERT_MSG_EQ(split.size(), 3u, "14 bytes in pieces of 6");
        // ServerHello + ServerHelloDone in one record, then split over three more
        Bytes stream = pieces[0];
        Bytes done = framing.Frame(dtls::SERVER_HELLO_DONE, 0, Bytes(), 0)[0];
        stream.insert(stream.end(), done.begin(), done.end());
        HandshakeFraming::Report report;
        NS_TEST_ASSERT_MSG_EQ(
            framing.Add(Bytes(stream.begin(), stream.begin() + 3), 0, report, nullptr),
            true,
            "partial header");
        uint8_t type;
        uint16_t seq;
        Bytes body;
        NS_TEST_ASSERT_MSG_EQ(framing.PopNext(type, seq, body), false, "nothing complete yet");
        NS_TEST_ASSERT_MSG_EQ(
            framing.Add(Bytes(stream.begin() + 3, stream.end()), 0, report, nullptr),
            true,
            "rest");
        IOTSEC_TEST_REQUIRE(framing.PopNext(type, seq, body), "ServerHello");
        NS_TEST_ASSERT_MSG_EQ(+type, +dtls::SERVER_HELLO, "type");
        NS_TEST_ASSERT_MSG_EQ(seq, 0, "first message");
        NS_TEST_ASSERT_MSG_EQ(body.size(), 10u, "body");
        IOTSEC_TEST_REQUIRE(framing.PopNext(type, seq, body), "ServerHelloDone");
        NS_TEST_ASSERT_MSG_EQ(seq, 1, "numbered in order");
        NS_TEST_ASSERT_MSG_EQ(body.size(), 0u, "empty body");
        NS_TEST_ASSERT_MSG_EQ(framing.GetBufferedBytes(), 0u, "nothing held");
        // a Finished in epoch 0 is not released
        Bytes fin = framing.Frame(dtls::FINISHED, 0, Bytes(12, 1), 0)[0];
        NS_TEST_ASSERT_MSG_EQ(framing.Add(fin, 0, report, nullptr), true, "parses");
        NS_TEST_ASSERT_MSG_EQ(report.unexpectedEpoch, 1u, "Finished in epoch 0");
        NS_TEST_ASSERT_MSG_EQ(framing.PopNext(type, seq, body), false, "not released");
        // longer than maxMessageBytes
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(framing.Add({dtls::CLIENT_HELLO, 0, 0, 101}, 0, report, &error),
                              false,
                              "101 > 100 bytes");
        NS_TEST_ASSERT_MSG_EQ(error, "handshake message of 101 bytes", "why");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief A full TLS_PSK_WITH_AES_128_CCM_8 handshake over a stream cut into pieces of 1 to
 * 7 bytes: four flights and no timers; Finished equals the PRF over the TLS-framed
 * transcript, recomputed here; an application record decrypts with the key block recomputed
 * from the master secret and the randoms on the wire, under TLS's nonce and AAD.
 */
class TlsFullHandshakeTestCase : public TestCase
{
  public:
    TlsFullHandshakeTestCase()
        : TestCase("TLS full handshake over a cut stream: Finished and records recomputed")
    {
    }

  private:
    void DoRun() override
    {
        uint32_t k = 0;
        TlsStreamPair p([&k]() { return 1 + (k++ % 7); });
        p.Connect();
        NS_TEST_ASSERT_MSG_EQ(p.client->GetState(), DtlsSession::ESTABLISHED, "client");
        NS_TEST_ASSERT_MSG_EQ(p.server->GetState(), DtlsSession::ESTABLISHED, "server");
        NS_TEST_ASSERT_MSG_EQ(p.client->GetStats().flights,
                              4u,
                              "CH | SH SKE SHD | CKE CCS Fin | CCS Fin");
        NS_TEST_ASSERT_MSG_EQ(p.server->GetStats().flights, 4u, "server counts the same");
        NS_TEST_ASSERT_MSG_EQ(p.c.timersArmed + p.s.timersArmed, 0u, "no retransmission timers");
        NS_TEST_ASSERT_MSG_EQ(p.c.writes.size(), 2u, "client wrote flights 1 and 3");
        NS_TEST_ASSERT_MSG_EQ(p.s.writes.size(), 2u, "server wrote flights 2 and 4");
        NS_TEST_ASSERT_MSG_EQ(S(p.server->GetPskIdentity()), "backend", "identity");

        NS_TEST_ASSERT_MSG_EQ(p.client->Send(Seconds(3), B("GET /light HTTP/1.1")), true, "send");
        NS_TEST_ASSERT_MSG_EQ(p.server->Send(Seconds(3), B("HTTP/1.1 200 OK")), true, "reply");
        p.Pump();
        IOTSEC_TEST_REQUIRE(p.s.delivered.size() == 1 && p.c.delivered.size() == 1, "data");
        NS_TEST_ASSERT_MSG_EQ(S(p.s.delivered[0]), "GET /light HTTP/1.1", "server got it");
        NS_TEST_ASSERT_MSG_EQ(S(p.c.delivered[0]), "HTTP/1.1 200 OK", "client got it");

        // The wire, parsed by the test's own splitter: every record has a 5-byte {3,3} header
        auto toServer = SplitRecords(p.c.everything);
        auto toClient = SplitRecords(p.s.everything);
        // CH, CKE, CCS, Fin, data | SH, SKE, SHD, CCS, Fin, data
        IOTSEC_TEST_REQUIRE(toServer.size() == 5, "client records");
        IOTSEC_TEST_REQUIRE(toClient.size() == 6, "server records");
        for (const auto& r : toServer)
        {
            NS_TEST_ASSERT_MSG_EQ(r.version, dtls::TLS_1_2, "{3,3}");
        }
        // the ClientHello has no cookie: it parses as a TLS ClientHello to its last byte
        Bytes chBody(toServer[0].fragment.begin() + 4, toServer[0].fragment.end());
        DtlsClientHello ch;
        NS_TEST_ASSERT_MSG_EQ(ch.Parse(chBody, false, nullptr), true, "TLS ClientHello");
        NS_TEST_ASSERT_MSG_EQ(ch.clientVersion, dtls::TLS_1_2, "client_version {3,3}");
        Bytes shBody(toClient[0].fragment.begin() + 4, toClient[0].fragment.end());
        DtlsServerHello sh;
        IOTSEC_TEST_REQUIRE(sh.Parse(shBody, nullptr), "ServerHello");
        NS_TEST_ASSERT_MSG_EQ(sh.serverVersion, dtls::TLS_1_2, "server_version {3,3}");
        NS_TEST_ASSERT_MSG_EQ(+toClient[3].type, +dtls::CHANGE_CIPHER_SPEC, "CCS");

        // Finished = PRF(master, label, SHA-256(handshake messages with 4-byte headers))
        Bytes master = p.client->GetTicket().masterSecret;
        IOTSEC_TEST_REQUIRE(master.size() == 48, "master secret");
        Bytes transcript; // CH, SH, SKE, SHD, CKE as on the wire
        for (const auto* r : {&toServer[0], &toClient[0], &toClient[1], &toClient[2], &toServer[1]})
        {
            transcript.insert(transcript.end(), r->fragment.begin(), r->fragment.end());
        }
        Bytes clientFinished =
            Crypto::Tls12PrfSha256(master, "client finished", Crypto::Sha256(transcript), 12);

        // key block (RFC 5246 6.3): client_write_key, server_write_key, client IV, server IV
        Bytes seed = sh.random;
        seed.insert(seed.end(), ch.random.begin(), ch.random.end());
        Bytes block = Crypto::Tls12PrfSha256(master, "key expansion", seed, 40);
        Bytes clientKey(block.begin(), block.begin() + 16);
        Bytes clientIv(block.begin() + 32, block.begin() + 36);
        auto open = [&](const WireRecord& r, uint64_t seq, Bytes& plain) {
            // RFC 6655: nonce = salt(4) || nonce_explicit(8); AAD = seq_num(8) || type ||
            // version || length, with TLS's implicit sequence number
            Bytes nonce = clientIv;
            nonce.insert(nonce.end(), r.fragment.begin(), r.fragment.begin() + 8);
            Bytes aad = Be64(seq);
            std::size_t length = r.fragment.size() - 16;
            aad.push_back(r.type);
            aad.push_back(3);
            aad.push_back(3);
            aad.push_back(static_cast<uint8_t>(length >> 8));
            aad.push_back(static_cast<uint8_t>(length));
            Bytes sealed(r.fragment.begin() + 8, r.fragment.end());
            return Crypto::AesCcmOpen(clientKey, nonce, aad, sealed, 8, plain);
        };
        Bytes finishedPlain;
        IOTSEC_TEST_REQUIRE(open(toServer[3], 0, finishedPlain), "Finished opens at seq 0");
        IOTSEC_TEST_REQUIRE(finishedPlain.size() == 16, "a 4-byte header and 12 bytes");
        NS_TEST_ASSERT_MSG_EQ((Bytes(finishedPlain.begin(), finishedPlain.begin() + 4) ==
                               Bytes{dtls::FINISHED, 0, 0, 12}),
                              true,
                              "Finished's TLS header");
        NS_TEST_ASSERT_MSG_EQ(
            (Bytes(finishedPlain.begin() + 4, finishedPlain.end()) == clientFinished),
            true,
            "client Finished over the TLS-framed transcript");
        NS_TEST_ASSERT_MSG_EQ(
            (Bytes(toServer[3].fragment.begin(), toServer[3].fragment.begin() + 8) == Be64(0)),
            true,
            "nonce_explicit is the sequence number");
        Bytes data;
        IOTSEC_TEST_REQUIRE(open(toServer[4], 1, data), "application record opens at seq 1");
        NS_TEST_ASSERT_MSG_EQ(S(data), "GET /light HTTP/1.1", "plaintext");
        NS_TEST_ASSERT_MSG_EQ(toServer[4].fragment.size(), 8u + 19u + 8u, "nonce + data + tag");
        NS_TEST_ASSERT_MSG_EQ(open(toServer[4], 2, data), false, "wrong implicit seq fails");
        // the engine's own transcript, re-encoded as TLS, is the same bytes
        NS_TEST_ASSERT_MSG_EQ(p.client->GetTranscript().GetMessages().size(), 7u, "7 messages");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Over a stream every error is fatal (RFC 5246, 7.2.2): a flipped bit in an
 * application record breaks the connection with a bad_record_mac alert; a wrong PSK fails
 * the handshake at the Finished; garbage instead of a record header is a decode_error.
 */
class TlsFatalErrorsTestCase : public TestCase
{
  public:
    TlsFatalErrorsTestCase()
        : TestCase("TLS: tampered record, wrong PSK and garbage are fatal with alerts")
    {
    }

  private:
    static bool SentAlert(const Side& side, uint8_t description)
    {
        return std::any_of(side.events.begin(),
                           side.events.end(),
                           [description](const DtlsEvent& e) {
                               return e.type == DtlsEvent::ALERT_SENT &&
                                      e.alertLevel == dtls::FATAL &&
                                      e.alertDescription == description;
                           });
    }

    void DoRun() override
    {
        {
            TlsStreamPair p;
            p.Connect();
            IOTSEC_TEST_REQUIRE(p.server->GetState() == DtlsSession::ESTABLISHED, "established");
            p.tamperToServer = [](Bytes& piece) { piece[piece.size() - 3] ^= 0x10; };
            p.client->Send(Seconds(3), B("switch off"));
            p.Pump();
            NS_TEST_ASSERT_MSG_EQ(p.s.delivered.size(), 0u, "nothing delivered");
            NS_TEST_ASSERT_MSG_EQ(p.server->GetState(), DtlsSession::FAILED, "connection broken");
            NS_TEST_ASSERT_MSG_EQ(SentAlert(p.s, dtls::BAD_RECORD_MAC), true, "bad_record_mac");
            NS_TEST_ASSERT_MSG_EQ(p.server->GetRejected(DtlsRejectReason::BAD_RECORD_MAC),
                                  1u,
                                  "counted");
            NS_TEST_ASSERT_MSG_EQ(p.client->GetState(), DtlsSession::FAILED, "client told");
            p.tamperToServer = nullptr;
            NS_TEST_ASSERT_MSG_EQ(p.client->Send(Seconds(4), B("again")), false, "no more data");
        }
        {
            TlsStreamPair p;
            p.psks.serverKey = B("fedcba9876543210");
            p.Connect();
            NS_TEST_ASSERT_MSG_EQ(p.server->GetState(), DtlsSession::FAILED, "server failed");
            NS_TEST_ASSERT_MSG_EQ(p.client->GetState(), DtlsSession::FAILED, "client failed");
            NS_TEST_ASSERT_MSG_EQ(SentAlert(p.s, dtls::BAD_RECORD_MAC),
                                  true,
                                  "the client's Finished does not open under the server's key");
            NS_TEST_ASSERT_MSG_EQ(p.s.Count(DtlsEvent::HANDSHAKE_COMPLETE), 0u, "no completion");
        }
        {
            TlsStreamPair p;
            p.Create();
            p.server->Accept(Seconds(1));
            p.server->Receive(Seconds(1), B("GET / HTTP/1.1\r\n\r\n"));
            NS_TEST_ASSERT_MSG_EQ(p.server->GetState(), DtlsSession::FAILED, "not TLS");
            NS_TEST_ASSERT_MSG_EQ(SentAlert(p.s, dtls::DECODE_ERROR), true, "decode_error");
            auto records = SplitRecords(p.s.out);
            IOTSEC_TEST_REQUIRE(records.size() == 1, "the alert is a TLS record");
            NS_TEST_ASSERT_MSG_EQ(+records[0].type, +dtls::ALERT, "alert record");
            NS_TEST_ASSERT_MSG_EQ((records[0].fragment == Bytes{2, dtls::DECODE_ERROR}),
                                  true,
                                  "fatal decode_error in the clear");
        }
        {
            // a DTLS ClientHello ({254,253}) inside TLS records is refused
            TlsStreamPair p;
            p.clientConfig.protocol = TlsProtocol::DTLS_1_2;
            p.Create();
            p.server->Accept(Seconds(1));
            p.client->Connect(Seconds(1));
            NS_TEST_ASSERT_MSG_EQ(p.server->GetState(), DtlsSession::HANDSHAKING, "waiting");
            p.server->Receive(Seconds(1), p.c.out);
            NS_TEST_ASSERT_MSG_EQ(p.server->GetState(), DtlsSession::FAILED, "refused");
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief TLS session resumption: three flights (CH | SH CCS Fin | CCS Fin) with the session
 * cache; data flows afterwards.
 */
class TlsResumptionTestCase : public TestCase
{
  public:
    TlsResumptionTestCase()
        : TestCase("TLS session resumption: 3 flights, fewer bytes")
    {
    }

  private:
    void DoRun() override
    {
        TlsStreamPair p;
        p.Connect();
        IOTSEC_TEST_REQUIRE(p.client->GetState() == DtlsSession::ESTABLISHED, "first");
        DtlsSessionTicket ticket = p.client->GetTicket();
        uint64_t fullBytes = p.c.everything.size() + p.s.everything.size();
        IOTSEC_TEST_REQUIRE(ticket.IsValid(), "ticket");
        p.c.everything.clear();
        p.s.everything.clear();
        p.Connect(&ticket);
        NS_TEST_ASSERT_MSG_EQ(p.client->GetState(), DtlsSession::ESTABLISHED, "resumed");
        NS_TEST_ASSERT_MSG_EQ(p.client->GetStats().resumed, true, "abbreviated");
        NS_TEST_ASSERT_MSG_EQ(p.client->GetStats().flights, 3u, "three flights");
        NS_TEST_ASSERT_MSG_LT(p.c.everything.size() + p.s.everything.size(),
                              fullBytes,
                              "fewer bytes");
        p.client->Send(Seconds(3), B("hi"));
        p.Pump();
        NS_TEST_ASSERT_MSG_EQ(p.s.delivered.size(), 1u, "data after resumption");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief TLS 1.2 on the shared (D)TLS engine.
 */
class TlsEngineTestSuite : public TestSuite
{
  public:
    TlsEngineTestSuite()
        : TestSuite("iotsec-tls-engine", TestSuite::Type::UNIT)
    {
        AddTestCase(new TlsRecordLayerTestCase, iotsectest::QUICK);
        AddTestCase(new TlsHandshakeFramingTestCase, iotsectest::QUICK);
        AddTestCase(new TlsFullHandshakeTestCase, iotsectest::QUICK);
        AddTestCase(new TlsFatalErrorsTestCase, iotsectest::QUICK);
        AddTestCase(new TlsResumptionTestCase, iotsectest::QUICK);
    }
};

/// The suite's single instance
static TlsEngineTestSuite g_tlsEngineTestSuite;
