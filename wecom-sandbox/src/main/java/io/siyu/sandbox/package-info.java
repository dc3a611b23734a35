/**
 * A WeCom (企业微信) server simulator: {@link io.siyu.sandbox.WeComSandbox} serves the /cgi-bin APIs
 * with WeCom's limits, {@link io.siyu.sandbox.ClientActions} plays what people do in the clients, and
 * {@link io.siyu.sandbox.Callbacks} delivers the resulting events signed and encrypted. Public: the
 * facade, specs, rules, faults and observations; everything else is package-private. See
 * docs/wecom-sandbox.md.
 */
package io.siyu.sandbox;
