"""Dagster assets by layer: raw (landing → archive), staging (+ quarantine), later marts and reports.

Assets are thin wrappers: the computation lives in `samen.*` plain functions.
"""
