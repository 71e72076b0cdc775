/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The standalone build's test runner: ns-3's TestRunner over the suites compiled into
// libiotsec-test (linked with --no-as-needed so that their static registration is kept).
// Inside an ns-3 tree, ns-3's own test-runner and test.py run the same suites.

#include "ns3/test.h"

int
main(int argc, char* argv[])
{
    return ns3::TestRunner::Run(argc, argv);
}
