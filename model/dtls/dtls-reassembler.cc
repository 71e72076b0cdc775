/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dtls-reassembler.h"

namespace ns3
{

DtlsReassembler::DtlsReassembler(uint32_t maxMessageBytes, uint16_t maxAhead)
    : m_maxMessageBytes(maxMessageBytes),
      m_maxAhead(maxAhead),
      m_next(0)
{
}

DtlsReassembler::Result
DtlsReassembler::Add(const DtlsHandshakeFragment& f)
{
    if (f.messageSeq < m_next)
    {
        return DUPLICATE;
    }
    if (f.messageSeq - m_next > m_maxAhead)
    {
        return TOO_FAR;
    }
    if (f.length > m_maxMessageBytes ||
        uint64_t{f.fragmentOffset} + f.body.size() > uint64_t{f.length})
    {
        return INVALID;
    }
    auto it = m_pending.find(f.messageSeq);
    if (it == m_pending.end())
    {
        Pending p;
        p.type = f.msgType;
        p.length = f.length;
        p.body.assign(f.length, 0);
        p.have.assign(f.length, false);
        it = m_pending.emplace(f.messageSeq, std::move(p)).first;
    }
    Pending& p = it->second;
    if (p.type != f.msgType || p.length != f.length)
    {
        return INVALID;
    }
    for (std::size_t i = 0; i < f.body.size(); ++i)
    {
        std::size_t at = f.fragmentOffset + i;
        if (!p.have[at])
        {
            p.have[at] = true;
            p.body[at] = f.body[i];
            ++p.received;
        }
        else if (p.body[at] != f.body[i])
        {
            return INVALID; // overlapping fragments disagree
        }
    }
    return BUFFERED;
}

bool
DtlsReassembler::PopNext(uint8_t& type, uint16_t& seq, Bytes& body)
{
    auto it = m_pending.find(m_next);
    if (it == m_pending.end() || it->second.received != it->second.length)
    {
        return false;
    }
    type = it->second.type;
    seq = m_next;
    body = std::move(it->second.body);
    m_pending.erase(it);
    ++m_next;
    return true;
}

uint16_t
DtlsReassembler::GetNextSeq() const
{
    return m_next;
}

void
DtlsReassembler::Reset(uint16_t next)
{
    m_pending.clear();
    m_next = next;
}

uint32_t
DtlsReassembler::GetBufferedBytes() const
{
    uint32_t bytes = 0;
    for (const auto& p : m_pending)
    {
        // the body plus a one-bit-per-byte map, as a compact implementation would hold
        bytes += p.second.length + (p.second.length + 7) / 8 + 12;
    }
    return bytes;
}

} // namespace ns3
