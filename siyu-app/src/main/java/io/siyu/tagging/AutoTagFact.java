package io.siyu.tagging;

import java.time.Instant;

/**
 * Something a customer did, as auto-tag rules see it: {@code kind} is a timeline kind ({@code group_joined},
 * {@code link_clicked}, {@code product_purchased}, {@code points_changed}, {@code level_changed} …) or {@code followed}
 * for an add through a channel ({@code ref} = the channel state).
 */
public record AutoTagFact(long corpId, long customerId, String kind, String ref, Long amount, String userid,
		Instant at) {

	public static final String FOLLOWED = "followed";
}
