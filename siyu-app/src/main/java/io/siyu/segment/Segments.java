package io.siyu.segment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.siyu.customer.CustomFields;
import io.siyu.customer.CustomerSummary;
import io.siyu.customer.Customers;
import io.siyu.organization.OrgUnits;
import io.siyu.organization.StaffDirectory;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.AfterCommit;
import io.siyu.shared.Auditor;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.ConflictException;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.Page;
import io.siyu.shared.PageQuery;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;
import io.siyu.tagging.TagCatalog;
import tools.jackson.databind.JsonNode;

/**
 * Segments of a corp: preview a condition (text or JSON), and saved segments — dynamic (membership follows the data)
 * or static (a snapshot of the whole corp's matching customers, taken when saved). Anyone who reads customers may
 * preview and list (counts within their own data scope); designing segments needs {@code TAGS_MANAGE} (HQ operations).
 */
@Service
public class Segments {

	private final SegmentEngine engine;

	private final CorpIndexes indexes;

	private final TenantJdbc jdbc;

	private final Customers customers;

	private final TagCatalog catalog;

	private final CustomFields fields;

	private final OrgUnits units;

	private final StaffDirectory staff;

	private final Auditor auditor;

	private final SegmentSettings settings;

	private final Clock clock;

	Segments(SegmentEngine engine, CorpIndexes indexes, TenantJdbc jdbc, Customers customers, TagCatalog catalog, CustomFields fields,
			OrgUnits units, StaffDirectory staff, Auditor auditor, SegmentSettings settings, Clock clock) {
		this.engine = engine;
		this.indexes = indexes;
		this.jdbc = jdbc;
		this.customers = customers;
		this.catalog = catalog;
		this.fields = fields;
		this.units = units;
		this.staff = staff;
		this.auditor = auditor;
		this.settings = settings;
		this.clock = clock;
	}

	/** The names of the current actor's corp, for reading and printing conditions. */
	public Vocabulary vocabulary() {
		return new CorpVocabulary(catalog, fields, units, staff, jdbc);
	}

	/** Reads a condition in either form: JSON when it starts with '{', else text. */
	public Expr read(String expression) {
		Actors.require(Permission.CUSTOMERS_READ);
		if (expression != null && expression.strip().startsWith("{")) {
			return SegmentJson.read(expression, vocabulary());
		}
		return SegmentParser.parse(expression, vocabulary());
	}

	public Expr read(JsonNode json) {
		Actors.require(Permission.CUSTOMERS_READ);
		return SegmentJson.read(json, vocabulary());
	}

	public String text(Expr expr) {
		return SegmentPrinter.print(expr, vocabulary());
	}

	public Preview preview(Expr expr) {
		return preview(expr, settings.sampleSize());
	}

	public Preview preview(Expr expr, int sampleSize) {
		SegmentEngine.Result result = engine.run(expr, Math.max(0, Math.min(sampleSize, 100)));
		List<CustomerSummary> sample = customers.summaries(result.ids());
		return new Preview(result.count(), sample, text(expr), SegmentJson.node(expr), result.millis());
	}

	public SegmentEngine.IndexStats stats() {
		return engine.stats();
	}

	public Page<SegmentView> list(String q, PageQuery page) {
		Actors.require(Permission.CUSTOMERS_READ);
		String where = " from segment s where s.corp_id = :corp" + (q == null || q.isBlank() ? "" : " and lower(s.name) like :q");
		TenantJdbc.Statement count = jdbc.sql("select count(*)" + where);
		TenantJdbc.Statement rows = jdbc.sql("select " + COLUMNS + where + " order by s.id desc limit :limit offset :offset")
			.param("limit", page.size())
			.param("offset", page.offset());
		if (q != null && !q.isBlank()) {
			count.param("q", "%" + q.strip().toLowerCase() + "%");
			rows.param("q", "%" + q.strip().toLowerCase() + "%");
		}
		long total = count.count();
		Vocabulary vocabulary = vocabulary();
		List<SegmentView> items = rows.list(Segments::row).stream().map(r -> view(r, vocabulary)).toList();
		return new Page<>(items, page.page(), page.size(), total);
	}

	public SegmentView get(long id) {
		Actors.require(Permission.CUSTOMERS_READ);
		return view(find(id), vocabulary());
	}

	/** Members within the viewer's scope, in id order of the engine (static: the snapshot). */
	public Page<CustomerSummary> members(long id, PageQuery page) {
		find(id);
		SegmentEngine.Result result = engine.savedMembers(id, (int) page.offset(), page.size());
		return new Page<>(customers.summaries(result.ids()), page.page(), page.size(), result.count());
	}

	@Transactional
	public SegmentView create(String name, String kind, Expr expr) {
		Actor actor = Actors.require(Permission.TAGS_MANAGE);
		String cleanName = name(name);
		boolean dynamic = kind(kind);
		Instant now = clock.instant();
		long id;
		try {
			id = jdbc.sql("insert into segment (corp_id, name, kind, expression, created_by, created_at, updated_at)"
					+ " values (:corp, :name, :kind, :expression, :by, :now, :now)")
				.param("name", cleanName)
				.param("kind", dynamic ? "DYNAMIC" : "STATIC")
				.param("expression", SegmentJson.write(expr))
				.param("by", actor.principal())
				.param("now", Timestamps.of(now))
				.insert();
		}
		catch (DuplicateKeyException e) {
			throw new ConflictException("A segment named \"" + cleanName + "\" exists already");
		}
		requireNoCycle(id, expr);
		store(id, dynamic, expr, now);
		auditor.record("segment.created", "segment", id, "Created segment " + cleanName);
		return get(id);
	}

	@Transactional
	public SegmentView update(long id, String name, Expr expr) {
		Actors.require(Permission.TAGS_MANAGE);
		Row row = find(id);
		String cleanName = name == null ? row.name : name(name);
		Expr newExpr = expr == null ? SegmentJson.read(row.expression, StoredVocabulary.of(jdbc)) : expr;
		requireNoCycle(id, newExpr);
		try {
			jdbc.sql("update segment set name = :name, expression = :expression, updated_at = :now where id = :id"
					+ " and corp_id = :corp")
				.param("id", id)
				.param("name", cleanName)
				.param("expression", SegmentJson.write(newExpr))
				.param("now", Timestamps.of(clock.instant()))
				.update();
		}
		catch (DuplicateKeyException e) {
			throw new ConflictException("A segment named \"" + cleanName + "\" exists already");
		}
		store(id, row.kind.equals("DYNAMIC"), newExpr, clock.instant());
		auditor.record("segment.updated", "segment", id, "Changed segment " + cleanName);
		return get(id);
	}

	@Transactional
	public void delete(long id) {
		Actors.require(Permission.TAGS_MANAGE);
		Row row = find(id);
		Vocabulary stored = StoredVocabulary.of(jdbc);
		for (Row other : jdbc.sql("select " + COLUMNS + " from segment s where s.corp_id = :corp and s.id <> :id")
			.param("id", id).list(Segments::row)) {
			if (references(SegmentJson.read(other.expression, stored)).contains(id)) {
				throw new ConflictException("Segment \"" + other.name + "\" uses this segment");
			}
		}
		jdbc.sql("delete from segment_member where corp_id = :corp and segment_id = :id").param("id", id).update();
		jdbc.sql("delete from segment where corp_id = :corp and id = :id").param("id", id).update();
		long corp = Actors.require().requireCorp();
		AfterCommit.run(() -> indexes.removed(corp, id));
		auditor.record("segment.deleted", "segment", id, "Deleted segment " + row.name);
	}

	/** Static: snapshot the whole corp's members now; dynamic: hand the condition to the engine after commit. */
	private void store(long id, boolean dynamic, Expr expr, Instant now) {
		long corp = Actors.require().requireCorp();
		List<Long> snapshot = List.of();
		if (!dynamic) {
			snapshot = engine.allMembers(corp, expr);
			jdbc.sql("delete from segment_member where corp_id = :corp and segment_id = :id").param("id", id).update();
			List<Map<String, Object>> rows = new ArrayList<>(snapshot.size());
			for (Long customer : snapshot) {
				Map<String, Object> r = new HashMap<>();
				r.put("segment", id);
				r.put("customer", customer);
				rows.add(r);
			}
			for (int from = 0; from < rows.size(); from += 5000) {
				jdbc.sql("insert into segment_member (corp_id, segment_id, customer_id) values (:corp, :segment, :customer)")
					.batch(rows.subList(from, Math.min(rows.size(), from + 5000)));
			}
			jdbc.sql("update segment set members = :n, snapshot_at = :now where id = :id and corp_id = :corp")
				.param("n", snapshot.size())
				.param("now", Timestamps.of(now))
				.param("id", id)
				.update();
		}
		// known to the engine at once (the creating request shows its count); forgotten again if the transaction fails
		indexes.saved(corp, id, dynamic, expr, snapshot);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					if (status != STATUS_COMMITTED) {
						indexes.forget(corp);
					}
				}
			});
		}
	}

	private void requireNoCycle(long id, Expr expr) {
		Vocabulary stored = StoredVocabulary.of(jdbc);
		Map<Long, Expr> all = new HashMap<>();
		jdbc.sql("select " + COLUMNS + " from segment s where s.corp_id = :corp").list(Segments::row)
			.forEach(r -> all.put(r.id, SegmentJson.read(r.expression, stored)));
		all.put(id, expr);
		Set<Long> seen = new HashSet<>();
		List<Long> todo = new ArrayList<>(references(expr));
		while (!todo.isEmpty()) {
			long next = todo.remove(todo.size() - 1);
			if (next == id) {
				throw new BadRequestException("error.segment.cycle", "A segment cannot include itself, directly or through others");
			}
			if (seen.add(next) && all.containsKey(next)) {
				todo.addAll(references(all.get(next)));
			}
		}
	}

	static Set<Long> references(Expr e) {
		Set<Long> ids = new HashSet<>();
		collect(e, ids);
		return ids;
	}

	private static void collect(Expr e, Set<Long> ids) {
		if (e instanceof Expr.And and) {
			and.items().forEach(i -> collect(i, ids));
		}
		else if (e instanceof Expr.Or or) {
			or.items().forEach(i -> collect(i, ids));
		}
		else if (e instanceof Expr.Not not) {
			collect(not.item(), ids);
		}
		else if (e instanceof Expr.InSegment s) {
			ids.add(s.segmentId());
		}
	}

	private SegmentView view(Row r, Vocabulary vocabulary) {
		Expr expr = SegmentJson.read(r.expression, StoredVocabulary.of(jdbc));
		long count = r.kind.equals("DYNAMIC") ? engine.count(expr) : engine.savedMembers(r.id, 0, 0).count();
		return new SegmentView(r.id, r.name, r.kind, SegmentPrinter.print(expr, vocabulary), SegmentJson.node(expr), count,
				r.snapshotAt, r.createdBy, r.createdAt, r.updatedAt);
	}

	private Row find(long id) {
		Actors.require(Permission.CUSTOMERS_READ);
		return jdbc.sql("select " + COLUMNS + " from segment s where s.id = :id and s.corp_id = :corp").param("id", id)
			.optional(Segments::row)
			.orElseThrow(() -> new NotFoundException("Segment " + id + " not found"));
	}

	private static String name(String name) {
		if (name == null || name.isBlank() || name.strip().length() > 100) {
			throw new BadRequestException("error.segment.name", "A segment name is 1–100 characters");
		}
		return name.strip();
	}

	private static boolean kind(String kind) {
		if (kind == null || kind.equalsIgnoreCase("DYNAMIC")) {
			return true;
		}
		if (kind.equalsIgnoreCase("STATIC")) {
			return false;
		}
		throw new BadRequestException("error.segment.kind", "A segment is DYNAMIC or STATIC");
	}

	private static final String COLUMNS = "s.id, s.name, s.kind, s.expression, s.snapshot_at, s.created_by, s.created_at,"
			+ " s.updated_at";

	private static Row row(ResultSet rs, int i) throws SQLException {
		return new Row(rs.getLong("id"), rs.getString("name"), rs.getString("kind"), rs.getString("expression"),
				Timestamps.get(rs, "snapshot_at"), rs.getString("created_by"), Timestamps.get(rs, "created_at"),
				Timestamps.get(rs, "updated_at"));
	}

	private record Row(long id, String name, String kind, String expression, Instant snapshotAt, String createdBy,
			Instant createdAt, Instant updatedAt) {
	}
}
