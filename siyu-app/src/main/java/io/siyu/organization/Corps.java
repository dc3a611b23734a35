package io.siyu.organization;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.Auditor;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.ConflictException;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.SecretBox;
import io.siyu.shared.Timestamps;

/**
 * Corps (tenants) and their WeCom settings. The corp table is the tenant registry itself, so it is read
 * directly here; every corp-owned table goes through TenantJdbc.
 */
@Service
public class Corps {

	private static final String SELECT = "select id, name, wecom_corp_id, agent_id, secret_enc, callback_token_enc,"
			+ " aes_key_enc, api_base_url, demo, active, created_at from corp";

	private final JdbcClient jdbc;

	private final SecretBox secrets;

	private final OrgUnits units;

	private final Auditor auditor;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	Corps(JdbcClient jdbc, SecretBox secrets, OrgUnits units, Auditor auditor, Clock clock,
			ApplicationEventPublisher events) {
		this.events = events;
		this.jdbc = jdbc;
		this.secrets = secrets;
		this.units = units;
		this.auditor = auditor;
		this.clock = clock;
	}

	public List<CorpView> list() {
		Actors.require(Permission.CORPS_MANAGE);
		return jdbc.sql(SELECT + " order by id").query(this::map).list();
	}

	public CorpView get(long id) {
		Actor actor = Actors.require();
		if (!actor.can(Permission.CORPS_MANAGE) && !Long.valueOf(id).equals(actor.corpId())) {
			throw new NotFoundException("Corp " + id + " not found");
		}
		return find(id).orElseThrow(() -> new NotFoundException("Corp " + id + " not found"));
	}

	/** The corp of the current actor. */
	public CorpView current() {
		return get(Actors.require().requireCorp());
	}

	Optional<CorpView> find(long id) {
		return jdbc.sql(SELECT + " where id = ?").param(id).query(this::map).optional();
	}

	/** The name of a corp, for page headers; no permission needed to know the name of one's own corp. */
	public Optional<String> nameOf(long id) {
		return jdbc.sql("select name from corp where id = ?").param(id).query(String.class).optional();
	}

	public boolean any() {
		return jdbc.sql("select count(*) from corp").query(Long.class).single() > 0;
	}

	public Optional<Long> firstActiveCorpId() {
		return jdbc.sql("select min(id) from corp where active = true").query(Long.class).optional();
	}

	public Optional<Long> demoCorpId() {
		return jdbc.sql("select min(id) from corp where demo = true").query(Long.class).optional();
	}

	/** A platform administrator creates a corp; it starts with its HQ unit. */
	@Transactional
	public CorpView create(String name, boolean demo) {
		Actor actor = Actors.require(Permission.CORPS_MANAGE);
		if (name == null || name.isBlank() || name.trim().length() > 100) {
			throw new BadRequestException("error.corp.name", "A corp name is 1–100 characters");
		}
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		jdbc.sql("insert into corp (name, demo, active, created_at) values (?, ?, true, ?)")
			.params(name.trim(), demo, Timestamps.of(clock.instant()))
			.update(keys, "id");
		long id = keys.getKey().longValue();
		Actors.runAs(Actor.system(id), () -> units.create(null, name.trim() + " HQ", OrgUnitKind.HQ));
		auditor.record(actor.inCorp(id), "corp.created", "corp", id, "Created corp '" + name.trim() + "'");
		return find(id).orElseThrow();
	}

	@Transactional
	public CorpView updateWeComSettings(WeComSettingsChange change) {
		Actor actor = Actors.require(Permission.SETTINGS_MANAGE);
		long corp = actor.requireCorp();
		validate(change);
		CorpView before = current();
		try {
			jdbc.sql("update corp set wecom_corp_id = ?, agent_id = ?, api_base_url = ?,"
					+ " secret_enc = coalesce(?, secret_enc), callback_token_enc = coalesce(?, callback_token_enc),"
					+ " aes_key_enc = coalesce(?, aes_key_enc) where id = ?")
				.params(blankToNull(change.wecomCorpId()), change.agentId(), blankToNull(change.apiBaseUrl()),
						secrets.encrypt(blankToNull(change.secret())), secrets.encrypt(blankToNull(change.callbackToken())),
						secrets.encrypt(blankToNull(change.aesKey())), corp)
				.update();
		}
		catch (DuplicateKeyException e) {
			throw new ConflictException("error.corp.wecomTaken", "Another corp is already connected to WeCom corp id " + change.wecomCorpId(), change.wecomCorpId());
		}
		events.publishEvent(new WeComSettingsChanged(corp));
		auditor.record("corp.wecom-settings.updated", "corp", corp,
				"WeCom settings: corp id " + before.wecomCorpId() + " → " + change.wecomCorpId()
						+ (blankToNull(change.secret()) != null ? ", secret replaced" : "")
						+ (blankToNull(change.callbackToken()) != null ? ", callback token replaced" : "")
						+ (blankToNull(change.aesKey()) != null ? ", EncodingAESKey replaced" : ""));
		return current();
	}

	/** A deactivated corp keeps its data, but its users cannot sign in, its tokens stop working and WeCom is ignored. */
	@Transactional
	public CorpView setActive(long id, boolean active) {
		Actor actor = Actors.require(Permission.CORPS_MANAGE);
		CorpView corp = find(id).orElseThrow(() -> new NotFoundException("Corp " + id + " not found"));
		jdbc.sql("update corp set active = ? where id = ?").params(active, id).update();
		events.publishEvent(new WeComSettingsChanged(id));
		auditor.record(actor.inCorp(id), active ? "corp.activated" : "corp.deactivated", "corp", id,
				(active ? "Activated" : "Deactivated") + " corp '" + corp.name() + "'");
		return find(id).orElseThrow();
	}

	@Transactional
	public CorpView rename(String name) {
		Actor actor = Actors.require(Permission.SETTINGS_MANAGE);
		if (name == null || name.isBlank() || name.trim().length() > 100) {
			throw new BadRequestException("error.corp.name", "A corp name is 1–100 characters");
		}
		jdbc.sql("update corp set name = ? where id = ?").params(name.trim(), actor.requireCorp()).update();
		auditor.record("corp.renamed", "corp", actor.corpId(), "Renamed to '" + name.trim() + "'");
		return current();
	}

	/** For the wecom module: clear credentials of a corp. System use only; never shown. */
	public Optional<WeComCredentials> credentials(long corpId) {
		return jdbc.sql("select id, wecom_corp_id, agent_id, secret_enc, callback_token_enc, aes_key_enc, api_base_url"
				+ " from corp where id = ? and active = true and wecom_corp_id is not null")
			.param(corpId)
			.query((rs, i) -> new WeComCredentials(rs.getLong("id"), rs.getString("wecom_corp_id"),
					(Integer) rs.getObject("agent_id"), secrets.decrypt(rs.getString("secret_enc")),
					secrets.decrypt(rs.getString("callback_token_enc")), secrets.decrypt(rs.getString("aes_key_enc")),
					rs.getString("api_base_url")))
			.optional();
	}

	/** Resolves a WeCom corp id (as in a callback URL) to the Siyu corp; empty for unknown tenants. */
	public Optional<Long> byWeComCorpId(String wecomCorpId) {
		return jdbc.sql("select id from corp where wecom_corp_id = ? and active = true")
			.param(wecomCorpId)
			.query(Long.class)
			.optional();
	}

	private static void validate(WeComSettingsChange change) {
		if (change.wecomCorpId() == null || !change.wecomCorpId().matches("[A-Za-z0-9_\\-]{1,64}")) {
			throw new BadRequestException("error.corp.wecomId", "The WeCom corp id is 1–64 letters, digits, _ or -");
		}
		if (change.agentId() != null && change.agentId() <= 0) {
			throw new BadRequestException("error.corp.agentId", "The agent id is a positive number");
		}
		String token = blankToNull(change.callbackToken());
		if (token != null && !token.matches("[A-Za-z0-9]{1,32}")) {
			throw new BadRequestException("error.corp.token", "The callback token is 1–32 letters or digits");
		}
		String key = blankToNull(change.aesKey());
		if (key != null && !key.matches("[A-Za-z0-9]{43}")) {
			throw new BadRequestException("error.corp.aesKey", "The EncodingAESKey is exactly 43 letters or digits");
		}
		String url = blankToNull(change.apiBaseUrl());
		if (url != null && !url.matches("https?://[A-Za-z0-9.\\-]+(:\\d{1,5})?(/\\S*)?")) {
			throw new BadRequestException("error.corp.baseUrl", "The API base URL is an http(s) URL, e.g. https://qyapi.weixin.qq.com");
		}
		if (change.secret() != null && change.secret().length() > 200) {
			throw new BadRequestException("error.corp.secret", "The secret is at most 200 characters");
		}
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value.trim();
	}

	private CorpView map(ResultSet rs, int row) throws SQLException {
		return new CorpView(rs.getLong("id"), rs.getString("name"), rs.getString("wecom_corp_id"),
				(Integer) rs.getObject("agent_id"), SecretBox.mask(secrets.decrypt(rs.getString("secret_enc"))),
				SecretBox.mask(secrets.decrypt(rs.getString("callback_token_enc"))),
				SecretBox.mask(secrets.decrypt(rs.getString("aes_key_enc"))), rs.getString("api_base_url"),
				rs.getBoolean("demo"), rs.getBoolean("active"), Timestamps.get(rs, "created_at"));
	}
}
