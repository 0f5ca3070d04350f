"""Where a community is kept: the only package that touches a file or a database.

A community is one JSON document in a home folder. :mod:`~copkit.storage.store` opens it as a
session (read without a lock, or written under one, atomically); :mod:`~copkit.storage.fileio`
writes files atomically and never through a link or over a device; :mod:`~copkit.storage.backups`
keeps earlier versions; :mod:`~copkit.storage.filecheck`, :mod:`~copkit.storage.integrity` and
:mod:`~copkit.storage.migrations` decide whether a file can be opened at all and lift older
schemas; :mod:`~copkit.storage.ids` numbers records; :mod:`~copkit.storage.home` finds the
communities of a home; :mod:`~copkit.storage.portable` turns one into a document that travels;
:mod:`~copkit.storage.example` finds the bundled example community.

A home a team shares is a PostgreSQL database (:mod:`~copkit.storage.postgres`: one row per
record, one transaction per command under the community's row lock), opened through the same
session; :mod:`~copkit.storage.places` chooses the kind of home from what ``--home`` names.
Nothing above this package imports TinyDB or psycopg or opens a community itself.
"""
