"""Search by meaning (issue 16): each dataset's title as a vector, and a
free-text search that also lists the public datasets nearest in meaning
after those its words match. Without CKAN: ``encoder`` (the model) and
``knn`` (Solr's query). With: ``index`` (the index hook), ``similar`` (the
query side), ``feature`` (what it plugs in)."""
