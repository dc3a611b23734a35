/**
 * Tagging: corp tag groups and tags mirrored with WeCom both ways (with a deterministic rule for conflicts and
 * WeCom's 3,000-tag cap), tagging one customer or many, auto-tag rules, tag statistics, group tags.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Tagging", allowedDependencies = { "shared :: *",
		"organization", "wecom", "customer" })
package io.siyu.tagging;
