/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "eavesdropper-application.h"

#include "ns3/abort.h"
#include "ns3/building-list.h"
#include "ns3/coap-message.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/dtls-codec.h"
#include "ns3/iotsec-compat.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/lr-wpan-mac-header.h"
#include "ns3/lr-wpan-mac-trailer.h"
#include "ns3/lr-wpan-mac.h"
#include "ns3/lr-wpan-net-device.h"
#include "ns3/mac16-address.h"
#include "ns3/mobility-building-info.h"
#include "ns3/simulator.h"
#include "ns3/sixlowpan-net-device.h"
#include "ns3/udp-header.h"
#include "ns3/uinteger.h"

#include <string>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("EavesdropperApplication");

NS_OBJECT_ENSURE_REGISTERED(EavesdropperApplication);

using namespace lrwpan; // NOLINT: ns-3 >= 3.42 keeps lr-wpan in ns3::lrwpan (iotsec-compat.h)

namespace
{
const uint32_t IPV6_HEADER_BYTES = 40; //!< IPv6 header
const uint32_t UDP_HEADER_BYTES = 8;   //!< UDP header
const uint8_t UDP_PROTOCOL = 17;       //!< IPv6 next header of UDP

/// 64-bit FNV-1a
class Fnv1a
{
  public:
    /// \param data bytes \param length their number
    void Add(const uint8_t* data, std::size_t length)
    {
        for (std::size_t i = 0; i < length; ++i)
        {
            m_hash ^= data[i];
            m_hash *= 0x100000001b3ULL;
        }
    }

    /// \param value a 16-bit value, big-endian
    void Add16(uint16_t value)
    {
        uint8_t b[2] = {static_cast<uint8_t>(value >> 8), static_cast<uint8_t>(value & 0xff)};
        Add(b, 2);
    }

    /// \return the hash
    uint64_t Get() const
    {
        return m_hash;
    }

  private:
    uint64_t m_hash{0xcbf29ce484222325ULL}; //!< the state
};

/// \param message a CoAP message \return the value bytes of its Uri-Path and Uri-Query options
uint64_t
UriBytes(const CoapMessage& message)
{
    uint64_t n = 0;
    for (const CoapMessage::Option& o : message.GetOptions())
    {
        if (o.number == CoapOption::URI_PATH || o.number == CoapOption::URI_QUERY)
        {
            n += o.value.size();
        }
    }
    return n;
}

/**
 * \brief The sniffer's MAC PromiscSniffer sink: hand a data frame up to the device as the MAC
 * does for a frame it accepts (ns-3.37's LrWpanMac has no setter for promiscuous mode).
 * \param radio the sniffer's device
 * \param frame the frame (MAC header and FCS)
 */
void
SnifferFrame(LrWpanNetDevice* radio, Ptr<const Packet> frame)
{
    Ptr<Packet> p = frame->Copy();
    LrWpanMacTrailer trailer;
    if (p->GetSize() < trailer.GetSerializedSize())
    {
        return;
    }
    p->RemoveTrailer(trailer);
    if (Node::ChecksumEnabled())
    {
        trailer.EnableFcs(true);
    }
    if (!trailer.CheckFcs(p))
    {
        return; // the MAC drops it too
    }
    LrWpanMacHeader header;
    if (p->GetSize() < 3 || p->RemoveHeader(header) == 0 || !header.IsData())
    {
        return; // acknowledgements, beacons, commands
    }
    McpsDataIndicationParams params;
    params.m_dsn = header.GetSeqNum();
    params.m_srcPanId = header.GetSrcPanId();
    params.m_srcAddrMode = header.GetSrcAddrMode();
    if (params.m_srcAddrMode == SHORT_ADDR)
    {
        params.m_srcAddr = header.GetShortSrcAddr();
    }
    else if (params.m_srcAddrMode == EXT_ADDR)
    {
        params.m_srcExtAddr = header.GetExtSrcAddr();
    }
    params.m_dstPanId = header.GetDstPanId();
    params.m_dstAddrMode = header.GetDstAddrMode();
    if (params.m_dstAddrMode == SHORT_ADDR)
    {
        params.m_dstAddr = header.GetShortDstAddr();
    }
    else if (params.m_dstAddrMode == EXT_ADDR)
    {
        params.m_dstExtAddr = header.GetExtDstAddr();
    }
    radio->McpsDataIndication(params, p);
}

} // namespace

TypeId
EavesdropperApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::EavesdropperApplication")
            .SetParent<Application>()
            .SetGroupName("Iotsec")
            .AddConstructor<EavesdropperApplication>()
            .AddAttribute("MaxRemembered",
                          "How many datagram hashes are remembered to count each datagram once "
                          "(the oldest is forgotten first)",
                          UintegerValue(4096),
                          MakeUintegerAccessor(&EavesdropperApplication::m_maxRemembered),
                          MakeUintegerChecker<uint32_t>(1, 10000000))
            .AddTraceSource("Seen",
                            "A datagram was seen (once): its UDP payload, source, destination, "
                            "kind and readable application bytes",
                            MakeTraceSourceAccessor(&EavesdropperApplication::m_seenTrace),
                            "ns3::EavesdropperApplication::SeenTracedCallback");
    return tid;
}

EavesdropperApplication::EavesdropperApplication()
    : m_maxRemembered(4096),
      m_registered(false),
      m_datagrams(0),
      m_perKind{0, 0, 0, 0},
      m_bytes(0),
      m_readable(0),
      m_protected(0),
      m_other(0),
      m_duplicates(0)
{
    NS_LOG_FUNCTION(this);
}

EavesdropperApplication::~EavesdropperApplication()
{
    NS_LOG_FUNCTION(this);
}

void
EavesdropperApplication::DoDispose()
{
    m_device = nullptr;
    m_seen.clear();
    m_seenOrder.clear();
    Application::DoDispose();
}

void
EavesdropperApplication::SetDevice(Ptr<NetDevice> device)
{
    NS_ABORT_MSG_UNLESS(device, "EavesdropperApplication::SetDevice: no device");
    m_device = device;
}

Ptr<Node>
EavesdropperApplication::CreateLlnSniffer(Ptr<SpectrumChannel> channel, const Vector& position)
{
    NS_ABORT_MSG_UNLESS(channel, "EavesdropperApplication::CreateLlnSniffer: no channel");
    Ptr<Node> node = CreateObject<Node>();
    Ptr<ConstantPositionMobilityModel> mobility = CreateObject<ConstantPositionMobilityModel>();
    mobility->SetPosition(position);
    node->AggregateObject(mobility);
    if (BuildingList::GetNBuildings() > 0)
    {
        // A channel priced by ns-3's buildings propagation models needs to know where every
        // node is relative to the buildings (MobilityBuildingInfo), or it dereferences null;
        // what BuildingsHelper::Install does, without a helper in the model
        mobility->AggregateObject(CreateObject<MobilityBuildingInfo>());
    }
    Ptr<LrWpanNetDevice> radio = CreateObject<LrWpanNetDevice>();
    radio->SetChannel(channel);
    node->AddDevice(radio);
    radio->SetNode(node);
    radio->GetPhy()->SetMobility(mobility);
    Ptr<LrWpanMac> mac = radio->GetMac();
    // No PAN (0xffff) and no short address: the MAC's own filter rejects every data frame of
    // a PAN, so it acknowledges none; nothing reaches the device but what SnifferFrame hands up.
    mac->SetPanId(0xffff);
    mac->SetShortAddress(Mac16Address("ff:fe"));
    mac->SetMcpsDataIndicationCallback(McpsDataIndicationCallback());
    // The MAC owns the trace and the device owns the MAC: the trace cannot outlive the device.
    mac->TraceConnectWithoutContext("PromiscSniffer",
                                    MakeBoundCallback(&SnifferFrame, PeekPointer(radio)));
    Ptr<SixLowPanNetDevice> six = CreateObject<SixLowPanNetDevice>();
    node->AddDevice(six);
    six->SetNetDevice(radio);
    return node;
}

Ptr<EavesdropperApplication>
EavesdropperApplication::InstallOnLlnSniffer(Ptr<Node> sniffer)
{
    NS_ABORT_MSG_UNLESS(sniffer && sniffer->GetNDevices() >= 2 &&
                            DynamicCast<SixLowPanNetDevice>(sniffer->GetDevice(1)),
                        "EavesdropperApplication::InstallOnLlnSniffer: not a sniffer node");
    Ptr<EavesdropperApplication> app = CreateObject<EavesdropperApplication>();
    app->SetDevice(sniffer->GetDevice(1));
    sniffer->AddApplication(app);
    app->SetStartTime(Seconds(0));
    return app;
}

uint64_t
EavesdropperApplication::GetDatagrams() const
{
    return m_datagrams;
}

uint64_t
EavesdropperApplication::GetDatagrams(Kind kind) const
{
    return static_cast<uint32_t>(kind) < 4 ? m_perKind[kind] : 0;
}

uint64_t
EavesdropperApplication::GetBytes() const
{
    return m_bytes;
}

uint64_t
EavesdropperApplication::GetReadableBytes() const
{
    return m_readable;
}

uint64_t
EavesdropperApplication::GetProtectedBytes() const
{
    return m_protected;
}

uint64_t
EavesdropperApplication::GetOtherBytes() const
{
    return m_other;
}

uint64_t
EavesdropperApplication::GetDuplicates() const
{
    return m_duplicates;
}

EavesdropperApplication::Kind
EavesdropperApplication::Classify(const uint8_t* data,
                                  std::size_t length,
                                  uint64_t& readable,
                                  uint64_t& protectedBytes)
{
    readable = 0;
    protectedBytes = 0;
    if (length == 0 || data == nullptr)
    {
        return OTHER;
    }
    // A DTLS content type (20..23) has the two top bits 00; a CoAP header has version 1 (01).
    if (data[0] >= dtls::CHANGE_CIPHER_SPEC && data[0] <= dtls::APPLICATION_DATA)
    {
        std::vector<DtlsRecord> records;
        std::string error;
        if (DtlsRecord::ParseDatagram(data, length, records, &error) && !records.empty())
        {
            for (const DtlsRecord& r : records)
            {
                if (r.epoch != 0)
                {
                    protectedBytes += r.fragment.size();
                }
                else if (r.type == dtls::APPLICATION_DATA)
                {
                    readable += r.fragment.size();
                }
            }
            return DTLS;
        }
        return OTHER;
    }
    CoapMessage message;
    if (!CoapMessage::Parse(data, length, message, nullptr))
    {
        return OTHER;
    }
    readable = UriBytes(message);
    if (message.HasOption(CoapOption::OSCORE))
    {
        protectedBytes = message.GetPayload().size();
        return OSCORE;
    }
    readable += message.GetPayload().size();
    return NOSEC_COAP;
}

void
EavesdropperApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_UNLESS(m_device, "EavesdropperApplication: no device (SetDevice)");
    NS_ABORT_MSG_UNLESS(m_device->GetNode() == GetNode(),
                        "EavesdropperApplication: the device belongs to another node");
    if (!m_registered)
    {
        GetNode()->RegisterProtocolHandler(MakeCallback(&EavesdropperApplication::Tap, this),
                                           Ipv6L3Protocol::PROT_NUMBER,
                                           m_device,
                                           true);
        m_registered = true;
    }
}

void
EavesdropperApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    if (m_registered)
    {
        GetNode()->UnregisterProtocolHandler(MakeCallback(&EavesdropperApplication::Tap, this));
        m_registered = false;
    }
}

bool
EavesdropperApplication::SeenBefore(uint64_t hash)
{
    if (m_seen.count(hash) != 0)
    {
        return true;
    }
    m_seen.insert(hash);
    m_seenOrder.push_back(hash);
    while (m_seenOrder.size() > m_maxRemembered)
    {
        m_seen.erase(m_seenOrder.front());
        m_seenOrder.pop_front();
    }
    return false;
}

void
EavesdropperApplication::Tap(Ptr<NetDevice> device,
                             Ptr<const Packet> packet,
                             uint16_t protocol,
                             const Address& from,
                             const Address& /* to */,
                             NetDevice::PacketType /* type */)
{
    if (protocol != Ipv6L3Protocol::PROT_NUMBER || from == device->GetAddress() ||
        packet->GetSize() < IPV6_HEADER_BYTES + UDP_HEADER_BYTES)
    {
        return; // not IPv6, sent by this device, or too short for UDP
    }
    Ptr<Packet> p = packet->Copy();
    Ipv6Header ip;
    p->RemoveHeader(ip);
    if (ip.GetNextHeader() != UDP_PROTOCOL || ip.GetPayloadLength() < UDP_HEADER_BYTES ||
        ip.GetPayloadLength() > p->GetSize())
    {
        return;
    }
    p->RemoveAtEnd(p->GetSize() - ip.GetPayloadLength()); // link-layer padding, if any
    UdpHeader udp;
    p->RemoveHeader(udp);
    std::vector<uint8_t> payload(p->GetSize());
    p->CopyData(payload.data(), payload.size());

    Fnv1a hash;
    uint8_t address[16];
    ip.GetSource().GetBytes(address);
    hash.Add(address, sizeof(address));
    ip.GetDestination().GetBytes(address);
    hash.Add(address, sizeof(address));
    hash.Add16(udp.GetSourcePort());
    hash.Add16(udp.GetDestinationPort());
    hash.Add(payload.data(), payload.size());
    if (SeenBefore(hash.Get()))
    {
        ++m_duplicates;
        return;
    }

    uint64_t readable = 0;
    uint64_t protectedBytes = 0;
    Kind kind = Classify(payload.data(), payload.size(), readable, protectedBytes);
    ++m_datagrams;
    ++m_perKind[kind];
    m_bytes += payload.size();
    m_readable += readable;
    m_protected += protectedBytes;
    if (kind == OTHER)
    {
        m_other += payload.size();
    }
    NS_LOG_INFO("seen " << payload.size() << " bytes " << ip.GetSource() << "."
                        << udp.GetSourcePort() << " -> " << ip.GetDestination() << "."
                        << udp.GetDestinationPort() << " kind " << kind << " readable " << readable
                        << " protected " << protectedBytes);
    m_seenTrace(p, ip.GetSource(), ip.GetDestination(), kind, static_cast<uint32_t>(readable));
}

} // namespace ns3
