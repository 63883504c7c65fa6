resource "azurerm_resource_group" "rg_vwan_hub_weu" {
  name     = "rg-vwan-hub-weu"
  location = var.locations["weu"]
  tags     = var.tags
}

resource "azurerm_resource_group" "rg_vwan_spokes_weu" {
  name     = "rg-vwan-spokes-weu"
  location = var.locations["weu"]
  tags     = var.tags
}

resource "azurerm_virtual_network" "vnet_spoke_aks_weu" {
  name                = "vnet-spoke-aks-weu"
  resource_group_name = azurerm_resource_group.rg_vwan_spokes_weu.name
  location            = azurerm_resource_group.rg_vwan_spokes_weu.location
  address_space       = ["10.110.0.0/16"]
  tags                = var.tags
}

resource "azurerm_virtual_network" "vnet_spoke_app_weu" {
  name                = "vnet-spoke-app-weu"
  resource_group_name = azurerm_resource_group.rg_vwan_spokes_weu.name
  location            = azurerm_resource_group.rg_vwan_spokes_weu.location
  address_space       = ["10.120.0.0/16"]
  tags                = var.tags
}

resource "azurerm_subnet" "snet_apps" {
  name                 = "snet-apps"
  resource_group_name  = azurerm_virtual_network.vnet_spoke_app_weu.resource_group_name
  virtual_network_name = azurerm_virtual_network.vnet_spoke_app_weu.name
  address_prefixes     = ["10.120.0.0/24"]
}

resource "azurerm_subnet" "snet_aks_nodes" {
  name                 = "snet-aks-nodes"
  resource_group_name  = azurerm_virtual_network.vnet_spoke_aks_weu.resource_group_name
  virtual_network_name = azurerm_virtual_network.vnet_spoke_aks_weu.name
  address_prefixes     = ["10.110.0.0/22"]
}

resource "azurerm_subnet_network_security_group_association" "snet_apps" {
  subnet_id                 = azurerm_subnet.snet_apps.id
  network_security_group_id = azurerm_network_security_group.nsg_apps.id
}

resource "azurerm_subnet_network_security_group_association" "snet_aks_nodes" {
  subnet_id                 = azurerm_subnet.snet_aks_nodes.id
  network_security_group_id = azurerm_network_security_group.nsg_aks_nodes.id
}

resource "azurerm_network_security_group" "nsg_apps" {
  name                = "nsg-apps"
  resource_group_name = azurerm_resource_group.rg_vwan_spokes_weu.name
  location            = azurerm_resource_group.rg_vwan_spokes_weu.location
  tags                = var.tags
}

resource "azurerm_network_security_group" "nsg_aks_nodes" {
  name                = "nsg-aks-nodes"
  resource_group_name = azurerm_resource_group.rg_vwan_spokes_weu.name
  location            = azurerm_resource_group.rg_vwan_spokes_weu.location
  tags                = var.tags
}
