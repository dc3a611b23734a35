/**
 * The chat sidebar (聊天工具栏): the mobile page staff open inside WeCom next to a chat with a customer — the customer's
 * card, tags, notes, stage, custom fields, groups and timeline. Members sign in through WeCom's web OAuth and act as
 * guides (their own customers only); the console's login plays no part.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Sidebar", allowedDependencies = { "shared :: *",
		"organization", "wecom", "customer", "tagging", "community" })
package io.siyu.sidebar;
