resource "azurerm_resource_group" "rg_hub" {
  name     = "rg-hub-networking-weu"
  location = var.locations["weu"]
  tags     = var.tags
}

resource "azurerm_resource_group" "rg_spoke" {
  name     = "rg-spoke-aks-weu"
  location = var.locations["weu"]
  tags     = var.tags
}

resource "azurerm_virtual_network" "hub" {
  name                = "vnet-hub-weu"
  resource_group_name = azurerm_resource_group.rg_hub.name
  location            = azurerm_resource_group.rg_hub.location
  address_space       = ["10.200.0.0/24"]
  tags                = var.tags
}

resource "azurerm_virtual_network" "spoke" {
  name                = "vnet-spoke-aks-weu"
  resource_group_name = azurerm_resource_group.rg_spoke.name
  location            = azurerm_resource_group.rg_spoke.location
  address_space       = ["10.240.0.0/16"]
  dns_servers         = ["10.200.0.4"]
  tags                = var.tags
}

resource "azurerm_subnet" "agw_subnet" {
  name                 = "snet-application-gateway"
  resource_group_name  = azurerm_virtual_network.spoke.resource_group_name
  virtual_network_name = azurerm_virtual_network.spoke.name
  address_prefixes     = ["10.240.5.0/24"]
}

resource "azurerm_subnet" "apiserver" {
  name                 = "snet-cluster-apiserver"
  resource_group_name  = azurerm_virtual_network.spoke.resource_group_name
  virtual_network_name = azurerm_virtual_network.spoke.name
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
resource "azurerm_subnet" "build" {
  name                 = "snet-build-agents"
  resource_group_name  = azurerm_virtual_network.spoke.resource_group_name
  virtual_network_name = azurerm_virtual_network.spoke.name
  address_prefixes     = ["10.240.4.64/26"]
}

resource "azurerm_subnet" "endpoints" {
  name                 = "snet-private-endpoints"
  resource_group_name  = azurerm_virtual_network.spoke.resource_group_name
  virtual_network_name = azurerm_virtual_network.spoke.name
  address_prefixes     = ["10.240.4.32/28"]
}

resource "azurerm_subnet" "hub_bastion" {
  name                 = "AzureBastionSubnet"
  resource_group_name  = azurerm_virtual_network.hub.resource_group_name
  virtual_network_name = azurerm_virtual_network.hub.name
  address_prefixes     = ["10.200.0.128/26"]
}

resource "azurerm_subnet" "hub_fw" {
  name                 = "AzureFirewallSubnet"
  resource_group_name  = azurerm_virtual_network.hub.resource_group_name
  virtual_network_name = azurerm_virtual_network.hub.name
  address_prefixes     = ["10.200.0.0/26"]
}

resource "azurerm_subnet" "hub_gw" {
  name                 = "GatewaySubnet"
  resource_group_name  = azurerm_virtual_network.hub.resource_group_name
  virtual_network_name = azurerm_virtual_network.hub.name
  address_prefixes     = ["10.200.0.64/27"]
}

resource "azurerm_subnet" "ingress" {
  name                 = "snet-cluster-ingress"
  resource_group_name  = azurerm_virtual_network.spoke.resource_group_name
  virtual_network_name = azurerm_virtual_network.spoke.name
  address_prefixes     = ["10.240.4.0/28"]
}

resource "azurerm_subnet" "nodes" {
  name                 = "snet-cluster-nodes"
  resource_group_name  = azurerm_virtual_network.spoke.resource_group_name
  virtual_network_name = azurerm_virtual_network.spoke.name
  address_prefixes     = ["10.240.0.0/22"]
  service_endpoints    = ["Microsoft.KeyVault", "Microsoft.Storage"]
}

resource "azurerm_subnet_network_security_group_association" "agw_subnet" {
  subnet_id                 = azurerm_subnet.agw_subnet.id
  network_security_group_id = azurerm_network_security_group.nsg_agw.id
}

resource "azurerm_subnet_network_security_group_association" "build" {
  subnet_id                 = azurerm_subnet.build.id
  network_security_group_id = azurerm_network_security_group.nsg_nodes.id
}

resource "azurerm_subnet_network_security_group_association" "endpoints" {
  subnet_id                 = azurerm_subnet.endpoints.id
  network_security_group_id = azurerm_network_security_group.nsg_endpoints.id
}

resource "azurerm_subnet_network_security_group_association" "ingress" {
  subnet_id                 = azurerm_subnet.ingress.id
  network_security_group_id = azurerm_network_security_group.nsg_ingress.id
}

resource "azurerm_subnet_network_security_group_association" "nodes" {
  subnet_id                 = azurerm_subnet.nodes.id
  network_security_group_id = azurerm_network_security_group.nsg_nodes.id
}

resource "azurerm_subnet_route_table_association" "build" {
  subnet_id      = azurerm_subnet.build.id
  route_table_id = azurerm_route_table.rt_spoke.id
}

resource "azurerm_subnet_route_table_association" "ingress" {
  subnet_id      = azurerm_subnet.ingress.id
  route_table_id = azurerm_route_table.rt_spoke.id
}

resource "azurerm_subnet_route_table_association" "nodes" {
  subnet_id      = azurerm_subnet.nodes.id
  route_table_id = azurerm_route_table.rt_spoke.id
}

resource "azurerm_virtual_network_peering" "hub_spoke" {
  name                         = "peer-hub-to-spoke-aks"
  resource_group_name          = azurerm_virtual_network.hub.resource_group_name
  virtual_network_name         = azurerm_virtual_network.hub.name
  remote_virtual_network_id    = azurerm_virtual_network.spoke.id
  allow_virtual_network_access = true
  allow_forwarded_traffic      = true
  allow_gateway_transit        = true
  use_remote_gateways          = false
}

# The way back of vnet-hub-weu → vnet-spoke-aks-weu.
resource "azurerm_virtual_network_peering" "hub_spoke_back" {
  name                         = "peer-spoke-aks-to-hub"
  resource_group_name          = azurerm_virtual_network.spoke.resource_group_name
  virtual_network_name         = azurerm_virtual_network.spoke.name
  remote_virtual_network_id    = azurerm_virtual_network.hub.id
  allow_virtual_network_access = true
  allow_forwarded_traffic      = true
  allow_gateway_transit        = false
  use_remote_gateways          = true

  # The remote gateway must exist before a peering can use it.
  depends_on = [azurerm_virtual_network_gateway.vpng_hub]
}

resource "azurerm_network_security_group" "nsg_agw" {
  name                = "nsg-application-gateway"
  resource_group_name = azurerm_resource_group.rg_spoke.name
  location            = azurerm_resource_group.rg_spoke.location
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

resource "azurerm_network_security_group" "nsg_endpoints" {
  name                = "nsg-private-endpoints"
  resource_group_name = azurerm_resource_group.rg_spoke.name
  location            = azurerm_resource_group.rg_spoke.location
  tags                = var.tags
}

resource "azurerm_network_security_group" "nsg_ingress" {
  name                = "nsg-cluster-ingress"
  resource_group_name = azurerm_resource_group.rg_spoke.name
  location            = azurerm_resource_group.rg_spoke.location
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

resource "azurerm_network_security_group" "nsg_nodes" {
  name                = "nsg-cluster-nodes"
  resource_group_name = azurerm_resource_group.rg_spoke.name
  location            = azurerm_resource_group.rg_spoke.location
  tags                = var.tags
}
