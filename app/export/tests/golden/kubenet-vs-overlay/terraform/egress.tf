resource "azurerm_route_table" "rt_aks_kubenet" {
  name                          = "rt-aks-kubenet"
  resource_group_name           = azurerm_resource_group.rg_cni_comparison_weu.name
  location                      = azurerm_resource_group.rg_cni_comparison_weu.location
  bgp_route_propagation_enabled = true
  tags                          = var.tags
}
