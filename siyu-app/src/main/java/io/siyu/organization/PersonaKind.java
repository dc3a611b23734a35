package io.siyu.organization;

/** The faces staff present to customers (人设). */
public enum PersonaKind {
	BRAND, EXPERT, FOUNDER, SALES, ASSISTANT
}
