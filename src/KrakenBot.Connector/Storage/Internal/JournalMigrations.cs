namespace KrakenBot.Connector.Storage.Internal;

/// <summary>One forward step of the schema: applied once, in its own transaction, and recorded in <c>schema_version</c>.</summary>
internal sealed record JournalMigration(int Version, string Description, string Sql);

/// <summary>
/// Every schema version, oldest first. Add a new migration at the end to change the schema; never edit a shipped one
/// (files in the field already ran it). Tables are STRICT so a decimal column can only ever hold TEXT.
/// </summary>
internal static class JournalMigrations
{
    /// <summary>
    /// Money columns hold a plain decimal text such as <c>-12.5000</c>: a REAL written by mistake would turn into text
    /// like <c>1.0e-08</c> and is refused.
    /// </summary>
    private static string PlainDecimal(string column) => $"{column} GLOB '*[0-9]*' AND {column} NOT GLOB '*[^0-9.-]*'";

    public static readonly IReadOnlyList<JournalMigration> All =
    [
        new(1, "accounts, orders, order events, fills, trade cursor, nonce marks, paper balances", $$"""
            CREATE TABLE accounts (
                id          INTEGER PRIMARY KEY,
                scope       TEXT NOT NULL UNIQUE,
                created_at  TEXT NOT NULL
            ) STRICT;

            CREATE TABLE orders (
                id                 INTEGER PRIMARY KEY,
                account_id         INTEGER NOT NULL REFERENCES accounts(id),
                client_order_id    TEXT NOT NULL,
                exchange_order_id  TEXT,
                base               TEXT NOT NULL,
                quote              TEXT NOT NULL,
                side               TEXT NOT NULL,
                type               TEXT NOT NULL,
                amount             TEXT NOT NULL CHECK ({{PlainDecimal("amount")}}),
                price              TEXT CHECK ({{PlainDecimal("price")}}),
                time_in_force      TEXT NOT NULL,
                expire_time        TEXT,
                client_tag         TEXT,
                state              TEXT NOT NULL,
                is_terminal        INTEGER NOT NULL CHECK (is_terminal IN (0, 1)),
                filled_amount      TEXT NOT NULL CHECK ({{PlainDecimal("filled_amount")}}),
                fill_count         INTEGER NOT NULL,
                failure_reason     TEXT,
                created_at         TEXT NOT NULL,
                created_ticks      INTEGER NOT NULL,
                updated_at         TEXT NOT NULL,
                UNIQUE (account_id, client_order_id)
            ) STRICT;
            CREATE UNIQUE INDEX ix_orders_exchange_id ON orders (account_id, exchange_order_id) WHERE exchange_order_id IS NOT NULL;
            CREATE INDEX ix_orders_open ON orders (account_id, created_ticks) WHERE is_terminal = 0;
            CREATE INDEX ix_orders_history ON orders (account_id, created_ticks DESC, id DESC);
            CREATE INDEX ix_orders_pair_history ON orders (account_id, base, quote, created_ticks DESC, id DESC);

            CREATE TABLE fills (
                id                 INTEGER PRIMARY KEY AUTOINCREMENT,
                account_id         INTEGER NOT NULL REFERENCES accounts(id),
                trade_id           TEXT NOT NULL,
                order_id           INTEGER REFERENCES orders(id),
                client_order_id    TEXT,
                exchange_order_id  TEXT,
                base               TEXT NOT NULL,
                quote              TEXT NOT NULL,
                side               TEXT NOT NULL,
                price              TEXT NOT NULL CHECK ({{PlainDecimal("price")}}),
                amount             TEXT NOT NULL CHECK ({{PlainDecimal("amount")}}),
                fee_amount         TEXT NOT NULL CHECK ({{PlainDecimal("fee_amount")}}),
                fee_asset          TEXT NOT NULL,
                is_maker           INTEGER NOT NULL CHECK (is_maker IN (0, 1)),
                executed_at        TEXT NOT NULL,
                executed_ticks     INTEGER NOT NULL,
                UNIQUE (account_id, trade_id)
            ) STRICT;
            CREATE INDEX ix_fills_history ON fills (account_id, executed_ticks DESC, id DESC);
            CREATE INDEX ix_fills_pair_history ON fills (account_id, base, quote, executed_ticks DESC, id DESC);
            CREATE INDEX ix_fills_order ON fills (order_id) WHERE order_id IS NOT NULL;

            -- Append-only: one row per change applied to an order, in order. Replaying them rebuilds the order.
            CREATE TABLE order_events (
                id                 INTEGER PRIMARY KEY AUTOINCREMENT,
                order_id           INTEGER NOT NULL REFERENCES orders(id),
                kind               TEXT NOT NULL CHECK (kind IN ('created', 'exchange_id', 'state', 'fill')),
                at                 TEXT NOT NULL,
                state              TEXT NOT NULL,
                exchange_order_id  TEXT,
                trade_id           TEXT,
                reason             TEXT,
                CHECK ((kind = 'fill') = (trade_id IS NOT NULL))
            ) STRICT;
            CREATE INDEX ix_order_events_order ON order_events (order_id, id);
            CREATE UNIQUE INDEX ix_order_events_fill ON order_events (order_id, trade_id) WHERE trade_id IS NOT NULL;
            CREATE TRIGGER order_events_append_only_update BEFORE UPDATE ON order_events
                BEGIN SELECT RAISE(ABORT, 'order_events is append-only'); END;
            CREATE TRIGGER order_events_append_only_delete BEFORE DELETE ON order_events
                BEGIN SELECT RAISE(ABORT, 'order_events is append-only'); END;

            CREATE TABLE trade_cursors (
                account_id   INTEGER PRIMARY KEY REFERENCES accounts(id),
                trade_id     TEXT NOT NULL,
                traded_at    TEXT NOT NULL,
                traded_ticks INTEGER NOT NULL
            ) STRICT;

            CREATE TABLE nonce_marks (
                account_id       INTEGER PRIMARY KEY REFERENCES accounts(id),
                high_water_mark  INTEGER NOT NULL CHECK (high_water_mark >= 0)
            ) STRICT;

            CREATE TABLE paper_balances (
                account_id  INTEGER NOT NULL REFERENCES accounts(id),
                asset       TEXT NOT NULL,
                available   TEXT NOT NULL CHECK ({{PlainDecimal("available")}}),
                held        TEXT NOT NULL CHECK ({{PlainDecimal("held")}}),
                updated_at  TEXT NOT NULL,
                PRIMARY KEY (account_id, asset)
            ) STRICT;
            """),

        // SQLite cannot change a CHECK constraint in place, so order_events is rebuilt: new table, rows copied with
        // their ids, old table dropped (its indexes and triggers go with it), then indexes and triggers recreated as in
        // version 1. 'created' events now carry the order's original amount and price: the orders row holds the
        // amended request, and the figures first sent must stay in the file and start the replay. Version 1 files had no amends, so
        // their orders rows still hold the original figures and are copied into the 'created' events (a LEFT JOIN, so an
        // event without its order fails a constraint and the upgrade rolls back rather than dropping the event).
        new(2, "order amendments: 'amended' order events carrying the new amount and price", $$"""
            CREATE TABLE order_events_v2 (
                id                 INTEGER PRIMARY KEY AUTOINCREMENT,
                order_id           INTEGER NOT NULL REFERENCES orders(id),
                kind               TEXT NOT NULL CHECK (kind IN ('created', 'exchange_id', 'state', 'fill', 'amended')),
                at                 TEXT NOT NULL,
                state              TEXT NOT NULL,
                exchange_order_id  TEXT,
                trade_id           TEXT,
                reason             TEXT,
                amount             TEXT CHECK ({{PlainDecimal("amount")}}),
                price              TEXT CHECK ({{PlainDecimal("price")}}),
                CHECK ((kind = 'fill') = (trade_id IS NOT NULL)),
                CHECK ((kind IN ('created', 'amended')) = (amount IS NOT NULL)),
                CHECK (kind IN ('created', 'amended') OR price IS NULL)
            ) STRICT;
            INSERT INTO order_events_v2 (id, order_id, kind, at, state, exchange_order_id, trade_id, reason, amount, price)
                SELECT e.id, e.order_id, e.kind, e.at, e.state, e.exchange_order_id, e.trade_id, e.reason,
                       CASE WHEN e.kind = 'created' THEN o.amount END,
                       CASE WHEN e.kind = 'created' THEN o.price END
                FROM order_events e LEFT JOIN orders o ON o.id = e.order_id
                ORDER BY e.id;
            DROP TABLE order_events;
            ALTER TABLE order_events_v2 RENAME TO order_events;
            CREATE INDEX ix_order_events_order ON order_events (order_id, id);
            CREATE UNIQUE INDEX ix_order_events_fill ON order_events (order_id, trade_id) WHERE trade_id IS NOT NULL;
            CREATE TRIGGER order_events_append_only_update BEFORE UPDATE ON order_events
                BEGIN SELECT RAISE(ABORT, 'order_events is append-only'); END;
            CREATE TRIGGER order_events_append_only_delete BEFORE DELETE ON order_events
                BEGIN SELECT RAISE(ABORT, 'order_events is append-only'); END;
            """),

        // Orders of types KrakenBot does not place (stops, trailing stops…), adopted read-only from the account, keep
        // their trigger as Kraken described it: prices as text, since they may be offsets such as '+50.0000%'.
        new(3, "orders: trigger of adopted triggered orders (price, limit price, reference)", """
            ALTER TABLE orders ADD COLUMN trigger_price TEXT;
            ALTER TABLE orders ADD COLUMN trigger_limit_price TEXT;
            ALTER TABLE orders ADD COLUMN trigger_reference TEXT;
            """),

        // A small key-value store for layers above the connector (a strategy's state: its run, P&L, own orders), so
        // they live in the same file, under the same durability, as the orders they refer to. The values are the
        // callers' own documents (JSON); callers version their layout inside them.
        new(4, "documents: named values kept for layers above the connector (strategy state)", """
            CREATE TABLE documents (
                scope       TEXT NOT NULL,
                key         TEXT NOT NULL,
                value       TEXT NOT NULL,
                updated_at  TEXT NOT NULL,
                PRIMARY KEY (scope, key)
            ) STRICT;
            """),
    ];

    public static int Latest => All[^1].Version;
}
