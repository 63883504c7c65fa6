resource "azurerm_api_management" "apim_it_s_x_kind_secret" {
  name                 = "apim-'it's'-$${x}\nkind: Secret"
  resource_group_name  = azurerm_resource_group.rg_var_injected_quoted.name
  location             = azurerm_resource_group.rg_var_injected_quoted.location
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
