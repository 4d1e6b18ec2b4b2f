"""Training entry points: data loading, training config, training, evaluation."""
