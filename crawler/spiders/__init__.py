"""carefinder's spiders."""
