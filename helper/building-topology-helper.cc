/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "building-topology-helper.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/buildings-helper.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/csma-helper.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/frame-erasure-loss-model.h"
#include "ns3/hybrid-buildings-propagation-loss-model.h"
#include "ns3/icmpv6-l4-protocol.h"
#include "ns3/integer.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/iotsec-compat.h"
#include "ns3/ipv6-address-helper.h"
#include "ns3/ipv6-static-routing-helper.h"
#include "ns3/ipv6-static-routing.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/lpl-net-device.h"
#include "ns3/lr-wpan-net-device.h"
#include "ns3/lr-wpan-phy.h"
#include "ns3/mobility-building-info.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/sixlowpan-net-device.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <fstream>
#include <sstream>

namespace ns3
{

using namespace lrwpan; // NOLINT: ns-3 >= 3.42 keeps lr-wpan in ns3::lrwpan (iotsec-compat.h)

NS_LOG_COMPONENT_DEFINE("BuildingTopologyHelper");

NS_OBJECT_ENSURE_REGISTERED(BuildingTopologyHelper);

TypeId
BuildingTopologyHelper::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::BuildingTopologyHelper")
            .SetParent<Object>()
            .SetGroupName("Iotsec")
            .AddConstructor<BuildingTopologyHelper>()
            .AddAttribute("Buildings",
                          "Number of buildings of the campus, on a grid (each with its floors, "
                          "lights and 6LBRs; all share the backbone and the channel)",
                          UintegerValue(1),
                          MakeUintegerAccessor(&BuildingTopologyHelper::m_buildingCount),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("BuildingColumns",
                          "Columns of the grid of buildings (0: the divisor of Buildings "
                          "nearest its square root from above)",
                          UintegerValue(0),
                          MakeUintegerAccessor(&BuildingTopologyHelper::m_buildingColumns),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("BuildingGap",
                          "Distance between the walls of neighbouring buildings [m] (200 m: "
                          "ns-3's buildings model puts 124 dB or more between two buildings, "
                          "out of radio range; at 30 m facing facades are 84 dB apart)",
                          DoubleValue(200.0),
                          MakeDoubleAccessor(&BuildingTopologyHelper::m_buildingGap),
                          MakeDoubleChecker<double>())
            .AddAttribute("Floors",
                          "Number of floors of every building (1..255)",
                          UintegerValue(10),
                          MakeUintegerAccessor(&BuildingTopologyHelper::m_floors),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("RoomsPerFloor",
                          "Number of rooms on every floor",
                          UintegerValue(10),
                          MakeUintegerAccessor(&BuildingTopologyHelper::m_roomsPerFloor),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("RoomColumns",
                          "Columns of the room grid of a floor (0: the divisor of RoomsPerFloor "
                          "nearest its square root from above)",
                          UintegerValue(0),
                          MakeUintegerAccessor(&BuildingTopologyHelper::m_roomColumns),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("NodesPerRoom",
                          "Lights in every room",
                          UintegerValue(1),
                          MakeUintegerAccessor(&BuildingTopologyHelper::m_nodesPerRoom),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("RoomWidth",
                          "Size of a room along x [m]",
                          DoubleValue(10.0),
                          MakeDoubleAccessor(&BuildingTopologyHelper::m_roomWidth),
                          MakeDoubleChecker<double>())
            .AddAttribute("RoomDepth",
                          "Size of a room along y [m]",
                          DoubleValue(10.0),
                          MakeDoubleAccessor(&BuildingTopologyHelper::m_roomDepth),
                          MakeDoubleChecker<double>())
            .AddAttribute("FloorHeight",
                          "Height of a floor [m]",
                          DoubleValue(3.5),
                          MakeDoubleAccessor(&BuildingTopologyHelper::m_floorHeight),
                          MakeDoubleChecker<double>())
            .AddAttribute("NodeHeight",
                          "Height of lights and 6LBRs above their floor [m] (less than "
                          "FloorHeight)",
                          DoubleValue(2.5),
                          MakeDoubleAccessor(&BuildingTopologyHelper::m_nodeHeight),
                          MakeDoubleChecker<double>())
            .AddAttribute(
                "BorderRouters",
                "One 6LBR per floor, or one for the building",
                EnumValue(PER_FLOOR),
                iotsec_compat::MakeEnumAccessor<BuildingTopologyHelper::BorderRouterPlacement>(
                    &BuildingTopologyHelper::m_placement),
                MakeEnumChecker(PER_FLOOR, "PerFloor", PER_BUILDING, "PerBuilding"))
            .AddAttribute(
                "Rdc",
                "Radio duty cycling of the lights: None (always-on receivers) or Lpl "
                "(ContikiMAC-style low-power listening, LplNetDevice); the 6LBRs "
                "listen all the time and send with strobes",
                EnumValue(LlnHelper::RDC_NONE),
                iotsec_compat::MakeEnumAccessor<LlnHelper::RdcType>(&BuildingTopologyHelper::m_rdc),
                MakeEnumChecker(LlnHelper::RDC_NONE, "None", LlnHelper::RDC_LPL, "Lpl"))
            .AddAttribute("WakeupInterval",
                          "With Rdc Lpl: the lights' channel-check interval",
                          TimeValue(MilliSeconds(125)),
                          MakeTimeAccessor(&BuildingTopologyHelper::m_wakeupInterval),
                          MakeTimeChecker(MicroSeconds(1)))
            .AddAttribute("BuildingType",
                          "ns-3 building type, which sets ITU-R P.1238's distance and floor "
                          "losses",
                          EnumValue(Building::Office),
                          iotsec_compat::MakeEnumAccessor<Building::BuildingType_t>(
                              &BuildingTopologyHelper::m_buildingType),
                          MakeEnumChecker(Building::Residential,
                                          "Residential",
                                          Building::Office,
                                          "Office",
                                          Building::Commercial,
                                          "Commercial"))
            .AddAttribute("InternalWallLoss",
                          "Loss of every internal wall between two rooms [dB] (ns-3's default "
                          "is 5 dB; 10 dB stands for brick or concrete office walls)",
                          DoubleValue(10.0),
                          MakeDoubleAccessor(&BuildingTopologyHelper::m_internalWallLoss),
                          MakeDoubleChecker<double>())
            .AddAttribute("ShadowSigma",
                          "Standard deviation of the log-normal shadowing between two nodes "
                          "[dB] (ns-3's indoor default is 8 dB; 0: none)",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&BuildingTopologyHelper::m_shadowSigma),
                          MakeDoubleChecker<double>())
            .AddAttribute("MaxLossDb",
                          "Loss beyond which a receiver never sees a frame (the channel's "
                          "MaxLossDb): the radio range",
                          DoubleValue(100.0),
                          MakeDoubleAccessor(&BuildingTopologyHelper::m_maxLossDb),
                          MakeDoubleChecker<double>())
            .AddAttribute("TxPowerDbm",
                          "Transmit power of every 802.15.4 PHY [dBm] (-32..31)",
                          IntegerValue(0),
                          MakeIntegerAccessor(&BuildingTopologyHelper::m_txPowerDbm),
                          MakeIntegerChecker<int32_t>())
            .AddAttribute("EtxFrameSize",
                          "PSDU of the frame whose success probability defines a link's ETX "
                          "[bytes] (5..127)",
                          UintegerValue(127),
                          MakeUintegerAccessor(&BuildingTopologyHelper::m_frameSize),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MaxEtx",
                          "Largest ETX of a link that routes may use (at least 1)",
                          DoubleValue(4.0),
                          MakeDoubleAccessor(&BuildingTopologyHelper::m_maxEtx),
                          MakeDoubleChecker<double>())
            .AddAttribute("InternetHosts",
                          "Hosts on the Internet side (clients, servers, attackers)",
                          UintegerValue(1),
                          MakeUintegerAccessor(&BuildingTopologyHelper::m_internetHostCount),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Backbone",
                          "What links the 6LBRs to the core router",
                          EnumValue(CSMA),
                          iotsec_compat::MakeEnumAccessor<BuildingTopologyHelper::BackboneType>(
                              &BuildingTopologyHelper::m_backbone),
                          MakeEnumChecker(CSMA, "Csma", POINT_TO_POINT, "PointToPoint"))
            .AddAttribute("BackboneDataRate",
                          "Data rate of the backbone links",
                          DataRateValue(DataRate("100Mbps")),
                          MakeDataRateAccessor(&BuildingTopologyHelper::m_backboneRate),
                          MakeDataRateChecker())
            .AddAttribute("BackboneDelay",
                          "Propagation delay of the backbone links",
                          TimeValue(MicroSeconds(10)),
                          MakeTimeAccessor(&BuildingTopologyHelper::m_backboneDelay),
                          MakeTimeChecker())
            .AddAttribute("InternetDataRate",
                          "Data rate of the Internet side's LAN",
                          DataRateValue(DataRate("100Mbps")),
                          MakeDataRateAccessor(&BuildingTopologyHelper::m_internetRate),
                          MakeDataRateChecker())
            .AddAttribute("InternetDelay",
                          "Delay of the Internet side's LAN (the path across the Internet)",
                          TimeValue(MilliSeconds(10)),
                          MakeTimeAccessor(&BuildingTopologyHelper::m_internetDelay),
                          MakeTimeChecker())
            .AddAttribute("LlnPrefix",
                          "Base of the LLN prefixes: DODAG k gets this /64 with its fourth "
                          "16-bit group set to k (not 2001:db8::/32)",
                          Ipv6AddressValue(Ipv6Address("2001:1::")),
                          MakeIpv6AddressAccessor(&BuildingTopologyHelper::m_llnPrefix),
                          MakeIpv6AddressChecker())
            .AddAttribute("BackbonePrefix",
                          "Backbone prefix: the CSMA LAN's /64, or the base of one /64 per "
                          "point-to-point link (fourth group set to k)",
                          Ipv6AddressValue(Ipv6Address("2001:2::")),
                          MakeIpv6AddressAccessor(&BuildingTopologyHelper::m_backbonePrefix),
                          MakeIpv6AddressChecker())
            .AddAttribute("InternetPrefix",
                          "The Internet side's /64",
                          Ipv6AddressValue(Ipv6Address("2001:3::")),
                          MakeIpv6AddressAccessor(&BuildingTopologyHelper::m_internetPrefix),
                          MakeIpv6AddressChecker());
    return tid;
}

BuildingTopologyHelper::BuildingTopologyHelper()
    : m_built(false),
      m_routesComputed(false),
      m_routesInstalled(false)
{
    NS_LOG_FUNCTION(this);
}

BuildingTopologyHelper::~BuildingTopologyHelper()
{
    NS_LOG_FUNCTION(this);
}

void
BuildingTopologyHelper::DoDispose()
{
    m_buildings.clear();
    m_loss = nullptr;
    m_coreRouter = nullptr;
    m_info.clear();
    m_lights = NodeContainer();
    m_floorLights.clear();
    m_buildingFloorLights.clear();
    m_borderRouters = NodeContainer();
    m_internetHosts = NodeContainer();
    m_lightDevices = NetDeviceContainer();
    m_borderRouterDevices = NetDeviceContainer();
    m_csmaDevices = NetDeviceContainer();
    Object::DoDispose();
}

namespace
{
/**
 * \param count rooms (or buildings) on a grid
 * \param columns the columns asked for (0: automatic)
 * \return the columns: those asked for, or the divisor of count nearest its square root from
 * above
 */
uint32_t
GridColumns(uint32_t count, uint32_t columns)
{
    if (columns > 0)
    {
        return columns;
    }
    for (uint32_t c = 1; c <= count; ++c)
    {
        if (count % c == 0 && uint64_t{c} * c >= count)
        {
            return c;
        }
    }
    return 1;
}
} // namespace

uint32_t
BuildingTopologyHelper::GetRoomColumns() const
{
    return GridColumns(m_roomsPerFloor, m_roomColumns);
}

uint32_t
BuildingTopologyHelper::GetBuildingColumns() const
{
    return GridColumns(m_buildingCount, m_buildingColumns);
}

uint32_t
BuildingTopologyHelper::GetNBuildings() const
{
    return m_buildingCount;
}

Ipv6Address
BuildingTopologyHelper::Subprefix(Ipv6Address base, uint32_t index)
{
    uint8_t bytes[16];
    base.GetBytes(bytes);
    bytes[6] = static_cast<uint8_t>(index >> 8);
    bytes[7] = static_cast<uint8_t>(index & 0xff);
    return Ipv6Address(bytes);
}

std::string
BuildingTopologyHelper::Validate() const
{
    std::ostringstream why;
    uint64_t dodags = uint64_t{m_buildingCount} * (m_placement == PER_FLOOR ? m_floors : 1);
    if (m_buildingCount == 0)
    {
        why << "Buildings must be at least 1";
    }
    else if (m_buildingColumns > m_buildingCount)
    {
        why << "BuildingColumns (" << m_buildingColumns << ") exceeds Buildings ("
            << m_buildingCount << ")";
    }
    else if (!(m_buildingGap >= 0))
    {
        why << "BuildingGap must not be negative, not " << m_buildingGap;
    }
    else if (m_floors == 0 || m_floors > 255)
    {
        why << "Floors must be 1..255 (ns-3's MobilityBuildingInfo numbers floors with 8 bits), "
               "not "
            << m_floors;
    }
    else if (m_roomsPerFloor == 0)
    {
        why << "RoomsPerFloor must be at least 1";
    }
    else if (m_roomColumns > m_roomsPerFloor)
    {
        why << "RoomColumns (" << m_roomColumns << ") exceeds RoomsPerFloor (" << m_roomsPerFloor
            << ")";
    }
    else if (GetRoomColumns() > 255 ||
             (m_roomsPerFloor + GetRoomColumns() - 1) / GetRoomColumns() > 255)
    {
        why << "a floor's room grid may have at most 255 columns and 255 rows (ns-3's "
               "MobilityBuildingInfo numbers rooms with 8 bits)";
    }
    else if (m_nodesPerRoom == 0)
    {
        why << "NodesPerRoom must be at least 1";
    }
    else if (!(m_roomWidth > 0) || !(m_roomDepth > 0) || !(m_floorHeight > 0))
    {
        why << "RoomWidth, RoomDepth and FloorHeight must be positive (got " << m_roomWidth << ", "
            << m_roomDepth << ", " << m_floorHeight << ")";
    }
    else if (!(m_nodeHeight >= 0) || !(m_nodeHeight < m_floorHeight))
    {
        why << "NodeHeight must be in [0, FloorHeight), not " << m_nodeHeight;
    }
    else if (uint64_t{m_buildingCount} * m_floors * m_roomsPerFloor * m_nodesPerRoom + dodags >
             0xfffd)
    {
        why << "too many LLN nodes for 16-bit short addresses ("
            << uint64_t{m_buildingCount} * m_floors * m_roomsPerFloor * m_nodesPerRoom + dodags
            << ")";
    }
    else if (!(m_maxLossDb > 0))
    {
        why << "MaxLossDb must be positive";
    }
    else if (m_txPowerDbm < -32 || m_txPowerDbm > 31)
    {
        why << "TxPowerDbm must be -32..31 (802.15.4 phyTransmitPower), not " << m_txPowerDbm;
    }
    else if (m_frameSize < 5 || m_frameSize > 127)
    {
        why << "EtxFrameSize must be 5..127 bytes, not " << m_frameSize;
    }
    else if (!(m_maxEtx >= 1))
    {
        why << "MaxEtx must be at least 1";
    }
    else if (m_internalWallLoss < 0 || m_shadowSigma < 0)
    {
        why << "InternalWallLoss and ShadowSigma must not be negative";
    }
    else if (dodags > 0xffff)
    {
        why << "too many 6LBRs (" << dodags << ") for one /64 each from LlnPrefix";
    }
    if (!why.str().empty())
    {
        return why.str();
    }
    const Ipv6Prefix p32("ffff:ffff::");
    const std::vector<std::pair<std::string, Ipv6Address>> prefixes{
        {"LlnPrefix", m_llnPrefix},
        {"BackbonePrefix", m_backbonePrefix},
        {"InternetPrefix", m_internetPrefix}};
    for (const auto& [name, prefix] : prefixes)
    {
        uint8_t bytes[16];
        prefix.GetBytes(bytes);
        bool hostBits = false;
        for (int i = 6; i < 16; ++i)
        {
            hostBits = hostBits || bytes[i] != 0;
        }
        if (hostBits)
        {
            return name + " must have zero bits after its first 48 (its /64s are made from it)";
        }
        if (p32.IsMatch(prefix, Ipv6Address("2001:db8::")))
        {
            return name + " is in 2001:db8::/32, which ns-3.37 does not forward";
        }
    }
    if (m_llnPrefix == m_backbonePrefix || m_llnPrefix == m_internetPrefix ||
        m_backbonePrefix == m_internetPrefix)
    {
        return "LlnPrefix, BackbonePrefix and InternetPrefix must differ";
    }
    return "";
}

void
BuildingTopologyHelper::Build()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(m_built, "BuildingTopologyHelper::Build called twice");
    std::string error = Validate();
    NS_ABORT_MSG_UNLESS(error.empty(), "BuildingTopologyHelper: " << error);
    m_built = true;

    // The buildings, on a grid, BuildingGap apart
    const uint32_t columns = GetRoomColumns();
    const uint32_t rows = (m_roomsPerFloor + columns - 1) / columns;
    const double width = columns * m_roomWidth;
    const double depth = rows * m_roomDepth;
    const uint32_t buildingColumns = GetBuildingColumns();
    std::vector<Vector> origins;
    for (uint32_t b = 0; b < m_buildingCount; ++b)
    {
        Vector origin((b % buildingColumns) * (width + m_buildingGap),
                      (b / buildingColumns) * (depth + m_buildingGap),
                      0.0);
        Ptr<Building> building = CreateObject<Building>();
        building->SetBoundaries(Box(origin.x,
                                    origin.x + width,
                                    origin.y,
                                    origin.y + depth,
                                    0.0,
                                    m_floors * m_floorHeight));
        building->SetBuildingType(m_buildingType);
        building->SetExtWallsType(Building::ConcreteWithWindows);
        building->SetNFloors(static_cast<uint16_t>(m_floors));
        building->SetNRoomsX(static_cast<uint16_t>(columns));
        building->SetNRoomsY(static_cast<uint16_t>(rows));
        m_buildings.push_back(building);
        origins.push_back(origin);
    }

    auto place = [](Ptr<Node> node, const Vector& position) {
        Ptr<ConstantPositionMobilityModel> mobility = CreateObject<ConstantPositionMobilityModel>();
        mobility->SetPosition(position);
        node->AggregateObject(mobility);
    };

    // Lights: floor by floor, room by room, on a sub-grid of each room
    const uint32_t subColumns =
        static_cast<uint32_t>(std::ceil(std::sqrt(static_cast<double>(m_nodesPerRoom))));
    const uint32_t subRows = (m_nodesPerRoom + subColumns - 1) / subColumns;
    m_floorLights.assign(m_floors, NodeContainer());
    m_buildingFloorLights.assign(m_buildingCount * m_floors, NodeContainer());

    struct Place
    {
        int32_t building; //!< building
        int32_t floor;    //!< floor
        int32_t room;     //!< room
    };

    std::vector<Place> lightPlace;
    for (uint32_t b = 0; b < m_buildingCount; ++b)
    {
        for (uint32_t f = 0; f < m_floors; ++f)
        {
            for (uint32_t r = 0; r < m_roomsPerFloor; ++r)
            {
                for (uint32_t i = 0; i < m_nodesPerRoom; ++i)
                {
                    Ptr<Node> node = CreateObject<Node>();
                    double x = origins[b].x + (r % columns) * m_roomWidth +
                               (i % subColumns + 0.5) * m_roomWidth / subColumns;
                    double y = origins[b].y + (r / columns) * m_roomDepth +
                               (i / subColumns + 0.5) * m_roomDepth / subRows;
                    place(node, Vector(x, y, f * m_floorHeight + m_nodeHeight));
                    m_floorLights[f].Add(node);
                    m_buildingFloorLights[b * m_floors + f].Add(node);
                    m_lights.Add(node);
                    lightPlace.push_back({static_cast<int32_t>(b),
                                          static_cast<int32_t>(f),
                                          static_cast<int32_t>(r)});
                }
            }
        }
    }

    // 6LBRs: at the centre of their floor (DODAG k = building x 6LBRs per building + j)
    const uint32_t perBuilding = m_placement == PER_FLOOR ? m_floors : 1;
    const uint32_t dodags = m_buildingCount * perBuilding;
    for (uint32_t k = 0; k < dodags; ++k)
    {
        Ptr<Node> node = CreateObject<Node>();
        uint32_t b = k / perBuilding;
        uint32_t floor = m_placement == PER_FLOOR ? k % perBuilding : (m_floors - 1) / 2;
        place(node,
              Vector(origins[b].x + width / 2,
                     origins[b].y + depth / 2,
                     floor * m_floorHeight + m_nodeHeight));
        m_borderRouters.Add(node);
        m_borderRouterFloor.push_back(static_cast<int32_t>(floor));
        m_borderRouterBuilding.push_back(static_cast<int32_t>(b));
    }
    NodeContainer lln(m_borderRouters, m_lights);
    BuildingsHelper::Install(lln);
    for (uint32_t i = 0; i < lln.GetN(); ++i)
    {
        Ptr<MobilityModel> mobility = lln.Get(i)->GetObject<MobilityModel>();
        mobility->GetObject<MobilityBuildingInfo>()->MakeConsistent(mobility);
    }

    m_coreRouter = CreateObject<Node>();
    m_internetHosts.Create(m_internetHostCount);

    InternetStackHelper internet;
    internet.SetIpv4StackInstall(false);
    internet.Install(lln);
    internet.Install(m_coreRouter);
    internet.Install(m_internetHosts);
    // Addresses are static: no duplicate address detection (LlnHelper does the same on the LLN)
    NodeContainer wired(m_coreRouter, m_internetHosts);
    for (uint32_t i = 0; i < wired.GetN(); ++i)
    {
        wired.Get(i)->GetObject<Icmpv6L4Protocol>()->SetAttribute("DAD", BooleanValue(false));
    }

    // The LLN: one channel, with the buildings loss model; one /64 per DODAG
    Ptr<HybridBuildingsPropagationLossModel> loss =
        CreateObject<HybridBuildingsPropagationLossModel>();
    // Every LLN node is indoors, so only the indoor deviation is ever used; the others are
    // set alike so that zero shadowing is zero everywhere (LinkPricer then needs no table)
    loss->SetAttribute("ShadowSigmaIndoor", DoubleValue(m_shadowSigma));
    loss->SetAttribute("ShadowSigmaOutdoor", DoubleValue(m_shadowSigma));
    loss->SetAttribute("ShadowSigmaExtWalls", DoubleValue(m_shadowSigma));
    loss->SetAttribute("InternalWallLoss", DoubleValue(m_internalWallLoss));
    m_loss = loss;
    m_lln.SetPropagationLossModel(loss);
    m_lln.SetMaxLossDb(m_maxLossDb);
    m_lln.SetRdc(m_rdc);
    m_lln.SetLplAttribute("WakeupInterval", TimeValue(m_wakeupInterval));
    for (uint32_t k = 0; k < dodags; ++k)
    {
        NodeContainer dodag(m_borderRouters.Get(k));
        uint32_t b = k / perBuilding;
        if (m_placement == PER_FLOOR)
        {
            dodag.Add(m_buildingFloorLights[k]);
        }
        else
        {
            for (uint32_t f = 0; f < m_floors; ++f)
            {
                dodag.Add(m_buildingFloorLights[b * m_floors + f]);
            }
        }
        NetDeviceContainer devices = m_lln.Install(dodag);
        m_lln.AssignAddresses(devices, Subprefix(m_llnPrefix, k), Ipv6Prefix(64));
        m_borderRouterDevices.Add(devices.Get(0));
        Ptr<LplNetDevice> borderRadio = DynamicCast<LplNetDevice>(
            DynamicCast<SixLowPanNetDevice>(devices.Get(0))->GetNetDevice());
        if (borderRadio)
        {
            borderRadio->SetAttribute("AlwaysOn", BooleanValue(true)); // mains-powered 6LBR
        }
        for (uint32_t i = 1; i < devices.GetN(); ++i)
        {
            m_lightDevices.Add(devices.Get(i));
        }
    }
    NetDeviceContainer radios = m_lln.GetLrWpanDevices();
    for (uint32_t i = 0; i < radios.GetN(); ++i)
    {
        Ptr<LrWpanPhy> phy = DynamicCast<LrWpanNetDevice>(radios.Get(i))->GetPhy();
        iotsec_compat::SetPhyTransmitPower(phy, static_cast<uint8_t>(m_txPowerDbm) & 0x3f);
        if (i == 0)
        {
            // ITU-R P.1238 at the channel's centre frequency (2405 MHz for channel 11)
            double frequency = (2405.0 + 5.0 * (phy->GetCurrentChannelNum() - 11.0)) * 1e6;
            loss->SetAttribute("Frequency", DoubleValue(frequency));
        }
    }

    // The backbone: 6LBRs to the core router
    Ipv6StaticRoutingHelper routingHelper;
    auto staticRouting = [&routingHelper](Ptr<Node> node) {
        return routingHelper.GetStaticRouting(node->GetObject<Ipv6>());
    };
    auto ifIndex = [](Ptr<NetDevice> device) {
        return static_cast<uint32_t>(
            device->GetNode()->GetObject<Ipv6>()->GetInterfaceForDevice(device));
    };
    std::vector<std::pair<Ptr<NetDevice>, Ptr<NetDevice>>> links; // (6LBR side, core side)
    if (m_backbone == CSMA)
    {
        CsmaHelper csma;
        csma.SetChannelAttribute("DataRate", DataRateValue(m_backboneRate));
        csma.SetChannelAttribute("Delay", TimeValue(m_backboneDelay));
        NetDeviceContainer devices = csma.Install(NodeContainer(m_borderRouters, m_coreRouter));
        m_csmaDevices.Add(devices);
        Ipv6AddressHelper addresses;
        addresses.SetBase(Subprefix(m_backbonePrefix, 0), Ipv6Prefix(64));
        Ipv6InterfaceContainer interfaces = addresses.Assign(devices);
        for (uint32_t i = 0; i < interfaces.GetN(); ++i)
        {
            interfaces.SetForwarding(i, true);
        }
        for (uint32_t k = 0; k < dodags; ++k)
        {
            links.emplace_back(devices.Get(k), devices.Get(dodags));
        }
    }
    else
    {
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", DataRateValue(m_backboneRate));
        p2p.SetChannelAttribute("Delay", TimeValue(m_backboneDelay));
        for (uint32_t k = 0; k < dodags; ++k)
        {
            NetDeviceContainer devices = p2p.Install(m_borderRouters.Get(k), m_coreRouter);
            Ipv6AddressHelper addresses;
            addresses.SetBase(Subprefix(m_backbonePrefix, k), Ipv6Prefix(64));
            Ipv6InterfaceContainer interfaces = addresses.Assign(devices);
            interfaces.SetForwarding(0, true);
            interfaces.SetForwarding(1, true);
            links.emplace_back(devices.Get(0), devices.Get(1));
        }
    }
    for (uint32_t k = 0; k < dodags; ++k)
    {
        Ptr<NetDevice> border = links[k].first;
        Ptr<NetDevice> core = links[k].second;
        m_backboneAddresses.push_back(LlnHelper::GetGlobalAddress(border));
        // The 6LBR sends everything that is not in its DODAG to the core router ...
        staticRouting(m_borderRouters.Get(k))
            ->SetDefaultRoute(LlnHelper::GetGlobalAddress(core), ifIndex(border));
        // ... which sends the DODAG's prefix to the 6LBR
        staticRouting(m_coreRouter)
            ->AddNetworkRouteTo(Subprefix(m_llnPrefix, k),
                                Ipv6Prefix(64),
                                m_backboneAddresses.back(),
                                ifIndex(core));
    }

    // The Internet side: the core router and the hosts on one LAN
    {
        CsmaHelper csma;
        csma.SetChannelAttribute("DataRate", DataRateValue(m_internetRate));
        csma.SetChannelAttribute("Delay", TimeValue(m_internetDelay));
        NetDeviceContainer devices = csma.Install(wired);
        m_csmaDevices.Add(devices);
        Ipv6AddressHelper addresses;
        addresses.SetBase(m_internetPrefix, Ipv6Prefix(64));
        Ipv6InterfaceContainer interfaces = addresses.Assign(devices);
        interfaces.SetForwarding(0, true);
        Ipv6Address core = LlnHelper::GetGlobalAddress(devices.Get(0));
        for (uint32_t i = 1; i < devices.GetN(); ++i)
        {
            m_hostAddresses.push_back(LlnHelper::GetGlobalAddress(devices.Get(i)));
            staticRouting(wired.Get(i))->SetDefaultRoute(core, ifIndex(devices.Get(i)));
        }
        NodeInfo info;
        info.role = CORE_ROUTER;
        info.address = core;
        m_info[m_coreRouter->GetId()] = info;
        for (uint32_t i = 0; i < m_internetHosts.GetN(); ++i)
        {
            info.role = INTERNET_HOST;
            info.address = m_hostAddresses[i];
            m_info[m_internetHosts.Get(i)->GetId()] = info;
        }
    }

    // What every LLN node is, and its description in the radio graph
    auto where = [this](Ptr<Node> node, uint32_t b) {
        Ptr<MobilityBuildingInfo> building =
            node->GetObject<MobilityModel>()->GetObject<MobilityBuildingInfo>();
        NS_ABORT_MSG_UNLESS(building->IsIndoor() && building->GetBuilding() == m_buildings[b],
                            "BuildingTopologyHelper: node " << node->GetId()
                                                            << " is not in building " << b);
        return building;
    };

    for (uint32_t k = 0; k < dodags; ++k)
    {
        Ptr<Node> node = m_borderRouters.Get(k);
        uint32_t b = static_cast<uint32_t>(m_borderRouterBuilding[k]);
        Ptr<MobilityBuildingInfo> building = where(node, b);
        NodeInfo info;
        info.role = BORDER_ROUTER;
        info.building = static_cast<int32_t>(b);
        info.floor = building->GetFloorNumber() - 1;
        info.room = (building->GetRoomNumberY() - 1) * static_cast<int32_t>(columns) +
                    (building->GetRoomNumberX() - 1);
        info.borderRouter = node;
        info.llnDevice = m_borderRouterDevices.Get(k);
        info.address = LlnHelper::GetGlobalAddress(info.llnDevice);
        info.dodag = k;
        m_info[node->GetId()] = info;
        m_routing.SetDescription(info.llnDevice, "6lbr", info.floor, info.room);
    }
    for (uint32_t i = 0; i < m_lights.GetN(); ++i)
    {
        Ptr<Node> node = m_lights.Get(i);
        uint32_t b = static_cast<uint32_t>(lightPlace[i].building);
        Ptr<MobilityBuildingInfo> building = where(node, b);
        NodeInfo info;
        info.role = LIGHT;
        info.building = lightPlace[i].building;
        info.floor = lightPlace[i].floor;
        info.room = lightPlace[i].room;
        NS_ABORT_MSG_UNLESS(building->GetFloorNumber() - 1 == info.floor &&
                                (building->GetRoomNumberY() - 1) * columns +
                                        (building->GetRoomNumberX() - 1) ==
                                    static_cast<uint32_t>(info.room),
                            "BuildingTopologyHelper: ns-3 places light "
                                << node->GetId() << " elsewhere than the builder");
        info.dodag =
            m_placement == PER_FLOOR ? b * m_floors + static_cast<uint32_t>(info.floor) : b;
        info.borderRouter = m_borderRouters.Get(info.dodag);
        info.llnDevice = m_lightDevices.Get(i);
        info.address = LlnHelper::GetGlobalAddress(info.llnDevice);
        m_info[node->GetId()] = info;
        m_routing.SetDescription(info.llnDevice, "light", info.floor, info.room);
    }

    // The LLN's routing: one DODAG per 6LBR
    m_routing.SetTxPowerDbm(m_txPowerDbm);
    m_routing.SetFrameSize(m_frameSize);
    m_routing.SetMaxEtx(m_maxEtx);
    for (uint32_t k = 0; k < dodags; ++k)
    {
        NetDeviceContainer members;
        for (uint32_t i = 0; i < m_lights.GetN(); ++i)
        {
            if (m_info[m_lights.Get(i)->GetId()].dodag == k)
            {
                members.Add(m_lightDevices.Get(i));
            }
        }
        m_routing.AddDodag(m_borderRouterDevices.Get(k), members);
    }
    NS_LOG_INFO("built " << m_buildingCount << " building(s) of " << m_floors << " floors x "
                         << m_roomsPerFloor << " rooms x " << m_nodesPerRoom << " lights, "
                         << dodags << " 6LBRs, " << m_internetHostCount << " Internet hosts");
}

int64_t
BuildingTopologyHelper::AssignStreams(int64_t stream)
{
    NS_ABORT_MSG_UNLESS(m_built, "BuildingTopologyHelper::AssignStreams before Build");
    NS_ABORT_MSG_IF(m_routesComputed,
                    "BuildingTopologyHelper::AssignStreams must come before "
                    "ComputeRoutes/InstallRoutes, which draw the shadowing of every link");
    int64_t current = stream;
    current += m_lln.AssignStreams(current); // the loss model and the lr-wpan devices
    InternetStackHelper internet;
    current += internet.AssignStreams(
        NodeContainer(GetLlnNodes(), NodeContainer(m_coreRouter), m_internetHosts),
        current);
    CsmaHelper csma;
    current += csma.AssignStreams(m_csmaDevices, current);
    return current - stream;
}

std::string
BuildingTopologyHelper::ComputeRoutes()
{
    NS_ABORT_MSG_UNLESS(m_built, "BuildingTopologyHelper::ComputeRoutes before Build");
    m_routesComputed = true; // the shadowing is drawn from now on
    if (m_routing.IsComputed())
    {
        return "";
    }
    return m_routing.Compute();
}

void
BuildingTopologyHelper::InstallRoutes()
{
    NS_ABORT_MSG_IF(m_routesInstalled, "BuildingTopologyHelper::InstallRoutes called twice");
    std::string error = ComputeRoutes();
    NS_ABORT_MSG_UNLESS(error.empty(), "BuildingTopologyHelper: " << error);
    m_routing.Install();
    m_routesInstalled = true;
}

std::string
BuildingTopologyHelper::BuildAndRoute(int64_t& stream)
{
    std::string error = Validate();
    if (!error.empty())
    {
        return error;
    }
    Build();
    stream += AssignStreams(stream);
    error = ComputeRoutes();
    if (!error.empty())
    {
        return error;
    }
    InstallRoutes();
    return "";
}

NodeContainer
BuildingTopologyHelper::GetLights() const
{
    return m_lights;
}

NodeContainer
BuildingTopologyHelper::GetFloorLights(uint32_t floor) const
{
    NS_ABORT_MSG_UNLESS(floor < m_floorLights.size(), "BuildingTopologyHelper: no floor " << floor);
    return m_floorLights[floor];
}

NodeContainer
BuildingTopologyHelper::GetFloorNodes(uint32_t floor) const
{
    NodeContainer nodes;
    for (uint32_t k = 0; k < m_borderRouters.GetN(); ++k)
    {
        if (m_borderRouterFloor[k] == static_cast<int32_t>(floor))
        {
            nodes.Add(m_borderRouters.Get(k));
        }
    }
    nodes.Add(GetFloorLights(floor));
    return nodes;
}

NodeContainer
BuildingTopologyHelper::GetBorderRouters() const
{
    return m_borderRouters;
}

NodeContainer
BuildingTopologyHelper::GetLlnNodes() const
{
    return NodeContainer(m_borderRouters, m_lights);
}

NodeContainer
BuildingTopologyHelper::GetInternetHosts() const
{
    return m_internetHosts;
}

Ptr<Node>
BuildingTopologyHelper::GetCoreRouter() const
{
    return m_coreRouter;
}

NetDeviceContainer
BuildingTopologyHelper::GetLightDevices() const
{
    return m_lightDevices;
}

NetDeviceContainer
BuildingTopologyHelper::GetBorderRouterDevices() const
{
    return m_borderRouterDevices;
}

NetDeviceContainer
BuildingTopologyHelper::GetLrWpanDevices() const
{
    return m_lln.GetLrWpanDevices();
}

LlnHelper&
BuildingTopologyHelper::GetLlnHelper()
{
    return m_lln;
}

const LlnRoutingHelper&
BuildingTopologyHelper::GetRouting() const
{
    return m_routing;
}

Ptr<Building>
BuildingTopologyHelper::GetBuilding(uint32_t building) const
{
    NS_ABORT_MSG_UNLESS(building < m_buildings.size(),
                        "BuildingTopologyHelper: no building " << building);
    return m_buildings[building];
}

NodeContainer
BuildingTopologyHelper::GetBuildingFloorLights(uint32_t building, uint32_t floor) const
{
    NS_ABORT_MSG_UNLESS(building < m_buildingCount && floor < m_floors &&
                            building * m_floors + floor < m_buildingFloorLights.size(),
                        "BuildingTopologyHelper: no floor " << floor << " in building "
                                                            << building);
    return m_buildingFloorLights[building * m_floors + floor];
}

Ptr<PropagationLossModel>
BuildingTopologyHelper::GetPropagationLossModel() const
{
    return m_loss;
}

int64_t
BuildingTopologyHelper::AddFrameErasure(double probability, int64_t stream)
{
    NS_ABORT_MSG_UNLESS(m_loss, "BuildingTopologyHelper::AddFrameErasure: call Build() first");
    NS_ABORT_MSG_UNLESS(probability >= 0 && probability < 1,
                        "BuildingTopologyHelper::AddFrameErasure: probability "
                            << probability << " is not in [0, 1)");
    if (probability == 0)
    {
        return 0;
    }
    Ptr<FrameErasurePropagationLossModel> erasure =
        CreateObject<FrameErasurePropagationLossModel>();
    erasure->SetAttribute("ErasureProbability", DoubleValue(probability));
    Ptr<PropagationLossModel> last = m_loss;
    while (last->GetNext())
    {
        last = last->GetNext();
    }
    last->SetNext(erasure);
    return erasure->AssignStreams(stream);
}

const BuildingTopologyHelper::NodeInfo&
BuildingTopologyHelper::InfoOf(Ptr<Node> node) const
{
    NS_ABORT_MSG_UNLESS(node, "BuildingTopologyHelper: null node");
    auto it = m_info.find(node->GetId());
    NS_ABORT_MSG_IF(it == m_info.end(),
                    "BuildingTopologyHelper: node " << node->GetId() << " is not in the building");
    return it->second;
}

BuildingTopologyHelper::NodeInfo
BuildingTopologyHelper::GetNodeInfo(Ptr<Node> node) const
{
    return InfoOf(node);
}

Ipv6Address
BuildingTopologyHelper::GetAddress(Ptr<Node> node) const
{
    return InfoOf(node).address;
}

Ptr<Node>
BuildingTopologyHelper::GetBorderRouter(Ptr<Node> node) const
{
    const NodeInfo& info = InfoOf(node);
    NS_ABORT_MSG_UNLESS(info.llnDevice,
                        "BuildingTopologyHelper: node " << node->GetId() << " is not an LLN node");
    return info.borderRouter;
}

Ipv6Address
BuildingTopologyHelper::GetInternetHostAddress(uint32_t i) const
{
    NS_ABORT_MSG_UNLESS(i < m_hostAddresses.size(),
                        "BuildingTopologyHelper: no Internet host " << i);
    return m_hostAddresses[i];
}

Ipv6Address
BuildingTopologyHelper::GetBorderRouterBackboneAddress(uint32_t dodag) const
{
    NS_ABORT_MSG_UNLESS(dodag < m_backboneAddresses.size(),
                        "BuildingTopologyHelper: no 6LBR " << dodag);
    return m_backboneAddresses[dodag];
}

Ipv6Address
BuildingTopologyHelper::GetLlnPrefix(uint32_t dodag) const
{
    return Subprefix(m_llnPrefix, dodag);
}

uint32_t
BuildingTopologyHelper::GetHopCount(Ptr<Node> node) const
{
    const NodeInfo& info = InfoOf(node);
    NS_ABORT_MSG_UNLESS(info.llnDevice && m_routing.IsComputed(),
                        "BuildingTopologyHelper::GetHopCount: not an LLN node, or no routes yet");
    return m_routing.GetHopCount(info.llnDevice);
}

double
BuildingTopologyHelper::GetPathEtx(Ptr<Node> node) const
{
    const NodeInfo& info = InfoOf(node);
    NS_ABORT_MSG_UNLESS(info.llnDevice && m_routing.IsComputed(),
                        "BuildingTopologyHelper::GetPathEtx: not an LLN node, or no routes yet");
    return m_routing.GetPathEtx(info.llnDevice);
}

Ptr<Node>
BuildingTopologyHelper::GetParent(Ptr<Node> node) const
{
    const NodeInfo& info = InfoOf(node);
    NS_ABORT_MSG_UNLESS(info.llnDevice && m_routing.IsComputed(),
                        "BuildingTopologyHelper::GetParent: not an LLN node, or no routes yet");
    Ptr<NetDevice> parent = m_routing.GetParent(info.llnDevice);
    return parent ? parent->GetNode() : nullptr;
}

bool
BuildingTopologyHelper::WriteGraphviz(const std::string& path, std::string* error) const
{
    std::ofstream out(path);
    if (!out)
    {
        if (error)
        {
            *error = "cannot write " + path;
        }
        return false;
    }
    m_routing.WriteGraphviz(out);
    out.close();
    if (!out)
    {
        if (error)
        {
            *error = "error while writing " + path;
        }
        return false;
    }
    return true;
}

} // namespace ns3
