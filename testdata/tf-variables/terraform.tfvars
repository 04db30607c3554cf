user_name   = "from-tfvars"
include_key = "yes"
