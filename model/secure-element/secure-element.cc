/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "secure-element.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/cpu-model.h"
#include "ns3/device-profile.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/iotsec-compat.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SecureElement");

NS_OBJECT_ENSURE_REGISTERED(SecureElement);

namespace
{
/// The agent's command that carries a TLS message to the card (EAP-TLS over ISO 7816 uses a
/// proprietary instruction; its value does not change the timing)
constexpr uint8_t SE_CLA = 0x00;
constexpr uint8_t SE_INS = 0x80; //!< see SE_CLA
} // namespace

TypeId
SecureElement::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SecureElement")
            .SetParent<Object>()
            .SetGroupName("Iotsec")
            .AddConstructor<SecureElement>()
            .AddAttribute("Protocol",
                          "ISO 7816-3 transmission protocol of the card link: T0 (character) "
                          "or T1 (block).",
                          EnumValue(SecureElement::T0),
                          iotsec_compat::MakeEnumAccessor<SecureElement::Protocol>(
                              &SecureElement::m_protocol),
                          MakeEnumChecker(SecureElement::T0, "T0", SecureElement::T1, "T1"))
            .AddAttribute("F",
                          "Clock rate conversion factor F (ISO 7816-3 table 7); 372 (Fd) "
                          "without TA1 in the ATR.",
                          UintegerValue(372),
                          MakeUintegerAccessor(&SecureElement::m_f),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("D",
                          "Baud rate adjustment factor D (ISO 7816-3 table 8); 1 (Dd) without "
                          "TA1. F/D = 372/1 at 3.57 MHz is 9600 bit/s; 512/16 at 5 MHz, for "
                          "example, 156 kbit/s.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&SecureElement::m_d),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("ClockFrequency",
                          "Card clock f in Hz (3.57 MHz: the usual reader clock).",
                          DoubleValue(3.57e6),
                          MakeDoubleAccessor(&SecureElement::m_clock),
                          MakeDoubleChecker<double>(1.0))
            .AddAttribute("ExtraGuardTime",
                          "Extra guard time N in etu (ATR TC1; 255: the minimum).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&SecureElement::m_extraGuard),
                          MakeUintegerChecker<uint8_t>())
            .AddAttribute("Ifsc",
                          "T=1: the card's largest information field (ATR TA3; 32 without "
                          "TA3, 254 as Java Cards announce).",
                          UintegerValue(254),
                          MakeUintegerAccessor(&SecureElement::m_ifsc),
                          MakeUintegerChecker<uint8_t>(1))
            .AddAttribute("Ifsd",
                          "T=1: the reader's largest information field.",
                          UintegerValue(254),
                          MakeUintegerAccessor(&SecureElement::m_ifsd),
                          MakeUintegerChecker<uint8_t>(1))
            .AddAttribute("PerApduOverhead",
                          "Fixed cost per APDU of the reader and its driver (PC/SC, USB); "
                          "0 by default, about 1 ms or more for a USB CCID reader (order of "
                          "magnitude).",
                          TimeValue(Time(0)),
                          MakeTimeAccessor(&SecureElement::m_perApdu),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("MaxCommandData",
                          "Data bytes per command APDU: a message to the card is cut into "
                          "chained commands of at most this many bytes (1..255, the short "
                          "APDU's Lc).",
                          UintegerValue(255),
                          MakeUintegerAccessor(&SecureElement::m_maxCommandData),
                          MakeUintegerChecker<uint32_t>(1, 255))
            .AddAttribute("Backlog",
                          "Connections that may wait for the card; more are refused (Java's "
                          "ServerSocket default, 50).",
                          UintegerValue(50),
                          MakeUintegerAccessor(&SecureElement::m_backlog),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Rendezvous",
                          "Connections that find the card in use wait in the backlog (true) "
                          "or are refused at once (false: rdv false).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&SecureElement::m_rendezvous),
                          MakeBooleanChecker())
            .AddAttribute("ExportSession",
                          "TLS-Tandem: once its handshake is done a session's keys are read "
                          "out of the card and the host processes its records; the card is "
                          "free for the next connection. False: every record crosses the card "
                          "and the session holds it until it closes.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&SecureElement::m_export),
                          MakeBooleanChecker())
            .AddAttribute("ExportBytes",
                          "Bytes read out of the card to export a session: the TLS 1.2 key "
                          "block of AES-128-CCM_8 (two 16-byte keys, two 4-byte implicit "
                          "nonces) and the two 8-byte sequence numbers.",
                          UintegerValue(2 * 16 + 2 * 4 + 2 * 8),
                          MakeUintegerAccessor(&SecureElement::m_exportBytes),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute(
                "Profile",
                "The card's device profile (its CPU and the cycle cost of each "
                "operation); by default the JavaCardSE preset.",
                PointerValue(),
                MakePointerAccessor(&SecureElement::SetProfile, &SecureElement::GetProfile),
                MakePointerChecker<DeviceProfile>())
            .AddTraceSource("InUse",
                            "A session took (true) or released (false) the card.",
                            MakeTraceSourceAccessor(&SecureElement::m_inUse),
                            "ns3::TracedValueCallback::Bool")
            .AddTraceSource("QueueLength",
                            "Connections waiting in the backlog.",
                            MakeTraceSourceAccessor(&SecureElement::m_queue),
                            "ns3::TracedValueCallback::Uint32")
            .AddTraceSource("Refused",
                            "A connection was refused (client, connections waiting).",
                            MakeTraceSourceAccessor(&SecureElement::m_refusedTrace),
                            "ns3::SecureElement::RefusedTracedCallback")
            .AddTraceSource("SessionStarted",
                            "A connection got the card (client, time it waited).",
                            MakeTraceSourceAccessor(&SecureElement::m_sessionTrace),
                            "ns3::SecureElement::SessionTracedCallback")
            .AddTraceSource("Step",
                            "A step ran in the card (bytes in, bytes out, link time, CPU time, "
                            "time it waited for the card).",
                            MakeTraceSourceAccessor(&SecureElement::m_stepTrace),
                            "ns3::SecureElement::StepTracedCallback");
    return tid;
}

SecureElement::SecureElement()
    : m_inUse(false),
      m_queue(0)
{
    NS_LOG_FUNCTION(this);
    SetProfile(nullptr); // the default card; the Profile attribute replaces it
}

SecureElement::~SecureElement()
{
    NS_LOG_FUNCTION(this);
}

void
SecureElement::DoDispose()
{
    if (m_cpu)
    {
        m_cpu->Dispose();
    }
    m_cpu = nullptr;
    m_profile = nullptr;
    m_waiting.clear();
    Object::DoDispose();
}

void
SecureElement::SetProfile(Ptr<DeviceProfile> profile)
{
    m_profile = profile ? profile : DeviceProfile::CreatePreset("JavaCardSE");
    if (!m_cpu)
    {
        m_cpu = CreateObject<CpuModel>();
    }
    m_cpu->SetProfile(m_profile);
}

Ptr<DeviceProfile>
SecureElement::GetProfile() const
{
    return m_profile;
}

Ptr<CpuModel>
SecureElement::GetCpu() const
{
    return m_cpu;
}

ApduLinkConfig
SecureElement::GetLinkConfig() const
{
    ApduLinkConfig c;
    c.protocol = m_protocol == T1 ? ApduProtocol::T1 : ApduProtocol::T0;
    c.f = m_f;
    c.d = m_d;
    c.clockHz = m_clock;
    c.extraGuardTime = m_extraGuard;
    c.ifsc = m_ifsc;
    c.ifsd = m_ifsd;
    c.perApduOverhead = m_perApdu.GetSeconds();
    std::string error;
    NS_ABORT_MSG_UNLESS(c.Valid(&error), "SecureElement: " << error);
    return c;
}

Time
SecureElement::GetTransferTime(uint32_t inBytes, uint32_t outBytes) const
{
    std::vector<ApduPair> conversation;
    std::string error;
    NS_ABORT_MSG_UNLESS(ApduConversation(Bytes(inBytes, 0),
                                         Bytes(outBytes, 0),
                                         SE_CLA,
                                         SE_INS,
                                         0,
                                         0,
                                         m_maxCommandData,
                                         conversation,
                                         &error),
                        "SecureElement: " << error);
    return ApduConversationTime(conversation, GetLinkConfig());
}

Time
SecureElement::PriceStep(const std::vector<CryptoWork>& work, uint32_t inBytes, uint32_t outBytes)
{
    Ptr<CpuModel> cpu = m_cpu;
    Time now = Simulator::Now();
    Time wait = m_busyUntil > now ? m_busyUntil - now : Time(0);
    if (inBytes == 0 && outBytes == 0 && work.empty())
    {
        return wait; // nothing reaches the card
    }
    Time link = GetTransferTime(inBytes, outBytes);
    // the card computes once the request is in: the request's share of the link time is the
    // conversation with a bare 90 00 for an answer
    Time linkIn = std::min(link, GetTransferTime(inBytes, 0));
    Time cpuService = cpu->GetServiceTime(work);
    Time cpuDone = cpu->SubmitAfter(work, wait + linkIn);
    Time finish = cpuDone + (link - linkIn);
    NS_ASSERT(finish == wait + link + cpuService);
    m_busyUntil = now + finish;
    ++m_steps;
    m_linkTime += link;
    m_cpuTime += cpuService;
    NS_LOG_LOGIC("step: " << inBytes << " B in, " << outBytes << " B out, link "
                          << link.As(Time::MS) << ", cpu " << cpuService.As(Time::MS) << ", waits "
                          << wait.As(Time::MS));
    m_stepTrace(inBytes, outBytes, link, cpuService, wait);
    return finish;
}

void
SecureElement::Refuse(const Address& from)
{
    ++m_refused;
    NS_LOG_INFO("card in use: connection refused"
                << (m_rendezvous ? " (backlog full)" : " (no rendezvous)"));
    m_refusedTrace(from, static_cast<uint32_t>(m_waiting.size()));
}

bool
SecureElement::Admit(const Address& from)
{
    if (m_inUse && m_waiting.size() >= m_backlog && m_rendezvous)
    {
        Refuse(from);
        return false;
    }
    return true;
}

uint64_t
SecureElement::Enqueue(const Address& from, std::function<void(uint64_t)> start)
{
    if (m_inUse && (!m_rendezvous || m_waiting.size() >= m_backlog))
    {
        Refuse(from);
        return 0;
    }
    uint64_t ticket = m_nextTicket++;
    if (!m_inUse)
    {
        m_current = ticket;
        m_inUse = true;
        ++m_sessions;
        m_sessionTrace(from, Time(0));
        start(ticket);
        return ticket;
    }
    m_waiting.push_back(Waiting{ticket, from, Simulator::Now(), std::move(start)});
    m_queue = static_cast<uint32_t>(m_waiting.size());
    return ticket;
}

void
SecureElement::Release(uint64_t ticket, bool startNext)
{
    if (ticket == 0)
    {
        return;
    }
    if (ticket == m_current)
    {
        m_current = 0;
        m_inUse = false;
        if (startNext)
        {
            StartNext();
        }
        return;
    }
    auto it = std::find_if(m_waiting.begin(), m_waiting.end(), [ticket](const Waiting& w) {
        return w.ticket == ticket;
    });
    if (it != m_waiting.end())
    {
        m_waiting.erase(it);
        ++m_abandoned;
        m_queue = static_cast<uint32_t>(m_waiting.size());
    }
}

void
SecureElement::StartNext()
{
    if (m_inUse || m_waiting.empty())
    {
        return;
    }
    Waiting next = std::move(m_waiting.front());
    m_waiting.pop_front();
    m_queue = static_cast<uint32_t>(m_waiting.size());
    m_current = next.ticket;
    m_inUse = true;
    ++m_sessions;
    m_sessionTrace(next.from, Simulator::Now() - next.since);
    next.start(next.ticket);
}

bool
SecureElement::IsInUse() const
{
    return m_inUse;
}

uint32_t
SecureElement::GetQueueLength() const
{
    return static_cast<uint32_t>(m_waiting.size());
}

uint32_t
SecureElement::GetBacklog() const
{
    return m_backlog;
}

bool
SecureElement::IsExportingSessions() const
{
    return m_export;
}

uint32_t
SecureElement::GetExportBytes() const
{
    return m_exportBytes;
}

uint64_t
SecureElement::GetRefused() const
{
    return m_refused;
}

uint64_t
SecureElement::GetSessions() const
{
    return m_sessions;
}

uint64_t
SecureElement::GetAbandoned() const
{
    return m_abandoned;
}

uint64_t
SecureElement::GetSteps() const
{
    return m_steps;
}

Time
SecureElement::GetLinkTime() const
{
    return m_linkTime;
}

Time
SecureElement::GetCpuTime() const
{
    return m_cpuTime;
}

} // namespace ns3
