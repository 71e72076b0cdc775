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
// Only .cc files do this; public iotsec headers do not expose lr-wpan or energy types.

namespace ns3
{
namespace lrwpan
{
}

namespace energy
{
}
} // namespace ns3

#endif /* IOTSEC_COMPAT_H */
