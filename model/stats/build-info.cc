/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "build-info.h"

// iotsec-git.h is generated into the build tree by cmake/iotsec-build-info.cmake. Builds that
// do not generate it (waf) may define IOTSEC_GIT_COMMIT on the command line instead.
#if defined(__has_include)
#if __has_include("iotsec-git.h")
#include "iotsec-git.h"
#endif
#endif

#ifndef IOTSEC_GIT_COMMIT
#define IOTSEC_GIT_COMMIT "unknown"
#endif

#ifndef IOTSEC_NS3_VERSION
#define IOTSEC_NS3_VERSION "unknown"
#endif

namespace ns3
{

std::string
IotsecBuildInfo::GitCommit()
{
    return IOTSEC_GIT_COMMIT;
}

std::string
IotsecBuildInfo::Ns3Version()
{
    return IOTSEC_NS3_VERSION;
}

} // namespace ns3
