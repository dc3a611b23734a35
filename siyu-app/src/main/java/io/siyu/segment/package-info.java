/**
 * Segments (人群圈选): a language of conditions over tags, attributes, behaviour windows, RFM scores, org scope and
 * other segments (text and JSON forms that round-trip), an in-memory bitmap engine per corp kept current by events,
 * saved dynamic segments (with enter/exit events) and static snapshots.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Segment", allowedDependencies = { "shared :: *",
		"organization", "customer", "tagging", "community" })
package io.siyu.segment;
