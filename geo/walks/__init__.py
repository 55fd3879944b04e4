"""Walkabouts: walks, stops, their public form, route maps, photos and positions."""
