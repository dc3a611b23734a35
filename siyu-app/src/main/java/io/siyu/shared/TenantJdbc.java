package io.siyu.shared;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/**
 * The one place where tenant and data scope are applied to SQL over tenant data.
 * <ul>
 * <li>{@code :corp} is always bound from the current {@link Actor}, never from a caller; a statement that does
 * not mention {@code :corp} is refused, so a query cannot forget its tenant.</li>
 * <li>Tables registered as scoped (rows owned by an org unit or a staff member) must be filtered with the marker
 * {@code {scope:unitColumn,staffColumn}}, which expands to the actor's data-scope predicate; a statement over a
 * scoped table without the marker is refused.</li>
 * </ul>
 */
@Component
public class TenantJdbc {

	private static final Pattern SCOPE_MARKER = Pattern.compile("\\{scope:([\\w.]+),([\\w.]+|-)}");

	private static final Pattern TABLE_REF = Pattern.compile("\\b(?:from|join|update|into)\\s+([a-z_][a-z0-9_]*)",
			Pattern.CASE_INSENSITIVE);

	/**
	 * Marks a statement over scoped tables that only actors with a corp-wide scope may run (administration);
	 * for anyone else it is refused rather than answered with rows they may not see.
	 */
	public static final String UNSCOPED = "{unscoped}";

	private final NamedParameterJdbcTemplate jdbc;

	private final Set<String> scopedTables = ConcurrentHashMap.newKeySet();

	public TenantJdbc(NamedParameterJdbcTemplate jdbc, List<ScopedTable> scoped) {
		this.jdbc = jdbc;
		scoped.forEach(table -> scopedTables.add(table.name().toLowerCase(Locale.ROOT)));
	}

	/** Rows per round trip of {@link Statement#stream}. */
	public static final int FETCH_SIZE = 10_000;

	private volatile NamedParameterJdbcTemplate streaming;

	private NamedParameterJdbcTemplate streaming() {
		NamedParameterJdbcTemplate s = streaming;
		if (s == null) {
			org.springframework.jdbc.core.JdbcTemplate template = new org.springframework.jdbc.core.JdbcTemplate(
					jdbc.getJdbcTemplate().getDataSource());
			template.setFetchSize(FETCH_SIZE);
			s = new NamedParameterJdbcTemplate(template);
			streaming = s;
		}
		return s;
	}

	public Statement sql(String sql) {
		return new Statement(sql);
	}

	/** Names a table whose rows belong to an org unit or staff member and must be filtered by data scope. */
	public record ScopedTable(String name) {
	}

	public final class Statement {

		private final String template;

		private final Map<String, Object> params = new HashMap<>();

		private Statement(String template) {
			if (!template.contains(":corp")) {
				throw new IllegalArgumentException("Tenant SQL must filter or write by :corp: " + template);
			}
			this.template = template;
		}

		public Statement param(String name, Object value) {
			if (name.equals("corp") || name.startsWith("scope")) {
				throw new IllegalArgumentException(":" + name + " is bound from the current actor only");
			}
			params.put(name, value);
			return this;
		}

		public <T> List<T> list(RowMapper<T> mapper) {
			Bound bound = bind();
			return jdbc.query(bound.sql, bound.params, mapper);
		}

		public <T> Optional<T> optional(RowMapper<T> mapper) {
			List<T> rows = list(mapper);
			return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
		}

		/** Hands the rows to the handler one by one without collecting them. */
		public void forEach(org.springframework.jdbc.core.RowCallbackHandler handler) {
			Bound bound = bind();
			jdbc.query(bound.sql, bound.params, handler);
		}

		/**
		 * As {@link #forEach} for bulk reads (index builds): the driver fetches {@link #FETCH_SIZE} rows at a time.
		 * PostgreSQL's driver does so only inside a transaction (otherwise it reads the whole result into memory
		 * first), so callers run in one.
		 */
		public void stream(org.springframework.jdbc.core.RowCallbackHandler handler) {
			Bound bound = bind();
			streaming().query(bound.sql, bound.params, handler);
		}

		public long count() {
			Bound bound = bind();
			Long n = jdbc.queryForObject(bound.sql, bound.params, Long.class);
			return n == null ? 0 : n;
		}

		public <T> Optional<T> value(Class<T> type) {
			Bound bound = bind();
			List<T> rows = jdbc.queryForList(bound.sql, bound.params, type);
			return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
		}

		public int update() {
			Bound bound = bind();
			return jdbc.update(bound.sql, bound.params);
		}

		/**
		 * Runs the statement once per row in one JDBC batch (row maps hold the named parameters); every row is
		 * bound to the actor's corp and scope like a single statement. Returns the update count per row.
		 */
		public int[] batch(List<Map<String, Object>> rows) {
			if (rows.isEmpty()) {
				return new int[0];
			}
			Bound bound = bind();
			MapSqlParameterSource[] sources = new MapSqlParameterSource[rows.size()];
			for (int i = 0; i < sources.length; i++) {
				Map<String, Object> row = rows.get(i);
				row.keySet().forEach(name -> {
					if (name.equals("corp") || name.startsWith("scope")) {
						throw new IllegalArgumentException(":" + name + " is bound from the current actor only");
					}
				});
				sources[i] = new MapSqlParameterSource(row).addValues(bound.params.getValues());
			}
			return jdbc.batchUpdate(bound.sql, sources);
		}

		public long insert() {
			Bound bound = bind();
			GeneratedKeyHolder keys = new GeneratedKeyHolder();
			jdbc.update(bound.sql, bound.params, keys, new String[] { "id" });
			Number key = keys.getKey();
			if (key == null) {
				throw new IllegalStateException("No generated id for " + template);
			}
			return key.longValue();
		}

		/**
		 * For {@code insert ... on conflict do nothing}: the new row's id in one statement, empty when the row existed
		 * and nothing was inserted.
		 */
		public Optional<Long> insertIfNew() {
			Bound bound = bind();
			GeneratedKeyHolder keys = new GeneratedKeyHolder();
			if (jdbc.update(bound.sql, bound.params, keys, new String[] { "id" }) == 0) {
				return Optional.empty();
			}
			Number key = keys.getKey();
			if (key == null) {
				throw new IllegalStateException("No generated id for " + template);
			}
			return Optional.of(key.longValue());
		}

		private Bound bind() {
			Actor actor = Actors.require();
			MapSqlParameterSource source = new MapSqlParameterSource(params);
			source.addValue("corp", actor.requireCorp());
			String sql = expandScope(actor.scope(), source);
			return new Bound(sql, source);
		}

		private String expandScope(DataScope scope, MapSqlParameterSource source) {
			if (template.contains(UNSCOPED)) {
				if (!(scope instanceof DataScope.WholeCorp)) {
					throw new ForbiddenException("This query is for actors who see the whole corp");
				}
				return template.replace(UNSCOPED, "1=1");
			}
			Matcher marker = SCOPE_MARKER.matcher(template);
			if (!marker.find()) {
				requireNoScopedTable();
				return template;
			}
			String unitColumn = marker.group(1);
			String staffColumn = marker.group(2);
			if (SCOPE_MARKER.matcher(template).results().count() > 1) {
				throw new IllegalArgumentException("One {scope:...} marker per statement: " + template);
			}
			String predicate;
			if (scope instanceof DataScope.Subtree subtree) {
				predicate = subtree(unitColumn, subtree.rootUnitId(), source);
			}
			else if (scope instanceof DataScope.OwnRows own && staffColumn.equals("-")) {
				predicate = subtree(unitColumn, own.unitId(), source);
			}
			else if (scope instanceof DataScope.OwnRows own) {
				source.addValue("scopeStaff", own.staffId());
				predicate = staffColumn + " = :scopeStaff";
			}
			else {
				predicate = "1=1";
			}
			return SCOPE_MARKER.matcher(template).replaceAll(Matcher.quoteReplacement("(" + predicate + ")"));
		}

		private String subtree(String unitColumn, long rootUnitId, MapSqlParameterSource source) {
			source.addValue("scopeUnit", rootUnitId);
			return unitColumn + " in (select su.id from org_unit su join org_unit sr on su.path like sr.path || '%'"
					+ " where sr.id = :scopeUnit and sr.corp_id = :corp and su.corp_id = :corp)";
		}

		private void requireNoScopedTable() {
			Matcher tables = TABLE_REF.matcher(template);
			while (tables.find()) {
				if (scopedTables.contains(tables.group(1).toLowerCase(Locale.ROOT))
						&& !tables.group(0).toLowerCase(Locale.ROOT).startsWith("into")) {
					throw new IllegalArgumentException(
							"SQL over scoped table '" + tables.group(1) + "' must use a {scope:...} marker: " + template);
				}
			}
		}
	}

	private record Bound(String sql, MapSqlParameterSource params) {
	}
}
