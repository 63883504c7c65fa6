output "vnet_ids" {
  description = "VNet ids by design id."
  value = {
    "vnet" = azurerm_virtual_network.vnet.id
  }
}

output "subnet_ids" {
  description = "Subnet ids by design id."
  value = {
    "aks"         = azurerm_subnet.aks.id
    "apim-subnet" = azurerm_subnet.apim_subnet.id
  }
}

output "cluster_name" {
  description = "Name of AKS cluster aks-$${jndi}-\\back\\slash (for az aks get-credentials)."
  value       = azurerm_kubernetes_cluster.cluster.name
}

output "cluster_node_resource_group" {
  description = "Resource group AKS manages for aks-$${jndi}-\\back\\slash."
  value       = azurerm_kubernetes_cluster.cluster.node_resource_group
}
