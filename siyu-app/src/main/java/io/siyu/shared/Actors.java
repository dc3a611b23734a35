package io.siyu.shared;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Holds the actor of the current request or job. Web requests bind it in a filter after authentication;
 * jobs and listeners bind a system actor of the corp they work for.
 */
public final class Actors {

	private static final ThreadLocal<Actor> CURRENT = new ThreadLocal<>();

	private Actors() {
	}

	public static Optional<Actor> current() {
		return Optional.ofNullable(CURRENT.get());
	}

	public static Actor require() {
		Actor actor = CURRENT.get();
		if (actor == null) {
			throw new NoTenantException();
		}
		return actor;
	}

	/** The current actor, if their role grants the permission; otherwise 403. */
	public static Actor require(Role.Permission permission) {
		Actor actor = require();
		if (!actor.can(permission)) {
			throw new ForbiddenException("Missing permission " + permission);
		}
		return actor;
	}

	public static <T> T callAs(Actor actor, Supplier<T> work) {
		Actor previous = CURRENT.get();
		CURRENT.set(actor);
		try {
			return work.get();
		}
		finally {
			restore(previous);
		}
	}

	public static void runAs(Actor actor, Runnable work) {
		callAs(actor, () -> {
			work.run();
			return null;
		});
	}

	/** For filters that bind for a whole request; pair with {@link #clear()} in a finally block. */
	public static void bind(Actor actor) {
		CURRENT.set(actor);
	}

	public static void clear() {
		CURRENT.remove();
	}

	private static void restore(Actor previous) {
		if (previous == null) {
			CURRENT.remove();
		}
		else {
			CURRENT.set(previous);
		}
	}
}
