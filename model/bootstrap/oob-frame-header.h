/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_OOB_FRAME_HEADER_H
#define IOTSEC_OOB_FRAME_HEADER_H

#include "ns3/header.h"
#include "ns3/mac48-address.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief The link-layer header of an out-of-band frame (OobNetDevice): destination and
 * source Mac48Address, protocol number (2 bytes) and payload length (2 bytes), 16 bytes in
 * network byte order.
 *
 * Its bytes count toward the frame's airtime together with the channel's FrameOverhead,
 * which stands for the physical framing (preamble, start/end of frame, CRC).
 */
class OobFrameHeader : public Header
{
  public:
    /// The serialized size, in bytes
    static constexpr uint32_t SIZE = 16;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    /// \param destination the destination address
    void SetDestination(Mac48Address destination);
    /// \return the destination address
    Mac48Address GetDestination() const;
    /// \param source the source address
    void SetSource(Mac48Address source);
    /// \return the source address
    Mac48Address GetSource() const;
    /// \param protocol the protocol number of the payload (an EtherType)
    void SetProtocol(uint16_t protocol);
    /// \return the protocol number of the payload
    uint16_t GetProtocol() const;
    /// \param length the payload length, in bytes
    void SetPayloadLength(uint16_t length);
    /// \return the payload length, in bytes
    uint16_t GetPayloadLength() const;

  private:
    Mac48Address m_destination; //!< destination address
    Mac48Address m_source;      //!< source address
    uint16_t m_protocol{0};     //!< protocol number
    uint16_t m_length{0};       //!< payload length
};

} // namespace ns3

#endif /* IOTSEC_OOB_FRAME_HEADER_H */
