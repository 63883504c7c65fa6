resource "azurerm_resource_group" "rg_cni_comparison_weu" {
  name     = "rg-cni-comparison-weu"
  location = var.locations["weu"]
  tags     = var.tags
}

resource "azurerm_virtual_network" "vnet_kubenet_weu" {
  name                = "vnet-kubenet-weu"
  resource_group_name = azurerm_resource_group.rg_cni_comparison_weu.name
  location            = azurerm_resource_group.rg_cni_comparison_weu.location
  address_space       = ["10.20.0.0/16"]
  tags                = var.tags
}

resource "azurerm_virtual_network" "vnet_overlay_weu" {
  name                = "vnet-overlay-weu"
  resource_group_name = azurerm_resource_group.rg_cni_comparison_weu.name
  location            = azurerm_resource_group.rg_cni_comparison_weu.location
  address_space       = ["10.30.0.0/16"]
  tags                = var.tags
}

resource "azurerm_subnet" "snet_kubenet_nodes" {
  name                 = "snet-kubenet-nodes"
  resource_group_name  = azurerm_virtual_network.vnet_kubenet_weu.resource_group_name
  virtual_network_name = azurerm_virtual_network.vnet_kubenet_weu.name
  address_prefixes     = ["10.20.0.0/24"]
}

resource "azurerm_subnet" "snet_overlay_nodes" {
  name                 = "snet-overlay-nodes"
  resource_group_name  = azurerm_virtual_network.vnet_overlay_weu.resource_group_name
  virtual_network_name = azurerm_virtual_network.vnet_overlay_weu.name
  address_prefixes     = ["10.30.0.0/24"]
}

resource "azurerm_subnet_network_security_group_association" "snet_kubenet_nodes" {
  subnet_id                 = azurerm_subnet.snet_kubenet_nodes.id
  network_security_group_id = azurerm_network_security_group.nsg_kubenet_nodes.id
}

resource "azurerm_subnet_network_security_group_association" "snet_overlay_nodes" {
  subnet_id                 = azurerm_subnet.snet_overlay_nodes.id
  network_security_group_id = azurerm_network_security_group.nsg_overlay_nodes.id
}

resource "azurerm_subnet_route_table_association" "snet_kubenet_nodes" {
  subnet_id      = azurerm_subnet.snet_kubenet_nodes.id
  route_table_id = azurerm_route_table.rt_aks_kubenet.id
}

resource "azurerm_network_security_group" "nsg_kubenet_nodes" {
  name                = "nsg-kubenet-nodes"
  resource_group_name = azurerm_resource_group.rg_cni_comparison_weu.name
  location            = azurerm_resource_group.rg_cni_comparison_weu.location
  tags                = var.tags
}

resource "azurerm_network_security_group" "nsg_overlay_nodes" {
  name                = "nsg-overlay-nodes"
  resource_group_name = azurerm_resource_group.rg_cni_comparison_weu.name
  location            = azurerm_resource_group.rg_cni_comparison_weu.location
  tags                = var.tags
}
