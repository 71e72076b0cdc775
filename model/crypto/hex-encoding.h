/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_HEX_ENCODING_H
#define IOTSEC_HEX_ENCODING_H

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief Write bytes as lower-case hexadecimal digits, two per byte.
 * \param bytes the bytes
 * \return the digits ("" for no bytes)
 */
std::string HexEncode(const std::vector<uint8_t>& bytes);

/**
 * \ingroup iotsec
 * \brief Read bytes written in hexadecimal (upper or lower case, no separators).
 *
 * The one hexadecimal parser of the module: keys given as attributes (DtlsSocket::Psk,
 * DtlsPskStore), OSCORE secrets and IDs (which may be empty), and the host tools.
 * \param hex an even number of hexadecimal digits, possibly none
 * \param[out] out the bytes (left unchanged when the text is not hexadecimal)
 * \return false if the text has an odd length or a character that is not a hex digit
 */
bool HexDecode(const std::string& hex, std::vector<uint8_t>& out);

} // namespace ns3

#endif /* IOTSEC_HEX_ENCODING_H */
