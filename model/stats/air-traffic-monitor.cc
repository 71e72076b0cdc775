/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "air-traffic-monitor.h"

#include "ns3/abort.h"
#include "ns3/iotsec-compat.h"
#include "ns3/log.h"
#include "ns3/lr-wpan-net-device.h"
#include "ns3/node.h"
#include "ns3/trace-source-accessor.h"

namespace ns3
{

using namespace lrwpan; // NOLINT: ns-3 >= 3.42 keeps lr-wpan in ns3::lrwpan (iotsec-compat.h)

NS_LOG_COMPONENT_DEFINE("AirTrafficMonitor");

NS_OBJECT_ENSURE_REGISTERED(AirTrafficMonitor);

TypeId
AirTrafficMonitor::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::AirTrafficMonitor")
            .SetParent<Object>()
            .SetGroupName("Iotsec")
            .AddConstructor<AirTrafficMonitor>()
            .AddTraceSource("Frame",
                            "An IEEE 802.15.4 frame began transmission (node ID, PSDU bytes).",
                            MakeTraceSourceAccessor(&AirTrafficMonitor::m_frameTrace),
                            "ns3::AirTrafficMonitor::FrameTracedCallback");
    return tid;
}

AirTrafficMonitor::AirTrafficMonitor()
    : m_totalFrames(0),
      m_totalBytes(0)
{
}

void
AirTrafficMonitor::Install(NetDeviceContainer devices)
{
    for (uint32_t i = 0; i < devices.GetN(); ++i)
    {
        Ptr<LrWpanNetDevice> dev = DynamicCast<LrWpanNetDevice>(devices.Get(i));
        NS_ABORT_MSG_UNLESS(dev, "AirTrafficMonitor::Install: device " << i << " is not lr-wpan");
        uint32_t nodeId = dev->GetNode()->GetId();
        m_frames[nodeId] += 0;
        m_bytes[nodeId] += 0;
        dev->GetPhy()->TraceConnectWithoutContext(
            "PhyTxBegin",
            MakeCallback(&AirTrafficMonitor::TxBegin, this).Bind(nodeId));
    }
}

void
AirTrafficMonitor::TxBegin(uint32_t nodeId, Ptr<const Packet> packet)
{
    uint32_t bytes = packet->GetSize();
    NS_LOG_LOGIC("node " << nodeId << " frame of " << bytes << " bytes");
    ++m_frames[nodeId];
    m_bytes[nodeId] += bytes;
    ++m_totalFrames;
    m_totalBytes += bytes;
    m_frameTrace(nodeId, bytes);
}

uint64_t
AirTrafficMonitor::GetTotalFrames() const
{
    return m_totalFrames;
}

uint64_t
AirTrafficMonitor::GetTotalBytes() const
{
    return m_totalBytes;
}

uint64_t
AirTrafficMonitor::GetFrames(uint32_t nodeId) const
{
    auto it = m_frames.find(nodeId);
    return it == m_frames.end() ? 0 : it->second;
}

uint64_t
AirTrafficMonitor::GetBytes(uint32_t nodeId) const
{
    auto it = m_bytes.find(nodeId);
    return it == m_bytes.end() ? 0 : it->second;
}

} // namespace ns3
