"""The entity canon (loading, indexing, transliteration rules) behind the entity check."""
