package io.siyu.sidebar;

import java.io.Serializable;
import java.time.Instant;

/**
 * The member of staff signed in to the sidebar, as WeCom vouched for them: the corp (Siyu id and WeCom CorpID), their
 * staff record and WeCom userid, and when they signed in. Kept in the session; re-checked on every request.
 */
record SidebarMember(long corpId, String wecomCorpId, long staffId, String userid, String name, Instant signedInAt)
		implements Serializable {

	static final String REQUEST_ATTRIBUTE = "siyu.sidebar.member";
}
