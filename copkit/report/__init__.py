"""Rendering: rich renderables and exports. Rendering never computes; computing never renders."""
