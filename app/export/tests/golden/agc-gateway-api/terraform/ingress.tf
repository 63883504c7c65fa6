# Application Gateway for Containers, bring-your-own deployment (AGC-BYO):
# the ALB controller only programs routes on it.
resource "azurerm_application_load_balancer" "agc_demo_eus2" {
  name                = "agc-demo-eus2"
  resource_group_name = azurerm_resource_group.rg_agc_demo_eus2.name
  location            = azurerm_resource_group.rg_agc_demo_eus2.location
  tags                = var.tags
}

resource "azurerm_application_load_balancer_subnet_association" "agc_demo_eus2_association" {
  name                         = "snet-agc-association"
  application_load_balancer_id = azurerm_application_load_balancer.agc_demo_eus2.id
  subnet_id                    = azurerm_subnet.snet_agc.id
  tags                         = var.tags
}

resource "azurerm_application_load_balancer_frontend" "agc_demo_eus2_fe_mtls" {
  name                         = "fe-mtls"
  application_load_balancer_id = azurerm_application_load_balancer.agc_demo_eus2.id
  tags                         = var.tags
}

# The ALB controller's identity, federated with its service account (AGC-QS).
resource "azurerm_user_assigned_identity" "agc_demo_eus2_identity" {
  name                = "azure-alb-identity"
  resource_group_name = azurerm_resource_group.rg_agc_demo_eus2.name
  location            = azurerm_resource_group.rg_agc_demo_eus2.location
  tags                = var.tags
}

resource "azurerm_federated_identity_credential" "agc_demo_eus2_identity" {
  name                      = "azure-alb-identity"
  user_assigned_identity_id = azurerm_user_assigned_identity.agc_demo_eus2_identity.id
  audience                  = ["api://AzureADTokenExchange"]
  issuer                    = azurerm_kubernetes_cluster.aks_agc_demo_eus2.oidc_issuer_url
  subject                   = "system:serviceaccount:azure-alb-system:alb-controller-sa"
}

# Roles from AGC-QS and AGC-BYO: Reader on the node resource group,
# Configuration Manager where the AGC resource lives (its resource group when Terraform
# creates it; the node resource group when the ALB controller does, as in the managed
# quickstart), Network Contributor on the association subnet.
resource "azurerm_role_assignment" "agc_demo_eus2_identity_node_rg_reader" {
  scope                = azurerm_kubernetes_cluster.aks_agc_demo_eus2.node_resource_group_id
  role_definition_name = "Reader"
  principal_id         = azurerm_user_assigned_identity.agc_demo_eus2_identity.principal_id
}

resource "azurerm_role_assignment" "agc_demo_eus2_identity_config_manager" {
  scope                = azurerm_resource_group.rg_agc_demo_eus2.id
  role_definition_name = "AppGw for Containers Configuration Manager"
  principal_id         = azurerm_user_assigned_identity.agc_demo_eus2_identity.principal_id
}

resource "azurerm_role_assignment" "agc_demo_eus2_identity_subnet" {
  scope                = azurerm_subnet.snet_agc.id
  role_definition_name = "Network Contributor"
  principal_id         = azurerm_user_assigned_identity.agc_demo_eus2_identity.principal_id
}
