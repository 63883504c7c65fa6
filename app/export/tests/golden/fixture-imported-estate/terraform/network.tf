resource "azurerm_resource_group" "rg_estate" {
  provider = azurerm.sub_0b1f6471_1bf0_4dda_aec3_111111111111
  name     = "rg-estate"
  location = var.locations["weu"]
  tags     = var.tags
}

resource "azurerm_resource_group" "rg_estate_2" {
  provider = azurerm.sub_7d4e2c10_5a3b_4f8e_b2a1_333333333333
  name     = "rg-estate"
  location = var.locations["weu"]
  tags     = var.tags
}

# An existing VNet outside the design (peered with it): read, never created or changed.
data "azurerm_virtual_network" "vnet_shared" {
  provider            = azurerm.sub_9c2e0a55_77aa_4b1e_9d1e_222222222222
  name                = "vnet-shared"
  resource_group_name = "rg-shared"
}

resource "azurerm_virtual_network" "vnet_hub" {
  provider            = azurerm.sub_0b1f6471_1bf0_4dda_aec3_111111111111
  name                = "vnet-hub"
  resource_group_name = azurerm_resource_group.rg_estate.name
  location            = azurerm_resource_group.rg_estate.location
  address_space       = ["10.10.0.0/16"]
  tags                = var.tags
}

resource "azurerm_virtual_network" "vnet_spoke" {
  provider            = azurerm.sub_7d4e2c10_5a3b_4f8e_b2a1_333333333333
  name                = "vnet-spoke"
  resource_group_name = azurerm_resource_group.rg_estate_2.name
  location            = azurerm_resource_group.rg_estate_2.location
  address_space       = ["10.20.0.0/16"]
  tags                = var.tags
}

resource "azurerm_subnet" "snet_default" {
  provider             = azurerm.sub_0b1f6471_1bf0_4dda_aec3_111111111111
  name                 = "snet-default"
  resource_group_name  = azurerm_virtual_network.vnet_hub.resource_group_name
  virtual_network_name = azurerm_virtual_network.vnet_hub.name
  address_prefixes     = ["10.10.0.0/24"]
}

resource "azurerm_subnet" "snet_app" {
  provider             = azurerm.sub_7d4e2c10_5a3b_4f8e_b2a1_333333333333
  name                 = "snet-app"
  resource_group_name  = azurerm_virtual_network.vnet_spoke.resource_group_name
  virtual_network_name = azurerm_virtual_network.vnet_spoke.name
  address_prefixes     = ["10.20.0.0/24"]
}

resource "azurerm_virtual_network_peering" "hub_to_shared" {
  provider                     = azurerm.sub_0b1f6471_1bf0_4dda_aec3_111111111111
  name                         = "hub-to-shared"
  resource_group_name          = azurerm_virtual_network.vnet_hub.resource_group_name
  virtual_network_name         = azurerm_virtual_network.vnet_hub.name
  remote_virtual_network_id    = data.azurerm_virtual_network.vnet_shared.id
  allow_virtual_network_access = true
  allow_forwarded_traffic      = true
  allow_gateway_transit        = false
  use_remote_gateways          = false
}

resource "azurerm_virtual_network_peering" "hub_to_spoke" {
  provider                     = azurerm.sub_0b1f6471_1bf0_4dda_aec3_111111111111
  name                         = "hub-to-spoke"
  resource_group_name          = azurerm_virtual_network.vnet_hub.resource_group_name
  virtual_network_name         = azurerm_virtual_network.vnet_hub.name
  remote_virtual_network_id    = azurerm_virtual_network.vnet_spoke.id
  allow_virtual_network_access = true
  allow_forwarded_traffic      = true
  allow_gateway_transit        = false
  use_remote_gateways          = false
}

# The way back of vnet-hub → vnet-spoke.
resource "azurerm_virtual_network_peering" "hub_to_spoke_back" {
  provider                     = azurerm.sub_7d4e2c10_5a3b_4f8e_b2a1_333333333333
  name                         = "peer-vnet-spoke-to-vnet-hub"
  resource_group_name          = azurerm_virtual_network.vnet_spoke.resource_group_name
  virtual_network_name         = azurerm_virtual_network.vnet_spoke.name
  remote_virtual_network_id    = azurerm_virtual_network.vnet_hub.id
  allow_virtual_network_access = true
  allow_forwarded_traffic      = true
  allow_gateway_transit        = false
  use_remote_gateways          = false
}

resource "azurerm_public_ip" "pip_web" {
  provider            = azurerm.sub_0b1f6471_1bf0_4dda_aec3_111111111111
  name                = "pip-web"
  resource_group_name = azurerm_resource_group.rg_estate.name
  location            = azurerm_resource_group.rg_estate.location
  allocation_method   = "Static"
  sku                 = "Standard"
  domain_name_label   = "estate-web"
  tags                = var.tags
}
