/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// libFuzzer target: the parsers of Jennings' enrolment messages on untrusted bytes. At most one
// parser (the one of the type byte) accepts an input; what it accepts must re-serialize to
// exactly the input (the format is canonical) and parse back to the same bytes; a rejection
// must say why. The engines then take the same bytes from every party without crashing.

#include "ns3/jennings-enrolment.h"
#include "ns3/log.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

NS_LOG_COMPONENT_DEFINE("FuzzJenningsMessage");

namespace
{

/// Parse with T, check the re-serialization; \return 1 if T accepted the input
template <typename T>
int
Check(const uint8_t* data, size_t size)
{
    T m;
    std::string error;
    if (!T::Parse(data, size, m, &error))
    {
        if (error.empty())
        {
            __builtin_trap(); // every rejection has a reason
        }
        return 0;
    }
    const ns3::Bytes bytes = m.Serialize();
    if (bytes != ns3::Bytes(data, data + size))
    {
        __builtin_trap();
    }
    T again;
    if (!T::Parse(bytes.data(), bytes.size(), again, &error) || again.Serialize() != bytes)
    {
        __builtin_trap();
    }
    return 1;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace ns3;
    const int accepted =
        Check<JenningsLabel>(data, size) + Check<JenningsIntroduce>(data, size) +
        Check<JenningsDeliverSecret>(data, size) + Check<JenningsDiscover>(data, size) +
        Check<JenningsDiscoverResponse>(data, size) + Check<JenningsAck>(data, size);
    if (accepted > 1)
    {
        __builtin_trap(); // the type byte decides
    }
    JenningsMessageType type;
    if (accepted == 1 && !JenningsParseHeader(data, size, type, nullptr))
    {
        __builtin_trap();
    }
    Bytes psk;
    if (JenningsAttacker::SecretFromLabel(Bytes(data, data + size), psk) &&
        psk.size() != JenningsWire::SECRET_BYTES)
    {
        __builtin_trap();
    }

    // the engines take anything from anyone without crashing or growing past their bounds
    JenningsTransferAgentConfig tc;
    tc.maxIntroductions = 1;
    JenningsTransferAgentEngine agent(tc);
    JenningsControllerConfig cc;
    cc.maxDevices = 1;
    JenningsControllerEngine controller(cc);
    JenningsIntroducerEngine introducer(JenningsIntroducerConfig{});
    const std::string nid = "[2001:1::5]:5684";
    introducer.Introduce(Seconds(0), data, size, Bytes(nid.begin(), nid.end()));
    for (auto from : {JenningsParty::DEVICE,
                      JenningsParty::INTRODUCER,
                      JenningsParty::TRANSFER_AGENT,
                      JenningsParty::CONTROLLER})
    {
        agent.Receive(Seconds(1), from, data, size);
        agent.Receive(Seconds(1), from, data, size);
        controller.Receive(Seconds(1), from, data, size);
        introducer.Receive(Seconds(1), from, data, size);
    }
    if (agent.GetIntroductionCount() > 1 || controller.GetDeviceCount() > 1 ||
        introducer.GetPendingCount() > 1)
    {
        __builtin_trap();
    }
    JenningsLabel label;
    if (JenningsLabel::Parse(data, size, label, nullptr))
    {
        JenningsDeviceConfig dc;
        dc.label = Bytes(data, data + size);
        JenningsDeviceEngine device(dc);
        device.Start(Seconds(0));
        device.Receive(Seconds(0), data, size);
        device.OnTimeout(Seconds(100));
    }
    return 0;
}
