package io.siyu.customer.lost;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import io.siyu.organization.OrgUnit;
import io.siyu.organization.OrgUnits;
import io.siyu.organization.Staff;
import io.siyu.organization.StaffDirectory;

/**
 * The manager of a member: the first active member of their unit holding a manager position (店长), else of the
 * nearest unit above; never the member themselves (a store manager's own manager is the region's). Runs as the
 * corp's system actor.
 */
@Component
class Managers {

	private static final int MAX_DEPTH = 20;

	private final StaffDirectory staff;

	private final OrgUnits units;

	private final Set<String> positions;

	Managers(StaffDirectory staff, OrgUnits units, LostAlertSettings settings) {
		this.staff = staff;
		this.units = units;
		this.positions = settings.managerPositions().stream().map(p -> p.trim().toLowerCase(Locale.ROOT))
			.collect(Collectors.toSet());
	}

	Optional<Staff> of(String userid, long unitId) {
		Long unit = unitId;
		for (int depth = 0; unit != null && depth < MAX_DEPTH; depth++) {
			Optional<Staff> manager = staff.activeMembersOf(unit).stream()
				.filter(s -> !s.userid().equals(userid))
				.filter(s -> s.position() != null && positions.contains(s.position().trim().toLowerCase(Locale.ROOT)))
				.findFirst();
			if (manager.isPresent()) {
				return manager;
			}
			OrgUnit u = units.get(unit);
			unit = u.parentId();
		}
		return Optional.empty();
	}
}
