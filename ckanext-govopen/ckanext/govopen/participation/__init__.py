"""Public participation: ratings and feedback on datasets, data requests.

The public "orders the dish": anyone (also anonymously) may rate a dataset,
leave feedback, and ask for data that is not in the catalog yet; the
department answers in public. Requesters' contact details stay with the
department. Every text is stored as typed and escaped when shown.
"""
