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
    count: 3
  }
}
