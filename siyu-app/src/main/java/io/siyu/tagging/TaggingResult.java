package io.siyu.tagging;

import java.util.List;

/**
 * What tagging one customer did: per relation, whether WeCom accepted it ({@code errcode} 0) or why not. With no
 * active relation the tags are held by Siyu and marked in WeCom when the customer is added ({@code held}).
 */
public record TaggingResult(long customerId, List<RelationResult> relations, boolean held) {

	public boolean ok() {
		return relations.stream().allMatch(r -> r.errcode() == 0);
	}

	public record RelationResult(String userid, int errcode, String error) {
	}
}
