/** Web plumbing shared by every module: problem details, locale, idempotent writes, console error pages. */
@org.springframework.modulith.NamedInterface("web")
package io.siyu.shared.web;
