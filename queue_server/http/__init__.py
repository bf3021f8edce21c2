"""What every HTTP route shares: errors, dependencies, body limit, where database work runs."""
