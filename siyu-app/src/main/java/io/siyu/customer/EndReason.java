package io.siyu.customer;

/** Why a follow relation is not active. */
public enum EndReason {
	/** The customer deleted the member of staff (流失). */
	CUSTOMER_DELETED,
	/** The member of staff deleted the customer. */
	STAFF_DELETED,
	/** Moved to another member by an on-job or resigned transfer. */
	TRANSFERRED,
	/** WeCom no longer lists it (found by a full sync). */
	GONE,
	/** Assigned by an import: the member is to add the customer; not a WeCom friend yet. */
	PLANNED
}
