resource "azurerm_route_table" "rt_kubenet" {
  name                          = "rt-aks-kubenet"
  resource_group_name           = azurerm_resource_group.rg.name
  location                      = azurerm_resource_group.rg.location
  bgp_route_propagation_enabled = true
  tags                          = var.tags
}
