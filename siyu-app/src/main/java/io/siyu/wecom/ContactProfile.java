package io.siyu.wecom;

/**
 * A customer (WeCom external contact) as WeCom describes them. {@code type} 1 = WeChat user, 2 = WeCom user;
 * {@code gender} 0 unknown, 1 male, 2 female.
 */
public record ContactProfile(String externalUserId, String name, String avatar, Integer type, Integer gender,
		String unionid, String corpName) {
}
