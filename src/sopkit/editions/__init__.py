"""Editions: which content each published site keeps (select.py), and the proof from
the outside that a built public site holds nothing internal (leaks.py)."""
