// Example parameters for main.bicep: copy per environment and adjust.
using './main.bicep'

param locations = {
  neu: 'northeurope'
  weu: 'westeurope'
}

param tags = {
}

param nodePools = {
  npsystem: {
    vmSize: 'Standard_D4ds_v5'
    count: 3
  }
  npuser: {
    vmSize: 'Standard_D8ds_v5'
    minCount: 3
    maxCount: 12
  }
  npsystem2: {
    vmSize: 'Standard_D4ds_v5'
    count: 3
  }
  npuser2: {
    vmSize: 'Standard_D8ds_v5'
    minCount: 3
    maxCount: 12
  }
}

param originHostNames = {
  pls_web_neu: 'app.contoso.example'
  pls_web_weu: 'app.contoso.example'
}
