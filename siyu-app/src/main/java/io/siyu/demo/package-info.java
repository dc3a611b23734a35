/**
 * Demo mode: with no corp configured, Siyu seeds "Demo Coffee" so a newcomer sees a working console.
 * Later issues add the built-in WeCom sandbox and simulated traffic here.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Demo", allowedDependencies = { "shared :: *",
		"organization" })
package io.siyu.demo;
