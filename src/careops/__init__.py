"""careops: the library behind the MS in Clinical Service Operations course platform.

Layers (data flows one way): curriculum/data -> analytics (lean, queueing, spc, finance,
supply, stats) -> charts -> widgets -> grading/seminar/site -> cli.
"""

__version__ = "0.1.0"
