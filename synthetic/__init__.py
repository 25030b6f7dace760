"""Synthetic register data for the benchmark (`manage.py generate_data`): never for production.

A plain package, not an app: it has no models, and nothing imports it at run time except the
generate_data command, which refuses to run outside DEBUG unless told explicitly that it writes.
"""
