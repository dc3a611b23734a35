package io.siyu.shared;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The tenant layer refuses statements that could leak data, before any SQL reaches a database. */
class TenantJdbcRulesTest {

	final TenantJdbc jdbc = new TenantJdbc(
			new NamedParameterJdbcTemplate(new DriverManagerDataSource("jdbc:h2:mem:rules")),
			List.of(new TenantJdbc.ScopedTable("staff")));

	@Test
	void refusesStatementsWithoutTheCorp() {
		assertThatThrownBy(() -> jdbc.sql("select * from persona where id = :id"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining(":corp");
	}

	@Test
	void refusesCorpOrScopeFromCallers() {
		assertThatThrownBy(() -> jdbc.sql("select * from persona where corp_id = :corp").param("corp", 2L))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> jdbc.sql("select * from persona where corp_id = :corp").param("scopeUnit", 2L))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void refusesScopedTablesWithoutAScopeMarker() {
		Actor actor = new Actor(1L, 1, "a", Actor.Kind.USER, Role.CORP_ADMIN, null, null);
		assertThatThrownBy(() -> Actors.runAs(actor,
				() -> jdbc.sql("select count(*) from staff s where s.corp_id = :corp").count()))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("scope");
	}

	@Test
	void refusesTenantDataWithNoActor() {
		assertThatThrownBy(() -> jdbc.sql("select count(*) from persona where corp_id = :corp").count())
			.isInstanceOf(NoTenantException.class);
	}

	@Test
	void refusesCorpWideQueriesForScopedActors() {
		Actor store = new Actor(1L, 1, "s", Actor.Kind.USER, Role.STORE_MANAGER, 3L, null);
		assertThatThrownBy(() -> Actors.runAs(store,
				() -> jdbc.sql("select count(*) from app_user where corp_id = :corp and {unscoped}").count()))
			.isInstanceOf(ForbiddenException.class);
	}
}
