"""Generators of the synthetic datasets: one module per dataset, each ``generate(seed)``."""
