/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_COAP_DEADLINE_INDEX_H
#define IOTSEC_COAP_DEADLINE_INDEX_H

#include "ns3/nstime.h"

#include <cstddef>
#include <set>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief The entries of one table in time order: (deadline, key) pairs in an ordered set.
 *
 * A table keeps each entry's deadline in the entry itself and tells the index whenever it
 * changes (Update) or the entry goes (Remove). The earliest deadline is then the first
 * element (Next, O(1)), the entries due at a time are a prefix (Due), and an insertion,
 * move or removal costs O(log n): a timer never scans its table. An entry without a
 * deadline (Time::Max()) is not in the index. Ties are broken by key, so the order is
 * deterministic.
 *
 * The index only mirrors its table; CoapEndpoint::CheckConsistency() verifies that every
 * table and its index agree.
 *
 * \tparam Key the table's key type (ordered)
 */
template <typename Key>
class CoapDeadlineIndex
{
  public:
    /**
     * \brief An entry's deadline moved (or the entry was added: from is Time::Max()).
     * \param key the entry
     * \param from its deadline until now (Time::Max(): none)
     * \param to its new deadline (Time::Max(): none)
     */
    void Update(const Key& key, Time from, Time to)
    {
        if (from == to)
        {
            return;
        }
        Remove(key, from);
        if (to != Time::Max())
        {
            m_order.emplace(to, key);
        }
    }

    /**
     * \brief An entry went.
     * \param key the entry
     * \param at its deadline (Time::Max(): none, nothing to remove)
     */
    void Remove(const Key& key, Time at)
    {
        if (at != Time::Max())
        {
            m_order.erase(std::make_pair(at, key));
        }
    }

    /// \return the earliest deadline, or Time::Max() if no entry has one
    Time Next() const
    {
        return m_order.empty() ? Time::Max() : m_order.begin()->first;
    }

    /// \return the key of the entry with the earliest deadline (the index must not be empty)
    const Key& EarliestKey() const
    {
        return m_order.begin()->second;
    }

    /**
     * \param now a time
     * \return the keys of the entries due at or before it, earliest first (a copy: handling
     *         one may change the index)
     */
    std::vector<Key> Due(Time now) const
    {
        std::vector<Key> keys;
        for (auto it = m_order.begin(); it != m_order.end() && it->first <= now; ++it)
        {
            keys.push_back(it->second);
        }
        return keys;
    }

    /**
     * \param key an entry
     * \param at a deadline
     * \return true if the index holds the entry at that deadline
     */
    bool Contains(const Key& key, Time at) const
    {
        return m_order.count(std::make_pair(at, key)) > 0;
    }

    /// \return the number of entries indexed
    std::size_t Size() const
    {
        return m_order.size();
    }

    /// \return true if no entry is indexed
    bool Empty() const
    {
        return m_order.empty();
    }

    /// Forget every entry
    void Clear()
    {
        m_order.clear();
    }

  private:
    std::set<std::pair<Time, Key>> m_order; //!< (deadline, key), earliest first
};

} // namespace ns3

#endif /* IOTSEC_COAP_DEADLINE_INDEX_H */
