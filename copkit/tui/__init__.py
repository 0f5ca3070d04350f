"""``copkit tui``: a Textual dashboard on the same core as the CLI.

Screens read a :class:`~copkit.records.CommunityData` snapshot and change records only through
:mod:`copkit.records` inside a :class:`~copkit.storage.store.Store` write session, so whatever the
dashboard changes the CLI shows, and the other way round. Nothing in this package is imported
unless the dashboard is opened, which keeps the CLI fast.
"""
