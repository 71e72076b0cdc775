/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_LR_WPAN_DUPLICATE_FILTER_H
#define IOTSEC_LR_WPAN_DUPLICATE_FILTER_H

#include "ns3/net-device.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <map>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief Discards IEEE 802.15.4 data frames received twice, as real MACs do.
 *
 * When a frame arrives but its acknowledgement is lost, the sender retries and the receiver
 * gets the frame again. 802.15.4 stacks (Contiki, RIOT, OpenThread) discard such duplicates by
 * remembering the data sequence number (DSN) of the last frame from each source. ns-3.37's
 * lr-wpan MAC does not, so every duplicate would travel up to 6LoWPAN and IPv6, be forwarded
 * hop after hop, and load the network with traffic no real deployment carries. This filter
 * sits between an lr-wpan device's MAC and the device and drops a data frame whose source and
 * DSN equal those of the previous frame from that source.
 */
class LrWpanDuplicateFilter : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    LrWpanDuplicateFilter();

    /**
     * \brief Put the filter in front of an lr-wpan device (one filter per device).
     * \param device an LrWpanNetDevice (must outlive the filter's use)
     */
    void Install(Ptr<NetDevice> device);

    /**
     * \brief Record a received frame and say whether it is new.
     * \param source the source address as a number (short or extended address)
     * \param dsn its data sequence number
     * \return true if the frame is not a duplicate of the previous frame from that source
     */
    bool Accept(uint64_t source, uint8_t dsn);

    /// \return duplicates discarded so far
    uint64_t GetDuplicates() const;

  private:
    std::map<uint64_t, uint8_t> m_lastDsn;              //!< last DSN per source
    uint64_t m_duplicates;                              //!< duplicates discarded
    TracedCallback<uint64_t, uint8_t> m_duplicateTrace; //!< "Duplicate" (source, DSN)
};

} // namespace ns3

#endif /* IOTSEC_LR_WPAN_DUPLICATE_FILTER_H */
