"""Results: the long table, the parcel table, shortfalls, projects, and run folders."""
