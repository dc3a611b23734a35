package io.siyu.wecom.callback;

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
 * WeCom's callback crypto (AES-256-CBC, IV = key[0..16), PKCS#7 to 32-byte blocks, SHA-1 signature over the sorted
 * token, timestamp, nonce and ciphertext). Written here rather than taken from WxJava because the receiver must
 * check the receiveid inside the plaintext, which WxJava's decrypt discards.
 */
final class CallbackCrypto {

	private final String token;

	private final byte[] key;

	CallbackCrypto(String token, String encodingAesKey) {
		if (encodingAesKey == null || encodingAesKey.length() != 43) {
			throw new IllegalArgumentException("EncodingAESKey must be 43 characters");
		}
		this.token = token;
		this.key = Base64.getDecoder().decode(encodingAesKey + "=");
	}

	boolean verify(String signature, String timestamp, String nonce, String encrypted) {
		if (signature == null || timestamp == null || nonce == null || encrypted == null) {
			return false;
		}
		byte[] expected = sign(timestamp, nonce, encrypted).getBytes(StandardCharsets.US_ASCII);
		return MessageDigest.isEqual(expected, signature.toLowerCase().getBytes(StandardCharsets.US_ASCII));
	}

	String sign(String timestamp, String nonce, String encrypted) {
		String[] parts = { token, timestamp, nonce, encrypted };
		Arrays.sort(parts);
		try {
			MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
			return HexFormat.of().formatHex(sha1.digest(String.join("", parts).getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

	/** Decrypts a ciphertext into the message and the receiveid it was addressed to. */
	Decrypted decrypt(String encrypted) {
		byte[] plain;
		try {
			Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
			plain = cipher.doFinal(Base64.getDecoder().decode(encrypted));
		}
		catch (GeneralSecurityException | IllegalArgumentException e) {
			throw new BadCallbackException("cannot decrypt the message");
		}
		int pad = plain.length == 0 ? 0 : plain[plain.length - 1] & 0xff;
		if (pad < 1 || pad > 32 || plain.length < 20 + pad) {
			throw new BadCallbackException("bad padding in the decrypted message");
		}
		ByteBuffer body = ByteBuffer.wrap(plain, 0, plain.length - pad);
		body.position(16);
		int length = body.getInt();
		if (length < 0 || length > body.remaining()) {
			throw new BadCallbackException("bad length in the decrypted message");
		}
		byte[] message = new byte[length];
		body.get(message);
		byte[] receiveId = new byte[body.remaining()];
		body.get(receiveId);
		return new Decrypted(new String(message, StandardCharsets.UTF_8), new String(receiveId, StandardCharsets.UTF_8));
	}

	record Decrypted(String message, String receiveId) {
	}
}
