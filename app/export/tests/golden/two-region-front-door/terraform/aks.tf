resource "azurerm_user_assigned_identity" "aks_neu_identity" {
  name                = "id-aks-app-neu"
  resource_group_name = azurerm_resource_group.rg_neu.name
  location            = azurerm_resource_group.rg_neu.location
  tags                = var.tags
}

# The cluster identity joins nodes and internal load balancers to subnets of vnet-app-neu.
resource "azurerm_role_assignment" "aks_neu_identity_vnet_neu" {
  scope                = azurerm_virtual_network.vnet_neu.id
  role_definition_name = "Network Contributor"
  principal_id         = azurerm_user_assigned_identity.aks_neu_identity.principal_id
}

resource "azurerm_kubernetes_cluster" "aks_neu" {
  name                      = "aks-app-neu"
  resource_group_name       = azurerm_resource_group.rg_neu.name
  location                  = azurerm_resource_group.rg_neu.location
  dns_prefix                = "aks-app-neu"
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
    vm_size                     = var.node_pools["neu_system"].vm_size
    node_count                  = var.node_pools["neu_system"].node_count
    max_pods                    = 250
    vnet_subnet_id              = azurerm_subnet.neu_nodes.id
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
    identity_ids = [azurerm_user_assigned_identity.aks_neu_identity.id]
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
    outbound_type       = "userAssignedNATGateway"
    load_balancer_sku   = "standard"
    pod_cidr            = "10.244.0.0/16"
    service_cidr        = "10.0.0.0/16"
    dns_service_ip      = "10.0.0.10"
  }

  # NAT egress: the NAT gateway must be on the subnet first (AKS-NAT).
  depends_on = [
    azurerm_subnet_nat_gateway_association.neu_nodes,
    azurerm_role_assignment.aks_neu_identity_vnet_neu,
  ]
}

resource "azurerm_kubernetes_cluster_node_pool" "neu_user" {
  name                        = "npuser"
  kubernetes_cluster_id       = azurerm_kubernetes_cluster.aks_neu.id
  mode                        = "User"
  os_type                     = "Linux"
  tags                        = var.tags
  vm_size                     = var.node_pools["neu_user"].vm_size
  auto_scaling_enabled        = true
  min_count                   = var.node_pools["neu_user"].min_count
  max_count                   = var.node_pools["neu_user"].max_count
  max_pods                    = 250
  vnet_subnet_id              = azurerm_subnet.neu_nodes.id
  zones                       = ["1", "2", "3"]
  temporary_name_for_rotation = "npusertmp"

  upgrade_settings {
    max_surge = "33%"
  }
}

resource "azurerm_user_assigned_identity" "aks_weu_identity" {
  name                = "id-aks-app-weu"
  resource_group_name = azurerm_resource_group.rg_weu.name
  location            = azurerm_resource_group.rg_weu.location
  tags                = var.tags
}

# The cluster identity joins nodes and internal load balancers to subnets of vnet-app-weu.
resource "azurerm_role_assignment" "aks_weu_identity_vnet_weu" {
  scope                = azurerm_virtual_network.vnet_weu.id
  role_definition_name = "Network Contributor"
  principal_id         = azurerm_user_assigned_identity.aks_weu_identity.principal_id
}

resource "azurerm_kubernetes_cluster" "aks_weu" {
  name                      = "aks-app-weu"
  resource_group_name       = azurerm_resource_group.rg_weu.name
  location                  = azurerm_resource_group.rg_weu.location
  dns_prefix                = "aks-app-weu"
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
    vm_size                     = var.node_pools["weu_system"].vm_size
    node_count                  = var.node_pools["weu_system"].node_count
    max_pods                    = 250
    vnet_subnet_id              = azurerm_subnet.weu_nodes.id
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
    identity_ids = [azurerm_user_assigned_identity.aks_weu_identity.id]
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
    outbound_type       = "userAssignedNATGateway"
    load_balancer_sku   = "standard"
    pod_cidr            = "10.244.0.0/16"
    service_cidr        = "10.0.0.0/16"
    dns_service_ip      = "10.0.0.10"
  }

  # NAT egress: the NAT gateway must be on the subnet first (AKS-NAT).
  depends_on = [
    azurerm_subnet_nat_gateway_association.weu_nodes,
    azurerm_role_assignment.aks_weu_identity_vnet_weu,
  ]
}

resource "azurerm_kubernetes_cluster_node_pool" "weu_user" {
  name                        = "npuser"
  kubernetes_cluster_id       = azurerm_kubernetes_cluster.aks_weu.id
  mode                        = "User"
  os_type                     = "Linux"
  tags                        = var.tags
  vm_size                     = var.node_pools["weu_user"].vm_size
  auto_scaling_enabled        = true
  min_count                   = var.node_pools["weu_user"].min_count
  max_count                   = var.node_pools["weu_user"].max_count
  max_pods                    = 250
  vnet_subnet_id              = azurerm_subnet.weu_nodes.id
  zones                       = ["1", "2", "3"]
  temporary_name_for_rotation = "npusertmp"

  upgrade_settings {
    max_surge = "33%"
  }
}
