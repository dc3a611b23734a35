package io.siyu.customer.lost;

/** How a relation was lost: the customer deleted the member (流失), or the member deleted the customer. */
public enum LostKind {
	CUSTOMER_DELETED, STAFF_DELETED
}
