"""Marts: the published figures, computed from staging as plain functions (Polars in → Polars out).

Each module computes one family of marts; `common` holds what they share
(reading staging, the reporting levels, writing a mart atomically).
"""
