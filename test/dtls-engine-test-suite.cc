/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The DTLS 1.2 engine (DtlsSession, DtlsServerEngine) driven directly: a client and a server
// joined by an in-memory link with a fixed delay and a drop rule, in simulated time.

#include "dtls-test-util.h"
#include "iotsec-test.h"

#include "ns3/dtls-replay-window.h"
#include "ns3/dtls-server-engine.h"
#include "ns3/dtls-session.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"

#include <functional>
#include <map>
#include <memory>

using namespace ns3;

namespace
{

/// A datagram on the test link
struct Datagram
{
    bool fromClient;     //!< direction
    uint32_t flight;     //!< flight announced before it (0: not a handshake flight)
    bool retransmission; //!< announced as a retransmission
    Bytes data;          //!< bytes
};

/// An event with its time and side
struct Logged
{
    Time at;         //!< when
    bool client;     //!< which side
    DtlsEvent event; //!< what
};

/// PSKs for the server (and for a client that looks its key up)
class TestPsks : public DtlsPskProvider
{
  public:
    bool LookupPsk(const Bytes& identity, Bytes& key) const override
    {
        auto it = keys.find(identity);
        if (it == keys.end())
        {
            return false;
        }
        key = it->second;
        return true;
    }

    uint64_t GetPskGeneration(const Bytes& identity) const override
    {
        auto it = generations.find(identity);
        return it == generations.end() ? 0 : it->second;
    }

    /**
     * \brief Give an identity a new key, as DtlsPskStore::SetPsk does (the generation moves).
     * \param identity the identity
     * \param key the key
     */
    void Rekey(const Bytes& identity, const Bytes& key)
    {
        keys[identity] = key;
        ++generations[identity];
    }

    /**
     * \brief Remove an identity, as DtlsPskStore::RemovePsk does (the generation moves).
     * \param identity the identity
     */
    void Remove(const Bytes& identity)
    {
        keys.erase(identity);
        ++generations[identity];
    }

    std::map<Bytes, Bytes> keys;           //!< identity -> key
    std::map<Bytes, uint64_t> generations; //!< identity -> key generation
};

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
 * \return them as a string (for the NS_TEST macros, which print what they compare)
 */
std::string
S(const Bytes& b)
{
    return std::string(b.begin(), b.end());
}

const std::string kPeer = "client:1"; //!< the client's peer key at the server

/**
 * \brief A DTLS client and server over an in-memory link, in simulated time.
 */
class DtlsPair : public DtlsServerListener
{
  public:
    /// The client's side of the listener interface
    class ClientSide : public DtlsSessionListener
    {
      public:
        /// \param pair the pair
        explicit ClientSide(DtlsPair& pair)
            : m_pair(pair)
        {
        }

        void DtlsSend(const Bytes& d) override
        {
            m_pair.Transmit(true, d);
        }

        void DtlsSetTimer(Time deadline) override
        {
            m_pair.m_clientTimer.Cancel();
            m_pair.m_clientTimer =
                Simulator::Schedule(deadline - Simulator::Now(), &DtlsPair::ClientTimeout, &m_pair);
        }

        void DtlsCancelTimer() override
        {
            m_pair.m_clientTimer.Cancel();
        }

        void DtlsDeliver(const Bytes& data) override
        {
            m_pair.clientReceived.push_back(data);
        }

        void DtlsEventOccurred(const DtlsEvent& e) override
        {
            m_pair.Log(true, e);
        }

        void DtlsCryptoWork(const CryptoWork& w) override
        {
            ++m_pair.clientWork[w.op];
        }

      private:
        DtlsPair& m_pair; //!< the pair
    };

    /**
     * \param clientConfig client configuration
     * \param serverConfig server configuration
     */
    DtlsPair(DtlsConfig clientConfig, DtlsConfig serverConfig)
        : m_clientSide(*this)
    {
        Ptr<UniformRandomVariable> cr = CreateObject<UniformRandomVariable>();
        cr->SetStream(11);
        Ptr<UniformRandomVariable> sr = CreateObject<UniformRandomVariable>();
        sr->SetStream(12);
        m_clientRandom = std::make_unique<StreamEngineRandom>(cr);
        m_serverRandom = std::make_unique<StreamEngineRandom>(sr);
        clientConfig.role = DtlsRole::CLIENT;
        serverConfig.role = DtlsRole::SERVER;
        m_clientConfig = clientConfig;
        psks.Rekey(B("sensor-1"), B("0123456789abcdef")); // generation 1
        server = std::make_unique<DtlsServerEngine>(serverConfig, *m_serverRandom, *this, psks);
        NewClient();
    }

    ~DtlsPair() override
    {
        Simulator::Destroy();
    }

    /// \brief Replace the client engine (keeping the link and the server).
    void NewClient()
    {
        client = std::make_unique<DtlsSession>(m_clientConfig,
                                               *m_clientRandom,
                                               m_clientSide,
                                               m_clientLooksUp ? &clientPsks : nullptr);
    }

    /**
     * \brief From now on, client engines look their key up in clientPsks (which starts with
     * the server's key), at every ClientHello, instead of taking DtlsConfig::psk.
     */
    void ClientLooksUpKeys()
    {
        m_clientLooksUp = true;
        m_clientConfig.psk.clear();
        clientPsks.Rekey(B("sensor-1"), B("0123456789abcdef"));
        NewClient();
    }

    /// \param key the DtlsConfig::psk of the client engines created from now on
    void SetClientKey(const Bytes& key)
    {
        m_clientConfig.psk = key;
    }

    /**
     * \param at when the client starts
     * \param ticket resumption ticket, or null
     */
    void ConnectAt(Time at, const DtlsSessionTicket* ticket = nullptr)
    {
        DtlsSessionTicket copy;
        if (ticket != nullptr)
        {
            copy = *ticket;
        }
        Simulator::Schedule(at, [this, copy]() {
            client->Connect(Simulator::Now(), copy.IsValid() ? &copy : nullptr);
        });
    }

    /// \param until when to stop
    void Run(Time until = Seconds(600))
    {
        Simulator::Stop(until);
        Simulator::Run();
    }

    // DtlsServerListener
    void DtlsSendTo(const std::string& peer, const Bytes& d) override
    {
        NS_ABORT_UNLESS(peer == kPeer);
        Transmit(false, d);
    }

    void DtlsSetTimer(const std::string& peer, Time deadline) override
    {
        m_serverTimer.Cancel();
        m_serverTimer =
            Simulator::Schedule(deadline - Simulator::Now(), &DtlsPair::ServerTimeout, this, peer);
    }

    void DtlsCancelTimer(const std::string& /* peer */) override
    {
        m_serverTimer.Cancel();
    }

    void DtlsDeliver(const std::string& /* peer */, const Bytes& data) override
    {
        serverReceived.push_back(data);
    }

    void DtlsEventOccurred(const std::string& /* peer */, const DtlsEvent& e) override
    {
        Log(false, e);
    }

    void DtlsCryptoWork(const CryptoWork& w) override
    {
        ++serverWork[w.op];
    }

    bool DtlsAdmit(const std::string& /* peer */) override
    {
        return admit;
    }

    /**
     * \param client which side
     * \param type an event type
     * \return events of that type on that side
     */
    std::vector<Logged> Events(bool client, DtlsEvent::Type type) const
    {
        std::vector<Logged> out;
        for (const auto& l : log)
        {
            if (l.client == client && l.event.type == type)
            {
                out.push_back(l);
            }
        }
        return out;
    }

    std::unique_ptr<DtlsSession> client;       //!< client engine
    std::unique_ptr<DtlsServerEngine> server;  //!< server engine
    TestPsks psks;                             //!< server PSKs
    TestPsks clientPsks;                       //!< client PSKs (ClientLooksUpKeys)
    std::function<bool(const Datagram&)> drop; //!< drop rule (true: drop)
    std::function<void(Datagram&)> tamper;     //!< modify datagrams in flight
    std::vector<Datagram> wire;                //!< every datagram sent
    std::vector<Logged> log;                   //!< every event
    std::vector<Bytes> clientReceived;         //!< data delivered to the client
    std::vector<Bytes> serverReceived;         //!< data delivered to the server
    std::map<CryptoOp, uint32_t> clientWork;   //!< client crypto operations
    std::map<CryptoOp, uint32_t> serverWork;   //!< server crypto operations
    Time delay{MilliSeconds(5)};               //!< one-way delay
    bool admit{true};                          //!< server admits associations

  private:
    void Log(bool isClient, const DtlsEvent& e)
    {
        log.push_back({Simulator::Now(), isClient, e});
        uint32_t flight = 0;
        bool retransmission = false;
        if (e.type == DtlsEvent::FLIGHT_SENT || e.type == DtlsEvent::HELLO_VERIFY_SENT)
        {
            flight = e.flight;
            retransmission = e.retransmission;
        }
        (isClient ? m_clientTag : m_serverTag) = {flight, retransmission};
    }

    void Transmit(bool fromClient, const Bytes& d)
    {
        auto tag = fromClient ? m_clientTag : m_serverTag;
        Datagram dg{fromClient, tag.first, tag.second, d};
        wire.push_back(dg);
        if (drop && drop(dg))
        {
            return;
        }
        if (tamper)
        {
            tamper(dg);
        }
        Simulator::Schedule(delay, &DtlsPair::Deliver, this, fromClient, dg.data);
    }

    void Deliver(bool fromClient, Bytes d)
    {
        if (fromClient)
        {
            server->Receive(Simulator::Now(), kPeer, d);
        }
        else
        {
            client->Receive(Simulator::Now(), d);
        }
    }

    void ClientTimeout()
    {
        client->Timeout(Simulator::Now());
    }

    void ServerTimeout(std::string peer)
    {
        server->Timeout(Simulator::Now(), peer);
    }

    ClientSide m_clientSide;                            //!< client listener
    DtlsConfig m_clientConfig;                          //!< client configuration
    bool m_clientLooksUp{false};                        //!< client engines get clientPsks
    std::unique_ptr<StreamEngineRandom> m_clientRandom; //!< client randomness
    std::unique_ptr<StreamEngineRandom> m_serverRandom; //!< server randomness
    EventId m_clientTimer;                              //!< client timer
    EventId m_serverTimer;                              //!< server timer
    std::pair<uint32_t, bool> m_clientTag{0, false};    //!< what the client sends now
    std::pair<uint32_t, bool> m_serverTag{0, false};    //!< what the server sends now
};

/// \return a client configuration with the test PSK
DtlsConfig
ClientConfig()
{
    DtlsConfig c;
    c.pskIdentity = B("sensor-1");
    c.psk = B("0123456789abcdef");
    return c;
}

/// \return a server configuration
DtlsConfig
ServerConfig()
{
    DtlsConfig c;
    c.pskIdentityHint = B("iotsec");
    return c;
}

} // namespace

/**
 * \ingroup iotsec-tests
 * \brief A full handshake with the cookie exchange: six flights, keys agree, data flows both
 * ways, and the crypto work is reported.
 */
class DtlsFullHandshakeTestCase : public TestCase
{
  public:
    DtlsFullHandshakeTestCase()
        : TestCase("full PSK handshake with cookie: 6 flights, data both ways")
    {
    }

  private:
    void DoRun() override
    {
        DtlsPair p(ClientConfig(), ServerConfig());
        p.ConnectAt(Seconds(1));
        Simulator::Schedule(Seconds(2), [&p]() {
            NS_ABORT_UNLESS(p.client->Send(Simulator::Now(), B("PUT /light on")));
            NS_ABORT_UNLESS(p.server->Send(Simulator::Now(), kPeer, B("2.04 Changed")));
        });
        p.Run();

        NS_TEST_ASSERT_MSG_EQ(p.client->GetState(), DtlsSession::ESTABLISHED, "client");
        DtlsSession* s = p.server->Find(kPeer);
        IOTSEC_TEST_REQUIRE(s != nullptr, "server association");
        NS_TEST_ASSERT_MSG_EQ(s->GetState(), DtlsSession::ESTABLISHED, "server");
        NS_TEST_ASSERT_MSG_EQ(std::string(s->GetPskIdentity().begin(), s->GetPskIdentity().end()),
                              "sensor-1",
                              "identity");
        NS_TEST_ASSERT_MSG_EQ(p.client->GetStats().flights, 6u, "client sees flights 1-6");
        NS_TEST_ASSERT_MSG_EQ(s->GetStats().flights, 6u, "server sees flights 1-6");
        NS_TEST_ASSERT_MSG_EQ(p.client->GetStats().retransmissions, 0u, "no loss");
        NS_TEST_ASSERT_MSG_EQ(p.server->GetHelloVerifyRequests(), 1u, "one HVR");
        // both sides hashed the same transcript (CH2, SH, SKE, SHD, CKE, Fin, Fin)
        NS_TEST_ASSERT_MSG_EQ(p.client->GetTranscript().GetMessages().size(), 7u, "messages");
        NS_TEST_ASSERT_MSG_EQ((p.client->GetTranscript().Hash() == s->GetTranscript().Hash()),
                              true,
                              "transcripts agree");
        NS_TEST_ASSERT_MSG_EQ(p.serverReceived.size(), 1u, "server got the data");
        NS_TEST_ASSERT_MSG_EQ(std::string(p.serverReceived[0].begin(), p.serverReceived[0].end()),
                              "PUT /light on",
                              "server data");
        NS_TEST_ASSERT_MSG_EQ(p.clientReceived.size(), 1u, "client got the data");
        // The flights on the wire, in order: 1, 2, 3, 4, 5, 6
        std::vector<uint32_t> flights;
        for (const auto& d : p.wire)
        {
            if (d.flight != 0 && (flights.empty() || flights.back() != d.flight))
            {
                flights.push_back(d.flight);
            }
        }
        NS_TEST_ASSERT_MSG_EQ(flights.size(), 6u, "six flights on the wire");
        for (uint32_t k = 0; k < flights.size(); ++k)
        {
            NS_TEST_ASSERT_MSG_EQ(flights[k], k + 1, "flight order");
        }
        // Crypto work: master secret, key block and two Finished per side; records sealed
        NS_TEST_ASSERT_MSG_EQ(p.clientWork[CryptoOp::PRF_SHA256], 4u, "client PRF calls");
        NS_TEST_ASSERT_MSG_EQ(p.serverWork[CryptoOp::PRF_SHA256], 4u, "server PRF calls");
        NS_TEST_ASSERT_MSG_EQ(p.serverWork[CryptoOp::HMAC_SHA256], 2u, "two cookie checks");
        NS_TEST_ASSERT_MSG_GT(p.clientWork[CryptoOp::AES_CCM_SEAL], 1u, "Finished + data");
        NS_TEST_ASSERT_MSG_GT(s->GetStateBytes(), 150u, "state bytes reported");
        NS_TEST_ASSERT_MSG_LT(s->GetStateBytes(), 600u, "state bytes plausible");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Without the cookie exchange the handshake has 4 flights; handshake fragmentation to
 * a small MTU, with reordered and duplicated fragments, still completes.
 */
class DtlsFragmentationTestCase : public TestCase
{
  public:
    DtlsFragmentationTestCase()
        : TestCase("no cookie: 4 flights; fragments out of order and duplicated reassemble")
    {
    }

  private:
    void DoRun() override
    {
        {
            DtlsConfig sc = ServerConfig();
            sc.cookieExchange = false;
            DtlsPair p(ClientConfig(), sc);
            p.ConnectAt(Seconds(1));
            p.Run();
            NS_TEST_ASSERT_MSG_EQ(p.client->GetState(), DtlsSession::ESTABLISHED, "no cookie");
            NS_TEST_ASSERT_MSG_EQ(p.client->GetStats().flights, 4u, "flights 1, 4, 5, 6");
            NS_TEST_ASSERT_MSG_EQ(p.server->GetHelloVerifyRequests(), 0u, "no HVR");
        }
        {
            DtlsConfig cc = ClientConfig();
            DtlsConfig sc = ServerConfig();
            cc.handshakeMtu = 64;
            sc.handshakeMtu = 64;
            DtlsPair p(cc, sc);
            // Deliver every other datagram twice and hold back every third one: fragments
            // arrive duplicated and out of order.
            p.delay = MilliSeconds(5);
            std::vector<Datagram> seen;
            p.drop = [&p, &seen](const Datagram& d) {
                seen.push_back(d);
                std::size_t i = seen.size();
                if (i % 2 == 0)
                {
                    Simulator::Schedule(MilliSeconds(1), [&p, d]() {
                        if (d.fromClient)
                        {
                            p.server->Receive(Simulator::Now(), kPeer, d.data);
                        }
                        else
                        {
                            p.client->Receive(Simulator::Now(), d.data);
                        }
                    });
                }
                if (i % 3 == 0)
                {
                    Simulator::Schedule(MilliSeconds(40), [&p, d]() {
                        if (d.fromClient)
                        {
                            p.server->Receive(Simulator::Now(), kPeer, d.data);
                        }
                        else
                        {
                            p.client->Receive(Simulator::Now(), d.data);
                        }
                    });
                    return true; // delivered late instead
                }
                return false;
            };
            p.ConnectAt(Seconds(1));
            p.Run();
            NS_TEST_ASSERT_MSG_EQ(p.client->GetState(), DtlsSession::ESTABLISHED, "fragmented");
            DtlsSession* s = p.server->Find(kPeer);
            IOTSEC_TEST_REQUIRE(s != nullptr, "server");
            NS_TEST_ASSERT_MSG_EQ(s->GetState(), DtlsSession::ESTABLISHED, "server fragmented");
            for (const auto& d : p.wire)
            {
                if (d.flight != 1 && d.flight != 3) // ClientHellos are never fragmented
                {
                    NS_TEST_ASSERT_MSG_LT_OR_EQ(d.data.size(), 64u, "datagrams fit the MTU");
                }
            }
            uint32_t flight4 = 0;
            for (const auto& d : p.wire)
            {
                flight4 += (d.flight == 4 && !d.retransmission) ? 1 : 0;
            }
            // the 77-byte ServerHello alone needs two 39-byte fragments at a 64-byte MTU
            NS_TEST_ASSERT_MSG_GT_OR_EQ(flight4, 3u, "flight 4 was split into fragments");
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Wrong keys and unknown identities fail the handshake on both sides, with alerts.
 */
class DtlsKeyFailureTestCase : public TestCase
{
  public:
    DtlsKeyFailureTestCase()
        : TestCase("wrong PSK and unknown identity fail cleanly on both sides")
    {
    }

  private:
    void DoRun() override
    {
        {
            DtlsConfig cc = ClientConfig();
            cc.psk = B("fedcba9876543210");
            DtlsPair p(cc, ServerConfig());
            p.ConnectAt(Seconds(1));
            p.Run();
            NS_TEST_ASSERT_MSG_EQ(p.client->GetState(), DtlsSession::FAILED, "client fails");
            auto cf = p.Events(true, DtlsEvent::HANDSHAKE_FAILED);
            auto sf = p.Events(false, DtlsEvent::HANDSHAKE_FAILED);
            NS_TEST_ASSERT_MSG_EQ(cf.size(), 1u, "client failure traced");
            NS_TEST_ASSERT_MSG_EQ(sf.size(), 1u, "server failure traced");
            NS_TEST_ASSERT_MSG_NE(sf[0].event.reason.find("bad_record_mac"),
                                  std::string::npos,
                                  "server: " << sf[0].event.reason);
            NS_TEST_ASSERT_MSG_NE(cf[0].event.reason.find("bad_record_mac"),
                                  std::string::npos,
                                  "client learns it from the alert: " << cf[0].event.reason);
            NS_TEST_ASSERT_MSG_EQ(p.server->Find(kPeer), nullptr, "server forgot the peer");
            NS_TEST_ASSERT_MSG_LT(cf[0].at, Seconds(2), "fails at once, without timeouts");
        }
        {
            DtlsConfig cc = ClientConfig();
            cc.pskIdentity = B("intruder");
            DtlsPair p(cc, ServerConfig());
            p.ConnectAt(Seconds(1));
            p.Run();
            auto cf = p.Events(true, DtlsEvent::HANDSHAKE_FAILED);
            NS_TEST_ASSERT_MSG_EQ(cf.size(), 1u, "client failure traced");
            NS_TEST_ASSERT_MSG_NE(cf[0].event.reason.find("unknown_psk_identity"),
                                  std::string::npos,
                                  "client: " << cf[0].event.reason);
            auto alerts = p.Events(false, DtlsEvent::ALERT_SENT);
            NS_TEST_ASSERT_MSG_EQ(alerts.size(), 1u, "server sent one alert");
            NS_TEST_ASSERT_MSG_EQ(+alerts[0].event.alertDescription,
                                  +dtls::UNKNOWN_PSK_IDENTITY,
                                  "unknown_psk_identity (115)");
            NS_TEST_ASSERT_MSG_EQ(+alerts[0].event.alertLevel, +dtls::FATAL, "fatal");
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief A replayed record is rejected by the window; a flipped bit is rejected as
 * bad_record_mac; neither is delivered and the association survives.
 */
class DtlsRecordProtectionTestCase : public TestCase
{
  public:
    DtlsRecordProtectionTestCase()
        : TestCase("replayed record rejected by the window; flipped bit is bad_record_mac")
    {
    }

  private:
    void DoRun() override
    {
        DtlsPair p(ClientConfig(), ServerConfig());
        p.ConnectAt(Seconds(1));
        Bytes recorded;
        Simulator::Schedule(Seconds(2), [&p, &recorded]() {
            std::size_t before = p.wire.size();
            p.client->Send(Simulator::Now(), B("reading 21.5C"));
            recorded = p.wire[before].data;
        });
        // An attacker replays the recorded datagram twice, and sends a copy with one bit flipped
        Simulator::Schedule(Seconds(3), [&p, &recorded]() {
            p.server->Receive(Simulator::Now(), kPeer, recorded);
            p.server->Receive(Simulator::Now(), kPeer, recorded);
            Bytes flipped = recorded;
            flipped[flipped.size() - 12] ^= 0x04; // inside the ciphertext
            p.server->Receive(Simulator::Now(), kPeer, flipped);
            Bytes badTag = recorded;
            badTag.back() ^= 0x80; // inside the tag
            p.server->Receive(Simulator::Now(), kPeer, badTag);
        });
        Simulator::Schedule(Seconds(4), [&p]() { p.client->Send(Simulator::Now(), B("next")); });
        p.Run();
        DtlsSession* s = p.server->Find(kPeer);
        IOTSEC_TEST_REQUIRE(s != nullptr, "server association");
        // The flipped copies carry the sequence number of an accepted record: the replay window
        // catches them before the MAC is even checked. (A fresh sequence number with a bad
        // tag is bad_record_mac: below.)
        NS_TEST_ASSERT_MSG_EQ(s->GetRejected(DtlsRejectReason::REPLAY), 4u, "four replays");
        NS_TEST_ASSERT_MSG_EQ(s->GetRejected(DtlsRejectReason::BAD_RECORD_MAC), 0u, "no MAC check");
        NS_TEST_ASSERT_MSG_EQ(p.serverReceived.size(), 2u, "only the genuine records delivered");
        NS_TEST_ASSERT_MSG_EQ(s->GetState(), DtlsSession::ESTABLISHED, "association survives");

        // bad_record_mac: a record with an unused sequence number and one flipped bit
        DtlsPair q(ClientConfig(), ServerConfig());
        q.ConnectAt(Seconds(1));
        q.tamper = [](Datagram& d) {
            if (d.fromClient && d.flight == 0 && !d.data.empty() &&
                d.data[0] == dtls::APPLICATION_DATA)
            {
                d.data[d.data.size() - 12] ^= 0x01;
            }
        };
        Simulator::Schedule(Seconds(2), [&q]() { q.client->Send(Simulator::Now(), B("x")); });
        q.Run();
        DtlsSession* t = q.server->Find(kPeer);
        IOTSEC_TEST_REQUIRE(t != nullptr, "server association");
        NS_TEST_ASSERT_MSG_EQ(t->GetRejected(DtlsRejectReason::BAD_RECORD_MAC),
                              1u,
                              "flipped bit rejected as bad_record_mac");
        NS_TEST_ASSERT_MSG_EQ(q.serverReceived.size(), 0u, "nothing delivered");
        auto rejected = q.Events(false, DtlsEvent::RECORD_REJECTED);
        NS_TEST_ASSERT_MSG_EQ(rejected.size(), 1u, "one rejection traced");
        NS_TEST_ASSERT_MSG_EQ(DtlsRejectReasonName(rejected[0].event.rejectReason),
                              "bad_record_mac",
                              "reason traced");
        NS_TEST_ASSERT_MSG_EQ(t->GetState(), DtlsSession::ESTABLISHED, "association survives");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Session resumption: fewer flights and fewer bytes than the full handshake.
 */
class DtlsResumptionTestCase : public TestCase
{
  public:
    DtlsResumptionTestCase()
        : TestCase("resumption uses fewer flights and bytes than a full handshake")
    {
    }

  private:
    void DoRun() override
    {
        DtlsPair p(ClientConfig(), ServerConfig());
        p.ConnectAt(Seconds(1));
        p.Run(Seconds(5));
        NS_TEST_ASSERT_MSG_EQ(p.client->GetState(), DtlsSession::ESTABLISHED, "first");
        DtlsHandshakeStats full = p.client->GetStats();
        DtlsSessionTicket ticket = p.client->GetTicket();
        NS_TEST_ASSERT_MSG_EQ(ticket.IsValid(), true, "ticket");
        p.client->Close(Simulator::Now());
        p.NewClient();
        p.ConnectAt(Seconds(1), &ticket);
        p.Run(Seconds(10));
        NS_TEST_ASSERT_MSG_EQ(p.client->GetState(), DtlsSession::ESTABLISHED, "resumed");
        DtlsHandshakeStats resumed = p.client->GetStats();
        NS_TEST_ASSERT_MSG_EQ(resumed.resumed, true, "abbreviated handshake");
        NS_TEST_ASSERT_MSG_EQ(full.resumed, false, "first was full");
        NS_TEST_ASSERT_MSG_EQ(resumed.flights, 5u, "CH, HVR, CH, SH+CCS+Fin, CCS+Fin");
        NS_TEST_ASSERT_MSG_LT(resumed.flights, full.flights, "fewer flights");
        NS_TEST_ASSERT_MSG_LT(resumed.bytesSent + resumed.bytesReceived,
                              full.bytesSent + full.bytesReceived,
                              "fewer bytes");
        NS_TEST_ASSERT_MSG_LT(resumed.duration, full.duration, "shorter");
        DtlsSession* s = p.server->Find(kPeer);
        IOTSEC_TEST_REQUIRE(s != nullptr, "server");
        NS_TEST_ASSERT_MSG_EQ(s->GetStats().resumed, true, "server resumed too");
        // the resumed session carries data
        Simulator::Schedule(Seconds(1), [&p]() { p.client->Send(Simulator::Now(), B("again")); });
        p.Run(Seconds(20));
        NS_TEST_ASSERT_MSG_EQ(p.serverReceived.size(), 1u, "data over the resumed session");
        // an unknown session ID falls back to a full handshake
        DtlsSessionTicket bogus = ticket;
        bogus.sessionId[0] ^= 0xff;
        p.client->Close(Simulator::Now());
        p.NewClient();
        p.ConnectAt(Seconds(1), &bogus);
        p.Run(Seconds(30));
        NS_TEST_ASSERT_MSG_EQ(p.client->GetState(), DtlsSession::ESTABLISHED, "fallback");
        NS_TEST_ASSERT_MSG_EQ(p.client->GetStats().resumed, false, "full handshake");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief RetransmitFlight: dropping flight k once (k = 1..6) still completes; dropping
 * flight 1 three times shows retransmissions 1 s, 2 s and 4 s apart.
 */
class DtlsRetransmitFlightTestCase : public TestCase
{
  public:
    DtlsRetransmitFlightTestCase()
        : TestCase("RetransmitFlight: each flight lost once recovers; timer doubles 1, 2, 4 s")
    {
    }

  private:
    void DoRun() override
    {
        for (uint32_t k = 1; k <= 6; ++k)
        {
            DtlsPair p(ClientConfig(), ServerConfig());
            uint32_t dropped = 0;
            p.drop = [k, &dropped](const Datagram& d) {
                if (d.flight == k && dropped == 0)
                {
                    ++dropped;
                    return true;
                }
                return false;
            };
            p.ConnectAt(Seconds(1));
            p.Run();
            NS_TEST_ASSERT_MSG_EQ(dropped, 1u, "flight " << k << " was dropped once");
            NS_TEST_ASSERT_MSG_EQ(p.client->GetState(),
                                  DtlsSession::ESTABLISHED,
                                  "client completes after losing flight " << k);
            DtlsSession* s = p.server->Find(kPeer);
            IOTSEC_TEST_REQUIRE(s != nullptr, "server after losing flight " << k);
            NS_TEST_ASSERT_MSG_EQ(s->GetState(),
                                  DtlsSession::ESTABLISHED,
                                  "server completes after losing flight " << k);
            uint32_t retransmissions =
                p.client->GetStats().retransmissions + s->GetStats().retransmissions;
            NS_TEST_ASSERT_MSG_GT_OR_EQ(retransmissions + (k == 2 ? 1 : 0),
                                        1u,
                                        "a flight was re-sent after losing flight " << k);
            NS_TEST_ASSERT_MSG_EQ(p.Events(true, DtlsEvent::HANDSHAKE_RESTARTED).size(),
                                  0u,
                                  "no restart in RetransmitFlight mode");
            // completes within the first timer period plus the round trips
            NS_TEST_ASSERT_MSG_LT(p.client->GetStats().duration,
                                  Seconds(1.2),
                                  "one 1-s timeout after losing flight " << k);
        }

        DtlsPair p(ClientConfig(), ServerConfig());
        uint32_t dropped = 0;
        p.drop = [&dropped](const Datagram& d) {
            if (d.flight == 1 && dropped < 3)
            {
                ++dropped;
                return true;
            }
            return false;
        };
        p.ConnectAt(Seconds(1));
        p.Run();
        NS_TEST_ASSERT_MSG_EQ(p.client->GetState(), DtlsSession::ESTABLISHED, "completes");
        std::vector<Time> sent;
        for (const auto& l : p.Events(true, DtlsEvent::FLIGHT_SENT))
        {
            if (l.event.flight == 1)
            {
                sent.push_back(l.at);
            }
        }
        NS_TEST_ASSERT_MSG_EQ(sent.size(), 4u, "flight 1 sent four times");
        NS_TEST_ASSERT_MSG_EQ(sent[1] - sent[0], Seconds(1), "first retransmission after 1 s");
        NS_TEST_ASSERT_MSG_EQ(sent[2] - sent[1], Seconds(2), "second after 2 s more");
        NS_TEST_ASSERT_MSG_EQ(sent[3] - sent[2], Seconds(4), "third after 4 s more");
        NS_TEST_ASSERT_MSG_EQ(p.client->GetStats().retransmissions, 3u, "three retransmissions");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief RestartHandshake: a lost flight makes the client start over with a new ClientHello;
 * with everything lost, both modes give up after MaxRetransmissions.
 */
class DtlsRestartHandshakeTestCase : public TestCase
{
  public:
    DtlsRestartHandshakeTestCase()
        : TestCase("RestartHandshake: a lost flight restarts from a new ClientHello")
    {
    }

  private:
    void DoRun() override
    {
        for (uint32_t k : {1u, 4u, 5u, 6u})
        {
            DtlsConfig cc = ClientConfig();
            cc.lossRecovery = DtlsLossRecovery::RESTART_HANDSHAKE;
            DtlsConfig sc = ServerConfig();
            sc.lossRecovery = DtlsLossRecovery::RESTART_HANDSHAKE;
            DtlsPair p(cc, sc);
            uint32_t dropped = 0;
            p.drop = [k, &dropped](const Datagram& d) {
                if (d.flight == k && dropped == 0)
                {
                    ++dropped;
                    return true;
                }
                return false;
            };
            p.ConnectAt(Seconds(1));
            p.Run();
            NS_TEST_ASSERT_MSG_EQ(p.client->GetState(),
                                  DtlsSession::ESTABLISHED,
                                  "completes after restart (flight " << k << " lost)");
            auto restarts = p.Events(true, DtlsEvent::HANDSHAKE_RESTARTED);
            NS_TEST_ASSERT_MSG_EQ(restarts.size(), 1u, "one restart (flight " << k << ")");
            // after the restart, a new (not re-sent) ClientHello
            bool newHello = false;
            for (const auto& l : p.Events(true, DtlsEvent::FLIGHT_SENT))
            {
                if (l.at >= restarts[0].at && l.event.flight == 1 && !l.event.retransmission &&
                    l.event.messageTypes == std::vector<uint8_t>{dtls::CLIENT_HELLO})
                {
                    newHello = true;
                }
                NS_TEST_ASSERT_MSG_EQ(l.event.retransmission,
                                      false,
                                      "no flight is re-sent in RestartHandshake mode");
            }
            NS_TEST_ASSERT_MSG_EQ(newHello, true, "a new ClientHello follows the restart");
            NS_TEST_ASSERT_MSG_EQ(p.client->GetStats().restarts, 1u, "restart counted");
            NS_TEST_ASSERT_MSG_GT(p.client->GetStats().flights, 6u, "more flights than 6");
        }

        // Nothing gets through: both modes give up after MaxRetransmissions
        for (auto mode : {DtlsLossRecovery::RETRANSMIT_FLIGHT, DtlsLossRecovery::RESTART_HANDSHAKE})
        {
            DtlsConfig cc = ClientConfig();
            cc.lossRecovery = mode;
            cc.maxRetransmissions = 3;
            DtlsPair p(cc, ServerConfig());
            p.drop = [](const Datagram& d) { return !d.fromClient; };
            p.ConnectAt(Seconds(1));
            p.Run();
            auto failed = p.Events(true, DtlsEvent::HANDSHAKE_FAILED);
            NS_TEST_ASSERT_MSG_EQ(failed.size(), 1u, "gives up");
            NS_TEST_ASSERT_MSG_NE(failed[0].event.reason.find("timeout"),
                                  std::string::npos,
                                  failed[0].event.reason);
            // 1 + 2 + 4 s of retransmissions, then an 8 s wait for the last one
            NS_TEST_ASSERT_MSG_EQ(failed[0].at, Seconds(1 + 1 + 2 + 4 + 8), "after 15 s");
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Garbage, truncated records and unsolicited records are rejected without harm.
 */
class DtlsMalformedInputTestCase : public TestCase
{
  public:
    DtlsMalformedInputTestCase()
        : TestCase("malformed and unsolicited datagrams are rejected and counted")
    {
    }

  private:
    void DoRun() override
    {
        DtlsPair p(ClientConfig(), ServerConfig());
        p.ConnectAt(Seconds(1));
        p.Run(Seconds(3));
        NS_TEST_ASSERT_MSG_EQ(p.client->GetState(), DtlsSession::ESTABLISHED, "established");
        Ptr<UniformRandomVariable> u = CreateObject<UniformRandomVariable>();
        u->SetStream(99);
        for (int i = 0; i < 2000; ++i)
        {
            Bytes junk(u->GetInteger(0, 80));
            for (auto& b : junk)
            {
                b = static_cast<uint8_t>(u->GetInteger(0, 255));
            }
            if (i % 3 == 0 && junk.size() >= 13)
            {
                junk[0] = static_cast<uint8_t>(u->GetInteger(20, 23)); // plausible headers
                junk[1] = 0xfe;
                junk[2] = 0xfd;
                junk[3] = 0;
                junk[4] = static_cast<uint8_t>(u->GetInteger(0, 1));
            }
            p.client->Receive(Simulator::Now(), junk);
            p.server->Receive(Simulator::Now(), kPeer, junk);
            p.server->Receive(Simulator::Now(), "stranger", junk);
        }
        NS_TEST_ASSERT_MSG_EQ(p.client->GetState(), DtlsSession::ESTABLISHED, "client survives");
        DtlsSession* s = p.server->Find(kPeer);
        IOTSEC_TEST_REQUIRE(s != nullptr, "server association survives");
        NS_TEST_ASSERT_MSG_GT(p.client->GetRejected(DtlsRejectReason::MALFORMED) +
                                  p.client->GetRejected(DtlsRejectReason::BAD_RECORD_MAC),
                              100u,
                              "rejections counted");
        NS_TEST_ASSERT_MSG_EQ(p.clientReceived.size(), 0u, "nothing delivered");
        NS_TEST_ASSERT_MSG_EQ(p.serverReceived.size(), 0u, "nothing delivered");
        NS_TEST_ASSERT_MSG_EQ(p.server->GetPeers().size(), 1u, "no association for junk");
        Simulator::Schedule(Seconds(1), [&p]() { p.client->Send(Simulator::Now(), B("ok")); });
        p.Run(Seconds(10));
        NS_TEST_ASSERT_MSG_EQ(p.serverReceived.size(), 1u, "still works");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief A server that does not admit associations refuses them and keeps no state.
 */
class DtlsAdmissionTestCase : public TestCase
{
  public:
    DtlsAdmissionTestCase()
        : TestCase("a server out of room refuses the association and keeps no state")
    {
    }

  private:
    void DoRun() override
    {
        DtlsConfig cc = ClientConfig();
        cc.maxRetransmissions = 2;
        DtlsPair p(cc, ServerConfig());
        p.admit = false;
        p.ConnectAt(Seconds(1));
        p.Run();
        NS_TEST_ASSERT_MSG_EQ(p.client->GetState(), DtlsSession::FAILED, "client gives up");
        NS_TEST_ASSERT_MSG_EQ(p.server->GetRefused(), 3u, "each ClientHello refused");
        NS_TEST_ASSERT_MSG_EQ(p.server->GetPeers().size(), 0u, "no state kept");
        NS_TEST_ASSERT_MSG_EQ(p.Events(false, DtlsEvent::SESSION_REFUSED).size(), 3u, "traced");
        NS_TEST_ASSERT_MSG_EQ(p.server->GetStateBytes(), 32u, "only the cookie secret");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The server's per-peer state is bounded whatever it is sent: a flood of ClientHellos
 * from 100,000 spoofed addresses gets stateless HelloVerifyRequests and leaves no state, and
 * cookie-verified peers beyond MaxAssociations are refused (traced) until one leaves.
 */
class DtlsFloodTestCase : public TestCase
{
  public:
    DtlsFloodTestCase()
        : TestCase("a ClientHello flood leaves no state; MaxAssociations bounds the rest")
    {
    }

  private:
    /// A server listener that queues what the server sends, per peer
    struct Server : public DtlsServerListener
    {
        void DtlsSendTo(const std::string& peer, const Bytes& d) override
        {
            out.emplace_back(peer, d);
        }

        void DtlsSetTimer(const std::string&, Time) override
        {
        }

        void DtlsCancelTimer(const std::string&) override
        {
        }

        void DtlsDeliver(const std::string&, const Bytes&) override
        {
        }

        void DtlsEventOccurred(const std::string&, const DtlsEvent& e) override
        {
            if (e.type == DtlsEvent::SESSION_REFUSED)
            {
                refused.push_back(e);
            }
        }

        void DtlsCryptoWork(const CryptoWork&) override
        {
        }

        std::vector<std::pair<std::string, Bytes>> out; //!< datagrams to deliver
        std::vector<DtlsEvent> refused;                 //!< SESSION_REFUSED events
    };

    /// A client listener that queues what its client sends
    using Client = iotsectest::DtlsSendCapture;

    void DoRun() override
    {
        const uint32_t cap = 8;
        Ptr<UniformRandomVariable> rng = CreateObject<UniformRandomVariable>();
        rng->SetStream(21);
        StreamEngineRandom random(rng);
        TestPsks psks;
        psks.Rekey(B("sensor-1"), B("0123456789abcdef"));
        DtlsConfig sc = ServerConfig();
        sc.role = DtlsRole::SERVER;
        sc.maxAssociations = cap;
        Server listener;
        DtlsServerEngine server(sc, random, listener, psks);
        Time now = Seconds(1);

        // The flood: one real ClientHello, sent from 100,000 spoofed addresses
        Client floodSide;
        DtlsSession flooder(ClientConfig(), random, floodSide);
        flooder.Connect(now);
        IOTSEC_TEST_REQUIRE(floodSide.out.size() == 1, "one ClientHello");
        const Bytes hello = floodSide.out[0];
        for (uint32_t i = 0; i < 100000; ++i)
        {
            server.Receive(now, "spoofed:" + std::to_string(i), hello);
            if (i % 10000 == 0)
            {
                NS_TEST_ASSERT_MSG_EQ(server.GetPeers().size(), 0u, "no state for a hello");
                NS_TEST_ASSERT_MSG_EQ(server.GetStateBytes(), 32u, "only the cookie secret");
            }
        }
        NS_TEST_EXPECT_MSG_EQ(server.GetHelloVerifyRequests(), 100000u, "each got a cookie");
        NS_TEST_EXPECT_MSG_EQ(server.GetPeers().size(), 0u, "and nothing else");
        listener.out.clear();

        // Real clients from distinct addresses: the first `cap` get in, the rest are refused
        const uint32_t clients = cap + 4;
        std::vector<std::unique_ptr<Client>> sides;
        std::vector<std::unique_ptr<DtlsSession>> sessions;
        for (uint32_t c = 0; c < clients; ++c)
        {
            sides.push_back(std::make_unique<Client>());
            sessions.push_back(std::make_unique<DtlsSession>(ClientConfig(), random, *sides[c]));
            sessions[c]->Connect(now);
        }
        auto pump = [&]() {
            for (int round = 0; round < 20; ++round)
            {
                now += MilliSeconds(10);
                for (uint32_t c = 0; c < clients; ++c)
                {
                    std::vector<Bytes> out;
                    out.swap(sides[c]->out);
                    for (const auto& d : out)
                    {
                        server.Receive(now, "client:" + std::to_string(c), d);
                    }
                }
                std::vector<std::pair<std::string, Bytes>> back;
                back.swap(listener.out);
                for (const auto& [peer, d] : back)
                {
                    uint32_t c = std::stoul(peer.substr(peer.find(':') + 1));
                    sessions[c]->Receive(now, d);
                }
                NS_TEST_ASSERT_MSG_LT_OR_EQ(server.GetPeers().size(), cap, "never above the cap");
            }
        };
        pump();
        uint32_t established = 0;
        for (const auto& s : sessions)
        {
            established += s->GetState() == DtlsSession::ESTABLISHED ? 1 : 0;
        }
        NS_TEST_EXPECT_MSG_EQ(established, cap, "cap clients established");
        NS_TEST_EXPECT_MSG_EQ(server.GetPeers().size(), cap, "cap associations held");
        NS_TEST_EXPECT_MSG_EQ(listener.refused.size(), clients - cap, "one refusal each");
        for (const auto& e : listener.refused)
        {
            NS_TEST_EXPECT_MSG_EQ(DtlsRefuseReasonName(e.refuseReason),
                                  "table_full",
                                  "traced as the table being full");
        }
        // One association leaves: a refused client that tries again gets in
        std::string leaving = server.GetPeers()[0];
        server.Remove(leaving);
        uint32_t retry = 0;
        while (retry < clients && sessions[retry]->GetState() == DtlsSession::ESTABLISHED)
        {
            ++retry;
        }
        IOTSEC_TEST_REQUIRE(retry < clients, "a refused client to try again");
        sessions[retry] = std::make_unique<DtlsSession>(ClientConfig(), random, *sides[retry]);
        sessions[retry]->Connect(now);
        pump();
        NS_TEST_EXPECT_MSG_EQ(sessions[retry]->GetState(), DtlsSession::ESTABLISHED, "room again");
        NS_TEST_EXPECT_MSG_EQ(server.GetPeers().size(), cap, "at the cap");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Datagrams delivered twice (a MAC retry whose acknowledgement was lost) are discarded
 * by record number and are not taken for the peer re-sending its flight.
 */
class DtlsDuplicateDatagramTestCase : public TestCase
{
  public:
    DtlsDuplicateDatagramTestCase()
        : TestCase("duplicated datagrams are discarded and trigger no retransmission")
    {
    }

  private:
    void DoRun() override
    {
        DtlsPair p(ClientConfig(), ServerConfig());
        p.drop = [&p](const Datagram& d) {
            Simulator::Schedule(MilliSeconds(7), [&p, d]() {
                if (d.fromClient)
                {
                    p.server->Receive(Simulator::Now(), kPeer, d.data);
                }
                else
                {
                    p.client->Receive(Simulator::Now(), d.data);
                }
            });
            return false; // delivered at 5 ms, and again at 7 ms
        };
        p.ConnectAt(Seconds(1));
        p.Run();
        NS_TEST_ASSERT_MSG_EQ(p.client->GetState(), DtlsSession::ESTABLISHED, "established");
        DtlsSession* s = p.server->Find(kPeer);
        IOTSEC_TEST_REQUIRE(s != nullptr, "server association");
        NS_TEST_ASSERT_MSG_EQ(p.client->GetStats().retransmissions, 0u, "client re-sent nothing");
        NS_TEST_ASSERT_MSG_EQ(s->GetStats().retransmissions, 0u, "server re-sent nothing");
        NS_TEST_ASSERT_MSG_GT(p.client->GetRejected(DtlsRejectReason::REPLAY),
                              0u,
                              "duplicates discarded as replays");
        NS_TEST_ASSERT_MSG_EQ(p.server->GetHelloVerifyRequests(),
                              2u,
                              "the stateless server answers each copy of the first ClientHello");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief A changed PSK ends the sessions derived from the old one: a client does not offer a
 * ticket of an older key generation, a server does not resume (and drops) a cached session
 * whose key was replaced or removed; both trace it and a full handshake follows.
 */
class DtlsRekeyResumptionTestCase : public TestCase
{
  public:
    DtlsRekeyResumptionTestCase()
        : TestCase("a changed PSK is not resumed: stale ticket not offered, stale cache refused")
    {
    }

  private:
    /**
     * \param p a pair
     * \param isClient which side
     * \return the reasons of that side's SESSION_INVALIDATED events (identity checked)
     */
    std::vector<std::string> Invalidated(const DtlsPair& p, bool isClient)
    {
        std::vector<std::string> reasons;
        for (const auto& l : p.Events(isClient, DtlsEvent::SESSION_INVALIDATED))
        {
            NS_TEST_EXPECT_MSG_EQ(S(l.event.pskIdentity),
                                  "sensor-1",
                                  "the session's identity is reported");
            reasons.push_back(l.event.reason);
        }
        return reasons;
    }

    void DoRun() override
    {
        const Bytes newKey = B("a new key 123456");
        {
            // Both sides re-keyed: the client's ticket is stale and is not offered
            DtlsPair p(ClientConfig(), ServerConfig());
            p.ClientLooksUpKeys();
            p.ConnectAt(Seconds(1));
            p.Run(Seconds(5));
            IOTSEC_TEST_REQUIRE(p.client->GetState() == DtlsSession::ESTABLISHED, "first");
            DtlsSessionTicket ticket = p.client->GetTicket();
            NS_TEST_ASSERT_MSG_EQ(S(ticket.pskIdentity), "sensor-1", "ticket bound to identity");
            NS_TEST_ASSERT_MSG_EQ(ticket.pskGeneration, 1u, "and to key generation 1");
            const DtlsSessionTicket* cached = p.server->GetCache().Find(ticket.sessionId);
            IOTSEC_TEST_REQUIRE(cached != nullptr, "server cached the session");
            NS_TEST_ASSERT_MSG_EQ(S(cached->pskIdentity), "sensor-1", "cache entry identity");
            NS_TEST_ASSERT_MSG_EQ(cached->pskGeneration, 1u, "cache entry generation");
            // control: the same ticket resumes while the key is unchanged
            p.client->Close(Simulator::Now());
            p.NewClient();
            p.ConnectAt(Seconds(1), &ticket);
            p.Run(Seconds(5));
            IOTSEC_TEST_REQUIRE(p.client->GetState() == DtlsSession::ESTABLISHED, "control");
            NS_TEST_ASSERT_MSG_EQ(p.client->GetStats().resumed, true, "resumed before re-keying");
            DtlsSession* s = p.server->Find(kPeer);
            IOTSEC_TEST_REQUIRE(s != nullptr, "server association");
            NS_TEST_ASSERT_MSG_EQ(S(s->GetPskIdentity()), "sensor-1", "resumed identity known");

            p.psks.Rekey(B("sensor-1"), newKey);
            p.clientPsks.Rekey(B("sensor-1"), newKey);
            p.client->Close(Simulator::Now());
            p.NewClient();
            p.ConnectAt(Seconds(1), &ticket);
            p.Run(Seconds(5));
            NS_TEST_ASSERT_MSG_EQ(p.client->GetState(),
                                  DtlsSession::ESTABLISHED,
                                  "full handshake with the new key");
            NS_TEST_ASSERT_MSG_EQ(p.client->GetStats().resumed, false, "not resumed");
            NS_TEST_ASSERT_MSG_EQ(p.client->GetPskGeneration(), 2u, "new key generation");
            NS_TEST_ASSERT_MSG_EQ(p.client->GetTicket().pskGeneration, 2u, "new ticket");
            std::vector<std::string> reasons = Invalidated(p, true);
            IOTSEC_TEST_REQUIRE(reasons.size() == 1, "client traced the stale ticket once");
            NS_TEST_ASSERT_MSG_EQ(reasons[0], "psk changed", "reason");
            s = p.server->Find(kPeer);
            IOTSEC_TEST_REQUIRE(s != nullptr, "server association");
            NS_TEST_ASSERT_MSG_EQ(s->GetStats().resumed, false, "server ran a full handshake");
            NS_TEST_ASSERT_MSG_EQ(s->GetPskGeneration(), 2u, "server derived from generation 2");
            // the session of the new key resumes
            DtlsSessionTicket fresh = p.client->GetTicket();
            p.client->Close(Simulator::Now());
            p.NewClient();
            p.ConnectAt(Seconds(1), &fresh);
            p.Run(Seconds(5));
            NS_TEST_ASSERT_MSG_EQ(p.client->GetStats().resumed, true, "new session resumes");
            NS_TEST_ASSERT_MSG_EQ(Invalidated(p, true).size(), 1u, "no further invalidation");
        }
        {
            // Only the server re-keyed: the client offers its ticket, the server refuses it
            // and drops it, and the client's old key fails the full handshake
            DtlsPair p(ClientConfig(), ServerConfig());
            p.ConnectAt(Seconds(1));
            p.Run(Seconds(5));
            IOTSEC_TEST_REQUIRE(p.client->GetState() == DtlsSession::ESTABLISHED, "first");
            DtlsSessionTicket ticket = p.client->GetTicket();
            p.psks.Rekey(B("sensor-1"), newKey);
            p.client->Close(Simulator::Now());
            p.NewClient();
            p.ConnectAt(Seconds(1), &ticket);
            p.Run(Seconds(5));
            std::vector<std::string> reasons = Invalidated(p, false);
            IOTSEC_TEST_REQUIRE(reasons.size() == 1, "server traced the stale session once");
            NS_TEST_ASSERT_MSG_EQ(reasons[0], "psk changed", "reason");
            NS_TEST_ASSERT_MSG_EQ(p.server->GetCache().Find(ticket.sessionId),
                                  nullptr,
                                  "stale session dropped from the cache");
            NS_TEST_ASSERT_MSG_EQ(p.client->GetState(), DtlsSession::FAILED, "old key fails");
            NS_TEST_ASSERT_MSG_EQ(p.client->GetStats().resumed, false, "not resumed");
            auto sf = p.Events(false, DtlsEvent::HANDSHAKE_FAILED);
            IOTSEC_TEST_REQUIRE(sf.size() == 1, "server failure traced");
            NS_TEST_ASSERT_MSG_NE(sf[0].event.reason.find("bad_record_mac"),
                                  std::string::npos,
                                  "server rejects the old key's Finished: " << sf[0].event.reason);
            auto cf = p.Events(true, DtlsEvent::HANDSHAKE_FAILED);
            IOTSEC_TEST_REQUIRE(cf.size() == 1, "client failure traced");
            NS_TEST_ASSERT_MSG_NE(cf[0].event.reason.find("bad_record_mac"),
                                  std::string::npos,
                                  "client: " << cf[0].event.reason);
            // the client given the new key completes a full handshake
            p.SetClientKey(newKey);
            p.NewClient();
            p.ConnectAt(Seconds(1), &ticket);
            p.Run(Seconds(5));
            NS_TEST_ASSERT_MSG_EQ(p.client->GetState(), DtlsSession::ESTABLISHED, "new key");
            NS_TEST_ASSERT_MSG_EQ(p.client->GetStats().resumed, false, "full handshake");
        }
        {
            // The identity removed at the server: its session is refused as "psk removed"
            DtlsPair p(ClientConfig(), ServerConfig());
            p.ConnectAt(Seconds(1));
            p.Run(Seconds(5));
            DtlsSessionTicket ticket = p.client->GetTicket();
            p.psks.Remove(B("sensor-1"));
            p.client->Close(Simulator::Now());
            p.NewClient();
            p.ConnectAt(Seconds(1), &ticket);
            p.Run(Seconds(5));
            std::vector<std::string> reasons = Invalidated(p, false);
            IOTSEC_TEST_REQUIRE(reasons.size() == 1, "server traced the removed session");
            NS_TEST_ASSERT_MSG_EQ(reasons[0], "psk removed", "reason");
            NS_TEST_ASSERT_MSG_EQ(p.client->GetState(), DtlsSession::FAILED, "no key, no session");
            auto cf = p.Events(true, DtlsEvent::HANDSHAKE_FAILED);
            IOTSEC_TEST_REQUIRE(cf.size() == 1, "client failure traced");
            NS_TEST_ASSERT_MSG_NE(cf[0].event.reason.find("unknown_psk_identity"),
                                  std::string::npos,
                                  "client: " << cf[0].event.reason);
        }
        {
            // A session cache dropping every stale entry at once (what a DtlsSocket server
            // does when its store reports a change)
            TestPsks psks;
            psks.Rekey(B("a"), B("key-a"));
            psks.Rekey(B("b"), B("key-b"));
            DtlsSessionCache cache(4);
            for (uint8_t i = 0; i < 3; ++i)
            {
                DtlsSessionTicket t;
                t.sessionId = Bytes(32, i);
                t.masterSecret = Bytes(48, i);
                t.pskIdentity = B(i == 1 ? "b" : "a");
                t.pskGeneration = 1;
                cache.Store(t);
            }
            NS_TEST_ASSERT_MSG_EQ(cache.DropStale(psks).size(), 0u, "nothing stale yet");
            psks.Rekey(B("a"), B("key-a2"));
            auto dropped = cache.DropStale(psks);
            IOTSEC_TEST_REQUIRE(dropped.size() == 2, "both sessions of 'a' dropped");
            NS_TEST_ASSERT_MSG_EQ(S(dropped[0].first), "a", "identity");
            NS_TEST_ASSERT_MSG_EQ(dropped[0].second, "psk changed", "reason");
            NS_TEST_ASSERT_MSG_EQ(cache.GetSize(), 1u, "the session of 'b' stays");
            NS_TEST_ASSERT_MSG_NE(cache.Find(Bytes(32, 1)), nullptr, "it is b's");
            psks.Remove(B("b"));
            dropped = cache.DropStale(psks);
            IOTSEC_TEST_REQUIRE(dropped.size() == 1, "b's session dropped");
            NS_TEST_ASSERT_MSG_EQ(dropped[0].second, "psk removed", "reason");
            NS_TEST_ASSERT_MSG_EQ(cache.GetSize(), 0u, "empty");
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief A client that restarts its handshake (RestartHandshake) looks its key up again: a
 * key changed on both sides between the first ClientHello and the restart is the one used.
 */
class DtlsRekeyRestartTestCase : public TestCase
{
  public:
    DtlsRekeyRestartTestCase()
        : TestCase("RestartHandshake after a key change uses the new key")
    {
    }

  private:
    void DoRun() override
    {
        const Bytes newKey = B("a new key 123456");
        DtlsConfig cc = ClientConfig();
        cc.lossRecovery = DtlsLossRecovery::RESTART_HANDSHAKE;
        DtlsConfig sc = ServerConfig();
        sc.lossRecovery = DtlsLossRecovery::RESTART_HANDSHAKE;
        DtlsPair p(cc, sc);
        p.ClientLooksUpKeys();
        uint32_t dropped = 0;
        p.drop = [&dropped](const Datagram& d) {
            if (d.flight == 4 && dropped == 0)
            {
                ++dropped;
                return true;
            }
            return false;
        };
        p.ConnectAt(Seconds(1));
        // flight 4 is lost at 1.015 s; the client restarts at about 2.015 s
        Simulator::Schedule(Seconds(1.5), [&p, newKey]() {
            p.psks.Rekey(B("sensor-1"), newKey);
            p.clientPsks.Rekey(B("sensor-1"), newKey);
        });
        p.Run(Seconds(10));
        NS_TEST_ASSERT_MSG_EQ(dropped, 1u, "flight 4 lost");
        auto restarts = p.Events(true, DtlsEvent::HANDSHAKE_RESTARTED);
        IOTSEC_TEST_REQUIRE(restarts.size() == 1, "one restart");
        NS_TEST_ASSERT_MSG_GT(restarts[0].at, Seconds(1.5), "after the key change");
        NS_TEST_ASSERT_MSG_EQ(p.client->GetState(),
                              DtlsSession::ESTABLISHED,
                              "the restarted handshake uses the new key");
        NS_TEST_ASSERT_MSG_EQ(p.client->GetPskGeneration(), 2u, "generation 2");
        NS_TEST_ASSERT_MSG_EQ(p.Events(true, DtlsEvent::HANDSHAKE_FAILED).size(), 0u, "no failure");
        Simulator::Schedule(Seconds(1), [&p]() { p.client->Send(Simulator::Now(), B("hi")); });
        p.Run(Seconds(5));
        NS_TEST_ASSERT_MSG_EQ(p.serverReceived.size(), 1u, "data under the new key");

        // A client whose key was removed before the restart fails the handshake, traced,
        // instead of going on with a key it no longer holds
        DtlsPair q(cc, sc);
        q.ClientLooksUpKeys();
        uint32_t lost = 0;
        q.drop = [&lost](const Datagram& d) {
            if (d.flight == 4 && lost == 0)
            {
                ++lost;
                return true;
            }
            return false;
        };
        q.ConnectAt(Seconds(1));
        Simulator::Schedule(Seconds(1.5), [&q]() { q.clientPsks.Remove(B("sensor-1")); });
        q.Run(Seconds(10));
        NS_TEST_ASSERT_MSG_EQ(q.client->GetState(), DtlsSession::FAILED, "fails");
        auto cf = q.Events(true, DtlsEvent::HANDSHAKE_FAILED);
        IOTSEC_TEST_REQUIRE(cf.size() == 1, "failure traced");
        NS_TEST_ASSERT_MSG_NE(cf[0].event.reason.find("no key for PSK identity 'sensor-1'"),
                              std::string::npos,
                              cf[0].event.reason);
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The DTLS engine test suite.
 */
/**
 * \ingroup iotsec-tests
 * \brief The sliding window of RFC 6347 section 4.1.2.6 at its edges: with DTLS's 64 records
 * and with a smaller size (OSCORE's Replay Window uses the same class with 32 by default).
 */
class DtlsReplayWindowTestCase : public TestCase
{
  public:
    DtlsReplayWindowTestCase()
        : TestCase("replay window: 64 records (DTLS) and smaller sizes, at the edges")
    {
    }

  private:
    void DoRun() override
    {
        for (uint32_t size : {64u, 32u, 1u})
        {
            DtlsReplayWindow w(size);
            NS_TEST_EXPECT_MSG_EQ(w.GetSize(), size, "size");
            NS_TEST_EXPECT_MSG_EQ(w.Check(0), true, "empty window: anything is new");
            w.Update(100);
            NS_TEST_EXPECT_MSG_EQ(w.GetRightEdge(), 100u, "right edge");
            NS_TEST_EXPECT_MSG_EQ(w.Check(100), false, size << ": duplicate of the right edge");
            NS_TEST_EXPECT_MSG_EQ(w.Check(101), true, size << ": newer");
            // 100 - (size - 1) is the oldest number inside the window, 100 - size the first out
            uint64_t oldest = 100 - (size - 1);
            NS_TEST_EXPECT_MSG_EQ(w.Check(100 - size), false, size << ": just outside");
            NS_TEST_EXPECT_MSG_EQ(w.Check(oldest),
                                  (size != 1),
                                  size << ": oldest inside, not yet received");
            w.Update(oldest);
            NS_TEST_EXPECT_MSG_EQ(w.Check(oldest), false, size << ": now received");
            // Sliding by the whole window forgets everything older
            w.Update(100 + size);
            NS_TEST_EXPECT_MSG_EQ(w.Check(100), false, size << ": slid out");
            NS_TEST_EXPECT_MSG_EQ(w.Check(100 + size - 1),
                                  (size != 1),
                                  size << ": inside after the slide");
            w.Reset();
            NS_TEST_EXPECT_MSG_EQ(w.Check(100), true, size << ": after Reset");
        }
    }
};

class DtlsEngineTestSuite : public TestSuite
{
  public:
    DtlsEngineTestSuite()
        : TestSuite("iotsec-dtls-engine", Type::UNIT)
    {
        AddTestCase(new DtlsFullHandshakeTestCase, iotsectest::QUICK);
        AddTestCase(new DtlsFragmentationTestCase, iotsectest::QUICK);
        AddTestCase(new DtlsKeyFailureTestCase, iotsectest::QUICK);
        AddTestCase(new DtlsRecordProtectionTestCase, iotsectest::QUICK);
        AddTestCase(new DtlsResumptionTestCase, iotsectest::QUICK);
        AddTestCase(new DtlsRetransmitFlightTestCase, iotsectest::QUICK);
        AddTestCase(new DtlsRestartHandshakeTestCase, iotsectest::QUICK);
        AddTestCase(new DtlsMalformedInputTestCase, iotsectest::QUICK);
        AddTestCase(new DtlsAdmissionTestCase, iotsectest::QUICK);
        AddTestCase(new DtlsFloodTestCase, iotsectest::QUICK);
        AddTestCase(new DtlsDuplicateDatagramTestCase, iotsectest::QUICK);
        AddTestCase(new DtlsReplayWindowTestCase, iotsectest::QUICK);
        AddTestCase(new DtlsRekeyResumptionTestCase, iotsectest::QUICK);
        AddTestCase(new DtlsRekeyRestartTestCase, iotsectest::QUICK);
    }
};

/// Static instance: registers the suite
static DtlsEngineTestSuite g_dtlsEngineTestSuite;
