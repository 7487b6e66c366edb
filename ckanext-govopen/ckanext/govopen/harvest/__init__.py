"""Harvest jobs inside CKAN: ckanext-harvest adapters for the govopen connectors.

The connectors (``govopen_harvesters``, no CKAN imports) read departmental
systems; this package writes what they read into the catalog through the
Action API (``importer``), runs jobs in the foreground (``job``, ``cli``) or
through ckanext-harvest's queues (``harvesters``), and keeps per-record hashes,
per-source state and job reports (``model``, ``report``).
"""
