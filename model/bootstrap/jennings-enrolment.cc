/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "jennings-enrolment.h"

#include "ns3/abort.h"
#include "ns3/dtls-codec.h"

#include <algorithm>

namespace ns3
{

namespace
{

/// \param error where to write \param why the reason \return false
bool
JFail(std::string* error, const char* why)
{
    if (error != nullptr)
    {
        *error = why;
    }
    return false;
}

/// \param out where \param type the type
void
JPutHeader(Bytes& out, JenningsMessageType type)
{
    out.push_back(JenningsWire::VERSION);
    out.push_back(static_cast<uint8_t>(type));
}

/// \param n a length \return true if a deviceId of n bytes is valid
bool
ValidIdLength(std::size_t n)
{
    return n >= JenningsWire::MIN_ID_BYTES && n <= JenningsWire::MAX_ID_BYTES;
}

/// \param n a length \return true if network info of n bytes is valid
bool
ValidNetworkInfoLength(std::size_t n)
{
    return n >= JenningsWire::MIN_NETWORK_INFO_BYTES && n <= JenningsWire::MAX_NETWORK_INFO_BYTES;
}

/// \param out where \param id the deviceId (1..64 bytes)
void
JPutId(Bytes& out, const std::string& id)
{
    NS_ABORT_MSG_IF(!ValidIdLength(id.size()), "jennings: deviceId of " << id.size() << " bytes");
    out.push_back(static_cast<uint8_t>(id.size()));
    out.insert(out.end(), id.begin(), id.end());
}

/// \param out where \param ni network info (1..64 bytes)
void
JPutNetworkInfo(Bytes& out, const Bytes& ni)
{
    NS_ABORT_MSG_IF(!ValidNetworkInfoLength(ni.size()),
                    "jennings: network info of " << ni.size() << " bytes");
    out.push_back(static_cast<uint8_t>(ni.size()));
    out.insert(out.end(), ni.begin(), ni.end());
}

/// \param out where \param b the field \param n its required length \param what its name
void
JPutFixed(Bytes& out, const Bytes& b, std::size_t n, const char* what)
{
    NS_ABORT_MSG_IF(b.size() != n, "jennings: " << what << " of " << b.size() << " bytes");
    out.insert(out.end(), b.begin(), b.end());
}

/// \param r a reader \param[out] id the deviceId \param error why not \return true if read
bool
JReadId(TlsReader& r, std::string& id, std::string* error)
{
    uint8_t len = 0;
    if (!r.U8(len))
    {
        return JFail(error, "truncated before the deviceId length");
    }
    if (!ValidIdLength(len))
    {
        return JFail(error, "deviceId length out of range 1..64");
    }
    Bytes b;
    if (!r.Raw(len, b))
    {
        return JFail(error, "truncated deviceId");
    }
    id.assign(b.begin(), b.end());
    return true;
}

/// \param r a reader \param[out] ni the network info \param error why not \return true if read
bool
JReadNetworkInfo(TlsReader& r, Bytes& ni, std::string* error)
{
    uint8_t len = 0;
    if (!r.U8(len))
    {
        return JFail(error, "truncated before the network info length");
    }
    if (!ValidNetworkInfoLength(len))
    {
        return JFail(error, "network info length out of range 1..64");
    }
    if (!r.Raw(len, ni))
    {
        return JFail(error, "truncated network info");
    }
    return true;
}

/// \param data the message \param size length \param want the expected type
/// \param error why not \param r where the reader is placed after the header
/// \return true if the header is valid and of the expected type
bool
JCheckHeader(const uint8_t* data, std::size_t size, JenningsMessageType want, std::string* error)
{
    JenningsMessageType type;
    if (!JenningsParseHeader(data, size, type, error))
    {
        return false;
    }
    if (type != want)
    {
        return JFail(error, "unexpected message type");
    }
    return true;
}

/// \param r a reader \param error why not \return true if nothing is left
bool
JEnd(const TlsReader& r, std::string* error)
{
    return r.Remaining() == 0 ? true : JFail(error, "trailing bytes");
}

/// \param rto first timeout \param n retransmissions so far \return rto x 2^n
Time
JBackoff(Time rto, uint32_t n)
{
    return rto * (int64_t{1} << std::min<uint32_t>(n, 30));
}

/// \param out where \param to the party \param id the device \param type the type
/// \param bytes the message \param retransmission a copy
void
JSend(JenningsOutput& out,
      JenningsParty to,
      const std::string& id,
      JenningsMessageType type,
      const Bytes& bytes,
      bool retransmission)
{
    JenningsSend s;
    s.to = to;
    s.deviceId = id;
    s.type = type;
    s.bytes = bytes;
    s.retransmission = retransmission;
    out.sends.push_back(std::move(s));
}

/// \param out where \param kind the kind \param id the device \return the event added
JenningsEvent&
JEvent(JenningsOutput& out, BootstrapEvent::Kind kind, const std::string& id)
{
    JenningsEvent e;
    e.kind = kind;
    e.nodeId = id;
    out.events.push_back(std::move(e));
    return out.events.back();
}

/// \param out where \param reason why \param type the type byte refused (0 if unknown)
/// \param id the device, when known
void
JRejected(JenningsOutput& out, BootstrapReject reason, uint8_t type, const std::string& id)
{
    JenningsEvent& e = JEvent(out, BootstrapEvent::REJECTED, id);
    e.reason = reason;
    e.flight = type;
}

/// \param acked the type acknowledged \param status the status \param id the device
/// \return the ACK's bytes
Bytes
JAckBytes(JenningsMessageType acked, JenningsAckStatus status, const std::string& id)
{
    JenningsAck ack;
    ack.acked = acked;
    ack.status = status;
    ack.deviceId = id;
    return ack.Serialize();
}

} // namespace

const char*
JenningsMessageTypeName(uint8_t type)
{
    switch (type)
    {
    case 0x11:
        return "LABEL";
    case 0x12:
        return "INTRODUCE";
    case 0x13:
        return "DELIVER_SECRET";
    case 0x14:
        return "DISCOVER";
    case 0x15:
        return "DISCOVER_RESPONSE";
    case 0x16:
        return "ACK";
    default:
        return "UNKNOWN";
    }
}

const char*
JenningsAckStatusName(uint8_t status)
{
    switch (status)
    {
    case 0x00:
        return "OK";
    case 0x01:
        return "TABLE_FULL";
    case 0x02:
        return "CONFLICT";
    default:
        return "UNKNOWN";
    }
}

bool
JenningsParseHeader(const uint8_t* data,
                    std::size_t size,
                    JenningsMessageType& type,
                    std::string* error)
{
    if (data == nullptr || size < JenningsWire::HEADER_BYTES)
    {
        return JFail(error, "shorter than the header");
    }
    if (data[0] != JenningsWire::VERSION)
    {
        return JFail(error, "unknown version");
    }
    if (data[1] < 0x11 || data[1] > 0x16)
    {
        return JFail(error, "unknown message type");
    }
    type = static_cast<JenningsMessageType>(data[1]);
    return true;
}

// ---------------------------------------------------------------------------------------------
// Messages

JenningsLabel
JenningsLabel::Generate(const std::string& deviceId,
                        EngineRandom& random,
                        std::vector<CryptoWork>* work)
{
    NS_ABORT_MSG_IF(!ValidIdLength(deviceId.size()), "JenningsLabel: deviceId must be 1..64 bytes");
    JenningsLabel label;
    label.deviceId = deviceId;
    label.otp.resize(JenningsWire::OTP_BYTES);
    label.secret.resize(JenningsWire::SECRET_BYTES);
    random.Fill(label.otp.data(), label.otp.size());
    random.Fill(label.secret.data(), label.secret.size());
    if (work != nullptr)
    {
        work->push_back(
            CryptoWork{CryptoOp::RANDOM,
                       static_cast<uint32_t>(JenningsWire::OTP_BYTES + JenningsWire::SECRET_BYTES),
                       0});
    }
    return label;
}

Bytes
JenningsLabel::Serialize() const
{
    Bytes out;
    JPutHeader(out, JenningsMessageType::LABEL);
    JPutId(out, deviceId);
    JPutFixed(out, otp, JenningsWire::OTP_BYTES, "OTP");
    JPutFixed(out, secret, JenningsWire::SECRET_BYTES, "secret");
    return out;
}

bool
JenningsLabel::Parse(const uint8_t* data, std::size_t size, JenningsLabel& out, std::string* error)
{
    if (!JCheckHeader(data, size, JenningsMessageType::LABEL, error))
    {
        return false;
    }
    TlsReader r(data + JenningsWire::HEADER_BYTES, size - JenningsWire::HEADER_BYTES);
    JenningsLabel m;
    if (!JReadId(r, m.deviceId, error))
    {
        return false;
    }
    if (!r.Raw(JenningsWire::OTP_BYTES, m.otp))
    {
        return JFail(error, "truncated OTP");
    }
    if (!r.Raw(JenningsWire::SECRET_BYTES, m.secret))
    {
        return JFail(error, "truncated secret");
    }
    if (!JEnd(r, error))
    {
        return false;
    }
    out = std::move(m);
    return true;
}

Bytes
JenningsIntroduce::Serialize() const
{
    Bytes out;
    JPutHeader(out, JenningsMessageType::INTRODUCE);
    JPutId(out, deviceId);
    JPutFixed(out, otp, JenningsWire::OTP_BYTES, "OTP");
    JPutNetworkInfo(out, networkInfo);
    return out;
}

bool
JenningsIntroduce::Parse(const uint8_t* data,
                         std::size_t size,
                         JenningsIntroduce& out,
                         std::string* error)
{
    if (!JCheckHeader(data, size, JenningsMessageType::INTRODUCE, error))
    {
        return false;
    }
    TlsReader r(data + JenningsWire::HEADER_BYTES, size - JenningsWire::HEADER_BYTES);
    JenningsIntroduce m;
    if (!JReadId(r, m.deviceId, error))
    {
        return false;
    }
    if (!r.Raw(JenningsWire::OTP_BYTES, m.otp))
    {
        return JFail(error, "truncated OTP");
    }
    if (!JReadNetworkInfo(r, m.networkInfo, error) || !JEnd(r, error))
    {
        return false;
    }
    out = std::move(m);
    return true;
}

Bytes
JenningsDeliverSecret::Serialize() const
{
    Bytes out;
    JPutHeader(out, JenningsMessageType::DELIVER_SECRET);
    JPutId(out, deviceId);
    JPutFixed(out, secret, JenningsWire::SECRET_BYTES, "secret");
    return out;
}

bool
JenningsDeliverSecret::Parse(const uint8_t* data,
                             std::size_t size,
                             JenningsDeliverSecret& out,
                             std::string* error)
{
    if (!JCheckHeader(data, size, JenningsMessageType::DELIVER_SECRET, error))
    {
        return false;
    }
    TlsReader r(data + JenningsWire::HEADER_BYTES, size - JenningsWire::HEADER_BYTES);
    JenningsDeliverSecret m;
    if (!JReadId(r, m.deviceId, error))
    {
        return false;
    }
    if (!r.Raw(JenningsWire::SECRET_BYTES, m.secret))
    {
        return JFail(error, "truncated secret");
    }
    if (!JEnd(r, error))
    {
        return false;
    }
    out = std::move(m);
    return true;
}

Bytes
JenningsDiscover::Serialize() const
{
    Bytes out;
    JPutHeader(out, JenningsMessageType::DISCOVER);
    JPutId(out, deviceId);
    JPutFixed(out, otp, JenningsWire::OTP_BYTES, "OTP");
    return out;
}

bool
JenningsDiscover::Parse(const uint8_t* data,
                        std::size_t size,
                        JenningsDiscover& out,
                        std::string* error)
{
    if (!JCheckHeader(data, size, JenningsMessageType::DISCOVER, error))
    {
        return false;
    }
    TlsReader r(data + JenningsWire::HEADER_BYTES, size - JenningsWire::HEADER_BYTES);
    JenningsDiscover m;
    if (!JReadId(r, m.deviceId, error))
    {
        return false;
    }
    if (!r.Raw(JenningsWire::OTP_BYTES, m.otp))
    {
        return JFail(error, "truncated OTP");
    }
    if (!JEnd(r, error))
    {
        return false;
    }
    out = std::move(m);
    return true;
}

Bytes
JenningsDiscoverResponse::Serialize() const
{
    Bytes out;
    JPutHeader(out, JenningsMessageType::DISCOVER_RESPONSE);
    JPutId(out, deviceId);
    JPutNetworkInfo(out, networkInfo);
    return out;
}

bool
JenningsDiscoverResponse::Parse(const uint8_t* data,
                                std::size_t size,
                                JenningsDiscoverResponse& out,
                                std::string* error)
{
    if (!JCheckHeader(data, size, JenningsMessageType::DISCOVER_RESPONSE, error))
    {
        return false;
    }
    TlsReader r(data + JenningsWire::HEADER_BYTES, size - JenningsWire::HEADER_BYTES);
    JenningsDiscoverResponse m;
    if (!JReadId(r, m.deviceId, error) || !JReadNetworkInfo(r, m.networkInfo, error) ||
        !JEnd(r, error))
    {
        return false;
    }
    out = std::move(m);
    return true;
}

Bytes
JenningsAck::Serialize() const
{
    NS_ABORT_MSG_IF(acked != JenningsMessageType::INTRODUCE &&
                        acked != JenningsMessageType::DELIVER_SECRET,
                    "JenningsAck: only INTRODUCE and DELIVER_SECRET are acknowledged");
    Bytes out;
    JPutHeader(out, JenningsMessageType::ACK);
    out.push_back(static_cast<uint8_t>(acked));
    out.push_back(static_cast<uint8_t>(status));
    JPutId(out, deviceId);
    return out;
}

bool
JenningsAck::Parse(const uint8_t* data, std::size_t size, JenningsAck& out, std::string* error)
{
    if (!JCheckHeader(data, size, JenningsMessageType::ACK, error))
    {
        return false;
    }
    TlsReader r(data + JenningsWire::HEADER_BYTES, size - JenningsWire::HEADER_BYTES);
    uint8_t acked = 0;
    uint8_t status = 0;
    if (!r.U8(acked) || !r.U8(status))
    {
        return JFail(error, "truncated ACK");
    }
    if (acked != static_cast<uint8_t>(JenningsMessageType::INTRODUCE) &&
        acked != static_cast<uint8_t>(JenningsMessageType::DELIVER_SECRET))
    {
        return JFail(error, "ACK of a type that is not acknowledged");
    }
    if (status > static_cast<uint8_t>(JenningsAckStatus::CONFLICT))
    {
        return JFail(error, "unknown ACK status");
    }
    JenningsAck m;
    m.acked = static_cast<JenningsMessageType>(acked);
    m.status = static_cast<JenningsAckStatus>(status);
    if (!JReadId(r, m.deviceId, error) || !JEnd(r, error))
    {
        return false;
    }
    out = std::move(m);
    return true;
}

const char*
JenningsPartyName(JenningsParty party)
{
    switch (party)
    {
    case JenningsParty::DEVICE:
        return "DEVICE";
    case JenningsParty::INTRODUCER:
        return "INTRODUCER";
    case JenningsParty::TRANSFER_AGENT:
        return "TRANSFER_AGENT";
    case JenningsParty::CONTROLLER:
        return "CONTROLLER";
    }
    return "UNKNOWN";
}

bool
JenningsAttacker::SecretFromLabel(const Bytes& labelBytes, Bytes& psk)
{
    JenningsLabel label;
    if (!JenningsLabel::Parse(labelBytes.data(), labelBytes.size(), label, nullptr))
    {
        return false;
    }
    psk = label.secret;
    return true;
}

const char*
JenningsDeviceStateName(JenningsDeviceState state)
{
    switch (state)
    {
    case JenningsDeviceState::IDLE:
        return "IDLE";
    case JenningsDeviceState::WAIT_RESPONSE:
        return "WAIT_RESPONSE";
    case JenningsDeviceState::DONE:
        return "DONE";
    case JenningsDeviceState::FAILED:
        return "FAILED";
    }
    return "UNKNOWN";
}

// ---------------------------------------------------------------------------------------------
// Device

JenningsDeviceEngine::JenningsDeviceEngine(const JenningsDeviceConfig& config)
    : m_config(config)
{
    NS_ABORT_MSG_IF(
        !JenningsLabel::Parse(config.label.data(), config.label.size(), m_label, nullptr),
        "JenningsDeviceEngine: label is not a valid LABEL");
    NS_ABORT_MSG_IF(!config.retransmitTimeout.IsStrictlyPositive(),
                    "JenningsDeviceEngine: retransmitTimeout must be positive");
}

JenningsOutput
JenningsDeviceEngine::Start(Time now)
{
    JenningsOutput out;
    if (m_state == JenningsDeviceState::WAIT_RESPONSE || m_state == JenningsDeviceState::DONE)
    {
        return out;
    }
    JenningsDiscover d;
    d.deviceId = m_label.deviceId;
    d.otp = m_label.otp;
    m_discover = d.Serialize();
    m_state = JenningsDeviceState::WAIT_RESPONSE;
    m_retransmissions = 0;
    m_deadline = now + m_config.retransmitTimeout;
    JSend(out,
          JenningsParty::TRANSFER_AGENT,
          m_label.deviceId,
          JenningsMessageType::DISCOVER,
          m_discover,
          false);
    JEvent(out, BootstrapEvent::STARTED, m_label.deviceId);
    return out;
}

JenningsOutput
JenningsDeviceEngine::Receive(Time now, const uint8_t* data, std::size_t size)
{
    (void)now;
    JenningsOutput out;
    JenningsMessageType type;
    if (!JenningsParseHeader(data, size, type, nullptr))
    {
        JRejected(out, BootstrapReject::MALFORMED, 0, m_label.deviceId);
        return out;
    }
    const uint8_t t = static_cast<uint8_t>(type);
    if (type != JenningsMessageType::DISCOVER_RESPONSE)
    {
        JRejected(out, BootstrapReject::UNEXPECTED_TYPE, t, m_label.deviceId);
        return out;
    }
    JenningsDiscoverResponse r;
    if (!JenningsDiscoverResponse::Parse(data, size, r, nullptr))
    {
        JRejected(out, BootstrapReject::MALFORMED, t, m_label.deviceId);
        return out;
    }
    if (r.deviceId != m_label.deviceId)
    {
        JRejected(out, BootstrapReject::UNKNOWN_NODE, t, m_label.deviceId);
        return out;
    }
    if (m_state != JenningsDeviceState::WAIT_RESPONSE)
    {
        JRejected(out, BootstrapReject::WRONG_STATE, t, m_label.deviceId);
        return out;
    }
    m_networkInfo = r.networkInfo;
    m_psk = m_label.secret;
    m_state = JenningsDeviceState::DONE;
    m_deadline = Time::Max();
    JenningsEvent& e = JEvent(out, BootstrapEvent::COMPLETED, m_label.deviceId);
    e.psk = m_psk;
    e.networkInfo = m_networkInfo;
    return out;
}

Time
JenningsDeviceEngine::GetDeadline() const
{
    return m_deadline;
}

JenningsOutput
JenningsDeviceEngine::OnTimeout(Time now)
{
    JenningsOutput out;
    if (m_state != JenningsDeviceState::WAIT_RESPONSE || now < m_deadline)
    {
        return out;
    }
    if (m_retransmissions < m_config.maxRetransmissions)
    {
        ++m_retransmissions;
        m_deadline = now + JBackoff(m_config.retransmitTimeout, m_retransmissions);
        JSend(out,
              JenningsParty::TRANSFER_AGENT,
              m_label.deviceId,
              JenningsMessageType::DISCOVER,
              m_discover,
              true);
        return out;
    }
    m_state = JenningsDeviceState::FAILED;
    m_deadline = Time::Max();
    JEvent(out, BootstrapEvent::FAILED, m_label.deviceId);
    return out;
}

JenningsDeviceState
JenningsDeviceEngine::GetState() const
{
    return m_state;
}

const Bytes&
JenningsDeviceEngine::GetPsk() const
{
    return m_psk;
}

const Bytes&
JenningsDeviceEngine::GetNetworkInfo() const
{
    return m_networkInfo;
}

const std::string&
JenningsDeviceEngine::GetDeviceId() const
{
    return m_label.deviceId;
}

uint32_t
JenningsDeviceEngine::GetRetransmissions() const
{
    return m_retransmissions;
}

// ---------------------------------------------------------------------------------------------
// Introducer

JenningsIntroducerEngine::JenningsIntroducerEngine(const JenningsIntroducerConfig& config)
    : m_config(config)
{
    NS_ABORT_MSG_IF(!config.retransmitTimeout.IsStrictlyPositive(),
                    "JenningsIntroducerEngine: retransmitTimeout must be positive");
    NS_ABORT_MSG_IF(config.maxPending == 0, "JenningsIntroducerEngine: maxPending must be >= 1");
}

JenningsOutput
JenningsIntroducerEngine::Introduce(Time now,
                                    const uint8_t* label,
                                    std::size_t size,
                                    const Bytes& networkInfo)
{
    JenningsOutput out;
    const uint8_t t = static_cast<uint8_t>(JenningsMessageType::LABEL);
    JenningsLabel l;
    if (!JenningsLabel::Parse(label, size, l, nullptr) ||
        !ValidNetworkInfoLength(networkInfo.size()))
    {
        JRejected(out, BootstrapReject::MALFORMED, t, l.deviceId);
        return out;
    }
    if (m_pending.count(l.deviceId) != 0)
    {
        JRejected(out, BootstrapReject::WRONG_STATE, t, l.deviceId);
        return out;
    }
    if (m_pending.size() >= m_config.maxPending)
    {
        JRejected(out, BootstrapReject::TABLE_FULL, t, l.deviceId);
        return out;
    }
    JenningsIntroduce intro;
    intro.deviceId = l.deviceId;
    intro.otp = l.otp;
    intro.networkInfo = networkInfo;
    JenningsDeliverSecret deliver;
    deliver.deviceId = l.deviceId;
    deliver.secret = l.secret;
    Pending& p = m_pending[l.deviceId];
    p.introduce.bytes = intro.Serialize();
    p.introduce.retransmitAt = now + m_config.retransmitTimeout;
    p.deliver.bytes = deliver.Serialize();
    p.deliver.retransmitAt = now + m_config.retransmitTimeout;
    JSend(out,
          JenningsParty::TRANSFER_AGENT,
          l.deviceId,
          JenningsMessageType::INTRODUCE,
          p.introduce.bytes,
          false);
    JSend(out,
          JenningsParty::CONTROLLER,
          l.deviceId,
          JenningsMessageType::DELIVER_SECRET,
          p.deliver.bytes,
          false);
    JEvent(out, BootstrapEvent::STARTED, l.deviceId);
    return out;
}

JenningsOutput
JenningsIntroducerEngine::Receive(Time now,
                                  JenningsParty from,
                                  const uint8_t* data,
                                  std::size_t size)
{
    (void)now;
    JenningsOutput out;
    JenningsMessageType type;
    if (!JenningsParseHeader(data, size, type, nullptr))
    {
        JRejected(out, BootstrapReject::MALFORMED, 0, "");
        return out;
    }
    const uint8_t t = static_cast<uint8_t>(type);
    if (type != JenningsMessageType::ACK)
    {
        JRejected(out, BootstrapReject::UNEXPECTED_TYPE, t, "");
        return out;
    }
    JenningsAck ack;
    if (!JenningsAck::Parse(data, size, ack, nullptr))
    {
        JRejected(out, BootstrapReject::MALFORMED, t, "");
        return out;
    }
    const bool fromAgent =
        from == JenningsParty::TRANSFER_AGENT && ack.acked == JenningsMessageType::INTRODUCE;
    const bool fromController =
        from == JenningsParty::CONTROLLER && ack.acked == JenningsMessageType::DELIVER_SECRET;
    if (!fromAgent && !fromController)
    {
        JRejected(out, BootstrapReject::UNEXPECTED_TYPE, t, ack.deviceId);
        return out;
    }
    auto it = m_pending.find(ack.deviceId);
    if (it == m_pending.end())
    {
        JRejected(out, BootstrapReject::UNKNOWN_TRANSACTION, t, ack.deviceId);
        return out;
    }
    Leg& leg = fromAgent ? it->second.introduce : it->second.deliver;
    if (ack.status != JenningsAckStatus::OK)
    {
        JenningsEvent& e = JEvent(out, BootstrapEvent::FAILED, ack.deviceId);
        e.reason = ack.status == JenningsAckStatus::TABLE_FULL ? BootstrapReject::TABLE_FULL
                                                               : BootstrapReject::WRONG_STATE;
        e.flight = static_cast<uint8_t>(ack.acked);
        m_pending.erase(it);
        return out;
    }
    leg.acked = true;
    leg.retransmitAt = Time::Max();
    if (it->second.introduce.acked && it->second.deliver.acked)
    {
        JEvent(out, BootstrapEvent::COMPLETED, ack.deviceId);
        m_pending.erase(it);
    }
    return out;
}

Time
JenningsIntroducerEngine::GetDeadline() const
{
    Time d = Time::Max();
    for (const auto& [id, p] : m_pending)
    {
        d = std::min({d, p.introduce.retransmitAt, p.deliver.retransmitAt});
    }
    return d;
}

JenningsOutput
JenningsIntroducerEngine::OnTimeout(Time now)
{
    JenningsOutput out;
    for (auto it = m_pending.begin(); it != m_pending.end();)
    {
        bool failed = false;
        for (int i = 0; i < 2 && !failed; ++i)
        {
            Leg& leg = i == 0 ? it->second.introduce : it->second.deliver;
            if (leg.acked || now < leg.retransmitAt)
            {
                continue;
            }
            if (leg.retransmissions >= m_config.maxRetransmissions)
            {
                failed = true;
                break;
            }
            ++leg.retransmissions;
            leg.retransmitAt = now + JBackoff(m_config.retransmitTimeout, leg.retransmissions);
            JSend(out,
                  i == 0 ? JenningsParty::TRANSFER_AGENT : JenningsParty::CONTROLLER,
                  it->first,
                  i == 0 ? JenningsMessageType::INTRODUCE : JenningsMessageType::DELIVER_SECRET,
                  leg.bytes,
                  true);
        }
        if (failed)
        {
            JEvent(out, BootstrapEvent::FAILED, it->first);
            it = m_pending.erase(it);
        }
        else
        {
            ++it;
        }
    }
    return out;
}

std::size_t
JenningsIntroducerEngine::GetPendingCount() const
{
    return m_pending.size();
}

// ---------------------------------------------------------------------------------------------
// Transfer agent

JenningsTransferAgentEngine::JenningsTransferAgentEngine(const JenningsTransferAgentConfig& config)
    : m_config(config)
{
    NS_ABORT_MSG_IF(config.maxIntroductions == 0,
                    "JenningsTransferAgentEngine: maxIntroductions must be >= 1");
}

JenningsOutput
JenningsTransferAgentEngine::Receive(Time now,
                                     JenningsParty from,
                                     const uint8_t* data,
                                     std::size_t size)
{
    (void)now;
    JenningsOutput out;
    JenningsMessageType type;
    if (!JenningsParseHeader(data, size, type, nullptr))
    {
        JRejected(out, BootstrapReject::MALFORMED, 0, "");
        return out;
    }
    if (type == JenningsMessageType::INTRODUCE && from == JenningsParty::INTRODUCER)
    {
        OnIntroduce(data, size, out);
    }
    else if (type == JenningsMessageType::DISCOVER && from == JenningsParty::DEVICE)
    {
        OnDiscover(data, size, out);
    }
    else
    {
        JRejected(out, BootstrapReject::UNEXPECTED_TYPE, static_cast<uint8_t>(type), "");
    }
    return out;
}

void
JenningsTransferAgentEngine::OnIntroduce(const uint8_t* data, std::size_t size, JenningsOutput& out)
{
    const uint8_t t = static_cast<uint8_t>(JenningsMessageType::INTRODUCE);
    JenningsIntroduce m;
    if (!JenningsIntroduce::Parse(data, size, m, nullptr))
    {
        JRejected(out, BootstrapReject::MALFORMED, t, "");
        return;
    }
    JenningsAckStatus status = JenningsAckStatus::OK;
    auto it = m_introduced.find(m.deviceId);
    if (it != m_introduced.end())
    {
        // a retransmission is acknowledged again; other contents are refused
        if (!Crypto::ConstantTimeEqual(it->second.otp, m.otp) ||
            it->second.networkInfo != m.networkInfo)
        {
            status = JenningsAckStatus::CONFLICT;
            JRejected(out, BootstrapReject::WRONG_STATE, t, m.deviceId);
        }
    }
    else if (m_introduced.size() >= m_config.maxIntroductions)
    {
        status = JenningsAckStatus::TABLE_FULL;
        JRejected(out, BootstrapReject::TABLE_FULL, t, m.deviceId);
    }
    else
    {
        Introduction& in = m_introduced[m.deviceId];
        in.otp = m.otp;
        in.networkInfo = m.networkInfo;
    }
    JSend(out,
          JenningsParty::INTRODUCER,
          m.deviceId,
          JenningsMessageType::ACK,
          JAckBytes(JenningsMessageType::INTRODUCE, status, m.deviceId),
          false);
}

void
JenningsTransferAgentEngine::OnDiscover(const uint8_t* data, std::size_t size, JenningsOutput& out)
{
    const uint8_t t = static_cast<uint8_t>(JenningsMessageType::DISCOVER);
    JenningsDiscover m;
    if (!JenningsDiscover::Parse(data, size, m, nullptr))
    {
        JRejected(out, BootstrapReject::MALFORMED, t, "");
        return;
    }
    auto it = m_introduced.find(m.deviceId);
    if (it == m_introduced.end())
    {
        JRejected(out, BootstrapReject::UNKNOWN_NODE, t, m.deviceId);
        return;
    }
    if (!Crypto::ConstantTimeEqual(it->second.otp, m.otp))
    {
        JRejected(out, BootstrapReject::AUTH_FAILED, t, m.deviceId);
        return;
    }
    if (it->second.used)
    {
        JRejected(out, BootstrapReject::REPLAYED, t, m.deviceId);
        return;
    }
    it->second.used = true;
    JenningsDiscoverResponse r;
    r.deviceId = m.deviceId;
    r.networkInfo = it->second.networkInfo;
    JSend(out,
          JenningsParty::DEVICE,
          m.deviceId,
          JenningsMessageType::DISCOVER_RESPONSE,
          r.Serialize(),
          false);
    JenningsEvent& e = JEvent(out, BootstrapEvent::COMPLETED, m.deviceId);
    e.networkInfo = r.networkInfo;
}

Time
JenningsTransferAgentEngine::GetDeadline() const
{
    return Time::Max();
}

JenningsOutput
JenningsTransferAgentEngine::OnTimeout(Time now)
{
    (void)now;
    return JenningsOutput();
}

std::size_t
JenningsTransferAgentEngine::GetIntroductionCount() const
{
    return m_introduced.size();
}

bool
JenningsTransferAgentEngine::IsOtpUsed(const std::string& deviceId, bool& used) const
{
    auto it = m_introduced.find(deviceId);
    if (it == m_introduced.end())
    {
        return false;
    }
    used = it->second.used;
    return true;
}

// ---------------------------------------------------------------------------------------------
// Controller

JenningsControllerEngine::JenningsControllerEngine(const JenningsControllerConfig& config)
    : m_config(config)
{
    NS_ABORT_MSG_IF(config.maxDevices == 0, "JenningsControllerEngine: maxDevices must be >= 1");
}

JenningsOutput
JenningsControllerEngine::Receive(Time now,
                                  JenningsParty from,
                                  const uint8_t* data,
                                  std::size_t size)
{
    (void)now;
    JenningsOutput out;
    JenningsMessageType type;
    if (!JenningsParseHeader(data, size, type, nullptr))
    {
        JRejected(out, BootstrapReject::MALFORMED, 0, "");
        return out;
    }
    const uint8_t t = static_cast<uint8_t>(type);
    if (type != JenningsMessageType::DELIVER_SECRET || from != JenningsParty::INTRODUCER)
    {
        JRejected(out, BootstrapReject::UNEXPECTED_TYPE, t, "");
        return out;
    }
    JenningsDeliverSecret m;
    if (!JenningsDeliverSecret::Parse(data, size, m, nullptr))
    {
        JRejected(out, BootstrapReject::MALFORMED, t, "");
        return out;
    }
    JenningsAckStatus status = JenningsAckStatus::OK;
    auto it = m_secrets.find(m.deviceId);
    if (it != m_secrets.end())
    {
        if (!Crypto::ConstantTimeEqual(it->second, m.secret))
        {
            status = JenningsAckStatus::CONFLICT;
            JRejected(out, BootstrapReject::WRONG_STATE, t, m.deviceId);
        }
    }
    else if (m_secrets.size() >= m_config.maxDevices)
    {
        status = JenningsAckStatus::TABLE_FULL;
        JRejected(out, BootstrapReject::TABLE_FULL, t, m.deviceId);
    }
    else
    {
        m_secrets[m.deviceId] = m.secret;
        JenningsEvent& e = JEvent(out, BootstrapEvent::COMPLETED, m.deviceId);
        e.psk = m.secret;
    }
    JSend(out,
          JenningsParty::INTRODUCER,
          m.deviceId,
          JenningsMessageType::ACK,
          JAckBytes(JenningsMessageType::DELIVER_SECRET, status, m.deviceId),
          false);
    return out;
}

Time
JenningsControllerEngine::GetDeadline() const
{
    return Time::Max();
}

JenningsOutput
JenningsControllerEngine::OnTimeout(Time now)
{
    (void)now;
    return JenningsOutput();
}

bool
JenningsControllerEngine::GetPsk(const std::string& deviceId, Bytes& psk) const
{
    auto it = m_secrets.find(deviceId);
    if (it == m_secrets.end())
    {
        return false;
    }
    psk = it->second;
    return true;
}

std::size_t
JenningsControllerEngine::GetDeviceCount() const
{
    return m_secrets.size();
}

} // namespace ns3
