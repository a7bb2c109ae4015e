"""Study records to the county's Learning Record Store as xAPI 1.0.3 statements, exactly
once: the outbox (core/storage/outbox.py), the mapping (statements.py), the LRS client
(client.py), the retry schedule (schedule.py) and the service that ties them (service.py)."""
