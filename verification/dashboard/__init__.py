"""The dashboard: the pages researchers browse runs, submissions and problems with."""
