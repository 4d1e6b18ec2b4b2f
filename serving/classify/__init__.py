"""Grading without storing: ``POST /v1/classify`` and ``POST /v1/classify/batch``."""
