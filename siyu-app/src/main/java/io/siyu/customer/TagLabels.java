package io.siyu.customer;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Names of tags for showing customers (implemented by the tagging module, which owns tags; the customer module only
 * stores tag ids on relations).
 */
public interface TagLabels {

	/** Labels of the given tag ids (deleted tags included, so history keeps its names). */
	Map<Long, Label> labels(Collection<Long> tagIds);

	/** Every live tag of the current corp, by group, for pickers and filters. */
	List<Label> all();

	record Label(long id, String name, long groupId, String groupName, boolean deleted) {
	}
}
