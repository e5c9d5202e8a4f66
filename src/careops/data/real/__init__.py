"""Real public datasets copied from packages whose licence allows redistribution."""
