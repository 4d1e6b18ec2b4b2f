"""The complainant's pages: follow a ticket (/t/{ticket_no}) and answer the survey (/s/{token})."""
