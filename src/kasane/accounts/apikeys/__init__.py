"""API keys: credentials that let another system (a vendor's 相談記録 package, the 生活困窮 system, a tablet
app) call the JSON API as itself, for one agency, with the permissions the key was given.

- ``models``: the key (only a hash of its secret is kept) and the permission codes a key may carry.
- ``services``: issuing and revoking, each one transaction with its audit entry.
- ``auth``: checking a presented key and letting its system act through the one permission check.
"""
