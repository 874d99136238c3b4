"""The data contracts (Open Data Contract Standard v3 YAML), one per dataset.

They are the single source of truth: `samen.contracts` loads them for parsing,
validation, the Great Expectations suites, the Excel templates and the data
dictionary in the README.
"""

from pathlib import Path

CONTRACTS_DIR = Path(__file__).resolve().parent
