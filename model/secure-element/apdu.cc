/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "apdu.h"

#include "ns3/abort.h"
#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IotsecApdu");

namespace
{

/// \param error where to write \param why the reason \return false
bool
Fail(std::string* error, const char* why)
{
    if (error != nullptr)
    {
        *error = why;
    }
    return false;
}

/// \param ins an INS byte \return true if it is 0x6X or 0x9X (invalid, ISO 7816-4 5.1.2)
bool
InvalidIns(uint8_t ins)
{
    uint8_t high = ins & 0xF0;
    return high == 0x60 || high == 0x90;
}

/// \param sw1 an SW1 byte \return true if it is 0x61..0x6F or 0x90..0x9F (ISO 7816-4 5.1.3)
bool
ValidSw1(uint8_t sw1)
{
    return (sw1 >= 0x61 && sw1 <= 0x6F) || (sw1 >= 0x90 && sw1 <= 0x9F);
}

/// \param n bytes \param per bytes per block (at least 1) \return ceil(n / per), at least 1
uint64_t
Blocks(uint64_t n, uint64_t per)
{
    return n == 0 ? 1 : (n + per - 1) / per;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// CommandApdu
// ---------------------------------------------------------------------------------------------

int
CommandApdu::Case() const
{
    if (data.empty())
    {
        return le == 0 ? 1 : 2;
    }
    return le == 0 ? 3 : 4;
}

bool
CommandApdu::Valid(std::string* error) const
{
    if (cla == ApduWire::CLA_INVALID)
    {
        return Fail(error, "CLA 0xFF is reserved for PPS");
    }
    if (InvalidIns(ins))
    {
        return Fail(error, "INS 0x6X and 0x9X are invalid");
    }
    if (data.size() > ApduWire::MAX_LC)
    {
        return Fail(error, "command data longer than 255 bytes (extended APDUs unsupported)");
    }
    if (le > ApduWire::MAX_LE)
    {
        return Fail(error, "Le larger than 256 (extended APDUs unsupported)");
    }
    return true;
}

Bytes
CommandApdu::Serialize() const
{
    std::string error;
    NS_ABORT_MSG_UNLESS(Valid(&error), "CommandApdu::Serialize: " << error);
    Bytes out{cla, ins, p1, p2};
    if (!data.empty())
    {
        out.push_back(static_cast<uint8_t>(data.size()));
        out.insert(out.end(), data.begin(), data.end());
    }
    if (le != 0)
    {
        out.push_back(static_cast<uint8_t>(le & 0xFF)); // 256 -> 0x00
    }
    return out;
}

bool
CommandApdu::Parse(const uint8_t* bytes, std::size_t size, CommandApdu& out, std::string* error)
{
    if (bytes == nullptr || size < ApduWire::HEADER_BYTES)
    {
        return Fail(error, "shorter than the 4-byte header");
    }
    CommandApdu a;
    a.cla = bytes[0];
    a.ins = bytes[1];
    a.p1 = bytes[2];
    a.p2 = bytes[3];
    if (size == ApduWire::HEADER_BYTES)
    {
        // case 1
    }
    else if (size == ApduWire::HEADER_BYTES + 1)
    {
        // case 2S: B5 is Le, 0x00 meaning 256
        a.le = bytes[4] == 0 ? ApduWire::MAX_LE : bytes[4];
    }
    else
    {
        std::size_t lc = bytes[4];
        if (lc == 0)
        {
            return Fail(error, "Lc 0x00 followed by bytes (extended APDU, unsupported)");
        }
        std::size_t body = ApduWire::HEADER_BYTES + 1 + lc;
        if (size < body)
        {
            return Fail(error, "truncated: fewer data bytes than Lc");
        }
        if (size > body + 1)
        {
            return Fail(error, "trailing bytes after Lc data and Le");
        }
        a.data.assign(bytes + ApduWire::HEADER_BYTES + 1, bytes + body);
        if (size == body + 1)
        {
            a.le = bytes[body] == 0 ? ApduWire::MAX_LE : bytes[body];
        }
    }
    if (!a.Valid(error))
    {
        return false;
    }
    out = std::move(a);
    return true;
}

bool
CommandApdu::operator==(const CommandApdu& o) const
{
    return cla == o.cla && ins == o.ins && p1 == o.p1 && p2 == o.p2 && data == o.data && le == o.le;
}

// ---------------------------------------------------------------------------------------------
// ResponseApdu
// ---------------------------------------------------------------------------------------------

uint16_t
ResponseApdu::Sw() const
{
    return static_cast<uint16_t>((sw1 << 8) | sw2);
}

bool
ResponseApdu::Valid(std::string* error) const
{
    if (data.size() > ApduWire::MAX_RESPONSE_DATA)
    {
        return Fail(error, "response data longer than 256 bytes (extended APDUs unsupported)");
    }
    if (!ValidSw1(sw1))
    {
        return Fail(error, "SW1 not in 0x61..0x6F or 0x90..0x9F");
    }
    return true;
}

Bytes
ResponseApdu::Serialize() const
{
    std::string error;
    NS_ABORT_MSG_UNLESS(Valid(&error), "ResponseApdu::Serialize: " << error);
    Bytes out(data);
    out.push_back(sw1);
    out.push_back(sw2);
    return out;
}

bool
ResponseApdu::Parse(const uint8_t* bytes, std::size_t size, ResponseApdu& out, std::string* error)
{
    if (bytes == nullptr || size < ApduWire::SW_BYTES)
    {
        return Fail(error, "shorter than SW1 SW2");
    }
    if (size > ApduWire::MAX_RESPONSE_DATA + ApduWire::SW_BYTES)
    {
        return Fail(error, "response data longer than 256 bytes (extended APDUs unsupported)");
    }
    ResponseApdu r;
    r.data.assign(bytes, bytes + size - ApduWire::SW_BYTES);
    r.sw1 = bytes[size - 2];
    r.sw2 = bytes[size - 1];
    if (!r.Valid(error))
    {
        return false;
    }
    out = std::move(r);
    return true;
}

bool
ResponseApdu::operator==(const ResponseApdu& o) const
{
    return data == o.data && sw1 == o.sw1 && sw2 == o.sw2;
}

// ---------------------------------------------------------------------------------------------
// Chaining
// ---------------------------------------------------------------------------------------------

bool
ApduSplitCommand(const uint8_t* message,
                 std::size_t size,
                 uint8_t cla,
                 uint8_t ins,
                 uint8_t p1,
                 uint8_t p2,
                 std::size_t maxChunk,
                 std::vector<CommandApdu>& out,
                 std::string* error)
{
    if (message == nullptr || size == 0)
    {
        return Fail(error, "empty message");
    }
    if ((cla & ApduWire::CLA_PROPRIETARY) != 0)
    {
        return Fail(error, "proprietary CLA: the chaining bit is not defined there");
    }
    if ((cla & ApduWire::CLA_CHAINING) != 0)
    {
        return Fail(error, "CLA already has the chaining bit");
    }
    if (InvalidIns(ins))
    {
        return Fail(error, "INS 0x6X and 0x9X are invalid");
    }
    if (maxChunk == 0 || maxChunk > ApduWire::MAX_LC)
    {
        return Fail(error, "chunk size not in 1..255");
    }
    std::vector<CommandApdu> apdus;
    for (std::size_t offset = 0; offset < size; offset += maxChunk)
    {
        std::size_t n = std::min(maxChunk, size - offset);
        bool last = offset + n == size;
        CommandApdu a;
        a.cla = last ? cla : static_cast<uint8_t>(cla | ApduWire::CLA_CHAINING);
        a.ins = ins;
        a.p1 = p1;
        a.p2 = p2;
        a.data.assign(message + offset, message + offset + n);
        a.le = last ? ApduWire::MAX_LE : 0;
        apdus.push_back(std::move(a));
    }
    out = std::move(apdus);
    return true;
}

std::vector<ResponseApdu>
ApduSplitResponse(const uint8_t* message, std::size_t size)
{
    std::vector<ResponseApdu> out;
    std::size_t offset = 0;
    do
    {
        std::size_t n = std::min(ApduWire::MAX_RESPONSE_DATA, size - offset);
        ResponseApdu r;
        if (n > 0)
        {
            r.data.assign(message + offset, message + offset + n);
        }
        offset += n;
        std::size_t remaining = size - offset;
        if (remaining > 0)
        {
            r.sw1 = ApduWire::SW1_MORE;
            // xx: bytes still available; 0x00 stands for 256 or more
            r.sw2 = static_cast<uint8_t>(std::min(remaining, ApduWire::MAX_LE) & 0xFF);
        }
        else
        {
            r.sw1 = ApduWire::SW1_OK;
            r.sw2 = 0x00;
        }
        out.push_back(std::move(r));
    } while (offset < size);
    return out;
}

bool
ApduConversation(const Bytes& request,
                 const Bytes& answer,
                 uint8_t cla,
                 uint8_t ins,
                 uint8_t p1,
                 uint8_t p2,
                 std::size_t maxChunk,
                 std::vector<ApduPair>& out,
                 std::string* error)
{
    std::vector<CommandApdu> commands;
    if (request.empty())
    {
        // nothing to send: one case-2 command asks for the answer
        CommandApdu command;
        command.cla = cla;
        command.ins = ins;
        command.p1 = p1;
        command.p2 = p2;
        command.le = ApduWire::MAX_LE;
        commands.push_back(command);
    }
    else if (!ApduSplitCommand(request.data(),
                               request.size(),
                               cla,
                               ins,
                               p1,
                               p2,
                               maxChunk,
                               commands,
                               error))
    {
        return false;
    }
    std::vector<ResponseApdu> responses = ApduSplitResponse(answer.data(), answer.size());
    std::vector<ApduPair> pairs;
    for (std::size_t i = 0; i + 1 < commands.size(); ++i)
    {
        pairs.emplace_back(commands[i], ResponseApdu{});
    }
    pairs.emplace_back(commands.back(), responses.front());
    for (std::size_t i = 1; i < responses.size(); ++i)
    {
        CommandApdu get;
        get.cla = cla;
        get.ins = ApduWire::INS_GET_RESPONSE;
        const ResponseApdu& previous = responses[i - 1];
        get.le = previous.sw2 == 0 ? ApduWire::MAX_LE : previous.sw2;
        pairs.emplace_back(get, responses[i]);
    }
    out = std::move(pairs);
    return true;
}

// ---------------------------------------------------------------------------------------------
// ApduReassembler
// ---------------------------------------------------------------------------------------------

ApduReassembler::ApduReassembler(std::size_t maxMessage)
    : m_maxMessage(maxMessage),
      m_inProgress(false),
      m_complete(false)
{
    NS_ABORT_MSG_IF(maxMessage == 0, "ApduReassembler: the bound must be at least 1");
}

ApduReassembler::Result
ApduReassembler::Reject(std::string* error, const char* why)
{
    NS_LOG_FUNCTION(this << why);
    Fail(error, why);
    Reset();
    return Result::ERROR;
}

ApduReassembler::Result
ApduReassembler::Add(const CommandApdu& apdu, std::string* error)
{
    if (m_complete)
    {
        m_message.clear();
        m_complete = false;
    }
    std::string why;
    if (!apdu.Valid(&why))
    {
        Fail(error, why.c_str());
        Reset();
        return Result::ERROR;
    }
    if ((apdu.cla & ApduWire::CLA_PROPRIETARY) != 0)
    {
        return Reject(error, "proprietary CLA: the chaining bit is not defined there");
    }
    if (apdu.data.empty())
    {
        return Reject(error, "a message APDU without data");
    }
    bool chained = (apdu.cla & ApduWire::CLA_CHAINING) != 0;
    uint8_t base = apdu.cla & static_cast<uint8_t>(~ApduWire::CLA_CHAINING);
    if (m_inProgress)
    {
        uint8_t firstBase = m_first.cla & static_cast<uint8_t>(~ApduWire::CLA_CHAINING);
        if (base != firstBase || apdu.ins != m_first.ins || apdu.p1 != m_first.p1 ||
            apdu.p2 != m_first.p2)
        {
            return Reject(error, "APDU out of place: its header differs from the chain's");
        }
    }
    else
    {
        m_first.cla = apdu.cla;
        m_first.ins = apdu.ins;
        m_first.p1 = apdu.p1;
        m_first.p2 = apdu.p2;
    }
    if (chained && apdu.le != 0)
    {
        return Reject(error, "a chained (not last) APDU carries Le");
    }
    if (apdu.data.size() > m_maxMessage - m_message.size())
    {
        return Reject(error, "message longer than the bound");
    }
    m_message.insert(m_message.end(), apdu.data.begin(), apdu.data.end());
    if (chained)
    {
        m_inProgress = true;
        return Result::MORE;
    }
    m_inProgress = false;
    m_complete = true;
    return Result::COMPLETE;
}

ApduReassembler::Result
ApduReassembler::Add(const uint8_t* data, std::size_t size, std::string* error)
{
    CommandApdu apdu;
    std::string why;
    if (!CommandApdu::Parse(data, size, apdu, &why))
    {
        Fail(error, why.c_str());
        Reset();
        return Result::ERROR;
    }
    return Add(apdu, error);
}

const Bytes&
ApduReassembler::Message() const
{
    return m_message;
}

bool
ApduReassembler::InProgress() const
{
    return m_inProgress;
}

void
ApduReassembler::Reset()
{
    m_message.clear();
    m_inProgress = false;
    m_complete = false;
}

// ---------------------------------------------------------------------------------------------
// ApduResponseReassembler
// ---------------------------------------------------------------------------------------------

ApduResponseReassembler::ApduResponseReassembler(std::size_t maxMessage)
    : m_maxMessage(maxMessage),
      m_announced(0),
      m_complete(false)
{
}

ApduReassembler::Result
ApduResponseReassembler::Add(const ResponseApdu& apdu, std::string* error)
{
    if (m_complete)
    {
        m_message.clear();
        m_complete = false;
    }
    const char* why = nullptr;
    bool more = apdu.sw1 == ApduWire::SW1_MORE;
    if (!apdu.Valid(nullptr))
    {
        why = "invalid response APDU";
    }
    else if (!more && apdu.Sw() != 0x9000)
    {
        why = "status word neither 61 xx nor 90 00";
    }
    else if (more && apdu.data.empty())
    {
        why = "61 xx without data";
    }
    else if (m_announced != 0 && apdu.data.size() != m_announced)
    {
        why = "chunk size differs from the previous 61 xx";
    }
    else if (apdu.data.size() > m_maxMessage - std::min(m_maxMessage, m_message.size()))
    {
        why = "message longer than the bound";
    }
    if (why != nullptr)
    {
        Fail(error, why);
        Reset();
        return ApduReassembler::Result::ERROR;
    }
    m_message.insert(m_message.end(), apdu.data.begin(), apdu.data.end());
    if (more)
    {
        m_announced = apdu.sw2 == 0 ? ApduWire::MAX_LE : apdu.sw2;
        return ApduReassembler::Result::MORE;
    }
    m_announced = 0;
    m_complete = true;
    return ApduReassembler::Result::COMPLETE;
}

const Bytes&
ApduResponseReassembler::Message() const
{
    return m_message;
}

void
ApduResponseReassembler::Reset()
{
    m_message.clear();
    m_announced = 0;
    m_complete = false;
}

// ---------------------------------------------------------------------------------------------
// Timing
// ---------------------------------------------------------------------------------------------

uint32_t
Iso7816Tables::Fi(uint8_t fi)
{
    // ISO 7816-3:2006 table 7; 0x7, 0x8, 0xE, 0xF are RFU
    static const uint32_t table[16] =
        {372, 372, 558, 744, 1116, 1488, 1860, 0, 0, 512, 768, 1024, 1536, 2048, 0, 0};
    return table[fi & 0x0F];
}

double
Iso7816Tables::FmaxHz(uint8_t fi)
{
    // ISO 7816-3:2006 table 7, fmax in MHz
    static const double table[16] = {4, 5, 6, 8, 12, 16, 20, 0, 0, 5, 7.5, 10, 15, 20, 0, 0};
    return table[fi & 0x0F] * 1e6;
}

uint32_t
Iso7816Tables::Di(uint8_t di)
{
    // ISO 7816-3:2006 table 8; 0x0 and 0xA..0xF are RFU
    static const uint32_t table[16] = {0, 1, 2, 4, 8, 16, 32, 64, 12, 20, 0, 0, 0, 0, 0, 0};
    return table[di & 0x0F];
}

double
ApduLinkConfig::EtuSeconds() const
{
    return static_cast<double>(f) / (static_cast<double>(d) * clockHz);
}

double
ApduLinkConfig::BitRate() const
{
    return 1.0 / EtuSeconds();
}

uint32_t
ApduLinkConfig::CharacterEtu() const
{
    uint32_t frame = protocol == ApduProtocol::T0 ? 12 : 11;
    // N = 255: minimum guard time (T=0: 12 etu; T=1: 11 etu), ISO 7816-3 8.3 (TC1)
    return extraGuardTime == 255 ? frame : frame + extraGuardTime;
}

double
ApduLinkConfig::CharacterSeconds() const
{
    return CharacterEtu() * EtuSeconds();
}

bool
ApduLinkConfig::Valid(std::string* error) const
{
    if (f == 0 || d == 0 || !(clockHz > 0))
    {
        return Fail(error, "F, D and the clock must be positive");
    }
    if (ifsc == 0 || ifsd == 0)
    {
        return Fail(error, "IFSC and IFSD must be positive");
    }
    if (!(perApduOverhead >= 0))
    {
        return Fail(error, "negative per-APDU overhead");
    }
    return true;
}

bool
ApduLinkConfig::SetFromTa1(uint8_t ta1, double clock, std::string* error)
{
    uint8_t fi = ta1 >> 4;
    uint8_t di = ta1 & 0x0F;
    uint32_t fValue = Iso7816Tables::Fi(fi);
    uint32_t dValue = Iso7816Tables::Di(di);
    if (fValue == 0)
    {
        return Fail(error, "FI is RFU");
    }
    if (dValue == 0)
    {
        return Fail(error, "DI is RFU");
    }
    if (!(clock > 0) || clock > Iso7816Tables::FmaxHz(fi))
    {
        return Fail(error, "clock not in (0, fmax]");
    }
    f = fValue;
    d = dValue;
    clockHz = clock;
    return true;
}

uint64_t
ApduTransferCharacters(const CommandApdu& command,
                       const ResponseApdu& response,
                       const ApduLinkConfig& config)
{
    std::string error;
    NS_ABORT_MSG_UNLESS(command.Valid(&error), "ApduTransferCharacters: " << error);
    NS_ABORT_MSG_UNLESS(response.Valid(&error), "ApduTransferCharacters: " << error);
    NS_ABORT_MSG_UNLESS(config.Valid(&error), "ApduTransferCharacters: " << error);
    const uint64_t nc = command.data.size();
    const uint64_t nr = response.data.size();
    if (config.protocol == ApduProtocol::T0)
    {
        const uint64_t header = 5; // CLA INS P1 P2 P3
        const uint64_t ack = 1;    // procedure byte
        const uint64_t sw = 2;     // SW1 SW2
        if (command.Case() == 2)
        {
            // P3 = Le; the card's data follows its ACK
            return nr > 0 ? header + ack + nr + sw : header + sw;
        }
        // cases 1, 3, 4: P3 = Lc (00 in case 1), the host's data follows the card's ACK
        uint64_t n = header + (nc > 0 ? ack + nc : 0) + sw;
        if (nr > 0)
        {
            // answered 61 Nr, then GET RESPONSE as a case-2 TPDU
            n += header + ack + nr + sw;
        }
        return n;
    }
    const uint64_t frame = 3 + (config.epilogue == T1Epilogue::LRC ? 1 : 2);
    const uint64_t commandBytes = command.Serialize().size();
    const uint64_t responseBytes = nr + ApduWire::SW_BYTES;
    const uint64_t iCommand = Blocks(commandBytes, config.ifsc);
    const uint64_t iResponse = Blocks(responseBytes, config.ifsd);
    // I-blocks carry the bytes; every I-block of a chain but the last is acknowledged by an
    // R-block (prologue and epilogue only) in the other direction
    return commandBytes + iCommand * frame + (iCommand - 1) * frame + responseBytes +
           iResponse * frame + (iResponse - 1) * frame;
}

double
ApduTransferSeconds(const CommandApdu& command,
                    const ResponseApdu& response,
                    const ApduLinkConfig& config)
{
    uint64_t characters = ApduTransferCharacters(command, response, config);
    return static_cast<double>(characters) * config.CharacterEtu() * config.EtuSeconds() +
           config.perApduOverhead;
}

Time
ApduTransferTime(const CommandApdu& command,
                 const ResponseApdu& response,
                 const ApduLinkConfig& config)
{
    return Seconds(ApduTransferSeconds(command, response, config));
}

double
ApduConversationSeconds(const std::vector<ApduPair>& conversation, const ApduLinkConfig& config)
{
    double total = 0;
    for (const auto& pair : conversation)
    {
        total += ApduTransferSeconds(pair.first, pair.second, config);
    }
    return total;
}

Time
ApduConversationTime(const std::vector<ApduPair>& conversation, const ApduLinkConfig& config)
{
    return Seconds(ApduConversationSeconds(conversation, config));
}

} // namespace ns3
