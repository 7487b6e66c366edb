"""The showcase (成果展示): apps, analyses, visualisations and news stories that
use the catalog's datasets, submitted by registered users, approved by the
departments whose datasets they use (or a sysadmin), shown in a gallery, on
each dataset they use and in the department figures."""
