"""Public profiles of the people who take part."""
