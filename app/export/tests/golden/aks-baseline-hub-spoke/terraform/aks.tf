resource "azurerm_user_assigned_identity" "aks_baseline_weu_identity" {
  name                = "id-aks-baseline-weu"
  resource_group_name = azurerm_resource_group.rg_spoke_aks_weu.name
  location            = azurerm_resource_group.rg_spoke_aks_weu.location
  tags                = var.tags
}

# The cluster identity joins nodes and internal load balancers to subnets of vnet-spoke-aks-weu.
resource "azurerm_role_assignment" "aks_baseline_weu_identity_vnet_spoke_aks_weu" {
  scope                = azurerm_virtual_network.vnet_spoke_aks_weu.id
  role_definition_name = "Network Contributor"
  principal_id         = azurerm_user_assigned_identity.aks_baseline_weu_identity.principal_id
}

resource "azurerm_role_assignment" "aks_baseline_weu_identity_privatelink_westeurope_azmk8s_io" {
  scope                = azurerm_private_dns_zone.privatelink_westeurope_azmk8s_io.id
  role_definition_name = "Private DNS Zone Contributor"
  principal_id         = azurerm_user_assigned_identity.aks_baseline_weu_identity.principal_id
}

resource "azurerm_kubernetes_cluster" "aks_baseline_weu" {
  name                      = "aks-baseline-weu"
  resource_group_name       = azurerm_resource_group.rg_spoke_aks_weu.name
  location                  = azurerm_resource_group.rg_spoke_aks_weu.location
  dns_prefix                = "aks-baseline-weu"
  kubernetes_version        = "1.33"
  sku_tier                  = "Standard"
  private_cluster_enabled   = true
  private_dns_zone_id       = azurerm_private_dns_zone.privatelink_westeurope_azmk8s_io.id
  oidc_issuer_enabled       = true
  workload_identity_enabled = true
  tags                      = var.tags

  # Patch releases of the Kubernetes minor version and node images arrive on
  # their own; Azure Policy audits the cluster; sign-in is through Entra ID
  # only (grant the Azure Kubernetes Service RBAC roles; no local admin).
  automatic_upgrade_channel = "patch"
  node_os_upgrade_channel   = "NodeImage"
  azure_policy_enabled      = true
  local_account_disabled    = true

  default_node_pool {
    name                        = "npsystem"
    vm_size                     = var.node_pools["npsystem"].vm_size
    auto_scaling_enabled        = true
    min_count                   = var.node_pools["npsystem"].min_count
    max_count                   = var.node_pools["npsystem"].max_count
    max_pods                    = 30
    vnet_subnet_id              = azurerm_subnet.snet_cluster_nodes.id
    zones                       = ["1", "2", "3"]
    temporary_name_for_rotation = "npsystemtmp"

    # Workloads go to the user pools; the system pool keeps the cluster's own add-ons.
    only_critical_addons_enabled = true
    upgrade_settings {
      max_surge = "33%"
    }
  }

  # netdraft's node pools are explicit, so node auto-provisioning stays off; azurerm 5
  # requires the block (TF5).
  node_provisioning_profile {
    mode = "Manual"
  }

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.aks_baseline_weu_identity.id]
  }

  azure_active_directory_role_based_access_control {
    azure_rbac_enabled = true
  }

  api_server_access_profile {
    subnet_id                           = azurerm_subnet.snet_cluster_apiserver.id
    virtual_network_integration_enabled = true
  }

  network_profile {
    network_plugin      = "azure"
    network_plugin_mode = "overlay"
    network_data_plane  = "cilium"
    network_policy      = "cilium"
    outbound_type       = "userDefinedRouting"
    load_balancer_sku   = "standard"
    pod_cidr            = "10.244.0.0/16"
    service_cidr        = "172.16.0.0/16"
    dns_service_ip      = "172.16.0.10"
  }

  # Pods mount Key Vault secrets through the Secrets Store CSI driver; its identity
  # gets Key Vault Secrets User on the design's vaults below (AKS-CSI).
  key_vault_secrets_provider {
    secret_rotation_enabled = true
  }

  # UDR egress: the route table must be on the subnet before AKS validates it (AKS-UDR).
  depends_on = [
    azurerm_subnet_route_table_association.snet_cluster_nodes,
    azurerm_role_assignment.aks_baseline_weu_identity_vnet_spoke_aks_weu,
  ]
}

resource "azurerm_kubernetes_cluster_node_pool" "npuser01" {
  name                        = "npuser01"
  kubernetes_cluster_id       = azurerm_kubernetes_cluster.aks_baseline_weu.id
  mode                        = "User"
  os_type                     = "Linux"
  tags                        = var.tags
  vm_size                     = var.node_pools["npuser01"].vm_size
  auto_scaling_enabled        = true
  min_count                   = var.node_pools["npuser01"].min_count
  max_count                   = var.node_pools["npuser01"].max_count
  max_pods                    = 30
  vnet_subnet_id              = azurerm_subnet.snet_cluster_nodes.id
  zones                       = ["1", "2", "3"]
  temporary_name_for_rotation = "npuser01tmp"

  upgrade_settings {
    max_surge = "33%"
  }
}

# The kubelet identity pulls images from acraksbaselineweu (AcrPull; learn.microsoft.com
# /azure/aks/cluster-container-registry-integration).
resource "azurerm_role_assignment" "aks_baseline_weu_acr_pull_acraksbaselineweu" {
  scope                = azurerm_container_registry.acraksbaselineweu.id
  role_definition_name = "AcrPull"
  principal_id         = azurerm_kubernetes_cluster.aks_baseline_weu.kubelet_identity[0].object_id
}

# The Secrets Store CSI driver's identity reads secrets of kv-aks-baseline-weu
# (Key Vault Secrets User; learn.microsoft.com/azure/aks/csi-secrets-store-identity-access).
resource "azurerm_role_assignment" "aks_baseline_weu_kv_secrets_kv_aks_baseline_weu" {
  scope                = azurerm_key_vault.kv_aks_baseline_weu.id
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_kubernetes_cluster.aks_baseline_weu.key_vault_secrets_provider[0].secret_identity[0].object_id
}
