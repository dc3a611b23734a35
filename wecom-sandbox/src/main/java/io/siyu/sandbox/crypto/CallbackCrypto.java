package io.siyu.sandbox.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * WeCom's callback crypto (doc 90968), written independently of any SDK because the sandbox plays
 * WeCom's side: AES-256-CBC with IV = key[0..16), PKCS#7 padding to 32-byte blocks, SHA1 signature.
 */
public final class CallbackCrypto {

  private static final int BLOCK = 32;

  private final String token;
  private final byte[] key;
  private final String receiveId;

  public CallbackCrypto(String token, String encodingAesKey, String receiveId) {
    if (encodingAesKey == null || encodingAesKey.length() != 43) {
      throw new IllegalArgumentException("EncodingAESKey must be 43 characters");
    }
    this.token = token;
    this.key = Base64.getDecoder().decode(encodingAesKey + "=");
    this.receiveId = receiveId;
  }

  /** Encrypts with the given 16-character random prefix, so that tests can be byte-exact. */
  public String encrypt(String random16, String plaintext) {
    byte[] random = random16.getBytes(StandardCharsets.UTF_8);
    byte[] msg = plaintext.getBytes(StandardCharsets.UTF_8);
    byte[] receive = receiveId.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    buffer.writeBytes(random);
    buffer.writeBytes(ByteBuffer.allocate(4).putInt(msg.length).array());
    buffer.writeBytes(msg);
    buffer.writeBytes(receive);
    int pad = BLOCK - (buffer.size() % BLOCK);
    for (int i = 0; i < pad; i++) {
      buffer.write(pad);
    }
    return Base64.getEncoder().encodeToString(aes(Cipher.ENCRYPT_MODE, buffer.toByteArray()));
  }

  /** Decrypts and checks that the trailing receive id is ours. */
  public String decrypt(String encrypted) {
    byte[] plain = aes(Cipher.DECRYPT_MODE, Base64.getDecoder().decode(encrypted));
    int pad = plain[plain.length - 1] & 0xff;
    if (pad < 1 || pad > BLOCK) {
      throw new IllegalArgumentException("bad padding");
    }
    byte[] content = Arrays.copyOfRange(plain, 16, plain.length - pad);
    int len = ByteBuffer.wrap(content, 0, 4).getInt();
    String msg = new String(content, 4, len, StandardCharsets.UTF_8);
    String from = new String(content, 4 + len, content.length - 4 - len, StandardCharsets.UTF_8);
    if (!from.equals(receiveId)) {
      throw new IllegalArgumentException("receiveid mismatch: " + from);
    }
    return msg;
  }

  public String sign(String timestamp, String nonce, String encrypted) {
    return signature(token, timestamp, nonce, encrypted);
  }

  public boolean verify(String signature, String timestamp, String nonce, String encrypted) {
    return sign(timestamp, nonce, encrypted).equals(signature);
  }

  /** hex(SHA1(concat(sorted(token, timestamp, nonce, encrypt)))). */
  public static String signature(String token, String timestamp, String nonce, String encrypted) {
    String[] parts = {token, timestamp, nonce, encrypted};
    Arrays.sort(parts);
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(sha1.digest(String.join("", parts).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The POST body WeCom sends to a self-built app's callback URL. */
  public static String envelope(String toUserName, int agentId, String encrypted) {
    return "<xml><ToUserName><![CDATA[" + toUserName + "]]></ToUserName><AgentID><![CDATA[" + agentId
        + "]]></AgentID><Encrypt><![CDATA[" + encrypted + "]]></Encrypt></xml>";
  }

  private byte[] aes(int mode, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
      cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("AES failed", e);
    }
  }
}
