// Example parameters for main.bicep: copy per environment and adjust.
using './main.bicep'

param locations = {
  eus: 'eastus2'
}

param tags = {
}

param nodePools = {
  npsystem: {
    vmSize: 'Standard_D4ds_v5'
    count: 3
  }
  npapps: {
    vmSize: 'Standard_D4ds_v5'
    minCount: 2
    maxCount: 6
  }
}
