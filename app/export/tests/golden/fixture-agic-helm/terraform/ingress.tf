resource "azurerm_public_ip" "agw_shop_weu_pip" {
  name                = "pip-agw-shop-weu"
  resource_group_name = azurerm_resource_group.rg_shop_weu.name
  location            = azurerm_resource_group.rg_shop_weu.location
  allocation_method   = "Static"
  sku                 = "Standard"
  domain_name_label   = "agw-shop-weu"
  tags                = var.tags
}

resource "azurerm_web_application_firewall_policy" "agw_shop_weu_waf" {
  name                = "waf-agw-shop-weu"
  resource_group_name = azurerm_resource_group.rg_shop_weu.name
  location            = azurerm_resource_group.rg_shop_weu.location
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
    managed_rule_set {
      type    = "Microsoft_BotManagerRuleSet"
      version = "1.1"
    }
  }
}

resource "azurerm_application_gateway" "agw_shop_weu" {
  name                = "agw-shop-weu"
  resource_group_name = azurerm_resource_group.rg_shop_weu.name
  location            = azurerm_resource_group.rg_shop_weu.location
  firewall_policy_id  = azurerm_web_application_firewall_policy.agw_shop_weu_waf.id
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
    subnet_id = azurerm_subnet.snet_appgw.id
  }

  # TLS 1.2 or later with strong cipher suites only, pinned rather than left
  # to whatever the service's default policy becomes.
  ssl_policy {
    policy_type = "Predefined"
    policy_name = "AppGwSslPolicy20220101S"
  }

  frontend_ip_configuration {
    name                 = "public"
    public_ip_address_id = azurerm_public_ip.agw_shop_weu_pip.id
  }

  frontend_port {
    name = "http"
    port = 80
  }

  # AGIC (aks-shop-weu) owns listeners, pools, settings and rules and
  # rewrites them on every sync; these are the minimum Azure requires to create the gateway.

  backend_address_pool {
    name = "default"
  }

  backend_http_settings {
    name                  = "default"
    port                  = 80
    protocol              = "Http"
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

  lifecycle {
    ignore_changes = [
      backend_address_pool,
      backend_http_settings,
      frontend_port,
      http_listener,
      probe,
      redirect_configuration,
      request_routing_rule,
      ssl_certificate,
      tags,
      url_path_map,
    ]
  }
}

resource "azurerm_traffic_manager_profile" "tm_shop" {
  name                   = "tm-shop"
  resource_group_name    = azurerm_resource_group.rg_shop_weu.name
  traffic_routing_method = "Performance"
  tags                   = var.tags

  dns_config {
    relative_name = "shop-contoso"
    ttl           = 60
  }

  monitor_config {
    protocol = "HTTPS"
    port     = 443
    path     = "/"
  }
}

resource "azurerm_traffic_manager_azure_endpoint" "tm_shop_appgw_endpoint" {
  name               = "agw-shop-weu"
  profile_id         = azurerm_traffic_manager_profile.tm_shop.id
  target_resource_id = azurerm_public_ip.agw_shop_weu_pip.id
}
