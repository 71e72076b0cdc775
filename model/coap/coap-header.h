/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_COAP_HEADER_H
#define IOTSEC_COAP_HEADER_H

#include "coap-message.h"

#include "ns3/header.h"

#include <string>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief A whole CoAP message (header, options and payload) as an ns-3 Header.
 *
 * It wraps CoapMessage and uses its one codec. A CoAP message has no length field: it extends
 * to the end of the datagram, so remove it with the packet's size:
 *
 * \code
 * CoapHeader h;
 * packet->RemoveHeader(h, packet->GetSize());
 * if (!h.IsValid()) { ... h.GetError() ... }
 * \endcode
 *
 * Deserializing malformed bytes never asserts: the header is then invalid, GetError() says
 * why, and every byte given is consumed.
 */
class CoapHeader : public Header
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;

    CoapHeader();

    /// \param message the message to carry
    explicit CoapHeader(const CoapMessage& message);

    /// \return the message
    const CoapMessage& GetMessage() const;

    /// \param message the message
    void SetMessage(const CoapMessage& message);

    /// \return true if the last Deserialize() read a well-formed message
    bool IsValid() const;

    /// \return why the last Deserialize() rejected the bytes ("" when valid)
    const std::string& GetError() const;

    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    uint32_t Deserialize(Buffer::Iterator start, Buffer::Iterator end) override;
    void Print(std::ostream& os) const override;

  private:
    /**
     * \brief Read len bytes and parse them.
     * \param start where they start
     * \param len how many
     * \return len
     */
    uint32_t DoDeserialize(Buffer::Iterator start, uint32_t len);

    CoapMessage m_message; //!< the message
    bool m_valid;          //!< parse result
    std::string m_error;   //!< parse error
};

} // namespace ns3

#endif /* IOTSEC_COAP_HEADER_H */
