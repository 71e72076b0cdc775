/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The TLS<->DTLS mapping of Brachmann et al. (ICCCN 2012): a TLS client engine, the border
// router's TlsDtlsMapper and a DTLS server node (DtlsServerEngine with AcceptMappedTls), over
// an in-memory TCP leg (reliable, ordered) and an LLN leg (datagrams, with a drop rule), in
// simulated time. Table I field by field, the node's double Finished check three ways, the
// tampering router, and handshake flights lost in the LLN.

#include "border-router-test-topology.h"
#include "iotsec-test.h"

#include "ns3/dtls-helper.h"
#include "ns3/dtls-server-application.h"
#include "ns3/dtls-server-engine.h"
#include "ns3/dtls-session.h"
#include "ns3/dtls-socket.h"
#include "ns3/hex-encoding.h"
#include "ns3/http-applications.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv6-address-helper.h"
#include "ns3/node-model-helper.h"
#include "ns3/packet.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/ram-model.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tls-dtls-mapper.h"
#include "ns3/tls-dtls-mapping-application.h"
#include "ns3/tls-socket.h"

#include <functional>
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

/// The node's key
class NodeKeys : public DtlsPskProvider
{
  public:
    bool LookupPsk(const Bytes& identity, Bytes& key) const override
    {
        if (identity != B("backend"))
        {
            return false;
        }
        key = B("0123456789abcdef");
        return true;
    }
};

const std::string kRouter = "6lbr"; //!< the node's peer key for whoever sends from the router

/**
 * \brief Client (TLS or DTLS) -- router -- node. A TLS client's bytes cross the mapper; a DTLS
 * client's datagrams go to the node unchanged (the coap-e2e path), over the same LLN leg.
 */
class MappingPath : public TlsDtlsMapperListener, public DtlsServerListener
{
  public:
    /// The client's listener
    class ClientSide : public DtlsSessionListener
    {
      public:
        /// \param path the path
        explicit ClientSide(MappingPath& path)
            : m_path(path)
        {
        }

        void DtlsSend(const Bytes& d) override
        {
            m_path.FromClient(d);
        }

        void DtlsSetTimer(Time deadline) override
        {
            m_path.m_clientTimer.Cancel();
            m_path.m_clientTimer = Simulator::Schedule(deadline - Simulator::Now(), [this]() {
                m_path.client->Timeout(Simulator::Now());
            });
        }

        void DtlsCancelTimer() override
        {
            m_path.m_clientTimer.Cancel();
        }

        void DtlsDeliver(const Bytes& data) override
        {
            m_path.clientReceived.push_back(data);
        }

        void DtlsEventOccurred(const DtlsEvent& e) override
        {
            m_path.clientEvents.push_back(e);
        }

        void DtlsCryptoWork(const CryptoWork&) override
        {
        }

      private:
        MappingPath& m_path; //!< the path
    };

    /// \param tls true: a TLS client through the mapper; false: a DTLS client
    explicit MappingPath(bool tls)
        : m_tls(tls),
          m_clientSide(*this)
    {
        Ptr<UniformRandomVariable> cr = CreateObject<UniformRandomVariable>();
        cr->SetStream(31);
        Ptr<UniformRandomVariable> sr = CreateObject<UniformRandomVariable>();
        sr->SetStream(32);
        m_clientRandom = std::make_unique<StreamEngineRandom>(cr);
        m_nodeRandom = std::make_unique<StreamEngineRandom>(sr);
        DtlsConfig c;
        c.role = DtlsRole::CLIENT;
        c.protocol = tls ? TlsProtocol::TLS_1_2 : TlsProtocol::DTLS_1_2;
        c.pskIdentity = B("backend");
        c.psk = B("0123456789abcdef");
        client = std::make_unique<DtlsSession>(c, *m_clientRandom, m_clientSide);
        DtlsConfig n;
        n.role = DtlsRole::SERVER;
        n.cookieExchange = false; // Table I: no cookie behind a mapping router
        n.acceptMappedTls = true;
        n.pskIdentityHint = B("iotsec");
        node = std::make_unique<DtlsServerEngine>(n, *m_nodeRandom, *this, m_keys);
        mapper = std::make_unique<TlsDtlsMapper>(TlsDtlsMapperConfig(), *this);
    }

    ~MappingPath() override
    {
        Simulator::Destroy();
    }

    /// \brief Start the handshake at 1 s and run.
    void Run()
    {
        Simulator::Schedule(Seconds(1), [this]() { client->Connect(Simulator::Now()); });
        Simulator::Stop(Seconds(120));
        Simulator::Run();
    }

    /// \return the node's session
    DtlsSession* NodeSession() const
    {
        return node->Find(kRouter);
    }

    /**
     * \param type an event type
     * \return how many the node reported
     */
    uint32_t NodeEvents(DtlsEvent::Type type) const
    {
        uint32_t n = 0;
        for (const auto& e : nodeEvents)
        {
            n += e.type == type ? 1 : 0;
        }
        return n;
    }

    // TlsDtlsMapperListener
    void MapperToNode(const Bytes& d) override
    {
        toNode.push_back(d);
        Lln(true, d);
    }

    void MapperToTls(const Bytes& bytes) override
    {
        toClient.insert(toClient.end(), bytes.begin(), bytes.end());
        Simulator::Schedule(MilliSeconds(20),
                            [this, bytes]() { client->Receive(Simulator::Now(), bytes); });
    }

    void MapperSetTimer(Time deadline) override
    {
        m_mapperTimer.Cancel();
        m_mapperTimer = Simulator::Schedule(deadline - Simulator::Now(),
                                            [this]() { mapper->Timeout(Simulator::Now()); });
    }

    void MapperCancelTimer() override
    {
        m_mapperTimer.Cancel();
    }

    void MapperFailed(const std::string& reason) override
    {
        mapperFailure = reason;
    }

    // DtlsServerListener (the node)
    void DtlsSendTo(const std::string&, const Bytes& d) override
    {
        fromNode.push_back(d);
        Lln(false, d);
    }

    void DtlsSetTimer(const std::string& peer, Time deadline) override
    {
        m_nodeTimer.Cancel();
        m_nodeTimer = Simulator::Schedule(deadline - Simulator::Now(), [this, peer]() {
            node->Timeout(Simulator::Now(), peer);
        });
    }

    void DtlsCancelTimer(const std::string&) override
    {
        m_nodeTimer.Cancel();
    }

    void DtlsDeliver(const std::string&, const Bytes& data) override
    {
        nodeReceived.push_back(data);
    }

    void DtlsEventOccurred(const std::string&, const DtlsEvent& e) override
    {
        nodeEvents.push_back(e);
    }

    void DtlsCryptoWork(const CryptoWork&) override
    {
    }

    std::unique_ptr<DtlsSession> client;    //!< TLS or DTLS client
    std::unique_ptr<TlsDtlsMapper> mapper;  //!< the border router
    std::unique_ptr<DtlsServerEngine> node; //!< the node
    /// drop rule for the LLN leg (toNode: direction; index: datagram number that way)
    std::function<bool(bool toNode, uint32_t index)> drop;
    /// duplication rule for the LLN leg (a MAC retry whose acknowledgement was lost)
    std::function<bool(bool toNode, uint32_t index)> duplicate;
    std::vector<Bytes> toNode;           //!< datagrams the router mapped to the node
    std::vector<Bytes> fromNode;         //!< datagrams the node sent
    Bytes fromClient;                    //!< TLS bytes the client wrote
    Bytes toClient;                      //!< TLS bytes the router wrote to the client
    std::vector<Bytes> clientReceived;   //!< data delivered to the client
    std::vector<Bytes> nodeReceived;     //!< data delivered to the node
    std::vector<DtlsEvent> clientEvents; //!< client events
    std::vector<DtlsEvent> nodeEvents;   //!< node events
    std::string mapperFailure;           //!< MapperFailed

  private:
    void FromClient(const Bytes& d)
    {
        if (m_tls)
        {
            fromClient.insert(fromClient.end(), d.begin(), d.end());
            // the Internet leg: TCP, 20 ms
            Simulator::Schedule(MilliSeconds(20),
                                [this, d]() { mapper->FromTls(Simulator::Now(), d); });
        }
        else
        {
            toNode.push_back(d);
            Lln(true, d);
        }
    }

    void Lln(bool towardsNode, const Bytes& d)
    {
        uint32_t index = towardsNode ? m_toNodeCount++ : m_fromNodeCount++;
        if (drop && drop(towardsNode, index))
        {
            return;
        }
        int copies = duplicate && duplicate(towardsNode, index) ? 2 : 1;
        for (int copy = 0; copy < copies; ++copy)
        {
            Deliver(towardsNode, d, MilliSeconds(30 + copy));
        }
    }

    void Deliver(bool towardsNode, const Bytes& d, Time delay)
    {
        Simulator::Schedule(delay, [this, towardsNode, d]() {
            if (towardsNode)
            {
                node->Receive(Simulator::Now(), kRouter, d);
            }
            else if (m_tls)
            {
                mapper->FromNode(Simulator::Now(), d);
            }
            else
            {
                client->Receive(Simulator::Now(), d);
            }
        });
    }

    bool m_tls;                                         //!< TLS client through the mapper
    ClientSide m_clientSide;                            //!< client listener
    NodeKeys m_keys;                                    //!< the node's key
    std::unique_ptr<StreamEngineRandom> m_clientRandom; //!< client randomness
    std::unique_ptr<StreamEngineRandom> m_nodeRandom;   //!< node randomness
    EventId m_clientTimer;                              //!< client timer
    EventId m_nodeTimer;                                //!< node timer
    EventId m_mapperTimer;                              //!< router timer
    uint32_t m_toNodeCount{0};                          //!< datagrams towards the node
    uint32_t m_fromNodeCount{0};                        //!< datagrams from the node
};

/**
 * \param b bytes
 * \param at an offset
 * \return the big-endian 16-bit value there
 */
int
U16At(const Bytes& b, std::size_t at)
{
    return (b[at] << 8) | b[at + 1];
}

/// A DTLS record as the test's own parser reads it
struct Rec
{
    uint8_t type;      //!< content type
    uint16_t version;  //!< version
    uint16_t epoch;    //!< epoch
    uint64_t sequence; //!< sequence number
    Bytes fragment;    //!< fragment
};

/**
 * \param datagrams DTLS datagrams
 * \return their records, by the RFC 6347 header alone
 */
std::vector<Rec>
DtlsRecords(const std::vector<Bytes>& datagrams)
{
    std::vector<Rec> out;
    for (const auto& d : datagrams)
    {
        std::size_t pos = 0;
        while (pos + 13 <= d.size())
        {
            Rec r;
            r.type = d[pos];
            r.version = static_cast<uint16_t>((d[pos + 1] << 8) | d[pos + 2]);
            r.epoch = static_cast<uint16_t>((d[pos + 3] << 8) | d[pos + 4]);
            r.sequence = 0;
            for (int i = 5; i < 11; ++i)
            {
                r.sequence = (r.sequence << 8) | d[pos + i];
            }
            std::size_t n = (std::size_t{d[pos + 11]} << 8) | d[pos + 12];
            r.fragment.assign(d.begin() + static_cast<std::ptrdiff_t>(pos + 13),
                              d.begin() + static_cast<std::ptrdiff_t>(pos + 13 + n));
            out.push_back(std::move(r));
            pos += 13 + n;
        }
    }
    return out;
}

/**
 * \param stream a TLS byte stream
 * \return its records (type, version, fragment), by the RFC 5246 header alone
 */
std::vector<Rec>
TlsRecords(const Bytes& stream)
{
    std::vector<Rec> out;
    std::size_t pos = 0;
    while (pos + 5 <= stream.size())
    {
        std::size_t n = (std::size_t{stream[pos + 3]} << 8) | stream[pos + 4];
        Rec r{stream[pos],
              static_cast<uint16_t>((stream[pos + 1] << 8) | stream[pos + 2]),
              0,
              0,
              Bytes(stream.begin() + static_cast<std::ptrdiff_t>(pos + 5),
                    stream.begin() + static_cast<std::ptrdiff_t>(pos + 5 + n))};
        out.push_back(std::move(r));
        pos += 5 + n;
    }
    return out;
}

} // namespace

/**
 * \ingroup iotsec-tests
 * \brief A TLS client reaches the DTLS node through the mapping router: the node's first
 * Finished check (DTLS transcript) fails and the second (TLS re-encoding) passes; data flows
 * both ways; the router holds header state only. A DTLS client straight to the same node
 * passes the first check.
 */
class MappingDoubleFinishedTestCase : public TestCase
{
  public:
    MappingDoubleFinishedTestCase()
        : TestCase("mapping: TLS peer needs the second Finished check, DTLS peer the first")
    {
    }

  private:
    void DoRun() override
    {
        {
            MappingPath p(true);
            Simulator::Schedule(Seconds(3), [&p]() {
                p.client->Send(Simulator::Now(), B("GET /light HTTP/1.1"));
                p.node->Send(Simulator::Now(), kRouter, B("HTTP/1.1 200 OK"));
            });
            p.Run();
            IOTSEC_TEST_REQUIRE(p.mapperFailure.empty(), "mapper: " + p.mapperFailure);
            NS_TEST_ASSERT_MSG_EQ(p.client->GetState(), DtlsSession::ESTABLISHED, "TLS client");
            DtlsSession* s = p.NodeSession();
            IOTSEC_TEST_REQUIRE(s != nullptr, "node association");
            NS_TEST_ASSERT_MSG_EQ(s->GetState(), DtlsSession::ESTABLISHED, "node");
            NS_TEST_ASSERT_MSG_EQ(s->GetStats().finishedChecks, 2u, "two Finished checks");
            NS_TEST_ASSERT_MSG_EQ(s->GetStats().mappedTlsPeer, true, "a TLS peer");
            IOTSEC_TEST_REQUIRE(p.nodeReceived.size() == 1 && p.clientReceived.size() == 1,
                                "data both ways");
            NS_TEST_ASSERT_MSG_EQ(std::string(p.nodeReceived[0].begin(), p.nodeReceived[0].end()),
                                  "GET /light HTTP/1.1",
                                  "node got the request");
            NS_TEST_ASSERT_MSG_EQ(
                std::string(p.clientReceived[0].begin(), p.clientReceived[0].end()),
                "HTTP/1.1 200 OK",
                "client got the answer");
            NS_TEST_ASSERT_MSG_EQ(p.NodeEvents(DtlsEvent::ATTACK_DETECTED), 0u, "no attack");
            // header state: counters and flags, the same whatever the handshake carried
            NS_TEST_ASSERT_MSG_LT(p.mapper->GetHeaderStateBytes(), 64u, "a few counters");
            NS_TEST_ASSERT_MSG_EQ(p.mapper->GetRetransmissions(), 0u, "no loss, no re-send");
        }
        {
            MappingPath p(false);
            p.Run();
            DtlsSession* s = p.NodeSession();
            IOTSEC_TEST_REQUIRE(s != nullptr, "node association");
            NS_TEST_ASSERT_MSG_EQ(s->GetState(), DtlsSession::ESTABLISHED, "DTLS peer");
            NS_TEST_ASSERT_MSG_EQ(s->GetStats().finishedChecks, 1u, "one Finished check");
            NS_TEST_ASSERT_MSG_EQ(s->GetStats().mappedTlsPeer, false, "a DTLS peer");
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Table I field by field, on the mapped records and one mapped handshake message of
 * each type, in both directions.
 */
class MappingTableOneTestCase : public TestCase
{
  public:
    MappingTableOneTestCase()
        : TestCase("mapping: Table I field by field, every handshake message type")
    {
    }

  private:
    void DoRun() override
    {
        MappingPath p(true);
        Simulator::Schedule(Seconds(3), [&p]() {
            p.client->Send(Simulator::Now(), B("ping"));
            p.node->Send(Simulator::Now(), kRouter, B("pong"));
        });
        p.Run();
        IOTSEC_TEST_REQUIRE(p.client->GetState() == DtlsSession::ESTABLISHED, "completed");
        auto tlsIn = TlsRecords(p.fromClient); // CH, CKE, CCS, Fin, data
        auto dtlsOut = DtlsRecords(p.toNode);  // the same, mapped
        auto dtlsIn = DtlsRecords(p.fromNode); // SH, SKE, SHD, CCS, Fin, data
        auto tlsOut = TlsRecords(p.toClient);  // the same, mapped
        IOTSEC_TEST_REQUIRE(tlsIn.size() == 5 && dtlsOut.size() == 5, "client records");
        IOTSEC_TEST_REQUIRE(dtlsIn.size() == 6 && tlsOut.size() == 6, "node records");
        // record header: version {3,3} <-> {254,253}; epoch and 48-bit sequence added
        uint64_t seq0 = 0;
        for (std::size_t i = 0; i < dtlsOut.size(); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(tlsIn[i].version, 0x0303, "TLS record version {3,3}");
            NS_TEST_ASSERT_MSG_EQ(dtlsOut[i].version, 0xfefd, "DTLS record version {254,253}");
            NS_TEST_ASSERT_MSG_EQ(+dtlsOut[i].type, +tlsIn[i].type, "content type kept");
            if (dtlsOut[i].epoch == 0)
            {
                NS_TEST_ASSERT_MSG_EQ(dtlsOut[i].sequence, seq0++, "epoch 0 numbered from 0");
            }
        }
        NS_TEST_ASSERT_MSG_EQ(dtlsOut[2].epoch, 0, "CCS in epoch 0");
        NS_TEST_ASSERT_MSG_EQ(dtlsOut[3].epoch, 1, "Finished in epoch 1");
        NS_TEST_ASSERT_MSG_EQ(dtlsOut[3].sequence, 0u, "TLS's implicit number 0");
        NS_TEST_ASSERT_MSG_EQ(dtlsOut[4].sequence, 1u, "then 1");
        for (std::size_t i : {std::size_t{3}, std::size_t{4}})
        {
            NS_TEST_ASSERT_MSG_EQ((dtlsOut[i].fragment == tlsIn[i].fragment),
                                  true,
                                  "protected fragment crosses unchanged");
        }
        // handshake header: message_seq, fragment_offset, fragment_length added
        const uint8_t expectTypes[] = {dtls::CLIENT_HELLO, dtls::CLIENT_KEY_EXCHANGE};
        for (std::size_t k = 0; k < 2; ++k)
        {
            const Bytes& d = dtlsOut[k].fragment;
            const Bytes& t = tlsIn[k].fragment;
            IOTSEC_TEST_REQUIRE(d.size() >= 12 && t.size() >= 4, "headers");
            NS_TEST_ASSERT_MSG_EQ(+d[0], +expectTypes[k], "msg_type");
            // the length is the TLS body's, plus the ClientHello's one-byte empty cookie
            uint32_t tlsLength = (uint32_t{t[1]} << 16) | (uint32_t{t[2]} << 8) | t[3];
            uint32_t length = (uint32_t{d[1]} << 16) | (uint32_t{d[2]} << 8) | d[3];
            uint32_t fragmentLength = (uint32_t{d[9]} << 16) | (uint32_t{d[10]} << 8) | d[11];
            NS_TEST_ASSERT_MSG_EQ(length, tlsLength + (k == 0 ? 1 : 0), "length");
            NS_TEST_ASSERT_MSG_EQ(U16At(d, 4), static_cast<int>(k), "message_seq");
            NS_TEST_ASSERT_MSG_EQ((d[6] | d[7] | d[8]), 0, "fragment_offset 0");
            NS_TEST_ASSERT_MSG_EQ(fragmentLength, length, "fragment_length = length");
            if (k == 1)
            {
                NS_TEST_ASSERT_MSG_EQ(
                    (Bytes(d.begin() + 12, d.end()) == Bytes(t.begin() + 4, t.end())),
                    true,
                    "ClientKeyExchange body kept");
            }
        }
        // ClientHello body: {3,3} -> {254,253}, an empty cookie after the session ID
        const Bytes& dch = dtlsOut[0].fragment;
        const Bytes& tch = tlsIn[0].fragment;
        NS_TEST_ASSERT_MSG_EQ(U16At(dch, 12), 0xfefd, "client_version {254,253}");
        NS_TEST_ASSERT_MSG_EQ(U16At(tch, 4), 0x0303, "was {3,3}");
        std::size_t sidAt = 12 + 2 + 32;
        std::size_t sidLen = dch[sidAt];
        NS_TEST_ASSERT_MSG_EQ(+dch[sidAt + 1 + sidLen], 0, "empty cookie");
        NS_TEST_ASSERT_MSG_EQ(dch.size(), tch.size() + 8 + 1, "12-4 header bytes + cookie");
        NS_TEST_ASSERT_MSG_EQ((Bytes(dch.begin() + 14, dch.begin() + sidAt + 1 + sidLen) ==
                               Bytes(tch.begin() + 6, tch.begin() + 4 + 2 + 32 + 1 + sidLen)),
                              true,
                              "random and session ID kept");
        NS_TEST_ASSERT_MSG_EQ((Bytes(dch.begin() + sidAt + 2 + sidLen, dch.end()) ==
                               Bytes(tch.begin() + 4 + 2 + 32 + 1 + sidLen, tch.end())),
                              true,
                              "suites, compression and extensions kept byte for byte");
        // node -> client: DTLS fields dropped, ServerHello version mapped back
        const uint8_t nodeTypes[] = {dtls::SERVER_HELLO,
                                     dtls::SERVER_KEY_EXCHANGE,
                                     dtls::SERVER_HELLO_DONE};
        for (std::size_t k = 0; k < 3; ++k)
        {
            const Bytes& d = dtlsIn[k].fragment;
            const Bytes& t = tlsOut[k].fragment;
            NS_TEST_ASSERT_MSG_EQ(tlsOut[k].version, 0x0303, "TLS record version");
            NS_TEST_ASSERT_MSG_EQ(+t[0], +nodeTypes[k], "msg_type");
            NS_TEST_ASSERT_MSG_EQ(t.size() + 8, d.size(), "12-byte header became 4 bytes");
            std::size_t bodyFrom = k == 0 ? 2 : 0; // past the version in the ServerHello
            NS_TEST_ASSERT_MSG_EQ((Bytes(t.begin() + 4 + bodyFrom, t.end()) ==
                                   Bytes(d.begin() + 12 + bodyFrom, d.end())),
                                  true,
                                  "body kept");
        }
        NS_TEST_ASSERT_MSG_EQ(U16At(tlsOut[0].fragment, 4), 0x0303, "server_version {3,3}");
        NS_TEST_ASSERT_MSG_EQ(U16At(dtlsIn[0].fragment, 12), 0xfefd, "was {254,253}");
        NS_TEST_ASSERT_MSG_EQ(+tlsOut[3].type, +dtls::CHANGE_CIPHER_SPEC, "CCS");
        for (std::size_t i : {std::size_t{4}, std::size_t{5}})
        {
            NS_TEST_ASSERT_MSG_EQ(dtlsIn[i].epoch, 1, "node's protected records");
            NS_TEST_ASSERT_MSG_EQ((tlsOut[i].fragment == dtlsIn[i].fragment),
                                  true,
                                  "cross unchanged");
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief A tampering router is detected by the node, as the paper says: a changed
 * ClientHello random or ServerHello random makes both Finished checks fail; a changed
 * sequence number on the client's Finished record makes it authenticate under neither
 * protocol's numbers. Either way ATTACK_DETECTED and a fatal alert; nothing is delivered.
 */
class MappingTamperingTestCase : public TestCase
{
  public:
    MappingTamperingTestCase()
        : TestCase("mapping: a tampering router is detected by the node (both checks fail)")
    {
    }

  private:
    void DoRun() override
    {
        for (auto field : {TAMPER_CLIENT_RANDOM, TAMPER_SERVER_RANDOM, TAMPER_FINISHED_SEQUENCE})
        {
            MappingPath p(true);
            p.mapper->SetTamper(field);
            Simulator::Schedule(Seconds(3), [&p]() {
                p.client->Send(Simulator::Now(), B("GET /light HTTP/1.1"));
            });
            p.Run();
            std::string name = TlsDtlsTamperFieldName(field);
            NS_TEST_ASSERT_MSG_EQ(p.NodeEvents(DtlsEvent::ATTACK_DETECTED), 1u, name);
            NS_TEST_ASSERT_MSG_EQ(p.NodeEvents(DtlsEvent::HANDSHAKE_COMPLETE), 0u, name);
            NS_TEST_ASSERT_MSG_EQ(p.nodeReceived.size(), 0u, name + ": nothing delivered");
            NS_TEST_ASSERT_MSG_NE(p.client->GetState(), DtlsSession::ESTABLISHED, name);
            bool fatal = false;
            for (const auto& e : p.nodeEvents)
            {
                fatal |= e.type == DtlsEvent::ALERT_SENT && e.alertLevel == dtls::FATAL;
            }
            NS_TEST_ASSERT_MSG_EQ(fatal, true, name + ": fatal alert");
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Handshake flights lost in the LLN: the router re-sends the client's flight on its
 * RFC 6347 timer (ClientHello lost: 1 s later) or when the node re-sends its own (flight 3
 * lost), and the node's duplicates never reach the TLS stream (which would break it).
 */
class MappingLossTestCase : public TestCase
{
  public:
    MappingLossTestCase()
        : TestCase("mapping: flights lost in the LLN are re-sent by the router")
    {
    }

  private:
    void DoRun() override
    {
        // (towards the node, datagram index) lost once: the ClientHello, flight 3; the node's
        // flight 4 (its second datagram)
        struct Case
        {
            bool towardsNode;
            uint32_t index;
            const char* what;
        };

        for (const Case& c :
             {Case{true, 0, "ClientHello"}, Case{true, 1, "flight 3"}, Case{false, 1, "flight 4"}})
        {
            MappingPath p(true);
            p.drop = [c](bool towardsNode, uint32_t index) {
                return towardsNode == c.towardsNode && index == c.index;
            };
            Simulator::Schedule(Seconds(8),
                                [&p]() { p.client->Send(Simulator::Now(), B("GET /")); });
            p.Run();
            NS_TEST_ASSERT_MSG_EQ(p.client->GetState(), DtlsSession::ESTABLISHED, c.what);
            DtlsSession* s = p.NodeSession();
            IOTSEC_TEST_REQUIRE(s != nullptr, c.what);
            NS_TEST_ASSERT_MSG_EQ(s->GetState(), DtlsSession::ESTABLISHED, c.what);
            NS_TEST_ASSERT_MSG_EQ(p.nodeReceived.size(), 1u, std::string(c.what) + ": data");
            NS_TEST_ASSERT_MSG_GT_OR_EQ(p.mapper->GetRetransmissions(), 1u, c.what);
            // the TLS stream the client read holds exactly one copy of every message
            auto tlsOut = TlsRecords(p.toClient);
            NS_TEST_ASSERT_MSG_EQ(tlsOut.size(), 5u, std::string(c.what) + ": no duplicate");
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief Datagrams the LLN delivers twice (a MAC retry whose acknowledgement was lost): the
 * node's handshake flights and an application record reach the TLS stream once.
 */
class MappingDuplicateTestCase : public TestCase
{
  public:
    MappingDuplicateTestCase()
        : TestCase("mapping: datagrams duplicated in the LLN reach TLS once")
    {
    }

  private:
    void DoRun() override
    {
        MappingPath p(true);
        p.duplicate = [](bool towardsNode, uint32_t) { return !towardsNode; };
        Simulator::Schedule(Seconds(3),
                            [&p]() { p.node->Send(Simulator::Now(), kRouter, B("x")); });
        p.Run();
        NS_TEST_ASSERT_MSG_EQ(p.client->GetState(), DtlsSession::ESTABLISHED, "completed");
        NS_TEST_ASSERT_MSG_EQ(p.clientReceived.size(), 1u, "one copy of the data");
        // SH, SKE, SHD, CCS, Fin, data: each once
        NS_TEST_ASSERT_MSG_EQ(TlsRecords(p.toClient).size(), 6u, "no duplicate record");
        NS_TEST_ASSERT_MSG_EQ(p.mapper->GetDuplicatesDropped(), 6u, "six dropped");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The ns-3 binding: a TlsSocket client on the Internet, a TlsDtlsMappingApplication on
 * the border router, and the node's DtlsSocket server (AcceptMappedTls, no cookie, echo),
 * over ns-3's TCP, UDP and IPv6. The client's request comes back echoed through the router,
 * the node completed with two Finished checks, and the router reports its header state; a
 * tampering router makes the node trace AttackDetected and the client's connection fail.
 */
class MappingApplicationTestCase : public TestCase
{
  public:
    MappingApplicationTestCase()
        : TestCase("mapping: TlsSocket -> TlsDtlsMappingApplication -> DtlsSocket over ns-3")
    {
    }

  private:
    /// What one run saw
    struct Outcome
    {
        bool connected{false};      //!< the client's ConnectionSucceeded
        bool failed{false};         //!< the client's ConnectionFailed
        Bytes echoed;               //!< what came back
        uint32_t finishedChecks{0}; //!< the node's
        uint32_t attacks{0};        //!< the node's AttackDetected
        uint32_t headerState{0};    //!< the router's
        uint64_t toNode{0};         //!< records the router mapped to DTLS
    };

    static Outcome Run(TlsDtlsTamperField tamper)
    {
        Outcome o;
        iotsectest::BorderRouterPath path;
        NodeContainer& nodes = path.nodes;

        Bytes key = DtlsHelper::DeriveKey("mapping", 1);
        DtlsHelper dtls;
        dtls.SetSocketAttribute("CookieExchange", BooleanValue(false));
        dtls.SetSocketAttribute("AcceptMappedTls", BooleanValue(true));
        DtlsHelper::InstallPsk(nodes.Get(2), "backend", key);
        ApplicationContainer server = dtls.InstallServer(nodes.Get(2));
        server.Start(Seconds(0));
        Ptr<DtlsServerApplication> echo = DynamicCast<DtlsServerApplication>(server.Get(0));
        echo->TraceConnectWithoutContext(
            "HandshakeCompleted",
            MakeBoundCallback(
                +[](Outcome* out, const Address&, const DtlsHandshakeStats& stats) {
                    out->finishedChecks = stats.finishedChecks;
                },
                &o));
        Ptr<TlsDtlsMappingApplication> router = CreateObject<TlsDtlsMappingApplication>();
        router->SetAttribute("NodeAddress", Ipv6AddressValue(path.nodeAddress));
        router->SetAttribute("Tamper", EnumValue(tamper));
        nodes.Get(1)->AddApplication(router);
        router->SetStartTime(Seconds(0));

        nodes.Get(0)->AggregateObject(CreateObject<TlsSocketFactory>());
        Ptr<TlsSocket> client = DynamicCast<TlsSocket>(
            Socket::CreateSocket(nodes.Get(0), TlsSocketFactory::GetTypeId()));
        client->SetAttribute("PskIdentity", StringValue("backend"));
        client->SetAttribute("Psk", StringValue(HexEncode(key)));
        client->SetConnectCallback(MakeBoundCallback(
                                       +[](Outcome* out, Ptr<Socket> s) {
                                           out->connected = true;
                                           Bytes request = B("GET /light HTTP/1.1\r\n\r\n");
                                           s->Send(Create<Packet>(request.data(), request.size()));
                                       },
                                       &o),
                                   MakeBoundCallback(
                                       +[](Outcome* out, Ptr<Socket>) { out->failed = true; },
                                       &o));
        client->SetRecvCallback(MakeBoundCallback(
            +[](Outcome* out, Ptr<Socket> s) {
                while (Ptr<Packet> p = s->Recv())
                {
                    Bytes b(p->GetSize());
                    p->CopyData(b.data(), b.size());
                    out->echoed.insert(out->echoed.end(), b.begin(), b.end());
                }
            },
            &o));
        Address routerAddress = Inet6SocketAddress(path.routerAddress, 443);
        Simulator::Schedule(Seconds(2),
                            [client, routerAddress]() { client->Connect(routerAddress); });
        echo->TraceConnectWithoutContext(
            "HandshakeFailed",
            MakeBoundCallback(
                +[](Outcome* out, const Address&, const std::string& reason) {
                    // AttackDetected's reasons: both checks failed
                    out->attacks += reason.find("neither") != std::string::npos ? 1 : 0;
                },
                &o));
        Simulator::Stop(Seconds(30));
        Simulator::Run();
        o.headerState = router->GetHeaderStateBytes();
        o.toNode = router->GetRecordsToNode();
        Simulator::Destroy();
        return o;
    }

    void DoRun() override
    {
        Outcome honest = Run(TAMPER_NONE);
        NS_TEST_ASSERT_MSG_EQ(honest.connected, true, "connected through the router");
        NS_TEST_ASSERT_MSG_EQ(std::string(honest.echoed.begin(), honest.echoed.end()),
                              "GET /light HTTP/1.1\r\n\r\n",
                              "echoed by the node");
        NS_TEST_ASSERT_MSG_EQ(honest.finishedChecks, 2u, "the node needed both checks");
        NS_TEST_ASSERT_MSG_EQ(honest.headerState, 41u, "header state per connection");
        NS_TEST_ASSERT_MSG_EQ(honest.toNode, 5u, "CH, CKE, CCS, Fin, data");
        Outcome tampered = Run(TAMPER_CLIENT_RANDOM);
        NS_TEST_ASSERT_MSG_EQ(tampered.connected, false, "no connection");
        NS_TEST_ASSERT_MSG_EQ(tampered.failed, true, "the client's connection failed");
        NS_TEST_ASSERT_MSG_EQ(tampered.echoed.size(), 0u, "nothing echoed");
        NS_TEST_ASSERT_MSG_EQ(tampered.attacks, 1u, "the node detected the tampering");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The mapping mode of the end-to-end study over ns-3: an HTTPS client
 * (HttpClientApplication over TlsSocket), the mapping router, and the node's HTTP server over
 * DTLS (HttpServerApplication on DtlsSocketFactory with AcceptMappedTls): the node reads
 * the client's HTTP from the mapped records; GET, PUT, GET succeed on one connection; the
 * router never holds a key and reports its header state.
 */
class MappingHttpTestCase : public TestCase
{
  public:
    MappingHttpTestCase()
        : TestCase("mapping: HTTPS client -> mapping router -> the node's HTTP over DTLS")
    {
    }

  private:
    void DoRun() override
    {
        iotsectest::BorderRouterPath path;
        NodeContainer& nodes = path.nodes;

        Bytes key = DtlsHelper::DeriveKey("mapping-http", 1);
        DtlsHelper::InstallPsk(nodes.Get(2), "backend", key);
        DtlsHelper dtls;
        dtls.SetSocketAttribute("CookieExchange", BooleanValue(false));
        dtls.SetSocketAttribute("AcceptMappedTls", BooleanValue(true));
        dtls.InstallSocketFactory(NodeContainer(nodes.Get(2)));
        Ptr<HttpServerApplication> server = CreateObject<HttpServerApplication>();
        server->SetAttribute("SocketFactory", TypeIdValue(DtlsSocketFactory::GetTypeId()));
        server->SetAttribute("Port", UintegerValue(5684));
        server->AddResource("/light", "off");
        nodes.Get(2)->AddApplication(server);

        Ptr<TlsDtlsMappingApplication> router = CreateObject<TlsDtlsMappingApplication>();
        router->SetAttribute("NodeAddress", Ipv6AddressValue(path.nodeAddress));
        nodes.Get(1)->AddApplication(router);

        Ptr<TlsSocketFactory> tls = CreateObject<TlsSocketFactory>();
        tls->SetSocketAttribute("PskIdentity", StringValue("backend"));
        tls->SetSocketAttribute("Psk", StringValue(HexEncode(key)));
        nodes.Get(0)->AggregateObject(tls);
        Ptr<HttpClientApplication> client = CreateObject<HttpClientApplication>();
        client->SetAttribute("SocketFactory", TypeIdValue(TlsSocketFactory::GetTypeId()));
        client->SetAttribute("Remote", AddressValue(Inet6SocketAddress(path.routerAddress, 443)));
        for (const auto& step :
             {std::make_pair("GET", ""), std::make_pair("PUT", "on"), std::make_pair("GET", "")})
        {
            HttpMessage r = HttpMessage::MakeRequest(step.first, "/light");
            r.SetField("Host", "node");
            if (std::string(step.second).size() > 0)
            {
                r.SetField("Content-Type", "text/plain;charset=utf-8");
                r.SetBody(std::string(step.second));
            }
            client->AddRequest(r);
        }
        nodes.Get(0)->AddApplication(client);
        server->SetStartTime(Seconds(0));
        router->SetStartTime(Seconds(0));
        client->SetStartTime(Seconds(2));
        NodeModelHelper model;
        model.SetPreset("BorderRouter");
        model.Install(nodes.Get(1));
        Ptr<RamModel> routerRam = NodeModelHelper::GetRam(nodes.Get(1));
        uint32_t routerHeld = 0;
        Simulator::Schedule(Seconds(29),
                            [&]() { routerHeld = routerRam->GetUsedBytes("tls-dtls-mapping"); });
        Simulator::Stop(Seconds(30));
        Simulator::Run();
        const auto& r = client->GetResponses();
        IOTSEC_TEST_REQUIRE(r.size() == 3, "three responses");
        NS_TEST_ASSERT_MSG_EQ(r[0].GetBodyString(), "off", "GET");
        NS_TEST_ASSERT_MSG_EQ(r[1].GetStatus(), 204, "PUT");
        NS_TEST_ASSERT_MSG_EQ(r[2].GetBodyString(), "on", "GET after PUT");
        NS_TEST_ASSERT_MSG_EQ(server->GetResource("/light"), "on", "the node's state");
        NS_TEST_ASSERT_MSG_EQ(router->GetConnections(), 1u, "one connection");
        NS_TEST_ASSERT_MSG_EQ(router->GetHeaderStateBytes(), 41u, "header state");
        // the open connection's mapper is charged to the router's RAM, and nothing else is
        NS_TEST_ASSERT_MSG_EQ(routerHeld, router->GetStateBytes(), "RAM charge");
        // idle after its handshake, a connection holds its header state and no buffer (the
        // client's last flight is dropped once the node's Finished went through)
        NS_TEST_ASSERT_MSG_EQ(routerHeld, 41u, "the header state alone");
        NS_TEST_ASSERT_MSG_EQ(routerRam->GetUsedBytes(), routerHeld, "no key, no session");
        Simulator::Destroy();
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The TLS<->DTLS mapping border router.
 */
class TlsDtlsMappingTestSuite : public TestSuite
{
  public:
    TlsDtlsMappingTestSuite()
        : TestSuite("iotsec-tls-dtls-mapping", TestSuite::Type::UNIT)
    {
        AddTestCase(new MappingDoubleFinishedTestCase, iotsectest::QUICK);
        AddTestCase(new MappingTableOneTestCase, iotsectest::QUICK);
        AddTestCase(new MappingTamperingTestCase, iotsectest::QUICK);
        AddTestCase(new MappingLossTestCase, iotsectest::QUICK);
        AddTestCase(new MappingDuplicateTestCase, iotsectest::QUICK);
        AddTestCase(new MappingApplicationTestCase, iotsectest::QUICK);
        AddTestCase(new MappingHttpTestCase, iotsectest::QUICK);
    }
};

/// The suite's single instance
static TlsDtlsMappingTestSuite g_tlsDtlsMappingTestSuite;
