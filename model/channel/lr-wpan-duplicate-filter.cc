/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lr-wpan-duplicate-filter.h"

#include "ns3/abort.h"
#include "ns3/iotsec-compat.h"
#include "ns3/log.h"
#include "ns3/lr-wpan-mac.h"
#include "ns3/lr-wpan-net-device.h"
#include "ns3/trace-source-accessor.h"

namespace ns3
{

using namespace lrwpan; // NOLINT: ns-3 >= 3.42 keeps lr-wpan in ns3::lrwpan (iotsec-compat.h)

NS_LOG_COMPONENT_DEFINE("LrWpanDuplicateFilter");

NS_OBJECT_ENSURE_REGISTERED(LrWpanDuplicateFilter);

namespace
{

/**
 * \brief The MAC's data indication, through the filter.
 * \param filter the filter
 * \param device the device the indication is for
 * \param params the indication
 * \param packet the MSDU
 */
void
FilteredIndication(LrWpanDuplicateFilter* filter,
                   LrWpanNetDevice* device,
                   McpsDataIndicationParams params,
                   Ptr<Packet> packet)
{
    uint64_t source = 0;
    if (params.m_srcAddrMode == SHORT_ADDR)
    {
        uint8_t b[2];
        params.m_srcAddr.CopyTo(b);
        source = (uint64_t{1} << 63) | (uint64_t{params.m_srcPanId} << 16) | (b[0] << 8) | b[1];
    }
    else
    {
        uint8_t b[8];
        params.m_srcExtAddr.CopyTo(b);
        for (uint8_t x : b)
        {
            source = (source << 8) | x;
        }
    }
    if (filter->Accept(source, params.m_dsn))
    {
        device->McpsDataIndication(params, packet);
    }
}

} // namespace

TypeId
LrWpanDuplicateFilter::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::LrWpanDuplicateFilter")
            .SetParent<Object>()
            .SetGroupName("Iotsec")
            .AddConstructor<LrWpanDuplicateFilter>()
            .AddTraceSource("Duplicate",
                            "A duplicate data frame was discarded (source, DSN).",
                            MakeTraceSourceAccessor(&LrWpanDuplicateFilter::m_duplicateTrace),
                            "ns3::LrWpanDuplicateFilter::DuplicateTracedCallback");
    return tid;
}

LrWpanDuplicateFilter::LrWpanDuplicateFilter()
    : m_duplicates(0)
{
}

void
LrWpanDuplicateFilter::Install(Ptr<NetDevice> device)
{
    Ptr<LrWpanNetDevice> dev = DynamicCast<LrWpanNetDevice>(device);
    NS_ABORT_MSG_UNLESS(dev, "LrWpanDuplicateFilter::Install: not an LrWpanNetDevice");
    dev->GetMac()->SetMcpsDataIndicationCallback(
        MakeBoundCallback(&FilteredIndication, this, PeekPointer(dev)));
}

bool
LrWpanDuplicateFilter::Accept(uint64_t source, uint8_t dsn)
{
    auto it = m_lastDsn.find(source);
    if (it != m_lastDsn.end() && it->second == dsn)
    {
        ++m_duplicates;
        NS_LOG_LOGIC("duplicate frame from " << source << " DSN " << +dsn << " discarded");
        m_duplicateTrace(source, dsn);
        return false;
    }
    m_lastDsn[source] = dsn;
    return true;
}

uint64_t
LrWpanDuplicateFilter::GetDuplicates() const
{
    return m_duplicates;
}

} // namespace ns3
