resource "azurerm_kubernetes_cluster" "aks_shop_weu" {
  name                = "aks-shop-weu"
  resource_group_name = azurerm_resource_group.rg_shop_weu.name
  location            = azurerm_resource_group.rg_shop_weu.location
  dns_prefix          = "aks-shop-weu"
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
    vm_size                     = var.node_pools["npsystem"].vm_size
    node_count                  = var.node_pools["npsystem"].node_count
    max_pods                    = 30
    vnet_subnet_id              = azurerm_subnet.snet_aks.id
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
    type = "SystemAssigned"
  }

  azure_active_directory_role_based_access_control {
    azure_rbac_enabled = true
  }

  api_server_access_profile {
    authorized_ip_ranges = ["203.0.113.0/24"]
  }

  network_profile {
    network_plugin    = "azure"
    network_policy    = "calico"
    outbound_type     = "loadBalancer"
    load_balancer_sku = "standard"
    service_cidr      = "10.0.0.0/16"
    dns_service_ip    = "10.0.0.10"
  }

  # AGIC as the AKS add-on, driving agw-shop-weu (AGIC-OV).
  ingress_application_gateway {
    gateway_id = azurerm_application_gateway.agw_shop_weu.id
  }
}

resource "azurerm_kubernetes_cluster_node_pool" "npuser" {
  name                        = "npuser"
  kubernetes_cluster_id       = azurerm_kubernetes_cluster.aks_shop_weu.id
  mode                        = "User"
  os_type                     = "Linux"
  tags                        = var.tags
  vm_size                     = var.node_pools["npuser"].vm_size
  auto_scaling_enabled        = true
  min_count                   = var.node_pools["npuser"].min_count
  max_count                   = var.node_pools["npuser"].max_count
  max_pods                    = 30
  vnet_subnet_id              = azurerm_subnet.snet_aks.id
  zones                       = ["1", "2", "3"]
  temporary_name_for_rotation = "npusertmp"

  upgrade_settings {
    max_surge = "33%"
  }
}

# The add-on's identity manages the gateway (AGIC-REPO install doc): Contributor on it,
# Reader on its resource group, Network Contributor on its subnet.
resource "azurerm_role_assignment" "aks_shop_weu_agic_gateway" {
  scope                = azurerm_application_gateway.agw_shop_weu.id
  role_definition_name = "Contributor"
  principal_id         = azurerm_kubernetes_cluster.aks_shop_weu.ingress_application_gateway[0].ingress_application_gateway_identity[0].object_id
}

resource "azurerm_role_assignment" "aks_shop_weu_agic_rg" {
  scope                = azurerm_resource_group.rg_shop_weu.id
  role_definition_name = "Reader"
  principal_id         = azurerm_kubernetes_cluster.aks_shop_weu.ingress_application_gateway[0].ingress_application_gateway_identity[0].object_id
}

resource "azurerm_role_assignment" "aks_shop_weu_agic_subnet" {
  scope                = azurerm_subnet.snet_appgw.id
  role_definition_name = "Network Contributor"
  principal_id         = azurerm_kubernetes_cluster.aks_shop_weu.ingress_application_gateway[0].ingress_application_gateway_identity[0].object_id
}
