package io.siyu.sidebar;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The chat sidebar ({@code siyu.sidebar.*}).
 *
 * @param sessionLifetime how long a sign-in holds before WeCom is asked again (silent inside WeCom), counted from the
 *                        sign-in, not from the last request
 * @param signInTimeout   how long a started sign-in (its {@code state}) waits for WeCom's answer
 */
@ConfigurationProperties("siyu.sidebar")
record SidebarSettings(@DefaultValue("2h") Duration sessionLifetime, @DefaultValue("10m") Duration signInTimeout) {
}
