output "vnet_ids" {
  description = "VNet ids by design id."
  value = {
    "vnet" = azurerm_virtual_network.vnet.id
  }
}

output "subnet_ids" {
  description = "Subnet ids by design id."
  value = {
    "agc-subnet" = azurerm_subnet.agc_subnet.id
    "nodes"      = azurerm_subnet.nodes.id
  }
}

output "cluster_name" {
  description = "Name of AKS cluster aks-agc-demo-eus2 (for az aks get-credentials)."
  value       = azurerm_kubernetes_cluster.cluster.name
}

output "cluster_node_resource_group" {
  description = "Resource group AKS manages for aks-agc-demo-eus2."
  value       = azurerm_kubernetes_cluster.cluster.node_resource_group
}

output "cluster_oidc_issuer_url" {
  description = "OIDC issuer of aks-agc-demo-eus2, for federated credentials."
  value       = azurerm_kubernetes_cluster.cluster.oidc_issuer_url
}

output "agc_identity_client_id" {
  description = "Client id for the ALB controller's albController.podIdentity.clientID value."
  value       = azurerm_user_assigned_identity.agc_identity.client_id
}
