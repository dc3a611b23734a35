/**
 * Organisation: corps (tenants) and their WeCom settings, the org tree HQ → region → store, staff and
 * personas, console users, API tokens, roles and data scopes, and the security of console and API.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Organization", allowedDependencies = "shared :: *")
package io.siyu.organization;
