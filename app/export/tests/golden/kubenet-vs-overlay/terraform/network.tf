resource "azurerm_resource_group" "rg" {
  name     = "rg-cni-comparison-weu"
  location = var.locations["weu"]
  tags     = var.tags
}

resource "azurerm_virtual_network" "vnet_kubenet" {
  name                = "vnet-kubenet-weu"
  resource_group_name = azurerm_resource_group.rg.name
  location            = azurerm_resource_group.rg.location
  address_space       = ["10.20.0.0/16"]
  tags                = var.tags
}

resource "azurerm_virtual_network" "vnet_overlay" {
  name                = "vnet-overlay-weu"
  resource_group_name = azurerm_resource_group.rg.name
  location            = azurerm_resource_group.rg.location
  address_space       = ["10.30.0.0/16"]
  tags                = var.tags
}

resource "azurerm_subnet" "kubenet_nodes" {
  name                 = "snet-kubenet-nodes"
  resource_group_name  = azurerm_virtual_network.vnet_kubenet.resource_group_name
  virtual_network_name = azurerm_virtual_network.vnet_kubenet.name
  address_prefixes     = ["10.20.0.0/24"]
}

resource "azurerm_subnet" "overlay_nodes" {
  name                 = "snet-overlay-nodes"
  resource_group_name  = azurerm_virtual_network.vnet_overlay.resource_group_name
  virtual_network_name = azurerm_virtual_network.vnet_overlay.name
  address_prefixes     = ["10.30.0.0/24"]
}

resource "azurerm_subnet_network_security_group_association" "kubenet_nodes" {
  subnet_id                 = azurerm_subnet.kubenet_nodes.id
  network_security_group_id = azurerm_network_security_group.nsg_kubenet.id
}

resource "azurerm_subnet_network_security_group_association" "overlay_nodes" {
  subnet_id                 = azurerm_subnet.overlay_nodes.id
  network_security_group_id = azurerm_network_security_group.nsg_overlay.id
}

resource "azurerm_subnet_route_table_association" "kubenet_nodes" {
  subnet_id      = azurerm_subnet.kubenet_nodes.id
  route_table_id = azurerm_route_table.rt_kubenet.id
}

resource "azurerm_network_security_group" "nsg_kubenet" {
  name                = "nsg-kubenet-nodes"
  resource_group_name = azurerm_resource_group.rg.name
  location            = azurerm_resource_group.rg.location
  tags                = var.tags
}

resource "azurerm_network_security_group" "nsg_overlay" {
  name                = "nsg-overlay-nodes"
  resource_group_name = azurerm_resource_group.rg.name
  location            = azurerm_resource_group.rg.location
  tags                = var.tags
}
