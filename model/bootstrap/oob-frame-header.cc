/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "oob-frame-header.h"

#include "ns3/address-utils.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(OobFrameHeader);

TypeId
OobFrameHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::OobFrameHeader")
                            .SetParent<Header>()
                            .SetGroupName("Iotsec")
                            .AddConstructor<OobFrameHeader>();
    return tid;
}

TypeId
OobFrameHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
OobFrameHeader::GetSerializedSize() const
{
    return SIZE;
}

void
OobFrameHeader::Serialize(Buffer::Iterator start) const
{
    WriteTo(start, m_destination);
    WriteTo(start, m_source);
    start.WriteHtonU16(m_protocol);
    start.WriteHtonU16(m_length);
}

uint32_t
OobFrameHeader::Deserialize(Buffer::Iterator start)
{
    ReadFrom(start, m_destination);
    ReadFrom(start, m_source);
    m_protocol = start.ReadNtohU16();
    m_length = start.ReadNtohU16();
    return SIZE;
}

void
OobFrameHeader::Print(std::ostream& os) const
{
    os << "dst=" << m_destination << " src=" << m_source << " proto=0x" << std::hex << m_protocol
       << std::dec << " len=" << m_length;
}

void
OobFrameHeader::SetDestination(Mac48Address destination)
{
    m_destination = destination;
}

Mac48Address
OobFrameHeader::GetDestination() const
{
    return m_destination;
}

void
OobFrameHeader::SetSource(Mac48Address source)
{
    m_source = source;
}

Mac48Address
OobFrameHeader::GetSource() const
{
    return m_source;
}

void
OobFrameHeader::SetProtocol(uint16_t protocol)
{
    m_protocol = protocol;
}

uint16_t
OobFrameHeader::GetProtocol() const
{
    return m_protocol;
}

void
OobFrameHeader::SetPayloadLength(uint16_t length)
{
    m_length = length;
}

uint16_t
OobFrameHeader::GetPayloadLength() const
{
    return m_length;
}

} // namespace ns3
