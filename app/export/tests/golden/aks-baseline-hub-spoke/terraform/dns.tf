resource "azurerm_private_dns_zone" "zone_acr" {
  name                = "privatelink.azurecr.io"
  resource_group_name = azurerm_resource_group.rg_hub.name
  tags                = var.tags
}

resource "azurerm_private_dns_zone_virtual_network_link" "zone_acr_hub" {
  name                 = "link-vnet-hub-weu"
  private_dns_zone_id  = azurerm_private_dns_zone.zone_acr.id
  virtual_network_id   = azurerm_virtual_network.hub.id
  registration_enabled = false
  tags                 = var.tags
}

resource "azurerm_private_dns_zone_virtual_network_link" "zone_acr_spoke" {
  name                 = "link-vnet-spoke-aks-weu"
  private_dns_zone_id  = azurerm_private_dns_zone.zone_acr.id
  virtual_network_id   = azurerm_virtual_network.spoke.id
  registration_enabled = false
  tags                 = var.tags
}

resource "azurerm_private_dns_zone" "zone_aks" {
  name                = "privatelink.westeurope.azmk8s.io"
  resource_group_name = azurerm_resource_group.rg_hub.name
  tags                = var.tags
}

resource "azurerm_private_dns_zone_virtual_network_link" "zone_aks_hub" {
  name                 = "link-vnet-hub-weu"
  private_dns_zone_id  = azurerm_private_dns_zone.zone_aks.id
  virtual_network_id   = azurerm_virtual_network.hub.id
  registration_enabled = false
  tags                 = var.tags
}

resource "azurerm_private_dns_zone_virtual_network_link" "zone_aks_spoke" {
  name                 = "link-vnet-spoke-aks-weu"
  private_dns_zone_id  = azurerm_private_dns_zone.zone_aks.id
  virtual_network_id   = azurerm_virtual_network.spoke.id
  registration_enabled = false
  tags                 = var.tags
}

resource "azurerm_private_dns_zone" "zone_kv" {
  name                = "privatelink.vaultcore.azure.net"
  resource_group_name = azurerm_resource_group.rg_hub.name
  tags                = var.tags
}

resource "azurerm_private_dns_zone_virtual_network_link" "zone_kv_hub" {
  name                 = "link-vnet-hub-weu"
  private_dns_zone_id  = azurerm_private_dns_zone.zone_kv.id
  virtual_network_id   = azurerm_virtual_network.hub.id
  registration_enabled = false
  tags                 = var.tags
}

resource "azurerm_private_dns_zone_virtual_network_link" "zone_kv_spoke" {
  name                 = "link-vnet-spoke-aks-weu"
  private_dns_zone_id  = azurerm_private_dns_zone.zone_kv.id
  virtual_network_id   = azurerm_virtual_network.spoke.id
  registration_enabled = false
  tags                 = var.tags
}

data "azurerm_client_config" "current" {}

resource "azurerm_container_registry" "acr" {
  name                          = "acraksbaselineweu"
  resource_group_name           = azurerm_resource_group.rg_spoke.name
  location                      = azurerm_resource_group.rg_spoke.location
  sku                           = "Premium"
  admin_enabled                 = false
  data_endpoint_enabled         = true
  retention_policy_in_days      = 7
  public_network_access_enabled = false
  tags                          = var.tags
}

resource "azurerm_key_vault" "kv" {
  name                     = "kv-aks-baseline-weu"
  resource_group_name      = azurerm_resource_group.rg_spoke.name
  location                 = azurerm_resource_group.rg_spoke.location
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
resource "azurerm_role_assignment" "kv_secrets_officer" {
  scope                = azurerm_key_vault.kv.id
  role_definition_name = "Key Vault Secrets Officer"
  principal_id         = data.azurerm_client_config.current.object_id
}

resource "azurerm_private_endpoint" "pe_acr" {
  name                = "pe-acraksbaselineweu"
  resource_group_name = azurerm_resource_group.rg_spoke.name
  location            = azurerm_resource_group.rg_spoke.location
  subnet_id           = azurerm_subnet.endpoints.id
  tags                = var.tags

  private_service_connection {
    name                           = "pe-acraksbaselineweu"
    private_connection_resource_id = azurerm_container_registry.acr.id
    subresource_names              = ["registry"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [azurerm_private_dns_zone.zone_acr.id]
  }
}

resource "azurerm_private_endpoint" "pe_kv" {
  name                = "pe-kv-aks-baseline-weu"
  resource_group_name = azurerm_resource_group.rg_spoke.name
  location            = azurerm_resource_group.rg_spoke.location
  subnet_id           = azurerm_subnet.endpoints.id
  tags                = var.tags

  private_service_connection {
    name                           = "pe-kv-aks-baseline-weu"
    private_connection_resource_id = azurerm_key_vault.kv.id
    subresource_names              = ["vault"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [azurerm_private_dns_zone.zone_kv.id]
  }
}
