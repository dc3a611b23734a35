package io.siyu.acquisition;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Acquisition ({@code siyu.acquisition.*}).
 *
 * @param contactWayCap   WeCom's cap on contact ways + join ways per corp; Siyu refuses a new code at it (422)
 * @param welcomeWindow   how long WeCom accepts a welcome code after the add (20 s)
 * @param welcomeSweep    how often unsent welcomes are retried (after a restart, a failed attempt) and missed ones counted
 * @param welcomeThreads  threads storing and sending welcomes as callbacks arrive; a welcome mostly waits on WeCom (two
 *                        calls: the customer's name, send_welcome_msg), so these are many: 8 capped a burst at ~120/s
 * @param reconcile       how often every active code's members are re-checked (shifts, midnight caps, failed pushes)
 */
@ConfigurationProperties("siyu.acquisition")
record AcquisitionSettings(@DefaultValue("500000") int contactWayCap, @DefaultValue("20s") Duration welcomeWindow,
		@DefaultValue("1s") Duration welcomeSweep, @DefaultValue("32") int welcomeThreads,
		@DefaultValue("60s") Duration reconcile) {
}
