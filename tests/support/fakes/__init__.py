"""In-memory implementations of every port the domain uses, for unit tests.

They keep the promises the DynamoDB adapters keep, so a rule that leans on the storage
(a version check, a unique e-mail, all-or-nothing writes) is tested for real:
- entities are stored as JSON, as in DynamoDB, so nothing is shared by reference;
- every write is a transaction: all conditions are checked first, then all changes are
  applied, or none is;
- version checks and uniqueness (slugs, logins, audit ids) raise Conflict like the
  adapters do; cursors are opaque and a foreign or garbled one is InvalidInput;
- staff members' and accesses' credentials are kept beside their documents with their own
  revision, written only over the revision read, as the DynamoDB items keep them.

tests/contract runs each port's promises against both these fakes and the DynamoDB adapters
on moto, so the two cannot drift apart unnoticed.

Nothing here imports boto3 or moto: unit tests run without AWS.
"""
