"""Selection: which candidates are treated each year, under quotas, caps and budget."""
