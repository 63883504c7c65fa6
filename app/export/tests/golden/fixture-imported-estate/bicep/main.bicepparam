// Example parameters for main.bicep: copy per environment and adjust.
using './main.bicep'

param locations = {
  weu: 'westeurope'
}

param tags = {
}
