"""Forms that change records: each checks input as it is typed and saves through the core."""
