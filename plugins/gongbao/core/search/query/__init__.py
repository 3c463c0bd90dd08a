"""The query language, engine-neutral: :mod:`.parse` makes a :mod:`.tree` from query text."""
