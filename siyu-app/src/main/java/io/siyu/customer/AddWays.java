package io.siyu.customer;

/** WeCom's add_way codes, as message keys ({@code addWay.N}) for people. */
public final class AddWays {

	private static final java.util.Set<Integer> KNOWN = java.util.Set.of(0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 201, 202);

	private AddWays() {
	}

	public static String key(Integer addWay) {
		return addWay == null || !KNOWN.contains(addWay) ? "addWay.unknown" : "addWay." + addWay;
	}
}
