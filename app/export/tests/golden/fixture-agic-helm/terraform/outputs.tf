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

output "cluster_oidc_issuer_url" {
  description = "OIDC issuer of aks-shop-weu, for federated credentials."
  value       = azurerm_kubernetes_cluster.cluster.oidc_issuer_url
}

output "appgw_public_ip" {
  description = "Public frontend address of agw-shop-weu."
  value       = azurerm_public_ip.appgw_pip.ip_address
}

output "cluster_agic_identity_client_id" {
  description = "Client id for AGIC's armAuth.identityClientID value (AGIC_CLIENT_ID in values-agic.yaml)."
  value       = azurerm_user_assigned_identity.cluster_agic_identity.client_id
}

output "tm_fqdn" {
  description = "DNS name of Traffic Manager profile tm-shop."
  value       = azurerm_traffic_manager_profile.tm.fqdn
}
