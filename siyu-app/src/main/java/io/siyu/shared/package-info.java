/**
 * Shared kernel: the acting principal and tenant context, the one place where tenant and data scope
 * are applied to SQL ({@link io.siyu.shared.TenantJdbc}), paging, the error model, secrets at rest,
 * audit events and the console layout. Every module may use it; it uses no module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Shared kernel", type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.siyu.shared;
