"""What the dataset page shows beyond CKAN's own: badges with explanations
(``badges``) and a preview of the first rows of its tables (``preview``)."""
