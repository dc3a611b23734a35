package io.siyu;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.modulith.Modulithic;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Siyu: one Spring Boot application, one module per capability (see docs/architecture.md). */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@Modulithic(systemName = "Siyu", sharedModules = "shared")
public class SiyuApplication {

	public static void main(String[] args) {
		SpringApplication.run(SiyuApplication.class, args);
	}
}
