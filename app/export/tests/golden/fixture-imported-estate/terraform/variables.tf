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
