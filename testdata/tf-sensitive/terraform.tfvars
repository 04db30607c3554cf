deploy_user = "deploy-SENSITIVE-bot"
team        = "team-SENSITIVE"
