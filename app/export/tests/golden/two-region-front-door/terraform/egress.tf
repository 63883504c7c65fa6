resource "azurerm_nat_gateway" "ng_app_neu" {
  name                = "ng-app-neu"
  resource_group_name = azurerm_resource_group.rg_app_neu.name
  location            = azurerm_resource_group.rg_app_neu.location
  sku_name            = "StandardV2"
  tags                = var.tags
}

resource "azurerm_nat_gateway_public_ip_association" "ng_app_neu_pip_nat_neu" {
  nat_gateway_id       = azurerm_nat_gateway.ng_app_neu.id
  public_ip_address_id = azurerm_public_ip.pip_nat_neu.id
}

resource "azurerm_nat_gateway" "ng_app_weu" {
  name                = "ng-app-weu"
  resource_group_name = azurerm_resource_group.rg_app_weu.name
  location            = azurerm_resource_group.rg_app_weu.location
  sku_name            = "StandardV2"
  tags                = var.tags
}

resource "azurerm_nat_gateway_public_ip_association" "ng_app_weu_pip_nat_weu" {
  nat_gateway_id       = azurerm_nat_gateway.ng_app_weu.id
  public_ip_address_id = azurerm_public_ip.pip_nat_weu.id
}
