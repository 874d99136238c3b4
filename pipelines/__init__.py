"""Dagster wiring: resources, jobs and the one Definitions object."""
