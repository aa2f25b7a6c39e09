/**
 * Ticketing: events with a seat map, bookings, payments, a waiting list, and the outbox its
 * domain events leave through. PostgreSQL, not Redis, is the record of what is sold: a seat is in
 * at most one active booking (booking_seats_sold_once), whatever Redis held or forgot.
 */
exports.up = (pgm) => {
  pgm.sql(`
    CREATE TABLE events (
      id            uuid        PRIMARY KEY,
      name          text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
      venue         text        NOT NULL CHECK (char_length(venue) BETWEEN 1 AND 200),
      starts_at     timestamptz NOT NULL,
      currency      char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      organizer_id  bigint      NOT NULL REFERENCES users (id),
      created_at    timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX events_by_start_idx ON events (starts_at, id);

    CREATE TABLE seats (
      id        uuid          PRIMARY KEY,
      event_id  uuid          NOT NULL REFERENCES events (id) ON DELETE CASCADE,
      section   text          NOT NULL CHECK (char_length(section) BETWEEN 1 AND 40),
      row       text          NOT NULL CHECK (char_length(row) BETWEEN 1 AND 10),
      number    integer       NOT NULL CHECK (number > 0),
      price     numeric(12,2) NOT NULL CHECK (price >= 0),
      UNIQUE (event_id, section, row, number)
    );
    CREATE INDEX seats_event_idx ON seats (event_id);

    CREATE TABLE bookings (
      id             uuid          PRIMARY KEY,
      event_id       uuid          NOT NULL REFERENCES events (id),
      user_id        bigint        NOT NULL REFERENCES users (id),
      hold_id        uuid          NOT NULL UNIQUE,
      status         text          NOT NULL CHECK (status IN ('pending', 'confirmed', 'failed', 'expired', 'cancelled')),
      reference      text          NOT NULL UNIQUE,
      total_amount   numeric(12,2),
      currency       char(3)       NOT NULL,
      -- The seats of the hold it was made from, until it holds them (then booking_seats has them).
      seat_ids       uuid[]        NOT NULL,
      seat_numbers   text[]        NOT NULL,
      -- The last position in the booking queue its owner was told.
      queue_position integer,
      failure_reason text,
      -- Set once the booking holds its seats: unpaid past it, the booking expires.
      pay_by         timestamptz,
      created_at     timestamptz   NOT NULL DEFAULT now(),
      updated_at     timestamptz   NOT NULL DEFAULT now()
    );
    CREATE INDEX bookings_user_idx ON bookings (user_id, created_at DESC, id DESC);
    CREATE INDEX bookings_pending_idx ON bookings (created_at) WHERE status = 'pending';

    CREATE TABLE booking_seats (
      booking_id  uuid    NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
      seat_id     uuid    NOT NULL REFERENCES seats (id),
      event_id    uuid    NOT NULL REFERENCES events (id),
      -- False once the booking failed, expired or was cancelled: the seat is free again.
      active      boolean NOT NULL DEFAULT true,
      PRIMARY KEY (booking_id, seat_id)
    );
    CREATE UNIQUE INDEX booking_seats_sold_once ON booking_seats (seat_id) WHERE active;
    CREATE INDEX booking_seats_event_idx ON booking_seats (event_id) WHERE active;

    CREATE TABLE payments (
      id                uuid          PRIMARY KEY,
      booking_id        uuid          NOT NULL REFERENCES bookings (id),
      idempotency_key   text          NOT NULL CHECK (char_length(idempotency_key) BETWEEN 1 AND 200),
      status            text          NOT NULL CHECK (status IN ('succeeded', 'declined', 'refunded')),
      amount            numeric(12,2) NOT NULL,
      currency          char(3)       NOT NULL,
      gateway_reference text,
      decline_reason    text,
      created_at        timestamptz   NOT NULL DEFAULT now(),
      UNIQUE (booking_id, idempotency_key)
    );
    -- A booking is charged once, whatever keys its retries carry.
    CREATE UNIQUE INDEX payments_charged_once ON payments (booking_id) WHERE status IN ('succeeded', 'refunded');

    CREATE TABLE waitlist (
      id          uuid        PRIMARY KEY,
      event_id    uuid        NOT NULL REFERENCES events (id) ON DELETE CASCADE,
      user_id     bigint      NOT NULL REFERENCES users (id),
      seats       integer     NOT NULL CHECK (seats > 0),
      status      text        NOT NULL CHECK (status IN ('waiting', 'offered', 'fulfilled', 'expired', 'cancelled')),
      hold_id     uuid,
      offered_until timestamptz,
      created_at  timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX waitlist_queue_idx ON waitlist (event_id, created_at) WHERE status = 'waiting';
    CREATE INDEX waitlist_offers_idx ON waitlist (offered_until) WHERE status = 'offered';
    CREATE UNIQUE INDEX waitlist_one_entry_idx ON waitlist (event_id, user_id) WHERE status IN ('waiting', 'offered');

    -- Domain events written in the same transaction as the change they describe, then relayed
    -- to JetStream (Nats-Msg-Id = id) by whichever ticketing process holds the relay lock. A row
    -- whose change moves seats also carries the seat effect the relay applies to the live seat
    -- map in Redis; it is done (relayed_at) once both happened.
    CREATE TABLE ticketing_outbox (
      id            bigserial   PRIMARY KEY,
      subject       text        NOT NULL,
      payload       jsonb       NOT NULL,
      seat_effect   jsonb,
      created_at    timestamptz NOT NULL DEFAULT now(),
      published_at  timestamptz,
      relayed_at    timestamptz
    );
    CREATE INDEX ticketing_outbox_pending_idx ON ticketing_outbox (id) WHERE relayed_at IS NULL;

    -- Wakes the relays when a transaction that wrote events commits, so they need not poll: once
    -- per statement, and NOTIFY folds a transaction's into one. The channel names the schema
    -- (<schema>.ticketing_outbox): deployments or test runs sharing a database do not wake each other.
    CREATE FUNCTION ticketing_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify(TG_TABLE_SCHEMA || '.ticketing_outbox', '');
      RETURN NULL;
    END $$;
    CREATE TRIGGER ticketing_outbox_notify AFTER INSERT ON ticketing_outbox FOR EACH STATEMENT EXECUTE FUNCTION ticketing_outbox_notify();
  `);
};

exports.down = (pgm) => {
  pgm.sql(`
    DROP TABLE ticketing_outbox;
    DROP FUNCTION ticketing_outbox_notify();
    DROP TABLE waitlist;
    DROP TABLE payments;
    DROP TABLE booking_seats;
    DROP TABLE bookings;
    DROP TABLE seats;
    DROP TABLE events;
  `);
};
