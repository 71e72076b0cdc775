/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \brief The host binding of iotsec's DTLS engine: the same DtlsSession / DtlsServerEngine
 * that the simulations use, driven by a real UDP socket and the wall clock.
 *
 * It exists to prove that the engine talks to real DTLS 1.2 implementations (OpenSSL's
 * s_server and s_client in the interop tests).
 *
 *   dtls-probe --role=client --host=127.0.0.1 --port=4433 --identity=ID --psk=HEX \
 *              [--send=TEXT] [--expect=TEXT] [--timeout=SECONDS] [--mtu=BYTES] \
 *              [--retransmissions=N] [--resume]
 *   dtls-probe --role=server --port=4433 --identity=ID --psk=HEX [--hint=HINT] \
 *              [--reply=PREFIX] [--expect=TEXT] [--timeout=SECONDS] [--once] \
 *              [--no-cookie] [--accept-mapped-tls]
 *
 * The client completes a handshake, sends --send, and waits for data containing --expect
 * (with --resume it then closes and resumes the session with an abbreviated handshake). The
 * server accepts associations, prints the data it receives and answers each datagram with
 * --reply followed by the data; with --once it exits after the first association that
 * exchanged data (or, with --expect, after receiving it). Exit status: 0 on success, 1 when
 * the handshake failed or the expected data never came, 2 on bad usage. --no-cookie turns the
 * cookie exchange off; --accept-mapped-tls lets TLS clients behind a TLS<->DTLS mapping router
 * (utils/mapping-proxy) complete the handshake by the second Finished check.
 */

#include "host-binding.h"

#include "ns3/hex-encoding.h"
#include "ns3/log.h"

#include <cstdlib>
#include <iostream>
#include <string>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("DtlsProbe");

namespace
{

/// Command-line options
struct Options
{
    std::string role;              //!< client or server
    std::string host{"127.0.0.1"}; //!< server host (client role)
    int port{0};                   //!< UDP port
    std::string identity;          //!< PSK identity
    std::string pskHex;            //!< PSK in hex
    std::string hint;              //!< server PSK identity hint
    std::string send;              //!< client: data to send
    std::string expect;            //!< data to wait for
    std::string reply{"echo:"};    //!< server: reply prefix
    double timeout{20};            //!< overall time limit, seconds
    uint32_t mtu{1232};            //!< handshake MTU
    uint32_t retransmissions{4};   //!< MaxRetransmissions
    bool resume{false};            //!< client: resume after the first handshake
    bool once{false};              //!< server: exit after one association
    bool noCookie{false};          //!< server: no HelloVerifyRequest
    bool acceptMappedTls{false};   //!< server: TLS clients behind a mapping router
};

/**
 * \param text a string
 * \return its bytes
 */
Bytes
ToBytes(const std::string& text)
{
    return Bytes(text.begin(), text.end());
}

/**
 * \brief The client role: one association (two with --resume) on a connected UDP socket.
 * \param o the options
 * \return the exit status
 */
int
RunClient(const Options& o)
{
    DtlsConfig c;
    c.role = DtlsRole::CLIENT;
    c.pskIdentity = ToBytes(o.identity);
    HexDecode(o.pskHex, c.psk);
    c.handshakeMtu = o.mtu;
    c.maxRetransmissions = o.retransmissions;
    HostDtlsClient transport(c);
    bool gotExpected = false;
    transport.SetEventSink([](const std::string&, const DtlsEvent& e) {
        std::cout << "dtls-probe: " << HostDescribeDtlsEvent(e) << std::endl;
    });
    transport.SetReceiver([&](const std::string&, const Bytes& data) {
        std::string text(data.begin(), data.end());
        std::cout << "dtls-probe: data: " << text << std::endl;
        if (!o.expect.empty() && text.find(o.expect) != std::string::npos)
        {
            gotExpected = true;
        }
    });
    std::string host = o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host;
    if (!transport.Connect(host + ":" + std::to_string(o.port)))
    {
        std::cerr << "dtls-probe: " << transport.GetError() << std::endl;
        return 2;
    }
    Time deadline = HostNow() + Seconds(o.timeout);
    DtlsSessionTicket ticket;
    for (int round = 0; round < (o.resume ? 2 : 1); ++round)
    {
        gotExpected = o.expect.empty();
        transport.Handshake(ticket.IsValid() ? &ticket : nullptr);
        if (!transport.WaitEstablished(deadline))
        {
            std::cerr << "dtls-probe: " << transport.GetError() << std::endl;
            return 1;
        }
        if (!o.send.empty())
        {
            transport.SendTo(transport.GetRemoteKey(), ToBytes(o.send));
        }
        while (!gotExpected)
        {
            if (transport.GetSession()->GetState() != DtlsSession::ESTABLISHED)
            {
                return 1;
            }
            if (HostNow() >= deadline)
            {
                std::cerr << "dtls-probe: time limit reached" << std::endl;
                return 1;
            }
            transport.Poll(deadline);
        }
        if (round == 0 && o.resume)
        {
            ticket = transport.GetSession()->GetTicket();
            transport.Close();
        }
    }
    if (o.resume && transport.GetResumedHandshakes() == 0)
    {
        std::cerr << "dtls-probe: the second handshake was not resumed" << std::endl;
        return 1;
    }
    transport.Close();
    return 0;
}

/**
 * \brief The server role: a DtlsServerEngine on a UDP socket bound to every address.
 * \param o the options
 * \return the exit status
 */
int
RunServer(const Options& o)
{
    Bytes key;
    HexDecode(o.pskHex, key);
    HostSinglePsk psk(ToBytes(o.identity), key);
    DtlsConfig c;
    c.role = DtlsRole::SERVER;
    c.pskIdentityHint = ToBytes(o.hint);
    c.cookieExchange = !o.noCookie;
    c.acceptMappedTls = o.acceptMappedTls;
    c.handshakeMtu = o.mtu;
    c.maxRetransmissions = o.retransmissions;
    HostDtlsServer transport(c, psk);
    bool done = false;
    bool failed = false;
    transport.SetEventSink([&](const std::string& peer, const DtlsEvent& e) {
        std::cout << "dtls-probe: " << peer << ": " << HostDescribeDtlsEvent(e) << std::endl;
        if (e.type == DtlsEvent::HANDSHAKE_FAILED && o.once)
        {
            failed = true;
            done = true;
        }
    });
    transport.SetReceiver([&](const std::string& peer, const Bytes& data) {
        std::string text(data.begin(), data.end());
        std::cout << "dtls-probe: data from " << peer << ": " << text << std::endl;
        transport.SendTo(peer, ToBytes(o.reply + text));
        if (o.expect.empty() || text.find(o.expect) != std::string::npos)
        {
            done = true;
        }
    });
    if (!transport.Bind("[::]:" + std::to_string(o.port)))
    {
        std::cerr << "dtls-probe: " << transport.GetError() << std::endl;
        return 2;
    }
    std::cout << "dtls-probe: listening on port " << o.port << std::endl;
    Time deadline = HostNow() + Seconds(o.timeout);
    while (HostNow() < deadline && !(o.once && done))
    {
        transport.Poll(deadline);
    }
    if (o.once && !done)
    {
        std::cerr << "dtls-probe: time limit reached" << std::endl;
        return 1;
    }
    return failed ? 1 : 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    Options o;
    for (int i = 1; i < argc; ++i)
    {
        std::string a = argv[i];
        auto value = [&a]() { return a.substr(a.find('=') + 1); };
        if (a.rfind("--role=", 0) == 0)
        {
            o.role = value();
        }
        else if (a.rfind("--host=", 0) == 0)
        {
            o.host = value();
        }
        else if (a.rfind("--port=", 0) == 0)
        {
            o.port = std::atoi(value().c_str());
        }
        else if (a.rfind("--identity=", 0) == 0)
        {
            o.identity = value();
        }
        else if (a.rfind("--psk=", 0) == 0)
        {
            o.pskHex = value();
        }
        else if (a.rfind("--hint=", 0) == 0)
        {
            o.hint = value();
        }
        else if (a.rfind("--send=", 0) == 0)
        {
            o.send = value();
        }
        else if (a.rfind("--expect=", 0) == 0)
        {
            o.expect = value();
        }
        else if (a.rfind("--reply=", 0) == 0)
        {
            o.reply = value();
        }
        else if (a.rfind("--timeout=", 0) == 0)
        {
            o.timeout = std::atof(value().c_str());
        }
        else if (a.rfind("--mtu=", 0) == 0)
        {
            o.mtu = static_cast<uint32_t>(std::atoi(value().c_str()));
        }
        else if (a.rfind("--retransmissions=", 0) == 0)
        {
            o.retransmissions = static_cast<uint32_t>(std::atoi(value().c_str()));
        }
        else if (a == "--resume")
        {
            o.resume = true;
        }
        else if (a == "--once")
        {
            o.once = true;
        }
        else if (a == "--no-cookie")
        {
            o.noCookie = true;
        }
        else if (a == "--accept-mapped-tls")
        {
            o.acceptMappedTls = true;
        }
        else
        {
            std::cerr << "dtls-probe: unknown argument " << a << " (see the header of "
                      << "utils/dtls-probe.cc)" << std::endl;
            return 2;
        }
    }
    Bytes psk;
    if ((o.role != "client" && o.role != "server") || o.port <= 0 || o.port > 65535 ||
        o.identity.empty() || !HexDecode(o.pskHex, psk) || psk.empty() || o.timeout <= 0)
    {
        std::cerr << "usage: dtls-probe --role=client|server --port=N --identity=ID --psk=HEX "
                     "[options]"
                  << std::endl;
        return 2;
    }
    return o.role == "client" ? RunClient(o) : RunServer(o);
}
