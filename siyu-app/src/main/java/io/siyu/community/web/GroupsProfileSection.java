package io.siyu.community.web;

import org.springframework.stereotype.Component;

import io.siyu.customer.ProfileSection;

/** The groups a customer is in, on the customer profile. */
@Component
class GroupsProfileSection implements ProfileSection {

	@Override
	public int order() {
		return 10;
	}

	@Override
	public String titleKey() {
		return "group.ofCustomer";
	}

	@Override
	public String path() {
		return "/console/customers/{id}/groups";
	}
}
