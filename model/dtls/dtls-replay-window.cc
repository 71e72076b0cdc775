/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dtls-replay-window.h"

#include "ns3/abort.h"

namespace ns3
{

DtlsReplayWindow::DtlsReplayWindow(uint32_t size)
    : m_size(size)
{
    NS_ABORT_MSG_IF(size < 1 || size > SIZE,
                    "DtlsReplayWindow: size " << size << " is not in 1.." << SIZE);
}

uint32_t
DtlsReplayWindow::GetSize() const
{
    return m_size;
}

bool
DtlsReplayWindow::Check(uint64_t sequence) const
{
    if (!m_any || sequence > m_right)
    {
        return true;
    }
    uint64_t offset = m_right - sequence;
    if (offset >= m_size)
    {
        return false; // too old
    }
    return (m_bitmap & (uint64_t{1} << offset)) == 0;
}

void
DtlsReplayWindow::Update(uint64_t sequence)
{
    if (!m_any)
    {
        m_any = true;
        m_right = sequence;
        m_bitmap = 1;
        return;
    }
    if (sequence > m_right)
    {
        uint64_t shift = sequence - m_right;
        m_bitmap = shift >= SIZE ? 0 : m_bitmap << shift; // bits beyond m_size are never read
        m_bitmap |= 1;
        m_right = sequence;
        return;
    }
    uint64_t offset = m_right - sequence;
    if (offset < m_size)
    {
        m_bitmap |= uint64_t{1} << offset;
    }
}

void
DtlsReplayWindow::Reset()
{
    m_any = false;
    m_right = 0;
    m_bitmap = 0;
}

uint64_t
DtlsReplayWindow::GetRightEdge() const
{
    return m_right;
}

} // namespace ns3
