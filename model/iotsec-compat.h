/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_COMPAT_H
#define IOTSEC_COMPAT_H

// Source compatibility between ns-3.37 (Debian 12's package, the floor) and ns-3.48 (the
// current release). Every difference between the ns-3 releases that the module's code meets is
// bridged here, and only here; the code elsewhere is written once for both. Nothing below tests
// a version number: each bridge detects the API it meets (overload resolution, SFINAE), so the
// releases in between (3.38 ... 3.47) take whichever side they have.
//
//  * Namespaces (ns-3.42): lr-wpan moved into ns3::lrwpan and energy into ns3::energy. Both are
//    declared below, so a .cc file can write
//
//        namespace ns3 {
//        using namespace lrwpan; // NOLINT
//        using namespace energy; // NOLINT
//
//    and name LrWpanPhy, DeviceEnergyModel, ... the same way against either release. Public
//    headers must not put a using-directive into ns3 for their includers; they name such types
//    through ns3::iotsec_compat (iotsec_compat::DeviceEnergyModel). TypeIds moved too
//    ("ns3::lrwpan::LrWpanNetDevice"); code and Config paths name such a type through its
//    class, LrWpanNetDevice::GetTypeId().GetName(), never as a string.
//  * Enum attributes (ns-3.41): EnumValue became a class template; MakeEnumAccessor needs the
//    enum type: iotsec_compat::MakeEnumAccessor<E>(&C::m_member) in both.
//  * PHY PIB: PLME-SET.request takes the attributes as a Ptr instead of a raw pointer (ns-3.39),
//    and LrWpanPhyPibAttributes became lrwpan::PhyPibAttributes (ns-3.42):
//    iotsec_compat::SetPhyTransmitPower(phy, value) in both.
//  * Test durations (ns-3.42): TestCase::QUICK became TestCase::Duration::QUICK:
//    iotsec_compat::TestDurations<TestCase> (test/iotsec-test.h). Suite types need no bridge:
//    TestSuite::Type::UNIT is valid in both.
//  * Spectrum channels (ns-3.39, 3.46): a channel may hold a SpectrumTransmitFilter that skips
//    receivers before any loss is computed, and the signal parameters carry the transmitter's
//    mobility (txMobility) to the receiver: iotsec_compat::TransmitFilterSkips(channel, params,
//    phy) and iotsec_compat::SetTxMobility(params, mobility) are no-ops where neither exists.
//  * EventId::IsRunning() was deprecated in ns-3.42 and has since been removed: the module
//    writes IsExpired() (IsRunning() == !IsExpired() in ns-3.37), valid in all.

#include "ns3/enum.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <type_traits>

namespace ns3
{
namespace lrwpan
{
}

namespace energy
{
}

/// Names lr-wpan and energy types in public headers, whichever namespace holds them, and the
/// few calls whose form changed between ns-3.37 and ns-3.48
namespace iotsec_compat
{
using namespace ::ns3;         // NOLINT: ns-3.37
using namespace ::ns3::lrwpan; // NOLINT: ns-3 >= 3.42
using namespace ::ns3::energy; // NOLINT: ns-3 >= 3.42

namespace detail
{
/// ns-3 >= 3.41: the accessor is told the enum type
template <typename E, typename M>
auto
MakeEnumAccessorImpl(M member, int) -> decltype(::ns3::MakeEnumAccessor<E>(member))
{
    return ::ns3::MakeEnumAccessor<E>(member);
}

/// ns-3.37 ... 3.40: EnumValue holds an int and the accessor deduces nothing more
template <typename E, typename M>
auto
MakeEnumAccessorImpl(M member, long) -> decltype(::ns3::MakeEnumAccessor(member))
{
    return ::ns3::MakeEnumAccessor(member);
}

/// The parameter types of a PLME-SET.request member function
template <typename F>
struct PlmeSetArguments;

/// PlmeSetAttributeRequest(Id, Attributes) of class C
template <typename C, typename Id, typename Attributes>
struct PlmeSetArguments<void (C::*)(Id, Attributes)>
{
    using Identifier = Id;      //!< the PIB attribute identifier enum
    using Pointer = Attributes; //!< LrWpanPhyPibAttributes* or Ptr<PhyPibAttributes>
};

/// The pointee of a raw pointer or a Ptr
template <typename P>
struct Pointee
{
    using Type = std::remove_pointer_t<P>; //!< T of T*
};

/// The pointee of a Ptr
template <typename T>
struct Pointee<Ptr<T>>
{
    using Type = T; //!< T of Ptr<T>
};
} // namespace detail

/**
 * The attribute accessor of an enum member, in the form the ns-3 being built against takes.
 *
 * \tparam E the enum type
 * \param member the class's enum member (or setter/getter)
 * \return the accessor
 */
template <typename E, typename M>
Ptr<const AttributeAccessor>
MakeEnumAccessor(M member)
{
    return detail::MakeEnumAccessorImpl<E>(member, 0);
}

/**
 * Sets a PHY's phyTransmitPower PIB attribute through PLME-SET.request (IEEE 802.15.4-2006
 * table 23: 2 MSB tolerance, 6 LSB transmit power in dBm, two's complement).
 *
 * \tparam Phy LrWpanPhy (a template so that this header needs no lr-wpan include)
 * \param phy the PHY
 * \param value the PIB value
 */
template <typename Phy>
void
SetPhyTransmitPower(const Ptr<Phy>& phy, uint8_t value)
{
    using Args = detail::PlmeSetArguments<decltype(&Phy::PlmeSetAttributeRequest)>;
    using Attributes = typename detail::Pointee<typename Args::Pointer>::Type;
    const auto id = static_cast<typename Args::Identifier>(0x02); // phyTransmitPower in both
    if constexpr (std::is_pointer_v<typename Args::Pointer>)
    {
        Attributes pib{}; // ns-3.37: a struct passed by raw pointer
        pib.phyTransmitPower = value;
        phy->PlmeSetAttributeRequest(id, &pib);
    }
    else
    {
        Ptr<Attributes> pib = Create<Attributes>(); // ns-3 >= 3.39: a ref-counted struct
        pib->phyTransmitPower = value;
        phy->PlmeSetAttributeRequest(id, pib);
    }
}

namespace detail
{
/// ns-3 <= 3.41: the unscoped TestCase::TestDuration enumerators
template <typename T, typename = void>
struct TestDurationsImpl
{
    static constexpr auto kQuick = T::QUICK;         //!< quick test
    static constexpr auto kExtensive = T::EXTENSIVE; //!< extensive test
};

/// ns-3 >= 3.42: the scoped TestCase::Duration
template <typename T>
struct TestDurationsImpl<T, std::void_t<typename T::Duration>>
{
    static constexpr auto kQuick = T::Duration::QUICK;         //!< quick test
    static constexpr auto kExtensive = T::Duration::EXTENSIVE; //!< extensive test
};
} // namespace detail

/// The test-case durations of TestCase T (ns3::TestCase), whichever enum holds them
template <typename T>
using TestDurations = detail::TestDurationsImpl<T>;

namespace detail
{
/// ns-3 with SpectrumChannel::GetSpectrumTransmitFilter()
template <typename C, typename P, typename R>
auto
TransmitFilterSkipsImpl(const C* channel, const P& params, const R& receiver, int)
    -> decltype(channel->GetSpectrumTransmitFilter()->Filter(params, receiver))
{
    auto filter = channel->GetSpectrumTransmitFilter();
    return filter && filter->Filter(params, receiver);
}

/// ns-3.37: no transmit filters
template <typename C, typename P, typename R>
bool
TransmitFilterSkipsImpl(const C*, const P&, const R&, long)
{
    return false;
}

/// ns-3 whose SpectrumSignalParameters carry txMobility
template <typename P, typename M>
auto
SetTxMobilityImpl(const P& params, const M& mobility, int)
    -> decltype(params->txMobility = mobility)
{
    return params->txMobility = mobility;
}

/// ns-3.37: the receiver asks the transmitting PHY for its mobility
template <typename P, typename M>
void
SetTxMobilityImpl(const P&, const M&, long)
{
}
} // namespace detail

/**
 * Whether the channel's SpectrumTransmitFilter (ns-3 >= 3.38) skips a receiver for a signal.
 *
 * \tparam C the spectrum channel class
 * \param channel the channel
 * \param params the transmitted signal
 * \param receiver the receiving SpectrumPhy
 * \return true if a filter is set and skips the receiver; false without filters
 */
template <typename C, typename P, typename R>
bool
TransmitFilterSkips(const C* channel, const P& params, const R& receiver)
{
    return detail::TransmitFilterSkipsImpl(channel, params, receiver, 0);
}

/**
 * Records the transmitter's mobility in a received signal's parameters, where the ns-3 being
 * built against has that field (SpectrumSignalParameters::txMobility); a no-op elsewhere.
 *
 * \param params the received copy of the signal parameters
 * \param mobility the transmitter's mobility model
 */
template <typename P, typename M>
void
SetTxMobility(const P& params, const M& mobility)
{
    detail::SetTxMobilityImpl(params, mobility, 0);
}

} // namespace iotsec_compat
} // namespace ns3

#endif /* IOTSEC_COMPAT_H */
