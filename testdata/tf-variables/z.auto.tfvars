# auto.tfvars win over terraform.tfvars
console_access = "true"
user_name      = "from-auto-tfvars"
