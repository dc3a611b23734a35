package io.siyu.handover;

/** Where one customer or group of a transfer stands. */
public enum ItemStatus {
	/** Not sent to WeCom yet. */
	PENDING,
	/** WeCom started it; completes 24 h later unless the customer refuses. */
	WAITING,
	DONE,
	/** The customer refused in WeChat. */
	REFUSED,
	/** WeCom's limit: at most 2 on-job transfers per customer in 90 days, or one is already waiting. */
	OVER_LIMIT,
	/** The receiving member has too many customers. */
	TAKEOVER_FULL,
	/** Another WeCom answer (errcode kept). */
	FAILED;

	public boolean open() {
		return this == PENDING || this == WAITING;
	}
}
