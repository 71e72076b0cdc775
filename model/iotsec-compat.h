/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_COMPAT_H
#define IOTSEC_COMPAT_H

// Source compatibility between Debian 12's ns-3.37 and current ns-3-dev.
//
// Later ns-3 releases moved the lr-wpan classes into ns3::lrwpan and the energy classes into
// ns3::energy. Declaring both namespaces here lets a .cc file write
//
//     namespace ns3 {
//     using namespace lrwpan; // NOLINT
//     using namespace energy; // NOLINT
//
// and name LrWpanPhy, LrWpanMac, DeviceEnergyModel, ... the same way against either version.
// Public headers must not put a using-directive into ns3 for their includers; they name such
// types through ns3::iotsec_compat (iotsec_compat::DeviceEnergyModel), which finds them in
// ns3 (ns-3.37) or in ns3::energy / ns3::lrwpan (later releases).

namespace ns3
{
namespace lrwpan
{
}

namespace energy
{
}

/// Names lr-wpan and energy types in public headers, whichever namespace holds them
namespace iotsec_compat
{
using namespace ::ns3;         // NOLINT: ns-3.37
using namespace ::ns3::lrwpan; // NOLINT: ns-3 >= 3.40
using namespace ::ns3::energy; // NOLINT: ns-3 >= 3.40
} // namespace iotsec_compat
} // namespace ns3

#endif /* IOTSEC_COMPAT_H */
