variable "subscription_id" {
  description = "Subscription to deploy into. Null: taken from ARM_SUBSCRIPTION_ID."
  type        = string
  default     = null
}

variable "locations" {
  description = "Azure location of each region in the design."
  type        = map(string)
  default = {
    weu = "westeurope"
  }
}

variable "tags" {
  description = "Tags applied to every resource that takes tags."
  type        = map(string)
  default = {
  }
}

variable "node_pools" {
  description = "VM size and node counts per node pool: node_count for fixed pools, min_count and max_count for autoscaled ones. The IP plan sized the subnets for the design's counts; re-plan before raising them."
  type = map(object({
    vm_size    = string
    node_count = optional(number)
    min_count  = optional(number)
    max_count  = optional(number)
  }))
  default = {
    npsystem = {
      vm_size   = "Standard_D4ds_v5"
      min_count = 3
      max_count = 5
    }
  }
}

variable "vpn_shared_keys" {
  description = "IPsec pre-shared key per on-premises site (dc)."
  type        = map(string)
  sensitive   = true
}
