package io.siyu.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.encrypt.BytesEncryptor;
import org.springframework.security.crypto.encrypt.Encryptors;
import org.springframework.stereotype.Component;

/**
 * Encrypts secrets at rest (WeCom secrets, callback tokens, AES keys, later phone numbers) with AES-GCM-256.
 * The master key comes from {@code SIYU_MASTER_KEY}, else from {@code <dataDir>/master.key}, created once.
 */
@Component
public class SecretBox {

	private static final Logger log = LoggerFactory.getLogger(SecretBox.class);

	private static final String SALT = "5369797553656372"; // fixed, public: the key carries the secrecy

	private final BytesEncryptor encryptor;

	private final SecretKeySpec fingerprintKey;

	SecretBox(SiyuSettings settings) {
		String master = masterKey(settings);
		this.encryptor = Encryptors.stronger(master, SALT);
		this.fingerprintKey = new SecretKeySpec(hmac(("fingerprint:" + master).getBytes(StandardCharsets.UTF_8),
				new SecretKeySpec(SALT.getBytes(StandardCharsets.UTF_8), "HmacSHA256")), "HmacSHA256");
	}

	/**
	 * A keyed hash (HMAC-SHA256 under a key derived from the master key): equal values give equal fingerprints, so
	 * encrypted values (phone numbers) can be looked up and de-duplicated without decrypting them, and a stolen
	 * database alone does not reveal them by brute force.
	 */
	public String fingerprint(String value) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		return HexFormat.of().formatHex(hmac(value.getBytes(StandardCharsets.UTF_8), fingerprintKey));
	}

	private static byte[] hmac(byte[] data, SecretKeySpec key) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(key);
			return mac.doFinal(data);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("HmacSHA256 unavailable", e);
		}
	}

	public String encrypt(String plain) {
		if (plain == null || plain.isEmpty()) {
			return null;
		}
		return HexFormat.of().formatHex(encryptor.encrypt(plain.getBytes(StandardCharsets.UTF_8)));
	}

	public String decrypt(String sealed) {
		if (sealed == null || sealed.isEmpty()) {
			return null;
		}
		return new String(encryptor.decrypt(HexFormat.of().parseHex(sealed)), StandardCharsets.UTF_8);
	}

	/** What the console may show of a secret: its length class and last four characters, never more. */
	public static String mask(String plain) {
		if (plain == null || plain.isEmpty()) {
			return "";
		}
		String tail = plain.length() > 8 ? plain.substring(plain.length() - 4) : "";
		return "••••••••" + tail;
	}

	private static String masterKey(SiyuSettings settings) {
		if (settings.masterKey() != null && !settings.masterKey().isBlank()) {
			return settings.masterKey();
		}
		Path file = settings.dataDir().resolve("master.key");
		try {
			if (Files.exists(file)) {
				return Files.readString(file).trim();
			}
			Files.createDirectories(settings.dataDir());
			byte[] key = new byte[32];
			new SecureRandom().nextBytes(key);
			String hex = HexFormat.of().formatHex(key);
			Files.writeString(file, hex);
			try {
				Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ignored) {
				// not a POSIX file system: permissions are the operator's job
			}
			log.warn("Generated a master key for secrets at rest in {} — back it up with the database", file);
			return hex;
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot read or create the master key " + file, e);
		}
	}
}
