"""Periodic satisfaction surveys (满意度专项调查) over a sample of a period's complainants."""
