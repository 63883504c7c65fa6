// Example parameters for main.bicep: copy per environment and adjust.
using './main.bicep'

param locations = {
  neu: 'northeurope'
  weu: 'westeurope'
}

param tags = {
}

param nodePools = {
  neuSystem: {
    vmSize: 'Standard_D4ds_v5'
    count: 3
  }
  neuUser: {
    vmSize: 'Standard_D8ds_v5'
    minCount: 3
    maxCount: 12
  }
  weuSystem: {
    vmSize: 'Standard_D4ds_v5'
    count: 3
  }
  weuUser: {
    vmSize: 'Standard_D8ds_v5'
    minCount: 3
    maxCount: 12
  }
}

param originHostNames = {
  pls_neu: 'app.contoso.example'
  pls_weu: 'app.contoso.example'
}
