"""The corpus-wide phase: duplicate detection (content forms, MinHash/LSH, a saved signature
index) and the other checks that need every document at once."""
