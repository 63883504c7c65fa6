"""A netdraft design drawn with mingrammer/diagrams (Graphviz), for
bench/png-vs-diagrams.sh: the same topology as netdraft's picture.

Reads the design file (`netdraft generate` output or any design), nests
regions, resource groups, VNets and subnets as clusters, draws every other
resource as an icon in its parent (a VNet also gets an icon of its own, for
edges), and draws the edges netdraft draws: peerings, routes to their next
hop, private endpoints to their targets, the on-premises network to its
gateway, node pools to their cluster and private DNS zone links.

Usage: python diagrams_estate.py DESIGN.netdraft.toml OUT_DIR
"""

import os
import sys
import tomllib

from diagrams import Cluster, Diagram, Edge
from diagrams.azure.compute import VM
from diagrams.azure.containers import KubernetesServices
from diagrams.azure.network import (
    DNSPrivateZones,
    Firewall,
    NetworkSecurityGroupsClassic,
    PrivateEndpoint,
    RouteTables,
    VirtualNetworkGateways,
    VirtualNetworks,
)
from diagrams.azure.networking import Bastions
from diagrams.azure.storage import StorageAccounts
from diagrams.azure.general import Resource
from diagrams.onprem.network import Internet

CONTAINERS = {"region", "resource_group", "vnet", "subnet"}
ICONS = {
    "aks": KubernetesServices,
    "node_pool": VM,
    "bastion": Bastions,
    "firewall": Firewall,
    "firewall_policy": Firewall,
    "nsg": NetworkSecurityGroupsClassic,
    "route_table": RouteTables,
    "private_endpoint": PrivateEndpoint,
    "private_dns_zone": DNSPrivateZones,
    "paas_service": StorageAccounts,
    "vpn_gateway": VirtualNetworkGateways,
    "on_prem": Internet,
    "vnet": VirtualNetworks,
}


def main() -> None:
    design_path, out_dir = sys.argv[1], sys.argv[2]
    with open(design_path, "rb") as f:
        design = tomllib.load(f)
    resources = {}
    for kind, table in design.items():
        if isinstance(table, dict) and kind != "settings":
            for rid, body in table.items():
                if isinstance(body, dict):
                    resources[rid] = (kind, body)
    children = {}
    for rid, (kind, body) in resources.items():
        if kind == "peering":
            continue
        children.setdefault(body.get("parent"), []).append(rid)
    nodes = {}

    def place(parent):
        for rid in sorted(children.get(parent, [])):
            kind, body = resources[rid]
            name = body.get("name", rid)
            if kind in CONTAINERS:
                with Cluster(name):
                    if kind == "vnet":
                        nodes[rid] = VirtualNetworks(name)
                    place(rid)
            else:
                nodes[rid] = ICONS.get(kind, Resource)(name)

    os.makedirs(out_dir, exist_ok=True)
    with Diagram(design.get("name", "design"), filename=os.path.join(out_dir, "design"),
                 outformat="png", show=False, direction=os.environ.get("DIRECTION", "LR")):
        place(None)
        for rid, (kind, body) in resources.items():
            here = nodes.get(rid)
            if kind == "peering" and body.get("from") in nodes and body.get("to") in nodes:
                nodes[body["from"]] >> Edge(color="darkblue") >> nodes[body["to"]]
            elif kind == "route_table":
                for route in body.get("routes", []):
                    hop = route.get("next_hop_resource")
                    if hop in nodes:
                        here >> Edge(color="darkorange", style="dashed") >> nodes[hop]
            elif kind == "private_endpoint" and body.get("target") in nodes:
                here >> Edge(color="purple", style="dashed") >> nodes[body["target"]]
            elif kind == "on_prem" and body.get("gateway") in nodes:
                here >> Edge(color="gray", style="dashed") >> nodes[body["gateway"]]
            elif kind == "node_pool" and body.get("cluster") in nodes:
                here >> Edge(color="blue") >> nodes[body["cluster"]]
            elif kind == "private_dns_zone":
                for link in body.get("links", []):
                    if link in nodes:
                        here >> Edge(style="dotted") >> nodes[link]


if __name__ == "__main__":
    main()
