"""The department open-data dashboard: figures (``figures``), the overdue
rule (``timeliness``), reading many datasets at once (``ckanext.govopen.records``),
server-side charts (``svg``), the action and its auth (``actions``), CSV rows
(``export``), the pages and CSV downloads (``views``)."""
