resource "azurerm_resource_group" "rg_apim_aks_weu" {
  name     = "rg-apim-aks-weu"
  location = var.locations["weu"]
  tags     = var.tags
}

resource "azurerm_virtual_network" "vnet_apim_aks_weu" {
  name                = "vnet-apim-aks-weu"
  resource_group_name = azurerm_resource_group.rg_apim_aks_weu.name
  location            = azurerm_resource_group.rg_apim_aks_weu.location
  address_space       = ["10.10.0.0/16"]
  tags                = var.tags
}

resource "azurerm_subnet" "agw_subnet" {
  name                 = "agw-subnet"
  resource_group_name  = azurerm_virtual_network.vnet_apim_aks_weu.resource_group_name
  virtual_network_name = azurerm_virtual_network.vnet_apim_aks_weu.name
  address_prefixes     = ["10.10.4.0/24"]
}

resource "azurerm_subnet" "aks_subnet" {
  name                 = "aks-subnet"
  resource_group_name  = azurerm_virtual_network.vnet_apim_aks_weu.resource_group_name
  virtual_network_name = azurerm_virtual_network.vnet_apim_aks_weu.name
  address_prefixes     = ["10.10.1.0/24"]
}

resource "azurerm_subnet" "apim_subnet" {
  name                 = "apim-subnet"
  resource_group_name  = azurerm_virtual_network.vnet_apim_aks_weu.resource_group_name
  virtual_network_name = azurerm_virtual_network.vnet_apim_aks_weu.name
  address_prefixes     = ["10.10.2.0/24"]
}

resource "azurerm_subnet" "pe_subnet" {
  name                 = "pe-subnet"
  resource_group_name  = azurerm_virtual_network.vnet_apim_aks_weu.resource_group_name
  virtual_network_name = azurerm_virtual_network.vnet_apim_aks_weu.name
  address_prefixes     = ["10.10.3.0/24"]
}

resource "azurerm_subnet_network_security_group_association" "aks_subnet" {
  subnet_id                 = azurerm_subnet.aks_subnet.id
  network_security_group_id = azurerm_network_security_group.nsg_aks_subnet.id
}

resource "azurerm_subnet_network_security_group_association" "apim_subnet" {
  subnet_id                 = azurerm_subnet.apim_subnet.id
  network_security_group_id = azurerm_network_security_group.nsg_apim_subnet.id
}

resource "azurerm_network_security_group" "nsg_aks_subnet" {
  name                = "nsg-aks-subnet"
  resource_group_name = azurerm_resource_group.rg_apim_aks_weu.name
  location            = azurerm_resource_group.rg_apim_aks_weu.location
  tags                = var.tags

  security_rule {
    name                       = "allow-apim-to-api"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "80"
    source_address_prefix      = "10.10.2.0/24"
    destination_address_prefix = "10.10.1.5"
  }
}

resource "azurerm_network_security_group" "nsg_apim_subnet" {
  name                = "nsg-apim-subnet"
  resource_group_name = azurerm_resource_group.rg_apim_aks_weu.name
  location            = azurerm_resource_group.rg_apim_aks_weu.location
  tags                = var.tags

  security_rule {
    name                       = "allow-apim-management"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "3443"
    source_address_prefix      = "ApiManagement"
    destination_address_prefix = "VirtualNetwork"
    description                = "Management endpoint for the Azure portal and PowerShell"
  }

  security_rule {
    name                       = "allow-azure-load-balancer"
    priority                   = 110
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "6390"
    source_address_prefix      = "AzureLoadBalancer"
    destination_address_prefix = "VirtualNetwork"
    description                = "Azure infrastructure load balancer health probe"
  }
}

resource "azurerm_public_ip" "pip_front_web" {
  name                = "pip-front-web"
  resource_group_name = azurerm_resource_group.rg_apim_aks_weu.name
  location            = azurerm_resource_group.rg_apim_aks_weu.location
  allocation_method   = "Static"
  sku                 = "Standard"
  domain_name_label   = "front-web"
  tags                = var.tags
}
