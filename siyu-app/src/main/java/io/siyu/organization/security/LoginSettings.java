package io.siyu.organization.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Login throttling: after {@code maxFailures} wrong passwords for one username within {@code window}, or
 * {@code maxFailuresPerAddress} from one client address, logins are refused for {@code lockout}.
 */
@ConfigurationProperties("siyu.login")
public record LoginSettings(@DefaultValue("5") int maxFailures, @DefaultValue("30") int maxFailuresPerAddress,
		@DefaultValue("PT15M") Duration window, @DefaultValue("PT15M") Duration lockout) {
}
