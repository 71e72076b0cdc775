/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ssm-directory.h"

#include "ns3/abort.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SsmDirectory");

namespace
{

/**
 * \param name attribute name
 * \param value its value
 * \param quoted write it as a quoted-string
 * \return the attribute
 */
CoapLinkAttribute
Attr(const std::string& name, const std::string& value, bool quoted)
{
    CoapLinkAttribute a;
    a.name = name;
    a.value = value;
    a.quoted = quoted;
    return a;
}

} // namespace

SsmDirectory::SsmDirectory()
{
    Entry root;
    root.path = "/";
    m_entries["/"] = root;
}

void
SsmDirectory::Add(const std::string& parent,
                  const std::string& path,
                  const std::vector<CoapLinkAttribute>& attributes)
{
    NS_ABORT_MSG_UNLESS(Has(parent), "SsmDirectory::Add: no parent " << parent);
    NS_ABORT_MSG_IF(Has(path) || path.empty() || path[0] != '/',
                    "SsmDirectory::Add: bad or duplicate path '" << path << "'");
    Entry e;
    e.path = path;
    e.attributes = attributes;
    m_entries[path] = e;
    m_entries[parent].children.push_back(path);
    m_order.push_back(path);
}

void
SsmDirectory::SetMembers(const std::string& path, const std::vector<std::string>& members)
{
    NS_ABORT_MSG_UNLESS(Has(path), "SsmDirectory::SetMembers: no entry " << path);
    m_entries[path].members = members;
}

bool
SsmDirectory::Has(const std::string& path) const
{
    return m_entries.find(path) != m_entries.end();
}

const SsmDirectory::Entry&
SsmDirectory::Get(const std::string& path) const
{
    auto it = m_entries.find(path);
    NS_ABORT_MSG_IF(it == m_entries.end(), "SsmDirectory::Get: no entry " << path);
    return it->second;
}

std::string
SsmDirectory::ListChildren(const std::string& path) const
{
    std::vector<CoapLink> links;
    for (const auto& child : Get(path).children)
    {
        CoapLink link;
        link.target = child;
        link.attributes = Get(child).attributes;
        links.push_back(link);
    }
    return CoapLinkFormat::Serialize(links);
}

std::vector<std::string>
SsmDirectory::GetPaths() const
{
    return m_order;
}

SsmDirectory
SsmDirectory::BuildingAutomation(uint32_t floors)
{
    NS_ABORT_MSG_IF(floors == 0, "SsmDirectory::BuildingAutomation: no floors");
    SsmDirectory d;
    d.Add("/", "/settings", {Attr("ct", "20", false)});
    d.Add("/", "/controls", {Attr("ct", "21", false)});
    d.Add("/settings", "/settings/lights", {Attr("if", "settings", true)});
    d.Add("/settings", "/settings/security", {Attr("if", "settings", true)});
    for (uint32_t k = 1; k <= floors; ++k)
    {
        d.Add("/settings/lights",
              "/settings/lights/floor" + std::to_string(k),
              {Attr("if", "lights", true)});
    }
    return d;
}

SsmDirectory
SsmDirectory::HealthCare()
{
    SsmDirectory d;
    d.Add("/", "/exercise", {Attr("ct", "10", false)});
    d.Add("/", "/hospital", {Attr("ct", "11", false)});
    d.Add("/", "/settings", {Attr("ct", "12", false)});
    d.Add("/hospital", "/information/heart_rate", {Attr("if", "information", true)});
    d.Add("/hospital", "/information/blood_pressure", {Attr("if", "information", true)});
    return d;
}

} // namespace ns3
