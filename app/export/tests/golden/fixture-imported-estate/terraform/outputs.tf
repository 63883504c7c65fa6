output "vnet_ids" {
  description = "VNet ids by design id."
  value = {
    "hub"    = azurerm_virtual_network.vnet_hub.id
    "shared" = data.azurerm_virtual_network.vnet_shared.id
    "spoke"  = azurerm_virtual_network.vnet_spoke.id
  }
}

output "subnet_ids" {
  description = "Subnet ids by design id."
  value = {
    "hub-default" = azurerm_subnet.snet_default.id
    "spoke-app"   = azurerm_subnet.snet_app.id
  }
}

output "afd_estate_host_name" {
  description = "Default host name of Front Door afd-estate."
  value       = azurerm_cdn_frontdoor_endpoint.afd_estate_endpoint.host_name
}
