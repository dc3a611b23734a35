package io.siyu.customer;

/** The kinds of timeline events this module writes; other modules add their own (a kind is a short lower_snake name). */
public final class TimelineKinds {

	public static final String FOLLOWED = "followed";

	public static final String UNFOLLOWED = "unfollowed";

	public static final String TAGGED = "tagged";

	public static final String UNTAGGED = "untagged";

	public static final String PROFILE_EDITED = "profile_edited";

	public static final String FIELDS_EDITED = "fields_edited";

	public static final String STAGE_CHANGED = "stage_changed";

	public static final String MERGED = "merged";

	public static final String IMPORTED = "imported";

	public static final String NOTE = "note";

	private TimelineKinds() {
	}
}
