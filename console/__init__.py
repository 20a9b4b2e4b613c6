"""Planner and team-lead console: server-rendered pages over the same services as the API."""
