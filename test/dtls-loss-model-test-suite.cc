/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// DtlsHandshakeLossModel, the exact success probability of a handshake under independent
// losses: RestartHandshake against its closed form, RetransmitFlight against a case worked
// out by hand event by event, and the properties any such probability must have. (The model
// against the simulation: ctest iotsec-handshake-loss-model.)

#include "iotsec-test.h"

#include "ns3/dtls-handshake-loss-model.h"

#include <cmath>

using namespace ns3;

namespace
{

/**
 * \param a P(flight 1 arrives) ...
 * \param b flight 4
 * \param c flight 5
 * \param d flight 6
 * \param m MaxRetransmissions
 * \param recovery loss recovery
 * \return parameters without the cookie exchange, every flight 10 ms in the air, no
 * processing and no races (ties go to arrivals first)
 */
DtlsHandshakeLossModel::Parameters
NoCookie(double a, double b, double c, double d, uint32_t m, DtlsLossRecovery recovery)
{
    DtlsHandshakeLossModel::Parameters p;
    p.lossRecovery = recovery;
    p.cookieExchange = false;
    p.arrival = {0, a, 1, 1, b, c, d};
    for (auto& t : p.airtime)
    {
        t = MilliSeconds(10);
    }
    p.raceWindow = Time(0);
    p.maxRetransmissions = m;
    p.handshakeTimeout = Time(0);
    return p;
}

} // namespace

/**
 * \ingroup iotsec-tests
 * \brief RestartHandshake: every attempt needs all flights, so the model must equal
 * 1 - (1 - prod P_k)^(M + 1), with and without the cookie exchange.
 */
class DtlsLossModelRestartTestCase : public TestCase
{
  public:
    DtlsLossModelRestartTestCase()
        : TestCase("loss model: RestartHandshake equals its closed form")
    {
    }

  private:
    void DoRun() override
    {
        for (bool cookie : {true, false})
        {
            for (uint32_t m : {0u, 1u, 3u, 7u})
            {
                for (double p : {0.1, 0.4, 0.7})
                {
                    DtlsHandshakeLossModel::Parameters params;
                    params.lossRecovery = DtlsLossRecovery::RESTART_HANDSHAKE;
                    params.cookieExchange = cookie;
                    params.maxRetransmissions = m;
                    for (std::size_t k = 1; k < DtlsHandshakeLossModel::FLIGHTS; ++k)
                    {
                        // flights of one and two frames, as on 802.15.4
                        params.arrival[k] = std::pow(1 - p, k % 2 ? 2 : 1);
                        params.airtime[k] = MilliSeconds(5 + k);
                        params.processing[k] = MilliSeconds(k == 5 ? 150 : 20);
                    }
                    double s = 1;
                    for (std::size_t k = 1; k < DtlsHandshakeLossModel::FLIGHTS; ++k)
                    {
                        s *= (cookie || (k != 2 && k != 3)) ? params.arrival[k] : 1.0;
                    }
                    double closed = 1 - std::pow(1 - s, m + 1.0);
                    NS_TEST_EXPECT_MSG_EQ_TOL(DtlsHandshakeLossModel::SuccessProbability(params),
                                              closed,
                                              1e-12,
                                              "cookie " << cookie << ", M " << m << ", p " << p);
                    NS_TEST_EXPECT_MSG_EQ_TOL(DtlsHandshakeLossModel::RestartClosedForm(params),
                                              closed,
                                              1e-15,
                                              "the closed form itself");
                }
            }
        }
    }
};

/**
 * \ingroup iotsec-tests
 * \brief RetransmitFlight with one retransmission and no cookie exchange, worked out by hand
 * from RFC 6347's rules (see the comments): the model must give the same polynomial.
 */
class DtlsLossModelByHandTestCase : public TestCase
{
  public:
    DtlsLossModelByHandTestCase()
        : TestCase("loss model: RetransmitFlight, M = 1, against a hand-worked event tree")
    {
    }

  private:
    void DoRun() override
    {
        for (double a : {0.9, 0.6, 0.3})
        {
            for (double b : {0.8, 0.5})
            {
                for (double c : {0.7, 0.4})
                {
                    for (double d : {0.95, 0.5})
                    {
                        Check(a, b, c, d);
                    }
                }
            }
        }
        // No retransmission at all: both recoveries need every flight once
        DtlsHandshakeLossModel::Parameters p =
            NoCookie(0.9, 0.8, 0.7, 0.6, 0, DtlsLossRecovery::RETRANSMIT_FLIGHT);
        NS_TEST_EXPECT_MSG_EQ_TOL(DtlsHandshakeLossModel::SuccessProbability(p),
                                  0.9 * 0.8 * 0.7 * 0.6,
                                  1e-15,
                                  "M = 0");
        // Nothing lost: certain success; nothing arrives: certain failure
        p = NoCookie(1, 1, 1, 1, 7, DtlsLossRecovery::RETRANSMIT_FLIGHT);
        NS_TEST_EXPECT_MSG_EQ(DtlsHandshakeLossModel::SuccessProbability(p), 1.0, "lossless");
        p = NoCookie(1, 0, 1, 1, 7, DtlsLossRecovery::RETRANSMIT_FLIGHT);
        NS_TEST_EXPECT_MSG_EQ(DtlsHandshakeLossModel::SuccessProbability(p), 0.0, "no flight 4");
    }

    /**
     * \param a P(flight 1 arrives)
     * \param b flight 4
     * \param c flight 5
     * \param d flight 6
     */
    void Check(double a, double b, double c, double d)
    {
        // Every flight takes 10 ms; timers 1 s then 2 s; one expiry allowed per side and
        // flight. Once flight 5 arrived, flight 6 gets one more chance from the client's
        // re-sent flight 5 (the server answers a duplicate with flight 6 again):
        double x = d + (1 - d) * c * d;
        // flight 5 re-sent once more, with one extra chance for flight 6 only if it arrives
        // before the client's last expiry, or just one flight 5 and one flight 6:
        double y = c * x + (1 - c) * c * d;
        // flight 5 lost: the server's timer (armed 10 ms before the client's) re-sends flight
        // 4; if it arrives the client re-sends flight 5 and re-arms (y), else the client's
        // timer re-sends flight 5 once (c d)
        double a2 = b * y + (1 - b) * c * d;
        // flight 4 arrived at once
        double pia = c * x + (1 - c) * a2;
        // the server has state, flight 4 lost, the client's re-sent hello arrives first
        double z = b * pia + (1 - b) * b * y;
        // flight 4 lost at once: the client re-sends flight 1 (z if it arrives; else the
        // server's timer re-sends flight 4)
        double pib = a * z + (1 - a) * b * y;
        double pi = b * pia + (1 - b) * pib;
        // flight 1 lost at once: the re-sent flight 1 must arrive (z)
        double expected = a * pi + (1 - a) * a * z;
        DtlsHandshakeLossModel::Parameters p =
            NoCookie(a, b, c, d, 1, DtlsLossRecovery::RETRANSMIT_FLIGHT);
        NS_TEST_EXPECT_MSG_EQ_TOL(DtlsHandshakeLossModel::SuccessProbability(p),
                                  expected,
                                  1e-12,
                                  "a " << a << " b " << b << " c " << c << " d " << d);
    }
};

/**
 * \ingroup iotsec-tests
 * \brief What any success probability must do: stay in [0, 1], grow with each flight's
 * chance and with the retransmissions allowed, and (RetransmitFlight) stay above the round
 * model, which leaves out the server's timer and the re-sends on duplicates.
 */
class DtlsLossModelPropertiesTestCase : public TestCase
{
  public:
    DtlsLossModelPropertiesTestCase()
        : TestCase("loss model: bounds and monotonicity, with races and the cookie exchange")
    {
    }

  private:
    void DoRun() override
    {
        for (auto recovery :
             {DtlsLossRecovery::RETRANSMIT_FLIGHT, DtlsLossRecovery::RESTART_HANDSHAKE})
        {
            double previousP = 1.1;
            for (double loss : {0.1, 0.3, 0.5, 0.7})
            {
                double previousM = -1;
                for (uint32_t m : {0u, 2u, 4u, 7u})
                {
                    DtlsHandshakeLossModel::Parameters params;
                    params.lossRecovery = recovery;
                    params.maxRetransmissions = m;
                    for (std::size_t k = 1; k < DtlsHandshakeLossModel::FLIGHTS; ++k)
                    {
                        params.arrival[k] = std::pow(1 - loss, k == 2 || k == 6 ? 1 : 2);
                        params.airtime[k] = MilliSeconds(k == 2 || k == 6 ? 5 : 9);
                        params.processing[k] = Time(0); // every re-send races with a timer
                    }
                    double p = DtlsHandshakeLossModel::SuccessProbability(params);
                    NS_TEST_EXPECT_MSG_GT_OR_EQ(p, 0.0, "a probability");
                    NS_TEST_EXPECT_MSG_LT_OR_EQ(p, 1.0, "a probability");
                    NS_TEST_EXPECT_MSG_GT_OR_EQ(p, previousM - 1e-12, "more retransmissions");
                    previousM = p;
                    if (recovery == DtlsLossRecovery::RETRANSMIT_FLIGHT)
                    {
                        NS_TEST_EXPECT_MSG_GT_OR_EQ(
                            p,
                            DtlsHandshakeLossModel::RetransmitRoundBound(params) - 1e-12,
                            "above the round model, loss " << loss << ", M " << m);
                    }
                    if (m == 7)
                    {
                        NS_TEST_EXPECT_MSG_LT_OR_EQ(p, previousP + 1e-12, "more loss");
                        previousP = p;
                    }
                }
            }
        }
        // Parameters the model cannot take are named, not evaluated
        DtlsHandshakeLossModel::Parameters ok;
        ok.arrival = {0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
        NS_TEST_EXPECT_MSG_EQ(DtlsHandshakeLossModel::Check(ok), "", "valid");
        DtlsHandshakeLossModel::Parameters bad = ok;
        bad.arrival[3] = 1.5;
        NS_TEST_EXPECT_MSG_NE(DtlsHandshakeLossModel::Check(bad).find("arrival[3]"),
                              std::string::npos,
                              "not a probability");
        bad = ok;
        bad.processing[5] = Seconds(1);
        NS_TEST_EXPECT_MSG_NE(DtlsHandshakeLossModel::Check(bad).find("processing[5]"),
                              std::string::npos,
                              "an answer slower than the first timer");
        bad = ok;
        bad.maxRetransmissions = DtlsHandshakeLossModel::MAX_RETRANSMISSIONS + 1;
        NS_TEST_EXPECT_MSG_NE(DtlsHandshakeLossModel::Check(bad).find("MaxRetransmissions"),
                              std::string::npos,
                              "too many retransmissions to enumerate");
    }
};

/**
 * \ingroup iotsec-tests
 * \brief The loss-model test suite.
 */
class DtlsLossModelTestSuite : public TestSuite
{
  public:
    DtlsLossModelTestSuite()
        : TestSuite("iotsec-dtls-loss-model", Type::UNIT)
    {
        AddTestCase(new DtlsLossModelRestartTestCase, iotsectest::QUICK);
        AddTestCase(new DtlsLossModelByHandTestCase, iotsectest::QUICK);
        AddTestCase(new DtlsLossModelPropertiesTestCase, iotsectest::QUICK);
    }
};

/// Static instance: registers the suite
static DtlsLossModelTestSuite g_dtlsLossModelTestSuite;
