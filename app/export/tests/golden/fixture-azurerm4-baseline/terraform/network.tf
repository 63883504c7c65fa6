resource "azurerm_resource_group" "rg_hub_networking_weu" {
  name     = "rg-hub-networking-weu"
  location = var.locations["weu"]
  tags     = var.tags
}

resource "azurerm_resource_group" "rg_spoke_aks_weu" {
  name     = "rg-spoke-aks-weu"
  location = var.locations["weu"]
  tags     = var.tags
}

resource "azurerm_virtual_network" "vnet_hub_weu" {
  name                = "vnet-hub-weu"
  resource_group_name = azurerm_resource_group.rg_hub_networking_weu.name
  location            = azurerm_resource_group.rg_hub_networking_weu.location
  address_space       = ["10.200.0.0/24"]
  tags                = var.tags
}

resource "azurerm_virtual_network" "vnet_spoke_aks_weu" {
  name                = "vnet-spoke-aks-weu"
  resource_group_name = azurerm_resource_group.rg_spoke_aks_weu.name
  location            = azurerm_resource_group.rg_spoke_aks_weu.location
  address_space       = ["10.240.0.0/16"]
  dns_servers         = ["10.200.0.4"]
  tags                = var.tags
}

resource "azurerm_subnet" "snet_application_gateway" {
  name                 = "snet-application-gateway"
  resource_group_name  = azurerm_virtual_network.vnet_spoke_aks_weu.resource_group_name
  virtual_network_name = azurerm_virtual_network.vnet_spoke_aks_weu.name
  address_prefixes     = ["10.240.5.0/24"]
}

resource "azurerm_subnet" "snet_cluster_apiserver" {
  name                 = "snet-cluster-apiserver"
  resource_group_name  = azurerm_virtual_network.vnet_spoke_aks_weu.resource_group_name
  virtual_network_name = azurerm_virtual_network.vnet_spoke_aks_weu.name
  address_prefixes     = ["10.240.4.16/28"]

  delegation {
    name = "delegation-managedclusters"

    service_delegation {
      name    = "Microsoft.ContainerService/managedClusters"
      actions = ["Microsoft.Network/virtualNetworks/subnets/join/action"]
    }
  }
}

# Placed by the netdraft IP planner (the design says prefix = "auto").
resource "azurerm_subnet" "snet_build_agents" {
  name                 = "snet-build-agents"
  resource_group_name  = azurerm_virtual_network.vnet_spoke_aks_weu.resource_group_name
  virtual_network_name = azurerm_virtual_network.vnet_spoke_aks_weu.name
  address_prefixes     = ["10.240.4.64/26"]
}

resource "azurerm_subnet" "snet_private_endpoints" {
  name                 = "snet-private-endpoints"
  resource_group_name  = azurerm_virtual_network.vnet_spoke_aks_weu.resource_group_name
  virtual_network_name = azurerm_virtual_network.vnet_spoke_aks_weu.name
  address_prefixes     = ["10.240.4.32/28"]
}

resource "azurerm_subnet" "azurebastionsubnet" {
  name                 = "AzureBastionSubnet"
  resource_group_name  = azurerm_virtual_network.vnet_hub_weu.resource_group_name
  virtual_network_name = azurerm_virtual_network.vnet_hub_weu.name
  address_prefixes     = ["10.200.0.128/26"]
}

resource "azurerm_subnet" "azurefirewallsubnet" {
  name                 = "AzureFirewallSubnet"
  resource_group_name  = azurerm_virtual_network.vnet_hub_weu.resource_group_name
  virtual_network_name = azurerm_virtual_network.vnet_hub_weu.name
  address_prefixes     = ["10.200.0.0/26"]
}

resource "azurerm_subnet" "gatewaysubnet" {
  name                 = "GatewaySubnet"
  resource_group_name  = azurerm_virtual_network.vnet_hub_weu.resource_group_name
  virtual_network_name = azurerm_virtual_network.vnet_hub_weu.name
  address_prefixes     = ["10.200.0.64/27"]
}

resource "azurerm_subnet" "snet_cluster_ingress" {
  name                 = "snet-cluster-ingress"
  resource_group_name  = azurerm_virtual_network.vnet_spoke_aks_weu.resource_group_name
  virtual_network_name = azurerm_virtual_network.vnet_spoke_aks_weu.name
  address_prefixes     = ["10.240.4.0/28"]
}

resource "azurerm_subnet" "snet_cluster_nodes" {
  name                 = "snet-cluster-nodes"
  resource_group_name  = azurerm_virtual_network.vnet_spoke_aks_weu.resource_group_name
  virtual_network_name = azurerm_virtual_network.vnet_spoke_aks_weu.name
  address_prefixes     = ["10.240.0.0/22"]
  service_endpoints    = ["Microsoft.KeyVault", "Microsoft.Storage"]
}

resource "azurerm_subnet_network_security_group_association" "snet_application_gateway" {
  subnet_id                 = azurerm_subnet.snet_application_gateway.id
  network_security_group_id = azurerm_network_security_group.nsg_application_gateway.id
}

resource "azurerm_subnet_network_security_group_association" "snet_build_agents" {
  subnet_id                 = azurerm_subnet.snet_build_agents.id
  network_security_group_id = azurerm_network_security_group.nsg_cluster_nodes.id
}

resource "azurerm_subnet_network_security_group_association" "snet_private_endpoints" {
  subnet_id                 = azurerm_subnet.snet_private_endpoints.id
  network_security_group_id = azurerm_network_security_group.nsg_private_endpoints.id
}

resource "azurerm_subnet_network_security_group_association" "snet_cluster_ingress" {
  subnet_id                 = azurerm_subnet.snet_cluster_ingress.id
  network_security_group_id = azurerm_network_security_group.nsg_cluster_ingress.id
}

resource "azurerm_subnet_network_security_group_association" "snet_cluster_nodes" {
  subnet_id                 = azurerm_subnet.snet_cluster_nodes.id
  network_security_group_id = azurerm_network_security_group.nsg_cluster_nodes.id
}

resource "azurerm_subnet_route_table_association" "snet_build_agents" {
  subnet_id      = azurerm_subnet.snet_build_agents.id
  route_table_id = azurerm_route_table.rt_spoke_to_hub.id
}

resource "azurerm_subnet_route_table_association" "snet_cluster_ingress" {
  subnet_id      = azurerm_subnet.snet_cluster_ingress.id
  route_table_id = azurerm_route_table.rt_spoke_to_hub.id
}

resource "azurerm_subnet_route_table_association" "snet_cluster_nodes" {
  subnet_id      = azurerm_subnet.snet_cluster_nodes.id
  route_table_id = azurerm_route_table.rt_spoke_to_hub.id
}

resource "azurerm_virtual_network_peering" "peer_hub_to_spoke_aks" {
  name                         = "peer-hub-to-spoke-aks"
  resource_group_name          = azurerm_virtual_network.vnet_hub_weu.resource_group_name
  virtual_network_name         = azurerm_virtual_network.vnet_hub_weu.name
  remote_virtual_network_id    = azurerm_virtual_network.vnet_spoke_aks_weu.id
  allow_virtual_network_access = true
  allow_forwarded_traffic      = true
  allow_gateway_transit        = true
  use_remote_gateways          = false
}

# The way back of vnet-hub-weu → vnet-spoke-aks-weu.
resource "azurerm_virtual_network_peering" "peer_hub_to_spoke_aks_back" {
  name                         = "peer-spoke-aks-to-hub"
  resource_group_name          = azurerm_virtual_network.vnet_spoke_aks_weu.resource_group_name
  virtual_network_name         = azurerm_virtual_network.vnet_spoke_aks_weu.name
  remote_virtual_network_id    = azurerm_virtual_network.vnet_hub_weu.id
  allow_virtual_network_access = true
  allow_forwarded_traffic      = true
  allow_gateway_transit        = false
  use_remote_gateways          = true

  # The remote gateway must exist before a peering can use it.
  depends_on = [azurerm_virtual_network_gateway.vpng_hub_weu]
}

resource "azurerm_network_security_group" "nsg_application_gateway" {
  name                = "nsg-application-gateway"
  resource_group_name = azurerm_resource_group.rg_spoke_aks_weu.name
  location            = azurerm_resource_group.rg_spoke_aks_weu.location
  tags                = var.tags

  security_rule {
    name                       = "allow-gateway-manager"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "65200-65535"
    source_address_prefix      = "GatewayManager"
    destination_address_prefix = "*"
    description                = "Application Gateway v2 infrastructure ports"
  }

  security_rule {
    name                       = "allow-https-inbound"
    priority                   = 110
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "443"
    source_address_prefix      = "Internet"
    destination_address_prefix = "*"
  }

  security_rule {
    name                       = "allow-azure-load-balancer"
    priority                   = 120
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "*"
    source_port_range          = "*"
    destination_port_range     = "*"
    source_address_prefix      = "AzureLoadBalancer"
    destination_address_prefix = "*"
  }
}

resource "azurerm_network_security_group" "nsg_private_endpoints" {
  name                = "nsg-private-endpoints"
  resource_group_name = azurerm_resource_group.rg_spoke_aks_weu.name
  location            = azurerm_resource_group.rg_spoke_aks_weu.location
  tags                = var.tags
}

resource "azurerm_network_security_group" "nsg_cluster_ingress" {
  name                = "nsg-cluster-ingress"
  resource_group_name = azurerm_resource_group.rg_spoke_aks_weu.name
  location            = azurerm_resource_group.rg_spoke_aks_weu.location
  tags                = var.tags

  security_rule {
    name                       = "allow-agw-to-ingress"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "443"
    source_address_prefix      = "10.240.5.0/24"
    destination_address_prefix = "10.240.4.0/28"
  }
}

resource "azurerm_network_security_group" "nsg_cluster_nodes" {
  name                = "nsg-cluster-nodes"
  resource_group_name = azurerm_resource_group.rg_spoke_aks_weu.name
  location            = azurerm_resource_group.rg_spoke_aks_weu.location
  tags                = var.tags
}
