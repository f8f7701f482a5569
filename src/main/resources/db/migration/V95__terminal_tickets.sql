-- Terminal WebSocket tickets (issue 15): any server redeems a ticket another one issued. Only the ticket's SHA-256
-- is kept, with whom and which sandbox it was issued for; a ticket is deleted when it is used, expired ones when
-- the next ticket is issued. No foreign keys: a ticket lives seconds, and a sandbox id may be a reservation's.
-- Same SQL on H2 and PostgreSQL.
CREATE TABLE terminal_tickets (
    ticket_sha256 VARCHAR(64)  PRIMARY KEY,
    user_id       VARCHAR(200) NOT NULL,
    sandbox_id    VARCHAR(64)  NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX terminal_tickets_expiry ON terminal_tickets (expires_at);
