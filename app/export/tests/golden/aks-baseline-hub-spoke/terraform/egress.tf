resource "azurerm_route_table" "rt_spoke_to_hub" {
  name                          = "rt-spoke-to-hub"
  resource_group_name           = azurerm_resource_group.rg_spoke_aks_weu.name
  location                      = azurerm_resource_group.rg_spoke_aks_weu.location
  bgp_route_propagation_enabled = false
  tags                          = var.tags

  route {
    name                   = "default-via-firewall"
    address_prefix         = "0.0.0.0/0"
    next_hop_type          = "VirtualAppliance"
    next_hop_in_ip_address = azurerm_firewall.afw_hub_weu.ip_configuration[0].private_ip_address
  }
}

# 20 frontend IPs: AKS egress guidance asks for at least 20 in production against SNAT exhaustion (AKS-FW).
resource "azurerm_public_ip" "afw_hub_weu_pip" {
  count = 20

  name                = format("%s-%02d", "pip-afw-hub-weu", count.index + 1)
  resource_group_name = azurerm_resource_group.rg_hub_networking_weu.name
  location            = azurerm_resource_group.rg_hub_networking_weu.location
  allocation_method   = "Static"
  sku                 = "Standard"
  zones               = ["1", "2", "3"]
  tags                = var.tags
}

resource "azurerm_firewall" "afw_hub_weu" {
  name                = "afw-hub-weu"
  resource_group_name = azurerm_resource_group.rg_hub_networking_weu.name
  location            = azurerm_resource_group.rg_hub_networking_weu.location
  sku_name            = "AZFW_VNet"
  sku_tier            = "Standard"
  firewall_policy_id  = azurerm_firewall_policy.afwp_hub_weu.id
  zones               = ["1", "2", "3"]
  tags                = var.tags

  ip_configuration {
    name                 = "ipconfig-01"
    subnet_id            = azurerm_subnet.azurefirewallsubnet.id
    public_ip_address_id = azurerm_public_ip.afw_hub_weu_pip[0].id
  }

  dynamic "ip_configuration" {
    for_each = slice(azurerm_public_ip.afw_hub_weu_pip, 1, length(azurerm_public_ip.afw_hub_weu_pip))

    content {
      name                 = format("ipconfig-%02d", ip_configuration.key + 2)
      public_ip_address_id = ip_configuration.value.id
    }
  }
}

resource "azurerm_firewall_policy" "afwp_hub_weu" {
  name                     = "afwp-hub-weu"
  resource_group_name      = azurerm_resource_group.rg_hub_networking_weu.name
  location                 = azurerm_resource_group.rg_hub_networking_weu.location
  sku                      = "Standard"
  threat_intelligence_mode = "Deny"
  tags                     = var.tags

  # DNS proxy: needed for FQDNs in network rules (AKS-FW).
  dns {
    proxy_enabled = true
  }
}

# What AKS needs to reach to run: the AzureKubernetesService FQDN tag (AKS-FW).
resource "azurerm_firewall_policy_rule_collection_group" "afwp_hub_weu_aks" {
  name               = "aks-egress"
  firewall_policy_id = azurerm_firewall_policy.afwp_hub_weu.id
  priority           = 200

  application_rule_collection {
    name     = "aks-required"
    priority = 100
    action   = "Allow"

    rule {
      name                  = "aks-fqdn-tag-aks-baseline-weu"
      source_addresses      = azurerm_subnet.snet_cluster_nodes.address_prefixes
      destination_fqdn_tags = ["AzureKubernetesService"]

      protocols {
        type = "Https"
        port = 443
      }

      protocols {
        type = "Http"
        port = 80
      }
    }
  }
}

resource "azurerm_firewall_policy_rule_collection_group" "afwp_hub_weu_rules" {
  name               = "design-rules"
  firewall_policy_id = azurerm_firewall_policy.afwp_hub_weu.id
  priority           = 300

  application_rule_collection {
    name     = "application"
    priority = 100
    action   = "Allow"

    rule {
      name              = "allow-registry-and-vault"
      source_addresses  = ["10.240.0.0/22"]
      destination_fqdns = ["acraksbaselineweu.azurecr.io", "acraksbaselineweu.westeurope.data.azurecr.io", "kv-aks-baseline-weu.vault.azure.net"]

      protocols {
        type = "Https"
        port = 443
      }
    }
  }
}
