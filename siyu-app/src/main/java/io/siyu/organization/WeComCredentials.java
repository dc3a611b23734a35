package io.siyu.organization;

/**
 * A corp's WeCom connection in clear, for the wecom module only (to build clients and verify callbacks).
 * Never rendered, logged or serialised.
 */
public record WeComCredentials(long corpId, String wecomCorpId, Integer agentId, String secret, String callbackToken,
		String aesKey, String apiBaseUrl) {

	@Override
	public String toString() {
		return "WeComCredentials[corpId=" + corpId + ", wecomCorpId=" + wecomCorpId + ", secret=***]";
	}
}
