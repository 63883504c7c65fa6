resource "azurerm_private_endpoint" "pe_aks_front" {
  name                = "pe-aks-front"
  resource_group_name = azurerm_resource_group.rg_apim_aks_weu.name
  location            = azurerm_resource_group.rg_apim_aks_weu.location
  subnet_id           = azurerm_subnet.pe_subnet.id
  tags                = var.tags

  private_service_connection {
    name                           = "pe-aks-front"
    private_connection_resource_id = azurerm_kubernetes_cluster.aks_apim_backend_weu.id
    subresource_names              = ["management"]
    is_manual_connection           = false
  }
}

resource "azurerm_private_endpoint" "pe_apim_front" {
  name                = "pe-apim-front"
  resource_group_name = azurerm_resource_group.rg_apim_aks_weu.name
  location            = azurerm_resource_group.rg_apim_aks_weu.location
  subnet_id           = azurerm_subnet.pe_subnet.id
  tags                = var.tags

  private_service_connection {
    name                           = "pe-apim-front"
    private_connection_resource_id = azurerm_api_management.apim_aks_weu.id
    subresource_names              = ["Gateway"]
    is_manual_connection           = false
  }
}

resource "azurerm_private_endpoint" "pe_sql_front" {
  name                = "pe-sql-front"
  resource_group_name = azurerm_resource_group.rg_apim_aks_weu.name
  location            = azurerm_resource_group.rg_apim_aks_weu.location
  subnet_id           = azurerm_subnet.pe_subnet.id
  tags                = var.tags

  private_service_connection {
    name                           = "pe-sql-front"
    private_connection_resource_id = var.paas_resource_ids["sql_front_weu"]
    subresource_names              = ["sqlServer"]
    is_manual_connection           = false
  }
}
