output "vnet_ids" {
  description = "VNet ids by design id."
  value = {
    "vnet" = azurerm_virtual_network.vnet_shop_weu.id
  }
}

output "subnet_ids" {
  description = "Subnet ids by design id."
  value = {
    "agw" = azurerm_subnet.snet_appgw.id
    "aks" = azurerm_subnet.snet_aks.id
  }
}

output "aks_shop_weu_name" {
  description = "Name of AKS cluster aks-shop-weu (for az aks get-credentials)."
  value       = azurerm_kubernetes_cluster.aks_shop_weu.name
}

output "aks_shop_weu_node_resource_group" {
  description = "Resource group AKS manages for aks-shop-weu."
  value       = azurerm_kubernetes_cluster.aks_shop_weu.node_resource_group
}

output "aks_shop_weu_oidc_issuer_url" {
  description = "OIDC issuer of aks-shop-weu, for federated credentials."
  value       = azurerm_kubernetes_cluster.aks_shop_weu.oidc_issuer_url
}

output "agw_shop_weu_public_ip" {
  description = "Public frontend address of agw-shop-weu."
  value       = azurerm_public_ip.agw_shop_weu_pip.ip_address
}

output "aks_shop_weu_agic_identity_client_id" {
  description = "Client id for AGIC's armAuth.identityClientID value (AGIC_CLIENT_ID in values-agic.yaml)."
  value       = azurerm_user_assigned_identity.aks_shop_weu_agic_identity.client_id
}

output "tm_shop_fqdn" {
  description = "DNS name of Traffic Manager profile tm-shop."
  value       = azurerm_traffic_manager_profile.tm_shop.fqdn
}
