"""Complaints (工单): intake, the queue, agents' review, the workflow and the survey."""
