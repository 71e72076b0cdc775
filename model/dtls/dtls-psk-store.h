/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_DTLS_PSK_STORE_H
#define IOTSEC_DTLS_PSK_STORE_H

#include "dtls-session.h"

#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <map>
#include <string>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief A node's pre-shared keys, by PSK identity (RFC 4279).
 *
 * Aggregate one to a node: its DTLS sockets look their keys up here, as a server (any
 * identity a client presents) and as a client (the key of the socket's PskIdentity). Keys may
 * change while the simulation runs (out-of-band re-keying): associations already established
 * keep the keys they derived, new handshakes use the new key, and the PskChanged trace
 * source reports every change.
 */
class DtlsPskStore : public Object, public DtlsPskProvider
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    DtlsPskStore();

    /**
     * \brief Add or replace a key.
     * \param identity the PSK identity
     * \param key the key (not empty)
     */
    void SetPsk(const std::string& identity, const Bytes& key);

    /**
     * \brief Add or replace a key given in hexadecimal.
     * \param identity the PSK identity
     * \param hex the key as hex digits (an even number of them); a malformed value aborts
     */
    void SetPskHex(const std::string& identity, const std::string& hex);

    /**
     * \param identity the PSK identity to forget
     * \return true if it was known
     */
    bool RemovePsk(const std::string& identity);

    /**
     * \param identity a PSK identity
     * \return true if it is known
     */
    bool HasPsk(const std::string& identity) const;

    /// \return the number of keys
    uint32_t GetN() const;

    bool LookupPsk(const Bytes& identity, Bytes& key) const override;

    /**
     * TracedCallback signature for a key change.
     * \param identity the PSK identity
     * \param added true if the identity is new, false if its key was replaced or removed
     * \param removed true if the identity was removed
     */
    typedef void (*PskChangedTracedCallback)(const std::string& identity, bool added, bool removed);

  private:
    std::map<std::string, Bytes> m_keys;                      //!< identity -> key
    TracedCallback<const std::string&, bool, bool> m_changed; //!< PskChanged
};

} // namespace ns3

#endif /* IOTSEC_DTLS_PSK_STORE_H */
