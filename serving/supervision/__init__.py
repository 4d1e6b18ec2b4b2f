"""The supervision channel (监督举报): reports of misconduct in complaint handling."""
