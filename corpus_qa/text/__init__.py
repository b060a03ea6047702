"""Shared Chinese-text tools used by several rule families."""
