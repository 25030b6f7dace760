"""国密 field encryption: SM4-GCM envelopes for personal data and HMAC-SM3 blind indexes.

Below every app (it imports no app of the portal), so any register's model can use its fields.
"""
