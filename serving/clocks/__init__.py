"""A clock for every deadline of a complaint: due times, states, extensions, escalation."""
