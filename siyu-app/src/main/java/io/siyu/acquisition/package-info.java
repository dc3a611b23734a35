/**
 * Acquisition (引流获客): channel, store and parcel live codes on WeCom contact ways, acquisition links, group live codes
 * on join ways; rotation over staff with schedules, daily caps and backups; what happens when a customer arrives
 * (tags, attribution, welcome message within WeCom's 20-second window); attribution reports.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Acquisition", allowedDependencies = { "shared :: *",
		"organization", "wecom", "customer", "tagging", "community" })
package io.siyu.acquisition;
