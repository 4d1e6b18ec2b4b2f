"""tousu (投诉): grades Chinese telecom customer complaints under a grading regulation."""

__version__ = "0.1.0"
