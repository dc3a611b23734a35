package io.siyu.tagging;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.siyu.customer.CustomerTags;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;

/** A deleted tag leaves every customer, in the transaction that deletes it (WeCom does the same on its side). */
@Component
class TagAssignmentsCleanup {

	private final CustomerTags customerTags;

	TagAssignmentsCleanup(CustomerTags customerTags) {
		this.customerTags = customerTags;
	}

	@EventListener
	void on(TagsDeleted deleted) {
		Actors.runAs(Actor.system(deleted.corpId()), () -> deleted.tagIds().forEach(customerTags::forget));
	}
}
