"""Actions, auth functions and validators of the govopen extension (the CKAN glue)."""
