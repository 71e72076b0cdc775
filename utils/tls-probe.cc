/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \brief The host binding of iotsec's TLS engine: the same DtlsSession the simulations use,
 * configured for TLS 1.2 (TlsProtocol::TLS_1_2), driven by a real TCP socket and the wall
 * clock.
 *
 * It exists to prove that the engine talks to a real TLS 1.2 implementation (OpenSSL's
 * s_server and s_client, in test/interop-tls-openssl.sh).
 *
 *   tls-probe --role=client --host=127.0.0.1 --port=4433 --identity=ID --psk=HEX \
 *             [--send=TEXT] [--expect=TEXT] [--timeout=SECONDS] [--resume]
 *   tls-probe --role=server --port=4433 --identity=ID --psk=HEX [--hint=HINT] \
 *             [--reply=PREFIX] [--expect=TEXT] [--timeout=SECONDS] [--once]
 *
 * The client connects, completes a handshake, sends --send and waits for data containing
 * --expect (with --resume it then closes and resumes the session on a new connection). The
 * server accepts connections one at a time, prints the data it receives and answers each
 * record with --reply followed by the data; with --once it exits after the first connection
 * (successfully if it exchanged data, or with --expect received it). Exit status: 0 on
 * success, 1 when the handshake failed or the expected data never came, 2 on bad usage.
 */

#include "host-binding.h"

#include "ns3/hex-encoding.h"

#include <cstdlib>
#include <iostream>
#include <string>

using namespace ns3;

namespace
{

/// Command-line options
struct Options
{
    std::string role;              //!< client or server
    std::string host{"127.0.0.1"}; //!< server host (client role)
    int port{0};                   //!< TCP port
    std::string identity;          //!< PSK identity
    std::string pskHex;            //!< PSK in hex
    std::string hint;              //!< server PSK identity hint
    std::string send;              //!< client: data to send
    std::string expect;            //!< data to wait for
    std::string reply{"echo:"};    //!< server: reply prefix
    double timeout{20};            //!< overall time limit, seconds
    bool resume{false};            //!< client: resume after the first handshake
    bool once{false};              //!< server: exit after one connection
};

/**
 * \param text text
 * \return its bytes
 */
Bytes
ToBytes(const std::string& text)
{
    return Bytes(text.begin(), text.end());
}

/**
 * \param e an event
 */
void
Print(const DtlsEvent& e)
{
    std::cout << "tls-probe: " << HostDescribeDtlsEvent(e) << std::endl;
}

/**
 * \param o options
 * \return the exit status
 */
int
RunClient(const Options& o)
{
    DtlsConfig c;
    c.pskIdentity = ToBytes(o.identity);
    HexDecode(o.pskHex, c.psk);
    std::string host = o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host;
    Time deadline = HostNow() + Seconds(o.timeout);
    DtlsSessionTicket ticket;
    for (int round = 0; round < (o.resume ? 2 : 1); ++round)
    {
        HostTlsConnection connection(c, nullptr);
        bool gotExpected = o.expect.empty();
        connection.SetEventSink(Print);
        connection.SetReceiver([&](const Bytes& data) {
            std::string text(data.begin(), data.end());
            std::cout << "tls-probe: data: " << text << std::endl;
            if (!o.expect.empty() && text.find(o.expect) != std::string::npos)
            {
                gotExpected = true;
            }
        });
        if (!connection.Connect(host + ":" + std::to_string(o.port),
                                ticket.IsValid() ? &ticket : nullptr))
        {
            std::cerr << "tls-probe: " << connection.GetError() << std::endl;
            return 2;
        }
        if (!connection.WaitEstablished(deadline))
        {
            std::cerr << "tls-probe: " << connection.GetError() << std::endl;
            return 1;
        }
        if (round == 1 && !connection.GetSession()->GetStats().resumed)
        {
            std::cerr << "tls-probe: the second handshake was not resumed" << std::endl;
            return 1;
        }
        if (!o.send.empty())
        {
            connection.Send(ToBytes(o.send));
        }
        connection.Poll(deadline, [&]() {
            return gotExpected || connection.GetSession()->GetState() != DtlsSession::ESTABLISHED;
        });
        if (!gotExpected)
        {
            std::cerr << "tls-probe: the expected data never came ("
                      << (connection.GetError().empty() ? "time limit reached"
                                                        : connection.GetError())
                      << ")" << std::endl;
            return 1;
        }
        ticket = connection.GetSession()->GetTicket();
        connection.Close();
    }
    return 0;
}

/**
 * \param o options
 * \return the exit status
 */
int
RunServer(const Options& o)
{
    Bytes key;
    HexDecode(o.pskHex, key);
    HostSinglePsk psk(ToBytes(o.identity), key);
    DtlsConfig c;
    c.pskIdentityHint = ToBytes(o.hint);
    DtlsSessionCache cache;
    HostTcpListener listener;
    if (!listener.Listen(o.port))
    {
        std::cerr << "tls-probe: " << listener.GetError() << std::endl;
        return 2;
    }
    std::cout << "tls-probe: listening on TCP port " << o.port << std::endl;
    Time deadline = HostNow() + Seconds(o.timeout);
    while (HostNow() < deadline)
    {
        std::string peer;
        int fd = listener.Accept(deadline, peer);
        if (fd < 0)
        {
            break;
        }
        std::cout << "tls-probe: connection from " << peer << std::endl;
        HostTlsConnection connection(c, &psk);
        connection.SetSessionCache(&cache);
        bool done = false;
        connection.SetEventSink(Print);
        connection.SetReceiver([&](const Bytes& data) {
            std::string text(data.begin(), data.end());
            std::cout << "tls-probe: data from " << peer << ": " << text << std::endl;
            connection.Send(ToBytes(o.reply + text));
            if (o.expect.empty() || text.find(o.expect) != std::string::npos)
            {
                done = true;
            }
        });
        connection.Adopt(fd);
        connection.Poll(deadline, [&]() {
            auto state = connection.GetSession()->GetState();
            return state == DtlsSession::FAILED || state == DtlsSession::CLOSED;
        });
        bool failed = connection.GetSession()->GetState() == DtlsSession::FAILED;
        connection.Close();
        if (o.once)
        {
            return done && !failed ? 0 : 1;
        }
    }
    if (o.once)
    {
        std::cerr << "tls-probe: time limit reached" << std::endl;
        return 1;
    }
    return 0;
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
        else if (a == "--resume")
        {
            o.resume = true;
        }
        else if (a == "--once")
        {
            o.once = true;
        }
        else
        {
            std::cerr << "tls-probe: unknown argument " << a << " (see the header of "
                      << "utils/tls-probe.cc)" << std::endl;
            return 2;
        }
    }
    Bytes psk;
    if ((o.role != "client" && o.role != "server") || o.port <= 0 || o.port > 65535 ||
        o.identity.empty() || !HexDecode(o.pskHex, psk) || psk.empty() || o.timeout <= 0)
    {
        std::cerr << "usage: tls-probe --role=client|server --port=N --identity=ID --psk=HEX "
                     "[options]"
                  << std::endl;
        return 2;
    }
    return o.role == "client" ? RunClient(o) : RunServer(o);
}
