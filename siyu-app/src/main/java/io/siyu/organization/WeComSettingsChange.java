package io.siyu.organization;

/** New WeCom settings of a corp; a blank secret, token or key keeps the stored one. */
public record WeComSettingsChange(String wecomCorpId, Integer agentId, String secret, String callbackToken,
		String aesKey, String apiBaseUrl) {

	@Override
	public String toString() {
		return "WeComSettingsChange[" + wecomCorpId + ", agent " + agentId + ", " + apiBaseUrl + "]";
	}
}
