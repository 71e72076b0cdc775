/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dtls-handshake-loss-model.h"

#include "ns3/abort.h"
#include "ns3/log.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DtlsHandshakeLossModel");

namespace
{

/// No deadline
constexpr int64_t NEVER = std::numeric_limits<int64_t>::max();

/// Where the client is
enum ClientStep : uint8_t
{
    C_WAIT_HVR,     //!< flight 1 sent (cookie exchange)
    C_WAIT_FLIGHT4, //!< the hello the server keeps state for sent (flight 3, or 1)
    C_WAIT_FLIGHT6, //!< flight 5 sent
    C_DONE,         //!< established
    C_FAILED,       //!< gave up
};

/// Where the server's association with the client is
enum ServerStep : uint8_t
{
    S_NONE,         //!< no association (none yet, or it failed or expired)
    S_WAIT_FLIGHT5, //!< flight 4 sent
    S_ESTABLISHED,  //!< flight 6 sent
};

/// Everything that decides the future of a handshake
struct State
{
    uint8_t client{C_WAIT_HVR};  //!< ClientStep
    int64_t clientTimer{NEVER};  //!< client's deadline [ns]
    int64_t clientTimeout{0};    //!< its current value [ns]
    uint32_t clientExpiries{0};  //!< expiries for the current flight
    uint32_t restarts{0};        //!< RestartHandshake: restarts so far
    uint8_t server{S_NONE};      //!< ServerStep
    int64_t serverTimer{NEVER};  //!< server's deadline [ns]
    int64_t serverTimeout{0};    //!< its current value [ns]
    uint32_t serverExpiries{0};  //!< expiries for flight 4
    int64_t serverExpiry{NEVER}; //!< when the half-open handshake is given up [ns]
    /// datagrams that will arrive: (time the peer reacts [ns], flight), in time order
    std::vector<std::pair<int64_t, uint8_t>> arrivals;

    /// \return the state as a key for memoization
    std::string Key() const
    {
        std::string k;
        auto put = [&k](int64_t v) { k.append(reinterpret_cast<const char*>(&v), sizeof(v)); };
        put(client);
        put(clientTimer);
        put(clientTimeout);
        put(clientExpiries);
        put(restarts);
        put(server);
        put(serverTimer);
        put(serverTimeout);
        put(serverExpiries);
        put(serverExpiry);
        for (const auto& a : arrivals)
        {
            put(a.first);
            put(a.second);
        }
        return k;
    }
};

/// The exhaustive, memoized sum over loss patterns
class Solver
{
  public:
    /// \param p the parameters
    explicit Solver(const DtlsHandshakeLossModel::Parameters& p)
        : m_p(p),
          m_initial(p.initialTimeout.GetNanoSeconds()),
          m_max(p.maxTimeout.GetNanoSeconds()),
          m_helloFlight(p.cookieExchange ? 3 : 1),
          m_race(p.raceWindow.GetNanoSeconds())
    {
    }

    /// \return P(the client completes)
    double Run()
    {
        State s;
        s.client = m_p.cookieExchange ? C_WAIT_HVR : C_WAIT_FLIGHT4;
        s.clientTimeout = m_initial;
        s.clientTimer = m_initial;
        return Send(s, 1, 0);
    }

  private:
    /// \param restarts restarts so far \return the RestartHandshake timer value
    int64_t RestartTimeout(uint32_t restarts) const
    {
        int64_t t = m_initial;
        for (uint32_t i = 0; i < restarts && t < m_max; ++i)
        {
            t = std::min(t * 2, m_max);
        }
        return t;
    }

    /**
     * \brief A flight is sent: sum over its arrival and its loss.
     * \param s the state after the send
     * \param flight the flight
     * \param now when it is sent
     * \return P(success)
     */
    double Send(const State& s, uint8_t flight, int64_t now)
    {
        double a = m_p.arrival[flight];
        double result = 0;
        if (a > 0)
        {
            State arrived = s;
            std::pair<int64_t, uint8_t> e{now + m_p.airtime[flight].GetNanoSeconds(), flight};
            arrived.arrivals.insert(
                std::upper_bound(arrived.arrivals.begin(), arrived.arrivals.end(), e),
                e);
            result += a * Solve(arrived);
        }
        if (a < 1)
        {
            result += (1 - a) * Solve(s);
        }
        return result;
    }

    /// \param s a state \return P(success) from it
    double Solve(const State& s)
    {
        if (s.client == C_DONE)
        {
            return 1.0;
        }
        if (s.client == C_FAILED)
        {
            return 0.0;
        }
        std::string key = s.Key();
        auto it = m_memo.find(key);
        if (it != m_memo.end())
        {
            return it->second;
        }
        double p = Step(s);
        m_memo.emplace(std::move(key), p);
        return p;
    }

    /// Kinds of events
    enum EventKind : uint8_t
    {
        ARRIVAL,      //!< s.arrivals[index]
        CLIENT_TIMER, //!< the client's timer
        SERVER_TIMER, //!< the server's timer
        EXPIRY,       //!< the server's HandshakeTimeout
    };

    /// \param s a state \return P(success), after its next event
    double Step(const State& s)
    {
        // The events that may come next: the earliest, and any within the race window of it
        std::vector<std::pair<int64_t, std::pair<EventKind, std::size_t>>> events;
        for (std::size_t i = 0; i < s.arrivals.size(); ++i)
        {
            events.push_back({s.arrivals[i].first, {ARRIVAL, i}});
        }
        events.push_back({s.clientTimer, {CLIENT_TIMER, 0}});
        events.push_back({s.serverTimer, {SERVER_TIMER, 0}});
        events.push_back({s.serverExpiry, {EXPIRY, 0}});
        std::sort(events.begin(), events.end());
        int64_t first = events.front().first;
        NS_ABORT_MSG_IF(first == NEVER, "DtlsHandshakeLossModel: no event left");
        std::size_t racing = 1;
        while (racing < events.size() && events[racing].first != NEVER &&
               events[racing].first - first < m_race)
        {
            ++racing;
        }
        double p = 0;
        for (std::size_t i = 0; i < racing; ++i)
        {
            p += Fire(s, events[i].second.first, events[i].second.second, events[i].first);
        }
        return p / racing;
    }

    /**
     * \param state the state
     * \param kind the event that happens now
     * \param index its index (arrivals)
     * \param next its time
     * \return P(success) after it
     */
    double Fire(State s, EventKind kind, std::size_t index, int64_t next)
    {
        bool restart = m_p.lossRecovery == DtlsLossRecovery::RESTART_HANDSHAKE;
        if (kind == ARRIVAL)
        {
            uint8_t flight = s.arrivals[index].second;
            s.arrivals.erase(s.arrivals.begin() + index);
            return Arrive(s, flight, next, restart);
        }
        if (kind == CLIENT_TIMER)
        {
            s.clientTimer = NEVER;
            if (restart)
            {
                if (s.restarts >= m_p.maxRetransmissions)
                {
                    s.client = C_FAILED;
                    return 0.0;
                }
                ++s.restarts;
                s.client = m_p.cookieExchange ? C_WAIT_HVR : C_WAIT_FLIGHT4;
                s.clientTimeout = RestartTimeout(s.restarts);
                s.clientTimer = next + s.clientTimeout;
                return Send(s, 1, next);
            }
            if (++s.clientExpiries > m_p.maxRetransmissions)
            {
                s.client = C_FAILED;
                return 0.0;
            }
            s.clientTimeout = std::min(s.clientTimeout * 2, m_max);
            s.clientTimer = next + s.clientTimeout;
            return Send(s, ClientFlight(s), next);
        }
        if (kind == SERVER_TIMER)
        {
            s.serverTimer = NEVER;
            if (++s.serverExpiries > m_p.maxRetransmissions)
            {
                DropServer(s); // the server's handshake failed: its state is gone
                return Solve(s);
            }
            s.serverTimeout = std::min(s.serverTimeout * 2, m_max);
            s.serverTimer = next + s.serverTimeout;
            if (restart)
            {
                return Solve(s); // a RestartHandshake server only waits
            }
            return Send(s, 4, next);
        }
        // the half-open handshake expired
        DropServer(s);
        return Solve(s);
    }

    /// \param s the state \return the flight the client re-sends
    uint8_t ClientFlight(const State& s) const
    {
        switch (s.client)
        {
        case C_WAIT_HVR:
            return 1;
        case C_WAIT_FLIGHT4:
            return m_helloFlight;
        default:
            return 5;
        }
    }

    /// \param s the state whose server association is dropped
    static void DropServer(State& s)
    {
        s.server = S_NONE;
        s.serverTimer = NEVER;
        s.serverExpiry = NEVER;
        s.serverExpiries = 0;
    }

    /**
     * \brief The client (flights 2, 4, 6) or the server (1, 3, 5) reacts to a datagram.
     * \param s the state
     * \param flight the flight that arrived
     * \param now when
     * \param restart RestartHandshake
     * \return P(success)
     */
    double Arrive(State& s, uint8_t flight, int64_t now, bool restart)
    {
        // A flight handled for the first time is answered after the receiver's work on it; a
        // duplicate is answered at once
        int64_t worked = now + m_p.processing[flight].GetNanoSeconds();
        switch (flight)
        {
        case 2: // HelloVerifyRequest
            if (s.client == C_WAIT_HVR)
            {
                s.client = C_WAIT_FLIGHT4;
                StartClientFlight(s, worked);
                return Send(s, 3, worked);
            }
            return Solve(s);
        case 4:
            if (s.client == C_WAIT_FLIGHT4)
            {
                s.client = C_WAIT_FLIGHT6;
                StartClientFlight(s, worked);
                return Send(s, 5, worked);
            }
            if (s.client == C_WAIT_FLIGHT6 && !restart)
            {
                // the server's flight 4 again: flight 5 was lost, re-send it
                s.clientTimer = now + s.clientTimeout;
                return Send(s, 5, now);
            }
            return Solve(s);
        case 6:
            if (s.client == C_WAIT_FLIGHT6)
            {
                s.client = C_DONE;
                return 1.0;
            }
            return Solve(s);
        case 5:
            if (s.server == S_WAIT_FLIGHT5)
            {
                s.server = S_ESTABLISHED;
                s.serverTimer = NEVER;
                s.serverExpiry = NEVER;
                return Send(s, 6, worked);
            }
            if (s.server == S_ESTABLISHED && !restart)
            {
                return Send(s, 6, now); // flight 6 was lost: re-send it
            }
            return Solve(s);
        default:
            break;
        }
        // A ClientHello (flight 1 or 3)
        if (flight != m_helloFlight)
        {
            return Send(s, 2, worked); // stateless HelloVerifyRequest
        }
        if (s.server == S_WAIT_FLIGHT5 && !restart)
        {
            // the same ClientHello again: flight 4 was lost, re-send it
            s.serverTimer = now + s.serverTimeout;
            return Send(s, 4, now);
        }
        if (s.server == S_ESTABLISHED && !restart)
        {
            return Solve(s); // an old duplicate
        }
        // A new association (RestartHandshake: every hello is new and replaces the old one).
        // HandshakeTimeout counts from the ClientHello's arrival.
        s.server = S_WAIT_FLIGHT5;
        s.serverExpiries = 0;
        s.serverTimeout = m_initial;
        s.serverTimer = worked + m_initial;
        s.serverExpiry = m_p.handshakeTimeout.IsStrictlyPositive()
                             ? now + m_p.handshakeTimeout.GetNanoSeconds()
                             : NEVER;
        return Send(s, 4, worked);
    }

    /**
     * \param s the state: the client starts a new flight
     * \param now when
     */
    void StartClientFlight(State& s, int64_t now) const
    {
        s.clientExpiries = 0;
        s.clientTimeout = m_p.lossRecovery == DtlsLossRecovery::RESTART_HANDSHAKE
                              ? RestartTimeout(s.restarts)
                              : m_initial;
        s.clientTimer = now + s.clientTimeout;
    }

    const DtlsHandshakeLossModel::Parameters& m_p;  //!< parameters
    int64_t m_initial;                              //!< initial timeout [ns]
    int64_t m_max;                                  //!< maximum timeout [ns]
    uint8_t m_helloFlight;                          //!< flight of the stateful hello
    int64_t m_race;                                 //!< race window [ns]
    std::unordered_map<std::string, double> m_memo; //!< solved states
};

} // namespace

std::string
DtlsHandshakeLossModel::Check(const Parameters& p)
{
    std::ostringstream why;
    for (std::size_t k = 1; k < FLIGHTS; ++k)
    {
        if (!(p.arrival[k] >= 0 && p.arrival[k] <= 1))
        {
            why << "arrival[" << k << "] = " << p.arrival[k] << " is not a probability";
            return why.str();
        }
        if (p.airtime[k].IsStrictlyNegative() || p.processing[k].IsStrictlyNegative() ||
            p.airtime[k] + p.processing[k] >= p.initialTimeout)
        {
            why << "airtime[" << k << "] (" << p.airtime[k].As(Time::MS) << ") + processing[" << k
                << "] (" << p.processing[k].As(Time::MS) << ") must be in [0, InitialTimeout "
                << p.initialTimeout.As(Time::MS) << ")";
            return why.str();
        }
    }
    if (!p.initialTimeout.IsStrictlyPositive() || p.maxTimeout < p.initialTimeout)
    {
        return "need 0 < InitialTimeout <= MaxTimeout";
    }
    if (p.raceWindow.IsStrictlyNegative())
    {
        return "negative raceWindow";
    }
    if (p.maxRetransmissions > MAX_RETRANSMISSIONS)
    {
        why << "MaxRetransmissions " << p.maxRetransmissions << " is above " << MAX_RETRANSMISSIONS
            << " (the enumeration would not end in reasonable time)";
        return why.str();
    }
    return "";
}

void
DtlsHandshakeLossModel::Validate(const Parameters& p)
{
    std::string why = Check(p);
    NS_ABORT_MSG_UNLESS(why.empty(), "DtlsHandshakeLossModel: " << why);
}

double
DtlsHandshakeLossModel::SuccessProbability(const Parameters& p)
{
    Validate(p);
    Solver solver(p);
    return solver.Run();
}

double
DtlsHandshakeLossModel::RestartClosedForm(const Parameters& p)
{
    Validate(p);
    double s = 1;
    for (std::size_t k = 1; k < FLIGHTS; ++k)
    {
        if (p.cookieExchange || (k != 2 && k != 3))
        {
            s *= p.arrival[k];
        }
    }
    return 1 - std::pow(1 - s, p.maxRetransmissions + 1.0);
}

double
DtlsHandshakeLossModel::RetransmitRoundBound(const Parameters& p)
{
    Validate(p);
    double attempts = p.maxRetransmissions + 1.0;
    auto round = [&](std::size_t a, std::size_t b) {
        return 1 - std::pow(1 - p.arrival[a] * p.arrival[b], attempts);
    };
    double bound = round(1, p.cookieExchange ? 2 : 4) * round(5, 6);
    if (p.cookieExchange)
    {
        bound *= round(3, 4);
    }
    return bound;
}

} // namespace ns3
