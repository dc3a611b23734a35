/**
 * Community: customer groups (客户群) with their members (staff and customers, join time, scene and inviter), daily
 * group statistics, and owner transfers. Fed by the WeCom module's events; scope follows the group owner.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Community", allowedDependencies = { "shared :: *",
		"organization", "wecom", "customer" })
package io.siyu.community;
