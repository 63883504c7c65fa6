output "vnet_ids" {
  description = "VNet ids by design id."
  value = {
    "spoke-aks" = azurerm_virtual_network.vnet_spoke_aks_weu.id
    "spoke-app" = azurerm_virtual_network.vnet_spoke_app_weu.id
  }
}

output "subnet_ids" {
  description = "Subnet ids by design id."
  value = {
    "apps"  = azurerm_subnet.snet_apps.id
    "nodes" = azurerm_subnet.snet_aks_nodes.id
  }
}

output "aks_vwan_weu_name" {
  description = "Name of AKS cluster aks-vwan-weu (for az aks get-credentials)."
  value       = azurerm_kubernetes_cluster.aks_vwan_weu.name
}

output "aks_vwan_weu_node_resource_group" {
  description = "Resource group AKS manages for aks-vwan-weu."
  value       = azurerm_kubernetes_cluster.aks_vwan_weu.node_resource_group
}

output "aks_vwan_weu_oidc_issuer_url" {
  description = "OIDC issuer of aks-vwan-weu, for federated credentials."
  value       = azurerm_kubernetes_cluster.aks_vwan_weu.oidc_issuer_url
}

output "afw_vhub_weu_private_ip" {
  description = "Private IP of afw-vhub-weu: the next hop of the egress routes."
  value       = azurerm_firewall.afw_vhub_weu.virtual_hub[0].private_ip_address
}
