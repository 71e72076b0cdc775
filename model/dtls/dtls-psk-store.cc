/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dtls-psk-store.h"

#include "ns3/abort.h"
#include "ns3/hex-encoding.h"
#include "ns3/log.h"
#include "ns3/trace-source-accessor.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DtlsPskStore");

NS_OBJECT_ENSURE_REGISTERED(DtlsPskStore);

TypeId
DtlsPskStore::GetTypeId()
{
    static TypeId tid = TypeId("ns3::DtlsPskStore")
                            .SetParent<Object>()
                            .SetGroupName("Iotsec")
                            .AddConstructor<DtlsPskStore>()
                            .AddTraceSource("PskChanged",
                                            "A pre-shared key was set, replaced or removed "
                                            "(identity, added, removed); GetGeneration tells "
                                            "whether the key really changed.",
                                            MakeTraceSourceAccessor(&DtlsPskStore::m_changed),
                                            "ns3::DtlsPskStore::PskChangedTracedCallback");
    return tid;
}

DtlsPskStore::DtlsPskStore() = default;

void
DtlsPskStore::SetPsk(const std::string& identity, const Bytes& key)
{
    NS_LOG_FUNCTION(this << identity << key.size());
    NS_ABORT_MSG_IF(identity.empty(), "DtlsPskStore::SetPsk: empty identity");
    NS_ABORT_MSG_IF(identity.size() > 65535, "DtlsPskStore::SetPsk: identity too long");
    NS_ABORT_MSG_IF(key.empty() || key.size() > 65535,
                    "DtlsPskStore::SetPsk: key of " << key.size() << " bytes");
    auto it = m_keys.find(identity);
    bool added = it == m_keys.end();
    if (added || it->second != key)
    {
        ++m_generations[identity];
        NS_LOG_INFO("PSK identity '" << identity << "': key generation "
                                     << m_generations[identity]);
    }
    m_keys[identity] = key;
    m_changed(identity, added, false);
}

void
DtlsPskStore::SetPskHex(const std::string& identity, const std::string& hex)
{
    Bytes key;
    NS_ABORT_MSG_UNLESS(HexDecode(hex, key) && !key.empty(),
                        "DtlsPskStore: '" << hex << "' is not a key in hexadecimal");
    SetPsk(identity, key);
}

bool
DtlsPskStore::RemovePsk(const std::string& identity)
{
    NS_LOG_FUNCTION(this << identity);
    if (m_keys.erase(identity) == 0)
    {
        return false;
    }
    ++m_generations[identity];
    m_changed(identity, false, true);
    return true;
}

bool
DtlsPskStore::HasPsk(const std::string& identity) const
{
    return m_keys.find(identity) != m_keys.end();
}

uint32_t
DtlsPskStore::GetN() const
{
    return static_cast<uint32_t>(m_keys.size());
}

uint64_t
DtlsPskStore::GetGeneration(const std::string& identity) const
{
    auto it = m_generations.find(identity);
    return it == m_generations.end() ? 0 : it->second;
}

uint64_t
DtlsPskStore::GetPskGeneration(const Bytes& identity) const
{
    return GetGeneration(std::string(identity.begin(), identity.end()));
}

bool
DtlsPskStore::LookupPsk(const Bytes& identity, Bytes& key) const
{
    auto it = m_keys.find(std::string(identity.begin(), identity.end()));
    if (it == m_keys.end())
    {
        return false;
    }
    key = it->second;
    return true;
}

} // namespace ns3
