/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_DTLS_TEST_UTIL_H
#define IOTSEC_DTLS_TEST_UTIL_H

// Test-only DTLS helpers shared by the iotsec TestSuites (not installed).

#include "ns3/dtls-session.h"

#include <vector>

namespace ns3
{
namespace iotsectest
{

/// A client-session listener that keeps what its session sends and ignores everything else
struct DtlsSendCapture : public DtlsSessionListener
{
    void DtlsSend(const Bytes& d) override
    {
        out.push_back(d);
    }

    void DtlsSetTimer(Time) override
    {
    }

    void DtlsCancelTimer() override
    {
    }

    void DtlsDeliver(const Bytes&) override
    {
    }

    void DtlsEventOccurred(const DtlsEvent&) override
    {
    }

    void DtlsCryptoWork(const CryptoWork&) override
    {
    }

    std::vector<Bytes> out; //!< the datagrams the session sent, oldest first
};

} // namespace iotsectest
} // namespace ns3

#endif /* IOTSEC_DTLS_TEST_UTIL_H */
