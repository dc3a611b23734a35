package io.siyu.customer.lost;

/** An alert was stored and waits to be sent (internal: the delivery picks it up after commit). */
record LostAlertRecorded(long corpId, long alertId) {
}
