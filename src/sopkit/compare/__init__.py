"""Comparisons, from words up: the redline of two texts, the changes between two
versions of a policy clause by clause, and the changes between two states of a whole
project (what `sopkit diff` prints)."""
