/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Fuzz target: the bootstrap wire format (Kang's five flights) on any bytes. The input goes to
// every message parser and every plaintext parser. Whatever one accepts must serialize back to
// the identical bytes; at most one message parser accepts; and an accepted message's header
// must read as its type.

#include "ns3/bootstrap-message.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>

using namespace ns3;

namespace
{

/// \param a bytes \param data input \param size its length \return true if equal
bool
Same(const Bytes& a, const uint8_t* data, std::size_t size)
{
    return a.size() == size && (size == 0 || std::equal(a.begin(), a.end(), data));
}

/// \param data input \param size its length \param want the type a parser accepted it as
void
CheckHeader(const uint8_t* data, std::size_t size, BootstrapMessageType want)
{
    BootstrapMessageType type;
    if (!BootstrapParseHeader(data, size, type, nullptr) || type != want)
    {
        __builtin_trap();
    }
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    int accepted = 0;
    std::string error;
    BootstrapHello hello;
    if (BootstrapHello::Parse(data, size, hello, &error))
    {
        ++accepted;
        CheckHeader(data, size, BootstrapMessageType::HELLO);
        if (!Same(hello.Serialize(), data, size) || hello.nodeId.empty() ||
            hello.nodeId.size() > BootstrapWire::MAX_ID_BYTES ||
            size != BootstrapWire::HelloSize(hello.nodeId.size()))
        {
            __builtin_trap();
        }
    }
    BootstrapVerifyRequest request;
    if (BootstrapVerifyRequest::Parse(data, size, request, &error))
    {
        ++accepted;
        CheckHeader(data, size, BootstrapMessageType::VERIFY_REQUEST);
        Bytes aad = request.Aad();
        if (!Same(request.Serialize(), data, size) ||
            aad.size() != BootstrapWire::NONCE_AAD_BYTES ||
            !std::equal(aad.begin(), aad.end(), data))
        {
            __builtin_trap();
        }
    }
    BootstrapVerifyResponse response;
    if (BootstrapVerifyResponse::Parse(data, size, response, &error))
    {
        ++accepted;
        CheckHeader(data, size, BootstrapMessageType::VERIFY_RESPONSE);
        if (!Same(response.Serialize(), data, size) || size != BootstrapWire::VERIFY_RESPONSE_BYTES)
        {
            __builtin_trap();
        }
    }
    BootstrapKey key;
    if (BootstrapKey::Parse(data, size, key, &error))
    {
        ++accepted;
        CheckHeader(data, size, BootstrapMessageType::KEY);
        Bytes aad = key.Aad();
        if (!Same(key.Serialize(), data, size) || size != BootstrapWire::KEY_MESSAGE_BYTES ||
            !std::equal(aad.begin(), aad.end(), data) || aad.size() != BootstrapWire::TID_AAD_BYTES)
        {
            __builtin_trap();
        }
    }
    BootstrapConfirm confirm;
    if (BootstrapConfirm::Parse(data, size, confirm, &error))
    {
        ++accepted;
        CheckHeader(data, size, BootstrapMessageType::CONFIRM);
        if (!Same(confirm.Serialize(), data, size) || size != BootstrapWire::CONFIRM_MESSAGE_BYTES)
        {
            __builtin_trap();
        }
    }
    if (accepted > 1)
    {
        __builtin_trap();
    }

    // the plaintexts
    BootstrapVerifyRequestPlain vp;
    if (BootstrapVerifyRequestPlain::Parse(data, size, vp, &error) &&
        !Same(vp.Serialize(), data, size))
    {
        __builtin_trap();
    }
    BootstrapVerifyResponsePlain rp;
    if (BootstrapVerifyResponsePlain::Parse(data, size, rp, &error) &&
        !Same(rp.Serialize(), data, size))
    {
        __builtin_trap();
    }
    BootstrapKeyPlain kp;
    if (BootstrapKeyPlain::Parse(data, size, kp, &error) && !Same(kp.Serialize(), data, size))
    {
        __builtin_trap();
    }
    BootstrapConfirmPlain cp;
    if (BootstrapConfirmPlain::Parse(data, size, cp, &error) && !Same(cp.Serialize(), data, size))
    {
        __builtin_trap();
    }
    return 0;
}
