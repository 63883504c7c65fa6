resource "azurerm_public_ip" "agw_spoke_aks_weu_pip" {
  name                = "pip-agw-spoke-aks-weu"
  resource_group_name = azurerm_resource_group.rg_spoke_aks_weu.name
  location            = azurerm_resource_group.rg_spoke_aks_weu.location
  allocation_method   = "Static"
  sku                 = "Standard"
  tags                = var.tags
}

resource "azurerm_web_application_firewall_policy" "agw_spoke_aks_weu_waf" {
  name                = "waf-agw-spoke-aks-weu"
  resource_group_name = azurerm_resource_group.rg_spoke_aks_weu.name
  location            = azurerm_resource_group.rg_spoke_aks_weu.location
  tags                = var.tags

  policy_settings {
    enabled = true
    mode    = "Prevention"
  }

  managed_rules {
    managed_rule_set {
      type    = "OWASP"
      version = "3.2"
    }
  }
}

resource "azurerm_application_gateway" "agw_spoke_aks_weu" {
  name                = "agw-spoke-aks-weu"
  resource_group_name = azurerm_resource_group.rg_spoke_aks_weu.name
  location            = azurerm_resource_group.rg_spoke_aks_weu.location
  firewall_policy_id  = azurerm_web_application_firewall_policy.agw_spoke_aks_weu_waf.id
  tags                = var.tags

  sku {
    name = "WAF_v2"
    tier = "WAF_v2"
  }

  autoscale_configuration {
    min_capacity = 2
    max_capacity = 10
  }

  gateway_ip_configuration {
    name      = "gateway"
    subnet_id = azurerm_subnet.snet_application_gateway.id
  }

  # TLS 1.2 or later with strong cipher suites only, pinned rather than left
  # to whatever the service's default policy becomes.
  ssl_policy {
    policy_type = "Predefined"
    policy_name = "AppGwSslPolicy20220101S"
  }

  frontend_ip_configuration {
    name                 = "public"
    public_ip_address_id = azurerm_public_ip.agw_spoke_aks_weu_pip.id
  }

  frontend_ip_configuration {
    name                          = "private"
    subnet_id                     = azurerm_subnet.snet_application_gateway.id
    private_ip_address_allocation = "Static"
    private_ip_address            = "10.240.5.4"
  }

  frontend_port {
    name = "http"
    port = 80
  }

  backend_address_pool {
    name         = "default"
    ip_addresses = ["10.240.4.4"]
  }

  backend_http_settings {
    name                  = "default"
    port                  = 443
    protocol              = "Https"
    cookie_based_affinity = "Disabled"
    request_timeout       = 30
  }

  # HTTP only until a certificate is added: put an ssl_certificate from Key Vault
  # and an HTTPS listener here before taking traffic.
  http_listener {
    name                           = "http"
    frontend_ip_configuration_name = "public"
    frontend_port_name             = "http"
    protocol                       = "Http"
  }

  request_routing_rule {
    name                       = "default"
    priority                   = 100
    rule_type                  = "Basic"
    http_listener_name         = "http"
    backend_address_pool_name  = "default"
    backend_http_settings_name = "default"
  }
}
