"""Modal dialogs: each asks one thing and answers through ``dismiss``; none opens a screen."""
