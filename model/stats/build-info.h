/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_BUILD_INFO_H
#define IOTSEC_BUILD_INFO_H

#include <string>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief Facts about the build that every result records.
 */
class IotsecBuildInfo
{
  public:
    /**
     * \return the module's git commit when it was built ("<sha1>", "<sha1>-dirty" when the
     * work tree had uncommitted changes, or "unknown" outside a git checkout)
     */
    static std::string GitCommit();
    /// \return the version of ns-3 the module was built against (for example "3.37")
    static std::string Ns3Version();
};

} // namespace ns3

#endif /* IOTSEC_BUILD_INFO_H */
