output "vnet_ids" {
  description = "VNet ids by design id."
  value = {
    "vnet" = azurerm_virtual_network.vnet_apim_aks_weu.id
  }
}

output "subnet_ids" {
  description = "Subnet ids by design id."
  value = {
    "agw-subnet"  = azurerm_subnet.agw_subnet.id
    "aks"         = azurerm_subnet.aks_subnet.id
    "apim-subnet" = azurerm_subnet.apim_subnet.id
    "pe-subnet"   = azurerm_subnet.pe_subnet.id
  }
}

output "aks_apim_backend_weu_name" {
  description = "Name of AKS cluster aks-apim-backend-weu (for az aks get-credentials)."
  value       = azurerm_kubernetes_cluster.aks_apim_backend_weu.name
}

output "aks_apim_backend_weu_node_resource_group" {
  description = "Resource group AKS manages for aks-apim-backend-weu."
  value       = azurerm_kubernetes_cluster.aks_apim_backend_weu.node_resource_group
}

output "aks_apim_backend_weu_oidc_issuer_url" {
  description = "OIDC issuer of aks-apim-backend-weu, for federated credentials."
  value       = azurerm_kubernetes_cluster.aks_apim_backend_weu.oidc_issuer_url
}

output "agw_front_weu_public_ip" {
  description = "Public frontend address of agw-front-weu."
  value       = azurerm_public_ip.agw_front_weu_pip.ip_address
}

output "letsencrypt_dns_identity_client_id" {
  description = "Client id for the Azure DNS solver of issuer letsencrypt-dns (CERT_MANAGER_CLIENT_ID in cluster-issuer.yaml)."
  value       = azurerm_user_assigned_identity.letsencrypt_dns_identity.client_id
}

output "afd_front_host_name" {
  description = "Default host name of Front Door afd-front."
  value       = azurerm_cdn_frontdoor_endpoint.afd_front_endpoint.host_name
}

output "tm_front_fqdn" {
  description = "DNS name of Traffic Manager profile tm-front."
  value       = azurerm_traffic_manager_profile.tm_front.fqdn
}
