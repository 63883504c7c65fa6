# Secured hub: Azure Firewall in virtual hub vhub-weu, with 2 public IP(s) Azure assigns.
resource "azurerm_firewall" "afw_vhub_weu" {
  name                = "afw-vhub-weu"
  resource_group_name = azurerm_resource_group.rg_vwan_hub_weu.name
  location            = azurerm_resource_group.rg_vwan_hub_weu.location
  sku_name            = "AZFW_Hub"
  sku_tier            = "Standard"
  firewall_policy_id  = azurerm_firewall_policy.afwp_vhub_weu.id
  zones               = ["1", "2", "3"]
  tags                = var.tags

  virtual_hub {
    virtual_hub_id  = azurerm_virtual_hub.vhub_weu.id
    public_ip_count = 2
  }
}

resource "azurerm_firewall_policy" "afwp_vhub_weu" {
  name                     = "afwp-vhub-weu"
  resource_group_name      = azurerm_resource_group.rg_vwan_hub_weu.name
  location                 = azurerm_resource_group.rg_vwan_hub_weu.location
  sku                      = "Standard"
  threat_intelligence_mode = "Deny"
  tags                     = var.tags

  # DNS proxy: needed for FQDNs in network rules (AKS-FW).
  dns {
    proxy_enabled = true
  }
}

resource "azurerm_firewall_policy_rule_collection_group" "afwp_vhub_weu_rules" {
  name               = "design-rules"
  firewall_policy_id = azurerm_firewall_policy.afwp_vhub_weu.id
  priority           = 300

  network_rule_collection {
    name     = "network"
    priority = 200
    action   = "Allow"

    rule {
      name                  = "allow-spokes-to-datacentre"
      protocols             = ["TCP"]
      source_addresses      = ["10.110.0.0/16", "10.120.0.0/16"]
      destination_addresses = ["192.168.0.0/16"]
      destination_ports     = ["443"]
    }
  }
}
