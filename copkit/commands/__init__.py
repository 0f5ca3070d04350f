"""The command line's commands: parse what was typed, make one call into the core, render.

One module per command group (``member``, ``rhythm``, ``meeting``, ``health``, ...), loaded
lazily by :mod:`copkit.cli`; ``context`` (the home, the community, shared options), ``params``
(Click types for typed values), ``output`` (one function that writes every format to the
terminal, a file or ``-``) and ``send`` (``--send``/``--dry-run``/``--outbox``) serve them all.
"""
