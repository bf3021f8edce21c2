"""Developer tools: screenshots for docs/."""
