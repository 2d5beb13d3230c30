"""Messages from a challenge's staff to its participants and followers, in the app and by email."""
