user_name = "prod-admin"
key_slots = ["blue", "green", "blue"]
