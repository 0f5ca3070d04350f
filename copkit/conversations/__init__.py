"""The community between meetings: activity read from the platforms members already use.

Exports from Slack, Microsoft Teams (Graph), mailing lists (mbox, Maildir) and a plain CSV are
read into :class:`~copkit.conversations.events.Export` (who, when, where, post/reply/reaction,
which thread; never a word of what was written), then merged into the community file as packed
counts (:mod:`copkit.conversations.log`). The readings read them back through
:mod:`copkit.conversations.read`.

Readers load lazily: ``copkit --help`` never imports any of this.
"""
