/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_TEST_H
#define IOTSEC_TEST_H

// Test-only helpers shared by the iotsec TestSuites (not installed).
//
// Test durations: ns-3.37 names them TestCase::QUICK, later releases TestCase::Duration::QUICK;
// iotsec-compat.h picks whichever the ns-3 being built against has. Suite types need no such
// help: TestSuite::Type::UNIT is valid in both.

#include "ns3/iotsec-compat.h"
#include "ns3/test.h"

namespace ns3
{
namespace iotsectest
{

/// Duration of a quick test case
constexpr auto QUICK = iotsec_compat::TestDurations<TestCase>::kQuick;
/// Duration of an extensive test case
constexpr auto EXTENSIVE = iotsec_compat::TestDurations<TestCase>::kExtensive;

} // namespace iotsectest
} // namespace ns3

/**
 * \brief Assert a condition and leave the test case when it fails.
 *
 * ns-3's TestRunner continues after a failed NS_TEST_ASSERT unless --stop-on-failure is
 * given, so a failed null check would be followed by a null dereference. This macro reports
 * the failure like NS_TEST_ASSERT_MSG_EQ and then returns from DoRun().
 */
#define IOTSEC_TEST_REQUIRE(condition, msg)                                                        \
    do                                                                                             \
    {                                                                                              \
        bool iotsecRequireOk = static_cast<bool>(condition);                                       \
        NS_TEST_EXPECT_MSG_EQ(iotsecRequireOk, true, msg);                                         \
        if (!iotsecRequireOk)                                                                      \
        {                                                                                          \
            return;                                                                                \
        }                                                                                          \
    } while (false)

#endif /* IOTSEC_TEST_H */
