output "vnet_ids" {
  description = "VNet ids by design id."
  value = {
    "vnet" = azurerm_virtual_network.vnet.id
  }
}

output "subnet_ids" {
  description = "Subnet ids by design id."
  value = {
    "agw" = azurerm_subnet.agw.id
    "aks" = azurerm_subnet.aks.id
  }
}

output "cluster_name" {
  description = "Name of AKS cluster aks-shop-weu (for az aks get-credentials)."
  value       = azurerm_kubernetes_cluster.cluster.name
}

output "cluster_node_resource_group" {
  description = "Resource group AKS manages for aks-shop-weu."
  value       = azurerm_kubernetes_cluster.cluster.node_resource_group
}

output "appgw_public_ip" {
  description = "Public frontend address of agw-shop-weu."
  value       = azurerm_public_ip.appgw_pip.ip_address
}

output "tm_fqdn" {
  description = "DNS name of Traffic Manager profile tm-shop."
  value       = azurerm_traffic_manager_profile.tm.fqdn
}
