resource "azurerm_public_ip" "vpng_hub_weu_pip_1" {
  name                = "pip-vpng-hub-weu-1"
  resource_group_name = azurerm_resource_group.rg_hub_networking_weu.name
  location            = azurerm_resource_group.rg_hub_networking_weu.location
  allocation_method   = "Static"
  sku                 = "Standard"
  zones               = ["1", "2", "3"]
  tags                = var.tags
}

resource "azurerm_public_ip" "vpng_hub_weu_pip_2" {
  name                = "pip-vpng-hub-weu-2"
  resource_group_name = azurerm_resource_group.rg_hub_networking_weu.name
  location            = azurerm_resource_group.rg_hub_networking_weu.location
  allocation_method   = "Static"
  sku                 = "Standard"
  zones               = ["1", "2", "3"]
  tags                = var.tags
}

resource "azurerm_virtual_network_gateway" "vpng_hub_weu" {
  name                = "vpng-hub-weu"
  resource_group_name = azurerm_resource_group.rg_hub_networking_weu.name
  location            = azurerm_resource_group.rg_hub_networking_weu.location
  type                = "Vpn"
  vpn_type            = "RouteBased"
  sku                 = "VpnGw2AZ"
  active_active       = true
  bgp_enabled         = true
  tags                = var.tags

  ip_configuration {
    name                          = "vnetGatewayConfig1"
    subnet_id                     = azurerm_subnet.gatewaysubnet.id
    public_ip_address_id          = azurerm_public_ip.vpng_hub_weu_pip_1.id
    private_ip_address_allocation = "Dynamic"
  }

  ip_configuration {
    name                          = "vnetGatewayConfig2"
    subnet_id                     = azurerm_subnet.gatewaysubnet.id
    public_ip_address_id          = azurerm_public_ip.vpng_hub_weu_pip_2.id
    private_ip_address_allocation = "Dynamic"
  }

  bgp_settings {
    asn = 65515
  }
}

resource "azurerm_local_network_gateway" "datacentre_amsterdam" {
  name                = "datacentre-amsterdam"
  resource_group_name = azurerm_resource_group.rg_hub_networking_weu.name
  location            = azurerm_resource_group.rg_hub_networking_weu.location
  gateway_address     = "203.0.113.10"
  address_space       = ["192.168.0.0/16"]
  tags                = var.tags
}

resource "azurerm_virtual_network_gateway_connection" "datacentre_amsterdam" {
  name                       = "cn-vpng-hub-weu-to-datacentre-amsterdam"
  resource_group_name        = azurerm_resource_group.rg_hub_networking_weu.name
  location                   = azurerm_resource_group.rg_hub_networking_weu.location
  virtual_network_gateway_id = azurerm_virtual_network_gateway.vpng_hub_weu.id
  type                       = "IPsec"
  local_network_gateway_id   = azurerm_local_network_gateway.datacentre_amsterdam.id
  shared_key                 = var.vpn_shared_keys["dc"]
  tags                       = var.tags

  # BGP: the site uses ASN 65010. Add bgp_settings (asn, bgp_peering_address)
  # to the local network gateway and set bgp_enabled here once the device's peering address is known.
}

resource "azurerm_public_ip" "bas_hub_weu_pip" {
  name                = "pip-bas-hub-weu"
  resource_group_name = azurerm_resource_group.rg_hub_networking_weu.name
  location            = azurerm_resource_group.rg_hub_networking_weu.location
  allocation_method   = "Static"
  sku                 = "Standard"
  tags                = var.tags
}

resource "azurerm_bastion_host" "bas_hub_weu" {
  name                = "bas-hub-weu"
  resource_group_name = azurerm_resource_group.rg_hub_networking_weu.name
  location            = azurerm_resource_group.rg_hub_networking_weu.location
  sku                 = "Standard"
  tags                = var.tags

  ip_configuration {
    name                 = "ipconfig"
    subnet_id            = azurerm_subnet.azurebastionsubnet.id
    public_ip_address_id = azurerm_public_ip.bas_hub_weu_pip.id
  }
}
