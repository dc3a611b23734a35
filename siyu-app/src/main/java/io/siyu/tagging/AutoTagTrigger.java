package io.siyu.tagging;

import java.util.Set;

/**
 * A kind of auto-tag rule (SPI): a Spring bean in any module that may depend on tagging. The evaluator offers each
 * fact of {@link #factKinds()} to every enabled rule of this kind; {@link #matches} decides with the rule's parameter.
 */
public interface AutoTagTrigger {

	/** The rule kind, stored with the rule: upper-case letters and _, e.g. CHANNEL. */
	String kind();

	/** Fact kinds this trigger looks at (timeline kinds, or {@link AutoTagFact#FOLLOWED}). */
	Set<String> factKinds();

	/** Refuses a parameter this kind cannot use, with a {@code BadRequestException}; returns it normalised. */
	String checkParam(String param);

	boolean matches(String param, AutoTagFact fact);
}
