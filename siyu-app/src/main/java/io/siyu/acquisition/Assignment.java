package io.siyu.acquisition;

import java.util.List;

/**
 * Who stands behind a code right now and whether customers are accepted without verification. {@code duty}: PRIMARY
 * (a primary member is eligible), BACKUP (every primary is capped, off duty or on holiday), OVERFLOW (nobody is
 * eligible and there is no backup: every member stays behind the code rather than an empty one).
 */
public record Assignment(List<String> userids, boolean skipVerify, Duty duty) {

	public Assignment {
		userids = List.copyOf(userids);
	}

	public enum Duty {
		PRIMARY, BACKUP, OVERFLOW
	}
}
