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
 * identity a client presents) and as a client (the key of the socket's PskIdentity, at every
 * ClientHello). Keys may change while the simulation runs (out-of-band re-keying):
 * associations already established keep the keys they derived, new handshakes use the new
 * key, and the PskChanged trace source reports every change.
 *
 * A changed key also ends the sessions derived from the old one. The store counts a key
 * generation per identity (GetGeneration): 0 until the identity is first given a key, then
 * one more on every SetPsk that gives it a different key and on every RemovePsk. Resumption
 * tickets and server session cache entries record the generation they were derived under,
 * and a session whose generation is no longer current is not resumed (DtlsSession). The
 * generation survives RemovePsk, so that an identity removed and later given its old key
 * again does not bring its old sessions back; the store thus keeps one counter for every
 * identity it ever held (they are configuration, not something a peer can grow).
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
     * \brief Add or replace a key. A key different from the identity's current one (or a
     * first key) advances the identity's generation; setting the same key again does not.
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
     * \param identity the PSK identity to forget (its generation advances)
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

    /**
     * \param identity a PSK identity
     * \return its key generation: 0 if it never had a key, else the number of times its key
     * was set to a different value or removed
     */
    uint64_t GetGeneration(const std::string& identity) const;

    bool LookupPsk(const Bytes& identity, Bytes& key) const override;
    uint64_t GetPskGeneration(const Bytes& identity) const override;

    /**
     * TracedCallback signature for a key change.
     * \param identity the PSK identity
     * \param added true if the identity is new, false if its key was replaced or removed
     * \param removed true if the identity was removed
     */
    typedef void (*PskChangedTracedCallback)(const std::string& identity, bool added, bool removed);

  private:
    std::map<std::string, Bytes> m_keys;                      //!< identity -> key
    std::map<std::string, uint64_t> m_generations;            //!< identity -> key generation
    TracedCallback<const std::string&, bool, bool> m_changed; //!< PskChanged
};

} // namespace ns3

#endif /* IOTSEC_DTLS_PSK_STORE_H */
