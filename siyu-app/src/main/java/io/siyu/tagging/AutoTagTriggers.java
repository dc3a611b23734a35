package io.siyu.tagging;

import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.siyu.shared.BadRequestException;

/**
 * The built-in kinds of auto-tag rules. Behaviour other modules record on the timeline is matched by its kind and ref:
 * {@code group_joined} (ref = chat id), {@code link_clicked} (ref = link id or URL), {@code product_purchased}
 * (ref = product code), {@code points_changed} (amount = the new balance), {@code level_changed} (ref = the level).
 */
@Configuration(proxyBeanMethods = false)
class AutoTagTriggers {

	@Bean
	AutoTagTrigger channelTrigger() {
		return new ByRef("CHANNEL", AutoTagFact.FOLLOWED, true);
	}

	@Bean
	AutoTagTrigger groupJoinTrigger() {
		return new ByRef("GROUP_JOIN", "group_joined", false);
	}

	@Bean
	AutoTagTrigger linkClickTrigger() {
		return new ByRef("LINK_CLICK", "link_clicked", false);
	}

	@Bean
	AutoTagTrigger purchaseTrigger() {
		return new ByRef("PURCHASE", "product_purchased", false);
	}

	@Bean
	AutoTagTrigger levelTrigger() {
		return new ByRef("LEVEL", "level_changed", true);
	}

	@Bean
	AutoTagTrigger pointsTrigger() {
		return new AutoTagTrigger() {

			@Override
			public String kind() {
				return "POINTS";
			}

			@Override
			public Set<String> factKinds() {
				return Set.of("points_changed");
			}

			@Override
			public String checkParam(String param) {
				try {
					long threshold = Long.parseLong(param == null ? "" : param.trim());
					if (threshold < 0) {
						throw new NumberFormatException();
					}
					return Long.toString(threshold);
				}
				catch (NumberFormatException e) {
					throw new BadRequestException("error.autoTag.points", "A points rule needs a threshold of 0 or more");
				}
			}

			@Override
			public boolean matches(String param, AutoTagFact fact) {
				return fact.amount() != null && fact.amount() >= Long.parseLong(param);
			}
		};
	}

	/** Matches facts whose ref equals the parameter; an empty parameter matches any (unless one is required). */
	record ByRef(String kind, String factKind, boolean required) implements AutoTagTrigger {

		@Override
		public Set<String> factKinds() {
			return Set.of(factKind);
		}

		@Override
		public String checkParam(String param) {
			String p = param == null ? "" : param.trim();
			if (p.length() > 200 || (required && p.isEmpty())) {
				throw new BadRequestException("error.autoTag.param",
						"Rule kind " + kind + " needs a value of 1–200 characters", kind);
			}
			return p.isEmpty() ? null : p;
		}

		@Override
		public boolean matches(String param, AutoTagFact fact) {
			return param == null || param.equals(fact.ref());
		}
	}
}
