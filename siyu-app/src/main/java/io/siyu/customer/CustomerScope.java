package io.siyu.customer;

import io.siyu.shared.Actors;
import io.siyu.shared.DataScope;
import io.siyu.shared.TenantJdbc;

/**
 * The predicate "the current actor may see this customer": corp-wide actors see every customer of the corp
 * (including imported ones nobody follows yet); others see customers with a relation (active, ended or planned)
 * to staff in their org subtree, a guide only those with a relation to themselves. {@link TenantJdbc} expands the
 * marker and refuses the corp-wide form for anyone else.
 */
final class CustomerScope {

	private CustomerScope() {
	}

	/**
	 * A boolean SQL condition over the customer id column {@code idColumn} (e.g. {@code c.id}), for statements about a
	 * few given customers: checked per row through the relation index.
	 */
	static String visible(String idColumn) {
		if (Actors.require().scope() instanceof DataScope.WholeCorp) {
			return TenantJdbc.UNSCOPED;
		}
		return "exists (select 1 from customer_follow sf where sf.corp_id = :corp and sf.customer_id = " + idColumn
				+ " and {scope:sf.unit_id,sf.staff_id})";
	}

	/**
	 * The same condition for statements that scan many customers (lists, counts, statistics): uncorrelated, so both
	 * databases evaluate the actor's customers once per statement rather than once per row (see CustomerQuery).
	 */
	static String visibleAmong(String idColumn) {
		if (Actors.require().scope() instanceof DataScope.WholeCorp) {
			return TenantJdbc.UNSCOPED;
		}
		return idColumn + " in (select sf.customer_id from customer_follow sf where sf.corp_id = :corp"
				+ " and {scope:sf.unit_id,sf.staff_id})";
	}

	/**
	 * Relations (alias {@code f} of customer_follow) the actor may act on: all for corp-wide actors, those of staff in
	 * their subtree for managers, their own for a guide (a guide tagging a customer tags their own relation, not
	 * colleagues').
	 */
	static String relationInScope(String alias) {
		if (Actors.require().scope() instanceof DataScope.WholeCorp) {
			return TenantJdbc.UNSCOPED;
		}
		return "{scope:" + alias + ".unit_id," + alias + ".staff_id}";
	}

	/** For the system's own bookkeeping (projections, jobs): refused unless the actor sees the whole corp. */
	static String system() {
		return TenantJdbc.UNSCOPED;
	}
}
