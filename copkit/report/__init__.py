"""Rendering: what the core computed, drawn for a reader. Rendering never computes.

Rich tables and panels for the terminal (``tables``, ``columns``, ``health_render``,
``overview_render``), the health check's ``--explain`` (``health_explain``, ``health_words``)
and its JSON, Markdown and HTML (``health_export``), the sponsor report as Markdown or HTML
(``sponsor``), the ecosystem map as DOT, Mermaid or HTML (``ecomap``), and people's words shown
as typed, never as markup (``literal``). A module here imports the values it draws only for
annotations, so loading it never loads what computes them; only the faces import this package.
"""
