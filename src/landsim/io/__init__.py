"""Writing files safely: atomic files and run folders."""
