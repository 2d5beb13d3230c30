"""Co-authors of solutions: invitations by email, acceptance, removal."""
