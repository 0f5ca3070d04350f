"""Reaching members where they are: invites by email, their answers, and shared calendars.

:mod:`~copkit.reach.imip` turns a rhythm into one iMIP message per member (RFC 6047);
:mod:`~copkit.reach.mail` hands messages to the mail server, or writes them as files for a
dry run; :mod:`~copkit.reach.settings` keeps the mail server's settings in the home (the
password in the keyring, never in a file); :mod:`~copkit.reach.rsvp` reads answers back from
.ics, .eml, mbox and Maildir; :mod:`~copkit.reach.publish` puts the public feed on a CalDAV
server. What was sent and answered is stored by :mod:`copkit.records.sent`.
"""
