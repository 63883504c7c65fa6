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
    maxCount: 5
  }
}

// Read the keys from Key Vault or the environment; never commit them.
param vpnSharedKeys = {
  dc: readEnvironmentVariable('VPN_SHARED_KEY_DC')
}
