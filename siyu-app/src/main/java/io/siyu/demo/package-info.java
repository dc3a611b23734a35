/**
 * Demo mode: with no corp configured, Siyu seeds "Demo Coffee" so a newcomer sees a working console.
 * It also runs the WeCom sandbox in-process, mirrors the demo organisation into it with ~50,000 customers, connects
 * the demo corp to it, and lets the console start and stop simulated traffic.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Demo", allowedDependencies = { "shared :: *",
		"organization", "wecom" })
package io.siyu.demo;
