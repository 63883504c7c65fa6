output "vnet_ids" {
  description = "VNet ids by design id."
  value = {
    "vnet-kubenet" = azurerm_virtual_network.vnet_kubenet.id
    "vnet-overlay" = azurerm_virtual_network.vnet_overlay.id
  }
}

output "subnet_ids" {
  description = "Subnet ids by design id."
  value = {
    "kubenet-nodes" = azurerm_subnet.kubenet_nodes.id
    "overlay-nodes" = azurerm_subnet.overlay_nodes.id
  }
}

output "kubenet_name" {
  description = "Name of AKS cluster aks-kubenet-weu (for az aks get-credentials)."
  value       = azurerm_kubernetes_cluster.kubenet.name
}

output "kubenet_node_resource_group" {
  description = "Resource group AKS manages for aks-kubenet-weu."
  value       = azurerm_kubernetes_cluster.kubenet.node_resource_group
}

output "overlay_name" {
  description = "Name of AKS cluster aks-overlay-weu (for az aks get-credentials)."
  value       = azurerm_kubernetes_cluster.overlay.name
}

output "overlay_node_resource_group" {
  description = "Resource group AKS manages for aks-overlay-weu."
  value       = azurerm_kubernetes_cluster.overlay.node_resource_group
}
