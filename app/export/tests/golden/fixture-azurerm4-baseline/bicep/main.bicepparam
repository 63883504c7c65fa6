// Example parameters for main.bicep: copy per environment and adjust.
using './main.bicep'

param locations = {
  weu: 'westeurope'
}

param tags = {
}

param nodePools = {
  npsystem: {
    vmSize: 'Standard_D4ds_v5'
    minCount: 3
    maxCount: 4
  }
  npuser01: {
    vmSize: 'Standard_D8ds_v5'
    minCount: 2
    maxCount: 8
  }
}

// Read the keys from Key Vault or the environment; never commit them.
param vpnSharedKeys = {
  dc: readEnvironmentVariable('VPN_SHARED_KEY_DC')
}

// Who may write the vaults' secrets, e.g. yourself:
//   export KEY_VAULT_SECRETS_OFFICER_ID=$(az ad signed-in-user show --query id -o tsv)
param keyVaultSecretsOfficerId = readEnvironmentVariable('KEY_VAULT_SECRETS_OFFICER_ID')
