package io.siyu.shared.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every capability of the product, as the console's navigation shows it. A capability not built yet has no
 * page of its own: its entry leads to a plain "not built yet" page (never to fake data).
 */
public final class Capabilities {

	/** A navigation entry: message key, link, capability number in docs/product.md, built or not. */
	public record Entry(String key, String href, int capability, boolean built, String permission) {
	}

	public record Section(String key, List<Entry> entries) {
	}

	private static final List<Section> SECTIONS = List.of(
			new Section("nav.section.home", List.of(built("nav.dashboard", "/console", 12, null))),
			new Section("nav.section.acquisition", List.of(built("nav.channelCodes", "/console/codes/channel", 3, "CUSTOMERS_READ"),
					built("nav.storeCodes", "/console/codes/store", 3, "CUSTOMERS_READ"),
					built("nav.parcelCodes", "/console/codes/parcel", 3, "CUSTOMERS_READ"), built("nav.groupCodes", "/console/group-codes", 3, "CUSTOMERS_READ"),
					built("nav.acquisitionLinks", "/console/codes/link", 3, "CUSTOMERS_READ"))),
			new Section("nav.section.customers", List.of(built("nav.customers", "/console/customers", 4, "CUSTOMERS_READ"),
					built("nav.lostCustomers", "/console/lost-customers", 4, "CUSTOMERS_READ"),
					built("nav.transfers", "/console/transfers", 2, "STAFF_WRITE"), built("nav.tags", "/console/tags", 5, "CUSTOMERS_READ"),
					built("nav.groups", "/console/groups", 4, "CUSTOMERS_READ"), built("nav.segments", "/console/segments", 6, "CUSTOMERS_READ"))),
			new Section("nav.section.engagement", List.of(soon("nav.materials", 7), soon("nav.massSend", 7),
					soon("nav.moments", 7), soon("nav.sensitiveWords", 7), soon("nav.sops", 8), soon("nav.tasks", 8))),
			new Section("nav.section.growth", List.of(soon("nav.points", 9), soon("nav.coupons", 9),
					soon("nav.campaigns", 10), soon("nav.orders", 11), soon("nav.analytics", 12))),
			new Section("nav.section.organization", List.of(built("nav.org", "/console/org", 2, "ORG_READ"),
					built("nav.staff", "/console/staff", 2, "STAFF_READ"),
					built("nav.personas", "/console/personas", 2, "STAFF_READ"),
					built("nav.users", "/console/users", 13, "USERS_MANAGE"))),
			new Section("nav.section.platform", List.of(built("nav.wecom", "/console/wecom", 1, "SETTINGS_MANAGE"),
					built("nav.settings", "/console/settings", 13, "SETTINGS_MANAGE"),
					built("nav.audit", "/console/audit", 13, "AUDIT_READ"), soon("nav.webhooks", 13),
					built("nav.demo", "/console/demo", 1, "SETTINGS_MANAGE"),
					built("nav.corps", "/console/corps", 13, "CORPS_MANAGE"))));

	private Capabilities() {
	}

	public static List<Section> sections() {
		return SECTIONS;
	}

	public static Optional<Entry> notBuilt(String slug) {
		return SECTIONS.stream()
			.flatMap(section -> section.entries().stream())
			.filter(entry -> !entry.built() && entry.href().equals("/console/soon/" + slug))
			.findFirst();
	}

	public static Map<String, Entry> all() {
		Map<String, Entry> all = new LinkedHashMap<>();
		SECTIONS.forEach(section -> section.entries().forEach(entry -> all.put(entry.key(), entry)));
		return all;
	}

	private static Entry built(String key, String href, int capability, String permission) {
		return new Entry(key, href, capability, true, permission);
	}

	private static Entry soon(String key, int capability) {
		String slug = key.substring("nav.".length());
		return new Entry(key, "/console/soon/" + slug, capability, false, null);
	}
}
