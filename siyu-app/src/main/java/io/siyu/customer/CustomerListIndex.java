package io.siyu.customer;

import java.util.List;
import java.util.Optional;

/**
 * An in-memory index that can answer the customer list for large corps faster than SQL (the segment engine's bitmaps
 * implement it): the number of customers matching a filter within the current actor's scope, and a small set of
 * candidate ids that surely contains the requested page in the list's order. {@link Customers#list} still reads the
 * page's rows from the database (fresh, scope checked again); only the count and the choice of candidates come from
 * the index, which follows the data within about a second.
 */
public interface CustomerListIndex {

	/**
	 * The answer for this filter and page, or empty when this index cannot answer it (not built yet for the corp, a
	 * filter it does not hold such as text search, another order, too many candidates): the list then uses SQL.
	 */
	Optional<Candidates> candidates(CustomerFilter filter, int offset, int limit);

	/** The corp has grown past the size where the index pays: build it in the background if it is not there yet. */
	void warm(long corpId);

	/** {@code total} matching customers; {@code ids} contains every customer of the page (and possibly more). */
	record Candidates(long total, List<Long> ids) {
	}
}
