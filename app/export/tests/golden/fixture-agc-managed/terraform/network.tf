resource "azurerm_resource_group" "rg_agc_demo_eus2" {
  name     = "rg-agc-demo-eus2"
  location = var.locations["eus"]
  tags     = var.tags
}

resource "azurerm_virtual_network" "vnet_agc_demo_eus2" {
  name                = "vnet-agc-demo-eus2"
  resource_group_name = azurerm_resource_group.rg_agc_demo_eus2.name
  location            = azurerm_resource_group.rg_agc_demo_eus2.location
  address_space       = ["10.50.0.0/16"]
  tags                = var.tags
}

resource "azurerm_subnet" "snet_agc" {
  name                 = "snet-agc"
  resource_group_name  = azurerm_virtual_network.vnet_agc_demo_eus2.resource_group_name
  virtual_network_name = azurerm_virtual_network.vnet_agc_demo_eus2.name
  address_prefixes     = ["10.50.4.0/24"]

  delegation {
    name = "delegation-trafficcontrollers"

    service_delegation {
      name    = "Microsoft.ServiceNetworking/trafficControllers"
      actions = ["Microsoft.Network/virtualNetworks/subnets/join/action"]
    }
  }
}

resource "azurerm_subnet" "snet_aks_nodes" {
  name                 = "snet-aks-nodes"
  resource_group_name  = azurerm_virtual_network.vnet_agc_demo_eus2.resource_group_name
  virtual_network_name = azurerm_virtual_network.vnet_agc_demo_eus2.name
  address_prefixes     = ["10.50.0.0/22"]

  service_endpoint {
    service = "Microsoft.KeyVault"
  }

  service_endpoint {
    service = "Microsoft.Storage"
  }
}

resource "azurerm_subnet_network_security_group_association" "snet_aks_nodes" {
  subnet_id                 = azurerm_subnet.snet_aks_nodes.id
  network_security_group_id = azurerm_network_security_group.nsg_aks_nodes.id
}

resource "azurerm_network_security_group" "nsg_aks_nodes" {
  name                = "nsg-aks-nodes"
  resource_group_name = azurerm_resource_group.rg_agc_demo_eus2.name
  location            = azurerm_resource_group.rg_agc_demo_eus2.location
  tags                = var.tags
}
