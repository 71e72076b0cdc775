/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_DTLS_REPLAY_WINDOW_H
#define IOTSEC_DTLS_REPLAY_WINDOW_H

#include <cstdint>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief The DTLS anti-replay sliding window (RFC 6347, section 4.1.2.6).
 *
 * The window covers the GetSize() sequence numbers (64 for DTLS) ending at the highest one
 * received in a record whose MAC verified. A record is acceptable if it is newer than the
 * window's right edge, or inside the window and not yet received. Check() before verifying the
 * MAC; Update() only after it verified, so that forged records cannot move the window.
 *
 * OSCORE's Replay Window (RFC 8613, section 7.4) is the same mechanism over Partial IVs, with a
 * configurable size (default 32): OscoreContext uses this class too.
 */
class DtlsReplayWindow
{
  public:
    /// Largest (and DTLS's) window size in records
    static constexpr uint32_t SIZE = 64;

    /**
     * \param size window size in records, 1 to SIZE (aborts otherwise)
     */
    explicit DtlsReplayWindow(uint32_t size = SIZE);

    /// \return the window size in records
    uint32_t GetSize() const;

    /**
     * \param sequence a record sequence number
     * \return true if the record is neither too old nor a duplicate
     */
    bool Check(uint64_t sequence) const;

    /**
     * \brief Mark a verified record's sequence number as received.
     * \param sequence the sequence number
     */
    void Update(uint64_t sequence);

    /// \brief Forget everything (a new epoch starts).
    void Reset();

    /// \return the highest sequence number received, if any record was
    uint64_t GetRightEdge() const;

    /// \return bytes of state a constrained implementation holds for the window
    static constexpr uint32_t StateBytes()
    {
        return 8 + 6; // 64-bit bitmap + 48-bit right edge
    }

  private:
    uint32_t m_size;      //!< window size in records (1..SIZE)
    bool m_any{false};    //!< a record was received
    uint64_t m_right{0};  //!< highest sequence number received
    uint64_t m_bitmap{0}; //!< bit i set: m_right - i received
};

} // namespace ns3

#endif /* IOTSEC_DTLS_REPLAY_WINDOW_H */
