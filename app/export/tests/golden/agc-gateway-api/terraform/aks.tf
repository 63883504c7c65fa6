resource "azurerm_user_assigned_identity" "aks_agc_demo_eus2_identity" {
  name                = "id-aks-agc-demo-eus2"
  resource_group_name = azurerm_resource_group.rg_agc_demo_eus2.name
  location            = azurerm_resource_group.rg_agc_demo_eus2.location
  tags                = var.tags
}

# The cluster identity joins nodes and internal load balancers to subnets of vnet-agc-demo-eus2.
resource "azurerm_role_assignment" "aks_agc_demo_eus2_identity_vnet_agc_demo_eus2" {
  scope                = azurerm_virtual_network.vnet_agc_demo_eus2.id
  role_definition_name = "Network Contributor"
  principal_id         = azurerm_user_assigned_identity.aks_agc_demo_eus2_identity.principal_id
}

resource "azurerm_kubernetes_cluster" "aks_agc_demo_eus2" {
  name                      = "aks-agc-demo-eus2"
  resource_group_name       = azurerm_resource_group.rg_agc_demo_eus2.name
  location                  = azurerm_resource_group.rg_agc_demo_eus2.location
  dns_prefix                = "aks-agc-demo-eus2"
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
    node_count                  = var.node_pools["npsystem"].node_count
    max_pods                    = 250
    vnet_subnet_id              = azurerm_subnet.snet_aks_nodes.id
    zones                       = ["1", "2", "3"]
    temporary_name_for_rotation = "npsystemtmp"

    # Workloads go to the user pools; the system pool keeps the cluster's own add-ons.
    only_critical_addons_enabled = true
    upgrade_settings {
      max_surge = "1"
    }
  }

  # netdraft's node pools are explicit, so node auto-provisioning stays off; azurerm 5
  # requires the block (TF5).
  node_provisioning_profile {
    mode = "Manual"
  }

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.aks_agc_demo_eus2_identity.id]
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
    service_cidr        = "10.0.0.0/16"
    dns_service_ip      = "10.0.0.10"
  }

  # The identity needs its roles before AKS uses the subnets.
  depends_on = [
    azurerm_role_assignment.aks_agc_demo_eus2_identity_vnet_agc_demo_eus2,
  ]
}

resource "azurerm_kubernetes_cluster_node_pool" "npapps" {
  name                        = "npapps"
  kubernetes_cluster_id       = azurerm_kubernetes_cluster.aks_agc_demo_eus2.id
  mode                        = "User"
  os_type                     = "Linux"
  tags                        = var.tags
  vm_size                     = var.node_pools["npapps"].vm_size
  auto_scaling_enabled        = true
  min_count                   = var.node_pools["npapps"].min_count
  max_count                   = var.node_pools["npapps"].max_count
  max_pods                    = 250
  vnet_subnet_id              = azurerm_subnet.snet_aks_nodes.id
  zones                       = ["1", "2", "3"]
  temporary_name_for_rotation = "npappstmp"

  upgrade_settings {
    max_surge = "33%"
  }
}
