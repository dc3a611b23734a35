package io.siyu.customer;

/** Where a customer is in their life with the brand (生命周期). */
public enum Stage {
	NEW, ENGAGED, FIRST_PURCHASE, REPEAT, LOYAL, DORMANT, LOST
}
