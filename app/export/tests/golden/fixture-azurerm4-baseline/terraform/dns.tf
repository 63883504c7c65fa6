resource "azurerm_private_dns_zone" "privatelink_azurecr_io" {
  name                = "privatelink.azurecr.io"
  resource_group_name = azurerm_resource_group.rg_hub_networking_weu.name
  tags                = var.tags
}

resource "azurerm_private_dns_zone_virtual_network_link" "privatelink_azurecr_io_hub" {
  name                  = "link-vnet-hub-weu"
  resource_group_name   = azurerm_private_dns_zone.privatelink_azurecr_io.resource_group_name
  private_dns_zone_name = azurerm_private_dns_zone.privatelink_azurecr_io.name
  virtual_network_id    = azurerm_virtual_network.vnet_hub_weu.id
  registration_enabled  = false
  tags                  = var.tags
}

resource "azurerm_private_dns_zone_virtual_network_link" "privatelink_azurecr_io_spoke" {
  name                  = "link-vnet-spoke-aks-weu"
  resource_group_name   = azurerm_private_dns_zone.privatelink_azurecr_io.resource_group_name
  private_dns_zone_name = azurerm_private_dns_zone.privatelink_azurecr_io.name
  virtual_network_id    = azurerm_virtual_network.vnet_spoke_aks_weu.id
  registration_enabled  = false
  tags                  = var.tags
}

resource "azurerm_private_dns_zone" "privatelink_westeurope_azmk8s_io" {
  name                = "privatelink.westeurope.azmk8s.io"
  resource_group_name = azurerm_resource_group.rg_hub_networking_weu.name
  tags                = var.tags
}

resource "azurerm_private_dns_zone_virtual_network_link" "privatelink_westeurope_azmk8s_io_hub" {
  name                  = "link-vnet-hub-weu"
  resource_group_name   = azurerm_private_dns_zone.privatelink_westeurope_azmk8s_io.resource_group_name
  private_dns_zone_name = azurerm_private_dns_zone.privatelink_westeurope_azmk8s_io.name
  virtual_network_id    = azurerm_virtual_network.vnet_hub_weu.id
  registration_enabled  = false
  tags                  = var.tags
}

resource "azurerm_private_dns_zone_virtual_network_link" "privatelink_westeurope_azmk8s_io_spoke" {
  name                  = "link-vnet-spoke-aks-weu"
  resource_group_name   = azurerm_private_dns_zone.privatelink_westeurope_azmk8s_io.resource_group_name
  private_dns_zone_name = azurerm_private_dns_zone.privatelink_westeurope_azmk8s_io.name
  virtual_network_id    = azurerm_virtual_network.vnet_spoke_aks_weu.id
  registration_enabled  = false
  tags                  = var.tags
}

resource "azurerm_private_dns_zone" "privatelink_vaultcore_azure_net" {
  name                = "privatelink.vaultcore.azure.net"
  resource_group_name = azurerm_resource_group.rg_hub_networking_weu.name
  tags                = var.tags
}

resource "azurerm_private_dns_zone_virtual_network_link" "privatelink_vaultcore_azure_net_hub" {
  name                  = "link-vnet-hub-weu"
  resource_group_name   = azurerm_private_dns_zone.privatelink_vaultcore_azure_net.resource_group_name
  private_dns_zone_name = azurerm_private_dns_zone.privatelink_vaultcore_azure_net.name
  virtual_network_id    = azurerm_virtual_network.vnet_hub_weu.id
  registration_enabled  = false
  tags                  = var.tags
}

resource "azurerm_private_dns_zone_virtual_network_link" "privatelink_vaultcore_azure_net_spoke" {
  name                  = "link-vnet-spoke-aks-weu"
  resource_group_name   = azurerm_private_dns_zone.privatelink_vaultcore_azure_net.resource_group_name
  private_dns_zone_name = azurerm_private_dns_zone.privatelink_vaultcore_azure_net.name
  virtual_network_id    = azurerm_virtual_network.vnet_spoke_aks_weu.id
  registration_enabled  = false
  tags                  = var.tags
}

data "azurerm_client_config" "current" {}

resource "azurerm_container_registry" "acraksbaselineweu" {
  name                          = "acraksbaselineweu"
  resource_group_name           = azurerm_resource_group.rg_spoke_aks_weu.name
  location                      = azurerm_resource_group.rg_spoke_aks_weu.location
  sku                           = "Premium"
  admin_enabled                 = false
  data_endpoint_enabled         = true
  retention_policy_in_days      = 7
  public_network_access_enabled = false
  tags                          = var.tags
}

resource "azurerm_key_vault" "kv_aks_baseline_weu" {
  name                     = "kv-aks-baseline-weu"
  resource_group_name      = azurerm_resource_group.rg_spoke_aks_weu.name
  location                 = azurerm_resource_group.rg_spoke_aks_weu.location
  tenant_id                = data.azurerm_client_config.current.tenant_id
  sku_name                 = "standard"
  purge_protection_enabled = true
  # Data access through Azure RBAC, not access policies (required in azurerm 5, TF5).
  rbac_authorization_enabled    = true
  public_network_access_enabled = false
  tags                          = var.tags

  network_acls {
    default_action = "Deny"
    bypass         = "AzureServices"
  }
}

# Whoever applies this can write secrets into kv-aks-baseline-weu: with RBAC authorization,
# Owner or Contributor on the vault give no data access (learn.microsoft.com/azure/key-vault
# /general/rbac-guide). Clusters read them through the Secrets Store CSI driver (aks.tf).
resource "azurerm_role_assignment" "kv_aks_baseline_weu_secrets_officer" {
  scope                = azurerm_key_vault.kv_aks_baseline_weu.id
  role_definition_name = "Key Vault Secrets Officer"
  principal_id         = data.azurerm_client_config.current.object_id
}

resource "azurerm_private_endpoint" "pe_acraksbaselineweu" {
  name                = "pe-acraksbaselineweu"
  resource_group_name = azurerm_resource_group.rg_spoke_aks_weu.name
  location            = azurerm_resource_group.rg_spoke_aks_weu.location
  subnet_id           = azurerm_subnet.snet_private_endpoints.id
  tags                = var.tags

  private_service_connection {
    name                           = "pe-acraksbaselineweu"
    private_connection_resource_id = azurerm_container_registry.acraksbaselineweu.id
    subresource_names              = ["registry"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [azurerm_private_dns_zone.privatelink_azurecr_io.id]
  }
}

resource "azurerm_private_endpoint" "pe_kv_aks_baseline_weu" {
  name                = "pe-kv-aks-baseline-weu"
  resource_group_name = azurerm_resource_group.rg_spoke_aks_weu.name
  location            = azurerm_resource_group.rg_spoke_aks_weu.location
  subnet_id           = azurerm_subnet.snet_private_endpoints.id
  tags                = var.tags

  private_service_connection {
    name                           = "pe-kv-aks-baseline-weu"
    private_connection_resource_id = azurerm_key_vault.kv_aks_baseline_weu.id
    subresource_names              = ["vault"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [azurerm_private_dns_zone.privatelink_vaultcore_azure_net.id]
  }
}
