"""Economics, the long table and its variables, and the parcel, shortfall and project tables."""
