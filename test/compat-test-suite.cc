/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// iotsec-compat.h picks each call's form from the API it meets. A build sees only one ns-3, so
// these tests give each bridge both API shapes (the ns-3.37 one and the ns-3.48 one) as small
// stand-in types, and check that each shape gets the call it needs.

#include "iotsec-test.h"

#include "ns3/iotsec-compat.h"
#include "ns3/simple-ref-count.h"
#include "ns3/test.h"

#include <type_traits>

using namespace ns3;

namespace
{

/// PHY PIB identifiers, both releases: phyTransmitPower is 0x02 (IEEE 802.15.4-2006 table 23)
enum PibId
{
    pibCurrentChannel = 0x00,
    pibTransmitPower = 0x02,
};

/// ns-3.37's PIB attributes: a plain struct passed by raw pointer
struct OldPib
{
    uint8_t phyCurrentChannel{0}; //!< not to be touched
    uint8_t phyTransmitPower{0};  //!< set by the bridge
};

/// A PHY with ns-3.37's PLME-SET.request
class OldPhy : public SimpleRefCount<OldPhy>
{
  public:
    /// \param id the attribute \param attribute its value (raw pointer)
    void PlmeSetAttributeRequest(PibId id, OldPib* attribute)
    {
        ++calls;
        lastId = id;
        value = attribute->phyTransmitPower;
        channel = attribute->phyCurrentChannel;
    }

    int calls{0};                    //!< requests received
    PibId lastId{pibCurrentChannel}; //!< last identifier
    uint8_t value{0};                //!< last phyTransmitPower
    uint8_t channel{0xff};           //!< last phyCurrentChannel
};

/// ns-3.48's PIB attributes: a reference-counted struct passed as a Ptr
struct NewPib : public SimpleRefCount<NewPib>
{
    uint8_t phyTransmitPower{0}; //!< set by the bridge
};

/// A PHY with ns-3.48's PLME-SET.request
class NewPhy : public SimpleRefCount<NewPhy>
{
  public:
    /// \param id the attribute \param attribute its value (Ptr)
    void PlmeSetAttributeRequest(PibId id, Ptr<NewPib> attribute)
    {
        ++calls;
        lastId = id;
        value = attribute->phyTransmitPower;
        references = attribute->GetReferenceCount();
    }

    int calls{0};                    //!< requests received
    PibId lastId{pibCurrentChannel}; //!< last identifier
    uint8_t value{0};                //!< last phyTransmitPower
    uint32_t references{0};          //!< references to the attributes during the call
};

/// ns-3.37's TestCase: unscoped durations
struct OldTestCase
{
    /// TestCase::TestDuration
    enum TestDuration
    {
        QUICK = 1,
        EXTENSIVE = 2,
        TAKES_FOREVER = 3,
    };
};

/// ns-3.48's TestCase: scoped durations
struct NewTestCase
{
    /// TestCase::Duration
    enum class Duration
    {
        QUICK = 1,
        EXTENSIVE = 2,
        TAKES_FOREVER = 3,
    };
};

/**
 * \brief SetPhyTransmitPower sends PLME-SET.request(phyTransmitPower) in both forms.
 */
class CompatPhyPibTestCase : public TestCase
{
  public:
    CompatPhyPibTestCase()
        : TestCase("SetPhyTransmitPower: raw-pointer PIB (ns-3.37) and Ptr PIB (ns-3.48)")
    {
    }

  private:
    void DoRun() override
    {
        // -5 dBm in the PIB's 6-bit two's complement: 0x3b
        const uint8_t value = static_cast<uint8_t>(-5) & 0x3f;
        NS_TEST_ASSERT_MSG_EQ(value, 0x3b, "test value");

        Ptr<OldPhy> oldPhy = Create<OldPhy>();
        iotsec_compat::SetPhyTransmitPower(oldPhy, value);
        NS_TEST_EXPECT_MSG_EQ(oldPhy->calls, 1, "one request (ns-3.37 form)");
        NS_TEST_EXPECT_MSG_EQ(oldPhy->lastId, pibTransmitPower, "phyTransmitPower (0x02)");
        NS_TEST_EXPECT_MSG_EQ(unsigned(oldPhy->value), 0x3bU, "the value");
        NS_TEST_EXPECT_MSG_EQ(unsigned(oldPhy->channel), 0U, "other fields zero-initialised");

        Ptr<NewPhy> newPhy = Create<NewPhy>();
        iotsec_compat::SetPhyTransmitPower(newPhy, value);
        NS_TEST_EXPECT_MSG_EQ(newPhy->calls, 1, "one request (ns-3.48 form)");
        NS_TEST_EXPECT_MSG_EQ(newPhy->lastId, pibTransmitPower, "phyTransmitPower (0x02)");
        NS_TEST_EXPECT_MSG_EQ(unsigned(newPhy->value), 0x3bU, "the value");
        NS_TEST_EXPECT_MSG_EQ(newPhy->references, 2U, "a Ptr held by the bridge and the call");
    }
};

/**
 * \brief TestDurations finds the unscoped (ns-3.37) and the scoped (ns-3.48) enumerators.
 */
class CompatTestDurationsTestCase : public TestCase
{
  public:
    CompatTestDurationsTestCase()
        : TestCase("TestDurations: TestCase::QUICK (ns-3.37) and TestCase::Duration::QUICK")
    {
    }

  private:
    void DoRun() override
    {
        using Old = iotsec_compat::TestDurations<OldTestCase>;
        using New = iotsec_compat::TestDurations<NewTestCase>;
        static_assert(
            std::is_same_v<std::remove_const_t<decltype(Old::kQuick)>, OldTestCase::TestDuration>,
            "ns-3.37 form: the unscoped enum");
        static_assert(
            std::is_same_v<std::remove_const_t<decltype(New::kQuick)>, NewTestCase::Duration>,
            "ns-3.48 form: the scoped enum");
        NS_TEST_EXPECT_MSG_EQ(int(Old::kQuick), int(OldTestCase::QUICK), "quick");
        NS_TEST_EXPECT_MSG_EQ(int(Old::kExtensive), int(OldTestCase::EXTENSIVE), "extensive");
        NS_TEST_EXPECT_MSG_EQ(int(New::kQuick), int(NewTestCase::Duration::QUICK), "quick");
        NS_TEST_EXPECT_MSG_EQ(int(New::kExtensive),
                              int(NewTestCase::Duration::EXTENSIVE),
                              "extensive");
        // and the ns-3 this is built against has the one its TestCase declares
        NS_TEST_EXPECT_MSG_EQ(int(iotsectest::QUICK), 1, "this ns-3's QUICK");
    }
};

/**
 * \ingroup iotsec
 * \brief The compatibility bridges between ns-3.37 and ns-3.48.
 */
class CompatTestSuite : public TestSuite
{
  public:
    CompatTestSuite()
        : TestSuite("iotsec-compat", Type::UNIT)
    {
        AddTestCase(new CompatPhyPibTestCase, iotsectest::QUICK);
        AddTestCase(new CompatTestDurationsTestCase, iotsectest::QUICK);
    }
};

/// The suite's static instance
CompatTestSuite g_compatTestSuite;

} // namespace
