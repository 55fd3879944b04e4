"""The action plan: its commitments, read from the plan file."""
