/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_TEST_H
#define IOTSEC_TEST_H

// Test-only helpers shared by the iotsec TestSuites (not installed).
//
// ns-3.37 names test durations TestCase::QUICK (enum TestCase::TestDuration); later ns-3
// releases made them a scoped enum, TestCase::Duration::QUICK, and dropped the old names. The
// constants below pick whichever the ns-3 being built against has, so that the same test
// sources build in both. Suite types need no such help: TestSuite::Type::UNIT is valid in both.

#include "ns3/test.h"

#include <type_traits>

namespace ns3
{
namespace iotsectest
{

/// Primary template: the pre-3.41 unscoped enumerators.
template <typename T, typename = void>
struct DurationOf
{
    static constexpr auto kQuick = T::QUICK;         //!< quick test
    static constexpr auto kExtensive = T::EXTENSIVE; //!< extensive test
};

/// Specialisation: the scoped TestCase::Duration of later releases.
template <typename T>
struct DurationOf<T, std::void_t<typename T::Duration>>
{
    static constexpr auto kQuick = T::Duration::QUICK;         //!< quick test
    static constexpr auto kExtensive = T::Duration::EXTENSIVE; //!< extensive test
};

/// Duration of a quick test case
constexpr auto QUICK = DurationOf<TestCase>::kQuick;
/// Duration of an extensive test case
constexpr auto EXTENSIVE = DurationOf<TestCase>::kExtensive;

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
