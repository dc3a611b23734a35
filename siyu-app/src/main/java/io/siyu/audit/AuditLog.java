package io.siyu.audit;

import java.util.ArrayList;
import java.util.List;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.siyu.shared.Actors;
import io.siyu.shared.AuditEvent;
import io.siyu.shared.Page;
import io.siyu.shared.PageQuery;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;

/**
 * Stores audit events synchronously, in the transaction of the change (a plain event listener, not an async
 * one): the line and the change commit or roll back together.
 */
@Service
public class AuditLog {

	private final JdbcClient jdbc;

	private final TenantJdbc tenant;

	AuditLog(JdbcClient jdbc, TenantJdbc tenant) {
		this.jdbc = jdbc;
		this.tenant = tenant;
	}

	@EventListener
	void on(AuditEvent event) {
		jdbc.sql("insert into audit_log (corp_id, actor, actor_kind, action, target_type, target_id, summary, at)"
				+ " values (?, ?, ?, ?, ?, ?, ?, ?)")
			.params(event.corpId(), event.actor(), event.actorKind().name(), event.action(), event.targetType(),
					event.targetId(), truncate(event.summary()), Timestamps.of(event.at()))
			.update();
	}

	public Page<AuditEntry> search(AuditFilter filter, PageQuery page) {
		Actors.require(Permission.AUDIT_READ);
		List<String> conditions = new ArrayList<>();
		if (filter.actor() != null && !filter.actor().isBlank()) {
			conditions.add("lower(actor) like :actor");
		}
		if (filter.action() != null && !filter.action().isBlank()) {
			conditions.add("action like :action");
		}
		if (filter.targetType() != null && !filter.targetType().isBlank()) {
			conditions.add("target_type = :targetType");
		}
		if (filter.from() != null) {
			conditions.add("at >= :from");
		}
		if (filter.to() != null) {
			conditions.add("at < :to");
		}
		String where = " from audit_log where corp_id = :corp" + conditions.stream().map(c -> " and " + c)
			.reduce("", String::concat);
		long total = bind(tenant.sql("select count(*)" + where), filter).count();
		List<AuditEntry> items = bind(tenant.sql("select id, actor, actor_kind, action, target_type, target_id, summary, at"
				+ where + " order by at desc, id desc limit :limit offset :offset"), filter)
			.param("limit", page.size())
			.param("offset", page.offset())
			.list((rs, i) -> new AuditEntry(rs.getLong("id"), rs.getString("actor"), rs.getString("actor_kind"),
					rs.getString("action"), rs.getString("target_type"), rs.getString("target_id"),
					rs.getString("summary"), Timestamps.get(rs, "at")));
		return page.with(items, total);
	}

	private static TenantJdbc.Statement bind(TenantJdbc.Statement statement, AuditFilter filter) {
		if (filter.actor() != null && !filter.actor().isBlank()) {
			statement.param("actor", "%" + filter.actor().trim().toLowerCase() + "%");
		}
		if (filter.action() != null && !filter.action().isBlank()) {
			statement.param("action", filter.action().trim() + "%");
		}
		if (filter.targetType() != null && !filter.targetType().isBlank()) {
			statement.param("targetType", filter.targetType().trim());
		}
		if (filter.from() != null) {
			statement.param("from", Timestamps.of(filter.from()));
		}
		if (filter.to() != null) {
			statement.param("to", Timestamps.of(filter.to()));
		}
		return statement;
	}

	private static String truncate(String summary) {
		return summary.length() <= 1000 ? summary : summary.substring(0, 997) + "...";
	}
}
