"""samen-impact: validated figures for the Samen Inburgeren programme.

Plain functions live here (contracts, reading, validation, warehouse, CLI);
Dagster wiring lives in `assets/` and `pipelines/`.
"""

__version__ = "0.1.0"
