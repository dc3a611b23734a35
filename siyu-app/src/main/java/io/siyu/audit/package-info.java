/** The audit log: every state change (who, what, when, summary), stored with the change, filterable in the console. */
@org.springframework.modulith.ApplicationModule(displayName = "Audit", allowedDependencies = "shared :: *")
package io.siyu.audit;
