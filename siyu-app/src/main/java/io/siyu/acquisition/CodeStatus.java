package io.siyu.acquisition;

/**
 * ACTIVE: rotating, tagging, welcoming. PAUSED: the printed code still reaches the members behind it and adds are
 * still attributed, but it stops rotating, tagging and sending its welcome. RETIRED: the contact way is deleted in
 * WeCom (the code stops working); history and attribution stay and its state is never used again.
 */
public enum CodeStatus {
	ACTIVE, PAUSED, RETIRED
}
