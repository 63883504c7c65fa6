resource "azurerm_virtual_wan" "vwan_contoso" {
  name                           = "vwan-contoso"
  resource_group_name            = azurerm_resource_group.rg_vwan_hub_weu.name
  location                       = azurerm_resource_group.rg_vwan_hub_weu.location
  type                           = "Standard"
  allow_branch_to_branch_traffic = true
  tags                           = var.tags
}

resource "azurerm_virtual_hub" "vhub_weu" {
  name                = "vhub-weu"
  resource_group_name = azurerm_resource_group.rg_vwan_hub_weu.name
  location            = azurerm_resource_group.rg_vwan_hub_weu.location
  virtual_wan_id      = azurerm_virtual_wan.vwan_contoso.id
  address_prefix      = "10.100.0.0/23"
  sku                 = "Standard"
  tags                = var.tags
}

# Connects vnet-spoke-aks-weu to the hub (instead of a peering).
resource "azurerm_virtual_hub_connection" "vnet_spoke_aks_weu_conn" {
  name                      = "conn-vnet-spoke-aks-weu"
  virtual_hub_id            = azurerm_virtual_hub.vhub_weu.id
  remote_virtual_network_id = azurerm_virtual_network.vnet_spoke_aks_weu.id
  internet_security_enabled = false
}

# Connects vnet-spoke-app-weu to the hub (instead of a peering).
resource "azurerm_virtual_hub_connection" "vnet_spoke_app_weu_conn" {
  name                      = "conn-vnet-spoke-app-weu"
  virtual_hub_id            = azurerm_virtual_hub.vhub_weu.id
  remote_virtual_network_id = azurerm_virtual_network.vnet_spoke_app_weu.id
  internet_security_enabled = false
}

# Routing intent: the hub sends PrivateTraffic through afw-vhub-weu.
resource "azurerm_virtual_hub_routing_intent" "vhub_weu_routing_intent" {
  name           = "hubRoutingIntent"
  virtual_hub_id = azurerm_virtual_hub.vhub_weu.id

  routing_policy {
    name         = "PrivateTrafficPolicy"
    destinations = ["PrivateTraffic"]
    next_hop     = azurerm_firewall.afw_vhub_weu.id
  }

  depends_on = [
    azurerm_virtual_hub_connection.vnet_spoke_aks_weu_conn,
    azurerm_virtual_hub_connection.vnet_spoke_app_weu_conn,
  ]
}

resource "azurerm_vpn_gateway" "vpng_vhub_weu" {
  name                = "vpng-vhub-weu"
  resource_group_name = azurerm_resource_group.rg_vwan_hub_weu.name
  location            = azurerm_resource_group.rg_vwan_hub_weu.location
  virtual_hub_id      = azurerm_virtual_hub.vhub_weu.id
  scale_unit          = 1
  tags                = var.tags

  bgp_settings {
    asn         = 65515
    peer_weight = 0
  }
}

resource "azurerm_vpn_site" "datacentre_amsterdam" {
  name                = "datacentre-amsterdam"
  resource_group_name = azurerm_resource_group.rg_vwan_hub_weu.name
  location            = azurerm_resource_group.rg_vwan_hub_weu.location
  virtual_wan_id      = azurerm_virtual_wan.vwan_contoso.id
  address_cidrs       = ["192.168.0.0/16"]
  tags                = var.tags

  link {
    name       = "link-1"
    ip_address = "203.0.113.10"
  }

  # BGP: the site uses ASN 65010. Add a bgp block (asn, peering_address) to the
  # link and set bgp_enabled on the connection's vpn_link once the device's peering address is known.
}

resource "azurerm_vpn_gateway_connection" "datacentre_amsterdam" {
  name               = "cn-vpng-vhub-weu-to-datacentre-amsterdam"
  vpn_gateway_id     = azurerm_vpn_gateway.vpng_vhub_weu.id
  remote_vpn_site_id = azurerm_vpn_site.datacentre_amsterdam.id

  vpn_link {
    name             = "link-1"
    vpn_site_link_id = azurerm_vpn_site.datacentre_amsterdam.link[0].id
    shared_key       = var.vpn_shared_keys["dc"]
  }
}
