output "vnet_ids" {
  description = "VNet ids by design id."
  value = {
    "hub"    = azurerm_virtual_network.hub.id
    "shared" = data.azurerm_virtual_network.shared.id
    "spoke"  = azurerm_virtual_network.spoke.id
  }
}

output "subnet_ids" {
  description = "Subnet ids by design id."
  value = {
    "hub-default" = azurerm_subnet.hub_default.id
    "spoke-app"   = azurerm_subnet.spoke_app.id
  }
}

output "afd_host_name" {
  description = "Default host name of Front Door afd-estate."
  value       = azurerm_cdn_frontdoor_endpoint.afd_endpoint.host_name
}
