package io.siyu.customer;

/**
 * A section another module adds to the customer profile page (groups, coupons, orders …). The page loads it from
 * the module's own console URL ({@code path} with {@code {id}} replaced by the customer id), so the customer module
 * needs to know nothing of the data behind it.
 */
public interface ProfileSection {

	/** Position on the page (lower first). */
	int order();

	/** Message key of the section title. */
	String titleKey();

	/** Console path of an HTML fragment, e.g. {@code /console/customers/{id}/groups}. */
	String path();

	/** Whether the current actor may see the section. */
	default boolean visible() {
		return true;
	}
}
