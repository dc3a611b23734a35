package io.siyu.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

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

	SecretBox(SiyuSettings settings) {
		this.encryptor = Encryptors.stronger(masterKey(settings), SALT);
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
