/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_COAP_SECURITY_MODE_H
#define IOTSEC_COAP_SECURITY_MODE_H

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief The back-end security of a CoAP application (the SSM policies `none` and `object`).
 */
enum CoapSecurityMode
{
    COAP_SECURITY_NONE = 0,   //!< plain CoAP
    COAP_SECURITY_OBJECT = 1, //!< OSCORE (RFC 8613) with a PSK as Master Secret
};

} // namespace ns3

#endif /* IOTSEC_COAP_SECURITY_MODE_H */
