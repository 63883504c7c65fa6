resource "azurerm_user_assigned_identity" "aks_apim_backend_weu_identity" {
  name                = "id-aks-apim-backend-weu"
  resource_group_name = azurerm_resource_group.rg_apim_aks_weu.name
  location            = azurerm_resource_group.rg_apim_aks_weu.location
  tags                = var.tags
}

# The cluster identity joins nodes and internal load balancers to subnets of vnet-apim-aks-weu.
resource "azurerm_role_assignment" "aks_apim_backend_weu_identity_vnet_apim_aks_weu" {
  scope                = azurerm_virtual_network.vnet_apim_aks_weu.id
  role_definition_name = "Network Contributor"
  principal_id         = azurerm_user_assigned_identity.aks_apim_backend_weu_identity.principal_id
}

resource "azurerm_kubernetes_cluster" "aks_apim_backend_weu" {
  name                      = "aks-apim-backend-weu"
  resource_group_name       = azurerm_resource_group.rg_apim_aks_weu.name
  location                  = azurerm_resource_group.rg_apim_aks_weu.location
  dns_prefix                = "aks-apim-backend-weu"
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
    max_pods                    = 30
    vnet_subnet_id              = azurerm_subnet.aks_subnet.id
    zones                       = ["1", "2", "3"]
    temporary_name_for_rotation = "npsystemtmp"

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
    identity_ids = [azurerm_user_assigned_identity.aks_apim_backend_weu_identity.id]
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

  # The identity needs its roles before AKS uses the subnets.
  depends_on = [
    azurerm_role_assignment.aks_apim_backend_weu_identity_vnet_apim_aks_weu,
  ]
}

# cert-manager's Azure DNS solver for issuer letsencrypt-dns signs in with workload identity:
# this identity, federated with cert-manager's service account, writes the DNS-01 TXT records
# (cert-manager.io/docs/configuration/acme/dns01/azuredns).
resource "azurerm_user_assigned_identity" "letsencrypt_dns_identity" {
  name                = "id-letsencrypt-dns-cert-manager"
  resource_group_name = azurerm_resource_group.rg_apim_aks_weu.name
  location            = azurerm_resource_group.rg_apim_aks_weu.location
  tags                = var.tags
}

resource "azurerm_federated_identity_credential" "letsencrypt_dns_identity" {
  name                      = "id-letsencrypt-dns-cert-manager"
  user_assigned_identity_id = azurerm_user_assigned_identity.letsencrypt_dns_identity.id
  audience                  = ["api://AzureADTokenExchange"]
  issuer                    = azurerm_kubernetes_cluster.aks_apim_backend_weu.oidc_issuer_url
  subject                   = "system:serviceaccount:cert-manager:cert-manager"
}

# The public zone is not part of the design; it is read, not created.
data "azurerm_dns_zone" "letsencrypt_dns_identity" {
  name                = "contoso.example"
  resource_group_name = "rg-dns"
}

resource "azurerm_role_assignment" "letsencrypt_dns_identity_dns" {
  scope                = data.azurerm_dns_zone.letsencrypt_dns_identity.id
  role_definition_name = "DNS Zone Contributor"
  principal_id         = azurerm_user_assigned_identity.letsencrypt_dns_identity.principal_id
}
