package io.siyu.demo;

import org.springframework.stereotype.Component;

import io.siyu.organization.Corps;
import io.siyu.shared.SiyuSettings;

/** {@code SIYU_DEMO}: explicit true/false, else demo when no corp is configured (or the demo corp exists). */
@Component
public class DemoMode {

	private final SiyuSettings settings;

	private final Corps corps;

	DemoMode(SiyuSettings settings, Corps corps) {
		this.settings = settings;
		this.corps = corps;
	}

	public boolean enabled() {
		String demo = settings.demo();
		if (demo != null && !demo.isBlank()) {
			return Boolean.parseBoolean(demo.trim());
		}
		return !corps.any() || corps.demoCorpId().isPresent();
	}
}
