-- Whether a killed sandbox was ended on request (its owner's DELETE, its expiry, a kill with a reason) or ended by
-- itself and was only found gone afterwards (its processes stopped, out of memory). A cell whose interpreter's
-- connection ends asks this to say which happened (docs/interpreter.md): the row is marked before a requested kill
-- stops any process, so the answer does not depend on timing. Same SQL on H2 and PostgreSQL.
ALTER TABLE sandboxes ADD COLUMN killed_on_request BOOLEAN DEFAULT FALSE NOT NULL;
