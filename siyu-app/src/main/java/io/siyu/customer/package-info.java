/**
 * Customers: one customer across staff and ids (external_userid, unionid, phone, openid), follow relations with their
 * channel state and per-relation tags, custom fields, lifecycle stage, the timeline, merges. Fed by the WeCom module's
 * events; data scope follows the staff of a customer's relations.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Customer", allowedDependencies = { "shared :: *",
		"organization", "wecom" })
package io.siyu.customer;
