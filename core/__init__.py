"""The small core every register stands on: who sees what, one domain error, forms, the
register pages, imports and attachments. It imports no domain app."""
