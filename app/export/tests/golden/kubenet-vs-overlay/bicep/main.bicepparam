// Example parameters for main.bicep: copy per environment and adjust.
using './main.bicep'

param locations = {
  weu: 'westeurope'
}

param tags = {
}

param nodePools = {
  kubenetSystem: {
    vmSize: 'Standard_D4ds_v5'
    count: 3
  }
  kubenetUser: {
    vmSize: 'Standard_D4ds_v5'
    minCount: 2
    maxCount: 10
  }
  overlaySystem: {
    vmSize: 'Standard_D4ds_v5'
    count: 3
  }
  overlayUser: {
    vmSize: 'Standard_D4ds_v5'
    minCount: 2
    maxCount: 10
  }
}
