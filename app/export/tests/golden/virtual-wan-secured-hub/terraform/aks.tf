resource "azurerm_user_assigned_identity" "aks_vwan_weu_identity" {
  name                = "id-aks-vwan-weu"
  resource_group_name = azurerm_resource_group.rg_vwan_spokes_weu.name
  location            = azurerm_resource_group.rg_vwan_spokes_weu.location
  tags                = var.tags
}

# The cluster identity joins nodes and internal load balancers to subnets of vnet-spoke-aks-weu.
resource "azurerm_role_assignment" "aks_vwan_weu_identity_vnet_spoke_aks_weu" {
  scope                = azurerm_virtual_network.vnet_spoke_aks_weu.id
  role_definition_name = "Network Contributor"
  principal_id         = azurerm_user_assigned_identity.aks_vwan_weu_identity.principal_id
}

resource "azurerm_kubernetes_cluster" "aks_vwan_weu" {
  name                      = "aks-vwan-weu"
  resource_group_name       = azurerm_resource_group.rg_vwan_spokes_weu.name
  location                  = azurerm_resource_group.rg_vwan_spokes_weu.location
  dns_prefix                = "aks-vwan-weu"
  sku_tier                  = "Standard"
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
    max_pods                    = 250
    vnet_subnet_id              = azurerm_subnet.snet_aks_nodes.id
    zones                       = ["1", "2", "3"]
    temporary_name_for_rotation = "npsystemtmp"

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
    identity_ids = [azurerm_user_assigned_identity.aks_vwan_weu_identity.id]
  }

  azure_active_directory_role_based_access_control {
    azure_rbac_enabled = true
  }

  api_server_access_profile {
    authorized_ip_ranges = ["203.0.113.0/24"]
  }

  network_profile {
    network_plugin      = "azure"
    network_plugin_mode = "overlay"
    network_data_plane  = "cilium"
    network_policy      = "cilium"
    outbound_type       = "loadBalancer"
    load_balancer_sku   = "standard"
    pod_cidr            = "10.244.0.0/16"
    service_cidr        = "172.16.0.0/16"
    dns_service_ip      = "172.16.0.10"
  }

  # The identity needs its roles before AKS uses the subnets.
  depends_on = [
    azurerm_role_assignment.aks_vwan_weu_identity_vnet_spoke_aks_weu,
  ]
}
