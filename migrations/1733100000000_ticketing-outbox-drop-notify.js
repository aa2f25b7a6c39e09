/**
 * The outbox's insert trigger NOTIFYed its relay at every commit that wrote events. A NOTIFY takes
 * a database-wide lock at commit, held across the commit's WAL flush, so bench:booking's bookings
 * committed one after another (waits on "Lock: object" at COMMIT). The relay is now woken in
 * process by the repositories that wrote, and finds other processes' rows within 100 ms.
 */
exports.up = (pgm) => {
  pgm.sql(`
    DROP TRIGGER ticketing_outbox_notify ON ticketing_outbox;
    DROP FUNCTION ticketing_outbox_notify();
  `);
};

exports.down = (pgm) => {
  pgm.sql(`
    CREATE FUNCTION ticketing_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify(TG_TABLE_SCHEMA || '.ticketing_outbox', '');
      RETURN NULL;
    END $$;
    CREATE TRIGGER ticketing_outbox_notify AFTER INSERT ON ticketing_outbox FOR EACH STATEMENT EXECUTE FUNCTION ticketing_outbox_notify();
  `);
};
