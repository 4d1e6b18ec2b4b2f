"""Performance figures per department or person and period (regulation 五: the leadership group inspects)."""
