/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_AIR_TRAFFIC_MONITOR_H
#define IOTSEC_AIR_TRAFFIC_MONITOR_H

#include "ns3/net-device-container.h"
#include "ns3/object.h"
#include "ns3/packet.h"
#include "ns3/traced-callback.h"

#include <map>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief Counts IEEE 802.15.4 frames and bytes put on the air, per node.
 *
 * One definition for every study: a frame is counted once, when its transmission begins
 * (the lr-wpan PHY's PhyTxBegin trace), and its bytes are the PSDU (MAC header, payload and
 * FCS; the 6-byte PHY preamble and header are not included). MAC retransmissions and
 * acknowledgement frames are frames on the air and are counted.
 */
class AirTrafficMonitor : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    AirTrafficMonitor();

    /**
     * \brief Start counting the frames of these lr-wpan devices.
     * \param devices lr-wpan net devices (other device types are an error)
     */
    void Install(NetDeviceContainer devices);

    /// \return frames transmitted by all monitored devices
    uint64_t GetTotalFrames() const;
    /// \return PSDU bytes transmitted by all monitored devices
    uint64_t GetTotalBytes() const;
    /**
     * \param nodeId a node ID
     * \return frames transmitted by that node's monitored devices
     */
    uint64_t GetFrames(uint32_t nodeId) const;
    /**
     * \param nodeId a node ID
     * \return PSDU bytes transmitted by that node's monitored devices
     */
    uint64_t GetBytes(uint32_t nodeId) const;

    /**
     * TracedCallback signature for a frame put on the air.
     * \param nodeId the transmitting node
     * \param bytes the PSDU size
     */
    typedef void (*FrameTracedCallback)(uint32_t nodeId, uint32_t bytes);

  private:
    /**
     * \brief PhyTxBegin sink.
     * \param nodeId the transmitting node
     * \param packet the PSDU
     */
    void TxBegin(uint32_t nodeId, Ptr<const Packet> packet);

    std::map<uint32_t, uint64_t> m_frames;           //!< frames per node
    std::map<uint32_t, uint64_t> m_bytes;            //!< bytes per node
    uint64_t m_totalFrames;                          //!< all frames
    uint64_t m_totalBytes;                           //!< all bytes
    TracedCallback<uint32_t, uint32_t> m_frameTrace; //!< "Frame" trace source
};

} // namespace ns3

#endif /* IOTSEC_AIR_TRAFFIC_MONITOR_H */
