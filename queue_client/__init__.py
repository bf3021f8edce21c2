"""What every device app shares: config, the API client, event subscription, local store."""
