package io.siyu.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The in-process WeCom sandbox of demo mode.
 *
 * @param enabled   run it in demo mode (off: the demo corp has no WeCom connection)
 * @param port      its HTTP port; 0 picks a free one
 * @param customers customers seeded over the demo staff
 * @param groups    customer groups seeded
 * @param tags      corp tags seeded
 * @param seed      the world is the same for the same seed, so a restart finds the same customers
 */
@ConfigurationProperties("siyu.sandbox")
record SandboxSettings(@DefaultValue("true") boolean enabled, @DefaultValue("0") int port,
		@DefaultValue("50000") int customers, @DefaultValue("500") int groups, @DefaultValue("60") int tags,
		@DefaultValue("2026") long seed) {
}
