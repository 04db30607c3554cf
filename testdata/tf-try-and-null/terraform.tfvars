key_status      = null
fallback_status = null
owner           = null
