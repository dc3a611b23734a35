package io.siyu.acquisition;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.siyu.organization.StaffChanged;
import io.siyu.organization.StaffDirectory;
import io.siyu.organization.StaffPlacement;
import io.siyu.shared.Actors;
import io.siyu.shared.TenantJdbc;

/**
 * Which welcome an add gets — the code's (when active and set), else the member's default, else the corp's — and the
 * member's name for {@code {staff}}. Read per add on the welcome path, so both are kept in memory: code welcomes and
 * defaults for {@link #CONTENT_TTL}, forgotten at once (and again after commit) when a code or a default welcome of
 * the corp is written on this node, staff names for {@link #NAME_TTL}, forgotten on {@link StaffChanged}. The TTLs bound
 * how long another node (or a write path that does not announce itself) can serve an old welcome.
 */
@Component
class WelcomeChoice {

	static final Duration CONTENT_TTL = Duration.ofSeconds(10);

	static final Duration NAME_TTL = Duration.ofSeconds(60);

	/** Far below what one corp can have; a full map is cleared rather than grown. */
	private static final int MAX_ENTRIES = 50_000;

	private final TenantJdbc jdbc;

	private final CodeStore store;

	private final StaffDirectory staff;

	private final ConcurrentMap<Key, Timed<Optional<CodeWelcome>>> codes = new ConcurrentHashMap<>();

	private final ConcurrentMap<Key, Timed<Optional<Welcome.Stored>>> defaults = new ConcurrentHashMap<>();

	private final ConcurrentMap<Key, Timed<Optional<String>>> names = new ConcurrentHashMap<>();

	WelcomeChoice(TenantJdbc jdbc, CodeStore store, StaffDirectory staff) {
		this.jdbc = jdbc;
		this.store = store;
		this.staff = staff;
	}

	/** The welcome chosen for an add by {@code userid} through the code of {@code state}; empty when there is none. */
	Optional<Chosen> choose(String state, String userid) {
		long corp = Actors.require().requireCorp();
		Optional<CodeWelcome> code = state == null || state.isBlank() ? Optional.empty()
				: cached(codes, new Key(corp, state), CONTENT_TTL, () -> store.byState(state)
					.map(r -> new CodeWelcome(r.id(), r.status() == CodeStatus.ACTIVE && r.welcome() != null
							? Welcome.Stored.of(r.welcome()) : null)));
		Long codeId = code.map(CodeWelcome::id).orElse(null);
		if (code.isPresent() && code.get().welcome() != null) {
			return Optional.of(new Chosen(codeId, "CODE", code.get().welcome()));
		}
		Optional<Welcome.Stored> member = defaultFor(corp, userid);
		if (member.isPresent()) {
			return Optional.of(new Chosen(codeId, "STAFF", member.get()));
		}
		return defaultFor(corp, "").map(w -> new Chosen(codeId, "CORP", w));
	}

	/** The member's name for the welcome text; null when Siyu does not know the member. */
	String staffName(String userid) {
		long corp = Actors.require().requireCorp();
		return cached(names, new Key(corp, userid), NAME_TTL, () -> Optional
			.ofNullable(staff.placements(List.of(userid)).get(userid))
			.map(StaffPlacement::name)).orElse(null);
	}

	private Optional<Welcome.Stored> defaultFor(long corp, String userid) {
		String key = userid == null ? "" : userid;
		return cached(defaults, new Key(corp, key), CONTENT_TTL,
				() -> jdbc.sql("select content from acq_default_welcome where corp_id = :corp and userid = :u")
					.param("u", key)
					.value(String.class)
					.map(Welcome.Stored::of));
	}

	/**
	 * A code or default welcome of the corp was written: forgotten now, and once more after the writing transaction
	 * commits (a welcome read between the two would otherwise keep the old row).
	 */
	void forget(long corpId) {
		forgetNow(corpId);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					forgetNow(corpId);
				}
			});
		}
	}

	@EventListener
	void on(StaffChanged changed) {
		names.remove(new Key(changed.corpId(), changed.userid()));
	}

	private void forgetNow(long corpId) {
		codes.keySet().removeIf(k -> k.corpId() == corpId);
		defaults.keySet().removeIf(k -> k.corpId() == corpId);
	}

	private static <T> T cached(ConcurrentMap<Key, Timed<T>> map, Key key, Duration ttl, java.util.function.Supplier<T> load) {
		long now = System.nanoTime();
		Timed<T> hit = map.get(key);
		if (hit != null && now - hit.loadedAt() < ttl.toNanos()) {
			return hit.value();
		}
		T value = load.get();
		if (map.size() >= MAX_ENTRIES) {
			map.clear();
		}
		map.put(key, new Timed<>(value, now));
		return value;
	}

	/** The welcome to store for an add: its code (null without one), where it came from, the content. */
	record Chosen(Long codeId, String source, Welcome.Stored welcome) {
	}

	private record CodeWelcome(long id, Welcome.Stored welcome) {
	}

	private record Key(long corpId, String key) {
	}

	private record Timed<T>(T value, long loadedAt) {
	}
}
