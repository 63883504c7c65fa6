resource "azurerm_cdn_frontdoor_profile" "afd_estate" {
  provider            = azurerm.sub_0b1f6471_1bf0_4dda_aec3_111111111111
  name                = "afd-estate"
  resource_group_name = azurerm_resource_group.rg_estate.name
  sku_name            = "Premium_AzureFrontDoor"
  tags                = var.tags
}

resource "azurerm_cdn_frontdoor_endpoint" "afd_estate_endpoint" {
  name                     = "ep-web"
  cdn_frontdoor_profile_id = azurerm_cdn_frontdoor_profile.afd_estate.id
  tags                     = var.tags
}

resource "azurerm_cdn_frontdoor_endpoint" "afd_estate_endpoint_ep_api" {
  name                     = "ep-api"
  cdn_frontdoor_profile_id = azurerm_cdn_frontdoor_profile.afd_estate.id
  tags                     = var.tags
}

resource "azurerm_cdn_frontdoor_origin_group" "afd_estate_origins" {
  name                     = "og-web"
  cdn_frontdoor_profile_id = azurerm_cdn_frontdoor_profile.afd_estate.id

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

resource "azurerm_cdn_frontdoor_origin" "afd_estate_web_origin" {
  name                           = "web-primary"
  cdn_frontdoor_origin_group_id  = azurerm_cdn_frontdoor_origin_group.afd_estate_origins.id
  enabled                        = true
  host_name                      = azurerm_public_ip.pip_web.ip_address
  origin_host_header             = azurerm_public_ip.pip_web.ip_address
  certificate_name_check_enabled = true
  priority                       = 1
  weight                         = 500
}

resource "azurerm_cdn_frontdoor_route" "afd_estate_route" {
  name                          = "rt-web"
  cdn_frontdoor_endpoint_id     = azurerm_cdn_frontdoor_endpoint.afd_estate_endpoint.id
  cdn_frontdoor_origin_group_id = azurerm_cdn_frontdoor_origin_group.afd_estate_origins.id
  cdn_frontdoor_origin_ids      = [azurerm_cdn_frontdoor_origin.afd_estate_web_origin.id]
  supported_protocols           = ["Http", "Https"]
  patterns_to_match             = ["/*"]
  forwarding_protocol           = "HttpsOnly"
  https_redirect_enabled        = true
  link_to_default_domain        = true
}

resource "azurerm_cdn_frontdoor_route" "afd_estate_ep_api_rt_api_route" {
  name                          = "rt-api"
  cdn_frontdoor_endpoint_id     = azurerm_cdn_frontdoor_endpoint.afd_estate_endpoint_ep_api.id
  cdn_frontdoor_origin_group_id = azurerm_cdn_frontdoor_origin_group.afd_estate_origins.id
  cdn_frontdoor_origin_ids      = [azurerm_cdn_frontdoor_origin.afd_estate_web_origin.id]
  supported_protocols           = ["Https"]
  patterns_to_match             = ["/api/*"]
  forwarding_protocol           = "MatchRequest"
  https_redirect_enabled        = false
  link_to_default_domain        = true
}

resource "azurerm_cdn_frontdoor_firewall_policy" "afd_estate_waf" {
  provider            = azurerm.sub_0b1f6471_1bf0_4dda_aec3_111111111111
  name                = "wafafdestate"
  resource_group_name = azurerm_resource_group.rg_estate.name
  sku_name            = azurerm_cdn_frontdoor_profile.afd_estate.sku_name
  enabled             = true
  mode                = "Prevention"
  tags                = var.tags

  managed_rule {
    type    = "Microsoft_DefaultRuleSet"
    version = "2.1"
    action  = "Block"
  }
}

resource "azurerm_cdn_frontdoor_security_policy" "afd_estate_security" {
  provider                 = azurerm.sub_0b1f6471_1bf0_4dda_aec3_111111111111
  name                     = "afd-estate-waf"
  cdn_frontdoor_profile_id = azurerm_cdn_frontdoor_profile.afd_estate.id

  security_policies {
    firewall {
      cdn_frontdoor_firewall_policy_id = azurerm_cdn_frontdoor_firewall_policy.afd_estate_waf.id

      association {
        patterns_to_match = ["/*"]

        domain {
          cdn_frontdoor_domain_id = azurerm_cdn_frontdoor_endpoint.afd_estate_endpoint.id
        }

        domain {
          cdn_frontdoor_domain_id = azurerm_cdn_frontdoor_endpoint.afd_estate_endpoint_ep_api.id
        }
      }
    }
  }
}
