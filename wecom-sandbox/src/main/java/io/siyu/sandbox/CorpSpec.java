package io.siyu.sandbox;

/**
 * A corp with one self-built app: what an admin types into the WeCom console. The callback URL may be
 * null (no callbacks are then sent; deliveries are logged as NO_URL).
 */
public record CorpSpec(String corpId, int agentId, String secret, String callbackUrl, String token,
    String encodingAesKey) {

  public CorpSpec {
    if (corpId == null || corpId.isBlank() || secret == null || secret.isBlank()) {
      throw new IllegalArgumentException("corpId and secret are required");
    }
    if (encodingAesKey == null || !encodingAesKey.matches("[a-zA-Z0-9]{43}")) {
      throw new IllegalArgumentException("EncodingAESKey must be 43 characters [a-zA-Z0-9]");
    }
  }
}
