package io.siyu.bench;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Where {@link SegmentBench}'s generated rows go: JDBC batches (H2, or PostgreSQL with {@code --load=jdbc}), PostgreSQL
 * COPY (the default there), or nowhere (a reused database: the generator runs again only to rebuild the
 * floor's bitmaps and leave the random sequence where a fresh load leaves it).
 */
interface SegmentRows extends AutoCloseable {

	void customer(long id, long corp, int gender, String stage, Instant added, String state, int activeFollows)
			throws SQLException;

	void follow(long corp, long customer, String userid, long staffId, long unitId, Instant at, String state,
			boolean active) throws SQLException;

	void tag(long corp, long customer, long tagId, String userid, Instant at) throws SQLException;

	void event(long corp, long customer, String kind, Instant at, String ref, Long amount) throws SQLException;

	/** The bench-only {@code int[]} side table (PostgreSQL). */
	void tagArray(long customer, String array) throws SQLException;

	/** After every 5,000 customers: rows so far may be written. */
	void chunk() throws SQLException;

	@Override
	void close() throws SQLException;

	static String name(long id) {
		return "客户" + Long.toString(id, 36);
	}

	/** Discards everything. */
	final class None implements SegmentRows {

		@Override
		public void customer(long id, long corp, int gender, String stage, Instant added, String state, int activeFollows) {
		}

		@Override
		public void follow(long corp, long customer, String userid, long staffId, long unitId, Instant at, String state,
				boolean active) {
		}

		@Override
		public void tag(long corp, long customer, long tagId, String userid, Instant at) {
		}

		@Override
		public void event(long corp, long customer, String kind, Instant at, String ref, Long amount) {
		}

		@Override
		public void tagArray(long customer, String array) {
		}

		@Override
		public void chunk() {
		}

		@Override
		public void close() {
		}
	}

	/** JDBC batches, one commit per 5,000 customers. */
	final class Batches implements SegmentRows {

		private final Connection c;

		private final PreparedStatement customer, follow, tag, event, array;

		Batches(Connection c, boolean arrays) throws SQLException {
			this.c = c;
			c.setAutoCommit(false);
			customer = c.prepareStatement("insert into customer (id, corp_id, external_userid, name, type,"
					+ " gender, stage, first_added_at, first_state, active_follows, source, created_at, updated_at)"
					+ " values (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, 'WECOM', ?, ?)");
			follow = c.prepareStatement("insert into customer_follow (corp_id, customer_id, userid,"
					+ " staff_id, unit_id, added_at, add_way, state, active, updated_at) values (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)");
			tag = c.prepareStatement("insert into customer_tag (corp_id, customer_id, tag_id, userid,"
					+ " tagged_at, source) values (?, ?, ?, ?, ?, 'WECOM')");
			event = c.prepareStatement("insert into customer_event (corp_id, customer_id, kind, at, ref,"
					+ " amount) values (?, ?, ?, ?, ?, ?)");
			array = arrays ? c.prepareStatement("insert into bench_customer_tags values (?, ?::int[])") : null;
		}

		@Override
		public void customer(long id, long corp, int gender, String stage, Instant added, String state, int activeFollows)
				throws SQLException {
			Timestamp at = Timestamp.from(added);
			customer.setLong(1, id);
			customer.setLong(2, corp);
			customer.setString(3, "wmseg" + id);
			customer.setString(4, name(id));
			customer.setInt(5, gender);
			customer.setString(6, stage);
			customer.setTimestamp(7, at);
			customer.setString(8, state);
			customer.setInt(9, activeFollows);
			customer.setTimestamp(10, at);
			customer.setTimestamp(11, at);
			customer.addBatch();
		}

		@Override
		public void follow(long corp, long id, String userid, long staffId, long unitId, Instant at, String state,
				boolean active) throws SQLException {
			Timestamp ts = Timestamp.from(at);
			follow.setLong(1, corp);
			follow.setLong(2, id);
			follow.setString(3, userid);
			follow.setLong(4, staffId);
			follow.setLong(5, unitId);
			follow.setTimestamp(6, ts);
			follow.setString(7, state);
			follow.setBoolean(8, active);
			follow.setTimestamp(9, ts);
			follow.addBatch();
		}

		@Override
		public void tag(long corp, long id, long tagId, String userid, Instant at) throws SQLException {
			tag.setLong(1, corp);
			tag.setLong(2, id);
			tag.setLong(3, tagId);
			tag.setString(4, userid);
			tag.setTimestamp(5, Timestamp.from(at));
			tag.addBatch();
		}

		@Override
		public void event(long corp, long id, String kind, Instant at, String ref, Long amount) throws SQLException {
			event.setLong(1, corp);
			event.setLong(2, id);
			event.setString(3, kind);
			event.setTimestamp(4, Timestamp.from(at));
			event.setString(5, ref);
			if (amount == null) {
				event.setNull(6, java.sql.Types.BIGINT);
			}
			else {
				event.setLong(6, amount);
			}
			event.addBatch();
		}

		@Override
		public void tagArray(long id, String tags) throws SQLException {
			if (array != null) {
				array.setLong(1, id);
				array.setString(2, tags);
				array.addBatch();
			}
		}

		@Override
		public void chunk() throws SQLException {
			customer.executeBatch();
			follow.executeBatch();
			tag.executeBatch();
			event.executeBatch();
			if (array != null) {
				array.executeBatch();
			}
			c.commit();
		}

		@Override
		public void close() throws SQLException {
			chunk();
			c.close();
		}
	}

	/**
	 * PostgreSQL COPY (text format) per table, 100,000 customers per round; a round is copied by a second thread
	 * (customers first, so the other tables' foreign keys find them) while the next one is generated.
	 */
	final class Copy implements SegmentRows {

		private static final int ROUND = 20;

		private final Connection c;

		private final CopyManager copy;

		private final ExecutorService writer = Executors.newSingleThreadExecutor();

		private Future<?> pending;

		private StringBuilder customer = new StringBuilder(), follow = new StringBuilder(), tag = new StringBuilder(),
				event = new StringBuilder(), array = new StringBuilder();

		private int chunks;

		Copy(Connection c) throws SQLException {
			this.c = c;
			c.setAutoCommit(true);
			this.copy = c.unwrap(PGConnection.class).getCopyAPI();
		}

		private static StringBuilder field(StringBuilder b, Object v) {
			return b.append(v == null ? "\\N" : v.toString());
		}

		@Override
		public void customer(long id, long corp, int gender, String stage, Instant added, String state, int activeFollows) {
			customer.append(id).append('\t').append(corp).append("\twmseg").append(id).append('\t').append(name(id))
				.append("\t1\t").append(gender).append('\t').append(stage).append('\t').append(added).append('\t');
			field(customer, state).append('\t').append(activeFollows).append("\tWECOM\t").append(added).append('\t')
				.append(added).append('\n');
		}

		@Override
		public void follow(long corp, long id, String userid, long staffId, long unitId, Instant at, String state,
				boolean active) {
			follow.append(corp).append('\t').append(id).append('\t').append(userid).append('\t').append(staffId).append('\t')
				.append(unitId).append('\t').append(at).append("\t1\t");
			field(follow, state).append('\t').append(active ? 't' : 'f').append('\t').append(at).append('\n');
		}

		@Override
		public void tag(long corp, long id, long tagId, String userid, Instant at) {
			tag.append(corp).append('\t').append(id).append('\t').append(tagId).append('\t').append(userid).append('\t')
				.append(at).append("\tWECOM\n");
		}

		@Override
		public void event(long corp, long id, String kind, Instant at, String ref, Long amount) {
			event.append(corp).append('\t').append(id).append('\t').append(kind).append('\t').append(at).append('\t');
			field(event, ref).append('\t');
			field(event, amount).append('\n');
		}

		@Override
		public void tagArray(long id, String tags) {
			array.append(id).append('\t').append(tags).append('\n');
		}

		@Override
		public void chunk() throws SQLException {
			if (++chunks % ROUND == 0) {
				flush();
			}
		}

		private void flush() throws SQLException {
			String[] round = { customer.toString(), follow.toString(), tag.toString(), event.toString(), array.toString() };
			customer = new StringBuilder(round[0].length() + 1024);
			follow = new StringBuilder(round[1].length() + 1024);
			tag = new StringBuilder(round[2].length() + 1024);
			event = new StringBuilder(round[3].length() + 1024);
			array = new StringBuilder(round[4].length() + 1024);
			await();
			pending = writer.submit(() -> {
				copy("customer (id, corp_id, external_userid, name, type, gender, stage, first_added_at, first_state,"
						+ " active_follows, source, created_at, updated_at)", round[0]);
				copy("customer_follow (corp_id, customer_id, userid, staff_id, unit_id, added_at, add_way, state, active,"
						+ " updated_at)", round[1]);
				copy("customer_tag (corp_id, customer_id, tag_id, userid, tagged_at, source)", round[2]);
				copy("customer_event (corp_id, customer_id, kind, at, ref, amount)", round[3]);
				copy("bench_customer_tags (customer_id, tags)", round[4]);
				return null;
			});
		}

		private void copy(String table, String rows) throws Exception {
			if (!rows.isEmpty()) {
				copy.copyIn("copy " + table + " from stdin", new StringReader(rows));
			}
		}

		private void await() throws SQLException {
			if (pending != null) {
				try {
					pending.get();
				}
				catch (Exception e) {
					throw new SQLException("COPY failed", e);
				}
				pending = null;
			}
		}

		@Override
		public void close() throws SQLException {
			flush();
			await();
			writer.shutdown();
			c.close();
		}
	}
}
