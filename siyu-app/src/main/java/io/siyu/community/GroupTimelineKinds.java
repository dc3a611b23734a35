package io.siyu.community;

/** Timeline kinds written by the community module. */
public final class GroupTimelineKinds {

	public static final String GROUP_JOINED = "group_joined";

	public static final String GROUP_LEFT = "group_left";

	private GroupTimelineKinds() {
	}
}
