package io.siyu.organization;

import java.security.SecureRandom;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.Auditor;
import io.siyu.shared.SiyuSettings;
import io.siyu.shared.Timestamps;

/**
 * First start: the platform administrator {@code admin} (password from {@code SIYU_ADMIN_PASSWORD}, else generated
 * and printed once) and, with {@code SIYU_BOOTSTRAP_TOKEN}, a full-rights API token on the default corp.
 */
@Component
@Order(20)
class PlatformBootstrap implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(PlatformBootstrap.class);

	private final JdbcClient jdbc;

	private final PasswordEncoder passwords;

	private final SiyuSettings settings;

	private final Corps corps;

	private final ApiTokens tokens;

	private final Auditor auditor;

	private final TransactionTemplate tx;

	private final Clock clock;

	PlatformBootstrap(JdbcClient jdbc, PasswordEncoder passwords, SiyuSettings settings, Corps corps, ApiTokens tokens,
			Auditor auditor, TransactionTemplate tx, Clock clock) {
		this.jdbc = jdbc;
		this.passwords = passwords;
		this.settings = settings;
		this.corps = corps;
		this.tokens = tokens;
		this.auditor = auditor;
		this.tx = tx;
		this.clock = clock;
	}

	@Override
	public void run(ApplicationArguments args) {
		tx.executeWithoutResult(status -> createAdmin());
		if (settings.bootstrapToken() != null && !settings.bootstrapToken().isBlank()) {
			tx.executeWithoutResult(status -> bootstrapToken(settings.bootstrapToken().trim()));
		}
	}

	private void createAdmin() {
		if (jdbc.sql("select count(*) from app_user where username = 'admin'").query(Long.class).single() > 0) {
			return;
		}
		boolean given = settings.adminPassword() != null && !settings.adminPassword().isBlank();
		String password = given ? settings.adminPassword() : generatePassword();
		UserAccounts.requirePassword(password);
		try {
			jdbc.sql("insert into app_user (corp_id, username, display_name, password_hash, role, enabled, created_at)"
					+ " values (null, 'admin', 'Platform administrator', ?, 'PLATFORM_ADMIN', true, ?)")
				.params(passwords.encode(password), Timestamps.of(clock.instant()))
				.update();
		}
		catch (DuplicateKeyException raced) {
			return; // another node created it first
		}
		auditor.record(new Actor(null, 0, "system", Actor.Kind.SYSTEM, io.siyu.shared.Role.PLATFORM_ADMIN, null, null),
				"user.created", "user", "admin", "Created the platform administrator 'admin'");
		if (!given) {
			log.warn("""

					==================================================================
					  Siyu console user 'admin' created with a generated password:
					      {}
					  It is shown only this once. Set SIYU_ADMIN_PASSWORD to choose one.
					==================================================================""", password);
		}
	}

	private void bootstrapToken(String token) {
		long corp = corps.demoCorpId().or(corps::firstActiveCorpId).orElseGet(() -> Actors.callAs(
				Actor.platform(0, "system", null), () -> corps.create("Default", false).id()));
		Actors.runAs(Actor.system(corp), () -> tokens.issueBootstrap(token));
	}

	private static String generatePassword() {
		String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
		SecureRandom random = new SecureRandom();
		StringBuilder password = new StringBuilder();
		for (int i = 0; i < 16; i++) {
			password.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return password.toString();
	}
}
