resource "azurerm_resource_group" "rg_shop_weu" {
  name     = "rg-shop-weu"
  location = var.locations["weu"]
  tags     = var.tags
}

resource "azurerm_virtual_network" "vnet_shop_weu" {
  name                = "vnet-shop-weu"
  resource_group_name = azurerm_resource_group.rg_shop_weu.name
  location            = azurerm_resource_group.rg_shop_weu.location
  address_space       = ["10.1.0.0/16"]
  tags                = var.tags
}

resource "azurerm_subnet" "snet_appgw" {
  name                 = "snet-appgw"
  resource_group_name  = azurerm_virtual_network.vnet_shop_weu.resource_group_name
  virtual_network_name = azurerm_virtual_network.vnet_shop_weu.name
  address_prefixes     = ["10.1.4.0/24"]
}

resource "azurerm_subnet" "snet_aks" {
  name                 = "snet-aks"
  resource_group_name  = azurerm_virtual_network.vnet_shop_weu.resource_group_name
  virtual_network_name = azurerm_virtual_network.vnet_shop_weu.name
  address_prefixes     = ["10.1.0.0/22"]
}

resource "azurerm_subnet_network_security_group_association" "snet_appgw" {
  subnet_id                 = azurerm_subnet.snet_appgw.id
  network_security_group_id = azurerm_network_security_group.nsg_appgw.id
}

resource "azurerm_subnet_network_security_group_association" "snet_aks" {
  subnet_id                 = azurerm_subnet.snet_aks.id
  network_security_group_id = azurerm_network_security_group.nsg_aks.id
}

resource "azurerm_network_security_group" "nsg_aks" {
  name                = "nsg-aks"
  resource_group_name = azurerm_resource_group.rg_shop_weu.name
  location            = azurerm_resource_group.rg_shop_weu.location
  tags                = var.tags
}

resource "azurerm_network_security_group" "nsg_appgw" {
  name                = "nsg-appgw"
  resource_group_name = azurerm_resource_group.rg_shop_weu.name
  location            = azurerm_resource_group.rg_shop_weu.location
  tags                = var.tags

  security_rule {
    name                       = "allow-gateway-manager"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "65200-65535"
    source_address_prefix      = "GatewayManager"
    destination_address_prefix = "*"
    description                = "Application Gateway v2 infrastructure ports"
  }

  security_rule {
    name                       = "allow-https-and-acme"
    priority                   = 110
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_ranges    = ["80", "443"]
    source_address_prefix      = "Internet"
    destination_address_prefix = "*"
    description                = "HTTPS, and HTTP for the ACME HTTP-01 challenge"
  }

  security_rule {
    name                       = "allow-azure-load-balancer"
    priority                   = 120
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "*"
    source_port_range          = "*"
    destination_port_range     = "*"
    source_address_prefix      = "AzureLoadBalancer"
    destination_address_prefix = "*"
  }
}
