"""corpus-qa: data-quality and corpus-integrity checks for Chinese web and news text."""

__version__ = "0.1.0"
