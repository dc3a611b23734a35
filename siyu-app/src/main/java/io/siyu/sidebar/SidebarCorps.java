package io.siyu.sidebar;

import java.util.Optional;

import org.springframework.stereotype.Component;

import io.siyu.organization.Corps;
import io.siyu.organization.Staff;
import io.siyu.organization.StaffDirectory;
import io.siyu.organization.StaffStatus;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.Role;

/**
 * Which corp a sidebar URL is about ({@code /h5/<WeCom CorpID>/sidebar}) and which of its members may use it. Runs
 * before any actor exists, so it asks as the corp's system actor.
 */
@Component
class SidebarCorps {

	private final Corps corps;

	private final StaffDirectory staff;

	SidebarCorps(Corps corps, StaffDirectory staff) {
		this.corps = corps;
		this.staff = staff;
	}

	/** The active Siyu corp connected to this WeCom CorpID; 404 otherwise. */
	long require(String wecomCorpId) {
		return find(wecomCorpId).orElseThrow(() -> new NotFoundException("No corp " + wecomCorpId));
	}

	Optional<Long> find(String wecomCorpId) {
		if (wecomCorpId == null || !wecomCorpId.matches("[A-Za-z0-9_\\-]{1,64}")) {
			return Optional.empty();
		}
		return corps.byWeComCorpId(wecomCorpId);
	}

	/** The corp's member with this WeCom userid, if they are on the job. */
	Optional<Staff> activeMember(long corpId, String userid) {
		return Actors.callAs(Actor.system(corpId), () -> staff.findByUserid(userid))
			.filter(s -> s.status() == StaffStatus.ACTIVE);
	}

	/** The staff record behind a sign-in, if it is still on the job. */
	Optional<Staff> activeStaff(long corpId, long staffId) {
		return Actors.callAs(Actor.system(corpId), () -> {
			try {
				return Optional.of(staff.get(staffId));
			}
			catch (NotFoundException gone) {
				return Optional.<Staff>empty();
			}
		}).filter(s -> s.status() == StaffStatus.ACTIVE);
	}

	/** The actor a signed-in member acts as: a guide who sees their own customers only. */
	static Actor actorOf(SidebarMember member, Staff staff) {
		return new Actor(member.corpId(), 0, member.userid(), Actor.Kind.USER, Role.GUIDE,
				staff.orgUnitId(), staff.id());
	}

	/** The WeCom CorpID in a sidebar path ({@code /h5/<CorpID>/...}), or null. */
	static String corpInPath(String path) {
		if (path == null || !path.startsWith("/h5/")) {
			return null;
		}
		int end = path.indexOf('/', 4);
		return end < 0 ? path.substring(4) : path.substring(4, end);
	}
}
