resource "azurerm_resource_group" "rg_app_global" {
  name     = "rg-app-global"
  location = var.locations["neu"]
  tags     = var.tags
}

resource "azurerm_resource_group" "rg_app_neu" {
  name     = "rg-app-neu"
  location = var.locations["neu"]
  tags     = var.tags
}

resource "azurerm_resource_group" "rg_app_weu" {
  name     = "rg-app-weu"
  location = var.locations["weu"]
  tags     = var.tags
}

resource "azurerm_virtual_network" "vnet_app_neu" {
  name                = "vnet-app-neu"
  resource_group_name = azurerm_resource_group.rg_app_neu.name
  location            = azurerm_resource_group.rg_app_neu.location
  address_space       = ["10.70.0.0/16"]
  tags                = var.tags
}

resource "azurerm_virtual_network" "vnet_app_weu" {
  name                = "vnet-app-weu"
  resource_group_name = azurerm_resource_group.rg_app_weu.name
  location            = azurerm_resource_group.rg_app_weu.location
  address_space       = ["10.60.0.0/16"]
  tags                = var.tags
}

resource "azurerm_subnet" "snet_aks_nodes" {
  name                 = "snet-aks-nodes"
  resource_group_name  = azurerm_virtual_network.vnet_app_neu.resource_group_name
  virtual_network_name = azurerm_virtual_network.vnet_app_neu.name
  address_prefixes     = ["10.70.0.0/22"]
}

resource "azurerm_subnet" "snet_private_link" {
  name                                          = "snet-private-link"
  resource_group_name                           = azurerm_virtual_network.vnet_app_neu.resource_group_name
  virtual_network_name                          = azurerm_virtual_network.vnet_app_neu.name
  address_prefixes                              = ["10.70.4.0/28"]
  private_link_service_network_policies_enabled = false
}

resource "azurerm_subnet" "snet_aks_nodes_2" {
  name                 = "snet-aks-nodes"
  resource_group_name  = azurerm_virtual_network.vnet_app_weu.resource_group_name
  virtual_network_name = azurerm_virtual_network.vnet_app_weu.name
  address_prefixes     = ["10.60.0.0/22"]
}

resource "azurerm_subnet" "snet_private_link_2" {
  name                                          = "snet-private-link"
  resource_group_name                           = azurerm_virtual_network.vnet_app_weu.resource_group_name
  virtual_network_name                          = azurerm_virtual_network.vnet_app_weu.name
  address_prefixes                              = ["10.60.4.0/28"]
  private_link_service_network_policies_enabled = false
}

resource "azurerm_subnet_network_security_group_association" "snet_aks_nodes" {
  subnet_id                 = azurerm_subnet.snet_aks_nodes.id
  network_security_group_id = azurerm_network_security_group.nsg_aks_nodes_neu.id
}

resource "azurerm_subnet_network_security_group_association" "snet_aks_nodes_2" {
  subnet_id                 = azurerm_subnet.snet_aks_nodes_2.id
  network_security_group_id = azurerm_network_security_group.nsg_aks_nodes_weu.id
}

resource "azurerm_subnet_nat_gateway_association" "snet_aks_nodes" {
  subnet_id      = azurerm_subnet.snet_aks_nodes.id
  nat_gateway_id = azurerm_nat_gateway.ng_app_neu.id
}

resource "azurerm_subnet_nat_gateway_association" "snet_aks_nodes_2" {
  subnet_id      = azurerm_subnet.snet_aks_nodes_2.id
  nat_gateway_id = azurerm_nat_gateway.ng_app_weu.id
}

resource "azurerm_network_security_group" "nsg_aks_nodes_neu" {
  name                = "nsg-aks-nodes-neu"
  resource_group_name = azurerm_resource_group.rg_app_neu.name
  location            = azurerm_resource_group.rg_app_neu.location
  tags                = var.tags
}

resource "azurerm_network_security_group" "nsg_aks_nodes_weu" {
  name                = "nsg-aks-nodes-weu"
  resource_group_name = azurerm_resource_group.rg_app_weu.name
  location            = azurerm_resource_group.rg_app_weu.location
  tags                = var.tags
}

resource "azurerm_public_ip" "pip_nat_neu" {
  name                = "pip-nat-neu"
  resource_group_name = azurerm_resource_group.rg_app_neu.name
  location            = azurerm_resource_group.rg_app_neu.location
  allocation_method   = "Static"
  sku                 = "StandardV2"
  tags                = var.tags
}

resource "azurerm_public_ip" "pip_nat_weu" {
  name                = "pip-nat-weu"
  resource_group_name = azurerm_resource_group.rg_app_weu.name
  location            = azurerm_resource_group.rg_app_weu.location
  allocation_method   = "Static"
  sku                 = "StandardV2"
  tags                = var.tags
}
