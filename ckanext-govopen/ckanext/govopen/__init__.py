"""govopen: CKAN extension for a national open government data catalog."""
