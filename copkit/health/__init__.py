"""The health check against the nine design principles (Staempfli et al. 2016)."""
