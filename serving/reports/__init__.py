"""Leadership's figures: volumes, timeliness, satisfaction, how often agents overrule the model."""
