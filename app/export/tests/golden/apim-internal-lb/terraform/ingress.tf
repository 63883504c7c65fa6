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
