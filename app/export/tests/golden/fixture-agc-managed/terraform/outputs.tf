output "vnet_ids" {
  description = "VNet ids by design id."
  value = {
    "vnet" = azurerm_virtual_network.vnet_agc_demo_eus2.id
  }
}

output "subnet_ids" {
  description = "Subnet ids by design id."
  value = {
    "agc-subnet" = azurerm_subnet.snet_agc.id
    "nodes"      = azurerm_subnet.snet_aks_nodes.id
  }
}

output "aks_agc_demo_eus2_name" {
  description = "Name of AKS cluster aks-agc-demo-eus2 (for az aks get-credentials)."
  value       = azurerm_kubernetes_cluster.aks_agc_demo_eus2.name
}

output "aks_agc_demo_eus2_node_resource_group" {
  description = "Resource group AKS manages for aks-agc-demo-eus2."
  value       = azurerm_kubernetes_cluster.aks_agc_demo_eus2.node_resource_group
}

output "aks_agc_demo_eus2_oidc_issuer_url" {
  description = "OIDC issuer of aks-agc-demo-eus2, for federated credentials."
  value       = azurerm_kubernetes_cluster.aks_agc_demo_eus2.oidc_issuer_url
}

output "agc_demo_eus2_identity_client_id" {
  description = "Client id for the ALB controller's albController.podIdentity.clientID value."
  value       = azurerm_user_assigned_identity.agc_demo_eus2_identity.client_id
}
