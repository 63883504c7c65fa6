output "vnet_ids" {
  description = "VNet ids by design id."
  value = {
    "vnet" = azurerm_virtual_network.vnet_dq_x_mega_resource_x_y.id
  }
}

output "subnet_ids" {
  description = "Subnet ids by design id."
  value = {
    "aks"         = azurerm_subnet.aks_subnet_yes.id
    "apim-subnet" = azurerm_subnet.apim_subnet.id
  }
}

output "aks_jndi_back_slash_name" {
  description = "Name of AKS cluster aks-$${jndi}-\\back\\slash (for az aks get-credentials)."
  value       = azurerm_kubernetes_cluster.aks_jndi_back_slash.name
}

output "aks_jndi_back_slash_node_resource_group" {
  description = "Resource group AKS manages for aks-$${jndi}-\\back\\slash."
  value       = azurerm_kubernetes_cluster.aks_jndi_back_slash.node_resource_group
}
