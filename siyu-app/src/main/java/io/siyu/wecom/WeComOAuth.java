package io.siyu.wecom;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.stereotype.Service;

import io.siyu.organization.Corps;
import io.siyu.organization.WeComCredentials;
import io.siyu.wecom.gateway.WeComGateway;
import me.chanjar.weixin.cp.bean.WxCpOauth2UserInfo;

/**
 * WeCom's web sign-in (网页授权) in Siyu's terms: the URL that asks WeCom who the browsing member is, and the
 * exchange of the code WeCom sends back for that member's userid. Inside the WeCom client the {@code snsapi_base}
 * scope is silent, so a page can sign its member in without a password.
 */
@Service
public class WeComOAuth {

	/** The code is unknown, already used or older than five minutes. */
	public static final int INVALID_CODE = 40029;

	static final String WECOM_API_HOST = "qyapi.weixin.qq.com";

	static final String WECOM_AUTHORIZE_BASE = "https://open.weixin.qq.com";

	/** WeCom's codes are short URL-safe tokens; anything else never reaches WeCom (WxJava puts it in the URL as is). */
	private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_\\-]{1,256}");

	private final Corps corps;

	private final WeComGateway gateway;

	WeComOAuth(Corps corps, WeComGateway gateway) {
		this.corps = corps;
		this.gateway = gateway;
	}

	/**
	 * Where to send the browser so WeCom signs the member in and redirects to {@code redirectUri} with
	 * {@code code} and {@code state}. The authorize page lives on open.weixin.qq.com for real WeCom; a corp whose API
	 * base URL points elsewhere (the sandbox, a test double) gets the page from that base URL.
	 */
	public String authorizeUrl(long corpId, String redirectUri, String state) {
		WeComCredentials c = corps.credentials(corpId)
			.orElseThrow(() -> new WeComException(WeComException.NOT_CONNECTED, "corp " + corpId + " has no WeCom connection",
					null));
		return authorizeBase(c.apiBaseUrl()) + "/connect/oauth2/authorize?appid=" + encode(c.wecomCorpId())
				+ "&redirect_uri=" + encode(redirectUri) + "&response_type=code&scope=snsapi_base&state=" + encode(state)
				+ (c.agentId() == null ? "" : "&agentid=" + c.agentId()) + "#wechat_redirect";
	}

	/**
	 * The userid of the corp member WeCom gave this code to (single use, five minutes); empty when the code belongs to
	 * someone who is not a member (WeCom then answers an openid). Throws {@link WeComException} with
	 * {@link #INVALID_CODE} for a bad, used or expired code.
	 */
	public Optional<String> memberOf(long corpId, String code) {
		if (code == null || !CODE.matcher(code).matches()) {
			throw new WeComException(INVALID_CODE, "malformed code", null);
		}
		WxCpOauth2UserInfo info = gateway.call(corpId, "auth/getuserinfo",
				s -> s.getOauth2Service().getAuthUserInfo(code));
		return Optional.ofNullable(info.getUserId()).filter(userid -> !userid.isBlank());
	}

	static String authorizeBase(String apiBaseUrl) {
		if (apiBaseUrl == null || apiBaseUrl.isBlank()) {
			return WECOM_AUTHORIZE_BASE;
		}
		String base = apiBaseUrl.trim().replaceAll("/+$", "");
		java.net.URI uri = java.net.URI.create(base);
		return WECOM_API_HOST.equalsIgnoreCase(uri.getHost()) ? WECOM_AUTHORIZE_BASE : base;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}
