/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_LLN_ROUTING_HELPER_H
#define IOTSEC_LLN_ROUTING_HELPER_H

#include "ns3/net-device-container.h"
#include "ns3/net-device.h"
#include "ns3/ptr.h"

#include <boost/graph/adjacency_list.hpp>
#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief Route-over routing for an LLN, computed offline as an RPL DODAG would converge: the
 * radio connectivity graph, ETX shortest-path trees rooted at the border routers (Boost.Graph),
 * and the IPv6 static routes that realise them.
 *
 * **The radio graph.** Every 6LoWPAN device (over an lr-wpan device) of every DODAG is a
 * vertex. For each ordered pair (a, b) the helper asks the devices' own spectrum channel what
 * it would do with a frame: the loss L(a, b) is `-CalcRxPower(0 dBm, a, b)` of the channel's
 * propagation loss model (the same object, so random shadowing already drawn is the same the
 * simulation uses), a receiver never sees a frame whose loss exceeds the channel's MaxLossDb,
 * and otherwise the frame's success probability is lr-wpan's own error model
 * (LrWpanErrorModel, IEEE 802.15.4-2006 Annex E, O-QPSK) at the signal-to-noise ratio
 * SNR = P_tx 10^(-L/10) / N, over the bits of the PPDU (6-byte synchronisation and PHY header
 * plus a PSDU of FrameSize bytes); N is the receiving PHY's noise power in its channel and
 * P_tx the in-band power of TxPowerDbm. This is the mapping the lr-wpan PHY applies to a frame
 * received without interference. A link is an edge when both directions have a non-zero
 * success probability and its ETX, 1 / (p(a,b) p(b,a)) (De Couto et al.: forward and reverse
 * delivery ratios), is at most MaxEtx.
 *
 * **The trees.** Each DODAG (a root, its 6LBR, and the member nodes given to AddDodag) gets an
 * ETX shortest-path tree from `boost::dijkstra_shortest_paths` over the graph restricted to its
 * own vertices, as RPL's MRHOF with the ETX metric converges to. Edge weights are the ETX plus
 * 10^-6 times the link's mean loss in units of 100 dB, which only breaks exact ties (equally
 * good paths) towards the stronger links.
 *
 * **The routes** (Install) are RPL storing mode as static routes: every member gets a default
 * route to its parent (its preferred parent); every ancestor of a member, the root included,
 * gets a host route to it through the next node down the tree; parent and child are permanent
 * neighbor-cache entries of each other (LlnHelper::AddNeighbor). A member's on-link route to
 * its LLN prefix is removed: on a route-over LLN the prefix is not on-link (RFC 6775, section
 * 5.2), so traffic to a non-neighbour of the same prefix goes up the tree to the common
 * ancestor instead of to a neighbor solicitation nobody may hear.
 *
 * \code
 * LlnRoutingHelper routing;
 * routing.AddDodag(sixDevices.Get(0), others);   // root, members (addresses assigned)
 * std::string error = routing.Compute();         // "" or names the nodes that cannot be routed
 * routing.Install();                             // static routes (aborts if Compute failed)
 * std::ofstream dot("lln.dot");
 * routing.WriteGraphviz(dot);
 * \endcode
 */
class LlnRoutingHelper
{
  public:
    /// A vertex of the radio graph: one LLN node.
    struct Vertex
    {
        Ptr<NetDevice> device; //!< the node's 6LoWPAN device
        uint32_t nodeId{0};    //!< its node ID
        std::string role;      //!< "6lbr" (roots) or "node", unless SetDescription() says
        int32_t floor{-1};     //!< its floor (-1: not given)
        int32_t room{-1};      //!< its room (-1: not given)
        int32_t dodag{-1};     //!< index of its DODAG (the order of AddDodag calls)
        int64_t parent{-1};    //!< its parent's vertex index (-1: a root, or not routed)
        uint32_t hops{0};      //!< hops to its root
        double pathEtx{0};     //!< sum of the link ETX on its path to its root
    };

    /// An edge of the radio graph: a usable radio link. "Forward" is source -> target.
    struct Link
    {
        double lossForwardDb{0}; //!< path loss from source to target [dB]
        double lossReverseDb{0}; //!< path loss from target to source [dB]
        double pForward{0};      //!< frame success probability source -> target
        double pReverse{0};      //!< frame success probability target -> source
        double etx{0};           //!< 1 / (pForward pReverse)
        double weight{0};        //!< Dijkstra weight: etx and the tie-breaking term
        bool tree{false};        //!< whether the link is a tree link of a DODAG
    };

    /// The radio connectivity graph
    using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, Vertex, Link>;

    /// Summary of the trees: hops and path ETX over every member (roots excluded)
    struct Statistics
    {
        uint32_t vertices{0}; //!< vertices of the radio graph
        uint32_t links{0};    //!< edges of the radio graph
        uint32_t members{0};  //!< routed members (roots excluded)
        double hopsMean{0};   //!< mean hops to the root
        uint32_t hopsMax{0};  //!< largest hops to the root
        double etxMean{0};    //!< mean path ETX
        double etxMax{0};     //!< largest path ETX
    };

    LlnRoutingHelper();

    /**
     * \param dbm the transmit power of every PHY (default 0 dBm, lr-wpan's default); it must
     * be the power the PHYs really use
     */
    void SetTxPowerDbm(double dbm);

    /**
     * \param bytes the PSDU size (MAC header, payload, FCS) of the frame whose success
     * probability defines a link's ETX (default 127, the largest 802.15.4 frame)
     */
    void SetFrameSize(uint32_t bytes);

    /// \param etx the largest ETX of a link that routes may use (default 4, at least 1)
    void SetMaxEtx(double etx);

    /**
     * \brief Add a DODAG: a root and the nodes that route through it.
     * \param root the 6LoWPAN device of the border router
     * \param members the 6LoWPAN devices of its members (not the root; no device twice)
     */
    void AddDodag(Ptr<NetDevice> root, NetDeviceContainer members);

    /**
     * \brief Describe a node for messages and the GraphViz export.
     * \param device its 6LoWPAN device (given to AddDodag before or after this call)
     * \param role its role, for example "light" or "6lbr"
     * \param floor its floor (-1: none)
     * \param room its room (-1: none)
     */
    void SetDescription(Ptr<NetDevice> device,
                        const std::string& role,
                        int32_t floor,
                        int32_t room);

    /**
     * \brief Build the radio graph and the ETX trees (no route is installed).
     *
     * Draws the shadowing of every link that the channel's loss model has not drawn yet: fix
     * its random streams first.
     * \return "" on success, else why, naming every node that cannot be routed (out of range of
     * every node, or with no radio path to its root) and any device given twice
     */
    std::string Compute();

    /**
     * \brief Install the static routes of the trees (computing them first if needed).
     *
     * Aborts with Compute()'s message when the trees cannot be built, and when called twice.
     */
    void Install();

    /// \return whether Compute() succeeded
    bool IsComputed() const;

    /// \return the radio graph (after Compute)
    const Graph& GetGraph() const;

    /**
     * \param device a 6LoWPAN device of a DODAG
     * \return its vertex index in the graph (aborts for an unknown device)
     */
    std::size_t GetVertex(Ptr<NetDevice> device) const;

    /**
     * \param device a member's 6LoWPAN device
     * \return its parent's 6LoWPAN device (null for a root)
     */
    Ptr<NetDevice> GetParent(Ptr<NetDevice> device) const;

    /**
     * \param device a 6LoWPAN device of a DODAG
     * \return the 6LoWPAN device of its DODAG's root
     */
    Ptr<NetDevice> GetRoot(Ptr<NetDevice> device) const;

    /**
     * \param device a 6LoWPAN device of a DODAG
     * \return hops to its root (0 for a root)
     */
    uint32_t GetHopCount(Ptr<NetDevice> device) const;

    /**
     * \param device a 6LoWPAN device of a DODAG
     * \return the sum of the ETX of the links on its path to its root (0 for a root)
     */
    double GetPathEtx(Ptr<NetDevice> device) const;

    /// \return the members of every DODAG (roots excluded), in the order they were added
    NetDeviceContainer GetMembers() const;

    /// \return the summary statistics (after Compute)
    Statistics GetStatistics() const;

    /**
     * \brief Print one line per node: node, role, floor, room, root, parent, hops, path ETX.
     * \param os the stream
     */
    void PrintNodes(std::ostream& os) const;

    /**
     * \brief Write the radio graph in GraphViz DOT (`boost::write_graphviz`).
     *
     * Vertices carry `label` ("<role> n<node> f<floor> r<room>"), `role`, `node`, `floor`,
     * `room`, `dodag`, `hops` and `etx` (path ETX); edges carry `label` and `etx` (the link's
     * ETX), `pf`, `pr` (success probabilities), `loss` (mean loss, dB) and `tree` (1 for tree
     * links, drawn bold).
     * \param os the stream
     */
    void WriteGraphviz(std::ostream& os) const;

    /**
     * \brief The success probability of an 802.15.4 frame received without interference.
     * \param snr the signal-to-noise ratio (linear)
     * \param psduBytes the PSDU size; the 6 bytes of SHR and PHR are added
     * \return lr-wpan's chunk success rate over the PPDU's bits
     */
    static double FrameSuccessProbability(double snr, uint32_t psduBytes);

  private:
    /// A DODAG as given to AddDodag
    struct Dodag
    {
        Ptr<NetDevice> root;        //!< root
        NetDeviceContainer members; //!< members
    };

    /// A description given to SetDescription
    struct Description
    {
        std::string role; //!< role
        int32_t floor;    //!< floor
        int32_t room;     //!< room
    };

    /**
     * \param v a vertex
     * \return "node N (role, floor F, room R)"
     */
    std::string Name(std::size_t v) const;

    /**
     * \param device a device
     * \return its vertex (aborts if it has none)
     */
    std::size_t VertexOf(Ptr<NetDevice> device) const;

    double m_txPowerDbm;                                  //!< transmit power
    uint32_t m_frameSize;                                 //!< PSDU of the ETX frame
    double m_maxEtx;                                      //!< largest link ETX
    std::vector<Dodag> m_dodags;                          //!< DODAGs
    std::map<Ptr<NetDevice>, Description> m_descriptions; //!< descriptions
    Graph m_graph;                                        //!< the radio graph
    std::map<Ptr<NetDevice>, std::size_t> m_vertexOf;     //!< device -> vertex
    std::vector<std::size_t> m_roots;                     //!< root vertex of each DODAG
    bool m_computed;                                      //!< Compute succeeded
    std::string m_error;                                  //!< Compute's error
    bool m_installed;                                     //!< Install was called
};

} // namespace ns3

#endif /* IOTSEC_LLN_ROUTING_HELPER_H */
