"""Operations: liveness, readiness, metrics and the live model's versions."""
