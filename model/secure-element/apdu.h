/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_APDU_H
#define IOTSEC_APDU_H

#include "ns3/iotsec-crypto.h"
#include "ns3/nstime.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

/**
 * \file
 * \ingroup iotsec
 * \brief ISO 7816 APDU transport of a secure element (Urien, "Towards Trusted Operated
 * Services in the Internet of Things"): short APDUs, the chaining that carries a TLS/DTLS
 * message longer than one APDU, and the time a T=0 or T=1 link takes to move them. Sans-I/O.
 *
 * Short command APDU (ISO 7816-4 5.1, ISO 7816-3 12.1.3), the four cases:
 * \verbatim
 *   case 1   CLA INS P1 P2                    4 bytes
 *   case 2S  CLA INS P1 P2 Le                 5 bytes, Le 0x01..0xFF, 0x00 = 256
 *   case 3S  CLA INS P1 P2 Lc data(Lc)        5 + Lc bytes, Lc 0x01..0xFF
 *   case 4S  CLA INS P1 P2 Lc data(Lc) Le     6 + Lc bytes
 * \endverbatim
 * Response APDU: data (0..256 bytes) SW1 SW2.
 *
 * The parsers accept exactly these layouts. Rejected: fewer than 4 bytes; a byte after the
 * header whose value is 0x00 while more bytes follow (the start of an extended Lc, out of
 * scope); a length that is neither 5 + Lc nor 6 + Lc (truncation, trailing bytes); CLA 0xFF
 * (reserved for PPS, ISO 7816-3 9.2); INS 0x6X or 0x9X (invalid, ISO 7816-4 5.1.2: they would
 * read as T=0 procedure bytes); a response shorter than 2 or longer than 258 bytes, or whose
 * SW1 is not 0x61..0x6F or 0x90..0x9F (ISO 7816-4 5.1.3). No input makes them read out of
 * bounds.
 *
 * Framing of a message longer than one APDU. Urien's paper carries EAP-TLS packets in ISO
 * 7816 requests and responses ([16], draft-urien-eap-smartcard; figure 5) but its text gives
 * no byte-level encoding. Where it is silent, iotsec uses ISO 7816-4 chaining (5.1.1.1, 5.3.4):
 *  - host to card: the message is cut into chunks of at most 255 bytes; every chunk but the
 *    last is a case-3 APDU with the command-chaining bit (CLA b5, 0x10) set, answered 90 00
 *    with no data; the last is a case-4 APDU (Le = 256, coded 0x00) without that bit;
 *  - card to host: the answer is cut into chunks of at most 256 bytes; every chunk but the
 *    last ends with SW 61 xx (xx = bytes still available, 0x00 = 256 or more) and the host
 *    fetches the next with GET RESPONSE (CLA of the message, INS 0xC0, P1 P2 00 00, Le = xx);
 *    the last chunk ends with 90 00.
 * The chaining bit is only defined for the interindustry classes (CLA b8 = 0), so the splitter
 * refuses a proprietary CLA (0x80..0xFE).
 */

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief Sizes and constants of short APDUs and of the chaining.
 */
struct ApduWire
{
    static constexpr std::size_t HEADER_BYTES = 4;            //!< CLA INS P1 P2
    static constexpr std::size_t MAX_LC = 255;                //!< longest command data (short)
    static constexpr std::size_t MAX_LE = 256;                //!< largest Le (short, coded 0x00)
    static constexpr std::size_t MAX_RESPONSE_DATA = 256;     //!< longest response data (short)
    static constexpr std::size_t SW_BYTES = 2;                //!< SW1 SW2
    static constexpr uint8_t CLA_CHAINING = 0x10;             //!< CLA b5: command chaining
    static constexpr uint8_t CLA_PROPRIETARY = 0x80;          //!< CLA b8: proprietary class
    static constexpr uint8_t CLA_INVALID = 0xFF;              //!< reserved for PPS
    static constexpr uint8_t INS_GET_RESPONSE = 0xC0;         //!< GET RESPONSE
    static constexpr uint8_t SW1_OK = 0x90;                   //!< 90 00: normal processing
    static constexpr uint8_t SW1_MORE = 0x61;                 //!< 61 xx: xx more bytes available
    static constexpr std::size_t MAX_COMMAND_BYTES = 6 + 255; //!< longest short command APDU
};

/**
 * \ingroup iotsec
 * \brief A short command APDU (ISO 7816-4 5.1).
 */
struct CommandApdu
{
    uint8_t cla = 0x00; //!< class byte
    uint8_t ins = 0x00; //!< instruction byte
    uint8_t p1 = 0x00;  //!< parameter 1
    uint8_t p2 = 0x00;  //!< parameter 2
    Bytes data;         //!< command data, 0..255 bytes (empty: no Lc field)
    uint16_t le = 0;    //!< expected response length 1..256; 0: no Le field

    /// \return the ISO 7816-3 12.1 case, 1..4 (2, 3, 4 meaning the short forms)
    int Case() const;

    /**
     * \param error why not (may be null)
     * \return true if the APDU can be serialized as a short APDU
     */
    bool Valid(std::string* error) const;

    /// \return the encoded APDU (aborts if not Valid())
    Bytes Serialize() const;

    /**
     * \param data the bytes \param size their number
     * \param[out] out the APDU \param error why not (may be null)
     * \return true if the bytes are exactly one valid short command APDU
     */
    static bool Parse(const uint8_t* data, std::size_t size, CommandApdu& out, std::string* error);

    /// \param o another APDU \return true if all fields are equal
    bool operator==(const CommandApdu& o) const;
};

/**
 * \ingroup iotsec
 * \brief A response APDU (ISO 7816-4 5.1): data, then the status word SW1 SW2.
 */
struct ResponseApdu
{
    Bytes data;                     //!< response data, 0..256 bytes
    uint8_t sw1 = ApduWire::SW1_OK; //!< status byte 1
    uint8_t sw2 = 0x00;             //!< status byte 2

    /// \return SW1 SW2 as one 16-bit word
    uint16_t Sw() const;

    /**
     * \param error why not (may be null)
     * \return true if it can be serialized (data at most 256 bytes, SW1 in 61..6F or 90..9F)
     */
    bool Valid(std::string* error) const;

    /// \return the encoded APDU (aborts if not Valid())
    Bytes Serialize() const;

    /**
     * \param data the bytes \param size their number
     * \param[out] out the APDU \param error why not (may be null)
     * \return true if the bytes are exactly one valid response APDU
     */
    static bool Parse(const uint8_t* data, std::size_t size, ResponseApdu& out, std::string* error);

    /// \param o another APDU \return true if all fields are equal
    bool operator==(const ResponseApdu& o) const;
};

/// One command and the response that answers it
using ApduPair = std::pair<CommandApdu, ResponseApdu>;

/**
 * \ingroup iotsec
 * \brief Cut a host-to-card message into chained command APDUs (see the file comment).
 * \param message the message \param size its length (at least 1)
 * \param cla interindustry class byte (b8 and b5 clear) \param ins instruction
 * \param p1 parameter 1 \param p2 parameter 2
 * \param maxChunk data bytes per APDU, 1..255
 * \param[out] out the APDUs, in order \param error why not (may be null)
 * \return true on success
 */
bool ApduSplitCommand(const uint8_t* message,
                      std::size_t size,
                      uint8_t cla,
                      uint8_t ins,
                      uint8_t p1,
                      uint8_t p2,
                      std::size_t maxChunk,
                      std::vector<CommandApdu>& out,
                      std::string* error);

/**
 * \ingroup iotsec
 * \brief Cut a card-to-host message into response APDUs chained by SW 61 xx.
 * \param message the message \param size its length (0 allowed: one bare 90 00)
 * \return the responses, in order
 */
std::vector<ResponseApdu> ApduSplitResponse(const uint8_t* message, std::size_t size);

/**
 * \ingroup iotsec
 * \brief The whole conversation of one request/answer exchange: the chained commands of the
 * request (answered 90 00 but the last), the last answered by the first response chunk, then
 * one GET RESPONSE per further chunk. An empty request is one case-2 command (Le = 256) that
 * asks for the answer.
 * \param request the host's message (may be empty) \param answer the card's message
 * \param cla interindustry class byte \param ins instruction \param p1 P1 \param p2 P2
 * \param maxChunk data bytes per command APDU, 1..255
 * \param[out] out the command/response pairs, in order \param error why not (may be null)
 * \return true on success
 */
bool ApduConversation(const Bytes& request,
                      const Bytes& answer,
                      uint8_t cla,
                      uint8_t ins,
                      uint8_t p1,
                      uint8_t p2,
                      std::size_t maxChunk,
                      std::vector<ApduPair>& out,
                      std::string* error);

/**
 * \ingroup iotsec
 * \brief The card's side of command chaining: collects chained command APDUs into one
 * message, bounded by a maximum message size.
 *
 * Every APDU of a chain must carry data and the same INS, P1, P2 and CLA (chaining bit aside);
 * every APDU but the last must have the chaining bit and no Le. The first APDU that breaks
 * these rules, or that makes the message longer than the bound, is rejected: Add() returns
 * ERROR with a reason and the reassembler starts over (a chain has no sequence numbers, so an
 * APDU out of place shows as one of these breaks).
 */
class ApduReassembler
{
  public:
    /// Outcome of Add()
    enum class Result
    {
        MORE,     //!< chunk accepted, the message continues
        COMPLETE, //!< last chunk accepted: Message() holds the message
        ERROR,    //!< chunk rejected; the partial message was dropped
    };

    /// \param maxMessage the longest message accepted (at least 1)
    explicit ApduReassembler(std::size_t maxMessage);

    /**
     * \param apdu the next command APDU \param error why it was rejected (may be null)
     * \return the outcome; after COMPLETE the next Add() starts a new message
     */
    Result Add(const CommandApdu& apdu, std::string* error);

    /**
     * \param data the encoded APDU \param size its length \param error why not (may be null)
     * \return the outcome (ERROR if the bytes are not a valid command APDU)
     */
    Result Add(const uint8_t* data, std::size_t size, std::string* error);

    /// \return the message (complete after Add() returned COMPLETE)
    const Bytes& Message() const;

    /// \return true if a chain is under way
    bool InProgress() const;

    /// Drop any partial message
    void Reset();

  private:
    /// \param error where \param why the reason \return ERROR, after a Reset()
    Result Reject(std::string* error, const char* why);

    std::size_t m_maxMessage; //!< bound on the message length
    Bytes m_message;          //!< the message so far
    bool m_inProgress;        //!< a chain is open
    bool m_complete;          //!< m_message is a complete message
    CommandApdu m_first;      //!< header of the chain's first APDU
};

/**
 * \ingroup iotsec
 * \brief The host's side of response chaining: collects response APDUs (61 xx ... 90 00).
 *
 * A chunk that follows 61 xx must hold exactly xx bytes (256 for xx = 00), as ApduSplitResponse()
 * makes them; a 61 xx chunk must hold data; any other status word than 61 xx or 90 00, a chunk
 * of the wrong size or a message longer than the bound is rejected and the reassembler starts
 * over.
 */
class ApduResponseReassembler
{
  public:
    /// \param maxMessage the longest message accepted
    explicit ApduResponseReassembler(std::size_t maxMessage);

    /**
     * \param apdu the next response \param error why not (may be null)
     * \return the outcome; after COMPLETE the next Add() starts a new message
     */
    ApduReassembler::Result Add(const ResponseApdu& apdu, std::string* error);

    /// \return the message (complete after Add() returned COMPLETE)
    const Bytes& Message() const;

    /// Drop any partial message
    void Reset();

  private:
    std::size_t m_maxMessage; //!< bound on the message length
    Bytes m_message;          //!< the message so far
    std::size_t m_announced;  //!< bytes announced by the previous 61 xx (0: none)
    bool m_complete;          //!< m_message is a complete message
};

/**
 * \ingroup iotsec
 * \brief ISO 7816-3 transmission protocol.
 */
enum class ApduProtocol : uint8_t
{
    T0 = 0, //!< character-oriented half duplex (ISO 7816-3 clause 10)
    T1 = 1, //!< block-oriented half duplex (ISO 7816-3 clause 11)
};

/**
 * \ingroup iotsec
 * \brief T=1 epilogue (error detection code, ISO 7816-3 11.3.1, ATR TC3 b1).
 */
enum class T1Epilogue : uint8_t
{
    LRC = 0, //!< one byte, longitudinal redundancy check (the default)
    CRC = 1, //!< two bytes, CRC (ISO/IEC 13239)
};

/**
 * \ingroup iotsec
 * \brief The card link's timing parameters (ISO 7816-3), with their default values.
 *
 * etu = F / (D * f) seconds (ISO 7816-3 7.1). Defaults F = 372, D = 1 (Fd, Dd: an ATR without
 * TA1) and f = 3.57 MHz give 3.57e6 / 372 = 9597 bit/s, the "9600 bit/s" of the usual card
 * clock (3.5712 MHz gives exactly 9600).
 */
struct ApduLinkConfig
{
    ApduProtocol protocol = ApduProtocol::T0; //!< T=0 or T=1
    uint32_t f = 372;                         //!< clock rate conversion factor F
    uint32_t d = 1;                           //!< baud rate adjustment factor D
    double clockHz = 3.57e6;                  //!< card clock frequency f
    /// Extra guard time N (ATR TC1), in etu; 255 means the minimum (ISO 7816-3 8.3)
    uint8_t extraGuardTime = 0;
    T1Epilogue epilogue = T1Epilogue::LRC; //!< T=1 epilogue
    /// T=1 IFSC, the card's largest information field (ATR TA3). ISO 7816-3 11.4.2 makes it
    /// 32 when the ATR has no TA3; Java Cards commonly announce 254 (the maximum), the default
    /// here. Set 32 to model a card without TA3.
    uint8_t ifsc = 254;
    /// T=1 IFSD, the reader's largest information field (32 until an S(IFS) request; CCID
    /// readers send S(IFS request) with 254, the default here)
    uint8_t ifsd = 254;
    /// Fixed cost per APDU of the reader and its driver (PC/SC, USB), in seconds; 0 by
    /// default. Order of magnitude only (no cited measurement): a full-speed USB CCID reader
    /// moves each APDU in bulk transfers scheduled in 1 ms frames, so about 1 to a few ms.
    double perApduOverhead = 0.0;

    /// \return the elementary time unit F / (D f), in seconds
    double EtuSeconds() const;

    /// \return the bit rate 1 / etu, in bit/s
    double BitRate() const;

    /**
     * \return etu between the leading edges of two consecutive characters in the same
     * direction: T=0 12 + N (start, 8 data, parity = 10 etu, then 2 etu guard time, ISO
     * 7816-3 7.2 and 8.3); T=1 11 + N (1 etu guard time); N = 255 gives 12 (T=0) or 11 (T=1)
     */
    uint32_t CharacterEtu() const;

    /// \return one character's time, in seconds
    double CharacterSeconds() const;

    /**
     * \param error why not (may be null)
     * \return true if F, D, f, IFSC and IFSD are positive and the overhead is not negative
     */
    bool Valid(std::string* error) const;

    /**
     * \brief Set F, D from an ATR's TA1 (high nibble FI, low nibble DI, ISO 7816-3 8.3,
     * tables 7 and 8), checking the clock against fmax of FI.
     * \param ta1 the TA1 byte \param clock f in Hz \param error why not (may be null)
     * \return true if FI and DI are not RFU and clock <= fmax
     */
    bool SetFromTa1(uint8_t ta1, double clock, std::string* error);
};

/**
 * \ingroup iotsec
 * \brief ISO 7816-3 tables 7 and 8 (FI -> Fi, fmax; DI -> Di).
 */
struct Iso7816Tables
{
    /// \param fi the 4-bit FI \return Fi, or 0 if RFU
    static uint32_t Fi(uint8_t fi);
    /// \param fi the 4-bit FI \return fmax in Hz, or 0 if RFU
    static double FmaxHz(uint8_t fi);
    /// \param di the 4-bit DI \return Di, or 0 if RFU
    static uint32_t Di(uint8_t di);
};

/**
 * \ingroup iotsec
 * \brief Characters on the line for one command/response exchange (see ApduTransferSeconds).
 * \param command the command \param response its response \param config the link
 * \return the number of characters moved (both directions)
 */
uint64_t ApduTransferCharacters(const CommandApdu& command,
                                const ResponseApdu& response,
                                const ApduLinkConfig& config);

/**
 * \ingroup iotsec
 * \brief Time of one command/response exchange on the link: characters x character time +
 * the per-APDU overhead, once.
 *
 * T=0 (ISO 7816-3 10.3, 12.2): the 5-byte header (CLA INS P1 P2 P3), then, when data flows,
 * one procedure byte (ACK = INS) and the data in one go, then SW1 SW2. Case 1: 5 + 2. Case 2:
 * 5 + 1 + Nr + 2 (Nr = response data; 5 + 2 if the card has none). Case 3: 5 + 1 + Nc + 2.
 * Case 4 with response data: the case-3 TPDU answered 61 Nr, then GET RESPONSE as a case-2
 * TPDU: (5 + 1 + Nc + 2) + (5 + 1 + Nr + 2); without response data, 5 + 1 + Nc + 2. The card's
 * own processing, NULL procedure bytes (0x60), the minimum 16 etu between characters in
 * opposite directions and the per-byte ACK form are not modelled.
 *
 * T=1 (ISO 7816-3 11.3): each block is prologue (NAD PCB LEN, 3) + information field + epilogue
 * (LRC 1, CRC 2). The command APDU goes in I-blocks of at most IFSC bytes, each but the last
 * acknowledged by an R-block (no information field) from the card; the response APDU (data +
 * SW) in I-blocks of at most IFSD bytes, each but the last acknowledged by an R-block from the
 * reader. The block guard time (22 etu between blocks in opposite directions), BWT and CWT
 * are not modelled.
 *
 * \param command the command \param response its response \param config the link
 * \return the time in seconds
 */
double ApduTransferSeconds(const CommandApdu& command,
                           const ResponseApdu& response,
                           const ApduLinkConfig& config);

/**
 * \ingroup iotsec
 * \param command the command \param response its response \param config the link
 * \return ApduTransferSeconds() as a Time
 */
Time ApduTransferTime(const CommandApdu& command,
                      const ResponseApdu& response,
                      const ApduLinkConfig& config);

/**
 * \ingroup iotsec
 * \param conversation the exchanges (ApduConversation()) \param config the link
 * \return the sum of their ApduTransferSeconds()
 */
double ApduConversationSeconds(const std::vector<ApduPair>& conversation,
                               const ApduLinkConfig& config);

/**
 * \ingroup iotsec
 * \param conversation the exchanges (ApduConversation()) \param config the link
 * \return ApduConversationSeconds() as a Time
 */
Time ApduConversationTime(const std::vector<ApduPair>& conversation, const ApduLinkConfig& config);

} // namespace ns3

#endif /* IOTSEC_APDU_H */
