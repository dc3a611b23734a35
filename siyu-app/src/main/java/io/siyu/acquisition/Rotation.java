package io.siyu.acquisition;

/**
 * How a multi-staff code spreads customers: {@code ROUND_ROBIN} (each add goes to the next member), {@code IN_ORDER}
 * (the first member until capped or off duty, then the next), {@code RANDOM} (every eligible member behind the code,
 * WeCom picks), {@code LEAST_LOADED} (the member with the fewest adds today).
 */
public enum Rotation {
	ROUND_ROBIN, IN_ORDER, RANDOM, LEAST_LOADED
}
