/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "hex-encoding.h"

namespace ns3
{

namespace
{

/**
 * \param c a character
 * \return its value as a hex digit, or -1
 */
int
HexDigit(char c)
{
    if (c >= '0' && c <= '9')
    {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f')
    {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F')
    {
        return c - 'A' + 10;
    }
    return -1;
}

} // namespace

std::string
HexEncode(const std::vector<uint8_t>& bytes)
{
    static const char* digits = "0123456789abcdef";
    std::string s;
    s.reserve(bytes.size() * 2);
    for (uint8_t b : bytes)
    {
        s += digits[b >> 4];
        s += digits[b & 0xf];
    }
    return s;
}

bool
HexDecode(const std::string& hex, std::vector<uint8_t>& out)
{
    if (hex.size() % 2 != 0)
    {
        return false;
    }
    std::vector<uint8_t> result;
    result.reserve(hex.size() / 2);
    for (std::size_t i = 0; i < hex.size(); i += 2)
    {
        int high = HexDigit(hex[i]);
        int low = HexDigit(hex[i + 1]);
        if (high < 0 || low < 0)
        {
            return false;
        }
        result.push_back(static_cast<uint8_t>(high << 4 | low));
    }
    out = std::move(result);
    return true;
}

} // namespace ns3
