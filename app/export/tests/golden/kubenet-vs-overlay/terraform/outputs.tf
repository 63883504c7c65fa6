output "vnet_ids" {
  description = "VNet ids by design id."
  value = {
    "vnet-kubenet" = azurerm_virtual_network.vnet_kubenet_weu.id
    "vnet-overlay" = azurerm_virtual_network.vnet_overlay_weu.id
  }
}

output "subnet_ids" {
  description = "Subnet ids by design id."
  value = {
    "kubenet-nodes" = azurerm_subnet.snet_kubenet_nodes.id
    "overlay-nodes" = azurerm_subnet.snet_overlay_nodes.id
  }
}

output "aks_kubenet_weu_name" {
  description = "Name of AKS cluster aks-kubenet-weu (for az aks get-credentials)."
  value       = azurerm_kubernetes_cluster.aks_kubenet_weu.name
}

output "aks_kubenet_weu_node_resource_group" {
  description = "Resource group AKS manages for aks-kubenet-weu."
  value       = azurerm_kubernetes_cluster.aks_kubenet_weu.node_resource_group
}

output "aks_overlay_weu_name" {
  description = "Name of AKS cluster aks-overlay-weu (for az aks get-credentials)."
  value       = azurerm_kubernetes_cluster.aks_overlay_weu.name
}

output "aks_overlay_weu_node_resource_group" {
  description = "Resource group AKS manages for aks-overlay-weu."
  value       = azurerm_kubernetes_cluster.aks_overlay_weu.node_resource_group
}
