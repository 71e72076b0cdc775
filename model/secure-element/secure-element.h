/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_SECURE_ELEMENT_H
#define IOTSEC_SECURE_ELEMENT_H

#include "ns3/address.h"
#include "ns3/apdu.h"
#include "ns3/crypto-work.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/ptr.h"
#include "ns3/traced-callback.h"
#include "ns3/traced-value.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

namespace ns3
{

class CpuModel;
class DeviceProfile;

/**
 * \ingroup iotsec
 * \brief A secure element (a Java Card behind an ISO 7816 reader) that hosts a TLS server,
 * with the rendezvous of its driving agent (Urien, "Towards Trusted Operated Services in the
 * Internet of Things", sections III and IV).
 *
 * Pricing. A binding whose engine runs in the card (TlsSocket with a SecureElement) prices
 * each engine step with PriceStep(): the agent sends the step's input (received records,
 * plaintext to protect) to the card as chained command APDUs, the card computes, and the
 * card's output (records to send, plaintext delivered) comes back as response APDUs (61 xx
 * and GET RESPONSE), as the EAP-TLS over ISO 7816 framing does. A step takes
 *   wait + ApduConversationTime(input, output) + cycles / CpuFrequency,
 * where the cycles price the step's CryptoWork on the card's own CpuModel (Profile, by default
 * the calibrated "JavaCardSE" preset) and wait is the time until the card has finished its
 * earlier steps (one step at a time). The link is the ApduLinkConfig set by the attributes
 * (T=0 at 9600 bit/s by default). A step that moves no byte and reports no work does not
 * reach the card and costs only the wait.
 *
 * Rendezvous. One session at a time uses the card (InUse). A connection that arrives while
 * the card is in use waits in a FIFO backlog of at most Backlog connections; one that finds the
 * backlog full is refused (Admit() returns false: its SYN is dropped, as a full listen
 * queue does). With Rendezvous false, a connection that finds the card in use is refused at
 * once (accepted, then closed: the agent's ServerTLS thread with rdv false). A session
 * releases the card when it closes, or, with ExportSession (TLS-Tandem), once its handshake
 * is done and its keys (ExportBytes) have been read out of the card; the host then
 * processes its records.
 */
class SecureElement : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    SecureElement();
    ~SecureElement() override;

    /// The transmission protocol of the card link (ISO 7816-3)
    enum Protocol : uint8_t
    {
        T0 = 0, //!< character protocol T=0
        T1 = 1, //!< block protocol T=1
    };

    /// \return the card link's parameters (from the attributes)
    ApduLinkConfig GetLinkConfig() const;

    /// \return the card's CPU (prices the work of the steps)
    Ptr<CpuModel> GetCpu() const;

    /// \return the card's device profile
    Ptr<DeviceProfile> GetProfile() const;

    /**
     * \param inBytes the bytes the agent sends to the card (0: one command without data)
     * \param outBytes the bytes the card answers with (0: a bare 90 00)
     * \return the time of the whole APDU conversation on the link
     */
    Time GetTransferTime(uint32_t inBytes, uint32_t outBytes) const;

    /**
     * \brief Price one engine step that runs in the card (see the class description) and
     * queue it behind the card's earlier steps.
     * \param work the step's cryptographic work \param inBytes bytes into the card
     * \param outBytes bytes out of it
     * \return the time from now until the step's output is back at the host
     */
    Time PriceStep(const std::vector<CryptoWork>& work, uint32_t inBytes, uint32_t outBytes);

    /**
     * \brief A connection request (a SYN): refused if the backlog is full.
     * \param from the client
     * \return true to accept it
     */
    bool Admit(const Address& from);

    /**
     * \brief A connection asks for the card. It gets it at once if the card is free,
     * otherwise it waits in the backlog (with Rendezvous false it is refused).
     * \param from the client
     * \param start run, with the ticket, when the connection gets the card (at once, inside
     * this call, if the card is free)
     * \return a ticket for Release(), or 0 if refused
     */
    uint64_t Enqueue(const Address& from, std::function<void(uint64_t)> start);

    /**
     * \brief A connection is done with the card (or leaves the backlog). The next waiting
     * connection gets the card, unless the caller is being torn down. Unknown tickets and 0
     * are ignored.
     * \param ticket from Enqueue()
     * \param startNext give the card to the next connection now (false: a socket being
     * disposed of or destroyed, which must not start another's handshake)
     */
    void Release(uint64_t ticket, bool startNext = true);

    /// \return true while a session uses the card
    bool IsInUse() const;
    /// \return connections waiting in the backlog
    uint32_t GetQueueLength() const;
    /// \return the backlog's size
    uint32_t GetBacklog() const;
    /// \return true if sessions are exported to the host after their handshake
    bool IsExportingSessions() const;
    /// \return bytes read out of the card to export a session
    uint32_t GetExportBytes() const;
    /// \return connections refused (backlog full, or the card in use without rendezvous)
    uint64_t GetRefused() const;
    /// \return sessions that got the card
    uint64_t GetSessions() const;
    /// \return connections that left the backlog before they got the card
    uint64_t GetAbandoned() const;
    /// \return steps priced
    uint64_t GetSteps() const;
    /// \return the link time of the steps priced
    Time GetLinkTime() const;
    /// \return the CPU service time of the steps priced
    Time GetCpuTime() const;

    /**
     * TracedCallback signature for a refused connection.
     * \param from the client \param queued connections waiting when it was refused
     */
    typedef void (*RefusedTracedCallback)(const Address& from, uint32_t queued);
    /**
     * TracedCallback signature for a connection that got the card.
     * \param from the client \param wait how long it waited in the backlog
     */
    typedef void (*SessionTracedCallback)(const Address& from, Time wait);
    /**
     * TracedCallback signature for a step priced.
     * \param inBytes bytes into the card \param outBytes bytes out
     * \param link the APDU conversation's time \param cpu the card's service time
     * \param wait the time the step waited for the card
     */
    typedef void (
        *StepTracedCallback)(uint32_t inBytes, uint32_t outBytes, Time link, Time cpu, Time wait);

  protected:
    void DoDispose() override;

  private:
    /// A connection in the backlog
    struct Waiting
    {
        uint64_t ticket;                     //!< its ticket
        Address from;                        //!< the client
        Time since;                          //!< when it started to wait
        std::function<void(uint64_t)> start; //!< gives it the card
    };

    /// \brief Give the card to the next waiting connection, if any
    void StartNext();
    /// \brief Count and trace a refused connection \param from the client
    void Refuse(const Address& from);
    /// \brief Apply the Profile attribute to the CPU (creating them if needed)
    void SetProfile(Ptr<DeviceProfile> profile);

    // link (attributes)
    Protocol m_protocol{T0};      //!< Protocol
    uint32_t m_f{372};            //!< F
    uint32_t m_d{1};              //!< D
    double m_clock{3.57e6};       //!< ClockFrequency
    uint8_t m_extraGuard{0};      //!< ExtraGuardTime
    uint8_t m_ifsc{254};          //!< Ifsc
    uint8_t m_ifsd{254};          //!< Ifsd
    Time m_perApdu;               //!< PerApduOverhead
    uint32_t m_maxCommandData{0}; //!< MaxCommandData
    // rendezvous (attributes)
    uint32_t m_backlog{50};        //!< Backlog
    bool m_rendezvous{true};       //!< Rendezvous
    bool m_export{false};          //!< ExportSession
    uint32_t m_exportBytes{0};     //!< ExportBytes
    Ptr<DeviceProfile> m_profile;  //!< Profile
    Ptr<CpuModel> m_cpu;           //!< the card's CPU
    Time m_busyUntil;              //!< end of the steps priced so far
    uint64_t m_current{0};         //!< ticket of the session in the card (0: none)
    uint64_t m_nextTicket{1};      //!< next ticket
    std::deque<Waiting> m_waiting; //!< the backlog
    uint64_t m_refused{0};         //!< refusals
    uint64_t m_sessions{0};        //!< sessions that got the card
    uint64_t m_abandoned{0};       //!< left the backlog
    uint64_t m_steps{0};           //!< steps priced
    Time m_linkTime;               //!< link time of the steps
    Time m_cpuTime;                //!< CPU time of the steps
    TracedValue<bool> m_inUse;     //!< InUse
    TracedValue<uint32_t> m_queue; //!< QueueLength
    TracedCallback<const Address&, uint32_t> m_refusedTrace;          //!< Refused
    TracedCallback<const Address&, Time> m_sessionTrace;              //!< SessionStarted
    TracedCallback<uint32_t, uint32_t, Time, Time, Time> m_stepTrace; //!< Step
};

} // namespace ns3

#endif /* IOTSEC_SECURE_ELEMENT_H */
