output "vnet_ids" {
  description = "VNet ids by design id."
  value = {
    "hub"   = azurerm_virtual_network.hub.id
    "spoke" = azurerm_virtual_network.spoke.id
  }
}

output "subnet_ids" {
  description = "Subnet ids by design id."
  value = {
    "agw-subnet"  = azurerm_subnet.agw_subnet.id
    "apiserver"   = azurerm_subnet.apiserver.id
    "build"       = azurerm_subnet.build.id
    "endpoints"   = azurerm_subnet.endpoints.id
    "hub-bastion" = azurerm_subnet.hub_bastion.id
    "hub-fw"      = azurerm_subnet.hub_fw.id
    "hub-gw"      = azurerm_subnet.hub_gw.id
    "ingress"     = azurerm_subnet.ingress.id
    "nodes"       = azurerm_subnet.nodes.id
  }
}

output "cluster_name" {
  description = "Name of AKS cluster aks-baseline-weu (for az aks get-credentials)."
  value       = azurerm_kubernetes_cluster.cluster.name
}

output "cluster_node_resource_group" {
  description = "Resource group AKS manages for aks-baseline-weu."
  value       = azurerm_kubernetes_cluster.cluster.node_resource_group
}

output "cluster_oidc_issuer_url" {
  description = "OIDC issuer of aks-baseline-weu, for federated credentials."
  value       = azurerm_kubernetes_cluster.cluster.oidc_issuer_url
}

output "afw_private_ip" {
  description = "Private IP of afw-hub-weu: the next hop of the egress routes."
  value       = azurerm_firewall.afw.ip_configuration[0].private_ip_address
}

output "agw_public_ip" {
  description = "Public frontend address of agw-spoke-aks-weu."
  value       = azurerm_public_ip.agw_pip.ip_address
}
