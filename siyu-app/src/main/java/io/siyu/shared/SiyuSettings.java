package io.siyu.shared;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Start-up settings of the whole installation (see docs/api.md: the environment variables are promises).
 *
 * @param dataDir        where the embedded database and files live ({@code SIYU_DATA_DIR})
 * @param masterKey      key for secrets at rest ({@code SIYU_MASTER_KEY}); empty → generated under dataDir
 * @param adminPassword  password of {@code admin} on first start ({@code SIYU_ADMIN_PASSWORD})
 * @param bootstrapToken API token with full rights on the default corp ({@code SIYU_BOOTSTRAP_TOKEN})
 * @param demo           {@code true}/{@code false}, or empty: demo when no corp is configured ({@code SIYU_DEMO})
 */
@ConfigurationProperties("siyu")
public record SiyuSettings(Path dataDir, String masterKey, String adminPassword, String bootstrapToken,
		String demo) {

	public SiyuSettings {
		dataDir = dataDir == null ? Path.of("data") : dataDir;
	}
}
