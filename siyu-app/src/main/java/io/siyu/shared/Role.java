package io.siyu.shared;

import java.util.EnumSet;
import java.util.Set;

/** Console and API roles. What a role may do is a set of permissions; what it may see is its data scope. */
public enum Role {
	PLATFORM_ADMIN(EnumSet.allOf(Permission.class)),
	CORP_ADMIN(EnumSet.complementOf(EnumSet.of(Permission.CORPS_MANAGE))),
	OPERATOR(EnumSet.of(Permission.ORG_READ, Permission.ORG_WRITE, Permission.STAFF_READ, Permission.STAFF_WRITE,
			Permission.CUSTOMERS_READ, Permission.CUSTOMERS_WRITE, Permission.CUSTOMER_PHONE_READ, Permission.TAGS_MANAGE,
			Permission.CUSTOMERS_EXPORT)),
	REGION_MANAGER(EnumSet.of(Permission.ORG_READ, Permission.STAFF_READ, Permission.STAFF_WRITE,
			Permission.CUSTOMERS_READ, Permission.CUSTOMERS_WRITE, Permission.CUSTOMERS_EXPORT)),
	STORE_MANAGER(EnumSet.of(Permission.ORG_READ, Permission.STAFF_READ, Permission.STAFF_WRITE,
			Permission.CUSTOMERS_READ, Permission.CUSTOMERS_WRITE, Permission.CUSTOMERS_EXPORT)),
	GUIDE(EnumSet.of(Permission.ORG_READ, Permission.STAFF_READ, Permission.CUSTOMERS_READ, Permission.CUSTOMERS_WRITE));

	private final Set<Permission> permissions;

	Role(Set<Permission> permissions) {
		this.permissions = permissions;
	}

	public Set<Permission> permissions() {
		return permissions;
	}

	public boolean can(Permission permission) {
		return permissions.contains(permission);
	}

	/** Corp-wide roles see every row of their corp; the others are limited to an org subtree or to themselves. */
	public boolean isCorpWide() {
		return this == PLATFORM_ADMIN || this == CORP_ADMIN || this == OPERATOR;
	}

	/** Roles a user of this role may hand out: never above one's own. */
	public boolean mayGrant(Role other) {
		return switch (this) {
			case PLATFORM_ADMIN -> true;
			case CORP_ADMIN -> other != PLATFORM_ADMIN;
			default -> false;
		};
	}

	public enum Permission {
		ORG_READ, ORG_WRITE, STAFF_READ, STAFF_WRITE, USERS_MANAGE, AUDIT_READ, SETTINGS_MANAGE, TOKENS_MANAGE,
		CORPS_MANAGE, CUSTOMERS_READ, CUSTOMERS_WRITE, CUSTOMER_PHONE_READ, TAGS_MANAGE, CUSTOMERS_EXPORT;

		public String authority() {
			return "PERM_" + name();
		}
	}
}
