/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "coap-header.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoapHeader");

NS_OBJECT_ENSURE_REGISTERED(CoapHeader);

TypeId
CoapHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::CoapHeader")
                            .SetParent<Header>()
                            .SetGroupName("Iotsec")
                            .AddConstructor<CoapHeader>();
    return tid;
}

TypeId
CoapHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

CoapHeader::CoapHeader()
    : m_valid(true)
{
}

CoapHeader::CoapHeader(const CoapMessage& message)
    : m_message(message),
      m_valid(true)
{
}

const CoapMessage&
CoapHeader::GetMessage() const
{
    return m_message;
}

void
CoapHeader::SetMessage(const CoapMessage& message)
{
    m_message = message;
    m_valid = true;
    m_error.clear();
}

bool
CoapHeader::IsValid() const
{
    return m_valid;
}

const std::string&
CoapHeader::GetError() const
{
    return m_error;
}

uint32_t
CoapHeader::GetSerializedSize() const
{
    return static_cast<uint32_t>(m_message.GetSerializedSize());
}

void
CoapHeader::Serialize(Buffer::Iterator start) const
{
    std::vector<uint8_t> bytes = m_message.Serialize();
    start.Write(bytes.data(), static_cast<uint32_t>(bytes.size()));
}

uint32_t
CoapHeader::DoDeserialize(Buffer::Iterator start, uint32_t len)
{
    std::vector<uint8_t> bytes(len);
    start.Read(bytes.data(), len);
    m_error.clear();
    m_valid = CoapMessage::Parse(bytes.data(), bytes.size(), m_message, &m_error);
    if (!m_valid)
    {
        NS_LOG_DEBUG("malformed CoAP message: " << m_error);
    }
    return len;
}

uint32_t
CoapHeader::Deserialize(Buffer::Iterator start)
{
    // Without an end, the message extends to the end of the buffer
    return DoDeserialize(start, start.GetRemainingSize());
}

uint32_t
CoapHeader::Deserialize(Buffer::Iterator start, Buffer::Iterator end)
{
    return DoDeserialize(start, start.GetDistanceFrom(end));
}

void
CoapHeader::Print(std::ostream& os) const
{
    if (!m_valid)
    {
        os << "malformed CoAP (" << m_error << ")";
        return;
    }
    m_message.Print(os);
}

} // namespace ns3
