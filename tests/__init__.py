"""Tests of the dossier generator; shared helpers live in tests/conftest.py."""
