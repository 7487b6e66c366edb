"""The search index beyond one Solr node (issue 18): a SolrCloud collection
behind an alias, rebuilt beside the live one and swapped in
(``ckan govopen search rebuild --swap``), so search answers throughout."""
