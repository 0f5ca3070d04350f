"""The dashboard's screens: home, members, rhythms and meetings, spaces, help."""
