output "vnet_ids" {
  description = "VNet ids by design id."
  value = {
    "hub"   = azurerm_virtual_network.vnet_hub_weu.id
    "spoke" = azurerm_virtual_network.vnet_spoke_aks_weu.id
  }
}

output "subnet_ids" {
  description = "Subnet ids by design id."
  value = {
    "agw-subnet"  = azurerm_subnet.snet_application_gateway.id
    "apiserver"   = azurerm_subnet.snet_cluster_apiserver.id
    "build"       = azurerm_subnet.snet_build_agents.id
    "endpoints"   = azurerm_subnet.snet_private_endpoints.id
    "hub-bastion" = azurerm_subnet.azurebastionsubnet.id
    "hub-fw"      = azurerm_subnet.azurefirewallsubnet.id
    "hub-gw"      = azurerm_subnet.gatewaysubnet.id
    "ingress"     = azurerm_subnet.snet_cluster_ingress.id
    "nodes"       = azurerm_subnet.snet_cluster_nodes.id
  }
}

output "aks_baseline_weu_name" {
  description = "Name of AKS cluster aks-baseline-weu (for az aks get-credentials)."
  value       = azurerm_kubernetes_cluster.aks_baseline_weu.name
}

output "aks_baseline_weu_node_resource_group" {
  description = "Resource group AKS manages for aks-baseline-weu."
  value       = azurerm_kubernetes_cluster.aks_baseline_weu.node_resource_group
}

output "aks_baseline_weu_oidc_issuer_url" {
  description = "OIDC issuer of aks-baseline-weu, for federated credentials."
  value       = azurerm_kubernetes_cluster.aks_baseline_weu.oidc_issuer_url
}

output "afw_hub_weu_private_ip" {
  description = "Private IP of afw-hub-weu: the next hop of the egress routes."
  value       = azurerm_firewall.afw_hub_weu.ip_configuration[0].private_ip_address
}

output "agw_spoke_aks_weu_public_ip" {
  description = "Public frontend address of agw-spoke-aks-weu."
  value       = azurerm_public_ip.agw_spoke_aks_weu_pip.ip_address
}
