/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ssm-policy.h"

#include "ns3/abort.h"

#include <sstream>

namespace ns3
{

std::string
BackendSecurityName(BackendSecurity security)
{
    switch (security)
    {
    case BackendSecurity::DTLS:
        return "dtls";
    case BackendSecurity::OBJECT:
        return "object";
    case BackendSecurity::NONE:
        return "none";
    }
    return "unknown";
}

SsmPolicy::SsmPolicy()
{
    for (int s : {NORMAL, HIGH})
    {
        m_table[{0, s}] = BackendSecurity::NONE;
        m_table[{1, s}] = BackendSecurity::OBJECT;
        m_table[{2, s}] = BackendSecurity::DTLS;
        m_table[{3, s}] = BackendSecurity::DTLS;
    }
}

bool
SsmPolicy::CanRun(uint32_t deviceClass, BackendSecurity security)
{
    return deviceClass > 0 || security == BackendSecurity::NONE;
}

void
SsmPolicy::Set(uint32_t deviceClass, Sensitivity sensitivity, BackendSecurity security)
{
    NS_ABORT_MSG_IF(deviceClass > 3, "SsmPolicy: device class " << deviceClass << " (0..3)");
    NS_ABORT_MSG_UNLESS(CanRun(deviceClass, security),
                        "SsmPolicy: a Class " << deviceClass << " device cannot run "
                                              << BackendSecurityName(security)
                                              << " (its RAM cannot hold the security state)");
    m_table[{deviceClass, sensitivity}] = security;
}

BackendSecurity
SsmPolicy::Get(uint32_t deviceClass, Sensitivity sensitivity) const
{
    NS_ABORT_MSG_IF(deviceClass > 3, "SsmPolicy: device class " << deviceClass << " (0..3)");
    return m_table.at({deviceClass, sensitivity});
}

bool
SsmPolicy::Parse(const std::string& text, SsmPolicy& policy, std::string* error)
{
    auto fail = [error](const std::string& why) {
        if (error != nullptr)
        {
            *error = why;
        }
        return false;
    };
    SsmPolicy result;
    std::stringstream entries(text);
    std::string entry;
    while (std::getline(entries, entry, ','))
    {
        std::size_t colon = entry.find(':');
        if (colon == std::string::npos)
        {
            return fail("entry '" + entry + "' is not CLASS[/SENSITIVITY]:PROTECTION");
        }
        std::string who = entry.substr(0, colon);
        std::string what = entry.substr(colon + 1);
        std::string level = "normal";
        std::size_t slash = who.find('/');
        if (slash != std::string::npos)
        {
            level = who.substr(slash + 1);
            who = who.substr(0, slash);
        }
        if (who.size() != 1 || who[0] < '0' || who[0] > '3')
        {
            return fail("device class '" + who + "' is not 0, 1, 2 or 3");
        }
        uint32_t cls = static_cast<uint32_t>(who[0] - '0');
        if (level != "normal" && level != "high")
        {
            return fail("sensitivity '" + level + "' is not normal or high");
        }
        BackendSecurity security;
        if (what == "dtls")
        {
            security = BackendSecurity::DTLS;
        }
        else if (what == "object")
        {
            security = BackendSecurity::OBJECT;
        }
        else if (what == "none")
        {
            security = BackendSecurity::NONE;
        }
        else
        {
            return fail("protection '" + what + "' is not dtls, object or none");
        }
        if (!CanRun(cls, security))
        {
            return fail("a Class " + who + " device cannot run " + what +
                        " (its RAM cannot hold the security state)");
        }
        bool both = slash == std::string::npos;
        result.m_table[{cls, level == "high" ? HIGH : NORMAL}] = security;
        if (both)
        {
            result.m_table[{cls, HIGH}] = security;
        }
    }
    policy = result;
    return true;
}

std::string
SsmPolicy::ToString() const
{
    std::ostringstream os;
    bool first = true;
    for (uint32_t c = 0; c <= 3; ++c)
    {
        for (int s : {NORMAL, HIGH})
        {
            os << (first ? "" : ",") << c << (s == HIGH ? "/high" : "") << ":"
               << BackendSecurityName(m_table.at({c, s}));
            first = false;
        }
    }
    return os.str();
}

} // namespace ns3
