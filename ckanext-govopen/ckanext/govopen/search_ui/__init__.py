"""The search page beyond CKAN's own (issue 16): why a result matched
(highlighted terms), each result's facts, suggestions as you type,
"did you mean" for a query that found nothing, and those queries counted."""
