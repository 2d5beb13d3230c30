"""The signed-in person's own profile, password and sessions."""
