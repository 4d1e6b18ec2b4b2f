"""Notifications through an outbox: written with the change that causes them, delivered by the worker."""
