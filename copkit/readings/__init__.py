"""What the health check's readings become for others: the overview, the sponsor report, the map.

:mod:`~copkit.readings.overview` reads every community of a home at a glance;
:mod:`~copkit.readings.sponsor_report` assembles what a sponsor may read;
:mod:`~copkit.readings.privacy` decides what never leaves the community (nothing from a private
space, no words of a private conversation); :mod:`~copkit.readings.ecomap` computes the
ecosystem map (the spaces, who meets where, and how conversation flows between them).

Everything here computes and nothing renders: :mod:`copkit.report` turns these values into
tables, Markdown, HTML, DOT and Mermaid.
"""
