# Created by AKS from the annotations of the Service it exposes (see the k8s export);
# apply that manifest before Front Door can reach it.
data "azurerm_private_link_service" "pls_web_neu" {
  name                = "pls-web-neu"
  resource_group_name = azurerm_kubernetes_cluster.aks_app_neu.node_resource_group
}

# Created by AKS from the annotations of the Service it exposes (see the k8s export);
# apply that manifest before Front Door can reach it.
data "azurerm_private_link_service" "pls_web_weu" {
  name                = "pls-web-weu"
  resource_group_name = azurerm_kubernetes_cluster.aks_app_weu.node_resource_group
}

resource "azurerm_cdn_frontdoor_profile" "afd_app_global" {
  name                = "afd-app-global"
  resource_group_name = azurerm_resource_group.rg_app_global.name
  sku_name            = "Premium_AzureFrontDoor"
  tags                = var.tags
}

resource "azurerm_cdn_frontdoor_endpoint" "afd_app_global_endpoint" {
  name                     = "afd-app-global-ep"
  cdn_frontdoor_profile_id = azurerm_cdn_frontdoor_profile.afd_app_global.id
  tags                     = var.tags
}

resource "azurerm_cdn_frontdoor_origin_group" "afd_app_global_origins" {
  name                     = "afd-app-global-origins"
  cdn_frontdoor_profile_id = azurerm_cdn_frontdoor_profile.afd_app_global.id

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

resource "azurerm_cdn_frontdoor_origin" "afd_app_global_pls_weu_origin" {
  name                           = "pls-web-weu"
  cdn_frontdoor_origin_group_id  = azurerm_cdn_frontdoor_origin_group.afd_app_global_origins.id
  enabled                        = true
  host_name                      = var.origin_host_names["pls_web_weu"]
  origin_host_header             = var.origin_host_names["pls_web_weu"]
  certificate_name_check_enabled = true
  priority                       = 1
  weight                         = 1000

  private_link {
    request_message        = "Front Door afd-app-global to pls-web-weu"
    location               = var.locations["weu"]
    private_link_target_id = data.azurerm_private_link_service.pls_web_weu.id
  }
}

resource "azurerm_cdn_frontdoor_origin" "afd_app_global_pls_neu_origin" {
  name                           = "pls-web-neu"
  cdn_frontdoor_origin_group_id  = azurerm_cdn_frontdoor_origin_group.afd_app_global_origins.id
  enabled                        = true
  host_name                      = var.origin_host_names["pls_web_neu"]
  origin_host_header             = var.origin_host_names["pls_web_neu"]
  certificate_name_check_enabled = true
  priority                       = 1
  weight                         = 1000

  private_link {
    request_message        = "Front Door afd-app-global to pls-web-neu"
    location               = var.locations["neu"]
    private_link_target_id = data.azurerm_private_link_service.pls_web_neu.id
  }
}

resource "azurerm_cdn_frontdoor_route" "afd_app_global_route" {
  name                          = "afd-app-global-route"
  cdn_frontdoor_endpoint_id     = azurerm_cdn_frontdoor_endpoint.afd_app_global_endpoint.id
  cdn_frontdoor_origin_group_id = azurerm_cdn_frontdoor_origin_group.afd_app_global_origins.id
  cdn_frontdoor_origin_ids      = [azurerm_cdn_frontdoor_origin.afd_app_global_pls_weu_origin.id, azurerm_cdn_frontdoor_origin.afd_app_global_pls_neu_origin.id]
  supported_protocols           = ["Http", "Https"]
  patterns_to_match             = ["/*"]
  forwarding_protocol           = "HttpsOnly"
  https_redirect_enabled        = true
  link_to_default_domain        = true
}

resource "azurerm_cdn_frontdoor_firewall_policy" "afd_app_global_waf" {
  name                = "wafafdappglobal"
  resource_group_name = azurerm_resource_group.rg_app_global.name
  sku_name            = azurerm_cdn_frontdoor_profile.afd_app_global.sku_name
  enabled             = true
  mode                = "Prevention"
  tags                = var.tags

  managed_rule {
    type    = "Microsoft_DefaultRuleSet"
    version = "2.1"
    action  = "Block"
  }
}

resource "azurerm_cdn_frontdoor_security_policy" "afd_app_global_security" {
  name                     = "afd-app-global-waf"
  cdn_frontdoor_profile_id = azurerm_cdn_frontdoor_profile.afd_app_global.id

  security_policies {
    firewall {
      cdn_frontdoor_firewall_policy_id = azurerm_cdn_frontdoor_firewall_policy.afd_app_global_waf.id

      association {
        patterns_to_match = ["/*"]

        domain {
          cdn_frontdoor_domain_id = azurerm_cdn_frontdoor_endpoint.afd_app_global_endpoint.id
        }
      }
    }
  }
}
