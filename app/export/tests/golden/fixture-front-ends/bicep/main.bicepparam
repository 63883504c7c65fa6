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

param paasResourceIds = {
  sql_front_weu: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-example/providers/Microsoft.Example/sql_front_weu'
}
