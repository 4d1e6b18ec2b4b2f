"""The directory: people of the company, their department and role, whom tousu tells."""
