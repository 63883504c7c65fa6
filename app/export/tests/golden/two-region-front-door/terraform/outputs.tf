output "vnet_ids" {
  description = "VNet ids by design id."
  value = {
    "vnet-neu" = azurerm_virtual_network.vnet_app_neu.id
    "vnet-weu" = azurerm_virtual_network.vnet_app_weu.id
  }
}

output "subnet_ids" {
  description = "Subnet ids by design id."
  value = {
    "neu-nodes" = azurerm_subnet.snet_aks_nodes.id
    "neu-pls"   = azurerm_subnet.snet_private_link.id
    "weu-nodes" = azurerm_subnet.snet_aks_nodes_2.id
    "weu-pls"   = azurerm_subnet.snet_private_link_2.id
  }
}

output "aks_app_neu_name" {
  description = "Name of AKS cluster aks-app-neu (for az aks get-credentials)."
  value       = azurerm_kubernetes_cluster.aks_app_neu.name
}

output "aks_app_neu_node_resource_group" {
  description = "Resource group AKS manages for aks-app-neu."
  value       = azurerm_kubernetes_cluster.aks_app_neu.node_resource_group
}

output "aks_app_neu_oidc_issuer_url" {
  description = "OIDC issuer of aks-app-neu, for federated credentials."
  value       = azurerm_kubernetes_cluster.aks_app_neu.oidc_issuer_url
}

output "aks_app_weu_name" {
  description = "Name of AKS cluster aks-app-weu (for az aks get-credentials)."
  value       = azurerm_kubernetes_cluster.aks_app_weu.name
}

output "aks_app_weu_node_resource_group" {
  description = "Resource group AKS manages for aks-app-weu."
  value       = azurerm_kubernetes_cluster.aks_app_weu.node_resource_group
}

output "aks_app_weu_oidc_issuer_url" {
  description = "OIDC issuer of aks-app-weu, for federated credentials."
  value       = azurerm_kubernetes_cluster.aks_app_weu.oidc_issuer_url
}

output "afd_app_global_host_name" {
  description = "Default host name of Front Door afd-app-global."
  value       = azurerm_cdn_frontdoor_endpoint.afd_app_global_endpoint.host_name
}
