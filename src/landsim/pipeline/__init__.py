"""The pipeline of transitions: the yearly loop, land assignment, and the economics."""
