/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_BUILDING_TOPOLOGY_HELPER_H
#define IOTSEC_BUILDING_TOPOLOGY_HELPER_H

#include "lln-helper.h"
#include "lln-routing-helper.h"

#include "ns3/building.h"
#include "ns3/data-rate.h"
#include "ns3/ipv6-address.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/object.h"

#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

class PropagationLossModel;

/**
 * \ingroup iotsec
 * \brief Builds a building of IEEE 802.15.4 lights, its 6LoWPAN border routers (6LBRs), a
 * backbone and an Internet side, and routes it with ETX shortest-path trees.
 *
 * **Geometry.** `Floors` floors of `RoomsPerFloor` rooms, `RoomWidth` x `RoomDepth` metres
 * each, on a grid of `RoomColumns` columns per floor (0: the divisor of the room count
 * nearest its square root from above, so 10 rooms make 5 x 2), `FloorHeight` metres apart.
 * Every room holds `NodesPerRoom` lights, on a regular sub-grid of the room, `NodeHeight`
 * metres above its floor. The building is an ns-3 `Building` (boundaries, type, floors and
 * rooms), and every LLN node has a `MobilityBuildingInfo` (`BuildingsHelper`), so the floor
 * and room of every node are ns-3's own. Floors and rooms are numbered from 0 in this API
 * (ns-3's `MobilityBuildingInfo` numbers them from 1); room `r` of a floor is in column
 * `r % columns` and row `r / columns`.
 *
 * **Propagation.** `HybridBuildingsPropagationLossModel`: between two nodes of the building
 * it is ITU-R P.1238 (distance power loss coefficient 30 for an Office building, 28
 * Residential, 22 Commercial, and a floor penetration loss of 15 + 4 (n - 1) dB across n
 * floors for Office, 4 n Residential, 6 + 3 (n - 1) Commercial) at 2405 MHz (802.15.4
 * channel 11) plus `InternalWallLoss` dB per internal wall (the Manhattan distance between
 * the rooms), plus log-normal shadowing of standard deviation `ShadowSigma` dB, drawn once
 * per ordered pair of nodes. The channel's `MaxLossDb` drops every frame whose loss exceeds
 * it: that is the radio range (with the default 0 dBm and 100 dB, a receiver hears down to
 * -100 dBm) and what keeps far floors out of each other's collision domain.
 *
 * **Border routers and backbone.** One 6LBR per floor (`BorderRouters` = PerFloor: at the
 * centre of the floor, `NodeHeight` above it; the lights of the floor form its DODAG) or one
 * for the building (PerBuilding: at the centre of the middle floor, every light in its
 * DODAG). DODAG `k` has its own /64, `LlnPrefix` with its fourth 16-bit group set to k. The
 * 6LBRs reach a core router over the backbone: one CSMA LAN (`BackbonePrefix`/64), or one
 * point-to-point link per 6LBR (`BackbonePrefix` with its fourth group set to k). The core
 * router and `InternetHosts` hosts (clients, servers, attackers: the scenario decides) share
 * a CSMA LAN, the Internet side (`InternetPrefix`/64, `InternetDelay` standing for the path
 * across the Internet).
 *
 * **Routes.** The LLN is routed by LlnRoutingHelper (ETX trees over the radio graph, RPL
 * storing mode as static routes); each 6LBR routes everything else to the core router, the
 * core router routes each DODAG's /64 to its 6LBR, and Internet hosts route everything to the
 * core router. Every address is static; duplicate address detection is off.
 *
 * \code
 * Ptr<BuildingTopologyHelper> building = CreateObject<BuildingTopologyHelper>();
 * building->SetAttribute("Floors", UintegerValue(10));
 * std::string error = building->Validate();   // impossible attributes, before anything is built
 * building->Build();                          // nodes, building, LLN, backbone, addresses
 * stream += building->AssignStreams(stream);  // before InstallRoutes: it draws the shadowing
 * building->InstallRoutes();                  // or ComputeRoutes() to get an error back
 * NodeContainer lights = building->GetFloorLights(3);
 * Ipv6Address light = building->GetAddress(lights.Get(0));
 * \endcode
 */
class BuildingTopologyHelper : public Object
{
  public:
    /// Where the 6LBRs are
    enum BorderRouterPlacement
    {
        PER_FLOOR,   //!< one 6LBR per floor, serving its floor
        PER_BUILDING //!< one 6LBR for the whole building
    };

    /// What links the 6LBRs to the core router
    enum BackboneType
    {
        CSMA,          //!< one CSMA LAN
        POINT_TO_POINT //!< one point-to-point link per 6LBR
    };

    /// The role of a node
    enum Role
    {
        LIGHT,         //!< an 802.15.4 light (or sensor): every LLN node that is not a 6LBR
        BORDER_ROUTER, //!< a 6LoWPAN border router
        CORE_ROUTER,   //!< the router between the backbone and the Internet side
        INTERNET_HOST  //!< a host on the Internet side
    };

    /// What the builder knows about a node
    struct NodeInfo
    {
        Role role{LIGHT};         //!< its role
        int32_t building{-1};     //!< its building, from 0 (-1: outside every building)
        int32_t floor{-1};        //!< its floor, from 0 (-1: outside the building)
        int32_t room{-1};         //!< its room on the floor, from 0 (-1: outside)
        Ptr<Node> borderRouter;   //!< LLN nodes: the 6LBR of its DODAG (a 6LBR: itself)
        Ipv6Address address;      //!< LLN nodes: global LLN address; others: Internet side
        Ptr<NetDevice> llnDevice; //!< LLN nodes: the 6LoWPAN device
        uint32_t dodag{0};        //!< LLN nodes: index of its DODAG (of its 6LBR)
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    BuildingTopologyHelper();
    ~BuildingTopologyHelper() override;

    /**
     * \brief Check the attributes.
     * \return "" if a building can be built, else why not
     */
    std::string Validate() const;

    /**
     * \brief Create the nodes, the building, the LLN (devices, addresses) with its channel,
     * the backbone and the Internet side, with their addresses and the routes outside the LLN.
     *
     * Aborts with Validate()'s message on impossible attributes, and when called twice.
     */
    void Build();

    /**
     * \brief Fix the random streams of everything Build() created: the loss model (the
     * shadowing), the lr-wpan devices, the IPv6 stacks and the CSMA devices.
     *
     * Call it after Build() and before ComputeRoutes()/InstallRoutes(), which draw the
     * shadowing of every pair of LLN nodes.
     * \param stream the first stream index
     * \return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief Build the radio graph and the ETX trees, without installing routes.
     * \return "" on success, else why (naming every node that cannot reach its 6LBR)
     */
    std::string ComputeRoutes();

    /**
     * \brief Install the LLN's static routes (computing them first if needed); aborts with
     * ComputeRoutes()'s message when some node cannot reach its 6LBR.
     */
    void InstallRoutes();

    /**
     * \brief What every scenario does in turn: Validate(), Build(), AssignStreams(stream),
     * ComputeRoutes(), InstallRoutes(), stopping at the first error.
     * \param[in,out] stream the first random stream; advanced past the building's
     * \return "" on success, else why (Validate()'s or ComputeRoutes()'s message)
     */
    std::string BuildAndRoute(int64_t& stream);

    /// \return every light (every LLN node that is not a 6LBR): building by building, floor
    /// by floor, room by room
    NodeContainer GetLights() const;

    /**
     * \param floor a floor, from 0
     * \return the lights of that floor in every building, building by building
     */
    NodeContainer GetFloorLights(uint32_t floor) const;

    /**
     * \param building a building, from 0
     * \param floor a floor, from 0
     * \return the lights of that floor of that building
     */
    NodeContainer GetBuildingFloorLights(uint32_t building, uint32_t floor) const;

    /// \return the number of buildings (Buildings)
    uint32_t GetNBuildings() const;

    /// \return the number of columns of the grid of buildings
    uint32_t GetBuildingColumns() const;

    /**
     * \param floor a floor, from 0
     * \return every LLN node on that floor in every building: the 6LBRs on it, then its lights
     */
    NodeContainer GetFloorNodes(uint32_t floor) const;

    /// \return the 6LBRs, one per DODAG, in DODAG order (building by building)
    NodeContainer GetBorderRouters() const;

    /// \return every LLN node: the 6LBRs, then the lights
    NodeContainer GetLlnNodes() const;

    /// \return the Internet hosts
    NodeContainer GetInternetHosts() const;

    /// \return the core router
    Ptr<Node> GetCoreRouter() const;

    /// \return the 6LoWPAN devices of the lights, in the order of GetLights()
    NetDeviceContainer GetLightDevices() const;

    /// \return the 6LoWPAN devices of the 6LBRs' LLN side, in DODAG order
    NetDeviceContainer GetBorderRouterDevices() const;

    /// \return the lr-wpan devices of every LLN node (for AirTrafficMonitor, for example)
    NetDeviceContainer GetLrWpanDevices() const;

    /// \return the LLN helper (for example to enable pcaps)
    LlnHelper& GetLlnHelper();

    /// \return the routing (the radio graph, the trees and their statistics)
    const LlnRoutingHelper& GetRouting() const;

    /**
     * \param building a building, from 0
     * \return that ns-3 building
     */
    Ptr<Building> GetBuilding(uint32_t building = 0) const;

    /// \return the LLN channel's propagation loss model
    Ptr<PropagationLossModel> GetPropagationLossModel() const;

    /**
     * \brief Lose every 802.15.4 frame on every link with a probability, on top of the
     * building's propagation: a FrameErasurePropagationLossModel at the end of the chain.
     * Call it after InstallRoutes() (the routes are computed without it). A probability of 0
     * adds nothing.
     * \param probability erasure probability, in [0, 1)
     * \param stream first random stream for the erasure draws
     * \return the number of streams used (0 or 1)
     */
    int64_t AddFrameErasure(double probability, int64_t stream);

    /**
     * \param node a node the builder created
     * \return what the builder knows about it (aborts for another node)
     */
    NodeInfo GetNodeInfo(Ptr<Node> node) const;

    /**
     * \param node a node the builder created
     * \return its global address: on the LLN for a light or a 6LBR, else on the Internet side
     */
    Ipv6Address GetAddress(Ptr<Node> node) const;

    /**
     * \param node an LLN node
     * \return the 6LBR of its DODAG
     */
    Ptr<Node> GetBorderRouter(Ptr<Node> node) const;

    /**
     * \param i an Internet host's index
     * \return its address on the Internet side
     */
    Ipv6Address GetInternetHostAddress(uint32_t i) const;

    /**
     * \param dodag a DODAG (6LBR) index
     * \return the 6LBR's address on the backbone
     */
    Ipv6Address GetBorderRouterBackboneAddress(uint32_t dodag) const;

    /**
     * \param dodag a DODAG (6LBR) index
     * \return its LLN prefix (a /64)
     */
    Ipv6Address GetLlnPrefix(uint32_t dodag) const;

    /**
     * \param node an LLN node
     * \return hops from it to its 6LBR (after ComputeRoutes)
     */
    uint32_t GetHopCount(Ptr<Node> node) const;

    /**
     * \param node an LLN node
     * \return the ETX of its path to its 6LBR (after ComputeRoutes)
     */
    double GetPathEtx(Ptr<Node> node) const;

    /**
     * \param node a light
     * \return its parent in its DODAG's tree (after ComputeRoutes)
     */
    Ptr<Node> GetParent(Ptr<Node> node) const;

    /// \return the number of room columns per floor (RoomColumns, or the automatic choice)
    uint32_t GetRoomColumns() const;

    /**
     * \brief Write the radio graph in GraphViz DOT (LlnRoutingHelper::WriteGraphviz).
     * \param path the file
     * \param[out] error if non-null, why the file could not be written
     * \return true on success
     */
    bool WriteGraphviz(const std::string& path, std::string* error) const;

  protected:
    void DoDispose() override;

  private:
    /**
     * \param base a prefix whose fourth 16-bit group is zero
     * \param index the value of that group
     * \return the prefix with it set
     */
    static Ipv6Address Subprefix(Ipv6Address base, uint32_t index);

    /**
     * \param node a node
     * \return its info (aborts if the builder did not create it)
     */
    const NodeInfo& InfoOf(Ptr<Node> node) const;

    // Attributes
    uint32_t m_buildingCount;                //!< Buildings
    uint32_t m_buildingColumns;              //!< BuildingColumns (0: automatic)
    double m_buildingGap;                    //!< BuildingGap [m]
    uint32_t m_floors;                       //!< Floors
    uint32_t m_roomsPerFloor;                //!< RoomsPerFloor
    uint32_t m_roomColumns;                  //!< RoomColumns (0: automatic)
    uint32_t m_nodesPerRoom;                 //!< NodesPerRoom
    double m_roomWidth;                      //!< RoomWidth [m]
    double m_roomDepth;                      //!< RoomDepth [m]
    double m_floorHeight;                    //!< FloorHeight [m]
    double m_nodeHeight;                     //!< NodeHeight [m]
    BorderRouterPlacement m_placement;       //!< BorderRouters
    LlnHelper::RdcType m_rdc;                //!< Rdc
    Time m_wakeupInterval;                   //!< WakeupInterval
    Building::BuildingType_t m_buildingType; //!< BuildingType
    double m_internalWallLoss;               //!< InternalWallLoss [dB]
    double m_shadowSigma;                    //!< ShadowSigma [dB]
    double m_maxLossDb;                      //!< MaxLossDb
    int32_t m_txPowerDbm;                    //!< TxPowerDbm
    uint32_t m_frameSize;                    //!< EtxFrameSize [bytes]
    double m_maxEtx;                         //!< MaxEtx
    uint32_t m_internetHostCount;            //!< InternetHosts
    BackboneType m_backbone;                 //!< Backbone
    DataRate m_backboneRate;                 //!< BackboneDataRate
    Time m_backboneDelay;                    //!< BackboneDelay
    DataRate m_internetRate;                 //!< InternetDataRate
    Time m_internetDelay;                    //!< InternetDelay
    Ipv6Address m_llnPrefix;                 //!< LlnPrefix
    Ipv6Address m_backbonePrefix;            //!< BackbonePrefix
    Ipv6Address m_internetPrefix;            //!< InternetPrefix

    // What Build() made
    bool m_built;                             //!< Build was called
    bool m_routesComputed;                    //!< ComputeRoutes succeeded or InstallRoutes ran
    bool m_routesInstalled;                   //!< InstallRoutes ran
    std::vector<Ptr<Building>> m_buildings;   //!< the buildings
    Ptr<PropagationLossModel> m_loss;         //!< LLN loss model
    LlnHelper m_lln;                          //!< the LLN
    LlnRoutingHelper m_routing;               //!< its routing
    NodeContainer m_lights;                   //!< lights
    std::vector<NodeContainer> m_floorLights; //!< lights per floor (every building)
    std::vector<NodeContainer> m_buildingFloorLights; //!< lights per building x floors + floor
    NodeContainer m_borderRouters;                    //!< 6LBRs
    std::vector<int32_t> m_borderRouterFloor;         //!< floor of each 6LBR
    std::vector<int32_t> m_borderRouterBuilding;      //!< building of each 6LBR
    NodeContainer m_internetHosts;                    //!< Internet hosts
    Ptr<Node> m_coreRouter;                           //!< core router
    NetDeviceContainer m_lightDevices;                //!< 6LoWPAN devices of the lights
    NetDeviceContainer m_borderRouterDevices;         //!< 6LoWPAN devices of the 6LBRs
    NetDeviceContainer m_csmaDevices;                 //!< CSMA devices (backbone, Internet side)
    std::vector<Ipv6Address> m_backboneAddresses;     //!< 6LBR backbone addresses
    std::vector<Ipv6Address> m_hostAddresses;         //!< Internet host addresses
    std::map<uint32_t, NodeInfo> m_info;              //!< node ID -> info
};

} // namespace ns3

#endif /* IOTSEC_BUILDING_TOPOLOGY_HELPER_H */
