/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// libFuzzer target: CoapLinkFormat::Parse on untrusted text (a /.well-known/core payload). A
// document that parses must serialize to a document that parses to the same links, and that
// serialization must be stable; a rejection must say why.

#include "ns3/coap-link-format.h"
#include "ns3/log.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

NS_LOG_COMPONENT_DEFINE("FuzzLinkFormat");

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string text(reinterpret_cast<const char*>(data), size);
    std::vector<ns3::CoapLink> links;
    std::string error;
    if (!ns3::CoapLinkFormat::Parse(text, links, &error))
    {
        if (error.empty())
        {
            __builtin_trap();
        }
        return 0;
    }
    std::string serialized = ns3::CoapLinkFormat::Serialize(links);
    std::vector<ns3::CoapLink> again;
    if (!ns3::CoapLinkFormat::Parse(serialized, again, &error) || !(again == links))
    {
        __builtin_trap();
    }
    if (ns3::CoapLinkFormat::Serialize(again) != serialized)
    {
        __builtin_trap();
    }
    for (const auto& link : links)
    {
        (void)link.GetContentFormats();
    }
    return 0;
}
