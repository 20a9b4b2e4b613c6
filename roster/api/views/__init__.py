"""Roster API views, one module per sub-domain. One APIView per operation: views validate,
call one service or selector, and serialize; every write goes through `roster.services`."""
