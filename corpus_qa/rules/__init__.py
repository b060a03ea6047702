"""Rule families: one folder each, one rule per module (see registry.py)."""
