resource "azurerm_public_ip" "agw_front_weu_pip" {
  name                = "pip-agw-front-weu"
  resource_group_name = azurerm_resource_group.rg_apim_aks_weu.name
  location            = azurerm_resource_group.rg_apim_aks_weu.location
  allocation_method   = "Static"
  sku                 = "Standard"
  domain_name_label   = "agw-front-weu"
  tags                = var.tags
}

resource "azurerm_application_gateway" "agw_front_weu" {
  name                = "agw-front-weu"
  resource_group_name = azurerm_resource_group.rg_apim_aks_weu.name
  location            = azurerm_resource_group.rg_apim_aks_weu.location
  tags                = var.tags

  sku {
    name = "WAF_v2"
    tier = "WAF_v2"
  }

  autoscale_configuration {
    min_capacity = 1
    max_capacity = 2
  }

  gateway_ip_configuration {
    name      = "gateway"
    subnet_id = azurerm_subnet.agw_subnet.id
  }

  # TLS 1.2 or later with strong cipher suites only, pinned rather than left
  # to whatever the service's default policy becomes.
  ssl_policy {
    policy_type = "Predefined"
    policy_name = "AppGwSslPolicy20220101S"
  }

  frontend_ip_configuration {
    name                 = "public"
    public_ip_address_id = azurerm_public_ip.agw_front_weu_pip.id
  }

  frontend_port {
    name = "http"
    port = 80
  }

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
}

resource "azurerm_api_management" "apim_aks_weu" {
  name                 = "apim-aks-weu"
  resource_group_name  = azurerm_resource_group.rg_apim_aks_weu.name
  location             = azurerm_resource_group.rg_apim_aks_weu.location
  publisher_name       = "Contoso API team"
  publisher_email      = "api-team@contoso.example"
  sku_name             = "Developer_1"
  virtual_network_type = "Internal"
  tags                 = var.tags

  virtual_network_configuration {
    subnet_id = azurerm_subnet.apim_subnet.id
  }

  depends_on = [azurerm_subnet_network_security_group_association.apim_subnet]
}

resource "azurerm_cdn_frontdoor_profile" "afd_front" {
  name                = "afd-front"
  resource_group_name = azurerm_resource_group.rg_apim_aks_weu.name
  sku_name            = "Premium_AzureFrontDoor"
  tags                = var.tags
}

resource "azurerm_cdn_frontdoor_endpoint" "afd_front_endpoint" {
  name                     = "afd-front-ep"
  cdn_frontdoor_profile_id = azurerm_cdn_frontdoor_profile.afd_front.id
  tags                     = var.tags
}

resource "azurerm_cdn_frontdoor_origin_group" "afd_front_origins" {
  name                     = "afd-front-origins"
  cdn_frontdoor_profile_id = azurerm_cdn_frontdoor_profile.afd_front.id

  load_balancing {
    sample_size                 = 4
    successful_samples_required = 3
  }

  health_probe {
    protocol            = "Https"
    path                = "/"
    request_type        = "HEAD"
    interval_in_seconds = 100
  }
}

resource "azurerm_cdn_frontdoor_origin" "afd_front_apim_origin" {
  name                           = "apim-aks-weu"
  cdn_frontdoor_origin_group_id  = azurerm_cdn_frontdoor_origin_group.afd_front_origins.id
  enabled                        = true
  host_name                      = trimprefix(azurerm_api_management.apim_aks_weu.gateway_url, "https://")
  origin_host_header             = trimprefix(azurerm_api_management.apim_aks_weu.gateway_url, "https://")
  certificate_name_check_enabled = true
  priority                       = 1
  weight                         = 1000
}

resource "azurerm_cdn_frontdoor_origin" "afd_front_agw_origin" {
  name                           = "agw-front-weu"
  cdn_frontdoor_origin_group_id  = azurerm_cdn_frontdoor_origin_group.afd_front_origins.id
  enabled                        = true
  host_name                      = azurerm_public_ip.agw_front_weu_pip.ip_address
  origin_host_header             = azurerm_public_ip.agw_front_weu_pip.ip_address
  certificate_name_check_enabled = true
  priority                       = 1
  weight                         = 1000
}

resource "azurerm_cdn_frontdoor_origin" "afd_front_web_origin" {
  name                           = "pip-front-web"
  cdn_frontdoor_origin_group_id  = azurerm_cdn_frontdoor_origin_group.afd_front_origins.id
  enabled                        = true
  host_name                      = azurerm_public_ip.pip_front_web.ip_address
  origin_host_header             = azurerm_public_ip.pip_front_web.ip_address
  certificate_name_check_enabled = true
  priority                       = 1
  weight                         = 1000
}

resource "azurerm_cdn_frontdoor_route" "afd_front_route" {
  name                          = "afd-front-route"
  cdn_frontdoor_endpoint_id     = azurerm_cdn_frontdoor_endpoint.afd_front_endpoint.id
  cdn_frontdoor_origin_group_id = azurerm_cdn_frontdoor_origin_group.afd_front_origins.id
  cdn_frontdoor_origin_ids      = [azurerm_cdn_frontdoor_origin.afd_front_apim_origin.id, azurerm_cdn_frontdoor_origin.afd_front_agw_origin.id, azurerm_cdn_frontdoor_origin.afd_front_web_origin.id]
  supported_protocols           = ["Http", "Https"]
  patterns_to_match             = ["/*"]
  forwarding_protocol           = "HttpsOnly"
  https_redirect_enabled        = true
  link_to_default_domain        = true
}

resource "azurerm_traffic_manager_profile" "tm_front" {
  name                   = "tm-front"
  resource_group_name    = azurerm_resource_group.rg_apim_aks_weu.name
  traffic_routing_method = "Performance"
  tags                   = var.tags

  dns_config {
    relative_name = "front-contoso"
    ttl           = 60
  }

  monitor_config {
    protocol = "HTTPS"
    port     = 443
    path     = "/"
  }
}

resource "azurerm_traffic_manager_azure_endpoint" "tm_front_web_endpoint" {
  name               = "pip-front-web"
  profile_id         = azurerm_traffic_manager_profile.tm_front.id
  target_resource_id = azurerm_public_ip.pip_front_web.id
}

resource "azurerm_traffic_manager_azure_endpoint" "tm_front_agw_endpoint" {
  name               = "agw-front-weu"
  profile_id         = azurerm_traffic_manager_profile.tm_front.id
  target_resource_id = azurerm_public_ip.agw_front_weu_pip.id
}

resource "azurerm_traffic_manager_external_endpoint" "tm_front_apim_endpoint" {
  name       = "apim-aks-weu"
  profile_id = azurerm_traffic_manager_profile.tm_front.id
  target     = trimprefix(azurerm_api_management.apim_aks_weu.gateway_url, "https://")
}

resource "azurerm_traffic_manager_external_endpoint" "tm_front_afd_endpoint" {
  name       = "afd-front"
  profile_id = azurerm_traffic_manager_profile.tm_front.id
  target     = azurerm_cdn_frontdoor_endpoint.afd_front_endpoint.host_name
}

resource "azurerm_traffic_manager_external_endpoint" "tm_front_onprem_endpoint" {
  name       = "onprem"
  profile_id = azurerm_traffic_manager_profile.tm_front.id
  target     = "www.contoso.example"
}
