"""The speed-and-scale benchmark (`make bench`); not part of the test suite."""
