/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_BOOTSTRAP_MESSAGE_H
#define IOTSEC_BOOTSTRAP_MESSAGE_H

#include "ns3/iotsec-crypto.h"

#include <cstddef>
#include <cstdint>
#include <string>

/**
 * \file
 * \ingroup iotsec
 * \brief Wire format of Kang's five-flight PSK re-configuration protocol (OOB secure
 * bootstrapping, "A First Step Towards Security for Internet of Small Things", section 4).
 *
 * The paper gives the contents of each flight, not its encoding; this is the encoding iotsec
 * uses. All integers are big-endian. Every message starts with a two-byte header:
 *
 * \verbatim
 *   offset size  field
 *   0      1     version (0x01)
 *   1      1     type (0x01 HELLO .. 0x05 CONFIRM)
 *   2      ...   body (per type, below)
 * \endverbatim
 *
 * Flight 1, HELLO (0x01), SBI -> SBR, out of band (NFC, QR, audio, light); plaintext:
 * \verbatim
 *   2      1     idLen (1..64)
 *   3      idLen ID_i, the node's identifier (also its DTLS PSK identity)
 *   3+idLen 16   RN_i, the node's random
 *   total: 2 + 1 + idLen + 16
 * \endverbatim
 *
 * Flight 2, VERIFY_REQUEST (0x02), SBR -> SBS, over the network:
 * \verbatim
 *   2      13    nonce (fresh random)
 *   15     n+8   AES-128-CCM(SK_cs, nonce, AAD = bytes 0..14, plaintext), 8-byte tag last
 *   plaintext:
 *     0      1     idcLen (1..64)
 *     1      idcLen ID_c, the controller's identifier (inside: against DoS, as the paper says)
 *     ..     16    RN_c, the controller's random
 *     ..     4     TID, the transaction identifier (a sequence number)
 *     ..     8     TS, signed microseconds of the controller's clock
 *     ..     rest  the whole flight-1 HELLO as the node sent it (20..83 bytes)
 *   total: 2 + 13 + (1 + idcLen + 16 + 4 + 8 + helloSize) + 8
 * \endverbatim
 *
 * Flight 3, VERIFY_RESPONSE (0x03), SBS -> SBR, over the network:
 * \verbatim
 *   2      13    nonce (fresh random)
 *   15     36    AES-128-CCM(SK_cs, nonce, AAD = bytes 0..14, plaintext), 8-byte tag last
 *   plaintext: IK_i (16) | TS (8, echoes flight 2) | TID (4, echoes flight 2)
 *   total: 51
 * \endverbatim
 *
 * Flight 4, KEY (0x04), SBR -> SBI, out of band:
 * \verbatim
 *   2      4     TID
 *   6      13    nonce (fresh random)
 *   19     40    AES-128-CCM(IK_i, nonce, AAD = bytes 0..18, plaintext), 8-byte tag last
 *   plaintext: RN_i (16) | RN_c (16)
 *   total: 59
 * \endverbatim
 *
 * Flight 5, CONFIRM (0x05), SBI -> SBR, out of band:
 * \verbatim
 *   2      4     TID
 *   6      13    nonce (fresh random)
 *   19     24    AES-128-CCM(PSK_i, nonce, AAD = bytes 0..18, plaintext), 8-byte tag last
 *   plaintext: RN_c (16)
 *   total: 43
 * \endverbatim
 *
 * Flight 2's sealed part has no length field: it ends where the message ends. Its parser
 * refuses a sealed part shorter or longer than any plaintext could make it (58..184 bytes);
 * within that range, a truncated or extended flight 2 is refused by the CCM check.
 *
 * In every sealed message the AAD is exactly the bytes that precede the sealed part. Nonces
 * are drawn fresh for every sealed message rather than counted: IK_N is shared by all the
 * devices of one installer, so per-sender counters could repeat a nonce under one key.
 *
 * Parsers accept exactly these layouts: a wrong version, an unknown type, a length field out
 * of range, a truncated message or trailing bytes are rejected, and no input makes them read
 * out of bounds.
 */

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief The five message types (one per flight).
 */
enum class BootstrapMessageType : uint8_t
{
    HELLO = 0x01,           //!< flight 1, SBI -> SBR: ID_i, RN_i
    VERIFY_REQUEST = 0x02,  //!< flight 2, SBR -> SBS: sealed under SK_cs
    VERIFY_RESPONSE = 0x03, //!< flight 3, SBS -> SBR: sealed under SK_cs
    KEY = 0x04,             //!< flight 4, SBR -> SBI: sealed under IK_i
    CONFIRM = 0x05,         //!< flight 5, SBI -> SBR: sealed under PSK_i
};

/**
 * \ingroup iotsec
 * \param type a type byte
 * \return its name ("HELLO" .. "CONFIRM"), or "UNKNOWN"
 */
const char* BootstrapMessageTypeName(uint8_t type);

/**
 * \ingroup iotsec
 * \brief Sizes of the wire format, so that users can compute message sizes.
 */
struct BootstrapWire
{
    static constexpr uint8_t VERSION = 0x01;        //!< the version byte
    static constexpr std::size_t HEADER_BYTES = 2;  //!< version and type
    static constexpr std::size_t NONCE_BYTES = 13;  //!< CCM nonce
    static constexpr std::size_t TAG_BYTES = 8;     //!< CCM tag
    static constexpr std::size_t RANDOM_BYTES = 16; //!< RN_i, RN_c
    static constexpr std::size_t KEY_BYTES = 16;    //!< IK, SK_cs, PSK (AES-128)
    static constexpr std::size_t TID_BYTES = 4;     //!< transaction identifier
    static constexpr std::size_t TS_BYTES = 8;      //!< time stamp (microseconds)
    static constexpr std::size_t MIN_ID_BYTES = 1;  //!< shortest ID_i or ID_c
    static constexpr std::size_t MAX_ID_BYTES = 64; //!< longest ID_i or ID_c
    /// AAD of flights 2 and 3: version | type | nonce
    static constexpr std::size_t NONCE_AAD_BYTES = HEADER_BYTES + NONCE_BYTES;
    /// AAD of flights 4 and 5: version | type | TID | nonce
    static constexpr std::size_t TID_AAD_BYTES = HEADER_BYTES + TID_BYTES + NONCE_BYTES;

    /// \param idLen length of ID_i \return size of a HELLO
    static constexpr std::size_t HelloSize(std::size_t idLen)
    {
        return HEADER_BYTES + 1 + idLen + RANDOM_BYTES;
    }

    /// Shortest HELLO
    static constexpr std::size_t MIN_HELLO_BYTES = HEADER_BYTES + 1 + MIN_ID_BYTES + RANDOM_BYTES;
    /// Longest HELLO
    static constexpr std::size_t MAX_HELLO_BYTES = HEADER_BYTES + 1 + MAX_ID_BYTES + RANDOM_BYTES;

    /**
     * \param idcLen length of ID_c
     * \param helloSize size of the embedded HELLO
     * \return size of the plaintext of a VERIFY_REQUEST
     */
    static constexpr std::size_t VerifyRequestPlainSize(std::size_t idcLen, std::size_t helloSize)
    {
        return 1 + idcLen + RANDOM_BYTES + TID_BYTES + TS_BYTES + helloSize;
    }

    /**
     * \param idcLen length of ID_c
     * \param idiLen length of ID_i
     * \return size of a VERIFY_REQUEST
     */
    static constexpr std::size_t VerifyRequestSize(std::size_t idcLen, std::size_t idiLen)
    {
        return NONCE_AAD_BYTES + VerifyRequestPlainSize(idcLen, HelloSize(idiLen)) + TAG_BYTES;
    }

    /// Plaintext of a VERIFY_RESPONSE: IK_i | TS | TID
    static constexpr std::size_t VERIFY_RESPONSE_PLAIN_BYTES = KEY_BYTES + TS_BYTES + TID_BYTES;
    /// Size of a VERIFY_RESPONSE (51)
    static constexpr std::size_t VERIFY_RESPONSE_BYTES =
        NONCE_AAD_BYTES + VERIFY_RESPONSE_PLAIN_BYTES + TAG_BYTES;
    /// Plaintext of a KEY: RN_i | RN_c
    static constexpr std::size_t KEY_PLAIN_BYTES = 2 * RANDOM_BYTES;
    /// Size of a KEY message (59)
    static constexpr std::size_t KEY_MESSAGE_BYTES = TID_AAD_BYTES + KEY_PLAIN_BYTES + TAG_BYTES;
    /// Plaintext of a CONFIRM: RN_c
    static constexpr std::size_t CONFIRM_PLAIN_BYTES = RANDOM_BYTES;
    /// Size of a CONFIRM (43)
    static constexpr std::size_t CONFIRM_MESSAGE_BYTES =
        TID_AAD_BYTES + CONFIRM_PLAIN_BYTES + TAG_BYTES;
};

/**
 * \ingroup iotsec
 * \brief Read the two-byte header of a bootstrap message.
 * \param data the message
 * \param size its length
 * \param[out] type its type, when the header is valid
 * \param[out] error why not (may be null)
 * \return false if the message is shorter than the header, has another version or an
 * unknown type
 */
bool BootstrapParseHeader(const uint8_t* data,
                          std::size_t size,
                          BootstrapMessageType& type,
                          std::string* error);

/**
 * \ingroup iotsec
 * \brief Flight 1: ID_i and RN_i (plaintext, out of band).
 */
struct BootstrapHello
{
    std::string nodeId; //!< ID_i (1..64 bytes)
    Bytes rnI;          //!< RN_i (16 bytes)

    /// \return the wire bytes (the fields must have valid lengths)
    Bytes Serialize() const;
    /**
     * \param data bytes \param size their length \param[out] out the message
     * \param[out] error why the bytes are not a HELLO (may be null)
     * \return true if the bytes are exactly one HELLO
     */
    static bool Parse(const uint8_t* data,
                      std::size_t size,
                      BootstrapHello& out,
                      std::string* error);
};

/**
 * \ingroup iotsec
 * \brief Flight 2 on the wire: nonce and the part sealed under SK_cs.
 */
struct BootstrapVerifyRequest
{
    Bytes nonce;  //!< 13 bytes
    Bytes sealed; //!< CCM ciphertext of a BootstrapVerifyRequestPlain and its 8-byte tag

    /// \return the AAD: version | type | nonce
    Bytes Aad() const;
    /// \return the wire bytes
    Bytes Serialize() const;
    /**
     * \param data bytes \param size their length \param[out] out the message
     * \param[out] error why not (may be null) \return true if the bytes are one VERIFY_REQUEST
     */
    static bool Parse(const uint8_t* data,
                      std::size_t size,
                      BootstrapVerifyRequest& out,
                      std::string* error);
};

/**
 * \ingroup iotsec
 * \brief Flight 2's plaintext: ID_c | RN_c | TID | TS | flight 1.
 */
struct BootstrapVerifyRequestPlain
{
    std::string controllerId; //!< ID_c (1..64 bytes)
    Bytes rnC;                //!< RN_c (16 bytes)
    uint32_t tid{0};          //!< transaction identifier
    int64_t tsMicros{0};      //!< TS: the controller's clock, microseconds
    Bytes hello;              //!< flight 1 as received (20..83 bytes; not parsed here)

    /// \return the plaintext bytes
    Bytes Serialize() const;
    /**
     * \param data bytes \param size their length \param[out] out the plaintext
     * \param[out] error why not (may be null) \return true if the bytes are one such plaintext
     */
    static bool Parse(const uint8_t* data,
                      std::size_t size,
                      BootstrapVerifyRequestPlain& out,
                      std::string* error);
};

/**
 * \ingroup iotsec
 * \brief Flight 3 on the wire: nonce and the part sealed under SK_cs.
 */
struct BootstrapVerifyResponse
{
    Bytes nonce;  //!< 13 bytes
    Bytes sealed; //!< CCM ciphertext of a BootstrapVerifyResponsePlain and its tag (36 bytes)

    /// \return the AAD: version | type | nonce
    Bytes Aad() const;
    /// \return the wire bytes
    Bytes Serialize() const;
    /**
     * \param data bytes \param size their length \param[out] out the message
     * \param[out] error why not (may be null) \return true if the bytes are one VERIFY_RESPONSE
     */
    static bool Parse(const uint8_t* data,
                      std::size_t size,
                      BootstrapVerifyResponse& out,
                      std::string* error);
};

/**
 * \ingroup iotsec
 * \brief Flight 3's plaintext: IK_i | TS | TID.
 */
struct BootstrapVerifyResponsePlain
{
    Bytes ik;            //!< IK_i (16 bytes)
    int64_t tsMicros{0}; //!< TS of flight 2, echoed
    uint32_t tid{0};     //!< TID of flight 2, echoed

    /// \return the plaintext bytes
    Bytes Serialize() const;
    /**
     * \param data bytes \param size their length \param[out] out the plaintext
     * \param[out] error why not (may be null) \return true if the bytes are one such plaintext
     */
    static bool Parse(const uint8_t* data,
                      std::size_t size,
                      BootstrapVerifyResponsePlain& out,
                      std::string* error);
};

/**
 * \ingroup iotsec
 * \brief Flight 4 (KEY) on the wire: TID, nonce and the part sealed under IK_i.
 */
struct BootstrapKey
{
    uint32_t tid{0}; //!< transaction identifier
    Bytes nonce;     //!< 13 bytes
    Bytes sealed;    //!< CCM ciphertext and 8-byte tag (40 bytes)

    /// \return the AAD: version | type | TID | nonce
    Bytes Aad() const;
    /// \return the wire bytes
    Bytes Serialize() const;
    /**
     * \param data bytes \param size their length \param[out] out the message
     * \param[out] error why not (may be null) \return true if the bytes are one KEY
     */
    static bool Parse(const uint8_t* data, std::size_t size, BootstrapKey& out, std::string* error);
};

/**
 * \ingroup iotsec
 * \brief Flight 5 (CONFIRM) on the wire: TID, nonce and the part sealed under PSK_i.
 */
struct BootstrapConfirm
{
    uint32_t tid{0}; //!< transaction identifier
    Bytes nonce;     //!< 13 bytes
    Bytes sealed;    //!< CCM ciphertext and 8-byte tag (24 bytes)

    /// \return the AAD: version | type | TID | nonce
    Bytes Aad() const;
    /// \return the wire bytes
    Bytes Serialize() const;
    /**
     * \param data bytes \param size their length \param[out] out the message
     * \param[out] error why not (may be null) \return true if the bytes are one CONFIRM
     */
    static bool Parse(const uint8_t* data,
                      std::size_t size,
                      BootstrapConfirm& out,
                      std::string* error);
};

/**
 * \ingroup iotsec
 * \brief Flight 4's plaintext: RN_i | RN_c.
 */
struct BootstrapKeyPlain
{
    Bytes rnI; //!< RN_i (16 bytes)
    Bytes rnC; //!< RN_c (16 bytes)

    /// \return the plaintext bytes
    Bytes Serialize() const;
    /**
     * \param data bytes \param size their length \param[out] out the plaintext
     * \param[out] error why not (may be null) \return true if the bytes are one such plaintext
     */
    static bool Parse(const uint8_t* data,
                      std::size_t size,
                      BootstrapKeyPlain& out,
                      std::string* error);
};

/**
 * \ingroup iotsec
 * \brief Flight 5's plaintext: RN_c.
 */
struct BootstrapConfirmPlain
{
    Bytes rnC; //!< RN_c (16 bytes)

    /// \return the plaintext bytes
    Bytes Serialize() const;
    /**
     * \param data bytes \param size their length \param[out] out the plaintext
     * \param[out] error why not (may be null) \return true if the bytes are one such plaintext
     */
    static bool Parse(const uint8_t* data,
                      std::size_t size,
                      BootstrapConfirmPlain& out,
                      std::string* error);
};

} // namespace ns3

#endif /* IOTSEC_BOOTSTRAP_MESSAGE_H */
