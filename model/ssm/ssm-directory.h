/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_SSM_DIRECTORY_H
#define IOTSEC_SSM_DIRECTORY_H

#include "ns3/coap-link-format.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief The directory of grouped resources a Secure Service Manager presents to its clients
 * (Park and Kang, section 4).
 *
 * A tree of paths: each entry has link attributes (how its parent lists it) and, for a group
 * resource, the members a command to it is fanned out to. A client walks it like a web
 * directory: GET /.well-known/core lists the root's children, GET on an entry lists its own
 * children, in RFC 6690 link format.
 */
class SsmDirectory
{
  public:
    /// One entry of the tree
    struct Entry
    {
        std::string path;                          //!< "/settings/lights/floor3"
        std::vector<CoapLinkAttribute> attributes; //!< as listed by the parent
        std::vector<std::string> children;         //!< child paths, in order
        std::vector<std::string> members;          //!< group members (sensor keys)
    };

    SsmDirectory();

    /**
     * \brief Add an entry under a parent ("/" is the root).
     * \param parent the parent's path (must exist)
     * \param path the entry's path (must not exist yet)
     * \param attributes its link attributes
     */
    void Add(const std::string& parent,
             const std::string& path,
             const std::vector<CoapLinkAttribute>& attributes);

    /**
     * \brief Make an entry a group: a command to it is fanned out to these members.
     * \param path the entry (must exist)
     * \param members the members' keys
     */
    void SetMembers(const std::string& path, const std::vector<std::string>& members);

    /**
     * \param path a path
     * \return true if the directory has it ("/" always)
     */
    bool Has(const std::string& path) const;

    /**
     * \param path a path (must exist)
     * \return its entry
     */
    const Entry& Get(const std::string& path) const;

    /**
     * \param path a path ("/" for the root: what /.well-known/core answers)
     * \return its children in RFC 6690 link format, exactly as on the wire
     */
    std::string ListChildren(const std::string& path) const;

    /// \return every path but the root, in insertion order
    std::vector<std::string> GetPaths() const;

    /**
     * \brief The building-automation directory of the paper's figure 4: /settings (ct=20),
     * /controls (ct=21), /settings/lights and /settings/security (if="settings"), and
     * /settings/lights/floor1 .. floorN (if="lights").
     * \param floors the number of floors (at least 1)
     * \return the directory (groups without members yet)
     */
    static SsmDirectory BuildingAutomation(uint32_t floors);

    /**
     * \brief The health-care directory of the paper's figure 3: /exercise (ct=10), /hospital
     * (ct=11), /settings (ct=12); under /hospital, the body status information
     * /information/heart_rate and /information/blood_pressure (if="information").
     * \return the directory
     */
    static SsmDirectory HealthCare();

  private:
    std::map<std::string, Entry> m_entries; //!< entries by path
    std::vector<std::string> m_order;       //!< insertion order
};

} // namespace ns3

#endif /* IOTSEC_SSM_DIRECTORY_H */
