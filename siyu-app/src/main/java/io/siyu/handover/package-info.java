/**
 * Transfers (离职继承 and 在职转接): a departing or handing-over member's customers and group ownership given to another
 * member through WeCom, each customer tracked until WeCom completes, the customer refuses or a rule stops it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Handover", allowedDependencies = { "shared :: *",
		"organization", "wecom", "customer", "community" })
package io.siyu.handover;
