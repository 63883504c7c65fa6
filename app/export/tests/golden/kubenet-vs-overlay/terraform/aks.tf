resource "azurerm_user_assigned_identity" "kubenet_identity" {
  name                = "id-aks-kubenet-weu"
  resource_group_name = azurerm_resource_group.rg.name
  location            = azurerm_resource_group.rg.location
  tags                = var.tags
}

# The cluster identity joins nodes and internal load balancers to subnets of vnet-kubenet-weu.
resource "azurerm_role_assignment" "kubenet_identity_vnet_kubenet" {
  scope                = azurerm_virtual_network.vnet_kubenet.id
  role_definition_name = "Network Contributor"
  principal_id         = azurerm_user_assigned_identity.kubenet_identity.principal_id
}

# kubenet writes one route per node into rt-aks-kubenet (AKS-KUBENET).
resource "azurerm_role_assignment" "kubenet_identity_rt_kubenet" {
  scope                = azurerm_route_table.rt_kubenet.id
  role_definition_name = "Network Contributor"
  principal_id         = azurerm_user_assigned_identity.kubenet_identity.principal_id
}

resource "azurerm_kubernetes_cluster" "kubenet" {
  name                = "aks-kubenet-weu"
  resource_group_name = azurerm_resource_group.rg.name
  location            = azurerm_resource_group.rg.location
  dns_prefix          = "aks-kubenet-weu"
  sku_tier            = "Standard"
  tags                = var.tags

  # Patch releases of the Kubernetes minor version and node images arrive on
  # their own; Azure Policy audits the cluster; sign-in is through Entra ID
  # only (grant the Azure Kubernetes Service RBAC roles; no local admin).
  automatic_upgrade_channel = "patch"
  node_os_upgrade_channel   = "NodeImage"
  azure_policy_enabled      = true
  local_account_disabled    = true

  default_node_pool {
    name                        = "npsystem"
    vm_size                     = var.node_pools["kubenet_system"].vm_size
    node_count                  = var.node_pools["kubenet_system"].node_count
    max_pods                    = 110
    vnet_subnet_id              = azurerm_subnet.kubenet_nodes.id
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
    identity_ids = [azurerm_user_assigned_identity.kubenet_identity.id]
  }

  azure_active_directory_role_based_access_control {
    azure_rbac_enabled = true
  }

  api_server_access_profile {
    authorized_ip_ranges = ["203.0.113.0/24"]
  }

  network_profile {
    network_plugin    = "kubenet"
    network_policy    = "calico"
    outbound_type     = "loadBalancer"
    load_balancer_sku = "standard"
    pod_cidr          = "10.244.0.0/16"
    service_cidr      = "10.0.0.0/16"
    dns_service_ip    = "10.0.0.10"
  }

  # The identity needs its roles before AKS uses the subnets.
  depends_on = [
    azurerm_subnet_route_table_association.kubenet_nodes,
    azurerm_role_assignment.kubenet_identity_vnet_kubenet,
  ]
}

resource "azurerm_kubernetes_cluster_node_pool" "kubenet_user" {
  name                        = "npuser"
  kubernetes_cluster_id       = azurerm_kubernetes_cluster.kubenet.id
  mode                        = "User"
  os_type                     = "Linux"
  tags                        = var.tags
  vm_size                     = var.node_pools["kubenet_user"].vm_size
  auto_scaling_enabled        = true
  min_count                   = var.node_pools["kubenet_user"].min_count
  max_count                   = var.node_pools["kubenet_user"].max_count
  max_pods                    = 110
  vnet_subnet_id              = azurerm_subnet.kubenet_nodes.id
  zones                       = ["1", "2", "3"]
  temporary_name_for_rotation = "npusertmp"

  upgrade_settings {
    max_surge = "33%"
  }
}

resource "azurerm_user_assigned_identity" "overlay_identity" {
  name                = "id-aks-overlay-weu"
  resource_group_name = azurerm_resource_group.rg.name
  location            = azurerm_resource_group.rg.location
  tags                = var.tags
}

# The cluster identity joins nodes and internal load balancers to subnets of vnet-overlay-weu.
resource "azurerm_role_assignment" "overlay_identity_vnet_overlay" {
  scope                = azurerm_virtual_network.vnet_overlay.id
  role_definition_name = "Network Contributor"
  principal_id         = azurerm_user_assigned_identity.overlay_identity.principal_id
}

resource "azurerm_kubernetes_cluster" "overlay" {
  name                = "aks-overlay-weu"
  resource_group_name = azurerm_resource_group.rg.name
  location            = azurerm_resource_group.rg.location
  dns_prefix          = "aks-overlay-weu"
  sku_tier            = "Standard"
  tags                = var.tags

  # Patch releases of the Kubernetes minor version and node images arrive on
  # their own; Azure Policy audits the cluster; sign-in is through Entra ID
  # only (grant the Azure Kubernetes Service RBAC roles; no local admin).
  automatic_upgrade_channel = "patch"
  node_os_upgrade_channel   = "NodeImage"
  azure_policy_enabled      = true
  local_account_disabled    = true

  default_node_pool {
    name                        = "npsystem"
    vm_size                     = var.node_pools["overlay_system"].vm_size
    node_count                  = var.node_pools["overlay_system"].node_count
    max_pods                    = 250
    vnet_subnet_id              = azurerm_subnet.overlay_nodes.id
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
    identity_ids = [azurerm_user_assigned_identity.overlay_identity.id]
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
    azurerm_role_assignment.overlay_identity_vnet_overlay,
  ]
}

resource "azurerm_kubernetes_cluster_node_pool" "overlay_user" {
  name                        = "npuser"
  kubernetes_cluster_id       = azurerm_kubernetes_cluster.overlay.id
  mode                        = "User"
  os_type                     = "Linux"
  tags                        = var.tags
  vm_size                     = var.node_pools["overlay_user"].vm_size
  auto_scaling_enabled        = true
  min_count                   = var.node_pools["overlay_user"].min_count
  max_count                   = var.node_pools["overlay_user"].max_count
  max_pods                    = 250
  vnet_subnet_id              = azurerm_subnet.overlay_nodes.id
  zones                       = ["1", "2", "3"]
  temporary_name_for_rotation = "npusertmp"

  upgrade_settings {
    max_surge = "33%"
  }
}
